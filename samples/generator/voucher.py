"""The tear-off payment stub at the bottom of page 1, and the page-specific extra blocks."""

from __future__ import annotations

from samples.generator.common import log_uniform_cents, money
from samples.generator.draw import text_width
from samples.generator.people import BIZ_KINDS, BIZ_WORDS
from samples.generator.style import Ctx

VOUCHER_H = 215.0


def _scan_line(ctx: Ctx) -> str:
    rng, lt = ctx.rng, ctx.letter
    groups = [f"{rng.randint(0, 9999):04d}", f"{rng.randint(0, 9_999_999):07d}",
              f"{rng.randint(0, 9_999_999_999):010d}"]
    # the stub's YYYYMM period code only where page 1 shows that period anyway
    if rng.random() < 0.5 and "period:0" in ctx.doc.shown[1]:
        p = lt.periods[0]
        groups += [lt.party.name_control, f"{rng.randint(10, 99)}",
                   f"{p.end.year}{p.end.month:02d}", f"{rng.randint(100, 999)}"]
    else:
        groups += [f"{rng.randint(0, 9_999_999):07d}", f"{rng.randint(0, 9999):04d}"]
    return " ".join(groups)


def _left_rows(ctx: Ctx) -> list[tuple[str, str, set[str]]]:
    lt, st = ctx.letter, ctx.style
    tin_label = st.tin_label
    if tin_label in ("TIN", "SSN", "EIN"):
        tin_label = "Employer ID number" if lt.business else "Social security number"
    code_row = ("Notice", st.code_label, {"code"})
    if st.code_label.startswith("Letter "):
        code_row = ("Letter", st.code_label.replace("Letter ", ""), {"code"})
    rows = [code_row, ("Notice date", ctx.d(lt.notice_date), {"date"}),
            (tin_label, lt.party.tin_masked, set())]
    if st.voucher_period and len(lt.periods) == 1:
        rows.insert(2, (st.period_label, ctx.period_value(0), {"period:0"}))
    return rows


def _instructions(ctx: Ctx) -> tuple[str, set[str]]:
    lt = ctx.letter
    if lt.money == "none":
        if lt.code == "CP59":
            return ("Return this part with your tax return or Form 15103 in the enclosed "
                    "envelope."), set()
        return "Keep this part for your records.", set()
    per = ""
    keys: set[str] = set()
    if len(lt.periods) == 1 and ctx.rng.random() < 0.6:
        p = lt.periods[0]
        if p.quarterly or p.end.month != 12:
            per = f", the tax period ({ctx.d(p.end)}), and the form number ({p.form})"
        else:
            per = f", the tax year ({p.year}), and the form number ({p.form})"
        keys = {"period:0", "form:0"}
    ident = "employer ID number" if lt.business else "social security number"
    return ("Make your check or money order payable to the United States Treasury. Write "
            f"your {ident}{per} on your payment and any correspondence."), keys


def _amount_label(ctx: Ctx) -> tuple[str, set[str]]:
    lt = ctx.letter
    if lt.immediate:
        return "Amount due immediately", set()
    if lt.money == "proposed":
        return "Proposed amount due", set()
    if lt.due_date is not None:
        return f"Amount due by {ctx.d(lt.due_date)}", {"due"}
    return "Amount you owe", set()


def _right_column(ctx: Ctx, rx: float, ry: float, size: float, lead: float) -> float:
    """Amount due, the empty 'Amount you are paying' box and the remittance address."""
    lt, doc, rng = ctx.letter, ctx.doc, ctx.rng
    if lt.amount_due is not None:
        label, keys = _amount_label(ctx)
        amount = money(lt.amount_due)
        lw = doc.text(rx, ry, label, size=size, bold=True, keys=keys)
        if rx + lw + text_width(amount, doc.fonts.bold, size + 0.5) + 12 > ctx.W:
            ry -= lead
        doc.text(ctx.W, ry, amount, size=size + 0.5, bold=True, align="right",
                 keys={"amount_due"})
        ry -= lead * 1.6
        pay_label = rng.choice(("Amount you are paying", "Payment", "Amount enclosed"))
        pw = doc.text(rx, ry, pay_label, size=size)
        bw = min(120.0, ctx.W - rx - pw - 10)
        doc.box(ctx.W - bw, ry - 6, bw, 20, width=0.8)
        doc.text(ctx.W - bw + 4, ry, "$", size=size)
        ry -= lead * 2
    elif lt.code == "CP59":
        doc.text(rx, ry, "Check the box that applies and sign Form 15103.", size=size - 0.5)
        ry -= lead * 2
    if rng.random() < 0.7:
        doc.imb(rx, ry - 2, rng)
        ry -= 14
    for line in lt.office.remit_lines:
        doc.text(rx, ry, line, font=doc.fonts.mono, size=size)
        ry -= lead
    return ry - lead * 0.6


