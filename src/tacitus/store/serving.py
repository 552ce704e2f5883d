"""Read-side helpers for ``tacitus serve``: statistics, actors, pages, watchlists, alerts, jobs.

The API layer calls these through :class:`tacitus.store.Store` methods and holds no SQL itself.
Every value reaches SQLite as a parameter; the only names put into SQL text come from fixed
tables in this module (``INTERVALS``, ``STAT_DIMENSIONS``), never from the caller.

Summary tables (``stats_daily``, ``stats_pairs``, ``stats_actors``) are folded forward from
``events.rowid`` by :func:`refresh_stats`; events are append-only, so a summary never needs
more than the rows added since its last refresh.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from tacitus.records import FACTUAL_STATUSES

#: SQL expression that turns ``day`` (YYYY-MM-DD) into the period it belongs to.
INTERVALS = {
    "day": "{day}",
    "week": "date({day}, 'weekday 0', '-6 days')",  # the Monday the week starts on
    "month": "substr({day}, 1, 7)",
    "year": "substr({day}, 1, 4)",
}

#: Dimensions a timeline can be split by: column over ``events e`` and over ``stats_daily s``.
STAT_DIMENSIONS = {
    "category": ("e.category", "s.category"),
    "quad": ("COALESCE(e.quad, 0)", "s.quad"),
    "status": ("e.status", "s.status"),
    "none": ("''", "''"),
}

#: Cap on the events a network or map view reads: the most recent matching ones.
VIEW_SAMPLE = 5000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ServeFilter:
    """An :class:`~tacitus.store.EventQuery` plus the filters only the API offers.

    ``quad`` restricts the quad class; ``event_ids`` restricts to given ids (used by alerts).
    """

    query: object  # EventQuery
    quad: tuple[int, ...] = ()
    event_ids: tuple[str, ...] = ()


def where_clause(f: ServeFilter) -> tuple[str, list]:
    """WHERE clause (over ``events e``) and parameters: the store's filters plus the API's."""
    from tacitus.store import build_where

    where, params = build_where(replace(f.query, limit=None, after=None))
    extra: list[str] = []
    # The same date bounds over the ordering expression, so a page can be a range of the order indexes.
    if f.query.since:
        extra.append("COALESCE(e.day, '') >= ?")
        params.append(f.query.since)
    if f.query.until:
        extra.append("COALESCE(e.day, '') <= ?")
        params.append(f.query.until)
    if f.quad:
        extra.append(f"e.quad IN ({','.join('?' * len(f.quad))})")
        params.extend(int(q) for q in f.quad)
    if f.event_ids:
        extra.append(f"e.id IN ({','.join('?' * len(f.event_ids))})")
        params.extend(f.event_ids)
    if extra:
        where = (where + " AND " if where else " WHERE ") + " AND ".join(extra)
    return where, params


# ---------------------------------------------------------------------------------------------
# Pages of events
# ---------------------------------------------------------------------------------------------

#: Rows of the timeline order a page first looks through when its filters (full text, bounding
#: box) would otherwise make SQLite collect and sort every match before returning the first 50.
PAGE_WINDOW = 5000


def event_page(
    conn: sqlite3.Connection, f: ServeFilter, *, limit: int, after: str | None = None, order: str = "asc"
) -> tuple[list[sqlite3.Row], str | None]:
    """One page of event rows in timeline order (``asc`` or ``desc``) and the next page's cursor.

    ``after`` is the id of the last event of the previous page; an unknown id starts from the top.
    The cursor returned is None on the last page.
    """
    where, params = where_clause(f)
    op, direction = (">", "ASC") if order == "asc" else ("<", "DESC")
    cursor: list = []
    if after:
        row = conn.execute("SELECT COALESCE(day, '') AS d, id FROM events WHERE id = ?", (after,)).fetchone()
        if row is not None:
            cursor = [row["d"], row["id"]]
    rows = None
    if f.query.text or f.query.bbox:
        rows = _windowed_page(conn, f, where, params, cursor, limit, op, direction)
    if rows is None:
        if cursor:
            where = (where + " AND " if where else " WHERE ") + f"(COALESCE(e.day, ''), e.id) {op} (?, ?)"
            params = params + cursor
        sql = (
            f"SELECT e.* FROM events e{where} ORDER BY COALESCE(e.day, '') {direction}, e.id {direction} LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1]["id"] if more and rows else None)


def _windowed_page(conn, f: ServeFilter, where: str, params: list, cursor: list, limit: int, op: str,
                   direction: str) -> list[sqlite3.Row] | None:
    """The page from the next ``PAGE_WINDOW`` events in timeline order, or None when that window
    does not settle it (too few matches in it, and events beyond it).

    The window is read from the order index alone; its events are then fetched by rowid and
    filtered (CROSS JOIN keeps the window as the outer loop), so at most PAGE_WINDOW rows are sorted.
    """
    inner: list[str] = []
    inner_params: list = []
    if cursor:
        inner.append(f"(COALESCE(day, ''), id) {op} (?, ?)")
        inner_params += cursor
    if f.query.since:
        inner.append("COALESCE(day, '') >= ?")
        inner_params.append(f.query.since)
    if f.query.until:
        inner.append("COALESCE(day, '') <= ?")
        inner_params.append(f.query.until)
    inner_where = (" WHERE " + " AND ".join(inner)) if inner else ""
    window_size = conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM events INDEXED BY events_order{inner_where} LIMIT ?)",
        [*inner_params, PAGE_WINDOW],
    ).fetchone()[0]
    rows = conn.execute(
        f"SELECT e.* FROM (SELECT rowid AS r FROM events INDEXED BY events_order{inner_where} "
        f"ORDER BY COALESCE(day, '') {direction}, id {direction} LIMIT ?) AS w "
        f"CROSS JOIN events e ON e.rowid = w.r{where} "
        f"ORDER BY COALESCE(e.day, '') {direction}, e.id {direction} LIMIT ?",
        [*inner_params, PAGE_WINDOW, *params, limit + 1],
    ).fetchall()
    if len(rows) > limit or window_size < PAGE_WINDOW:
        return rows
    return None


def event_record(row: sqlite3.Row) -> dict:
    """An event row in export form (as ``records.to_export`` gives it), from its stored JSON."""
    data = json.loads(row["record"])
    data["cluster"] = row["cluster_id"]
    if "sources" in row.keys():  # noqa: SIM118 - sqlite3.Row: `in` tests values, not names
        data["sources"] = row["sources"]
    return data


def count_events(conn: sqlite3.Connection, f: ServeFilter) -> int:
    where, params = where_clause(f)
    return conn.execute(f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0]


def map_points(conn: sqlite3.Connection, f: ServeFilter, limit: int = VIEW_SAMPLE) -> list[dict]:
    """The most recent ``limit`` geolocated events matching ``f``: id, lat, lon, category, place."""
    where, params = where_clause(f)
    cond = "e.lat IS NOT NULL AND e.lon IS NOT NULL"
    where = (where + " AND " if where else " WHERE ") + cond
    sql = (
        "SELECT e.id, e.lat, e.lon, e.category, e.quad, e.place_name, e.day FROM events e"
        f"{where} ORDER BY COALESCE(e.day, '') DESC, e.id DESC LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, [*params, limit])]


def network(conn: sqlite3.Connection, f: ServeFilter, *, sample: int = VIEW_SAMPLE, limit: int = 60) -> dict:
    """Actor -> recipient edges among the most recent ``sample`` matching events.

    Returns ``{"nodes": [{id, country, sector, n}], "edges": [{source, target, n}], "sampled": int}``
    with the ``limit`` heaviest edges and the actors they touch.
    """
    where, params = where_clause(f)
    sql = (
        "WITH recent AS (SELECT e.id FROM events e"
        f"{where} ORDER BY COALESCE(e.day, '') DESC, e.id DESC LIMIT ?) "
        "SELECT COALESCE(a.name, a.text) AS src, a.country AS src_country, a.sector AS src_sector, "
        "COALESCE(r.name, r.text) AS dst, r.country AS dst_country, r.sector AS dst_sector, COUNT(*) AS n "
        "FROM recent JOIN entities a ON a.event_id = recent.id AND a.role = 'actor' "
        "JOIN entities r ON r.event_id = recent.id AND r.role = 'recipient' "
        "GROUP BY src, dst ORDER BY n DESC, src, dst LIMIT ?"
    )
    rows = conn.execute(sql, [*params, sample, limit]).fetchall()
    nodes: dict[str, dict] = {}
    edges = []
    for r in rows:
        if not r["src"] or not r["dst"]:
            continue
        for key, country, sector in ((r["src"], r["src_country"], r["src_sector"]),
                                     (r["dst"], r["dst_country"], r["dst_sector"])):
            node = nodes.setdefault(key, {"id": key, "country": country, "sector": sector, "n": 0})
            node["n"] += r["n"]
        edges.append({"source": r["src"], "target": r["dst"], "n": r["n"]})
    sampled = conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM events e{where} LIMIT ?)", [*params, sample]
    ).fetchone()[0]
    return {"nodes": list(nodes.values()), "edges": edges, "sampled": sampled}


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------

#: Summary tables, each folded forward from its own watermark on events.rowid (``stats_state.name``).
#: Every statement takes the rowid span (last folded, newest) as its two parameters.
SUMMARIES: dict[str, tuple[str, ...]] = {
    "events": (
        "INSERT INTO stats_daily (status, day, category, quad, n) "
        "SELECT status, day, category, COALESCE(quad, 0), COUNT(*) FROM events "
        "WHERE rowid > ? AND rowid <= ? AND day IS NOT NULL GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (status, day, category, quad) DO UPDATE SET n = n + excluded.n",
        "INSERT INTO stats_pairs (status, day, actor_country, recipient_country, n) "
        "SELECT e.status, e.day, COALESCE(a.country, ''), COALESCE(r.country, ''), COUNT(*) FROM events e "
        "LEFT JOIN entities a ON a.event_id = e.id AND a.role = 'actor' AND a.position = 0 "
        "LEFT JOIN entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.position = 0 "
        "WHERE e.rowid > ? AND e.rowid <= ? AND e.day IS NOT NULL GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (status, day, actor_country, recipient_country) DO UPDATE SET n = n + excluded.n",
        "INSERT INTO stats_actors (name, country, sector, kb_id, n_actor, n_recipient) "
        "SELECT COALESCE(en.name, en.text), COALESCE(en.country, ''), COALESCE(en.sector, ''), "
        "COALESCE(en.kb_id, ''), SUM(en.role = 'actor'), SUM(en.role = 'recipient') "
        "FROM events e JOIN entities en ON en.event_id = e.id "
        "WHERE e.rowid > ? AND e.rowid <= ? AND COALESCE(en.name, en.text) IS NOT NULL GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (name, country, sector, kb_id) DO UPDATE SET "
        "n_actor = n_actor + excluded.n_actor, n_recipient = n_recipient + excluded.n_recipient",
    ),
    "countries": (
        "INSERT INTO stats_country (country, status, day, category, quad, n) "
        "SELECT en.country, e.status, e.day, e.category, COALESCE(e.quad, 0), COUNT(DISTINCT e.id) "
        "FROM events e JOIN entities en ON en.event_id = e.id "
        "WHERE e.rowid > ? AND e.rowid <= ? AND e.day IS NOT NULL AND en.country IS NOT NULL "
        "GROUP BY 1, 2, 3, 4, 5 "
        "ON CONFLICT (country, status, day, category, quad) DO UPDATE SET n = n + excluded.n",
    ),
    "monthly": (
        "INSERT INTO stats_monthly (status, month, category, quad, n) "
        "SELECT status, substr(day, 1, 7), category, COALESCE(quad, 0), COUNT(*) FROM events "
        "WHERE rowid > ? AND rowid <= ? AND day IS NOT NULL GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (status, month, category, quad) DO UPDATE SET n = n + excluded.n",
        "INSERT INTO stats_pairs_monthly (status, month, actor_country, recipient_country, n) "
        "SELECT e.status, substr(e.day, 1, 7), COALESCE(a.country, ''), COALESCE(r.country, ''), COUNT(*) FROM events e "
        "LEFT JOIN entities a ON a.event_id = e.id AND a.role = 'actor' AND a.position = 0 "
        "LEFT JOIN entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.position = 0 "
        "WHERE e.rowid > ? AND e.rowid <= ? AND e.day IS NOT NULL GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (status, month, actor_country, recipient_country) DO UPDATE SET n = n + excluded.n",
    ),
}
SUMMARY_TABLES = ("stats_daily", "stats_pairs", "stats_actors", "stats_country", "stats_monthly",
                  "stats_pairs_monthly")


def _month_aligned(since: str | None, until: str | None) -> bool:
    """True when the date bounds cover whole months, so monthly summaries answer exactly."""
    if since and len(since) == 10 and not since.endswith("-01"):
        return False
    if until and len(until) == 10:
        y, m = int(until[:4]), int(until[5:7])
        if int(until[8:]) < calendar.monthrange(y, m)[1]:
            return False
    return True


def refresh_stats(conn: sqlite3.Connection) -> int:
    """Fold events added since the last refresh into the summary tables. Returns how many."""
    top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0]
    marks = dict(conn.execute("SELECT name, last_rowid FROM stats_state"))
    if all(marks.get(name, 0) >= top for name in SUMMARIES):
        return 0
    folded = 0
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0]
        marks = dict(conn.execute("SELECT name, last_rowid FROM stats_state"))  # re-read under the write lock
        for name, statements in SUMMARIES.items():
            last = marks.get(name, 0)
            if last >= top:
                continue
            for sql in statements:
                conn.execute(sql, (last, top))
            conn.execute(
                "INSERT INTO stats_state (name, last_rowid) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET last_rowid = excluded.last_rowid",
                (name, top),
            )
            folded = max(folded, top - last)
    return folded


def rebuild_stats(conn: sqlite3.Connection) -> int:
    """Empty the summary tables and fold every event in again. Returns the events folded."""
    with conn:
        for table in (*SUMMARY_TABLES, "stats_state"):
            conn.execute(f"DELETE FROM {table}")
    return refresh_stats(conn)


def _summary_usable(f: ServeFilter, *, country_ok: bool = False) -> bool:
    """True when ``f`` only filters on what the summaries keep: category, status, dates, quad, and
    (with ``country_ok``) a country."""
    q = f.query
    return not (
        q.actor or q.recipient or (q.country and not country_ok) or q.sector or q.mode or q.place or q.bbox
        or q.text or q.cluster or q.article_id or q.historical is not None or q.dedup or f.event_ids
    )


def _is_country_code(conn: sqlite3.Connection, value: str) -> bool:
    """The store's country filter also matches sectors (GOV, MIL...); only a non-sector code is a country."""
    return conn.execute("SELECT 1 FROM stats_actors WHERE sector = ? LIMIT 1", (value,)).fetchone() is None


