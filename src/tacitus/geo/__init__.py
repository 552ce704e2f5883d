"""Geo stage: the gazetteer, toponyms in an article, and the event's own location.

- :mod:`tacitus.geo.gazetteer`: :func:`load_gazetteer`, :class:`Gazetteer`, :func:`build`, imports;
- :mod:`tacitus.geo.toponyms`: :class:`Toponym`, :func:`find_toponyms`;
- :mod:`tacitus.geo.location`: :func:`event_location`.
"""

from tacitus.geo.gazetteer import Candidate, Gazetteer, build, default_path, load_gazetteer, normalise
from tacitus.geo.location import event_location
from tacitus.geo.toponyms import Toponym, find_toponyms

__all__ = [
    "Candidate", "Gazetteer", "Toponym", "build", "default_path", "event_location", "find_toponyms",
    "load_gazetteer", "normalise",
]
