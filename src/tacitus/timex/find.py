"""Find temporal expressions in a text and normalise them against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tacitus.timex import calendar as cal
from tacitus.timex.rules import (
    APPROX_BEFORE_THE,
    APPROX_MODIFIER,
    DATE_MODIFIER,
    RIGHT_OR_SO,
    compiled_rules,
)
from tacitus.timex.state import DocState

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Timex:
    """A temporal expression: its span, TIMEX3 type and value, and the value's precision.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` a TIMEX3 value ("2011-04", "2012-04-22",
    "P2D", "PRESENT_REF", "XXXX-WXX-1"). ``precision`` is the granularity of a DATE value (day,
    week, month, quarter, half, season, year, decade, century, or "unknown" for PRESENT_REF and
    the like), "time" for a TIME and "unknown" for DURATION and SET.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str


def parse_published(published: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` publication date (a longer ISO timestamp is cut to its date), or None."""
    if not published:
        return None
    return cal.parse_date(published.strip()[:10])


#: A wire-service dateline at the top of a text ("WASHINGTON, August 11 (Xinhua) --"): its date is
#: the publication date, metadata rather than a temporal expression of the story.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*\(")


def find_timexes(text: str, published: str | None, doc: Any = None) -> list[Timex]:
    """Temporal expressions in ``text``, in order, with TIMEX3 values resolved against ``published``.

    ``published`` is the publication date (``YYYY-MM-DD``) or None; without it, anchored
    expressions get underspecified values ("XXXX-04", "XXXX-XX-XX"). ``doc`` is an optional spaCy
    ``Doc`` of the same text: with it, tense (for "on Monday", "in March") comes from the verb
    governing the expression and ambiguous words ("May", "March") are checked against their part
    of speech; without it, cue words are used instead.
    """
    if not text:
        return []
    st = DocState(text=text, dct=parse_published(published), doc=doc)
    lowered = text.lower()
    same_length = len(lowered) == len(text)
    candidates = []
    for order, rule in enumerate(compiled_rules()):
        if not rule.may_match(lowered):
            continue
        matches = rule.pattern.finditer(lowered) if same_length else rule.pattern_ci.finditer(text)
        for m in matches:
            if m.end() > m.start():
                candidates.append((m.start(), m.start() - m.end(), -rule.priority, order, OriginalCase(m, text), rule))
    candidates.sort(key=lambda c: c[:4])
    out: list[Timex] = []
    last_end = 0
    dateline = _DATELINE.match(text)
    if dateline:
        last_end = dateline.end("date")
    for start, _, _, _, m, rule in candidates:
        if start < last_end:
            continue
        found = rule.handler(m, st)
        if found is None:
            continue
        s = m.start() if found.start is None else found.start
        e = m.end() if found.end is None else found.end
        s, e = _extend(text, s, e, found.type, found.extend, last_end)
        report_day = cal.precision(found.value) == "day" and st.dates_a_report(s, e)
        st.add(s, e, found.type, found.value, found.anchor and not report_day)
        prec = cal.precision(found.value) if found.type == "DATE" else ("time" if found.type == "TIME" else "unknown")
        out.append(Timex(s, e, text[s:e], found.type, found.value, prec))
        last_end = e
    return out


class OriginalCase:
    """A match found in the lower-cased text, whose groups read the original text (handlers check
    capitalisation: "May" the month, "may" the verb)."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match, text: str):
        self._m = m
        self._text = text

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group)

    def group(self, group: int | str = 0) -> str | None:
        s, e = self._m.span(group)
        return None if s < 0 else self._text[s:e]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(name) for name in self._m.re.groupindex}


def _extend(text: str, s: int, e: int, type_: str, extend: str, floor: int) -> tuple[int, int]:
    """Attach modifiers: "early"/"the end of" before dates, "about"/"more than" before durations,
    "or so" after either; never reaching back past ``floor`` (the end of the previous expression)."""
    lo = max(floor, s - 40)
    if extend == "date" and type_ in ("DATE", "TIME"):
        m = DATE_MODIFIER.search(text, lo, s)
        if m:
            s = m.start()
    elif extend == "approx":
        regex = APPROX_BEFORE_THE if text[s:s + 4].lower() == "the " else APPROX_MODIFIER
        m = regex.search(text, lo, s)
        if m:
            s = m.start()
    if type_ in ("DATE", "DURATION"):
        m = RIGHT_OR_SO.match(text, e)
        if m:
            e = m.end()
    return s, e
