"""Shared fixtures: the repository paths, a fixed 'today', and running the CLI in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TODAY = date(2026, 11, 25)

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def samples_dir() -> Path:
    """The committed sample letters."""
    return SAMPLES


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str, str]]:
    """Run ``scan`` in-process: returns (exit code, stdout, stderr)."""
    from scanner.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        return code, out.getvalue(), err.getvalue()

    return run
