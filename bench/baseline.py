"""The fastest honest baseline a user could put together without this project.

Text-layer PDFs: pypdfium2's page text. Everything else: Tesseract's plain text of the raw
first page (image_to_string, no preprocessing). Then one straightforward regex per field,
the kind anyone would write after reading a CP14. It shows what the layout-aware extractors,
the OCR repairs and the preprocessing add.
"""

from __future__ import annotations

import io
import os
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

MONTH_DATE = r"([A-Z][a-z]+ \d{1,2}, \d{4}|\d{2}/\d{2}/\d{4})"
MONEY = r"\$?(-?[\d,]+\.\d{2})"


def _text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        if len(text.strip()) > 40:
            return text
        image = pdf[0].render(scale=300 / 72).to_pil()
    else:
        import pillow_heif
        from PIL import Image, ImageOps

        pillow_heif.register_heif_opener()
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return str(pytesseract.image_to_string(image.convert("RGB"), timeout=120))


def _date(text: str | None) -> str | None:
    if not text:
        return None
    for fmt in ("%B %d, %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _money(text: str | None) -> str | None:
    if not text:
        return None
    return f"{abs(Decimal(text.replace(',', ''))):.2f}"


def _first(pattern: str, text: str) -> str | None:
    m = re.search(pattern, text)
    return m.group(1) if m else None


def baseline_scan(source: Any) -> dict[str, Any]:
    """The baseline's reading of one file, in the result contract's shape."""
    try:
        text = _text(Path(source))
    except Exception as e:  # the baseline does not try hard with bad files
        return {"error": {"type": "baseline", "message": str(e)}}
    code = _first(r"\b(CP ?\d{1,4}[A-Z]?|LT ?\d{1,4}|Letter \d{3,5}[A-Z]?)\b", text)
    if code:
        code = code.replace(" ", "").replace("Letter", "LTR")
    year = _first(r"Tax (?:year|period)[:\s]+(\d{4})\b", text)
    penalties = [Decimal(v.replace(",", "")) for v in re.findall(r"[Pp]enalty\s+" + MONEY, text)]
    return {
        "error": None,
        "notice_code": code,
        "notice_date": _date(_first(r"Notice date:?\s+" + MONTH_DATE, text)
                             or _first(r"Date:?\s+" + MONTH_DATE, text)),
        "tax_periods": [{"form": None, "period_end": date(int(year), 12, 31).isoformat(),
                         "year": int(year)}] if year else [],
        "due_date": _date(_first(r"(?:Amount due by|Pay by|Respond by)\s+" + MONTH_DATE, text)),
        "amounts": {
            "tax": _money(_first(r"Tax you owed\s+" + MONEY, text)),
            "payments_credits": _money(_first(r"Payments and credits\s+" + MONEY, text)),
            "penalties": f"{sum(penalties):.2f}" if penalties else None,
            "interest": _money(_first(r"Interest(?: charges)?\s+" + MONEY, text)),
            "amount_due": _money(_first(r"Amount due[^$\d\n]*" + MONEY, text)),
        },
    }
