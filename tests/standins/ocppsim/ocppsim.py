"""The stand-in ocppsim_src: runs tests/standins/fake_ocppsim.py under the name the harness starts."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent.parent / "fake_ocppsim.py"), run_name="__main__")
