"""Per-period tables (LT11, Letter 1058, multi-year CP504, lien letters).

A header row names the columns ("Tax period", "Form", "Amount you owed", "Additional penalty",
"Additional interest", "Amount you owe"), possibly over two lines; each data row starts with a
period and holds amounts. The amount columns are found where the amounts line up, and each is
named by the header words nearest to it: header cells often run together, so their spacing is
never trusted. Cells go to columns by position, never by order, so a missing cell does not
shift the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

import regex

from scanner.extract.common import PAGE_NUMBER, PageView
from scanner.extract.labels import DUE_NAMES, classify_amount_label, period_from_token
from scanner.extract.values import (
    DATE_RE,
    MONEY_RE,
    cents_from_digits,
    money_from_match,
    one_digit_apart,
)
from scanner.layout import cells as cells_of
from scanner.models import BREAKDOWN_SIGNS, Line, TaxPeriod, Word
from scanner.patterns import Labels

# OCR reads the 'i' of 'period' as l, 1 or |, or 'ri' as n ("Tax perlod", "Tax penod").
_PERIOD_HEAD = regex.compile(
    r"(?i)\b(?:tax\s*pe(?:r[il1|!]|n)od|tax\s*year|pe(?:r[il1|!]|n)od\s*end|pe(?:r[il1|!]|n)od|year|"
    r"quarter\s*end|per[ií]odo|a[ñn]o|trimestre)"
)
# A table's last row: "Total", "Balance", or the amount due itself ("Amount due immediately"
# on Letter 1058); OCR may put a stray bar or bracket from the table's border before it.
_TOTAL_ROW = regex.compile(
    r"(?i)^[\W_]*(?:total|totals|grand\s+total|balance|amount\s+(?:due|you\s+owe))\b"
)
_PERIOD_TOKEN = regex.compile(
    r"(?<![\w$.,])(?:[A-Z](?:[a-z]{2,8}|[A-Z]{2,8})\.?\s\d{1,2}(?:,\s?|\s)\d{4}|"
    r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|"
    r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])?|Q[1-4]\s?(?:19|20)\d{2}|"
    r"\d{1,2}\s(?:de\s)?[a-záéíóú]{4,10}\s(?:del?\s)?(?:19|20)\d{2})(?![\w.,])"
)
# Column names for figures that are not part of a bill: tax reported or deposited for each
# quarter (CP136's lookback period), income reported by payers (CP2000), amounts withheld.
_NOT_BILLED = regex.compile(
    r"(?i)\b(?:reported|deposit(?:s|ed)?|withheld|wages|income|declarad[oa]s?|dep[oó]sitos"
    r"|retenid[oa]s?|salarios|ingresos)\b"
)
_BARE_CENTS = regex.compile(r"(?<![\w$.,/-])\d{3,9}(?![\w.,/])")
_FORM_TOKEN = regex.compile(r"(?<![\w$.,-])(\d{3,4}(?:-?[A-Z]{1,2})?|CT-1)(?![\w.,])")


@dataclass(frozen=True, slots=True)
class Column:
    """A header cell: its label, its x range, and the amount field it holds (if any).
    ``reported`` marks figures that are not part of a bill (tax reported, deposits)."""

    label: str
    x0: float
    x1: float
    field: str | None
    reported: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the period, the form, and the money cells by amount field."""

    period: TaxPeriod | None
    cells: dict[str, Decimal] = field(default_factory=dict)
    line: Line | None = None
    total: bool = False


@dataclass(frozen=True, slots=True)
class PeriodTable:
    """A table of money by tax period."""

    page: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    header: Line

    @property
    def billing(self) -> bool:
        """True when a column holds part of the bill; False for a table of figures the
        taxpayer reported or deposited (a deposit notice's lookback quarters)."""
        return any(c.field for c in self.columns)

    def covers(self, line: Line) -> bool:
        """True when the line lies within the table, head to last row."""
        last = max((r.line.bottom for r in self.rows if r.line), default=self.header.bottom)
        return line.page == self.page and self.header.top <= line.top <= last

    def column_sum(self, name: str) -> Decimal | None:
        """The printed total of a column, or the sum of its cells."""
        for row in self.rows:
            if row.total and name in row.cells:
                return row.cells[name]
        values = [r.cells[name] for r in self.rows if not r.total and name in r.cells]
        return sum(values, Decimal(0)) if values else None


