"""The billing summary: tax, payments and credits, penalties, interest, and the amount due.

Money lines are lines that end a cell with an amount; their label is the cell before it. A run
of money lines close together is a block; the billing summary is the block that names the most
fields. The amount due is also printed in the headline ("Amount due: $1,075.21"), on the voucher
and sometimes in a sentence; those are extra witnesses in the vote. Letters with a per-period
table (LT11, Letter 1058) take the table's column totals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, pairwise
from statistics import median

import regex

from scanner.extract.common import Hit, PageView, Region, vote, wrapped_lines
from scanner.extract.labels import DUE_NAMES, classify_amount_label, clean_label
from scanner.extract.table import PeriodTable
from scanner.extract.values import (
    DATE_RE,
    MONEY_RE,
    cents_from_digits,
    date_from_match,
    money_from_match,
    one_digit_apart,
)
from scanner.layout import cells, join_words
from scanner.models import AMOUNT_NAMES, BREAKDOWN_SIGNS, Field, Line, Word, breakdown_total
from scanner.patterns import Labels

_SENTENCE_DUE = regex.compile(
    r"(?i)\b(?:amount\s+due\s+(?:of|is)|you\s+owe|balance\s+(?:due\s+)?of|pay\s+the\s+"
    r"(?:full\s+)?(?:amount|balance)\s+(?:due\s+)?of|"
    r"(?:your|the|total)\s+balance\s+(?:due\s+)?(?:for\s+(?:tax\s+year\s+)?(?:19|20)\d{2}\s+)?is|"
    # A notice of deficiency: "The total deficiency and penalty is $4,952.40".
    r"total\s+deficiency(?:\s+and\s+(?:penalt(?:y|ies)|additions\s+to\s+tax))?\s+(?:is|of))"
    # A sentence runs into its amount; a tab is a cell's edge ("Amount you owe <tab> 0.00").
    r"[^\S\t]+(?=[$S\d])"
)
# "Pay $4,020.00 if paid by June 20, 2024", "Pay $812.50 by May 6, 2024": the amount is due,
# told without the words "amount due"; the date after it is what makes it a bill.
_PAY_AMOUNT = regex.compile(r"(?i)\bpay\s+(?=[$S\d])")
_BY_A_DATE = regex.compile(r"(?i)\s+(?:in\s+full\s+)?(?:if\s+(?:it\s+is\s+|you\s+)?paid\s+)?by\b")
_PAST_MENTION = regex.compile(r"(?i)\b(?:proposed|earlier|previous|prior|last)\s+(?:an?\s+)?$")
# A breakdown told in a sentence: "... which includes tax of $2,950.00, penalties of $737.50
# and interest of $430.33."
_SENTENCE_PART = regex.compile(
    r"(?i)\b(?P<name>tax|penalt(?:y|ies)|interest)\s+(?:of|totaling|totalling)\s+(?=[$\d])"
)
# The same told amount first: "... includes $4,400.00 tax, $308.00 penalties and $280.40
# interest" (or "$4,400.00 in tax").
_SENTENCE_PART_AFTER = regex.compile(
    r"(?i)\s+(?:in\s+)?(?P<name>tax|penalt(?:y|ies)|interest)\b(?!\s+(?:of|totaling|totalling)\b)"
)


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """An amount at the end of a cell, with the label before it and the field it names."""

    name: str | None  # tax, payments_credits, penalties, penalty_total, interest, amount_due
    value: Decimal
    strength: float
    line: Line
    start: int
    end: int
    region: Region
    has_dollar: bool
    # Lines other than ``line`` that the label was read from (a label wrapped onto two lines).
    also: frozenset[int] = frozenset()
    # Read from a table setting the taxpayer's figures beside the IRS's ("Your calculations |
    # IRS calculations"): an explanation of the bill, which a summary of its own outranks.
    compared: bool = False


def money_lines(
    view: PageView, labels: Labels, skip: frozenset[int] = frozenset()
) -> list[MoneyLine]:
    """Every labelled amount on a page, in reading order (lines whose id is in ``skip``,
    the rows of a period table, are left out)."""
    out: list[MoneyLine] = []
    for line_index, line in enumerate(view.page.lines):
        if id(line) in skip:
            continue
        found, any_amount = _line_money(view, line_index, labels)
        # A bilingual letter sets the English and the Spanish line side by side ("Interest
        # charges  $207.91  Intereses  $207.91"): one line of the bill, printed twice.
        named: set[tuple[str, Decimal]] = set()
        for ml in found:
            if ml.name is not None and (ml.name, ml.value) in named:
                continue
            if ml.name is not None:
                named.add((ml.name, ml.value))
            out.append(ml)
        if view.ocr and not any_amount:
            pointless = _amount_without_point(view, line, labels)
            if pointless is not None:
                out.append(pointless)
    out += _stacked(view, labels, skip)
    out.sort(key=lambda ml: (ml.line.top, ml.line.x0))
    return out


def _line_money(view: PageView, line_index: int, labels: Labels) -> tuple[list[MoneyLine], bool]:
    """The money lines of one line, and whether it held any amount at all."""
    line = view.page.lines[line_index]
    text = line.text
    out: list[MoneyLine] = []
    prev_end = 0
    matches = list(MONEY_RE.finditer(text))
    # A row of a dated listing ("04/18/2023  Estimated payment  $1,000.00", payments
    # received) is detail the billing summary already counts.
    dated = _starts_with_date(text, view.ocr)
    for index, m in enumerate(matches):
        value = money_from_match(m)
        if value is None:
            continue
        labelled = _classified_label(text, prev_end, m.start(), labels, view.ocr)
        prev_end = m.end()
        if labelled is None:
            continue
        name, strength, label_start = labelled
        also: frozenset[int] = frozenset()
        label = text[label_start : m.start()]
        if name is None and len(matches) == 1 and _set_apart_label(label):
            wrapped = _wrapped_label(view, line_index, label, labels)
            if wrapped is not None:
                name, strength, other = wrapped
                also = frozenset([id(other)])
        if dated:
            name, strength = None, 0.0
        under_total = index == 0 and _under_a_total_column(view, line_index, matches)
        irs_column = None if index or under_total else _irs_column(view, line_index, matches)
        headed = under_total or irs_column is not None
        total_row = index == 0 and (_row_of_amounts(text, matches) or headed)
        total_row = total_row and (name in DUE_NAMES or _adds_up(matches) or headed)
        if total_row:
            # "Total <tab> 5,114.55 <tab> 255.73 <tab> 129.89 <tab> $5,500.17": the total
            # row of a table, whose amount due is its last cell; a row of amounts by year
            # ending in their total ("Penalty <tab> 380.80 <tab> 522.20 <tab> 903.00"); or a
            # row under "Your calculations <tab> IRS calculations", whose IRS cell counts.
            m = matches[-1 if irs_column is None else irs_column]
            value = money_from_match(m)
            if value is None:
                break
        region = view.region(line)
        out.append(
            MoneyLine(
                name,
                value,
                strength,
                line,
                label_start,
                m.end(),
                region,
                "$" in m.group(),
                also,
                compared=irs_column is not None,
            )
        )
        if total_row:
            break
    return out, prev_end > 0


def _set_apart_label(label: str) -> bool:
    """A short label in a cell of its own before the amount's column, as on a billing line
    (not the start of a sentence that runs into an amount)."""
    return bool(regex.search(r"\t[\s$.:]*$", label)) and 1 <= len(label.split()) <= 5


def _wrapped_label(
    view: PageView, index: int, label: str, labels: Labels
) -> tuple[str, float, Line] | None:
    """The field a label names that wrapped onto a second line, and that line: "Interest
    charged / through the response date $112.55" or "Accuracy-related $368.40 / penalty (IRC
    6662)". The other line holds words only, starts where this label does and sits right
    above or below it."""
    lines = view.page.lines
    line = lines[index]
    height = line.bottom - line.top
    neighbours = ((index - 1, True), (index + 1, False))
    for at, above in neighbours:
        if not 0 <= at < len(lines):
            continue
        other = lines[at]
        words = other.text.split()
        if "\t" in other.text or MONEY_RE.search(other.text) or not 1 <= len(words) <= 6:
            continue
        gap = line.top - other.bottom if above else other.top - line.bottom
        if abs(other.x0 - line.x0) > height or not -0.2 * height <= gap <= 0.8 * height:
            continue
        joined = f"{other.text} {label.strip()}" if above else f"{label.strip()} {other.text}"
        found = classify_amount_label(joined, labels, fuzzy=view.ocr)
        if found is not None and found[0] is not None:
            return found[0], 0.9 * found[1], other
    return None


def _stacked(view: PageView, labels: Labels, skip: frozenset[int]) -> list[MoneyLine]:
    """Amounts printed under their labels (a boxed column: "Penalties" over "$166.80"): a
    cell that is only a label, straight above a cell on the next line that is only an
    amount, makes one money line of the two."""
    out: list[MoneyLine] = []
    lines = view.page.lines
    for upper, lower in pairwise(lines):
        if id(upper) in skip or id(lower) in skip:
            continue
        height = upper.bottom - upper.top
        if lower.top - upper.bottom > 1.2 * height:
            continue
        # The amount-only cells first: most line pairs have none, and then no label needs
        # classifying (fuzzily, on OCR text).
        under: list[tuple[tuple[Word, ...], str, Decimal]] = []
        for value_cell in cells(lower):
            text = " ".join(w.text for w in value_cell)
            m = MONEY_RE.fullmatch(text)
            value = None if m is None else money_from_match(m)
            if value is not None:
                under.append((value_cell, text, value))
        if not under:
            continue
        for label_cell in cells(upper):
            label = " ".join(w.text for w in label_cell)
            if any(c.isdigit() for c in label):
                continue
            x0 = label_cell[0].x0
            below = [u for u in under if x0 - height <= u[0][0].x0 <= x0 + 3 * height]
            if not below:
                continue
            named = classify_amount_label(label, labels, fuzzy=view.ocr, keywords=False)
            if named is None or named[0] is None:
                continue
            for value_cell, text, value in below:
                joined = join_words((*label_cell, *value_cell), upper.page)
                end = len(joined.text)
                out.append(
                    MoneyLine(
                        named[0],
                        value,
                        0.9 * named[1],
                        joined,
                        0,
                        end,
                        view.region(upper),
                        "$" in text,
                    )
                )
    return out


def _adds_up(matches: Sequence[regex.Match[str]]) -> bool:
    """True when the last amount is the sum of the others."""
    values = [money_from_match(m) for m in matches]
    if any(v is None for v in values):
        return False
    *parts, total = [abs(v) for v in values if v is not None]
    return sum(parts, Decimal(0)) == total


def _starts_with_date(text: str, ocr: bool) -> bool:
    """True when the line's first cell is a date alone. On OCR'd lines a first cell of digits
    and slashes ending in a year counts too: OCR drops a slash or a digit ("0915/2023",
    "0162024") often enough that the date no longer parses, yet the row is still dated."""
    lead = len(text) - len(text.lstrip(" |[("))
    m = DATE_RE.match(text, lead)
    if m is not None and text.startswith("\t", m.end()) and date_from_match(m) is not None:
        return True
    return ocr and _GARBLED_DATE_CELL.match(text, lead) is not None


# Month and day with at least three digits between them, so "12/2023" (a month) is no date.
_GARBLED_DATE_CELL = regex.compile(
    r"(?:\d{1,2}[/\-.]?\d{2}|\d{2}[/\-.]?\d)[/\-.]?(?:19|20)\d{2}(?=\t)"
)


_TOTAL_HEAD = regex.compile(r"(?i)^totals?:?$")


def _under_a_total_column(
    view: PageView, line_index: int, matches: Sequence[regex.Match[str]]
) -> bool:
    """True when a line's amounts, in cells of their own, end under a column named "Total"
    (a summary by year: "2021 <tab> 2022 <tab> Total"). The total is the amount even when OCR
    lost a year's cell and the others no longer add up to it."""
    line = view.page.lines[line_index]
    text = line.text
    if len(matches) < 2 or not _only_gaps_between(text, matches):
        return False
    last = line.words_in(matches[-1].start(), matches[-1].end())
    if not last:
        return False
    height = line.bottom - line.top
    for above in reversed(view.page.lines[max(0, line_index - 8) : line_index]):
        if len(above.words) < 2 or MONEY_RE.search(above.text):
            continue
        head = above.words[-1]
        if _TOTAL_HEAD.match(head.text):
            return last[0].x0 < head.x1 + height and last[-1].x1 > head.x0 - height
    return False


