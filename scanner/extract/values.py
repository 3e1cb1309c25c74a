"""Parse the values the extractors look for (money, dates, years) strictly, after OCR repair.

Tesseract confuses letters and digits inside numbers (O/0, l/I/1, S/5, B/8, Z/2) and reads a
comma for a dot. The patterns here accept those confusions; :func:`repair_digits` undoes them;
the parsers then accept only well-formed values, so repair never invents a number.
"""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal, InvalidOperation

import regex

# Characters OCR puts where a digit belongs, and the digit each stands for.
_DIGIT_LOOKALIKES: dict[int, str] = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "Q": "0",
        "D": "0",
        "U": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "L": "1",
        "J": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "g": "9",
        "q": "9",
        "T": "7",
    }
)
_LETTER_LOOKALIKES: dict[int, str] = str.maketrans(
    {"0": "o", "1": "l", "5": "s", "8": "b", "|": "l"}
)
_D = r"[0-9OoQDUlIi|!LJSsBZzGbgqT]"  # a digit or something OCR reads in its place

MONEY_RE = regex.compile(
    rf"""
    (?<![\w.,/$])
    (?:USD\s?)?                                                     # USD 1,234.56
    (?P<sign>[-–—−~]\s?|\(\s?|CR\s?)?                                 # CR: a credit
    (?P<cur>[$§]\s?|S(?=\d))?
    (?P<num>
        (?<=[$§]\s?)\d{{1,3}}(?:\s\d{{3}})+[.,]\d{{2}}                     # $103 571.90 (OCR)
      | \d{_D}{{0,2}}(?:(?:,\s?|\.(?=\d{{3}}[.,]))\d{{3}})+[.,]\s?\d{{2}}  # 1,075.21
      | \d+[.,]\s?\d{{2}}                                            # 1075.21
      | (?=\S*\d){_D}{{1,3}}(?:[,.]\s?{_D}{{3}})*[.,]{_D}{{2}}          # 1,O75.2l (OCR)
      | (?=\S*\d){_D}+[.,]{_D}{{2}}                                   # 1O75.21 (OCR)
      | (?<=\$\s?)\d{{1,3}}(?:,\d{{3}})*(?![\d.,])                    # $5
    )
    (?P<close>\))?
    (?P<trail>\s?CR(?![A-Za-z])|-(?![\w$]))?                          # 1,500.00 CR, 1,250.00-
    (?![\w%]|[.,]\d)
    """,
    regex.VERBOSE,
)

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Spanish editions of the notices ("CP14 (SP)") print "3 de junio de 2024".
SPANISH_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_MONTH_ABBR = (
    {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
    | {m[:3]: i + 1 for i, m in enumerate(SPANISH_MONTHS)}
    | {"sept": 9, "set": 9}
)
_MONTH_FULL = {m: i + 1 for i, m in enumerate(MONTHS)}
_SPANISH_FULL = {m: i + 1 for i, m in enumerate(SPANISH_MONTHS)} | {"setiembre": 9}

DATE_RE = regex.compile(
    rf"""
    (?<![\w/])
    (?:
        (?P<mon>[A-Za-z0][A-Za-z01|]{{2,9}})[.,]?\s?(?P<day>{_D}{{1,2}})(?:st|nd|rd|th)?\s?
            (?:[,.;]{{1,2}}\s?)?(?P<year>[12]{_D}{{3}})
      | (?P<day2>\d{{1,2}})[º°]?\s(?:[dD][eE]\s)?(?P<mon2>[A-Za-z]{{3,10}})\.?,?\s
            (?:[dD][eE][lL]?\s)?(?P<year2>[12]\d{{3}})
      | (?P<nm>{_D}{{1,2}})\s?[/\-.]\s?(?P<nd>{_D}{{1,2}})\s?[/\-.]\s?
            (?P<ny>[12]{_D}{{3}}|\d{{2}}(?!\d))
      | (?P<iy>[12]\d{{3}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
    )
    (?![\w/])
    """,
    regex.VERBOSE,
)

YEAR_RE = regex.compile(rf"(?<![\w$.,/-])(?P<year>[12][0-9Oo]{_D}{{2}})(?![\w/-]|[.,]\d)")
YYYYMM_RE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?!\d)")

MIN_YEAR, MAX_YEAR = 1980, 2100


def repair_digits(text: str) -> str:
    """Replace letters that OCR commonly reads for digits with the digits."""
    return text.translate(_DIGIT_LOOKALIKES)


