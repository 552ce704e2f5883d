"""The cue lexicon of the status stage, read once per process from ``data/status/cues.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from tacitus.errors import ResourceError

#: Governor classes in the order the file lists them; "report" and "factive" pass status through.
GOVERNOR_CLASSES = (
    "planned", "threatened", "requested", "denied", "hypothetical", "future", "ongoing", "factive", "report",
    "presupposed",
)
RELATIONS = ("to_verbs", "that_verbs", "object_verbs", "nouns", "adjectives")


@dataclass(frozen=True)
class StatusLexicon:
    """Cue words by class. ``governors[relation][lemma]`` is the class a governor word decides."""

    future_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    negators: frozenset[str]
    conditionals: frozenset[str]
    conditional_phrases: tuple[str, ...]
    future_phrases: tuple[str, ...]
    ongoing_adverbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    governors: dict[str, dict[str, str]]  # relation -> lemma (or "verb particle") -> class

    def governor_class(self, relation: str, lemma: str) -> str | None:
        return self.governors[relation].get(lemma)


def _words(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ResourceError(f"status cues: expected a list of words, got {value!r}")
    return [w.lower() for w in value]


@functools.cache
def load_lexicon() -> StatusLexicon:
    """The status cue lexicon (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath("data/status/cues.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as e:
        raise ResourceError(f"Cannot read tacitus/data/status/cues.yaml: {e}") from e
    governors: dict[str, dict[str, str]] = {r: {} for r in RELATIONS}
    for cls, lists in (data.get("governors") or {}).items():
        if cls not in GOVERNOR_CLASSES:
            raise ResourceError(f"status cues: unknown governor class {cls!r}")
        for relation, words in (lists or {}).items():
            if relation not in RELATIONS:
                raise ResourceError(f"status cues: unknown relation {relation!r} under {cls!r}")
            for w in _words(words):
                other = governors[relation].get(w)
                if other is not None and other != cls:
                    raise ResourceError(
                        f"status cues: {w!r} is both {other!r} and {cls!r} under {relation!r}"
                    )
                governors[relation][w] = cls
    modals = data.get("modals") or {}
    adverbs = data.get("adverbs") or {}
    return StatusLexicon(
        future_modals=frozenset(_words(modals.get("future"))),
        hypothetical_modals=frozenset(_words(modals.get("hypothetical"))),
        negators=frozenset(_words(data.get("negators"))),
        conditionals=frozenset(_words(data.get("conditionals"))),
        conditional_phrases=tuple(_words(data.get("conditional_phrases"))),
        future_phrases=tuple(_words(data.get("future_phrases"))),
        ongoing_adverbs=frozenset(_words(adverbs.get("ongoing"))),
        hedge_adverbs=frozenset(_words(adverbs.get("hypothetical"))),
        governors=governors,
    )
