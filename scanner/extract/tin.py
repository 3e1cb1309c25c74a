"""Taxpayer identification numbers (SSN, ITIN, EIN), found so they can be masked.

Only the last four digits ever leave this module. Whether the number is an EIN tells a
business letter from an individual one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from scanner.extract.common import Hit, PageView, labeled_values, vote
from scanner.extract.values import repair_digits
from scanner.models import Field
from scanner.patterns import Labels

_X = r"[\dXx*•]"
# The last four may carry an OCR slip (l for 1, O for 0), repaired before use; at least three
# of them must be real digits.
_LAST = r"(?P<last>(?=(?:[^\d]*\d){3})[\dlIOoSB]{4})"
SSN_RE = regex.compile(rf"(?P<ssn>{_X}{{3}}[- ]?{_X}{{2}}[- ]?{_LAST})(?![\w])")
EIN_RE = regex.compile(rf"(?P<ein>{_X}{{2}}[- ]?{_X}{{3}}{_LAST})(?![\w])")


@dataclass(frozen=True, slots=True)
class Tin:
    """A masked identifier and its kind."""

    masked: str
    kind: str  # "ssn" | "ein"


def _ssn(m: regex.Match[str]) -> Tin:
    return Tin(f"XXX-XX-{repair_digits(m.group('last'))}", "ssn")


def _ein(m: regex.Match[str]) -> Tin:
    return Tin(f"XX-XXX{repair_digits(m.group('last'))}", "ein")


def tin(views: Sequence[PageView], labels: Labels) -> Field[str] | None:
    """The taxpayer's identifier, masked to its last four digits, or None."""
    hits: list[Hit[Tin]] = []
    hits += labeled_values(views, labels.tin_ein, EIN_RE, _ein)
    for hit in labeled_values(views, labels.tin_ssn, SSN_RE, _ssn):
        hits.append(hit)
    for hit in labeled_values(views, labels.tin_ssn, EIN_RE, _ein):
        # "TIN: XX-XXX1234" is an EIN even under a generic label.
        if regex.fullmatch(rf"{_X}{{2}}-{_X}{{3}}\d{{4}}", hit.evidence.split()[-1]):
            hits.append(hit)
    found = vote(hits, "taxpayer ID", [], key=lambda t: t.masked, show=lambda t: t.masked)
    if found is None:
        return None
    return Field(
        found.value.masked,
        found.confidence,
        found.page,
        f"{found.value.kind.upper()} {found.value.masked}",
    )


def is_business(field: Field[str] | None) -> bool:
    """True when the identifier is an EIN."""
    return field is not None and field.value.startswith("XX-XXX")
