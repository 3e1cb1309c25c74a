"""Documents that are not IRS letters but look a little like them (hard negatives)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from samples.generator.common import fmt_date, log_uniform_cents, money
from samples.generator.content import random_notice_date
from samples.generator.draw import PAGE_H, Doc
from samples.generator.people import make_person
from samples.generator.style import choose_fonts

KINDS = ("utility-bill", "bank-statement", "recipe", "business-letter", "article", "w2-form")


def _addr(doc: Doc, rng: random.Random, x: float, y: float) -> float:
    person = make_person(rng)
    for line in (*person.name_lines, *person.address_lines):
        doc.text(x, y, line, font=doc.fonts.mono)
        y -= doc.fonts.size * 1.3
    return y


def utility_bill(doc: Doc, rng: random.Random) -> None:
    """An electricity bill with 'Amount due by' and a remittance stub."""
    d = random_notice_date(rng)
    due = d + timedelta(days=rng.choice((15, 20, 21, 25)))
    style = rng.choice(("long", "numeric"))
    L, W = 50.0, 562.0
    y = PAGE_H - 50
    company = rng.choice(("Riverside Power & Light", "Tri-County Electric Cooperative",
                          "Lakeshore Gas and Electric"))
    doc.text(L, y, company, bold=True, size=16)
    doc.text(W, y, f"Account number {rng.randint(100, 999)}-{rng.randint(1000, 9999)}-"
             f"{rng.randint(10, 99)}", align="right")
    doc.text(W, y - 14, f"Statement date {fmt_date(d, style)}", align="right")
    y = _addr(doc, rng, L, y - 60) - 20
    start = d - timedelta(days=rng.randint(28, 33))
    doc.text(L, y, f"Billing period {fmt_date(start, style)} to {fmt_date(d, style)}")
    y -= 24
    prev = log_uniform_cents(rng, 40, 400)
    cur = log_uniform_cents(rng, 40, 400)
    rows = (("Previous balance", prev), ("Payment received - thank you", -prev),
            ("Electric service", round(cur * 0.8)), ("Delivery charge", cur - round(cur * 0.8)))
    for label, cents in rows:
        doc.text(L, y, label)
        doc.text(L + 320, y, money(cents), align="right")
        y -= 15
    doc.text(L, y, f"Amount due by {fmt_date(due, style)}", bold=True)
    doc.text(L + 320, y, money(cur), bold=True, align="right")
    y -= 40
    doc.text(L, y, "Your usage (kWh)", bold=True)
    y -= 14
    for m in range(6):
        bar = rng.randint(20, 160)
        doc.box(L + m * 40, y - 100, 24, bar * 0.6, fill=0.6)
    doc.rule(L - 20, 210, W + 20, dash=(4, 3))
    doc.text(L, 190, f"{company} - please return this portion with your payment", size=8)
    doc.text(L, 170, f"Amount due by {fmt_date(due, style)}   {money(cur)}", bold=True)
    doc.text(L, 150, "Amount enclosed")
    doc.box(L + 90, 144, 100, 18)
    doc.text(L, 60, f"{rng.randint(10**9, 10**10 - 1)} {rng.randint(1000, 9999)} "
             f"{cur:08d} 0", font="Courier", size=10)


def bank_statement(doc: Doc, rng: random.Random) -> None:
    """A checking account statement with a tax refund deposit among the transactions."""
    d = random_notice_date(rng)
    L, W = 46.0, 566.0
    y = PAGE_H - 48
    doc.text(L, y, rng.choice(("First Prairie Bank", "Harborview Credit Union",
                               "Summit Savings Bank")), bold=True, size=15)
    doc.text(W, y, f"Statement period ending {fmt_date(d, 'long')}", align="right")
    y = _addr(doc, rng, L, y - 50) - 20
    doc.text(L, y, "Account summary", bold=True, size=doc.fonts.size + 2)
    y -= 18
    bal = log_uniform_cents(rng, 3000, 30000)
    txs = []
    day = d - timedelta(days=30)
    refund_at = rng.randint(0, 7)
    for k in range(rng.randint(8, 16)):
        day += timedelta(days=rng.randint(1, 3))
        label, sign = rng.choice((("POS PURCHASE GROCERY", -1), ("ACH PAYROLL DEPOSIT", 1),
                                  ("ONLINE TRANSFER", -1), ("CHECK", -1),
                                  ("UTILITY AUTOPAY", -1)))
        if k == refund_at:
            label, sign = "IRS TREAS 310 TAX REF", 1
        high = 2500 if sign > 0 else min(900, bal / 100 / 10)
        txs.append((day, label, sign * log_uniform_cents(rng, 5, max(10, high))))
    dep = sum(c for _, _, c in txs if c > 0)
    wd = -sum(c for _, _, c in txs if c < 0)
    for label, cents in (("Beginning balance", bal), ("Deposits and credits", dep),
                         ("Withdrawals and debits", -wd), ("Ending balance", bal + dep - wd)):
        doc.text(L, y, label)
        doc.text(L + 300, y, money(cents), align="right")
        y -= 14
    y -= 16
    doc.text(L, y, "Date", bold=True)
    doc.text(L + 80, y, "Description", bold=True)
    doc.text(W, y, "Amount", bold=True, align="right")
    y -= 14
    for day, label, cents in txs:
        doc.text(L, y, day.strftime("%m/%d"))
        doc.text(L + 80, y, label)
        doc.text(W, y, money(cents, dollar=False), align="right")
        y -= 13


def recipe(doc: Doc, rng: random.Random) -> None:
    """A recipe card: no dates, no money."""
    L = 60.0
    y = PAGE_H - 70
    name = rng.choice(("Skillet Cornbread", "Weeknight Lentil Soup", "Lemon Pound Cake"))
    doc.text(L, y, name, bold=True, size=20)
    y -= 30
    doc.text(L, y, f"Serves {rng.randint(4, 10)}  -  Prep {rng.randint(10, 30)} min  -  "
             f"Cook {rng.randint(20, 70)} min")
    y -= 28
    doc.text(L, y, "Ingredients", bold=True, size=doc.fonts.size + 2)
    y -= 18
    for item in ("1 cup yellow cornmeal", "1 cup all-purpose flour", "2 tablespoons sugar",
                 "1 tablespoon baking powder", "1/2 teaspoon salt", "1 cup buttermilk",
                 "2 large eggs", "4 tablespoons melted butter"):
        doc.text(L + 10, y, f"- {item}")
        y -= 14
    y -= 14
    doc.text(L, y, "Method", bold=True, size=doc.fonts.size + 2)
    y -= 18
    steps = ("Heat the oven to 425 degrees and put a greased cast-iron pan inside to warm.",
             "Whisk the dry ingredients in one bowl and the wet ingredients in another, then "
             "fold them together until just combined; a few lumps are fine.",
             "Pour the batter into the hot pan and bake for 20 to 25 minutes, until the top is "
             "golden and a toothpick comes out clean. Let it rest 10 minutes before slicing.")
    for i, step in enumerate(steps, 1):
        y = doc.paragraph(L, y, f"{i}. {step}", 470) - 6


def business_letter(doc: Doc, rng: random.Random) -> None:
    """A supplier's letter asking for payment of an invoice."""
    d = random_notice_date(rng)
    L = 64.0
    y = PAGE_H - 60
    doc.text(L, y, rng.choice(("Copperleaf Office Supply Co.", "Northgate Plumbing Supply",
                               "Keystone Freight LLC")), bold=True, size=14)
    doc.text(L, y - 14, f"{rng.randint(100, 9999)} Commerce Way, Suite {rng.randint(1, 400)}",
             size=8.5)
    y -= 60
    doc.text(L, y, fmt_date(d, "long"))
    y = _addr(doc, rng, L, y - 30) - 20
    inv = rng.randint(1000, 99999)
    amount = log_uniform_cents(rng, 50, 20000)
    doc.text(L, y, f"Re: Invoice {inv}", bold=True)
    y -= 24
    body = (
        "Dear Customer,",
        f"Our records show that invoice {inv} for {money(amount)} is past due. We understand "
        "that invoices are sometimes overlooked, and we would appreciate your payment by "
        f"{fmt_date(d + timedelta(days=30), 'long')}.",
        "If you have already sent payment, please disregard this letter and accept our thanks. "
        "If there is a problem with the order, call our accounts team so we can sort it out.",
        "Sincerely,",
    )
    for para in body:
        y = doc.paragraph(L, y, para, 470) - 10
    doc.text(L, y - 24, "Accounts Receivable")