# Column heads of a table that sets the taxpayer's figures beside the IRS's own ("Your
# calculations | IRS calculations", "As you figured it | As we figured it", "Shown on return |
# As corrected").
_IRS_HEAD = regex.compile(
    r"(?i)\b(?:irs|corrected|adjusted|revised|we\s+(?:figured|calculated|computed)"
    r"|our\s+(?:figures|calculations?|amounts?)|after\s+(?:the\s+)?(?:changes?|adjustments?))\b"
)
_TAXPAYER_HEAD = regex.compile(
    r"(?i)\b(?:your|you|shown\s+on\s+(?:your\s+)?return|as\s+(?:filed|reported)|per\s+return"
    r"|original|before\s+(?:the\s+)?(?:changes?|adjustments?))\b"
)


def _irs_column(view: PageView, line_index: int, matches: Sequence[regex.Match[str]]) -> int | None:
    """Which of a line's amounts, in cells of their own, stands in the IRS's column of a
    comparison table, by the heads above them: the one under "IRS calculations" where "Your
    calculations" heads another column. None when the line is no such row."""
    line = view.page.lines[line_index]
    if len(matches) < 2 or not _only_gaps_between(line.text, matches):
        return None
    spans = [line.words_in(m.start(), m.end()) for m in matches]
    height = line.bottom - line.top
    for above in reversed(view.page.lines[max(0, line_index - 8) : line_index]):
        if len(above.words) < 2 or MONEY_RE.search(above.text):
            continue
        heads = cells(above)
        names = [" ".join(w.text for w in cell) for cell in heads]
        irs = [
            i for i, h in enumerate(names) if _IRS_HEAD.search(h) and not _TAXPAYER_HEAD.search(h)
        ]
        if len(irs) != 1 or not any(_TAXPAYER_HEAD.search(h) for h in names):
            continue
        x0, x1 = heads[irs[0]][0].x0 - height, heads[irs[0]][-1].x1 + height
        under = [i for i, span in enumerate(spans) if span and span[0].x0 < x1 and span[-1].x1 > x0]
        return under[0] if len(under) == 1 else None
    return None


