"""Property tests. The contract: any text into any extractor gives a Field or None, never an
exception; money and dates parse back to what was printed; a broken catalog file raises only
CatalogError; every pattern finishes quickly on long hostile input (no catastrophic
backtracking)."""

from __future__ import annotations

import shutil
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textpage import page

from scanner.catalog import load_catalog
from scanner.errors import CatalogError
from scanner.extract import extract_all
from scanner.extract.common import view_pages
from scanner.extract.values import parse_date, parse_money, parse_year
from scanner.models import Field
from scanner.patterns import load_labels
from scanner.privacy import mask
from scanner.resources import patterns_dir

LABELS = load_labels()
CATALOG = load_catalog()
# Letters, digits, and the punctuation and label words a notice is made of.
TOKENS = st.sampled_from([
    "Notice", "CP14", "CP5O4", "LT11", "Letter", "1058", "date", "Tax", "year", "period",
    "Amount", "due", "by", "immediately", "$1,075.21", "-3,328.00", "April", "15,", "2024",
    "12/31/2023", "Total", "penalty", "Interest", "Payments", "and", "credits", "SSN",
    "XXX-XX-1234", "EIN", "XX-XXX1234", ":", "|", "(Rev.", "7-2022)", "Form", "941", "202403",
    "Detach", "Amount you are paying", "$", ".", ",", "0", "O", "l",
])
LINES = st.lists(st.lists(TOKENS, max_size=12).map(" ".join), max_size=30).map("\n".join)
FREE = st.text(max_size=400)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.one_of(LINES, FREE), st.booleans())
def test_extract_all_never_raises(text: str, ocr: bool) -> None:
    result = extract_all([page(text, ocr=ocr)], LABELS, CATALOG)
    for name, f in result.fields.items():
        assert isinstance(f, Field), name
        assert 0.0 <= f.confidence <= 1.0
        assert f.page == 1


@FAST
@given(st.one_of(LINES, FREE))
def test_each_extractor_returns_a_field_or_none(text: str) -> None:
    from scanner.extract import amounts, code, dates, periods, table, tin

    views = view_pages([page(text, ocr=True)], LABELS)
    warnings: list[str] = []
    found = [
        code.notice_code(views, LABELS, CATALOG, letter_like=True),
        dates.notice_date(views, LABELS, warnings),
        dates.due_date(views, LABELS, warnings).field,
        dates.hearing_date(views, LABELS),
        periods.tax_periods(views, LABELS, table.find_tables(views, LABELS), warnings),
        tin.tin(views, LABELS),
        *amounts.amounts(views, LABELS, table.find_tables(views, LABELS), warnings).fields.values(),
    ]
    assert all(f is None or isinstance(f, Field) for f in found)
    assert all(isinstance(w, str) for w in warnings)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2))
def test_money_round_trips(value: Decimal) -> None:
    assert parse_money(f"${value:,.2f}") == value
    assert parse_money(f"-{value:,.2f}") == -value
    assert parse_money(f"({value:,.2f})") == -value
    assert parse_money(f"{value:.2f}") == value


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip(day: date) -> None:
    assert parse_date(f"{day:%B} {day.day}, {day.year}") == day
    assert parse_date(f"{day:%m/%d/%Y}") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day:%b}. {day.day}, {day.year}") == day


@given(st.integers(min_value=1990, max_value=2099))
def test_years_round_trip(year: int) -> None:
    assert parse_year(f"Tax year {year}") == year


@FAST
@given(FREE)
def test_parsers_never_raise(text: str) -> None:
    parse_money(text)
    parse_date(text)
    parse_year(text)
    assert isinstance(mask(text), str)


@given(st.integers(min_value=0, max_value=999_99_9999))
def test_masking_keeps_only_the_last_four(number: int) -> None:
    digits = f"{number:09d}"
    ssn = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    out = mask(f"Your SSN is {ssn}.")
    assert digits[:5] not in out.replace("-", "") or digits[:5] == digits[5:9] + digits[0]
    assert out.endswith(f"{digits[5:]}.")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_broken_catalog_files_raise_only_catalog_error(tmp_path_factory: pytest.TempPathFactory,
                                                      garbage: str) -> None:
    root = tmp_path_factory.mktemp("patterns")
    shutil.copytree(patterns_dir(), root, dirs_exist_ok=True)
    (root / "notices" / "CP14.toml").write_text(garbage)
    try:
        load_catalog(Path(root))
    except CatalogError as e:
        assert "CP14.toml" in str(e)


@pytest.mark.parametrize("unit", ["1" * 5, "Amount due by ", "$1,", "CP", "Notice date ",
                                  "12/", ", 2024 ", "XX-", "penalty ", "\t", " . "])
def test_patterns_finish_quickly_on_long_hostile_lines(unit: str) -> None:
    text = unit * (4000 // len(unit))
    started = time.perf_counter()
    extract_all([page(text[:3000], ocr=True), page(text[:3000])], LABELS, CATALOG)
    parse_money(text)
    parse_date(text)
    mask(text)
    assert time.perf_counter() - started < 5.0


def test_long_letters_stay_fast() -> None:
    # A 10-page notice of ordinary lines must not take long to read.
    body = "\n".join(f"Line {i}: Amount due by April 15, 2024 $1,075.21 penalty" for i in range(60))
    started = time.perf_counter()
    extract_all([page(body, number=n) for n in range(1, 11)], LABELS, CATALOG)
    assert time.perf_counter() - started < timedelta(seconds=10).total_seconds()
