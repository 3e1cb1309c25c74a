"""Words from a PDF's text layer, and the per-page decision: use the text layer, or OCR.

A text layer is used only when it holds real text: enough characters, mostly letters that form
words. A scanned page with no layer, a stray glyph, or a hidden layer of OCR garbage goes to OCR.
"""

from __future__ import annotations

from typing import Any

import regex

from scanner.layout import page_text
from scanner.models import PageText, Word

_WORDLIKE = regex.compile(r"^[A-Za-z][a-z]{1,}[.,:;]?$|^[A-Z]{2,}[.,:;]?$")
# Leaders, rules and bullets; amounts, dates and other figures.
_NEUTRAL = regex.compile(r"^[\p{P}\p{S}]+$|^[(\-–$]*\d[\d,./\-–:)%]*$")
MIN_CHARS = 40
MIN_WORDLIKE = 0.4


def words_of(pdf_page: Any, page: int) -> list[Word]:
    """Words of a pdfplumber page with their boxes, in PDF points from the top left."""
    raw = _without_overprint(pdf_page).extract_words(
        x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False
    )
    words = [
        Word(
            str(w["text"]),
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
            1.0,
            page,
        )
        for w in raw
        if str(w["text"]).strip()
    ]
    return words + _form_field_words(pdf_page, page, words)


# A form field's font size, from its default appearance ("/Helv 10 Tf 0 g").
_FONT_SIZE = regex.compile(r"(\d+(?:\.\d+)?)\s+Tf")
#: Width of an average character, as a share of the font size (Helvetica's digits are 0.556).
CHAR_WIDTH = 0.55
_HIDDEN_FLAG = 2


def _form_field_words(pdf_page: Any, page: int, text: list[Word]) -> list[Word]:
    """The values of the page's filled-in text fields, as words where the fields show them:
    a PDF form's values are not in the page's text. A letter produced as a form (the
    amounts filled into fields) had lost every amount. A field with page text inside it
    already shows its value in the text."""
    try:
        annots = pdf_page.annots
    except Exception:  # a damaged annotation array: the page's own text still stands
        return []
    out: list[Word] = []
    for annot in annots:
        data = annot.get("data") or {}
        value = _pdf_text(data.get("V"))
        if _pdf_text(data.get("FT")) != "Tx" or not value.strip():
            continue
        if int(data.get("F") or 0) & _HIDDEN_FLAG:
            continue
        x0, top, x1, bottom = (float(annot[k]) for k in ("x0", "top", "x1", "bottom"))
        if any(
            x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom for w in text
        ):
            continue
        size_match = _FONT_SIZE.search(_pdf_text(data.get("DA")))
        size = float(size_match.group(1)) if size_match else 0.0
        size = size if 0 < size <= bottom - top else 0.7 * (bottom - top)
        width = min(x1 - x0, CHAR_WIDTH * size * len(value))
        align = int(data.get("Q") or 0)  # 0 left, 1 centred, 2 right
        x = x0 + (x1 - x0 - width) * (0.5 * align if align in (1, 2) else 0.0)
        middle = (top + bottom) / 2
        for token in value.split():
            w = width * len(token) / len(value)
            out.append(Word(token, x, middle - size / 2, x + w, middle + size / 2, 1.0, page))
            x += w + width / len(value)
    return out


def _pdf_text(value: Any) -> str:
    """A PDF name, string or bytes as plain text."""
    if isinstance(value, bytes):
        for encoding in ("utf-16", "latin-1") if value.startswith(b"\xfe\xff") else ("latin-1",):
            try:
                return value.decode(encoding)
            except UnicodeDecodeError:
                continue
    name = getattr(value, "name", None)
    return str(name) if name is not None else ("" if value is None else str(value))


#: Two copies of a glyph closer than this (in points) are one glyph printed twice.
OVERPRINT_TOLERANCE = 1.0


def _without_overprint(pdf_page: Any) -> Any:
    """The page without glyphs printed over a copy of themselves: bold faked by printing a
    word two or three times a hair apart, or a whole page drawn twice, which would read
    "CCCPPP555000111". Most pages have none, and then the page itself is returned: this
    check costs a few milliseconds where pdfplumber's own ``dedupe_chars`` costs ~250."""
    chars = pdf_page.chars
    # A quick look first: copies a hair apart share their rounded position often enough.
    if len({(c["text"], round(c["x0"]), round(c["top"])) for c in chars}) == len(chars):
        return pdf_page
    tol = OVERPRINT_TOLERANCE
    seen: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    repeats: set[int] = set()
    for char in chars:
        text, x, y = char["text"], float(char["x0"]), float(char["top"])
        col, row = int(x // tol), int(y // tol)
        near = (
            (px, py)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for px, py in seen.get((text, col + dx, row + dy), ())
        )
        if any(abs(px - x) < tol and abs(py - y) < tol for px, py in near):
            repeats.add(id(char))
        else:
            seen.setdefault((text, col, row), []).append((x, y))
    if not repeats:
        return pdf_page
    return pdf_page.filter(lambda obj: id(obj) not in repeats)


def is_usable(words: list[Word]) -> bool:
    """True when the words look like real text rather than nothing, a stray glyph or garbage.

    Marks and figures say nothing either way: a billing summary's dotted leaders (". . . .")
    and a table of amounts are real text with few words, so the share of word-like tokens is
    taken over the rest."""
    chars = sum(len(w.text) for w in words)
    if chars < MIN_CHARS or len(words) < 6:
        return False
    judged = [w for w in words if not _NEUTRAL.match(w.text)]
    wordlike = sum(1 for w in judged if _WORDLIKE.match(w.text))
    return wordlike >= 6 and wordlike / len(judged) >= MIN_WORDLIKE


def read_text_layer(pdf_page: Any, page: int) -> PageText | None:
    """The page's text from its text layer, or None when the layer is not usable."""
    try:
        words = words_of(pdf_page, page)
    except Exception:  # a damaged content stream: fall back to OCR of the rendered page
        return None
    if not is_usable(words):
        return None
    return page_text(
        words,
        page=page,
        width=float(pdf_page.width),
        height=float(pdf_page.height),
        source="text-layer",
        over_scan=covered_by_image(pdf_page),
    )


#: Share of the page a single picture must cover for the page to count as a scan.
SCAN_COVER = 0.85


def covered_by_image(pdf_page: Any) -> bool:
    """True when one picture covers (nearly) the whole page: a scan, whose text layer, if
    any, was made by OCR."""
    area = float(pdf_page.width) * float(pdf_page.height)
    try:
        images = pdf_page.images
    except Exception:  # a damaged resource dictionary: judge by the text alone
        return False
    for image in images:
        width = min(float(image["x1"]), float(pdf_page.width)) - max(float(image["x0"]), 0.0)
        height = min(float(image["bottom"]), float(pdf_page.height)) - max(float(image["top"]), 0.0)
        if area > 0 and width > 0 and height > 0 and width * height >= SCAN_COVER * area:
            return True
    return False
