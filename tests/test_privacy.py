"""Masking of taxpayer identification numbers: every full SSN, ITIN or EIN is cut to its last four
digits in any spelling a letter, OCR or a user may produce, while the other numbers on a letter
(phones, ZIP+4, dates, money, scan lines, caller IDs, periods) come through untouched.

Full numbers are put together at test time from their groups; none is written out literally.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from scanner.privacy import MaskingFilter, mask, mask_deep, mask_tin


def ssn(sep: str = "-", groups: tuple[str, str, str] = ("123", "45", "6789")) -> str:
    """A synthetic full SSN-shaped number."""
    return sep.join(groups)


def ein(sep: str = "-", groups: tuple[str, str] = ("12", "3456789")) -> str:
    """A synthetic full EIN-shaped number."""
    return sep.join(groups)


def leaked(text: str) -> bool:
    """True when the first five digits of the test SSN (or EIN) survive in any form."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return "12345" in digits or "123456" in digits


@pytest.mark.parametrize(
    "raw",
    [
        ssn("-"),
        ssn(" "),
        ssn("."),
        ssn("–"),  # en dash from a text layer or OCR
        ssn(" - "),
        "".join(("123", "45", "6789")),
        # Badly spaced prints: spaces between the digits of a group, or between all nine.
        ssn("-", ("1 2 3", "45", "6789")),
        ssn(" - ", ("1 2 3", "4 5", "6 7 8 9")),
        " ".join("123456789"),
    ],
)
def test_full_ssn_spellings_keep_only_last_four(raw: str) -> None:
    out = mask(raw)
    assert "6789" in out
    assert not leaked(out)


@pytest.mark.parametrize(
    "template",
    [
        "Social security number {}",
        "Social security number\t{}",
        "SSN: {}",
        "Your SSN {}.",
        "TIN: {} Page 2 of 5",
        "Taxpayer ID number: {}",
        "ITIN ({})",
        "Write {}, 2023, and Form 1040 on your payment",
    ],
)
def test_ssn_in_context_is_masked_and_the_rest_kept(template: str) -> None:
    out = mask(template.format(ssn()))
    assert out == template.format("XXX-XX-6789")


def test_ssn_with_dashes_becomes_the_standard_masked_form() -> None:
    assert mask(ssn()) == "XXX-XX-6789"


def test_itin_is_masked() -> None:
    itin = ssn(groups=("912", "78", "4321"))
    assert mask(f"ITIN {itin}") == "ITIN XXX-XX-4321"


def test_two_identifiers_on_one_line() -> None:
    first = ssn()
    second = ssn(groups=("987", "65", "4321"))
    out = mask(f"Primary SSN {first}  Spouse's SSN {second}")
    assert out == "Primary SSN XXX-XX-6789  Spouse's SSN XXX-XX-4321"


@pytest.mark.parametrize("raw", [ein("-"), "".join(("12", "3456789"))])
def test_ein_keeps_only_last_four(raw: str) -> None:
    out = mask(f"Employer ID number {raw}")
    assert out.startswith("Employer ID number ")
    assert "6789" in out
    assert not leaked(out)


def test_ein_with_dash_keeps_its_shape() -> None:
    assert mask(f"EIN: {ein()}") == "EIN: XX-XXX6789"


def test_ein_with_space_is_masked() -> None:
    out = mask(f"Employer identification number {ein(' ')}")
    assert "6789" in out
    assert not leaked(out)


def test_ssn_with_an_ocr_slip_in_the_first_group_is_still_masked() -> None:
    # OCR reads the leading 1 as 'l'; the remaining digits are still private.
    out = mask("Social security number l" + ssn()[1:])
    assert "45-6789" not in out
    assert "23-45" not in out


@pytest.mark.parametrize(
    "already",
    ["XXX-XX-6052", "xxx-xx-6052", "***-**-6052", "XX-XXX6052", "XXXXX6052"],
)
def test_already_masked_forms_are_stable(already: str) -> None:
    out = mask(f"TIN: {already}")
    assert out.endswith("6052")
    assert mask(out) == out


