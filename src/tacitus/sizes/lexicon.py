"""The sizes stage's knowledge: number words, bounds, vague quantities, kind cues, people nouns.

Read once per process from ``tacitus/data/sizes/*.yaml`` by :func:`load_lexicon`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tacitus.errors import ResourceError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sizes"


class PhraseMap(dict):
    """A read-only map from word sequences to values that also indexes the sequences by their
    first word, so a lookup at each word of a sentence tries only the phrases that can match."""

    def __init__(self, items: dict[tuple[str, ...], Any]):
        super().__init__(items)
        self.by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for phrase, value in self.items():  # in the data file's order: ties resolve the same way
            self.by_first.setdefault(phrase[0] if phrase else "", []).append((phrase, value))


@dataclass(frozen=True)
class Lexicon:
    """Everything the sizes stage knows, as read from the data files."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    ordinals: dict[str, int]  # "fourth" -> 4: people numbered one by one ("a fourth victim")
    bounds_before: PhraseMap  # word sequence -> qualifier
    bounds_after: PhraseMap
    range_joiners: frozenset[str]
    range_openers: frozenset[str]
    vague: PhraseMap  # word sequence -> (min, max)
    transitive: dict[str, str]
    phrasal: dict[tuple[str, ...], str]  # (lemma, word[, word...]) -> kind
    care_places: frozenset[str]  # a "to" phrase of carrying counts only toward one of these
    inclusive_hit: frozenset[str]  # people hit by these words include the dead told before them
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
    law_officers: frozenset[str]
    genders: Mapping[str, str]  # person noun -> "m" or "f"
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
    # a sentence with none of these (as word or lemma) and no phrasal cue holds no figure
    cue_words: frozenset[str]
    phrasal_cues: dict[str, frozenset[str]]  # "gun" -> {"down"}: the verb needs one of the words
    figure_starts: frozenset[str]  # words a figure can begin with, besides digits

    def is_person_noun(self, lemma: str) -> bool:
        return lemma in self.generic_people or lemma in self.group_people


#: Words the grammar rules of :mod:`tacitus.sizes.mentions` test for by name, on top of the data
#: files' kind words, that can make a figure: "took his own life", "committed suicide", "suffered
#: gunshot wounds", "police found five victims", headline words ("Teen shot", "16-year-old
#: dies") and "the teen's shooting death".
RULE_CUES = frozenset({
    "life", "lives", "suicide", "wound", "injury", "gunshot", "victim",
    "death", "murder", "killing", "slaying", "homicide",
    "dies", "died", "killed", "dead", "shot", "wounded", "injured", "hurt", "struck", "stabbed", "hit",
    "fatally",
})


def _cue_words(kinds: dict[str, Any]) -> frozenset[str]:
    """Every word or lemma but phrasal verbs' (see :func:`_phrasal_cues`) that a size mention
    needs in its sentence: see :data:`Lexicon.cue_words`.

    Each way :mod:`tacitus.sizes.mentions` finds a figure's kind goes through one of these: a kind
    verb, adjective or noun, a verb whose object is a crowd ("drew 5,000"), an adverb that settles
    the outcome, an incident noun's multiple ("a double homicide") or adjective ("a fatal
    shooting"), "murder-suicide", a victim's condition, a charge, or one of :data:`RULE_CUES`."""
    dead, injured = kinds["settle_dead"], kinds["settle_injured"]
    words = set(RULE_CUES)
    for key in ("transitive", "intransitive", "adjectives", "nouns", "multiples", "deadly_adjectives",
                "condition_nouns", "crowd_objects"):
        words.update(str(w).lower() for w in kinds[key])
    words.update(_words(p)[0] for p in kinds["murder_suicide"])
    words.update(str(w).lower() for w in dead["adverbs"])
    words.update(str(w).lower() for w in injured["adverbs"])
    words.update(str(k).lower().split()[-1] for k in kinds["charge_counts"])
    return frozenset(words)


def _phrasal_cues(kinds: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Verb lemmas that make a figure only with a particle or preposition ("gunned down",
    "taken to the hospital", "turned the gun on himself"), each with the words that must follow."""
    pairs: dict[str, set[str]] = {"turn": {"on"}}
    for phrase in kinds["phrasal"]:
        words = _words(phrase)
        pairs.setdefault(words[0], set()).add(words[1])
    return {lemma: frozenset(after) for lemma, after in pairs.items()}


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


def _phrase_map(groups: dict[str, list[str]]) -> PhraseMap:
    return PhraseMap({_words(p): qualifier for qualifier, phrases in groups.items() for p in phrases})


def _figure_starts(numbers: dict[str, Any], *phrase_maps: PhraseMap) -> frozenset[str]:
    """Words a figure can begin with, besides digits: a number word, "a"/"an"/"half" before a
    scale ("a dozen", "half a dozen"), a range opener ("between"), the first word of a bound
    ("at least") or of a vague quantity ("dozens")."""
    words = set(numbers["units"]) | set(numbers["tens"]) | set(numbers["range_openers"]) | {"a", "an", "half"}
    for phrases in phrase_maps:
        words.update(phrases.by_first)
    return frozenset(words)


@functools.cache
def load_lexicon() -> Lexicon:
    """The sizes lexicon. Cached: read once per process."""
    numbers = _read("numbers.yaml")
    kinds = _read("kinds.yaml")
    groups = _read("groups.yaml")
    try:
        vague = PhraseMap({
            _words(k): (v.get("min"), v.get("max")) for k, v in (numbers.get("vague") or {}).items()
        })
        before = _phrase_map(numbers["before"])
        dead = kinds["settle_dead"]
        injured = kinds["settle_injured"]
        return Lexicon(
            units=dict(numbers["units"]),
            tens=dict(numbers["tens"]),
            scales=dict(numbers["scales"]),
            ordinals=dict(numbers["ordinals"]),
            bounds_before=before,
            bounds_after=_phrase_map(numbers["after"]),
            range_joiners=frozenset(numbers["range_joiners"]),
            range_openers=frozenset(numbers["range_openers"]),
            vague=vague,
            transitive=dict(kinds["transitive"]),
            phrasal={_words(k): v for k, v in kinds["phrasal"].items()},
            care_places=frozenset(kinds["care_places"]),
            inclusive_hit=frozenset(kinds["inclusive_hit"]),
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
            law_officers=frozenset(groups["law_officers"]),
            genders=MappingProxyType({w: sex for sex, words in groups["genders"].items() for w in words}),
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
            cue_words=_cue_words(kinds),
            phrasal_cues=_phrasal_cues(kinds),
            figure_starts=_figure_starts(numbers, before, vague),
        )
    except re.error as e:
        raise ResourceError(f"A pattern in the sizes data files is not a valid regular expression: {e}.") from e
    except (KeyError, TypeError, AttributeError) as e:
        raise ResourceError(f"A sizes data file is missing or misshapes an entry: {e}.") from e
