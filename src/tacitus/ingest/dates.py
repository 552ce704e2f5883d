"""Publication dates in the forms sources give them, normalised to ``YYYY-MM-DD``.

Accepted: ``date``/``datetime`` objects (YAML front matter), ``time.struct_time`` (feedparser),
ISO 8601 (``2012-04-26``, ``2012-04-26T10:00:00+03:00``, ``2012/04/26``, ``20120426``),
RFC 2822 as in RSS (``Thu, 26 Apr 2012 10:00:00 +0000``) and written forms
(``26 April 2012``, ``April 26, 2012``, ``Apr. 26th, 2012``).

The date is the one written in the source's own time zone: ``2012-04-26T23:30:00-05:00`` is
2012-04-26, not the UTC day. Anything else (partial dates, two-digit years, numeric forms such as
``04/05/2012`` whose day and month order is unknown, impossible dates) gives ``None``: tacitus
never invents a publication date.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:$|T)")
_DAY_MONTH_YEAR = re.compile(rf"^{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)

MIN_YEAR, MAX_YEAR = 1800, 2200


def normalise_date(value: Any) -> str | None:
    """``value`` (string, date, datetime or struct_time) as ``YYYY-MM-DD``, or None if unknown."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    for pattern in (_ISO, _COMPACT):
        m = pattern.match(text)
        if m:
            return _valid(int(m["year"]), int(m["month"]), int(m["day"]))
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        m = pattern.match(text)
        if m:
            return _valid(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
