"""The attribution cue model: which candidate tokens head an attribution cue.

``data/attribution/cue_model.json`` is written by ``bench/train_attribution.py``: boosted trees
(the :class:`tacitus.status.model.TreeModel` format) scoring the log-odds that a token heads a
cue, blended with a logistic regression over the same features (``linear``: its weight in the
blend, bias and coefficients), the lemmas that may head one (``cue_lemmas``), the "lemma|POS" pairs of those that (nearly)
never do (``non_cue_pairs``: not scored) and the decision ``threshold``. numpy only.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from tacitus.attribution import context
from tacitus.attribution.features import candidates, cue_features
from tacitus.errors import ResourceError
from tacitus.nlp.arrays import arrays
from tacitus.status.model import TreeModel

MODEL_PATH = "data/attribution/cue_model.json"
#: Punctuation that can head a cue: the colon of "Name: ...", the dash before a signature.
PUNCT_CUES = frozenset({":", "—", "–", "-"})


@dataclass(frozen=True)
class CueModel:
    trees: TreeModel
    lemmas: frozenset[str]
    threshold: float
    priors: dict[str, float]
    non_cues: frozenset[str] = frozenset()
    #: a logistic regression blended with the trees: its share of the log-odds, bias, coefficients
    linear_weight: float = 0.0
    linear_bias: float = 0.0
    linear: dict[str, float] | None = None

    def logits(self, feature_sets: list[set[str]]) -> np.ndarray:
        """The log-odds that each candidate heads a cue."""
        logit = self.trees.predict(feature_sets)
        if self.linear_weight and self.linear is not None:
            coef = self.linear
            lin = np.array([self.linear_bias + sum(coef.get(f, 0.0) for f in fs) for fs in feature_sets])
            logit = (1 - self.linear_weight) * logit + self.linear_weight * lin
        return logit

    def score(self, doc) -> list[tuple[int, float]]:
        """``(token index, probability)`` for every candidate token of ``doc``: a punctuation cue,
        or a word whose lemma may head a cue, unless its "lemma|POS" pair is one of the
        ``non_cues`` that (nearly) never do in training ("of|ADP", "state|NOUN"). With an
        encoder switched on (:mod:`tacitus.attribution.context`), uncertain candidates are read again."""
        a = arrays(doc)
        idx = [i for i in candidates(doc) if a.text[i] in PUNCT_CUES or (
            a.lower_lemma[i] in self.lemmas and f"{a.lower_lemma[i]}|{a.pos[i]}" not in self.non_cues)]
        if not idx:
            return []
        logit = self.logits([cue_features(doc, i, self.priors) for i in idx])
        prob = 1.0 / (1.0 + np.exp(-logit))
        scored = [(i, float(p)) for i, p in zip(idx, prob, strict=True)]
        second = context.active()  # the optional encoder's second reading of uncertain candidates
        return second[0].rescore(doc, scored, second[1]) if second else scored

    def cues(self, doc) -> list[tuple[int, float]]:
        """The candidates scoring at or above the threshold."""
        return [(i, p) for i, p in self.score(doc) if p >= self.threshold]


def from_json(data: dict) -> CueModel:
    """A :class:`CueModel` from the model file's contents."""
    linear = data.get("linear") or {}
    return CueModel(
        TreeModel.from_json(data), frozenset(data["cue_lemmas"]), float(data["threshold"]),
        {k: float(v) for k, v in data.get("priors", {}).items()}, frozenset(data.get("non_cue_pairs", ())),
        float(linear.get("weight", 0.0)), float(linear.get("bias", 0.0)),
        {k: float(v) for k, v in linear.get("coef", {}).items()} if linear else None,
    )


@functools.cache
def load_cue_model() -> CueModel:
    """The shipped cue model (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath(MODEL_PATH).read_text(encoding="utf-8")
        data = json.loads(text)
        return from_json(data)
    except (OSError, ValueError, KeyError) as e:
        raise ResourceError(
            f"Cannot read the attribution cue model tacitus/{MODEL_PATH} ({e}). "
            "Rebuild it with `python bench/train_attribution.py`."
        ) from e
