"""Build PageText objects from plain text for extractor tests.

Each text line becomes a line of words. Cells separated by two or more spaces or a '|' are
placed with a wide gap between them (as columns are on a letter). A line '@y=0.80' moves the
pen to 80% of the page height (to put lines in the voucher zone); '@x=380' sets the left
margin for the following lines (to build a right-hand info block); a blank line adds space.
"""

from __future__ import annotations

import re

from scanner.catalog import load_catalog
from scanner.extract import Extraction, extract_all
from scanner.layout import page_text
from scanner.models import PageText, Word
from scanner.patterns import load_labels

CHAR_W = 5.0
LINE_H = 12.0
HEIGHT = 9.0


def cells_from_text(
    text: str, *, height: float = 792.0, start_y: float = 40.0
) -> list[tuple[float, float, str]]:
    """(x, top, text) of every cell of every line of ``text``."""
    cells: list[tuple[float, float, str]] = []
    y = start_y
    left = 40.0
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("@y="):
            y = float(line[3:]) * height
            continue
        if line.startswith("@x="):
            left = float(line[3:])
            continue
        if not line.strip():
            y += LINE_H
            continue
        x = left
        for i, cell in enumerate(re.split(r"\s*\|\s*|\s{2,}", line.strip())):
            if i:
                x += 60.0
            cells.append((x, y, cell))
            x += sum(len(t) * CHAR_W + CHAR_W for t in cell.split()) - CHAR_W
        y += LINE_H
    return cells


def words_from_text(
    text: str, *, page: int = 1, height: float = 792.0, conf: float = 1.0, start_y: float = 40.0
) -> list[Word]:
    """Positioned words for every line of ``text``."""
    words: list[Word] = []
    for x, y, cell in cells_from_text(text, height=height, start_y=start_y):
        for token in cell.split():
            w = len(token) * CHAR_W
            words.append(Word(token, x, y, x + w, y + HEIGHT, conf, page))
            x += w + CHAR_W
    return words


def page(
    text: str,
    *,
    number: int = 1,
    ocr: bool = False,
    conf: float = 1.0,
    width: float = 612.0,
    height: float = 792.0,
) -> PageText:
    """A PageText from text (see the module docstring for the layout markers)."""
    return page_text(
        words_from_text(text, page=number, height=height, conf=conf),
        page=number,
        width=width,
        height=height,
        source="ocr" if ocr else "text-layer",
    )


IRS_ADDRESS = """Department of the Treasury
Internal Revenue Service
P.O. Box 9019
Holtsville, NY 11742-9019
"""

# The IRS return address, then the taxpayer's name and address below it (top left of page 1).
RETURN_ADDRESS = (
    IRS_ADDRESS
    + """
JOHN Q SAMPLE
123 N HARRIS ST
HARVARD, TX 12345
"""
)


def letter(
    *blocks: str,
    number: int = 1,
    extra: tuple[Word, ...] = (),
    ocr: bool = False,
    conf: float = 1.0,
) -> PageText:
    """A page from text blocks drawn over each other (each may set '@x=' and '@y='), plus
    any extra positioned words (a table from :func:`grid`)."""
    words = [w for b in blocks for w in words_from_text(b, page=number, conf=conf)]
    words += extra
    return page_text(
        words, page=number, width=612.0, height=792.0, source="ocr" if ocr else "text-layer"
    )


def notice_page(
    code: str,
    body: str,
    *,
    tax_year: str = "2022",
    notice_date: str = "May 6, 2024",
    ocr: bool = False,
) -> PageText:
    """A one-page letter: the return address, an info block naming ``code``, its tax year and
    notice date, and ``body`` below it."""
    info = f"@x=380\nNotice  {code}\nTax year  {tax_year}\nNotice date  {notice_date}\n"
    return letter(RETURN_ADDRESS, info, "@y=0.3\n" + body, ocr=ocr)


def grid(
    rows: list[list[str]],
    *,
    top: float,
    xs: tuple[float, ...],
    widths: tuple[float, ...],
    right: tuple[bool, ...],
    page: int = 1,
) -> tuple[Word, ...]:
    """Table cells at fixed column positions; right-aligned cells end at x + width."""
    out: list[Word] = []
    y = top
    for row in rows:
        for i, cell in enumerate(row):
            tokens = cell.split()
            if not tokens:
                continue
            width = sum(len(t) * 5.0 for t in tokens) + 5.0 * (len(tokens) - 1)
            x = xs[i] + (widths[i] - width if right[i] else 0.0)
            for token in tokens:
                w = len(token) * 5.0
                out.append(Word(token, x, y, x + w, y + 9.0, 1.0, page))
                x += w + 5.0
        y += 12.0
    return tuple(out)


def run(*pages: PageText) -> Extraction:
    """Every extractor over the pages, with the real label vocabulary and catalog."""
    return extract_all(list(pages), load_labels(), load_catalog())
