"""Errors the harness raises on purpose."""


class SetupError(Exception):
    """The suite cannot run as configured: bad userdata, missing programs, a stack that will not start.

    Its message is one line that names what was wrong and what was expected; the environment prints it
    without a traceback and ends the run with a non-zero exit code.
    """
