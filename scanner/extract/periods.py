"""Tax periods: the year(s) or quarter(s) a letter is about, with the return form when printed.

Read from labels ("Tax year 2023", "Tax period: March 31, 2024", "Tax periods ending 2019,
2020", "Form 941 for the quarter ending ..."), from period tables, from the voucher's YYYYMM
code, and, when nothing is labelled, from phrases in the body ("balance due for 2017").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import regex

from scanner.extract.common import Hit, PageView, segment_at, segments, stands_alone, vote
from scanner.extract.labels import period_from_token
from scanner.extract.table import PeriodTable
from scanner.extract.values import DATE_RE, MAX_YEAR, MIN_YEAR, one_digit_apart
from scanner.models import Field, Line, TaxPeriod
from scanner.patterns import Labels

_DATE_WORDS = r"[A-Z](?:[a-z]{2,8}|[A-Z]{2,8})\.?\s?[0-9OoIl]{1,2},?\s?[12][0-9Oo]\d{2}"
_TOKEN = regex.compile(
    rf"(?:{_DATE_WORDS}|[0-9OoIl]{{1,2}}[/-][0-9OoIl]{{1,2}}[/-][12][0-9Oo]\d{{2}}|"
    r"(?:0?[1-9]|1[0-2])[/-][12]\d{3}|"  # a month and year: "12/2023"
    r"[12]\d{3}[\s-]?Q[1-4]|"  # a year and quarter: "2023-Q4"
    r"[12][0-9Oo]\d{2}(?:0[1-9]|1[0-2])|Q[1-4]\s?[12]\d{3}|[12][0-9Oo][0-9OoIlSB]{2})"
    r"(?![\w/])"
)
_LIST_JOIN = regex.compile(r"\s*(?:,|;|&|and|/|\s)\s*")
_LIST_TAIL = regex.compile(r"[\s,;&]*(?:and\s*)?")
_FORM = regex.compile(
    r"(?i)\b(?:Form|form\s+number|forms?)\s*(?:No\.?\s*)?[:;(]?\s*"
    r"(?P<form>\d{3,4}(?:-?[A-Za-z]{1,2})?|CT-1)\b\)?"
)
_BODY = regex.compile(
    r"(?i)\b(?:(?:balance\s+due|unpaid\s+tax(?:es)?|you\s+owe|amount\s+due|tax\s+due|"
    r"taxes\s+owed|penalt(?:y|ies))\s+(?:on\s+your\s+)?for(?:\s+tax\s+year)?|"
    r"tax\s+year\s+ending|for\s+the\s+tax\s+year|your)\s+(?P<year>(?:19|20)\d{2})\b"
    r"(?!\s*[-/]\d)"
)


def normalize_form(printed: str) -> str:
    """'1120s' -> '1120-S'; '1040SR' -> '1040-SR'; plain numbers unchanged."""
    text = printed.upper().replace(" ", "")
    m = regex.fullmatch(r"(\d{3,4})-?([A-Z]{1,2})", text)
    if m and m.group(2) not in ("A", "EZ"):
        return f"{m.group(1)}-{m.group(2)}"
    return text


def return_forms_in(text: str, labels: Labels) -> list[str]:
    """Return-form numbers mentioned in a piece of text ('Form 941' -> '941')."""
    out = []
    for m in _FORM.finditer(text):
        form = normalize_form(m.group("form"))
        if form in labels.return_forms or form.replace("-", "") in labels.return_forms:
            out.append(form)
    return out


# Phrases that name the return a letter is about (lines joined, so a phrase may wrap):
# "the form number (1040)", "your 2023 Form 1040", "Form 941 for the quarter ending ...".
_DECLARED = regex.compile(
    r"(?i)\bform\s+number\s*\(?\s*(?P<a>\d{3,4}(?:-?[A-Za-z]{1,2})?)\b|"
    r"\byour\s+(?:(?:19|20)\d{2}\s+)?Form\s+(?P<b>\d{3,4}(?:-?[A-Za-z]{1,2})?)\b|"
    r"\bForm\s+(?P<d>\d{3,4}(?:-?[A-Za-z]{1,2})?)\s+on\s+(?:your\s+)?(?:payment|check)|"
    r"\b(?:Kind|Type)\s+of\s+tax:?\s+(?:Form\s+)?(?P<e>\d{3,4}(?:-?[A-Za-z]{1,2})?)\b|"
    r"\bForm\s+(?P<c>\d{3,4}(?:-?[A-Za-z]{1,2})?)\s+(?:for|return\s+for)\s+(?:the\s+)?"
    r"(?:tax\s+year|quarter|period|year|(?:19|20)\d{2})"
)


def column_texts(view: PageView) -> tuple[str, str]:
    """The page's left and right halves as two texts, lines joined by newlines, so that a
    phrase wrapping onto the next line is not broken by a cell of the other column."""
    left: list[str] = []
    right: list[str] = []
    middle = view.page.width / 2
    for line in view.page.lines:
        for start, end in segments(line):
            words = line.words_in(start, end)
            if words:
                (left if words[0].x0 < middle else right).append(line.text[start:end])
    return "\n".join(left), "\n".join(right)


def declared_forms(views: Sequence[PageView], labels: Labels) -> set[str]:
    """Return forms the letter names as its subject: in a phrase that declares it, or as
    'Form NNNN' in the info block or on the voucher (not a form mentioned in passing, such
    as Form 9465 or Form 12153)."""
    found: set[str] = set()
    for view in views:
        # Columns keep a wrapped phrase whole; single lines keep a label beside its value
        # when the label starts in the left half and the value sits in the right.
        texts = [*column_texts(view), *(line.text.replace("\t", " ") for line in view.page.lines)]
        for text in texts:
            for m in _DECLARED.finditer(text):
                form = next(g for g in m.groups() if g)
                found.add(normalize_form(form))
        for line in view.page.lines:
            if view.region(line) in ("header", "voucher"):
                found.update(return_forms_in(line.text, labels))
    return {
        f for f in found if f in labels.return_forms or f.replace("-", "") in labels.return_forms
    }


def _periods_after(line: Line, pos: int) -> tuple[list[TaxPeriod], int]:
    """Period tokens listed from ``pos`` on ("2019, 2020 and 2021"), and where they end."""
    found: list[TaxPeriod] = []
    text = line.text
    pos = regex.match(r"[\s:;.\-–]*", text[pos:]).end() + pos  # type: ignore[union-attr]
    end = pos
    years_only: bool | None = None  # whether the list is of bare years or of full dates
    while True:
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        period = period_from_token(m.group())
        if period is None:
            break
        # A list holds periods of one kind: in "Tax year 2022   March 4, 2024" the date
        # after the year is the notice date of a header that prints no label for it.
        bare_year = len(m.group()) <= 4
        if years_only is not None and bare_year != years_only:
            break
        years_only = bare_year
        found.append(period)
        end = m.end()
        joiner = _LIST_JOIN.match(text, end)
        if joiner is None or "\t" in joiner.group():
            break
        pos = joiner.end()
    return found, end


def labeled_periods(views: Sequence[PageView], labels: Labels) -> list[Hit[tuple[TaxPeriod, ...]]]:
    """Every labelled mention of the letter's period(s)."""
    hits: list[Hit[tuple[TaxPeriod, ...]]] = []
    for view in views:
        lines = view.page.lines
        listed: list[tuple[int, float, Hit[tuple[TaxPeriod, ...]]]] = []
        for index, line in enumerate(lines):
            for label in labels.tax_period.finditer(line.text, fuzzy=view.ocr):
                periods, end = _periods_after(line, label.end)
                strength = label.strength
                if not periods and view.ocr:
                    periods, end = _year_short_a_digit(line, label.end)
                    strength *= 0.6
                target, start = line, label.start
                if not periods:
                    below = _below(lines, index, label.start, label.end)
                    if below is None:
                        continue
                    target, start = below
                    periods, end = _periods_after(target, start)
                    if not periods:
                        continue
                label_words = line.words_in(label.start, label.end)
                if label_words:
                    at = index if target is line else index + 1  # _below reads the next line
                    periods += _continued(lines, at, start, end, label_words[0].x0)
                seg = segment_at(line, label.start)
                if _in_a_sentence(line.text[seg[0] : label.start]):
                    # "a refund of $1,310.00 for tax year 2021", "Credit transferred from
                    # tax year 2022": another year the letter mentions, less than the info
                    # block's "Tax year 2023".
                    strength *= 0.35
                forms = return_forms_in(line.text[seg[0] : max(seg[1], end)], labels)
                if len(forms) == 1:
                    periods = [TaxPeriod(forms[0], p.period_end, p.year) for p in periods]
                hit = Hit(
                    tuple(periods), target, start, end, strength, view.region(target), label.label
                )
                listed.append((index, label_words[0].x0 if label_words else line.x0, hit))
        hits += _one_per_line(listed)
    return hits


