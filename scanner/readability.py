"""Reading level of English text: an approximate Flesch-Kincaid grade.

The Flesch-Kincaid grade level estimates the US school grade a reader needs to follow a text:

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Only the syllable count needs a dictionary to be exact; here it comes from a short rule-based
heuristic (vowel groups, silent endings, a few diphthong fixes), which is usually within one
syllable per word on everyday English. The catalog tests use it to keep the plain-English text
at or below a 9th-grade level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters (with inner apostrophes or hyphens), or a number such as 1,000.50 or 12153.
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*(?:[,.]\d+)*")
# A sentence ends at . ! or ? (possibly doubled, or followed by a closing quote or bracket)
# that is followed by white space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_LAST_END = re.compile(r"[.!?][\"'”’)\]]*$")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SUBWORD = re.compile(r"[A-Za-z]+|\d+")


@dataclass(frozen=True, slots=True)
class TextStats:
    """Counts behind a grade level."""

    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """The Flesch-Kincaid grade level of these counts (0.0 for no words)."""
        if self.words == 0:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def count_syllables(word: str) -> int:
    """Approximate syllables in one word; acronyms and digits count one per character."""
    total = 0
    for part in _SUBWORD.findall(word):
        if part.isdigit():
            # "504" is read "five oh four": about one syllable per digit.
            total += len(part)
        elif part.isupper() and len(part) > 1 and (len(part) <= 4 or not _has_vowel(part)):
            # An acronym such as IRS or CP is read letter by letter.
            total += len(part)
        else:
            total += _english_syllables(part.lower())
    return max(total, 1)


def _has_vowel(text: str) -> bool:
    return _VOWEL_GROUP.search(text.lower()) is not None


def _english_syllables(word: str) -> int:
    if len(word) <= 3:
        return 1
    # Silent endings: "comes", "asked", "make" (but not "notices", "wanted", "table").
    stem = _drop_silent_ending(word)
    count = len(_VOWEL_GROUP.findall(stem))
    # A silent e inside a word: "statement", "completely", "careful", "lateness".
    count -= len(re.findall(r"[^aeiouy]e(?:ment|ly|ful|ness)", stem))
    # Vowels that touch but are said apart: "period", "serious" (not "-tion"), "earlier",
    # "being", "paying".
    count += len(re.findall(r"[^tsc]i[aou]|[^aeiou]ier$|[aeiouy]ing$", stem))
    return max(count, 1)


def _drop_silent_ending(word: str) -> str:
    if word.endswith(("es", "ed")):
        sounded = r"(?:[sxzcg]|ch|sh)es$" if word.endswith("es") else r"[td]ed$"
        return word if re.search(sounded, word) else word[:-2]
    if word.endswith("e") and not re.search(r"[^aeiouy]le$", word):
        return word[:-1]
    return word


def text_stats(text: str) -> TextStats:
    """Sentence, word and syllable counts of ``text``."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    sentences = len(_SENTENCE_END.findall(stripped))
    if words and not _LAST_END.search(stripped):
        sentences += 1  # a last sentence with no closing full stop
    return TextStats(
        sentences=max(sentences, 1),
        words=len(words),
        syllables=sum(count_syllables(w) for w in words),
    )


def flesch_kincaid_grade(text: str) -> float:
    """Approximate Flesch-Kincaid grade level of English ``text`` (0.0 for text with no words)."""
    return text_stats(text).grade
