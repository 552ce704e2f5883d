"""Benchmark task ``dedup``: which articles of a batch report the same incident.

The prediction runs the product's own path, as ``tacitus ingest`` does, on a throw-away store:

1. each row becomes an :class:`~tacitus.records.Article` (contract fields only);
2. the coder reads the opening of each story: its headline (without the site name) and its first
   paragraphs (:func:`tacitus.cluster.text.lead`: page furniture dropped, at most ~1,500
   characters), where local news states the incident: who was shot, where, when, how many died.
   Coding the whole page would give the same main event at several times the cost;
3. the articles (full text) and their events are written to the store in batches, and
   :func:`tacitus.cluster.update` clusters each batch incrementally, exactly as after each
   ingest batch: syndicated copies, blocking, scoring on text, dates, places, figures and actors;
4. an article's predicted cluster is the cluster of the event it is mainly about (its first
   reported event that occurred, :func:`tacitus.cluster.units.principal_unit`). An article with
   no event at all is left on its own.

``predict(rows)`` yields ``{"id", "cluster"}`` in input order.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from tacitus.evaluation.common import row_article
from tacitus.records import Article, CodedArticle

BATCH_SIZE = 64
LEAD_CHARS = 1500


def _opening(article: Article) -> str:
    """The headline (as its own paragraph, ended like a sentence) and the lead of the story."""
    from tacitus.cluster.text import clean_title, lead

    body = lead(article.text, max_chars=LEAD_CHARS) or article.text[:LEAD_CHARS]
    title = clean_title(article.title)
    return f"{title}.\n{body}" if title else body


def code_leads(articles: list[Article], batch_size: int = BATCH_SIZE) -> list[CodedArticle]:
    """Code the lead of each article; the coded article keeps the full article (for text similarity)."""
    from tacitus import coding, nlp

    leads = [dataclasses.replace(a, text=_opening(a)) for a in articles]
    out = []
    for full, short, doc in zip(articles, leads, nlp.parse([a.text for a in leads], batch_size=batch_size),
                                strict=True):
        coded = coding.code_document(short, doc)
        out.append(CodedArticle(article=full, events=coded.events, places=coded.places))
    return out


def cluster_batches(batches: Iterable[list[CodedArticle]], db: str | Path) -> dict[str, str | None]:
    """Store and cluster coded articles batch by batch; article id -> its main cluster (or None)."""
    from tacitus import cluster
    from tacitus.store import Store

    main: dict[str, str | None] = {}
    with Store(db) as store:
        for batch in batches:
            store.write_batch(batch)
            main.update(cluster.update(store, batch).story)
    return main


def stories(rows: list[dict]) -> dict[str, str | None]:
    """Row id -> the story the product's clustering files the row's article under (None: left
    alone). The articles are coded, stored and clustered in batches on a throw-away store."""
    articles = [row_article(r) for r in rows]

    def batches() -> Iterator[list[CodedArticle]]:
        for i in range(0, len(articles), BATCH_SIZE):
            yield code_leads(articles[i : i + BATCH_SIZE])

    with tempfile.TemporaryDirectory(prefix="tacitus-dedup-") as tmp:
        main = cluster_batches(batches(), Path(tmp) / "dedup.db")
    return {row["id"]: main.get(article.id) for row, article in zip(rows, articles, strict=True)}


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions for dedup rows: ``{"id", "cluster"}``; ``cluster`` None leaves an article alone."""
    rows = list(rows)
    story = stories(rows)
    for row in rows:
        yield {"id": row["id"], "cluster": story[row["id"]]}
