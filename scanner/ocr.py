"""Page image -> :class:`PageText`: clean up with OpenCV, turn upright, read with Tesseract.

Choices below were measured on the sample generator's scans and photos (issue 4):

- Orientation: the OpenCV checks in :mod:`scanner.preprocess` (which way the text lines run,
  then ascenders against descenders) cost ~80 ms a page and made no confident mistake on 155
  pages; Tesseract's OSD costs ~0.6 s and was right on 91% of them. OSD runs only when the
  cheap checks are unsure (~5% of pages), and when OSD is unsure too the page is read both
  ways up and the reading Tesseract is surer of wins.
- Page segmentation: see :data:`PSM`.
- Text Tesseract skipped: its layout analysis can drop a whole block (a billing summary on a
  speckled photo, taken for a picture). Ink of text height that no word covers is read again
  in one extra call (:func:`skipped_regions`); on the bench photos this found text on two
  pages in three and cost ~0.2 s a page.
"""

from __future__ import annotations

import statistics
import time

import cv2
import numpy as np
import regex
from numpy.typing import NDArray

from scanner import layout, preprocess
from scanner.errors import OcrTimeoutError
from scanner.models import PageText, Word
from scanner.options import ScanOptions
from scanner.tools import tesseract

#: Tesseract page segmentation mode: 3 = automatic layout analysis without OSD.
PSM = 3
#: OSD is asked only when the cheap checks are unsure, and given at most this long.
OSD_TIMEOUT_S = 15.0
#: OSD answers below this confidence are ignored: every wrong answer OSD gave on readable
#: test pages scored below it.
OSD_MIN_CONF = 1.5


def read_image(
    image: NDArray[np.uint8], *, page: int, options: ScanOptions, photo: bool
) -> tuple[PageText, tuple[str, ...]]:
    """OCR one page image (gray, RGB or RGBA); returns its text and any warnings.

    Word boxes are in the pixels of the prepared (warped, scaled, turned) image, and the
    PageText's width and height are that image's size. All Tesseract calls for the page
    share ``options.timeout_s``.
    """
    clock = _Clock(options)
    if not options.preprocess:
        # The ablation baseline: the raw picture straight to Tesseract.
        gray = preprocess.to_gray(image)
        if preprocess.is_blank(gray):
            return _blank(gray, page), ()
        return _page(gray, clock.words(gray, page), page, rotation=0), ()

    warnings: list[str] = []
    steps = tuple(s for s in preprocess.DEFAULT_STEPS if s not in options.skip_steps)
    prep = preprocess.prepare(image, photo=photo, steps=steps)
    gray, rotation = prep.image, prep.rotation
    if photo and not prep.page_found and not preprocess.fills_frame(preprocess.to_gray(image)):
        warnings.append(f"page {page}: no page outline found in the photo; read it as it is")
    if preprocess.is_blank(gray):
        return _blank(gray, page), tuple(warnings)
    words: tuple[Word, ...] | None = None
    if "orient" in steps and not prep.orientation_sure:
        turn, conf = tesseract.orientation(gray, timeout_s=clock.left(OSD_TIMEOUT_S))
        if conf < OSD_MIN_CONF:
            gray, words, rotation = _read_both_ways(gray, rotation, page, clock, warnings)
        else:
            gray, rotation = preprocess.turn(gray, turn), (rotation + turn) % 360
    if words is None:
        words = clock.words(gray, page)
        if "orient" in steps and not _reads_as_text(words):
            # The cheap checks can be confidently wrong on small, blurred text (measured: 2 of
            # 89 photos). Upside-down text reads as gibberish, so a page of gibberish is read
            # the other way up too, and the reading with more common words wins.
            flipped = preprocess.turn(gray, 180)
            turned = clock.words(flipped, page)
            if _common_words(turned) > 2 * _common_words(words) + 2:
                gray, words, rotation = flipped, turned, (rotation + 180) % 360
    return _page(gray, _with_skipped(gray, words, page, clock), page, rotation), tuple(warnings)


