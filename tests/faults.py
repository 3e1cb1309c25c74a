"""Fault injectors for ``scanner.tools.tesseract``.

Each one replaces the wrapper's single call site (``_raw``) for the rest of a test, so the
wrapper's real error translation runs on a simulated pytesseract failure. Use them with
pytest's ``monkeypatch`` fixture::

    def test_x(monkeypatch):
        faults.timeout(monkeypatch)
        with pytest.raises(OcrTimeoutError): ...
"""

from __future__ import annotations

import functools
from typing import Any

import pytesseract
import pytest

from scanner.tools import tesseract

FAKE_VERSION = "5.3.0"
CRASH_STDERR = (
    "Error in pixReadMemBmp: cannot read image. Error during processing. "
    "Image too small to scale!!"
)
GARBAGE = "\x00\x1bGARBAGE\tnot\ta word table\n%PDF-1.4\n"


def _install(mp: pytest.MonkeyPatch, fake: Any, *, version_too: bool = False) -> None:
    def raw(kind: str, image: Any, lang: str, config: str, timeout_s: float) -> str:
        if kind == "version" and not version_too:
            return FAKE_VERSION
        return str(fake(kind, timeout_s))

    mp.setattr(tesseract, "_raw", raw)
    # A fresh cache, so an earlier real probe neither hides nor outlives the fault.
    mp.setattr(tesseract, "version", functools.cache(tesseract.version.__wrapped__))


def missing(mp: pytest.MonkeyPatch) -> None:
    """Tesseract is not installed: every call, the version probe included, fails."""

    def fail(kind: str, timeout_s: float) -> str:
        raise pytesseract.TesseractNotFoundError()

    _install(mp, fail, version_too=True)


def crash(mp: pytest.MonkeyPatch, *, status: int = 1, stderr: str = CRASH_STDERR) -> None:
    """Tesseract exits with a non-zero status and an error message."""

    def fail(kind: str, timeout_s: float) -> str:
        raise pytesseract.TesseractError(status, stderr)

    _install(mp, fail)


def timeout(mp: pytest.MonkeyPatch) -> None:
    """Tesseract runs past its time limit (pytesseract kills it and raises RuntimeError)."""

    def fail(kind: str, timeout_s: float) -> str:
        raise RuntimeError("Tesseract process timeout")

    _install(mp, fail)


def garbage(mp: pytest.MonkeyPatch, output: str = GARBAGE) -> None:
    """Tesseract exits cleanly but writes something that is not its word table."""

    def junk(kind: str, timeout_s: float) -> str:
        return output

    _install(mp, junk)


def canned(mp: pytest.MonkeyPatch, tsv: str, osd: str = "") -> None:
    """Tesseract returns fixed output: ``tsv`` for word tables, ``osd`` for orientation."""

    def fixed(kind: str, timeout_s: float) -> str:
        return tsv if kind == "data" else osd

    _install(mp, fixed)
