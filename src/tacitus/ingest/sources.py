"""From named sources (paths, directories, globs, URLs, stdin) to articles and failures.

:func:`iter_inputs` is the ingest stage's entry point. Sources are resolved first: a source that
does not exist at all (a missing path, a glob matching nothing) raises ``InputNotFound`` before
anything is read. After that nothing raises for a bad input: every input that does not become an
Article becomes a Failure, in input order.

- a file: read by its extension (``.txt``/``.md`` text, ``.jsonl``/``.ndjson``, ``.json``,
  ``.html``/``.htm``, ``.xml``/``.rss``/``.atom`` feeds), else by sniffing its first bytes;
- a directory: every file below it, recursively, in sorted path order (hidden files and folders,
  whose names start with ".", are left out unless ``IngestOptions.include_hidden``);
- a glob (``news/*.txt``, ``**/*.html``): the matching paths, sorted;
- an http(s) URL: fetched, then read by its content type (HTML page, feed, text, JSON Lines);
- ``-``: standard input, read as JSON Lines when its first line is a JSON object, else as one
  article (text with optional front matter, or HTML, or a feed).
"""

from __future__ import annotations

import glob
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from tacitus.errors import BinaryInput, EmptyInput, InputError, InputNotFound, InputTooLarge
from tacitus.ingest.feeds import iter_feed
from tacitus.ingest.fetch import fetch_url, is_url
from tacitus.ingest.html import extract_page
from tacitus.ingest.jsonl import iter_json_document, iter_jsonl
from tacitus.ingest.options import DEFAULT_OPTIONS, IngestOptions
from tacitus.ingest.outcomes import language_checked, to_failure
from tacitus.ingest.sniff import (
    HEAD_BYTES,
    binary_content_type,
    check_binary,
    decode,
    kind_from_content_type,
    kind_from_name,
    looks_like_jsonl,
    sniff_kind,
)
from tacitus.ingest.text import article_from_plain_text, article_from_text
from tacitus.records import Article, Failure

Item = Article | Failure
_GLOB_CHARS = set("*?[")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _too_large(size: int, limit: int, what: str = "The input") -> InputTooLarge:
    return InputTooLarge(
        f"{what} is {_mb(size)}, over the {_mb(limit)} limit for one article (IngestOptions.max_bytes). "
        "Split it into articles, or raise the limit."
    )


def article_from_html(
    html: bytes | str, *, origin: str, url: str | None = None, options: IngestOptions = DEFAULT_OPTIONS
) -> Article:
    """An Article from an HTML page: main text, title, date, site name and URL (trafilatura).

    Raises NoMainText when the page has no article text.
    """
    page = extract_page(html, url=url)
    return article_from_text(
        page.text,
        title=page.title,
        published=page.published,
        url=page.url or url,
        source=page.sitename,
        origin=origin,
        credit_as_source=options.credit_as_source,
    )


def items_from_bytes(
    data: bytes,
    *,
    origin: str,
    kind: str | None = None,
    url: str | None = None,
    charset: str | None = None,
    options: IngestOptions = DEFAULT_OPTIONS,
) -> Iterator[Item]:
    """Articles and failures from one input's bytes; ``kind`` (text, html, feed, jsonl, json) or sniffed.

    Raises InputError subclasses for problems with the input as a whole.
    """
    if not data:
        raise EmptyInput("The input is empty (0 bytes).")
    check_binary(data[:HEAD_BYTES])
    if kind is None:
        kind = sniff_kind(data[:HEAD_BYTES])
    if kind == "feed":
        yield from iter_feed(data, origin=origin, base_url=url, options=options)
        return
    if kind == "jsonl":
        yield from iter_jsonl(io.BytesIO(data).readline, origin=origin, options=options)
        return
    if kind == "html":
        # HTML names its own encoding (<meta charset>): trafilatura decodes the bytes unless HTTP said.
        if not data.strip():
            raise EmptyInput("The input contains only blank space, no text.")
        html: bytes | str = decode(data, charset=charset) if charset else data
        yield language_checked(article_from_html(html, origin=origin, url=url, options=options), options)
        return
    text = decode(data, charset=charset)
    if not text.strip():
        raise EmptyInput("The input contains only blank space, no text.")
    if kind == "json":
        yield from iter_json_document(text, origin=origin, options=options)
    else:
        article = article_from_plain_text(text, origin=origin, credit_as_source=options.credit_as_source)
        if url and article.url is None:
            article = article_from_text(
                article.text, title=article.title, published=article.published, url=url, source=article.source,
                origin=origin, external_id=article.external_id, guess_title=False,
                credit_as_source=options.credit_as_source,
            )
        yield language_checked(article, options)


