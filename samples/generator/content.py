"""The facts of one synthetic letter: dates, periods, money lines, people.

Everything here is semantic; :mod:`samples.generator.layout` decides how it is printed and records
which facts each page shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from samples.generator.common import add_business_days, log_uniform_cents, quarter_end
from samples.generator.notices import SPECS, NoticeSpec
from samples.generator.people import IrsOffice, Party, make_business, make_office, make_person

FIRST_DAY = date(2019, 2, 1)
LAST_DAY = date(2026, 6, 30)


@dataclass(frozen=True, slots=True)
class Period:
    """A tax period: its last day, its year, and the return form."""

    year: int
    end: date
    form: str
    quarterly: bool


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One line of a billing summary; ``kind`` is tax, payments_credits, penalties or interest."""

    label: str
    cents: int
    kind: str


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a per-period table (cents)."""

    period: int
    owed: int
    penalty: int
    interest: int

    @property
    def total(self) -> int:
        """The row's amount you owe."""
        return self.owed + self.penalty + self.interest


@dataclass(frozen=True, slots=True)
class Letter:
    """All facts of one letter."""

    spec: NoticeSpec
    party: Party
    office: IrsOffice
    notice_date: date
    due_date: date | None
    due_rule: str
    immediate: bool
    periods: tuple[Period, ...]
    money: str  # billing | desc | proposed | table | balance_table | none
    lines: tuple[MoneyLine, ...]
    rows: tuple[Row, ...]
    amount_due: int | None
    prev_code: str | None
    prev_date: date | None
    refund: int | None
    fee: int | None
    ip_pin: str | None
    case_ref: str
    employee_id: str
    contact: str

    @property
    def code(self) -> str:
        """The canonical notice code."""
        return self.spec.code

    @property
    def business(self) -> bool:
        """True for a business taxpayer (EIN)."""
        return self.party.business


def random_notice_date(rng: random.Random) -> date:
    """A weekday between early 2019 and mid 2026."""
    span = (LAST_DAY - FIRST_DAY).days
    d = FIRST_DAY + timedelta(days=rng.randint(0, span))
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def _individual_periods(rng: random.Random, spec: NoticeSpec, nd: date,
                        multi: bool) -> tuple[Period, ...]:
    lag = rng.choices((1, 2, 3, 4, 5), weights=(55, 25, 10, 6, 4))[0]
    if spec.code in ("CP3219A",):
        lag = rng.choice((2, 3))
    if spec.code in ("CP11", "CP12", "LTR5071C", "CP59", "CP14", "CP14I", "CP14C"):
        lag = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
    if spec.code == "CP01A":
        lag = 1 if nd.month < 6 else 0
    form = "1040-SR" if rng.random() < 0.08 else "1040"
    if spec.code in ("CP2000", "CP3219A", "CP11", "CP22A", "CP12"):
        form = "1040"
    years = [nd.year - lag]
    if multi:
        pool = [y for y in range(nd.year - 9, nd.year - lag) if y not in years]
        years += rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
        years.sort(reverse=rng.random() < 0.2)
    return tuple(Period(y, date(y, 12, 31), form, False) for y in years)


def _business_periods(rng: random.Random, nd: date, multi: bool) -> tuple[Period, ...]:
    kind = rng.choices(("941", "940", "1120"), weights=(70, 15, 15))[0]
    if kind == "941":
        # quarters that ended at least ~4 months before the notice
        last = nd - timedelta(days=120)
        q_all = [(y, q) for y in range(last.year - 3, last.year + 1) for q in (1, 2, 3, 4)
                 if quarter_end(y, q) <= last]
        k = rng.randint(2, 4) if multi else 1
        start = rng.randint(max(0, len(q_all) - 8), len(q_all) - k)
        chosen = q_all[start:start + k]
        if multi and rng.random() < 0.5:
            chosen = sorted(rng.sample(q_all[-10:], k=k))
        return tuple(Period(y, quarter_end(y, q), "941", True) for y, q in chosen)
    fiscal_june = kind == "1120" and rng.random() < 0.3
    lag = rng.choice((1, 1, 2, 3))
    years = [nd.year - lag]
    if multi:
        years = sorted({nd.year - lag, nd.year - lag - 1, nd.year - lag - rng.randint(2, 4)})
        years = years[-rng.randint(2, 3):]
    ends = [date(y, 6, 30) if fiscal_june else date(y, 12, 31) for y in years]
    return tuple(Period(e.year, e, kind, False) for e in ends)


def _amount(rng: random.Random) -> int:
    band = rng.random()
    if band < 0.1:
        return log_uniform_cents(rng, 5, 200)
    if band < 0.8:
        return log_uniform_cents(rng, 200, 25_000)
    return log_uniform_cents(rng, 25_000, 450_000)


def _frac(rng: random.Random, base: int, lo: float, hi: float) -> int:
    return max(1, round(base * rng.uniform(lo, hi)))


