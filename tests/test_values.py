"""The value parsers: money, dates and years as real IRS letters print them, OCR slips included,
and the look-alikes (ZIP codes, phone numbers, identifiers, rates, form numbers) that must not
parse as values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scanner.extract.values import (
    cents_from_digits,
    parse_date,
    parse_money,
    parse_year,
    repair_digits,
)

D = Decimal


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("digits", "shown"), [("5153", "51.53"), ("500000", "5000.00")])
def test_digits_that_lost_their_point_keep_two_places_of_cents(digits: str, shown: str) -> None:
    assert str(cents_from_digits(digits)) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,075.21", D("1075.21")),
        ("1,075.21", D("1075.21")),
        ("$ 1,075.21", D("1075.21")),
        ("$63,973.87", D("63973.87")),
        ("$787.79", D("787.79")),
        ("123.61", D("123.61")),
        ("$0.00", D("0.00")),
        ("0.00", D("0.00")),
        ("$1,234,567.89", D("1234567.89")),
        ("$100,000.00", D("100000.00")),
        # Whole dollars are printed with a '$' in body text ("a $500 payment").
        ("$500", D("500")),
        ("$1,075", D("1075")),
        # Payments and credits print as negatives.
        ("-3,328.00", D("-3328.00")),
        ("- 3,328.00", D("-3328.00")),
        ("−3,328.00", D("-3328.00")),
        ("–3,328.00", D("-3328.00")),
        ("($3,328.00)", D("-3328.00")),
        ("(1,075.21)", D("-1075.21")),
        ("CR 1,500.00", D("-1500.00")),  # a credit marked the bookkeeping way
        ("CR $1,500.00", D("-1500.00")),
        ("1,500.00 CR", D("-1500.00")),
        ("1,500.00CR", D("-1500.00")),
        ("1,250.00-", D("-1250.00")),
        # In context: the amount at the end of a billing-summary line.
        ("Amount due by February 20, 2018  $1,075.21", D("1075.21")),
        ("Amount due: $64,761.66", D("64761.66")),
    ],
)
def test_parse_money_printed_forms(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # O for 0 and l for 1 inside the number.
        ("$1,O75.2l", D("1075.21")),
        ("$3,l83.00", D("3183.00")),
        ("$1,075.2I", D("1075.21")),
        ("63,973.8T", D("63973.87")),
        ("$6O,OOO.OO", D("60000.00")),
        # The '$' read as an 'S'.
        ("S1,075.21", D("1075.21")),
        ("S63,973.87", D("63973.87")),
        # A comma read for the decimal point, or a dot for the thousands comma.
        ("$1,075,21", D("1075.21")),
        ("$1.075.21", D("1075.21")),
        ("S1.075,21", D("1075.21")),
        # A space after the thousands comma (kerning on a scan), or in place of it.
        ("$1, 075.21", D("1075.21")),
        ("$103 571.90", D("103571.90")),
        ("$1 234 567.00", D("1234567.00")),
    ],
)
def test_parse_money_ocr_slips(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "$",
        "2017",  # a tax year
        "Tax year 2023",
        "Form 1040",
        "Section 6601",
        "11742-9019",  # ZIP+4
        "Holtsville, NY 11742-9019",
        "1-800-829-0922",  # phone
        "800-829-0922",
        "XXX-XX-1234",  # masked SSN
        "XX-XXX1234",  # masked EIN
        "Page 1 of 6",
        "January 30, 2018",
        "02/10/2020",
        "0000 0000000 0000000000 0000000 0000",  # the voucher's scan line
        "Your caller ID 123456",
        "1,07.21",  # broken thousands group
        "12,34.56",
        "1,0755.21",
        "$2,87. 4.19",  # "$2,874.19" broken by OCR, not $2.87
    ],
)
def test_parse_money_rejects_non_money(text: str) -> None:
    assert parse_money(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "0.5%",
        "0.25%",
        "We charge a penalty of 0.50% a month",
    ],
)
def test_parse_money_rejects_percentages(text: str) -> None:
    # Every balance-due notice states the failure-to-pay rate; a rate is never money.
    assert parse_money(text) is None


def test_parse_money_returns_decimal_not_float() -> None:
    value = parse_money("$0.10")
    assert isinstance(value, Decimal)
    assert value == D("0.10")


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 30, 2018", date(2018, 1, 30)),
        ("February 20, 2018", date(2018, 2, 20)),
        ("December 9, 2024", date(2024, 12, 9)),
        ("January 5, 2026", date(2026, 1, 5)),
        ("JANUARY 30, 2018", date(2018, 1, 30)),
        ("Jan 30, 2018", date(2018, 1, 30)),
        ("Jan. 30, 2018", date(2018, 1, 30)),
        ("Sept. 9, 2024", date(2024, 9, 9)),
        ("Sep 9, 2024", date(2024, 9, 9)),
        ("February 20,2018", date(2018, 2, 20)),
        ("March 31 2024", date(2024, 3, 31)),
        ("30 January 2018", date(2018, 1, 30)),
        # Spanish editions ("CP14 (SP)").
        ("3 de junio de 2024", date(2024, 6, 3)),
        ("24 de junio del 2024", date(2024, 6, 24)),
        ("12 de dic. de 2024", date(2024, 12, 12)),
        ("12 DE FEBRERO DE 2024", date(2024, 2, 12)),
        ("1º de mayo de 2024", date(2024, 5, 1)),
        ("1° de abril de 2024", date(2024, 4, 1)),
        # Day first only where month first cannot be ("31/12/2022" on a Spanish letter).
        ("31/12/2022", date(2022, 12, 31)),
        # Numeric dates are month first on US letters (CP14IA prototype: 02/10/2020).
        ("02/10/2020", date(2020, 2, 10)),
        ("2/10/2020", date(2020, 2, 10)),
        ("12/31/2023", date(2023, 12, 31)),
        ("12/09/24", date(2024, 12, 9)),
        ("2020-02-10", date(2020, 2, 10)),
        # Inside a sentence or after a label.
        ("Notice date January 30, 2018", date(2018, 1, 30)),
        ("Pay the amount due of $9,533.53 by February 20, 2017.", date(2017, 2, 20)),
    ],
)
def test_parse_date_printed_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apri1 15, 2O24", date(2024, 4, 15)),
        ("April l5, 2024", date(2024, 4, 15)),
        ("January 3O, 2O18", date(2018, 1, 30)),
        ("0ctober 1, 2023", date(2023, 10, 1)),
        ("Decernber 9, 2024", date(2024, 12, 9)),  # 'rn' read for 'm'
        ("Febuary 20, 2018", date(2018, 2, 20)),
        ("Novenber 4, 2024", date(2024, 11, 4)),
        ("O2/1O/2O2O", date(2020, 2, 10)),
        ("NOV, 4, 2024", date(2024, 11, 4)),  # the abbreviation's point read as a comma
        ("May 22,.2024", date(2024, 5, 22)),  # a fax speck beside the comma
        ("February 12; 2024", date(2024, 2, 12)),  # the comma read as a semicolon
    ],
)
def test_parse_date_ocr_slips(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "February 30, 2018",  # no such day
        "April 31, 2024",
        "13/45/2020",
        "02/30/2020",
        "2017",
        "Tax year 2023",
        "May 2024",  # no day: a month, not a date
        "1-800-829-0922",
        "11742-9019",
        "Holtsville, NY 11742-9019",
        "$1,075.21",
        "Form 1040",
        "XXX-XX-1234",
        "Page 1 of 6",
        "March 2, 1850",  # out of any tax range
        "0000 0000000 0000000000 0000000 0000",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


# --- years -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", 2023),
        ("Tax year 2023", 2023),
        ("Tax year: 2020", 2020),
        ("You have a balance due for 2017.", 2017),
        ("In 2017, you filed a return", 2017),
        ("Tax periods 2019, 2020 and 2021", 2019),
        ("2O23", 2023),
        ("1999", 1999),
    ],
)
def test_parse_year(text: str, expected: int) -> None:
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1979",
        "2101",
        "20175",
        "$2,017.00",
        "2017.50",
        "12/31/2017",
        "11742-9019",
        "1-800-829-0922",
        "Form 1040",
        "Section 6601",
        "Page 1 of 6",
    ],
)
def test_parse_year_rejects(text: str) -> None:
    assert parse_year(text) is None


# --- repair ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,O75.2l", "1,075.21"),
        ("2O24", "2024"),
        ("5O4", "504"),
        ("2OOO", "2000"),
        ("S01", "501"),
        ("I1", "11"),
        ("5O4B", "5048"),
        ("Z0Z4", "2024"),
        ("l|I", "111"),
    ],
)
def test_repair_digits(text: str, expected: str) -> None:
    assert repair_digits(text) == expected


@pytest.mark.parametrize("text", ["1,234.56", "0123456789", "12/31/2023", "-3,328.00", "$ ()"])
def test_repair_digits_leaves_digits_and_punctuation(text: str) -> None:
    assert repair_digits(text) == text


def test_repair_never_invents_a_parse() -> None:
    # Repair only fixes look-alikes inside a number shape; a word never becomes money or a date.
    assert parse_money("SOLD") is None
    assert parse_money("Billing Summary") is None
    assert parse_date("Sold 12, Lot") is None
