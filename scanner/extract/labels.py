"""Classify the label of a money line, and read a period from a printed token.

Shared by the billing-summary reader (amounts.py) and the period-table reader (table.py).
"""

from __future__ import annotations

import calendar
from datetime import date

import regex

from scanner.extract.values import DATE_RE, YYYYMM_RE, date_from_match, repair_digits
from scanner.models import TaxPeriod
from scanner.patterns import LabelMatcher, Labels

_PAREN = regex.compile(r"\([^)]*\)?")
# Marks that carry no meaning in a label; OCR adds quotes, bars and brackets at line edges.
_NOISE = regex.compile(r"[$:*#.,‘’“”\"'`|\[\]{}~_«»]+")

AMOUNT_FIELDS = ("tax", "payments_credits", "penalties", "interest", "amount_due")


def clean_label(text: str) -> str:
    """Strip what varies inside a label: parentheses, dates, years, '$', colons, dot leaders."""
    text = _PAREN.sub(" ", text)
    text = DATE_RE.sub(" ", text)
    text = regex.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", " ", text)
    text = _NOISE.sub(" ", text)
    # With its year gone, "Increase in tax for 2022" ends in a dangling "for".
    text = _DANGLING.sub("", text)
    return " ".join(text.split())


_DANGLING = regex.compile(
    r"(?i)\s+(?:for|in|of)(?:\s+(?:the\s+)?(?:tax\s+)?(?:year|period)s?)?\s*$"
)


# An overpayment or credit moved onto this balance ("Overpayment from 2022 applied", "Credit
# from your 2023 overpayment") is a payment on it, though "overpayment" alone names a refund.
_CREDIT_APPLIED = regex.compile(
    r"(?i)\b(?:overpayments?|credits?|refunds?)\s+(?:(?!not\b)\w+\s+){0,3}?"
    r"(?:applied|transferred|moved)\b"
    r"|\bcredits?\s+from\s+(?:\w+\s+){0,3}?(?:overpayments?|refunds?)\b"
)

# The Code's name for penalties ("Additions to tax"). Matched exactly, never fuzzily: one edit
# away is "Additional tax", which is tax.
_ADDITIONS_TO_TAX = regex.compile(r"(?i)^(?:total\s+)?additions?\s+to\s+(?:the\s+)?tax\b")

#: Names of lines that stand in for the amount due only when the letter prints no amount-due
#: line: an installment reminder (CP521) bills the month's payment ("Monthly payment"); a
#: bare "Balance" closes some summaries (CP40) but on a plan's letter is the whole balance.
PLAN_PAYMENT, BALANCE = "plan_payment", "balance"
#: Every name of an amount-due line, surest first.
DUE_NAMES = ("amount_due", PLAN_PAYMENT, BALANCE)

# The payment an installment agreement asks for now, on its own billing line ("Monthly
# payment $250.00", "Monthly payment due Jun. 28, 2024 $250.00"); not "Proposed monthly
# payment" or a sentence about a payment plan.
_MONTHLY_PAYMENT = regex.compile(
    r"(?i)(?:your\s+)?monthly\s+payment(?:\s+(?:due|amount))?(?:\s+by)?"
)

# "Proposed" before a figure's name names the same field: "Proposed increase in tax" (CP2000)
# is the tax. Not "Proposed tax" or "Corrected tax": those are the whole corrected tax.
_QUALIFIER = regex.compile(r"(?i)proposed\s+(?!tax$)(?=\w)")


def classify_amount_label(
    label: str, labels: Labels, *, fuzzy: bool, table: bool = False, keywords: bool = True
) -> tuple[str, float] | None:
    """Which amount field a money line's label names, with match strength; None if none.

    Returns one of ``tax``, ``payments_credits``, ``penalties``, ``penalty_total``,
    ``interest``, ``amount_due`` or a stand-in for it (:data:`DUE_NAMES`).
    """
    text = clean_label(label)
    for part in _shorter_readings(text, fuzzy=fuzzy):
        found = classify_amount_label(part, labels, fuzzy=fuzzy, table=table, keywords=keywords)
        if found is not None:
            return found
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words or len(words) > (9 if table else 7):
        return None
    special = _special_field(text)
    if special is not None:
        return special
    if labels.amount_ignore.search(text):
        return None
    matchers = _matchers(labels)
    exact = _exact_field(text, labels, matchers)
    if exact is not None:
        return exact
    qualified = _QUALIFIER.match(text)
    if qualified is not None:
        found = classify_amount_label(
            text[qualified.end() :], labels, fuzzy=fuzzy, table=table, keywords=keywords
        )
        if found is not None:
            return found
    penalty = labels.penalty_words.search(text, fuzzy=fuzzy)
    if penalty is not None and not labels.interest.search(text):
        return "penalties", penalty.strength
    loose = _loose_match(text, matchers, fuzzy=fuzzy, table=table)
    if loose is not None or not keywords:
        return loose
    return _keyword_field(text, labels, fuzzy=fuzzy)


_STRAY_MARK = regex.compile(r"(?<=[A-Za-z)])\s+[^\s\w]?\w?[^\s\w]?$")


