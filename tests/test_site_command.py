"""``balanz-acceptance site``: a test site on fixed ports, its printed configuration, and its stop."""

from __future__ import annotations

import configparser
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.runner.cli import main
from balanz_acceptance.sut.processes import free_port, port_is_free
from tests.fakes import poll_until

STANDINS = PROJECT_ROOT / "tests" / "standins"


def _read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    return parser


def test_print_config_renders_the_seed_layout(tmp_path, capsys):
    assert main(["site", "--print-config", str(tmp_path / "cfg")]) == 0
    balanz = _read(tmp_path / "cfg" / "config" / "balanz.ini")
    assert (balanz["host"]["addr"], balanz["host"]["port"]) == ("127.0.0.1", "9999")
    assert balanz["csms"]["transaction_timeout"] == "360"  # the fast profile is overlaid
    assert (tmp_path / "cfg" / "model" / "chargers.csv").is_file()
    sim = _read(tmp_path / "cfg" / "sims" / "RR2-04" / "ocppsim.ini")
    assert sim["host"]["port"] == "1238"
    assert sim["charger"]["charger_id"] == "TACW223437G682"
    assert sim["server"]["url"] == "ws://127.0.0.1:9999/"
    out = capsys.readouterr().out
    assert "--id TACW225426G463 --port 1234" in out
    assert out.rstrip().endswith("Then: behave -D stack=external")  # the defaults need no settings


def test_print_config_with_other_ports_says_how_to_attach(tmp_path, capsys):
    assert main(["site", "--print-config", str(tmp_path), "--balanz-port", "19999", "--timing", "standard"]) == 0
    out = capsys.readouterr().out
    assert "-D balanz_url=ws://127.0.0.1:19999 -D timing=standard" in out
    assert _read(tmp_path / "config" / "balanz.ini")["csms"]["transaction_timeout"] == "3600"


def test_a_taken_port_is_one_clear_line(tmp_path, capsys):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        code = main(
            ["site", "-D", f"sut_python={STANDINS / 'python'}", "--balanz-port", str(port), "--dir", str(tmp_path)]
        )
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"balanz-acceptance site: balanz: port {port} on 127.0.0.1 is in use (is a site already running?)"]


def test_the_site_runs_until_sigterm_and_leaves_nothing(tmp_path):
    balanz_port, first_sim = free_port(), free_port()
    while not all(port_is_free(first_sim + i) for i in range(5)):
        first_sim = free_port()
    env = {**os.environ, "STANDIN_REAL_PYTHON": sys.executable, "PYTHONPATH": str(PROJECT_ROOT)}
    command = [sys.executable, "-m", "balanz_acceptance.runner.cli", "site", "-D", f"sut_python={STANDINS / 'python'}"]
    command += ["--balanz-port", str(balanz_port), "--first-sim-port", str(first_sim), "--dir", str(tmp_path / "site")]
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        assert poll_until(lambda: "Ctrl-C or SIGTERM" in out.read_text(), timeout=60), out.read_text()
        text = out.read_text()
        assert f"balanz            ws://127.0.0.1:{balanz_port}" in text
        assert f"simulator RR2-04  TACW223437G682  command ws://127.0.0.1:{first_sim + 4}" in text
        assert not port_is_free(balanz_port)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Site stopped" in out.read_text()
    pids = [int(pid) for pid in re.findall(r"pid (\d+)", out.read_text())]
    assert len(pids) == 6
    assert poll_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), timeout=10)
    assert (tmp_path / "site" / "logs" / "balanz.log").is_file()
