"""``python -m gdcore``: see gdcore.cli."""

from gdcore.cli import main

raise SystemExit(main())
