"""Build reading lines from positioned words.

pdfplumber's own text flow interleaves the columns of a letter (the info block at the top right
runs into the body on the left), so lines are rebuilt here from word boxes: words whose vertical
extents overlap form a line, sorted left to right. A wide horizontal gap becomes a tab in
``Line.text`` so extractors can tell "label  value" pairs and table cells from running text.
The same code serves text-layer and OCR words, so extractors see one shape of input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import median

import regex

from scanner.models import Line, PageSource, PageText, Word

# Dot leaders and rules between a label and its amount carry no text: whole words of them
# ("......", or ". . . ." as one-character words) and runs glued to a label ("owed.....").
_LEADER = regex.compile(r"^(?:[._·…\-–—=:]{3,}|[._·…])$")
_GLUED_LEADER = regex.compile(r"(?<=\w)[._·…]{3,}$")
# A gap wider than this many line heights is a column gap (tab) rather than a space.
_TAB_GAP_EM = 1.6


def build_lines(words: Iterable[Word], page: int) -> tuple[Line, ...]:
    """Group words into lines by vertical overlap, top to bottom, each left to right."""
    kept = [_trim_leader(w) for w in words if w.text.strip() and not _LEADER.match(w.text)]
    if not kept:
        return ()
    kept.sort(key=lambda w: (w.top + w.bottom) / 2)
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in kept:
        center = (word.top + word.bottom) / 2
        placed = False
        # Only the last few rows can overlap a word that comes later in vertical order.
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bands[i]
            half = (bottom - top) / 2
            mid = (top + bottom) / 2
            if abs(center - mid) <= max(half, word.height / 2) * 0.75:
                rows[i].append(word)
                bands[i] = (min(top, word.top), max(bottom, word.bottom))
                placed = True
                break
        if not placed:
            rows.append([word])
            bands.append((word.top, word.bottom))
    lines = [_make_line(sorted(row, key=lambda w: w.x0), page) for row in rows]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return tuple(lines)


def _trim_leader(word: Word) -> Word:
    m = _GLUED_LEADER.search(word.text)
    if m is None:
        return word
    text = word.text[: m.start()]
    x1 = word.x0 + (word.x1 - word.x0) * len(text) / len(word.text)
    return Word(text, word.x0, word.top, x1, word.bottom, word.conf, word.page)


def _make_line(words: Sequence[Word], page: int) -> Line:
    em = median(w.height for w in words) or 1.0
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, word in enumerate(words):
        if i:
            gap = word.x0 - words[i - 1].x1
            sep = "\t" if gap > _TAB_GAP_EM * em else " "
            parts.append(sep)
            pos += 1
        starts.append(pos)
        parts.append(word.text)
        pos += len(word.text)
    return Line(page=page, words=tuple(words), text="".join(parts), starts=tuple(starts))


def page_text(
    words: Iterable[Word],
    *,
    page: int,
    width: float,
    height: float,
    source: PageSource,
    rotation: int = 0,
) -> PageText:
    """A :class:`PageText` from loose words."""
    return PageText(
        page=page,
        width=width,
        height=height,
        lines=build_lines(words, page),
        source=source,
        rotation=rotation,
    )
