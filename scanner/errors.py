"""Exceptions raised by the scanner, each mapped to a stable type slug and an exit code.

The library raises these; only ``scanner.cli`` turns them into messages and exit codes, and a
batch stores them as the ``error`` entry of a file's result.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status of the ``scan`` command."""

    OK = 0
    FILES_FAILED = 1
    USAGE = 2
    ENVIRONMENT = 3
    INTERRUPTED = 130


class ScannerError(Exception):
    """Base class of every error the scanner raises on purpose."""

    type: str = "error"
    exit_code: ExitCode = ExitCode.FILES_FAILED

    def __init__(self, message: str) -> None:
        # One line, always: the CLI prints it after "scan: error: FILE: ".
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        """The one-line message."""
        return str(self)

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take other arguments than the message, so the default pickling (calling
        # the class with ``args``) fails when an error crosses from a worker process.
        return (_restore, (type(self), str(self), dict(self.__dict__)))


def _restore(cls: type[ScannerError], message: str, state: dict[str, object]) -> ScannerError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InputError(ScannerError):
    """The file cannot be read as a letter."""

    type = "input"


class UnsupportedFormatError(InputError):
    """The file is not a PDF or an image format the scanner reads."""

    type = "unsupported_format"

    def __init__(self, detected: str, supported: str = "PDF, JPEG, PNG, WebP, TIFF, HEIC") -> None:
        super().__init__(f"unsupported file type ({detected}); the scanner reads {supported}")
        self.detected = detected


class CorruptFileError(InputError):
    """The file claims a known format but its content is damaged or empty."""

    type = "corrupt_file"


class EncryptedPdfError(InputError):
    """The PDF needs a password."""

    type = "encrypted_pdf"

    def __init__(self, wrong_password: bool = False) -> None:
        if wrong_password:
            super().__init__("the PDF password is wrong")
        else:
            super().__init__("the PDF is encrypted; give its password with --password")


class TooLargeError(InputError):
    """The file exceeds a page or pixel limit (or is a decompression bomb)."""

    type = "too_large"


class OcrError(ScannerError):
    """Tesseract failed on a page."""

    type = "ocr_failed"


class OcrTimeoutError(OcrError):
    """Tesseract, or the whole scan of a file, ran past its time limit."""

    type = "ocr_timeout"

    def __init__(self, timeout_s: float) -> None:
        super().__init__(f"gave up after {timeout_s:g} seconds (time limit)")
        self.timeout_s = timeout_s


class TesseractMissingError(ScannerError):
    """The Tesseract program is not installed or not on PATH."""

    type = "tesseract_missing"
    exit_code = ExitCode.ENVIRONMENT

    def __init__(self) -> None:
        super().__init__(
            "Tesseract OCR is not installed or not on PATH; install it with "
            "'apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd' "
            "(macOS: 'brew install tesseract') or run 'make setup'"
        )


class CatalogError(ScannerError):
    """A file in ``patterns/`` breaks the schema."""

    type = "catalog_invalid"
    exit_code = ExitCode.ENVIRONMENT

    def __init__(self, path: str, entry: str | None, key: str | None, problem: str) -> None:
        where = path
        if entry:
            where += f" [{entry}]"
        if key:
            where += f" {key}"
        super().__init__(f"{where}: {problem}")
        self.path, self.entry, self.key, self.problem = path, entry, key, problem


class UsageError(ScannerError):
    """Bad option values given to the library or the command line."""

    type = "usage"
    exit_code = ExitCode.USAGE