def _one_per_line(
    listed: Sequence[tuple[int, float, Hit[tuple[TaxPeriod, ...]]]],
) -> list[Hit[tuple[TaxPeriod, ...]]]:
    """The hits of one page, with a list printed one period per line made one hit ("Form
    941 for the quarter ending March 31, 2023" / "... June 30, 2023" / ...): consecutive
    lines whose same label starts at the same place and names other periods."""
    out: list[Hit[tuple[TaxPeriod, ...]]] = []
    previous: tuple[int, float] | None = None
    for index, x, hit in listed:
        last = out[-1] if out else None
        if (
            last is not None
            and previous is not None
            and index == previous[0] + 1
            and abs(x - previous[1]) <= hit.line.bottom - hit.line.top
            and hit.label == last.label
            and not set(hit.value) & set(last.value)
        ):
            out[-1] = Hit(
                last.value + hit.value,
                last.line,
                last.start,
                last.end,
                min(last.strength, hit.strength),
                last.region,
                last.label,
            )
        else:
            out.append(hit)
        previous = (index, x)
    return out


def _in_a_sentence(before: str) -> bool:
    """True when words of running text ("for", "transferred", "Your") lead up to a label in
    its cell; a header's labels stand alone or after other labels ("Notice CP14")."""
    return any(
        word[0].islower() or word.lower() in _SENTENCE_WORDS
        for word in regex.findall(r"[A-Za-z]+", before)
    )


