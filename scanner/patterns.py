"""The label vocabulary (``patterns/labels.toml``), loaded and compiled once.

Each list of labels becomes a :class:`LabelMatcher`: an exact matcher used on every page, and a
fuzzy one (the ``regex`` package's ``{e<=n}``) used only on OCR text, where "Arnount due bv"
must still read as "Amount due by".
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from scanner.errors import CatalogError
from scanner.resources import patterns_dir

# Any run of spaces, dashes or slashes inside a label matches any other such run (or none:
# OCR often drops the space in "Notice date").
_JOINER = r"[\s\-–/]*"


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label found in a line: the span it covers and how sure the match is (1.0 exact)."""

    label: str
    start: int
    end: int
    strength: float


class LabelMatcher:
    """Finds any of a list of labels in a line of text, exactly or (on OCR text) fuzzily."""

    def __init__(self, labels: Sequence[str], fuzzy: int) -> None:
        self.labels = tuple(sorted(set(labels), key=len, reverse=True))
        self._canon = {_key(label): label for label in self.labels}
        body = "|".join(_label_regex(label) for label in self.labels)
        self._exact = regex.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])", regex.IGNORECASE)
        # One fuzzy pattern per label, tried only on lines that share enough letter trigrams
        # with it: running every fuzzy pattern on every OCR line costs too much.
        self._fuzzy: list[tuple[str, frozenset[str], regex.Pattern[str]]] = []
        for label in self.labels:
            edits = _allowed_edits(label, fuzzy)
            if edits:
                pattern = regex.compile(
                    rf"(?e)(?<![A-Za-z])(?:{_label_regex(label)}){{e<={edits}}}(?![A-Za-z])",
                    regex.IGNORECASE,
                )
                self._fuzzy.append((label, _trigrams(label), pattern))

    def finditer(self, text: str, *, fuzzy: bool = False) -> Iterator[LabelHit]:
        """Label hits in ``text`` that do not overlap, best first (longest, fewest edits)."""
        found = [
            (0, m.start(), m.end(), self.canonical(m.group())) for m in self._exact.finditer(text)
        ]
        if fuzzy:
            grams = _trigrams(text)
            for label, label_grams, pattern in self._fuzzy:
                if len(label_grams & grams) < 0.34 * len(label_grams):
                    continue
                for m in pattern.finditer(text):
                    s, e = _trim(text, *m.span())
                    errors = m.fuzzy_counts[0] + m.fuzzy_counts[1] + m.fuzzy_counts[2]
                    # OCR garbles and merges letters but seldom drops several: a match that
                    # deletes a whole short word ("Payment stub" in "payments and") is not one.
                    if e - s >= 4 and errors and m.fuzzy_counts[2] <= 1:
                        found.append((errors, s, e, label))
        # A longer label read with an OCR slip beats a shorter exact one inside it
        # ("Notlce date" is the notice date, not a bare "date").
        found.sort(key=lambda f: (3 * f[0] - (f[2] - f[1]), f[1]))
        taken: list[tuple[int, int]] = []
        for errors, s, e, label in found:
            if any(s < te and e > ts for ts, te in taken):
                continue
            taken.append((s, e))
            yield LabelHit(label, s, e, 1.0 if not errors else max(0.5, 0.92 - 0.1 * errors))

    def search(self, text: str, *, fuzzy: bool = False) -> LabelHit | None:
        """The first hit in ``text``, or None."""
        hits = sorted(self.finditer(text, fuzzy=fuzzy), key=lambda h: (h.start, -h.strength))
        return hits[0] if hits else None

    def fullmatch(self, text: str, *, fuzzy: bool = False) -> LabelHit | None:
        """A hit covering all of ``text`` (after trimming), or None."""
        text = text.strip()
        for hit in self.finditer(text, fuzzy=fuzzy):
            if hit.start == 0 and hit.end == len(text):
                return hit
        return None

    def canonical(self, matched: str) -> str:
        """The vocabulary label a matched string stands for (itself when fuzzy)."""
        return self._canon.get(_key(matched), matched)


def _key(text: str) -> str:
    return regex.sub(r"[\s\-–/]+", " ", text.lower()).strip()


def _label_regex(label: str) -> str:
    words = [regex.escape(w) for w in regex.split(r"[\s\-–/]+", label.strip()) if w]
    return _JOINER.join(words)


def _allowed_edits(label: str, most: int) -> int:
    letters = sum(1 for ch in label if ch.isalpha())
    return min(most, 3 if letters >= 11 else 2 if letters >= 8 else 1 if letters >= 5 else 0)


