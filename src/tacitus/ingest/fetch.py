"""Fetching one URL with the standard library: a timeout, a size cap and clear errors.

Nothing is fetched unless a caller asks for it: URL sources and feed links only. Every problem
becomes a :class:`tacitus.errors.FetchError` (or ``InputTooLarge``) whose message says what went
wrong in words a person can act on. Redirects are followed (urllib's limit). Loopback addresses
are never sent through a proxy.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from tacitus.errors import FetchError, InputTooLarge
from tacitus.ingest.options import DEFAULT_OPTIONS, IngestOptions

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """A fetched response body and what the server said about it."""

    url: str  # the final URL, after redirects
    status: int
    content_type: str  # "text/html", lower case, no parameters ("" if the server sent none)
    charset: str | None  # from the Content-Type header
    body: bytes


def is_url(source: str) -> bool:
    """True for http and https URLs."""
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname
    if _is_loopback(host):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def fetch_url(url: str, options: IngestOptions = DEFAULT_OPTIONS, *, max_bytes: int | None = None) -> Fetched:
    """GET ``url``; returns the body (at most ``max_bytes``, default ``options.max_bytes``).

    Raises FetchError for HTTP errors, timeouts, refused or failed connections and bad URLs, and
    InputTooLarge when the body is over the cap.
    """
    limit = options.max_bytes if max_bytes is None else max_bytes
    if not options.fetch:
        raise FetchError(
            f"Not fetched: fetching is switched off for this run (offline). Save the page and ingest the file, "
            f"or allow fetching. URL: {url}"
        )
    if not is_url(url):
        raise FetchError(f"Only http and https URLs can be fetched, not {url!r}.")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
            "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        },
    )
    deadline = time.monotonic() + options.timeout
    try:
        with _opener(url).open(request, timeout=options.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise InputTooLarge(
                    f"The server says the page is {_mb(int(length))}, over the {_mb(limit)} limit for one "
                    "input (IngestOptions.max_bytes); it was not downloaded."
                )
            body = bytearray()
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                body.extend(chunk)
                if len(body) > limit:
                    raise InputTooLarge(
                        f"The page is larger than the {_mb(limit)} limit for one input "
                        "(IngestOptions.max_bytes); the download was stopped."
                    )
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"Timed out: the page did not finish downloading within {options.timeout:g} s. "
                        "Try again later or raise the timeout."
                    )
            headers: Message = response.headers
            return Fetched(
                url=response.geturl(),
                status=response.status,
                content_type=(headers.get_content_type() if headers.get("Content-Type") else ""),
                charset=headers.get_content_charset(),
                body=bytes(body),
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(
            f"The server answered HTTP {exc.code} ({exc.reason}) for {url}; check the address."
        ) from exc
    except urllib.error.URLError as exc:
        raise FetchError(_describe(exc.reason, url, options)) from exc
    except TimeoutError as exc:
        raise FetchError(_describe(exc, url, options)) from exc
    except (http.client.HTTPException, ConnectionError, ssl.SSLError, OSError) as exc:
        raise FetchError(_describe(exc, url, options)) from exc


def _describe(reason: object, url: str, options: IngestOptions) -> str:
    """A sentence for a failed connection."""
    host = urllib.parse.urlsplit(url).netloc
    if isinstance(reason, TimeoutError):
        return (
            f"Timed out: {host} did not answer within {options.timeout:g} s. "
            "Try again later or raise the timeout."
        )
    if isinstance(reason, ConnectionRefusedError):
        return f"Connection refused by {host}: no server is listening there. Check the address and port."
    if isinstance(reason, socket.gaierror):
        return (
            f"Could not resolve the host name {host!r} ({reason.strerror}). Check the address; "
            "tacitus needs network access to fetch URLs."
        )
    if isinstance(reason, ssl.SSLError):
        return f"Secure connection to {host} failed ({reason}). The site's certificate may be invalid."
    if isinstance(reason, http.client.HTTPException):
        return f"{host} sent a broken HTTP response ({type(reason).__name__}: {reason})."
    if isinstance(reason, OSError) and reason.strerror:
        return f"Could not connect to {host}: {reason.strerror}."
    return f"Could not fetch {url}: {reason}."
