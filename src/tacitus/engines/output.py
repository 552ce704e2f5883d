"""The output of a corpus run: partitioned Parquet, one file per input shard and table, and a manifest.

Layout of ``OUT`` (a local directory, or a URI such as ``s3://bucket/run/``)::

    events/<shard>.parquet     events, the schema of the Parquet export (tacitus.schema.event_arrow_schema)
    articles/<shard>.parquet   articles (the Article fields) with their resolved toponyms (``places``)
    failures/<shard>.parquet   inputs that did not become articles: origin, outcome, code, reason, article_id
    _manifest/<shard>.json     the commit record of a shard: its files and counts
    _run.json                  the summary of the latest run
    _tmp/                      files being written (removed when a run starts)

A shard is committed when its manifest file exists. Its three Parquet files are written under
``_tmp`` and moved into place first, and the manifest is written last (also by a move), so a run
killed at any point leaves every shard either committed whole or not at all. Readers (``tacitus
load``, :func:`read_table`) read committed shards only; a re-run skips them and rewrites the rest.
Each directory reads as one table, e.g. ``pyarrow.dataset.dataset("OUT/events")``.

Run one engine at a time on one output directory.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tacitus.engines.shards import Shard, filesystem
from tacitus.records import Article, CodedArticle, Event, Failure, Place, from_export, to_export

EVENTS, ARTICLES, FAILURES = "events", "articles", "failures"
TABLES = (EVENTS, ARTICLES, FAILURES)
MANIFEST, TMP, RUN_FILE = "_manifest", "_tmp", "_run.json"


@functools.cache
def table_schema(name: str):
    """The Arrow schema of one output table (events: the export schema). Built once per process."""
    import pyarrow as pa

    # The export schema's generator, applied to the other records (same nesting and names).
    from tacitus.schema import _arrow_fields, event_arrow_schema

    if name == EVENTS:
        return event_arrow_schema()
    if name == ARTICLES:
        return pa.schema([*_arrow_fields(Article), pa.field("places", pa.list_(pa.struct(_arrow_fields(Place))))])
    if name == FAILURES:
        return pa.schema(_arrow_fields(Failure))
    raise KeyError(name)


def article_row(coded: CodedArticle) -> dict:
    """One row of the articles table: the article's fields and its resolved toponyms."""
    return {**to_export(coded.article), "places": to_export(coded.places)}