def timeline(
    conn: sqlite3.Connection, f: ServeFilter, *, interval: str = "month", by: str = "quad", unit: str = "report",
    refresh: bool = True,
) -> dict:
    """Counts per period split by a dimension: ``{"series": [{period, key, n}], "source": ...}``.

    Statuses default to occurred and ongoing (``FACTUAL_STATUSES``) when the filter names none.
    ``unit="cluster"`` counts distinct real-world events (cluster ids) instead of reports.
    ``source`` says whether the summary table or the events table answered. With ``refresh=False``
    the summary is read as it stands (the server refreshes it in the background).
    """
    if interval not in INTERVALS or by not in STAT_DIMENSIONS or unit not in ("report", "cluster"):
        raise ValueError("unknown interval, dimension or unit")
    q = f.query
    if not q.status:
        f = replace(f, query=replace(q, status=FACTUAL_STATUSES))
        q = f.query
    event_col, summary_col = STAT_DIMENSIONS[by]
    by_country = bool(q.country) and unit == "report" and _summary_usable(f, country_ok=True) \
        and _is_country_code(conn, q.country.upper())
    if unit == "report" and (_summary_usable(f) or by_country):
        if refresh:
            refresh_stats(conn)
        clauses = [f"s.status IN ({','.join('?' * len(q.status))})"]
        params: list = list(q.status)
        table, day = "stats_daily", "s.day"
        if by_country:
            table = "stats_country"
            clauses.insert(0, "s.country = ?")
            params.insert(0, q.country.upper())
        elif interval in ("month", "year") and _month_aligned(q.since, q.until):
            table, day = "stats_monthly", "s.month"
        if q.category:
            clauses.append(f"s.category IN ({','.join('?' * len(q.category))})")
            params.extend(q.category)
        if f.quad:
            clauses.append(f"s.quad IN ({','.join('?' * len(f.quad))})")
            params.extend(int(x) for x in f.quad)
        if q.since:
            clauses.append(f"{day} >= ?")
            params.append(q.since if day == "s.day" else q.since[:7])
        if q.until:
            clauses.append(f"{day} <= ?")
            params.append(q.until if day == "s.day" else q.until[:7])
        period = INTERVALS[interval].format(day=day)
        sql = (
            f"SELECT {period} AS period, {summary_col} AS key, SUM(s.n) AS n FROM {table} s "
            f"WHERE {' AND '.join(clauses)} GROUP BY 1, 2 ORDER BY 1, 2"
        )
        source = "summary"
    else:
        where, params = where_clause(f)
        where = (where + " AND " if where else " WHERE ") + "e.day IS NOT NULL"
        period = INTERVALS[interval].format(day="e.day")
        measure = "COUNT(DISTINCT COALESCE(e.cluster_id, e.id))" if unit == "cluster" else "COUNT(*)"
        sql = f"SELECT {period} AS period, {event_col} AS key, {measure} AS n FROM events e{where} GROUP BY 1, 2 ORDER BY 1, 2"
        source = "events"
    series = [{"period": r[0], "key": str(r[1]), "n": r[2]} for r in conn.execute(sql, params)]
    return {"series": series, "statuses": list(q.status), "source": source}


