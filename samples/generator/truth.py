"""Ground truth per rendering, derived from the truth keys the drawn pages show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from samples.generator.common import money_plain
from samples.generator.content import Letter

AMOUNT_KEYS = ("tax", "payments_credits", "penalties", "interest", "amount_due")
TRUTH_KEYS = ("input_kind", "notice_code", "notice_date", "tax_periods", "due_date", "amounts",
              "_spec")


def visible_keys(shown: Mapping[int, set[str]], pages: Iterable[int]) -> set[str]:
    """The union of the truth keys on the given pages."""
    out: set[str] = set()
    for p in pages:
        out |= shown.get(p, set())
    return out


def letter_amounts(letter: Letter) -> dict[str, int | None]:
    """Each money field in cents as the whole letter prints it (None when it has no such line)."""
    out: dict[str, int | None] = dict.fromkeys(AMOUNT_KEYS)
    if letter.lines:
        for kind in ("tax", "payments_credits", "penalties", "interest"):
            parts = [m.cents for m in letter.lines if m.kind == kind]
            if parts:
                out[kind] = abs(sum(parts))
    elif letter.rows and letter.money == "table":
        out["tax"] = sum(r.owed for r in letter.rows)
        out["penalties"] = sum(r.penalty for r in letter.rows)
        out["interest"] = sum(r.interest for r in letter.rows)
    out["amount_due"] = letter.amount_due
    return out


def letter_truth(letter: Letter, keys: set[str], input_kind: str,
                 spec: dict[str, Any]) -> dict[str, Any]:
    """The expected result for a rendering that shows ``keys``."""
    periods = []
    for i, p in enumerate(letter.periods):
        if f"period:{i}" in keys:
            periods.append({"form": p.form if f"form:{i}" in keys else None,
                            "period_end": p.end.isoformat(), "year": p.year})
    amounts = letter_amounts(letter)
    return {
        "input_kind": input_kind,
        "notice_code": letter.code if "code" in keys else None,
        "notice_date": letter.notice_date.isoformat() if "date" in keys else None,
        "tax_periods": periods,
        "due_date": letter.due_date.isoformat() if letter.due_date and "due" in keys else None,
        "amounts": {k: money_plain(v) if v is not None and k in keys else None
                    for k, v in amounts.items()},
        "_spec": spec,
    }


def empty_truth(input_kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """The expected result for a document that is not an IRS letter."""
    return {
        "input_kind": input_kind,
        "notice_code": None,
        "notice_date": None,
        "tax_periods": [],
        "due_date": None,
        "amounts": dict.fromkeys(AMOUNT_KEYS),
        "_spec": spec,
    }
