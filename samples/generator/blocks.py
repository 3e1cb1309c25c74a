"""Printed blocks of a notice: info headers, headline, money summaries, tables, voucher.

Each function draws at a given top ``y`` (points from the bottom of the page, reportlab style),
records the truth keys it shows, and returns the ``y`` just below what it drew.
"""

from __future__ import annotations

from samples.generator.common import money, numeric_date
from samples.generator.content import MoneyLine, Row
from samples.generator.draw import text_width
from samples.generator.style import Ctx

# ----------------------------------------------------------------------------- headers


def _periods_rows(ctx: Ctx) -> list[tuple[str, str, set[str]]]:
    lt = ctx.letter
    if len(lt.periods) != 1:
        return []
    label = ctx.style.period_label
    return [(label, ctx.period_value(0), {"period:0"})]


def header_stacked(ctx: Ctx, y: float, page: int) -> float:
    """Label/value lines at the top right (classic CP design)."""
    lt, st, rng, doc = ctx.letter, ctx.style, ctx.rng, ctx.doc
    rows: list[tuple[str, str, set[str]]] = [("Notice", st.code_label, {"code"})]
    period_rows = _periods_rows(ctx)
    date_row = ("Notice date", ctx.d(lt.notice_date), {"date"})
    if rng.random() < 0.8:
        rows += [*period_rows, date_row]
    else:
        rows += [date_row, *period_rows]
    if lt.business and len(lt.periods) == 1 and rng.random() < 0.5:
        rows.append(("Tax form", lt.periods[0].form, {"form:0"}))
    rows.append((st.tin_label, lt.party.tin_masked, set()))
    if page == 1 or rng.random() < 0.3:
        rows.append(("To contact us", f"Phone {lt.office.phone}", set()))
        if rng.random() < 0.7:
            rows.append(("Your caller ID", lt.office.caller_id, set()))
    size = doc.fonts.size - 0.5
    label_w = max(text_width(r[0], doc.fonts.regular, size) for r in rows)
    x_label = ctx.W - 250 + rng.uniform(-10, 25)
    x_value = x_label + max(label_w + 14, 110)
    lead = size * 1.35
    for label, value, keys in rows:
        doc.text(x_label, y, label, size=size, bold=rng.random() < 0.15)
        doc.text(x_value, y, value, size=size, keys=keys)
        y -= lead
    doc.text(x_label, y, f"Page {page} of {st.pages}", size=size)
    return y - lead


def oneline_text(ctx: Ctx, page: int) -> tuple[str, set[str]]:
    """'Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 1 of 5'."""
    lt, st = ctx.letter, ctx.style
    c = ":" if st.colon_labels else ""
    parts = [f"Notice{c} {st.code_label}"]
    keys = {"code", "date"}
    if len(lt.periods) == 1:
        label = st.period_label if st.colon_labels else st.period_label.replace("year", "Year")
        parts.append(f"{label}{c} {ctx.period_value(0)}")
        keys.add("period:0")
    parts.append(f"Notice date{c} {ctx.d(lt.notice_date)}")
    parts.append(f"{st.tin_label}{c} {lt.party.tin_masked}")
    parts.append(f"Page {page} of {st.pages}")
    return "  ".join(parts), keys


def header_oneline(ctx: Ctx, y: float, page: int) -> float:
    """The newer one-line running header, right-aligned at the top."""
    doc = ctx.doc
    text, keys = oneline_text(ctx, page)
    size = doc.fonts.size - 0.5
    while doc.wrap(text, ctx.width, size=size)[1:] and size > 6:
        size -= 0.5
    doc.text(ctx.W, y, text, size=size, keys=keys, align="right")
    y -= size * 1.5
    if "internal" in ctx.style.noise and page == 1:
        doc.text(ctx.W, y, f"Internal use only: {ctx.rng.randint(10, 99)}"
                 f"{ctx.rng.choice('ABCHKMX')}", size=size - 1, align="right")
        y -= size * 1.4
    return y


