"""Store stage: the embedded SQLite database (WAL mode).

Input: coded articles (``CodedArticle``) and ``Failure`` records. Output: rows that readers query
while an ingest runs in another process. Every batch is written in one transaction, article ids
and event ids are deterministic, and writes are ``INSERT OR IGNORE``: a crash mid-run leaves whole
batches only, and a re-run never duplicates anything.

The schema is versioned by the SQL files in ``migrations/`` (applied in order, recorded in
``PRAGMA user_version`` and the ``migrations`` table).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from tacitus import __version__
from tacitus.errors import SchemaTooNew, StoreError
from tacitus.records import Article, CodedArticle, Event, Failure, Place, from_export, to_export
from tacitus.timex.calendar import span_of

DEFAULT_DB = "tacitus.db"


def default_db_path() -> str:
    """``$TACITUS_DB`` if set, else ``tacitus.db`` in the current directory."""
    return os.environ.get("TACITUS_DB") or DEFAULT_DB


def _migrations() -> list[tuple[int, str, str]]:
    files = resources.files("tacitus.store").joinpath("migrations")
    out = []
    for f in sorted(files.iterdir(), key=lambda p: p.name):
        m = re.match(r"(\d+)_(.+)\.sql$", f.name)
        if m:
            out.append((int(m.group(1)), m.group(2), f.read_text(encoding="utf-8")))
    return out


SCHEMA_VERSION = max(v for v, _, _ in _migrations())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last day covered by a TIMEX3 date value ("2011-04" -> 2011-04-01, 2011-04-30;
    "2024-W23" -> its Monday and Sunday; also quarters, halves, seasons, decades), or (None, None)
    for a value with unknown digits ("XXXX-04") or a reference ("PRESENT_REF")."""
    span = span_of(value) if value else None
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


@dataclass(frozen=True)
class EventQuery:
    """Filters over stored events. Every value is passed to SQLite as a parameter."""

    actor: str | None = None  # name (substring, case-insensitive), country code or sector of an actor
    recipient: str | None = None
    country: str | None = None  # actor or recipient country
    sector: str | None = None
    category: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # empty = every status
    since: str | None = None  # on the timeline day (event date, else publication date)
    until: str | None = None
    place: str | None = None  # place name or place country
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    text: str | None = None  # full-text search over evidence sentences
    cluster: str | None = None
    article_id: str | None = None
    historical: bool | None = None
    dedup: bool = False  # one event per cluster
    limit: int | None = None
    after: str | None = None  # cursor: the last event id of the previous page (ordered by day, id)


def _entity_clause(role: str | None, value: str, params: list) -> str:
    role_sql = "AND en.role = ?" if role else ""
    if role:
        params.append(role)
    if re.fullmatch(r"[A-Z]{3}", value):
        params.extend([value, value])
        match = "(en.country = ? OR en.sector = ?)"
    else:
        params.extend([f"%{value}%", f"%{value}%", value])
        match = "(en.name LIKE ? OR en.text LIKE ? OR en.kb_id = ?)"
    return f"EXISTS (SELECT 1 FROM entities en WHERE en.event_id = e.id {role_sql} AND {match})"


