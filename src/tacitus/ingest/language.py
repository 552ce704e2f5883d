"""Language detection for ingested articles, built so that English is never skipped by mistake.

langdetect alone is unreliable on short texts (a two-line English report can come out as Dutch
or Somali), so tacitus combines it with a cheap, robust signal: the share of the text's words
that are English function words (``data/ingest/english_function_words.txt``). The rule, applied
to the title plus the first ``SAMPLE_CHARS`` characters of the text:

1. No words at all: ``None`` (unknown; never skipped).
2. Function-word ratio >= ``ENGLISH_RATIO`` (0.12): English. English news prose sits around 0.33
   (0.19 was the lowest among 684 English gold articles of 10+ words); other Latin-script
   languages stay under 0.08 because the list leaves out words they share with English.
3. Mostly non-Latin letters (Arabic, Cyrillic, CJK, ...): langdetect's best guess, which is
   reliable when the script itself tells the languages apart.
4. Otherwise langdetect (seeded, so the same text always gives the same answer):
   - it says English: English;
   - it names another language with probability >= ``MIN_PROBABILITY`` and the text has at
     least ``MIN_WORDS`` words: that language;
   - anything else (short text, unsure detector): ``None``.

Only a positive, confident finding of another language leads to a skip; ``None`` is not skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

SAMPLE_CHARS = 20_000
ENGLISH_RATIO = 0.12
MIN_WORDS = 25
MIN_PROBABILITY = 0.90
LANGDETECT_SEED = 0

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """The English function-word list, read once per process."""
    text = resources.files("tacitus").joinpath("data/ingest/english_function_words.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w)


@lru_cache(maxsize=1)
def _detector_factory():
    """A private langdetect factory with a fixed seed (langdetect's module-level one is left alone)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(LANGDETECT_SEED)
    return factory


def langdetect_best(text: str) -> tuple[str, float] | None:
    """langdetect's most probable language for ``text`` and its probability, or None."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked:
        return None
    best = ranked[0]
    code = best.lang.split("-", 1)[0]  # zh-cn, zh-tw -> zh
    return code, best.prob


def function_word_ratio(words: list[str]) -> float:
    """Share of ``words`` that are English function words (0.0 for no words)."""
    if not words:
        return 0.0
    vocab = english_function_words()
    return sum(1 for w in words if w.lower() in vocab) / len(words)


def non_latin_share(text: str) -> float:
    """Share of the letters in ``text`` outside the Latin script blocks."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ord(ch) > 0x024F and not 0x1E00 <= ord(ch) <= 0x1EFF) / len(letters)


def detect_language(text: str, title: str | None = None) -> str | None:
    """The ISO 639-1 code of the language of ``title`` + ``text``, or None when it cannot be told."""
    sample = ((title + "\n") if title else "") + text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if not words:
        return None
    ratio = function_word_ratio(words)
    if ratio >= ENGLISH_RATIO:
        return "en"
    best = langdetect_best(sample)
    if non_latin_share(sample) >= 0.5:
        return best[0] if best else None
    if best is not None:
        code, prob = best
        if code == "en":
            return "en"
        if prob >= MIN_PROBABILITY and len(words) >= MIN_WORDS:
            return code
    return None


def language_name(code: str) -> str:
    """An English name for an ISO 639-1 code ("de" -> "German"), or the code itself."""
    import pycountry

    lang = pycountry.languages.get(alpha_2=code)
    return lang.name if lang is not None else code
