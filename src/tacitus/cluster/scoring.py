"""How well a report (a :class:`~tacitus.cluster.units.Unit`) matches a member of a cluster.

The score is a sum of evidence, each term weighted in ``scoring`` of ``data/cluster/clustering.yaml``:

- **text**: cosine of the two story texts' TF-IDF vectors (names, streets, ages, rare words);
- **dates**: event dates that agree raise the score a little; two dates more than a day apart mean
  two events; a report whose own date is vague ("April last year") is compatible with any day
  inside it; without an event date, articles published weeks or months apart lower the score;
- **places**: event locations within a few kilometres raise it, far apart or in different
  countries lower it;
- **figures**: the same death toll raises it, a different one lowers it a little (tolls change);
- **actors**: shared named actors and recipients raise it;
- **syndication**: copies of one story describe the same events.

:func:`pair_score` returns the total with its parts, so a match can be explained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tacitus.cluster.settings import Scoring
from tacitus.cluster.units import STORY, Unit, km, parse_day, span_gap


@dataclass(frozen=True)
class Match:
    """A report's score against one member of a cluster, and its parts."""

    score: float
    text: float
    date: float
    place: float
    figures: float
    actors: float


def _span(u: Unit) -> tuple[dt.date, dt.date] | None:
    if not u.span:
        return None
    a, b = parse_day(u.span[0]), parse_day(u.span[1])
    return (a, b) if a and b else None


def date_term(a: Unit, b: Unit, w: Scoring) -> float:
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:  # no event date on one side: how far apart were they published?
        return _published_gap(a, b, w)
    gap = span_gap(sa, sb)
    both_days = a.precision == "day" and b.precision == "day"
    if gap == 0:
        if both_days:
            return w.date_same_day
        if "year" in (a.precision, b.precision):  # "in 2023" says little: how far apart were they published?
            return _published_gap(a, b, w)
        return w.date_vague
    if gap <= 1:
        return w.date_near
    if a.family == STORY:  # a story runs over days: an arrest or a trial follows the incident
        return _published_gap(a, b, w)
    return w.date_apart


def _published_gap(a: Unit, b: Unit, w: Scoring) -> float:
    pa, pb = parse_day(a.published), parse_day(b.published)
    if pa is None or pb is None:
        return 0.0
    gap = abs((pa - pb).days)
    if gap <= 7:
        return 0.0
    if gap <= 31:
        return w.published_month
    return w.published_far if gap <= 180 else w.published_very_far


def place_term(a: Unit, b: Unit, w: Scoring) -> float:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return 0.0
    if pa.country and pb.country and pa.country != pb.country:
        return w.country_conflict
    if pa.local and pb.local:
        d = km(pa.lat, pa.lon, pb.lat, pb.lon)
        if d <= 10:
            return w.place_same
        if d <= 50:
            return w.place_near
        if d > 150:
            return w.place_far
    return 0.0


def _figure(a: tuple[int, int | None] | None, b: tuple[int, int | None] | None, same: float, differ: float) -> float:
    if a is None or b is None:
        return 0.0
    lo_a, hi_a = a
    lo_b, hi_b = b
    hi_a = lo_a if hi_a is None else hi_a
    hi_b = lo_b if hi_b is None else hi_b
    return same if lo_a <= hi_b and lo_b <= hi_a else differ


def figures_term(a: Unit, b: Unit, w: Scoring) -> float:
    return (_figure(a.figures.get("dead"), b.figures.get("dead"), w.dead_same, w.dead_differ)
            + _figure(a.figures.get("injured"), b.figures.get("injured"), w.injured_same, w.injured_differ))


def actors_term(a: Unit, b: Unit, w: Scoring) -> float:
    if not a.actors or not b.actors:
        return 0.0
    sa, sb = set(a.actors), set(b.actors)
    return w.actors * len(sa & sb) / len(sa | sb)


def pair_score(a: Unit, b: Unit, w: Scoring, similarity: float) -> Match:
    """The evidence that two reports describe one real-world event (higher is stronger).
    ``similarity`` is the cosine of their TF-IDF vectors (:func:`tacitus.cluster.text.cosine`)."""
    text = w.text * similarity
    if a.syndicate and a.syndicate == b.syndicate:
        text = max(text, w.same_syndicate)
    date, place = date_term(a, b, w), place_term(a, b, w)
    figs, actors = figures_term(a, b, w), actors_term(a, b, w)
    total = text + date + place + figs + actors
    if text < w.min_text:  # fields alone never make a match: the stories must share words
        total = min(total, text)
    return Match(round(total, 4), text, date, place, figs, actors)