def header_reference(ctx: Ctx, y: float, page: int) -> float:
    """A 'For your reference' box (CP14IA prototype style)."""
    lt, st, doc, rng = ctx.letter, ctx.style, ctx.doc, ctx.rng
    rows: list[tuple[str, str, set[str]]] = [
        ("Notice name", st.code_label, {"code"}),
        ("Notice date", ctx.d(lt.notice_date), {"date"}),
        *_periods_rows(ctx),
    ]
    if page == 1:
        rows.append(("Your caller ID", lt.office.caller_id, set()))
    rows.append((st.tin_label, lt.party.tin_masked, set()))
    size = doc.fonts.size - 0.5
    lead = size * 1.45
    label_w = max(text_width(r[0], doc.fonts.regular, size) for r in rows)
    value_w = max(text_width(r[1], doc.fonts.regular, size) for r in rows)
    gap = 12 + rng.uniform(0, 8)
    w = max(190.0, 6 + label_w + gap + value_w + 10)
    x = ctx.W - w
    vx = x + 6 + label_w + gap
    h = lead * (len(rows) + 1) + 8
    doc.box(x, y - h + size, w, h, width=0.8)
    doc.text(x + 6, y - 2, "For your reference", bold=True, size=size + 0.5)
    yy = y - 2 - lead
    for label, value, keys in rows:
        doc.text(x + 6, yy, label, size=size)
        doc.text(vx, yy, value, size=size, keys=keys)
        yy -= lead
    yy = y - h + size - lead
    doc.text(ctx.W, yy, f"Page {page} of {st.pages}", size=size, align="right")
    return yy - lead


def header_letter(ctx: Ctx, y: float, page: int) -> float:
    """The top-right block of LT/LTR letters: Date:, Taxpayer ID number:, Person to contact..."""
    lt, st, doc, rng = ctx.letter, ctx.style, ctx.doc, ctx.rng
    rows: list[tuple[str, str, set[str]]] = []
    if st.code_label.startswith("LT"):
        rows.append(("Notice number:", st.code_label, {"code"}))
    rows.append(("Date:", ctx.d(lt.notice_date), {"date"}))
    rows.append((st.tin_label + ":", lt.party.tin_masked, set()))
    forms = {p.form for p in lt.periods}
    if len(forms) == 1 and rng.random() < 0.75:
        rows.append(("Form:" if rng.random() < 0.6 else "Kind of tax:", lt.periods[0].form,
                     {f"form:{i}" for i in range(len(lt.periods))}))
    if rng.random() < 0.7 or len(lt.periods) == 1:
        label = "Tax period:" if len(lt.periods) == 1 else "Tax periods:"
        if lt.code == "LTR5071C":
            label = "Tax year:"
        vals = [str(p.year) if label == "Tax year:" else numeric_date(p.end) for p in lt.periods]
        rows.append((label, ", ".join(vals), {f"period:{i}" for i in range(len(lt.periods))}))
    if lt.code != "LTR5071C":
        rows.append(("Person to contact:", lt.contact, set()))
        rows.append(("Employee ID number:", lt.employee_id, set()))
    rows.append(("Contact telephone number:" if rng.random() < 0.6 else "To contact us:",
                 lt.office.phone, set()))
    if lt.code in ("LT11", "LTR1058", "LTR3172") or rng.random() < 0.3:
        rows.append(("Case reference number:", lt.case_ref, set()))
    size = doc.fonts.size - 0.5
    lead = size * 1.4
    x_label = ctx.W - 260 + rng.uniform(-8, 12)
    x_value = x_label + 128
    for label, value, keys in rows:
        doc.text(x_label, y, label, size=size)
        if doc.wrap(value, ctx.W - x_value, size=size)[1:]:
            parts = doc.wrap(value, ctx.W - x_value, size=size)
            for part in parts[:-1]:
                doc.text(x_value, y, part, size=size)
                y -= lead
            value = parts[-1]
        doc.text(x_value, y, value, size=size, keys=keys)
        y -= lead
    if st.pages > 1 or rng.random() < 0.5:
        doc.text(x_label, y, f"Page {page} of {st.pages}", size=size)
        y -= lead
    return y


def draw_header(ctx: Ctx, y: float, page: int) -> float:
    """The page-1 info header in this letter's style."""
    kind = ctx.style.header
    if kind == "oneline":
        return header_oneline(ctx, y, page)
    if kind == "reference":
        return header_reference(ctx, y, page)
    if kind == "letter":
        return header_letter(ctx, y, page)
    return header_stacked(ctx, y, page)


