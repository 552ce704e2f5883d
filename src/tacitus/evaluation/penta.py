"""`penta` task: CAMEO's five classes for a sentence, from the events tacitus codes in it.

0 statement or appeal (CAMEO 01-02), 1 verbal cooperation (03-05), 2 material cooperation (06-08),
3 verbal conflict (09-13, and 16 reduce relations), 4 material conflict (14, 15, 17-20).

Two predictors, both reading the coder's output for the sentence:

- **rule** (:func:`rule_class`): the class of the sentence's main event (the most confident; ties go
  to the first); a sentence with no event is class 0.
- **model** (the default, :func:`predict`): a multinomial logistic regression over features of the
  coded events (categories, CAMEO codes, quad, status, modes, trigger lemmas, whether an actor and a
  recipient were found, the rule's class), of the lexicon's trigger candidates, and light lexical
  features of the sentence (lemma unigrams and bigrams, the main verb). It is trained by
  ``bench/train_penta.py`` on ``penta/train.jsonl`` and shipped as ``data/penta/model.json``;
  prediction is numpy only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tacitus.errors import ResourceError
from tacitus.evaluation.common import code_rows

CLASS_BY_ROOT = {
    "01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 3, "10": 3, "11": 3, "12": 3,
    "13": 3, "14": 4, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4,
}
CLASS_BY_QUAD = {1: 1, 2: 2, 3: 3, 4: 4}
N_CLASSES = 5
MODEL_PATH = "data/penta/model.json"
#: Parts of speech whose lemmas become lexical features.
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "ADP", "PART", "AUX", "NUM"}


# ------------------------------------------------------------------------------------------------
# The rule
# ------------------------------------------------------------------------------------------------
def event_class(ev) -> int:
    """The five-class label of one coded event: from its CAMEO root, else its quad class."""
    if ev.cameo and ev.cameo[:2] in CLASS_BY_ROOT:
        return CLASS_BY_ROOT[ev.cameo[:2]]
    return CLASS_BY_QUAD.get(ev.quad, 0)


def main_event(events):
    """The most confident event (ties: the first), or None."""
    if not events:
        return None
    return max(enumerate(events), key=lambda ie: (ie[1].confidence, -ie[0]))[1]


def rule_class(events) -> int:
    """The class of the main event of ``events``; 0 when there is none."""
    main = main_event(events)
    return 0 if main is None else event_class(main)


sentence_class = rule_class  # the name the first version used


# ------------------------------------------------------------------------------------------------
# Features
# ------------------------------------------------------------------------------------------------
def _lemma(tok) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def event_features(events) -> set[str]:
    """Feature names describing the coded events of one sentence."""
    out: set[str] = set()
    out.add(f"rule={rule_class(events)}")
    out.add(f"n_events={min(len(events), 3)}")
    main = main_event(events)
    for ev in events:
        cls = event_class(ev)
        trig = (ev.evidence.trigger.text.lower() if ev.evidence else "").strip()
        dyad = f"{'A' if ev.actor else '-'}{'R' if ev.recipient else '-'}"
        out.update({
            f"cat={ev.category}", f"class={cls}", f"quad={ev.quad}", f"status={ev.status}",
            f"cat_status={ev.category}|{ev.status}", f"class_status={cls}|{ev.status}",
            f"cat_dyad={ev.category}|{dyad}", f"trig={trig}", f"cat_trig={ev.category}|{trig}",
        })
        if ev.cameo:
            out.add(f"cameo={ev.cameo[:3]}")
            out.add(f"root={ev.cameo[:2]}")
        if ev.mode:
            out.add(f"mode={ev.category}|{ev.mode}")
        if ev.historical:
            out.add("historical")
        for ent in ev.actor:
            if ent.sector:
                out.add(f"actor_sector={ent.sector}")
        for ent in ev.recipient:
            if ent.sector:
                out.add(f"recipient_sector={ent.sector}")
    if main is not None:
        out.update({f"main_cat={main.category}", f"main_class={event_class(main)}",
                    f"main_status={main.category}|{main.status}"})
    return out


def candidate_features(doc) -> set[str]:
    """Feature names from the lexicon's trigger candidates in ``doc``, coded as events or not:
    a trigger whose participants the coder could not find still says what the sentence is about."""
    from tacitus.coding.coder import load_resources
    from tacitus.coding.triggers import find_candidates

    out: set[str] = set()
    for cand in find_candidates(doc, load_resources().lexicon):
        entry = cand.entries[0]
        lemma = _lemma(doc[cand.token])
        neg = any(c.dep_ == "neg" for c in doc[cand.token].children)
        out.add(f"cand={entry.category}")
        out.add(f"cand_lemma={entry.category}|{lemma}")
        if entry.cameo:
            out.add(f"cand_root={entry.cameo[:2]}")
        if neg:
            out.add(f"cand_neg={entry.category}")
    return out


def lexical_features(doc) -> set[str]:
    """Lemma unigrams and bigrams of ``doc`` (content words, lower-cased), and its main verbs."""
    out: set[str] = set()
    lemmas = [_lemma(t) for t in doc if not t.is_punct and not t.is_space]
    for a in lemmas:
        out.add(f"w={a}")
    for a, b in zip(lemmas, lemmas[1:], strict=False):
        out.add(f"b={a}_{b}")
    for tok in doc:
        if tok.dep_ == "ROOT":
            out.add(f"root_verb={_lemma(tok)}")
            for c in tok.children:
                if c.dep_ in ("xcomp", "ccomp", "dobj"):
                    out.add(f"root_{c.dep_}={_lemma(tok)}|{_lemma(c)}")
                if c.dep_ == "neg":
                    out.add("root_neg")
    return out


def sentence_features(doc, events) -> set[str]:
    """Every feature name of one parsed sentence and its coded events."""
    return event_features(events) | candidate_features(doc) | lexical_features(doc)


# ------------------------------------------------------------------------------------------------
# The model
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PentaModel:
    """Multinomial logistic regression over binary features."""

    features: tuple[str, ...]
    weights: np.ndarray  # (n_classes, n_features)
    bias: np.ndarray  # (n_classes,)

    @functools.cached_property
    def column(self) -> dict[str, int]:
        return {name: k for k, name in enumerate(self.features)}

    def matrix(self, feature_sets: list[set[str]]) -> np.ndarray:
        """A (n, n_features) 0/1 matrix; names the model does not know are dropped."""
        x = np.zeros((len(feature_sets), len(self.features)), dtype=np.float32)
        col = self.column
        for r, names in enumerate(feature_sets):
            for name in names:
                k = col.get(name)
                if k is not None:
                    x[r, k] = 1.0
        return x

    def probabilities(self, feature_sets: list[set[str]]) -> np.ndarray:
        """Class probabilities, (n, n_classes)."""
        z = self.matrix(feature_sets) @ self.weights.T + self.bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, feature_sets: list[set[str]]) -> list[int]:
        """The most probable class of each feature set."""
        if not feature_sets:
            return []
        return [int(k) for k in self.probabilities(feature_sets).argmax(axis=1)]

    def to_json(self, meta: dict | None = None) -> dict:
        return {
            "kind": "multinomial_logistic_regression",
            "classes": list(range(self.weights.shape[0])),
            "meta": meta or {},
            "bias": [round(float(b), 5) for b in self.bias],
            "features": list(self.features),
            "weights": [[round(float(w), 4) for w in row] for row in self.weights],
        }

    @classmethod
    def from_json(cls, data: dict) -> PentaModel:
        features = tuple(data["features"])
        weights = np.asarray(data["weights"], dtype=np.float32)
        bias = np.asarray(data["bias"], dtype=np.float32)
        if weights.shape != (len(bias), len(features)):
            raise ValueError(f"weights have shape {weights.shape}, expected ({len(bias)}, {len(features)})")
        return cls(features=features, weights=weights, bias=bias)


@functools.cache
def load_model(path: str | None = None) -> PentaModel:
    """The penta model: the shipped one, or the file at ``path`` (cached: read once per process).

    Raises :class:`~tacitus.errors.ResourceError` when the file is missing or unreadable.
    """
    where = path or f"tacitus/{MODEL_PATH}"
    try:
        if path is not None:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("tacitus").joinpath(MODEL_PATH).read_text(encoding="utf-8")
        return PentaModel.from_json(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ResourceError(
            f"Cannot read the penta model {where} ({e}). Rebuild it with `python bench/train_penta.py`."
        ) from e


# ------------------------------------------------------------------------------------------------
# Running the task
# ------------------------------------------------------------------------------------------------
def coded_docs(rows: Iterable[dict], batch_size: int = 64) -> Iterator[tuple[dict, object, tuple]]:
    """Each row with its parsed ``Doc`` (every word of the sentence) and its coded events, in order."""
    for row, doc, coded in code_rows(rows, batch_size=batch_size, whole_text=True):
        yield row, doc, coded.events


def predict(rows: Iterable[dict], model: PentaModel | None = None, batch_size: int = 64) -> Iterator[dict]:
    """``{"id", "label"}`` for each row, from the learned model over the coded events."""
    model = model or load_model()
    batch: list[tuple[dict, set[str]]] = []
    for row, doc, events in coded_docs(rows, batch_size=batch_size):
        batch.append((row, sentence_features(doc, events)))
        if len(batch) >= batch_size:
            yield from _labelled(model, batch)
            batch = []
    if batch:
        yield from _labelled(model, batch)


def _labelled(model: PentaModel, batch: list[tuple[dict, set[str]]]) -> Iterator[dict]:
    labels = model.predict([f for _, f in batch])
    for (row, _), label in zip(batch, labels, strict=True):
        yield {"id": row["id"], "label": label}


def predict_rule(rows: Iterable[dict]) -> Iterator[dict]:
    """``{"id", "label"}`` for each row from the rule alone (no model)."""
    for row, _, events in coded_docs(rows):
        yield {"id": row["id"], "label": rule_class(events)}
