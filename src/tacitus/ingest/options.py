"""Settings for one ingest run."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True)
class IngestOptions:
    """How :func:`tacitus.ingest.iter_inputs` reads its sources.

    ``max_bytes`` caps one article: a text or HTML file, one JSONL line, one fetched page, stdin.
    ``max_feed_bytes`` caps an RSS/Atom document, which holds many entries. Anything larger becomes
    an ``InputTooLarge`` failure; tacitus never reads more than the cap plus one byte.
    """

    max_bytes: int = 5 * MB
    max_feed_bytes: int = 20 * MB
    timeout: float = 20.0  # seconds allowed for one fetch (connect, and the whole body)
    user_agent: str = "tacitus/0.1 (news event coder; +https://github.com/tacitus-events/tacitus)"
    fetch: bool = True  # False: URL sources and feed links are not fetched (offline runs)
    follow_feed_links: bool = True  # fetch each feed entry's article; else use the entry's own text
    max_feed_entries: int | None = None  # read at most this many entries of each feed
    check_language: bool = True  # skip articles detected as not in `languages`
    languages: tuple[str, ...] = ("en",)  # ISO 639-1 codes tacitus codes
    credit_as_source: bool = True  # an opening credit ("Stop Fundamentalism –") names the outlet when none is given
    include_hidden: bool = False  # walk hidden files and folders (".name") of directory sources


#: The defaults, as one immutable value (used as the default argument of the ingest functions).
DEFAULT_OPTIONS = IngestOptions()
