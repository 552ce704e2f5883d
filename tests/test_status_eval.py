"""The factuality benchmark adapter: rows in the gold contract in, predictions out."""

from __future__ import annotations

from tacitus.evaluation import run


def test_factuality_predictions_follow_the_contract():
    text = "Troops killed ten people , but the rebels did not attack the town ."
    rows = [
        {"id": "a", "text": text, "published": None, "title": None, "source": None,
         "predicates": [{"start": 7, "end": 13, "text": "killed", "value": 3.0},
                        {"start": 48, "end": 54, "text": "attack", "value": -3.0}]},
        {"id": "b", "text": "Nothing happened .", "published": None, "title": None, "source": None,
         "predicates": []},
    ]
    preds = list(run("factuality", rows))
    assert [p["id"] for p in preds] == ["a", "b"]
    a = preds[0]["predicates"]
    assert [(p["start"], p["end"]) for p in a] == [(7, 13), (48, 54)]
    assert a[0]["value"] > 1.5 > -0.5 > a[1]["value"]
    assert preds[1]["predicates"] == []
