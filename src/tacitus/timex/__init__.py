"""Temporal stage: temporal expressions (TIMEX3) and event dates.

- :func:`find_timexes` finds dates, times, durations and sets in a text and normalises them to
  TIMEX3 values against the publication date ("last Sunday" -> "2012-04-22").
- :func:`event_when` picks the date of one event from the expressions of its article: the one
  syntactically tied to the event's trigger, never the publication date in disguise.

The knowledge (month and weekday names, number words, units, holidays, ...) is in
``data/timex/lexicon.yaml``; the patterns and their normalisation are in :mod:`tacitus.timex.rules`.
"""

from tacitus.timex.event import HISTORICAL_DAYS, event_when, is_historical, when_from_timex
from tacitus.timex.find import Timex, find_timexes, parse_published

__all__ = [
    "HISTORICAL_DAYS",
    "Timex",
    "event_when",
    "find_timexes",
    "is_historical",
    "parse_published",
    "when_from_timex",
]
