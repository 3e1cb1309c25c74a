"""IRS letter scanner: read an IRS letter and explain it in plain English.

>>> from scanner import scan
>>> result = scan("letter.pdf")
>>> result.notice_code, result.due_date, result.amounts.amount_due
"""

from __future__ import annotations

from scanner.api import explain, scan
from scanner.batch import scan_many
from scanner.catalog import Catalog, Notice, load_catalog
from scanner.errors import (
    CatalogError,
    CorruptFileError,
    EncryptedPdfError,
    ExitCode,
    InputError,
    OcrError,
    OcrTimeoutError,
    ScannerError,
    TesseractMissingError,
    TooLargeError,
    UnsupportedFormatError,
    UsageError,
)
from scanner.models import (
    Amounts,
    Deadline,
    ErrorInfo,
    Explanation,
    Field,
    PageInfo,
    ScanResult,
    Stage,
    TaxPeriod,
)
from scanner.options import ScanOptions

__version__ = "0.1.0"

__all__ = [
    "Amounts",
    "Catalog",
    "CatalogError",
    "CorruptFileError",
    "Deadline",
    "EncryptedPdfError",
    "ErrorInfo",
    "ExitCode",
    "Explanation",
    "Field",
    "InputError",
    "Notice",
    "OcrError",
    "OcrTimeoutError",
    "PageInfo",
    "ScanOptions",
    "ScanResult",
    "ScannerError",
    "Stage",
    "TaxPeriod",
    "TesseractMissingError",
    "TooLargeError",
    "UnsupportedFormatError",
    "UsageError",
    "__version__",
    "explain",
    "load_catalog",
    "scan",
    "scan_many",
]
