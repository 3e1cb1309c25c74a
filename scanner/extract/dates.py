"""Notice date and due date.

The notice date is labelled ("Notice date", "Date of this notice", "Date:") in the info block,
on the voucher and on running headers; letter-style notices may print it alone at the top. The
due date follows "Amount due by", "Pay by", "Respond by" and their kin; "Amount due
immediately" means there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import regex

from scanner.datetools import long_date
from scanner.extract.common import Hit, PageView, labeled_values, segments, vote, wrapped_lines
from scanner.extract.values import DATE_RE, MONEY_RE, date_from_match, repair_digits
from scanner.models import Field
from scanner.patterns import LabelMatcher, Labels

# "Pay the amount due of $9,533.53 by February 20, 2017": a due date inside a sentence.
_SENTENCE_DUE = regex.compile(
    r"(?i)\b(?:pay|amount\s+due|balance\s+due)\b(?:[^\n\t.]|\.(?=\d)){0,70}?\bby\s+(?=\S)"
)
# "Please send the missing Form W-2 by June 28, 2024", "File your 2022 return by ...", "the
# petition must be filed by June 2, 2024": a reply date inside a sentence. Not "You had to
# file your 2022 return by April 18, 2023": that is the deadline the letter is about, long past.
_SENTENCE_REPLY = regex.compile(
    r"(?i)(?<!\b(?:had|have|were|was|needed|required|asked)\s+to\s+)(?<!\bdid\s+not\s+)"
    r"\b(?:respond|reply|file|send|submit|provide|mail|fax|petition|verify|confirm|complete"
    r"|sign)\b"
    r"(?:(?!12153|hearing)[^\n\t.]|\.(?=\d)){0,70}?"
    r"\b(?:by|no\s+later\s+than|on\s+or\s+before)\s+(?=\S)"
)
# The IRS's own promise ("We expect to send you our reply by July 15, 2024", "we will
# respond by ..."): the verb's subject is the IRS, so the date is no reply the reader owes.
_OUR_REPLY = regex.compile(
    r"(?i)(?:\bour|\bwe(?:\s+(?!you\b)\w+){0,3})\s*$"
)  # a hearing request (Form 12153) has its own deadline: see hearing_date

# "You may request a hearing with our Office of Appeals; your request must be received by
# April 1, 2024", "send Form 12153 so that we receive it by June 8, 2024": the hearing deadline
# told in a sentence.
_SENTENCE_HEARING = regex.compile(
    r"(?i)\b(?:hearing|12153|audiencia)\b(?:[^\n\t.]|\.(?=\d)){0,120}?"
    r"\b(?:by|no\s+later\s+than|on\s+or\s+before|antes\s+del?|a\s+m[aá]s\s+tardar\s+el)\s+(?=\S)"
)

# "you have 60 days (until August 2, 2024) to appeal": a reply deadline told as a period's end;
# taken only when what the date is the end of is a reply, never for "interest accrues until".
_SENTENCE_UNTIL = regex.compile(r"(?i)\b(?:until|through)\s+(?=\S)")
_TO_REPLY = regex.compile(
    r"(?i)^\)?,?\s*to\s+(?:appeal|respond|reply|request|file\s+(?:an?\s+)?appeal|ask|contact"
    r"|verify|confirm)\b"
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
    hits += _running_head_dates(views)
    if not hits and lone:
        hits.extend(_lone_dates(views, labels))
    return vote(hits, "notice date", warnings, show=lambda d: d.isoformat())


def _running_head_dates(views: Sequence[PageView]) -> list[Hit[date]]:
    """The date in a page's running head ("LT11  January 29, 2024  XXX-XX-3304  Page 2 of
    2"), unlabelled, but the notice's own: a later page repeats the letter's code and date."""
    out: list[Hit[date]] = []
    for view in views:
        for line in view.page.lines:
            if line.top > 0.12 * view.page.height:
                break
            if view.running_head(line) is None:
                continue
            m = DATE_RE.search(line.text)
            value = date_from_match(m) if m else None
            if m is not None and value is not None and not _labelled_other(line.text[: m.start()]):
                out.append(Hit(value, line, m.start(), m.end(), 0.7, "header"))
    return out


