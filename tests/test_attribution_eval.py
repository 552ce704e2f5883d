"""The attribution benchmark adapter: rows in the gold contract in, predictions out."""

from __future__ import annotations

from tacitus.evaluation import run


def test_attribution_predictions_follow_the_contract():
    text = "The minister said that the talks had failed. According to the police, three people died."
    rows = [{"id": "x", "text": text, "published": None, "title": None, "source": None, "attributions": []}]
    (pred,) = run("attribution", rows)
    assert pred["id"] == "x"
    cues = {text[a["cue"]["start"]:a["cue"]["end"]]: a for a in pred["attributions"]}
    assert {"said", "According to"} <= set(cues)
    said = cues["said"]
    assert text[said["source"]["start"]:said["source"]["end"]] == "The minister"
    assert text[said["content"]["start"]:said["content"]["end"]] == "that the talks had failed"
    acc = cues["According to"]
    assert text[acc["source"]["start"]:acc["source"]["end"]] == "the police"
