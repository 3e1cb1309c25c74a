"""The Tesseract wrapper: word tables, orientation, environment and error translation."""

from __future__ import annotations

import logging
import re

import faults
import imaging
import numpy as np
import pytesseract
import pytest

from scanner.errors import OcrError, OcrTimeoutError, TesseractMissingError
from scanner.tools import tesseract

HEADER = "\t".join(("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                    "left", "top", "width", "height", "conf", "text"))
WHITE = np.full((60, 200), 255, np.uint8)


def tsv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


# --- parsing a word table (canned output, no Tesseract) ------------------------------------


def test_words_converts_boxes_and_confidence(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.canned(monkeypatch, tsv(
        "1\t1\t0\t0\t0\t0\t0\t0\t200\t60\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91.5\tDue",
        "5\t1\t1\t1\t1\t2\t50\t21\t40\t11\t-1\tskip",
        "5\t1\t1\t1\t1\t3\t95\t20\t5\t12\t80\t   ",
        "5\t1\t1\t1\t1\t4\t105\t19\t60\t14\t47\t$12.00",
    ))
    got = tesseract.words(WHITE, page=3, lang="eng", psm=6, timeout_s=5)
    assert [w.text for w in got] == ["Due", "$12.00"]
    first = got[0]
    assert (first.x0, first.top, first.x1, first.bottom) == (10, 20, 40, 32)
    assert first.conf == pytest.approx(0.915)
    assert got[1].conf == pytest.approx(0.47)
    assert {w.page for w in got} == {3}


def test_words_tolerates_missing_trailing_text_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.canned(monkeypatch, tsv("5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t95\tIRS",
                                   "5\t1\t1\t1\t1\t2\t50\t20\t30\t12\t95"))
    assert [w.text for w in tesseract.words(WHITE, page=1, lang="eng", psm=6,
                                            timeout_s=5)] == ["IRS"]


def test_words_passes_psm_lang_and_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def raw(kind: str, image: object, lang: str, config: str, timeout_s: float) -> str:
        seen.update(kind=kind, lang=lang, config=config, timeout_s=timeout_s)
        return tsv()

    monkeypatch.setattr(tesseract, "_raw", raw)
    monkeypatch.setattr(tesseract, "version", lambda: faults.FAKE_VERSION)
    tesseract.words(WHITE, page=1, lang="deu", psm=11, timeout_s=7.5, config="-c x=1")
    assert seen["kind"] == "data"
    assert seen["lang"] == "deu"
    assert seen["timeout_s"] == 7.5
    assert "--psm 11" in str(seen["config"]) and "-c x=1" in str(seen["config"])


def test_thread_limit_is_set_but_not_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.canned(monkeypatch, tsv())
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)
    import os

    assert os.environ["OMP_THREAD_LIMIT"] == "1"
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)
    assert os.environ["OMP_THREAD_LIMIT"] == "2"


@pytest.mark.parametrize(("osd", "expected"), [
    ("Page number: 0\nOrientation in degrees: 90\nRotate: 270\nOrientation confidence: 7.5\n",
     (270, 7.5)),
    ("Rotate: 0\nOrientation confidence: 12.25\n", (0, 12.25)),
    ("Rotate: 45\nOrientation confidence: 3\n", (0, 0.0)),
    ("Rotate: ninety\nOrientation confidence: 3\n", (0, 0.0)),
    ("Orientation confidence: 3\n", (0, 0.0)),
])
def test_orientation_parses_osd(monkeypatch: pytest.MonkeyPatch, osd: str,
                                expected: tuple[int, float]) -> None:
    faults.canned(monkeypatch, tsv(), osd=osd)
    assert tesseract.orientation(WHITE, timeout_s=5) == expected


# --- faults ------------------------------------------------------------------------------


def test_missing_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.missing(monkeypatch)
    with pytest.raises(TesseractMissingError) as info:
        tesseract.version()
    assert isinstance(info.value.__cause__, pytesseract.TesseractNotFoundError)
    assert info.value.exit_code == 3
    with pytest.raises(TesseractMissingError):
        tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)
    # Orientation fails softly on Tesseract trouble, but not when Tesseract is absent.
    with pytest.raises(TesseractMissingError):
        tesseract.orientation(WHITE, timeout_s=5)


def test_crash_becomes_ocr_error_with_status_and_first_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    faults.crash(monkeypatch, status=139)
    with caplog.at_level(logging.DEBUG, logger="scanner.tools.tesseract"), \
            pytest.raises(OcrError) as info:
        tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)
    err = info.value
    assert type(err) is OcrError and err.type == "ocr_failed"
    assert "139" in err.message
    assert "cannot read image" in err.message
    assert "Image too small" not in err.message  # only the first line
    assert "\n" not in err.message
    assert isinstance(err.__cause__, pytesseract.TesseractError)
    assert any(r.getMessage().startswith("[tesseract]") and "Image too small" in r.getMessage()
               for r in caplog.records)


def test_timeout_becomes_ocr_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.timeout(monkeypatch)
    with pytest.raises(OcrTimeoutError) as info:
        tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=4)
    assert info.value.timeout_s == 4
    assert info.value.type == "ocr_timeout"
    assert isinstance(info.value.__cause__, RuntimeError)


def test_garbage_output_becomes_ocr_error(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.garbage(monkeypatch)
    with pytest.raises(OcrError):
        tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)


def test_garbage_rows_become_ocr_error(monkeypatch: pytest.MonkeyPatch) -> None:
    faults.canned(monkeypatch, tsv("5\t1\t1\t1\t1\t1\tten\t20\t30\t12\t95\tIRS"))
    with pytest.raises(OcrError):
        tesseract.words(WHITE, page=1, lang="eng", psm=6, timeout_s=5)


@pytest.mark.parametrize("fault", [faults.crash, faults.timeout, faults.garbage])
def test_orientation_fails_softly(monkeypatch: pytest.MonkeyPatch, fault: object) -> None:
    fault(monkeypatch)  # type: ignore[operator]
    assert tesseract.orientation(WHITE, timeout_s=5) == (0, 0.0)


# --- real Tesseract ------------------------------------------------------------------------


@pytest.mark.ocr
def test_version_is_probed() -> None:
    assert re.match(r"^\d+\.\d+", tesseract.version())


@pytest.mark.ocr
def test_reads_a_rendered_line() -> None:
    img = imaging.render_line(imaging.AMOUNT_LINE, px=40, margin=30)
    got = tesseract.words(img, page=2, lang="eng", psm=7, timeout_s=30)
    assert imaging.AMOUNT_LINE in " ".join(w.text for w in got)
    assert all(0 < w.conf <= 1 and w.page == 2 for w in got)
    h, w = img.shape
    assert all(0 <= x.x0 < x.x1 <= w and 0 <= x.top < x.bottom <= h for x in got)
    # Boxes are in this image's pixels: the first word starts at the left margin.
    assert abs(got[0].x0 - 30) <= 4


@pytest.mark.ocr
def test_real_timeout() -> None:
    page = imaging.render_letter(dpi=200).image
    with pytest.raises(OcrTimeoutError):
        tesseract.words(page, page=1, lang="eng", psm=3, timeout_s=0.05)


@pytest.mark.ocr
def test_unknown_language_is_an_ocr_error() -> None:
    with pytest.raises(OcrError) as info:
        tesseract.words(imaging.render_line(), page=1, lang="zzz", psm=7, timeout_s=30)
    assert "status" in info.value.message


@pytest.mark.ocr
def test_orientation_of_blank_image_is_soft() -> None:
    assert tesseract.orientation(np.full((300, 300), 255, np.uint8), timeout_s=30) == (0, 0.0)


@pytest.mark.ocr
@pytest.mark.parametrize("turned", [90, 180, 270])
def test_osd_finds_the_turn(turned: int) -> None:
    # At 100 dpi OSD misreads quarter turns (confidence 0.3); at 150 dpi it is sure.
    page = imaging.render_letter(dpi=150).image
    angle, conf = tesseract.orientation(imaging.turn(page, turned), timeout_s=30)
    assert (angle + turned) % 360 == 0
    assert conf > 1
