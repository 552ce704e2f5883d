"""The sizes stage's knowledge: number words, bounds, vague quantities, kind cues, people nouns.

Read once per process from ``tacitus/data/sizes/*.yaml`` by :func:`load_lexicon`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import ResourceError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sizes"


@dataclass(frozen=True)
class Lexicon:
    """Everything the sizes stage knows, as read from the data files."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    ordinals: dict[str, int]  # "fourth" -> 4: people numbered one by one ("a fourth victim")
    bounds_before: dict[tuple[str, ...], str]  # word sequence -> qualifier
    bounds_after: dict[tuple[str, ...], str]
    range_joiners: frozenset[str]
    range_openers: frozenset[str]
    vague: dict[tuple[str, ...], tuple[int | None, int | None]]
    transitive: dict[str, str]
    phrasal: dict[tuple[str, ...], str]  # (lemma, word[, word...]) -> kind
    intransitive: dict[str, str]
    crowd_objects: frozenset[str]
    adjectives: dict[str, str]
    nouns: dict[str, str]
    toll_nouns: frozenset[str]
    toll_verbs: frozenset[str]
    dead_adverbs: frozenset[str]
    dead_words_after: tuple[tuple[str, ...], ...]
    dead_verbs: frozenset[str]
    injured_adverbs: frozenset[str]
    body_parts: frozenset[str]
    injured_phrases: tuple[str, ...]
    source_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    irrealis_aux: frozenset[str]
    generic_people: frozenset[str]
    describe_people: frozenset[str]
    group_people: frozenset[str]
    subgroup_openers: tuple[tuple[str, ...], ...]
    anaphoric_determiners: frozenset[str]
    anaphoric_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    additive_words: frozenset[str]
    not_counted: frozenset[str]
    perpetrators: frozenset[str]
    life_verbs: frozenset[str]
    charge_counts: dict[tuple[str, ...], str]  # ("attempted", "murder") -> injured
    multiples: dict[str, int]
    incident_nouns: dict[str, str]
    deadly_adjectives: frozenset[str]
    deadly_nouns: frozenset[str]
    murder_suicide: tuple[tuple[str, ...], ...]
    condition_nouns: frozenset[str]
    aggregate_cues: tuple[re.Pattern, ...]
    max_incident_figure: int

    def is_person_noun(self, lemma: str) -> bool:
        return lemma in self.generic_people or lemma in self.group_people


def _read(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ResourceError(f"Cannot read the sizes data file {name}: {e}. Reinstall tacitus or fix the file.") from e
    if not isinstance(data, dict):
        raise ResourceError(f"The sizes data file {name} must hold a mapping at the top level.")
    return data


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase as the lower-cased word sequence spaCy would give ("non-fatal" -> non - fatal)."""
    out: list[str] = []
    for part in phrase.lower().split():
        if part.startswith("-") and len(part) > 1:
            out.extend(["-", part[1:]])
        else:
            out.append(part)
    return tuple(out)


def _phrase_map(groups: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {_words(p): qualifier for qualifier, phrases in groups.items() for p in phrases}


@functools.cache
def load_lexicon() -> Lexicon:
    """The sizes lexicon. Cached: read once per process."""
    numbers = _read("numbers.yaml")
    kinds = _read("kinds.yaml")
    groups = _read("groups.yaml")
    try:
        vague = {
            _words(k): (v.get("min"), v.get("max")) for k, v in (numbers.get("vague") or {}).items()
        }
        dead = kinds["settle_dead"]
        injured = kinds["settle_injured"]
        return Lexicon(
            units=dict(numbers["units"]),
            tens=dict(numbers["tens"]),
            scales=dict(numbers["scales"]),
            ordinals=dict(numbers["ordinals"]),
            bounds_before=_phrase_map(numbers["before"]),
            bounds_after=_phrase_map(numbers["after"]),
            range_joiners=frozenset(numbers["range_joiners"]),
            range_openers=frozenset(numbers["range_openers"]),
            vague=vague,
            transitive=dict(kinds["transitive"]),
            phrasal={_words(k): v for k, v in kinds["phrasal"].items()},
            intransitive=dict(kinds["intransitive"]),
            crowd_objects=frozenset(kinds["crowd_objects"]),
            adjectives=dict(kinds["adjectives"]),
            nouns=dict(kinds["nouns"]),
            toll_nouns=frozenset(kinds["toll_nouns"]),
            toll_verbs=frozenset(kinds["toll_verbs"]),
            dead_adverbs=frozenset(dead["adverbs"]),
            dead_words_after=tuple(_words(p) for p in dead["words_after"]),
            dead_verbs=frozenset(dead["verbs"]),
            injured_adverbs=frozenset(injured["adverbs"]),
            body_parts=frozenset(injured["body_parts"]),
            injured_phrases=tuple(p.lower() for p in injured["phrases"]),
            source_verbs=frozenset(kinds["source_verbs"]),
            source_phrases=tuple(_words(p) for p in kinds["source_phrases"]),
            irrealis_aux=frozenset(kinds["irrealis_aux"]),
            generic_people=frozenset(groups["generic"]),
            describe_people=frozenset(groups["describe"]),
            group_people=frozenset(groups["groups"]),
            subgroup_openers=tuple(_words(p) for p in groups["subgroup_openers"]),
            anaphoric_determiners=frozenset(groups["anaphoric_determiners"]),
            anaphoric_pronouns=frozenset(groups["anaphoric_pronouns"]),
            reflexive_pronouns=frozenset(groups["reflexive_pronouns"]),
            additive_words=frozenset(groups["additive_words"]),
            not_counted=frozenset(groups["not_counted"]),
            perpetrators=frozenset(groups["perpetrators"]),
            life_verbs=frozenset(kinds["life_verbs"]),
            charge_counts={tuple(k.lower().split()): v for k, v in kinds["charge_counts"].items()},
            multiples=dict(kinds["multiples"]),
            incident_nouns=dict(kinds["incident_nouns"]),
            deadly_adjectives=frozenset(kinds["deadly_adjectives"]),
            deadly_nouns=frozenset(kinds["deadly_nouns"]),
            murder_suicide=tuple(tuple(p.split()) for p in kinds["murder_suicide"]),
            condition_nouns=frozenset(kinds["condition_nouns"]),
            aggregate_cues=tuple(re.compile(p) for p in kinds["aggregate_cues"]),
            max_incident_figure=int(kinds["max_incident_figure"]),
        )
    except re.error as e:
        raise ResourceError(f"A pattern in the sizes data files is not a valid regular expression: {e}.") from e
    except (KeyError, TypeError, AttributeError) as e:
        raise ResourceError(f"A sizes data file is missing or misshapes an entry: {e}.") from e
