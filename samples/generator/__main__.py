"""``python -m samples.generator``: write the sample corpus."""

from __future__ import annotations

from samples.generator.cli import main

raise SystemExit(main())
