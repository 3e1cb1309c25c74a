"""Terminal rendering of a result, a catalog entry, the catalog list, and a batch summary.

Written for a worried person reading a terminal: what the letter is, where it sits in the
process, the numbers, the dates with days left, what to do, and the not-advice note.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from scanner.catalog import Catalog, Notice
from scanner.datetools import long_date
from scanner.models import Deadline, ScanResult, TaxPeriod, page_span
from scanner.privacy import mask

NOT_ADVICE = (
    "This explanation is general and educational. It is not tax or legal advice. Read the "
    "letter itself, and for help with your own case call the number on the letter, see "
    "irs.gov, or ask a tax professional or the Taxpayer Advocate Service."
)
KIND_NAMES = {
    "pdf-text": "PDF with a text layer",
    "pdf-scanned": "scanned PDF (read by OCR)",
    "image": "photo or image (read by OCR)",
}
DEADLINE_SOURCES = {
    "printed": "printed on the letter",
    "statutory": "set by law, from the notice date",
    "estimated": "estimate from usual timing",
}


class _Masked:
    """A text stream that masks identifiers in everything written to it: the final guard,
    as ``to_dict()`` is for JSON (a file may even be named after an SSN)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(mask(text))


def _guard(out: TextIO) -> TextIO:
    return out if isinstance(out, _Masked) else _Masked(out)  # type: ignore[return-value]


def _width() -> int:
    return max(60, min(100, shutil.get_terminal_size((88, 24)).columns))


def _wrap(text: str, indent: str = "  ", bullet: str = "") -> str:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    return textwrap.fill(
        " ".join(text.split()), _width(), initial_indent=first, subsequent_indent=rest
    )


def money(value: Decimal | None) -> str:
    """'$1,075.21'."""
    return "—" if value is None else f"${value:,.2f}"


def days_phrase(days: int) -> str:
    """'16 days left', 'today', 'PASSED 3 days ago'."""
    if days > 1:
        return f"{days} days left"
    if days == 1:
        return "1 day left (tomorrow)"
    if days == 0:
        return "TODAY"
    return f"PASSED {-days} day{'s' if days != -1 else ''} ago"


def period_phrase(period: TaxPeriod) -> str:
    """'2023 (Form 1040)' or 'quarter ending March 31, 2024 (Form 941)'."""
    if period.period_end and (period.period_end.month, period.period_end.day) != (12, 31):
        text = f"period ending {long_date(period.period_end)}"
    else:
        text = str(period.year) if period.year else "unknown"
    return f"{text} (Form {period.form})" if period.form else text


def ladder_lines(
    catalog: Catalog, process_id: str, step: int | None, code: str | None
) -> list[str]:
    """The process as a ladder, current step marked."""
    process = catalog.processes[process_id]
    out = [f"  {process.title}" + (f": step {step} of {process.length}" if step else "")]
    for index, (name, notices) in enumerate(
        zip(process.steps, catalog.steps_of(process_id), strict=True), start=1
    ):
        here = step == index
        mark = ">>" if here else ("ok" if step and index < step else "  ")
        codes = ", ".join(n.code for n in notices)
        tail = "   <- this letter" if here else ""
        out.append(f"   {mark} {index}. {name} ({codes}){tail}")
    return out


def render_result(result: ScanResult, catalog: Catalog, out: TextIO, *, today: date) -> None:
    """Print one scan result for a person (each letter in turn, for a file holding several)."""
    out = _guard(out)
    if result.error is not None:
        out.write(f"{result.source}: could not be read: {result.error.message}\n")
        return
    letters = (result, *result.other_letters)
    for number, letter in enumerate(letters, 1):
        if len(letters) > 1:
            # The first letter's result lists every page of the file; its own are the rest.
            later = {p.page for other in letters[1:] for p in other.pages}
            own = [p.page for p in letter.pages if number > 1 or p.page not in later]
            out.write(f"\nLetter {number} of {len(letters)} in this file ({page_span(own)})\n")
        _render_letter(letter, catalog, out, today=today)
    out.write("\n" + _wrap(NOT_ADVICE, indent="") + "\n")


