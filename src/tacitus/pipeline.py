"""The pipeline: ingest -> NLP -> coding -> store, for one article or a stream of them.

``code_article`` codes one article (no database). ``code_articles`` codes many, in batches, in this
process or in ``workers`` processes, each loading the spaCy pipeline and the knowledge once.
``run`` streams inputs into a :class:`tacitus.store.Store`: articles already stored are skipped
before parsing, each batch is written in one transaction, and every input ends up stored or
recorded as a failure.
"""

from __future__ import annotations

import concurrent.futures as futures
import functools
import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from tacitus.errors import CodingFailed
from tacitus.records import Article, CodedArticle, Failure

BATCH_SIZE = 32



@dataclass
class RunSummary:
    """What a run did, for the closing line and for scripts."""

    read: int = 0  # articles read from the inputs
    ingested: int = 0  # new articles stored
    already_stored: int = 0  # articles whose text was already in the store (no-op)
    events: int = 0
    skipped: int = 0  # e.g. not English
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def nothing_read(self) -> bool:
        """No input could be read as an article (every one failed, or there were none)."""
        return self.read == 0 and self.skipped == 0


def code_article(article: Article, doc=None, *, full_parse: bool = False) -> CodedArticle:
    """Code one article: its events and resolved toponyms. Parses the text unless ``doc`` is given
    (only the sentences that could hold an event, unless ``full_parse``)."""
    from tacitus import coding, nlp

    if doc is None:
        doc = nlp.parse_one(nlp.text_for_parsing(article, prefilter=not full_parse))
    return coding.code_document(article, doc)


def code_batch(articles: Sequence[Article], full_parse: bool = False) -> list[CodedArticle | Failure]:
    """Parse and code a batch; a coding error fails that article only, with its reason.

    Returns one CodedArticle or Failure per article, in order. The one per-batch step of every
    engine: ``code_articles`` here and the Ray engine (:mod:`tacitus.engines`) both call it.
    """
    from tacitus import nlp

    out: list[CodedArticle | Failure] = []
    docs = nlp.parse_articles(articles, prefilter=not full_parse)
    for article, doc in zip(articles, docs, strict=True):
        try:
            out.append(code_article(article, doc))
        except Exception as e:  # noqa: BLE001 - recorded as a failure with its reason, never lost
            out.append(
                Failure(
                    origin=article.origin or article.id,
                    outcome="failed",
                    code=getattr(e, "code", CodingFailed.code),
                    reason=f"coding failed ({type(e).__name__}: {e}); please report this as a tacitus bug",
                    article_id=article.id,
                )
            )
    return out


@functools.cache
def warm_up() -> None:
    """Load the spaCy pipeline and knowledge once in a process (a worker, a Ray actor, or this one).

    What is loaded lives as long as the process, so it is then frozen out of the garbage
    collector's sight: its full collections would otherwise walk the models, lexicons and
    knowledge base (some 250,000 objects) again and again (about 0.2 s each on the speed corpus).
    """
    from tacitus import coding, nlp

    nlp.load_pipeline()
    coding.load_resources()
    gc.freeze()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_articles(
    articles: Iterable[Article], *, workers: int = 1, batch_size: int = BATCH_SIZE, full_parse: bool = False
) -> Iterator[list[CodedArticle | Failure]]:
    """Code articles batch by batch, in order. With ``workers > 1``, batches run in parallel processes.
    ``full_parse`` parses every sentence, not only those that could hold an event."""
    batches = _batches(articles, batch_size)
    if workers <= 1:
        warm_up()
        for batch in batches:
            yield code_batch(batch, full_parse)
        return
    ctx = multiprocessing.get_context("spawn")
    with futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm_up) as pool:
        pending: list[futures.Future] = []
        for batch in batches:
            pending.append(pool.submit(code_batch, batch, full_parse))
            if len(pending) >= workers * 2:  # bounded: keeps memory flat on huge inputs
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()


def run(
    sources: Sequence[str],
    store,
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    stdin=None,
    on_progress: Callable[[int], None] | None = None,
    on_batch: Callable[[list[CodedArticle]], None] | None = None,
    full_parse: bool = False,
) -> RunSummary:
    """Ingest ``sources`` into ``store``. Returns counts; failures are stored, not raised."""
    from tacitus import ingest

    summary = RunSummary()

    def fresh_articles() -> Iterator[Article]:
        """Articles not yet stored; ingest failures are written as they come, in small batches."""
        pending_failures: list[Failure] = []
        buffer: list[Article] = []
        for item in ingest.iter_inputs(sources, stdin=stdin):
            if isinstance(item, Failure):
                pending_failures.append(item)
                summary.failures.append(item)
                if item.outcome == "skipped":
                    summary.skipped += 1
                else:
                    summary.failed += 1
                if len(pending_failures) >= batch_size:
                    store.write_batch([], pending_failures)
                    pending_failures = []
                if on_progress:
                    on_progress(1)
                continue
            summary.read += 1
            buffer.append(item)
            if len(buffer) >= batch_size:
                yield from _drop_known(buffer)
                buffer = []
        yield from _drop_known(buffer)
        if pending_failures:
            store.write_batch([], pending_failures)

    seen: set[str] = set()

    def _drop_known(articles: list[Article]) -> Iterator[Article]:
        known = store.known_articles(a.id for a in articles)
        for a in articles:
            if a.id in known or a.id in seen:
                summary.already_stored += 1
                if on_progress:
                    on_progress(1)
                continue
            seen.add(a.id)
            yield a

    for results in code_articles(fresh_articles(), workers=workers, batch_size=batch_size, full_parse=full_parse):
        coded = [r for r in results if isinstance(r, CodedArticle)]
        failures = [r for r in results if isinstance(r, Failure)]
        counts = store.write_batch(coded, failures)
        summary.ingested += counts.articles
        summary.already_stored += counts.duplicates
        summary.events += counts.events
        summary.failed += len(failures)
        summary.failures.extend(failures)
        if on_batch:
            on_batch(coded)
        if on_progress:
            on_progress(len(results))
    return summary


def extract(sources: Sequence[str], *, stdin=None, workers: int = 1) -> Iterator[CodedArticle | Failure]:
    """Code articles from ``sources`` without a database: coded articles and failures, in order."""
    from tacitus import ingest

    failures: list[Failure] = []

    def articles() -> Iterator[Article]:
        for item in ingest.iter_inputs(sources, stdin=stdin):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    for results in code_articles(articles(), workers=workers):
        yield from failures
        failures.clear()
        yield from results
    yield from failures

