"""Reports as the clusterer sees them: one :class:`Unit` per article and real-world event.

An article often reports one event in several sentences ("a man was shot ...", "he died in
hospital ...") and sometimes several events (the shooting, and an arrest days later). The coder
gives an event record per sentence; :func:`article_units` groups the records of one article that
belong together (same category family and status class, dates and places that do not conflict)
into units, and a unit is what gets compared across articles. Every event of a unit ends up in
the unit's cluster.

A unit carries what the comparison needs, in plain values that serialise to JSON
(:meth:`Unit.to_json`): the family, the event-date span, the place, the named actors, the death
and injury figures, the first link of each attribution chain, the outlet, the syndicate group and
the heaviest words of the article's story text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tacitus.cluster.settings import family_key
from tacitus.records import CodedArticle, Event

FIGURE_KINDS = ("dead", "injured")
#: Family of story units: one per article, clustered into stories (see :func:`story_unit`).
STORY = "story"
#: Index of the story unit among an article's units.
STORY_INDEX = -1
#: Date precisions precise enough to place a story in time.
DATED = ("day", "week", "month")
#: Places precise enough to compare by distance.
LOCAL_PRECISIONS = ("site", "city")
#: Within one article, events of a family whose dates lie further apart than this are different
#: events (the story's shooting and an earlier one it recalls); closer dates are one event told twice
#: (and often a date misread).
SAME_ARTICLE_DAYS = 3


@dataclass(frozen=True)
class PlaceRef:
    """The place of a unit: a name, a point when known, the country and admin1, the precision."""

    name: str | None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: str | None = None

    @property
    def local(self) -> bool:
        return self.lat is not None and self.lon is not None and self.precision in LOCAL_PRECISIONS


@dataclass(frozen=True)
class Unit:
    """The events of one article about one real-world event, with what clustering compares."""

    article_id: str
    index: int  # position among the article's units
    family: str  # family key: "violence", "violence:intended", ...
    event_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # category of each event, in the order of event_ids
    published: str | None = None
    outlet: str | None = None
    syndicate: str | None = None  # group id when the article is a syndicated copy
    span: tuple[str, str] | None = None  # first and last day of the event date; None when the text gives none
    precision: str = "unknown"  # day, week, month, year, unknown
    place: PlaceRef | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # named actors and recipients (knowledge-base id or canonical name)
    figures: Mapping[str, tuple[int, int | None]] = field(default_factory=dict)  # kind -> (min, max)
    origins: tuple[str, ...] = ()  # first link of each report's attribution chain
    historical: bool = False
    gravity: float = 0.0  # the strongest conflict intensity among its events (-intensity, 0..10)
    terms: Mapping[str, float] = field(default_factory=dict)  # heaviest words -> log term frequency

    @functools.cached_property
    def key(self) -> str:
        """``article_id#index``: the unit's id in the store."""
        return f"{self.article_id}#{self.index}"

    @property
    def source_key(self) -> str:
        """Who published it, for counting independent sources: the syndicate group, else the outlet."""
        if self.syndicate:
            return "s:" + self.syndicate
        return "o:" + (self.outlet or self.article_id).lower()

    def to_json(self) -> dict:
        p = self.place
        return {
            "a": self.article_id, "i": self.index, "f": self.family, "e": list(self.event_ids),
            "c": list(self.categories), "p": self.published, "o": self.outlet, "s": self.syndicate,
            "d": list(self.span) if self.span else None, "dp": self.precision,
            "g": [p.name, p.lat, p.lon, p.country, p.admin1, p.precision] if p else None,
            "n": list(self.countries), "x": list(self.actors),
            "k": {k: list(v) for k, v in self.figures.items()}, "r": list(self.origins),
            "h": self.historical, "y": self.gravity, "v": dict(self.terms),
        }

    @classmethod
    def from_json(cls, d: Mapping) -> Unit:
        g = d.get("g")
        return cls(
            article_id=d["a"], index=d["i"], family=d["f"], event_ids=tuple(d.get("e") or ()),
            categories=tuple(d.get("c") or ()), published=d.get("p"), outlet=d.get("o"), syndicate=d.get("s"),
            span=tuple(d["d"]) if d.get("d") else None, precision=d.get("dp") or "unknown",
            place=PlaceRef(*g) if g else None, countries=tuple(d.get("n") or ()), actors=tuple(d.get("x") or ()),
            figures={k: (v[0], v[1]) for k, v in (d.get("k") or {}).items()}, origins=tuple(d.get("r") or ()),
            historical=bool(d.get("h")), gravity=d.get("y") or 0.0, terms=d.get("v") or {},
        )


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def date_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 date value covers ("2011-04" -> April 1-30), or None."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.match(value):
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + dt.timedelta(days=6)
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def precision_of(span: tuple[dt.date, dt.date] | None) -> str:
    if span is None:
        return "unknown"
    days = (span[1] - span[0]).days
    return "day" if days < 1 else "week" if days < 7 else "month" if days < 32 else "year"


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def event_span(ev: Event) -> tuple[dt.date, dt.date] | None:
    """The days the event's own date covers; None when the text gives no date for it."""
    if ev.when.precision == "unknown":
        return None
    return date_span(ev.when.value)


