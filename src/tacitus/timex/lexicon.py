"""The temporal lexicon (``data/timex/lexicon.yaml``), loaded once per process.

Takes nothing; returns a :class:`Lexicon` of read-only lookups (word -> month number, weekday,
number, unit, ...) used by the recogniser and the normaliser.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from tacitus.errors import ResourceError


@dataclass(frozen=True)
class Unit:
    """A duration unit: its TIMEX3 letter, whether it is a time unit (PT...), and a multiplier."""

    name: str
    plural: str
    letter: str
    time: bool = False
    factor: int = 1


@dataclass(frozen=True)
class Lexicon:
    months: MappingProxyType  # word -> 1..12
    ambiguous_months: frozenset
    weekdays: MappingProxyType  # word -> 1..7
    cardinals: MappingProxyType  # word -> int
    quantity_words: MappingProxyType  # phrase -> int | None
    ordinals: MappingProxyType  # word -> int
    units: MappingProxyType  # singular or plural form -> Unit
    parts_of_day: MappingProxyType  # word -> MO/AF/EV/NI
    clock_words: MappingProxyType  # word -> "HH:MM"
    time_zones: frozenset
    seasons: MappingProxyType  # word -> SP/SU/FA/WI
    ambiguous_seasons: frozenset
    decade_words: MappingProxyType  # word -> digit
    holidays: MappingProxyType  # name -> rule string
    references: MappingProxyType  # phrase -> PRESENT_REF/PAST_REF/FUTURE_REF
    set_words: MappingProxyType  # phrase -> value


def _words(mapping: dict[Any, list[str]]) -> dict[str, int]:
    out = {}
    for key, words in mapping.items():
        for w in words:
            out[str(w).lower()] = int(key)
    return out


@functools.cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with tacitus. Cached: read once per process."""
    try:
        text = resources.files("tacitus").joinpath("data/timex/lexicon.yaml").read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as e:
        raise ResourceError(f"The temporal lexicon data/timex/lexicon.yaml could not be read: {e}") from e
    units: dict[str, Unit] = {}
    for name, spec in raw["units"].items():
        unit = Unit(name=name, plural=spec["plural"], letter=spec["letter"], time=bool(spec.get("time")),
                    factor=int(spec.get("factor", 1)))
        units[name] = unit
        units[unit.plural] = unit
    holidays = {}
    for entry in raw["holidays"]:
        for name in entry["names"]:
            holidays[name.lower()] = entry["rule"]
    ro = MappingProxyType
    return Lexicon(
        months=ro(_words(raw["months"])),
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=ro(_words(raw["weekdays"])),
        cardinals=ro({k: int(v) for k, v in raw["cardinals"].items()}),
        quantity_words=ro(dict(raw["quantity_words"])),
        ordinals=ro({k: int(v) for k, v in raw["ordinals"].items()}),
        units=ro(units),
        parts_of_day=ro(dict(raw["parts_of_day"])),
        clock_words=ro(dict(raw["clock_words"])),
        time_zones=frozenset(z.lower() for z in raw["time_zones"]),
        seasons=ro(dict(raw["seasons"])),
        ambiguous_seasons=frozenset(raw["ambiguous_seasons"]),
        decade_words=ro({k: int(v) for k, v in raw["decade_words"].items()}),
        holidays=ro(holidays),
        references=ro(dict(raw["references"])),
        set_words=ro(dict(raw["set_words"])),
    )