# A date in a running head that a label says is another date: "Respond by", "Tax period".
_OTHER_DATE = regex.compile(r"(?i)(?:by|due|period|ending|year|through|before)\W*$")


def _labelled_other(before: str) -> bool:
    return _OTHER_DATE.search(before) is not None or "date" in before.lower()


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
    pay = [h for h in labeled_values(views, labels.due_pay, DATE_RE, _date) if not _as_of(h)]
    respond = [h for h in labeled_values(views, labels.due_respond, DATE_RE, _date) if not _ours(h)]
    immediate = _immediate(views, labels)
    if not pay and not respond:
        pay = _sentence_dates(views, _SENTENCE_DUE)
        if immediate is None:
            # Beside "Amount due immediately" a reply date in the text is another deadline
            # ("send us Form 12153 by ..." asks for a hearing).
            respond = _sentence_dates(views, _SENTENCE_REPLY)
    if not pay and not respond and immediate is None:
        respond = list(labeled_values(views, labels.hearing, DATE_RE, _date))
    if immediate is not None and not respond:
        # "Amount due immediately" rules out a pay-by date; a stray "pay by" date in the body
        # text of such a letter is a different deadline.
        strong = [
            h
            for h in pay
            if h.strength >= 0.9 and (h.region in ("header", "voucher") or _before_an_amount(h))
        ]
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


# "Total amount you owe as of January 29, 2024": the day a balance was counted, which a
# fuzzy match can take for "... you owe by <date>".
_AS_OF = regex.compile(r"(?i)\bas\s+of\b")


def _as_of(hit: Hit[date]) -> bool:
    return _AS_OF.search(hit.line.text[hit.start : hit.end]) is not None


def _ours(hit: Hit[date]) -> bool:
    """True for a reply label the IRS says of itself in a sentence ("... send you our reply
    by July 15")."""
    return _said_of_the_irs(hit.line.text, hit.start)


def _said_of_the_irs(text: str, at: int) -> bool:
    """True when the words just before ``at`` make the IRS the subject ("our", "we expect
    to")."""
    return _OUR_REPLY.search(text[max(0, at - 60) : at]) is not None


def _before_an_amount(hit: Hit[date]) -> bool:
    """True for a billing line that prints the date and then the amount ("Amount due by
    March 4, 2024   $8,290.94"), not a date in running text."""
    return MONEY_RE.match(hit.line.text[hit.end :].lstrip(" \t:.-")) is not None


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


def _sentence_dates(views: Sequence[PageView], sentence: regex.Pattern[str]) -> list[Hit[date]]:
    """Dates in sentences ("Pay the amount you owe or call us / by June 20, 2024"), which may
    wrap onto the next line; replies also by "(until DATE) to appeal"."""
    out: list[Hit[date]] = []
    until = sentence is _SENTENCE_REPLY
    for view in views:
        for wrapped in wrapped_lines(view):
            joined = wrapped.text
            ends = _SENTENCE_UNTIL.finditer(joined) if until else ()
            for m in (*sentence.finditer(joined), *ends):
                if not wrapped.starts_here(m.start()):
                    continue
                d = DATE_RE.match(joined, m.end())
                value = None if d is None else date_from_match(d)
                if d is None or value is None:
                    continue
                if m.re is _SENTENCE_UNTIL and not _TO_REPLY.match(joined[d.end() :]):
                    continue
                if m.re is _SENTENCE_REPLY and _said_of_the_irs(joined, m.start()):
                    continue
                out.append(wrapped.hit(value, m.start(), d.start(), d.end(), 0.7, view))
    return out


def hearing_date(views: Sequence[PageView], labels: Labels) -> Field[date] | None:
    """A printed last day to request a hearing (levy and lien letters), if any: labelled,
    else told in a sentence."""
    hits = list(labeled_values(views, labels.hearing, DATE_RE, _date))
    hits = hits or _sentence_dates(views, _SENTENCE_HEARING)
    if not hits:
        return None
    return vote(hits, "hearing deadline", [], show=lambda d: d.isoformat())


