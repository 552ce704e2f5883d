"""The clusterer's knowledge and weights, read once per process from ``data/cluster/clustering.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from tacitus.errors import ResourceError
from tacitus.records import CATEGORIES, STATUSES

DATA_FILE = "data/cluster/clustering.yaml"


@dataclass(frozen=True)
class Syndication:
    num_perm: int
    bands: int
    jaccard: float
    containment: float
    min_jaccard_for_containment: float
    min_shingles: int

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@dataclass(frozen=True)
class Blocking:
    cell_degrees: float
    window_days: int
    per_key: int
    max_candidates: int
    rare_terms: int
    rare_term_max_docs: int
    unknown_date_days: int


@dataclass(frozen=True)
class Scoring:
    threshold: float
    merge_threshold: float
    min_text: float
    text: float
    same_syndicate: float
    date_same_day: float
    date_near: float
    date_apart: float
    date_vague: float
    published_month: float
    published_far: float
    published_very_far: float
    place_same: float
    place_near: float
    place_far: float
    country_conflict: float
    dead_same: float
    dead_differ: float
    injured_same: float
    injured_differ: float
    actors: float
    exemplars: int


@dataclass(frozen=True)
class Settings:
    family: dict[str, str]  # category -> family
    status_class: dict[str, str]  # status -> class
    syndication: Syndication
    blocking: Blocking
    scoring: Scoring


@functools.cache
def load_settings() -> Settings:
    """The settings of ``data/cluster/clustering.yaml``; raises ResourceError when it is unreadable."""
    try:
        text = resources.files("tacitus").joinpath(DATA_FILE).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        family = {cat: fam for fam, cats in data["families"].items() for cat in cats}
        missing = [c for c in CATEGORIES if c not in family]
        if missing or set(data["status_classes"]) != set(STATUSES):
            raise ValueError(f"every category and status needs a family and a class (missing: {missing})")
        return Settings(
            family=family,
            status_class=dict(data["status_classes"]),
            syndication=Syndication(**data["syndication"]),
            blocking=Blocking(**data["blocking"]),
            scoring=Scoring(**data["scoring"]),
        )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as e:
        raise ResourceError(f"Cannot read the clustering settings tacitus/{DATA_FILE} ({e}).") from e


def family_key(category: str, status: str) -> str:
    """The family a report is compared within: "violence", or "violence:intended" for a planned attack."""
    s = load_settings()
    fam = s.family.get(category, category.lower())
    cls = s.status_class.get(status, status)
    return fam if cls == "factual" else f"{fam}:{cls}"
