"""Input shards: a corpus cut into units that are coded, written and committed whole.

A corpus is named by paths, directories, globs or cloud URIs (``s3://bucket/news/``,
``gs://bucket/2024/*.warc.gz``; any filesystem ``pyarrow.fs`` knows). :func:`plan_shards` lists
its files in sorted order and cuts them into :class:`Shard` units:

- each JSON Lines (``.jsonl``, ``.ndjson``), Parquet (``.parquet``) or WARC (``.warc``,
  ``.warc.gz``) file is one shard;
- other files (text, HTML, JSON, feeds) are grouped, ``files_per_shard`` consecutive files a
  shard.

A shard's id is a hash of its files' locations and sizes, so the same corpus gives the same
shards and a re-run can skip those already committed. :func:`read_shard` turns a shard into
articles and failures with the functions of :mod:`tacitus.ingest` (the same readers as
``tacitus ingest``); only the container formats that ingest does not read itself (Parquet rows,
WARC records) are opened here, and their records are handed to ingest's record and page readers.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import glob
import hashlib
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import InputError, InputNotFound, OptionalDependencyMissing
from tacitus.records import Article, Failure

#: Shard kinds: one file of many records, or a group of single-article files.
JSONL, PARQUET, WARC, FILES = "jsonl", "parquet", "warc", "files"
FILES_PER_SHARD = 64

_GLOB_CHARS = set("*?[")
#: Columns of a Parquet corpus read as article records (the JSON Lines fields).
PARQUET_COLUMNS = ("id", "title", "text", "published", "url", "source")


@dataclass(frozen=True)
class Shard:
    """One unit of work: its kind and its files, as ``(location, origin, size)``.

    ``location`` is what a worker opens (an absolute path or a URI); ``origin`` is the name the
    user gave, recorded in articles and failures as ``tacitus ingest`` records it.
    """

    id: str
    kind: str  # jsonl, parquet, warc or files
    files: tuple[tuple[str, str, int], ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "files": [list(f) for f in self.files]}

    @classmethod
    def from_dict(cls, data: dict) -> Shard:
        return cls(id=data["id"], kind=data["kind"], files=tuple((f[0], f[1], int(f[2])) for f in data["files"]))


def shard_kind(name: str) -> str:
    """The shard kind of a file name: jsonl, parquet, warc, or files (one article per file)."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return JSONL
    if lower.endswith(".parquet"):
        return PARQUET
    if lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return WARC
    return FILES


def shard_id(kind: str, files: Sequence[tuple[str, str, int]]) -> str:
    key = "\n".join(f"{kind}|{location}|{size}" for location, _, size in files)
    return "s" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Filesystems
# ---------------------------------------------------------------------------------------------

def is_uri(location: str) -> bool:
    return "://" in location


def filesystem(location: str):
    """``(pyarrow FileSystem, path within it)`` for a local path or a URI (s3://, gs://, hdfs://, file://)."""
    import pyarrow.fs as pafs

    if is_uri(location):
        try:
            return pafs.FileSystem.from_uri(location)
        except Exception as e:  # noqa: BLE001 - unknown scheme or missing credentials: say which
            raise InputNotFound(f"Cannot open {location!r}: {e}", origin=location) from e
    return pafs.LocalFileSystem(), os.path.abspath(location)


def _uri(location: str, path: str) -> str:
    """The URI of ``path`` on the filesystem of ``location`` (which may be a URI or a local path)."""
    if not is_uri(location):
        return path
    scheme = location.split("://", 1)[0]
    return f"{scheme}://{path}"


def _remote_files(source: str) -> list[tuple[str, str, int]]:
    """Files under a URI: the object itself, every object below a prefix, or those matching a glob."""
    import pyarrow.fs as pafs

    pattern = None
    base = source
    if _GLOB_CHARS & set(source.split("://", 1)[1]):
        cut = min(source.index(c) for c in _GLOB_CHARS if c in source)
        base = source[: source.rfind("/", 0, cut) + 1]
        pattern = source
    fs, root = filesystem(base)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.File and pattern is None:
        return [(source, source, info.size)]
    if info.type == pafs.FileType.NotFound:
        raise InputNotFound(f"Nothing at {source!r}.", origin=source)
    out = []
    for entry in fs.get_file_info(pafs.FileSelector(root, recursive=True)):
        if entry.type != pafs.FileType.File:
            continue
        uri = _uri(base, entry.path)
        if pattern is not None and not fnmatch.fnmatchcase(uri, pattern):
            continue
        if pattern is None and not _listed(entry.path[len(root):]):
            continue
        out.append((uri, uri, entry.size))
    if not out:
        raise InputNotFound(f"No file matches {source!r}.", origin=source)
    return sorted(out)