def running_header(ctx: Ctx, y: float, page: int) -> float:
    """The header of a continuation page."""
    st, doc, lt = ctx.style, ctx.doc, ctx.letter
    size = doc.fonts.size - 0.5
    if st.cont_header == "page-only":
        doc.text(ctx.W, y, f"Page {page} of {st.pages}", size=size, align="right")
        return y - size * 2
    if st.cont_header == "short":
        if st.header == "letter":
            doc.text(ctx.L, y, lt.party.name_lines[0], size=size)
            doc.text(ctx.W, y, f"Page {page}", size=size, align="right")
            return y - size * 2.2
        doc.text(ctx.W, y, f"Notice {st.code_label}   Page {page} of {st.pages}", size=size,
                 align="right", keys={"code"})
        return y - size * 2.2
    if st.header == "oneline" or st.header == "reference":
        text, keys = oneline_text(ctx, page)
        if st.header == "reference":
            text = (f"Notice name {st.code_label}   Notice date {ctx.d(lt.notice_date)}   "
                    f"Page {page} of {st.pages}")
            keys = {"code", "date"}
        doc.text(ctx.W, y, text, size=size - 0.5, keys=keys, align="right")
        return y - size * 2.2
    if st.header == "letter":
        for line in (lt.party.name_lines[0], f"{st.tin_label}: {lt.party.tin_masked}"):
            doc.text(ctx.L, y, line, size=size)
            y -= size * 1.3
        doc.text(ctx.L, y, f"Date: {ctx.d(lt.notice_date)}", size=size, keys={"date"})
        doc.text(ctx.W, y, f"Page {page} of {st.pages}", size=size, align="right")
        return y - size * 2.4
    rows: list[tuple[str, str, set[str]]] = [
        ("Notice", st.code_label, {"code"}),
        *_periods_rows(ctx),
        ("Notice date", ctx.d(lt.notice_date), {"date"}),
        (st.tin_label, lt.party.tin_masked, set()),
    ]
    x_label = ctx.W - 220
    for label, value, keys in rows:
        doc.text(x_label, y, label, size=size - 0.5)
        doc.text(x_label + 110, y, value, size=size - 0.5, keys=keys)
        y -= size * 1.3
    doc.text(x_label, y, f"Page {page} of {st.pages}", size=size - 0.5)
    return y - size * 2


# ----------------------------------------------------------------------------- money


def _line_label(ctx: Ctx, m: MoneyLine) -> tuple[str, set[str]]:
    lt = ctx.letter
    if m.kind == "interest" and lt.code == "CP2000" and lt.due_date and ctx.rng.random() < 0.4:
        return f"Interest (figured through {ctx.d(lt.due_date)})", {"due"}
    return m.label, set()


def final_label(ctx: Ctx) -> tuple[str, set[str]]:
    """The label of the last summary line: 'Amount due by <date>' and its variants."""
    lt = ctx.letter
    if lt.money == "proposed":
        if lt.code == "CP3219A":
            return ctx.rng.choice(("Proposed amount due", "Total proposed amount due",
                                   "Proposed amount due")), set()
        return ctx.rng.choice(("Proposed amount due", "Proposed amount due",
                               "Proposed balance due")), set()
    if lt.immediate:
        return "Amount due immediately", set()
    if lt.due_date is None:
        return "Amount due", set()
    return f"Amount due by {ctx.d(lt.due_date)}", {"due"}


def _amount_text(ctx: Ctx, cents: int, first: bool, dollar_all: bool) -> str:
    return money(cents, dollar=first or dollar_all)