def _trigrams(text: str) -> frozenset[str]:
    squashed = regex.sub(r"[^a-z0-9]+", " ", text.lower())
    return frozenset(squashed[i : i + 3] for i in range(len(squashed) - 2))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


@dataclass(frozen=True, slots=True)
class Labels:
    """Every label list of ``labels.toml``, compiled."""

    notice_code: LabelMatcher
    letter_words: LabelMatcher
    notice_date: LabelMatcher
    due_pay: LabelMatcher
    due_respond: LabelMatcher
    due_immediate: LabelMatcher
    hearing: LabelMatcher
    tax_period: LabelMatcher
    tin_ssn: LabelMatcher
    tin_ein: LabelMatcher
    tax: LabelMatcher
    payments_credits: LabelMatcher
    penalty_words: LabelMatcher
    penalty_totals: LabelMatcher
    interest: LabelMatcher
    amount_due: LabelMatcher
    amount_ignore: LabelMatcher
    amount_keywords: tuple[tuple[str, LabelMatcher], ...]
    voucher_start: LabelMatcher
    voucher_cues: LabelMatcher
    irs_cues: LabelMatcher
    other_issuers: LabelMatcher
    letterhead: LabelMatcher
    illustration: LabelMatcher
    disclaimers: LabelMatcher
    return_forms: frozenset[str]


@functools.cache
def load_labels(root: Path | None = None) -> Labels:
    """Load and compile ``labels.toml`` once; raises :class:`CatalogError` when it is broken."""
    path = (root or patterns_dir()) / "labels.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise CatalogError(str(path), None, None, f"cannot read: {e}") from e
    fuzzy = data.get("fuzzy", 1)
    if not isinstance(fuzzy, int) or not 0 <= fuzzy <= 3:
        raise CatalogError(str(path), None, "fuzzy", "must be an integer from 0 to 3")

    def lst(section: str, key: str) -> LabelMatcher:
        return LabelMatcher(_strings(path, data, section, key), fuzzy)

    return Labels(
        notice_code=lst("notice_code", "labels"),
        letter_words=lst("notice_code", "letter_words"),
        notice_date=lst("notice_date", "labels"),
        due_pay=lst("due_date", "pay"),
        due_respond=lst("due_date", "respond"),
        due_immediate=lst("due_date", "immediate"),
        hearing=lst("due_date", "hearing"),
        tax_period=lst("tax_period", "labels"),
        tin_ssn=lst("tin", "ssn"),
        tin_ein=lst("tin", "ein"),
        tax=lst("amounts", "tax"),
        payments_credits=lst("amounts", "payments_credits"),
        penalty_words=lst("amounts", "penalties"),
        penalty_totals=lst("amounts", "penalty_totals"),
        interest=lst("amounts", "interest"),
        amount_due=lst("amounts", "amount_due"),
        amount_ignore=LabelMatcher(_strings(path, data, "amounts", "ignore"), 0),
        amount_keywords=_keywords(path, data, fuzzy),
        voucher_start=lst("voucher", "start"),
        voucher_cues=lst("voucher", "cues"),
        irs_cues=LabelMatcher(_strings(path, data, "irs", "cues"), 0),
        other_issuers=LabelMatcher(_strings(path, data, "irs", "other_issuers"), 0),
        letterhead=lst("irs", "letterhead"),
        illustration=LabelMatcher(_strings(path, data, "irs", "illustration"), 0),
        disclaimers=LabelMatcher(_strings(path, data, "irs", "disclaimers"), 0),
        return_forms=frozenset(
            f.upper() for f in _strings(path, data, "tax_period", "return_forms")
        ),
    )


def _keywords(path: Path, data: dict[str, Any], fuzzy: int) -> tuple[tuple[str, LabelMatcher], ...]:
    table = data.get("amounts", {}).get("keywords")
    if not isinstance(table, dict):
        raise CatalogError(str(path), "amounts.keywords", None, "section is missing")
    out = []
    for name in ("interest", "payments_credits", "amount_due", "tax"):
        words = table.get(name)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise CatalogError(
                str(path), "amounts.keywords", name, "must be a non-empty list of strings"
            )
        out.append((name, LabelMatcher(words, fuzzy)))
    return tuple(out)


def _strings(path: Path, data: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
    table = data.get(section)
    if not isinstance(table, dict):
        raise CatalogError(str(path), section, None, "section is missing")
    value = table.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise CatalogError(str(path), section, key, "must be a non-empty list of strings")
    return tuple(value)
