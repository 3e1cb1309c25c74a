"""Cross-checks between extracted fields: the billing summary adds up, and the pay-by date is the
notice date + 21 days (10 business days at $100,000 or more). A failed check warns and lowers
confidence; it never changes a value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from scanner.catalog import Notice, load_catalog
from scanner.checks import breakdown_total, cross_check
from scanner.datetools import add_business_days
from scanner.models import Field

D = Decimal


def notice(code: str) -> Notice:
    found = load_catalog().lookup(code)
    assert found is not None
    return found


def f(value: Any, confidence: float = 0.8) -> Field[Any]:
    return Field(value, confidence, 1, str(value))


def cp14_fields(amount_due: str = "1075.21") -> dict[str, Field[Any]]:
    """The 2018 CP14 sample's billing summary (penalty lines already summed)."""
    return {
        "notice_code": f("CP14", 0.9),
        "notice_date": f(date(2018, 1, 30)),
        "due_date": f(date(2018, 2, 20)),
        "tax": f(D("3183.00")),
        "payments_credits": f(D("3328.00")),
        "penalties": f(D("1075.21")),  # 318.30 + 633.30 + 123.61
        "interest": f(D("145.00")),
        "amount_due": f(D(amount_due)),
    }


MONEY = ("tax", "payments_credits", "penalties", "interest", "amount_due")


def test_breakdown_total_subtracts_payments() -> None:
    assert breakdown_total(cp14_fields()) == D("1075.21")


def test_breakdown_total_needs_the_tax_line() -> None:
    fields = cp14_fields()
    del fields["tax"]
    assert breakdown_total(fields) is None


def test_sum_that_adds_up_gives_no_warning_and_more_confidence() -> None:
    fields = cp14_fields()
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    assert not [w for w in warnings if "add up" in w]
    for name in MONEY:
        assert out[name].value == fields[name].value
        assert out[name].confidence > fields[name].confidence
        assert out[name].confidence <= 1.0


def test_cp503_table_that_adds_up() -> None:
    fields = {
        "tax": f(D("63973.87")),
        "interest": f(D("787.79")),
        "amount_due": f(D("64761.66")),
    }
    warnings: list[str] = []
    out = cross_check(fields, notice("CP503"), warnings)
    assert warnings == []
    assert out["amount_due"].confidence > 0.8


def test_sum_off_by_a_cent_warns_and_lowers_confidence_but_keeps_values() -> None:
    fields = cp14_fields(amount_due="1075.22")
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    sum_warnings = [w for w in warnings if "1,075.21" in w and "1,075.22" in w]
    assert len(sum_warnings) == 1
    for name in MONEY:
        assert out[name].value == fields[name].value
        assert out[name].confidence < fields[name].confidence


def test_cross_check_does_not_change_its_input() -> None:
    fields = cp14_fields(amount_due="1075.22")
    before = dict(fields)
    cross_check(fields, notice("CP14"), [])
    assert fields == before


def test_no_sum_check_without_an_amount_due() -> None:
    fields = cp14_fields()
    del fields["amount_due"]
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    assert not [w for w in warnings if "add up" in w]
    assert out["tax"].confidence == fields["tax"].confidence


def test_due_date_21_days_after_notice_date_is_confirmed() -> None:
    # Both real samples: Jan 30 -> Feb 20, 2018 and Dec 9 -> Dec 30, 2024.
    for issued, due in (
        (date(2018, 1, 30), date(2018, 2, 20)),
        (date(2024, 12, 9), date(2024, 12, 30)),
    ):
        fields = {"notice_date": f(issued), "due_date": f(due), "amount_due": f(D("1075.21"))}
        warnings: list[str] = []
        out = cross_check(fields, notice("CP14"), warnings)
        assert warnings == []
        assert out["due_date"].confidence > 0.8
        assert out["notice_date"].confidence > 0.8
        assert out["due_date"].value == due


def test_a_date_worked_out_from_the_other_earns_no_confidence_from_agreeing() -> None:
    fields = cp14_fields()
    fields["notice_date"] = f(date(2018, 1, 30), 0.5)
    fields["due_date"] = f(date(2018, 2, 20))
    out = cross_check(fields, notice("CP14"), [], frozenset({"notice_date"}))
    assert out["notice_date"].confidence == 0.5
    assert out["due_date"].confidence == 0.8
    # The amounts were read, not worked out: their sum still counts.
    assert all(out[name].confidence > fields[name].confidence for name in MONEY)