def billing_summary(ctx: Ctx, x: float, y: float, w: float) -> float:
    """'Billing Summary' (or 'Summary of proposed changes') label/amount lines."""
    lt, doc, rng, st = ctx.letter, ctx.doc, ctx.rng, ctx.style
    heading = "Billing Summary" if rng.random() < 0.7 else "Billing summary"
    if lt.money == "proposed":
        heading = rng.choice(("Summary of proposed changes", "Summary of Proposed Changes"))
    size = doc.fonts.size
    lead = size * 1.55
    doc.text(x, y, heading, bold=True, size=size + 1)
    y -= lead * 1.1
    dollar_all = rng.random() < 0.35
    for i, m in enumerate(lt.lines):
        label, keys = _line_label(ctx, m)
        doc.text(x, y, label, size=size, keys=keys)
        amount = _amount_text(ctx, m.cents, i == 0, dollar_all)
        if st.leaders:
            start = x + text_width(label, doc.fonts.regular, size) + 8
            doc.rule(start, y + 1, x + w - 70, width=0.5, dash=(1, 2.5), gray=0.3)
        doc.text(x + w, y, amount, size=size, align="right", keys={m.kind})
        y -= lead
    label, keys = final_label(ctx)
    doc.rule(x + w - 80, y + lead * 0.6, x + w, width=0.6)
    assert lt.amount_due is not None
    doc.text(x, y, label, bold=True, size=size, keys=keys)
    doc.text(x + w, y, money(lt.amount_due), bold=True, size=size, align="right",
             keys={"amount_due"})
    return y - lead


def desc_table(ctx: Ctx, x: float, y: float, w: float) -> float:
    """A 'Description / Amount' table (2024 CP503 style)."""
    lt, doc = ctx.letter, ctx.doc
    size = doc.fonts.size
    lead = size * 1.7
    doc.box(x, y - 4, w, size + 8, width=0.5, fill=0.88)
    doc.text(x + 6, y, "Description", bold=True, size=size)
    doc.text(x + w - 6, y, "Amount", bold=True, size=size, align="right")
    y -= lead
    for m in lt.lines:
        label, keys = _line_label(ctx, m)
        doc.text(x + 6, y, label, size=size, keys=keys)
        doc.text(x + w - 6, y, money(m.cents), size=size, align="right", keys={m.kind})
        doc.rule(x, y - size * 0.55, x + w, width=0.3, gray=0.5)
        y -= lead
    label, keys = final_label(ctx)
    assert lt.amount_due is not None
    doc.text(x + 6, y, label, bold=True, size=size, keys=keys)
    doc.text(x + w - 6, y, money(lt.amount_due), bold=True, size=size, align="right",
             keys={"amount_due"})
    doc.rule(x, y - size * 0.6, x + w, width=0.8)
    return y - lead


_TABLE_COLS = {
    "LT11": ("Tax period ending", "Form", "Amount you owed", "Additional penalty",
             "Additional interest", "Amount you owe"),
    "LTR1058": ("Form", "Tax period", "Unpaid amount from prior notices",
                "Additional penalty charges", "Additional interest charges", "Amount you owe"),
    "default": ("Tax period", "Form", "Amount you owed", "Penalties", "Interest", "Amount due"),
}


def _period_cell(ctx: Ctx, i: int, header: str, width: float, size: float) -> str:
    p = ctx.letter.periods[i]
    if header.startswith("Tax year") and p.end.month == 12 and not p.quarterly:
        return str(p.year)
    long = ctx.d(p.end)
    if (ctx.rng.random() < 0.5 or header.endswith("ending")
            or text_width(long, ctx.doc.fonts.regular, size) > width - 8):
        return numeric_date(p.end)
    return long


def _table_columns(ctx: Ctx) -> tuple[str, ...]:
    lt, rng = ctx.letter, ctx.rng
    if lt.money == "balance_table":
        if lt.code == "LTR3172":
            return (rng.choice(("Kind of tax", "Type of tax")), "Tax period ending",
                    "Unpaid balance of assessment")
        return ("Tax year" if not lt.business else "Tax period", "Form", "Amount you owe")
    cols = _TABLE_COLS.get(lt.code, _TABLE_COLS["default"])
    if not lt.business and cols[0] == "Tax period" and rng.random() < 0.5:
        cols = ("Tax year", *cols[1:])
    return cols


def _cell(ctx: Ctx, x: float, width: float, y: float, text: str, col: int, size: float, *,
          bold: bool = False, keys: set[str] | None = None) -> None:
    """One table cell: text columns left-aligned, money columns (2 and up) right-aligned."""
    if col >= 2:
        ctx.doc.text(x + width - 4, y, text, size=size, bold=bold, align="right", keys=keys or ())
    else:
        ctx.doc.text(x + 3, y, text, size=size, bold=bold, keys=keys or ())