def test_mask_is_idempotent_on_a_whole_letter() -> None:
    text = (
        f"Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: {ssn()} Page 2 of 5\n"
        f"Employer ID number {ein()}\nAmount due by December 30, 2024 $64,761.66"
    )
    once = mask(text)
    assert mask(once) == once
    assert not leaked(once)
    assert "December 30, 2024 $64,761.66" in once


@pytest.mark.parametrize(
    "text",
    [
        "1-800-829-0922",
        "800-829-0922",
        "(800) 829-0922",
        "800.829.0922",
        "To contact us Phone 1-800-829-0922 Your caller ID 123456",
        "267-941-1000",
        "+1 267-941-1000",
        "Holtsville, NY 11742-9019",
        "INTERNAL REVENUE SERVICE KANSAS CITY MO 64999-0149",
        "11742-9019",
        "January 30, 2018",
        "12/31/2023",
        "2024-12-09",
        "$1,075.21",
        "$123,456,789.00",
        "123456789.00",
        "-3,328.00",
        "0000 0000000 0000000000 0000000 0000",
        "4312 8827361 2024123100 0107521 0000",
        "Your caller ID 123456",
        "Case reference number 1234567890",
        "Tax period 202312 Form 941",
        "Interest (Internal Revenue Code Section 6601)",
        "Page 2 of 5",
        "Notice CP2000 (Rev. 10-2023)",
        "Letter 1058 (Rev. 7-2022) Catalog Number 40474L",
        "030919 200409 0126",
    ],
)
def test_other_numbers_are_not_mangled(text: str) -> None:
    assert mask(text) == text


def test_mask_handles_empty_and_digitless_text() -> None:
    assert mask("") == ""
    assert mask("You have a balance due") == "You have a balance due"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ssn(), "XXX-XX-6789"),
        (ssn(" "), "XXX-XX-6789"),
        ("".join(("123", "45", "6789")), "XXX-XX-6789"),
        ("XXX-XX-1234", "XXX-XX-1234"),
        (ein(), "XX-XXX6789"),
        ("XX-XXX1234", "XX-XXX1234"),
    ],
)
def test_mask_tin(value: str, expected: str) -> None:
    assert mask_tin(value) == expected


def test_mask_deep_masks_every_string_and_keeps_other_types() -> None:
    data: dict[str, Any] = {
        "tin": ssn(),
        "fields": {
            "tin": {"value": ssn(), "evidence": f"SSN {ssn()}", "confidence": 0.9, "page": 1},
            "amount_due": {"value": "1075.21", "evidence": "Amount due: $1,075.21"},
        },
        "warnings": [f"taxpayer ID: the letter also shows {ein()}", "phone 1-800-829-0922"],
        "pair": (ssn(), Decimal("1.50"), None, True),
    }
    out = mask_deep(data)
    assert out["tin"] == "XXX-XX-6789"
    assert out["fields"]["tin"]["value"] == "XXX-XX-6789"
    assert out["fields"]["tin"]["evidence"] == "SSN XXX-XX-6789"
    assert out["fields"]["tin"]["confidence"] == 0.9
    assert out["fields"]["tin"]["page"] == 1
    assert out["fields"]["amount_due"] == data["fields"]["amount_due"]
    assert out["warnings"] == [
        "taxpayer ID: the letter also shows XX-XXX6789",
        "phone 1-800-829-0922",
    ]
    assert list(out["pair"]) == ["XXX-XX-6789", Decimal("1.50"), None, True]
    assert not leaked(repr(out))
    # The input is not changed in place.
    assert data["tin"] == ssn()


def test_masking_filter_masks_formatted_log_records() -> None:
    record = logging.LogRecord(
        "scanner", logging.INFO, __file__, 1, "read TIN %s from page %d", (ssn(), 1), None
    )
    assert MaskingFilter().filter(record) is True
    assert record.getMessage() == "read TIN XXX-XX-6789 from page 1"


def test_digit_runs_inside_longer_words_are_not_identifiers() -> None:
    text = "hash 0440f06a306212345678901ab and ref A123456789B"
    assert mask(text) == text
