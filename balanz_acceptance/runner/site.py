"""``balanz-acceptance site``: a test site to attach the suite to (``behave -D stack=external``).

It starts balanz and one ocppsim per charger of ``data/`` on the seed's layout (balanz on 9999, the
simulators' command ports from 1234 in ``data/model/chargers.csv`` order: HQ-14 1234, RR2-01 1235 ...
RR2-04 1238, on 127.0.0.1; a charger with more than one connector is left out: ocppsim has one, and the harness
plays such a charger itself), with the configuration rendered from ``data/`` and a timing profile exactly as
the managed stack renders it for a scenario (balanz_acceptance.sut.stack.ManagedStack), prints what it
started and runs until Ctrl-C or SIGTERM, then stops everything. ``--print-config DIR`` only writes the
rendered configurations, for a balanz deployed elsewhere (e.g. a container).
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
import threading
import time
from pathlib import Path

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.settings import DEFAULT_SIM_URLS, Settings, load_settings
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.sut import processes
from balanz_acceptance.sut.stack import HOST, FixedPorts, ManagedStack

#: The seed's layout (upstream's tests/ocpp_start.bat): balanz's port and the first simulator's command port.
BALANZ_PORT = 9999
FIRST_SIM_PORT = 1234
#: How often the running site checks that none of its programs has ended.
CHECK_EVERY = 1.0


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register ``site`` with the console script's subcommands."""
    parser = commands.add_parser(
        "site",
        help="start balanz and a simulator per charger of data/ to attach behave -D stack=external to",
        description=(
            "Start balanz and one simulator per charger of data/ (balanz on 9999, simulators on 1234-1238 by "
            "default), with the configuration rendered from data/ and the timing profile as for a managed "
            "scenario; print what runs; stop everything on Ctrl-C or SIGTERM. With --print-config DIR only "
            "write the rendered configurations, for a balanz deployed elsewhere."
        ),
    )
    parser.add_argument("--timing", default="fast", help="timing profile (default fast)")
    parser.add_argument("--host", default=HOST, help=f"address balanz and the simulators listen on (default {HOST})")
    parser.add_argument("--balanz-port", type=int, default=BALANZ_PORT, help=f"balanz's port (default {BALANZ_PORT})")
    parser.add_argument(
        "--first-sim-port",
        type=int,
        default=FIRST_SIM_PORT,
        help=f"command port of the first charger's simulator; the others follow (default {FIRST_SIM_PORT})",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        help="directory for the rendered configuration and the logs (default reports/site/<date>-<timing>)",
    )
    parser.add_argument(
        "--print-config",
        type=Path,
        metavar="DIR",
        help="only write the rendered balanz and ocppsim configurations into DIR, start nothing",
    )
    parser.add_argument(
        "-D",
        "--define",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="suite settings as for behave: sut_python, balanz_src, ocppsim_src, timeout_factor",
    )
    parser.set_defaults(func=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the ``site`` command; returns the exit code (2 and one line on bad input)."""
    try:
        if args.print_config is not None:
            return print_config(args)
        return run_site(args)
    except SetupError as error:
        print(f"balanz-acceptance site: {error}", file=sys.stderr)
        return 2


def _settings(args: argparse.Namespace, *, locate: bool) -> Settings:
    userdata = {}
    for item in args.define:
        key, sep, value = item.partition("=")
        if not sep:
            raise SetupError(f"-D {item}: expected KEY=VALUE")
        userdata[key] = value
    userdata["timing"] = args.timing
    if not locate:  # only rendering: balanz and ocppsim need not be installed here
        userdata["stack"] = "external"
    return load_settings(userdata)


def _stack(args: argparse.Namespace, settings: Settings) -> tuple[ManagedStack, SiteModel]:
    site = SiteModel(settings.data_dir / "model")
    profile = load_profile(settings.data_dir, settings.timing, settings.timeout_factor)
    ports = FixedPorts(
        balanz=args.balanz_port,
        sims={alias: args.first_sim_port + i for i, alias in enumerate(site.simulated())},
    )
    for port in (ports.balanz, *ports.sims.values()):
        if not 0 < port < 65536:
            raise SetupError(f"port {port} is not a valid port number")
    return ManagedStack(settings, site, profile, host=args.host, ports=ports), site


def external_command(stack: ManagedStack) -> str:
    """The behave command that attaches the suite to this site (settings only where not the defaults)."""
    assert stack.ports is not None
    words = ["behave", "-D", "stack=external"]
    balanz_url = f"ws://{stack.host}:{stack.ports.balanz}"
    if (stack.host, stack.ports.balanz) not in (("127.0.0.1", BALANZ_PORT), ("localhost", BALANZ_PORT)):
        words += ["-D", f"balanz_url={balanz_url}"]
    if stack.profile.name != "fast":
        words += ["-D", f"timing={stack.profile.name}"]
    for alias, port in stack.ports.sims.items():
        url = f"ws://{stack.host}:{port}"
        if DEFAULT_SIM_URLS.get(alias, "").replace("localhost", "127.0.0.1") != url:
            words += ["-D", f"sim.{alias}={url}"]
    return shlex.join(words)


def print_config(args: argparse.Namespace) -> int:
    """Write the rendered configurations and say how to start each program from them."""
    settings = _settings(args, locate=False)
    stack, site = _stack(args, settings)
    root = args.print_config.expanduser().resolve()
    written = stack.render(root, list(site.simulated().values()))
    assert stack.ports is not None
    print(f"Rendered configuration of the test site (timing '{settings.timing}') in {root}:")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print("Start balanz (Python >= 3.13, balanz installed) in that directory; paths in balanz.ini are relative to it:")
    print(f"  cd {shlex.quote(str(root))} && python <balanz checkout>/balanz/balanz.py --config config/balanz.ini")
    print("and each simulator in its own directory (it keeps its charger's configuration file there):")
    for alias, charger in site.simulated().items():
        sim_dir = shlex.quote(str(root / "sims" / alias))
        print(
            f"  cd {sim_dir} && python <ocppsim checkout>/ocppsim.py --config ocppsim.ini "
            f"--id {charger.charger_id} --port {stack.ports.sims[alias]}"
        )
    print(f"Then: {external_command(stack)}")
    return 0


def run_site(args: argparse.Namespace) -> int:
    """Start the site, print what runs, and keep it running until Ctrl-C or SIGTERM (or a program ends)."""
    settings = _settings(args, locate=True)
    stack, site = _stack(args, settings)
    assert stack.ports is not None
    for name, port in [("balanz", stack.ports.balanz), *((f"simulator {a}", p) for a, p in stack.ports.sims.items())]:
        if not processes.port_is_free(port, stack.host):
            raise SetupError(f"{name}: port {port} on {stack.host} is in use (is a site already running?)")
    directory = args.dir or settings.reports_dir / "site" / f"{time.strftime('%Y%m%d-%H%M%S')}-{settings.timing}"
    record = ScenarioRecord("site", directory.expanduser().resolve())
    processes.install_handlers()
    try:
        with processes.interruptible():
            stack.start(record, list(site.simulated().values()))
        _print_started(stack, site, record.directory)
        stopped = threading.Event()
        while not stopped.wait(CHECK_EVERY):  # a supervisor's check, not a wait for an outcome
            if ended := stack.exited():
                print(f"balanz-acceptance site: {ended}; stopping the site", file=sys.stderr, flush=True)
                return 1
    except KeyboardInterrupt:
        print("\nStopping the site ...", flush=True)
        processes.take_pending()
        return 0
    finally:
        with contextlib.suppress(Exception):
            stack.stop()
        processes.stop_all()
        print(f"Site stopped; its configuration and logs stay in {record.directory}", flush=True)


def _print_started(stack: ManagedStack, site: SiteModel, directory: Path) -> None:
    assert stack.ports is not None
    running = {name: (pid, log) for name, pid, log in stack.processes()}
    pid, log = running["balanz"]
    print(f"Test site running (timing '{stack.profile.name}'); configuration and logs in {directory}")
    print(f"  balanz            {stack.balanz_url}  (API {stack.balanz_url}/api)  pid {pid}  log {log}")
    for alias, charger in site.simulated().items():
        pid, log = running[f"simulator {alias}"]
        print(
            f"  simulator {alias:7s} {charger.charger_id}  command ws://{stack.host}:{stack.ports.sims[alias]}"
            f"  pid {pid}  log {log}"
        )
    print(f"Attach the suite: {external_command(stack)}")
    print("Ctrl-C or SIGTERM stops everything.", flush=True)