def _render_letter(result: ScanResult, catalog: Catalog, out: TextIO, *, today: date) -> None:
    w = out.write
    code = result.notice_code
    notice = catalog.lookup(code) if code else None
    rule = "=" * min(_width(), 88)
    w(rule + "\n")
    if code is None:
        # Why (not a letter, or too hard to read) is among the warnings below.
        read = [name for name in result.fields if name != "tin"]
        w(
            "No IRS notice code could be read; the fields found are below.\n"
            if read
            else "No IRS notice code found. See the notes below.\n"
        )
    elif notice is None:
        w(f"{code}: this notice is not in the scanner's catalog yet.\n")
        w(
            _wrap(
                "The fields below were read from the letter, but there is no plain-English "
                "explanation for this code. Read the letter and call the number on it."
            )
            + "\n"
        )
    else:
        w(f"{code}: {notice.title}\n")
    w(f"File: {result.source} ({KIND_NAMES.get(result.input_kind or '', 'unknown')})\n")
    w(rule + "\n")
    if result.stage is not None and notice is not None:
        w("\nWhere this letter sits\n")
        for line in ladder_lines(catalog, result.stage.process, result.stage.step, code):
            w(line + "\n")
        if notice.next:
            w(f"  Next, if nothing is done: {', '.join(notice.next)}\n")
    _fields(result, out, today)
    _deadlines(result.deadlines, out)
    if result.explanation is not None:
        ex = result.explanation
        for title, body in (
            ("What this letter means", ex.summary),
            ("What the IRS wants", ex.what_irs_wants),
            ("What usually comes next", ex.what_comes_next),
        ):
            w(f"\n{title}\n{_wrap(body)}\n")
        w("\nCommon misunderstandings\n")
        for item in ex.misunderstandings:
            w(_wrap(item, bullet="- ") + "\n")
    if result.warnings:
        w("\nCheck these\n")
        for warning in result.warnings:
            w(_wrap(mask(warning), bullet="! ") + "\n")


def _fields(result: ScanResult, out: TextIO, today: date) -> None:
    w = out.write
    rows: list[tuple[str, str]] = []
    if result.notice_date:
        rows.append(("Notice date", long_date(result.notice_date)))
    if result.tax_periods:
        rows.append(
            (
                "Tax period" + ("s" if len(result.tax_periods) > 1 else ""),
                "; ".join(period_phrase(p) for p in result.tax_periods),
            )
        )
    tin = result.fields.get("tin")
    if tin is not None:
        rows.append(("Taxpayer ID", mask(str(tin.value))))
    due = result.fields.get("due_date")
    if due is not None:
        if due.value is None:
            rows.append(("Due date", "due immediately (no pay-by date on the letter)"))
        else:
            left = (due.value - today).days
            rows.append(("Due date", f"{long_date(due.value)} ({days_phrase(left)})"))
    if rows:
        w("\nWhat the letter says\n")
        for name, value in rows:
            w(f"  {name:<14} {value}\n")
    a = result.amounts
    if any(
        getattr(a, n) is not None
        for n in ("tax", "payments_credits", "penalties", "interest", "amount_due")
    ):
        w("\n  Billing summary\n")
        lines: list[tuple[str, Decimal | None, str]] = [
            ("Tax (or earlier balance)", a.tax, ""),
            ("Payments and credits", a.payments_credits, "-"),
            ("Penalties", a.penalties, ""),
            ("Interest", a.interest, ""),
        ]
        for label, amount, sign in lines:
            if amount is not None:
                w(f"    {label:<28}{sign + money(amount):>16}\n")
        w(f"    {'':<28}{'-' * 16}\n")
        w(f"    {'Amount due':<28}{money(a.amount_due):>16}\n")
    low = [n for n, f in result.fields.items() if f.confidence < 0.6]
    if low:
        w(f"\n  Read with low confidence: {', '.join(low)}. Check them on the letter.\n")


def _deadlines(deadlines: Sequence[Deadline], out: TextIO) -> None:
    if not deadlines:
        return
    out.write("\nDeadlines\n")
    for d in deadlines:
        out.write(
            f"  {long_date(d.date):<20} {days_phrase(d.days_left):<22} {d.what} "
            f"[{DEADLINE_SOURCES[d.kind]}]\n"
        )
    if any(d.days_left < 0 and d.kind != "estimated" for d in deadlines):
        out.write(
            _wrap(
                "A deadline on this letter has passed. Act now: call the number on "
                "the letter to learn what options are still open.",
                bullet="! ",
            )
            + "\n"
        )


def render_notice(notice: Notice, catalog: Catalog, out: TextIO) -> None:
    """Print a catalog entry without a letter (``scan explain CODE``)."""
    w = out.write
    w(f"{notice.code}: {notice.title}\n")
    if notice.aliases:
        w(f"Also printed as: {', '.join(notice.aliases)}\n")
    w(f"For: {notice.audience}   Urgency: {notice.urgency}\n")
    for ref in notice.stages:
        w("\n")
        for line in ladder_lines(catalog, ref.process, ref.step, notice.code):
            w(line + "\n")
    for title, body in (
        ("What this letter means", notice.summary),
        ("What the IRS wants", notice.what_irs_wants),
        ("What usually comes next", notice.what_comes_next),
    ):
        w(f"\n{title}\n{_wrap(body)}\n")
    if notice.windows:
        w("\nTime limits\n")
        for window in notice.windows:
            w(_wrap(f"{window.describe()}. {window.protects}", bullet="- ") + "\n")
    w("\nCommon misunderstandings\n")
    for item in notice.misunderstandings:
        w(_wrap(item, bullet="- ") + "\n")
    for fact in notice.facts:
        w(f"\n  {fact.name}: {fact.value} (checked {fact.checked.isoformat()})\n")
    if notice.irc:
        w(f"\nLaw: Internal Revenue Code section {', '.join(notice.irc)}\n")
    w("\n" + _wrap(NOT_ADVICE, indent="") + "\n")


