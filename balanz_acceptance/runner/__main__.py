"""``python -m balanz_acceptance.runner``: the ``balanz-acceptance`` command without installing the project."""

from balanz_acceptance.runner.cli import main

raise SystemExit(main())
