"""bench/train_penta.py on a tiny hand-written training file: it trains, cross-validates and writes a
model the predictor can load."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import train_penta  # noqa: E402
from tacitus.evaluation.penta import N_CLASSES, load_model, predict  # noqa: E402

TINY = [
    ("The foreign minister said the talks would continue next month.", 0),
    ("The president appealed for calm after the election.", 0),
    ("France and Germany agreed to cooperate on energy policy.", 1),
    ("The prime minister praised the peace deal signed by the two sides.", 1),
    ("Japan sent food aid to the flood victims in Bangladesh.", 2),
    ("The rebels released twenty hostages on Sunday.", 2),
    ("Iran condemned the sanctions imposed by the United States.", 3),
    ("The government rejected the opposition's demand for new elections.", 3),
    ("Troops attacked a rebel camp, killing twelve fighters.", 4),
    ("Police arrested forty protesters in the capital.", 4),
]


@pytest.mark.slow
def test_training_script_runs_on_a_tiny_file(tmp_path):
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps({"id": f"t{i}", "text": t, "label": y}) + "\n"
                             for i, (t, y) in enumerate(TINY)), encoding="utf-8")
    out, cv_out, cache = tmp_path / "model.json", tmp_path / "cv.json", tmp_path / "feats.pkl"
    args = ["--train", str(train), "--out", str(out), "--cv-out", str(cv_out), "--cache", str(cache),
            "--cv", "2", "--inner", "0", "--min-count", "1"]
    assert train_penta.main(args) == 0
    result = json.loads(cv_out.read_text(encoding="utf-8"))
    assert result["sentences"] == len(TINY)
    assert set(result) >= {"rule_only", "model_cv", "model_fit"}
    assert 0.0 <= result["model_cv"]["macro_f1"] <= 1.0
    model = load_model(str(out))
    assert len(model.features) > 0
    # the model fits its own training sentences, and the predictor can use it
    rows = [{"id": f"t{i}", "text": t} for i, (t, _) in enumerate(TINY)]
    labels = [p["label"] for p in predict(rows, model=model)]
    assert labels == [y for _, y in TINY]
    # a second run reads the cached features and writes the same model
    first = out.read_text(encoding="utf-8")
    assert train_penta.main(args) == 0
    assert out.read_text(encoding="utf-8") == first


def test_folds_keep_classes_balanced_and_near_duplicates_together():
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
    groups = np.array([0, 0, 2, 3, 4, 5, 6, 7, 8, 9])
    fold = train_penta.stratified_folds(y, 2, seed=1, groups=groups)
    assert fold[0] == fold[1]
    assert sorted(np.bincount(fold[y == 1], minlength=2)) == [2, 2]
    texts = ["Troops attacked the camp on Monday.", "Troops attacked the camp on Monday!", "Rain fell."]
    g = train_penta.near_duplicate_groups(texts)
    assert g[0] == g[1] != g[2]
    assert N_CLASSES == 5
