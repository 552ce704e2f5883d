"""Benchmark task ``attribution``: who claims what (PolNeAR conventions).

Each article text is parsed with :func:`tacitus.nlp.parse` in batches and its quotes found by
:func:`tacitus.attribution.find_quotes`; each quote becomes ``{source, cue, content}`` with
character offsets (``source`` and ``content`` may be null).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.attribution import find_quotes
from tacitus.nlp import parse


def _span(span) -> dict | None:
    return None if span is None else {"start": span.start, "end": span.end}


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions ``{"id", "attributions": [{source, cue, content}]}``, one per row, in order."""
    rows = list(rows)
    for row, doc in zip(rows, parse(r["text"] or "" for r in rows), strict=True):
        yield {
            "id": row["id"],
            "attributions": [
                {"source": _span(q.source), "cue": _span(q.cue), "content": _span(q.content)}
                for q in find_quotes(doc)
            ],
        }
