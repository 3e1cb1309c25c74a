"""Small date helpers shared by the checks, the deadlines and the report."""

from __future__ import annotations

from datetime import date, timedelta


def long_date(value: date) -> str:
    """'April 15, 2024'."""
    return f"{value:%B} {value.day}, {value.year}"


def add_business_days(start: date, days: int) -> date:
    """``start`` plus ``days`` weekdays (federal holidays are not counted out)."""
    current = start
    left = days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current
