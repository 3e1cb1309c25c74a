"""Write real PDF files from the plain-text layouts of ``textpage`` (for end-to-end tests).

Every word is drawn where ``textpage.words_from_text`` places it, so a test can state a
letter as text and then scan the actual file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from textpage import HEIGHT, cells_from_text

# A plausible CP14 used by several end-to-end tests; identifiers printed masked.
CP14_PAGE_1 = """Department of the Treasury
Internal Revenue Service
P.O. Box 9019
Holtsville, NY 11742-9019
@x=380
@y=0.05
Notice  CP14
Tax year  2023
Notice date  April 15, 2024
Social security number  XXX-XX-1234
Page 1 of 2
@x=40
@y=0.22
You have a balance due for 2023  |  Amount due: $1,075.21
@y=0.30
Billing Summary
Tax you owed  $3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Interest charges  145.00
Failure-to-pay estimated tax penalty  123.61
Amount due by May 6, 2024  $1,075.21
@y=0.78
Notice  CP14
Notice date  April 15, 2024
Social security number  XXX-XX-1234
Amount due by May 6, 2024  $1,075.21
Amount you are paying  $
Make your check or money order payable to the United States Treasury.
"""

CP14_PAGE_2 = """\
Notice: CP14 Tax year: 2023 Notice date: April 15, 2024 TIN: XXX-XX-1234 Page 2 of 2
@y=0.2
Penalties
We charge a penalty when you file late or pay late. Interest adds up on what you owe.
"""


def write_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    password: str | None = None,
    pictures: Sequence[Any] = (),
) -> Path:
    """A text-layer PDF with one page per layout string. With ``pictures`` (PIL images, one
    per page) it is a searchable scan: each picture fills its page and the text is drawn
    over it invisibly, as OCR programs do."""
    _width, height = letter
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=1)
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1, encrypt=encrypt)
    for number, text in enumerate(pages, start=1):
        if pictures:
            from reportlab.lib.utils import ImageReader

            pdf.drawImage(ImageReader(pictures[number - 1]), 0, 0, width=_width, height=height)
        pdf.setFont("Helvetica", 8)
        for x, top, cell in cells_from_text(text, height=height):
            # textpage measures from the top; PDF from the bottom, baseline near the box bottom.
            line = pdf.beginText(x, height - top - HEIGHT + 2)
            line.setTextRenderMode(3 if pictures else 0)
            line.textOut(cell)
            pdf.drawText(line)
        pdf.showPage()
    pdf.save()
    return path


def cp14(path: Path) -> Path:
    """The standard two-page CP14 test letter."""
    return write_pdf(path, [CP14_PAGE_1, CP14_PAGE_2])
