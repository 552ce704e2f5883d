"""The ingest stage: text, HTML, JSON Lines, RSS/Atom feeds, URLs and stdin -> Article | Failure.

Entry point: :func:`iter_inputs`. Each readable English article becomes a
:class:`tacitus.records.Article` (id = hash of its text, so the same text always has the same
id); every other input becomes a :class:`tacitus.records.Failure` with an error code from
:mod:`tacitus.errors` and a reason a person can act on. Nothing is fetched at import time, and
nothing is fetched at all unless a source is a URL or a feed links to its articles.

Where each rule lives:

- formats, sources and their order: :mod:`tacitus.ingest.sources`;
- front matter, the title rule, the article text and id: :mod:`tacitus.ingest.text`;
- JSON Lines: :mod:`tacitus.ingest.jsonl`; HTML: :mod:`tacitus.ingest.html`; feeds:
  :mod:`tacitus.ingest.feeds`; fetching: :mod:`tacitus.ingest.fetch`;
- binary files, encodings and format sniffing: :mod:`tacitus.ingest.sniff`;
- language detection (English is never skipped on weak evidence): :mod:`tacitus.ingest.language`;
- publication dates (YYYY-MM-DD or None, never invented): :mod:`tacitus.ingest.dates`;
- datelines, opening credits (which may name the outlet) and source notes:
  :mod:`tacitus.ingest.notes`.
"""

from tacitus.ingest.dates import normalise_date
from tacitus.ingest.feeds import iter_feed
from tacitus.ingest.fetch import Fetched, fetch_url, is_url
from tacitus.ingest.html import ExtractedPage, extract_page, fragment_text
from tacitus.ingest.jsonl import article_from_record, iter_jsonl
from tacitus.ingest.language import detect_language
from tacitus.ingest.notes import Dateline, SourceNotes, find_dateline, find_source_notes, language_code
from tacitus.ingest.options import IngestOptions
from tacitus.ingest.sources import (
    article_from_html,
    items_from_bytes,
    items_from_file,
    items_from_stream,
    items_from_url,
    iter_inputs,
    walk_directory,
)
from tacitus.ingest.text import article_from_plain_text, article_from_text, parse_plain_text, split_title

__all__ = [
    "Dateline",
    "ExtractedPage",
    "Fetched",
    "IngestOptions",
    "SourceNotes",
    "article_from_html",
    "article_from_plain_text",
    "article_from_record",
    "article_from_text",
    "detect_language",
    "extract_page",
    "fetch_url",
    "find_dateline",
    "find_source_notes",
    "fragment_text",
    "is_url",
    "items_from_bytes",
    "items_from_file",
    "items_from_stream",
    "items_from_url",
    "iter_feed",
    "iter_inputs",
    "iter_jsonl",
    "language_code",
    "normalise_date",
    "parse_plain_text",
    "split_title",
    "walk_directory",
]
