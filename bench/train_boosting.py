"""Gradient-boosted decision trees on binary features, in numpy: the trainer behind
``train_factuality.py`` and ``train_attribution.py``.

The fitted model is a :class:`tacitus.status.model.TreeModel`, which is all the library needs at
run time. Losses: ``l2``, ``l1``, ``huber`` (regression) and ``logistic`` (binary
classification; the model then predicts a log-odds score). Deterministic for a given seed.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.status.model import TreeModel  # noqa: E402

UNBOUNDED = 1e9


def vocabulary(feature_sets: list[set[str]], min_count: int) -> list[str]:
    """Feature names seen at least ``min_count`` times, sorted."""
    counts = Counter(f for fs in feature_sets for f in fs)
    return sorted(f for f, c in counts.items() if c >= min_count)


def to_matrix(feature_sets: list[set[str]], vocab: list[str], sparse: bool = False):
    """A float32 0/1 matrix (rows: examples, columns: ``vocab``); scipy CSR when ``sparse``."""
    col = {f: k for k, f in enumerate(vocab)}
    if sparse:
        from scipy.sparse import csr_matrix

        indptr, indices = [0], []
        for fs in feature_sets:
            indices += sorted(col[f] for f in fs if f in col)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        return csr_matrix((data, indices, indptr), shape=(len(feature_sets), len(vocab)))
    x = np.zeros((len(feature_sets), len(vocab)), dtype=np.float32)
    for r, fs in enumerate(feature_sets):
        for f in fs:
            k = col.get(f)
            if k is not None:
                x[r, k] = 1.0
    return x


def _column(x, f: int) -> np.ndarray:
    """Column ``f`` of a dense or CSC sparse 0/1 matrix, as booleans."""
    if hasattr(x, "indptr"):
        out = np.zeros(x.shape[0], dtype=bool)
        out[x.indices[x.indptr[f]:x.indptr[f + 1]]] = True
        return out
    return x[:, f] > 0


def _leaf_masks(x, feature, absent, present) -> dict[int, np.ndarray]:
    out = {}
    stack = [(0, np.ones(x.shape[0], dtype=bool))]
    while stack:
        node, mask = stack.pop()
        f = feature[node]
        if f < 0:
            out[node] = mask
            continue
        has = _column(x, f)
        stack.append((absent[node], mask & ~has))
        stack.append((present[node], mask & has))
    return out


def fit_tree(x, grad, depth: int, min_leaf: int):
    """One tree's structure, grown level by level to reduce the squared error of ``grad``.

    Returns (feature, absent, present) lists with node 0 as the root and leaves pointing to
    themselves.
    """
    n = x.shape[0]
    feature, absent, present = [-1], [0], [0]
    frontier = [(0, np.ones(n, dtype=bool))]
    for _ in range(depth):
        if not frontier:
            break
        masks = np.stack([m for _, m in frontier], axis=1).astype(np.float32)
        gm = grad[:, None] * masks
        sums = np.asarray(x.T @ gm)
        counts = np.asarray(x.T @ masks)
        tot = gm.sum(axis=0)
        cnt = masks.sum(axis=0)
        nxt = []
        for j, (node, mask) in enumerate(frontier):
            s1, c1 = sums[:, j], counts[:, j]
            s0, c0 = tot[j] - s1, cnt[j] - c1
            ok = (c1 >= min_leaf) & (c0 >= min_leaf)
            gain = np.where(ok, s1 * s1 / np.maximum(c1, 1) + s0 * s0 / np.maximum(c0, 1), -np.inf)
            gain -= tot[j] ** 2 / max(cnt[j], 1)
            f = int(np.argmax(gain))
            if not np.isfinite(gain[f]) or gain[f] <= 1e-9:
                continue
            has = _column(x, f)
            feature[node] = f
            for child_mask, side in ((mask & ~has, absent), (mask & has, present)):
                k = len(feature)
                feature.append(-1)
                absent.append(k)
                present.append(k)
                side[node] = k
                nxt.append((k, child_mask))
        frontier = nxt
    return feature, absent, present


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def fit_boosted(x, y, *, vocab, rounds=200, depth=4, lr=0.05, min_leaf=8, loss="l2", subsample=0.8,
                seed=0, l2_leaf=1.0) -> TreeModel:
    """Boosted trees for targets ``y`` on the 0/1 matrix ``x`` (columns named by ``vocab``)."""
    rng = np.random.default_rng(seed)
    if hasattr(x, "tocsc"):
        x = x.tocsc()  # column access for the splits
    if loss == "logistic":
        p = min(max(float(y.mean()), 1e-4), 1 - 1e-4)
        base = float(np.log(p / (1 - p)))
    else:
        base = float(np.median(y)) if loss == "l1" else float(y.mean())
    pred = np.full(len(y), base)
    feats, absents, presents, values, roots = [], [], [], [], []
    for _ in range(rounds):
        rows = rng.random(len(y)) < subsample if subsample < 1 else np.ones(len(y), dtype=bool)
        resid = y - pred
        if loss == "logistic":
            prob = _sigmoid(pred)
            grad, hess = y - prob, prob * (1 - prob)
        elif loss == "l1":
            grad, hess = np.sign(resid), None
        elif loss == "huber":
            grad, hess = np.clip(resid, -1.0, 1.0), None
        else:
            grad, hess = resid, None
        xr = x if rows.all() else x[rows]
        f, a, pr = fit_tree(xr, grad[rows].astype(np.float32), depth, min_leaf)
        v = [0.0] * len(f)
        for node, mask in _leaf_masks(xr, f, a, pr).items():
            if not mask.any():
                continue
            if loss == "logistic":
                g = grad[rows][mask]
                h = hess[rows][mask]
                v[node] = lr * float(g.sum() / (h.sum() + l2_leaf))
            elif loss == "l1":
                v[node] = lr * float(np.median(resid[rows][mask]))
            else:
                v[node] = lr * float(resid[rows][mask].mean())
        offset = len(feats)
        roots.append(offset)
        feats += f
        absents += [k + offset for k in a]
        presents += [k + offset for k in pr]
        values += v
        for node, mask in _leaf_masks(x, f, a, pr).items():
            pred[mask] += v[node]
    low, high = (-UNBOUNDED, UNBOUNDED) if loss == "logistic" else (float(y.min()), float(y.max()))
    return TreeModel(
        features=tuple(vocab), base=base, roots=np.array(roots), feature=np.array(feats),
        absent=np.array(absents), present=np.array(presents), value=np.array(values), depth=depth,
        low=low, high=high,
    )


def prune(model: TreeModel) -> TreeModel:
    """The same model keeping only the feature names its trees test."""
    used = sorted({int(f) for f in model.feature if f >= 0})
    remap = {old: new for new, old in enumerate(used)}
    return TreeModel(
        features=tuple(model.features[k] for k in used), base=model.base, roots=model.roots,
        feature=np.array([remap[int(f)] if f >= 0 else -1 for f in model.feature]),
        absent=model.absent, present=model.present, value=model.value, depth=model.depth,
        low=model.low, high=model.high,
    )


def predict_x(model: TreeModel, x) -> np.ndarray:
    """Predictions for a 0/1 matrix (dense or sparse) whose columns are ``model.features``."""
    if hasattr(x, "tocsc"):
        x = x.tocsc()
    pred = np.full(x.shape[0], model.base)
    for root in model.roots:
        for node, mask in _leaf_masks_global(x, model, int(root)).items():
            pred[mask] += model.value[node]
    return np.clip(pred, model.low, model.high)


def _leaf_masks_global(x, model: TreeModel, root: int) -> dict[int, np.ndarray]:
    out = {}
    stack = [(root, np.ones(x.shape[0], dtype=bool))]
    while stack:
        node, mask = stack.pop()
        f = int(model.feature[node])
        if f < 0:
            out[node] = mask
            continue
        has = _column(x, f)
        stack.append((int(model.absent[node]), mask & ~has))
        stack.append((int(model.present[node]), mask & has))
    return out
