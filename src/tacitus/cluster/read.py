"""Reading clusters back from the store: pages of cluster summaries and whole cluster records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from tacitus.cluster.profile import Profile
from tacitus.cluster.record import Cluster, Story, build_cluster
from tacitus.cluster.units import STORY, STORY_INDEX

#: Columns of a cluster summary (one ``clusters`` row without its profile).
SUMMARY_COLUMNS = (
    "id", "family", "category", "day", "date_start", "date_end", "place_name", "place_country", "lat", "lon",
    "n_reports", "n_articles", "sources", "attributions", "first_report", "latest_report", "dead_min", "dead_max",
    "injured_min", "injured_max",
)
ORDER_KEY = "COALESCE(c.day, c.first_report, '')"


def cluster_page(conn: sqlite3.Connection, query, *, limit: int | None = 50, after: str | None = None,
                 min_sources: int | None = None, order: str = "asc", kind: str = "event"
                 ) -> tuple[list[dict], str | None]:
    """Cluster summaries (dicts of :data:`SUMMARY_COLUMNS`), ordered by event day then id, and the
    cursor of the next page (the last id), or None when this page is the last.

    ``kind="event"``: event clusters holding at least one event that matches ``query`` (an
    :class:`tacitus.store.EventQuery`). ``kind="story"``: stories (the articles covering one
    incident) with an article holding such an event."""
    from tacitus.store import build_where

    if order not in ("asc", "desc") or kind not in ("event", "story"):
        raise ValueError("order must be asc or desc, kind event or story")
    clauses: list[str] = ["c.family = ?" if kind == "story" else "c.family != ?"]
    params: list = [STORY]
    where, wparams = build_where(_without_paging(query))
    if where and kind == "event":
        clauses.append(f"c.id IN (SELECT e.cluster_id FROM events e{where})")
        params.extend(wparams)
    elif where:
        clauses.append(f"c.id IN (SELECT m.cluster_id FROM cluster_members m WHERE m.unit = {STORY_INDEX} AND "
                       f"m.article_id IN (SELECT e.article_id FROM events e{where}))")
        params.extend(wparams)
    if min_sources:
        clauses.append("c.sources >= ?")
        params.append(int(min_sources))
    if after:
        row = conn.execute(f"SELECT {ORDER_KEY.replace('c.', '')} AS k, id FROM clusters WHERE id = ?",
                           (after,)).fetchone()
        if row is not None:
            op = ">" if order == "asc" else "<"
            clauses.append(f"({ORDER_KEY} {op} ? OR ({ORDER_KEY} = ? AND c.id {op} ?))")
            params.extend([row[0], row[0], row[1]])
    sql = f"SELECT {', '.join('c.' + col for col in SUMMARY_COLUMNS)} FROM clusters c WHERE " + " AND ".join(clauses)
    direction = "ASC" if order == "asc" else "DESC"
    sql += f" ORDER BY {ORDER_KEY} {direction}, c.id {direction}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit) + 1)
    rows = [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in conn.execute(sql, params)]
    cursor = None
    if limit is not None and len(rows) > limit:
        rows = rows[:limit]
        cursor = rows[-1]["id"] if rows else None
    return rows, cursor


def _without_paging(query):
    import dataclasses

    return dataclasses.replace(query, limit=None, after=None, dedup=False)


def syndicate_groups(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """The syndicate group of each of these articles that has one."""
    out: dict[str, str] = {}
    ids = list(dict.fromkeys(article_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = conn.execute(
            f"SELECT article_id, group_id FROM syndicates WHERE article_id IN ({','.join('?' * len(chunk))})", chunk
        )
        out.update((a, g) for a, g in rows)
    return out


def load_cluster(conn: sqlite3.Connection, cluster_id: str, *, max_reports: int | None = None) -> Cluster | None:
    """The whole record of one cluster, or None when there is no such cluster.

    ``max_reports`` bounds how many reports are read (the earliest); counts stay exact."""
    from tacitus.store import event_from_row

    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        return None
    sql = "SELECT * FROM events WHERE cluster_id = ? ORDER BY COALESCE(published, ''), id"
    params: list = [cluster_id]
    if max_reports is not None:
        sql += " LIMIT ?"
        params.append(int(max_reports))
    events = [event_from_row(r) for r in conn.execute(sql, params)]
    synd = syndicate_groups(conn, [ev.article_id for ev in events])
    profile = Profile.from_json(cluster_id, json.loads(row["profile"]))
    return build_cluster(cluster_id, events, row, synd, outlets=profile.outlets, origins=sorted(profile.origins))


def article_clusters(conn: sqlite3.Connection, article_id: str) -> list[tuple[str, bool]]:
    """The clusters an article's events belong to, as (cluster id, is the article's main event)."""
    rows = conn.execute("SELECT cluster_id, principal FROM cluster_members WHERE article_id = ? AND unit != ? "
                        "ORDER BY unit", (article_id, STORY_INDEX))
    return [(r[0], bool(r[1])) for r in rows]


def copies(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """The other articles of this article's syndicate group (its syndicated copies)."""
    row = conn.execute("SELECT group_id FROM syndicates WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    rows = conn.execute("SELECT article_id FROM syndicates WHERE group_id = ? AND article_id != ? ORDER BY article_id",
                        (row[0], article_id))
    return [r[0] for r in rows]


def load_story(conn: sqlite3.Connection, story_id: str) -> Story | None:
    """A story: the articles that cover one incident, with their outlets and event clusters."""
    row = conn.execute("SELECT * FROM clusters WHERE id = ? AND family = ?", (story_id, STORY)).fetchone()
    if row is None:
        return None
    articles = [r[0] for r in conn.execute(
        "SELECT m.article_id FROM cluster_members m LEFT JOIN articles a ON a.id = m.article_id "
        "WHERE m.cluster_id = ? AND m.unit = ? ORDER BY COALESCE(a.published, ''), m.article_id",
        (story_id, STORY_INDEX))]
    clusters: list[str] = []
    for i in range(0, len(articles), 500):
        chunk = articles[i : i + 500]
        clusters.extend(r[0] for r in conn.execute(
            f"SELECT DISTINCT cluster_id FROM cluster_members WHERE unit != {STORY_INDEX} AND article_id IN "
            f"({','.join('?' * len(chunk))})", chunk))
    profile = Profile.from_json(story_id, json.loads(row["profile"]))
    return Story(
        id=story_id, article_ids=tuple(articles), clusters=tuple(sorted(set(clusters))), n_articles=len(articles),
        sources=int(row["sources"]), outlets=tuple(profile.outlets), first_report=row["first_report"],
        latest_report=row["latest_report"], day=row["day"], place=row["place_name"],
    )


def article_story(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story an article belongs to, or None when it is not clustered yet."""
    row = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = ? AND unit = ?",
                       (article_id, STORY_INDEX)).fetchone()
    return row[0] if row else None