_SENTENCE_WORDS = frozenset({"your", "the", "this", "our", "for", "from", "of", "in", "on", "to"})


_THREE_DIGITS = regex.compile(r"[\s:;.\-–]*(?P<digits>\d{3})(?![\w/.,])")


def _year_short_a_digit(line: Line, pos: int) -> tuple[list[TaxPeriod], int]:
    """A labelled year that OCR printed with a digit missing ("Tax year: 219" for 2019),
    when exactly one digit put back anywhere makes a plausible year; else nothing."""
    m = _THREE_DIGITS.match(line.text, pos)
    if m is None:
        return [], pos
    digits = m.group("digits")
    readings = {digits[:i] + d + digits[i:] for i in range(4) for d in "0123456789"}
    plausible = [int(r) for r in readings if MIN_YEAR <= int(r) <= MAX_YEAR]
    if len(plausible) != 1:
        return [], pos
    return [TaxPeriod(None, date(plausible[0], 12, 31), plausible[0])], m.end()


def _continued(
    lines: Sequence[Line], index: int, start: int, end: int, label_x: float
) -> list[TaxPeriod]:
    """Periods of a list on ``lines[index]`` that wraps onto the next line(s): each such line
    holds nothing from ``label_x`` (where the label starts) on but periods starting under the
    list's first one ("Tax periods: 12/31/2011, 12/31/2013," / "12/31/2014, 12/31/2017")."""
    found: list[TaxPeriod] = []
    line = lines[index]
    first = next((w for w in line.words_in(start, end) if _TOKEN.match(w.text)), None)
    if first is None:
        return found
    x0 = first.x0
    bare = _bare_year_first(line, line.starts[line.words.index(first)])
    while _LIST_TAIL.fullmatch(line.text[end : segment_at(line, start)[1]]):
        height = line.bottom - line.top
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if nxt is None or nxt.top - line.bottom > 1.2 * height:
            break
        offset = next(
            (o for w, o in zip(nxt.words, nxt.starts, strict=True) if abs(w.x0 - x0) <= height),
            None,
        )
        # A column further left (the address) may share the line; anything between the
        # label's edge and the list is another field's label.
        if offset is None or any(label_x - height < w.x0 < x0 - height for w in nxt.words):
            break
        more, stop = _periods_after(nxt, offset)
        if not more or not _LIST_TAIL.fullmatch(nxt.text[stop : segment_at(nxt, offset)[1]]):
            break
        if _bare_year_first(nxt, offset) != bare:
            break  # "2022" over "March 27, 2024": the next field's date, not the list's
        found += more
        line, start, end, index = nxt, offset, stop, index + 1
    return found


