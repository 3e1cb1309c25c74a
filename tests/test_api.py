"""The library API end to end on real files: scan() from every kind of source, the result
contract, explain(), and the error classes."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pdfs import cp14, write_pdf

import scanner
from scanner import (
    CorruptFileError,
    EncryptedPdfError,
    ScanOptions,
    ScanResult,
    TooLargeError,
    UnsupportedFormatError,
    explain,
    scan,
)
from scanner.models import FIELD_NAMES

CONTRACT_KEYS = {
    "source", "input_kind", "notice_code", "notice_date", "tax_periods", "due_date", "amounts",
    "stage", "explanation", "fields", "warnings", "error",
}


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return cp14(tmp_path / "cp14.pdf")


def test_scan_reads_a_text_layer_letter(letter: Path) -> None:
    result = scan(letter, today=date(2024, 4, 20))
    assert result.notice_code == "CP14"
    assert result.notice_date == date(2024, 4, 15)
    assert result.due_date == date(2024, 5, 6)
    assert result.amounts.amount_due == Decimal("1075.21")
    assert result.amounts.tax == Decimal("3183.00")
    assert result.amounts.payments_credits == Decimal("3328.00")
    assert result.amounts.penalties == Decimal("1075.21")
    assert result.amounts.interest == Decimal("145.00")
    assert [p.year for p in result.tax_periods] == [2023]
    assert result.input_kind == "pdf-text"
    assert result.stage is not None and (result.stage.process, result.stage.step) == (
        "balance-due", 1)
    assert result.warnings == ()
    assert [p.source for p in result.pages] == ["text-layer", "text-layer"]


def test_to_dict_has_every_contract_key_and_plain_json_types(letter: Path) -> None:
    data = scan(letter).to_dict()
    assert set(data) >= CONTRACT_KEYS
    assert data["amounts"] == {"tax": "3183.00", "payments_credits": "3328.00",
                               "penalties": "1075.21", "interest": "145.00",
                               "amount_due": "1075.21"}
    assert data["tax_periods"] == [{"form": None, "period_end": "2023-12-31", "year": 2023}]
    assert data["due_date"] == "2024-05-06"
    for name, f in data["fields"].items():
        assert name in FIELD_NAMES
        assert set(f) == {"value", "confidence", "page", "evidence"}
        assert 0.0 <= f["confidence"] <= 1.0 and f["page"] >= 1 and f["evidence"]
    assert json.loads(json.dumps(data)) == data


def test_every_kind_of_source_gives_the_same_result(letter: Path) -> None:
    data = letter.read_bytes()
    by_path = scan(letter).to_dict()
    for source in (str(letter), data, io.BytesIO(data)):
        other = scan(source).to_dict()
        for key in ("notice_code", "notice_date", "due_date", "amounts", "tax_periods"):
            assert other[key] == by_path[key]


def test_days_left_count_from_the_given_today(letter: Path) -> None:
    result = scan(letter, options=ScanOptions(today=date(2024, 5, 1)))
    printed = [d for d in result.deadlines if d.kind == "printed"]
    assert printed and printed[0].date == date(2024, 5, 6) and printed[0].days_left == 5
    late = scan(letter, today=date(2024, 6, 1))
    assert [d.days_left for d in late.deadlines if d.kind == "printed"] == [-26]


def test_explain_finds_codes_and_printed_aliases() -> None:
    notice = explain("CP504")
    assert notice is not None and notice.code == "CP504"
    alias = explain("Letter 1058")
    assert alias is not None and alias.code == "LTR1058"
    assert explain("CP99999") is None


def test_a_page_that_is_not_a_letter_gives_no_fields(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "recipe.pdf", [
        "Grandma's apple pie\nIngredients: 6 apples, 1 cup of sugar, 2 cups of flour.\n"
        "Bake for 45 minutes at 350 degrees. Serves 8. Total cost about $12.50.\n"])
    result = scan(path)
    assert result.notice_code is None
    assert result.fields == {}
    assert result.stage is None and result.explanation is None
    assert result.error is None


def test_a_blank_page_says_it_is_blank(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "blank.pdf", [""])
    result = scan(path)
    assert result.fields == {} and result.error is None
    assert result.input_kind == "pdf-scanned"  # drawn and looked at: no text layer
    assert any("blank" in w for w in result.warnings)
    letter_result = scan(cp14(tmp_path / "cp14.pdf"))
    assert not any("blank" in w for w in letter_result.warnings)


def test_a_blank_cover_page_does_not_make_a_text_letter_a_scan(tmp_path: Path) -> None:
    from pdfs import CP14_PAGE_1

    result = scan(write_pdf(tmp_path / "cover.pdf", ["", CP14_PAGE_1]))
    assert [p.source for p in result.pages] == ["blank", "text-layer"]
    assert result.input_kind == "pdf-text"
    assert result.notice_code == "CP14"


def test_encrypted_pdf_needs_its_password(tmp_path: Path) -> None:
    from pdfs import CP14_PAGE_1

    path = write_pdf(tmp_path / "locked.pdf", [CP14_PAGE_1], password="s3cret")
    with pytest.raises(EncryptedPdfError, match="--password"):
        scan(path)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        scan(path, password="nope")
    assert scan(path, password="s3cret").notice_code == "CP14"


def test_page_limit_is_enforced(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "long.pdf", ["Page text here, nothing else."] * 5)
    with pytest.raises(TooLargeError, match="5 pages"):
        scan(path, options=ScanOptions(max_pages=3))


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", CorruptFileError),
        (b"%PDF-1.7\n1 0 obj <<", CorruptFileError),
        (b"Dear IRS, this is a plain text file.\n", UnsupportedFormatError),
        (b"PK\x03\x04 not really a docx", UnsupportedFormatError),
    ],
    ids=["empty", "truncated-pdf", "text", "zip"],
)
def test_unreadable_content_raises_a_scanner_error(
    tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    with pytest.raises(error):
        scan(path)


def test_public_api_is_exported() -> None:
    for name in ("scan", "scan_many", "explain", "ScanOptions", "ScanResult", "Field",
                 "ScannerError", "ExitCode", "TaxPeriod", "Amounts", "Stage"):
        assert name in scanner.__all__ and hasattr(scanner, name)
    assert isinstance(scanner.__version__, str)


def test_results_are_frozen(letter: Path) -> None:
    result = scan(letter)
    assert isinstance(result, ScanResult)
    with pytest.raises(AttributeError):
        result.source = "other"  # type: ignore[misc]


def test_sha256_in_the_output_is_the_files_hash(letter: Path) -> None:
    # Regression: the identifier mask once ate nine-digit runs inside the hash, so --resume
    # could not recognise finished files.
    import hashlib

    assert scan(letter).to_dict()["sha256"] == hashlib.sha256(letter.read_bytes()).hexdigest()


def test_a_smudged_notice_date_is_worked_out_on_a_photographed_letter(tmp_path: Path) -> None:
    # A real image through the whole pipeline (OpenCV, Tesseract, extraction, checks). Both
    # printed notice dates carry a blot OCR reads as '$', so neither can be read as a date;
    # the due date and the CP503's 21-day rule settle it, and the result says so.
    from imaging import font
    from PIL import Image, ImageDraw

    rows = [
        (60, "Department of the Treasury", "Notice", "CP503"),
        (95, "Internal Revenue Service", "Notice date", "05/0$/2019"),
        (130, "Kansas City, MO 64999-0023", "Tax period", "12/31/2018"),
        (165, "", "Taxpayer ID number", "XXX-XX-6144"),
        (330, "Important: unpaid taxes for 2018", "", ""),
        (380, "Amount due: $381.26", "", ""),
        (440, "Pay the amount due by 05/24/2019 to stop further interest.", "", ""),
        (900, "Notice  CP503", "Amount due by 05/24/2019", "$381.26"),
        (935, "Notice date  05/0$/2019", "", ""),
    ]
    image = Image.new("L", (1275, 1100), 255)
    draw = ImageDraw.Draw(image)
    text = font(26)
    for y, left, label, value in rows:
        draw.text((60, y), left, font=text, fill=0)
        draw.text((640, y), label, font=text, fill=0)
        draw.text((960, y), value, font=text, fill=0)
    path = tmp_path / "cp503.png"
    image.save(path)

    result = scan(path)
    assert result.notice_code == "CP503"
    assert result.due_date == date(2019, 5, 24)
    assert result.notice_date == date(2019, 5, 3)
    assert result.fields["notice_date"].confidence == 0.5
    assert any("notice date is hard to read" in w for w in result.warnings)


@pytest.mark.ocr
def test_a_grey_photo_reads_like_its_colour_original(tmp_path: Path) -> None:
    # Scanner apps and grey camera modes save photos without colour, which the page finder
    # cannot then use to tell paper from a wooden table.
    from PIL import Image, ImageOps

    sample = Path(__file__).resolve().parent.parent / "samples" / "photo" / "cp14-01.jpg"
    expected = json.loads(sample.with_name("cp14-01.expected.json").read_text())
    with Image.open(sample) as image:
        grey = ImageOps.exif_transpose(image).convert("L")
    path = tmp_path / "grey.png"
    grey.save(path)

    result = scan(path).to_dict()
    assert result["pages"][0]["source"] == "ocr"
    for key in ("notice_code", "notice_date", "due_date", "tax_periods", "amounts"):
        assert result[key] == expected[key], key


@pytest.mark.ocr
def test_a_blurred_photo_says_it_could_not_be_read_not_that_it_is_no_letter() -> None:
    import cv2

    from scanner.report import render_result

    sample = Path(__file__).resolve().parent.parent / "samples" / "photo" / "cp14-01.jpg"
    blurred = cv2.GaussianBlur(cv2.imread(str(sample)), (0, 0), 4)
    ok, encoded = cv2.imencode(".jpg", blurred)
    assert ok
    result = scan(encoded.tobytes())
    assert result.notice_code is None
    assert any("Most of the text could not be read" in w for w in result.warnings)
    assert not any("does not look like an IRS notice" in w for w in result.warnings)
    out = io.StringIO()
    render_result(result, scanner.load_catalog(), out, today=date(2026, 11, 25))
    assert "does not look like" not in out.getvalue()
    # The sharp photo it was made from gives no such warning.
    assert not any("could not be read (the" in w for w in scan(sample).warnings)


@pytest.mark.ocr
def test_a_searchable_scan_whose_hidden_text_is_wrong_is_read_from_its_picture(
    tmp_path: Path,
) -> None:
    import pypdfium2 as pdfium
    from pdfs import CP14_PAGE_1

    clean = write_pdf(tmp_path / "clean.pdf", [CP14_PAGE_1])
    picture = pdfium.PdfDocument(str(clean))[0].render(scale=300 / 72).to_pil().convert("L")
    # Another program's OCR left a wrong penalty in the hidden text: it does not add up.
    wrong = CP14_PAGE_1.replace("633.30", "683.30")
    path = write_pdf(tmp_path / "searchable.pdf", [wrong], pictures=[picture])
    result = scan(path)
    assert result.amounts.penalties == Decimal("1075.21")  # 318.30 + 633.30 + 123.61
    assert result.amounts.amount_due == Decimal("1075.21")
    assert any("hidden text layer" in w for w in result.warnings)
    assert [p.source for p in result.pages] == ["ocr"]
    # A hidden layer that agrees with itself is used as it is, with no second read.
    right = write_pdf(tmp_path / "right.pdf", [CP14_PAGE_1], pictures=[picture])
    assert [p.source for p in scan(right).pages] == ["text-layer"]


@pytest.mark.ocr
def test_a_scanned_stack_of_two_letters_reports_each(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from pdfs import CP14_PAGE_1

    cp501 = (
        CP14_PAGE_1.replace("CP14", "CP501")
        .replace("April 15, 2024", "June 3, 2024")
        .replace("May 6, 2024", "June 24, 2024")
        .replace("1,075.21", "1,102.60")
        .replace("145.00", "172.39")
    )
    clean = write_pdf(tmp_path / "clean.pdf", [CP14_PAGE_1, cp501])
    pictures = [p.render(scale=200 / 72).to_pil().convert("L") for p in pdfium.PdfDocument(clean)]
    stack = write_pdf(tmp_path / "stack.pdf", ["", ""], pictures=pictures)
    result = scan(stack)
    assert [p.source for p in result.pages] == ["ocr", "ocr"]
    assert (result.notice_code, result.notice_date) == ("CP14", date(2024, 4, 15))
    assert result.amounts.amount_due == Decimal("1075.21")
    (second,) = result.other_letters
    assert (second.notice_code, second.notice_date) == ("CP501", date(2024, 6, 3))
    assert second.due_date == date(2024, 6, 24)
    assert second.amounts.interest == Decimal("172.39")
    assert second.amounts.amount_due == Decimal("1102.60")
    assert [p.page for p in second.pages] == [2]
    assert result.to_dict()["other_letters"][0]["notice_code"] == "CP501"


@pytest.mark.parametrize(
    ("file_format", "photo"),
    [("pdf", False), ("tiff", False), ("jpeg", True), ("png", True), ("heic", True)],
)
def test_a_tiff_is_read_as_a_scan_like_a_pdf(file_format: str, photo: bool) -> None:
    # Scanners and faxes write TIFF; phones never do. The same page scanned to a TIFF and to
    # a PDF must go through the same steps (no page search, no sharpening).
    from scanner.api import _photo

    assert _photo(file_format) is photo