def _row_of_amounts(text: str, matches: Sequence[regex.Match[str]]) -> bool:
    """Three or more amounts in cells of their own, nothing but gaps between them."""
    return len(matches) >= 3 and _only_gaps_between(text, matches)


def _only_gaps_between(text: str, matches: Sequence[regex.Match[str]]) -> bool:
    """True when nothing but spaces, tabs or a dollar sign stands between the amounts."""
    return all(not text[a.end() : b.start()].strip(" \t$") for a, b in pairwise(matches))


# A money cell whose decimal point OCR lost ("Failure-to-file penalty <tab> 5153"): the
# cents are the last two digits. Read only on OCR'd lines whose label names an amount.
_POINTLESS = regex.compile(r"\t[$S]?\s?(?P<digits>\d{3,7})\s*$")


def _amount_without_point(view: PageView, line: Line, labels: Labels) -> MoneyLine | None:
    m = _POINTLESS.search(line.text)
    if m is None:
        return None
    labelled = _classified_label(line.text, 0, m.start() + 1, labels, True)
    if labelled is None or labelled[0] is None:
        return None
    name, strength, start = labelled
    value = cents_from_digits(m.group("digits"))
    return MoneyLine(name, value, 0.8 * strength, line, start, m.end(), view.region(line), False)


_SENTENCE_BREAK = regex.compile(r"(?<![A-Za-z])[a-z]{3,}\.\s+(?=[A-Z][a-z])")
_GARBLED_AMOUNT = regex.compile(r"(?<![\w/])\$?\d{1,3}(?:[,.:;]\d{3})*[:;.,]\s?\d{2}(?![\w/%])")


def _classified_label(
    text: str, lo: int, hi: int, labels: Labels, fuzzy: bool
) -> tuple[str | None, float, int] | None:
    """The label before an amount and the field it names. The nearest cell is tried first,
    then joined with the cells before it (odd spacing can split "Interest <tab> charges");
    a cell holding only a date ("Amount due by <tab> May 6, 2024") never stands alone.
    Keyword guesses ("...payment...") are trusted only when the amount stands apart in its
    own column, as on a billing line, never for an amount inside a sentence."""
    chunk = text[lo:hi]
    set_apart = bool(regex.search(r"\t[\s$.:]*$", chunk))
    cells = [c for c in regex.split(r"\t", chunk)]
    while cells and not cells[-1].strip(" .$:"):
        cells.pop()
    if not cells:
        return None
    if lo > 0 and "\t" not in chunk:
        # Between two amounts of one sentence, the words may name either: in "$4,400.00
        # tax, $308.00 penalties" the "tax" before $308.00 belongs to the amount before it.
        return None, 0.0, lo + chunk.rfind(cells[-1])
    for take in range(1, min(4, len(cells)) + 1):
        taken = cells[-take:]
        if not clean_label(" ".join(taken)):
            continue
        label = " ".join(c.strip() for c in taken)
        # A label never runs over a sentence's end: in "... interest and penalty charges. If
        # you cannot $6,418.00" (OCR ran the body into the summary's column) only the words
        # after the point could name the amount.
        label = _SENTENCE_BREAK.split(label)[-1]
        # Nor over another amount, one OCR garbled ("Failure-to-pay penalty 89:16 CO Pay
        # $1,647.11": the penalty's own amount is the garbled one; the next amount on the
        # line is another column's).
        label = _GARBLED_AMOUNT.split(label)[-1]
        found = classify_amount_label(label, labels, fuzzy=fuzzy, keywords=set_apart)
        if found is not None:
            return found[0], found[1], lo + chunk.rfind(taken[0])
    return None, 0.0, lo + chunk.rfind(cells[-1])


