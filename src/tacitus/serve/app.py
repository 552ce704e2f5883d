"""The tacitus web app: the JSON API under ``/api``, the dashboard at ``/``, the spec at ``/openapi.json``.

:func:`create_app` takes a :class:`ServeConfig` and returns a FastAPI app. Route functions only
translate between HTTP and the library: every query goes through :class:`tacitus.store.Store`.
Each worker thread of the server holds its own store connection.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Query, Request, Security, UploadFile
from fastapi import Path as PathParam
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from tacitus import __version__
from tacitus.records import CATEGORIES, FACTUAL_STATUSES, STATUSES, Event, to_export
from tacitus.serve import errors
from tacitus.serve.errors import ApiError, ErrorResponse
from tacitus.serve.filters import TEXT_MAX, EventFilters, event_filters
from tacitus.store import Store

log = logging.getLogger("tacitus.serve")

MAX_PAGE = 500
DEFAULT_PAGE = 50
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_BODY_BYTES = 64 * 1024  # any request other than an upload
EXPORT_MAX = 200_000
VIEW_MAX = 5000

API_DESCRIPTION = """\
The tacitus event store over HTTP: events and their evidence, articles, actors, statistics,
exports, ingestion, watchlists and alerts.

* **Errors** all have one shape: `{"error": {"code": "...", "message": "...", "detail": ...}}`.
* **Pages** come by cursor: pass the `next_cursor` of one page as `cursor` to get the next.
* **Statistics** count events whose status is *occurred* or *ongoing* unless `status` names others.
* **Writes** (ingestion, watchlists) need `Authorization: Bearer <token>`, the token the server was
  started with; a server started without one is read-only.
"""


@dataclass
class ServeConfig:
    """How a server runs: its database, write token, CORS origins, limits and background work."""

    db: str
    token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    uploads_dir: str | None = None  # where uploads wait for the worker; default: beside the database
    worker: bool = True  # run the background ingest worker
    refresh_interval: float = 2.0  # seconds between summary-table refreshes; 0 = never in background
    ingest_workers: int = 1
    feed_interval_minutes: float = 30  # feeds added through the API are read again this often; 0 = once

    def upload_path(self) -> Path:
        if self.uploads_dir:
            return Path(self.uploads_dir)
        return Path(self.db).resolve().parent / ".tacitus-uploads"


# ---------------------------------------------------------------------------------------------
# Per-thread store connections
# ---------------------------------------------------------------------------------------------

class StorePool:
    """One :class:`Store` per thread (sqlite connections are not shared between threads)."""

    def __init__(self, db: str):
        self.db = db
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                with contextlib.suppress(Exception):
                    s.close()
            self._all.clear()


def get_store(request: Request) -> Store:
    return request.app.state.pool.get()


StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[EventFilters, Depends(event_filters)]

_bearer = HTTPBearer(auto_error=False, description="The token given to `tacitus serve --token`.")


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None
) -> None:
    """Dependency of write endpoints: the server's token, or 403 (read-only) / 401 (missing, wrong)."""
    token = request.app.state.config.token
    if not token:
        raise ApiError(403, "This server is read-only: start it with --token (or TACITUS_TOKEN) to allow writes.")
    given = credentials.credentials if credentials else ""
    if not given or not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise ApiError(401, "A valid token is required: send `Authorization: Bearer <token>`.")


# ---------------------------------------------------------------------------------------------
# Middleware: body size limit, security headers
# ---------------------------------------------------------------------------------------------