def _bare_year_first(line: Line, pos: int) -> bool:
    """True when the period list from ``pos`` starts with a bare year ("2022"), False when
    with a date or a month ("12/31/2022")."""
    text = line.text
    pos = regex.match(r"[\s:;.\-–]*", text[pos:]).end() + pos  # type: ignore[union-attr]
    m = _TOKEN.match(text, pos)
    return m is not None and len(m.group()) <= 4


def _below(lines: Sequence[Line], index: int, start: int, end: int) -> tuple[Line, int] | None:
    line = lines[index]
    words = line.words_in(start, end)
    if not words or not stands_alone(line, start, end):
        return None
    height = line.bottom - line.top
    for nxt in lines[index + 1 : index + 2]:
        if nxt.top - line.bottom > 1.8 * height:
            return None
        for word, offset in zip(nxt.words, nxt.starts, strict=True):
            if words[0].x0 - height <= word.x0 <= words[-1].x1 + height:
                return nxt, offset
    return None


_STUB = regex.compile(
    r"(?<![\w.,$-])(?P<form>\d{3,4}(?:-?[A-Z]{1,2})?)\s+(?P<ym>(?:19|20)\d{2}"
    r"(?:0[1-9]|1[0-2]))(?![\w.,])"
)


def stub_periods(views: Sequence[PageView], labels: Labels) -> list[Hit[tuple[TaxPeriod, ...]]]:
    """The voucher's unlabelled 'form YYYYMM' pair ("941  200409"), as old stubs print it."""
    hits: list[Hit[tuple[TaxPeriod, ...]]] = []
    for view in views:
        for line in view.page.lines:
            if view.region(line) != "voucher":
                continue
            for m in _STUB.finditer(line.text.replace("\t", "  ")):
                form = normalize_form(m.group("form"))
                period = period_from_token(m.group("ym"))
                if form in labels.return_forms and period is not None:
                    value = (TaxPeriod(form, period.period_end, period.year),)
                    hits.append(Hit(value, line, m.start(), m.end(), 0.7, "voucher"))
    return hits


def body_periods(views: Sequence[PageView]) -> list[Hit[tuple[TaxPeriod, ...]]]:
    """Years named in body phrases ("you have a balance due for 2017"): the weakest witness."""
    hits: list[Hit[tuple[TaxPeriod, ...]]] = []
    for view in views:
        for line in view.page.lines:
            for m in _BODY.finditer(line.text):
                period = period_from_token(m.group("year"))
                if period is not None:
                    hits.append(Hit((period,), line, m.start(), m.end(), 0.5, view.region(line)))
    return hits


