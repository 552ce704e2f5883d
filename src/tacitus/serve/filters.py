"""Event filters as the API takes them: query parameters, watchlist bodies, and their store query.

One model, :class:`EventFilters`, validates filters at the trust boundary (query strings and JSON
bodies) and turns them into a :class:`tacitus.store.EventQuery` plus the serving-only quad filter.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tacitus.records import CATEGORIES, STATUSES
from tacitus.store import EventQuery

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]

#: A day, month or year (TIMEX3 style prefix of YYYY-MM-DD).
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
BBOX_PATTERN = r"^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$"
TEXT_MAX = 200


class EventFilters(BaseModel):
    """Filters over events, by the names the API uses in query strings and watchlists."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(None, max_length=TEXT_MAX, description="Actor name (substring), country code or sector.")
    recipient: str | None = Field(None, max_length=TEXT_MAX, description="Recipient name (substring), country code or sector.")
    country: str | None = Field(None, max_length=3, description="Actor or recipient country (ISO 3166 alpha-3 or IGO/UNO/...).")
    sector: str | None = Field(None, max_length=8, description="Actor or recipient sector (GOV, MIL, REB, ...).")
    category: list[Category] = Field(default_factory=list, description="PLOVER event categories (any of).")
    mode: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20, description="PLOVER modes (any of).")
    status: list[Status] = Field(default_factory=list, description="Event statuses (any of); empty = every status for lists.")
    quad: list[Annotated[int, Field(ge=1, le=4)]] = Field(default_factory=list, description="Quad classes 1-4 (any of).")
    since: str | None = Field(None, pattern=DATE_PATTERN, description="First timeline day (YYYY, YYYY-MM or YYYY-MM-DD).")
    until: str | None = Field(None, pattern=DATE_PATTERN, description="Last timeline day (YYYY, YYYY-MM or YYYY-MM-DD).")
    place: str | None = Field(None, max_length=TEXT_MAX, description="Place name (substring) or place country code.")
    bbox: str | None = Field(None, pattern=BBOX_PATTERN, description="Bounding box: min_lon,min_lat,max_lon,max_lat.")
    q: str | None = Field(None, max_length=TEXT_MAX, description="Full-text search over evidence sentences.")
    cluster: str | None = Field(None, max_length=64, description="Cluster id: reports of one real-world event.")
    article: str | None = Field(None, max_length=64, description="Article id.")
    historical: bool | None = Field(None, description="Only events that predate their report (true) or not (false).")
    dedup: bool = Field(False, description="One event per cluster.")

    @field_validator("country", "sector")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.upper() if v else v

    @field_validator("until")
    @classmethod
    def _until_end(cls, v: str | None) -> str | None:
        """A month or year as ``until`` covers all of it."""
        if v and len(v) == 4:
            return v + "-12-31"
        if v and len(v) == 7:
            return v + "-31"
        return v

    def bbox_tuple(self) -> tuple[float, float, float, float] | None:
        if not self.bbox:
            return None
        a, b, c, d = (float(x) for x in re.split(r"\s*,\s*", self.bbox.strip()))
        return a, b, c, d

    def to_query(self) -> EventQuery:
        """The store query for these filters (the quad filter is passed separately)."""
        return EventQuery(
            actor=self.actor or None, recipient=self.recipient or None, country=self.country or None,
            sector=self.sector or None, category=tuple(self.category), mode=tuple(self.mode),
            status=tuple(self.status), since=self.since, until=self.until, place=self.place or None,
            bbox=self.bbox_tuple(), text=self.q or None, cluster=self.cluster or None,
            article_id=self.article or None, historical=self.historical, dedup=self.dedup,
        )

    def non_empty(self) -> dict:
        """The filters that are set, as plain JSON data (for watchlists and links)."""
        return self.model_dump(exclude_defaults=True)


def event_filters(
    actor: Annotated[str | None, Query(max_length=TEXT_MAX, description="Actor name (substring, case-insensitive), country code or sector.")] = None,
    recipient: Annotated[str | None, Query(max_length=TEXT_MAX, description="Recipient name (substring), country code or sector.")] = None,
    country: Annotated[str | None, Query(max_length=3, description="Actor or recipient country code.")] = None,
    sector: Annotated[str | None, Query(max_length=8, description="Actor or recipient sector code.")] = None,
    category: Annotated[list[Category], Query(description="PLOVER category; repeat for any of several.")] = [],  # noqa: B006
    mode: Annotated[list[str], Query(max_length=20, description="PLOVER mode; repeat for several.")] = [],  # noqa: B006
    status: Annotated[list[Status], Query(description="Event status; repeat for several.")] = [],  # noqa: B006
    quad: Annotated[list[int], Query(description="Quad class 1-4; repeat for several.")] = [],  # noqa: B006
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="First timeline day.")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Last timeline day.")] = None,
    place: Annotated[str | None, Query(max_length=TEXT_MAX, description="Place name or place country code.")] = None,
    bbox: Annotated[str | None, Query(pattern=BBOX_PATTERN, description="min_lon,min_lat,max_lon,max_lat")] = None,
    q: Annotated[str | None, Query(max_length=TEXT_MAX, description="Full-text search over evidence sentences.")] = None,
    cluster: Annotated[str | None, Query(max_length=64, description="Cluster id.")] = None,
    article: Annotated[str | None, Query(max_length=64, description="Article id.")] = None,
    historical: Annotated[bool | None, Query(description="Only historical (true) or current (false) events.")] = None,
    dedup: Annotated[bool, Query(description="One event per cluster.")] = False,
) -> EventFilters:
    """FastAPI dependency: the event filters of a request's query string, validated."""
    return EventFilters(
        actor=actor, recipient=recipient, country=country, sector=sector, category=category, mode=mode,
        status=status, quad=quad, since=since, until=until, place=place, bbox=bbox, q=q, cluster=cluster,
        article=article, historical=historical, dedup=dedup,
    )
