"""Mentions.build: document-level mentions and coreference (real spaCy pipeline)."""

import pytest

from tacitus.actors import Mentions, load_kb, resolve_span
from tacitus.nlp import parse_one


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def token(doc, word, nth=0):
    return [t.i for t in doc if t.text == word][nth]


def test_he_refers_to_the_last_person(kb):
    doc = parse_one(
        "Iraqi Parliamentarian Ali Bashir told Al-Siyasa that Iran wants the handover. "
        "He added that the Iranian mullahs see it as a security issue."
    )
    m = Mentions.build(doc, kb, "2012-04-26")
    he = m.antecedent(token(doc, "He"))
    assert (he.country, he.sector, he.kind) == ("IRQ", "LEG", "person")
    ent = resolve_span(doc, token(doc, "He"), token(doc, "He") + 1, kb=kb, mentions=m)
    assert ent.text == "He" and ent.country == "IRQ"


def test_the_group_refers_to_the_named_group(kb):
    doc = parse_one(
        "The Iranian regime considers the MEK to be an enemy. "
        "Shiite militias are planning to kidnap some of the members of the group."
    )
    m = Mentions.build(doc, kb, None)
    group = m.antecedent(token(doc, "group"))
    assert (group.country, group.sector, group.kind) == ("IRN", "OPP", "group")
    start = token(doc, "some")
    ent = resolve_span(doc, start, token(doc, "group") + 1, kb=kb, mentions=m)
    assert (ent.country, ent.sector) == ("IRN", "OPP")


def test_definite_government_description_takes_the_antecedents_country(kb):
    doc = parse_one("Iran is worried about the talks. The government sent an envoy.")
    m = Mentions.build(doc, kb, None)
    gov = token(doc, "government")
    ent = resolve_span(doc, gov - 1, gov + 1, kb=kb, mentions=m)
    assert (ent.country, ent.sector) == ("IRN", "GOV")


def test_description_with_a_demonym_links_to_an_antecedent_of_that_country(kb):
    doc = parse_one(
        "The Iranian theocratic rulers are attempting to return the members. "
        "The Iranian mullahs see the matter as a security issue."
    )
    m = Mentions.build(doc, kb, None)
    mullahs = m.antecedent(token(doc, "mullahs"))
    assert mullahs is not None and mullahs.country == "IRN" and mullahs.sector == "GOV"
    ent = resolve_span(doc, token(doc, "The", 1), token(doc, "mullahs") + 1, kb=kb, mentions=m)
    assert (ent.country, ent.sector) == ("IRN", "GOV")


def test_they_refers_to_a_plural_actor_not_a_place(kb):
    doc = parse_one("Iraqi forces surrounded Camp Ashraf. They opened fire at dawn.")
    m = Mentions.build(doc, kb, None)
    they = m.antecedent(token(doc, "They"))
    assert (they.country, they.sector) == ("IRQ", "MIL")


def test_a_family_name_refers_back_to_the_full_name(kb):
    doc = parse_one(
        "Iraqi Parliamentarian Ali Bashir spoke on Monday. "
        "\u201cIran is concerned,\u201d said Al-Bashir, who is a member of the Badr group."
    )
    m = Mentions.build(doc, kb, "2012-04-26")
    i = token(doc, "Bashir", 1)
    ent = resolve_span(doc, i - 2, i + 1, kb=kb, date="2012-04-26", mentions=m)
    assert (ent.country, ent.sector) == ("IRQ", "LEG")  # not Omar al-Bashir of Sudan
    who = m.antecedent(token(doc, "who"))
    assert who is not None and who.country == "IRQ"


def test_no_antecedent_gives_none(kb):
    doc = parse_one("He said nothing.")
    m = Mentions.build(doc, kb, None)
    assert m.antecedent(0) is None
    ent = resolve_span(doc, 0, 1, kb=kb, mentions=m)
    assert ent is not None and ent.country is None


def test_a_titled_name_the_kb_does_not_know_is_a_person_he_refers_to(kb):
    doc = parse_one("Interior Minister Rodrigo Saavedra spoke in La Paz. He also apologised to residents.")
    m = Mentions.build(doc, kb, "2023-10-10")
    he = m.antecedent(token(doc, "He"))
    assert he is not None and he.kind == "person" and he.name == "Rodrigo Saavedra"


def test_the_army_refers_back_only_to_an_army(kb):
    doc = parse_one("A spokesman said its fighters were not involved. He accused the army of burning the homes.")
    m = Mentions.build(doc, kb, None)
    army = m.antecedent(token(doc, "army"))
    assert army is None or army.sector == "MIL"


def test_the_group_can_refer_to_a_group_named_by_its_members(kb):
    doc = parse_one("Boko Haram fighters abducted 17 farmers. The group said it would free them.")
    m = Mentions.build(doc, kb, None)
    assert m.antecedent(token(doc, "group")).name == "Boko Haram"


def test_an_object_pronoun_does_not_refer_to_what_its_subject_refers_to(kb):
    doc = parse_one("Berlin rejected the calls for aid, saying it was withholding it for now.")
    m = Mentions.build(doc, kb, None)
    first, second = token(doc, "it"), token(doc, "it", 1)
    assert m.antecedent(first) is not None and m.antecedent(first).country == "DEU"
    assert m.antecedent(second) is None or m.antecedent(second).country != "DEU"