def voucher(ctx: Ctx, y_top: float) -> None:
    """Draw the payment stub below ``y_top`` (cut line at ``y_top``)."""
    lt, doc, rng, st = ctx.letter, ctx.doc, ctx.rng, ctx.style
    size = doc.fonts.size - 0.5
    lead = size * 1.4
    doc.rule(ctx.L - 20, y_top, ctx.W + 20, width=0.7, dash=(4, 3))
    if rng.random() < 0.5:
        doc.text(ctx.W, y_top + 3, "Detach and return the bottom part with your payment",
                 size=6.5, align="right", gray=0.2)
    y = y_top - 18
    x = ctx.L
    rows = _left_rows(ctx)
    value_x = x + max(text_width(r[0], doc.fonts.regular, size) for r in rows) + 10
    for label, value, keys in rows:
        doc.text(x, y, label, size=size)
        doc.text(value_x, y, value, size=size, bold=label == "Notice", keys=keys)
        y -= lead
    text, keys = _instructions(ctx)
    doc.paragraph(x, y - 4, text, 240, size=size - 0.5, keys=keys)
    ry = _right_column(ctx, ctx.L + 285 + rng.uniform(-10, 15), y_top - 20, size, lead)
    ty = min(y - 4 - lead * 3.5, ry)
    for line in (*lt.party.name_lines, *lt.party.address_lines):
        doc.text(x, ty, line, font=doc.fonts.mono, size=size)
        ty -= lead
    if st.qr and rng.random() < 0.5:
        doc.qr(ctx.L + 200, ty + lead * 2, 44, rng)
    scan_y = max(30.0, y_top - VOUCHER_H + 8)
    doc.text(ctx.L + rng.uniform(0, 60), scan_y, _scan_line(ctx), font="Courier",
             size=rng.choice((9.0, 10.0, 10.5)))


# ----------------------------------------------------------------------------- extra blocks


def cp11_calculations(ctx: Ctx, y: float) -> float:
    """'Your calculations' vs 'IRS calculations' (numbers not in the truth on purpose)."""
    doc, rng = ctx.doc, ctx.rng
    size = doc.fonts.size
    lead = size * 1.6
    x, w = ctx.L, ctx.width
    doc.text(x, y, "Changes to your tax return", bold=True, size=size + 1.5)
    y -= lead * 1.2
    doc.text(x + w * 0.62, y, "Your calculations", bold=True, size=size, align="right")
    doc.text(x + w, y, "IRS calculations", bold=True, size=size, align="right")
    y -= lead
    tax = log_uniform_cents(rng, 800, 60_000)
    credits_yours = round(tax * rng.uniform(0.1, 0.6))
    credits_irs = round(credits_yours * rng.uniform(0.2, 0.9))
    paid = round(tax * rng.uniform(0.3, 0.9))
    lines = (("Total tax", tax, tax), ("Credits", credits_yours, credits_irs),
             ("Tax after credits", tax - credits_yours, tax - credits_irs),
             ("Payments and withholding", paid, paid))
    for label, a, b in lines:
        doc.text(x, y, label, size=size)
        doc.text(x + w * 0.62, y, money(a), size=size, align="right")
        doc.text(x + w, y, money(b), size=size, align="right")
        y -= lead
    ya, yb = tax - credits_yours - paid, tax - credits_irs - paid
    doc.text(x, y, "Amount you owed (or refund)", size=size)
    doc.text(x + w * 0.62, y, money(ya), size=size, align="right")
    doc.text(x + w, y, money(yb), size=size, align="right")
    return y - lead * 1.5


def cp2000_payers(ctx: Ctx, y: float) -> float:
    """The information returns behind a CP2000: payer, form, shown on return vs reported."""
    doc, rng = ctx.doc, ctx.rng
    size = doc.fonts.size - 0.5
    lead = size * 1.6
    x, w = ctx.L, ctx.width
    doc.text(x, y, "Income reported to the IRS that does not match your return", bold=True,
             size=size + 1.5)
    y -= lead * 1.3
    cols = ("Payer", "Payer ID", "Form", "Shown on return", "Reported to IRS", "Difference")
    xs = (x, x + w * 0.32, x + w * 0.46, x + w * 0.67, x + w * 0.84, x + w)
    doc.box(x, y - 4, w, size + 8, width=0.4, fill=0.9)
    for i, c in enumerate(cols):
        doc.text(xs[i] + (2 if i < 3 else -2), y, c, bold=True, size=size,
                 align="left" if i < 3 else "right")
    y -= lead
    for _ in range(rng.randint(1, 4)):
        name = f"{rng.choice(BIZ_WORDS)} {rng.choice(('BANK', 'CREDIT UNION', 'BROKERAGE'))}"
        if rng.random() < 0.4:
            name = f"{rng.choice(BIZ_WORDS)} {rng.choice(BIZ_KINDS)}"
        form = rng.choice(("W-2", "1099-INT", "1099-DIV", "1099-B", "1099-NEC", "1099-MISC",
                           "1099-R", "1099-G"))
        reported = log_uniform_cents(rng, 50, 90_000)
        shown = 0 if rng.random() < 0.6 else round(reported * rng.uniform(0.1, 0.9))
        cells = (name[:26], f"XX-XXX{rng.randint(0, 9999):04d}", form, money(shown),
                 money(reported), money(reported - shown))
        for i, cell in enumerate(cells):
            doc.text(xs[i] + (2 if i < 3 else -2), y, cell, size=size,
                     align="left" if i < 3 else "right")
        y -= lead
    return y - lead