def _listed(relative: str) -> bool:
    """A directory walk's rule (:func:`tacitus.ingest.walk_directory`) for a path below a prefix."""
    from tacitus.ingest.sources import DOCUMENTATION_FILES

    parts = [p for p in relative.split("/") if p]
    return bool(parts) and not any(p.startswith(".") for p in parts) and not DOCUMENTATION_FILES.match(parts[-1])


def _local_files(source: str) -> list[tuple[str, str, int]]:
    """Files of a local path, directory or glob, as ``tacitus ingest`` reads them, in the same order."""
    from tacitus.ingest import walk_directory

    path = Path(source)
    if path.is_file():
        found = [path]
    elif path.is_dir():
        found = list(walk_directory(path))
    elif _GLOB_CHARS & set(source):
        found = []
        for match in sorted(glob.glob(source, recursive=True)):
            p = Path(match)
            found.extend(walk_directory(p) if p.is_dir() else [p] if p.is_file() else [])
        if not found:
            raise InputNotFound(f"No file matches the pattern {source!r}.", origin=source)
    else:
        raise InputNotFound(f"No such file or directory: {source!r}.", origin=source)
    return [(os.path.abspath(p), str(p), p.stat().st_size) for p in found]


def list_files(sources: Sequence[str]) -> list[tuple[str, str, int]]:
    """Every input file of ``sources`` as ``(location, origin, size)``, in order, each once.

    Raises InputNotFound before anything is read when a source does not exist.
    """
    seen: set[str] = set()
    out = []
    for source in sources:
        for entry in _remote_files(source) if is_uri(source) else _local_files(source):
            if entry[0] not in seen:
                seen.add(entry[0])
                out.append(entry)
    return out


def plan_shards(sources: Sequence[str], *, files_per_shard: int = FILES_PER_SHARD) -> list[Shard]:
    """The shards of a corpus, in input order. Raises InputNotFound for a source that does not exist."""
    shards: list[Shard] = []
    group: list[tuple[str, str, int]] = []

    def close_group() -> None:
        if group:
            shards.append(Shard(shard_id(FILES, group), FILES, tuple(group)))
            group.clear()

    for entry in list_files(sources):
        kind = shard_kind(entry[0])
        if kind == FILES:
            group.append(entry)
            if len(group) >= files_per_shard:
                close_group()
        else:
            close_group()
            shards.append(Shard(shard_id(kind, [entry]), kind, (entry,)))
    close_group()
    return shards


# ---------------------------------------------------------------------------------------------
# Reading a shard
# ---------------------------------------------------------------------------------------------

def read_shard(shard: Shard) -> Iterator[Article | Failure]:
    """Articles and failures of one shard, in order, read with :mod:`tacitus.ingest`. Never raises
    for a bad input: a file that cannot be read becomes a Failure, as in ``tacitus ingest``."""
    for location, origin, _ in shard.files:
        try:
            if shard.kind == PARQUET:
                yield from _parquet_items(location, origin)
            elif shard.kind == WARC:
                yield from _warc_items(location, origin)
            elif is_uri(location) or location.endswith(".gz"):
                yield from _remote_items(location, origin, shard.kind)
            else:
                yield from _renamed(_local_items(location), location, origin)
        except InputError as exc:
            from tacitus.ingest.outcomes import to_failure

            yield to_failure(exc, origin)
        except OSError as exc:
            yield Failure(origin=origin, outcome="failed", code=InputError.code,
                          reason=f"The file could not be read: {exc.strerror or exc}.")


def _local_items(path: str) -> Iterator[Article | Failure]:
    from tacitus.ingest import items_from_file

    yield from items_from_file(path)


def _renamed(items: Iterator[Article | Failure], location: str, origin: str) -> Iterator[Article | Failure]:
    """Items whose origin names ``location`` (the absolute path read) renamed to ``origin`` (as given)."""
    for item in items:
        if location != origin and item.origin and item.origin.startswith(location):
            item = dataclasses.replace(item, origin=origin + item.origin[len(location):])
        yield item


def _open(location: str):
    """A binary input stream of a local or remote file, transparently gunzipped for ``.gz``."""
    fs, path = filesystem(location)
    stream = fs.open_input_stream(path, compression="gzip" if location.endswith(".gz") else None)
    return io.BufferedReader(_RawStream(stream), buffer_size=1 << 20)


