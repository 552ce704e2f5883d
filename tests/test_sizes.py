"""Sizes stage: figures, bounds, kinds, subgroups, affiliation, sources and attachment to events.

Everything runs on the real spaCy pipeline (the ``nlp`` fixture of conftest.py) except the
number reader, which works on word lists.
"""

from __future__ import annotations

import re

import pytest

from tacitus.document import DocContext, Trigger
from tacitus.records import Article, Size
from tacitus.sizes import event_sizes, find_sizes, parse_number, scan
from tacitus.sizes.lexicon import DATA_DIR, load_lexicon
from tacitus.sizes.totals import incident_totals, sentence_count

SEED = (
    "MEK came under attack in Camp Ashraf by Iraqi forces in April last year when at least 26 members "
    "including 8 women were killed as a result of gunshot wounds inflected by Iraqi military's direct "
    "shootings at the unarmed residents."
)


def words(text: str) -> list[str]:
    """Lower-cased words split the way spaCy splits hyphens and commas in these examples."""
    return re.findall(r"\d[\d,.]*\d|\d|[a-z]+\.?|[-–,]", text.lower())


def figures(nlp, text: str, kind: str | None = None):
    mentions = find_sizes(nlp(text))
    return [m for m in mentions if kind is None or m.kind == kind]


def one(nlp, text: str, kind: str):
    found = figures(nlp, text, kind)
    assert len(found) == 1, f"{kind} figures in {text!r}: {found}"
    return found[0]


def trigger_at(doc, word: str, category: str = "ASSAULT", nth: int = 0) -> Trigger:
    tok = [t for t in doc if t.text == word][nth]
    return Trigger(token=tok.i, start=tok.idx, end=tok.idx + len(tok), text=tok.text, lemma=tok.lemma_,
                   category=category)


def sizes_for(nlp, text: str, word: str, category: str = "ASSAULT", nth: int = 0) -> tuple[Size, ...]:
    doc = nlp(text)
    ctx = DocContext(Article(id="t", text=text), doc)
    return event_sizes(ctx, trigger_at(doc, word, category, nth))


# ---------------------------------------------------------------------------------------------
# Numbers, bounds, ranges, vague quantities (no parse needed)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("26", 26), ("1,200", 1200), ("twenty-six", 26), ("twenty six", 26), ("a dozen", 12),
    ("two dozen", 24), ("half a dozen", 6), ("three hundred", 300), ("three hundred and fifty", 350),
    ("a hundred", 100), ("1.5 million", 1_500_000), ("eleven", 11), ("two thousand five hundred", 2500),
])
def test_parse_number_reads_digits_and_words(text, value):
    w = words(text)
    assert parse_number(w, 0) == (value, len(w))