def article(doc: Doc, rng: random.Random) -> None:
    """A newspaper-style explainer that mentions IRS notice codes (not a letter)."""
    d = random_notice_date(rng)
    L = 54.0
    y = PAGE_H - 60
    doc.text(L, y, "PERSONAL FINANCE", bold=True, size=9)
    y -= 26
    y = doc.paragraph(L, y, "Got a letter from the IRS? Here is how to read it", 480, bold=True,
                      size=20, leading=24) - 6
    doc.text(L, y, f"By Staff Writer  |  {fmt_date(d, 'long')}", size=8.5)
    y -= 24
    paras = (
        "Most people who open an envelope from the tax agency find a routine bill. The first "
        "one, a CP14, lists what the agency thinks you owe and asks for payment within about "
        "three weeks.",
        "If the bill is ignored, reminders follow roughly five weeks apart, ending with a CP504, "
        "which warns that the agency may take a state refund. A later LT11 or Letter 1058 "
        "opens a 30-day window to ask for a hearing.",
        "Tax professionals say the most common mistake is paying twice. One reader received a "
        "notice showing $1,250.00 due by March 3 even though her payment had cleared the week "
        "before. Check your online account first, they advise.",
        "Another tip: the notice code sits in the top right corner. Search for it on the "
        "agency's website, and never call a number printed in an email or text message.",
    )
    for para in paras:
        y = doc.paragraph(L, y, para, 480, leading=doc.fonts.size * 1.45) - 8


