"""Train the penta model shipped in src/tacitus/data/penta/model.json, and cross-validate it.

Reads the penta training split (``../shared/gold/penta/train.jsonl``; the only visible split),
codes every sentence with the tacitus pipeline, turns it into the features of
:func:`tacitus.evaluation.penta.sentence_features` (coded events, trigger candidates, lemma
unigrams/bigrams), and fits a multinomial logistic regression with an L2 penalty (numpy only,
written here: full-batch Adam on the mean cross-entropy). Deterministic: fixed seeds and folds.

Cross-validation is nested: in each of the ``--cv`` stratified outer folds, the L2 strength is
chosen by an inner cross-validation on the outer training part alone, so the reported macro-F1 is
not tuned on the sentences it is measured on. The rule-only predictor (no learning) is scored on
the whole split for comparison. Results go to ``bench/out/penta_cv.json``.

    python bench/train_penta.py                      # CV numbers, then fit and write the model
    python bench/train_penta.py --cv 0               # fit and write only
    python bench/train_penta.py --cache /tmp/penta   # keep the coded sentences between runs
    python bench/train_penta.py --limit 60 --out /tmp/m.json --cv-out /tmp/cv.json   # a quick check

Re-run it after changes to the coder: the model learns from the coder's output.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.evaluation.penta import (  # noqa: E402
    N_CLASSES,
    PentaModel,
    coded_docs,
    rule_class,
    sentence_features,
)

DEFAULT_TRAIN = ROOT.parent / "shared" / "gold" / "penta" / "train.jsonl"
DEFAULT_OUT = ROOT / "src" / "tacitus" / "data" / "penta" / "model.json"
DEFAULT_CV_OUT = ROOT / "bench" / "out" / "penta_cv.json"
SEED = 20240917
L2_GRID = (3e-5, 1e-4, 3e-4, 1e-3, 3e-3)
#: Sentences sharing this share of their words (Jaccard) are near-duplicates and share a fold.
NEAR_DUPLICATE = 0.7


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------
def featurise(rows: list[dict], cache: Path | None) -> tuple[list[set[str]], list[int]]:
    """Feature sets and rule-only labels of the rows (from ``cache`` when it matches the rows)."""
    if cache is not None and cache.exists():
        with open(cache, "rb") as f:
            stored = pickle.load(f)
        if stored.get("ids") == [r["id"] for r in rows]:
            return stored["features"], stored["rule"]
    feats, rule = [], []
    for _, doc, events in coded_docs(rows):
        feats.append(sentence_features(doc, events))
        rule.append(rule_class(events))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as f:
            pickle.dump({"ids": [r["id"] for r in rows], "features": feats, "rule": rule}, f)
    return feats, rule


def vocabulary(feature_sets: list[set[str]], min_count: int) -> list[str]:
    counts: dict[str, int] = {}
    for names in feature_sets:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return sorted(n for n, c in counts.items() if c >= min_count)


@dataclass(frozen=True)
class Sparse:
    """A 0/1 matrix in compressed rows: the columns set in row r are ``cols[ptr[r]:ptr[r + 1]]``."""

    cols: np.ndarray
    rows: np.ndarray  # the row of each stored entry
    n_rows: int
    n_cols: int

    def take(self, mask: np.ndarray) -> Sparse:
        keep = mask[self.rows]
        new_row = np.cumsum(mask) - 1
        return Sparse(self.cols[keep], new_row[self.rows[keep]], int(mask.sum()), self.n_cols)

    def dot(self, w: np.ndarray) -> np.ndarray:
        """x @ w.T for w of shape (k, n_cols): (n_rows, k)."""
        out = np.zeros((self.n_rows, w.shape[0]))
        np.add.at(out, self.rows, w[:, self.cols].T)
        return out

    def tdot(self, g: np.ndarray) -> np.ndarray:
        """g.T @ x for g of shape (n_rows, k): (k, n_cols)."""
        return np.stack([np.bincount(self.cols, weights=g[self.rows, c], minlength=self.n_cols)
                         for c in range(g.shape[1])])


def to_matrix(feature_sets: list[set[str]], vocab: list[str]) -> Sparse:
    col = {n: k for k, n in enumerate(vocab)}
    cols, rows = [], []
    for r, names in enumerate(feature_sets):
        ks = sorted(col[n] for n in names if n in col)
        cols.extend(ks)
        rows.extend([r] * len(ks))
    return Sparse(np.asarray(cols, dtype=np.int64), np.asarray(rows, dtype=np.int64), len(feature_sets), len(vocab))


def near_duplicate_groups(texts: list[str]) -> np.ndarray:
    """A group number per text; texts whose word sets overlap by NEAR_DUPLICATE or more (Jaccard),
    directly or through others, share a group."""
    words = [set(re.sub(r"\W+", " ", t.lower()).split()) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = words[i], words[j]
            if a and b and len(a & b) >= NEAR_DUPLICATE * len(a | b):
                parent[root(j)] = root(i)
    return np.asarray([root(i) for i in range(len(texts))])


def stratified_folds(y: np.ndarray, k: int, seed: int, groups: np.ndarray | None = None) -> np.ndarray:
    """A fold number per example, classes spread evenly over the folds; examples of one group
    (near-duplicates) always share a fold."""
    if groups is None:
        groups = np.arange(len(y))
    rng = np.random.default_rng(seed)
    first = {}
    for i, g in enumerate(groups):
        first.setdefault(int(g), i)
    heads = np.asarray(sorted(first.values()))
    fold_of_group = {}
    for c in np.unique(y):
        idx = heads[y[heads] == c]
        idx = idx[rng.permutation(len(idx))]
        start = int(rng.integers(k))
        for n, i in enumerate(idx):
            fold_of_group[int(groups[i])] = (n + start) % k
    return np.asarray([fold_of_group[int(g)] for g in groups])


# ------------------------------------------------------------------------------------------------
# model
# ------------------------------------------------------------------------------------------------
def fit(x: Sparse, y: np.ndarray, l2: float, epochs: int = 300, lr: float = 0.05) -> tuple:
    """Weights (n_classes, n_features) and bias of an L2-penalised softmax regression."""
    n, d = x.n_rows, x.n_cols
    w = np.zeros((N_CLASSES, d), dtype=np.float64)
    b = np.zeros(N_CLASSES, dtype=np.float64)
    onehot = np.eye(N_CLASSES)[y]
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = x.dot(w) + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) / n
        gw = x.tdot(g) + l2 * w
        gb = g.sum(axis=0)
        mw = beta1 * mw + (1 - beta1) * gw
        vw = beta2 * vw + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        step = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        w -= step * mw / (np.sqrt(vw) + eps)
        b -= step * mb / (np.sqrt(vb) + eps)
    return w, b


def predict_x(w: np.ndarray, b: np.ndarray, x: Sparse) -> np.ndarray:
    return (x.dot(w) + b).argmax(axis=1)


def scores(y: np.ndarray, p: np.ndarray) -> dict:
    per = {}
    for c in range(N_CLASSES):
        tp = int(((p == c) & (y == c)).sum())
        npred, ngold = int((p == c).sum()), int((y == c).sum())
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        per[str(c)] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return {"macro_f1": round(sum(per.values()) / N_CLASSES, 4), "accuracy": round(float((p == y).mean()), 4),
            "per_class_f1": per, "n": int(len(y))}


def choose_l2(feats: list[set[str]], y: np.ndarray, groups: np.ndarray, min_count: int, k: int, seed: int) -> float:
    """The L2 strength of the grid with the best inner-CV macro-F1 on (feats, y)."""
    fold = stratified_folds(y, k, seed, groups)
    best, best_f1 = L2_GRID[0], -1.0
    for l2 in L2_GRID:
        pred = np.zeros(len(y), dtype=int)
        for f in range(k):
            test = fold == f
            vocab = vocabulary([s for s, t in zip(feats, test, strict=True) if not t], min_count)
            x = to_matrix(feats, vocab)
            w, b = fit(x.take(~test), y[~test], l2)
            pred[test] = predict_x(w, b, x.take(test))
        f1 = scores(y, pred)["macro_f1"]
        if f1 > best_f1:
            best, best_f1 = l2, f1
    return best


def cross_validate(feats: list[set[str]], y: np.ndarray, groups: np.ndarray, k: int, min_count: int,
                   inner: int) -> dict:
    """Nested cross-validation: macro-F1, accuracy and per-class F1 over the outer folds."""
    fold = stratified_folds(y, k, SEED, groups)
    pred = np.zeros(len(y), dtype=int)
    chosen = []
    for f in range(k):
        test = fold == f
        train_feats = [s for s, t in zip(feats, test, strict=True) if not t]
        l2 = choose_l2(train_feats, y[~test], groups[~test], min_count, inner, SEED + f + 1) if inner > 1 \
            else L2_GRID[2]
        chosen.append(l2)
        vocab = vocabulary(train_feats, min_count)
        x = to_matrix(feats, vocab)
        w, b = fit(x.take(~test), y[~test], l2)
        pred[test] = predict_x(w, b, x.take(test))
        print(f"  fold {f + 1}/{k}: l2 {l2:g}, macro-F1 {scores(y[test], pred[test])['macro_f1']:.4f}",
              file=sys.stderr)
    return {**scores(y, pred), "folds": k, "inner_folds": inner, "l2_chosen": chosen,
            "near_duplicate_groups_kept_in_one_fold": int(len(y) - len(set(groups.tolist())))}


# ------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cv-out", type=Path, default=DEFAULT_CV_OUT)
    ap.add_argument("--cache", type=Path, default=None, help="pickle file to keep the features in")
    ap.add_argument("--cv", type=int, default=5, help="outer folds for cross-validation (0: none)")
    ap.add_argument("--inner", type=int, default=4, help="inner folds choosing the L2 strength (0: fixed)")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="use the first N sentences only (quick checks)")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    y = np.asarray([int(r["label"]) for r in rows])
    t0 = time.time()
    feats, rule = featurise(rows, args.cache)
    groups = near_duplicate_groups([r["text"] for r in rows])
    print(f"{len(rows)} sentences coded and featurised in {time.time() - t0:.0f}s", file=sys.stderr)

    result: dict = {"task": "penta", "file": "penta/train.jsonl", "sentences": len(rows),
                    "rule_only": scores(y, np.asarray(rule))}
    print(f"rule only (no learning), whole split: macro-F1 {result['rule_only']['macro_f1']:.4f}  "
          f"accuracy {result['rule_only']['accuracy']:.4f}")
    if args.cv:
        cv = cross_validate(feats, y, groups, args.cv, args.min_count, args.inner)
        result["model_cv"] = cv
        print(f"model, {args.cv}-fold CV (L2 by {args.inner}-fold inner CV): macro-F1 {cv['macro_f1']:.4f}  "
              f"accuracy {cv['accuracy']:.4f}  per class {cv['per_class_f1']}")

    l2 = choose_l2(feats, y, groups, args.min_count, args.inner, SEED) if args.inner > 1 else L2_GRID[2]
    vocab = vocabulary(feats, args.min_count)
    x = to_matrix(feats, vocab)
    w, b = fit(x, y, l2)
    keep = np.abs(w).max(axis=0) >= 5e-4  # features the model gave no weight are left out of the file
    model = PentaModel(features=tuple(v for v, k in zip(vocab, keep, strict=True) if k),
                       weights=w[:, keep].astype(np.float32), bias=b.astype(np.float32))
    meta = {"trained_on": "penta/train.jsonl", "sentences": len(rows), "l2": l2, "min_count": args.min_count,
            "script": "bench/train_penta.py"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(meta), separators=(",", ":")) + "\n", encoding="utf-8")
    fitted = scores(y, np.asarray(model.predict(feats)))
    result["model_fit"] = {"l2": l2, "features": len(model.features), "bytes": args.out.stat().st_size,
                           "train_macro_f1": fitted["macro_f1"]}
    print(f"model: l2 {l2:g}, {len(model.features)} features, {args.out.stat().st_size // 1024} KB -> {args.out} "
          f"(fit on train: macro-F1 {fitted['macro_f1']:.4f})")
    args.cv_out.parent.mkdir(parents=True, exist_ok=True)
    args.cv_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
