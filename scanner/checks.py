"""Cross-checks between fields. A failed check lowers confidence and adds a warning; it never
changes a value. Repairs happen at extraction (an amount worked out from the billing sum in
:mod:`scanner.extract.amounts`, a garbled date worked out from the other date in
:mod:`scanner.extract.dates`) and are passed in as ``mended``, so they earn no confidence here.

- The billing summary adds up: tax - payments and credits + penalties + interest = amount due.
- The tax periods ended before the notice date.
- The pay-by date is the notice date + 21 days (10 business days when $100,000 or more), the
  window in which paying in full stops further interest (IRC 6601(e)(3)).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scanner.catalog import Notice, expected_due_dates
from scanner.datetools import long_date
from scanner.models import AMOUNT_NAMES, Field, breakdown_total


def cross_check(
    fields: dict[str, Field[Any]],
    notice: Notice | None,
    warnings: list[str],
    mended: frozenset[str] = frozenset(),
) -> dict[str, Field[Any]]:
    """Adjust confidences by the cross-checks and add warnings; returns new fields."""
    out = dict(fields)
    if not _part_of_a_balance(out, notice):
        _check_sum(out, warnings, mended)
    _check_due(out, notice, warnings, mended)
    _check_periods(out, warnings)
    return out


def _check_periods(fields: dict[str, Field[Any]], warnings: list[str]) -> None:
    """A letter is about periods that have ended: one ending after the notice date means the
    period or the date was misread (OCR made "Tax year 2021" into 2024)."""
    notice_date = fields.get("notice_date")
    periods = fields.get("tax_periods")
    if notice_date is None or periods is None:
        return
    late = [p for p in periods.value if p.period_end > notice_date.value]
    if not late:
        return
    _scale(fields, ("tax_periods", "notice_date"), 0.6)
    shown = ", ".join(long_date(p.period_end) for p in late)
    warnings.append(
        f"The tax period read (ending {shown}) ends after the notice date "
        f"({long_date(notice_date.value)}); one of them is probably misread. Check the letter."
    )


def _scale(
    fields: dict[str, Field[Any]], names: tuple[str, ...], factor: float, floor: float = 0.0
) -> None:
    for name in names:
        if name in fields:
            f = fields[name]
            fields[name] = f.with_confidence(max(floor, f.confidence * factor))


def _part_of_a_balance(fields: dict[str, Field[Any]], notice: Notice | None) -> bool:
    """True on a payment plan's letter billing one payment out of a larger balance: its
    summary adds up to the balance, not to the amount due now."""
    total = breakdown_total(fields)
    due = fields.get("amount_due")
    plan = notice is not None and any(s.process == "installment-agreement" for s in notice.stages)
    return plan and total is not None and due is not None and total > due.value


def _check_sum(fields: dict[str, Field[Any]], warnings: list[str], mended: frozenset[str]) -> None:
    total = breakdown_total(fields)
    if total is None or "amount_due" not in fields:
        return
    parts = [n for n in AMOUNT_NAMES[1:4] if n in fields]
    due: Decimal = fields["amount_due"].value
    if total == due:
        # Independent lines agreeing to the cent is strong evidence for all of them; a line
        # made to agree is not independent.
        if mended & set(AMOUNT_NAMES):
            return
        for name in ("tax", *parts, "amount_due"):
            f = fields[name]
            fields[name] = f.with_confidence(max(f.confidence, 0.9) + 0.05)
        return
    _scale(fields, ("tax", *parts, "amount_due"), 0.6)
    warnings.append(
        f"The billing summary does not add up: the lines come to ${total:,.2f} but the amount "
        f"due is ${due:,.2f}. A line may be missing or misread; check the letter."
    )


def _check_due(
    fields: dict[str, Field[Any]],
    notice: Notice | None,
    warnings: list[str],
    mended: frozenset[str],
) -> None:
    notice_date = fields.get("notice_date")
    due = fields.get("due_date")
    if notice_date is None or due is None or due.value is None:
        return
    if {"notice_date", "due_date"} & mended:
        return  # one date was worked out from the other: they agree by construction
    if due.value < notice_date.value:
        _scale(fields, ("due_date", "notice_date"), 0.6)
        warnings.append(
            f"The due date ({long_date(due.value)}) is before the notice date "
            f"({long_date(notice_date.value)}); one of them is probably misread."
        )
        return
    if notice is None or not notice.is_balance_due:
        return
    amount = fields.get("amount_due")
    expected = expected_due_dates(notice_date.value, amount.value if amount else None)
    if due.value in expected:
        for name in ("due_date", "notice_date"):
            f = fields[name]
            fields[name] = f.with_confidence(max(f.confidence, 0.9) + 0.05)
        return
    _scale(fields, ("due_date",), 0.85)
    gap = (due.value - notice_date.value).days
    warnings.append(
        f"The due date is {gap} days after the notice date; on this kind of notice it is "
        "usually 21. Check both dates on the letter."
    )