def coded_from_rows(article: dict, events: Iterable[dict]) -> CodedArticle:
    """A CodedArticle from a row of the articles table and its rows of the events table."""
    places = tuple(from_export(Place, p) for p in article.get("places") or ())
    return CodedArticle(
        article=from_export(Article, article),
        events=tuple(from_export(Event, e) for e in events),
        places=places,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Output:
    """An output directory: local path or URI. Writes are tmp-then-move; the manifest commits."""

    def __init__(self, location: str):
        import pyarrow.fs as pafs

        self.location = location
        self.fs, self.root = filesystem(location)
        self._pafs = pafs

    def path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def file(self, table: str, shard_id: str) -> str:
        return self.path(table, f"{shard_id}.parquet")

    def _exists(self, path: str) -> bool:
        return self.fs.get_file_info(path).type != self._pafs.FileType.NotFound

    def _list(self, folder: str) -> list[str]:
        selector = self._pafs.FileSelector(self.path(folder), allow_not_found=True)
        return sorted(i.base_name for i in self.fs.get_file_info(selector) if i.type == self._pafs.FileType.File)

    # -- reading --------------------------------------------------------------------------------
    def committed(self) -> dict[str, dict]:
        """Manifest entries of the committed shards, by shard id."""
        out = {}
        for name in self._list(MANIFEST):
            if name.endswith(".json"):
                with self.fs.open_input_stream(self.path(MANIFEST, name)) as f:
                    entry = json.loads(f.read().decode("utf-8"))
                out[entry["shard"]] = entry
        return out

    def read(self, table: str, shard_id: str):
        """One committed shard's table (a ``pyarrow.Table``)."""
        import pyarrow.parquet as pq

        return pq.read_table(self.file(table, shard_id), filesystem=self.fs, schema=table_schema(table))

    def article_ids(self, shard_ids: Iterable[str]) -> set[str]:
        import pyarrow.parquet as pq

        ids: set[str] = set()
        for sid in shard_ids:
            ids.update(pq.read_table(self.file(ARTICLES, sid), columns=["id"], filesystem=self.fs)["id"].to_pylist())
        return ids

    # -- writing --------------------------------------------------------------------------------
    def prepare(self) -> dict[str, dict]:
        """Make the folders, drop the files of uncommitted shards and ``_tmp``; the committed shards."""
        for folder in (*TABLES, MANIFEST):
            self.fs.create_dir(self.path(folder), recursive=True)
        if self._exists(self.path(TMP)):
            self.fs.delete_dir(self.path(TMP))
        self.fs.create_dir(self.path(TMP), recursive=True)
        done = self.committed()
        for table in TABLES:
            for name in self._list(table):
                if name.endswith(".parquet") and name.removesuffix(".parquet") not in done:
                    self.fs.delete_file(self.path(table, name))
        return done

    def writer(self, table: str, shard_id: str):
        import pyarrow.parquet as pq

        return pq.ParquetWriter(self.path(TMP, f"{shard_id}.{table}.parquet"), table_schema(table),
                                filesystem=self.fs, compression="zstd")

    def publish(self, table: str, shard_id: str) -> None:
        self.fs.move(self.path(TMP, f"{shard_id}.{table}.parquet"), self.file(table, shard_id))

    def write_json(self, path: str, data: dict) -> None:
        """Write ``data`` to ``path`` under the root: to ``_tmp`` first, then moved into place."""
        tmp = self.path(TMP, path.replace("/", "."))
        with self.fs.open_output_stream(tmp) as f:
            f.write(json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
        self.fs.move(tmp, self.path(path))

    def commit(self, entry: dict) -> None:
        self.write_json(f"{MANIFEST}/{entry['shard']}.json", entry)


@functools.cache
def row_schema():
    """Schema of the rows that engines hand to :meth:`ShardSink.add_rows`: one per item, one per shard end."""
    import pyarrow as pa

    return pa.schema([
        pa.field("shard", pa.string()),
        pa.field("kind", pa.string()),  # "item", or "end": the reader has finished the shard
        pa.field("n", pa.int64()),  # items: the position in the shard; end rows: the shard's item count
        pa.field("article_id", pa.string()),  # coded articles
        pa.field("article", pa.struct(list(table_schema(ARTICLES)))),  # a row of the articles table
        pa.field("events", pa.list_(pa.struct(list(table_schema(EVENTS))))),  # rows of the events table
        pa.field("failure", pa.struct(list(table_schema(FAILURES)))),  # a row of the failures table
    ])


def result_rows(results: Iterable[tuple[str, int, CodedArticle | Failure | None]]):
    """Rows for :meth:`ShardSink.add_rows` (a ``pyarrow.Table``) from ``(shard id, n, item)``:
    ``(shard, position in the shard, coded article or failure)`` for an item, ``(shard, item count,
    None)`` for the end of a shard. Engines build them where the coding runs (a Ray actor), so that
    the collecting process only slices Arrow tables."""
    import pyarrow as pa

    rows = []
    for shard_id, n, item in results:
        row = {"shard": shard_id, "kind": "item" if item is not None else "end", "n": n,
               "article_id": None, "article": None, "events": None, "failure": None}
        if isinstance(item, Failure):
            row["failure"] = to_export(item)
        elif item is not None:
            row.update(article_id=item.article.id, article=article_row(item), events=to_export(item.events))
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=row_schema())


@dataclass
class _Open:
    """A shard being collected: its buffered tables, its open writers and its counts."""

    shard: Shard
    expected: int | None = None  # items the reader produced, known once it has finished the shard
    received: set[int] = field(default_factory=set)  # positions of the items taken
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("articles", "duplicates", "events", "failed", "skipped"), 0))
    buffers: dict[str, list] = field(default_factory=lambda: {name: [] for name in TABLES})
    buffered: int = 0
    writers: dict = field(default_factory=dict)
    last: Future | None = None  # the shard's latest write job: its jobs run one after the other


