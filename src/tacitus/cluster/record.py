"""The cluster record: one real-world event, the reports behind it, and how well it is sourced.

:func:`build_cluster` turns a cluster's stored events into a :class:`Cluster`:

- the **canonical event**: each field from its best-supported report. A value's support is the
  number of independent sources (syndicate groups, else outlets) whose reports give it; ties go to
  the more precise value, then to the earlier report. Figures are not voted on: the canonical
  death toll is the range of all reports' tolls ("12–15"), never an average;
- every **report**, with its own date, place, figures and original claimant;
- the first and latest **report dates**;
- the **independent sources** (outlets, with syndicated copies merged into one) and the
  **original attributions** (distinct first links of the reports' attribution chains).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from tacitus.records import Event, Size

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}
PLACE_RANK = {"site": 0, "city": 1, "admin1": 2, "country": 3}


@dataclass(frozen=True)
class ClusterReport:
    """One report behind a cluster: an event record of one article, with its own figures."""

    event_id: str
    article_id: str
    outlet: str | None
    published: str | None
    category: str
    status: str
    date: str | None  # the event date this report gives (TIMEX3 value), None when it gives none
    place: str | None
    sizes: tuple[Size, ...] = ()
    origin: str | None = None  # who first asserts it (first link of the attribution chain)
    syndicate: str | None = None  # syndicate group when the article is a copy of another
    sentence: str | None = None


@dataclass(frozen=True)
class Cluster:
    """One real-world event across articles.

    ``event`` is the canonical record (its id, evidence and attribution are those of the report it
    was built on; every other field comes from the best-supported report). ``sources`` counts
    independent outlets (syndicated copies count once), ``attributions`` distinct original
    claimants. ``figures`` gives each casualty kind as a range over the reports, ``agreed`` the
    figure most independent sources give (:func:`agreed_figures`).
    """

    id: str
    event: Event
    reports: tuple[ClusterReport, ...]
    n_reports: int
    n_articles: int
    sources: int
    attributions: int
    outlets: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    first_report: str | None = None
    latest_report: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    figures: tuple[Size, ...] = ()
    agreed: tuple[Size, ...] = ()


def _source_key(ev: Event, syndicates: Mapping[str, str]) -> str:
    group = syndicates.get(ev.article_id)
    return ("s:" + group) if group else ("o:" + (ev.publisher or ev.article_id).lower())


def _vote(events: Sequence[Event], key: Callable[[Event], Hashable | None], syndicates: Mapping[str, str],
          rank: Callable[[Event], tuple] = lambda ev: ()) -> Event | None:
    """The event carrying the value with most independent support (ties: ``rank``, then earliest)."""
    support: dict[Hashable, set[str]] = defaultdict(set)
    first: dict[Hashable, Event] = {}
    for ev in events:
        k = key(ev)
        if k is None:
            continue
        support[k].add(_source_key(ev, syndicates))
        cur = first.get(k)
        if cur is None or (rank(ev), ev.published or "", ev.id) < (rank(cur), cur.published or "", cur.id):
            first[k] = ev
    if not support:
        return None
    best = min(support, key=lambda k: (-len(support[k]), rank(first[k]), first[k].published or "", str(k)))
    return first[best]


def _entities_key(entities) -> tuple | None:
    names = tuple(sorted((e.kb_id or e.name or e.text or "").lower() for e in entities))
    return names or None


def figure_ranges(events: Sequence[Event]) -> tuple[Size, ...]:
    """Per size kind, the range over every report's figure (lowest minimum to highest maximum)."""
    by_kind: dict[str, list[Size]] = defaultdict(list)
    for ev in events:
        for s in _largest_by_kind(ev).values():
            by_kind[s.kind].append(s)
    out = []
    for kind in sorted(by_kind):
        sizes = by_kind[kind]
        lo = min(s.min for s in sizes)
        open_ended = any(s.max is None and s.qualifier in ("at_least", "more_than") for s in sizes)
        hi = max((s.max if s.max is not None else s.min) for s in sizes)
        if lo == hi and not open_ended:
            text, qualifier = str(lo), "exact"
        elif open_ended and lo == hi:
            text, qualifier = f"at least {lo}", "at_least"
        else:
            text, qualifier = f"{lo}–{hi}", "range"
        out.append(Size(kind=kind, min=lo, max=None if open_ended and lo == hi else hi, text=text,
                        qualifier=qualifier, source=f"{len(sizes)} report{'s' if len(sizes) != 1 else ''}"))
    return tuple(out)


def most_supported(votes: Sequence[tuple[Hashable, float]]) -> Hashable | None:
    """The value with the most support among ``(value, weight)`` votes given oldest first. A tie
    goes to the value voted last: a later report knows more (the wounded of the first night's
    story may since have died)."""
    support: dict[Hashable, float] = {}
    last: dict[Hashable, int] = {}
    for order, (value, weight) in enumerate(votes):
        support[value] = support.get(value, 0.0) + weight
        last[value] = order
    return max(support, key=lambda v: (support[v], last[v])) if support else None


def _largest_by_kind(ev: Event) -> dict[str, Size]:
    """One figure per kind and report: its largest."""
    best: dict[str, Size] = {}
    for s in ev.sizes:
        if s.min is not None and (s.kind not in best or s.min > best[s.kind].min):
            best[s.kind] = s
    return best