def _label_only_lines(
    views: Sequence[PageView], labels: Labels, money: Sequence[MoneyLine]
) -> list[Line]:
    """Short lines of an OCR'd page that name a part of the bill but hold no amount OCR could
    read ("Failure-to-pay penalty   2B:10"): the summary goes on through them."""
    read = {i for ml in money for i in (id(ml.line), *ml.also)}
    out = []
    for view in views:
        if not view.ocr:
            continue
        for line in view.page.lines:
            if id(line) in read or len(line.words) > 8 or MONEY_RE.search(line.text):
                continue
            if _part_named_on(line, labels) is not None:
                out.append(line)
    return out


def _part_named_on(line: Line, labels: Labels) -> str | None:
    """The part of the bill (tax, payments, penalties, interest) a line's label names, read
    from the cell nearest the amount first (OCR may run the body's text into the line's
    start), then from the whole line; None when no label names one surely."""
    for label in dict.fromkeys((*reversed(line.text.split("\t")), line.text)):
        named = classify_amount_label(label, labels, fuzzy=True, keywords=False)
        if named is not None and named[0] in BREAKDOWN_SIGNS and named[1] >= 0.8:
            return named[0]
    return None


def _blocks(lines: Sequence[MoneyLine], bridges: Sequence[Line] = ()) -> list[list[MoneyLine]]:
    """Money lines grouped into runs of nearby lines; a run goes on through ``bridges``
    (labelled lines whose amount could not be read)."""
    if not lines:
        return []
    height = median(ml.line.bottom - ml.line.top for ml in lines)
    blocks: list[list[MoneyLine]] = [[lines[0]]]
    for ml in lines[1:]:
        last = blocks[-1][-1]
        same_page = ml.line.page == last.line.page
        near = _bridged(last.line, ml.line, bridges, 3.2 * height)
        # The voucher repeats the amount due; it is never part of the summary above it.
        same_side = (ml.region == "voucher") == (last.region == "voucher")
        if same_page and near and same_side:
            blocks[-1].append(ml)
        else:
            blocks.append([ml])
    return _joined_over_page_breaks(blocks)


def _joined_over_page_breaks(blocks: list[list[MoneyLine]]) -> list[list[MoneyLine]]:
    """A summary that a page break cuts in two ("Billing summary continues on page 2"): the
    last run of a page (past its voucher) that has no amount due yet, and the first run of
    the next page, which repeats none of its lines but penalties (itemized), are one."""
    out: list[list[MoneyLine]] = []
    last: list[MoneyLine] | None = None  # the latest run of the bill's lines, off the voucher
    for block in blocks:
        if block[0].region == "voucher" or (
            last is not None and all(ml.name in DUE_NAMES for ml in block)
        ):
            # The stub's amount due, even where OCR did not see the voucher's cut line.
            out.append(block)
            continue
        if last is not None and block[0].line.page == last[-1].line.page + 1:
            # A headline's amount due may sit just above the summary; only a due line after
            # the first part of the bill closes it.
            start = next((i for i, ml in enumerate(last) if ml.name in BREAKDOWN_SIGNS), None)
            before = {ml.name for ml in last[start:]} if start is not None else set()
            after = {ml.name for ml in block}
            if before and not before & {*DUE_NAMES} and not before & after - {"penalties"}:
                last.extend(block)
                continue
        out.append(block)
        last = block
    return out


def _bridged(upper: Line, lower: Line, bridges: Sequence[Line], gap: float) -> bool:
    """True when ``lower`` is at most ``gap`` below ``upper``, directly or by way of bridge
    lines between them, each at most ``gap`` below the one before."""
    bottom = upper.bottom
    for line in sorted(bridges, key=lambda b: b.top):
        if line.page != upper.page or not bottom < line.top < lower.top:
            continue
        if line.top - bottom > gap:
            break
        bottom = max(bottom, line.bottom)
    return lower.top - bottom <= gap


def _summary_block(blocks: Sequence[list[MoneyLine]]) -> list[MoneyLine] | None:
    def rank(block: list[MoneyLine]) -> tuple[int, int, int, int]:
        names = {ml.name for ml in block if ml.name}
        summary = int(len(names) >= 2 and not all(ml.compared for ml in block))
        return (summary, len(names), int("amount_due" in names), -blocks.index(block))

    candidates = [b for b in blocks if b[0].region != "voucher"] or list(blocks)
    best = max(candidates, key=rank, default=None)
    if best is None or len({ml.name for ml in best if ml.name}) < 2:
        return None
    return best


@dataclass(frozen=True, slots=True)
class AmountFields:
    """The five amount fields (each a Field or None) and notes for the cross-checks."""

    fields: dict[str, Field[Decimal]]
    from_summary: bool
    penalty_lines: int
    mended: frozenset[str] = frozenset()


