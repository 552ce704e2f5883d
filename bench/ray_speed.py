"""Speed of `tacitus run`: the local engine against the Ray engine on the same corpus and CPUs.

    python bench/ray_speed.py [--articles 200] [--repeats 2] [--shard-size 25]

The corpus is the bundled examples/ and the first articles of ../shared/gold/casualties/dev.jsonl
(used here only as a speed corpus, as in bench/speed.py), written as JSON Lines files of
``--shard-size`` articles (one shard each). Each configuration is one `tacitus run` process, the
command a user types, timed from start to exit (Ray start-up, actor and worker warm-up included):

- local-1, local-2: ``--engine local --workers 1|2``;
- ray-1, ray-2: ``--engine ray --num-cpus 1|2`` (a local Ray instance with 1 or 2 CPUs, as many actors).

Configurations run one after the other, in a rotated order on each repeat, and every ratio is
taken within one repeat (this machine is shared and its load moves). Each command is also run
once on a small corpus (``--small`` articles): the two CPU times give the per-article cost once
started and the fixed start-up cost (Ray's processes, loading the pipeline). The driver's own cost per
article (unpickling results, writing Parquet: what does not scale out with the cluster) is
measured separately, for the projection in docs/ray.md. The CPU time of each command (sampled from
/proc over its process tree: the pool's workers; Ray's raylet, workers and actors) gives articles
per CPU-second, which the machine's load moves far less than wall time.
Writes bench/out/ray_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
OUT = ROOT / "bench" / "out"
CONFIGS = {
    "local-1": ["--engine", "local", "--workers", "1"],
    "local-2": ["--engine", "local", "--workers", "2"],
    "ray-1": ["--engine", "ray", "--num-cpus", "1", "--object-store-mb", "256"],
    "ray-2": ["--engine", "ray", "--num-cpus", "2", "--object-store-mb", "256"],
}


def write_corpus(folder: Path, n: int, shard_size: int) -> dict:
    """The speed corpus as JSON Lines files; returns its size."""
    from tacitus import ingest
    from tacitus.records import Article

    rows: list[dict] = []
    for item in ingest.iter_inputs([str(ROOT / "examples")]):
        if isinstance(item, Article):
            rows.append({"text": item.text, "title": item.title, "published": item.published})
    with (GOLD / "casualties" / "dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if len(rows) >= n:
                break
            r = json.loads(line)
            rows.append({"text": r["text"], "title": r.get("title"), "published": r.get("published")})
    rows = rows[:n]
    folder.mkdir(parents=True)
    for i in range(0, len(rows), shard_size):
        with (folder / f"part-{i // shard_size:04d}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows[i:i + shard_size]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"articles": len(rows), "words": sum(len(r["text"].split()) for r in rows),
            "files": -(-len(rows) // shard_size)}


def _tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds (user + system) so far of ``root`` and every process below it, by pid (from /proc).

    Sampled while the command runs, so the pool's workers and Ray's raylet, workers and actors are
    counted (up to the last sample before each exits)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    out = {}
    for pid in cpu:
        p, hops = pid, 0
        while p not in (0, 1) and p != root and hops < 64:
            p, hops = parents.get(p, 0), hops + 1
        if p == root:
            out[pid] = cpu[pid]
    return out


def run_config(name: str, corpus: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "tacitus", "run", "--input", str(corpus), "--out", str(out), "-q", *CONFIGS[name]]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        seen: dict[int, float] = {}
        while proc.poll() is None:
            seen.update(_tree_cpu(proc.pid))
            time.sleep(0.25)
        wall = time.perf_counter() - t0
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    cpu = sum(seen.values())
    if proc.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"ray_speed: {name} failed")
    report = json.loads((out / "_run.json").read_text(encoding="utf-8"))
    return {"config": name, "wall_s": round(wall, 2), "run_s": report["seconds"], "items": report["items"],
            "events": report["events"], "items_per_s": round(report["items"] / wall, 3),
            "cpu_s": round(cpu, 2), "items_per_cpu_s": round(report["items"] / cpu, 3) if cpu else None,
            "load": os.getloadavg()[0]}


def driver_cost(out: Path, shard_sizes: tuple[int, ...]) -> dict:
    """The driver's share per article, which does not scale out with the cluster: taking the actors'
    result rows (Arrow), writing and committing the shards, for shards of each size in
    ``shard_sizes`` (a shard's files and manifest are a fixed cost). The rows are built beforehand,
    as the actors build them. Best of three; ``main_ms`` is the driver's main thread alone (the
    Parquet encoding runs on writer threads)."""
    from tacitus.engines import read_table
    from tacitus.engines.output import Output, ShardSink, coded_from_rows, result_rows
    from tacitus.engines.shards import Shard

    events: dict[str, list[dict]] = {}
    for e in read_table(str(out), "events").to_pylist():
        events.setdefault(e["article_id"], []).append(e)
    coded = [coded_from_rows(a, events.get(a["id"], ())) for a in read_table(str(out), "articles").to_pylist()]
    n = len(coded)
    result: dict = {"articles": n}
    for size in shard_sizes:
        shard_ids = [f"s{i // size:04d}" for i in range(n)]
        rows = [(sid, i % size, c) for i, (sid, c) in enumerate(zip(shard_ids, coded, strict=True))]
        t0 = time.perf_counter()
        batches = [result_rows(rows[i:i + 32]) for i in range(0, n, 32)]
        actor_side = time.perf_counter() - t0
        ends = result_rows((sid, shard_ids.count(sid), None) for sid in sorted(set(shard_ids)))
        best = None
        for _ in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                target = Output(tmp)
                target.prepare()
                sink = ShardSink(target, [Shard(sid, "jsonl", ()) for sid in sorted(set(shard_ids))], engine="bench")
                t0 = time.perf_counter()
                for batch in batches:
                    sink.add_rows(batch)
                sink.add_rows(ends)
                main = time.perf_counter() - t0
                sink.close()
                total = time.perf_counter() - t0
                assert not sink.unfinished and len(sink.entries) == len(set(shard_ids))
            if best is None or total < best[1]:
                best = (main, total)
        result[f"shards_of_{size}"] = {
            "ms_per_article": round(1000 * best[1] / n, 3), "main_ms_per_article": round(1000 * best[0] / n, 3),
            "actor_rows_ms_per_article": round(1000 * actor_side / n, 3),
        }
    return result


def cpu_fit(articles: int, repeats: list[dict], small: dict, names: list[str]) -> dict:
    """CPU time = start-up + articles / rate, from two points: the small corpus and the corpus (median).

    Returns ``marginal_items_per_cpu_s`` (articles per CPU-second once started: one actor's or worker's
    rate) and ``startup_cpu_s`` (the fixed cost: processes, Ray, loading the pipeline) per configuration.
    """
    rate, fixed = {}, {}
    for n in names:
        big = statistics.median(rep["runs"][n]["cpu_s"] for rep in repeats)
        per_article = (big - small[n]["cpu_s"]) / (articles - small[n]["items"])
        rate[n] = round(1 / per_article, 3) if per_article > 0 else None
        fixed[n] = round(small[n]["cpu_s"] - per_article * small[n]["items"], 2)
    return {"marginal_items_per_cpu_s": rate, "startup_cpu_s": fixed}


def same_events(a: Path, b: Path) -> bool:
    from tacitus.engines import read_table

    def rows(out):
        return sorted(read_table(str(out), "events").to_pylist(), key=lambda r: r["id"])

    return rows(a) == rows(b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--shard-size", type=int, default=25)
    ap.add_argument("--small", type=int, default=50, help="articles of the small corpus (start-up cost)")
    ap.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated subset of " + ", ".join(CONFIGS))
    ap.add_argument("--driver-only", metavar="OUT", type=Path,
                    help="only measure the driver's share on the output of a run of this corpus; update the JSON")
    args = ap.parse_args()
    if args.driver_only:
        driver = driver_cost(args.driver_only, (args.shard_size, args.articles))
        path = OUT / "ray_speed.json"
        result = json.loads(path.read_text(encoding="utf-8"))
        result["driver"] = driver
        result["summary"]["driver_ms_per_article"] = {k: v["ms_per_article"] for k, v in driver.items() if k != "articles"}
        path.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(json.dumps(driver, indent=2))
        return
    names = args.configs.split(",")
    work = Path(tempfile.mkdtemp(prefix="tacitus-ray-speed-"))
    try:
        corpus = write_corpus(work / "corpus", args.articles, args.shard_size)
        print(f"[ray_speed] corpus: {corpus}", file=sys.stderr)
        write_corpus(work / "small", args.small, args.shard_size)
        startup = {}
        for name in names:  # fixed costs: the same command on a small corpus
            startup[name] = run_config(name, work / "small", work / f"{name}-small")
            print(f"[ray_speed] small corpus {name}: {startup[name]}", file=sys.stderr, flush=True)
        repeats = []
        for r in range(args.repeats):
            order = names[r % len(names):] + names[: r % len(names)]
            runs = {}
            for name in order:
                print(f"[ray_speed] repeat {r + 1}: {name} ...", file=sys.stderr, flush=True)
                runs[name] = run_config(name, work / "corpus", work / name)
                print(f"[ray_speed]   {runs[name]}", file=sys.stderr, flush=True)
            ratios = {}
            if {"ray-2", "local-2"} <= runs.keys():
                ratios["ray2_over_local2"] = round(runs["ray-2"]["items_per_s"] / runs["local-2"]["items_per_s"], 3)
                ratios["same_events_ray2_local2"] = same_events(work / "ray-2", work / "local-2")
            if {"ray-1", "ray-2"} <= runs.keys():
                ratios["ray_scaling_2_over_1"] = round(runs["ray-2"]["items_per_s"] / runs["ray-1"]["items_per_s"], 3)
            if {"local-1", "local-2"} <= runs.keys():
                ratios["local_scaling_2_over_1"] = round(
                    runs["local-2"]["items_per_s"] / runs["local-1"]["items_per_s"], 3)
            if {"ray-2", "local-2"} <= runs.keys() and runs["ray-2"]["cpu_s"] and runs["local-2"]["cpu_s"]:
                ratios["ray2_over_local2_per_cpu_s"] = round(
                    runs["ray-2"]["items_per_cpu_s"] / runs["local-2"]["items_per_cpu_s"], 3)
            if {"ray-1", "local-1"} <= runs.keys():
                ratios["ray1_over_local1"] = round(runs["ray-1"]["items_per_s"] / runs["local-1"]["items_per_s"], 3)
            repeats.append({"order": order, "runs": runs, "ratios": ratios})
            print(f"[ray_speed] repeat {r + 1} ratios: {ratios}", file=sys.stderr, flush=True)
        any_out = next(work / n for n in names if (work / n / "_run.json").exists())
        driver = driver_cost(any_out, (args.shard_size, args.articles))
        summary = {
            key: round(statistics.median(rep["ratios"][key] for rep in repeats), 3)
            for key in repeats[0]["ratios"] if not key.startswith("same_")
        }
        summary["items_per_s_median"] = {
            n: round(statistics.median(rep["runs"][n]["items_per_s"] for rep in repeats), 3) for n in names
        }
        summary["items_per_cpu_s_median"] = {
            n: round(statistics.median(rep["runs"][n]["items_per_cpu_s"] or 0 for rep in repeats), 3) for n in names
        }
        summary.update(cpu_fit(corpus["articles"], repeats, startup, names))
        summary["load_average"] = round(statistics.mean(r["load"] for rep in repeats for r in rep["runs"].values()), 1)
        summary["driver_ms_per_article"] = {k: v["ms_per_article"] for k, v in driver.items() if k != "articles"}
        result = {"corpus": corpus, "cpus": os.cpu_count(), "small_corpus": startup, "repeats": repeats, "driver": driver,
                  "summary": summary}
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "ray_speed.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(json.dumps(summary, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
