"""Background work while the server answers: summary refreshes and the ingest worker.

The ingest worker is a separate process (spawned), so parsing and coding never hold up the
server's threads. The database is its queue: the API inserts ``ingest_jobs`` rows; the worker
claims the oldest queued job, runs :func:`tacitus.pipeline.run` on it with the alert hook, and
records the outcome. A job left running by a server that stopped is queued again at start-up
(ingest is idempotent, so nothing is stored twice).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tacitus.serve.alerts import AlertDispatcher
from tacitus.store import Store

log = logging.getLogger("tacitus.serve.worker")

POLL_SECONDS = 2.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_job(store: Store, job: dict, *, ingest: Callable | None = None, workers: int = 1) -> dict:
    """Run one claimed ingest job into ``store``, with alerts; returns the job as recorded after.

    ``ingest`` defaults to :func:`tacitus.pipeline.run` (same signature). Failures are recorded on
    the job, never raised.
    """
    if ingest is None:
        from tacitus.pipeline import run as ingest
    dispatcher = AlertDispatcher(store)

    def on_batch(coded) -> None:
        store.refresh_stats()
        dispatcher.on_batch(coded)

    try:
        summary = ingest([job["source"]], store, workers=workers, on_batch=on_batch)
    except Exception as e:  # noqa: BLE001 - the job records why it failed; the worker goes on
        log.exception("ingest job %s failed", job["id"])
        store.update_job(job["id"], state="failed", finished_at=_now(), error=f"{type(e).__name__}: {e}")
    else:
        store.update_job(job["id"], state="done", finished_at=_now(), ingested=summary.ingested,
                         events=summary.events, failed=summary.failed)
    finally:
        if job["kind"] == "upload":
            with contextlib.suppress(OSError):
                os.unlink(job["source"])
    store.refresh_stats()
    return store.job(job["id"]) or job


def worker_main(db: str, wake, stop, workers: int = 1, feed_interval: float = 0) -> None:
    """The ingest worker process: claim and run queued jobs until ``stop`` is set.

    With ``feed_interval`` > 0 (seconds), feeds added through the API are read again that often.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s tacitus-worker %(levelname)s %(message)s")
    with Store(db) as store:
        while not stop.is_set():
            job = store.claim_job()
            if job is None and feed_interval > 0:
                for url in store.due_feeds(feed_interval):
                    store.add_job("feed", url)
                job = store.claim_job()
            if job is None:
                wake.wait(POLL_SECONDS)
                wake.clear()
                continue
            log.info("ingest job %s (%s) started", job["id"], job["kind"])
            done = run_job(store, job, workers=workers)
            log.info("ingest job %s %s: %s new articles, %s events", done["id"], done["state"],
                     done.get("ingested"), done.get("events"))


class BackgroundServices:
    """The summary refresher (a thread) and the ingest worker (a process) of one server."""

    def __init__(self, config):
        self.config = config
        self._ctx = multiprocessing.get_context("spawn")
        self._wake = self._ctx.Event() if config.worker else threading.Event()
        self._stop_worker = self._ctx.Event() if config.worker else threading.Event()
        self._stop = threading.Event()
        self._process = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with Store(self.config.db) as store:
            n = store.requeue_interrupted_jobs()
            if n:
                log.info("re-queued %s interrupted ingest jobs", n)
            store.refresh_stats()  # summaries are current before the first request
        self._thread = threading.Thread(target=self._refresh_loop, name="tacitus-stats", daemon=True)
        self._thread.start()
        if self.config.worker:
            Path(self.config.upload_path()).mkdir(parents=True, exist_ok=True)
            self._process = self._ctx.Process(
                target=worker_main, name="tacitus-ingest",
                args=(self.config.db, self._wake, self._stop_worker, self.config.ingest_workers,
                      self.config.feed_interval_minutes * 60),
                daemon=True,
            )
            self._process.start()

    def wake(self) -> None:
        """Tell the worker a job is queued (it also polls)."""
        self._wake.set()

    def _refresh_loop(self) -> None:
        if self.config.refresh_interval <= 0:
            return
        with Store(self.config.db) as store:
            while not self._stop.wait(self.config.refresh_interval):
                try:
                    store.refresh_stats()
                except Exception:  # noqa: BLE001 - a busy database is retried on the next tick
                    log.warning("summary refresh failed; retrying", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        self._stop_worker.set()
        self._wake.set()
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)