def country_pairs(conn: sqlite3.Connection, f: ServeFilter, *, limit: int = 50, refresh: bool = True) -> dict:
    """The most frequent (first actor country, first recipient country) pairs among matching events."""
    q = f.query
    if not q.status:
        f = replace(f, query=replace(q, status=FACTUAL_STATUSES))
        q = f.query
    if _summary_usable(f) and not q.category and not f.quad:
        if refresh:
            refresh_stats(conn)
        clauses = [f"status IN ({','.join('?' * len(q.status))})"]
        params: list = list(q.status)
        monthly = _month_aligned(q.since, q.until)
        table, day = ("stats_pairs_monthly", "month") if monthly else ("stats_pairs", "day")
        if q.since:
            clauses.append(f"{day} >= ?")
            params.append(q.since[:7] if monthly else q.since)
        if q.until:
            clauses.append(f"{day} <= ?")
            params.append(q.until[:7] if monthly else q.until)
        sql = (
            f"SELECT actor_country, recipient_country, SUM(n) FROM {table} "
            f"WHERE {' AND '.join(clauses)} AND (actor_country != '' OR recipient_country != '') "
            "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?"
        )
        source = "summary"
    else:
        where, params = where_clause(f)
        sql = (
            "SELECT COALESCE(a.country, ''), COALESCE(r.country, ''), COUNT(*) FROM events e "
            "LEFT JOIN entities a ON a.event_id = e.id AND a.role = 'actor' AND a.position = 0 "
            "LEFT JOIN entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.position = 0"
            f"{where} GROUP BY 1, 2 HAVING (COALESCE(a.country, '') != '' OR COALESCE(r.country, '') != '') "
            "ORDER BY 3 DESC, 1, 2 LIMIT ?"
        )
        source = "events"
    pairs = [{"actor_country": r[0] or None, "recipient_country": r[1] or None, "n": r[2]}
             for r in conn.execute(sql, [*params, limit])]
    return {"pairs": pairs, "statuses": list(q.status), "source": source}


