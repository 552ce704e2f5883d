"""``tacitus load``: the committed shards of a corpus run into the embedded store, idempotently."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from tacitus.engines.output import ARTICLES, EVENTS, FAILURES, Output, coded_from_rows
from tacitus.records import Failure, from_export

LOAD_BATCH = 256


@dataclass
class LoadSummary:
    shards: int = 0
    articles: int = 0  # new articles stored
    already_stored: int = 0
    events: int = 0  # new events stored
    failures: int = 0  # failures recorded (failed or skipped inputs)


def load_output(location: str, store, *, cluster: bool = True,
                on_shard: Callable[[str], None] | None = None) -> LoadSummary:
    """Write every committed shard of the run output at ``location`` into ``store`` (an open,
    writable :class:`tacitus.store.Store`), in batches, with :meth:`Store.write_batch`.

    Loading the same output twice stores nothing new: articles and events are keyed by their
    deterministic ids and failures by origin. With ``cluster``, each batch joins the store's event
    clusters as in ``tacitus ingest``. Returns what was stored.
    """
    out = Output(location)
    summary = LoadSummary()
    for shard_id in sorted(out.committed()):
        events_by_article: dict[str, list[dict]] = defaultdict(list)
        for row in out.read(EVENTS, shard_id).to_pylist():
            events_by_article[row["article_id"]].append(row)
        articles = out.read(ARTICLES, shard_id).to_pylist()
        failures = [from_export(Failure, r) for r in out.read(FAILURES, shard_id).to_pylist()]
        for start in range(0, max(len(articles), 1), LOAD_BATCH):
            coded = [coded_from_rows(a, events_by_article.get(a["id"], ()))
                     for a in articles[start:start + LOAD_BATCH]]
            batch_failures = _unrecorded(store, failures) if start == 0 else []
            counts = store.write_batch(coded, batch_failures)
            summary.articles += counts.articles
            summary.already_stored += counts.duplicates
            summary.events += counts.events
            summary.failures += counts.failures + counts.skipped
            if cluster and coded:
                from tacitus import cluster as clustering

                clustering.update(store, coded)
        summary.shards += 1
        if on_shard:
            on_shard(shard_id)
    return summary


def _unrecorded(store, failures: list[Failure]) -> list[Failure]:
    """The failures the store does not hold already as they are (so a re-load changes nothing)."""
    if not failures:
        return []
    known: set[tuple] = set()
    for start in range(0, len(failures), 500):
        chunk = failures[start:start + 500]
        rows = store.conn.execute(
            f"SELECT origin, outcome, code, reason FROM failures WHERE origin IN ({','.join('?' * len(chunk))})",
            [f.origin for f in chunk],
        )
        known.update(tuple(r) for r in rows)
    return [f for f in failures if (f.origin, f.outcome, f.code, f.reason) not in known]
