"""Event status and factuality on small sentences, with the real spaCy pipeline."""

from __future__ import annotations

import pytest

from tacitus.nlp import parse_one
from tacitus.records import STATUSES, Span
from tacitus.status import event_status, factuality, factuality_many, find_cues


def _index(doc, word: str, nth: int = 0) -> int:
    hits = [t.i for t in doc if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {doc.text!r}"
    return hits[nth]


def status_of(text: str, word: str, **kw) -> tuple[str, Span | None]:
    doc = parse_one(text)
    return event_status(doc, _index(doc, word), **kw)


GOLDEN = [
    # occurred: a plain report, also under a reporting verb
    ("Iraqi forces attacked the camp in April.", "attacked", "occurred", None),
    ("The minister said that Iraqi forces attacked the camp.", "attacked", "occurred", None),
    ("MEK came under attack in Camp Ashraf by Iraqi forces.", "attack", "occurred", None),
    ("Iceland was the first country to recognise Lithuania.", "recognise", "occurred", None),
    ("The Iranian regime considers the MEK to be Mohareb.", "considers", "occurred", None),
    # ongoing: present progressive, "continue to"
    ("The MEK members are currently being relocated from Camp Ashraf.", "relocated", "ongoing",
     "are currently being"),
    ("Government troops are shelling the city.", "shelling", "ongoing", "are"),
    ("The army continues to bomb the villages.", "bomb", "ongoing", "continues to"),
    # planned: intention verbs and nouns, purpose clauses
    ("Shiite groups are planning to kidnap some of the members.", "kidnap", "planned", "planning to"),
    ("The regime is trying to use the quarrel.", "use", "planned", "trying to"),
    ("The rulers are attempting to return some members to Iran.", "return", "planned", "attempting to"),
    ("Police uncovered a plot to assassinate the governor.", "assassinate", "planned", "plot"),
    ("Norway will give Kenya a grant to finance new clinics.", "finance", "planned", "to"),
    ("Many were named by the regime to be handed over to Iran.", "handed", "planned", "named"),
    # threatened
    ("The rebels threatened to attack the capital.", "attack", "threatened", "threatened to"),
    ("Residents live under the threat of an attack.", "attack", "threatened", "threat of"),
    ("The militia warned that it would strike the port.", "strike", "threatened", "warned"),
    # requested: the request itself and the action requested
    ("The Iranian regime has asked Iraq's Prime Minister to extradite 166 members.", "asked", "requested",
     "asked"),
    ("The Iranian regime has asked Iraq's Prime Minister to extradite 166 members.", "extradite", "requested",
     "asked"),
    ("Some countries have asked Iraq to extend their stay.", "extend", "requested", "asked"),
    ("The UN called for the release of the prisoners.", "release", "requested", "called for"),
    # denied: negation, denial verbs, "no"
    ("Iraqi forces did not attack the camp.", "attack", "denied", "not"),
    ("The army denied attacking the village.", "attacking", "denied", "denied"),
    ("The government denied that troops had killed civilians.", "killed", "denied", "denied"),
    ("There was no attack on the camp.", "attack", "denied", "no"),
    ("The police refused to release the prisoners.", "release", "denied", "refused to"),
    # hypothetical: modals, conditionals, fears, nominal subjects of a modal copula
    ("The army could attack the city.", "attack", "hypothetical", "could"),
    ("If the rebels attack the city, the army will respond.", "attack", "hypothetical", "If"),
    ("Handover of these members to Iran will be a great mistake.", "Handover", "hypothetical", "will"),
    ("It is a mistake that the government of Iraq would be making.", "making", "hypothetical", "would"),
    ("There are fears of a handover of the dissidents.", "handover", "hypothetical", "fears of"),
    # future
    ("The army will attack the city tomorrow.", "attack", "future", "will"),
    ("The minister is going to visit Baghdad.", "visit", "future", "going to"),
    ("The president is expected to sign the agreement.", "sign", "future", "expected to"),
    ("The minister said the troops would withdraw next week.", "withdraw", "future", "would"),
]


@pytest.mark.parametrize(("text", "word", "status", "cue"), GOLDEN)
def test_status_golden(text, word, status, cue):
    got, span = status_of(text, word)
    assert got == status
    if cue is None:
        assert span is None
    else:
        assert span is not None and span.text == cue
        doc_text = text
        assert doc_text[span.start:span.end] == span.text


def test_every_status_is_covered_by_a_golden_case():
    assert {status for _, _, status, _ in GOLDEN} == set(STATUSES)


def test_nearest_cue_wins_over_reporting_verb():
    # "warned" reports; "planning to" decides
    got, span = status_of("Al-Siyasa also warned that some groups are planning to kidnap members.", "kidnap")
    assert (got, span.text) == ("planned", "planning to")


def test_presupposing_words_keep_the_event_factual():
    # stopping, condemning or ending something says it happened, even under a negation or a call
    assert status_of("Farmers said that they had suspended their protests.", "protests") == (
        "occurred", Span(27, 36, "suspended"))
    assert status_of("They called for an end to the fighting.", "fighting")[0] == "occurred"
    assert status_of("The minister did not condemn the massacre.", "massacre")[0] == "occurred"
    assert status_of("Police prevented the attack.", "attack")[0] == "denied"


def test_higher_negation_overrides_plan():
    assert status_of("The rebels did not plan to attack the city.", "attack")[0] == "denied"
    assert status_of("Police foiled a plot to kill the governor.", "kill")[0] == "denied"


def test_category_decides_request_and_threat_events():
    assert status_of("Iran pressed Iraq on the matter.", "pressed", category="REQUEST")[0] == "requested"
    assert status_of("Iran did not press Iraq on the matter.", "press", category="REQUEST")[0] == "denied"
    assert status_of("The rebels issued a warning to the city.", "warning", category="THREATEN")[0] == "threatened"
    assert status_of("The rebels attacked the city.", "attacked", category="ASSAULT")[0] == "occurred"


def test_find_cues_reports_levels():
    doc = parse_one("The minister said that the rebels are planning to attack the city.")
    cues = find_cues(doc, _index(doc, "attack"))
    kinds = {(c.status, c.kind, c.level) for c in cues}
    assert ("planned", "governor", 1) in kinds
    assert ("report", "governor", 2) in kinds


def test_factuality_orders_happened_above_did_not_happen():
    doc = parse_one("Troops killed ten people. Troops did not kill anyone. Troops may kill more people.")
    killed, not_kill, may_kill = (_index(doc, w) for w in ("killed", "kill", "kill"))
    may_kill = _index(doc, "kill", 1)
    values = factuality_many([(doc, killed), (doc, not_kill), (doc, may_kill)])
    assert all(-3.0 <= v <= 3.0 for v in values)
    assert values[0] > 2.0
    assert values[1] < 0.0
    assert values[1] < values[2] < values[0]
    assert factuality(doc, killed) == pytest.approx(values[0])
