"""Options for one scan, passed down explicitly (no global settings, no environment reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scanner.errors import UsageError


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How to scan a file.

    Attributes:
        today: the date days-left are counted from (default: the real today).
        password: opens an encrypted PDF.
        timeout_s: time limit for OCR of one file, in seconds.
        max_pages: pages beyond this are refused (a PDF of thousands of pages).
        max_pixels: images larger than this are refused (decompression bombs).
        include_text: put the page text into the result (off by default: it is private).
        preprocess: run the OpenCV clean-up on images before OCR (off only for the benchmark).
        skip_steps: preprocessing steps to leave out (the benchmark's ablation), by name.
        lang: Tesseract language.
    """

    today: date | None = None
    password: str | None = None
    timeout_s: float = 120.0
    max_pages: int = 50
    max_pixels: int = 80_000_000
    include_text: bool = False
    preprocess: bool = True
    skip_steps: frozenset[str] = frozenset()
    lang: str = "eng"

    def __post_init__(self) -> None:
        if self.timeout_s <= 0:
            raise UsageError("timeout must be a positive number of seconds")
        if self.max_pages < 1:
            raise UsageError("max_pages must be at least 1")
        if self.max_pixels < 1:
            raise UsageError("max_pixels must be at least 1")
