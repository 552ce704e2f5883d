"""The tacitus record: frozen dataclasses for articles, events and their parts.

Every stage reads and writes these types and nothing else. Field names follow the PLOVER JSON
conventions where PLOVER has a name; where the Python name differs from the exported name, the
field's metadata carries ``export`` (see :func:`to_export`). The exported JSON Schema
(``schema/event.schema.json``) is generated from these classes by :mod:`tacitus.schema`.

Offsets are 0-based ``[start, end)`` character positions into ``Article.text``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

STATUSES = (
    "occurred", "ongoing", "planned", "threatened", "requested", "denied", "hypothetical", "future",
)
#: Statuses counted by analytic summaries unless the user asks otherwise.
FACTUAL_STATUSES = ("occurred", "ongoing")

PRECISIONS = ("day", "month", "year", "unknown")
PLACE_PRECISIONS = ("site", "city", "admin1", "country")
SIZE_KINDS = ("dead", "injured", "arrested", "displaced", "crowd")
SPEAKER_KINDS = ("named", "anonymous", "official", "outlet", "publisher")


def _export(name: str, **kw: Any) -> Any:
    """A dataclass field exported under a different (PLOVER) name."""
    return field(metadata={"export": name}, **kw)


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One news report, cleaned and identified by a hash of its text."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, as the source gives it; never invented
    url: str | None = None
    source: str | None = None  # the outlet that published it (the publisher)
    language: str | None = None  # ISO 639-1
    origin: str | None = None  # where tacitus read it: a path, URL or "stdin"
    dateline: str | None = None  # "BAGHDAD, April 26 (Reuters) -" style opening, if any
    translated_from: str | None = None  # ISO 639-1 of the original, from a source note
    source_notes: tuple[str, ...] = ()  # article-level notes: "translated from Arabic; source Al-Siyasa"
    external_id: str | None = None  # the id the input gave (a JSONL "id"), kept for the user


@dataclass(frozen=True)
class Entity:
    """An actor or recipient: a person, organisation, state or group as mentioned in the text."""

    text: str = _export("entity_text")  # as written
    name: str | None = None  # canonical name from the knowledge base; for "it", "the group": what it stands for
    country: str | None = _export("code", default=None)  # ISO 3166 alpha-3 or IGO/UNO/EUR/NGO/ISM/IMG/MNC
    sector: str | None = None  # PLOVER primary sector: GOV, MIL, COP, REB, OPP, JRN, CVL, ...
    kb_id: str | None = _export("identifier_id", default=None)  # Wikidata QID
    office: str | None = None  # the office held at the event's date
    kind: str | None = None  # person, organization, state, group, igo, collective
    start: int | None = None
    end: int | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Place:
    """A resolved place: the event's location, or a toponym in the text."""

    text: str = _export("extracted_place")
    name: str | None = _export("resolved_place", default=None)
    geonames_id: int | None = _export("geonameid", default=None)
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = _export("province", default=None)
    country: str | None = _export("country_code", default=None)  # ISO 3166 alpha-3
    precision: str | None = _export("resolution", default=None)  # site, city, admin1, country
    feature_code: str | None = None  # GeoNames feature code (PPLC, ADM1, PCLI, ...)
    start: int | None = None
    end: int | None = None
    reason: str | None = None  # why this place was chosen as the event's location
    confidence: float = 1.0


@dataclass(frozen=True)
class When:
    """The event's date, resolved against the publication date.

    ``value`` is a TIMEX3 date value ("2011-04", "2012-04-22", "2003"). When the text gives no
    date for the event, ``value`` carries the publication date and ``precision`` is "unknown":
    the publication date is never passed off as the event date.
    """

    value: str | None = None
    precision: str = "unknown"  # day, month, year, unknown
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Subgroup:
    """Part of a figure: "including 8 women"."""

    group: str
    count: int
    text: str | None = None