def agreed_figures(events: Sequence[Event], syndicates: Mapping[str, str]) -> tuple[Size, ...]:
    """Per size kind, the figure most independent sources give (:func:`most_supported`).

    Each source (an outlet; syndicated copies are one) votes once, with its latest report's
    figure; reports that give no figure of a kind do not vote on it. The figure keeps the words
    and bound of the latest report that gives it; its ``source`` says how many sources agree."""
    latest: dict[str, dict[str, tuple[int, Size]]] = defaultdict(dict)  # kind -> source -> latest figure
    for order, ev in enumerate(sorted(events, key=lambda ev: (ev.published or "", ev.id))):
        for kind, size in _largest_by_kind(ev).items():
            latest[kind][_source_key(ev, syndicates)] = (order, size)
    out = []
    for kind in sorted(latest):
        sizes = [size for _, size in sorted(latest[kind].values(), key=lambda x: x[0])]
        value = most_supported([(s.min, 1.0) for s in sizes])
        agree = [s for s in sizes if s.min == value]
        n = f"{len(sizes)} source{'s' if len(sizes) != 1 else ''}"
        out.append(dataclasses.replace(agree[-1], source=f"{len(agree)} of {n}"))
    return tuple(out)


def canonical_event(events: Sequence[Event], syndicates: Mapping[str, str], cluster_id: str,
                    sources: int) -> Event:
    """The cluster's canonical event, each field from its best-supported report."""
    base = _vote(events, lambda ev: (ev.category, ev.mode), syndicates) or events[0]
    same = [ev for ev in events if ev.category == base.category] or list(events)
    status = _vote(same, lambda ev: ev.status, syndicates) or base
    actor = _vote(same, lambda ev: _entities_key(ev.actor), syndicates) or base
    recipient = _vote(same, lambda ev: _entities_key(ev.recipient), syndicates) or base
    when = _vote(events, lambda ev: ev.when.value if ev.when.precision != "unknown" else None, syndicates,
                 rank=lambda ev: (PRECISION_RANK.get(ev.when.precision, 3),)) or base
    where = _vote(events, lambda ev: (ev.where.geonames_id or ev.where.name or ev.where.text) if ev.where else None,
                  syndicates, rank=lambda ev: (PLACE_RANK.get(ev.where.precision or "", 4),)) or base
    origin = _vote(events, lambda ev: (ev.attribution[0].kb_id or ev.attribution[0].name
                                       or ev.attribution[0].speaker).lower() if ev.attribution else None,
                   syndicates) or base
    first = min(events, key=lambda ev: (ev.published or "", ev.id))
    return dataclasses.replace(
        base,
        category=base.category, mode=base.mode, status=status.status, actor=actor.actor,
        recipient=recipient.recipient, when=when.when, historical=when.historical, where=where.where,
        sizes=figure_ranges(events), attribution=origin.attribution, published=first.published,
        cluster=cluster_id, sources=sources,
    )


def build_cluster(cluster_id: str, events: Sequence[Event], row: Mapping, syndicates: Mapping[str, str],
                  outlets: Sequence[str] = (), origins: Sequence[str] = ()) -> Cluster:
    """A :class:`Cluster` from its events (any order), its ``clusters`` row and the syndicate group of
    each of its articles."""
    events = sorted(events, key=lambda ev: (ev.published or "", ev.article_id, ev.evidence.trigger.start
                                            if ev.evidence else 0, ev.id))
    reports = tuple(
        ClusterReport(
            event_id=ev.id, article_id=ev.article_id, outlet=ev.publisher, published=ev.published,
            category=ev.category, status=ev.status, date=ev.date,
            place=(ev.where.name or ev.where.text) if ev.where else None, sizes=ev.sizes,
            origin=ev.attribution[0].speaker if ev.attribution and ev.attribution[0].kind != "publisher" else None,
            syndicate=syndicates.get(ev.article_id), sentence=ev.evidence.sentence if ev.evidence else None,
        )
        for ev in events
    )
    sources = int(row["sources"])
    canonical = canonical_event(events, syndicates, cluster_id, sources) if events else None
    return Cluster(
        id=cluster_id, event=canonical, reports=reports, n_reports=int(row["n_reports"]),
        n_articles=int(row["n_articles"]), sources=sources, attributions=int(row["attributions"]),
        outlets=tuple(outlets), origins=tuple(origins), first_report=row["first_report"],
        latest_report=row["latest_report"], date_start=row["date_start"], date_end=row["date_end"],
        figures=figure_ranges(events), agreed=agreed_figures(events, syndicates),
    )


@dataclass(frozen=True)
class Story:
    """The articles that cover one real-world incident: first reports, follow-ups, copies.

    Coarser than an event cluster: a shooting, the arrest that follows and the trial are three
    events (three clusters) of one story. ``clusters`` are the event clusters of its articles."""

    id: str
    article_ids: tuple[str, ...]
    clusters: tuple[str, ...]
    n_articles: int
    sources: int
    outlets: tuple[str, ...] = ()
    first_report: str | None = None
    latest_report: str | None = None
    day: str | None = None
    place: str | None = None
