"""Main text and metadata from HTML pages (trafilatura), and plain text from HTML fragments.

trafilatura finds the article body and reads title, date, site name and canonical URL from the
page's metadata. Its date search is limited to the page's markup and metadata
(``extensive_search`` off), so no date is guessed from free text or copyright lines.

A page counts as having **no main text** when trafilatura finds nothing, or nothing with a
paragraph of at least ``MIN_PARAGRAPH_WORDS`` words: navigation, link lists, cookie walls and
pages built by JavaScript then become ``NoMainText`` failures instead of junk articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from tacitus.errors import NoMainText

MIN_PARAGRAPH_WORDS = 10


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura found in one page."""

    text: str  # paragraphs separated by blank lines
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD from the page's metadata
    sitename: str | None = None
    url: str | None = None  # the page's canonical URL, if it states one


def extract_page(html: bytes | str, *, url: str | None = None) -> ExtractedPage:
    """The main text and metadata of an HTML page. Raises NoMainText when there is none."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml can fail on broken markup: report, don't crash the run
        raise NoMainText(f"The HTML could not be parsed ({type(exc).__name__}: {exc}).") from exc
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if not any(len(p.split()) >= MIN_PARAGRAPH_WORDS for p in paragraphs):
        raise NoMainText(
            "No article text found in the HTML (no paragraph of "
            f"{MIN_PARAGRAPH_WORDS}+ words): it may be a front page, a link list, a paywall or a page "
            "built by JavaScript. Save the article's own page, or its text."
        )
    return ExtractedPage(
        text="\n\n".join(paragraphs),
        title=_clean(getattr(doc, "title", None)),
        published=_clean(getattr(doc, "date", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
        url=_clean(getattr(doc, "url", None)),
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


# ---------------------------------------------------------------------------------------------
# Fragments (feed summaries and contents)
# ---------------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "tr", "table", "pre", "hr", "dd", "dt", "figure", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary): paragraphs split by blank lines.

    Text without markup is returned with its whitespace tidied.
    """
    if "<" not in fragment and "&" not in fragment:
        raw = fragment
    else:
        parser = _TextCollector()
        parser.feed(fragment)
        parser.close()
        raw = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n", raw)]
    return "\n\n".join(p for p in paragraphs if p)