def totals(conn: sqlite3.Connection) -> dict:
    """Event counts by status and by category (every status), from the summary table."""
    by_status = dict(conn.execute("SELECT status, SUM(n) FROM stats_monthly GROUP BY 1 ORDER BY 2 DESC"))
    by_category = dict(conn.execute("SELECT category, SUM(n) FROM stats_monthly GROUP BY 1 ORDER BY 2 DESC"))
    undated = conn.execute(
        "SELECT COUNT(*) FROM events WHERE day IS NULL AND rowid <= "
        "COALESCE((SELECT last_rowid FROM stats_state WHERE name = 'monthly'), 0)"
    ).fetchone()[0]
    return {"events": sum(by_status.values()) + undated, "undated": undated, "by_status": by_status,
            "by_category": by_category}


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

def actors(
    conn: sqlite3.Connection, *, search: str | None = None, limit: int = 50, refresh: bool = True
) -> list[dict]:
    """Actors by how often they appear (either role), optionally those whose name contains ``search``."""
    if refresh:
        refresh_stats(conn)
    params: list = []
    where = ""
    if search:
        where = "WHERE name LIKE ? ESCAPE '\\'"
        params.append("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    sql = (
        "SELECT name, country, sector, kb_id, SUM(n_actor) AS n_actor, SUM(n_recipient) AS n_recipient "
        f"FROM stats_actors {where} GROUP BY name ORDER BY SUM(n_actor + n_recipient) DESC, name LIMIT ?"
    )
    return [
        {"name": r["name"], "country": r["country"] or None, "sector": r["sector"] or None,
         "kb_id": r["kb_id"] or None, "n_actor": r["n_actor"], "n_recipient": r["n_recipient"]}
        for r in conn.execute(sql, [*params, limit])
    ]