def cp2000_response(ctx: Ctx, y: float) -> float:
    """A response form with agree / disagree boxes and signature lines."""
    lt, doc, st = ctx.letter, ctx.doc, ctx.style
    size = doc.fonts.size
    lead = size * 1.7
    x = ctx.L
    doc.rule(x, y + 8, ctx.W, width=1.0)
    doc.text(x, y - 6, "Response form", bold=True, size=size + 3)
    y -= lead * 1.5
    rows = [(f"Notice {st.code_label}", {"code"}),
            (f"Notice date {ctx.d(lt.notice_date)}", {"date"})]
    if len(lt.periods) == 1:
        rows.append((f"Tax year {lt.periods[0].year}", {"period:0"}))
    if lt.due_date is not None:
        rows.append((f"Respond by {ctx.d(lt.due_date)}", {"due"}))
    for text, keys in rows:
        doc.text(x, y, text, size=size, keys=keys)
        y -= lead * 0.8
    y -= lead * 0.5
    for label in ("I agree with all of the proposed changes.",
                  "I don't agree with some or all of the changes. I have enclosed a signed "
                  "statement and supporting documents.",
                  "I am paying now. Amount enclosed $ ____________"):
        doc.box(x, y - 2, 9, 9, width=0.7)
        y = doc.paragraph(x + 16, y, label, ctx.width - 20, size=size)
        y -= lead * 0.4
    y -= lead
    for label in ("Signature", "Date", "Spouse's signature (if joint return)", "Date"):
        doc.rule(x, y, x + 200, width=0.5)
        doc.text(x, y - size - 1, label, size=size - 1)
        x = ctx.L + 260 if x == ctx.L else ctx.L
        if x == ctx.L:
            y -= lead * 2
    return y - lead


def lien_info(ctx: Ctx, y: float) -> float:
    """Lien filing details (a date that is neither the notice date nor the due date)."""
    lt, doc, rng = ctx.letter, ctx.doc, ctx.rng
    size = doc.fonts.size
    from datetime import timedelta

    filed = lt.notice_date - timedelta(days=rng.randint(2, 6))
    county = rng.choice(("Adams", "Jefferson", "Monroe", "Lincoln", "Washington", "Marion"))
    for text in (f"Date the lien was filed: {ctx.d(filed)}",
                 f"Place of filing: County Recorder, {county} County"):
        doc.text(ctx.L, y, text, size=size)
        y -= size * 1.5
    if lt.due_date is not None:
        label = ctx.rng.choice(("Last day to request a hearing:", "Request a hearing by:"))
        doc.text(ctx.L, y, f"{label} {ctx.d(lt.due_date)}", bold=True, size=size, keys={"due"})
        y -= size * 1.5
    return y - size


def ip_pin_box(ctx: Ctx, y: float) -> float:
    """The CP01A IP PIN box."""
    lt, doc = ctx.letter, ctx.doc
    size = doc.fonts.size
    assert lt.ip_pin is not None
    doc.box(ctx.L, y - 30, 230, 40, width=1.0)
    doc.text(ctx.L + 10, y - 6, "Your Identity Protection PIN", size=size)
    doc.text(ctx.L + 10, y - 22, " ".join(lt.ip_pin), bold=True, size=size + 5)
    if len(lt.periods) == 1:
        doc.text(ctx.L + 250, y - 14, f"Use it on your {lt.periods[0].year} return.", size=size,
                 keys={"period:0"})
    return y - 48


def refund_box(ctx: Ctx, y: float) -> float:
    """CP12: a refund figure that must not be taken for an amount due."""
    lt, doc = ctx.letter, ctx.doc
    size = doc.fonts.size
    assert lt.refund is not None
    claimed = lt.refund + log_uniform_cents(ctx.rng, 20, 3000)
    for label, cents in (("Refund you requested", claimed),
                         ("Change to your refund", lt.refund - claimed),
                         ("Refund due to you", lt.refund)):
        doc.text(ctx.L, y, label, size=size, bold=label.startswith("Refund due"))
        doc.text(ctx.L + 280, y, money(cents), size=size, align="right")
        y -= size * 1.6
    return y - size
