"""Name normalisation shared by the knowledge base index and the resolver.

Every alias in the knowledge base and every stretch of text looked up in it goes through
:func:`norm`, so "al-Maliki", "Al Maliki" and "AL-MALIKI" meet on one key ("al maliki"), and
"U.S." and "US" on "us". Acronyms written in capitals ("US", "IS", "ETA") only match text written
in capitals (:func:`is_acronym`), so the pronoun "us" or the verb "is" never become a state or a
group.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'", "–": "-", "—": "-"})
_DROP = re.compile(r"['.]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """``text`` without diacritics, with straight quotes and hyphens ("Côte d’Ivoire" -> "Cote d'Ivoire")."""
    if text.isascii():
        return text  # nothing to fold
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 17)
def norm(text: str) -> str:
    """The lookup key of a name: folded, lower-cased, apostrophes and full stops dropped, every other
    non-alphanumeric run turned into one space ("Kata'ib Hezbollah" -> "kataib hezbollah").
    Memoised: the resolver looks the same words and phrases up many times per document."""
    text = _DROP.sub("", fold(text).lower())
    return _NON_WORD.sub(" ", text).strip()


def is_acronym(alias: str) -> bool:
    """True for aliases written as capitals of at most six letters ("US", "U.S.", "MEK", "ISIL")."""
    letters = _DROP.sub("", alias).replace("-", "").replace(" ", "")
    return 1 < len(letters) <= 6 and letters.isalpha() and letters.isupper()


def looks_like_acronym_text(text: str) -> bool:
    """True when the text as written is in capitals (so it may match an acronym alias)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def surname_keys(name: str) -> list[str]:
    """Keys for a person's family name, derived from the full name: the last word, and for Arabic
    names with an article ("Nouri al-Maliki") both "al maliki" and "maliki". ``name`` is the
    display name; the caller may override with an explicit surname."""
    key = norm(name)
    words = key.split()
    if len(words) < 2:
        return []
    keys = [words[-1]]
    if len(words) >= 3 and words[-2] in {"al", "el", "ad", "as", "ash", "at", "ar", "az", "an", "bin", "ibn", "abu"}:
        keys.insert(0, " ".join(words[-2:]))
    return keys
