"""JSON Lines (and JSON) records: one article per line.

Each line is an object with ``text`` (required) and optionally ``id``, ``title``, ``published``,
``url`` and ``source``. The record's ``id`` is the user's own id, kept as
``Article.external_id``; the article id stays the hash of the text. A bad line (not JSON, not an
object, no text, not UTF-8, too large) becomes a Failure whose origin is ``PATH:LINE``; the
other lines still ingest. Blank lines are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from tacitus.errors import EmptyInput, InputError, InputTooLarge, MalformedRecord
from tacitus.ingest.options import DEFAULT_OPTIONS, IngestOptions
from tacitus.ingest.outcomes import language_checked, to_failure
from tacitus.ingest.sniff import decode
from tacitus.ingest.text import article_from_text
from tacitus.records import Article, Failure

FIELDS = ("id", "title", "text", "published", "url", "source")


def article_from_record(record: Any, *, origin: str, options: IngestOptions = DEFAULT_OPTIONS) -> Article:
    """An Article from one JSON record (a dict with ``text``). Raises InputError subclasses."""
    if not isinstance(record, dict):
        raise MalformedRecord(
            f"The record is a JSON {_json_type(record)}, not an object with a \"text\" field."
        )
    if "text" not in record:
        keys = ", ".join(sorted(map(str, record))) or "none"
        raise MalformedRecord(f"The record has no \"text\" field (its fields: {keys}).")
    text = record["text"]
    if not isinstance(text, str):
        raise MalformedRecord(f"The record's \"text\" is a JSON {_json_type(text)}, not a string.")
    if not text.strip():
        raise EmptyInput("The record's \"text\" field is empty.")
    external_id = record.get("id")
    return article_from_text(
        text,
        title=_optional_str(record.get("title")),
        published=record.get("published"),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        origin=origin,
        external_id=None if external_id is None else str(external_id),
        credit_as_source=options.credit_as_source,
    )


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) else (None if value is None else str(value))


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def iter_jsonl(
    readline: Callable[[int], bytes], *, origin: str, options: IngestOptions = DEFAULT_OPTIONS, first_line: int = 1
) -> Iterator[Article | Failure]:
    """Articles and failures from JSON Lines read with ``readline(limit)`` (a binary stream's)."""
    lineno = first_line - 1
    limit = options.max_bytes
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                raw = readline(1 << 20)
                size += len(raw)
            error = InputTooLarge(
                f"Line {lineno} is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit for one article "
                "(IngestOptions.max_bytes); it was skipped."
            )
            yield to_failure(error, where)
            continue
        if not raw.strip():
            continue
        try:
            line = decode(raw)
            try:
                record = json.loads(line.strip())
            except json.JSONDecodeError as exc:
                where_in_line = f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else f"{exc.msg} at column {exc.colno}"
                raise MalformedRecord(
                    f"Line {lineno} is not valid JSON ({where_in_line}); fix or remove the line."
                ) from exc
            article = article_from_record(record, origin=where, options=options)
        except InputError as exc:
            yield to_failure(exc, where)
            continue
        yield language_checked(article, options)


def iter_json_document(data: str, *, origin: str, options: IngestOptions = DEFAULT_OPTIONS) -> Iterator[Article | Failure]:
    """Articles from a JSON document: one record object, or an array of them (origin ``PATH#N``)."""
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        yield to_failure(
            MalformedRecord(f"The file is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."),
            origin,
        )
        return
    items = value if isinstance(value, list) else [value]
    for n, record in enumerate(items, 1):
        where = f"{origin}#{n}" if isinstance(value, list) else origin
        try:
            article = article_from_record(record, origin=where, options=options)
        except InputError as exc:
            yield to_failure(exc, where)
            continue
        yield language_checked(article, options)
