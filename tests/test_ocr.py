"""The OCR stage: page image -> PageText, with orientation, blank pages and the raw baseline."""

from __future__ import annotations

import time
from typing import Any

import cv2
import faults
import imaging
import numpy as np
import pytest

from scanner import ocr
from scanner import preprocess as pp
from scanner.errors import OcrError, OcrTimeoutError, TesseractMissingError
from scanner.models import Word
from scanner.options import ScanOptions
from scanner.tools import tesseract

OPTIONS = ScanOptions()


@pytest.fixture(scope="module")
def header() -> np.ndarray:
    """The top third of a rendered letter: two columns of header lines and some body."""
    page = imaging.render_letter(dpi=150).image
    return page[: page.shape[0] // 3]


class Recorder:
    """Stands in for tesseract.words and remembers the image it was given."""

    def __init__(self) -> None:
        self.images: list[np.ndarray] = []

    def __call__(self, image: np.ndarray, **kw: Any) -> tuple[Word, ...]:
        self.images.append(image)
        return (Word("Hello", 10, 10, 60, 30, 0.9, kw["page"]),)


def page_read_only(words: tuple[Word, ...]) -> Any:
    """Stands in for tesseract.words: ``words`` for the page, nothing for a second read of
    text the page read skipped (the real page image holds text these words do not cover)."""
    return lambda image, **kw: words if kw["psm"] == ocr.PSM else ()


# --- without Tesseract ---------------------------------------------------------------------


def test_blank_page_skips_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.crash(monkeypatch)  # any Tesseract call would raise
    white = imaging.add_noise(np.full((1100, 850), 255, np.uint8), sigma=8)
    for preprocess in (True, False):
        text, warnings = ocr.read_image(white, page=2, options=ScanOptions(preprocess=preprocess),
                                        photo=False)
        assert text.source == "blank" and text.lines == () and text.page == 2
        assert warnings == ()


def test_preprocess_off_feeds_the_raw_gray_image(monkeypatch: pytest.MonkeyPatch,
                                                 header: np.ndarray) -> None:
    rec = Recorder()
    monkeypatch.setattr(tesseract, "words", rec)
    color = cv2.cvtColor(imaging.turn(header, 180), cv2.COLOR_GRAY2RGB)
    text, warnings = ocr.read_image(color, page=1, options=ScanOptions(preprocess=False),
                                    photo=True)
    assert np.array_equal(rec.images[0], imaging.turn(header, 180))
    assert text.rotation == 0 and text.source == "ocr"
    assert (text.width, text.height) == (header.shape[1], header.shape[0])
    assert warnings == ()


def test_page_text_comes_from_the_words(monkeypatch: pytest.MonkeyPatch,
                                        header: np.ndarray) -> None:
    rec = Recorder()
    monkeypatch.setattr(tesseract, "words", rec)
    text, _ = ocr.read_image(header, page=4, options=OPTIONS, photo=False)
    assert text.text == "Hello" and text.page == 4 and text.source == "ocr"
    # Sized like the prepared image the words were read from.
    assert (text.height, text.width) == rec.images[0].shape


def test_unsure_orientation_asks_osd(monkeypatch: pytest.MonkeyPatch, header: np.ndarray) -> None:
    rec = Recorder()
    monkeypatch.setattr(tesseract, "words", rec)
    monkeypatch.setattr(pp, "upright_score", lambda gray: 0.0)
    monkeypatch.setattr(tesseract, "orientation", lambda image, timeout_s: (90, 8.0))
    text, warnings = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert text.rotation == 90
    assert rec.images[0].shape[0] > rec.images[0].shape[1]  # the wide header, turned upright
    assert warnings == ()


def test_unsure_orientation_and_unsure_osd_warns(monkeypatch: pytest.MonkeyPatch,
                                                 header: np.ndarray) -> None:
    monkeypatch.setattr(tesseract, "words", Recorder())
    monkeypatch.setattr(pp, "upright_score", lambda gray: 0.0)
    monkeypatch.setattr(tesseract, "orientation", lambda image, timeout_s: (0, 0.0))
    text, warnings = ocr.read_image(header, page=3, options=OPTIONS, photo=False)
    assert text.rotation == 0
    assert len(warnings) == 1 and "page 3" in warnings[0] and "which way up" in warnings[0]


def test_when_nothing_is_sure_both_readings_are_compared(monkeypatch: pytest.MonkeyPatch,
                                                        header: np.ndarray) -> None:
    monkeypatch.setattr(pp, "upright_score", lambda gray: 0.0)
    monkeypatch.setattr(tesseract, "orientation", lambda image, timeout_s: (180, 0.4))
    seen: list[np.ndarray] = []

    def words(image: np.ndarray, **kw: Any) -> tuple[Word, ...]:
        seen.append(image)
        if len(seen) == 1:  # the page as it is: upside-down fragments
            return (Word("uo", 0, 0, 9, 9, 0.3), Word("ʎɐd", 20, 0, 40, 9, 0.2))
        return (Word("Amount", 0, 0, 50, 9, 0.95), Word("due", 60, 0, 80, 9, 0.96))

    monkeypatch.setattr(tesseract, "words", words)
    text, warnings = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert len(seen) == 2 and np.array_equal(seen[1], pp.turn(seen[0], 180))
    assert text.rotation == 180 and text.text == "Amount due"
    assert warnings == ()


GIBBERISH = tuple(
    Word(t, 10 * i, 0, 10 * i + 8, 9, 0.4) for i, t in enumerate(["SO0c8", "KOW"] * 30)
)
PROSE = tuple(
    Word(t, 10 * i, 0, 10 * i + 8, 9, 0.9)
    for i, t in enumerate(6 * ("Pay", "the", "amount", "you", "owe", "by", "the", "date", "on"))
)


def test_a_confident_wrong_turn_is_caught_by_reading_gibberish(
    monkeypatch: pytest.MonkeyPatch, header: np.ndarray
) -> None:
    # The cheap check is sure the page is upside down, but the reading is gibberish: the
    # page is read the other way up too, and that reading has the words of a letter.
    monkeypatch.setattr(pp, "upright_score", lambda gray: -0.9)
    seen: list[np.ndarray] = []

    def words(image: np.ndarray, **kw: Any) -> tuple[Word, ...]:
        seen.append(image)
        return GIBBERISH if len(seen) == 1 else PROSE

    monkeypatch.setattr(tesseract, "words", words)
    text, _ = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert len(seen) == 2 and np.array_equal(seen[1], pp.turn(seen[0], 180))
    assert text.rotation == 0 and text.text.startswith("Pay the amount")


SPANISH_PROSE = tuple(
    Word(t, 10 * i, 0, 10 * i + 8, 9, 0.9)
    for i, t in enumerate(
        6 * ("Pague", "la", "cantidad", "que", "adeuda", "antes", "de", "la", "fecha")
    )
)


@pytest.mark.parametrize(
    ("first", "calls"),
    # Prose, English or Spanish, is read once; so is too little to judge.
    [(PROSE, 1), (SPANISH_PROSE, 1), (GIBBERISH[:30], 1)],
)
def test_a_second_reading_only_for_a_page_of_gibberish(
    monkeypatch: pytest.MonkeyPatch, header: np.ndarray, first: tuple[Word, ...], calls: int
) -> None:
    rec: list[np.ndarray] = []
    monkeypatch.setattr(tesseract, "words", lambda image, **kw: rec.append(image) or first)
    ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert len(rec) == calls


def test_gibberish_both_ways_keeps_the_first_reading(
    monkeypatch: pytest.MonkeyPatch, header: np.ndarray
) -> None:
    rec: list[np.ndarray] = []
    monkeypatch.setattr(tesseract, "words", lambda image, **kw: rec.append(image) or GIBBERISH)
    text, _ = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert len(rec) == 2 and text.rotation == 0


def test_tesseract_calls_share_the_time_limit(monkeypatch: pytest.MonkeyPatch,
                                              header: np.ndarray) -> None:
    monkeypatch.setattr(pp, "upright_score", lambda gray: 0.0)
    monkeypatch.setattr(tesseract, "orientation", lambda image, timeout_s: (0, 0.0))
    limits: list[float] = []

    def slow(image: np.ndarray, **kw: Any) -> tuple[Word, ...]:
        limits.append(kw["timeout_s"])
        time.sleep(0.6)
        return ()

    monkeypatch.setattr(tesseract, "words", slow)
    with pytest.raises(OcrTimeoutError):
        ocr.read_image(header, page=1, options=ScanOptions(timeout_s=0.5), photo=False)
    # The first reading got what was left of the second; the second never started.
    assert len(limits) == 1 and 0 < limits[0] <= 0.5


def test_sure_orientation_skips_osd(monkeypatch: pytest.MonkeyPatch, header: np.ndarray) -> None:
    monkeypatch.setattr(tesseract, "words", Recorder())

    def no_osd(image: np.ndarray, timeout_s: float) -> tuple[int, float]:
        raise AssertionError("OSD should not run")

    monkeypatch.setattr(tesseract, "orientation", no_osd)
    text, _ = ocr.read_image(imaging.turn(header, 180), page=1, options=OPTIONS, photo=False)
    assert text.rotation == 180


def test_photo_without_a_page_outline_warns(monkeypatch: pytest.MonkeyPatch,
                                            header: np.ndarray) -> None:
    monkeypatch.setattr(tesseract, "words", Recorder())
    # The page on a table, its outline lost in a dark band along one side.
    on_table = cv2.cvtColor(header, cv2.COLOR_GRAY2RGB)
    on_table[:, :40] = 60
    _, warnings = ocr.read_image(on_table, page=1, options=OPTIONS, photo=True)
    assert any("no page outline" in w for w in warnings)
    # Paper to every edge (a scan saved as an image): there is no outline to find.
    _, warnings = ocr.read_image(header, page=1, options=OPTIONS, photo=True)
    assert not any("no page outline" in w for w in warnings)


def test_logo_and_hairline_junk_is_dropped(monkeypatch: pytest.MonkeyPatch,
                                           header: np.ndarray) -> None:
    line1 = [Word("Internal", 100, 10, 180, 30, 0.95), Word("Revenue", 190, 10, 270, 30, 0.96)]
    line2 = [Word("Memphis,", 100, 40, 185, 60, 0.94), Word("TN", 195, 40, 220, 60, 0.97)]
    logo = Word("(as)", 20, 5, 80, 65, 0.3)  # a seal spanning both lines
    speck = Word("~", 300, 50, 307, 51, 0.44)  # a hairline rule
    bold = Word("Amount", 100, 80, 190, 120, 0.97)  # a big heading is sure of itself
    monkeypatch.setattr(tesseract, "words", page_read_only((*line1, logo, *line2, speck, bold)))
    text, _ = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert text.text.splitlines() == ["Internal Revenue", "Memphis, TN", "Amount"]


def test_an_unsure_amount_whose_box_took_in_leader_specks_is_kept(
    monkeypatch: pytest.MonkeyPatch, header: np.ndarray
) -> None:
    # "$48," with specks of a dashed rule above and below in its box: tall and unsure, but
    # shaped like a number, so it is text, not a logo.
    words = [Word(w, 100 + 60 * i, 10, 150 + 60 * i, 30, 0.95) for i, w in enumerate(
        ["Balance", "from", "previous", "notice"])]
    amount = [Word("$48,", 500, 2, 560, 50, 0.09), Word("028.30", 565, 10, 640, 30, 0.96)]
    logo = Word("(as)", 20, 0, 80, 60, 0.3)
    monkeypatch.setattr(tesseract, "words", page_read_only((*words, *amount, logo)))
    text, _ = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert [" ".join(line.split()) for line in text.text.splitlines()] == [
        "Balance from previous notice $48, 028.30"
    ]


@pytest.mark.parametrize(("fault", "error"), [
    (faults.crash, OcrError), (faults.timeout, OcrTimeoutError),
    (faults.missing, TesseractMissingError), (faults.garbage, OcrError),
])
def test_tesseract_faults_propagate(monkeypatch: pytest.MonkeyPatch, header: np.ndarray,
                                    fault: Any, error: type[Exception]) -> None:
    fault(monkeypatch)
    with pytest.raises(error):
        ocr.read_image(header, page=1, options=OPTIONS, photo=False)


# --- real Tesseract ------------------------------------------------------------------------


@pytest.mark.ocr
def test_reads_the_amount_line() -> None:
    line = imaging.render_line(imaging.AMOUNT_LINE, px=28, margin=60)
    text, _ = ocr.read_image(line, page=1, options=OPTIONS, photo=False)
    assert imaging.AMOUNT_LINE in text.text


@pytest.mark.ocr
def test_a_wrong_turn_is_undone_on_a_real_page(
    monkeypatch: pytest.MonkeyPatch, header: np.ndarray
) -> None:
    monkeypatch.setattr(pp, "upright_score", lambda gray: -0.9)  # confidently wrong
    text, _ = ocr.read_image(header, page=1, options=OPTIONS, photo=False)
    assert text.rotation == 0
    assert "Internal Revenue Service" in text.text


@pytest.mark.ocr
def test_reads_an_upside_down_skewed_header(header: np.ndarray) -> None:
    page = imaging.rotate_bound(imaging.turn(header, 180), -2.0)
    text, _ = ocr.read_image(page, page=1, options=OPTIONS, photo=False)
    assert text.rotation == 180
    assert "Internal Revenue Service" in text.text
    assert "Kansas City, MO 64999-0023" in text.text


# --- text Tesseract's layout analysis skipped --------------------------------------------


@pytest.fixture(scope="module")
def letter_read() -> tuple[np.ndarray, tuple[Word, ...]]:
    page = imaging.render_letter(dpi=150).image
    return page, ocr._without_junk(
        tesseract.words(page, page=1, lang="eng", psm=ocr.PSM, timeout_s=60)
    )


def _skipping_summary(words: tuple[Word, ...], lines: int) -> tuple[Word, ...]:
    """The words as if Tesseract had taken the first ``lines`` lines of the billing summary
    for a picture and left them out."""
    top = next(w.top for w in words if w.text == "Billing")
    bottom = top + lines * 1.55 * 10 / 72 * 150  # render_letter's line pitch at 150 dpi
    return tuple(w for w in words if not top - 2 <= w.top < bottom - 2)


@pytest.mark.ocr
def test_a_fully_read_page_has_no_skipped_regions(
    letter_read: tuple[np.ndarray, tuple[Word, ...]],
) -> None:
    page, words = letter_read
    assert ocr.skipped_regions(page, words) == []


@pytest.mark.ocr
def test_skipped_regions_cover_the_text_no_word_covers(
    letter_read: tuple[np.ndarray, tuple[Word, ...]],
) -> None:
    page, words = letter_read
    kept = _skipping_summary(words, 6)
    regions = ocr.skipped_regions(page, kept)
    assert regions
    for w in words:
        inside = any(
            x <= w.x0 and w.x1 <= x + rw and y <= w.top and w.bottom <= y + rh
            for x, y, rw, rh in regions
        )
        assert inside == (w not in kept), w.text


@pytest.mark.ocr
def test_skipped_text_is_read_again_and_added(
    letter_read: tuple[np.ndarray, tuple[Word, ...]],
) -> None:
    page, words = letter_read
    kept = _skipping_summary(words, 2)
    found = ocr._with_skipped(page, kept, 1, ocr._Clock(OPTIONS))
    added = found[len(kept) :]
    assert found[: len(kept)] == kept
    assert {"Billing", "summary", "Amount", "owed"} <= {w.text for w in added}
    for w in added:  # in page coordinates, where the word was printed
        twin = next(o for o in words if o.text == w.text and abs(o.top - w.top) < 5)
        assert abs(twin.x0 - w.x0) < 5


def test_no_second_call_when_every_mark_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    page = np.full((200, 400), 255, np.uint8)
    cv2.putText(page, "Hello there", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    words = tuple(Word("w", 10 + 40 * i, 70, 40 + 40 * i, 110, 0.9) for i in range(8))
    calls: list[np.ndarray] = []
    monkeypatch.setattr(tesseract, "words", lambda image, **kw: calls.append(image) or ())
    assert ocr._with_skipped(page, words, 1, ocr._Clock(OPTIONS)) == words
    assert calls == []
