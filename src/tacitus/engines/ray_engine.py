"""The Ray engine: the shards of a corpus through Ray Data, coded by stateful actors.

The dataset has one row per pending shard. Two stages follow:

1. ``read`` (Ray tasks): each shard is read by :func:`tacitus.engines.shards.read_shard` (the
   readers of :mod:`tacitus.ingest`) into rows ``(shard, kind="item", n, payload)``, ``n`` the
   item's position in the shard, then one row ``(shard, kind="end", n)``, ``n`` the shard's item count;
2. ``code`` (``map_batches`` with a callable class, an actor pool): each actor loads the spaCy
   pipeline and the knowledge once (:func:`tacitus.pipeline.warm_up`) and codes the articles of
   each batch with :func:`tacitus.pipeline.code_batch`, the step the local run uses; failures and
   end rows pass through.

The actors return Arrow rows (the article, its events and failures already in the output schema),
and the driver streams them to a :class:`~tacitus.engines.output.ShardSink`, which only slices
and writes Arrow tables: each shard's Parquet files, committed once all its items are in. Items
travel from the read stage to the actors as pickled records (the dataclasses of :mod:`tacitus.records`).
"""

from __future__ import annotations

import json
import logging
import math
import pickle
from collections.abc import Iterator, Sequence

from tacitus.engines.output import ShardSink, result_rows
from tacitus.engines.shards import Shard, read_shard
from tacitus.errors import OptionalDependencyMissing
from tacitus.records import Article

#: Items per row block of the read stage.
READ_ROWS = 32
#: Blocks of the shard list (each read task reads the shards of one block, one after the other).
MAX_BLOCKS = 1000
#: Coding actors served by one read task (reading and HTML extraction cost a fraction of coding).
ACTORS_PER_READER = 4


def import_ray():
    """The ``ray`` module, with Ray Data. Raises OptionalDependencyMissing when Ray is not installed."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        raise OptionalDependencyMissing(
            "The Ray engine needs Ray, an optional extra: pip install 'tacitus[ray]' "
            "(in a checkout: .venv/bin/pip install -e '.[ray]'). Or run with --engine local."
        ) from e
    return ray


def _table(shard_id: str, first: int, items: Sequence, end: int | None = None):
    """Read-stage rows: ``items`` at positions ``first``, ``first + 1``, ...; then the end row if ``end``."""
    import pyarrow as pa

    kinds = ["item"] * len(items)
    positions = list(range(first, first + len(items)))
    payloads = [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in items]
    if end is not None:
        kinds.append("end")
        positions.append(end)
        payloads.append(b"")
    return pa.table({
        "shard": pa.array([shard_id] * len(kinds), pa.string()),
        "kind": pa.array(kinds, pa.string()),
        "n": pa.array(positions, pa.int64()),
        "payload": pa.array(payloads, pa.binary()),
    })


def read_stage(batch) -> Iterator:
    """Ray Data read stage: a batch of shard rows (``spec``: the shard as JSON) -> item rows, then an end row."""
    for spec in batch["spec"].to_pylist():
        shard = Shard.from_dict(json.loads(spec))
        items: list = []
        n = 0
        for item in read_shard(shard):
            n += 1
            items.append(item)
            if len(items) >= READ_ROWS:
                yield _table(shard.id, n - len(items), items)
                items = []
        yield _table(shard.id, n - len(items), items, end=n)


class CodeStage:
    """Ray Data code stage: a stateful actor that loads the pipeline once, codes each batch of item
    rows with :func:`tacitus.pipeline.code_batch` and returns them as result rows
    (:func:`tacitus.engines.output.result_rows`: Arrow tables built here, on the worker)."""

    def __init__(self) -> None:
        from tacitus import pipeline

        pipeline.warm_up()

    def __call__(self, batch):
        from tacitus import pipeline

        results: list[list] = []
        at: list[int] = []
        articles: list[Article] = []
        for shard_id, kind, n, payload in zip(
            batch["shard"].to_pylist(), batch["kind"].to_pylist(), batch["n"].to_pylist(),
            batch["payload"].to_pylist(), strict=True,
        ):
            item = pickle.loads(payload) if kind == "item" else None
            if isinstance(item, Article):
                at.append(len(results))
                articles.append(item)
            results.append([shard_id, n, item])
        if articles:
            for i, coded in zip(at, pipeline.code_batch(articles), strict=True):
                results[i][2] = coded
        return result_rows(tuple(r) for r in results)


def _encoder_env() -> dict:
    """The optional attribution encoder (tacitus.attribution.context) travels to the coding
    actors in their runtime environment: a cluster's workers do not share this process's."""
    from tacitus.attribution import context

    name = context.encoder_name()
    return {"runtime_env": {"env_vars": {context.ENV: name}}} if name else {}


def run_ray(
    shards: Sequence[Shard],
    sink: ShardSink,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    actors: int | None = None,
    batch_size: int = 32,
    object_store_mb: int | None = None,
    progress: bool = False,
) -> None:
    """Code ``shards`` on Ray and hand every item to ``sink``.

    Connects to the cluster at ``address`` (``"auto"``, ``"ray://head:10001"``, ``"HOST:6379"``), or,
    without one, starts a local instance with ``num_cpus`` CPUs (default: all) and shuts it down at
    the end; an instance already started in this process (``ray.init``) is used as it is. ``actors``
    is the number of coding actors, one CPU each (default: the cluster's CPUs).
    """
    ray = import_ray()
    started = False
    if not ray.is_initialized():
        options: dict = {"include_dashboard": False, "logging_level": logging.WARNING}
        if address:
            ray.init(address=address, **options)
        else:
            if object_store_mb:
                options["object_store_memory"] = object_store_mb * 1024 * 1024
            ray.init(num_cpus=num_cpus, **options)
        started = True
    try:
        if not progress:
            logging.getLogger("ray.data").setLevel(logging.WARNING)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = progress
        ctx.execution_options.preserve_order = False
        if actors is None:
            actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
        specs = [{"spec": json.dumps(s.to_dict())} for s in shards]
        ds = ray.data.from_items(specs, override_num_blocks=max(1, min(len(specs), MAX_BLOCKS)))
        # Reading is light next to parsing: read tasks take no CPU slot, so they never wait behind
        # the coding actors that hold every slot, and one read task runs per ACTORS_PER_READER actors.
        readers = max(1, math.ceil(actors / ACTORS_PER_READER))
        ds = ds.map_batches(read_stage, batch_size=1, batch_format="pyarrow", num_cpus=0,
                            compute=ray.data.TaskPoolStrategy(size=readers))
        ds = ds.map_batches(CodeStage, batch_size=batch_size, batch_format="pyarrow", num_cpus=1,
                            compute=ray.data.ActorPoolStrategy(size=actors), **_encoder_env())
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            sink.add_rows(batch)
    finally:
        if started:
            ray.shutdown()
