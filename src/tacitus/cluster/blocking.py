"""Blocking: the few clusters a new report is compared with.

A report is never compared with every cluster. Each cluster is filed under keys made of its
category family (with status class), a place and a time:

- place: a cell of about 55 km around the event location, the admin1 region, the country (the
  event location's, else the actors');
- time: the ISO weeks, months and year the event date covers (the publication date stands in,
  with a few days' slack, when the text gives no date);
- also its named actors (by month) and the rarest words of its reports (victims' names, streets).

A report looks up the keys around its own place and date (the neighbouring cells, the weeks
within the date window) and reads at most ``per_key`` clusters per key, the most recent first.
The work per report is therefore bounded, whatever the size of the store.
"""

from __future__ import annotations

import datetime as dt
import math

from tacitus.cluster.settings import Blocking
from tacitus.cluster.units import Unit, parse_day


def effective_span(u: Unit, cfg: Blocking) -> tuple[dt.date, dt.date] | None:
    """The event's own date span, else the days before publication it most likely happened on."""
    if u.span:
        a, b = parse_day(u.span[0]), parse_day(u.span[1])
        if a and b:
            return a, b
    pub = parse_day(u.published)
    if pub is None:
        return None
    return pub - dt.timedelta(days=cfg.unknown_date_days), pub


def _weeks(a: dt.date, b: dt.date) -> list[str]:
    out, d = [], a - dt.timedelta(days=a.weekday())
    while d <= b:
        y, w, _ = d.isocalendar()
        out.append(f"w{y}-{w:02d}")
        d += dt.timedelta(days=7)
    return out


def _months(a: dt.date, b: dt.date) -> list[str]:
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append(f"m{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _years(a: dt.date, b: dt.date) -> list[str]:
    return [f"y{y}" for y in range(a.year, b.year + 1)]


def _kind(span: tuple[dt.date, dt.date]) -> str:
    days = (span[1] - span[0]).days
    return "short" if days <= 14 else "month" if days <= 62 else "long"


def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return math.floor(lat / size), math.floor(lon / size)


def _country(u: Unit) -> str:
    if u.place and u.place.country:
        return u.place.country
    return u.countries[0] if u.countries else "-"


def place_tokens(u: Unit, cfg: Blocking, *, query: bool) -> list[str]:
    out = []
    p = u.place
    if p is not None and p.local:
        i, j = _cell(p.lat, p.lon, cfg.cell_degrees)
        cells = [(i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)] if query else [(i, j)]
        out.extend(f"g{a}_{b}" for a, b in cells)
    if p is not None and p.admin1 and p.country:
        out.append(f"a{p.country}/{p.admin1}")
    out.append("c" + _country(u))
    return out


def time_tokens(u: Unit, cfg: Blocking, *, query: bool) -> list[str]:
    span = effective_span(u, cfg)
    if span is None:
        return ["tnone"]
    kind = _kind(span)
    if kind == "short":
        if query:
            pad = dt.timedelta(days=cfg.window_days)
            return _weeks(span[0] - pad, span[1] + pad)
        return _weeks(*span) + _months(*span) + _years(*span)
    if kind == "month":
        return _months(*span) + ([] if query else _years(*span))
    return _years(*span)


def actor_time_tokens(u: Unit, cfg: Blocking, *, query: bool) -> list[str]:
    span = effective_span(u, cfg)
    if span is None:
        return ["tnone"]
    if _kind(span) == "long":
        return _years(*span)
    pad = dt.timedelta(days=cfg.window_days if query else 0)
    return _months(span[0] - pad, span[1] + pad)


def keys(u: Unit, cfg: Blocking, rare_terms: list[str], *, query: bool) -> list[str]:
    """The blocking keys a cluster holding ``u`` is filed under (``query=False``), or the keys a
    new report ``u`` looks up (``query=True``)."""
    fam = u.family
    out = [f"{fam}|{p}|{t}" for p in place_tokens(u, cfg, query=query) for t in time_tokens(u, cfg, query=query)]
    actor_times = actor_time_tokens(u, cfg, query=query)
    out += [f"{fam}|x:{a}|{t}" for a in u.actors for t in actor_times]
    out += [f"{fam}|t:{term}" for term in rare_terms]
    return list(dict.fromkeys(out))


def recency(u: Unit, cfg: Blocking) -> str:
    """The day a key row is ordered by (the end of the report's effective span)."""
    span = effective_span(u, cfg)
    return span[1].isoformat() if span else ""
