"""Stand-in for ocppsim (``ocppsim.py --config ocppsim.ini --id ID --port P``, run in its own directory).

It serves ocppsim's command port on the configured ``[host]`` addr and port ``P`` with
tests.fakes.FakeOcppsim, answering ``jsonstatus`` with status Available, and writes its pid to
``ocppsim.pid``.

``STANDIN_SIM`` selects a misbehaviour (child processes inherit it):

* ``never-available``: report status Preparing forever;
* ``exit-at-start``: log a line, then exit with code 3.
"""

from __future__ import annotations

import argparse
import configparser
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: tests.fakes

from tests.fakes import FakeOcppsim


def main() -> int:
    """Serve the command port until a signal ends the process; the exit code of a misbehaviour otherwise."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    config = configparser.ConfigParser(interpolation=None)
    if not config.read(args.config):
        print(f"ERROR: cannot read {args.config}", flush=True)
        return 2
    mode = os.environ.get("STANDIN_SIM", "")
    Path("ocppsim.pid").write_text(str(os.getpid()))
    print(f"INFO ocppsim stand-in for {args.id} (pid {os.getpid()}, mode '{mode or 'normal'}')", flush=True)
    if mode == "exit-at-start":
        print("ERROR stand-in: exiting (STANDIN_SIM=exit-at-start)", flush=True)
        return 3
    sim = FakeOcppsim()
    if mode == "never-available":
        sim.status["status"] = "Preparing"
    host = config["host"]["addr"]
    sim.start(host, args.port)
    print(f"INFO command port on ws://{host}:{args.port}", flush=True)
    threading.Event().wait()  # until a signal ends the process
    return 0


if __name__ == "__main__":
    sys.exit(main())
