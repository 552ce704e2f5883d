"""Engines: the pipeline over a whole corpus, into a directory of Parquet shards (``tacitus run``).

- :func:`run_corpus` plans the corpus's input shards (:mod:`tacitus.engines.shards`), skips those
  an earlier run committed, and runs an engine on the rest:

  - ``local``: :func:`tacitus.pipeline.code_articles` in this process or ``workers`` processes;
  - ``ray``: Ray Data on a local Ray instance or a cluster, stateful actors coding batches with
    :func:`tacitus.pipeline.code_batch` (:mod:`tacitus.engines.ray_engine`; needs ``tacitus[ray]``).

  Both read with :mod:`tacitus.ingest` and code with the same per-batch function, and both write
  the same layout (:mod:`tacitus.engines.output`): events, articles and failures, one Parquet file
  per shard and table, committed shard by shard through a manifest.
- :func:`load_output` loads such a directory into the embedded store, idempotently (``tacitus load``).
- :func:`read_table` reads one table of the committed shards.
"""

from tacitus.engines.load import LoadSummary, load_output
from tacitus.engines.output import ARTICLES, EVENTS, FAILURES, read_table
from tacitus.engines.runner import ENGINES, RunReport, run_corpus
from tacitus.engines.shards import Shard, plan_shards, read_shard

__all__ = [
    "ARTICLES",
    "ENGINES",
    "EVENTS",
    "FAILURES",
    "LoadSummary",
    "RunReport",
    "Shard",
    "load_output",
    "plan_shards",
    "read_shard",
    "read_table",
    "run_corpus",
]