def build_where(q: EventQuery) -> tuple[str, list]:
    """SQL WHERE clause (over ``events e``) and parameters for a query."""
    clauses: list[str] = []
    params: list = []
    if q.actor:
        clauses.append(_entity_clause("actor", q.actor, params))
    if q.recipient:
        clauses.append(_entity_clause("recipient", q.recipient, params))
    if q.country:
        clauses.append(_entity_clause(None, q.country.upper(), params))
    if q.sector:
        clauses.append("EXISTS (SELECT 1 FROM entities en WHERE en.event_id = e.id AND en.sector = ?)")
        params.append(q.sector.upper())
    for col, values in (("category", q.category), ("mode", q.mode), ("status", q.status)):
        if values:
            clauses.append(f"e.{col} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if q.since:
        clauses.append("e.day >= ?")
        params.append(q.since)
    if q.until:
        clauses.append("e.day <= ?")
        params.append(q.until)
    if q.place:
        clauses.append("(e.place_name LIKE ? OR e.place_country = ? OR e.admin1 LIKE ?)")
        params.extend([f"%{q.place}%", q.place.upper(), f"%{q.place}%"])
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        clauses.append("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?")
        params.extend([min_lat, max_lat, min_lon, max_lon])
    if q.text:
        clauses.append("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(_fts_query(q.text))
    if q.cluster:
        clauses.append("e.cluster_id = ?")
        params.append(q.cluster)
    if q.article_id:
        clauses.append("e.article_id = ?")
        params.append(q.article_id)
    if q.historical is not None:
        clauses.append("e.historical = ?")
        params.append(int(q.historical))
    if q.dedup:
        # One representative per cluster: the earliest report (lowest day, then id).
        clauses.append(
            "(e.cluster_id IS NULL OR e.id = (SELECT e2.id FROM events e2 WHERE e2.cluster_id = e.cluster_id "
            "ORDER BY e2.day, e2.id LIMIT 1))"
        )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms (no FTS syntax injection)."""
    terms = re.findall(r"\w+", text)
    return " ".join('"' + t.replace('"', "") + '"' for t in terms) or '""'


@dataclass
class BatchCounts:
    articles: int = 0
    events: int = 0
    duplicates: int = 0
    failures: int = 0
    skipped: int = 0


@dataclass
class StoreStats:
    articles: int = 0
    events: int = 0
    failed: int = 0
    skipped: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


class Store:
    """An open tacitus database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike | None = None, *, readonly: bool = False):
        self.path = str(path or default_db_path())
        self.readonly = readonly
        if readonly and not Path(self.path).exists():
            raise StoreError(f"No tacitus database at {self.path}. Run `tacitus ingest` first, or pass --db.")
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the database {self.path}: {e}") from e
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        else:
            self._check_version()

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        if self.schema_version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path} has schema version {self.schema_version}, newer than this tacitus "
                f"understands ({SCHEMA_VERSION}). Upgrade tacitus."
            )

    def _migrate(self) -> None:
        self._check_version()
        current = self.schema_version
        pending = [m for m in _migrations() if m[0] > current]
        if not pending:
            return
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            current = self.conn.execute("PRAGMA user_version").fetchone()[0]  # re-read under the lock
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
            for version, name, sql in pending:
                if version <= current:
                    continue
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))
                self.conn.execute(f"PRAGMA user_version = {int(version)}")

    # -- writing -----------------------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.conn.execute(
                f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def write_batch(self, coded: Sequence[CodedArticle], failures: Sequence[Failure] = ()) -> BatchCounts:
        """Write coded articles and failures in one transaction. Idempotent."""
        counts = BatchCounts()
        now = _now()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            for item in coded:
                if self._insert_article(item.article, len(item.events), now):
                    counts.articles += 1
                    counts.events += self._insert_events(item.events)
                    self._insert_places(item.article.id, item.places)
                else:
                    counts.duplicates += 1
                if item.article.origin:
                    self.conn.execute("DELETE FROM failures WHERE origin = ?", (item.article.origin,))
            for f in failures:
                self.conn.execute(
                    "INSERT INTO failures (origin, outcome, code, reason, article_id, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(origin) DO UPDATE SET outcome = excluded.outcome, "
                    "code = excluded.code, reason = excluded.reason, article_id = excluded.article_id, "
                    "recorded_at = excluded.recorded_at, attempts = failures.attempts + 1",
                    (f.origin, f.outcome, f.code, f.reason, f.article_id, now),
                )
                if f.outcome == "skipped":
                    counts.skipped += 1
                else:
                    counts.failures += 1
        return counts

    def _insert_article(self, a: Article, n_events: int, now: str) -> bool:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO articles (id, external_id, title, text, published, url, source, language, "
            "origin, dateline, translated_from, source_notes, ingested_at, coder_version, n_events) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id, a.external_id, a.title, a.text, a.published, a.url, a.source, a.language, a.origin,
                a.dateline, a.translated_from, json.dumps(list(a.source_notes), ensure_ascii=False), now,
                __version__, n_events,
            ),
        )
        return cur.rowcount == 1

    def _insert_events(self, events: Sequence[Event]) -> int:
        n = 0
        for ev in events:
            start, end = date_range(ev.date)
            where = ev.where
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO events (id, article_id, category, mode, cameo, quad, intensity, status, "
                "historical, date, date_precision, date_start, date_end, day, published, place_name, "
                "place_country, admin1, lat, lon, place_precision, geonames_id, sentence, cluster_id, "
                "confidence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ev.id, ev.article_id, ev.category, ev.mode, ev.cameo, ev.quad, ev.intensity, ev.status,
                    int(ev.historical), ev.date, ev.when.precision, start, end, start or ev.published,
                    ev.published,
                    where.name if where else None, where.country if where else None,
                    where.admin1 if where else None, where.lat if where else None,
                    where.lon if where else None, where.precision if where else None,
                    where.geonames_id if where else None,
                    ev.evidence.sentence if ev.evidence else None, ev.cluster, ev.confidence,
                    json.dumps(to_export(ev), ensure_ascii=False),
                ),
            )
            if cur.rowcount != 1:
                continue
            n += 1
            for role, entities in (("actor", ev.actor), ("recipient", ev.recipient)):
                for pos, en in enumerate(entities):
                    self.conn.execute(
                        "INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (ev.id, role, pos, en.text, en.name, en.country, en.sector, en.kb_id, en.office),
                    )
        return n

    def _insert_places(self, article_id: str, places: Sequence[Place]) -> None:
        for p in places:
            if p.start is None:
                continue
            self.conn.execute(
                "INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id, p.start, p.end, p.text, p.name, p.geonames_id, p.lat, p.lon, p.admin1,
                    p.country, p.precision, p.reason,
                ),
            )

    def set_clusters(self, assignments: Iterable[tuple[str, str | None]]) -> None:
        """Set the cluster id of events: pairs of (event id, cluster id)."""
        with self.conn:
            self.conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", [(c, e) for e, c in assignments])

    # -- reading -----------------------------------------------------------------------------------
    def events(self, query: EventQuery = EventQuery()) -> Iterator[Event]:
        """Events matching ``query``, ordered by timeline day then id."""
        for row in self.event_rows(query):
            yield event_from_row(row)

    def event_rows(self, query: EventQuery = EventQuery()) -> Iterator[sqlite3.Row]:
        where, params = build_where(query)
        if query.after:
            cursor_row = self.conn.execute("SELECT day, id FROM events WHERE id = ?", (query.after,)).fetchone()
            if cursor_row is not None:
                extra = "(COALESCE(e.day, '') > ? OR (COALESCE(e.day, '') = ? AND e.id > ?))"
                where = (where + " AND " + extra) if where else " WHERE " + extra
                day = cursor_row["day"] or ""
                params += [day, day, cursor_row["id"]]
        sql = f"SELECT e.* FROM events e{where} ORDER BY COALESCE(e.day, ''), e.id"
        if query.limit is not None:
            sql += " LIMIT ?"
            params.append(int(query.limit))
        yield from self.conn.execute(sql, params)

    def count_events(self, query: EventQuery = EventQuery()) -> int:
        where, params = build_where(query)
        return self.conn.execute(f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0]

    def event(self, event_id: str) -> Event | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return event_from_row(row) if row else None

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row) if row else None

    def articles(self, limit: int | None = None) -> Iterator[Article]:
        sql = "SELECT * FROM articles ORDER BY COALESCE(published, ''), id"
        params: list = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.conn.execute(sql, params):
            yield article_from_row(row)

    def failures(self) -> list[Failure]:
        rows = self.conn.execute("SELECT * FROM failures ORDER BY recorded_at, origin")
        return [
            Failure(origin=r["origin"], outcome=r["outcome"], code=r["code"], reason=r["reason"],
                    article_id=r["article_id"])
            for r in rows
        ]

    def stats(self) -> StoreStats:
        c = self.conn
        s = StoreStats(
            articles=c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            events=c.execute("SELECT COUNT(*) FROM events").fetchone()[0],
            failed=c.execute("SELECT COUNT(*) FROM failures WHERE outcome = 'failed'").fetchone()[0],
            skipped=c.execute("SELECT COUNT(*) FROM failures WHERE outcome = 'skipped'").fetchone()[0],
        )
        s.by_category = dict(c.execute("SELECT category, COUNT(*) FROM events GROUP BY category ORDER BY 2 DESC"))
        s.by_status = dict(c.execute("SELECT status, COUNT(*) FROM events GROUP BY status ORDER BY 2 DESC"))
        return s

    # -- serving (API, dashboard, alerts): thin wrappers over tacitus.store.serving -----------------
    def event_page(self, query: EventQuery, *, limit: int, after: str | None = None, order: str = "asc",
                   quad: Sequence[int] = (), event_ids: Sequence[str] = (),
                   as_records: bool = False) -> tuple[list, str | None]:
        """One page of events (timeline order, ``asc`` or ``desc``) and the next page's cursor, or None.

        With ``as_records`` the events come in export form (``records.to_export``), read straight from
        the stored JSON without building ``Event`` objects (fast, for the API).
        """
        from tacitus.store import serving

        f = serving.ServeFilter(query, tuple(quad), tuple(event_ids))
        rows, cursor = serving.event_page(self.conn, f, limit=limit, after=after, order=order)
        if as_records:
            return [serving.event_record(r) for r in rows], cursor
        return [event_from_row(r) for r in rows], cursor

    def count_matching(self, query: EventQuery, *, quad: Sequence[int] = (), event_ids: Sequence[str] = ()) -> int:
        """How many events match ``query`` (plus the serving-only quad and id filters)."""
        from tacitus.store import serving

        return serving.count_events(self.conn, serving.ServeFilter(query, tuple(quad), tuple(event_ids)))

    def refresh_stats(self) -> int:
        """Fold new events into the summary tables; returns how many were folded."""
        from tacitus.store import serving

        return serving.refresh_stats(self.conn)

    def rebuild_stats(self) -> int:
        from tacitus.store import serving

        return serving.rebuild_stats(self.conn)

    def stats_timeline(self, query: EventQuery, *, interval: str = "month", by: str = "quad",
                       unit: str = "report", quad: Sequence[int] = (), refresh: bool = True) -> dict:
        """Counts per period split by category, quad or status (statuses default to occurred+ongoing)."""
        from tacitus.store import serving

        return serving.timeline(self.conn, serving.ServeFilter(query, tuple(quad)), interval=interval, by=by,
                                unit=unit, refresh=refresh)

    def stats_country_pairs(self, query: EventQuery, *, limit: int = 50, quad: Sequence[int] = (),
                            refresh: bool = True) -> dict:
        """The most frequent (actor country, recipient country) pairs among matching events."""
        from tacitus.store import serving

        return serving.country_pairs(self.conn, serving.ServeFilter(query, tuple(quad)), limit=limit,
                                     refresh=refresh)

    def stats_totals(self) -> dict:
        """Event counts by status and category, from the summary table (call refresh_stats first)."""
        from tacitus.store import serving

        return serving.totals(self.conn)

    def map_points(self, query: EventQuery, *, limit: int, quad: Sequence[int] = ()) -> list[dict]:
        from tacitus.store import serving

        return serving.map_points(self.conn, serving.ServeFilter(query, tuple(quad)), limit=limit)

    def actor_network(self, query: EventQuery, *, sample: int, limit: int, quad: Sequence[int] = ()) -> dict:
        from tacitus.store import serving

        return serving.network(self.conn, serving.ServeFilter(query, tuple(quad)), sample=sample, limit=limit)

    def actors_ranked(self, *, search: str | None = None, limit: int = 50, refresh: bool = True) -> list[dict]:
        from tacitus.store import serving

        return serving.actors(self.conn, search=search, limit=limit, refresh=refresh)

    def actor_profile(self, name: str) -> dict | None:
        from tacitus.store import serving

        return serving.actor_profile(self.conn, name)

    def actor_counterparts(self, name: str, *, limit: int = 30) -> list[dict]:
        from tacitus.store import serving

        return serving.actor_counterparts(self.conn, name, limit=limit)

    def actor_timeline(self, name: str, *, interval: str = "month") -> list[dict]:
        from tacitus.store import serving

        return serving.actor_timeline(self.conn, name, interval=interval)

    def article_page(self, *, limit: int, after: str | None = None, search: str | None = None):
        """Article summaries (no text), newest first, and the next page's cursor."""
        from tacitus.store import serving

        rows, cursor = serving.article_page(self.conn, limit=limit, after=after, search=search)
        return [dict(r) for r in rows], cursor

    def watchlists(self) -> list[dict]:
        from tacitus.store import serving

        return serving.watchlists(self.conn)

    def watchlist(self, watchlist_id: int) -> dict | None:
        from tacitus.store import serving

        return serving.watchlist(self.conn, watchlist_id)

    def add_watchlist(self, name: str, filters: dict, webhook: str | None = None) -> dict:
        """Save a watchlist (a named filter); raises StoreError when the name is taken."""
        from tacitus.store import serving

        try:
            return serving.add_watchlist(self.conn, name, filters, webhook)
        except sqlite3.IntegrityError as e:
            raise StoreError(f"A watchlist named {name!r} already exists.") from e

    def delete_watchlist(self, watchlist_id: int) -> bool:
        from tacitus.store import serving

        return serving.delete_watchlist(self.conn, watchlist_id)

    def unalerted(self, watchlist_id: int, event_ids: Sequence[str]) -> list[str]:
        from tacitus.store import serving

        return serving.unalerted(self.conn, watchlist_id, list(event_ids))

    def record_alert(self, watchlist_id: int, event_ids: Sequence[str], *, delivery: str,
                     http_status: int | None = None, error: str | None = None) -> int:
        from tacitus.store import serving

        return serving.record_alert(self.conn, watchlist_id, list(event_ids), delivery=delivery,
                                    http_status=http_status, error=error)

    def alerts(self, *, watchlist_id: int | None = None, limit: int = 100) -> list[dict]:
        from tacitus.store import serving

        return serving.alerts(self.conn, watchlist_id=watchlist_id, limit=limit)

    def add_job(self, kind: str, source: str) -> dict:
        from tacitus.store import serving

        return serving.add_job(self.conn, kind, source)

    def job(self, job_id: int) -> dict | None:
        from tacitus.store import serving

        return serving.job(self.conn, job_id)

    def jobs(self, *, limit: int = 50) -> list[dict]:
        from tacitus.store import serving

        return serving.jobs(self.conn, limit=limit)

    def update_job(self, job_id: int, **fields) -> None:
        from tacitus.store import serving

        serving.update_job(self.conn, job_id, **fields)

    def feeds(self) -> list[dict]:
        from tacitus.store import serving

        return serving.feeds(self.conn)

    def claim_job(self) -> dict | None:
        """The oldest queued ingest job, now marked running; None when the queue is empty."""
        from tacitus.store import serving

        return serving.claim_job(self.conn)

    def requeue_interrupted_jobs(self) -> int:
        from tacitus.store import serving

        return serving.requeue_interrupted_jobs(self.conn)

    def due_feeds(self, every_seconds: float) -> list[str]:
        """Feed URLs due for another read (last read finished ``every_seconds`` ago or more)."""
        from tacitus.store import serving

        return serving.due_feeds(self.conn, every_seconds)

    # -- clusters (tacitus.cluster): thin wrappers ----------------------------------------------------
    def cluster_page(self, query: EventQuery = EventQuery(), *, limit: int | None = 50, after: str | None = None,
                     min_sources: int | None = None, order: str = "asc") -> tuple[list[dict], str | None]:
        """Summaries of the clusters holding an event that matches ``query`` (ordered by event day,
        ``asc`` or ``desc``), and the next page's cursor or None. Each summary is a dict: id, family,
        category, day, date_start, date_end, place_name, place_country, lat, lon, n_reports,
        n_articles, sources, attributions, first_report, latest_report, dead_min/max, injured_min/max."""
        from tacitus.cluster.read import cluster_page

        return cluster_page(self.conn, query, limit=limit, after=after, min_sources=min_sources, order=order)

    def clusters(self, query: EventQuery = EventQuery(), *, limit: int | None = 50, min_sources: int | None = None,
                 order: str = "asc", max_reports: int | None = 200):
        """Whole cluster records (``tacitus.cluster.Cluster``: canonical event, reports, source counts)
        for the clusters holding an event that matches ``query``."""
        from tacitus.cluster.read import cluster_page, load_cluster

        rows, _ = cluster_page(self.conn, query, limit=limit, min_sources=min_sources, order=order)
        for row in rows:
            record = load_cluster(self.conn, row["id"], max_reports=max_reports)
            if record is not None:
                yield record

    def cluster(self, cluster_id: str, *, max_reports: int | None = None):
        """One cluster record (``tacitus.cluster.Cluster``), or None when there is no such cluster."""
        from tacitus.cluster.read import load_cluster

        return load_cluster(self.conn, cluster_id, max_reports=max_reports)

    def article_clusters(self, article_id: str) -> list[tuple[str, bool]]:
        """The clusters of an article's events: (cluster id, True for the event it is mainly about)."""
        from tacitus.cluster.read import article_clusters

        return article_clusters(self.conn, article_id)

    def syndicated_copies(self, article_id: str) -> list[str]:
        """Ids of the other articles that are syndicated copies of the same story."""
        from tacitus.cluster.read import copies

        return copies(self.conn, article_id)


def event_from_row(row: sqlite3.Row) -> Event:
    data = json.loads(row["record"])
    data["cluster"] = row["cluster_id"]
    if "sources" in row.keys():  # noqa: SIM118 - sqlite3.Row: `in` tests values; sources: tacitus.cluster
        data["sources"] = row["sources"]
    return from_export(Event, data)


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], text=row["text"], title=row["title"], published=row["published"], url=row["url"],
        source=row["source"], language=row["language"], origin=row["origin"], dateline=row["dateline"],
        translated_from=row["translated_from"], source_notes=tuple(json.loads(row["source_notes"] or "[]")),
        external_id=row["external_id"],
    )


def _split_sql(sql: str) -> list[str]:
    """Statements of a migration file; trigger bodies (BEGIN ... END;) stay whole."""
    statements, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        candidate = "\n".join(buf)
        if sqlite3.complete_statement(candidate):
            statements.append(candidate.strip())
            buf = []
    if "\n".join(buf).strip():
        statements.append("\n".join(buf).strip())
    return statements
