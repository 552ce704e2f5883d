"""Train the attribution cue model shipped in src/tacitus/data/attribution/cue_model.json.

Reads the PolNeAR training split (``../shared/gold/attribution/train.jsonl``; never dev), parses
it with the tacitus spaCy pipeline, and learns which candidate tokens
(:func:`tacitus.attribution.features.candidates`) head a gold attribution cue: gradient-boosted
trees with logistic loss over :func:`tacitus.attribution.features.cue_features`. Only lemmas seen
heading a gold cue at least ``--min-lemma`` times become candidates at run time (the list ships in
the model file). The decision threshold is the one that maximises cue F1 in cross-validation.

    python bench/train_attribution.py --cache /tmp/polnear_train.spacy
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.attribution.features import candidates, cue_features, prior_keys, word_family  # noqa: E402
from tacitus.attribution.model import PUNCT_CUES  # noqa: E402
from train_boosting import fit_boosted, predict_x, prune, to_matrix, vocabulary  # noqa: E402
from train_factuality import load_docs  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "gold" / "attribution" / "train.jsonl"
DEFAULT_OUT = ROOT / "src" / "tacitus" / "data" / "attribution" / "cue_model.json"
SEED = 20240611


_LABEL_POS = ("VERB", "ADJ", "NOUN", "PROPN", "ADP")


def gold_roots(row: dict, doc, cands: set[int]) -> tuple[set[int], list[tuple[int, int]]]:
    """The token labelled positive for each gold cue, and the gold cue character spans.

    The label goes to the cue span's syntactic root when that is a candidate; otherwise ("was
    excited", "is a supporter of": the root is the copula) to the span's first candidate, verbs
    first, so that a single predicted token overlaps the gold span.
    """
    roots, spans = set(), []
    for a in row["attributions"]:
        c = a["cue"]
        spans.append((c["start"], c["end"]))
        sp = doc.char_span(c["start"], c["end"], alignment_mode="expand")
        if sp is None or not len(sp):
            continue
        if sp.root.i in cands:
            roots.add(sp.root.i)
            continue
        inside = [t for t in sp if t.i in cands]
        inside.sort(key=lambda t: (_LABEL_POS.index(t.pos_) if t.pos_ in _LABEL_POS else 9, t.i))
        roots.add(inside[0].i if inside else sp.root.i)
    return roots, spans


def overlap_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> int:
    """Greedy one-to-one overlap matching, largest overlap first (as the reference scorer)."""
    pairs = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            ov = min(ge, pe) - max(gs, ps)
            if ov > 0:
                pairs.append((-ov, gi, pi))
    pairs.sort()
    used_g, used_p, n = set(), set(), 0
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            n += 1
    return n


def fit_linear(x, y, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression on the matrix ``x`` (sparse or dense): (weights, bias)."""
    from scipy.optimize import minimize

    n, m = x.shape
    xt = x.T.tocsr() if hasattr(x, "tocsr") else x.T

    def loss(wb):
        w, b = wb[:m], wb[m]
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        ll = np.logaddexp(0, z) - y * z
        g = p - y
        return float(ll.sum() + 0.5 * l2 * w @ w), np.concatenate([xt @ g + l2 * w, [g.sum()]])

    res = minimize(loss, np.zeros(m + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:m], float(res.x[m])


def linear_json(vocab: list[str], w: np.ndarray, b: float, weight: float) -> dict:
    """The logistic regression as the model file keeps it: its weight in the blend, its bias and
    the coefficients of magnitude at least 0.001 (rounded)."""
    coef = {f: round(float(v), 3) for f, v in zip(vocab, w, strict=True) if abs(v) >= 0.001}
    return {"weight": weight, "bias": round(b, 4), "coef": dict(sorted(coef.items()))}


def cue_f1(docs_tokens, gold_spans, probs, threshold) -> tuple[float, float, float]:
    tp = n_pred = n_gold = 0
    for (doc, idx), spans, p in zip(docs_tokens, gold_spans, probs, strict=True):
        pred = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i, q in zip(idx, p, strict=True) if q >= threshold]
        tp += overlap_matches(spans, pred)
        n_pred += len(pred)
        n_gold += len(spans)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--cv", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--min-leaf", type=int, default=10)
    ap.add_argument("--subsample", type=float, default=1.0, help="share of candidates each tree is grown on")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--linear-weight", type=float, default=0.5,
                    help="blend the trees' log-odds with a logistic regression's, with this weight on the latter")
    ap.add_argument("--l2", type=float, default=5.0, help="the logistic regression's L2 penalty")
    ap.add_argument("--min-count", type=int, default=8)
    ap.add_argument("--min-lemma", type=int, default=2)
    ap.add_argument("--non-cue-rate", type=float, default=0.005,
                    help="word/part-of-speech pairs heading a cue less often than this are skipped at run time")
    ap.add_argument("--min-prior", type=int, default=3, help="occurrences a prior key needs to ship")
    ap.add_argument("--min-prior-context", type=int, default=10,
                    help="occurrences a subject or head word's prior key needs to ship")
    ap.add_argument("--only-fold", type=int, default=None, help="run one CV fold only, write no model")
    ap.add_argument("--cv-only", action="store_true", help="report cross-validation only, write no model")
    ap.add_argument("--fold-models", type=Path, default=None,
                    help="write each CV fold's model here (fold<k>.json, with the test docs' row numbers)")
    ap.add_argument("--dump", type=Path, default=None, help="write the cross-validated scores here (JSONL)")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.time()
    docs = load_docs(rows, args.cache)
    per_doc = []  # (doc, candidate indices, labels, gold spans)
    for row, doc in zip(rows, docs, strict=True):
        idx = candidates(doc)
        roots, spans = gold_roots(row, doc, set(idx))
        per_doc.append((doc, idx, [int(i in roots) for i in idx], spans))
    print(f"{len(rows)} articles parsed in {time.time() - t0:.0f}s", file=sys.stderr)
    params = dict(rounds=args.rounds, depth=args.depth, lr=args.lr, min_leaf=args.min_leaf,
                  loss="logistic", subsample=args.subsample, seed=args.seed)

    keys = [[prior_keys(doc, i) for i in idx] for doc, idx, _, _ in per_doc]

    def priors_from(doc_ids, lemmas):
        """Smoothed share of a key's candidate occurrences that head a gold cue."""
        pos, tot = Counter(), Counter()
        for d in doc_ids:
            for ks, y in zip(keys[d], per_doc[d][2], strict=True):
                for k in ks:
                    tot[k] += 1
                    pos[k] += y
        g = sum(pos.values()) / max(sum(tot.values()), 1)
        families = {word_family(lem) for lem in lemmas}

        def kept(k: str, n: int) -> bool:
            kind, rest = k.split(":", 1)
            if kind == "S":  # the word family of a cue lemma
                return n >= args.min_prior and rest in families
            if kind in ("SL", "HL"):  # subject and head words: any word, so only frequent ones ship
                return n >= args.min_prior_context
            return n >= args.min_prior and rest.split("|")[0] in lemmas

        return {k: round((pos[k] + 2 * g) / (n + 2), 2) for k, n in tot.items() if kept(k, n)}

    def build(doc_ids, lemmas, priors_of):
        """Features of the kept candidates; ``priors_of(d)`` gives the priors to use for doc d."""
        feats, ys, where = [], [], []
        for d in doc_ids:
            doc, idx, labels, _ = per_doc[d]
            priors = priors_of(d)
            keep, kept_y = [], []
            for i, y in zip(idx, labels, strict=True):
                if doc[i].lemma_.lower() in lemmas or doc[i].text in PUNCT_CUES:
                    keep.append(i)
                    kept_y.append(y)
            feats += [cue_features(doc, i, priors) for i in keep]
            ys += kept_y
            where.append(keep)
        return feats, np.asarray(ys, dtype=np.float64), where

    def out_of_fold(doc_ids, lemmas, k=5):
        """Priors for each training doc computed without it (no label leak into its features)."""
        doc_ids = list(doc_ids)
        part = {d: n % k for n, d in enumerate(doc_ids)}
        tables = [priors_from([d for d in doc_ids if part[d] != j], lemmas) for j in range(k)]
        return lambda d: tables[part[d]]

    def lemma_set(doc_ids):
        c = Counter()
        for d in doc_ids:
            doc, idx, labels, _ = per_doc[d]
            for i, y in zip(idx, labels, strict=True):
                if y:
                    c[doc[i].lemma_.lower()] += 1
        return {lem for lem, k in c.items() if k >= args.min_lemma}

    def non_cue_pairs(doc_ids):
        """"lemma|POS" pairs that (nearly) never head a cue: "of|ADP", "state|NOUN" (but not
        "state|VERB"). Their candidates score far below any threshold, so the library skips them,
        which saves a third of the feature extraction; the model still learns from them."""
        n, c = Counter(), Counter()
        for d in doc_ids:
            doc, idx, labels, _ = per_doc[d]
            for i, y in zip(idx, labels, strict=True):
                if doc[i].text not in PUNCT_CUES:
                    key = f"{doc[i].lemma_.lower()}|{doc[i].pos_}"
                    n[key] += 1
                    c[key] += y
        # smoothed, so that a pair needs about a hundred occurrences to qualify
        return sorted(k for k, m in n.items() if (c[k] + 0.5) / (m + 1) < args.non_cue_rate)

    threshold = 0.5
    if args.cv:
        fold = np.random.default_rng(SEED).permutation(len(rows)) % args.cv
        results = []  # (doc, kept idx, probs, spans) for all test docs
        fold_models = []
        for k in range(args.cv):
            if args.only_fold is not None and k != args.only_fold:
                continue
            train_ids = [d for d in range(len(rows)) if fold[d] != k]
            test_ids = [d for d in range(len(rows)) if fold[d] == k]
            lemmas = lemma_set(train_ids)
            feats, y, _ = build(train_ids, lemmas, out_of_fold(train_ids, lemmas))
            vocab = vocabulary(feats, args.min_count)
            model = fit_boosted(to_matrix(feats, vocab, sparse=True), y, vocab=vocab, **params)
            full = priors_from(train_ids, lemmas)
            fold_models.append((k, model, lemmas, full, test_ids))
            tfeats, _, where = build(test_ids, lemmas, lambda d, full=full: full)
            tx = to_matrix(tfeats, vocab, sparse=True)
            logit = predict_x(model, tx)
            linear = None
            if args.linear_weight:
                w, b = fit_linear(to_matrix(feats, vocab, sparse=True), y, args.l2)
                linear = linear_json(vocab, w, b, args.linear_weight)
                logit = (1 - args.linear_weight) * logit + args.linear_weight * (tx @ w + b)
            fold_models[-1] = (*fold_models[-1], linear)
            scores = 1 / (1 + np.exp(-logit))
            pos = 0
            for d, keep in zip(test_ids, where, strict=True):
                results.append(((per_doc[d][0], keep), per_doc[d][3], scores[pos:pos + len(keep)], d))
                pos += len(keep)
            print(f"  fold {k}: {len(y)} training candidates, {time.time() - t0:.0f}s", file=sys.stderr)
        best = max(
            ((t, *cue_f1([r[0] for r in results], [r[1] for r in results], [r[2] for r in results], t))
             for t in np.arange(0.2, 0.71, 0.05)),
            key=lambda r: r[3],
        )
        threshold = float(round(best[0], 2))
        if args.fold_models is not None:
            args.fold_models.mkdir(parents=True, exist_ok=True)
            for k, model, lemmas, full, test_ids, linear in fold_models:
                data = model.to_json()
                if linear is not None:
                    data["linear"] = linear
                data.update(cue_lemmas=sorted(lemmas), threshold=threshold, priors=dict(sorted(full.items())),
                            test_rows=test_ids)
                (args.fold_models / f"fold{k}.json").write_text(json.dumps(data), encoding="utf-8")
        if args.dump is not None:
            with args.dump.open("w", encoding="utf-8") as out:
                for (_, keep), _, p, d in results:
                    out.write(json.dumps({"doc": d, "tokens": keep, "scores": [round(float(v), 4) for v in p]})
                              + "\n")
        print(f"cv{args.cv}: cue P {best[1]:.3f} R {best[2]:.3f} F1 {best[3]:.3f} at threshold {threshold}")

    if args.only_fold is not None or args.cv_only:
        return 0  # a quick comparison: no model written
    lemmas = lemma_set(range(len(rows)))
    feats, y, _ = build(range(len(rows)), lemmas, out_of_fold(range(len(rows)), lemmas))
    priors = priors_from(range(len(rows)), lemmas)
    vocab = vocabulary(feats, args.min_count)
    x = to_matrix(feats, vocab, sparse=True)
    model = prune(fit_boosted(x, y, vocab=vocab, **params))
    data = model.to_json()
    if args.linear_weight:
        data["linear"] = linear_json(vocab, *fit_linear(x, y, args.l2), args.linear_weight)
    data["cue_lemmas"] = sorted(lemmas)
    data["non_cue_pairs"] = non_cue_pairs(range(len(rows)))
    data["threshold"] = threshold
    data["priors"] = dict(sorted(priors.items()))
    data["trained_on"] = {"file": "attribution/train.jsonl", "candidates": int(len(y)), **params,
                          "linear_weight": args.linear_weight, "l2": args.l2,
                          "min_count": args.min_count, "min_lemma": args.min_lemma, "non_cue_rate": args.non_cue_rate}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"model: {len(model.features)} features, {len(model.roots)} trees, {len(lemmas)} cue lemmas, "
          f"{args.out.stat().st_size // 1024} KB -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