def amounts(
    views: Sequence[PageView],
    labels: Labels,
    tables: Sequence[PeriodTable],
    warnings: list[str],
    *,
    not_billed: Sequence[PeriodTable] = (),
) -> AmountFields:
    """Read the billing summary (or period table) and vote on the amount due. The rows of
    ``not_billed`` tables (figures reported or deposited) are no money lines either. A row
    none of whose amounts the table could place under a column ("Total amount you owe
    $5,339.72" left of the columns) is read as a line of its own."""
    table_rows = _rows_read_by_tables(tables, not_billed)
    all_lines = [_unbilled(ml) for view in views for ml in money_lines(view, labels, table_rows)]
    bridges = _label_only_lines(views, labels, all_lines)
    block = _summary_block(_blocks([ml for ml in all_lines if ml.name is not None], bridges))
    fields: dict[str, Field[Decimal]] = {}
    penalty_lines = 0
    ocr_pages = {view.number for view in views if view.ocr}
    if block is not None:
        penalty_lines = _from_block(block, fields, warnings)
    elif tables:
        _from_table(tables[0], fields)
    due_hits = _due_hits(views, all_lines, tables if block is None else (), ocr_pages)
    due = vote(due_hits, "amount due", warnings, show=lambda v: f"${v:,.2f}")
    if due is not None:
        fields["amount_due"] = due
        if block is None and not tables:
            fields.update(_sentence_breakdown(views, due.value))
    mended: str | None = None
    if block is not None and due is not None:
        ocr_block = {ml.line.page for ml in block} <= ocr_pages
        mended = _settle_block(fields, block, all_lines, views, labels, warnings, ocr=ocr_block)
    elif tables and due is not None and tables[0].page in ocr_pages:
        mended = _complete_by_sum(fields, _short_columns(tables[0]), warnings)
    return AmountFields(
        fields, block is not None, penalty_lines, frozenset([mended] if mended else [])
    )


def _rows_read_by_tables(
    tables: Sequence[PeriodTable], not_billed: Sequence[PeriodTable]
) -> frozenset[int]:
    """Ids of the lines the tables read, which are no money lines of their own."""
    return frozenset(
        id(row.line)
        for t in (*tables, *not_billed)
        for row in t.rows
        if row.line and (row.cells or t in not_billed)
    )


def _due_hits(
    views: Sequence[PageView],
    all_lines: Sequence[MoneyLine],
    tables: Sequence[PeriodTable],
    ocr_pages: Collection[int],
) -> list[Hit[Decimal]]:
    """Every place the amount due is printed: its lines, sentences, and the total of the
    first of ``tables`` (given when there is no summary)."""
    # A monthly payment or a bare balance is the amount due only when nothing else is. A
    # balance printed as a credit ("Balance (credit) -$312.00", "1,045.18 CR") is money
    # the IRS owes, never an amount due.
    owed = [ml for ml in all_lines if not _a_credit(ml, ocr=ml.line.page in ocr_pages)]
    due_lines = next(
        (found for name in DUE_NAMES if (found := [ml for ml in owed if ml.name == name])),
        [],
    )
    hits: list[Hit[Decimal]] = [
        Hit(abs(ml.value), ml.line, ml.start, ml.end, ml.strength, ml.region) for ml in due_lines
    ]
    hits += _sentence_amounts(views)
    if tables:
        total = tables[0].column_sum("amount_due")
        if total is not None:
            header = tables[0].header
            hits.append(Hit(total, header, 0, len(header.text), 0.9, "body"))
    return hits


# "Failure-to-deposit penalty removed  $1,250.00": what was taken off the account.
_REMOVED = regex.compile(r"(?i)\b(?:removed|abated|waived|reversed)\b")


def _unbilled(ml: MoneyLine) -> MoneyLine:
    """A line naming a charge the IRS removed, printed as a plain amount, names no field: it
    tells what came off, not what is owed. Printed as a minus in a summary ("Penalty removed
    (first-time abate) -$146.25") it stays a line of the sum."""
    if ml.name is None or not _REMOVED.search(ml.line.text[ml.start : ml.end]):
        return ml
    if _printed_sign(ml.line.text[ml.start : ml.end]):
        return ml
    return dataclasses.replace(ml, name=None, strength=0.0)


def _settle_block(
    fields: dict[str, Field[Decimal]],
    block: Sequence[MoneyLine],
    all_lines: Sequence[MoneyLine],
    views: Sequence[PageView],
    labels: Labels,
    warnings: list[str],
    *,
    ocr: bool,
) -> str | None:
    """Check the summary's fields against the amount due (in ``fields``): drop them, take the
    tax reported, choose lines by the sum, or mend one OCR slip. Returns the field mended."""
    if fields["amount_due"].value == 0 and _owes_something(fields):
        # "Balance before this change $430.30 ... Amount due $0.00" on an adjusted account:
        # lines that claim more than the zero balance are the account's history, not a bill.
        for name in BREAKDOWN_SIGNS:
            fields.pop(name, None)
        return None
    if "tax" not in fields:
        reported = _reported_tax(block, all_lines, fields)
        if reported is not None:
            fields["tax"] = reported
    _settle_by_sum(fields, block)
    if fields.keys() & BREAKDOWN_SIGNS and ocr:
        unread = _unread_labels(views, labels, block, all_lines)
        return _complete_by_sum(fields, unread, warnings)
    return None


def _owes_something(fields: dict[str, Field[Decimal]]) -> bool:
    """True when the breakdown read comes to more than nothing (a breakdown that comes to
    less is an overpayment, which a zero balance agrees with)."""
    total = breakdown_total({"tax": Field(Decimal(0), 1.0, 1, ""), **fields})
    return total is not None and total > 0


def _printed_sign(text: str) -> str:
    """How the last amount in ``text`` marks itself negative: a minus, "(" or "CR", as the
    money pattern reads them; "" when it is printed plain."""
    found = list(MONEY_RE.finditer(text))
    if not found:
        return ""
    return (found[-1].group("sign") or found[-1].group("trail") or "").strip()


