"""Small shared helpers: seeds, money and date formatting, business days."""

from __future__ import annotations

import hashlib
import math
import random
from datetime import date, timedelta
from decimal import Decimal

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

# Federal holidays are ignored: the generator only needs "a weekday", not the IRS calendar.


def derive_seed(*parts: object) -> int:
    """A stable 63-bit seed from any parts (independent of PYTHONHASHSEED and of process order)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def rng_for(*parts: object) -> random.Random:
    """A ``random.Random`` seeded from ``parts``."""
    return random.Random(derive_seed(*parts))


def money(cents: int, *, dollar: bool = True, sign: bool = True) -> str:
    """``123456`` -> ``$1,234.56``; negative values get a leading ``-`` (``-$1,234.56``)."""
    neg = cents < 0
    whole, part = divmod(abs(cents), 100)
    body = f"{whole:,}.{part:02d}"
    if dollar:
        body = "$" + body
    return ("-" if neg and sign else "") + body


def money_plain(cents: int) -> str:
    """Cents as the contract's money string: two places, no sign, no commas."""
    whole, part = divmod(abs(cents), 100)
    return f"{whole}.{part:02d}"


def cents_to_decimal(cents: int) -> Decimal:
    """Cents as a two-place Decimal."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def long_date(d: date) -> str:
    """``April 5, 2024``."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def numeric_date(d: date) -> str:
    """``04/05/2024``."""
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def fmt_date(d: date, style: str) -> str:
    """A date in one of the printed styles: ``long`` or ``numeric``."""
    return numeric_date(d) if style == "numeric" else long_date(d)


def add_business_days(start: date, days: int) -> date:
    """``start`` plus ``days`` weekdays."""
    d = start
    left = days
    while left > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            left -= 1
    return d


def weekday_on_or_after(d: date) -> date:
    """``d`` moved forward to a Monday..Friday."""
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def quarter_end(year: int, quarter: int) -> date:
    """The last day of calendar quarter ``quarter`` (1..4) of ``year``."""
    month = quarter * 3
    nxt = date(year + (month // 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def log_uniform_cents(rng: random.Random, low_dollars: float, high_dollars: float) -> int:
    """A random amount in cents, spread evenly on a log scale between the two bounds."""
    value = math.exp(rng.uniform(math.log(low_dollars), math.log(high_dollars)))
    return max(1, round(value * 100))
