"""``run_corpus``: plan the shards of a corpus, skip the committed ones, run an engine on the rest."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from tacitus.engines.output import RUN_FILE, Output, ShardSink
from tacitus.engines.shards import FILES_PER_SHARD, plan_shards
from tacitus.errors import EngineError, TacitusError, UsageError

ENGINES = ("local", "ray")


@dataclass
class RunReport:
    """What a corpus run did (also written to ``OUT/_run.json``)."""

    engine: str
    out: str
    shards: int = 0  # shards in the corpus
    resumed: int = 0  # shards already committed by an earlier run, skipped
    committed: int = 0  # shards committed by this run
    items: int = 0  # inputs read in this run: articles and failures
    articles: int = 0
    duplicates: int = 0  # articles whose text was already written (another input, another shard)
    events: int = 0
    failed: int = 0
    skipped: int = 0  # e.g. not English
    seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "articles_per_s": round(self.articles_per_s, 3)}


def run_corpus(
    sources: Sequence[str],
    out: str,
    *,
    engine: str = "local",
    workers: int = 1,
    batch_size: int = 32,
    files_per_shard: int = FILES_PER_SHARD,
    address: str | None = None,
    num_cpus: int | None = None,
    actors: int | None = None,
    object_store_mb: int | None = None,
    progress: bool = False,
    on_commit: Callable[[dict], None] | None = None,
) -> RunReport:
    """Code the corpus ``sources`` into the output directory ``out`` with ``engine`` (local or ray).

    Shards committed by an earlier run into ``out`` are skipped. ``workers`` is for the local
    engine; ``address``, ``num_cpus``, ``actors`` and ``object_store_mb`` for Ray (see
    :func:`tacitus.engines.ray_engine.run_ray`). ``on_commit(entry)`` is called per committed shard.
    Returns a RunReport. Raises InputNotFound for a source that does not exist,
    OptionalDependencyMissing when the Ray engine is asked for without Ray, and EngineError when
    the engine stopped before every shard was committed.
    """
    if engine not in ENGINES:
        raise UsageError(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")
    if engine == "ray":
        from tacitus.engines.ray_engine import import_ray

        import_ray()  # fail before anything is read or written
    t0 = time.perf_counter()
    shards = plan_shards(sources, files_per_shard=files_per_shard)
    output = Output(out)
    done = output.prepare()
    pending = [s for s in shards if s.id not in done]
    sink = ShardSink(output, pending, engine=engine, known=output.article_ids(done), on_commit=on_commit)
    try:
        try:
            _run_engine(engine, pending, sink, workers=workers, batch_size=batch_size, address=address,
                        num_cpus=num_cpus, actors=actors, object_store_mb=object_store_mb, progress=progress)
        finally:
            sink.close()  # the shards being written are committed, even when the engine failed
    except TacitusError:
        raise
    except Exception as e:  # a worker, an actor or the cluster failed: say so, keep what is committed
        raise EngineError(
            f"The {engine} engine stopped ({type(e).__name__}: {e}). {len(sink.entries)} of {len(pending)} "
            "shards were committed; run the same command again to resume."
        ) from e
    report = RunReport(engine=engine, out=out, shards=len(shards), resumed=len(shards) - len(pending),
                       committed=len(sink.entries), seconds=round(time.perf_counter() - t0, 3))
    for entry in sink.entries:
        for key in ("items", "articles", "duplicates", "events", "failed", "skipped"):
            setattr(report, key, getattr(report, key) + entry[key])
    output.write_json(RUN_FILE, report.to_dict())
    if sink.unfinished:
        raise EngineError(
            f"{len(sink.unfinished)} of {len(pending)} shards were not finished; the others are committed. "
            "Run the same command again to resume."
        )
    return report


def _run_engine(engine: str, pending: list, sink: ShardSink, **options) -> None:
    if not pending:
        return
    if engine == "local":
        from tacitus.engines.local import run_local

        run_local(pending, sink, workers=options["workers"], batch_size=options["batch_size"])
    else:
        from tacitus.engines.ray_engine import run_ray

        run_ray(pending, sink, address=options["address"], num_cpus=options["num_cpus"], actors=options["actors"],
                batch_size=options["batch_size"], object_store_mb=options["object_store_mb"],
                progress=options["progress"])