class ShardSink:
    """Collects the rows of each shard (:func:`result_rows`), in any order, and commits a shard as
    soon as all of its items are in.

    Each item read yields exactly one coded article or failure, numbered by its position in the
    shard; a shard's end row says how many items the reader produced for it. An item delivered
    twice (a retried task) is taken once, and rows of shards already committed are ignored. An
    article whose id was already written in this run or a committed shard is dropped (counted in
    ``duplicates``): the same text is never written twice.

    Parquet encoding and the commits run on ``threads`` writer threads (pyarrow releases the GIL),
    one shard's jobs in order, so that the caller goes on taking rows meanwhile; with ``threads=0``
    everything runs in the caller. ``on_commit(entry)`` is called after each commit, from a writer
    thread. Call :meth:`close` at the end: it waits for the writes and raises their errors.
    """

    def __init__(self, out: Output, shards: Sequence[Shard], *, engine: str, known: set[str] | None = None,
                 on_commit: Callable[[dict], None] | None = None, flush_rows: int = 5000, threads: int = 4):
        self.out = out
        self.engine = engine
        self.seen = set(known or ())
        self.on_commit = on_commit
        self.flush_rows = flush_rows
        self.open = {s.id: _Open(s) for s in shards}
        self.entries: list[dict] = []
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="tacitus-write") if threads else None
        self._jobs: list[Future] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        """Wait for every write and commit; raise the first error of a writer thread."""
        try:
            for job in self._jobs:
                job.result()
        finally:
            if self._pool:
                self._pool.shutdown(wait=True)
            self._jobs = []

    def add_rows(self, rows) -> None:
        """Take a table of :func:`row_schema` rows (any shards, any order); commit the shards it completes."""
        import pyarrow.compute as pc

        shards = rows.column("shard")
        for shard_id in pc.unique(shards).to_pylist():
            st = self.open.get(shard_id)
            if st is None:
                continue
            part = rows.filter(pc.equal(shards, shard_id))
            kinds = part.column("kind")
            items = part.filter(pc.equal(kinds, "item"))
            if items.num_rows:
                self._take(st, items)
            for count in part.filter(pc.equal(kinds, "end")).column("n").to_pylist():
                st.expected = count
            if st.buffered >= self.flush_rows:
                self._flush(st)
            self._maybe_commit(st)

    @property
    def unfinished(self) -> list[str]:
        """Ids of the shards whose items are not all in (after :meth:`close`: not committed)."""
        return list(self.open)

    def _submit(self, st: _Open, job: Callable[[], None]) -> None:
        """Run ``job`` after the shard's previous job, on a writer thread (or now, without threads)."""
        if self._pool is None:
            job()
            return
        previous = st.last

        def chained() -> None:
            if previous is not None:
                previous.result()  # started before this one (FIFO), so this never waits for a queued job
            job()

        st.last = self._pool.submit(chained)
        self._jobs = [j for j in self._jobs if not j.done() or j.exception() is not None]
        for j in self._jobs:
            if j.done():
                j.result()  # a failed write: stop now rather than at the end
        self._jobs.append(st.last)

    def _take(self, st: _Open, items) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        fresh = []
        for n in items.column("n").to_pylist():
            fresh.append(n not in st.received)
            st.received.add(n)
        if not all(fresh):
            items = items.filter(pa.array(fresh, pa.bool_()))
        failed = pc.is_valid(items.column("failure"))
        failures = pa.Table.from_struct_array(items.filter(failed).column("failure").combine_chunks())
        if failures.num_rows:
            outcomes = failures.column("outcome").to_pylist()
            st.counts["skipped"] += outcomes.count("skipped")
            st.counts["failed"] += len(outcomes) - outcomes.count("skipped")
            st.buffers[FAILURES].append(failures)
        coded = items.filter(pc.invert(failed))
        keep = []
        for article_id in coded.column("article_id").to_pylist():
            keep.append(article_id not in self.seen)
            self.seen.add(article_id)
        st.counts["duplicates"] += keep.count(False)
        coded = coded.filter(pa.array(keep, pa.bool_()))
        if coded.num_rows:
            articles = pa.Table.from_struct_array(coded.column("article").combine_chunks())
            events = pa.Table.from_struct_array(pc.list_flatten(coded.column("events")).combine_chunks())
            st.buffers[ARTICLES].append(articles)
            st.buffers[EVENTS].append(events)
            st.counts["articles"] += articles.num_rows
            st.counts["events"] += events.num_rows
            st.buffered += articles.num_rows + events.num_rows
        st.buffered += failures.num_rows

    def _flush(self, st: _Open) -> None:
        buffers = st.buffers
        st.buffers = {name: [] for name in TABLES}
        st.buffered = 0
        self._submit(st, lambda: self._write(st, buffers))

    def _write(self, st: _Open, buffers: dict[str, list]) -> None:
        import pyarrow as pa

        for name in TABLES:
            if name not in st.writers:
                st.writers[name] = self.out.writer(name, st.shard.id)
            if buffers[name]:
                st.writers[name].write_table(pa.concat_tables(buffers[name]).cast(table_schema(name)))

    def _maybe_commit(self, st: _Open) -> None:
        if st.expected is None or len(st.received) < st.expected:
            return
        del self.open[st.shard.id]  # later rows of this shard are ignored
        entry = {
            "shard": st.shard.id, "kind": st.shard.kind, "inputs": [origin for _, origin, _ in st.shard.files],
            "items": len(st.received), **st.counts, "engine": self.engine,
        }
        self._flush(st)
        self._submit(st, lambda: self._commit(st, entry))

    def _commit(self, st: _Open, entry: dict) -> None:
        for name in TABLES:
            st.writers[name].close()
        for name in TABLES:
            self.out.publish(name, st.shard.id)
        entry["finished_at"] = _now()
        self.out.commit(entry)
        with self._lock:
            self.entries.append(entry)
            if self.on_commit:
                self.on_commit(entry)


def read_table(location: str, table: str):
    """One output table over every committed shard (a ``pyarrow.Table``; shards in id order)."""
    import pyarrow as pa

    out = Output(location)
    parts = [out.read(table, sid) for sid in sorted(out.committed())]
    return pa.concat_tables(parts) if parts else table_schema(table).empty_table()
