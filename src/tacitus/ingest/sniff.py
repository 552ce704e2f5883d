"""What an input's bytes are: binary or text, which encoding, which format.

``check_binary`` rejects files that are not text (NUL bytes, or the magic number of a known
binary format, named in the message). ``decode`` reads UTF-8 (with or without a byte-order mark)
and UTF-16/32 with a byte-order mark; anything else is an ``EncodingError`` that says where the
first bad byte is. ``kind_from_name`` and ``sniff_kind`` choose the reader: ``text``, ``html``,
``feed``, ``jsonl`` or ``json``.
"""

from __future__ import annotations

import codecs
import json
import re

from tacitus.errors import BinaryInput, EncodingError

HEAD_BYTES = 8192

# (magic bytes at offset 0, what the file is)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or EPUB file, which are ZIP archives)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound file", b"AVI ": "an AVI video"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of ``data``, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def check_binary(head: bytes) -> None:
    """Raise BinaryInput when ``head`` (the first bytes of an input) is not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInput(f"This is {what}, not text. Convert it to plain text or HTML first.")
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        raise BinaryInput(f"This is {_RIFF[head[8:12]]}, not text.")
    if len(head) >= 12 and head[4:8] == b"ftyp":
        raise BinaryInput("This is an MP4/MOV media file, not text.")
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        return
    if b"\x00" in head[:HEAD_BYTES]:
        raise BinaryInput(
            "This is a binary file, not text (it contains NUL bytes). Convert it to plain text or HTML first."
        )


def decode(data: bytes, *, charset: str | None = None) -> str:
    """``data`` as text: BOM-marked UTF-8/16/32, else ``charset`` (from HTTP) or UTF-8, strictly."""
    encoding = bom_encoding(data) or _known_codec(charset) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise EncodingError(
            f"The text is not valid {_label(encoding)}: byte 0x{bad} at offset {exc.start} (line {line}) "
            "cannot be decoded. Re-save the file as UTF-8 (it may be in Latin-1 or Windows-1252)."
        ) from exc


def _label(encoding: str) -> str:
    return "UTF-8" if encoding in ("utf-8", "utf-8-sig") else encoding


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}

_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/feed+xml": "feed",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}
_BINARY_TYPE_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = {"application/pdf", "application/zip", "application/gzip", "application/msword",
                 "application/vnd.ms-excel", "application/x-tar"}


def kind_from_name(name: str) -> str | None:
    """The reader for a file name's extension, or None to sniff the content."""
    dot = name.rfind(".")
    return _EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def kind_from_content_type(content_type: str) -> str | None:
    """The reader for an HTTP content type, or None to sniff the content."""
    return _CONTENT_TYPES.get(content_type.lower())


def binary_content_type(content_type: str) -> bool:
    """True for HTTP content types that are never text (images, PDF, archives, media)."""
    ct = content_type.lower()
    return ct in _BINARY_TYPES or ct.startswith(_BINARY_TYPE_PREFIXES) or ct.startswith("application/vnd.openxml")


_XML_PROLOGUE = re.compile(rb"\A(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>|<!DOCTYPE[^>]*>)*", re.DOTALL)


def looks_like_feed(head: bytes) -> bool:
    """True when ``head`` opens an RSS, RDF or Atom document."""
    head = head.lstrip(codecs.BOM_UTF8)
    rest = head[_XML_PROLOGUE.match(head).end() :].lower()
    return rest.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def looks_like_html(head: bytes) -> bool:
    """True when ``head`` opens an HTML document."""
    start = head.lstrip(codecs.BOM_UTF8).lstrip()[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    return start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<head", b"<body"))


def looks_like_jsonl(head: bytes) -> bool:
    """True when the first non-blank line of ``head`` is a whole JSON object."""
    for raw in head.lstrip(codecs.BOM_UTF8).split(b"\n"):
        line = raw.strip()
        if not line:
            continue
        if not (line.startswith(b"{") and line.endswith(b"}")):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return False


def sniff_kind(head: bytes) -> str:
    """The reader for content of unknown type, from its first bytes: feed, html, jsonl or text."""
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    if looks_like_jsonl(head):
        return "jsonl"
    return "text"