def find_tables(views: Sequence[PageView], labels: Labels) -> list[PeriodTable]:
    """All period tables in the letter, in reading order."""
    tables: list[PeriodTable] = []
    for view in views:
        lines = view.page.lines
        i = 0
        while i < len(lines):
            table = _table_at(lines, i, labels, view.ocr)
            if table is None:
                i += 1
                continue
            tables.append(table)
            last = table.rows[-1].line
            i = lines.index(last) + 1 if last is not None else i + 1
    return tables


@dataclass(frozen=True, slots=True)
class _Cell:
    value: Decimal
    x0: float
    x1: float
    bare: bool = False  # digits whose point OCR lost: the cents are a guess


def _header_at(lines: Sequence[Line], i: int) -> list[Line] | None:
    """One to three lines of column names starting at line ``i`` (no money in them, close
    together, naming a period column and an amount column), or None."""
    head = lines[i]
    if MONEY_RE.search(head.text) or _is_prose(head) or _dated(head):
        return None
    header_lines = [head]
    height = head.bottom - head.top
    for nxt in lines[i + 1 : i + 3]:
        # Column names wrap onto more lines ("Unpaid amount / from prior / notices").
        if (
            MONEY_RE.search(nxt.text)
            or _is_prose(nxt)
            or _dated(nxt)
            or nxt.top - header_lines[-1].bottom >= height
        ):
            break
        if not _stacks_on(header_lines[-1], nxt):
            return None  # a title or a sentence above the column names: they start below
        header_lines.append(nxt)
    head_text = " ".join(line.text for line in header_lines)
    if not _PERIOD_HEAD.search(head_text) or not MONEY_HEAD.search(head_text):
        return None
    if any(_names_a_period(line.text) for line in header_lines):
        return None  # an info block's "Tax year 2023", not a column's name
    return header_lines


def _dated(line: Line) -> bool:
    """True for a line with a full date or a page number: a running head ("LT11 January 29,
    2024 ... Page 2 of 2"), never column names."""
    return bool(DATE_RE.search(line.text) or PAGE_NUMBER.search(line.text))


def _stacks_on(upper: Line, lower: Line) -> bool:
    """False when ``upper`` is a title or a sentence above the column names, not their first
    line: a cell of it runs from over the first column across others ("You have unpaid
    taxes" over "Form" and "Tax period"). Column names may run together into one cell, but
    not from over the first column ("Unpaid amount Additional penalty"). Nor is a line in
    a larger type ("Notice of intent to levy"): column names share one size."""
    upper_size, lower_size = _type_size(upper), _type_size(lower)
    if upper_size and lower_size and upper_size > 1.5 * lower_size:
        return False
    below = [(cell[0].x0, cell[-1].x1) for cell in cells_of(lower)]
    for cell in cells_of(upper):
        x0, x1 = cell[0].x0, cell[-1].x1
        over = [k for k, (lo, hi) in enumerate(below) if min(x1, hi) - max(x0, lo) > 0]
        if len(over) > 1 and over[0] == 0 and not _PERIOD_HEAD.search(upper.text):
            return False
    return True


_TALL = regex.compile(r"[A-Z0-9bdfhklt]")


def _type_size(line: Line) -> float | None:
    """The median height of the line's words that have a capital, a digit or an ascender: an
    OCR box fits its word's ink, so "owed" alone is only as tall as an x, and "Penalty"
    reaches down to its y."""
    heights = [w.bottom - w.top for w in line.words if _TALL.search(w.text)]
    return median(heights) if heights else None


def _names_a_period(text: str) -> bool:
    """True when a period label is followed by its value ("Tax year: 2023")."""
    for m in _PERIOD_HEAD.finditer(text):
        after = regex.match(r"[\s:]*", text[m.end() :])
        if _PERIOD_TOKEN.match(text, m.end() + (after.end() if after else 0)):
            return True
    return False


_SENTENCE_END = regex.compile(r"\w\.$")  # ends a sentence of three or more words


