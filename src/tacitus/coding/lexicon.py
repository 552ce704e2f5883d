"""The trigger lexicon and the PLOVER ontology, loaded from ``data/lexicon/``.

Input: ``triggers.yaml`` and ``plover.yaml`` (or user files of the same shape).
Output: a :class:`Lexicon`, indexed by head lemma, and an :class:`Ontology` giving each category's
quad class, intensity score, modes and CAMEO root code.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from tacitus.errors import LexiconError
from tacitus.records import CATEGORIES

ROLE_KEYS = {"subject", "from", "host", "passive", "to"}


@dataclass(frozen=True)
class Entry:
    """One trigger phrase of the lexicon."""

    category: str
    pos: str  # "verb" or "noun"
    words: tuple[str, ...]  # lemmas, in order
    head: int  # index into ``words`` of the head word
    mode: str | None = None
    cameo: str | None = None
    context: tuple[str, ...] = ()
    negated: str | None = None  # category when negated
    roles: tuple[tuple[str, str], ...] = ()  # (key, value) role overrides
    frame: bool = False  # takes an embedded action as its content
    strict: bool = False  # needs an actor-like object
    needs_content: bool = False  # an event only when it names an action ("warned that X would attack")
    needs_object: bool = False  # an event only with an actor-like direct object (or passive subject)

    @property
    def head_lemma(self) -> str:
        return self.words[self.head]

    # Computed once per entry (a frozen dataclass keeps no setter, but cached_property writes the
    # instance dict directly): trigger matching reads them for every candidate word.
    @functools.cached_property
    def others(self) -> tuple[str, ...]:
        return tuple(w for i, w in enumerate(self.words) if i != self.head)

    @functools.cached_property
    def id(self) -> str:
        return f"{self.category}:{self.pos}:{' '.join(self.words)}"

    def role(self, key: str) -> str | None:
        return dict(self.roles).get(key)


@dataclass(frozen=True)
class CategoryInfo:
    quad: int
    score: float
    cameo: str
    modes: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Ontology:
    categories: dict[str, CategoryInfo]

    def intensity(self, category: str, mode: str | None) -> float:
        info = self.categories[category]
        if mode and info.modes.get(mode) is not None:
            return float(info.modes[mode])
        return float(info.score)

    def valid_mode(self, category: str, mode: str | None) -> str | None:
        return mode if mode in self.categories[category].modes else None


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    ontology: Ontology

    def candidates(self, lemma: str, pos: str) -> tuple[Entry, ...]:
        table = self.verbs if pos == "verb" else self.nouns
        return table.get(lemma, ())


def _phrase(text: str, pos: str) -> tuple[tuple[str, ...], int]:
    # spaCy splits words at hyphens ("cease-fire" -> cease, -, fire): so do phrases
    raw = text.lower().replace("-", " ").split()
    marked = [i for i, w in enumerate(raw) if w.startswith("^")]
    words = tuple(w.lstrip("^") for w in raw)
    if marked:
        return words, marked[0]
    return words, (0 if pos == "verb" else len(words) - 1)


def _parse_triggers(data: dict, source: str) -> list[Entry]:
    entries: list[Entry] = []
    for category, items in (data or {}).items():
        if category not in CATEGORIES:
            raise LexiconError(f"{source}: unknown PLOVER category {category!r}.")
        for n, item in enumerate(items or [], 1):
            where = f"{source}: {category} entry {n}"
            pos = "verb" if "verb" in item else "noun" if "noun" in item else None
            if pos is None:
                raise LexiconError(f"{where}: needs a `verb:` or `noun:` list.")
            phrases = item[pos]
            if isinstance(phrases, str):
                phrases = [phrases]
            roles = item.get("roles") or {}
            bad = set(roles) - ROLE_KEYS
            if bad:
                raise LexiconError(f"{where}: unknown role key(s) {sorted(bad)}; use {sorted(ROLE_KEYS)}.")
            negated = item.get("negated")
            if negated is not None and negated not in CATEGORIES and negated != "drop":
                raise LexiconError(f"{where}: `negated` must be a category or `drop`.")
            for phrase in phrases:
                words, head = _phrase(str(phrase), pos)
                entries.append(
                    Entry(
                        category=category,
                        pos=pos,
                        words=words,
                        head=head,
                        mode=item.get("mode"),
                        cameo=str(item["cameo"]) if item.get("cameo") is not None else None,
                        context=tuple(item.get("context") or ()),
                        negated=negated,
                        roles=tuple(sorted((str(k), str(v)) for k, v in roles.items())),
                        frame=bool(item.get("frame", False)),
                        strict=bool(item.get("strict", False)),
                        needs_content=bool(item.get("needs_content", False)),
                        needs_object=bool(item.get("needs_object", False)),
                    )
                )
    return entries


def _parse_ontology(data: dict, source: str) -> Ontology:
    cats = {}
    for name in CATEGORIES:
        if name not in data:
            raise LexiconError(f"{source}: category {name} is missing.")
        d = data[name]
        cats[name] = CategoryInfo(
            quad=int(d["quad"]), score=float(d["score"]), cameo=str(d["cameo"]), modes=dict(d.get("modes") or {})
        )
    return Ontology(cats)


def _read_yaml(path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise LexiconError(f"{path}: not valid YAML ({e}).") from e


def load_lexicon(extra: tuple[Path, ...] = ()) -> Lexicon:
    """The bundled lexicon plus any ``extra`` trigger files (same format)."""
    return _load(tuple(Path(p) for p in extra))


@functools.cache
def _load(extra: tuple[Path, ...]) -> Lexicon:
    base = resources.files("tacitus").joinpath("data", "lexicon")
    ontology = _parse_ontology(_read_yaml(base.joinpath("plover.yaml")), "plover.yaml")
    entries = _parse_triggers(_read_yaml(base.joinpath("triggers.yaml")), "triggers.yaml")
    for path in extra:
        entries += _parse_triggers(_read_yaml(path), str(path))
    for e in entries:
        if e.mode is not None and e.mode not in ontology.categories[e.category].modes:
            raise LexiconError(f"triggers: mode {e.mode!r} is not a PLOVER mode of {e.category} ({e.id}).")
    verbs: dict[str, list[Entry]] = defaultdict(list)
    nouns: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        (verbs if e.pos == "verb" else nouns)[e.head_lemma].append(e)
    # Longest phrases first: "lift curfew" wins over "curfew".
    order = lambda es: tuple(sorted(es, key=lambda e: -len(e.words)))  # noqa: E731
    return Lexicon(
        entries=tuple(entries),
        verbs={k: order(v) for k, v in verbs.items()},
        nouns={k: order(v) for k, v in nouns.items()},
        ontology=ontology,
    )
