"""``python -m scanner`` runs the ``scan`` command."""

from scanner.cli import main

raise SystemExit(main())