def render_catalog(catalog: Catalog, out: TextIO) -> None:
    """List the catalog (``scan notices``)."""
    out.write(f"{'Code':<10}{'Urgency':<10}{'Process':<24}{'Step':<7}Title\n")
    rows = sorted(catalog, key=lambda n: (n.stages[0].process, n.stages[0].step, n.code))
    for n in rows:
        ref = n.stages[0]
        of = catalog.processes[ref.process].length
        out.write(f"{n.code:<10}{n.urgency:<10}{ref.process:<24}{f'{ref.step}/{of}':<7}{n.title}\n")
    out.write(f"\n{len(rows)} notices.\n")


def batch_line(result: ScanResult) -> str:
    """One short line per file in a batch (identifiers masked)."""
    return mask(_batch_line(result))


def _batch_line(result: ScanResult) -> str:
    if result.error is not None:
        return f"FAILED  {result.source}: {mask(result.error.message)}"
    code = result.notice_code or "-"
    parts = [f"{code:<9}"]
    if result.notice_date:
        parts.append(result.notice_date.isoformat())
    due = result.due_date
    if due is not None:
        parts.append(f"due {due.isoformat()}")
    if result.amounts.amount_due is not None:
        parts.append(money(result.amounts.amount_due))
    parts.append(result.source)
    return "  ".join(parts)


#: Failed files named one by one in a batch summary; the rest are counted.
_FAILURES_SHOWN = 20


def _render_failures(summary: Any, w: Callable[[str], object], name_each: bool) -> None:
    w("Failures: " + ", ".join(f"{k} {v}" for k, v in summary.errors.most_common()) + "\n")
    if not name_each:
        return
    failed = [r for r in summary.results if r.error is not None]
    for r in failed[:_FAILURES_SHOWN]:
        w(f"  {r.source}: {r.error.message}\n")
    if len(failed) > _FAILURES_SHOWN:
        w(f"  ... and {len(failed) - _FAILURES_SHOWN} more (each has an error entry)\n")


def render_summary(
    summary: Any, catalog: Catalog, out: TextIO, *, timeline: bool, name_failures: bool = False
) -> None:
    """Print a batch summary: counts, letters by urgency, and optionally timelines.
    ``name_failures`` lists each failed file (when no per-file lines were printed, as with
    JSON on stdout)."""
    out = _guard(out)
    from scanner.summary import by_urgency, next_deadline, timelines

    w = out.write
    w(
        f"\nScanned {summary.scanned}, failed {summary.failed}, skipped {summary.skipped}"
        + (f", already done {summary.resumed}" if summary.resumed else "")
        + "\n"
    )
    if summary.errors:
        _render_failures(summary, w, name_failures)
    if summary.by_notice:
        w("\nBy notice\n")
        for code, count in summary.by_notice.most_common():
            notice = catalog.lookup(code)
            w(f"  {code:<22}{count:>5}  {notice.title if notice else ''}\n")
    if summary.by_step:
        w("\nBy process step\n")
        for step, count in sorted(summary.by_step.items()):
            w(f"  {step:<60}{count:>5}\n")
    urgent = by_urgency(summary.results, catalog)
    if urgent:
        w("\nLetters by urgency (nearest deadline first)\n")
        for r in urgent:
            d = next_deadline(r)
            when = f"{d.date.isoformat()} {days_phrase(d.days_left)}" if d else "no deadline"
            w(f"  {r.notice_code or '-':<9} {when:<34} {r.source}\n")
    if timeline:
        w("\nTimelines (same taxpayer and tax period)\n")
        for t in timelines(summary.results, catalog):
            steps = " -> ".join(
                f"{r.notice_code} on {r.notice_date.isoformat() if r.notice_date else '?'}"
                for r in t.letters
            )
            w(f"  {mask(t.taxpayer)}, {t.period}: {steps}\n")
            if t.expected_next:
                around = f" around {t.expected_around.isoformat()}" if t.expected_around else ""
                w(f"      next expected if nothing is done: {t.expected_next}{around}\n")
