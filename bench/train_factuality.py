"""Train the factuality model shipped in src/tacitus/data/status/factuality_model.json.

Reads the UW factuality training split (``../shared/gold/factuality/train.jsonl``; never dev),
parses it with the tacitus spaCy pipeline, turns each predicate into the binary features of
:mod:`tacitus.status.features` (plus the mean factuality of its lemma and governor, computed out
of fold), and fits gradient-boosted regression trees (numpy only, ``train_boosting.py``).
Deterministic: fixed seeds.

    python bench/train_factuality.py                 # 5-fold CV numbers, then fit and write the model
    python bench/train_factuality.py --cv 0          # fit and write only
    python bench/train_factuality.py --cache /tmp/f  # keep the parses between runs
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.evaluation.factuality import span_token  # noqa: E402
from tacitus.status.features import prior_bin, prior_keys, token_features  # noqa: E402
from train_boosting import fit_boosted, predict_x, prune, to_matrix, vocabulary  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "gold" / "factuality" / "train.jsonl"
DEFAULT_OUT = ROOT / "src" / "tacitus" / "data" / "status" / "factuality_model.json"
SEED = 20240611


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------

def load_docs(rows: list[dict], cache: Path | None):
    """Parsed docs for the rows, from the cache when it holds them."""
    from spacy.tokens import DocBin

    from tacitus.nlp import load_pipeline, parse

    if cache is not None and cache.exists():
        nlp = load_pipeline()
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(rows) and all(d.text == r["text"] for d, r in zip(docs, rows, strict=True)):
            return docs
    docs = list(parse(r["text"] for r in rows))
    if cache is not None:
        db = DocBin()
        for d in docs:
            db.add(d)
        cache.parent.mkdir(parents=True, exist_ok=True)
        db.to_disk(cache)
    return docs


def scores(y: np.ndarray, p: np.ndarray) -> dict:
    return {"mae": float(np.abs(y - p).mean()), "r": float(np.corrcoef(y, p)[0, 1])}


def examples(rows: list[dict], docs):
    """Feature sets (without priors), prior keys, gold values and the row number (for grouped
    folds) of every predicate."""
    feats, keys, ys, groups = [], [], [], []
    for n, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        for p in row["predicates"]:
            i = span_token(doc, p["start"], p["end"])
            feats.append(token_features(doc, i))
            keys.append(prior_keys(doc, i))
            ys.append(float(p["value"]))
            groups.append(n)
    return feats, keys, np.asarray(ys), np.asarray(groups)


def priors_from(keys, y, rows_mask, min_count: int) -> dict[str, float]:
    """Smoothed mean factuality per prior key over the selected predicates."""
    sums, counts = {}, {}
    for ks, v, m in zip(keys, y, rows_mask, strict=True):
        if not m:
            continue
        for k in ks:
            sums[k] = sums.get(k, 0.0) + v
            counts[k] = counts.get(k, 0) + 1
    mean = float(y[rows_mask].mean())
    return {k: round((sums[k] + 3 * mean) / (n + 3), 2) for k, n in counts.items() if n >= min_count}


def with_priors(feats, keys, priors_for) -> list[set[str]]:
    """The feature sets plus the prior features, ``priors_for(j)`` giving the table for predicate j."""
    out = []
    for j, (fs, ks) in enumerate(zip(feats, keys, strict=True)):
        table = priors_for(j)
        extra = set()
        for k in ks:
            kind = k.split(":", 1)[0]
            v = table.get(k)
            extra.add(f"prior_{kind}={'unseen' if v is None else prior_bin(v)}")
        out.append(fs | extra)
    return out


def out_of_fold_priors(keys, y, groups, train_mask, min_count: int, k: int = 5):
    """Priors for each training predicate computed without its own sentence's group of folds."""
    part = np.random.default_rng(SEED + 1).permutation(groups.max() + 1) % k
    tables = [priors_from(keys, y, train_mask & (part[groups] != j), min_count) for j in range(k)]
    return lambda j: tables[part[groups[j]]]


# ------------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None, help="DocBin file to keep the parses in")
    ap.add_argument("--cv", type=int, default=5, help="folds for cross-validation (0: none)")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--min-leaf", type=int, default=8)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--subsample", type=float, default=0.8)
    ap.add_argument("--loss", choices=("l2", "l1", "huber"), default="huber")
    ap.add_argument("--priors", action=argparse.BooleanOptionalAction, default=True,
                    help="mean factuality per lemma and per governor as features")
    ap.add_argument("--min-prior", type=int, default=3, help="occurrences a prior key needs")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.time()
    docs = load_docs(rows, args.cache)
    base, keys, y, groups = examples(rows, docs)
    print(f"{len(rows)} sentences, {len(y)} predicates, features in {time.time() - t0:.0f}s", file=sys.stderr)
    params = dict(rounds=args.rounds, depth=args.depth, lr=args.lr, min_leaf=args.min_leaf,
                  loss=args.loss, subsample=args.subsample, seed=SEED)
    everything = np.ones(len(y), dtype=bool)

    def features_for(train_mask):
        """Training rows get out-of-fold priors, the others priors from all training rows."""
        if not args.priors:
            return base
        oof = out_of_fold_priors(keys, y, groups, train_mask, args.min_prior)
        full = priors_from(keys, y, train_mask, args.min_prior)
        return with_priors(base, keys, lambda j: oof(j) if train_mask[j] else full)

    if args.cv:
        fold = np.random.default_rng(SEED).permutation(len(rows)) % args.cv
        pred = np.zeros(len(y))
        for k in range(args.cv):
            test = fold[groups] == k
            feats = features_for(~test)
            vocab = vocabulary([f for f, t in zip(feats, test, strict=True) if not t], args.min_count)
            x = to_matrix(feats, vocab)
            model = fit_boosted(x[~test], y[~test], vocab=vocab, **params)
            pred[test] = predict_x(model, x[test])
        s = scores(y, pred)
        print(f"cv{args.cv}: MAE {s['mae']:.3f}  r {s['r']:.3f}  ({params}, priors={args.priors})")

    feats = features_for(everything)
    vocab = vocabulary(feats, args.min_count)
    x = to_matrix(feats, vocab)
    model = prune(fit_boosted(x, y, vocab=vocab, **params))
    data = model.to_json()
    if args.priors:
        data["priors"] = dict(sorted(priors_from(keys, y, everything, args.min_prior).items()))
    data["trained_on"] = {"file": "factuality/train.jsonl", "predicates": int(len(y)), **params,
                          "min_count": args.min_count, "priors": args.priors, "min_prior": args.min_prior}
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    s = scores(y, predict_x(model, to_matrix(feats, list(model.features))))  # in-sample, optimistic
    print(f"train fit: MAE {s['mae']:.3f}  r {s['r']:.3f}; {len(model.features)} features, "
          f"{len(model.roots)} trees, {args.out.stat().st_size // 1024} KB -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
