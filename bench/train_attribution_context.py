"""Train the optional attribution context model: src/tacitus/data/attribution/context_model.json.

The context model (:mod:`tacitus.attribution.context`) reads again the cue candidates the cue
model is unsure of, with MiniLM's contextual vector of the token. It is trained on what the cue
model says of text it has not seen: the cross-validation fold models of
``bench/train_attribution.py`` score each training article's candidates out of fold, MiniLM
encodes their sentences, and an L2 logistic regression over [cue-model log-odds, the token's
contextual vectors] learns the same labels as the cue model (the token heading each gold cue). Grouped
cross-validation over articles then reports token-level cue P/R/F1 at the cue model's threshold:
the cue model alone, read again everywhere, and read again only in the band ``[--low, --high)``
that ships. Needs ``pip install -e '.[encoder]'``. Reads the training split only, never dev.

    python bench/train_attribution.py --cv-only --fold-models /tmp/attr_folds --cache /tmp/polnear_train.spacy
    python bench/train_attribution_context.py --fold-models /tmp/attr_folds --cache /tmp/polnear_train.spacy
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

from tacitus.attribution import context  # noqa: E402
from tacitus.attribution import model as cue_model  # noqa: E402
from tacitus.attribution.features import candidates  # noqa: E402
from train_attribution import DEFAULT_TRAIN, cue_f1, fit_linear, gold_roots  # noqa: E402
from train_factuality import load_docs  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "tacitus" / "data" / "attribution" / "context_model.json"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--fold-models", type=Path, required=True,
                    help="the fold models of `bench/train_attribution.py --fold-models`")
    ap.add_argument("--cache", type=Path, default=None, help="parsed training docs (as bench/train_attribution.py)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--l2", type=float, default=1.0, help="the logistic regression's L2 penalty")
    ap.add_argument("--low", type=float, default=0.2, help="cue-model probabilities read again: from this")
    ap.add_argument("--high", type=float, default=0.7, help="... up to (not including) this")
    ap.add_argument("--cv", type=int, default=5)
    args = ap.parse_args(argv)

    context.set_encoder(None)  # the fold models' own scores
    rows = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = load_docs(rows, args.cache)
    encoder = context.SentenceEncoder()
    t0 = time.time()
    per_doc = []  # (doc id, candidate indices, probabilities, labels, vectors)
    threshold = None
    for path in sorted(args.fold_models.glob("fold*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        model = cue_model.from_json(data)
        threshold = model.threshold
        for d in data["test_rows"]:
            doc = docs[d]
            scored = model.score(doc)
            if not scored:
                continue
            idx = [i for i, _ in scored]
            roots, _ = gold_roots(rows[d], doc, set(candidates(doc)))
            vectors = encoder.token_vectors(doc, idx)
            x = np.stack([vectors.get(i, np.zeros(context.DIMENSIONS, dtype=np.float32)) for i in idx])
            per_doc.append((d, idx, np.array([p for _, p in scored]), np.array([int(i in roots) for i in idx]), x))
        print(f"  {path.name}: encoded, {time.time() - t0:.0f}s", file=sys.stderr)
    if threshold is None:
        raise SystemExit(f"no fold*.json in {args.fold_models}: run bench/train_attribution.py --fold-models first")

    def design(items):
        p = np.clip(np.concatenate([it[2] for it in items]), 1e-9, 1 - 1e-9)
        logit = np.log(p / (1 - p))
        return np.hstack([logit[:, None], np.concatenate([it[4] for it in items])]), np.concatenate(
            [it[3] for it in items])

    # grouped cross-validation: out-of-fold second readings for every training article
    second = {}
    for k in range(args.cv):
        train = [it for it in per_doc if it[0] % args.cv != k]
        w, b = fit_linear(*design(train), args.l2)
        for it in per_doc:
            if it[0] % args.cv == k:
                x, _ = design([it])
                second[it[0]] = 1 / (1 + np.exp(-(x @ w + b)))
    spans = [[(a["cue"]["start"], a["cue"]["end"]) for a in rows[it[0]]["attributions"]] for it in per_doc]
    toks = [(docs[it[0]], it[1]) for it in per_doc]
    band = [np.where((it[2] >= args.low) & (it[2] < args.high), second[it[0]], it[2]) for it in per_doc]
    share = sum(int(((it[2] >= args.low) & (it[2] < args.high)).sum()) for it in per_doc) / sum(
        len(it[1]) for it in per_doc)
    for name, probs in (("cue model alone", [it[2] for it in per_doc]),
                        ("read again everywhere", [second[it[0]] for it in per_doc]),
                        (f"read again in [{args.low}, {args.high}) ({share:.0%} of candidates)", band)):
        p, r, f = cue_f1(toks, spans, probs, threshold)
        print(f"cv{args.cv} {name}: cue P {p:.3f} R {r:.3f} F1 {f:.3f} at threshold {threshold}")

    w, b = fit_linear(*design(per_doc), args.l2)
    out = {"encoder": "minilm", "layers": list(context.LAYERS), "low": args.low, "high": args.high, "bias": round(float(b), 5),
           "logit_weight": round(float(w[0]), 5), "weights": [round(float(v), 5) for v in w[1:]],
           "trained_on": {"file": "attribution/train.jsonl", "candidates": int(sum(len(it[1]) for it in per_doc)),
                          "l2": args.l2, "cue_model_threshold": threshold}}
    args.out.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"context model: {len(w) - 1} vector weights -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
