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

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tacitus.engines.shards import Shard, filesystem
from tacitus.records import Article, CodedArticle, Event, Failure, Place, from_export, to_export

EVENTS, ARTICLES, FAILURES = "events", "articles", "failures"
TABLES = (EVENTS, ARTICLES, FAILURES)
MANIFEST, TMP, RUN_FILE = "_manifest", "_tmp", "_run.json"


def table_schema(name: str):
    """The Arrow schema of one output table (events: the export schema)."""
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


@dataclass
class _Open:
    """A shard being collected: its buffered rows, its open writers and its counts."""

    shard: Shard
    expected: int | None = None  # items the reader produced, known once it has finished the shard
    received: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("articles", "duplicates", "events", "failed", "skipped"), 0))
    events: list[Event] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    writers: dict = field(default_factory=dict)


class ShardSink:
    """Collects the coded articles and failures of each shard, in any order, and commits a shard as
    soon as all of its items are in.

    ``add(shard_id, item)`` takes one CodedArticle or Failure; ``end(shard_id, count)`` says how many
    items the reader produced for the shard (each read item yields exactly one coded item). An article
    whose id was already written in this run or a committed shard is dropped (counted in
    ``duplicates``): the same text is never written twice. ``on_commit(entry)`` is called after
    each commit.
    """

    def __init__(self, out: Output, shards: Sequence[Shard], *, engine: str, known: set[str] | None = None,
                 on_commit: Callable[[dict], None] | None = None, flush_rows: int = 2000):
        self.out = out
        self.engine = engine
        self.seen = set(known or ())
        self.on_commit = on_commit
        self.flush_rows = flush_rows
        self.open = {s.id: _Open(s) for s in shards}
        self.entries: list[dict] = []

    def add(self, shard_id: str, item: CodedArticle | Failure) -> None:
        st = self.open[shard_id]
        st.received += 1
        if isinstance(item, Failure):
            st.failures.append(to_export(item))
            st.counts["skipped" if item.outcome == "skipped" else "failed"] += 1
        elif item.article.id in self.seen:
            st.counts["duplicates"] += 1
        else:
            self.seen.add(item.article.id)
            st.articles.append(article_row(item))
            st.events.extend(item.events)
            st.counts["articles"] += 1
            st.counts["events"] += len(item.events)
        if len(st.articles) >= self.flush_rows or len(st.events) >= self.flush_rows * 4:
            self._flush(st)
        self._maybe_commit(st)

    def end(self, shard_id: str, count: int) -> None:
        st = self.open[shard_id]
        st.expected = count
        self._maybe_commit(st)

    @property
    def unfinished(self) -> list[str]:
        """Ids of the shards not committed."""
        return list(self.open)

    def _flush(self, st: _Open) -> None:
        import pyarrow as pa

        from tacitus.export import parquet_table

        tables = {
            EVENTS: parquet_table(st.events),
            ARTICLES: pa.Table.from_pylist(st.articles, schema=table_schema(ARTICLES)),
            FAILURES: pa.Table.from_pylist(st.failures, schema=table_schema(FAILURES)),
        }
        for name, table in tables.items():
            if name not in st.writers:
                st.writers[name] = self.out.writer(name, st.shard.id)
            if table.num_rows:
                st.writers[name].write_table(table)
        st.events, st.articles, st.failures = [], [], []

    def _maybe_commit(self, st: _Open) -> None:
        if st.expected is None or st.received < st.expected:
            return
        self._flush(st)
        for name in TABLES:
            st.writers[name].close()
        for name in TABLES:
            self.out.publish(name, st.shard.id)
        entry = {
            "shard": st.shard.id, "kind": st.shard.kind, "inputs": [origin for _, origin, _ in st.shard.files],
            "items": st.received, **st.counts, "engine": self.engine, "finished_at": _now(),
        }
        self.out.commit(entry)
        del self.open[st.shard.id]
        self.entries.append(entry)
        if self.on_commit:
            self.on_commit(entry)


def read_table(location: str, table: str):
    """One output table over every committed shard (a ``pyarrow.Table``; shards in id order)."""
    import pyarrow as pa

    out = Output(location)
    parts = [out.read(table, sid) for sid in sorted(out.committed())]
    return pa.concat_tables(parts) if parts else table_schema(table).empty_table()
