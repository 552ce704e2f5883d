"""The india_police task: police-action labels for lower-cased sentences, with the real spaCy pipeline."""

from __future__ import annotations

import pytest

from tacitus.errors import ResourceError
from tacitus.evaluation import india_police
from tacitus.evaluation.india_police import LABELS, compile_phrases, predict, repair_text


def labels_of(*texts: str) -> list[list[str]]:
    rows = [{"id": f"s{i}", "text": t, "published": None, "title": None, "source": None} for i, t in enumerate(texts)]
    out = list(predict(rows))
    assert [p["id"] for p in out] == [r["id"] for r in rows]
    return [p["labels"] for p in out]


CASES = [
    # arrests, with or without the police named
    ("police arrested 15 vhp activists in patna on friday.", ["ARREST", "ANY_ACTION"]),
    ("forty vhp activists were taken into custody at the railway station.", ["ARREST", "ANY_ACTION"]),
    # the police as subject or agent of a verb of arrest; a permission to arrest is no arrest
    ("the two youths, who were caught by the railway police near the bridge, are from surat.", ["ARREST", "ANY_ACTION"]),
    ("the police moved in quickly and caught four of the attackers.", ["ARREST", "ANY_ACTION"]),
    ("the new law allows the police to detain anyone for ninety days.", ["ANY_ACTION"]),
    # force, and killing by force
    ("the police lobbed tear gas shells to disperse the mob.", ["FORCE", "ANY_ACTION"]),
    ("the police fired in the air to disperse the crowd.", ["FORCE", "ANY_ACTION"]),
    ("two persons were killed in police firing in vadodara on tuesday.", ["KILL", "FORCE", "ANY_ACTION"]),
    ("the police opened fire on the rioters, killing two persons.", ["KILL", "FORCE", "ANY_ACTION"]),
    # failure to act, which is not itself a police action when the police are only the failing party
    ("the police were mute spectators as the mob set fire to the shops.", ["FAIL"]),
    ("the police did not act even as the mob torched the houses.", ["FAIL"]),
    ("residents said the cops turned a blind eye to the looting in the old city.", ["FAIL"]),
    ("the opposition blamed the delay in the deployment of the army for the deaths.", ["FAIL"]),
    ("the victims spoke of police inaction during the first two days.", ["FAIL"]),
    ("the two constables on duty ran away when the rioters arrived.", ["FAIL"]),
    ("the police did nothing at first, but later arrested twenty rioters.", ["ARREST", "FAIL", "ANY_ACTION"]),
    # "the force" is the police force
    ("the transfers have caused much resentment in the force, officers said.", ["ANY_ACTION"]),
    # complicity in the violence is the police taking part, not failing to act
    ("the shops were burnt with the connivance of the local police, residents said.", ["ANY_ACTION"]),
    # declining to talk to the press is not a failure to act
    ("the district superintendent of police declined to comment on the charges.", ["ANY_ACTION"]),
    # measures nobody is named as taking
    ("patrolling has been intensified in the sensitive areas.", ["ANY_ACTION"]),
    ("curfew was imposed in the town and security arrangements were tightened.", ["ANY_ACTION"]),
    # not police action: demanded or hypothetical arrests, false friends, police as victims, no police
    ("the opposition demanded the arrest of the vhp leaders.", []),
    ("the vhp leaders should be arrested under poto, he said.", []),
    ("he suffered a cardiac arrest last week.", []),
    ("the two coaches, which were booked for ram sevaks, ran empty.", []),
    ("the mob pelted stones at the policemen.", []),
    ("a constable was injured in the stone throwing.", []),
    ("the rioters fired at the police from the rooftops.", []),
    # the army named in a debate is not taking part; sent in, or acting, it is
    ("the minister said there had been a slander campaign against the army.", []),
    ("two army columns were sent to the walled city on friday night.", ["ANY_ACTION"]),
    ("the opposition leaders met the governor and demanded the deployment of the army in the town.", []),
    ("a petition seeking deployment of the army at the site will be heard on monday.", []),
    # a police station as a place: a shooting there is not police force
    ("a trader was shot at near the market under the kotwali police station on monday.", ["ANY_ACTION"]),
    # force with a negated death word is not killing
    ("the police fired tear gas shells but there were no reports of casualties.", ["FORCE", "ANY_ACTION"]),
    ("the prime minister visited the relief camps in ahmedabad on sunday.", []),
]


def test_labels_on_hand_written_sentences():
    got = labels_of(*[text for text, _ in CASES])
    wrong = [(text, want, g) for (text, want), g in zip(CASES, got, strict=True) if g != want]
    assert not wrong, wrong


def test_labels_come_in_a_fixed_order_and_from_the_label_set():
    (labels,) = labels_of("police opened fire and arrested ten rioters; one person was killed.")
    assert labels == [label for label in LABELS if label in labels]
    assert {"KILL", "ARREST", "FORCE", "ANY_ACTION"} <= set(labels)


def test_mojibake_is_repaired_before_reading():
    assert repair_text("the policeâ€™s role") == "the police's role"
    assert repair_text("â€œwe fired,â€\ufffd he said") == '"we fired," he said'
    (labels,) = labels_of("the policeâ€™s lathi-charge injured 12 people.")
    assert "FORCE" in labels


def test_empty_text_gives_no_labels():
    assert labels_of("") == [[]]


def test_phrase_syntax():
    pattern = compile_phrases(["arrest*", "lathi charge", "fire* ~ rounds"])
    found = [m.group(0) for m in pattern.finditer(
        "arrested; lathi-charge; lathi charge; fired 31 rounds; fired over 50 rounds; firearms dealers")]
    assert found == ["arrested", "lathi-charge", "lathi charge", "fired 31 rounds", "fired over 50 rounds"]
    assert not pattern.search("rearrested")  # whole words only


def test_lexicon_lists_must_be_lists_of_phrases():
    with pytest.raises(ResourceError):
        india_police._words({"police": "police"}, "police")
    with pytest.raises(ResourceError):
        india_police._words({}, "arrest")
    lexicon = india_police.load_lexicon()
    assert set(lexicon.patterns) == set(india_police.CUE_KINDS)
