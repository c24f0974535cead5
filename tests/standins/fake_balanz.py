"""Stand-in for balanz (``balanz.py --config config/balanz.ini``, run in a scenario's runtime directory).

It serves balanz's websocket API at ``/api`` on the configured ``[host]`` addr/port (subprotocol ocpp1.6)
with tests.fakes.FakeBalanz: Login with the suite's token, GetChargers listing every charger of
``model/chargers.csv`` as connected and Available, GetLogs with the "default profiles set" line of each
charger, GetStatus. On start it writes its pid to ``balanz.pid`` and appends a tag row naming itself to
``model/tags.csv`` (so a test can see whether a scenario's model changes reach another scenario).

``STANDIN_BALANZ`` selects a misbehaviour (child processes inherit it):

* ``exit-at-start``: log a few lines, then exit with code 3;
* ``no-api``: run, but never listen;
* ``slow-stop``: ignore SIGTERM (logging "SIGTERM ignored"), so that only SIGKILL ends it.
"""

from __future__ import annotations

import argparse
import configparser
import csv
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: tests.fakes

from tests.fakes import FakeBalanz, charger_entry

TOKEN = "acceptance-suite-token"


class StandinBalanz(FakeBalanz):
    """FakeBalanz whose chargers are all connected, Available and set up; CreateCharger adds one more."""

    def add_charger(self, charger_id: str, alias: str, group_id: str) -> None:
        """List a charger as connected and Available, with the log lines of its set-up: the default profiles,
        then balanz's own post-connection requests and the charger's answer (the last of them)."""
        self.chargers.append(charger_entry(charger_id, alias, group_id))
        self.logs += [
            {"timestamp": "2025-01-01 00:00:01", "logger": "balanz",
             "message": f"Succesfully cleared and set default profiles for {charger_id}"},
            *(
                {"timestamp": "2025-01-01 00:00:02", "logger": "ocpp", "message": f"{charger_id}: {message}"}
                for message in (
                    'send [2,"1","TriggerMessage",{"requestedMessage":"BootNotification"}]',
                    'send [2,"2","TriggerMessage",{"requestedMessage":"StatusNotification","connectorId":1}]',
                    'send [2,"3","TriggerMessage",{"requestedMessage":"MeterValues"}]',
                    'receive message [2,"7","BootNotification",{"chargePointModel":"stand-in"}]',
                    'receive message [2,"8","StatusNotification",{"connectorId":1,"status":"Available"}]',
                    'receive message [2,"9","MeterValues",{"connectorId":1}]',
                )
            ),
        ]  # fmt: skip

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        """As FakeBalanz, and CreateCharger (logged in) adds the charger and answers Accepted."""
        call = json.loads(message)
        if state.get("logged_in") and len(call) == 4 and call[2] == "CreateCharger":
            payload = call[3]
            self.add_charger(payload["charger_id"], payload["alias"], payload["group_id"])
            return json.dumps([3, call[1], {"status": "Accepted"}])
        return super().answer(message, state)


def main() -> int:
    """Serve like balanz until a signal ends the process; the exit code of a misbehaviour otherwise."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    config = configparser.ConfigParser(interpolation=None)
    if not config.read(args.config):
        print(f"ERROR: cannot read {args.config}", flush=True)
        return 2
    mode = os.environ.get("STANDIN_BALANZ", "")
    Path("balanz.pid").write_text(str(os.getpid()))
    print(f"INFO balanz stand-in starting (pid {os.getpid()}, mode '{mode or 'normal'}')", flush=True)
    print(f"INFO reading model from {config['model']['chargers_csv']}", flush=True)
    if mode == "exit-at-start":
        print("ERROR stand-in: cannot open the charger port (STANDIN_BALANZ=exit-at-start)", flush=True)
        print("INFO stand-in: shutting down", flush=True)
        return 3
    if mode == "slow-stop":
        signal.signal(signal.SIGTERM, lambda *_: print("INFO stand-in: SIGTERM ignored", flush=True))
    if mode == "no-api":
        print("INFO stand-in: not listening (STANDIN_BALANZ=no-api)", flush=True)
        threading.Event().wait()

    with Path(config["model"]["chargers_csv"]).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    with Path(config["model"]["tags_csv"]).open("a") as handle:
        handle.write(f"STANDIN{os.getpid()},balanz stand-in,,written by the stand-in,Activated,\n")

    balanz = StandinBalanz(token=TOKEN)
    for row in rows:
        balanz.add_charger(row["charger_id"], row["alias"], row["group_id"])
    host, port = config["host"]["addr"], int(config["host"]["port"])
    balanz.start(host, port)
    print(f"INFO listening on ws://{host}:{port} (API at /api)", flush=True)
    threading.Event().wait()  # until a signal ends the process
    return 0


if __name__ == "__main__":
    sys.exit(main())
