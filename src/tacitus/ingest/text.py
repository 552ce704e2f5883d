"""Building an :class:`~tacitus.records.Article` from text, and reading plain-text documents.

Plain text may open with YAML front matter between ``---`` lines::

    ---
    title: Flood closes bridge in river town
    published: 2023-03-14
    source: The Valley Courier
    url: https://courier.example/flood-bridge
    ---
    RIVERTON — Rising water closed ...

Recognised keys: ``title``, ``published`` (or ``date``), ``source`` (or ``outlet``,
``publisher``), ``url`` (or ``link``) and ``id`` (kept as ``Article.external_id``); others are
ignored. Without a title from the input, the **title rule** applies: a first line of at most
``MAX_TITLE_WORDS`` words and ``MAX_TITLE_CHARS`` characters, followed by a blank line and more
text, and not ending like a sentence (``.``, ``,``, ``;``, ``:``), is the title.

The article text is the body: Unicode NFC, newlines as ``\\n``, leading and trailing blank space
removed, otherwise as written (datelines and source notes stay in it). The id is
:func:`tacitus.records.article_id` of that text, so the same text always gets the same id.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from tacitus.errors import EmptyInput, MalformedRecord
from tacitus.ingest.dates import normalise_date
from tacitus.ingest.language import detect_language
from tacitus.ingest.notes import find_dateline, find_source_notes
from tacitus.records import Article, article_id

MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>(?:.*?\n)??)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEYS = {
    "title": "title",
    "headline": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
    "id": "external_id",
}


def clean_text(text: str) -> str:
    """``text`` in NFC with ``\\n`` newlines, without a byte-order mark or outer blank space."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) by the title rule; (None, text) when the first line is not a title."""
    first, sep, rest = text.partition("\n")
    if not sep:
        return None, text
    line = first.strip()
    if not line or not re.match(r"[ \t]*\n", rest):
        return None, text
    body = rest.strip()
    if not body:
        return None, text
    if len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS or line[-1] in ".,;:":
        return None, text
    return line, body


def _drop_repeated_title(body: str, title: str) -> str:
    """``body`` without its first line when that line repeats the title (HTML h1, JSONL text)."""
    first, sep, rest = body.partition("\n")
    if sep and " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.strip()
    return body


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    published: Any = None,
    url: str | None = None,
    source: str | None = None,
    origin: str | None = None,
    external_id: str | None = None,
    guess_title: bool = True,
    credit_as_source: bool = True,
) -> Article:
    """An Article from a body ``text`` and its metadata.

    ``published`` may be any form :func:`tacitus.ingest.dates.normalise_date` reads (unknown forms
    give None). With no ``title`` and ``guess_title``, the title rule may take the first line as
    title; a first line repeating ``title`` is dropped from the body. The language is detected, and
    the dateline and source notes are found; with ``credit_as_source`` and no ``source``, the
    dateline's outlet becomes the source. Raises EmptyInput when there is no text.
    """
    body = clean_text(text)
    title = _str_or_none(title)
    if title is None and guess_title:
        title, body = split_title(body)
    elif title is not None:
        body = _drop_repeated_title(body, title)
    if not body:
        raise EmptyInput("There is no article text (it is empty or only blank space).")
    source = _str_or_none(source)
    dateline = find_dateline(body)
    if source is None and credit_as_source and dateline is not None and dateline.outlet:
        source = dateline.outlet
    notes = find_source_notes(body)
    return Article(
        id=article_id(body),
        text=body,
        title=title,
        published=normalise_date(published),
        url=_str_or_none(url),
        source=source,
        language=detect_language(body, title),
        origin=origin,
        dateline=dateline.text if dateline else None,
        translated_from=notes.translated_from,
        source_notes=notes.notes,
        external_id=_str_or_none(external_id),
    )


@dataclass(frozen=True)
class TextDocument:
    """A plain-text document split into its body and the metadata of its front matter."""

    body: str
    meta: dict[str, Any] = field(default_factory=dict)  # title, published, source, url, external_id


def parse_plain_text(raw: str) -> TextDocument:
    """Split ``raw`` into front-matter metadata and body. Raises MalformedRecord for bad YAML."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        return TextDocument(text)
    try:
        data = yaml.safe_load(m["yaml"]) if m["yaml"].strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MalformedRecord(
            f"The front matter between the --- lines is not valid YAML{where}: {problem}. "
            "Fix it, or remove the --- lines."
        ) from exc
    if not isinstance(data, dict):
        return TextDocument(text)  # a rule line and prose, not front matter
    meta: dict[str, Any] = {}
    for key, value in data.items():
        name = _KEYS.get(str(key).lower())
        if name and name not in meta and value is not None:
            meta[name] = value
    return TextDocument(text[m.end():], meta)


def article_from_plain_text(raw: str, *, origin: str | None = None, credit_as_source: bool = True) -> Article:
    """An Article from a plain-text document (front matter, title rule). Raises InputError subclasses."""
    doc = parse_plain_text(raw)
    if not doc.body.strip():
        if doc.meta:
            raise EmptyInput("The file has front matter but no article text after it.")
        raise EmptyInput("The text is empty (only blank space).")
    meta = doc.meta
    return article_from_text(
        doc.body,
        title=meta.get("title"),
        published=meta.get("published"),
        url=meta.get("url"),
        source=meta.get("source"),
        origin=origin,
        external_id=meta.get("external_id"),
        credit_as_source=credit_as_source,
    )
