"""A cluster's profile: what the clusterer keeps about a cluster to compare reports with, and to
summarise it without reading its events.

Kept as JSON in ``clusters.profile``. Everything in it is bounded or grows with what is genuinely
distinct (outlets, claimants, dates, places), never with the number of reports:

- a few member units (the first ones and the latest ones) that new reports are scored against;
- tallies of categories, event days and places (for the summary columns);
- the span of event dates and of publication dates, and the range of each figure;
- the outlets and syndicate groups as a union-find forest (independent sources are its trees);
- the distinct original claimants.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tacitus.cluster.units import Unit

FIRST_KEPT = 3


@dataclass
class Profile:
    """The mutable working form of ``clusters.profile`` (see the module docstring)."""

    id: str
    family: str
    exemplars: list[Unit] = field(default_factory=list)
    n_units: int = 0
    n_reports: int = 0
    categories: Counter = field(default_factory=Counter)
    days: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    span: list[str] | None = None
    published: list[str] | None = None
    figures: dict[str, list] = field(default_factory=dict)  # kind -> [lowest min, highest max or None]
    parent: dict[str, str] = field(default_factory=dict)  # union-find over "o:outlet" and "s:group" nodes
    origins: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)  # only while a batch runs, never stored

    # -- adding ----------------------------------------------------------------------------------
    def add(self, u: Unit, keep: int) -> None:
        """Fold a unit into the profile; keep at most ``keep`` exemplars (the first and the latest)."""
        self.exemplars.append(u)
        if len(self.exemplars) > keep:
            del self.exemplars[min(FIRST_KEPT, keep - 1)]
        self.n_units += 1
        self.n_reports += len(u.event_ids)
        self.categories.update(u.categories)
        if u.span and u.precision == "day":
            self.days[u.span[0]] += 1
        if u.place is not None:
            p = u.place
            self.places[_place_key(p.name, p.lat, p.lon, p.country, p.precision)] += 1
        if u.span:
            self.span = [min(self.span[0], u.span[0]), max(self.span[1], u.span[1])] if self.span else list(u.span)
        if u.published:
            self.published = ([min(self.published[0], u.published), max(self.published[1], u.published)]
                              if self.published else [u.published, u.published])
        for kind, (lo, hi) in u.figures.items():
            top = lo if hi is None else hi
            if kind in self.figures:
                old_lo, old_hi = self.figures[kind]
                self.figures[kind] = [min(old_lo, lo), max(old_hi, top)]
            else:
                self.figures[kind] = [lo, top]
        outlet = outlet_node(u.outlet, u.article_id)
        self._node(outlet)
        if u.syndicate:
            self._union(outlet, "s:" + u.syndicate)
        if u.origins:  # an unnamed source, or the outlet itself, is a claimant of that outlet only
            for o in u.origins:
                self.origins.add(o if o != "anonymous" else f"anonymous@{outlet}")
        else:
            self.origins.add(f"outlet@{outlet}")
        self.article_ids.add(u.article_id)

    def link_copy(self, outlet: str | None, article_id: str, group: str) -> None:
        """A member article turned out to be a syndicated copy (a copy of it arrived later)."""
        self._union(outlet_node(outlet, article_id), "s:" + group)

    def absorb(self, other: Profile, keep: int) -> None:
        """Merge another cluster's profile into this one."""
        first = self.exemplars[:FIRST_KEPT] + other.exemplars[:FIRST_KEPT]
        rest = self.exemplars[FIRST_KEPT:] + other.exemplars[FIRST_KEPT:]
        merged = first + rest
        self.exemplars = merged[:FIRST_KEPT] + merged[FIRST_KEPT:][-(keep - FIRST_KEPT):] if len(merged) > keep else merged
        self.n_units += other.n_units
        self.n_reports += other.n_reports
        self.categories.update(other.categories)
        self.days.update(other.days)
        self.places.update(other.places)
        for attr in ("span", "published"):
            a, b = getattr(self, attr), getattr(other, attr)
            if b:
                setattr(self, attr, [min(a[0], b[0]), max(a[1], b[1])] if a else list(b))
        for kind, (lo, hi) in other.figures.items():
            if kind in self.figures:
                self.figures[kind] = [min(self.figures[kind][0], lo), max(self.figures[kind][1], hi)]
            else:
                self.figures[kind] = [lo, hi]
        for node in other.parent:
            self._union(node, other._find(node))
        self.origins |= other.origins
        self.article_ids |= other.article_ids

    # -- union-find over outlets and syndicate groups ------------------------------------------
    def _node(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def _find(self, x: str) -> str:
        self._node(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    # -- summaries -------------------------------------------------------------------------------
    @property
    def sources(self) -> int:
        """Independent outlets: outlets joined by syndicated copies count once."""
        return len({self._find(n) for n in self.parent if n.startswith("o:")})

    @property
    def outlets(self) -> list[str]:
        return sorted(n[2:] for n in self.parent if n.startswith("o:"))

    @property
    def attributions(self) -> int:
        """Distinct original claimants; unnamed sources and outlets' own claims count once per
        independent source."""
        out = set()
        for o in self.origins:
            prefix, sep, node = o.partition("@")
            out.add(f"{prefix}@{self._find(node)}" if sep and node in self.parent else o)
        return len(out)

    def best_day(self) -> str | None:
        if not self.days:
            return None
        return min(self.days.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def best_place(self) -> tuple | None:
        if not self.places:
            return None
        key = min(self.places.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return tuple(_parse_place_key(key))

    def best_category(self) -> str | None:
        if not self.categories:
            return None
        return min(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    # -- storage ---------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "family": self.family, "exemplars": [u.to_json() for u in self.exemplars], "n_units": self.n_units,
            "n_reports": self.n_reports, "categories": dict(self.categories), "days": dict(self.days),
            "places": dict(self.places), "span": self.span, "published": self.published, "figures": self.figures,
            "parent": self.parent, "origins": sorted(self.origins),
        }

    @classmethod
    def from_json(cls, cluster_id: str, d: dict) -> Profile:
        return cls(
            id=cluster_id, family=d["family"], exemplars=[Unit.from_json(u) for u in d.get("exemplars", [])],
            n_units=d.get("n_units", 0), n_reports=d.get("n_reports", 0),
            categories=Counter(d.get("categories") or {}), days=Counter(d.get("days") or {}),
            places=Counter(d.get("places") or {}), span=d.get("span"), published=d.get("published"),
            figures={k: list(v) for k, v in (d.get("figures") or {}).items()}, parent=dict(d.get("parent") or {}),
            origins=set(d.get("origins") or ()),
        )


def outlet_node(outlet: str | None, article_id: str) -> str:
    """The union-find node of an outlet (an article without an outlet stands for itself)."""
    return "o:" + " ".join((outlet or article_id).lower().split())


def _place_key(name, lat, lon, country, precision) -> str:
    return "|".join("" if v is None else str(v).replace("|", "/") for v in (name, lat, lon, country, precision))


def _parse_place_key(key: str) -> list:
    name, lat, lon, country, precision = key.split("|")
    return [name or None, float(lat) if lat else None, float(lon) if lon else None, country or None,
            precision or None]
