"""The per-page choice between a PDF's text layer and OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from scanner import scan
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
