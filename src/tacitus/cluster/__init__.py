"""Clustering stage: one real-world event, one record.

Two links are made across articles, both stored, neither deleting anything:

- **syndicated copies** (:mod:`tacitus.cluster.syndicate`): near-duplicate articles (wire copies,
  lightly edited reposts) found with MinHash LSH; copies count as one source;
- **event clusters** (:mod:`tacitus.cluster.engine`): event records from different articles that
  describe the same real-world event, found by blocking (category family, place, date window,
  actors, rare words) and scoring (text similarity, dates, places, figures, actors).

Clustering is incremental: :func:`update` takes each batch of newly stored articles (as
``pipeline.run`` hands it to ``on_batch``) and files their events into the existing clusters. A
cluster's record (:class:`Cluster`) holds a canonical event, every report, the first and latest
report dates and the number of independent sources. See ``docs/dedup.md``.

Public functions:

- ``update(store, coded_articles) -> UpdateSummary``: cluster one batch of stored articles;
- ``cluster_stored(store, batch_size=256, progress=None) -> UpdateSummary``: cluster every stored
  article not clustered yet (a database ingested before clustering existed);
- ``rebuild(store, ...) -> UpdateSummary``: forget every cluster and cluster the store again;
- ``load_cluster(store, cluster_id) -> Cluster | None`` and ``cluster_page(store, query, ...)``
  (also as ``Store.cluster`` and ``Store.cluster_page``).
"""

from __future__ import annotations

from collections.abc import Callable

from tacitus.cluster.engine import UpdateSummary, update
from tacitus.cluster.record import Cluster, ClusterReport
from tacitus.records import CodedArticle

__all__ = [
    "Cluster", "ClusterReport", "UpdateSummary", "cluster_page", "cluster_stored", "load_cluster", "rebuild",
    "update",
]

CLUSTER_TABLES = ("article_signatures", "signature_bands", "syndicates", "term_df", "cluster_state", "clusters",
                  "cluster_keys", "cluster_members")


def _add(total: UpdateSummary, part: UpdateSummary) -> None:
    for name in ("articles", "skipped", "units", "events", "new_clusters", "joined", "merged", "syndicated"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.principal.update(part.principal)
    total.story.update(part.story)


def cluster_stored(store, *, batch_size: int = 256, progress: Callable[[int], None] | None = None) -> UpdateSummary:
    """Cluster every stored article that is not clustered yet, in publication order."""
    from tacitus.store import EventQuery

    conn = store.conn
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_signatures) "
        "ORDER BY COALESCE(published, ''), id"
    )]
    total = UpdateSummary()
    for i in range(0, len(ids), batch_size):
        batch = []
        for aid in ids[i : i + batch_size]:
            article = store.article(aid)
            events = tuple(store.events(EventQuery(article_id=aid)))
            batch.append(CodedArticle(article=article, events=events))
        _add(total, update(store, batch))
        if progress:
            progress(len(batch))
    return total


def rebuild(store, *, batch_size: int = 256, progress: Callable[[int], None] | None = None) -> UpdateSummary:
    """Forget every cluster, syndicate link and word count, then cluster the whole store again."""
    conn = store.conn
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        for table in CLUSTER_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE events SET cluster_id = NULL, sources = NULL")
    return cluster_stored(store, batch_size=batch_size, progress=progress)


def load_cluster(store, cluster_id: str, *, max_reports: int | None = None) -> Cluster | None:
    """The record of one cluster (canonical event, reports, counts), or None."""
    from tacitus.cluster.read import load_cluster as _load

    return _load(store.conn, cluster_id, max_reports=max_reports)


def cluster_page(store, query=None, **kw):
    """Cluster summaries matching an ``EventQuery``, and the next page's cursor (see
    :func:`tacitus.cluster.read.cluster_page`)."""
    from tacitus.cluster.read import cluster_page as _page
    from tacitus.store import EventQuery

    return _page(store.conn, query or EventQuery(), **kw)