def _penalty_lines(rng: random.Random, rest: int, business: bool) -> list[MoneyLine]:
    """Zero or more penalty lines, each a plausible share of the unpaid tax."""
    lines = []
    if business and rng.random() < 0.6:
        lines.append(MoneyLine("Failure-to-deposit penalty", _frac(rng, rest, 0.02, 0.10),
                               "penalties"))
    if rng.random() < 0.35:
        lines.append(MoneyLine("Failure-to-file penalty", _frac(rng, rest, 0.05, 0.225),
                               "penalties"))
    if rng.random() < 0.75:
        lines.append(MoneyLine("Failure-to-pay penalty", _frac(rng, rest, 0.005, 0.05),
                               "penalties"))
    if not business and rng.random() < 0.2:
        label = rng.choice(("Estimated tax penalty", "Failure-to-pay estimated tax penalty"))
        lines.append(MoneyLine(label, _frac(rng, rest, 0.005, 0.04), "penalties"))
    return lines


def _billing_lines(rng: random.Random, spec: NoticeSpec, business: bool) -> list[MoneyLine]:
    for _ in range(50):
        tax = _amount(rng)
        lines: list[MoneyLine] = []
        first = "Tax you owed"
        if spec.code == "CP22A":
            first = rng.choice(("Increase in tax", "Tax you owed", "Tax increase"))
        elif spec.code == "CP14I":
            first = rng.choice(("Additional tax you owed", "Tax you owed"))
        elif business:
            first = rng.choice(("Tax you owed", "Tax reported on your return", "Tax you owed"))
        lines.append(MoneyLine(first, tax, "tax"))
        paid = 0
        if rng.random() < (0.85 if business else 0.55):
            paid = _frac(rng, tax, 0.05, 0.97)
            label = rng.choice(("Payments and credits", "Payments and credits",
                                "Payments and credits applied", "Total payments and credits"))
            lines.append(MoneyLine(label, -paid, "payments_credits"))
        rest = tax - paid
        lines += _penalty_lines(rng, rest, business)
        if rng.random() < 0.88:
            lines.append(MoneyLine(rng.choice(("Interest charges", "Interest charges",
                                               "Interest")),
                                   _frac(rng, rest, 0.003, 0.12), "interest"))
        if rng.random() < 0.5:
            # interest and penalty lines often sit after the payments line, but not always
            head, tail = lines[:1], lines[1:]
            rng.shuffle(tail)
            lines = head + sorted(tail, key=lambda m: m.kind != "payments_credits")
        if sum(m.cents for m in lines) >= 500:
            return lines
    return [MoneyLine("Tax you owed", 1234, "tax")]


def _desc_lines(rng: random.Random, spec: NoticeSpec) -> list[MoneyLine]:
    owed = _amount(rng) + 500
    first = rng.choice(("Amount you owed", "Amount you owed", "Previous amount due",
                        "Balance from previous notice"))
    if spec.code == "CP523":
        first = rng.choice(("Amount you owed", "Unpaid balance on your agreement"))
    lines = [MoneyLine(first, owed, "tax")]
    if rng.random() < 0.65:
        label = rng.choice(("Failure-to-pay penalty", "Additional penalty charges",
                            "Penalty for late payment (IRC 6651)"))
        lines.append(MoneyLine(label, _frac(rng, owed, 0.004, 0.03), "penalties"))
    if rng.random() < 0.95:
        label = rng.choice(("Interest (Internal Revenue Code Section 6601)", "Interest charges",
                            "Additional interest charges"))
        lines.append(MoneyLine(label, _frac(rng, owed, 0.002, 0.04), "interest"))
    return lines


def _proposed_lines(rng: random.Random, spec: NoticeSpec, year: int) -> list[MoneyLine]:
    tax = _amount(rng) + 2500
    label = rng.choice((f"{year} tax increase", "Tax increase", "Increase in tax",
                        "Proposed tax increase"))
    lines = [MoneyLine(label, tax, "tax")]
    if rng.random() < 0.6:
        label = rng.choice(("Accuracy-related penalty (IRC 6662)", "Penalties",
                            "Accuracy-related penalty"))
        lines.append(MoneyLine(label, round(tax * 0.2), "penalties"))
    if rng.random() < (0.85 if spec.code == "CP2000" else 0.5):
        lines.append(MoneyLine(rng.choice(("Interest", "Interest charges")),
                               _frac(rng, tax, 0.01, 0.15), "interest"))
    return lines


def _rows(rng: random.Random, periods: tuple[Period, ...], balance: bool) -> tuple[Row, ...]:
    rows = []
    for i in range(len(periods)):
        owed = _amount(rng) + 1000
        if balance:
            rows.append(Row(i, owed, 0, 0))
            continue
        pen = _frac(rng, owed, 0.005, 0.2) if rng.random() < 0.85 else 0
        intr = _frac(rng, owed, 0.005, 0.25) if rng.random() < 0.95 else 0
        rows.append(Row(i, owed, pen, intr))
    return tuple(rows)


