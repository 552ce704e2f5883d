"""Benchmark task ``geo``: toponym recognition and resolution (``../shared/gold/geo``).

Input rows: id, text, published, title, source. Output: ``{"id", "toponyms": [{start, end, lat, lon}]}``,
one per toponym :func:`tacitus.geo.toponyms.find_toponyms` finds (demonyms and metonyms included,
as GeoWebNews counts them; lat/lon null when unresolved).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.geo.gazetteer import load_gazetteer
from tacitus.geo.toponyms import find_toponyms
from tacitus.nlp import parse
from tacitus.records import Article


def article_of(row: dict) -> Article:
    """The benchmark row as an Article (id kept, no ingest cleaning: offsets must stay valid)."""
    return Article(id=str(row["id"]), text=row["text"], title=row.get("title"), published=row.get("published"),
                   source=row.get("source"))


def prediction(article: Article, doc, gazetteer=None) -> dict:
    toponyms = find_toponyms(article, doc, gazetteer)
    return {
        "id": article.id,
        "toponyms": [
            {"start": t.start, "end": t.end, "text": t.text,
             "lat": t.place.lat if t.place else None, "lon": t.place.lon if t.place else None}
            for t in toponyms
        ],
    }


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions for geo rows, in order. Texts are parsed in batches."""
    gaz = load_gazetteer()
    rows = list(rows)
    for row, doc in zip(rows, parse(r["text"] for r in rows), strict=True):
        yield prediction(article_of(row), doc, gaz)