def _a_credit(ml: MoneyLine, *, ocr: bool) -> bool:
    """True for an amount-due or balance line that prints a credit. On a text layer a minus
    says so; OCR may read a leader's dash as one, so there the label or a "CR" or
    parentheses must say it too."""
    if ml.name not in DUE_NAMES:
        return False
    if _CREDIT_LABEL.search(ml.line.text[ml.start : ml.end]):
        return True  # "Balance (credit) $312.00": OCR may have lost the minus
    if ml.value >= 0:
        return False
    text = ml.line.text[ml.start : ml.end]
    return not ocr or _printed_sign(text) in ("(", "CR") or _CREDIT_WORD.search(text) is not None


_CREDIT_LABEL = regex.compile(r"(?i)\(\s*credit\s*\)|\bcredit\s+balance\b")
_CREDIT_WORD = regex.compile(r"(?i)\bcredit\b")


#: A field read from more lines than this is not re-chosen line by line (2**n subsets).
_MAX_SETTLED_LINES = 8


def _settle_by_sum(fields: dict[str, Field[Decimal]], block: Sequence[MoneyLine]) -> None:
    """When a field was summed from several lines of the summary block and the breakdown does
    not add up to the amount due, keep the lines that make it add up, if exactly one amount
    does. A summary line and the detail it sums ("Estimated tax payments credited" over
    four dated payments whose dates OCR garbled) are otherwise counted twice."""
    due = fields["amount_due"].value
    present = {n: fields[n].value for n in BREAKDOWN_SIGNS if n in fields}
    total = sum((BREAKDOWN_SIGNS[n] * v for n, v in present.items()), Decimal(0))
    if total == due or not present:
        return
    fixes: dict[str, tuple[MoneyLine, ...]] = {}
    values: set[tuple[str, Decimal]] = set()
    for name in ("payments_credits", "interest", "penalties"):
        lines = [ml for ml in block if ml.name == name]
        if name not in present or not 2 <= len(lines) <= _MAX_SETTLED_LINES:
            continue
        if name == "penalties" and any(ml.name == "penalty_total" for ml in block):
            continue  # the total line was used, not the itemized ones
        wanted = present[name] + (due - total) * BREAKDOWN_SIGNS[name]
        for size in range(1, len(lines)):
            for subset in combinations(lines, size):
                value = _summed_value(subset, signed=name == "penalties")
                if value == wanted:
                    values.add((name, value))
                    # The fewest lines, the first found, carry the evidence.
                    fixes.setdefault(name, subset)
    if len(values) != 1:
        return
    ((name, _),) = values
    fields[name] = _summed(fixes[name], signed=name == "penalties")


# "Tax you reported", "Tax shown on your return": on a proposal (CP2000) a figure set beside
# the corrected tax, not billed; on a business balance-due notice (CP161) the summary's first
# line, from which the deposits are taken away.
_REPORTED_TAX = regex.compile(
    r"(?i)^\W*(?:total\s+)?tax\s+(?:(?:you|as)\s+)?(?:reported|shown)\b"
    r"(?:\s+(?:on|per)\s+(?:your\s+)?(?:return|form\s+\d+))?\W*$"
)


def _reported_tax(
    block: Sequence[MoneyLine], money: Sequence[MoneyLine], fields: dict[str, Field[Decimal]]
) -> Field[Decimal] | None:
    """The tax from a "Tax you reported" line just above or inside a summary that has no tax
    line, when its amount is exactly the tax the summary's sum calls for."""
    present = {n: fields[n].value for n in BREAKDOWN_SIGNS if n in fields}
    if not present or "amount_due" not in fields:
        return None
    rest = sum((BREAKDOWN_SIGNS[n] * v for n, v in present.items()), Decimal(0))
    implied = fields["amount_due"].value - rest
    first = block[0].line
    height = first.bottom - first.top
    last = max(ml.line.top for ml in block if ml.line.page == first.page)
    for ml in money:
        line = ml.line
        if (
            ml.name is None
            and line.page == first.page
            and first.top - 3 * height <= line.top < last
            and abs(ml.value) == implied
            and _REPORTED_TAX.match(MONEY_RE.sub("", line.text[ml.start : ml.end]))
        ):
            return _field(ml, abs(ml.value))
    return None


def _unread_labels(
    views: Sequence[PageView],
    labels: Labels,
    block: Sequence[MoneyLine],
    money: Sequence[MoneyLine],
) -> dict[str, Line]:
    """Fields whose label stands on a line of the summary with no amount OCR could read."""
    read = {i for ml in money if ml.name is not None for i in (id(ml.line), *ml.also)}
    page = block[0].line.page
    view = next(v for v in views if v.number == page)
    height = median(ml.line.bottom - ml.line.top for ml in block)
    top = block[0].line.top - 3 * height
    bottom = max(ml.line.bottom for ml in block if ml.line.page == page)
    found: dict[str, Line] = {}
    for line in view.page.lines:
        if not top <= line.top < bottom or id(line) in read:
            continue
        # The label alone, or its cell before an amount read as garbage.
        name = _part_named_on(line, labels)
        if name is not None:
            found[name] = line
    return found