class BodyLimit:
    """Rejects request bodies over the limit (413) before a route reads them."""

    def __init__(self, app, *, upload_limit: int, default_limit: int = MAX_BODY_BYTES):
        self.app = app
        self.upload_limit = upload_limit
        self.default_limit = default_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_limit if scope["path"].startswith("/api/ingest/files") else self.default_limit
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    return await _send_too_large(send, limit)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await _send_too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _send_too_large(send, limit: int) -> None:
    resp = errors.error_response(413, "too_large", f"The request body is over the limit of {limit} bytes.",
                                 {"limit": limit})
    await send({"type": "http.response.start", "status": 413, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


# ---------------------------------------------------------------------------------------------
# Response shaping
# ---------------------------------------------------------------------------------------------

def event_json(ev: Event) -> dict:
    """An event in export form (PLOVER names), as every endpoint returns it."""
    return to_export(ev)


def event_spans(ev: Event) -> list[dict]:
    """Every located part of an event: trigger, fields, status cue, entities, place, date, sizes, sources."""
    out: list[dict] = []
    seen: set[tuple] = set()

    def add(field_name: str, start, end, text, **extra) -> None:
        if start is None or end is None or end <= start:
            return
        key = (field_name, start, end)
        if key in seen:
            return
        seen.add(key)
        out.append({"field": field_name, "start": start, "end": end, "text": text, **extra})

    evd = ev.evidence
    if evd:
        add("trigger", evd.trigger.start, evd.trigger.end, evd.trigger.text)
        for s in evd.spans:
            add(s.field, s.start, s.end, s.text, confidence=s.confidence)
        if evd.status_cue:
            add("status", evd.status_cue.start, evd.status_cue.end, evd.status_cue.text)
    for role, ents in (("actor", ev.actor), ("recipient", ev.recipient)):
        for en in ents:
            add(role, en.start, en.end, en.text)
    if ev.where:
        add("where", ev.where.start, ev.where.end, ev.where.text)
    add("when", ev.when.start, ev.when.end, ev.when.text)
    for sz in ev.sizes:
        add("size", sz.start, sz.end, sz.text, kind=sz.kind)
    for link in ev.attribution:
        add("attribution", link.start, link.end, link.speaker)
        add("attribution_cue", link.cue_start, link.cue_end, link.cue)
    out.sort(key=lambda s: (s["start"], -s["end"]))
    return out


def article_summary(a) -> dict:
    return {"id": a.id, "title": a.title, "published": a.published, "source": a.source, "url": a.url,
            "language": a.language, "external_id": a.external_id}


# ---------------------------------------------------------------------------------------------
# Request and response models (for validation and the OpenAPI spec)
# ---------------------------------------------------------------------------------------------

class EventPage(BaseModel):
    events: list[dict[str, Any]]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    limit: int


class WatchlistIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=100)
    filters: EventFilters = Field(default_factory=EventFilters)
    webhook: str | None = Field(None, max_length=2000, pattern=r"^https?://[^\s]+$",
                                description="http(s) URL that receives a POST for each alert.")


class FeedIn(BaseModel):
    url: str = Field(..., max_length=2000, pattern=r"^https?://[^\s]+$")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": desc}
    for code, desc in ((400, "Bad request"), (404, "Not found"), (413, "Body too large"),
                       (422, "Invalid parameters or body"), (500, "Internal error"))
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorResponse, "description": "Token missing or wrong"},
    403: {"model": ErrorResponse, "description": "Read-only server (started without a token)"},
    409: {"model": ErrorResponse, "description": "Conflict"},
}

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}.")]
Cursor = Annotated[str | None, Query(max_length=64, description="The `next_cursor` of the previous page.")]
Interval = Literal["day", "week", "month", "year"]
RowId = Annotated[int, PathParam(ge=1, le=2**62, description="Row id.")]
ActorName = Annotated[str, Query(min_length=1, max_length=TEXT_MAX, description="Canonical name, text or Wikidata id.")]


# ---------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------

