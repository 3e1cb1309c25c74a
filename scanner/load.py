"""Open the input: sniff the real format from its bytes, enforce limits, yield pages.

A PDF page comes with its pdfplumber page (for the text layer) and can be rendered to an image
on demand; an image file yields one page per frame, EXIF orientation applied. Every library
error is translated here into a :class:`~scanner.errors.InputError` subclass.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from scanner.errors import (
    CorruptFileError,
    EncryptedPdfError,
    InputError,
    TooLargeError,
    UnsupportedFormatError,
)
from scanner.options import ScanOptions

Source = str | os.PathLike[str] | bytes | IO[bytes] | Image.Image | np.ndarray

IMAGE_FORMATS = ("jpeg", "png", "tiff", "webp", "heic", "bmp", "gif")
SUPPORTED_SUFFIXES = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
    ".webp",
    ".heic",
    ".heif",
    ".bmp",
    ".gif",
)
#: How finely a PDF page is rendered for OCR; preprocessing rescales from there.
RENDER_DPI = 300


def sniff(data: bytes) -> str:
    """The real format of a file from its first bytes: 'pdf', 'jpeg', 'png', ... or a guess."""
    head = data[:64]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"mif1",
        b"msf1",
        b"heim",
        b"heis",
        b"hevc",
        b"hevx",
        b"avif",
    ):
        return "heic"
    if head.startswith(b"BM"):
        return "bmp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"PK\x03\x04":
        return "zip archive (e.g. a Word document)"
    if not head.strip():
        return "empty or blank file"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown binary"


def read_source(source: Source) -> tuple[str, bytes | Image.Image | np.ndarray]:
    """A display name and the content of any supported source (path, bytes, file, image)."""
    if isinstance(source, (Image.Image, np.ndarray)):
        return "<image>", source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>", bytes(source)
    if hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise InputError("the file object must be opened in binary mode")
        return str(getattr(source, "name", "<stream>")), data
    path = Path(os.fspath(source))
    try:
        if path.is_dir():
            raise InputError("is a folder; scan a file (the command line takes folders)")
        if path.exists() and not path.is_file():
            raise InputError("is not a regular file (a pipe or a device)")
        return str(source), path.read_bytes()
    except FileNotFoundError as e:
        raise InputError("no such file") from e
    except PermissionError as e:
        raise InputError("permission denied") from e
    except IsADirectoryError as e:
        raise InputError("is a folder, not a file") from e
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror or e})") from e


@dataclass
class LoadedPage:
    """One page of input: a PDF page (text layer + renderer) or an image frame."""

    number: int
    pdf_page: Any = None  # pdfplumber.page.Page
    image: np.ndarray | None = None
    _pdfium_page: Any = None
    max_pixels: int = 80_000_000

    def render(self, dpi: int = RENDER_DPI) -> np.ndarray:
        """The page as an RGB image (rendered for a PDF page, never past ``max_pixels``)."""
        if self.image is not None:
            return self.image
        try:
            width, height = self._pdfium_page.get_size()
            scale = dpi / 72
            if width * height * scale * scale > self.max_pixels:
                # A page that claims to be metres wide: draw it smaller, not out of memory.
                scale = (self.max_pixels / max(1.0, width * height)) ** 0.5
            bitmap = self._pdfium_page.render(scale=scale, grayscale=False)
            return np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
        except Exception as e:  # a damaged page description
            raise CorruptFileError(f"page {self.number} cannot be drawn ({_short(e)})") from e


@dataclass
class Document:
    """An opened input: its format and pages."""

    format: str
    pages: list[LoadedPage]

    @property
    def is_pdf(self) -> bool:
        """True for PDFs."""
        return self.format == "pdf"


@contextmanager
def open_document(
    content: bytes | Image.Image | np.ndarray, options: ScanOptions
) -> Iterator[Document]:
    """Open the content as a Document; raises InputError subclasses for bad input."""
    if isinstance(content, np.ndarray):
        yield Document("image", [LoadedPage(1, image=_as_rgb_array(content))])
        return
    if isinstance(content, Image.Image):
        yield Document("image", list(_image_pages(content, options)))
        return
    if not content:
        raise CorruptFileError("the file is empty (0 bytes)")
    kind = sniff(content)
    if kind == "pdf":
        with _open_pdf(content, options) as doc:
            yield doc
    elif kind in IMAGE_FORMATS:
        yield Document(kind, _open_image(content, kind, options))
    else:
        raise UnsupportedFormatError(kind)


@contextmanager
def _open_pdf(data: bytes, options: ScanOptions) -> Iterator[Document]:
    import pdfplumber
    import pypdfium2 as pdfium
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        plumber = pdfplumber.open(io.BytesIO(data), password=options.password or "")
    except Exception as e:  # pdfminer raises many unrelated types for damaged files
        cause = e.__cause__ or e.__context__ or e
        if (
            isinstance(e, PDFPasswordIncorrect)
            or isinstance(cause, PDFPasswordIncorrect)
            or "password" in repr(cause).lower()
        ):
            raise EncryptedPdfError(wrong_password=bool(options.password)) from e
        raise CorruptFileError(f"the PDF is damaged and cannot be opened ({_short(e)})") from e
    try:
        try:
            count = len(plumber.pages)
        except Exception as e:
            raise CorruptFileError(f"the PDF's page list is damaged ({_short(e)})") from e
        if count == 0:
            raise CorruptFileError("the PDF has no pages")
        if count > options.max_pages:
            raise TooLargeError(
                f"the PDF has {count} pages; the limit is {options.max_pages} "
                "(an IRS letter has a few; raise it with --max-pages)"
            )
        try:
            pdfium_doc = pdfium.PdfDocument(data, password=options.password or None)
        except pdfium.PdfiumError as e:
            if "password" in str(e).lower():
                raise EncryptedPdfError(wrong_password=bool(options.password)) from e
            raise CorruptFileError(f"the PDF cannot be rendered ({_short(e)})") from e
        try:
            pages = [_pdf_page(i, plumber, pdfium_doc, options) for i in range(count)]
            yield Document("pdf", pages)
        finally:
            pdfium_doc.close()
    finally:
        # Closing walks the parsed pages again, which fails on some damaged files.
        with contextlib.suppress(Exception):
            plumber.close()


def _pdf_page(index: int, plumber: Any, pdfium_doc: Any, options: ScanOptions) -> LoadedPage:
    try:
        return LoadedPage(
            index + 1,
            pdf_page=plumber.pages[index],
            _pdfium_page=pdfium_doc[index],
            max_pixels=options.max_pixels,
        )
    except Exception as e:  # any parser error on a damaged page object
        raise CorruptFileError(f"page {index + 1} of the PDF is damaged ({_short(e)})") from e


#: Below this many pixels on its short side an image cannot hold a letter's text (an icon,
#: a tracking pixel, a thumbnail).
MIN_IMAGE_SIDE = 100
#: Faxes are the most stretched pixels a letter comes in (204 x 98 dpi, about 2.1 : 1).
MAX_PIXEL_ASPECT = 4.0


def _open_image(data: bytes, kind: str, options: ScanOptions) -> list[LoadedPage]:
    if kind == "heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    try:
        with warnings.catch_warnings(), _quiet_c_stderr():
            # Pillow (and libtiff, from C) complain about damaged files; the outcome (read
            # or refused) is what the user needs, not the libraries' chatter on stderr.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            return list(_image_pages(image, options))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        # Pillow's own message prints pixel counts that the output's masking of long digit
        # runs would garble, so the limit is said in megapixels.
        limit = (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
        raise TooLargeError(
            f"the image is too large to be a letter photo (over {limit} megapixels)"
        ) from e
    except UnidentifiedImageError as e:
        raise CorruptFileError(f"the {kind.upper()} image is damaged or not an image") from e
    except InputError:
        raise
    except Exception as e:  # Pillow and its plugins raise many types on damaged files
        raise CorruptFileError(f"the {kind.upper()} image is damaged ({_short(e)})") from e


@contextmanager
def _quiet_c_stderr() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null while C libraries decode an image."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _image_pages(image: Image.Image, options: ScanOptions) -> Iterator[LoadedPage]:
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index >= options.max_pages:
            raise TooLargeError(f"the image has more than {options.max_pages} pages")
        width, height = frame.size
        if width * height > options.max_pixels:
            raise TooLargeError(
                f"the image is {width}x{height} pixels; the limit is {options.max_pixels:,} "
                "pixels (a decompression bomb or a wrongly made file)"
            )
        if min(width, height) < MIN_IMAGE_SIDE:
            raise InputError(
                f"the image is {width}x{height} pixels, too small to hold a readable letter"
            )
        upright = ImageOps.exif_transpose(frame) if index == 0 else frame
        square = _square_pixels(_rgb(upright), frame.info.get("dpi"), options.max_pixels)
        yield LoadedPage(index + 1, image=_as_rgb_array(np.asarray(square)))


def _square_pixels(image: Image.Image, dpi: object, max_pixels: int) -> Image.Image:
    """Stretch a page whose pixels are not square (a fax at 204 x 98 dpi, a scan at 200 x 100)
    to the finer of its two resolutions, so letters have their printed shapes. Resolutions
    further apart than any real device makes are a damaged tag, and left alone."""
    try:
        x_dpi, y_dpi = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return image
    if not (0 < x_dpi < 10_000 and 0 < y_dpi < 10_000):
        return image
    ratio = max(x_dpi, y_dpi) / min(x_dpi, y_dpi)
    if not 1.2 <= ratio <= MAX_PIXEL_ASPECT:
        return image
    top = max(x_dpi, y_dpi)
    size = (round(image.width * top / x_dpi), round(image.height * top / y_dpi))
    if size[0] * size[1] > max_pixels:
        return image
    return image.resize(size, Image.Resampling.BICUBIC)


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float64)
        scaled = 255 * array / max(1.0, float(array.max()))
        return Image.fromarray(scaled.astype(np.uint8))
    return image.convert("RGB")


def _as_rgb_array(array: np.ndarray) -> np.ndarray:
    if array.dtype != np.uint8:
        top = float(array.max()) if array.size else 1.0
        array = (255 * (array.astype(np.float64) / (top or 1.0))).astype(np.uint8)
    if array.ndim == 2:
        return np.ascontiguousarray(np.stack([array] * 3, axis=-1))
    if array.ndim == 3 and array.shape[2] >= 3:
        return np.ascontiguousarray(array[:, :, :3])
    if array.ndim == 3 and array.shape[2] == 1:
        return np.ascontiguousarray(np.repeat(array, 3, axis=2))
    raise InputError(f"an image array must be HxW or HxWx3, not {array.shape}")


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:120]