def _complete_by_sum(
    fields: dict[str, Field[Decimal]], gaps: dict[str, Line], warnings: list[str]
) -> str | None:
    """Use the sum tax - payments + penalties + interest = amount due to mend one OCR slip
    in amounts read from an image: the amount of a line or table cell OCR could not read
    (``gaps``: the field and its line), or, with no gap, an amount with one digit misread or
    its leading digits lost. A fix is made only when exactly one field can take it, and it
    is flagged; returns the field mended."""
    due = fields["amount_due"].value
    present = {name: fields[name].value for name in BREAKDOWN_SIGNS if name in fields}
    total = sum((BREAKDOWN_SIGNS[n] * v for n, v in present.items()), Decimal(0))
    if total == due:
        return None
    if gaps:
        name, line = next(iter(gaps.items()))
        read = present.get(name, Decimal(0))
        value = read + (due - total) * BREAKDOWN_SIGNS[name]
        if len(gaps) != 1 or value <= read or not _plausible(name, value, due, present):
            # Not one gap the sum can fill: say so, since what was read may be wrong too.
            unread = " and ".join(_SHOWN[n].lower() for n in BREAKDOWN_SIGNS if n in gaps)
            warnings.append(
                f"The billing summary's {unread} could not be read, so the summary could not "
                "be checked and its other amounts may be misread too. Check the letter."
            )
            for n in present:
                fields[n] = fields[n].with_confidence(round(0.6 * fields[n].confidence, 3))
            return None
        confidence = round(0.5 * fields["amount_due"].confidence, 3)
        fields[name] = Field(value, confidence, line.page, " ".join(line.text.split()))
        warnings.append(
            f"{_SHOWN[name]}: an amount on the letter could not be read; worked out from "
            f"the amount due and the other amounts as ${value:,.2f}. Check the letter."
        )
        return name
    fixes = []
    for name, read in present.items():
        implied = read + (due - total) * BREAKDOWN_SIGNS[name]
        if (
            implied > 0
            and _plausible(name, implied, due, present)
            and _one_slip(read, implied, name)
        ):
            fixes.append((name, implied))
    # "-3,000.00" after leader dots read as "73,000.00": the tax with a leading digit lost
    # would make the sum add up as well, but a payment printed without its minus and
    # starting with the digit the minus became is the likelier slip. While such a payment
    # stands unmended, no other amount is lengthened to fit it.
    payment = fields.get("payments_credits")
    suspect = (
        payment is not None
        and f"{abs(payment.value):.2f}"[0] in _MINUS_AS_DIGIT
        and abs(payment.value) >= 1000
        and not _printed_sign(payment.evidence)
    )
    if suspect:
        minus = [
            (name, value)
            for name, value in fixes
            if name == "payments_credits" and _minus_read_as_digit(present[name], value)
        ]
        fixes = minus or [
            (name, value) for name, value in fixes if _digits(value) == _digits(present[name])
        ]
    if len(fixes) == 1:
        name, value = fixes[0]
        old = fields[name]
        fields[name] = Field(value, round(0.7 * old.confidence, 3), old.page, old.evidence)
        warnings.append(
            f"{_SHOWN[name]}: read as ${old.value:,.2f}, but only ${value:,.2f} makes the "
            "billing summary add up (one character misread); using that. Check the letter."
        )
        return name
    return None


def _short_columns(table: PeriodTable) -> dict[str, Line]:
    """Amount columns with no printed total where some row has something in the column
    that is not an amount (OCR garbled it; an empty cell is a blank, not a gap), each with
    the first such row."""
    short: dict[str, Line] = {}
    for column in table.columns:
        name = column.field
        if name not in BREAKDOWN_SIGNS or name in short:
            continue
        if any(row.total and name in row.cells for row in table.rows):
            continue
        for row in table.rows:
            if row.total or row.line is None or name in row.cells:
                continue
            if any(w.x1 > column.x0 and w.x0 < column.x1 for w in row.line.words):
                short[name] = row.line
                break
    return short


_SHOWN = {
    "tax": "Tax",
    "payments_credits": "Payments and credits",
    "penalties": "Penalties",
    "interest": "Interest",
}


def _plausible(name: str, value: Decimal, due: Decimal, present: Collection[str]) -> bool:
    """False for a penalty or interest worked out larger than the whole amount due (the sum
    then rests on another misread amount: a payment of "-1,800.00" read as 71,800.00), or
    worked out with no tax read (the sum would take the tax for nothing)."""
    if name not in ("penalties", "interest"):
        return True
    return value <= due and "tax" in present


# Digits OCR makes of a dollar sign, and of the minus sign before a payment.
_DOLLAR_AS_DIGIT = frozenset("35689")
_MINUS_AS_DIGIT = frozenset("71")


def _digits(value: Decimal) -> int:
    return len(f"{abs(value):.2f}") - 1


def _minus_read_as_digit(read: Decimal, implied: Decimal) -> bool:
    """True when ``read`` is ``implied`` with a minus sign read as a leading 7 or 1 (and at
    most one digit after it misread)."""
    a, b = f"{abs(read):.2f}".replace(".", ""), f"{implied:.2f}".replace(".", "")
    return (
        len(a) == len(b) + 1
        and a[0] in _MINUS_AS_DIGIT
        and (a[1:] == b or one_digit_apart(Decimal(a[1:]), Decimal(b)))
    )


def _one_slip(read: Decimal, implied: Decimal, name: str = "") -> bool:
    """True when OCR could turn ``implied`` into ``read`` with one misread digit, by losing
    up to three leading digits, by reading the dollar sign as a digit ("$23,915.01" as
    "923,915.01") or a point inside the number as one. A payment's minus sign read as a
    digit may take the next digit with it ("-3,250.00" as "78,250.00", the stroke and the 3
    run together)."""
    a, b = f"{read:.2f}".replace(".", ""), f"{implied:.2f}".replace(".", "")
    if len(a) == len(b):
        return one_digit_apart(read, implied)
    if len(a) == len(b) + 1:
        if name == "payments_credits" and a[0] in _MINUS_AS_DIGIT:
            return _minus_read_as_digit(read, implied)
        if a[0] in _DOLLAR_AS_DIGIT and a[1:] == b:
            return True
        # A point or comma read as a digit inside the number ("$51.53" as "54153").
        return any(a[:i] + a[i + 1 :] == b for i in range(1, len(a)))
    return len(a) >= 3 and len(b) - len(a) <= 3 and b.endswith(a)


def _field(ml: MoneyLine, value: Decimal | None = None) -> Field[Decimal]:
    words = ml.line.words_in(ml.start, ml.end)
    conf = min((w.conf for w in words), default=1.0)
    evidence = " ".join(ml.line.text[ml.start : ml.end].split())
    return Field(
        abs(ml.value) if value is None else value,
        round(ml.strength * (0.3 + 0.7 * conf), 3),
        ml.line.page,
        evidence,
    )


