"""The one wrapper around Tesseract (through pytesseract), modelled on OCRmyPDF's.

Tesseract is probed lazily, so text-layer PDFs work without it. Every call runs with a
timeout and one OpenMP thread (parallelism comes from the batch's process pool), and every
pytesseract failure is translated into a :mod:`scanner.errors` class here, so no other module
needs to know pytesseract's exception types. All calls go through :func:`_raw`, the single call
site that the fault-injection tests replace.

pytesseract hands back Tesseract's stderr only when the program fails (joined into one line);
that text is logged at debug level with a ``[tesseract]`` prefix.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterator
from typing import Literal

import numpy as np
import pytesseract
from numpy.typing import NDArray
from PIL import Image

from scanner.errors import OcrError, OcrTimeoutError, TesseractMissingError
from scanner.models import Word

log = logging.getLogger(__name__)

Kind = Literal["version", "data", "osd"]

_TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)
# pytesseract's only signal for a timeout is a bare RuntimeError with this text.
_TIMEOUT_MESSAGE = "Tesseract process timeout"


def _raw(kind: Kind, image: Image.Image | None, lang: str, config: str, timeout_s: float) -> str:
    """Run pytesseract once and return its raw text output. The single call site."""
    if kind == "version":
        return str(pytesseract.get_tesseract_version())
    if kind == "data":
        return str(pytesseract.image_to_data(image, lang=lang, config=config, timeout=timeout_s))
    return str(pytesseract.image_to_osd(image, config=config, timeout=timeout_s))


def _call(
    kind: Kind,
    image: Image.Image | None = None,
    *,
    lang: str = "eng",
    config: str = "",
    timeout_s: float = 0,
) -> str:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        return _raw(kind, image, lang, config, timeout_s)
    except pytesseract.TesseractNotFoundError as e:
        raise TesseractMissingError() from e
    except pytesseract.TesseractError as e:
        message = " ".join(str(e.message).split())
        log.debug("[tesseract] %s", message)
        raise OcrError(f"Tesseract failed (status {e.status}): {_first_line(message)}") from e
    except RuntimeError as e:
        if str(e) == _TIMEOUT_MESSAGE:
            raise OcrTimeoutError(timeout_s) from e
        raise OcrError(f"Tesseract failed: {e}") from e
    except SystemExit as e:
        # pytesseract exits the interpreter when it cannot parse the version string.
        raise OcrError(f"Tesseract is unusable: {e}") from e


def _first_line(message: str, limit: int = 160) -> str:
    # pytesseract joins Tesseract's stderr lines with spaces; its first sentence is the cause.
    if not message:
        return "no message"
    for stop in (". ", "! "):
        if stop in message:
            message = message.split(stop, 1)[0] + stop.strip()
            break
    return message if len(message) <= limit else message[: limit - 3] + "..."


@functools.cache
def version() -> str:
    """The Tesseract version, probed once, on first need."""
    return _call("version").strip()


def _to_pil(image: NDArray[np.uint8]) -> Image.Image:
    pil = Image.fromarray(image)
    # Uncompressed temp file: PNG compression of a full page costs ~100 ms per call for nothing.
    pil.format = "BMP"
    return pil


def words(
    image: NDArray[np.uint8],
    *,
    page: int,
    lang: str,
    psm: int,
    timeout_s: float,
    config: str = "",
) -> tuple[Word, ...]:
    """OCR one page image; words with boxes in the pixel coordinates of ``image``."""
    version()
    tsv = _call(
        "data",
        _to_pil(image),
        lang=lang,
        config=f"--psm {psm} {config}".strip(),
        timeout_s=timeout_s,
    )
    return tuple(_parse_tsv(tsv, page))


def _parse_tsv(tsv: str, page: int) -> Iterator[Word]:
    rows = tsv.splitlines()
    if not rows or tuple(rows[0].split("\t")) != _TSV_COLUMNS:
        raise OcrError("Tesseract returned output that is not a word table")
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) == len(_TSV_COLUMNS) - 1:
            cells.append("")  # a trailing empty text cell can lose its tab
        if len(cells) != len(_TSV_COLUMNS):
            raise OcrError("Tesseract returned a malformed word table row")
        text = cells[11].strip()
        try:
            left, top, width, height = (int(c) for c in cells[6:10])
            conf = float(cells[10])
        except ValueError as e:
            raise OcrError("Tesseract returned a malformed word table row") from e
        if not text or conf < 0:
            continue
        yield Word(
            text=text,
            x0=float(left),
            top=float(top),
            x1=float(left + width),
            bottom=float(top + height),
            conf=max(0.0, min(1.0, conf / 100.0)),
            page=page,
        )


def orientation(image: NDArray[np.uint8], *, timeout_s: float) -> tuple[int, float]:
    """Degrees (0/90/180/270) to turn ``image`` clockwise to make it upright, and a confidence.

    A soft failure: on a timeout, too little text or a Tesseract error it returns ``(0, 0.0)``.
    A missing Tesseract still raises :class:`TesseractMissingError`.
    """
    version()
    try:
        out = _call("osd", _to_pil(image), timeout_s=timeout_s)
    except OcrError as e:
        log.debug("[tesseract] orientation check failed: %s", e)
        return 0, 0.0
    rotate, conf = None, None
    for line in out.splitlines():
        key, _, value = line.partition(":")
        try:
            if key.strip() == "Rotate":
                rotate = int(value.strip())
            elif key.strip() == "Orientation confidence":
                conf = float(value.strip())
        except ValueError:
            return 0, 0.0
    if rotate is None or conf is None or rotate % 90 or not 0 <= rotate < 360:
        return 0, 0.0
    return rotate, conf