#: Character slips (ignoring spaces and punctuation) a garbled printed date may be from a
#: candidate's printed form and still be taken for it.
MAX_DATE_SLIPS = 2
#: Confidence of a date worked out from the other date rather than read.
WORKED_OUT_CONFIDENCE = 0.5
# What a garbled value cell after a date label may hold: up to the next cell or an amount
# ("Amount due by 05/24/2019  $381.26"); a '$' inside it is a smudged digit.
_CELL = regex.compile(r"[^\t]{4,24}?(?=\s*(?:\t|\s\$|$))")


def worked_out_dates(
    views: Sequence[PageView],
    labels: Labels,
    *,
    notice_date: date | None,
    due_date: date | None,
    usual_due: Callable[[date], tuple[date, ...]],
    warnings: list[str],
) -> dict[str, Field[date]]:
    """The notice date or the due date that OCR garbled past reading, worked out from the
    other one.

    ``usual_due(notice_date)`` gives the due dates this kind of notice prints (21 days on for
    a balance due). A candidate is taken only when the garbled text after the date's own
    label is within :data:`MAX_DATE_SLIPS` of its printed form, with the year intact, and no
    other candidate is: the printed text confirms the rule rather than the rule replacing it.
    """
    ocr_views = [v for v in views if v.ocr]
    if not ocr_views or (notice_date is None) == (due_date is None):
        return {}
    matchers: tuple[LabelMatcher, ...]
    if due_date is not None:
        name, matchers = "notice_date", (labels.notice_date,)
        candidates = [
            due_date - timedelta(days=k)
            for k in range(1, 91)
            if due_date in usual_due(due_date - timedelta(days=k))
        ]
        rule = f"the due date ({long_date(due_date)})"
    else:
        assert notice_date is not None
        name, matchers = "due_date", (labels.due_pay, labels.due_respond)
        candidates = list(usual_due(notice_date))
        rule = f"the notice date ({long_date(notice_date)})"
    found = _confirmed(ocr_views, matchers, candidates)
    if found is None:
        return {}
    value, cell = found
    what = name.replace("_", " ")
    warnings.append(
        f"The {what} is hard to read on the letter ('{cell.value}'); it was taken as "
        f"{long_date(value)}, which fits {rule} on this kind of notice. Check it on the letter."
    )
    return {name: Field(value, WORKED_OUT_CONFIDENCE, cell.page, cell.value)}


def _confirmed(
    views: Sequence[PageView], matchers: Sequence[LabelMatcher], candidates: Sequence[date]
) -> tuple[date, Hit[str]] | None:
    matches: dict[date, Hit[str]] = {}
    for matcher in matchers:
        for cell in labeled_values(views, matcher, _CELL, lambda m: m.group().strip()):
            for candidate in candidates:
                if candidate not in matches and reads_as(cell.value, candidate):
                    matches[candidate] = cell
    if len(matches) != 1:
        return None
    return next(iter(matches.items()))


def reads_as(garbled: str, value: date) -> bool:
    """True when ``garbled`` is a few OCR slips from a printed form of ``value`` (05/03/2019,
    May 3, 2019, 3 May 2019, 2019-05-03) and keeps its year intact."""
    year = str(value.year)
    squeezed = {_squeeze(garbled), _squeeze(repair_digits(garbled))}
    if not any(year in s for s in squeezed):
        return False
    forms = {
        f"{value:%m%d}{year}",
        f"{value.month}{value.day}{year}",
        f"{value:%B}{value.day}{year}".lower(),
        f"{value:%b}{value.day}{year}".lower(),
        f"{value.day}{value:%B}{year}".lower(),
        f"{year}{value:%m%d}",
    }
    slips = f"{{e<={MAX_DATE_SLIPS}}}"
    return any(regex.fullmatch(f"(?:{form}){slips}", s) for form in forms for s in squeezed)


def _squeeze(text: str) -> str:
    return regex.sub(r"[^0-9a-z]", "", text.lower())
