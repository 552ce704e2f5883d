"""The factuality model: gradient-boosted decision trees over binary features, numpy only.

The model file ``data/status/factuality_model.json`` is written by ``bench/train_factuality.py``.
It holds the feature names (column order), a base value, and the trees as flat arrays: for each
node, the feature it tests (-1 for a leaf), the child taken when the feature is absent / present,
and the value added at a leaf. A prediction is ``base + sum of the leaves reached``, clipped to
[-3, 3].
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from tacitus.errors import ResourceError

MODEL_PATH = "data/status/factuality_model.json"


@dataclass(frozen=True)
class TreeModel:
    """Boosted trees over binary features. Arrays are indexed by global node number."""

    features: tuple[str, ...]
    base: float
    roots: np.ndarray  # (n_trees,) node index of each tree's root
    feature: np.ndarray  # (n_nodes,) feature column tested, -1 at leaves
    absent: np.ndarray  # (n_nodes,) child when the feature is absent (self at leaves)
    present: np.ndarray  # (n_nodes,) child when it is present (self at leaves)
    value: np.ndarray  # (n_nodes,) leaf value (0 at inner nodes)
    depth: int
    low: float = -3.0
    high: float = 3.0

    @functools.cached_property
    def column(self) -> dict[str, int]:
        return {name: k for k, name in enumerate(self.features)}

    def matrix(self, feature_sets: list[set[str]]) -> np.ndarray:
        """A boolean (n, n_features) matrix; names the model does not know are dropped."""
        col = self.column
        x = np.zeros((len(feature_sets), len(self.features) + 1), dtype=bool)  # last column: never set
        for r, names in enumerate(feature_sets):
            for name in names:
                k = col.get(name)
                if k is not None:
                    x[r, k] = True
        return x

    @functools.cached_property
    def _children(self) -> np.ndarray:
        """Both children of every node, interleaved: node k goes to ``[2k]`` when its feature is
        absent and to ``[2k + 1]`` when it is present (one gather per level instead of three)."""
        return np.stack([self.absent, self.present], axis=1).ravel()

    def predict_matrix(self, x: np.ndarray) -> np.ndarray:
        n, width = x.shape
        out = np.full(n, self.base, dtype=np.float64)
        if n == 0:
            return out
        node = np.repeat(self.roots[None, :], n, axis=0)  # (n, n_trees)
        feat = np.where(self.feature < 0, width - 1, self.feature)
        flat = np.ascontiguousarray(x).ravel()
        row_start = (np.arange(n) * width)[:, None]  # offset of each row in ``flat``
        children = self._children
        for _ in range(self.depth):
            hit = flat[row_start + feat[node]]
            node = children[2 * node + hit]
        out += self.value[node].sum(axis=1)
        return np.clip(out, self.low, self.high)

    def predict(self, feature_sets: list[set[str]]) -> np.ndarray:
        return self.predict_matrix(self.matrix(feature_sets))

    def to_json(self) -> dict:
        return {
            "kind": "boosted_trees",
            "features": list(self.features),
            "base": self.base,
            "depth": self.depth,
            "low": self.low,
            "high": self.high,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "absent": self.absent.tolist(),
            "present": self.present.tolist(),
            "value": [round(float(v), 5) for v in self.value],
        }

    @classmethod
    def from_json(cls, data: dict) -> TreeModel:
        return cls(
            features=tuple(data["features"]),
            base=float(data["base"]),
            roots=np.asarray(data["roots"], dtype=np.int64),
            feature=np.asarray(data["feature"], dtype=np.int64),
            absent=np.asarray(data["absent"], dtype=np.int64),
            present=np.asarray(data["present"], dtype=np.int64),
            value=np.asarray(data["value"], dtype=np.float64),
            depth=int(data["depth"]),
            low=float(data.get("low", -3.0)),
            high=float(data.get("high", 3.0)),
        )


@dataclass(frozen=True)
class FactualityModel:
    """The trees and the mean training factuality per lemma and per governor (``priors``)."""

    trees: TreeModel
    priors: dict[str, float]


@functools.cache
def load_model() -> FactualityModel:
    """The shipped factuality model (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath(MODEL_PATH).read_text(encoding="utf-8")
        data = json.loads(text)
        return FactualityModel(TreeModel.from_json(data), {k: float(v) for k, v in data.get("priors", {}).items()})
    except (OSError, ValueError, KeyError) as e:
        raise ResourceError(
            f"Cannot read the factuality model tacitus/{MODEL_PATH} ({e}). "
            "Rebuild it with `python bench/train_factuality.py`."
        ) from e


def predict_tokens(items: list[tuple]) -> np.ndarray:
    """Factuality in [-3, 3] for each ``(doc, token_index)`` pair."""
    from tacitus.status.features import token_features

    model = load_model()
    priors = model.priors or None
    return model.trees.predict([token_features(doc, i, priors) for doc, i in items])
