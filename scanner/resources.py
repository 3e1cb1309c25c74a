"""Where the data files live: inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def patterns_dir() -> Path:
    """The ``patterns/`` folder (the wheel carries it as ``scanner/patterns``)."""
    packaged = resources.files("scanner") / "patterns"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "patterns"