def _row_cells(ctx: Ctx, row: Row, cols: tuple[str, ...],
               widths: list[float], size: float) -> list[tuple[str, set[str]]]:
    lt = ctx.letter
    i = row.period
    form_first = cols[0] in ("Form", "Kind of tax", "Type of tax")
    pc = 1 if form_first else 0
    period = (_period_cell(ctx, i, cols[pc], widths[pc], size), {f"period:{i}"})
    form = (lt.periods[i].form, {f"form:{i}"})
    cells = [form, period] if form_first else [period, form]
    if lt.money == "balance_table":
        return [*cells, (money(row.owed, dollar=ctx.rng.random() < 0.5), set())]
    return [*cells, (money(row.owed, dollar=False), {"tax"}),
            (money(row.penalty, dollar=False), {"penalties"}),
            (money(row.interest, dollar=False), {"interest"}),
            (money(row.total, dollar=False), set())]


def period_table(ctx: Ctx, x: float, y: float, w: float) -> float:
    """A per-period table with a total row (LT11, Letter 1058, multi-year CP504, CP71C, 3172)."""
    lt, doc, rng = ctx.letter, ctx.doc, ctx.rng
    balance = lt.money == "balance_table"
    cols = _table_columns(ctx)
    size = doc.fonts.size - 0.5
    lead = size * 1.6
    n = len(cols)
    widths = [w * 0.3, w * 0.35, w * 0.35] if balance else (
        [w * 0.17, w * 0.11] + [(w * 0.72) / (n - 2)] * (n - 2))
    xs = [x]
    for cw in widths[:-1]:
        xs.append(xs[-1] + cw)
    # header, wrapped into two lines where needed
    head = [doc.wrap(c, cw - 6, bold=True, size=size) for c, cw in zip(cols, widths, strict=True)]
    depth = max(len(h) for h in head)
    doc.box(x, y - (depth - 1) * size * 1.15 - 4, w, depth * size * 1.15 + 6, width=0.5,
            fill=0.9)
    for col, lines in enumerate(head):
        for k, part in enumerate(lines):
            _cell(ctx, xs[col], widths[col], y - k * size * 1.15, part, col, size, bold=True)
    y -= depth * size * 1.15 + lead * 0.6
    for row in lt.rows:
        for col, (text, keys) in enumerate(_row_cells(ctx, row, cols, widths, size)):
            _cell(ctx, xs[col], widths[col], y, text, col, size, keys=keys)
        doc.rule(x, y - size * 0.5, x + w, width=0.3, gray=0.55)
        y -= lead
    total_label = rng.choice(("Total", "Total amount due", "Total amount you owe"))
    if lt.immediate and not balance:
        total_label = rng.choice(("Total", "Amount due immediately"))
    doc.text(x + 3, y, total_label, bold=True, size=size)
    if not balance and rng.random() < 0.6:
        sums = (sum(r.owed for r in lt.rows), sum(r.penalty for r in lt.rows),
                sum(r.interest for r in lt.rows))
        for col_i, value in zip((2, 3, 4), sums, strict=True):
            doc.text(xs[col_i] + widths[col_i] - 4, y, money(value, dollar=False), size=size,
                     bold=True, align="right")
    assert lt.amount_due is not None
    doc.text(x + w - 4, y, money(lt.amount_due), bold=True, size=size, align="right",
             keys={"amount_due"})
    doc.rule(x, y - size * 0.6, x + w, width=0.9)
    return y - lead * 1.2


def money_block(ctx: Ctx, x: float, y: float, w: float) -> float:
    """Whichever money summary the letter has."""
    money_kind = ctx.letter.money
    if money_kind in ("billing", "proposed"):
        return billing_summary(ctx, x, y, w)
    if money_kind == "desc":
        return desc_table(ctx, x, y, w)
    if money_kind in ("table", "balance_table"):
        return period_table(ctx, x, y, w)
    return y


def money_block_height(ctx: Ctx) -> float:
    """An upper bound on the money block's height, for placement decisions."""
    lt = ctx.letter
    size = ctx.doc.fonts.size
    rows = len(lt.lines) + len(lt.rows) + 4
    return rows * size * 1.75 + 20
