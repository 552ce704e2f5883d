"""Per-document token arrays (tacitus.nlp.arrays) agree with the spaCy Doc they are read from."""

from spacy.tokens import Doc

from tacitus.actors.names import fold, norm
from tacitus.nlp import parse_one
from tacitus.nlp.arrays import arrays, doc_text


def test_arrays_match_the_doc():
    doc = parse_one("Iraqi forces attacked the camp on Friday. Twenty people were killed, officials said.")
    a = arrays(doc)
    assert len(a) == len(doc)
    for t in doc:
        assert (a.text[t.i], a.ws[t.i], a.lower[t.i], a.lemma[t.i]) == (t.text, t.whitespace_, t.lower_, t.lemma_)
        assert (a.pos[t.i], a.tag[t.i], a.dep[t.i], a.head[t.i]) == (t.pos_, t.tag_, t.dep_, t.head.i)
        assert (a.ent_type[t.i], a.idx[t.i], a.is_punct[t.i], a.is_space[t.i], a.is_alpha[t.i], a.like_num[t.i]) == (
            t.ent_type_, t.idx, t.is_punct, t.is_space, t.is_alpha, t.like_num)
        assert a.sents[a.sent[t.i]] == (t.sent.start, t.sent.end)
    assert len(a.sents) == 2
    assert a.span_text(0, 2) == doc[0:2].text == "Iraqi forces"
    assert a.span_text(3, 3) == ""
    assert arrays(doc) is a  # built once per doc
    assert doc_text(doc) == doc.text


def test_arrays_of_a_doc_without_sentences(nlp):
    doc = Doc(nlp.vocab, words=["Rebels", "shelled", "Juba"])
    a = arrays(doc)
    assert a.sents == [(0, 3)] and a.sent == [0, 0, 0]


def test_norm_is_unchanged_by_its_fast_paths():
    assert fold("Côte d’Ivoire") == "Cote d'Ivoire"
    assert norm("Kata'ib Hezbollah") == "kataib hezbollah"
    assert norm("U.S.") == "us" and norm("AL-MALIKI") == norm("al Maliki") == "al maliki"