def parse_money(text: str) -> Decimal | None:
    """'$1,075.21', '(1,075.21)', '-3,328.00', 'S1.075,21' -> Decimal (sign kept); else None."""
    m = MONEY_RE.search(text.strip())
    if m is None:
        return None
    return money_from_match(m)


def cents_from_digits(digits: str) -> Decimal:
    """An amount whose decimal point OCR lost: the last two digits are the cents ("5153" is
    51.53, "500000" is 5000.00)."""
    return Decimal(digits).scaleb(-2)


# More digits just after an amount whose decimal point is a comma: the amount is cut short.
_CUT_SHORT = regex.compile(r"[.,]\s?\d")


def money_from_match(m: regex.Match[str]) -> Decimal | None:
    """The Decimal a :data:`MONEY_RE` match stands for, or None if it is not well formed."""
    body = repair_digits(m.group("num")).replace(" ", "")
    if m.group("cur") is None and "," not in body and "." not in body:
        return None
    # The last separator followed by exactly two digits is the decimal point; any other
    # separators group thousands (OCR may read either as a comma or a dot).
    cents = ""
    lead = body
    tail = regex.search(r"[.,](\d{2})$", body)
    if tail:
        cents = tail.group(1)
        lead = body[: tail.start()]
        if tail.group().startswith(",") and _CUT_SHORT.match(m.string, m.end()):
            return None  # "$2,87. 4.19": a broken "$2,874.19", not $2.87
    groups = regex.split(r"[.,]", lead)
    if not groups[0] or not all(g.isdigit() for g in groups):
        return None
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    try:
        value = Decimal("".join(groups) + ("." + cents if cents else ""))
    except InvalidOperation:
        return None
    negative = m.group("sign") is not None or m.group("trail") is not None
    return -value if negative else value


def one_digit_apart(read: Decimal, other: Decimal) -> bool:
    """True when two amounts print with as many digits and differ in exactly one of them:
    a single misread digit."""
    a, b = f"{read:.2f}", f"{other:.2f}"
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def month_number(word: str) -> int | None:
    """'February', 'Feb', 'Feb.', 'Febuary', 'Apri1', 'junio' -> month number; None if not a
    month."""
    key = repair_letters(word.lower().rstrip("."))
    if key in _MONTH_FULL:
        return _MONTH_FULL[key]
    if key in _SPANISH_FULL:
        return _SPANISH_FULL[key]
    if key in _MONTH_ABBR:
        return _MONTH_ABBR[key]
    if len(key) >= 4:
        close = difflib.get_close_matches(key, list(_MONTH_FULL), n=1, cutoff=0.75)
        if close:
            return _MONTH_FULL[close[0]]
    return None


def repair_letters(word: str) -> str:
    """Undo digit-for-letter slips inside a word ('Apri1' -> 'april', '0ctober' -> 'october')."""
    return word.translate(_LETTER_LOOKALIKES)


def parse_date(text: str) -> date | None:
    """'January 30, 2018', 'Jan. 30, 2018', '01/30/2018', '2018-01-30' -> date; else None."""
    m = DATE_RE.search(text)
    return None if m is None else date_from_match(m)


def date_from_match(m: regex.Match[str]) -> date | None:
    """The date a :data:`DATE_RE` match stands for, or None if it is not a real date."""
    try:
        if m.group("mon"):
            month = month_number(m.group("mon"))
            day, year = _int(m.group("day")), _int(m.group("year"))
        elif m.group("mon2"):
            month = month_number(m.group("mon2"))
            day, year = _int(m.group("day2")), _int(m.group("year2"))
        elif m.group("nm"):
            month, day = _int(m.group("nm")), _int(m.group("nd"))
            year = _int(m.group("ny"))
            if year is not None and year < 100:
                year += 2000
            if month is not None and day is not None and month > 12 >= day:
                month, day = day, month  # "31/12/2022": day first, as Spanish letters write it
        else:
            month, day, year = _int(m.group("im")), _int(m.group("id")), _int(m.group("iy"))
        if month is None or day is None or year is None:
            return None
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return date(year, month, day)
    except ValueError:
        return None


def parse_year(text: str) -> int | None:
    """A four-digit tax year (1980-2100) standing alone, else None."""
    m = YEAR_RE.search(text)
    if m is None:
        return None
    year = _int(m.group("year"))
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    fixed = repair_digits(text.strip())
    return int(fixed) if fixed.isdigit() else None