def _read_both_ways(
    gray: NDArray[np.uint8], rotation: int, page: int, clock: _Clock, warnings: list[str]
) -> tuple[NDArray[np.uint8], tuple[Word, ...], int]:
    # Neither check is sure: read the page both ways up and keep the reading Tesseract
    # trusts more.
    flipped = preprocess.turn(gray, 180)
    as_is, turned = clock.words(gray, page), clock.words(flipped, page)
    kept, dropped = sorted((_support(as_is), _support(turned)), reverse=True)
    if kept < 1.5 * dropped + 1:
        warnings.append(f"page {page}: could not tell which way up the page is")
    if _support(turned) > _support(as_is):
        return flipped, turned, (rotation + 180) % 360
    return gray, as_is, rotation


#: Page segmentation for the second read of skipped text: 6 = one uniform block of text.
SKIPPED_PSM = 6
#: Words read in skipped text below this confidence are dropped: the dashed cut line and
#: the barcode come back as unsure strings of O's and bars.
SKIPPED_MIN_CONF = 0.4
#: At most this many skipped regions are read again (the largest first).
SKIPPED_MAX_REGIONS = 12


def skipped_regions(
    gray: NDArray[np.uint8], words: tuple[Word, ...]
) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of text-sized ink that no word covers: blocks Tesseract's layout
    analysis skipped (it may take a block on a speckled background for a picture).

    Ink is cut into connected marks; marks of text height outside every word box are joined
    into line-long regions, and a region of at least three marks is kept.
    """
    if len(words) < 5:
        return []
    height = statistics.median(w.height for w in words)
    if height < 4:
        return []  # specks, not text: nothing a second read could add
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    covered = np.zeros_like(ink)
    pad = round(0.3 * height)
    for word in words:
        cv2.rectangle(
            covered,
            (int(word.x0) - pad, int(word.top) - pad),
            (int(word.x1) + pad, int(word.bottom) + pad),
            255,
            -1,
        )
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    cx, cy = x + w // 2, y + h // 2
    free = (
        (h >= 0.4 * height)
        & (h <= 1.6 * height)
        & (w <= 25 * height)
        & (area >= 0.1 * height * height)
        & (covered[cy, cx] == 0)
    )
    marks = np.zeros_like(ink)
    for i in np.flatnonzero(free):
        marks[y[i] : y[i] + h[i], x[i] : x[i] + w[i]] = 255
    joined = cv2.dilate(
        marks, cv2.getStructuringElement(cv2.MORPH_RECT, (round(2 * height), round(0.5 * height)))
    )
    _, labels, boxes, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    counts = np.bincount(labels[cy[free], cx[free]], minlength=len(boxes))
    # A region bigger than a block of text is a picture or a form, not a skipped paragraph.
    largest = 0.15 * gray.shape[0] * gray.shape[1]
    regions = [
        (int(bx), int(by), int(bw), int(bh))
        for i, (bx, by, bw, bh, _) in enumerate(boxes)
        if i and counts[i] >= 3 and bw >= 3 * height and bw * bh <= largest
    ]
    regions.sort(key=lambda r: r[2] * r[3], reverse=True)
    return regions[:SKIPPED_MAX_REGIONS]


def _with_skipped(
    gray: NDArray[np.uint8], words: tuple[Word, ...], page: int, clock: _Clock
) -> tuple[Word, ...]:
    """``words`` plus the sure words of text Tesseract skipped, read again in one call from
    the skipped regions stacked on a blank canvas."""
    regions = skipped_regions(gray, words)
    if not regions:
        return words
    height = round(statistics.median(w.height for w in words))
    pad, gap = height, 2 * height
    crops = []
    for x, y, w, h in regions:
        x0, y0 = max(0, x - pad), max(0, y - pad)
        crops.append((x0, y0, gray[y0 : y + h + pad, x0 : x + w + pad]))
    width = max(c.shape[1] for _, _, c in crops)
    canvas = np.full((sum(c.shape[0] + gap for _, _, c in crops), width), 255, np.uint8)
    strips = []  # (top on canvas, bottom on canvas, offset x, offset y)
    top = 0
    for x0, y0, crop in crops:
        canvas[top : top + crop.shape[0], : crop.shape[1]] = crop
        strips.append((top, top + crop.shape[0], x0, y0 - top))
        top += crop.shape[0] + gap
    found: list[Word] = []
    for word in clock.words(canvas, page, psm=SKIPPED_PSM):
        middle = (word.top + word.bottom) / 2
        strip = next((s for s in strips if s[0] <= middle < s[1]), None)
        if strip is None or word.conf < SKIPPED_MIN_CONF or not any(c.isalnum() for c in word.text):
            continue
        _, _, dx, dy = strip
        moved = Word(
            word.text, word.x0 + dx, word.top + dy, word.x1 + dx, word.bottom + dy, word.conf, page
        )
        # Padded crops overlap, so a word can be read twice.
        if not any(_overlaps(moved, old) for old in (*words, *found)):
            found.append(moved)
    return words + tuple(found)


def _overlaps(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


class _Clock:
    """The page's time limit, shared by its Tesseract calls."""

    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self.deadline = time.monotonic() + options.timeout_s

    def left(self, cap: float | None = None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OcrTimeoutError(self.options.timeout_s)
        return left if cap is None else min(left, cap)

    def words(self, gray: NDArray[np.uint8], page: int, psm: int = PSM) -> tuple[Word, ...]:
        found = tesseract.words(
            gray, page=page, lang=self.options.lang, psm=psm, timeout_s=self.left()
        )
        return _without_junk(found)


_NUMBER = regex.compile(r"[$S]?\d{1,3}(?:[,.]\d{0,3})*[,.]?")


def _without_junk(words: tuple[Word, ...]) -> tuple[Word, ...]:
    # Logos, seals, barcodes and QR codes come back as tall, unsure "words"; left in, one
    # spanning two text lines makes the line builder merge those lines word by word. Hairline
    # table rules come back as flat specks ("~", ";") that break a table into pieces.
    if not words:
        return words
    # An amount whose box took in a speck of a leader above or below it is tall and unsure
    # too, but its text still has the shape of a number.
    typical = statistics.median(w.height for w in words)
    return tuple(
        w
        for w in words
        if w.height >= 0.3 * typical
        and (
            w.height <= 1.8 * typical
            or w.conf >= 0.5
            or (w.height <= 3 * typical and _NUMBER.fullmatch(w.text) is not None)
        )
        and (w.conf >= 0.5 or any(c.isalnum() for c in w.text))
    )


#: Words that make up a good share of any letter's text, English or Spanish; OCR of
#: upside-down text has almost none of them.
_COMMON_WORDS = frozenset(
    {
        "a", "amount", "an", "and", "are", "as", "at", "be", "by", "can", "do", "due", "for",
        "from", "have", "if", "in", "is", "it", "may", "not", "notice", "of", "on", "or", "our",
        "pay", "payment", "tax", "that", "the", "this", "to", "us", "we", "with", "you", "your",
        # Spanish editions of the notices.
        "aviso", "cantidad", "con", "de", "del", "el", "en", "impuesto", "la", "las", "los",
        "pago", "para", "por", "que", "su", "una", "usted",
    }
)  # fmt: skip
#: Share of words that are common words, below which a reading is taken for gibberish
#: (measured: upright readings of test photos scored at least 0.10, upside-down ones 0.02).
_MIN_COMMON_SHARE = 0.06


def _common_words(words: tuple[Word, ...]) -> int:
    return sum(w.text.strip(".,:;()!?'\"").lower() in _COMMON_WORDS for w in words)


def _reads_as_text(words: tuple[Word, ...]) -> bool:
    # Too few words to judge (a form, a short note) counts as text: nothing to gain.
    return len(words) < 40 or _common_words(words) >= _MIN_COMMON_SHARE * len(words)


def _support(words: tuple[Word, ...]) -> float:
    # Upside-down text comes back as short low-confidence fragments; real words are long.
    return sum(w.conf for w in words if sum(c.isalnum() for c in w.text) >= 3)


def _page(gray: NDArray[np.uint8], words: tuple[Word, ...], page: int, rotation: int) -> PageText:
    h, w = gray.shape[:2]
    return layout.page_text(
        words, page=page, width=float(w), height=float(h), source="ocr", rotation=rotation
    )


def _blank(gray: NDArray[np.uint8], page: int) -> PageText:
    h, w = gray.shape[:2]
    return PageText(page=page, width=float(w), height=float(h), lines=(), source="blank")