_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "to", "we", "our", "us", "your", "for", "because", "that", "this", "is",
    "are", "was", "has", "have", "if", "in", "on", "with", "by", "it", "will", "may", "can",
    "not",
})  # fmt: skip


def _is_prose(line: Line) -> bool:
    """A line of running text, not column names: a sentence's worth of words with the small
    words of a sentence among them, or the end of a sentence. The sentence that leads into a
    table often sits just above it ("We intend to levy federal payments due to your business
    ...") and its words must not name the columns. OCR may run a whole header into one
    stretch ("Unpaid amount Additional penalty Additional interest. Amount you owe"), which
    has many words, and even a stray point, but not a sentence's small words."""
    for part in line.text.split("\t"):
        words = part.split()
        if not words:
            continue
        small = sum(1 for w in words if w.lower() in _FUNCTION_WORDS)
        if len(words) >= 6 and small >= 3:
            return True
        # A sentence's end; not a column name that OCR gave a stray point ("interest.").
        if (
            len(words) >= 3
            and _SENTENCE_END.search(words[-1])
            and not (MONEY_HEAD.search(part) or _PERIOD_HEAD.search(part))
        ):
            return True
    return False


def _table_at(lines: Sequence[Line], i: int, labels: Labels, fuzzy: bool) -> PeriodTable | None:
    """A table whose head starts at line ``i``: its column names, then rows that each start
    with a period (or 'Total') and hold amounts."""
    header_lines = _header_at(lines, i)
    if header_lines is None:
        return None
    head = header_lines[0]
    raw_rows = _raw_rows(lines[i + len(header_lines) :], header_lines[-1], labels, fuzzy)
    if raw_rows is None:
        return None
    if not any(period for _, period, _, _, _ in raw_rows):
        return None
    cells = [c for _, _, _, row_cells, _ in raw_rows for c in row_cells]
    lead_edge = max(edge for *_, edge in raw_rows)
    columns = _columns(cells, lead_edge, header_lines, labels, fuzzy)
    if not any(c.field or c.reported for c in columns):
        return None
    rows = []
    for line, period, total, row_cells, _ in raw_rows:
        by_field: dict[str, Decimal] = {}
        bare: set[str] = set()
        for cell in row_cells:
            column = _nearest(columns, (cell.x0 + cell.x1) / 2)
            if column is not None and column.field and column.field not in by_field:
                by_field[column.field] = cell.value
                if cell.bare:
                    bare.add(column.field)
        if len(bare) == 1:
            by_field = _mended_by_row_sum(by_field, bare.pop())
        rows.append(Row(period, by_field, line, total))
    rows = _mend_forms(rows, ocr=fuzzy)
    return PeriodTable(head.page, tuple(columns), tuple(rows), head)


def _mended_by_row_sum(cells: dict[str, Decimal], guessed: str) -> dict[str, Decimal]:
    """A row's cells with the one whose point OCR lost ("222" for 2.32) set to what makes
    the row add up to its amount-due cell, when that differs from the reading by one digit
    at most."""
    if "amount_due" not in cells or guessed not in BREAKDOWN_SIGNS:
        return cells
    parts = [n for n in BREAKDOWN_SIGNS if n in cells]
    if len(parts) < 2:
        return cells
    total = sum((BREAKDOWN_SIGNS[n] * cells[n] for n in parts), Decimal(0))
    implied = cells[guessed] + (cells["amount_due"] - total) * BREAKDOWN_SIGNS[guessed]
    if implied < 0 or not one_digit_apart(cells[guessed], implied):
        return cells
    return {**cells, guessed: implied}


_RawRow = tuple[Line, TaxPeriod | None, bool, list["_Cell"], float]