def api_router() -> APIRouter:
    r = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @r.get("/health", tags=["meta"], summary="Server status")
    def health(request: Request, store: StoreDep) -> dict:
        cfg: ServeConfig = request.app.state.config
        return {"status": "ok", "version": __version__, "read_only": not cfg.token,
                "schema_version": store.schema_version, "worker": cfg.worker,
                "categories": list(CATEGORIES), "statuses": list(STATUSES),
                "analytic_statuses": list(FACTUAL_STATUSES)}

    # -- events --------------------------------------------------------------------------------
    @r.get("/events", tags=["events"], summary="Events matching filters, by cursor", response_model=EventPage)
    def list_events(
        store: StoreDep, filters: FiltersDep, limit: Limit = DEFAULT_PAGE, cursor: Cursor = None,
        order: Annotated[Literal["asc", "desc"], Query(description="Timeline order.")] = "desc",
    ):
        records, nxt = store.event_page(filters.to_query(), limit=limit, after=cursor, order=order,
                                        quad=filters.quad, as_records=True)
        return JSONResponse({"events": records, "next_cursor": nxt, "limit": limit})

    @r.get("/events/count", tags=["events"], summary="How many events match filters")
    def count_events(store: StoreDep, filters: FiltersDep) -> dict:
        return {"count": store.count_matching(filters.to_query(), quad=filters.quad)}

    @r.get("/events/{event_id}", tags=["events"], summary="One event with its evidence, spans and article")
    def get_event(event_id: Annotated[str, PathParam(max_length=64)], store: StoreDep) -> dict:
        return _event_detail(store, event_id)

    # -- articles ------------------------------------------------------------------------------
    @r.get("/articles", tags=["articles"], summary="Articles, newest first, by cursor")
    def list_articles(
        store: StoreDep, limit: Limit = DEFAULT_PAGE, cursor: Cursor = None,
        q: Annotated[str | None, Query(max_length=TEXT_MAX, description="Title or source contains.")] = None,
    ):
        rows, nxt = store.article_page(limit=limit, after=cursor, search=q)
        return JSONResponse({"articles": rows, "next_cursor": nxt, "limit": limit})

    @r.get("/articles/{article_id}", tags=["articles"], summary="One article: text, metadata and its events")
    def get_article(article_id: str, store: StoreDep) -> dict:
        a = store.article(article_id)
        if a is None:
            raise ApiError(404, f"No article with id {article_id!r}.")
        from tacitus.store import EventQuery

        events, _ = store.event_page(EventQuery(article_id=a.id), limit=MAX_PAGE, order="asc")
        out = article_summary(a)
        out.update(text=a.text, dateline=a.dateline, translated_from=a.translated_from,
                   source_notes=list(a.source_notes))
        out["events"] = [
            {"id": e.id, "category": e.category, "status": e.status, "date": e.date,
             "trigger": to_export(e.evidence.trigger) if e.evidence else None,
             "sentence_start": e.evidence.sentence_start if e.evidence else None,
             "sentence_end": e.evidence.sentence_end if e.evidence else None}
            for e in events
        ]
        return JSONResponse(out)

    # -- actors --------------------------------------------------------------------------------
    @r.get("/actors", tags=["actors"], summary="Actors ranked by how often they appear")
    def list_actors(
        store: StoreDep, limit: Limit = DEFAULT_PAGE,
        q: Annotated[str | None, Query(max_length=TEXT_MAX, description="Name contains.")] = None,
    ) -> dict:
        return {"actors": store.actors_ranked(search=q, limit=limit, refresh=False)}

    @r.get("/actors/profile", tags=["actors"], summary="An actor's profile")
    def actor_profile(store: StoreDep, name: ActorName) -> dict:
        profile = store.actor_profile(name)
        if profile is None:
            raise ApiError(404, f"No event names the actor {name!r}.")
        return profile

    @r.get("/actors/counterparts", tags=["actors"], summary="Who an actor acts on and is acted on by")
    def actor_counterparts(store: StoreDep, name: ActorName, limit: Limit = 30) -> dict:
        return {"name": name, "counterparts": store.actor_counterparts(name, limit=limit)}

    @r.get("/actors/timeline", tags=["actors"], summary="Events naming an actor per period and role")
    def actor_timeline(store: StoreDep, name: ActorName, interval: Interval = "month") -> dict:
        return {"name": name, "interval": interval, "series": store.actor_timeline(name, interval=interval)}

    # -- statistics ----------------------------------------------------------------------------
    @r.get("/stats/timeline", tags=["statistics"],
           summary="Counts per day, week, month or year by category, quad or status")
    def stats_timeline(
        store: StoreDep, filters: FiltersDep, interval: Interval = "month",
        by: Literal["category", "quad", "status", "none"] = "quad",
        unit: Annotated[Literal["report", "cluster"], Query(description="Count reports, or real-world events (clusters).")] = "report",
    ) -> dict:
        """Statuses default to *occurred* and *ongoing*; pass `status` to count others."""
        out = store.stats_timeline(filters.to_query(), interval=interval, by=by, unit=unit, quad=filters.quad,
                                   refresh=False)
        return {"interval": interval, "by": by, "unit": unit, **out}

    @r.get("/stats/pairs", tags=["statistics"], summary="Counts by (actor country, recipient country)")
    def stats_pairs(store: StoreDep, filters: FiltersDep, limit: Limit = 50) -> dict:
        """Statuses default to *occurred* and *ongoing*; pass `status` to count others."""
        return store.stats_country_pairs(filters.to_query(), limit=limit, quad=filters.quad, refresh=False)

    @r.get("/stats/totals", tags=["statistics"], summary="Event counts by status and category (every status)")
    def stats_totals(store: StoreDep) -> dict:
        return store.stats_totals()

    @r.get("/map", tags=["statistics"], summary="Geolocated events for the map (most recent first)")
    def map_points(
        store: StoreDep, filters: FiltersDep,
        limit: Annotated[int, Query(ge=1, le=VIEW_MAX, description=f"At most {VIEW_MAX} points.")] = 2000,
    ) -> dict:
        points = store.map_points(filters.to_query(), limit=limit, quad=filters.quad)
        return {"points": points, "limit": limit}

    @r.get("/network", tags=["statistics"], summary="Actor -> recipient network among recent matching events")
    def network(
        store: StoreDep, filters: FiltersDep,
        sample: Annotated[int, Query(ge=1, le=VIEW_MAX, description="How many recent events to read.")] = 2000,
        limit: Annotated[int, Query(ge=1, le=300, description="At most this many edges.")] = 60,
    ) -> dict:
        return store.actor_network(filters.to_query(), sample=sample, limit=limit, quad=filters.quad)

    # -- exports -------------------------------------------------------------------------------
    @r.get(
        "/export", tags=["exports"], summary="Matching events as CSV, JSONL or Parquet",
        responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {}},
                         "description": "The export file"}},
        response_class=Response,
    )
    def export(
        store: StoreDep, filters: FiltersDep, format: Literal["csv", "jsonl", "parquet"] = "jsonl",  # noqa: A002
        limit: Annotated[int, Query(ge=1, le=EXPORT_MAX, description=f"At most {EXPORT_MAX} events.")] = 10_000,
    ):
        return _export(store, filters, format, limit)

    # -- ingestion -----------------------------------------------------------------------------
    @r.post("/ingest/files", tags=["ingestion"], summary="Upload files to ingest in the background",
            dependencies=[Depends(require_token)], responses=WRITE_RESPONSES, status_code=202)
    async def upload(request: Request, files: Annotated[list[UploadFile], File(description="Articles: text, HTML, JSONL, RSS/Atom.")]) -> dict:
        cfg: ServeConfig = request.app.state.config
        folder = cfg.upload_path()
        folder.mkdir(parents=True, exist_ok=True)
        store = request.app.state.pool.get()
        jobs = []
        for up in files:
            name = _safe_name(up.filename or "upload.txt")
            fd, path = tempfile.mkstemp(prefix="up-", suffix="-" + name, dir=folder)
            size = 0
            with os.fdopen(fd, "wb") as out:
                while chunk := await up.read(1 << 20):
                    size += len(chunk)
                    if size > cfg.max_upload_bytes:
                        out.close()
                        os.unlink(path)
                        raise ApiError(413, f"{name} is over the upload limit of {cfg.max_upload_bytes} bytes.")
                    out.write(chunk)
            jobs.append(store.add_job("upload", path))
        request.app.state.worker_wake()
        return {"jobs": [_job_json(j) for j in jobs]}

    @r.post("/ingest/feeds", tags=["ingestion"], summary="Add a feed URL and ingest it in the background",
            dependencies=[Depends(require_token)], responses=WRITE_RESPONSES, status_code=202)
    def add_feed(request: Request, body: FeedIn, store: StoreDep) -> dict:
        job = store.add_job("feed", body.url)
        request.app.state.worker_wake()
        return {"job": _job_json(job)}

    @r.get("/ingest/jobs", tags=["ingestion"], summary="Recent ingest jobs")
    def list_jobs(store: StoreDep, limit: Limit = DEFAULT_PAGE) -> dict:
        return {"jobs": [_job_json(j) for j in store.jobs(limit=limit)]}

    @r.get("/ingest/jobs/{job_id}", tags=["ingestion"], summary="One ingest job")
    def get_job(job_id: RowId, store: StoreDep) -> dict:
        job = store.job(job_id)
        if job is None:
            raise ApiError(404, f"No ingest job {job_id}.")
        return _job_json(job)

    @r.get("/ingest/feeds", tags=["ingestion"], summary="Feeds added through the API")
    def list_feeds(store: StoreDep) -> dict:
        return {"feeds": store.feeds()}

    # -- watchlists and alerts -----------------------------------------------------------------
    @r.get("/watchlists", tags=["watchlists"], summary="Saved filters")
    def list_watchlists(store: StoreDep) -> dict:
        return {"watchlists": store.watchlists()}

    @r.post("/watchlists", tags=["watchlists"], summary="Save a filter as a watchlist",
            dependencies=[Depends(require_token)], responses=WRITE_RESPONSES, status_code=201)
    def add_watchlist(body: WatchlistIn, store: StoreDep) -> dict:
        return store.add_watchlist(body.name, body.filters.non_empty(), body.webhook)

    @r.get("/watchlists/{watchlist_id}", tags=["watchlists"], summary="One watchlist")
    def get_watchlist(watchlist_id: RowId, store: StoreDep) -> dict:
        w = store.watchlist(watchlist_id)
        if w is None:
            raise ApiError(404, f"No watchlist {watchlist_id}.")
        return w

    @r.delete("/watchlists/{watchlist_id}", tags=["watchlists"], summary="Delete a watchlist",
              dependencies=[Depends(require_token)], responses=WRITE_RESPONSES)
    def delete_watchlist(watchlist_id: RowId, store: StoreDep) -> dict:
        if not store.delete_watchlist(watchlist_id):
            raise ApiError(404, f"No watchlist {watchlist_id}.")
        return {"deleted": watchlist_id}

    @r.get("/alerts", tags=["watchlists"], summary="The alert log, newest first")
    def list_alerts(
        store: StoreDep, watchlist: Annotated[int | None, Query(ge=1, le=2**62, description="Only this watchlist's alerts.")] = None,
        limit: Limit = 100,
    ) -> dict:
        return {"alerts": store.alerts(watchlist_id=watchlist, limit=limit)}

    return r


