"""Per-period tables (LT11, Letter 1058, multi-year CP504, lien letters).

A header row names the columns ("Tax period", "Form", "Amount you owed", "Additional penalty",
"Additional interest", "Amount you owe"), possibly over two lines; each data row starts with a
period and holds money cells. Cells are matched to columns by their x position under the
header, never by their order, so missing cells and extra columns do not shift values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from scanner.extract.common import PageView, segments
from scanner.extract.labels import classify_amount_label, period_from_token
from scanner.extract.values import MONEY_RE, money_from_match
from scanner.models import Line, TaxPeriod, Word
from scanner.patterns import Labels

_PERIOD_HEAD = regex.compile(
    r"(?i)\b(?:tax\s*period|tax\s*year|period\s*end|period|year|quarter\s*end)"
)
_FORM_HEAD = regex.compile(r"(?i)\b(?:form|type\s+of\s+tax|tax\s+form|kind\s+of\s+tax)\b")
_TOTAL_ROW = regex.compile(r"(?i)^\s*(?:total|totals|grand\s+total|balance)\b")
_PERIOD_TOKEN = regex.compile(
    r"(?<![\w$.,])(?:[A-Z][a-z]{2,8}\.?\s\d{1,2},?\s\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|"
    r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])?|Q[1-4]\s?(?:19|20)\d{2})(?![\w.,])"
)
_FORM_TOKEN = regex.compile(r"(?<![\w$.,-])(\d{3,4}(?:-?[A-Z]{1,2})?|CT-1)(?![\w.,])")


@dataclass(frozen=True, slots=True)
class Column:
    """A header cell: its label, its x range, and the amount field it holds (if any)."""

    label: str
    x0: float
    x1: float
    field: str | None


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
            table = _table_at(lines, i, labels, view.ocr, labels.return_forms)
            if table is None:
                i += 1
                continue
            tables.append(table)
            i = lines.index(table.rows[-1].line) + 1 if table.rows[-1].line else i + 1
    return tables


def _table_at(
    lines: Sequence[Line], i: int, labels: Labels, fuzzy: bool, forms: frozenset[str]
) -> PeriodTable | None:
    head = lines[i]
    if MONEY_RE.search(head.text):
        return None
    header_lines = [head]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    height = head.bottom - head.top
    if nxt is not None and not MONEY_RE.search(nxt.text) and nxt.top - head.bottom < height:
        # Column heads often wrap onto a second line ("Tax" over "period").
        header_lines.append(nxt)
    if not any(_PERIOD_HEAD.search(line.text) for line in header_lines):
        return None
    columns = _columns(header_lines, labels, fuzzy)
    if not any(_PERIOD_HEAD.search(c.label) for c in columns):
        return None
    if sum(1 for c in columns if c.field) < 1 or len(columns) < 3:
        return None
    rows: list[Row] = []
    for line in lines[i + len(header_lines) :]:
        row = _row(line, columns, forms)
        if row is None:
            if rows:
                break
            if line.top - header_lines[-1].bottom > 3 * height:
                return None
            continue
        rows.append(row)
    if not any(r.period for r in rows):
        return None
    return PeriodTable(head.page, tuple(columns), tuple(rows), head)


def _columns(header_lines: Sequence[Line], labels: Labels, fuzzy: bool) -> list[Column]:
    cells: list[tuple[float, float, list[str]]] = []
    for line in header_lines:
        for s, e in segments(line):
            words = line.words_in(s, e)
            if not words:
                continue
            x0, x1 = words[0].x0, words[-1].x1
            for cell in cells:
                if x0 < cell[1] and x1 > cell[0]:
                    cell[2].append(line.text[s:e].strip())
                    break
            else:
                cells.append((x0, x1, [line.text[s:e].strip()]))
    columns = []
    for x0, x1, texts in sorted(cells, key=lambda c: c[0]):
        label = " ".join(texts)
        found = classify_amount_label(label, labels, fuzzy=fuzzy, table=True)
        columns.append(Column(label, x0, x1, found[0] if found else None))
    return columns


def _row(line: Line, columns: Sequence[Column], forms: frozenset[str]) -> Row | None:
    money = [(m, v) for m in MONEY_RE.finditer(line.text) if (v := money_from_match(m)) is not None]
    if not money:
        return None
    first_money = money[0][0].start()
    lead = line.text[:first_money]
    total = bool(_TOTAL_ROW.match(lead))
    period = None
    form = None
    for m in _PERIOD_TOKEN.finditer(lead):
        period = period or period_from_token(m.group())
    for m in _FORM_TOKEN.finditer(lead):
        token = m.group(1).upper()
        if token in forms and (period is None or str(period.year) != token):
            form = token
    if period is None and not total:
        return None
    if period is not None and form is not None:
        period = TaxPeriod(form, period.period_end, period.year)
    cells: dict[str, Decimal] = {}
    for m, value in money:
        words = line.words_in(m.start(), m.end())
        column = _column_for(words, columns)
        if column is not None and column.field and column.field not in cells:
            cells[column.field] = value
    return Row(period, cells, line, total)


def _column_for(words: Sequence[Word], columns: Sequence[Column]) -> Column | None:
    if not words:
        return None
    x0, x1 = words[0].x0, words[-1].x1
    center = (x0 + x1) / 2
    money_columns = [c for c in columns if c.field]

    def distance(c: Column) -> float:
        overlap = min(x1, c.x1) - max(x0, c.x0)
        return -overlap if overlap > 0 else abs(center - (c.x0 + c.x1) / 2)

    return min(money_columns, key=distance, default=None)
