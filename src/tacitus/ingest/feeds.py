"""RSS and Atom feeds (feedparser): one article per entry.

For each entry, when ``IngestOptions.fetch`` and ``follow_feed_links`` allow and the entry links
to an http(s) page, the page is fetched and its main text extracted; if that fails (HTTP error,
timeout, no main text), or links are not followed, the entry's own content (or else its summary)
is the article text. An entry with neither becomes a Failure that gives the fetch error, if any.

Each article keeps the entry's title (else the page's), the entry's publication date (as written
in the feed, in the feed's own time zone; else the page's), the feed's title as ``source`` (else
the page's site name) and the entry's link as ``url``. Its origin is the link, or
``FEED#N`` (the entry's position) when it has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tacitus.errors import EmptyInput, InputError, MalformedRecord
from tacitus.ingest.dates import normalise_date
from tacitus.ingest.fetch import fetch_url, is_url
from tacitus.ingest.html import extract_page, fragment_text
from tacitus.ingest.options import DEFAULT_OPTIONS, IngestOptions
from tacitus.ingest.outcomes import language_checked, to_failure
from tacitus.ingest.sniff import check_binary, decode, kind_from_content_type, looks_like_html
from tacitus.ingest.text import article_from_plain_text, article_from_text
from tacitus.records import Article, Failure


def parse_feed(data: bytes, *, base_url: str | None = None) -> Any:
    """The feedparser result for ``data``. Raises MalformedRecord when it is not an RSS or Atom feed."""
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as exc:  # feedparser should not raise, but a broken document must not stop a run
        raise MalformedRecord(f"The feed could not be parsed ({type(exc).__name__}: {exc}).") from exc
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise MalformedRecord(f"This is not an RSS or Atom feed{detail}.")
    return parsed


def _entry_text(entry: Any) -> str:
    """The entry's own text: its longest content block, else its summary, as plain text."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    for value in sorted(contents, key=len, reverse=True):
        text = fragment_text(value)
        if text:
            return text
    return fragment_text(entry.get("summary", "") or "")


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        value = normalise_date(entry.get(key))
        if value:
            return value
    for key in ("published_parsed", "updated_parsed", "created_parsed"):  # UTC; only when the raw form failed
        value = normalise_date(entry.get(key))
        if value:
            return value
    return None


def linked_article(
    link: str,
    *,
    options: IngestOptions,
    origin: str,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
) -> Article:
    """The article a feed entry links to, fetched and extracted. Raises InputError subclasses."""
    fetched = fetch_url(link, options)
    check_binary(fetched.body[:8192])
    kind = kind_from_content_type(fetched.content_type)
    if kind == "html" or (kind is None and looks_like_html(fetched.body[:8192])):
        page = extract_page(fetched.body, url=fetched.url)
        return article_from_text(
            page.text,
            title=title or page.title,
            published=published or page.published,
            url=link,
            source=source or page.sitename,
            origin=origin,
            credit_as_source=options.credit_as_source,
        )
    if fetched.content_type in ("text/plain", ""):
        article = article_from_plain_text(
            decode(fetched.body, charset=fetched.charset), origin=origin, credit_as_source=options.credit_as_source
        )
        return article_from_text(
            article.text,
            title=title or article.title,
            published=published or article.published,
            url=link,
            source=source or article.source,
            origin=origin,
            guess_title=False,
            credit_as_source=options.credit_as_source,
        )
    raise MalformedRecord(f"The linked page is {fetched.content_type}, not an HTML article.")


def iter_feed(
    data: bytes, *, origin: str, base_url: str | None = None, options: IngestOptions = DEFAULT_OPTIONS
) -> Iterator[Article | Failure]:
    """Articles and failures for the entries of the feed ``data`` (read from ``origin``)."""
    parsed = parse_feed(data, base_url=base_url)
    feed_title = fragment_text(parsed.feed.get("title", "") or "").replace("\n\n", " ") or None
    entries = parsed.entries
    if options.max_feed_entries is not None:
        entries = entries[: options.max_feed_entries]
    if not entries:
        raise EmptyInput("The feed has no entries.")
    follow = options.fetch and options.follow_feed_links
    for n, entry in enumerate(entries, 1):
        link = entry.get("link") or None
        if link is not None and not is_url(link):
            link = None  # Atom ids such as "urn:..." are not addresses
        where = link or f"{origin}#{n}"
        title = fragment_text(entry.get("title", "") or "").replace("\n\n", " ") or None
        published = _entry_date(entry)
        fetch_error: InputError | None = None
        if link and follow:
            try:
                article = linked_article(
                    link, options=options, origin=where, title=title, published=published, source=feed_title
                )
            except InputError as exc:
                fetch_error = exc
            else:
                yield language_checked(article, options)
                continue
        text = _entry_text(entry)
        if not text:
            if fetch_error is not None:
                yield to_failure(type(fetch_error)(
                    f"{fetch_error.message} The feed entry has no text of its own to fall back on."
                ), where)
            elif link is None:
                yield to_failure(EmptyInput("The feed entry has no content or summary, and no link to an article."), where)
            else:
                yield to_failure(
                    EmptyInput(
                        "The feed entry has no content or summary, and its link was not fetched "
                        "(following feed links is switched off)."
                    ),
                    where,
                )
            continue
        try:
            article = article_from_text(
                text, title=title, published=published, url=link, source=feed_title, origin=where,
                guess_title=False, credit_as_source=options.credit_as_source,
            )
        except InputError as exc:
            yield to_failure(exc, where)
            continue
        yield language_checked(article, options)