def items_from_file(path: str | os.PathLike[str], options: IngestOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Articles and failures from one file. Never raises for a bad file."""
    origin = str(path)
    try:
        yield from _read_file(Path(path), origin, options)
    except InputError as exc:
        yield to_failure(exc, origin)
    except OSError as exc:
        yield to_failure(InputError(f"The file could not be read: {exc.strerror or exc}."), origin)


def _read_file(path: Path, origin: str, options: IngestOptions) -> Iterator[Item]:
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
        if not head:
            raise EmptyInput("The file is empty (0 bytes).")
        check_binary(head)
        kind = kind_from_name(path.name) or sniff_kind(head)
        if kind == "jsonl":
            f.seek(0)
            yield from iter_jsonl(f.readline, origin=origin, options=options)
            return
        limit = options.max_feed_bytes if kind == "feed" else options.max_bytes
        if size > limit:
            raise _too_large(size, limit, "The file")
        f.seek(0)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit, "The file")
    yield from items_from_bytes(data, origin=origin, kind=kind, options=options)


def items_from_url(url: str, options: IngestOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Articles and failures from one URL (a page, a feed, text or JSON Lines). Never raises."""
    try:
        fetched = fetch_url(url, options, max_bytes=max(options.max_bytes, options.max_feed_bytes))
        if binary_content_type(fetched.content_type):
            raise BinaryInput(f"The URL serves {fetched.content_type}, not a web page, feed or text.")
        head = fetched.body[:HEAD_BYTES]
        kind = kind_from_content_type(fetched.content_type)
        if kind is None or fetched.content_type in ("text/xml", "application/xml"):
            kind = sniff_kind(head)
        if kind != "feed" and len(fetched.body) > options.max_bytes:
            raise _too_large(len(fetched.body), options.max_bytes, "The page")
        yield from items_from_bytes(
            fetched.body, origin=url, kind=kind, url=fetched.url, charset=fetched.charset, options=options
        )
    except InputError as exc:
        yield to_failure(exc, url)


def items_from_stream(stream: BinaryIO | TextIO, *, origin: str = "stdin", options: IngestOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Articles and failures from a stream: JSON Lines if its first line is a JSON object, else one input."""
    try:
        binary = _binary(stream)
        first = binary.readline(options.max_bytes + 1)
        while first and not first.strip() and len(first) <= options.max_bytes:
            first = binary.readline(options.max_bytes + 1)  # leading blank lines
        if looks_like_jsonl(first[:HEAD_BYTES]) and (first.endswith(b"\n") or len(first) <= options.max_bytes):
            pending = [first]

            def readline(limit: int) -> bytes:
                return pending.pop() if pending else binary.readline(limit)

            yield from iter_jsonl(readline, origin=origin, options=options)
            return
        data = first + binary.read(options.max_bytes + 1 - len(first)) if len(first) <= options.max_bytes else first
        if len(data) > options.max_bytes:
            raise _too_large(len(data), options.max_bytes, f"The input on {origin}")
        yield from items_from_bytes(data, origin=origin, options=options)
    except InputError as exc:
        yield to_failure(exc, origin)
    except UnicodeDecodeError as exc:  # a text stream that could not decode its own bytes
        yield to_failure(InputError(f"The input on {origin} is not valid text ({exc.reason})."), origin)


def _binary(stream: BinaryIO | TextIO) -> BinaryIO:
    """A binary view of ``stream``: its ``buffer`` for text streams that have one, else its text as UTF-8."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    sample = stream.read(0)
    if isinstance(sample, bytes):
        return stream  # type: ignore[return-value]
    return io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

def _visible(name: str, options: IngestOptions) -> bool:
    return options.include_hidden or not name.startswith(".")


#: Files a directory walk leaves out: a folder's own documentation is not a news article.
DOCUMENTATION_FILES = re.compile(r"^(readme|license|licence|notice|changelog)(\.[a-z]+)?$", re.IGNORECASE)


def walk_directory(root: str | os.PathLike[str], options: IngestOptions = DEFAULT_OPTIONS) -> Iterator[Path]:
    """Every file below ``root``, recursively, in sorted path order. Hidden files and a folder's
    README/LICENSE/NOTICE/CHANGELOG are left out (name such a file directly to read it)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if _visible(d, options))
        for name in sorted(filenames):
            if _visible(name, options) and not DOCUMENTATION_FILES.match(name):
                yield Path(dirpath) / name


def _expand(source: str, options: IngestOptions) -> list[Callable[[], Iterator[Item]]]:
    """What reading ``source`` means, checked to exist. Raises InputNotFound."""
    if is_url(source):
        return [lambda: items_from_url(source, options)]
    path = Path(source)
    if path.is_file():
        return [lambda: items_from_file(path, options)]
    if path.is_dir():
        return [lambda: _items_from_directory(path, options)]
    if "://" in source:
        raise InputNotFound(
            f"Cannot read {source!r}: only http and https URLs can be fetched (or give a file path).", origin=source
        )
    if _GLOB_CHARS & set(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            raise InputNotFound(f"No file matches the pattern {source!r}.", origin=source)
        readers: list[Callable[[], Iterator[Item]]] = []
        for match in matches:
            p = Path(match)
            if p.is_dir():
                readers.append(lambda p=p: _items_from_directory(p, options))
            elif p.is_file():
                readers.append(lambda p=p: items_from_file(p, options))
        return readers
    if path.exists():
        raise InputNotFound(f"{source!r} is neither a file nor a directory.", origin=source)
    raise InputNotFound(f"No such file or directory: {source!r}.", origin=source)


def _items_from_directory(path: Path, options: IngestOptions) -> Iterator[Item]:
    for file in walk_directory(path, options):
        yield from items_from_file(file, options)


def iter_inputs(
    sources: Sequence[str], *, stdin: TextIO | BinaryIO | None = None, options: IngestOptions = DEFAULT_OPTIONS
) -> Iterator[Article | Failure]:
    """Articles and failures from ``sources``, in order.

    Each source is a file path, a directory (read recursively, sorted), a glob, an http(s) URL, or
    "-" for ``stdin`` (default ``sys.stdin``). Raises InputNotFound at once, before anything is
    read, when a source does not exist at all; every problem with a single input becomes a Failure.
    """
    plan: list[Callable[[], Iterator[Item]]] = []
    for source in sources:
        if source == "-":
            plan.append(lambda: items_from_stream(stdin if stdin is not None else sys.stdin, options=options))
        else:
            plan.extend(_expand(source, options))
    return _run(plan)


def _run(plan: list[Callable[[], Iterator[Item]]]) -> Iterator[Item]:
    for read in plan:
        yield from read()
