"""The notice code: every spelling real letters use, OCR slips, the letter's own code against the
other codes its body mentions, and documents that are not IRS letters at all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textpage import RETURN_ADDRESS, letter, run

from scanner.catalog import load_catalog
from scanner.extract.code import canonical_code, notice_code
from scanner.extract.common import view_pages
from scanner.models import PageText
from scanner.patterns import load_labels


def code_of(*pages: PageText) -> str | None:
    found = run(*pages).fields.get("notice_code")
    return None if found is None else found.value


CP14_INFO = """@x=380
Notice  CP14
Tax year  2017
Notice date  January 30, 2018
Social security number  XXX-XX-1234
To contact us  Phone 1-800-829-0922
Your caller ID  123456
Page 1 of 6
"""

CP14_BODY = """@y=0.25
You have a balance due for 2017
Amount due: $1,075.21
Billing Summary
Tax you owed  $3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Interest charges  145.00
Failure-to-pay estimated tax penalty  123.61
Amount due by February 20, 2018  $1,075.21
If you don't pay, we may send you a CP501 reminder and later a CP504 notice.
Continued on back...
@y=0.78
Notice  CP14
Notice date  January 30, 2018
Social security number  XXX-XX-1234
Make your check or money order payable to the United States Treasury.
Amount due by February 20, 2018  $1,075.21
Amount you are paying  $
INTERNAL REVENUE SERVICE
0000 0000000 0000000000 0000000 0000
"""


def cp14() -> PageText:
    return letter(RETURN_ADDRESS, CP14_INFO, CP14_BODY)


# --- canonical forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("CP14", "CP14"),
        ("CP 14", "CP14"),
        ("CP-14", "CP14"),
        ("Notice CP14", "CP14"),
        ("Notice: CP503", "CP503"),
        ("CP 504b", "CP504B"),
        ("CP504B", "CP504B"),
        ("CP14IA", "CP14IA"),
        ("CP01A", "CP01A"),
        ("CP05", "CP05"),
        ("CP 2000", "CP2000"),
        ("CP3219A", "CP3219A"),
        ("LT11", "LT11"),
        ("LT 11", "LT11"),
        ("LT-11", "LT11"),
        ("LT11C", "LT11C"),
        ("LTR 1058", "LTR1058"),
        ("LT1058", "LTR1058"),
        ("Letter 1058", "LTR1058"),
        ("Letter 1058-A", "LTR1058A"),
        ("Letter 3172", "LTR3172"),
        ("Ltr. 3172", "LTR3172"),
        ("Letter 5071C", "LTR5071C"),
        ("Letter 4883C", "LTR4883C"),
        # OCR slips, resolved by the list of real codes.
        ("CP5O4", "CP504"),
        ("CP2OOO", "CP2000"),
        ("CPS01", "CP501"),
        ("CP5O3", "CP503"),
        ("LTI1", "LT11"),
        ("LTl1", "LT11"),
        ("CP5048", "CP504B"),
        ("CP141C", "CP141C"),  # a real business notice, not CP14 + junk
        ("CP141I", "CP141I"),
    ],
)
def test_canonical_code(printed: str, canonical: str) -> None:
    assert canonical_code(printed, load_catalog()) == canonical


@pytest.mark.parametrize("printed", ["hello", "Form 1040", "CP", "Letter", "1-800-829-0922"])
def test_canonical_code_rejects_non_codes(printed: str) -> None:
    assert canonical_code(printed, load_catalog()) is None


# --- header styles --------------------------------------------------------------------------


def test_classic_stacked_info_block_beside_return_address() -> None:
    found = run(cp14()).fields["notice_code"]
    assert found.value == "CP14"
    assert found.page == 1
    assert "CP14" in found.evidence
    assert found.confidence >= 0.8


def test_info_block_without_voucher_still_gives_the_code() -> None:
    page = letter(RETURN_ADDRESS, CP14_INFO, "@y=0.3\nYou have a balance due for 2017")
    assert code_of(page) == "CP14"


def test_one_line_running_header_of_a_continuation_page() -> None:
    page2 = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n"
        "SB\n"
        "@y=0.2\n"
        "What you need to do immediately\n"
        "Pay the amount due by December 30, 2024. If you can't pay, contact us.\n"
        "We sent you a CP14 and a CP501 about this balance earlier.\n",
        number=2,
    )
    assert code_of(page2) == "CP503"


LT11_PAGE_2 = """{head}
Amounts you owe
Form  Tax period ending  Unpaid amount from prior notices  Additional penalty  Amount you owe
1040  12/31/2019  $3,210.45  $160.52  $3,370.97
1040  12/31/2020  $1,875.00  $93.75  $1,968.75
Total amount you owe  $5,339.72
We charge a penalty when you pay late. The IRS keeps charging interest until you pay.
"""


@pytest.mark.parametrize(
    "head",
    [
        "LT11 January 29, 2024 XXX-XX-3304 Page 2 of 2",
        "Notice LT11 January 29, 2024 XXX-XX-3304 Page 2 of 2",
        "Letter LT11 January 29, 2024 Page 2 of 2",
    ],
)
def test_a_later_page_alone_is_known_by_its_running_head(head: str) -> None:
    # A person photographs only the page with the amounts: its head, cells run together,
    # starts with the code and holds the notice date, unlabelled; the table's dates are not it.
    e = run(letter(LT11_PAGE_2.format(head=head), number=2))
    assert e.fields["notice_code"].value == "LT11"
    assert e.fields["notice_date"].value == date(2024, 1, 29)
    assert e.fields["amount_due"].value == Decimal("5339.72")


def test_a_code_in_a_top_sentence_is_no_running_head() -> None:
    head = "See LT11 we sent January 29, 2024 Page 2 of 2"
    e = run(letter(LT11_PAGE_2.format(head=head), number=2))
    assert "notice_code" not in e.fields


def test_redesigned_first_line_with_internal_use_code() -> None:
    page = letter(
        "Notice CP01A  Tax Year 2025  Page 1 of 1  Internal use only: 29H\n"
        "Department of the Treasury\nInternal Revenue Service\n\nIRS Notice CP01A\n"
        "January 5, 2026\n@y=0.3\nYour Identity Protection PIN\n"
    )
    assert code_of(page) == "CP01A"


def test_for_your_reference_box() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nFor your reference\nNotice name  CP14IA\nNotice date  02/10/2020\n"
        "Tax year  2018\nYour caller ID  105437\nYour SSN  XXX-XX-5555\n",
        "@y=0.3\nYou owe additional tax on your IRA for 2018\nAccount summary\n",
    )
    assert code_of(page) == "CP14IA"


def test_for_your_reference_box_full_extraction() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nFor your reference\nNotice name  CP14IA\nNotice date  02/10/2020\n"
        "Tax year  2018\nYour caller ID  105437\nYour SSN  XXX-XX-5555\n",
        "@y=0.3\nYou owe additional tax on your IRA for 2018\n",
    )
    fields = run(page).fields
    assert fields["notice_code"].value == "CP14IA"
    assert fields["notice_date"].value == date(2020, 2, 10)
    assert [p.year for p in fields["tax_periods"].value] == [2018]
    assert fields["tin"].value == "XXX-XX-5555"


def test_one_line_header_full_extraction() -> None:
    page2 = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n",
        number=2,
    )
    fields = run(page2).fields
    assert fields["notice_code"].value == "CP503"
    assert fields["notice_date"].value == date(2024, 12, 9)
    assert [p.year for p in fields["tax_periods"].value] == [2020]
    assert fields["tin"].value == "XXX-XX-6052"
    assert fields["notice_code"].page == 2


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Notice  CP 14", "CP14"),
        ("Notice  CP-14", "CP14"),
        ("Notice: CP503", "CP503"),
        ("Notice number  CP504B", "CP504B"),
        ("Notice  LT 11", "LT11"),
        ("LTR 1058", "LTR1058"),
        ("LT1058", "LTR1058"),
        ("Letter 1058-A", "LTR1058A"),
        ("Letter 5071C", "LTR5071C"),
        ("Letter 3172", "LTR3172"),
        ("Notice  CP 504 B", "CP504B"),  # the suffix set apart
        ("Notice  CP504 B", "CP504B"),
    ],
)
def test_code_spellings_in_the_info_block(printed: str, canonical: str) -> None:
    page = letter(
        RETURN_ADDRESS,
        f"@x=380\n{printed}\nNotice date  March 4, 2024\nTaxpayer ID number  XXX-XX-1234\n",
        "@y=0.3\nWe have not received full payment of the taxes you owe.\n",
    )
    assert code_of(page) == canonical


# --- letter style ---------------------------------------------------------------------------

LETTER_1058_PAGE1 = """Department of the Treasury
Internal Revenue Service
1111 Constitution Ave
Room 1234
Springfield, IL 62701
"""

LETTER_1058_INFO = """@x=380
Date:  June 10, 2024
Taxpayer ID number:  XXX-XX-4321
Person to contact:  Revenue Officer Lee
Employee ID number:  1000123456
Contact telephone number:  217-555-0100
Case reference number:  2024061000
"""

LETTER_1058_BODY = """@y=0.3
Final Notice
Notice of Intent to Levy and Notice of Your Right to a Hearing
Please respond immediately.
We sent you a CP504 notice earlier and a second CP504 after that, but you still owe.
We may levy your wages, bank accounts and other property 30 days after this letter.
Amount due immediately: $8,412.77
@y=0.95
Letter 1058 (Rev. 7-2022)
"""


def test_letter_1058_code_from_the_footer_beats_body_mentions() -> None:
    page = letter(LETTER_1058_PAGE1, LETTER_1058_INFO, LETTER_1058_BODY)
    assert code_of(page) == "LTR1058"


def test_lt11_letter_style() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nACS Support - Stop 5050\n"
        "P.O. Box 8208\nPhiladelphia, PA 19101-8208\n",
        "@x=380\nLT11\nDate:  March 4, 2024\nTaxpayer ID number:  XXX-XX-1234\n"
        "Case reference number:  1234567890\nTo contact us:  1-800-829-7650\n",
        "@y=0.3\nIntent to seize your property or rights to property\n"
        "Amount due immediately: $12,345.67\n"
        "We previously sent you a CP504 notice and asked you to pay.\n"
        "@y=0.95\nLT11 (Rev. 4-2023)\n",
    )
    assert code_of(page) == "LT11"


def test_letter_3172_with_footer() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 145566\n"
        "Cincinnati, OH 45250-5566\n",
        "@x=380\nDate:  August 19, 2024\nTaxpayer identification number:  XXX-XX-2468\n"
        "Person to contact:  Lien Unit\nContact telephone number:  1-800-913-6050\n",
        "@y=0.3\nNotice of Federal Tax Lien Filing and Your Right to a Hearing Under IRC 6320\n"
        "We filed a Notice of Federal Tax Lien on August 12, 2024.\n"
        "@y=0.95\nLetter 3172 (Rev. 2-2021)\n",
    )
    assert code_of(page) == "LTR3172"


@pytest.mark.parametrize("footer", ["CP71C (08-2024)", "CP71C (8-24)"])
def test_a_code_only_in_the_footer_before_a_bare_revision_date(footer: str) -> None:
    # A plain letter with no info block and no voucher: the footer's code, followed by its
    # revision date without "Rev.", is the only place the code is printed.
    page = letter(
        "Internal Revenue Service\nMemphis, TN 37501-0012\n\nAugust 12, 2024\n",
        "@y=0.3\nRe: Taxes still owed - annual reminder\n"
        "This is your annual reminder that you still owe federal taxes.\n"
        f"@y=0.95\n{footer}      Page 1 of 1\n",
    )
    assert code_of(page) == "CP71C"


def test_identity_letter_5071c() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nAustin, TX 73301-0015\n",
        "@x=380\nDate:  February 12, 2024\nTaxpayer ID number:  XXX-XX-7788\nTax year:  2023\n"
        "Form:  1040\n",
        "@y=0.3\nWe received a federal income tax return with your name and taxpayer ID number.\n"
        "To protect you, we need to verify your identity before we process it.\n"
        "@y=0.95\nLetter 5071C (Rev. 10-2022)\n",
    )
    e = run(page)
    assert e.fields["notice_code"].value == "LTR5071C"
    # An identity letter has no money table; nothing must be invented.
    assert not {"tax", "payments_credits", "penalties", "interest", "amount_due"} & set(e.fields)


# --- own code against body mentions ---------------------------------------------------------


def test_body_mentions_of_earlier_notices_do_not_win() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP503\nTax year  2022\nNotice date  June 3, 2024\n"
        "Social security number  XXX-XX-1234\n",
        "@y=0.3\nSecond reminder: you have unpaid taxes for 2022\n"
        "We sent you a CP14 on March 4, 2024 and a CP501 on April 8, 2024.\n"
        "You received a CP14 notice because the return showed a balance.\n"
        "The CP14 and CP501 told you the amount due.\n"
        "If you don't pay, we will send a CP504.\n",
    )
    e = run(page)
    assert e.fields["notice_code"].value == "CP503"


def test_many_body_mentions_of_another_code_still_lose_to_the_header() -> None:
    body = "\n".join(
        f"Paragraph {i}: this is about the CP504 you may receive next." for i in range(6)
    )
    page = letter(RETURN_ADDRESS, CP14_INFO, "@y=0.3\n" + body)
    assert code_of(page) == "CP14"


def test_voucher_alone_gives_the_code() -> None:
    # A photo of just the tear-off stub.
    stub = letter(
        "@y=0.78\nNotice  CP14\nNotice date  January 30, 2018\n"
        "Social security number  XXX-XX-1234\n"
        "Make your check or money order payable to the United States Treasury.\n"
        "Amount due by February 20, 2018  $1,075.21\nAmount you are paying  $\n"
        "INTERNAL REVENUE SERVICE\n0000 0000000 0000000000 0000000 0000\n"
    )
    fields = run(stub).fields
    assert fields["notice_code"].value == "CP14"
    assert fields["amount_due"].value == Decimal("1075.21")


# --- OCR slips ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Notice  CP5O4", "CP504"),
        ("Notice  CP2OOO", "CP2000"),
        ("Notice  CPS01", "CP501"),
        ("Notlce  CP5O3", "CP503"),
        ("LTI1", "LT11"),
        ("Notice  CP 5O4", "CP504"),
        ("Notice  cP 501", "CP501"),
        ("CP14l (Rev. 7-2017)", "CP14I"),
        ("Notice  CP14!", "CP14I"),
        ("Letter S071C (Rev, 8-2025)", "LTR5071C"),
        ("Notice  CP6501", "CP501"),  # a speck read as a digit: one character too many
        ("Notice  CcP501", "CP501"),  # the C doubled
    ],
)
def test_ocr_slips_in_the_code(printed: str, canonical: str) -> None:
    page = letter(
        RETURN_ADDRESS,
        f"@x=380\n{printed}\nNotice date  April 15, 2024\nSocial security number  XXX-XX-1234\n",
        "@y=0.3\nWe have not received full payment of the taxes you owe.\n",
        ocr=True,
        conf=0.8,
    )
    found = run(page).fields["notice_code"]
    assert found.value == canonical
    assert found.confidence < 0.99


@pytest.mark.parametrize(("ocr", "canonical"), [(False, "CP1348"), (True, "CP134B")])
def test_a_text_layer_code_is_taken_as_printed(ocr: bool, canonical: str) -> None:
    # A text layer has no OCR slips: "CP1348" (no code anyone lists) is not repaired into
    # the real CP134B, as "CP518" had been into CP51B. On an OCR'd page the repair stands.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP1348\nNotice date  April 15, 2024\n",
        "@y=0.3\nWe have not received your tax return.\n",
        ocr=ocr,
    )
    assert run(page).fields["notice_code"].value == canonical


def test_a_code_with_a_one_digit_number_is_not_reported() -> None:
    # OCR of "CP161" as "CPIGH": no real code is CP plus one digit and two letters.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice:  CPIGH\nNotice date  April 15, 2024\n",
        "@y=0.3\nWe have not received full payment of the taxes you owe.\n",
        ocr=True,
        conf=0.8,
    )
    assert "notice_code" not in run(page).fields

def test_cp14i_read_as_cp141_next_to_ira_wording() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP141\nTax year  2023\nNotice date  April 15, 2024\n",
        "@y=0.3\nYou owe additional tax on your IRA distribution (Form 5329) for 2023\n",
        ocr=True,
        conf=0.8,
    )
    assert code_of(page) == "CP14I"


def test_the_individual_extractor_matches_extract_all() -> None:
    labels, catalog = load_labels(), load_catalog()
    views = view_pages([cp14()], labels)
    found = notice_code(views, labels, catalog, letter_like=True)
    assert found is not None
    assert found.value == "CP14"


# --- not IRS letters ------------------------------------------------------------------------

UTILITY_BILL = """Springfield Electric & Gas
P.O. Box 4400
Springfield, IL 62701
@x=380
Account number  4412-0098-7731
Statement date  April 2, 2024
@x=40
@y=0.25
Previous balance  $84.12
Payment received - thank you  -84.12
Current charges  $91.37
Total amount due  $91.37
Amount due by  April 23, 2024
Late fee if paid after the due date  $5.00
@y=0.8
Please return this stub with your payment
Amount due by April 23, 2024  $91.37
Amount enclosed  $
Account number 4412-0098-7731
"""

BANK_STATEMENT = """First Example Bank
Statement period  March 1, 2024 to March 31, 2024
Account number  XXXX-XXXX-5521
@y=0.2
Beginning balance  $2,410.55
Deposits and credits  $3,100.00
Withdrawals and debits  -2,877.10
Ending balance  $2,633.45
03/15  IRS USATAXPYMT  -1,075.21
03/18  Online transfer  -120.00
03/22  Payroll deposit  3,100.00
Total fees this period  $0.00
"""

NEWS_ARTICLE = """Local Business Journal  |  March 3, 2025
What to do when the IRS sends you a letter
The Internal Revenue Service mails millions of notices every year, and most can be
handled without a professional. Check the notice date and the tax year on the letter first.
What a CP14 means
The CP14 is the first bill. It says a balance is due and gives 21 days to pay.
One reader had a balance of $3,100.00 after penalties and interest were added.
When a CP504 arrives
If the bill stays unpaid, reminders follow and a CP504 warns that the agency plans to levy.
Pay by the date on the notice, or call the number printed on it. Details are on irs.gov.
"""

# The same kind of article without subheadings: the codes only appear inside sentences.
NEWS_ARTICLE_PLAIN = """Local Business Journal  |  March 3, 2025
What to do when the IRS sends you a letter
The Internal Revenue Service mails millions of notices every year, and most can be
handled without a professional. Check the notice date and the tax year on the letter first.
The CP14 is the first bill. It says a balance is due and gives 21 days to pay.
One reader had a balance of $3,100.00 after penalties and interest were added.
If the bill stays unpaid, reminders follow and a CP504 warns that the agency plans to levy.
Pay by the date on the notice, or call the number printed on it. Details are on irs.gov.
"""


@pytest.mark.parametrize(
    "text",
    [UTILITY_BILL, BANK_STATEMENT, NEWS_ARTICLE, NEWS_ARTICLE_PLAIN],
    ids=["utility-bill", "bank-statement", "news-article", "news-article-plain"],
)
def test_non_letters_give_no_code_and_no_fields(text: str) -> None:
    e = run(letter(text))
    assert "notice_code" not in e.fields
    assert e.fields == {}
    assert e.is_letter is False


@pytest.mark.parametrize(
    ("token", "code"),
    [("cPt14", "CP14"), ("cri4", "CP14"), ("cPso4", "CP504"), ("P2000", "CP2000"),
     ("cP2000", "CP2000"), ("LTI1", "LT11"), ("UT", None), ("Page", None), ("Phone", None),
     ("P.O.", None), ("Tax", None)],
)
def test_codes_mangled_by_ocr_are_read_only_as_real_codes(token: str, code: str | None) -> None:
    from scanner.extract.code import read_slipped_code

    assert read_slipped_code(token, load_catalog()) == code


def test_a_mangled_code_counts_only_where_a_code_is_expected() -> None:
    voucher = letter(RETURN_ADDRESS, "@y=0.8\nNotice  cPt14  Amount due by 02/17/2022  $2,590.77\n"
                     "Notice date 01/27/2022\n", ocr=True)
    assert code_of(voucher) == "CP14"
    running = letter(RETURN_ADDRESS, "@y=0.3\nWe read cPt14 in the margin of your reply.\n",
                     ocr=True)
    assert code_of(running) is None


# --- other tax agencies ---------------------------------------------------------------------


STATE_TOP = (
    "STATE OF CALIFORNIA\nFRANCHISE TAX BOARD\nPO BOX 942867 SACRAMENTO CA 94267-0011\n",
    "@x=380\nNotice date:  March 4, 2024\nTaxable year:  2022\nSSN/ITIN:  XXX-XX-2764\n",
)
STATE_BODY = (
    "@y=0.3\nNotice of Balance Due\nOur records show a balance due on your 2022 return. This is\n"
    "not a notice from the Internal Revenue Service.\nTax  $1,210.00\nPenalty  121.00\n"
    "Interest  38.62\nAmount due  $1,369.62\nPay by March 25, 2024\n"
)


def test_a_state_tax_notice_is_not_read_as_an_irs_letter() -> None:
    e = run(letter(*STATE_TOP, STATE_BODY))
    assert not e.is_letter
    assert e.fields == {}
    assert any("another agency (FRANCHISE TAX BOARD)" in w for w in e.warnings)


def test_an_irs_letter_that_mentions_a_state_agency_in_its_body_is_still_read() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nKansas City, MO 64999-0023\n",
        "@x=380\nNotice date:  March 4, 2024\nTax year:  2022\nSSN:  XXX-XX-2764\n",
        "@y=0.3\nWe may share this balance with your state Department of Revenue.\n"
        "Amount due  $1,369.62\n",
    )
    e = run(page)
    assert e.is_letter
    assert str(e.fields["amount_due"].value) == "1369.62"


def test_a_tax_program_printout_naming_the_irs_in_passing_is_not_a_letter() -> None:
    # A labelled SSN, a tax year and the IRS's mailing address in the text, but no IRS
    # letterhead, notice date or voucher.
    page = letter(
        "TaxPilot Deluxe 2023     Printed 04/02/2024\n"
        "Federal Return Summary - Form 1040 - Tax Year 2023\n"
        "Prepared for: NADIA OYELOWO SSN XXX-XX-5512\n",
        "@y=0.3\nTotal federal tax  $5,438\nFederal amount due  $1,284\n"
        "Pay by April 15, 2024. Mail Form 1040-V to Internal Revenue Service, P.O. Box 931000,\n"
        "Louisville, KY 40293-1000.\n",
    )
    e = run(page)
    assert not e.is_letter
    assert e.fields == {}


def test_a_photo_whose_code_ocr_garbled_is_still_read_as_a_letter() -> None:
    # The info block's "Notice" cell under the IRS letterhead marks a letter even when the
    # code beside it ("CP220" read as "Ceza"), the notice date and the ID came out garbled.
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nOgden, UT 84201-0038\n",
        "@x=380\nNotice  Ceza\nNotice date  August 26, 202%\n",
        "@y=0.3\nChanges to your June 30, 2023 Form 1120\n"
        "Amount due: $5,061.58   Pay by September 16, 2024\n",
        ocr=True,
    )
    e = run(page)
    assert e.is_letter
    assert "notice_code" not in e.fields
    assert str(e.fields["amount_due"].value) == "5061.58"
    assert str(e.fields["due_date"].value) == "2024-09-16"


def test_a_notice_cell_without_the_irs_letterhead_does_not_make_a_letter() -> None:
    page = letter(
        "Acme Tax Services\n1 Main St\nSpringfield, IL 62701\n",
        "@x=380\nNotice  Ceza\n",
        "@y=0.3\nAmount due: $5,061.58   Pay by September 16, 2024\n",
        ocr=True,
    )
    e = run(page)
    assert not e.is_letter
    assert e.fields == {}


def test_a_speck_glued_to_a_code_in_its_own_cell_does_not_hide_it() -> None:
    # The voucher's value row under "Notice | Notice date | SSN" came out "_CP503 ...".
    voucher = letter(
        RETURN_ADDRESS,
        "@y=0.8\nNotice  Notice date  SSN\n_CP503  September 23, 2024  XXX-XX-2910  $4,865.74\n",
        ocr=True,
    )
    assert code_of(voucher) == "CP503"


def test_an_unknown_code_that_needed_repairs_is_not_invented() -> None:
    # "CPS2IGA" (a blurred CP3219A) would read as "CP52IGA", which no one has heard of.
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nOgden, UT 84201-0038\n",
        "@x=380\nNotice  CPS2IGA\nNotice date  April 8, 2024\n",
        ocr=True,
    )
    e = run(page)
    assert e.is_letter
    assert "notice_code" not in e.fields
    # Printed plainly, a code the catalog does not know is still reported.
    plain = letter(
        "Department of the Treasury\nInternal Revenue Service\nOgden, UT 84201-0038\n",
        "@x=380\nNotice  CP136\nNotice date  April 8, 2024\n",
    )
    assert code_of(plain) == "CP136"


def test_a_help_page_showing_a_sample_notice_is_not_a_letter() -> None:
    page = letter(
        "TaxAnswers Help Center\nIRS letter explained: what is Notice CP14?\n"
        "Below is an annotated sample so you can find each part on your own letter.\n"
        "SAMPLE - for illustration only\n",
        "@x=40\nNotice  CP14\nNotice date  January 30, 2024\nAmount due  $1,075.21\n"
        "Pay by February 20, 2024\n",
    )
    e = run(page)
    assert not e.is_letter
    assert e.fields == {}
    assert any("sample" in w for w in e.warnings)


@pytest.mark.parametrize(
    "marker",
    ["Sample: Notice CP14", "(SAMPLE - amounts are examples)", "SAMPLE",
     "The amounts are examples."],
)
def test_a_publication_page_with_a_boxed_sample_is_not_a_letter(marker: str) -> None:
    page = letter(
        "Publication 594\nThe IRS Collection Process\nWhat the first notice looks like\n"
        f"{marker}\n",
        "@x=40\n@y=0.3\nDepartment of the Treasury\nInternal Revenue Service\n"
        "@x=380\nNotice  CP14\nNotice date  March 18, 2024\nAmount due  $1,037.00\n"
        "Pay by April 8, 2024\n",
    )
    e = run(page)
    assert e.fields == {}
    # A real letter that uses the word in passing stays a letter.
    real = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP14\nNotice date  March 18, 2024\n",
        "@y=0.3\nA sample of your payment history is on page 2.\n",
    )
    assert code_of(real) == "CP14"


def test_a_social_security_letter_is_not_an_irs_letter() -> None:
    page = letter(
        "Social Security Administration\nDate: December 2, 2024\nClaim Number: XXX-XX-4410A\n",
        "@y=0.3\nNotice of Change in Benefits\nYour Form SSA-1099 for tax year 2024 will be "
        "mailed by January 31, 2025.\nFederal tax withheld (voluntary)  -90.00\n"
        "Amount you will receive  $1,567.00\n",
    )
    e = run(page)
    assert not e.is_letter
    assert e.fields == {}
    assert any("another agency (Social Security Administration)" in w for w in e.warnings)


def test_a_code_read_differently_in_another_cell_is_warned_about() -> None:
    # A blurred fax: the footer's CP501 read as CP504. Header and voucher win, and the
    # reader is told, since the two codes mean very different stages.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP501\nNotice date  May 27, 2024\n",
        "@y=0.3\nReminder: you have a balance due\n"
        "@y=0.8\nCP501\nNotice date  May 27, 2024\n@y=0.95\nCP504\n",
        ocr=True,
        conf=0.8,
    )
    e = run(page)
    assert e.fields["notice_code"].value == "CP501"
    assert any("CP504" in w and "CP501" in w for w in e.warnings)
    agreed = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP501\nNotice date  May 27, 2024\n",
        "@y=0.3\nReminder: you have a balance due\n@y=0.8\nCP501\n",
        ocr=True,
        conf=0.8,
    )
    assert not any("notice code" in w for w in run(agreed).warnings)


def test_a_misread_middle_digit_is_not_dropped_to_make_another_code() -> None:
    # "CP164" is CP161 misread, not CP14 with a digit too many: the voucher's CP161 wins.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice number  CP164\nNotice date  December 9, 2024\n",
        "@y=0.3\nYou have unpaid taxes for the quarter ending September 30, 2024.\n"
        "@y=0.8\nNotice  Notice date\nCP161  Dec. 9, 2024\n",
        ocr=True,
        conf=0.8,
    )
    assert run(page).fields["notice_code"].value == "CP161"


def test_an_advertisement_that_says_it_is_not_the_irs_gives_no_fields() -> None:
    page = letter(
        "TAX DEBT RESOLUTION CENTER\nA private company - not affiliated with any government "
        "agency\nDate: June 10, 2024\n",
        "@y=0.3\nIMPORTANT: Possible IRS levy action (CP504 / LT11)\n"
        "If you have received Notice CP504 or Letter LT11, call us. We are not the IRS.\n",
    )
    e = run(page)
    assert e.fields == {}
    assert any("not from the IRS" in w for w in e.warnings)


def test_a_firms_memo_retelling_an_irs_notice_is_not_the_notice() -> None:
    memo = letter(
        "Ledgerline Payroll Services, Inc.\nDate: July 22, 2024\n",
        "@y=0.25\nMemo: IRS notice received on your behalf\n"
        "We received a copy of IRS Notice CP161 dated July 15, 2024 for your Form 941,\n"
        "showing an amount due of $2,843.17 by August 5, 2024.\n",
    )
    e = run(memo)
    assert e.fields == {}
    assert any("about IRS notice CP161" in w for w in e.warnings)
    # The IRS's own letter, with the same sentence in its body, is read.
    own = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP161\nNotice date  July 15, 2024\n",
        "@y=0.3\nWe received a copy of your Form 941 and found an amount due.\n",
    )
    assert code_of(own) == "CP161"


@pytest.mark.parametrize(
    ("footer", "code"),
    [
        ("Notice 1444-C (Rev. 3-2021)", "LTR1444C"),
        ("Notice 6419 (Rev. 12-2021)", "LTR6419"),
        ("See Notice 746 for how penalties are figured.", None),  # an insert, not a code
        ("Carta 1058 (SP)", "LTR1058"),  # the Spanish edition's "Letter"
    ],
)
def test_a_numbered_notice_in_the_footer(footer: str, code: str | None) -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nAustin, TX 73301-0025\n",
        "@y=0.3\nYour Economic Impact Payment\nThis notice tells you the amount we paid.\n",
        f"@y=0.95\n{footer}\n",
    )
    assert code_of(page) == code