def _actor_match() -> str:
    return "(en.name = ? OR (en.name IS NULL AND en.text = ?) OR en.kb_id = ?)"


def actor_profile(conn: sqlite3.Connection, name: str) -> dict | None:
    """One actor by canonical name (or text, or Wikidata id): countries, sectors, counts, dates.

    Returns None when no event names it.
    """
    p = [name, name, name]
    rows = conn.execute(
        "SELECT en.role, en.country, en.sector, en.kb_id, en.office, COUNT(*) AS n, "
        "MIN(e.day) AS first_day, MAX(e.day) AS last_day FROM entities en JOIN events e ON e.id = en.event_id "
        f"WHERE {_actor_match()} GROUP BY 1, 2, 3, 4, 5",
        p,
    ).fetchall()
    if not rows:
        return None
    out = {"name": name, "n_actor": 0, "n_recipient": 0, "countries": {}, "sectors": {}, "kb_ids": [],
           "offices": [], "first_day": None, "last_day": None}
    for r in rows:
        out["n_" + r["role"]] += r["n"]
        if r["country"]:
            out["countries"][r["country"]] = out["countries"].get(r["country"], 0) + r["n"]
        if r["sector"]:
            out["sectors"][r["sector"]] = out["sectors"].get(r["sector"], 0) + r["n"]
        if r["kb_id"] and r["kb_id"] not in out["kb_ids"]:
            out["kb_ids"].append(r["kb_id"])
        if r["office"] and r["office"] not in out["offices"]:
            out["offices"].append(r["office"])
        if r["first_day"] and (out["first_day"] is None or r["first_day"] < out["first_day"]):
            out["first_day"] = r["first_day"]
        if r["last_day"] and (out["last_day"] is None or r["last_day"] > out["last_day"]):
            out["last_day"] = r["last_day"]
    out["categories"] = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT e.category, COUNT(DISTINCT e.id) FROM entities en JOIN events e ON e.id = en.event_id "
            f"WHERE {_actor_match()} GROUP BY 1 ORDER BY 2 DESC",
            p,
        )
    }
    return out


