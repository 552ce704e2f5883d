"""Clustering at scale: the per-article cost of clustering 10,000 and 100,000 articles.

    python bench/cluster_scale.py [--sizes 10000 100000] [--batch-size 32] [--seed 0]

Streams the synthetic articles of bench/gen_stream.py into a fresh store, batch by batch as
`tacitus ingest` does (write the batch, then ``tacitus.cluster.update``), and times the
clustering only. Writes ``bench/out/cluster_scale.json``: for each size the seconds spent
clustering (wall clock, and CPU time of the process, which other jobs on a shared machine disturb
less), milliseconds per article overall and over the last tenth of the stream (where the store
is largest), and how well the clusters match the stream's true events (B-cubed and
pairwise F1 of each article's main event cluster against the event it was written about). The
issue's bar: 100,000 articles within 2x the time per article of 10,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen_stream import stream  # noqa: E402
from tacitus import cluster  # noqa: E402
from tacitus.store import Store  # noqa: E402

OUT = ROOT / "bench" / "out" / "cluster_scale.json"


def agreement(truth: dict[str, str], pred: dict[str, str]) -> dict:
    """B-cubed and pairwise F1 of a predicted partition against the true one (same keys)."""
    t_size, p_size = Counter(truth.values()), Counter(pred.values())
    cell = Counter((truth[k], pred[k]) for k in truth)
    bp = sum(cell[(truth[k], pred[k])] / p_size[pred[k]] for k in truth) / len(truth)
    br = sum(cell[(truth[k], pred[k])] / t_size[truth[k]] for k in truth) / len(truth)

    def pairs(n):
        return n * (n - 1) // 2

    tp = sum(pairs(v) for v in cell.values())
    pp, gp = sum(pairs(v) for v in p_size.values()), sum(pairs(v) for v in t_size.values())
    prec, rec = (tp / pp if pp else 1.0), (tp / gp if gp else 1.0)
    return {"bcubed_f1": round(2 * bp * br / (bp + br), 4),
            "pairwise_p": round(prec, 4), "pairwise_r": round(rec, 4),
            "pairwise_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0}


def run(n: int, batch_size: int, seed: int, progress: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="tacitus-scale-") as tmp, Store(Path(tmp) / "scale.db") as store:
        cluster_s = write_s = cluster_cpu = 0.0
        tail_s, tail_cpu, tail_n = 0.0, 0.0, 0
        truth: dict[str, str] = {}
        main: dict[str, str] = {}
        batch: list = []
        done = 0
        syndicated = 0
        window = [0.0, 0]  # CPU seconds and articles since the last progress line

        def flush():
            nonlocal cluster_s, write_s, cluster_cpu, tail_s, tail_cpu, tail_n, done, syndicated
            t0 = time.perf_counter()
            store.write_batch(batch)
            t1, c1 = time.perf_counter(), time.process_time()
            summary = cluster.update(store, batch)
            t2, c2 = time.perf_counter(), time.process_time()
            write_s += t1 - t0
            cluster_s += t2 - t1
            cluster_cpu += c2 - c1
            if done >= n * 0.9:
                tail_s += t2 - t1
                tail_cpu += c2 - c1
                tail_n += len(batch)
            done += len(batch)
            syndicated += summary.syndicated
            main.update((k, v) for k, v in summary.principal.items() if v is not None)
            window[0] += c2 - c1
            window[1] += len(batch)
            if progress and done % (n // 20 or 1) < len(batch):
                print(f"  {n}: {done} articles, {1000 * cluster_s / done:.2f} ms/article, "
                      f"{1000 * cluster_cpu / done:.2f} CPU ms/article (last {window[1]}: "
                      f"{1000 * window[0] / window[1]:.2f})", file=sys.stderr, flush=True)
                window[:] = [0.0, 0]

        for coded in stream(n, seed):
            truth[coded.article.id] = coded.article.external_id.split(":")[0]
            batch.append(coded)
            if len(batch) >= batch_size:
                flush()
                batch = []
        if batch:
            flush()
        n_clusters = store.conn.execute("SELECT COUNT(*) FROM clusters WHERE family != 'story'").fetchone()[0]
        n_stories = store.conn.execute("SELECT COUNT(*) FROM clusters WHERE family = 'story'").fetchone()[0]
        db_mb = (Path(tmp) / "scale.db").stat().st_size / 1e6
    pred = {k: main.get(k, "alone:" + k) for k in truth}
    return {
        "articles": n, "true_events": len(set(truth.values())), "clusters": n_clusters, "stories": n_stories,
        "syndicated_copies_found": syndicated, "cluster_seconds": round(cluster_s, 2),
        "cluster_cpu_seconds": round(cluster_cpu, 2), "write_seconds": round(write_s, 2),
        "ms_per_article": round(1000 * cluster_s / n, 3), "cpu_ms_per_article": round(1000 * cluster_cpu / n, 3),
        "ms_per_article_last_tenth": round(1000 * tail_s / tail_n, 3) if tail_n else None,
        "cpu_ms_per_article_last_tenth": round(1000 * tail_cpu / tail_n, 3) if tail_n else None,
        "db_mb": round(db_mb, 1), "accuracy": agreement(truth, pred),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    runs = [run(n, args.batch_size, args.seed, not args.quiet) for n in args.sizes]
    out = {
        "benchmark": "cluster_scale", "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "note": "shared machine, 2 cores, other jobs running"},
        "batch_size": args.batch_size, "seed": args.seed, "runs": runs,
    }
    if len(runs) >= 2:
        out["ratio_ms_per_article"] = round(runs[-1]["ms_per_article"] / runs[0]["ms_per_article"], 3)
        out["ratio_cpu_ms_per_article"] = round(runs[-1]["cpu_ms_per_article"] / runs[0]["cpu_ms_per_article"], 3)
        out["target"] = "ratio <= 2.0 (time per article, largest size over smallest)"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
