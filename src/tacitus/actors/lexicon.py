"""The sector lexicon (``data/kb/sectors.yaml``): role nouns, titles and modifiers -> PLOVER sector.

:func:`load_sector_lexicon` reads it once per process into a :class:`SectorLexicon` of plain
lookup tables keyed by normalised phrases (:func:`tacitus.actors.names.norm`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tacitus.actors.kb import DATA_DIR, NONSTATE_CODES, SECTORS, _has_prefix
from tacitus.actors.names import norm
from tacitus.errors import KnowledgeBaseError

LEXICON_FILE = DATA_DIR / "sectors.yaml"


@dataclass(frozen=True)
class SectorLexicon:
    """Lookup tables of the sector lexicon; every key is a normalised phrase."""

    nouns: dict[str, str]  # head noun or title -> sector
    modifiers: dict[str, str]  # modifier -> sector
    weak: frozenset[str]
    armed: frozenset[str]
    elite: frozenset[str]
    partitive: frozenset[str]
    rebel_name_words: frozenset[str]
    nonstate: dict[str, str]  # phrase -> IGO/NGO/...
    coreference: dict[str, str]  # head noun -> antecedent class
    locative: frozenset[str]
    no_country_guess: frozenset[str]
    speaks_for: frozenset[str]
    max_words: int
    regional_names: frozenset[str] = frozenset()  # "latin american": a demonym inside is no state
    phrases: tuple[str, ...] = ()  # every key a role match can end on, sorted (see is_phrase_prefix)
    words: dict = field(default_factory=dict, compare=False, repr=False)  # memo of the resolver's phrase steps

    def noun(self, key: str) -> str | None:
        return self.nouns.get(key)

    def modifier(self, key: str) -> str | None:
        return self.modifiers.get(key)

    def is_phrase_prefix(self, key: str, word_end: bool = False) -> bool:
        """True when some role noun, modifier, weak, armed or partitive key starts with ``key`` (a
        normalised text), or when the lexicon was built without its sorted ``phrases``. With
        ``word_end`` (the text is followed by a space), only a key equal to ``key`` or going on
        with a new word counts."""
        if not self.phrases:
            return True
        return _has_prefix(self.phrases, key, word_end)


def _keys(values, where: str) -> list[str]:
    if not isinstance(values, list):
        raise KnowledgeBaseError(f"{LEXICON_FILE.name}: {where} must be a list")
    return [norm(str(v)) for v in values if norm(str(v))]


def _by_sector(section, where: str, allowed: frozenset[str]) -> dict[str, str]:
    if not isinstance(section, dict):
        raise KnowledgeBaseError(f"{LEXICON_FILE.name}: {where} must map codes to lists")
    out: dict[str, str] = {}
    for code, words in section.items():
        if code not in allowed:
            raise KnowledgeBaseError(f"{LEXICON_FILE.name}: {where}: unknown code {code!r}")
        for k in _keys(words, f"{where}.{code}"):
            out.setdefault(k, code)
    return out


def read_sector_lexicon(path: Path = LEXICON_FILE) -> SectorLexicon:
    """Read and check a sector lexicon file. Raises KnowledgeBaseError when malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise KnowledgeBaseError(f"Cannot read the sector lexicon {path}: {e}") from e
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: the sector lexicon must be a mapping")
    nouns = _by_sector(data.get("nouns", {}), "nouns", SECTORS)
    modifiers = _by_sector(data.get("modifiers", {}), "modifiers", SECTORS)
    nonstate = _by_sector(data.get("nonstate", {}), "nonstate", NONSTATE_CODES)
    coref: dict[str, str] = {}
    for cls, words in (data.get("coreference") or {}).items():
        for k in _keys(words, f"coreference.{cls}"):
            coref.setdefault(k, str(cls))
    phrases = list(nouns) + list(modifiers) + list(nonstate)
    weak = frozenset(_keys(data.get("weak", []), "weak"))
    armed = frozenset(_keys(data.get("armed", []), "armed"))
    partitive = frozenset(_keys(data.get("partitive", []), "partitive"))
    return SectorLexicon(
        nouns=nouns,
        modifiers=modifiers,
        weak=weak,
        armed=armed,
        elite=frozenset(_keys(data.get("elite", []), "elite")),
        partitive=partitive,
        rebel_name_words=frozenset(_keys(data.get("rebel_name_words", []), "rebel_name_words")),
        nonstate=nonstate,
        coreference=coref,
        locative=frozenset(_keys(data.get("locative", []), "locative")),
        no_country_guess=frozenset(_keys(data.get("no_country_guess", []), "no_country_guess")),
        speaks_for=frozenset(_keys(data.get("speaks_for", []), "speaks_for")),
        regional_names=frozenset(_keys(data.get("regional_names", []), "regional_names")),
        max_words=max((len(p.split()) for p in phrases), default=1),
        phrases=tuple(sorted(set(nouns) | set(modifiers) | weak | armed | partitive)),
    )


@functools.cache
def load_sector_lexicon() -> SectorLexicon:
    """The built-in sector lexicon, read once per process."""
    return read_sector_lexicon()
