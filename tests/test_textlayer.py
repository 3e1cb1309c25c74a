"""The per-page choice between a PDF's text layer and OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import CP14_PAGE_1, write_pdf
from reportlab.pdfgen import canvas
from textpage import HEIGHT, cells_from_text

from scanner import ScanOptions, scan
from scanner.models import Word
from scanner.textlayer import is_usable


def words(text: str) -> list[Word]:
    return [Word(t, 10.0 * i, 0.0, 10.0 * i + 8, 9.0, 1.0, 1) for i, t in enumerate(text.split())]


LEADERS = " ".join(["."] * 40)


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("Notice CP14 Tax year 2022 Notice date March 4, 2024 Page 2 of 2", True),
        # A continuation page that is mostly a billing summary with dotted leaders.
        (f"Billing Summary Tax you owed {LEADERS} $2,640.00 Payments and credits {LEADERS} "
         f"-1,400.00 Interest charges {LEADERS} 74.35 Amount due {LEADERS} $1,388.75", True),
        ("", False),
        ("x", False),
        # A hidden layer of OCR garbage.
        ("ÿþ#@ %&*Ž ¤¤¤ ]]]]] ~~~^ qzxv kkqj 1l1l |||| Ȝ§¶ ¤¤ #~#~ @@@@ +-+- %%%", False),
        # Figures alone (a page of a table with its words lost) is no evidence of text.
        ("1,234.56 2,345.67 3,456.78 12/31/2022 12/31/2023 4,567.89 5,678.90 6,789.01", False),
    ],
)
def test_text_layer_is_used_only_for_real_text(text: str, usable: bool) -> None:
    assert is_usable(words(text)) is usable


def test_a_page_of_dotted_leaders_is_read_from_its_text_layer(tmp_path: Path) -> None:
    # OCR of such a page had read "-1,400.00" as "71,400.00".
    path = tmp_path / "cp14.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 740, "Notice CP14    Tax year 2022    Notice date March 4, 2024")
    pdf.drawString(72, 700, "Billing Summary")
    rows = [("Tax you owed", "$2,640.00"), ("Payments and credits", "-1,400.00"),
            ("Failure-to-pay penalty", "74.40"), ("Interest charges", "74.35"),
            ("Amount due by March 25, 2024", "$1,388.75")]
    for i, (label, amount) in enumerate(rows):
        y = 680 - 18 * i
        pdf.drawString(72, y, label)
        pdf.drawString(250, y, " ".join(["."] * 28))
        pdf.drawRightString(540, y, amount)
    pdf.save()
    result = scan(path).to_dict()
    assert [p["source"] for p in result["pages"]] == ["text-layer"]
    assert result["amounts"]["payments_credits"] == "1400.00"
    assert result["amounts"]["amount_due"] == "1388.75"


def _letter_with_code(path: Path, code: str, *, over_scan: bool) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    pdf = canvas.Canvas(str(path), invariant=1)
    if over_scan:
        # A scan made searchable: the page picture, and the text of its OCR over it.
        scan_image = Image.new("L", (612, 792), 250)
        pdf.drawImage(ImageReader(scan_image), 0, 0, width=612, height=792)
    pdf.drawString(72, 740, "Department of the Treasury    Internal Revenue Service")
    pdf.drawString(360, 720, f"Notice    {code}")
    pdf.drawString(360, 706, "Notice date    April 15, 2024")
    pdf.drawString(72, 660, "You have a balance due because of your installment agreement.")
    pdf.drawString(72, 640, "We have not received full payment of the taxes you owe.")
    pdf.save()
    return path


@pytest.mark.parametrize(("over_scan", "code"), [(False, "CP141A"), (True, "CP14IA")])
def test_a_text_layer_over_a_scan_may_hold_ocr_slips(
    tmp_path: Path, over_scan: bool, code: str
) -> None:
    # Typed text is taken as printed; the OCR layer of a searchable scan gets the repairs
    # that OCR text gets ("CP141A" is CP14IA).
    path = _letter_with_code(tmp_path / "letter.pdf", "CP141A", over_scan=over_scan)
    result = scan(path).to_dict()
    assert [p["source"] for p in result["pages"]] == ["text-layer"]
    assert result["notice_code"] == code


@pytest.mark.parametrize("offsets", [(0.0, 0.0), (0.0, 0.35, 0.7)])
def test_glyphs_printed_over_themselves_are_read_once(
    tmp_path: Path, offsets: tuple[float, ...]
) -> None:
    # A page drawn twice, or bold faked by printing each word three times a hair apart:
    # without care the code reads "CCCPPP111444" and nothing else is found.
    plain = scan(write_pdf(tmp_path / "plain.pdf", [CP14_PAGE_1])).to_dict()
    path = tmp_path / "overprinted.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Helvetica", 8)
    for shift in offsets:
        for x, top, cell in cells_from_text(CP14_PAGE_1, height=792.0):
            pdf.drawString(x + shift, 792.0 - top - HEIGHT + 2, cell)
    pdf.save()
    result = scan(path).to_dict()
    assert result["notice_code"] == "CP14"
    for key in ("notice_date", "due_date", "tax_periods", "amounts"):
        assert result[key] == plain[key]
    assert result["amounts"]["amount_due"] is not None


TEXT = ScanOptions(include_text=True)


@pytest.mark.parametrize("also_drawn", [False, True])
def test_amounts_filled_into_form_fields_are_read(tmp_path: Path, also_drawn: bool) -> None:
    # A letter made as a PDF form: the amounts are the values of text fields, not page
    # text. With ``also_drawn`` the page prints them too, and they must not count twice.
    import re

    plain = scan(write_pdf(tmp_path / "plain.pdf", [CP14_PAGE_1]), options=TEXT).to_dict()
    path = tmp_path / "form.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Helvetica", 8)
    for i, (x, top, cell) in enumerate(cells_from_text(CP14_PAGE_1, height=792.0)):
        baseline = 792.0 - top - HEIGHT + 2
        if not re.fullmatch(r"-?\$?[\d,]+\.\d\d", cell):
            pdf.drawString(x, baseline, cell)
            continue
        if also_drawn:
            pdf.drawString(x, baseline, cell)
        pdf.acroForm.textfield(
            name=f"amount{i}", value=cell, x=x - 2, y=baseline - 3, width=60, height=12,
            fontSize=8, borderWidth=0,
        )
    pdf.save()
    result = scan(path, options=TEXT).to_dict()
    assert result["notice_code"] == "CP14"
    assert result["amounts"] == plain["amounts"]
    assert result["amounts"]["amount_due"] is not None
    assert not result["warnings"]
    assert sorted(re.findall(r"[\d,]+\.\d\d", result["text"])) == sorted(
        re.findall(r"[\d,]+\.\d\d", plain["text"])
    )
