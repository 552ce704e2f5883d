"""Benchmark task ``event_location``: which place is the event's location (``../shared/gold``).

Input rows: id, text (one sentence), published, source, and ``verb`` ``{start, end, text}``, the
event trigger. Output: ``{"id", "event_location": {start, end} | null}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.document import DocContext, Trigger
from tacitus.evaluation.geo import article_of
from tacitus.geo.gazetteer import load_gazetteer
from tacitus.geo.location import event_location
from tacitus.geo.toponyms import find_toponyms
from tacitus.nlp import parse


def trigger_of(doc, verb: dict) -> Trigger:
    """A Trigger for the verb span of a benchmark row: the head token of the span in ``doc``."""
    span = doc.char_span(verb["start"], verb["end"], alignment_mode="expand")
    tok = span.root if span is not None else min(doc, key=lambda t: abs(t.idx - verb["start"]))
    return Trigger(token=tok.i, start=verb["start"], end=verb["end"], text=verb.get("text") or tok.text,
                   lemma=tok.lemma_, category="")


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions for event_location rows, in order. Sentences are parsed in batches."""
    gaz = load_gazetteer()
    rows = list(rows)
    for row, doc in zip(rows, parse(r["text"] for r in rows), strict=True):
        article = article_of(row)
        ctx = DocContext(article=article, doc=doc, toponyms=find_toponyms(article, doc, gaz))
        place = event_location(ctx, trigger_of(doc, row["verb"])) if row.get("verb") else None
        yield {"id": row["id"],
               "event_location": {"start": place.start, "end": place.end} if place is not None else None}
