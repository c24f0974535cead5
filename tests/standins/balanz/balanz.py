"""The stand-in balanz_src: runs tests/standins/fake_balanz.py under the name the harness starts."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent.parent / "fake_balanz.py"), run_name="__main__")
