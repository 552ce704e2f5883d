"""Sizes stage: dead, injured, arrested, displaced and crowd figures, attached to events.

- :func:`find_sizes` (``Doc`` -> ``list[SizeMention]``): every figure in a parsed document, with
  its kind, bounds, the word it attaches to, subgroups, affiliation and source.
- :func:`event_sizes` (``DocContext``, ``Trigger`` -> ``tuple[Size, ...]``): the figures of one
  event, as :class:`tacitus.records.Size` records.
- :func:`incident_totals`: killed and injured totals of the main incident of a report.

Knowledge (number words, bounds, the vague-quantity table, kind cues, people nouns) is in
``tacitus/data/sizes/``.
"""

from tacitus.sizes.attach import attached_mentions, event_sizes, linked, to_sizes
from tacitus.sizes.mentions import MENTION_KINDS, SizeMention, find_sizes, sentence_sizes
from tacitus.sizes.numbers import Quantity, parse_number, scan

__all__ = [
    "MENTION_KINDS", "Quantity", "SizeMention", "attached_mentions", "event_sizes", "find_sizes", "linked",
    "parse_number", "scan", "sentence_sizes", "to_sizes",
]