def _raw_rows(
    lines: Sequence[Line], head: Line, labels: Labels, fuzzy: bool
) -> list[_RawRow] | None:
    """The rows under a table head, up to and with its total row; None when the first row is
    too far below the head to belong to it."""
    height = head.bottom - head.top
    raw_rows: list[_RawRow] = []
    speck: Line | None = None
    for line in lines:
        parsed = _row_cells(line, labels.return_forms, ocr=fuzzy)
        if parsed is None:
            if raw_rows and fuzzy and speck is None and _is_speck(line, raw_rows[-1][0]):
                # OCR reads a smudge or a piece of ruling between rows as a short word
                # ("chee"); the rows below it still belong to the table.
                speck = line
                continue
            if raw_rows:
                break
            if line.top - head.bottom > 3 * height:
                return None
            continue
        raw_rows.append((line, *parsed))
        if parsed[1]:
            # The total row ends the table. A "Total amount you owe $X" line below it is the
            # letter's text, and its amount would make a column of its own.
            break
    return raw_rows


def _is_speck(line: Line, row: Line) -> bool:
    """A short line of letters just under a table row: OCR noise, not the table's end."""
    height = row.bottom - row.top
    return (
        len(line.words) <= 2
        and sum(c.isalnum() for c in line.text) <= 6
        and not any(c.isdigit() for c in line.text)
        and line.top - row.bottom < 2 * height
    )


def _mend_forms(rows: list[Row], *, ocr: bool) -> list[Row]:
    """A row with no readable form, in a table whose other rows show one form, takes it: when
    at least two rows show it (the cell was garbled past reading, "10400"), or, on OCR
    text, when the cell is one slip from it ("90" beside "940"). A table of mixed forms is
    left as read."""
    forms = {r.period.form for r in rows if r.period is not None and r.period.form}
    if len(forms) != 1:
        return rows
    form = forms.pop()
    shown = sum(1 for r in rows if r.period is not None and r.period.form)
    near = regex.compile(rf"(?:{regex.escape(form)}){{e<=1}}")
    mended = []
    for row in rows:
        p = row.period
        if p is not None and p.form is None and row.line is not None:
            lead = _PERIOD_TOKEN.sub(" ", _lead(row.line.text))
            slip = ocr and any(near.fullmatch(t) for t in lead.split() if len(t) >= 2)
            if shown >= 2 or slip:
                row = Row(TaxPeriod(form, p.period_end, p.year), row.cells, row.line, row.total)
        mended.append(row)
    return mended


def _lead(text: str) -> str:
    """The text of a row before its first amount."""
    m = MONEY_RE.search(text)
    return text if m is None else text[: m.start()]


_FORM_HEAD = regex.compile(r"(?i)^(?:forms?|formularios?)[:.]?$")
MONEY_HEAD = regex.compile(
    r"(?i)amount|penalt|interest|balance|owe|total|tax\b|due|unpaid|cantidad|multa|inter[eé]s"
    r"|saldo|impuesto|adeud|debe|sin\s+pagar"
)


def _row_cells(
    line: Line, forms: frozenset[str], *, ocr: bool = False
) -> tuple[TaxPeriod | None, bool, list[_Cell], float] | None:
    """The period, total flag and amount cells of a data row, or None if it is not one."""
    cells: list[_Cell] = []
    first = None
    for m in MONEY_RE.finditer(line.text):
        value = money_from_match(m)
        words = line.words_in(m.start(), m.end())
        if value is None or not words:
            continue
        first = m.start() if first is None else first
        cells.append(_Cell(value, words[0].x0, words[-1].x1))
    if first is None:
        return None
    if ocr:
        cells = _with_bare_cents(line, first, cells)
    lead = line.text[:first]
    total = bool(_TOTAL_ROW.match(lead))
    period = None
    form = None
    for m in _PERIOD_TOKEN.finditer(lead):
        period = period or period_from_token(m.group())
    for m in _FORM_TOKEN.finditer(lead):
        token = m.group(1).upper()
        if token in forms and (period is None or str(period.year) != token):
            form = token
    if total:
        period = None  # "Amount due by June 10, 2024": the date is not a period
    elif period is None:
        return None
    if not total and _other_words(lead) > 1:
        return None  # a sentence or a labelled line ("Amount due by <date>"), not a row
    if period is not None and form is not None:
        period = TaxPeriod(form, period.period_end, period.year)
    lead_words = line.words_in(0, len(lead.rstrip()))
    lead_edge = lead_words[-1].x1 if lead_words and not total else 0.0
    return period, total, cells, lead_edge


