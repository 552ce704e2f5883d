"""The cached attribute ruler and lemmatizer give exactly the stock components' annotations."""

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from tacitus import nlp
from tacitus.ingest import iter_inputs
from tacitus.records import Article

ATTRS = [ORTH, TAG, DEP, HEAD, POS, MORPH, LEMMA, ENT_TYPE, ENT_IOB, SENT_START]

#: The ruler's word exceptions and two-token patterns, spaces and lone tokens.
TRICKY = [
    "There were three of them, and there is more. Y'all ain't gonna believe it, let's go.",
    "I told you it was there.  \n\n  But he didn't, c'm on. Did they have it? It has.",
    "Gotta go.", "", "   ", "\n", "Iran", "â€œquote” — 12,000 (approx.) ...",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    examples = [a.text for a in iter_inputs(["examples"]) if isinstance(a, Article)]
    assert examples
    return examples + TRICKY


def test_pipeline_runs_the_cached_component():
    names = nlp.load_pipeline().pipe_names
    assert "tacitus_cached_rules" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


def test_annotations_equal_the_stock_pipeline(texts):
    stock = spacy.load(nlp.MODEL)
    ours = nlp.load_pipeline()
    # twice: the second pass reads the caches the first one filled
    for _ in range(2):
        for text, a, b in zip(texts, stock.pipe(texts), ours.pipe(texts), strict=True):
            x, y = a.to_array(ATTRS), b.to_array(ATTRS)
            diff = [(t.text, t.pos_, t.morph, t.lemma_, u.pos_, u.morph, u.lemma_)
                    for t, u, r, s in zip(a, b, x, y, strict=True) if not numpy.array_equal(r, s)]
            assert not diff, (text[:60], diff[:5])
            assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
