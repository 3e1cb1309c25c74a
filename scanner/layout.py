"""Build reading lines from positioned words.

pdfplumber's own text flow interleaves the columns of a letter (the info block at the top right
runs into the body on the left), so lines are rebuilt here from word boxes: words whose vertical
extents overlap form a line, sorted left to right. A wide horizontal gap becomes a tab in
``Line.text`` so extractors can tell "label  value" pairs and table cells from running text.
The same code serves text-layer and OCR words, so extractors see one shape of input.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


def build_lines(
    words: Iterable[Word], page: int, *, follow_slope: bool = False
) -> tuple[Line, ...]:
    """Group words into lines by vertical overlap, top to bottom, each left to right.

    With ``follow_slope`` (OCR of photos and scans), lines that slope, or bend from one slope
    to another down the page (a curled or folded sheet), are followed: a label and its value
    far to the right can sit half a line apart on such a page.
    """
    kept = [_trim_leader(w) for w in words if w.text.strip() and not _LEADER.match(w.text)]
    if not kept:
        return ()
    rows = _group(kept, [0.0] * len(kept))
    if follow_slope:
        drift = _drift(kept, rows)
        if drift is not None:
            rows = _group(kept, drift)
        rows = _rejoin_split_cells(rows)
    lines = [_make_line(sorted(row, key=lambda w: w.x0), page) for row in rows]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return tuple(lines)


def _group(words: Sequence[Word], shift: Sequence[float]) -> list[list[Word]]:
    """Rows of words whose vertical extents, each moved up by its ``shift``, overlap."""
    order = sorted(range(len(words)), key=lambda i: (words[i].top + words[i].bottom) / 2 - shift[i])
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for i in order:
        word = words[i]
        top, bottom = word.top - shift[i], word.bottom - shift[i]
        center = (top + bottom) / 2
        placed = False
        # Only the last few rows can overlap a word that comes later in vertical order.
        for r in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            band_top, band_bottom = bands[r]
            half = (band_bottom - band_top) / 2
            mid = (band_top + band_bottom) / 2
            if abs(center - mid) <= max(half, word.height / 2) * 0.75:
                rows[r].append(word)
                bands[r] = (min(band_top, top), max(band_bottom, bottom))
                placed = True
                break
        if not placed:
            rows.append([word])
            bands.append((top, bottom))
    return rows


# A value cell: an amount or a date, a few words at most, with a digit in it.
_VALUE_CELL = regex.compile(r"^[^\d]{0,12}\d[\d,./\- ]*(?:\d{2,4})?\)?$")
_HAS_DIGIT = regex.compile(r"\d")


def _rejoin_split_cells(rows: list[list[Word]]) -> list[list[Word]]:
    """Put back together label-and-value lines a bend in the paper split in two.

    Where a fold or curl runs through a billing summary, each amount far to the right sits
    half a line above (or below) its label, too far to share a line with it yet nearer to it
    than to any other label. Rows made of a value alone are joined to such a label row only
    when at least two pairs are found and all are offset the same way by about the same
    amount, the mark of one bend rather than of two columns set at different line spacing.
    """
    ordered = sorted(rows, key=lambda r: _middle(r))
    values = [r for r in ordered if _is_value_row(r)]
    labels = [r for r in ordered if _is_label_row(r)]
    pairs: list[tuple[list[Word], list[Word], float]] = []
    for value in values:
        left = min(w.x0 for w in value)
        height = median(w.height for w in value)
        near = sorted(
            (
                (abs(_middle(lab) - _middle(value)), lab)
                for lab in labels
                if max(w.x1 for w in lab) < left - 2 * height
                and abs(_middle(lab) - _middle(value)) < 1.2 * height
            ),
            key=lambda pair: pair[0],
        )
        if not near or (len(near) > 1 and near[1][0] < 1.5 * near[0][0]):
            continue  # no label beside it, or two about as near
        pairs.append((value, near[0][1], _middle(value) - _middle(near[0][1])))
    used = {id(lab) for _, lab, _ in pairs}
    if len(pairs) < 2 or len(used) < len(pairs):
        return rows
    offsets = [off for *_, off in pairs]
    typical = median(offsets)
    if any(off * typical <= 0 or abs(off - typical) > 0.4 * abs(typical) for off in offsets):
        return rows
    joined = {id(value): lab for value, lab, _ in pairs}
    out: list[list[Word]] = []
    for row in rows:
        if id(row) in used:
            continue
        out.append(row + joined[id(row)] if id(row) in joined else row)
    return out


def _middle(row: Sequence[Word]) -> float:
    return median((w.top + w.bottom) / 2 for w in row)


def _is_value_row(row: Sequence[Word]) -> bool:
    return len(row) <= 3 and _VALUE_CELL.match(" ".join(w.text for w in row)) is not None


def _is_label_row(row: Sequence[Word]) -> bool:
    return len(row) <= 8 and not any(_HAS_DIGIT.search(w.text) for w in row)


# Words whose box bottom is not the baseline (descenders, brackets, commas).
_BELOW_BASELINE = regex.compile(r"[gjpqyQ,;()\[\]{}|/@$_]")
# Slopes smaller than this (about 0.2 degrees) move a word by well under a line over a page.
_MIN_SLOPE = 0.0035
_MIN_SLOPE_SAMPLES = 20


def _drift(words: Sequence[Word], rows: Sequence[Sequence[Word]]) -> list[float] | None:
    """How far each word's line has drifted down from its left end (the text slope where the
    word stands times its distance from the left), or None when the lines are level.

    The slope is measured between the baselines of word pairs on one line at least four
    letter heights apart, and taken as the median of the pairs within an eighth of the
    page's height of each word, so a slope that changes down the page is followed.
    """
    samples: list[tuple[float, float]] = []
    for row in rows:
        level = [w for w in row if len(w.text) >= 2 and not _BELOW_BASELINE.search(w.text)]
        level.sort(key=lambda w: w.x0)
        em = median(w.height for w in row)
        for i, a in enumerate(level):
            for b in level[i + 1 :]:
                dx = (b.x0 + b.x1 - a.x0 - a.x1) / 2
                if dx > 4 * em and 0.75 < a.height / b.height < 1.33:
                    samples.append((a.bottom, (b.bottom - a.bottom) / dx))
    if len(samples) < _MIN_SLOPE_SAMPLES:
        return None
    samples.sort()
    ys = [y for y, _ in samples]
    span = (max(w.bottom for w in words) - min(w.top for w in words)) / 8
    overall = median(s for _, s in samples)
    drift: list[float] = []
    tilted = abs(overall) >= _MIN_SLOPE
    for word in words:
        y = (word.top + word.bottom) / 2
        near = [s for _, s in samples[bisect_left(ys, y - span) : bisect_right(ys, y + span)]]
        slope = median(near) if len(near) >= 8 else overall
        tilted = tilted or abs(slope) >= _MIN_SLOPE
        drift.append(slope * (word.x0 + word.x1) / 2)
    return drift if tilted else None


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


def join_words(words: Sequence[Word], page: int) -> Line:
    """One line of the given words, left to right, whatever their heights (a label and the
    value printed under it)."""
    return _make_line(sorted(words, key=lambda w: w.x0), page)


def cells(line: Line) -> list[tuple[Word, ...]]:
    """The line's cells: its words split where a tab (a column gap) stands between them."""
    out: list[list[Word]] = []
    for word, start in zip(line.words, line.starts, strict=True):
        if not out or line.text[start - 1] == "\t":
            out.append([])
        out[-1].append(word)
    return [tuple(c) for c in out]


def page_text(
    words: Iterable[Word],
    *,
    page: int,
    width: float,
    height: float,
    source: PageSource,
    rotation: int = 0,
    over_scan: bool = False,
) -> PageText:
    """A :class:`PageText` from loose words."""
    return PageText(
        page=page,
        width=width,
        height=height,
        lines=build_lines(words, page, follow_slope=source == "ocr"),
        source=source,
        rotation=rotation,
        over_scan=over_scan,
    )
