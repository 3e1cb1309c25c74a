"""The exception hierarchy: one-line messages, exit codes, and errors that survive pickling."""

from __future__ import annotations

import pickle

import pytest

from scanner.errors import (
    CatalogError,
    CorruptFileError,
    EncryptedPdfError,
    ExitCode,
    OcrTimeoutError,
    ScannerError,
    TesseractMissingError,
    UnsupportedFormatError,
)

ERRORS = [
    OcrTimeoutError(12.5),
    UnsupportedFormatError("ZIP archive"),
    EncryptedPdfError(wrong_password=True),
    CorruptFileError("the PDF has no pages"),
    TesseractMissingError(),
    CatalogError("patterns/notices/cp14.toml", "CP14", "stage", "missing"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_cross_process_boundaries_intact(error: ScannerError) -> None:
    # Batch workers send errors back to the parent through pickle.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
    assert copy.exit_code == error.exit_code


def test_messages_are_one_line() -> None:
    error = CorruptFileError("first line\nsecond   line")
    assert error.message == "first line second line"


def test_timeout_keeps_its_limit_and_environment_errors_exit_3() -> None:
    assert OcrTimeoutError(12.5).timeout_s == 12.5
    assert "12.5 seconds" in str(OcrTimeoutError(12.5))
    assert TesseractMissingError().exit_code == ExitCode.ENVIRONMENT
    assert CorruptFileError("x").exit_code == ExitCode.FILES_FAILED