@pytest.mark.parametrize("text", ["the", "a man", "about", "dozens"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(words(text), 0) is None


@pytest.mark.parametrize("text, lo, hi, qualifier", [
    ("at least 26", 26, None, "at_least"),
    ("more than 26", 27, None, "more_than"),
    ("over 100", 101, None, "more_than"),
    ("up to 50", None, 50, "up_to"),
    ("as many as 50", None, 50, "up_to"),
    ("about 166", 166, 166, "about"),
    ("some 5,000", 5000, 5000, "about"),
    ("nearly 300", None, 299, "nearly"),
    ("26", 26, 26, "exact"),
    ("20 or more", 20, None, "at_least"),
])
def test_bounds(text, lo, hi, qualifier):
    (q,) = scan(words(text))
    assert (q.min, q.max, q.qualifier) == (lo, hi, qualifier)


@pytest.mark.parametrize("text", ["10 to 15", "between 10 and 15", "10-15", "from 10 to 15"])
def test_ranges(text):
    (q,) = scan(words(text))
    assert (q.min, q.max, q.qualifier) == (10, 15, "range")


def test_a_range_needs_an_increasing_pair():
    assert [q.qualifier for q in scan(words("15 to 10"))] == ["exact", "exact"]


@pytest.mark.parametrize("phrase", ["dozens", "hundreds", "scores", "several", "a handful", "thousands"])
def test_vague_quantities_use_the_documented_table(phrase):
    lex = load_lexicon()
    (q,) = scan(words(phrase))
    assert q.qualifier == "vague"
    assert (q.min, q.max) == lex.vague[tuple(words(phrase))]
    assert q.min is not None and q.min >= 2


def test_every_vague_value_is_commented_in_the_data_file():
    text = (DATA_DIR / "numbers.yaml").read_text(encoding="utf-8")
    block = text.split("\nvague:", 1)[1]
    entries = re.findall(r"^  ([a-z][a-z ]+):(.*)$", block, flags=re.M)
    assert entries, "no vague quantities found"
    for name, rest in entries:
        assert "#" in rest, f"vague quantity {name!r} has no comment saying why its value"


# ---------------------------------------------------------------------------------------------
# Figures and their kinds, from the parse
# ---------------------------------------------------------------------------------------------

def test_seed_sentence(nlp):
    m = one(nlp, SEED, "dead")
    assert (m.min, m.max, m.qualifier) == (26, None, "at_least")
    assert m.text == "at least 26"
    assert m.head_text == "killed"
    assert m.affiliation == "members"
    assert [(g.group, g.count) for g in m.subgroups] == [("women", 8)]
    assert SEED[m.start : m.end] == "at least 26"


@pytest.mark.parametrize("text, count", [
    ("Gunmen killed three policemen in the city.", 3),
    ("Three people were killed in the attack.", 3),
    ("The blast left three dead.", 3),
    ("A man was shot dead in Baghdad.", 1),
    ("Two people died in the attack.", 2),
    ("The dead include four children.", 4),
    ("Twenty-six people were killed on Monday.", 26),
    ("The death toll rose to 26 on Tuesday.", 26),
    ("26 people killed in attack on market", 26),
    ("A man was shot and killed Saturday night.", 1),
])
def test_dead_active_passive_and_nouns(nlp, text, count):
    m = one(nlp, text, "dead")
    assert m.min == count


def test_the_killer_is_not_counted_as_dead(nlp):
    assert figures(nlp, "Three gunmen killed two guards.", "dead")[0].min == 2
    assert len(figures(nlp, "Three gunmen killed two guards.", "dead")) == 1


@pytest.mark.parametrize("text, kind, count", [
    ("Five people were wounded in the blast.", "injured", 5),
    ("Twelve civilians were injured.", "injured", 12),
    ("Police arrested dozens of protesters.", "arrested", 24),
    ("Forty people were detained after the march.", "arrested", 40),
    ("Nearly 300 people fled their homes.", "displaced", None),
    ("A crowd of about 5,000 marched through the capital.", "crowd", 5000),
    ("Thousands rallied in the square on Friday.", "crowd", 2000),
    ("The shooting at the bar sent four people to the hospital.", "hit", 4),
])
def test_other_kinds(nlp, text, kind, count):
    m = one(nlp, text, kind)
    assert m.min == count


def test_nearly_bounds_from_above(nlp):
    m = one(nlp, "Nearly 300 people fled their homes.", "displaced")
    assert (m.min, m.max, m.qualifier) == (None, 299, "nearly")


def test_shot_without_outcome_is_hit_and_settled_by_modifiers(nlp):
    assert one(nlp, "Three people were shot on Saturday.", "hit").min == 3
    assert one(nlp, "A teenager was shot in the leg.", "injured").min == 1
    assert one(nlp, "A woman was fatally shot outside her home.", "dead").min == 1


def test_one_fatally_is_part_of_the_figure(nlp):
    found = figures(nlp, "Two people were shot, one fatally, on Saturday night.")
    kinds = {(m.kind, m.min, m.partitive) for m in found}
    assert ("hit", 2, False) in kinds and ("dead", 1, True) in kinds


def test_numbers_that_are_ages_times_or_money_are_not_figures(nlp):
    found = figures(nlp, "Jaden Rahm, 16, was killed at 4 p.m. near a store that lost $1,000.")
    assert [(m.kind, m.min) for m in found] == [("dead", 1)]
    found = figures(nlp, "A 23-year-old man was wounded.")
    assert [(m.kind, m.min) for m in found] == [("injured", 1)]


def test_negated_figures_are_zero(nlp):
    m = one(nlp, "No one was injured in the shooting.", "injured")
    assert (m.min, m.max) == (0, 0)
    m = one(nlp, "Two children in the house were not injured.", "injured")
    assert (m.min, m.max) == (0, 0)


def test_unreal_figures_are_not_reported(nlp):
    assert figures(nlp, "The group threatened to kill 20 hostages.", "dead") == []
    assert figures(nlp, "The blast could have killed hundreds of people.", "dead") == []


def test_named_and_coordinated_victims_count_one_each(nlp):
    m = one(nlp, "Darnell Keon Fisher, 22, and Tobias Renwick, 30, were gunned down on Jan. 19.", "dead")
    assert m.min == 2 and m.form == "name"


@pytest.mark.parametrize("text, count", [
    # a list of names, each one a victim
    ("Staff said that Andre Holloway, Keisha Brantley, Darius Mott, and Calvin Reese all suffered injuries "
     "from being shot.", 4),
    # ... also where the parser reads some as appositions and others as conjuncts, and the
    # recogniser takes the first name for an organisation
    ("Staff said that Terrell Banks, Shonda Pruitt, Demarco Lyle, and Brandon Tate all suffered "
     "injuries from being shot.", 4),
    # people after a name in apposition: the name is the same person, the friend another
    ("Her 14-year-old son, Caden Marsh, and a 17-year-old family friend, Jalen Whitaker, were shot.", 2),
    ("Her son, John Smith, was shot.", 1),
])
def test_listed_names_count_one_each(nlp, text, count):
    assert one(nlp, text, "hit").count == count


def test_a_suicide_after_killing_adds_the_killer(nlp):
    found = figures(nlp, "Investigators said a woman shot and killed her two daughters before killing herself.", "dead")
    assert sorted(m.min for m in found) == [1, 2]


def test_a_boy_who_shot_himself_is_one_person(nlp):
    found = figures(nlp, "A 3-year-old boy died Sunday after accidentally shooting himself with a pistol.")
    assert [(m.kind, m.min) for m in found] == [("dead", 1)]


# ---------------------------------------------------------------------------------------------
# Subgroups, affiliation, sources
# ---------------------------------------------------------------------------------------------

def test_subgroup_among_them(nlp):
    m = one(nlp, "Police arrested dozens of protesters, among them three children.", "arrested")
    assert m.qualifier == "vague"
    assert [(g.group, g.count) for g in m.subgroups] == [("children", 3)]
    assert m.affiliation == "protesters"


def test_a_subgroup_with_its_own_kind_is_a_figure(nlp):
    found = figures(nlp, "Five people were shot, including two men who were killed.")
    assert any(m.kind == "dead" and m.min == 2 for m in found)
    assert all(not m.subgroups for m in found)


@pytest.mark.parametrize("text, affiliation", [
    ("Gunmen killed three policemen and wounded two civilians.", "policemen"),
    ("Two Iraqi soldiers were killed in the ambush.", "Iraqi soldiers"),
    ("Three people were killed in the ambush.", None),
])
def test_affiliation(nlp, text, affiliation):
    assert figures(nlp, text, "dead")[0].affiliation == affiliation


def test_conflicting_figures_keep_their_sources(nlp):
    text = "The death toll rose to 26, according to officials, while the ministry said 30 died."
    found = figures(nlp, text, "dead")
    assert {(m.min, m.source) for m in found} == {(26, "officials"), (30, "the ministry")}


# ---------------------------------------------------------------------------------------------
# Sizes of one event
# ---------------------------------------------------------------------------------------------

def test_event_sizes_for_the_seed(nlp):
    (size,) = sizes_for(nlp, SEED, "attack")
    assert (size.kind, size.min, size.max, size.qualifier) == ("dead", 26, None, "at_least")
    assert size.subgroups[0].group == "women" and size.subgroups[0].count == 8
    assert SEED[size.start : size.end] == size.text == "at least 26"


def test_two_incidents_in_one_sentence(nlp):
    text = "A car bomb killed 12 people in Baghdad on Monday, while in Mosul gunmen shot dead three policemen."
    assert [(s.kind, s.min) for s in sizes_for(nlp, text, "killed")] == [("dead", 12)]
    assert [(s.kind, s.min, s.affiliation) for s in sizes_for(nlp, text, "shot")] == [("dead", 3, "policemen")]
    text = "A bomb killed 12 people in Baghdad, and gunmen shot dead three policemen in Mosul."
    assert [s.min for s in sizes_for(nlp, text, "killed")] == [12]
    assert [s.min for s in sizes_for(nlp, text, "shot")] == [3]


def test_a_when_clause_tells_the_same_event(nlp):
    sizes = sizes_for(nlp, "Three people were killed when a bomb exploded near the market.", "exploded")
    assert [(s.kind, s.min) for s in sizes] == [("dead", 3)]


def test_following_sentences_continue_the_incident(nlp):
    text = ("Militants attacked a police post on Monday. The death toll rose to 26, according to officials. "
            "The ministry said 30 died.")
    sizes = sizes_for(nlp, text, "attacked")
    assert {(s.kind, s.min, s.source) for s in sizes} == {("dead", 26, "officials"), ("dead", 30, "The ministry")}


def test_a_separate_incident_stops_the_continuation(nlp):
    text = "Militants attacked a police post on Monday. Separately, two soldiers were killed in Basra."
    assert sizes_for(nlp, text, "attacked") == ()


def test_one_fatally_splits_into_dead_and_injured(nlp):
    sizes = sizes_for(nlp, "Two people were shot, one fatally, on Saturday night.", "shot")
    assert sorted((s.kind, s.min) for s in sizes) == [("dead", 1), ("injured", 1)]


def test_an_arrest_clause_with_its_own_subject_is_another_event(nlp):
    text = "Thousands marched in Cairo on Friday and police arrested 40 protesters."
    assert {s.kind for s in sizes_for(nlp, text, "marched", "PROTEST")} == {"crowd"}


def test_category_filters_kinds(nlp):
    text = "Thousands marched in Cairo on Friday. Police arrested 40 protesters."
    kinds = {s.kind for s in sizes_for(nlp, text, "marched", "PROTEST")}
    assert kinds == {"crowd", "arrested"}
    assert {s.kind for s in sizes_for(nlp, text, "marched", "MOBILIZE")} == {"crowd"}


# ---------------------------------------------------------------------------------------------
# Incident totals
# ---------------------------------------------------------------------------------------------

def _sentences(nlp, text):
    doc = nlp(text)
    mentions = find_sizes(doc)
    return [[m for m in mentions if m.sentence_start == s.start] for s in doc.sents]


@pytest.mark.parametrize("text, killed, injured", [
    ("Two people were shot, one fatally, on Saturday night.", 1, 1),
    ("A man was shot and killed on Friday. No one else was hurt.", 1, 0),
    ("A teenager was shot in the leg on Monday.", 0, 1),
    ("Four people were shot on Sunday. One of them died at the hospital.", 1, 3),
    ("A man was shot Saturday. He died at the hospital on Sunday.", 1, 0),
    ("Gunmen killed three policemen and wounded two civilians.", 3, 2),
    # a subject the parser hung on the auxiliary
    ("Two men were killed and another man was critically injured and taken to a hospital.", 2, 1),
    # people the parser put in apposition to a name, leaving the verb after them without a subject
    ("In a shooting filmed by a neighbour, a 6-year-old girl and a 38-year-old man were killed and a woman "
     "was wounded when a gunman opened fire.", 2, 1),
    # incident nouns that count who was hit
    ("A teenager was killed in a quadruple shooting on Sunday.", 1, 3),
    ("Police are investigating a fatal double shooting on Elm Street. One man was pronounced dead at the scene.",
     1, 1),
    # a victim numbered by an ordinal
    ("One man was pronounced dead at the scene. The second victim was taken to a hospital.", 1, 1),
    # ages are not figures
    ("Two teenagers, one 15 and the other 17, were injured in a shooting at a park.", 0, 2),
    # a dateline is not a victim
    ("TULSA (AP) – Two people were shot near a park early Sunday.", 0, 2),
    # the parts of a figure are not added to it
    ("Three others, two males and a female, were injured in the shooting.", 0, 3),
    # counts of attempted murder: one per victim who survived, a floor never added to other figures
    ("He is charged with one count of murder and two counts of attempted murder.", 0, 2),
    ("A man was killed and two people were wounded; the suspect faces two counts of attempted murder.", 1, 2),
    # a definite description after someone described in the same sentence is that person again
    ("A man shot his 6-year-old son with a rifle, and the boy was taken to a hospital.", 0, 1),
    # ... but not after a name, nor when nobody was described before it
    ("Agent Roy Delacorte and the male suspect were killed.", 2, 0),
    ("The grandfather was shot in the arm, while the girl was shot in the shoulder.", 0, 2),
    # the dead after a larger figure of people hit are among them, as headlines write it
    ("6 shot outside Elkton bar; 2 killed", 2, 4),
    # ... and so are the dead told before a larger figure of people shot
    ("One dead after five people shot at a block party in Dayton", 1, 4),
    # ... but not before a figure of people treated or in hospital: those are others
    ("One man is dead and five people were hospitalized after a fight at a block party.", 1, 5),
    # figures that add up to one before them spell it out
    ("3 women, 1 man shot on Harmon Road", 0, 4),
    # a figure told twice in one sentence (a headline run into its lead) counts once
    ("Three men shot on Elm Street Police said three men were shot on Elm Street on Monday night.", 0, 3),
    # the dead and a survivor told in different sentences, told apart by sex or age
    ("Officers shot and killed a woman in her apartment on Monday. Her son was with her, and the boy was "
     "wounded in the arm.", 1, 1),
    ("A 23-year-old man was killed on Friday. Police said a 31-year-old man was wounded in the leg.", 1, 1),
    # ... or by role: a law officer shot is not the attacker who died
    ("The standoff ended when the gunman died of a self-inflicted wound. The deputy who was shot is "
     "expected to recover.", 1, 1),
    ("A man was shot and killed on Friday. Police said the victim was taken to a hospital.", 1, 0),
    ("The four victims - three men and one woman - were shot in the legs.", 0, 4),
])
def test_incident_totals(nlp, text, killed, injured):
    totals = incident_totals(_sentences(nlp, text))
    assert (totals.killed, totals.injured) == (killed, injured)


def test_an_age_written_y_o_is_not_a_figure(nlp):
    doc = nlp("Police said a 31 y/o man was shot and killed on Friday.")
    assert not [m for m in find_sizes(doc) if m.count == 31]


def test_sentence_count_does_not_count_a_pronoun_twice(nlp):
    (ms,) = _sentences(nlp, "A man was shot and he died at the scene.")
    count = sentence_count(ms)
    assert (count.dead, count.total) == (1, 1)


# ---------------------------------------------------------------------------------------------
# Reading only what can hold a figure
# ---------------------------------------------------------------------------------------------

def test_words_the_rules_name_are_cues():
    """A sentence is read only if it has a cue word: the words the rules test by name must be cues."""
    from tacitus.sizes import mentions

    lex = load_lexicon()
    named = set(mentions._HEADLINE_WORDS) | set(mentions._HIT_WORDS) | mentions._DEATH_NOUNS
    assert named <= lex.cue_words
    assert {"kill", "die", "crowd", "arrest", "fatally", "double", "fatal", "condition"} <= lex.cue_words
    assert "down" in lex.phrasal_cues["gun"]


@pytest.mark.parametrize("text, kind, count", [
    ("Two men were gunned down outside a store.", "dead", 2),  # a phrasal verb only
    ("Three people are in critical condition.", "hit", 3),  # a victim's condition only
    ("The gunman turned the gun on himself.", "dead", 1),
    ("The concert drew 5,000.", "crowd", 5000),  # a verb whose object is a crowd
])
def test_figures_with_rare_cues_are_still_read(nlp, text, kind, count):
    assert one(nlp, text, kind).count == count


def test_a_sentence_without_cues_has_no_figures(nlp):
    assert figures(nlp, "Three council members met for two hours on Tuesday to discuss the budget.") == []


def test_event_sizes_read_only_the_event_sentences(nlp):
    """The figures of one event come from its sentence and the next ones, read sentence by sentence;
    find_sizes gives the same mentions for the whole document."""
    from tacitus.sizes.mentions import sentence_mentions

    text = ("Two people were shot dead on Monday. Police said a third man was wounded. "
            "The weather was fine. Thousands of people attended a rally on Sunday.")
    doc = nlp(text)
    sizes = event_sizes(DocContext(Article(id="t", text=text), doc), trigger_at(doc, "shot"))
    assert [(s.kind, s.min) for s in sizes] == [("dead", 2), ("injured", 1)]
    read = doc.user_data["tacitus.sizes.sentences"]
    assert set(read) == {0, 1, 2}  # not the rally
    assert find_sizes(doc) == [m for n in range(4) for m in sentence_mentions(doc, n)]


def test_phrase_map_indexes_by_first_word():
    from tacitus.sizes.lexicon import PhraseMap

    pm = PhraseMap({("at", "least"): "at_least", ("at", "most"): "up_to", ("about",): "about"})
    assert pm.by_first["at"] == [(("at", "least"), "at_least"), (("at", "most"), "up_to")]
    assert pm[("about",)] == "about"


def test_in_the_care_of_someone_is_not_a_condition(nlp):
    assert figures(nlp, "Two small children were in the care of a 17-year-old neighbour.") == []
    assert one(nlp, "Two people are in critical condition.", "hit").count == 2


@pytest.mark.parametrize("text, kind", [
    ("The little boy was rushed to the hospital but did not survive.", "dead"),
    ("The boy was shot and did not survive.", "dead"),
    ("The man was shot but survived.", "injured"),
])
def test_did_not_survive_settles_the_outcome(nlp, text, kind):
    assert one(nlp, text, kind).count == 1


@pytest.mark.parametrize("text, age, gender", [
    ("A 23-year-old man was shot in the leg.", 23, "m"),
    ("A woman, 31, was wounded.", 31, "f"),
    ("A teenager was wounded.", None, None),
])
def test_a_person_described_has_an_age_and_sex(nlp, text, age, gender):
    m = figures(nlp, text)[0]
    assert (m.age, m.gender) == (age, gender)


@pytest.mark.parametrize("sentence, aggregate", [
    ("The sheriff said nine children have been shot in the past 14 months.", True),
    ("Yearly counts of shooting deaths of officers have risen and fallen over the past 12 years.", True),
    ("A 17-year-old was shot over the last few days.", False),
    ("Two people were shot on Sunday night.", False),
])
def test_statistics_over_months_or_years_are_aggregates(sentence, aggregate):
    from tacitus.sizes.totals import is_aggregate

    assert is_aggregate(sentence) is aggregate


@pytest.mark.parametrize("text", [
    "Tessler, a carpenter, was killed Friday.",
    "Pontiac died at the hospital.",
])
def test_a_name_the_recogniser_misreads_is_a_victim_of_a_victim_verb(nlp, text):
    m = one(nlp, text, "dead")
    assert (m.form, m.count) == ("name", 1)


def test_a_shooting_still_to_come_is_not_counted(nlp):
    assert figures(nlp, "She is afraid he will hurt her daughter.") == []
    assert figures(nlp, "He'll shoot somebody one day, a neighbour said.") == []


@pytest.mark.parametrize("text", [
    "Another girl, also 15, was shot in the foot.",
    "Two of the men, both 19, were taken to the hospital.",
])
def test_an_age_after_also_or_both_is_not_a_figure(nlp, text):
    assert all(m.count in (1, 2) for m in figures(nlp, text))


@pytest.mark.parametrize("text, count", [
    ("The attack put two women into the hospital.", 2),
    ("The crash landed three men in the hospital.", 3),
])
def test_put_or_landed_in_the_hospital_counts_who_was_hit(nlp, text, count):
    assert one(nlp, text, "hit").count == count


@pytest.mark.parametrize("text, kind", [
    ("Both victims were taken to a hospital.", "hit"),
    ("Both were shot.", "hit"),
    ("Both teens were in good condition.", "injured"),
])
def test_both_counts_two_people_told_before(nlp, text, kind):
    m = one(nlp, text, kind)
    assert (m.count, m.anaphoric) == (2, True)


def test_both_before_coordinated_people_counts_each_once(nlp):
    found = figures(nlp, "Police said both the suspect and the officer were wounded.")
    assert sum(m.count for m in found) == 2


@pytest.mark.parametrize("text, kind", [
    ("The boy was listed in critical condition.", "hit"),
    ("A man was listed in stable condition.", "injured"),
])
def test_listed_in_a_condition_tells_someone_hit(nlp, text, kind):
    assert one(nlp, text, kind).count == 1


def test_a_smaller_figure_after_a_group_told_before_is_part_of_it(nlp):
    doc = nlp("The three victims were taken to a hospital, though one man is listed in critical condition.")
    assert sentence_count(find_sizes(doc)).total == 3


@pytest.mark.parametrize("text, kind", [
    ("Officers learned that a shooting victim had been dropped off at a hospital and later died.", "dead"),
    ("A man walked into a hospital and died.", "dead"),
])
def test_a_subject_shared_with_a_verb_that_tells_the_outcome(nlp, text, kind):
    assert one(nlp, text, kind).count == 1


def test_a_verb_with_an_object_keeps_its_subject_to_itself(nlp):
    assert figures(nlp, "Officers were told that a boy had hit his head on a table and was badly injured.") == []


@pytest.mark.parametrize("text, count", [
    ("Two men were taken to Grady Memorial Hospital.", 2),
    ("The victim was rushed to a trauma center.", 1),
    ("Both were transported to the emergency room.", 2),
    # the parser reads this "to" as a dative
    ("Two others were sent to Lakeside Regional Medical Center in Dayton.", 2),
    ("Neighbours drove the boy to Mercy Hospital.", 1),
])
def test_carried_to_a_care_place_counts_who_was_hit(nlp, text, count):
    assert one(nlp, text, "hit").count == count


@pytest.mark.parametrize("text", [
    "The suspect was flown to Rabat under police escort.",
    "Officers rushed to the scene.",
    "Three suspects were taken to the police station.",
    "Two detectives were sent to the county jail.",
])
def test_carried_anywhere_else_counts_nobody_hurt(nlp, text):
    assert not [m for m in figures(nlp, text) if m.kind in ("hit", "injured", "dead")]


def test_a_statement_takes_no_figures_from_the_next_sentences(nlp):
    text = ("The foreign ministry declined to comment on the report. "
            "Police figures show that more than 80 members of the security forces were killed in attacks.")
    assert sizes_for(nlp, text, "declined", "REJECT") == ()
    text = "Rebels attacked the town on Monday. More than 80 soldiers were killed."
    assert [(s.kind, s.min) for s in sizes_for(nlp, text, "attacked", "ASSAULT")] == [("dead", 81)]
