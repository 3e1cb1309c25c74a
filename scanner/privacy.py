"""The one place that masks taxpayer identification numbers (SSN, ITIN, EIN).

Every string leaving the scanner (JSON, CSV, terminal, warnings, logs, error messages) passes
through :func:`mask`. Only the last four digits survive.
"""

from __future__ import annotations

import logging
from typing import Any

import regex

# SSN / ITIN: 3-2-4 digits with dashes, spaces or dots between the groups, or nine digits
# standing alone. EIN: 2-7 digits. Already masked forms (XXX-XX-1234) match too and come out
# the same. The lookarounds stop us from eating into longer digit runs (barcodes, scan lines),
# which are not identifiers.
# Digits may be printed masked (X, *), or misread by OCR as look-alike letters (l, I, O, S, B).
_D = r"[\dXx*lIOoSB]"
_SEP = r"\s?[-–—.\s]\s?"
_SSN = regex.compile(rf"(?<![\dA-Za-z])(?:{_D}{{3}}){_SEP}(?:{_D}{{2}}){_SEP}(\d{{4}})(?![\d])")
_EIN7 = regex.compile(r"(?<![\dA-Za-z-])[\dXx*]{2}\s?[-–\s]\s?[\dXx*]{3}(\d{4})(?!\d)")
# A badly spaced print puts spaces between the digits too: "9 0 0-64-1809" (dashes still
# between the groups), or nine digits each standing apart.
_SPACED = regex.compile(
    r"(?<![\dA-Za-z])\d ?\d ?\d ?[-–—] ?\d ?\d ?[-–—] ?(\d ?\d ?\d ?\d)(?!\d)"
    r"|(?<![\d.,$])\d(?: \d){4} (\d(?: \d){3})(?![\d.,])"
)
# Nine digits standing alone, not part of a longer word such as a content hash.
_BARE9 = regex.compile(r"(?<![\w$.,/-])(\d{5})(\d{4})(?![\w.,/-])")


def mask(text: str) -> str:
    """Return ``text`` with every SSN, ITIN or EIN cut down to its last four digits."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = _SPACED.sub(lambda m: f"XXX-XX-{(m.group(1) or m.group(2)).replace(' ', '')}", text)
    text = _SSN.sub(lambda m: f"XXX-XX-{m.group(1)}", text)
    text = _EIN7.sub(lambda m: f"XX-XXX{m.group(1)}", text)
    return _BARE9.sub(lambda m: f"XXXXX{m.group(2)}", text)


def mask_tin(value: str) -> str:
    """Mask one identifier known to be a TIN, keeping its shape (SSN or EIN)."""
    digits = regex.sub(r"\D", "", value)
    last4 = digits[-4:] if len(digits) >= 4 else digits
    if regex.fullmatch(r"[\dXx*]{2}-[\dXx*]{7}", value.strip()):
        return f"XX-XXX{last4}"
    return f"XXX-XX-{last4}"


def mask_deep(value: Any) -> Any:
    """Mask every string inside a JSON-like structure (dicts, lists, tuples)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: mask_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_deep(v) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks identifiers in every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with identifiers masked."""
        record.msg = mask(record.getMessage())
        record.args = None
        return True
