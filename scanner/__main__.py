"""``python -m scanner`` runs the ``scan`` command."""

from __future__ import annotations

import sys

from scanner.cli import main

sys.exit(main())