def span_gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two spans (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------
def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _place_ref(ev: Event) -> PlaceRef | None:
    w = ev.where
    if w is None or (w.lat is None and not w.country):
        return None
    return PlaceRef(w.name or w.text, w.lat, w.lon, w.country, w.admin1, w.precision)


def _places_conflict(a: PlaceRef | None, b: PlaceRef | None, max_km: float = 50.0) -> bool:
    if a is None or b is None:
        return False
    if a.local and b.local:
        return km(a.lat, a.lon, b.lat, b.lon) > max_km
    return bool(a.country and b.country and a.country != b.country)


_PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "country": 3}


def _best_place(places: Sequence[PlaceRef]) -> PlaceRef | None:
    """The most often named place among the most precise ones."""
    if not places:
        return None
    best_rank = min(_PRECISION_RANK.get(p.precision or "", 4) for p in places)
    top = [p for p in places if _PRECISION_RANK.get(p.precision or "", 4) == best_rank]
    counts = Counter((p.name, p.lat, p.lon) for p in top)
    name = counts.most_common(1)[0][0]
    return next(p for p in top if (p.name, p.lat, p.lon) == name)


# ---------------------------------------------------------------------------------------------
# Other fields
# ---------------------------------------------------------------------------------------------
def actor_keys(ev: Event) -> list[str]:
    """Named participants of an event: knowledge-base ids, else canonical names (never bare text)."""
    out = []
    for en in (*ev.actor, *ev.recipient):
        if en.kb_id:
            out.append("kb:" + en.kb_id)
        elif en.name and en.kind in ("person", "organization", "group"):
            out.append("name:" + en.name.lower())
    return out


def origin_of(ev: Event) -> str | None:
    """Who first asserts the event (the first link of its attribution chain), as a comparable key.

    Returns ``"anonymous"`` for an unnamed source, ``None`` when the publisher asserts it itself.
    """
    if not ev.attribution:
        return None
    first = ev.attribution[0]
    if first.kind == "publisher":
        return None
    if first.kind == "anonymous":
        return "anonymous"
    name = first.kb_id or first.name or first.speaker
    return "speaker:" + " ".join(name.lower().split())


def figures_of(events: Sequence[Event]) -> dict[str, tuple[int, int | None]]:
    """Per figure kind, the largest lower bound and the largest upper bound an article gives."""
    out: dict[str, tuple[int, int | None]] = {}
    for ev in events:
        for s in ev.sizes:
            if s.kind not in FIGURE_KINDS or s.min is None:
                continue
            hi = s.max  # None: open-ended ("at least 26")
            if s.kind in out:
                lo0, hi0 = out[s.kind]
                lo = max(lo0, s.min)
                hi = None if hi0 is None or hi is None else max(hi0, hi)
                out[s.kind] = (lo, hi if hi is None or hi >= lo else lo)
            else:
                out[s.kind] = (s.min, hi)
    return out


# ---------------------------------------------------------------------------------------------
# Grouping an article's events into units
# ---------------------------------------------------------------------------------------------
@dataclass
class _Group:
    family: str
    events: list[Event]
    span: tuple[dt.date, dt.date] | None
    place: PlaceRef | None

    def accepts(self, ev: Event, span, place) -> bool:
        if family_key(ev.category, ev.status) != self.family:
            return False
        if span is None or self.span is None:
            return True  # an undated mention of the same kind of event carries on the story's event
        if span_gap(span, self.span) > SAME_ARTICLE_DAYS:
            return False
        return not _places_conflict(place, self.place)  # same days, far-apart places: two attacks


def _position(ev: Event) -> int:
    return ev.evidence.trigger.start if ev.evidence else 0


def group_events(events: Sequence[Event]) -> list[list[Event]]:
    """The article's events grouped by real-world event, in order of first mention."""
    groups: list[_Group] = []
    for ev in sorted(events, key=_position):
        span, place = event_span(ev), _place_ref(ev)
        for g in groups:
            if g.accepts(ev, span, place):
                g.events.append(ev)
                g.span = g.span or span
                if g.place is None or (place is not None and place.local and not g.place.local):
                    g.place = place
                break
        else:
            groups.append(_Group(family_key(ev.category, ev.status), [ev], span, place))
    return [g.events for g in groups]