def _due(rng: random.Random, spec: NoticeSpec, nd: date, amount_due: int | None) -> tuple[
        date | None, str]:
    rule = spec.due
    if rule in ("immediate", "none"):
        return None, rule
    if rule == "respond30":
        days = rng.choices((30, 35, 60), weights=(85, 8, 7))[0]
        return nd + timedelta(days=days), f"+{days}d"
    if rule == "petition90":
        days = 150 if rng.random() < 0.08 else 90
        return nd + timedelta(days=days), f"+{days}d"
    if rule == "hearing30":
        days = rng.choice((30, 35))
        return nd + timedelta(days=days), f"+{days}d"
    if rule == "optional30":
        if rng.random() < 0.45:
            return nd + timedelta(days=30), "+30d"
        return None, "none"
    if rule == "disaster":
        days = rng.randint(60, 200)
        return nd + timedelta(days=days), f"+{days}d (postponed)"
    if spec.extra.get("due30", 0.0) > rng.random():
        return nd + timedelta(days=30), "+30d"
    if amount_due is not None and amount_due >= 10_000_000 and rng.random() < 0.6:
        return add_business_days(nd, 10), "+10 business days"
    odd = rng.random()
    if odd < 0.07:
        days = rng.choice((10, 14, 30, 28))
        return nd + timedelta(days=days), f"+{days}d"
    return nd + timedelta(days=21), "+21d"


def _periods_for(rng: random.Random, spec: NoticeSpec, nd: date, business: bool,
                 multi: bool | None) -> tuple[Period, ...]:
    draw = rng.random() < spec.multi
    multi = draw if multi is None else multi
    if business:
        return _business_periods(rng, nd, multi)
    return _individual_periods(rng, spec, nd, multi)


def build_letter(code: str, rng: random.Random, *, multi: bool | None = None,
                 business: bool | None = None) -> Letter:
    """Invent a letter of the given notice code (``multi``/``business`` force a variant)."""
    spec = SPECS[code]
    draw = spec.audience == "business" or (spec.audience == "either" and rng.random() < 0.25)
    if business is None or spec.audience != "either":
        business = draw
    party = make_business(rng) if business else make_person(rng)
    office = make_office(rng, acs=spec.style == "letter")
    nd = random_notice_date(rng)
    periods = _periods_for(rng, spec, nd, business, multi)

    money = spec.money
    lines: tuple[MoneyLine, ...] = ()
    rows: tuple[Row, ...] = ()
    if money == "desc" and len(periods) > 1:
        money = "table"
    if money == "table" and len(periods) == 1 and rng.random() < 0.4:
        money = "desc"
    if money == "billing":
        lines = tuple(_billing_lines(rng, spec, business))
    elif money == "desc":
        lines = tuple(_desc_lines(rng, spec))
    elif money == "proposed":
        lines = tuple(_proposed_lines(rng, spec, periods[0].year))
    elif money in ("table", "balance_table"):
        rows = _rows(rng, periods, money == "balance_table")

    amount_due: int | None = None
    if lines:
        amount_due = sum(m.cents for m in lines)
    elif rows:
        amount_due = sum(r.total for r in rows)
    due, rule = _due(rng, spec, nd, amount_due)

    prev_code = rng.choice(spec.prev) if spec.prev else None
    prev_date = nd - timedelta(days=rng.randint(30, 80)) if prev_code else None
    paid = -sum(m.cents for m in lines if m.kind == "payments_credits")
    refund: int | None = None
    if paid > 0 and rng.random() < 0.5:
        refund = max(100, round(paid * rng.uniform(0.2, 1.0)))
    if code in ("LTR5071C", "CP12"):
        refund = log_uniform_cents(rng, 40, 9000)
    fee = rng.choice((8900, 1000, 4300)) if code == "CP523" else None
    pin = "".join(str(rng.randint(0, 9)) for _ in range(6)) if code == "CP01A" else None
    return Letter(
        spec=spec, party=party, office=office, notice_date=nd, due_date=due, due_rule=rule,
        immediate=spec.due == "immediate", periods=periods, money=money, lines=lines, rows=rows,
        amount_due=amount_due, prev_code=prev_code, prev_date=prev_date, refund=refund, fee=fee,
        ip_pin=pin, case_ref=f"{rng.randint(10_000_000, 99_999_999)}",
        employee_id=f"{rng.randint(1_000_000_000, 9_999_999_999)}",
        contact=rng.choice(("Ms. R. Delacroix", "Mr. T. Abernathy", "Ms. K. Alvarez",
                            "Mr. D. Oyelaran", "Mrs. P. Kim", "Mr. J. Stroud")),
    )