def actor_counterparts(conn: sqlite3.Connection, name: str, *, limit: int = 30) -> list[dict]:
    """Who the actor acts on and is acted on by: ``[{name, country, as_actor, as_recipient}]``."""
    sql = (
        "SELECT COALESCE(o.name, o.text) AS other, MAX(o.country) AS country, "
        "SUM(en.role = 'actor') AS as_actor, SUM(en.role = 'recipient') AS as_recipient "
        "FROM entities en JOIN entities o ON o.event_id = en.event_id AND o.role != en.role "
        f"WHERE {_actor_match()} AND COALESCE(o.name, o.text) IS NOT NULL "
        "GROUP BY other ORDER BY COUNT(*) DESC, other LIMIT ?"
    )
    return [
        {"name": r["other"], "country": r["country"], "as_actor": r["as_actor"], "as_recipient": r["as_recipient"]}
        for r in conn.execute(sql, [name, name, name, limit])
    ]


def actor_timeline(conn: sqlite3.Connection, name: str, *, interval: str = "month") -> list[dict]:
    """Events naming the actor per period and role: ``[{period, role, n}]`` (all statuses)."""
    if interval not in INTERVALS:
        raise ValueError("unknown interval")
    period = INTERVALS[interval].format(day="e.day")
    sql = (
        f"SELECT {period} AS period, en.role, COUNT(DISTINCT e.id) FROM entities en "
        f"JOIN events e ON e.id = en.event_id WHERE {_actor_match()} AND e.day IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return [{"period": r[0], "role": r[1], "n": r[2]} for r in conn.execute(sql, [name, name, name])]


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------

def article_page(
    conn: sqlite3.Connection, *, limit: int, after: str | None = None, search: str | None = None
) -> tuple[list[sqlite3.Row], str | None]:
    """Articles, newest first (publication date, then id), without their text; and the next cursor."""
    clauses: list[str] = []
    params: list = []
    if search:
        clauses.append("(a.title LIKE ? OR a.source LIKE ?)")
        params += [f"%{search}%", f"%{search}%"]
    if after:
        row = conn.execute("SELECT COALESCE(published, '') AS p, id FROM articles WHERE id = ?", (after,)).fetchone()
        if row is not None:
            clauses.append("(COALESCE(a.published, ''), a.id) < (?, ?)")
            params += [row["p"], row["id"]]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(
        "SELECT a.id, a.external_id, a.title, a.published, a.url, a.source, a.language, a.n_events, "
        f"a.ingested_at FROM articles a{where} ORDER BY COALESCE(a.published, '') DESC, a.id DESC LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1]["id"] if more and rows else None)


# ---------------------------------------------------------------------------------------------
# Watchlists and the alert log
# ---------------------------------------------------------------------------------------------

def _watchlist(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "name": row["name"], "filters": json.loads(row["filters"]),
            "webhook": row["webhook"], "created_at": row["created_at"]}


def watchlists(conn: sqlite3.Connection) -> list[dict]:
    return [_watchlist(r) for r in conn.execute("SELECT * FROM watchlists ORDER BY id")]


def watchlist(conn: sqlite3.Connection, watchlist_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM watchlists WHERE id = ?", (watchlist_id,)).fetchone()
    return _watchlist(row) if row else None


def add_watchlist(conn: sqlite3.Connection, name: str, filters: dict, webhook: str | None) -> dict:
    """Save a watchlist; raises ``sqlite3.IntegrityError`` when the name is taken."""
    with conn:
        cur = conn.execute(
            "INSERT INTO watchlists (name, filters, webhook, created_at) VALUES (?, ?, ?, ?)",
            (name, json.dumps(filters, sort_keys=True), webhook, _now()),
        )
    return watchlist(conn, cur.lastrowid)  # type: ignore[return-value]


def delete_watchlist(conn: sqlite3.Connection, watchlist_id: int) -> bool:
    with conn:
        return conn.execute("DELETE FROM watchlists WHERE id = ?", (watchlist_id,)).rowcount == 1


def unalerted(conn: sqlite3.Connection, watchlist_id: int, event_ids: list[str]) -> list[str]:
    """The ids among ``event_ids`` that have not yet alerted this watchlist."""
    seen: set[str] = set()
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i : i + 500]
        seen.update(
            r[0] for r in conn.execute(
                f"SELECT event_id FROM alert_events WHERE watchlist_id = ? AND event_id IN ({','.join('?' * len(chunk))})",
                [watchlist_id, *chunk],
            )
        )
    return [e for e in event_ids if e not in seen]


def record_alert(
    conn: sqlite3.Connection, watchlist_id: int, event_ids: list[str], *, delivery: str,
    http_status: int | None = None, error: str | None = None,
) -> int:
    """Write one alert log entry and mark its events as alerted. Returns the alert id."""
    with conn:
        cur = conn.execute(
            "INSERT INTO alerts (watchlist_id, created_at, n_events, event_ids, delivery, http_status, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (watchlist_id, _now(), len(event_ids), json.dumps(event_ids), delivery, http_status, error),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO alert_events (watchlist_id, event_id, alert_id) VALUES (?, ?, ?)",
            [(watchlist_id, e, cur.lastrowid) for e in event_ids],
        )
    return cur.lastrowid  # type: ignore[return-value]


def alerts(conn: sqlite3.Connection, *, watchlist_id: int | None = None, limit: int = 100) -> list[dict]:
    """The alert log, newest first."""
    where, params = ("WHERE a.watchlist_id = ?", [watchlist_id]) if watchlist_id is not None else ("", [])
    rows = conn.execute(
        "SELECT a.*, w.name AS watchlist FROM alerts a JOIN watchlists w ON w.id = a.watchlist_id "
        f"{where} ORDER BY a.id DESC LIMIT ?",
        [*params, limit],
    )
    return [
        {"id": r["id"], "watchlist_id": r["watchlist_id"], "watchlist": r["watchlist"], "created_at": r["created_at"],
         "n_events": r["n_events"], "event_ids": json.loads(r["event_ids"]), "delivery": r["delivery"],
         "http_status": r["http_status"], "error": r["error"]}
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------
# Ingest jobs and feeds
# ---------------------------------------------------------------------------------------------

def _job(row: sqlite3.Row) -> dict:
    return dict(row)


def add_job(conn: sqlite3.Connection, kind: str, source: str) -> dict:
    with conn:
        cur = conn.execute(
            "INSERT INTO ingest_jobs (kind, source, state, created_at) VALUES (?, ?, 'queued', ?)",
            (kind, source, _now()),
        )
        if kind == "feed":
            conn.execute(
                "INSERT INTO feeds (url, added_at, last_job) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET last_job = excluded.last_job",
                (source, _now(), cur.lastrowid),
            )
    return job(conn, cur.lastrowid)  # type: ignore[return-value]


def job(conn: sqlite3.Connection, job_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM ingest_jobs WHERE id = ?", (job_id,)).fetchone()
    return _job(row) if row else None


def jobs(conn: sqlite3.Connection, *, limit: int = 50) -> list[dict]:
    return [_job(r) for r in conn.execute("SELECT * FROM ingest_jobs ORDER BY id DESC LIMIT ?", (limit,))]


def update_job(conn: sqlite3.Connection, job_id: int, **fields) -> None:
    """Set a job's state and counters; only the known columns below are accepted."""
    allowed = ("state", "started_at", "finished_at", "ingested", "events", "failed", "error")
    sets = [k for k in fields if k in allowed]
    if not sets:
        return
    with conn:
        conn.execute(
            f"UPDATE ingest_jobs SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
            [fields[k] for k in sets] + [job_id],
        )


def feeds(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute("SELECT * FROM feeds ORDER BY added_at, url")]


def claim_job(conn: sqlite3.Connection) -> dict | None:
    """Mark the oldest queued ingest job as running and return it, or None when none is queued."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT id FROM ingest_jobs WHERE state = 'queued' ORDER BY id LIMIT 1").fetchone()
        if row is None:
            return None
        conn.execute("UPDATE ingest_jobs SET state = 'running', started_at = ? WHERE id = ?", (_now(), row[0]))
    return job(conn, row[0])


def requeue_interrupted_jobs(conn: sqlite3.Connection) -> int:
    """Jobs left 'running' by a server that stopped go back to the queue (ingest is idempotent)."""
    with conn:
        return conn.execute("UPDATE ingest_jobs SET state = 'queued', started_at = NULL WHERE state = 'running'").rowcount


def due_feeds(conn: sqlite3.Connection, every_seconds: float) -> list[str]:
    """Feeds whose last job finished at least ``every_seconds`` ago and that have none waiting."""
    cutoff = datetime.fromtimestamp(datetime.now(UTC).timestamp() - every_seconds, UTC).isoformat(timespec="seconds")
    rows = conn.execute(
        "SELECT f.url FROM feeds f LEFT JOIN ingest_jobs j ON j.id = f.last_job "
        "WHERE j.id IS NULL OR (j.state IN ('done', 'failed') AND j.finished_at <= ?) ORDER BY f.url",
        (cutoff,),
    )
    return [r[0] for r in rows]
