"""Benchmark task ``timex``: temporal expressions and their TIMEX3 values (TempEval-3 style).

Takes gold rows reduced to their inputs (id, text, published, title, source) and yields one
prediction per row: ``{"id": ..., "timexes": [{start, end, value, type}]}``. Texts are parsed in
batches with the tacitus spaCy pipeline, and each parse is given to
:func:`tacitus.timex.find_timexes`, as the coding stage does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.nlp import parse
from tacitus.timex import find_timexes


def predict(rows: Iterable[dict], use_parse: bool = True) -> Iterator[dict]:
    """Predictions for rows of the timex task, in order. ``use_parse=False`` skips spaCy."""
    rows = list(rows)
    texts = [r.get("text") or "" for r in rows]
    docs = parse(texts) if use_parse else iter([None] * len(rows))
    for row, doc in zip(rows, docs, strict=True):
        timexes = find_timexes(row.get("text") or "", row.get("published"), doc)
        yield {
            "id": row["id"],
            "timexes": [{"start": t.start, "end": t.end, "value": t.value, "type": t.type} for t in timexes],
        }