def test_due_date_not_21_days_after_warns_and_keeps_the_printed_date() -> None:
    fields = {
        "notice_date": f(date(2024, 4, 15)),
        "due_date": f(date(2024, 5, 15)),
        "amount_due": f(D("1075.21")),
    }
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    assert len(warnings) == 1
    assert "30 days" in warnings[0]
    assert out["due_date"].value == date(2024, 5, 15)
    assert out["due_date"].confidence < 0.8


def test_ten_business_days_for_a_demand_of_100k_or_more() -> None:
    # Monday December 2, 2024 + 10 business days = Monday December 16, 2024.
    issued, due = date(2024, 12, 2), date(2024, 12, 16)
    fields = {"notice_date": f(issued), "due_date": f(due), "amount_due": f(D("100000.00"))}
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    assert warnings == []
    assert out["due_date"].confidence > 0.8


def test_ten_business_days_under_100k_is_flagged() -> None:
    fields = {
        "notice_date": f(date(2024, 12, 2)),
        "due_date": f(date(2024, 12, 16)),
        "amount_due": f(D("99999.99")),
    }
    warnings: list[str] = []
    out = cross_check(fields, notice("CP14"), warnings)
    assert len(warnings) == 1
    assert out["due_date"].value == date(2024, 12, 16)


def test_due_date_before_notice_date_is_flagged_for_any_notice() -> None:
    fields = {"notice_date": f(date(2024, 4, 15)), "due_date": f(date(2024, 3, 15))}
    for code in (None, "CP2000"):
        warnings: list[str] = []
        out = cross_check(dict(fields), notice(code) if code else None, warnings)
        assert len(warnings) == 1
        assert out["due_date"].value == date(2024, 3, 15)
        assert out["notice_date"].value == date(2024, 4, 15)
        assert out["due_date"].confidence < 0.8


def test_respond_by_date_is_not_held_to_the_21_day_rule() -> None:
    # CP2000 gives 30 days to respond; that is not a misread pay-by date.
    fields = {"notice_date": f(date(2024, 5, 1)), "due_date": f(date(2024, 5, 31))}
    warnings: list[str] = []
    out = cross_check(fields, notice("CP2000"), warnings)
    assert warnings == []
    assert out["due_date"].confidence == 0.8


def test_unknown_notice_gets_no_21_day_check() -> None:
    fields = {"notice_date": f(date(2024, 5, 1)), "due_date": f(date(2024, 6, 20))}
    warnings: list[str] = []
    cross_check(fields, None, warnings)
    assert warnings == []


def test_due_immediately_is_not_checked() -> None:
    fields = {
        "notice_date": f(date(2024, 5, 1)),
        "due_date": f(None),
        "amount_due": f(D("5000.00")),
    }
    warnings: list[str] = []
    out = cross_check(fields, notice("CP504"), warnings)
    assert warnings == []
    assert out["due_date"].value is None


def test_business_balance_due_uses_the_same_rule() -> None:
    fields = {
        "notice_date": f(date(2024, 7, 1)),
        "due_date": f(date(2024, 7, 22)),
        "amount_due": f(D("2500.00")),
    }
    warnings: list[str] = []
    cross_check(fields, notice("CP161"), warnings)
    assert warnings == []


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 12, 2), 10, date(2024, 12, 16)),  # Monday
        (date(2024, 12, 6), 1, date(2024, 12, 9)),  # Friday -> Monday
        (date(2024, 12, 7), 1, date(2024, 12, 9)),  # Saturday -> Monday
        (date(2024, 12, 6), 0, date(2024, 12, 6)),
    ],
)
def test_add_business_days(start: date, days: int, expected: date) -> None:
    assert add_business_days(start, days) == expected


def test_a_tax_period_ending_after_the_notice_date_is_flagged() -> None:
    from scanner.models import TaxPeriod

    def periods(*years: int) -> Field[Any]:
        return f(tuple(TaxPeriod(None, date(y, 12, 31), y) for y in years))

    misread = {"notice_date": f(date(2024, 2, 12)), "tax_periods": periods(2024)}
    warnings: list[str] = []
    out = cross_check(misread, notice("CP504"), warnings)
    assert any("ends after the notice date" in w for w in warnings)
    assert out["tax_periods"].confidence < 0.8
    assert out["tax_periods"].value == misread["tax_periods"].value  # flagged, not changed
    fine = {"notice_date": f(date(2024, 2, 12)), "tax_periods": periods(2021, 2022)}
    warnings = []
    out = cross_check(fine, notice("CP504"), warnings)
    assert warnings == [] and out["tax_periods"].confidence == 0.8
