"""The console script ``balanz-acceptance``: one command per task (``balanz-acceptance <command> --help``).

It works in the current directory, as behave does: the features, the test site (``data/``) and the reports
(``reports/``) are those of the directory it is started in. A bad command line gets one line and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from balanz_acceptance.runner import site
from balanz_acceptance.runner.arguments import OneLineParser
from balanz_acceptance.runner.merge import merge
from balanz_acceptance.runner.parallel import run

#: Commands that parse their own arguments (``run`` passes every argument it does not know to behave).
OWN_PARSERS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "run": (run, "run the selected scenarios in parallel, each in its own behave process (behave's arguments)"),
    "merge": (merge, "merge CI shards (run --shard K/N) into one sign-off, HTML index and JUnit file"),
}


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns its exit code."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in OWN_PARSERS:
        return OWN_PARSERS[args[0]][0](args[1:])
    parser = OneLineParser(prog="balanz-acceptance", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for name, (_, help_text) in OWN_PARSERS.items():
        commands.add_parser(name, help=help_text, add_help=False)
    site.add_parser(commands)
    parsed = parser.parse_args(args)
    return int(parsed.func(parsed))


if __name__ == "__main__":
    raise SystemExit(main())