def w2_form(doc: Doc, rng: random.Random) -> None:
    """A wage statement laid out in boxes (mentions the IRS, but is not a notice)."""
    year = rng.randint(2019, 2025)
    L, T = 40.0, PAGE_H - 60
    doc.text(L, T + 20, f"Form W-2  Wage and Tax Statement  {year}", bold=True, size=13)
    doc.text(532, T + 20, "Copy B - For employee's records", size=7.5, align="right")
    wages = log_uniform_cents(rng, 8000, 180000)
    fed = round(wages * rng.uniform(0.05, 0.2))
    cells = (
        ("a Employee's social security number", f"XXX-XX-{rng.randint(0, 9999):04d}"),
        ("b Employer identification number (EIN)", f"XX-XXX{rng.randint(0, 9999):04d}"),
        ("1 Wages, tips, other compensation", money(wages, dollar=False)),
        ("2 Federal income tax withheld", money(fed, dollar=False)),
        ("3 Social security wages", money(wages, dollar=False)),
        ("4 Social security tax withheld", money(round(wages * 0.062), dollar=False)),
        ("5 Medicare wages and tips", money(wages, dollar=False)),
        ("6 Medicare tax withheld", money(round(wages * 0.0145), dollar=False)),
        ("c Employer's name, address, and ZIP code", "COPPERLEAF LOGISTICS LLC"),
        ("e Employee's first name and last name", make_person(rng).name_lines[0]),
    )
    y = T
    for i, (label, value) in enumerate(cells):
        x = L + (i % 2) * 250
        doc.box(x, y - 34, 250, 38, width=0.6)
        doc.text(x + 4, y - 6, label, size=7)
        doc.text(x + 8, y - 24, value, size=10, font="Courier")
        if i % 2:
            y -= 38
    doc.text(L, y - 20, "Department of the Treasury - Internal Revenue Service", size=8)
    doc.text(L, y - 34, f"Dated {date(year + 1, 1, 31).strftime('%m/%d/%Y')}", size=8)


BUILDERS: dict[str, Callable[[Doc, random.Random], None]] = {
    "utility-bill": utility_bill, "bank-statement": bank_statement, "recipe": recipe,
    "business-letter": business_letter, "article": article, "w2-form": w2_form,
}


def render_nonletter(kind: str, rng: random.Random) -> bytes:
    """A one-page PDF of a non-letter document."""
    doc = Doc(choose_fonts(rng))
    BUILDERS[kind](doc, rng)
    return doc.finish()