def _event_detail(store: Store, event_id: str) -> dict:
    ev = store.event(event_id)
    if ev is None:
        raise ApiError(404, f"No event with id {event_id!r}.")
    article = store.article(ev.article_id)
    art = None
    if article is not None:
        art = article_summary(article)
        art["text"] = article.text
    return {"event": event_json(ev), "spans": event_spans(ev), "article": art}


def _job_json(job: dict) -> dict:
    out = dict(job)
    if out.get("kind") == "upload":
        # The stored path is the server's business; show the name as uploaded.
        out["source"] = re.sub(r"^up-[^-]+-", "", Path(out["source"]).name)
    return out


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._-]", "_", base)[-100:] or "upload"


_EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
                 "parquet": "application/vnd.apache.parquet"}


def _export(store: Store, filters: EventFilters, fmt: str, limit: int) -> Response:
    try:
        from tacitus import export as exporter
    except ImportError as e:
        raise ApiError(501, "Exports need tacitus.export, which this installation lacks.") from e
    writer = getattr(exporter, f"write_{fmt}", None)
    if writer is None:
        raise ApiError(501, f"This installation cannot export {fmt}.")

    def events() -> Iterator[Event]:
        cursor = None
        left = limit
        while left > 0:
            page, cursor = store.event_page(filters.to_query(), limit=min(left, 1000), after=cursor, order="asc",
                                            quad=filters.quad)
            yield from page
            left -= len(page)
            if cursor is None:
                break

    fd, path = tempfile.mkstemp(prefix="tacitus-export-", suffix="." + fmt)
    os.close(fd)
    try:
        writer(events(), path)
    except Exception:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=_EXPORT_TYPES[fmt], filename=f"tacitus-events.{fmt}",
                        background=BackgroundTask(os.unlink, path))


# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------

def static_dir() -> Path:
    return Path(str(resources.files("tacitus.serve").joinpath("static")))


def create_app(config: ServeConfig) -> FastAPI:
    """The FastAPI app for ``config``: API, dashboard, background refresh and ingest worker."""
    from tacitus.serve.worker import BackgroundServices

    services = BackgroundServices(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        services.start()
        try:
            yield
        finally:
            services.stop()
            app.state.pool.close()

    app = FastAPI(
        title="tacitus", version=__version__, description=API_DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    with Store(config.db):  # applies migrations once, before any request thread opens the database
        pass
    app.state.config = config
    app.state.pool = StorePool(config.db)
    app.state.worker_wake = services.wake
    errors.install(app)
    _security_headers(app)
    app.add_middleware(BodyLimit, upload_limit=config.max_upload_bytes)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.include_router(api_router())

    static = static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app
