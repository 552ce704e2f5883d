"""The penta task: CAMEO five-class labels from the coded events, with the real spaCy pipeline."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tacitus.errors import ResourceError
from tacitus.evaluation import penta
from tacitus.evaluation.penta import (
    N_CLASSES,
    PentaModel,
    coded_docs,
    load_model,
    predict,
    predict_rule,
    sentence_features,
)


def rows_of(*texts: str) -> list[dict]:
    return [{"id": f"s{i}", "text": t, "published": None, "title": None, "source": None} for i, t in enumerate(texts)]


SENTENCES = (
    "Israeli aircraft bombed a Hamas training camp in Gaza on Tuesday, killing five militants.",
    "Iran condemned the sanctions imposed by the United States.",
    "Japan sent 20 tonnes of food aid to the flood victims in Bangladesh.",
    "The foreign ministers of India and Pakistan met in New Delhi to discuss trade.",
    "The spokesman declined to comment on the report.",
)


def test_the_shipped_model_predicts_a_valid_label_for_each_row():
    out = list(predict(rows_of(*SENTENCES)))
    assert [p["id"] for p in out] == [f"s{i}" for i in range(len(SENTENCES))]
    assert all(isinstance(p["label"], int) and 0 <= p["label"] < N_CLASSES for p in out)
    # an air strike that kills is material conflict; food aid is material cooperation
    assert out[0]["label"] == 4
    assert out[2]["label"] == 2


def test_the_rule_takes_the_class_of_the_main_event():
    out = {p["id"]: p["label"] for p in predict_rule(rows_of(
        "Israeli aircraft bombed a Hamas training camp in Gaza on Tuesday.",
        "The weather was fine on Tuesday.",
    ))}
    assert out == {"s0": 4, "s1": 0}  # no event: statement class


def test_features_describe_the_events_the_candidates_and_the_words():
    [(row, doc, events)] = list(coded_docs(rows_of(SENTENCES[0])))
    assert any(ev.category == "ASSAULT" for ev in events)
    feats = sentence_features(doc, events)
    assert "cat=ASSAULT" in feats and "rule=4" in feats and "main_cat=ASSAULT" in feats
    assert "cand=ASSAULT" in feats
    assert "w=bomb" in feats and "b=training_camp" in feats


def test_model_json_round_trip_and_prediction():
    model = PentaModel(features=("w=attack", "w=agree"), weights=np.array(
        [[0, 0], [0, 2], [0, 0], [0, 0], [2, 0]], dtype=np.float32), bias=np.zeros(5, dtype=np.float32))
    again = PentaModel.from_json(json.loads(json.dumps(model.to_json({"note": "test"}))))
    assert again.features == model.features
    assert again.predict([{"w=attack"}, {"w=agree", "w=unknown"}, set()]) == [4, 1, 0]
    assert again.predict([]) == []
    p = again.probabilities([{"w=attack"}])
    assert p.shape == (1, 5) and abs(float(p.sum()) - 1.0) < 1e-6


def test_a_missing_or_broken_model_file_is_a_clear_resource_error(tmp_path):
    with pytest.raises(ResourceError, match="train_penta"):
        load_model(str(tmp_path / "absent.json"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"features": ["a"], "weights": [[1.0, 2.0]], "bias": [0.0]}), encoding="utf-8")
    with pytest.raises(ResourceError, match="train_penta"):
        load_model(str(bad))


def test_the_shipped_model_is_small_and_loads():
    model = load_model()
    assert model.weights.shape == (N_CLASSES, len(model.features))
    from importlib import resources

    size = resources.files("tacitus").joinpath(penta.MODEL_PATH).read_bytes()
    assert len(size) < 1_000_000
