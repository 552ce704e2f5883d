"""Shared helpers for the benchmark task modules: benchmark rows as articles, coded in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.records import Article, CodedArticle, article_id


def row_article(row: dict) -> Article:
    """A benchmark row as an article. Only the contract's input fields are used."""
    text = row.get("text") or ""
    return Article(
        id=article_id(text), text=text, title=row.get("title"), published=row.get("published"),
        source=row.get("source"), language="en", origin=row.get("id"),
    )


def code_rows(rows: Iterable[dict], batch_size: int = 64, whole_text: bool = False
              ) -> Iterator[tuple[dict, object, CodedArticle]]:
    """Each row with its parsed ``Doc`` and its coded article, in order (parsing in batches).

    The text is parsed as the pipeline parses articles (dateline blanked, lexicon pass), or, with
    ``whole_text``, every word of it (for tasks whose features read the whole sentence).
    """
    from tacitus import coding, nlp

    batch: list[dict] = []

    def flush():
        arts = [row_article(r) for r in batch]
        docs = (nlp.parse([a.text for a in arts], batch_size=batch_size) if whole_text
                else nlp.parse_articles(arts, batch_size=batch_size))
        for row, art, doc in zip(batch, arts, docs, strict=True):
            yield row, doc, coding.code_document(art, doc)

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
