"""The console script ``balanz-acceptance``: one command per task (``balanz-acceptance <command> --help``)."""

from __future__ import annotations

import argparse

from balanz_acceptance.runner import site


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns its exit code."""
    parser = argparse.ArgumentParser(prog="balanz-acceptance", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    site.add_parser(commands)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