class _RawStream(io.RawIOBase):
    """A pyarrow input stream as a raw Python stream (for readline, BufferedReader and warcio)."""

    def __init__(self, stream):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _remote_items(location: str, origin: str, kind: str) -> Iterator[Article | Failure]:
    """A remote or gzipped file read as ``items_from_file`` reads a local one: JSON Lines streamed,
    other files whole (up to the size limit), by the kind their name gives, else sniffed."""
    from tacitus.errors import InputTooLarge
    from tacitus.ingest import items_from_bytes, iter_jsonl
    from tacitus.ingest.options import DEFAULT_OPTIONS
    from tacitus.ingest.sniff import kind_from_name

    with _open(location) as f:
        if kind == JSONL:
            yield from iter_jsonl(f.readline, origin=origin)
            return
        name = location.rsplit("/", 1)[-1].removesuffix(".gz")
        limit = DEFAULT_OPTIONS.max_feed_bytes if kind_from_name(name) == "feed" else DEFAULT_OPTIONS.max_bytes
        data = f.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"The file is over the {limit / 1e6:.1f} MB limit for one article (IngestOptions.max_bytes).")
    yield from items_from_bytes(data, origin=origin, kind=kind_from_name(name))


def _parquet_items(location: str, origin: str) -> Iterator[Article | Failure]:
    """Rows of a Parquet corpus (columns as in JSON Lines: ``text`` and optionally ``id``, ``title``,
    ``published``, ``url``, ``source``) read by ingest's record reader; origin ``PATH#ROW`` (1-based)."""
    import pyarrow.parquet as pq

    from tacitus.errors import MalformedRecord
    from tacitus.ingest import article_from_record
    from tacitus.ingest.options import DEFAULT_OPTIONS
    from tacitus.ingest.outcomes import language_checked, to_failure

    fs, path = filesystem(location)
    pf = pq.ParquetFile(path, filesystem=fs) if is_uri(location) else pq.ParquetFile(path)
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        raise MalformedRecord(f"The Parquet file has no \"text\" column (its columns: {', '.join(sorted(names))}).")
    columns = [c for c in PARQUET_COLUMNS if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=1024, columns=columns):
        for record in batch.to_pylist():
            row += 1
            where = f"{origin}#{row}"
            if record.get("text") is None:
                yield to_failure(MalformedRecord(f"Row {row} has no text."), where)
                continue
            try:
                article = article_from_record(record, origin=where, options=DEFAULT_OPTIONS)
            except InputError as exc:
                yield to_failure(exc, where)
                continue
            yield language_checked(article, DEFAULT_OPTIONS)


def _warc_items(location: str, origin: str) -> Iterator[Article | Failure]:
    """Web pages of a WARC file (``response`` records with a 2xx HTTP status), each read as
    ``tacitus ingest`` reads a fetched URL; origin ``PATH#N`` (the N-th response record).

    Requests, metadata, redirects and error pages are not articles and are passed over; a
    response that is not a page (an image, a PDF) becomes a Failure, as it would when fetched.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        raise OptionalDependencyMissing(
            "Reading WARC files needs warcio: pip install 'tacitus[ray]' (or pip install warcio)."
        ) from e
    from tacitus.errors import BinaryInput, InputTooLarge
    from tacitus.ingest import items_from_bytes
    from tacitus.ingest.options import DEFAULT_OPTIONS
    from tacitus.ingest.outcomes import to_failure
    from tacitus.ingest.sniff import HEAD_BYTES, binary_content_type, kind_from_content_type, sniff_kind

    limit = DEFAULT_OPTIONS.max_bytes
    n = 0
    fs, path = filesystem(location)
    with fs.open_input_stream(path, compression=None) as raw, io.BufferedReader(_RawStream(raw), buffer_size=1 << 20) as f:
        for record in ArchiveIterator(f):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            n += 1
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                continue
            where = f"{origin}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type, charset = _content_type(record.http_headers.get_header("Content-Type") or "")
            try:
                if binary_content_type(content_type):
                    raise BinaryInput(f"The page is {content_type}, not a web page, feed or text.")
                body = record.content_stream().read(limit + 1)
                if len(body) > limit:
                    raise InputTooLarge(f"The page is over the {limit / 1e6:.1f} MB limit for one article.")
                kind = kind_from_content_type(content_type)
                if kind is None or content_type in ("text/xml", "application/xml"):
                    kind = sniff_kind(body[:HEAD_BYTES])
                yield from items_from_bytes(body, origin=where, kind=kind, url=url, charset=charset)
            except InputError as exc:
                yield to_failure(exc, where)


def _content_type(header: str) -> tuple[str, str | None]:
    """``(media type, charset or None)`` of a Content-Type header."""
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset
