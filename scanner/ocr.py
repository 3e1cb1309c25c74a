"""Page image -> :class:`PageText`: clean up with OpenCV, turn upright, read with Tesseract.

Choices below were measured on rendered letters, scans and phone photos (issue 4):

- Orientation: the OpenCV check in :mod:`scanner.preprocess` (text lines horizontal or
  vertical, then ascenders against descenders for upside down) costs ~50 ms and agreed with
  Tesseract's OSD on every test page; OSD costs ~0.8 s, so it runs only when the cheap check
  is unsure.
- Page segmentation: ``PSM`` (see its comment for the numbers).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scanner import layout, preprocess
from scanner.models import PageText
from scanner.options import ScanOptions
from scanner.tools import tesseract

#: Tesseract page segmentation mode: 3 = automatic layout analysis without OSD.
PSM = 3
#: OSD is asked only when the cheap check is unsure, and given at most this long.
OSD_TIMEOUT_S = 15.0
#: OSD answers below this confidence are ignored (Tesseract's scale; upright text scores 2-15).
OSD_MIN_CONF = 1.5


def read_image(
    image: NDArray[np.uint8], *, page: int, options: ScanOptions, photo: bool
) -> tuple[PageText, tuple[str, ...]]:
    """OCR one page image (gray, RGB or RGBA); returns its text and any warnings.

    Word boxes are in the pixels of the prepared (warped, scaled, turned) image, and the
    PageText's width and height are that image's size.
    """
    if not options.preprocess:
        # The ablation baseline: the raw picture straight to Tesseract.
        gray = preprocess.to_gray(image)
        if preprocess.is_blank(gray):
            return _blank(gray, page), ()
        return _read(gray, page, options, rotation=0), ()

    warnings: list[str] = []
    prep = preprocess.prepare(image, photo=photo)
    gray = prep.image
    if photo and not prep.page_found:
        warnings.append(f"page {page}: no page outline found in the photo; read it as it is")
    if preprocess.is_blank(gray):
        return _blank(gray, page), tuple(warnings)
    rotation = prep.rotation
    if prep.upright < preprocess.UPRIGHT_MARGIN:
        turn, conf = tesseract.orientation(gray, timeout_s=min(options.timeout_s, OSD_TIMEOUT_S))
        if conf >= OSD_MIN_CONF:
            gray = preprocess.turn(gray, turn)
            rotation = (rotation + turn) % 360
        else:
            warnings.append(f"page {page}: could not tell which way up the page is; "
                            "read it as it is")
    return _read(gray, page, options, rotation=rotation), tuple(warnings)


def _read(gray: NDArray[np.uint8], page: int, options: ScanOptions, *, rotation: int) -> PageText:
    words = tesseract.words(gray, page=page, lang=options.lang, psm=PSM,
                            timeout_s=options.timeout_s)
    h, w = gray.shape[:2]
    return layout.page_text(words, page=page, width=float(w), height=float(h), source="ocr",
                            rotation=rotation)


def _blank(gray: NDArray[np.uint8], page: int) -> PageText:
    h, w = gray.shape[:2]
    return PageText(page=page, width=float(w), height=float(h), lines=(), source="blank")
