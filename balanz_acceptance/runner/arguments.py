"""The runner's command-line arguments: refused with one line and exit code 2 before anything starts.

argparse's own error is a usage block and a message; the runner's commands say what is wrong in one line, as
every other bad input of the suite does (``balanz-acceptance: ...``). Values the runner cannot honour are
refused at parsing: a non-positive or non-finite number of jobs or timeout, and behave options that make no
sense for scenarios run side by side, each in its own behave process.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import NoReturn

EXIT_BAD_ARGUMENTS = 2

#: behave options that take a value as the next argument.
VALUE_OPTIONS = {
    "-D",
    "--define",
    "-t",
    "--tags",
    "-n",
    "--name",
    "-i",
    "--include",
    "-e",
    "--exclude",
    "-f",
    "--format",
    "-o",
    "--outfile",
    "-k",
    "--stage",
    "--lang",
    "-l",
    "--logging-level",
    "--junit-directory",
}

#: behave options the parallel runner cannot honour, with why and what to use instead.
NOT_FOR_PARALLEL: dict[tuple[str, ...], str] = {
    ("-d", "--dry-run"): "the parallel runner runs the scenarios; for a dry run use behave --dry-run",
    ("--stop",): "scenarios run side by side, so there is no first failure to stop at; use behave --stop",
    ("-w", "--wip"): "it stops at the first failure, which scenarios run side by side do not have; use behave --wip",
    ("-o", "--outfile"): (
        "every worker would write the same file; each scenario's console output is its output.txt "
        "under <reports_dir>/parallel/"
    ),
    ("--parallel",): "behave's own parallel option is not used; -j/--jobs sets how many scenarios run at a time",
}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr (``<prog>: <message> (see --help)``), exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print the problem in one line and exit with code 2."""
        line = " ".join(f"{self.prog}: {message} (see --help)".split())
        sys.stderr.write(line + "\n")
        raise SystemExit(EXIT_BAD_ARGUMENTS)


def positive_int(text: str) -> int:
    """A whole number ≥ 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number (at least 1)")
    return value


def positive_seconds(text: str) -> float:
    """A finite number of seconds > 0 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return value


def not_for_parallel(behave_args: list[str]) -> str | None:
    """Why the parallel runner cannot honour one of these behave arguments, or None if it can honour them all."""
    takes_value = False
    for arg in behave_args:
        option = arg.split("=", 1)[0]
        for names, why in NOT_FOR_PARALLEL.items():
            if option in names and not takes_value:
                return f"{'/'.join(names)}: {why}"
        takes_value = arg in VALUE_OPTIONS
    return None


def seconds_from_environment(name: str, default: float) -> float:
    """A number of seconds ≥ 0 from the environment variable ``name`` (``default`` if unset); ValueError if bad."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}={text!r}: expected a number of seconds >= 0")
    return value
