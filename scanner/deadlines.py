"""Turn the letter's printed dates and the catalog's windows into dated deadlines.

Each deadline says where it comes from: ``printed`` on the letter, ``statutory`` (a window the
law counts from the notice date), or ``estimated`` (the typical spacing of the next notice).
"""

from __future__ import annotations

from datetime import date, timedelta

from scanner.catalog import Notice
from scanner.models import Deadline


def compute_deadlines(
    notice: Notice | None,
    *,
    notice_date: date | None,
    due_date: date | None,
    due_kind: str | None,
    hearing_date: date | None,
    today: date,
) -> tuple[Deadline, ...]:
    """All deadlines for the letter, soonest first, without duplicates."""
    out: list[Deadline] = []

    def add(when: date, kind: str, what: str) -> None:
        out.append(Deadline(when, kind, what, (when - today).days))  # type: ignore[arg-type]

    if due_date is not None:
        kind = due_kind or (notice.due_kind if notice else "pay")
        add(due_date, "printed", "Respond by" if kind == "respond" else "Pay by")
    if hearing_date is not None:
        add(hearing_date, "printed", "Request a hearing by")
    if notice is not None:
        printed = {"due_date": due_date, "hearing_date": hearing_date}
        for window in notice.windows:
            anchor = notice_date if window.anchor == "notice_date" else due_date
            if anchor is None:
                continue
            if window.printed_as is not None and printed[window.printed_as] is not None:
                continue  # the letter prints this deadline itself
            when = window.end(anchor)
            if any(d.date == when and d.kind == "printed" for d in out):
                continue  # the letter already prints this date
            add(when, window.kind, window.what[0].upper() + window.what[1:])
        if notice.next and notice.next_after_days and notice_date is not None:
            nxt = " or ".join(notice.next)
            add(
                notice_date + timedelta(days=notice.next_after_days),
                "estimated",
                f"If nothing is done, the next notice ({nxt}) usually comes around this date",
            )
    out.sort(key=lambda d: (d.date, d.kind))
    return tuple(out)