def _shorter_readings(text: str, *, fuzzy: bool) -> list[str]:
    """The label proper, to classify first: the head before a dash that starts an
    explanation ("Penalties - may not include all applicable penalties", "Interest - if
    paid by <date>", "Intereses, si paga antes del <fecha>"), and on OCR'd text the label
    without a speck after it ("Total deficiency and penalty 7")."""
    out = []
    head = regex.split(r"\s[-–—]\s|,\s+(?:if|si)\s", text, maxsplit=1)[0]
    if head != text:
        out.append(head)
    stray = _STRAY_MARK.search(text) if fuzzy else None
    if stray is not None:
        out.append(text[: stray.start()])
    return out


def _special_field(text: str) -> tuple[str, float] | None:
    """Labels whose words alone would name another field, or none."""
    if _CREDIT_APPLIED.search(text):
        return "payments_credits", 0.9
    if _ADDITIONS_TO_TAX.match(text):
        return "penalties", 1.0
    if _MONTHLY_PAYMENT.fullmatch(text):
        return PLAN_PAYMENT, 1.0
    if text.lower() == "balance":
        return BALANCE, 1.0
    return None


def _exact_field(
    text: str, labels: Labels, matchers: tuple[tuple[str, LabelMatcher], ...]
) -> tuple[str, float] | None:
    if labels.penalty_totals.fullmatch(text):
        return "penalty_total", 1.0
    for name, matcher in matchers:
        if matcher.fullmatch(text):
            return name, 1.0
    return None


def _keyword_field(text: str, labels: Labels, *, fuzzy: bool) -> tuple[str, float] | None:
    # The surest, then the longest keyword decides: on OCR text "you owe" matches "you owed"
    # with one edit, but "Additional tax you owed" holds the exact "tax you owed".
    best: tuple[float, int, str] | None = None
    for name, keyword_matcher in labels.amount_keywords:
        hit = keyword_matcher.search(text, fuzzy=fuzzy)
        if hit is not None:
            rank = (hit.strength, hit.end - hit.start, name)
            if best is None or rank[:2] > best[:2]:
                best = rank
    if best is None and fuzzy:
        return _clipped_keyword(text, labels)
    return None if best is None else (best[2], 0.85 * best[0])


def _clipped_keyword(text: str, labels: Labels) -> tuple[str, float] | None:
    """A one-word label whose first letter or two OCR lost at a shadow or the page edge
    ("terest" for "Interest"): the rest of a one-word keyword, five letters or more."""
    word = text.lower()
    if " " in word or len(word) < 5 or not word.isalpha():
        return None
    for name, keyword_matcher in labels.amount_keywords:
        for keyword in keyword_matcher.labels:
            clipped = len(keyword) - len(word)
            if " " not in keyword and 1 <= clipped <= 2 and keyword.lower().endswith(word):
                return name, 0.6
    return None


def _matchers(labels: Labels) -> tuple[tuple[str, LabelMatcher], ...]:
    return (
        ("payments_credits", labels.payments_credits),
        ("interest", labels.interest),
        ("amount_due", labels.amount_due),
        ("tax", labels.tax),
    )


def _loose_match(
    text: str, matchers: tuple[tuple[str, LabelMatcher], ...], *, fuzzy: bool, table: bool
) -> tuple[str, float] | None:
    if table:
        # Column heads run longer ("Additional interest charges since last notice").
        for name, matcher in matchers:
            hit = matcher.search(text, fuzzy=fuzzy)
            if hit is not None and hit.end - hit.start >= 5:
                return name, 0.85 * hit.strength
    if not fuzzy:
        return None
    best: tuple[str, float] | None = None
    for name, matcher in matchers:
        hit = matcher.fullmatch(text, fuzzy=True)
        if hit is not None and (best is None or hit.strength > best[1]):
            best = (name, hit.strength)
    return best


_QUARTER = regex.compile(
    r"Q(?P<q>[1-4])\s?(?P<year>(?:19|20)\d{2})|(?P<year2>(?:19|20)\d{2})[\s-]?Q(?P<q2>[1-4])"
)
_MONTH_YEAR = regex.compile(r"(?P<month>0?[1-9]|1[0-2])[/-](?P<year>(?:19|20)\d{2})")


def period_from_token(token: str) -> TaxPeriod | None:
    """'2023' -> tax year 2023; '12/31/2023' or 'March 31, 2024' -> that period end;
    '202403' and '03/2024' -> March 2024; 'Q1 2024' and '2024-Q1' -> March 31, 2024."""
    token = token.strip().rstrip(".,;")
    m = DATE_RE.fullmatch(token)
    if m:
        end = date_from_match(m)
        return TaxPeriod(None, end, end.year) if end else None
    m = YYYYMM_RE.fullmatch(repair_digits(token))
    if m:
        year, month = int(m.group("year")), int(m.group("month"))
        return TaxPeriod(None, month_end(year, month), year)
    q = _QUARTER.fullmatch(token)
    if q:
        year = int(q.group("year") or q.group("year2"))
        quarter = int(q.group("q") or q.group("q2"))
        return TaxPeriod(None, month_end(year, 3 * quarter), year)
    m = _MONTH_YEAR.fullmatch(token)
    if m:
        year = int(m.group("year"))
        return TaxPeriod(None, month_end(year, int(m.group("month"))), year)
    digits = repair_digits(token)
    if regex.fullmatch(r"(?:19|20)\d{2}", digits):
        year = int(digits)
        return TaxPeriod(None, date(year, 12, 31), year)
    return None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])