def article_units(coded: CodedArticle, terms: Mapping[str, float], *, syndicate: str | None = None,
                  sentence_terms: Mapping[str, Mapping[str, float]] | None = None) -> list[Unit]:
    """The units of one coded article. ``terms`` are the heaviest words of its story text
    (:func:`tacitus.cluster.text.select_terms`); ``sentence_terms`` (optional) those of each event's
    evidence sentence, by event id: a unit's own sentences count half again on top of its article's."""
    from tacitus.cluster.text import add_terms

    art = coded.article
    fallback = article_place(coded)
    out = []
    for i, events in enumerate(group_events(coded.events)):
        spans = [s for ev in events if (s := event_span(ev)) is not None]
        span = min(spans, key=lambda s: ((s[1] - s[0]).days, s[0])) if spans else None
        places = [p for ev in events if (p := _place_ref(ev)) is not None]
        countries = sorted({en.country for ev in events for en in (*ev.actor, *ev.recipient) if en.country}
                           | {p.country for p in places if p.country})
        actors = sorted({a for ev in events for a in actor_keys(ev)})
        origins = sorted({o for ev in events if (o := origin_of(ev)) is not None})
        local = [sentence_terms[ev.id] for ev in events if sentence_terms and ev.id in sentence_terms]
        vec = add_terms(terms, [(t, 0.5 / len(local)) for t in local])
        out.append(Unit(
            article_id=art.id, index=i, family=family_key(events[0].category, events[0].status),
            event_ids=tuple(ev.id for ev in events), categories=tuple(ev.category for ev in events),
            published=art.published, outlet=art.source, syndicate=syndicate,
            span=(span[0].isoformat(), span[1].isoformat()) if span else None, precision=precision_of(span),
            place=_best_place(places) or fallback, countries=tuple(countries or ([fallback.country] if fallback
                                                                                 and fallback.country else [])), actors=tuple(actors),
            figures=figures_of(events), origins=tuple(origins),
            historical=any(ev.historical for ev in events),
            gravity=max(max(0.0, -(ev.intensity or 0.0)) for ev in events), terms=vec,
        ))
    return out


def principal_unit(units: Sequence[Unit]) -> Unit | None:
    """The unit an article is mainly about: the gravest event it reports as having happened
    (highest PLOVER conflict intensity), then the one told in most sentences, then the one
    mentioned first. Follow-up stories (an arrest, a plea) thus map to the incident they follow."""
    if not units:
        return None
    factual = [u for u in units if ":" not in u.family] or list(units)
    return max(factual, key=lambda u: (u.gravity, len(u.event_ids), -u.index))


def article_place(coded: CodedArticle) -> PlaceRef | None:
    """The place an article is mostly about: its most named city or site, else its most named
    admin1 region (from the article's resolved toponyms); None when it names none."""
    for wanted in (LOCAL_PRECISIONS, ("admin1",)):
        counts: Counter = Counter()
        first: dict = {}
        for p in coded.places:
            if p.precision in wanted and p.lat is not None:
                key = (p.name, p.lat, p.lon)
                counts[key] += 1
                first.setdefault(key, p)
        if counts:
            key = max(counts, key=lambda k: (counts[k], -list(first).index(k)))
            p = first[key]
            return PlaceRef(p.name or p.text, p.lat, p.lon, p.country, p.admin1, p.precision)
    return None


def story_unit(coded: CodedArticle, units: Sequence[Unit], terms: Mapping[str, float], *,
               syndicate: str | None = None) -> Unit:
    """The article as a whole, for story clustering: every article that covers one incident
    (the first report, follow-ups, an arrest, a trial) belongs to one story, whichever events the
    coder found in it. Its date, place, figures and actors are those of the article's principal
    event (its place, else the place the article names most); its text is the whole story's."""
    art = coded.article
    lead = principal_unit(units)
    place = lead.place if lead is not None and lead.place is not None else article_place(coded)
    return Unit(
        article_id=art.id, index=STORY_INDEX, family=STORY, published=art.published, outlet=art.source,
        syndicate=syndicate,
        span=lead.span if lead is not None and lead.precision in DATED else None,
        precision=lead.precision if lead is not None and lead.precision in DATED else "unknown",
        place=place, countries=lead.countries if lead is not None else ((place.country,) if place and place.country
                                                                          else ()),
        actors=lead.actors if lead is not None else (), figures=dict(lead.figures) if lead is not None else {},
        origins=tuple(sorted({o for u in units for o in u.origins})), terms=dict(terms),
    )