def tax_periods(
    views: Sequence[PageView],
    labels: Labels,
    tables: Sequence[PeriodTable],
    warnings: list[str],
    *,
    not_billed: Sequence[PeriodTable] = (),
    notice_date: date | None = None,
) -> Field[tuple[TaxPeriod, ...]] | None:
    """The letter's tax periods, in printed order, each with its form where printed. The
    periods of a table of reported figures (a deposit notice's lookback quarters) are not
    what the letter is about. A labelled year OCR misread past ``notice_date`` may be put
    right (:func:`_mend_late_years`)."""
    table_periods = _from_tables(tables)
    hits = [
        h for h in labeled_periods(views, labels) if not any(t.covers(h.line) for t in not_billed)
    ]
    stubs = stub_periods(views, labels)
    if table_periods:
        line = tables[0].header
        text = " ".join(line.text.split())
        field = Field(table_periods, 0.9, line.page, text)
        return _with_forms(field, views, labels, hits + stubs)
    voters = hits or stubs or body_periods(views)
    found = vote(
        voters,
        "tax period",
        warnings,
        key=lambda ps: tuple(p.period_end for p in ps),
        show=lambda ps: ", ".join(str(p.period_end) for p in ps),
    )
    if found is None:
        return None
    if notice_date is not None:
        found = _mend_late_years(found, views, notice_date, warnings)
    return _with_forms(found, views, labels, [*hits, *stubs])


_YEAR = regex.compile(r"(?<![\d/.,-])(?:19|20)\d{2}(?![\d/.,-]\d)")


def _mend_late_years(
    found: Field[tuple[TaxPeriod, ...]],
    views: Sequence[PageView],
    notice_date: date,
    warnings: list[str],
) -> Field[tuple[TaxPeriod, ...]]:
    """On OCR'd pages, a period year that ends after the notice date (OCR read "2019" as
    "2039") is put right when the letter prints exactly one year a digit away from it that
    is not after the notice date ("the tax year (2019)" on the voucher). Else unchanged."""
    if not any(view.ocr for view in views):
        return found
    # Years standing alone; a date's year ("January 31, 2020") says nothing of the period.
    printed = {
        int(m.group())
        for view in views
        for line in view.page.lines
        for m in _YEAR.finditer(DATE_RE.sub(" ", line.text))
    }
    mended: list[TaxPeriod] = []
    for period in found.value:
        if period.period_end is None or period.period_end <= notice_date or period.year is None:
            mended.append(period)
            continue
        near = [
            y
            for y in printed
            if MIN_YEAR <= y <= notice_date.year
            and one_digit_apart(Decimal(y), Decimal(period.year))
        ]
        if len(near) != 1:
            return found
        year = near[0]
        try:
            end = period.period_end.replace(year=year)
        except ValueError:  # February 29 in a year without one
            return found
        mended.append(TaxPeriod(period.form, end, year))
        warnings.append(
            f"tax period: {period.year} was read, which ends after the notice date; the letter "
            f"also prints {year}, a digit away, which is taken"
        )
    return Field(tuple(mended), 0.6 * found.confidence, found.page, found.evidence)


def _from_tables(tables: Sequence[PeriodTable]) -> tuple[TaxPeriod, ...]:
    out: list[TaxPeriod] = []
    for table in tables:
        for row in table.rows:
            if row.period is not None and row.period not in out:
                out.append(row.period)
    return tuple(out)


def _with_forms(
    found: Field[tuple[TaxPeriod, ...]],
    views: Sequence[PageView],
    labels: Labels,
    hits: Sequence[Hit[tuple[TaxPeriod, ...]]],
) -> Field[tuple[TaxPeriod, ...]]:
    """Fill in missing forms: from another witness of the same periods, else from the one
    return form the letter declares as its subject."""
    periods = list(found.value)
    for hit in hits:
        if [p.period_end for p in hit.value] == [p.period_end for p in periods]:
            periods = [
                p if p.form else TaxPeriod(h.form, p.period_end, p.year)
                for p, h in zip(periods, hit.value, strict=True)
            ]
    if any(p.form is None for p in periods):
        declared = declared_forms(views, labels)
        if len(declared) == 1:
            form = declared.pop()
            periods = [p if p.form else TaxPeriod(form, p.period_end, p.year) for p in periods]
    return Field(tuple(periods), found.confidence, found.page, found.evidence)