def _with_bare_cents(line: Line, first: int, cells: list[_Cell]) -> list[_Cell]:
    """Add the cells whose sign, commas and point OCR lost ("4524441" for $45,244.41): every
    amount in these tables has cents. Only after the row's first amount, where no form
    number or year stands."""
    out = list(cells)
    for m in _BARE_CENTS.finditer(line.text, first):
        words = line.words_in(m.start(), m.end())
        if words and not any(c.x0 <= words[0].x0 < c.x1 for c in cells):
            out.append(_Cell(cents_from_digits(m.group()), words[0].x0, words[-1].x1, True))
    return sorted(out, key=lambda c: c.x0)


def _other_words(lead: str) -> int:
    """Words in a row's lead that are not a period, a form number or the word 'Form'."""
    rest = _FORM_TOKEN.sub(" ", _PERIOD_TOKEN.sub(" ", lead))
    return sum(
        1
        for w in rest.split()
        if any(ch.isalnum() for ch in w)
        and w.lower().strip(":") not in ("form", "forms", "tax", "year", "period")
    )


def _columns(
    cells: Sequence[_Cell],
    lead_edge: float,
    header_lines: Sequence[Line],
    labels: Labels,
    fuzzy: bool,
) -> list[Column]:
    """Amount columns from where the amounts sit (right edges line up), each named by the
    header words nearest to it."""
    groups: list[list[_Cell]] = []
    for cell in sorted(cells, key=lambda c: c.x1):
        if groups and cell.x1 - groups[-1][-1].x1 < 12:
            groups[-1].append(cell)
        else:
            groups.append([cell])
    spans = [(min(c.x0 for c in g), max(c.x1 for c in g)) for g in groups]
    names: list[list[tuple[float, float, str]]] = [[] for _ in spans]
    # Amounts are right-aligned, so a column owns the width from the previous column's right
    # edge to its own; a header word goes to the column its middle falls in.
    rights = [x1 for _, x1 in spans]
    for line in header_lines:
        period_head = _period_head_words(line, spans[0][0] if spans else 0.0)
        for word in line.words:
            center = (word.x0 + word.x1) / 2
            if (
                center <= lead_edge
                or not rights
                or _FORM_HEAD.match(word.text)
                or word in period_head
            ):
                # A name over the period or form column (OCR may stretch the box of "Form"
                # past the form numbers below it).
                continue
            best = next(
                (k for k, right in enumerate(rights) if center <= right + 3), len(rights) - 1
            )
            names[best].append((line.top, word.x0, word.text))
    columns = []
    for (x0, x1), words in zip(spans, names, strict=True):
        label = " ".join(text for _, _, text in sorted(words))
        reported = _NOT_BILLED.search(label) is not None
        found = None
        if label and not reported:
            found = classify_amount_label(label, labels, fuzzy=fuzzy, table=True)
        field = found[0] if found else None
        if field in DUE_NAMES:
            field = "amount_due"  # a table's "Balance" column is what each period owes
        columns.append(Column(label, x0, x1, field, reported))
    if len(columns) == 1 and columns[0].label and not columns[0].reported:
        # A single amount per period (a lien letter's "Unpaid balance of assessment") is
        # what is owed for that period, whatever the column is called.
        only = columns[0]
        columns = [Column(only.label, only.x0, only.x1, "amount_due")]
    return columns


def _period_head_words(line: Line, first_amount: float) -> tuple[Word, ...]:
    """The words naming the period column ("Tax year"), when they start left of the first
    amount column. The name is often wider than the periods under it, so its last word can
    reach past them ("Tax year" over "2020", next to a column called just "Tax")."""
    m = _PERIOD_HEAD.search(line.text)
    if m is None:
        return ()
    words = line.words_in(m.start(), m.end())
    return words if words and words[0].x0 < first_amount else ()


def _distance(x: float, span: tuple[float, float]) -> float:
    lo, hi = span
    return 0.0 if lo <= x <= hi else min(abs(x - lo), abs(x - hi))


def _nearest(columns: Sequence[Column], x: float) -> Column | None:
    return min(columns, key=lambda c: _distance(x, (c.x0, c.x1)), default=None)
