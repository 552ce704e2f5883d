"""URL and feed ingest against a local HTTP server started by the tests (127.0.0.1, free port)."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tacitus import errors
from tacitus.ingest import IngestOptions, fetch_url, iter_inputs
from tacitus.ingest.options import DEFAULT_OPTIONS
from tacitus.records import Article, Failure

WEB = Path(__file__).parent / "fixtures" / "ingest" / "web"

# path -> (fixture file, content type); every other path is a 404
ROUTES = {
    "/articles/bridge.html": ("bridge.html", "text/html; charset=utf-8"),
    "/articles/harbour.html": ("harbour.html", "text/html"),
    "/feed.rss": ("feed.rss", "application/rss+xml"),
    "/feed.atom": ("feed.atom", "application/atom+xml"),
    "/feed-as-xml": ("feed.rss", "text/xml"),
    "/feed-untyped": ("feed.atom", ""),
    "/plain.txt": ("plain.txt", "text/plain; charset=utf-8"),
}


class _Handler(BaseHTTPRequestHandler):
    base = ""
    slow = threading.Event()  # set when the server should stop waiting in /slow

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "", headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path in ROUTES:
            name, content_type = ROUTES[self.path]
            body = (WEB / name).read_text(encoding="utf-8").replace("{{BASE}}", self.base).encode("utf-8")
            self._send(200, body, content_type)
        elif self.path == "/redirect":
            self._send(302, b"", "text/plain", {"Location": f"{self.base}/articles/bridge.html"})
        elif self.path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif self.path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>", "text/html")
        elif self.path == "/slow":
            self.slow.wait(5)  # longer than the client's timeout; released when the tests end
            self._send(200, b"too late", "text/plain")
        else:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # the client hanging up on /slow and /big is what those tests do: not an error to print
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.base = base
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    _Handler.slow.set()
    httpd.shutdown()
    httpd.server_close()


def read(*sources: str, options: IngestOptions = DEFAULT_OPTIONS) -> list[Article | Failure]:
    return list(iter_inputs(list(sources), options=options))


def test_html_article_from_a_url(server):
    url = f"{server}/articles/bridge.html"
    [article] = read(url)
    assert isinstance(article, Article)
    assert article.origin == url and article.url == url
    assert article.title == "Engineers reopen Riverton bridge"
    assert article.published == "2023-03-20"
    assert article.source == "The Valley Courier"
    assert article.dateline == "RIVERTON (Valley Wire)"
    assert article.text.startswith("RIVERTON (Valley Wire) — Engineers reopened")
    assert article.language == "en"


def test_redirects_are_followed(server):
    [article] = read(f"{server}/redirect")
    assert isinstance(article, Article)
    assert article.origin == f"{server}/redirect"
    assert article.url == f"{server}/articles/bridge.html"


def test_plain_text_url(server):
    [article] = read(f"{server}/plain.txt")
    assert isinstance(article, Article)
    assert article.title == "Library reopens after repairs"
    assert article.url == f"{server}/plain.txt"


def test_http_404_is_a_fetch_failure(server):
    [failure] = read(f"{server}/no-such-page")
    assert isinstance(failure, Failure)
    assert failure.code == errors.FetchError.code
    assert "HTTP 404" in failure.reason
    assert failure.origin == f"{server}/no-such-page"


def test_connection_refused():
    with socket.socket() as s:  # a port nobody listens on: bind, note it, close
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [failure] = read(f"http://127.0.0.1:{port}/story.html")
    assert failure.code == errors.FetchError.code
    assert "refused" in failure.reason


def test_timeout(server):
    [failure] = read(f"{server}/slow", options=IngestOptions(timeout=0.3))
    assert failure.code == errors.FetchError.code
    assert "Timed out" in failure.reason


def test_binary_and_oversized_responses(server):
    [image] = read(f"{server}/image.png")
    assert image.code == errors.BinaryInput.code and "image/png" in image.reason
    [big] = read(f"{server}/big", options=IngestOptions(max_bytes=1_000_000, max_feed_bytes=1_000_000))
    assert big.code == errors.InputTooLarge.code


def test_fetching_can_be_switched_off(server):
    [failure] = read(f"{server}/articles/bridge.html", options=IngestOptions(fetch=False))
    assert failure.code == errors.FetchError.code
    assert "switched off" in failure.reason


def test_fetch_url_returns_body_and_content_type(server):
    fetched = fetch_url(f"{server}/articles/harbour.html")
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert b"Portvale strike ends" in fetched.body


def test_rss_feed_follows_links_and_falls_back_to_summaries(server):
    items = read(f"{server}/feed.rss")
    assert [i.origin for i in items] == [
        f"{server}/articles/bridge.html",
        f"{server}/articles/harbour.html",
        f"{server}/articles/gone.html",
        f"{server}/articles/also-gone.html",
    ]
    bridge, harbour, gone, also_gone = items
    assert isinstance(bridge, Article)
    assert bridge.text.startswith("RIVERTON (Valley Wire) — Engineers reopened")  # the page, not the summary
    assert bridge.title == "Engineers reopen Riverton bridge"
    assert bridge.published == "2023-03-20"
    assert bridge.source == "Valley Courier: latest"  # the feed's title is the outlet
    assert bridge.url == f"{server}/articles/bridge.html"
    assert isinstance(harbour, Article) and harbour.text.startswith("PORTVALE, March 9 (Coastal Wire)")
    assert isinstance(gone, Article)  # the page is a 404: the entry's own summary is used
    assert gone.text.startswith("Builders finished repairing the roof")
    assert gone.published == "2023-09-01"
    assert isinstance(also_gone, Failure)
    assert also_gone.code == errors.FetchError.code
    assert "HTTP 404" in also_gone.reason and "no text of its own" in also_gone.reason


def test_rss_feed_without_following_links(server):
    items = read(f"{server}/feed.rss", options=IngestOptions(follow_feed_links=False))
    bridge = items[0]
    assert isinstance(bridge, Article)
    assert bridge.text == "Short summary that the fetched page replaces."
    assert isinstance(items[1], Failure)  # no summary, link not followed
    assert "switched off" in items[1].reason


def test_atom_feed(server):
    items = read(f"{server}/feed.atom")
    harbour, storm = items
    assert isinstance(harbour, Article)
    assert harbour.text.startswith("PORTVALE, March 9 (Coastal Wire) - Dock workers")
    assert harbour.published == "2023-03-09"  # <published>, not <updated>
    assert harbour.source == "Coastal Wire"
    assert isinstance(storm, Article)
    assert storm.origin == f"{server}/feed.atom#2" and storm.url is None  # no link: the entry's content
    assert storm.text == (
        "Fishing boats stayed in Portvale harbour on Friday as a storm approached the coast, the harbour master "
        "said.\n\nThe coastguard advised all small craft to remain in port until Sunday."
    )
    assert storm.published == "2023-03-10"


def test_feeds_are_recognised_by_their_content(server):
    assert len(read(f"{server}/feed-as-xml", options=IngestOptions(follow_feed_links=False))) == 4
    assert len(read(f"{server}/feed-untyped", options=IngestOptions(follow_feed_links=False))) == 2


def test_feed_file_links_are_fetched(server, tmp_path):
    path = tmp_path / "saved.rss"
    path.write_text((WEB / "feed.rss").read_text(encoding="utf-8").replace("{{BASE}}", server), encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert items[0].text.startswith("RIVERTON (Valley Wire) — Engineers reopened")


def test_same_page_twice_gives_the_same_id(server):
    first = read(f"{server}/articles/harbour.html")[0]
    second = read(f"{server}/articles/harbour.html")[0]
    assert first.id == second.id
