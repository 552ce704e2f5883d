"""Benchmark task ``factuality``: the factuality of given predicates, in [-3, 3].

Rows carry ``id``, ``text`` (space-tokenised sentences) and ``predicates: [{start, end, text}]``
without values. Each text is parsed with :func:`tacitus.nlp.parse` in batches; each predicate's
character span is mapped to the head token it covers and scored by
:func:`tacitus.status.factuality_many`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.nlp import parse
from tacitus.status import factuality_many


def span_token(doc, start: int, end: int) -> int:
    """The index of the head token of the characters ``[start, end)`` of ``doc``'s text."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span):
        return span.root.i
    for tok in doc:  # a span inside whitespace: the next token
        if tok.idx >= start:
            return tok.i
    return len(doc) - 1


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions ``{"id", "predicates": [{start, end, value}]}``, one per row, in order."""
    rows = list(rows)
    docs = parse(r["text"] for r in rows)
    for row, doc in zip(rows, docs, strict=True):
        preds = row.get("predicates") or []
        if not preds or not len(doc):
            yield {"id": row["id"], "predicates": [
                {"start": p["start"], "end": p["end"], "value": 3.0} for p in preds
            ]}
            continue
        items = [(doc, span_token(doc, p["start"], p["end"])) for p in preds]
        values = factuality_many(items)
        yield {
            "id": row["id"],
            "predicates": [
                {"start": p["start"], "end": p["end"], "value": round(v, 3)} for p, v in zip(preds, values, strict=True)
            ],
        }
