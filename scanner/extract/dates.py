"""Notice date and due date.

The notice date is labelled ("Notice date", "Date of this notice", "Date:") in the info block,
on the voucher and on running headers; letter-style notices may print it alone at the top. The
due date follows "Amount due by", "Pay by", "Respond by" and their kin; "Amount due
immediately" means there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import regex

from scanner.extract.common import Hit, PageView, labeled_values, segments, vote
from scanner.extract.values import DATE_RE, MONEY_RE, date_from_match
from scanner.models import Field
from scanner.patterns import Labels

# "Pay the amount due of $9,533.53 by February 20, 2017": a due date inside a sentence.
_SENTENCE_DUE = regex.compile(
    r"(?i)\b(?:pay|amount\s+due|balance\s+due|respond|reply)\b(?:[^\n\t.]|\.(?=\d)){0,70}?"
    r"\bby\s+(?=\S)"
)


def _date(m: regex.Match[str]) -> date | None:
    return date_from_match(m)


def notice_date(
    views: Sequence[PageView], labels: Labels, warnings: list[str], *, lone: bool = True
) -> Field[date] | None:
    """The notice date, voted among the info block, running headers, voucher and (with
    ``lone``) a date standing alone near the top of page 1."""
    hits: list[Hit[date]] = []
    for hit in labeled_values(views, labels.notice_date, DATE_RE, _date):
        if hit.label == "Date":
            # A bare "Date" label is weaker: only trust it as the first word of a cell.
            if not _starts_cell(hit):
                continue
            hit = Hit(
                hit.value, hit.line, hit.start, hit.end, hit.strength * 0.85, hit.region, hit.label
            )
        hits.append(hit)
    if not hits and lone:
        hits.extend(_lone_dates(views, labels))
    return vote(hits, "notice date", warnings, show=lambda d: d.isoformat())


def _starts_cell(hit: Hit[date]) -> bool:
    text = hit.line.text
    before = text[: hit.start].rstrip(" ")
    return not before or before.endswith("\t")


def _lone_dates(views: Sequence[PageView], labels: Labels) -> list[Hit[date]]:
    """A date standing alone in its cell near the top of page 1 (letter style), not the
    value of a label in the cell before it ("Due date:  July 8, 2024", "Tax period  12/31/2018")."""
    out: list[Hit[date]] = []
    for view in views[:1]:
        for line in view.page.lines:
            if line.top > view.page.height * 0.4:
                break
            previous = ""
            for s, e in segments(line):
                cell = line.text[s:e].strip()
                after_label = (
                    previous.endswith(":")
                    or "date" in previous.lower()
                    or bool(
                        labels.due_pay.search(previous)
                        or labels.due_respond.search(previous)
                        or labels.hearing.search(previous)
                        or labels.tax_period.search(previous, fuzzy=view.ocr)
                    )
                )
                previous = cell
                if after_label:
                    continue
                m = DATE_RE.fullmatch(cell)
                if m:
                    value = date_from_match(m)
                    if value:
                        start = s + line.text[s:e].index(cell)
                        out.append(Hit(value, line, start, start + len(cell), 0.55, "header"))
    return out[:1]


@dataclass(frozen=True, slots=True)
class DueDate:
    """The due date field (value None when the letter says 'due immediately'), and its kind."""

    field: Field[date | None] | None
    kind: str | None  # "pay" | "respond" | None
    immediate: bool


def due_date(views: Sequence[PageView], labels: Labels, warnings: list[str]) -> DueDate:
    """The pay-by or respond-by date printed on the letter.

    A printed hearing deadline ("Request a hearing by ...", lien letters) is the date the
    letter asks a reply by when it prints no other, unless the amount is due immediately.
    """
    pay = list(labeled_values(views, labels.due_pay, DATE_RE, _date))
    respond = list(labeled_values(views, labels.due_respond, DATE_RE, _date))
    immediate = _immediate(views, labels)
    if not pay and not respond:
        pay = _sentence_dates(views)
    if not pay and not respond and immediate is None:
        respond = list(labeled_values(views, labels.hearing, DATE_RE, _date))
    if immediate is not None and not respond:
        # "Amount due immediately" rules out a pay-by date; a stray "pay by" date in the body
        # text of such a letter is a different deadline.
        strong = [h for h in pay if h.region in ("header", "voucher") and h.strength >= 0.9]
        if not strong:
            return DueDate(
                Field(None, round(0.9 * immediate.strength, 3), immediate.page, immediate.evidence),
                None,
                True,
            )
    kind = "respond" if respond and (not pay or len(respond) >= len(pay)) else "pay"
    chosen = respond if kind == "respond" else pay
    found = vote(chosen, "due date", warnings, show=lambda d: d.isoformat())
    if found is None:
        return DueDate(None, None, False)
    return DueDate(Field(found.value, found.confidence, found.page, found.evidence), kind, False)


def _immediate(views: Sequence[PageView], labels: Labels) -> Hit[bool] | None:
    """'Amount due immediately: $X': the label followed by the amount on its line (so that
    'What you need to do immediately' in running text is not taken for it)."""
    for view in views:
        for line in view.page.lines:
            for label in labels.due_immediate.finditer(line.text, fuzzy=view.ocr):
                after = line.text[label.end :]
                if MONEY_RE.match(after.lstrip(" \t:.-")):
                    return Hit(
                        True, line, label.start, label.end, label.strength, view.region(line)
                    )
    return None


def _sentence_dates(views: Sequence[PageView]) -> list[Hit[date]]:
    out: list[Hit[date]] = []
    for view in views:
        for line in view.page.lines:
            for m in _SENTENCE_DUE.finditer(line.text):
                d = DATE_RE.match(line.text, m.end())
                if d is not None:
                    value = date_from_match(d)
                    if value is not None:
                        out.append(Hit(value, line, m.start(), d.end(), 0.7, view.region(line)))
    return out


def hearing_date(views: Sequence[PageView], labels: Labels) -> Field[date] | None:
    """A printed last day to request a hearing (levy and lien letters), if any."""
    hits = list(labeled_values(views, labels.hearing, DATE_RE, _date))
    if not hits:
        return None
    return vote(hits, "hearing deadline", [], show=lambda d: d.isoformat())
