"""The attribution cue model: which candidate tokens head an attribution cue.

``data/attribution/cue_model.json`` is written by ``bench/train_attribution.py``: boosted trees
(the :class:`tacitus.status.model.TreeModel` format) scoring the log-odds that a token heads a
cue, the lemmas that may head one (``cue_lemmas``), the "lemma|POS" pairs of those that (nearly)
never do (``non_cue_pairs``: not scored) and the decision ``threshold``. numpy only.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

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

    def score(self, doc) -> list[tuple[int, float]]:
        """``(token index, probability)`` for every candidate token of ``doc``: a punctuation cue,
        or a word whose lemma may head a cue, unless its "lemma|POS" pair is one of the
        ``non_cues`` that (nearly) never do in training ("of|ADP", "state|NOUN")."""
        a = arrays(doc)
        idx = [i for i in candidates(doc) if a.text[i] in PUNCT_CUES or (
            a.lower_lemma[i] in self.lemmas and f"{a.lower_lemma[i]}|{a.pos[i]}" not in self.non_cues)]
        if not idx:
            return []
        logit = self.trees.predict([cue_features(doc, i, self.priors) for i in idx])
        prob = 1.0 / (1.0 + np.exp(-logit))
        return [(i, float(p)) for i, p in zip(idx, prob, strict=True)]

    def cues(self, doc) -> list[tuple[int, float]]:
        """The candidates scoring at or above the threshold."""
        return [(i, p) for i, p in self.score(doc) if p >= self.threshold]


@functools.cache
def load_cue_model() -> CueModel:
    """The shipped cue model (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath(MODEL_PATH).read_text(encoding="utf-8")
        data = json.loads(text)
        return CueModel(
            TreeModel.from_json(data), frozenset(data["cue_lemmas"]), float(data["threshold"]),
            {k: float(v) for k, v in data.get("priors", {}).items()}, frozenset(data.get("non_cue_pairs", ())),
        )
    except (OSError, ValueError, KeyError) as e:
        raise ResourceError(
            f"Cannot read the attribution cue model tacitus/{MODEL_PATH} ({e}). "
            "Rebuild it with `python bench/train_attribution.py`."
        ) from e
