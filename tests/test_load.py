"""Loading images: pixel modes, EXIF, and pages whose pixels are not square."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from scanner import InputError, ScanOptions, scan
from scanner.load import open_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def loaded_size(image: Image.Image, **save: object) -> tuple[int, int]:
    buf = io.BytesIO()
    image.save(buf, "TIFF", **save)
    with open_document(buf.getvalue(), ScanOptions()) as doc:
        array = doc.pages[0].render()
    return array.shape[1], array.shape[0]


@pytest.mark.parametrize(
    ("dpi", "expected"),
    [
        ((300, 300), (400, 300)),
        ((204, 98), (400, 624)),  # a fine-mode fax: rows twice as far apart as columns
        ((100, 200), (800, 300)),
        ((300, 290), (400, 300)),  # within rounding of square: left alone
    ],
)
def test_pixels_that_are_not_square_are_made_square(
    dpi: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert loaded_size(Image.new("L", (400, 300), 255), dpi=dpi) == expected


@pytest.mark.ocr
def test_a_fax_of_a_letter_is_read(tmp_path: Path) -> None:
    # A bilevel G4 TIFF at 200 x 100 dpi, as a fax machine sends it: squashed to half height
    # it reads wrongly ('284.30' for $284.90); stretched back it reads like the scan.
    import pypdfium2 as pdfium

    sample = SAMPLES / "scanned" / "cp14-pdf.pdf"
    expected = json.loads(sample.with_name("cp14-pdf.expected.json").read_text())
    pdf = pdfium.PdfDocument(sample)
    page = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    pdf.close()
    fax = page.resize((page.width, page.height // 2)).point(lambda v: 255 if v > 150 else 0)
    path = tmp_path / "fax.tif"
    fax.convert("1", dither=Image.Dither.NONE).save(path, compression="group4", dpi=(200, 100))

    result = scan(path).to_dict()
    for key in ("notice_code", "notice_date", "due_date", "amounts"):
        assert result[key] == expected[key], key


@pytest.mark.parametrize("dpi", [(0.008, 200), (200, 1e-9), (300, 3000)])
def test_a_damaged_resolution_tag_is_ignored(dpi: tuple[float, float]) -> None:
    # A fuzzed TIFF claimed 0.008 x 200 dpi: stretched by 25,000 it ran out of memory.
    assert loaded_size(Image.new("L", (400, 300), 255), dpi=dpi) == (400, 300)


def test_a_stretch_past_the_pixel_limit_is_not_made() -> None:
    buf = io.BytesIO()
    Image.new("L", (2000, 1000), 255).save(buf, "TIFF", dpi=(100, 200))
    with open_document(buf.getvalue(), ScanOptions(max_pixels=3_000_000)) as doc:
        assert doc.pages[0].render().shape[:2] == (1000, 2000)


@pytest.mark.parametrize("size", [(1, 1), (640, 40)])
def test_an_image_too_small_to_hold_a_letter_is_refused(size: tuple[int, int]) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    with pytest.raises(InputError, match=f"{size[0]}x{size[1]} pixels, too small"):
        scan(buffer.getvalue())
