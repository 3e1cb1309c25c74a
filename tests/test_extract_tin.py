"""The taxpayer identifier: SSN, ITIN or EIN under every label real letters use, always masked to
the last four digits, never confused with phone numbers, caller IDs, case or employee numbers.

Full numbers are assembled at test time; none is written out literally."""

from __future__ import annotations

import pytest
from textpage import IRS_ADDRESS, letter, run

from scanner.extract.common import view_pages
from scanner.extract.tin import is_business, tin
from scanner.models import Field, PageText
from scanner.patterns import load_labels

FULL_SSN = "-".join(("123", "45", "6789"))
FULL_EIN = "-".join(("12", "3456789"))


def header(line: str, code: str = "CP14", *, ocr: bool = False, body: str = "") -> PageText:
    return letter(
        IRS_ADDRESS,
        f"@x=380\nNotice  {code}\nTax year  2023\nNotice date  April 15, 2024\n{line}\n"
        "To contact us  Phone 1-800-829-0922\nYour caller ID  123456\nPage 1 of 3\n",
        f"@y=0.35\nYou have a balance due for 2023\n{body}",
        ocr=ocr,
        conf=0.8 if ocr else 1.0,
    )


def tin_of(page: PageText) -> Field[str] | None:
    return run(page).fields.get("tin")


def no_full_number(found: Field[str]) -> None:
    for text in (found.value, found.evidence):
        digits = "".join(ch for ch in text if ch.isdigit())
        assert "12345" not in digits and "123456" not in digits


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Social security number  XXX-XX-1234", "XXX-XX-1234"),
        ("Social Security number  XXX-XX-1234", "XXX-XX-1234"),
        ("Your SSN  XXX-XX-5555", "XXX-XX-5555"),
        ("SSN:  ***-**-4321", "XXX-XX-4321"),
        ("Taxpayer ID number:  XXX-XX-1234", "XXX-XX-1234"),
        ("Taxpayer identification number:  XXX-XX-2468", "XXX-XX-2468"),
        ("TIN:  XXX-XX-6052", "XXX-XX-6052"),
        ("ITIN:  XXX-XX-4321", "XXX-XX-4321"),
        ("Social security number  XXX XX 1234", "XXX-XX-1234"),
        ("Social security number  xxx-xx-1234", "XXX-XX-1234"),
    ],
)
def test_individual_labels(line: str, expected: str) -> None:
    found = tin_of(header(line))
    assert found is not None
    assert found.value == expected
    assert found.page == 1


def test_full_ssn_is_masked_in_value_and_evidence() -> None:
    found = tin_of(header(f"Social security number  {FULL_SSN}"))
    assert found is not None
    assert found.value == "XXX-XX-6789"
    no_full_number(found)


def test_full_ssn_without_dashes_is_masked() -> None:
    found = tin_of(header("Your SSN  " + FULL_SSN.replace("-", "")))
    assert found is not None
    assert found.value == "XXX-XX-6789"
    no_full_number(found)


def test_one_line_running_header() -> None:
    page = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n",
        number=2,
    )
    found = tin_of(page)
    assert found is not None and found.value == "XXX-XX-6052"
    assert found.page == 2


def test_label_above_value() -> None:
    page = letter(IRS_ADDRESS, "@x=380\nNotice\nCP14\nSocial security number\nXXX-XX-1234\n")
    found = tin_of(page)
    assert found is not None and found.value == "XXX-XX-1234"


@pytest.mark.parametrize(
    "line",
    [
        "Employer ID number  XX-XXX1234",
        "Employer identification number  XX-XXX1234",
        "EIN:  XX-XXX1234",
        "TIN:  XX-XXX1234",
        "Employer ID number  **-***1234",
    ],
)
def test_business_identifiers(line: str) -> None:
    e = run(header(line, code="CP161"))
    found = e.fields.get("tin")
    assert found is not None
    assert found.value == "XX-XXX1234"
    assert e.business is True


def test_full_ein_is_masked() -> None:
    e = run(header(f"Employer identification number  {FULL_EIN}", code="CP161"))
    found = e.fields["tin"]
    assert found.value == "XX-XXX6789"
    assert e.business is True
    no_full_number(found)


def test_individual_letter_is_not_business() -> None:
    assert run(header("Social security number  XXX-XX-1234")).business is False


def test_ocr_label_slip() -> None:
    found = tin_of(header("Social securlty nurnber  XXX-XX-1234", ocr=True))
    assert found is not None and found.value == "XXX-XX-1234"
    assert found.confidence < 0.99


def test_ocr_slip_in_the_last_four_digits() -> None:
    found = tin_of(header("Social security number  XXX-XX-l234", ocr=True))
    assert found is not None and found.value == "XXX-XX-1234"


def test_voucher_misread_loses_to_the_info_block() -> None:
    page = header(
        "Social security number  XXX-XX-1234",
        body="@y=0.8\nNotice  CP14\nSocial security number  XXX-XX-1284\n"
        "Make your check payable to the United States Treasury.\n",
    )
    found = tin_of(page)
    assert found is not None and found.value == "XXX-XX-1234"


def test_voucher_repeats_the_same_number() -> None:
    page = header(
        "Social security number  XXX-XX-1234",
        body="@y=0.8\nNotice  CP14\nSocial security number  XXX-XX-1234\n"
        "Make your check payable to the United States Treasury.\n",
    )
    found = tin_of(page)
    assert found is not None and found.value == "XXX-XX-1234"
    assert found.confidence >= 0.9


def test_primary_ssn_is_the_taxpayers() -> None:
    page = letter(
        IRS_ADDRESS,
        "@x=380\nNotice  CP14\nPrimary SSN  XXX-XX-1234\nSpouse's SSN  XXX-XX-5678\n",
    )
    found = tin_of(page)
    assert found is not None and found.value == "XXX-XX-1234"


def test_other_numbers_are_not_identifiers() -> None:
    page = letter(
        IRS_ADDRESS,
        "@x=380\nLT11\nDate:  March 4, 2024\nCase reference number:  1234567890\n"
        "Employee ID number:  1000123456\nContact telephone number:  1-800-829-7650\n"
        "Your caller ID  123456\n",
        "@y=0.35\nIntent to seize your property or rights to property\n"
        "Amount due immediately: $12,345.67\n",
    )
    assert tin_of(page) is None


def test_employee_id_on_an_ocr_page_is_not_an_ein() -> None:
    # One letter away from "Employer ID number": OCR fuzzy matching must not take it.
    page = letter(
        IRS_ADDRESS,
        "@x=380\nDate:  June 10, 2024\nTaxpayer ID number:  XXX-XX-4321\n"
        "Employee ID number:  10-0012345\n",
        "@y=0.95\nLetter 1058 (Rev. 7-2022)\n",
        ocr=True,
        conf=0.85,
    )
    e = run(page)
    assert e.fields["tin"].value == "XXX-XX-4321"
    assert e.business is False


def test_no_identifier_printed() -> None:
    page = letter(IRS_ADDRESS, "@x=380\nNotice  CP14\nTax year  2023\n")
    assert tin_of(page) is None


def test_tin_function_directly() -> None:
    labels = load_labels()
    views = view_pages([header(f"Social security number  {FULL_SSN}")], labels)
    found = tin(views, labels)
    assert found is not None
    assert found.value == "XXX-XX-6789"
    assert is_business(found) is False
    assert is_business(Field("XX-XXX1234", 0.9, 1, "EIN XX-XXX1234")) is True
    assert is_business(None) is False