@dataclass(frozen=True)
class Size:
    """A figure attached to an event: dead, injured, arrested, displaced or crowd size."""

    kind: str  # dead, injured, arrested, displaced, crowd
    min: int | None = None
    max: int | None = None
    text: str | None = None  # "at least 26", "dozens"
    qualifier: str | None = None  # exact, at_least, more_than, up_to, about, nearly, range, vague
    subgroups: tuple[Subgroup, ...] = ()
    affiliation: str | None = None  # who the victims were: "civilians", "MEK members"
    source: str | None = None  # who gives this figure, when reports disagree
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Attribution:
    """One link in the chain of who asserts an event, from the original speaker to the publisher."""

    speaker: str  # as written: "Sources in Baghdad", "Al-Siyasa", "Stop Fundamentalism"
    kind: str  # named, anonymous, official, outlet, publisher
    name: str | None = None  # canonical name where resolved
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    cue: str | None = None  # told, said, warned, according to
    note: str | None = None  # the publisher's source note: "translated from Arabic; source Al-Siyasa"
    start: int | None = None
    end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass(frozen=True)
class FieldSpan:
    """Where in the text a field of the event came from, and how sure tacitus is of it."""

    field: str  # trigger, actor, recipient, where, when, size, status, attribution
    start: int
    end: int
    text: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Evidence:
    """What a person needs to check the record in seconds."""

    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: Span
    spans: tuple[FieldSpan, ...] = ()
    status_cue: Span | None = None


@dataclass(frozen=True)
class Event:
    """One event report: who did what to whom, where, when, and according to whom."""

    id: str
    article_id: str
    category: str = _export("event")  # one of CATEGORIES
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    quad: int | None = _export("quad_code", default=None)  # 1 verbal coop .. 4 material conflict
    intensity: float | None = None  # PLOVER conflict-cooperation score, -10..10
    actor: tuple[Entity, ...] = ()
    recipient: tuple[Entity, ...] = ()
    status: str = "occurred"
    historical: bool = False
    when: When = field(default_factory=When)
    where: Place | None = _export("event_loc", default=None)
    sizes: tuple[Size, ...] = _export("size", default=())
    attribution: tuple[Attribution, ...] = ()
    evidence: Evidence | None = None
    published: str | None = None  # the article's publication date, never a stand-in for `when`
    publisher: str | None = None
    url: str | None = None
    cluster: str | None = None  # id of the real-world event this report belongs to
    sources: int | None = None  # independent sources behind the cluster
    confidence: float = 1.0

    @property
    def date(self) -> str | None:
        """The event date as a TIMEX3 value, or None when the text gives none."""
        return self.when.value if self.when.precision != "unknown" else None


@dataclass(frozen=True)
class Failure:
    """An input that did not become a stored article, and why, in words a person can act on."""

    origin: str  # path, URL, "stdin", or "path:line"
    outcome: str  # "failed" or "skipped"
    code: str  # machine-readable reason, from tacitus.errors
    reason: str  # human-readable reason
    article_id: str | None = None


@dataclass(frozen=True)
class CodedArticle:
    """The coding stage's output for one article: its events and its resolved toponyms."""

    article: Article
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()


# ---------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------

def normalise_for_hash(text: str) -> str:
    return " ".join(text.split())


def article_id(text: str) -> str:
    """The article id: a hash of its whitespace-normalised text. Same text, same id."""
    digest = hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
    return "a" + digest[:24]


def event_id(article: str, trigger_start: int, category: str, n: int = 0) -> str:
    """A deterministic event id from the article, the trigger position and the category."""
    key = f"{article}|{trigger_start}|{category}|{n}"
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------------------------------------
# Export form
# ---------------------------------------------------------------------------------------------

def export_name(f: dataclasses.Field) -> str:
    return f.metadata.get("export", f.name)


def to_export(obj: Any) -> Any:
    """A record as plain JSON-ready data, with PLOVER names (the form written by exports)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {export_name(f): to_export(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        if isinstance(obj, Event):
            out["date"] = obj.date
        return out
    if isinstance(obj, (list, tuple)):
        return [to_export(x) for x in obj]
    return obj


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(field name, export name, type) of a record class, computed once per class."""
    import typing

    hints = typing.get_type_hints(cls)
    return tuple((f.name, export_name(f), hints[f.name]) for f in dataclasses.fields(cls))


def from_export(cls: type, data: Any) -> Any:
    """Inverse of :func:`to_export` for a dataclass type."""
    kwargs = {}
    for name, exported, tp in _fields(cls):
        if exported in data:
            kwargs[name] = _from_value(tp, data[exported])
    return cls(**kwargs)


def _from_value(tp: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_value(args[0], value)
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        return tuple(_from_value(inner, v) for v in value)
    if dataclasses.is_dataclass(tp):
        return from_export(tp, value)
    return value
