"""The single-file entry points: :func:`scan` and :func:`explain`.

This module is the table of contents of the pipeline:
load -> (text layer | preprocess + OCR) -> extract -> cross-check -> catalog -> result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
import time
from datetime import date
from typing import Any

from scanner import load, textlayer
from scanner.catalog import Catalog, Notice, load_catalog
from scanner.checks import cross_check
from scanner.deadlines import compute_deadlines
from scanner.errors import OcrTimeoutError, ScannerError
from scanner.extract import extract_all
from scanner.extract.letters import split_letters
from scanner.models import (
    FIELD_NAMES,
    ErrorInfo,
    Explanation,
    InputKind,
    PageInfo,
    PageText,
    ScanResult,
    Stage,
    page_span,
)
from scanner.options import ScanOptions
from scanner.patterns import load_labels
from scanner.privacy import mask


def _options(options: ScanOptions | None, overrides: dict[str, Any]) -> ScanOptions:
    base = options or ScanOptions()
    given = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(base, **given) if given else base


def scan(
    source: load.Source,
    *,
    options: ScanOptions | None = None,
    today: date | None = None,
    password: str | None = None,
) -> ScanResult:
    """Scan one letter: a path, bytes, a binary file object, a PIL image or a NumPy array.

    Raises:
        ScannerError: a subclass saying why the file could not be read (unreadable, encrypted,
            too large, OCR failure or timeout, Tesseract missing).
    """
    opts = _options(options, {"today": today, "password": password})
    name, content = load.read_source(source)
    digest = hashlib.sha256(content).hexdigest() if isinstance(content, bytes) else None
    pages, infos, kind, warnings = read_pages(content, opts)
    result = build_result(name, kind, pages, infos, warnings, opts, digest)
    hidden = frozenset(p.page for p in pages if p.over_scan)
    if hidden and (doubts := _check_failures(result)):
        # A searchable scan's hidden text is another program's OCR, and it can be wrong
        # where the picture is right: when the letter does not add up, read the picture.
        pages, infos, kind, warnings = read_pages(content, opts, ocr_pages=hidden)
        reread = build_result(name, kind, pages, infos, warnings, opts, digest)
        if _check_failures(reread) < doubts:
            note = (
                "The PDF's hidden text layer fails the scanner's checks (the summary does not "
                "add up, or the dates disagree) where its page images pass them; the images "
                "were read instead."
            )
            return dataclasses.replace(reread, warnings=(note, *reread.warnings))
    return result


def _check_failures(result: ScanResult) -> int:
    """How many cross-checks (the billing sum, the dates) the result's fields fail."""
    catalog = load_catalog()
    notice = catalog.lookup(result.notice_code) if result.notice_code else None
    failed: list[str] = []
    cross_check(dict(result.fields), notice, failed)
    return len(failed)


def read_pages(
    content: bytes | Any, options: ScanOptions, *, ocr_pages: frozenset[int] = frozenset()
) -> tuple[list[PageText], list[PageInfo], InputKind, list[str]]:
    """Load the input and read every page from its text layer or by OCR (pages numbered in
    ``ocr_pages`` by OCR even when they have a text layer)."""
    deadline = time.monotonic() + options.timeout_s
    pages: list[PageText] = []
    infos: list[PageInfo] = []
    warnings: list[str] = []
    with load.open_document(content, options) as doc:
        for page in doc.pages:
            text = None
            if doc.is_pdf and page.number not in ocr_pages:
                text = textlayer.read_text_layer(page.pdf_page, page.number)
            if text is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OcrTimeoutError(options.timeout_s)
                try:
                    text, notes = _ocr(page, options, left, photo=_photo(doc.format))
                except OcrTimeoutError as e:
                    # Report the limit the user set, not what was left of it for this page.
                    raise OcrTimeoutError(options.timeout_s) from e
                warnings.extend(notes)
            pages.append(text)
            infos.append(
                PageInfo(
                    page.number,
                    text.source,
                    text.rotation,
                    sum(len(line.words) for line in text.lines),
                )
            )
    if not doc.is_pdf:
        kind: InputKind = "image"
    elif any(p.source == "ocr" for p in pages) or all(p.source == "blank" for p in pages):
        kind = "pdf-scanned"  # a page without a text layer was drawn and read
    else:
        kind = "pdf-text"  # a blank cover or back page has nothing to read either way
    return pages, infos, kind, warnings


def _photo(file_format: str) -> bool:
    """True for a picture that may be a photo of the page (find the page, sharpen); a PDF
    or a TIFF comes from a scanner or a fax, whose page fills the picture."""
    return file_format not in ("pdf", "tiff")


def _ocr(
    page: load.LoadedPage, options: ScanOptions, seconds_left: float, *, photo: bool
) -> tuple[PageText, tuple[str, ...]]:
    from scanner import ocr  # imported on first use: text-layer PDFs never need OpenCV

    budget = dataclasses.replace(options, timeout_s=max(1.0, seconds_left))
    return ocr.read_image(page.render(), page=page.number, options=budget, photo=photo)


