"""The local engine: shards coded in this process, or in ``workers`` processes, by
:func:`tacitus.pipeline.code_articles` (the path of ``tacitus ingest``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

from tacitus.engines.output import ShardSink, result_rows
from tacitus.engines.shards import Shard, read_shard
from tacitus.records import Article, Failure


def run_local(shards: Sequence[Shard], sink: ShardSink, *, workers: int = 1, batch_size: int = 32) -> None:
    """Read, code and hand to ``sink`` every item of ``shards``; shards commit as they complete."""
    from tacitus import pipeline

    owners: deque[tuple[str, int]] = deque()  # shard and position of each article handed to the coder

    def articles() -> Iterator[Article]:
        for shard in shards:
            n = 0
            for n, item in enumerate(read_shard(shard), 1):
                if isinstance(item, Failure):
                    sink.add_rows(result_rows([(shard.id, n - 1, item)]))
                else:
                    owners.append((shard.id, n - 1))
                    yield item
            sink.add_rows(result_rows([(shard.id, n, None)]))

    for results in pipeline.code_articles(articles(), workers=workers, batch_size=batch_size):
        sink.add_rows(result_rows((*owners.popleft(), result) for result in results))