def _from_block(
    block: Sequence[MoneyLine], fields: dict[str, Field[Decimal]], warnings: list[str]
) -> int:
    """Fill tax, payments, penalties and interest from the billing summary block."""
    by_name: dict[str, list[MoneyLine]] = {}
    for ml in block:
        if ml.name:
            by_name.setdefault(ml.name, []).append(ml)
    if "tax" in by_name:
        fields["tax"] = _field(by_name["tax"][0])
    for name in ("payments_credits", "interest"):
        if name in by_name:
            lines = by_name[name]
            # Lines named by their exact label ("Payments and credits") outrank lines only a
            # keyword ties to the field: those are the detail ("Online payment $400.00" in a
            # table of payments received), already counted in the summary line.
            exact = [ml for ml in lines if ml.strength >= 1.0]
            fields[name] = _summed(exact or lines)
    penalties = by_name.get("penalties", [])
    totals = by_name.get("penalty_total", [])
    if totals:
        fields["penalties"] = _field(totals[0])
        if penalties:
            itemized = sum((ml.value for ml in penalties), Decimal(0))
            if itemized != totals[0].value:
                warnings.append(
                    f"penalties: the itemized lines add up to ${itemized:,.2f} but the total "
                    f"line says ${totals[0].value:,.2f}; using the total line"
                )
    elif penalties:
        fields["penalties"] = _summed(penalties, signed=True)
    return len(penalties)


def _summed(lines: Sequence[MoneyLine], *, signed: bool = False) -> Field[Decimal]:
    """One field from one or more lines (several penalty lines are summed)."""
    total = _summed_value(lines, signed=signed)
    field = _field(lines[0], total)
    if len(lines) > 1:
        evidence = "; ".join(" ".join(ml.line.text[ml.start : ml.end].split()) for ml in lines)
        conf = min(_field(ml).confidence for ml in lines)
        return Field(total, conf, field.page, evidence)
    return field


def _summed_value(lines: Sequence[MoneyLine], *, signed: bool) -> Decimal:
    values = [ml.value if signed else abs(ml.value) for ml in lines]
    return abs(sum(values, Decimal(0)))


def _from_table(table: PeriodTable, fields: dict[str, Field[Decimal]]) -> None:
    evidence = " ".join(table.header.text.split())
    for name in AMOUNT_NAMES:
        if name == "amount_due":
            continue
        total = table.column_sum(name)
        if total is not None:
            fields[name] = Field(abs(total), 0.85, table.page, evidence)


def _sentence_amounts(views: Sequence[PageView]) -> list[Hit[Decimal]]:
    out: list[Hit[Decimal]] = []
    for view in views:
        lines = view.page.lines
        # The sentence may run on to the next line ("The total deficiency and / penalty is
        # $4,952.40").
        for index, wrapped in enumerate(wrapped_lines(view)):
            line, joined = wrapped.line, wrapped.text
            pay = [m for m in _PAY_AMOUNT.finditer(joined) if _paid_by(joined, m.end())]
            for m in (*_SENTENCE_DUE.finditer(joined), *pay):
                if not wrapped.starts_here(m.start()):
                    continue
                # The sentence may have begun on the line above.
                before = (lines[index - 1].text + " " if index else "") + line.text[: m.start()]
                if _PAST_MENTION.search(before):
                    continue  # "our earlier notice proposed / an amount due of $X"
                money = MONEY_RE.match(joined, m.end())
                value = None if money is None else money_from_match(money)
                if money is None or value is None:
                    continue
                out.append(
                    wrapped.hit(abs(value), m.start(), money.start(), money.end(), 0.6, view)
                )
    return out


def _paid_by(text: str, at: int) -> bool:
    """True when the amount at ``at`` is followed by "by <date>" or "if paid by"."""
    money = MONEY_RE.match(text, at)
    return money is not None and _BY_A_DATE.match(text, money.end()) is not None


def _sentence_breakdown(views: Sequence[PageView], due: Decimal) -> dict[str, Field[Decimal]]:
    """Tax, penalties and interest told in a sentence, when the letter has no billing summary
    or table. Taken only when they add up to the amount due exactly, since a sentence may
    also quote other figures (a payment plan, last year's balance)."""
    for view in views:
        # Sentences wrap, so the page is read as one run of text.
        text = " ".join(line.text.replace("\t", " ") for line in view.page.lines)
        for found in (_parts_named_first(text), _parts_named_after(text)):
            if "tax" in found and len(found) >= 2 and sum(v for v, _ in found.values()) == due:
                confidence = 0.6 if view.ocr else 0.8
                return {
                    name: Field(value, confidence, view.number, evidence)
                    for name, (value, evidence) in found.items()
                }
    return {}


def _part_name(word: str) -> str:
    word = word.lower()
    return word if word in ("tax", "interest") else "penalties"


def _parts_named_first(text: str) -> dict[str, tuple[Decimal, str]]:
    """'tax of $2,950.00, penalties of $737.50': each amount after its name."""
    found: dict[str, tuple[Decimal, str]] = {}
    for m in _SENTENCE_PART.finditer(text):
        money = MONEY_RE.match(text, m.end())
        value = None if money is None else money_from_match(money)
        if money is not None and value is not None:
            evidence = " ".join(text[m.start() : money.end()].split())
            found.setdefault(_part_name(m.group("name")), (abs(value), evidence))
    return found


def _parts_named_after(text: str) -> dict[str, tuple[Decimal, str]]:
    """'$4,400.00 tax, $308.00 penalties and $280.40 interest': each amount before its name."""
    found: dict[str, tuple[Decimal, str]] = {}
    for money in MONEY_RE.finditer(text):
        m = _SENTENCE_PART_AFTER.match(text, money.end())
        value = money_from_match(money)
        if m is not None and value is not None:
            evidence = " ".join(text[money.start() : m.end()].split())
            found.setdefault(_part_name(m.group("name")), (abs(value), evidence))
    return found