def build_result(
    name: str,
    kind: InputKind,
    pages: list[PageText],
    infos: list[PageInfo],
    warnings: list[str],
    options: ScanOptions,
    digest: str | None = None,
) -> ScanResult:
    """Extract, cross-check and explain the letter in the pages; a file holding several
    letters gives the first, with the others in ``other_letters``."""
    catalog = load_catalog()
    groups = split_letters(pages, load_labels(), catalog)
    if len(groups) == 1:
        return _letter_result(name, kind, pages, infos, warnings, options, digest)
    results = []
    for group in groups:
        numbers = {p.page for p in group}
        own_infos = [i for i in infos if i.page in numbers]
        results.append(_letter_result(name, kind, group, own_infos, warnings, options, None))
    first, others = results[0], tuple(results[1:])
    told = "; ".join(
        f"{r.notice_code or 'a letter'} on {page_span([i.page for i in r.pages])}"
        for r in (first, *others)
    )
    note = (
        f"This file holds {len(results)} letters ({told}). Each is reported on its own: "
        "the first here, the others after it (other_letters)."
    )
    return dataclasses.replace(
        first,
        warnings=(note, *first.warnings),
        pages=tuple(infos),
        sha256=digest,
        text=mask("\f".join(p.text for p in pages)) if options.include_text else None,
        other_letters=others,
    )


def _letter_result(
    name: str,
    kind: InputKind,
    pages: list[PageText],
    infos: list[PageInfo],
    warnings: list[str],
    options: ScanOptions,
    digest: str | None,
) -> ScanResult:
    catalog = load_catalog()
    extraction = extract_all(pages, load_labels(), catalog)
    notes = list(warnings) + list(extraction.warnings)
    code_field = extraction.fields.get("notice_code")
    notice = catalog.lookup(code_field.value) if code_field else None
    fields = cross_check(extraction.fields, notice, notes, extraction.mended)
    if code_field is not None and notice is None:
        notes.append(
            f"{code_field.value} is not in the scanner's catalog yet, so there is no "
            "explanation; the fields above were read from the letter."
        )
    hard_to_read = _hard_to_read(pages)
    if not extraction.is_letter and pages and any(p.lines for p in pages):
        if hard_to_read:
            notes.append(
                "Most of the text could not be read (the picture may be blurred, too small or "
                "too dark), so no notice code was found. Try a sharper photo, taken closer, "
                "in good light."
            )
        elif not extraction.warnings:  # the extractor may already have said why
            notes.append("This does not look like an IRS notice or letter: no notice code found.")
    elif hard_to_read:
        notes.append(
            "Much of the text was hard to read (the picture may be blurred, too small or too "
            "dark); fields may be missing or misread. Check them against the letter."
        )
    elif pages and not any(p.lines for p in pages):
        blank = "The page is blank" if len(pages) == 1 else f"All {len(pages)} pages are blank"
        notes.append(f"{blank}: there is no text to read. Check that the right file was sent.")
    today = options.today or date.today()
    due = fields.get("due_date")
    nd = fields.get("notice_date")
    hearing = extraction.hearing_date
    return ScanResult(
        source=name,
        input_kind=kind,
        # What the API hands back is masked as the JSON is: an amount's line may hold the SSN.
        fields={
            k: dataclasses.replace(fields[k], evidence=mask(fields[k].evidence))
            for k in FIELD_NAMES
            if k in fields
        },
        stage=stage_of(notice, catalog, business=extraction.business),
        explanation=explanation_of(notice),
        title=notice.title if notice else None,
        deadlines=compute_deadlines(
            notice,
            notice_date=nd.value if nd else None,
            due_date=due.value if due else None,
            due_kind=extraction.due_kind,
            hearing_date=hearing.value if hearing else None,
            today=today,
        ),
        warnings=tuple(dict.fromkeys(mask(note) for note in notes)),
        pages=tuple(infos),
        sha256=digest,
        text=mask("\f".join(p.text for p in pages)) if options.include_text else None,
    )


#: Median OCR confidence of a page's words below which most of it was not really read:
#: legible photos measure 0.85 and up, blurred or tiny ones 0.55 and below.
_LEGIBLE_MEDIAN_CONF = 0.65


def _hard_to_read(pages: list[PageText]) -> bool:
    """True when OCR was unsure of most of the words it read from the letter's images."""
    confs = [w.conf for p in pages if p.source == "ocr" for line in p.lines for w in line.words]
    return len(confs) >= 20 and statistics.median(confs) < _LEGIBLE_MEDIAN_CONF


def stage_of(notice: Notice | None, catalog: Catalog, *, business: bool = False) -> Stage | None:
    """Where a notice sits in its process (the business ladder for a letter with an EIN)."""
    if notice is None:
        return None
    refs = list(notice.stages)
    if business:
        refs.sort(key=lambda r: catalog.processes[r.process].audience != "business")
    ref = refs[0]
    process = catalog.processes[ref.process]
    return Stage(process.id, ref.step, process.length, process.steps[ref.step - 1])


def explanation_of(notice: Notice | None) -> Explanation | None:
    """The catalog's explanation of a notice."""
    if notice is None:
        return None
    return Explanation(
        notice.summary,
        notice.what_irs_wants,
        notice.what_comes_next,
        notice.misunderstandings,
        notice.response_window(),
    )


def error_result(source: str, error: BaseException) -> ScanResult:
    """A result that records why a file could not be scanned."""
    if isinstance(error, ScannerError):
        info = ErrorInfo(error.type, error.message)
    else:
        info = ErrorInfo("internal", f"unexpected {type(error).__name__}: {error}")
    return ScanResult(source=source, error=info)


def explain(code: str) -> Notice | None:
    """The catalog entry for a code or alias ('CP504', 'Letter 1058'), without a letter."""
    return load_catalog().lookup(code)


__all__ = ["build_result", "error_result", "explain", "read_pages", "scan"]
