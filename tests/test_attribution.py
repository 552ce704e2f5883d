"""Reported speech, sources and attribution chains, with the real spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.attribution import Quote, event_chain, find_quotes, is_source_span, quotations, speaker_of
from tacitus.attribution.features import cue_features
from tacitus.attribution.model import load_cue_model
from tacitus.document import DocContext, Trigger
from tacitus.nlp import parse_one
from tacitus.records import Article, article_id

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"


def quote_with_cue(quotes: list[Quote], cue: str) -> Quote:
    hits = [q for q in quotes if q.cue.text.lower() == cue.lower()]
    assert hits, f"no quote with cue {cue!r} in {[q.cue.text for q in quotes]}"
    return hits[0]


def context(text: str, **article) -> DocContext:
    doc = parse_one(text)
    art = Article(id=article_id(text), text=text, **article)
    return DocContext(article=art, doc=doc, quotes=find_quotes(doc))


def trigger(ctx: DocContext, word: str, nth: int = 0) -> Trigger:
    toks = [t for t in ctx.doc if t.text == word]
    tok = toks[nth]
    return Trigger(token=tok.i, start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, lemma=tok.lemma_,
                   category="ASSAULT")


# ------------------------------------------------------------------------------------------------
# find_quotes
# ------------------------------------------------------------------------------------------------

def test_reporting_verb_with_clause():
    doc = parse_one("Ali Bashir said that Iranian rulers are attempting to return the members.")
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text == "Ali Bashir"
    assert q.source_kind == "named"
    assert q.content.text.startswith("that Iranian rulers")
    assert doc.text[q.cue.start:q.cue.end] == "said"


def test_signature_after_a_quotation_and_transcript_turns_are_cues():
    doc = parse_one("Readers wrote in.\n\n“He does not listen to us.” ― Rosa Almeida\n\n"
                    "HOST: Welcome back to the programme.\n\nThe plan: cut prices by half.")
    quotes = find_quotes(doc)
    sig = quote_with_cue(quotes, "―")
    assert sig.source.text == "Rosa Almeida"
    assert sig.content.text == "“He does not listen to us.”"
    turn = [q for q in quotes if q.cue.text == ":" and q.source is not None and q.source.text == "HOST"]
    assert turn and turn[0].content.text.startswith("Welcome back to the programme")
    glued = quote_with_cue(find_quotes(parse_one("Letters came in.\n\n“We feel ignored.”― Ana Ruiz\n")), "”―")
    assert glued.source.text == "Ana Ruiz" and glued.content.text.startswith("“We feel ignored.")
    # a colon after an ordinary word at the start of a line is not a speaker's turn
    assert not any(q.source is not None and q.source.text == "The plan" for q in quotes)


def test_labels_in_capitals_that_name_no_speaker_are_not_cues():
    doc = parse_one("Mayor wins a second term.\n\nCORRECTION: An earlier version misstated the turnout.\n\n"
                    "Q: Will you run again in four years?\n\nA: Nobody can plan that far ahead.\n\n"
                    "MORALES: We will fix the roads first.")
    colons = [q for q in find_quotes(doc) if q.cue.text == ":"]
    assert [q.source.text for q in colons if q.source is not None] == ["MORALES"]
    assert len(colons) == 1


def test_speaker_named_after_the_verb_and_subject_of_a_copula():
    doc = parse_one("“We will not sell the farm,” said Jon Mendel, a grower in the valley.")
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text.startswith("Jon Mendel")
    from tacitus.attribution.quotes import _inverted_speaker

    said = next(t for t in doc if t.text == "said")
    assert doc[slice(*_inverted_speaker(doc, said)[:2])].text.startswith("Jon Mendel")
    doc = parse_one("The mayor rejected the offer, saying the plan would ruin the town.")
    assert _inverted_speaker(doc, next(t for t in doc if t.text == "saying")) is None
    doc = parse_one("The union leader was critical of the new contract in a long speech.")
    q = next((q for q in find_quotes(doc) if q.cue.text == "critical"), None)
    if q is not None:  # the cue model decides whether "critical" is a cue; its speaker is the subject
        assert q.source.text == "The union leader"
    from tacitus.attribution.quotes import _source_tokens

    cue = next(t for t in doc if t.text == "critical")
    assert doc[slice(*_source_tokens(doc, cue))].text == "The union leader"


def test_anonymous_source_and_outlet_relay():
    doc = parse_one("Sources in Baghdad told Kuwaiti Al-Siyasa that the regime has asked Iraq to extradite them.")
    q = quote_with_cue(find_quotes(doc), "told")
    assert q.source.text == "Sources in Baghdad"
    assert q.source_kind == "anonymous"
    assert [r.text for r in q.relays] == ["Al-Siyasa"]
    assert "asked Iraq to extradite" in q.content.text


def test_reporters_without_an_outlet_are_not_a_relay():
    doc = parse_one("Wanjiru told reporters that the border would open in June.")
    q = quote_with_cue(find_quotes(doc), "told")
    assert q.source.text == "Wanjiru"
    assert q.relays == ()


def test_official_source():
    doc = parse_one("A ministry spokesman said the talks had failed.")
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text == "A ministry spokesman"
    assert q.source_kind == "official"


def test_an_unnamed_body_is_an_official_source_not_an_anonymous_one():
    doc = parse_one("Kenya's largest teachers' union said the strike would go ahead.")
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text == "Kenya's largest teachers' union"
    assert q.source_kind == "official"
    doc = parse_one("Residents said the town was quiet.")
    assert quote_with_cue(find_quotes(doc), "said").source_kind == "anonymous"


def test_outlet_source():
    doc = parse_one("Al-Siyasa reported that the regime is trying to use the quarrel.")
    q = quote_with_cue(find_quotes(doc), "reported")
    assert q.source.text == "Al-Siyasa"
    assert q.source_kind == "outlet"


def test_according_to():
    doc = parse_one("According to the police, three people were killed in the blast.")
    q = quote_with_cue(find_quotes(doc), "according to")
    assert q.source.text == "the police"
    assert "three people were killed" in q.content.text
    assert "According" not in q.content.text


def test_direct_quote_then_said_across_sentences():
    text = "“We will not leave. We will fight to the end,” said the commander. The town was quiet."
    doc = parse_one(text)
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text == "the commander"
    assert q.content.text == "“We will not leave. We will fight to the end,”"
    assert quotations(doc) == [(0, doc[q.content_tokens[1] - 1].i + 1)]


def test_said_before_quote_with_colon():
    doc = parse_one("The governor said: “The road is closed.”")
    q = quote_with_cue(find_quotes(doc), "said")
    assert q.source.text == "The governor"
    assert q.content.text.startswith("“The road is closed")


def test_pronoun_source_is_linked_to_the_earlier_speaker():
    doc = parse_one("Ali Bashir told reporters the camp was attacked. He added that the residents were unarmed.")
    q = quote_with_cue(find_quotes(doc), "added")
    assert q.source.text == "He"
    assert q.antecedent is not None and q.antecedent.text == "Ali Bashir"
    assert q.source_kind == "named"


def test_nested_reporting_has_a_parent():
    doc = parse_one("The newspaper reported that officials claimed the army attacked the village.")
    quotes = find_quotes(doc)
    outer = quote_with_cue(quotes, "reported")
    inner = quote_with_cue(quotes, "claimed")
    assert inner.parent == quotes.index(outer)
    assert outer.parent is None


def test_no_quotes_in_a_plain_report():
    doc = parse_one("Iraqi forces shelled the camp in April last year.")
    assert find_quotes(doc) == []


def test_cue_features_read_the_parse():
    doc = parse_one("The mayor of Springfield said that “the roads will be fixed” by May.")
    said = next(t.i for t in doc if t.text == "said")
    f = cue_features(doc, said, load_cue_model().priors)
    assert {"lemma=say", "pos=VERB", "head_dep=ROOT", "head_lemma=say", "has_subject", "subj_lemma=mayor",
            "subj_ent=GPE", "ccomp_that", "child=ccomp", "sent_quote", "quote_after"} <= f
    assert "in_quotation" not in f and "prior_L=unseen" not in f
    fixed = next(t.i for t in doc if t.text == "fixed")
    assert "in_quotation" in cue_features(doc, fixed)


def test_words_that_never_head_a_cue_are_not_scored():
    model = load_cue_model()
    assert "of|ADP" in model.non_cues and "say|VERB" not in model.non_cues
    doc = parse_one("The head of the committee said the report was late.")
    scored = {doc[i].text for i, _ in model.score(doc)}
    assert "said" in scored and "of" not in scored


# ------------------------------------------------------------------------------------------------
# event_chain, speaker_of, is_source_span
# ------------------------------------------------------------------------------------------------

def test_nested_chain_runs_from_inner_speaker_to_publisher():
    ctx = context("The newspaper reported that officials claimed the army attacked the village.",
                  source="Daily Example")
    chain = event_chain(ctx, trigger(ctx, "attacked"))
    assert [(a.speaker, a.kind, a.cue) for a in chain] == [
        ("officials", "official", "claimed"),
        ("The newspaper", "outlet", "reported"),
        ("Daily Example", "publisher", None),
    ]


def test_article_voice_is_the_publisher():
    ctx = context("Iraqi forces attacked the camp in April.", source="Daily Example")
    chain = event_chain(ctx, trigger(ctx, "attacked"))
    assert [(a.speaker, a.kind) for a in chain] == [("Daily Example", "publisher")]
    assert speaker_of(ctx, trigger(ctx, "attacked").token) is None


def test_the_reporting_verb_itself_is_not_reported_speech():
    ctx = context("The minister warned the rebels.", source="Daily Example")
    assert speaker_of(ctx, trigger(ctx, "warned").token) is None


def test_wire_agency_from_the_dateline_relays_to_the_publisher():
    ctx = context("BAGHDAD (Reuters) - Police said gunmen attacked a checkpoint.", source="Daily Example",
                  dateline="BAGHDAD (Reuters)")
    chain = event_chain(ctx, trigger(ctx, "attacked"))
    assert [(a.speaker, a.kind) for a in chain] == [
        ("Police", "official"), ("Reuters", "outlet"), ("Daily Example", "publisher"),
    ]


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    body = text.split("\n", 2)[2]  # the title line and the blank line after it
    notes = ("A part of this report was translated from Arabic; source Al-Siyasa, Kuwait.",)
    return context(body, title=text.split("\n", 1)[0], source="Stop Fundamentalism", dateline="Stop Fundamentalism",
                   source_notes=notes, translated_from="ar", published="2012-04-26")


def test_seed_extradition_request_chain(seed):
    chain = event_chain(seed, trigger(seed, "extradite"))
    assert [(a.speaker, a.kind) for a in chain] == [
        ("Sources in Baghdad", "anonymous"), ("Al-Siyasa", "outlet"), ("Stop Fundamentalism", "publisher"),
    ]
    assert chain[0].cue == "told"
    assert chain[1].country == "KWT"
    assert "translated from Arabic" in chain[2].note
    assert chain[2].cue is None
    # the REQUEST trigger "asked" is reported by the same chain
    assert event_chain(seed, trigger(seed, "asked")) == chain


def test_seed_kidnap_plot_is_attributed_to_the_outlet(seed):
    chain = event_chain(seed, trigger(seed, "kidnap"))
    assert [(a.speaker, a.kind, a.cue) for a in chain][:1] == [("Al-Siyasa", "outlet", "warned")]
    assert chain[-1].kind == "publisher"


def test_seed_attack_is_in_the_publishers_voice(seed):
    chain = event_chain(seed, trigger(seed, "attack"))
    assert [(a.speaker, a.kind) for a in chain] == [("Stop Fundamentalism", "publisher")]


def test_seed_bashir_chains(seed):
    chain = event_chain(seed, trigger(seed, "return"))
    assert [(a.speaker, a.kind, a.cue) for a in chain][:2] == [
        ("Iraqi Parliamentarian Ali Bashir", "named", "told"), ("Al-Siyasa", "outlet", None),
    ]
    chain = event_chain(seed, trigger(seed, "asked", 1))  # "some countries have asked Iraq to extend"
    assert chain[0].kind == "named" and chain[0].cue == "added"
    assert "Bashir" in chain[0].speaker


def test_seed_sources_are_never_actors(seed):
    doc, text = seed.doc, seed.article.text
    for name, expected in [("Al-Siyasa", True), ("Stop Fundamentalism", True), ("Sources in Baghdad", True),
                           ("Ali Bashir", False), ("the Iranian regime", False), ("Iraqi forces", False)]:
        k = text.index(name)
        span = doc.char_span(k, k + len(name), alignment_mode="expand")
        assert is_source_span(seed, span.start, span.end) is expected, name
