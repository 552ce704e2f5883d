"""Run every benchmark task of ../shared/gold through `tacitus eval` and the reference scorer.

    python bench/run_all.py [--tasks events timex ...] [--skip-speed]

For each task, predictions go to bench/out/<task>.pred.jsonl, the scorer's JSON to
bench/out/<task>.score.json; a summary of all tasks (with the run time of each) is written to
bench/results.json and the table between the markers in BENCHMARKS.md is regenerated.
The speed benchmark (bench/speed.py) runs last unless --skip-speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
BENCHMARKS = ROOT / "BENCHMARKS.md"
TACITUS = [sys.executable, "-m", "tacitus"]

TASKS = ("events", "penta", "timex", "geo", "factuality", "attribution", "casualties", "dedup",
         "event_location", "india_police")

#: (metric path in the scorer's JSON, label, target from the issues, higher is better)
HEADLINES = {
    "events": [("category.f1", "category F1", 0.80, True), ("event.f1", "event F1", 0.65, True),
               ("sector_accuracy", "sector accuracy", 0.75, True)],
    "penta": [("macro_f1", "macro-F1 (5-fold CV)", 0.80, True), ("accuracy", "accuracy (5-fold CV)", None, True),
              ("rule_only_macro_f1", "macro-F1, rules only (no learning)", None, True)],
    "timex": [("value.f1", "value F1", 0.75, True), ("strict.f1", "strict F1", None, True),
              ("relaxed.f1", "relaxed F1", None, True), ("type_accuracy", "type accuracy", None, True)],
    "geo": [("recognition.f1", "recognition F1", 0.80, True), ("acc_at_161km", "Acc@161km", 0.80, True),
            ("median_error_km", "median error km", None, False)],
    "factuality": [("mae", "MAE", 0.50, False), ("pearson_r", "Pearson r", 0.70, True)],
    "attribution": [("cue.f1", "cue F1", 0.80, True), ("source.f1", "source F1", 0.65, True),
                    ("content_token_f1_on_matched", "content token F1", None, True),
                    ("with_encoder.cue.f1", "cue F1, `--attribution-encoder minilm`", 0.80, True),
                    ("with_encoder.source.f1", "source F1, `--attribution-encoder minilm`", 0.65, True)],
    "casualties": [("killed_accuracy", "killed accuracy", 0.85, True),
                   ("injured_accuracy", "injured accuracy", 0.80, True),
                   ("incident_date_accuracy", "incident-date accuracy", None, True),
                   ("article_alone.killed_accuracy", "killed accuracy, each article read alone", None, True),
                   ("article_alone.injured_accuracy", "injured accuracy, each article read alone", None, True)],
    "dedup": [("bcubed.f1", "B-cubed F1", 0.85, True), ("pairwise.f1", "pairwise F1", 0.60, True)],
    "event_location": [("accuracy", "accuracy", 0.75, True)],
    "india_police": [("eb_f1", "example-based F1", 0.60, True), ("micro.f1", "micro F1", None, True)],
}


def gold_file(task: str) -> Path:
    # penta has only a visible train split: scored on it (see BENCHMARKS.md for cross-validation).
    return GOLD / task / ("train.jsonl" if task == "penta" else "dev.jsonl")


def pick(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def run_penta_cv() -> dict:
    """penta has only a training split and a learned model: nested 5-fold cross-validation on it
    (bench/train_penta.py), writing a scratch model so that the shipped one is not replaced."""
    t0 = time.perf_counter()
    cv_out = OUT / "penta_cv.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "train_penta.py"), "--out",
                           str(OUT / "penta_model.cv.json"), "--cv-out", str(cv_out)], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"task": "penta", "error": proc.stderr.strip()[-2000:], "seconds": round(seconds, 1)}
    cv = json.loads(cv_out.read_text(encoding="utf-8"))
    scores = {"macro_f1": cv["model_cv"]["macro_f1"], "accuracy": cv["model_cv"]["accuracy"],
              "per_class_f1": cv["model_cv"]["per_class_f1"], "rule_only_macro_f1": cv["rule_only"]["macro_f1"]}
    return {"task": "penta", "gold": cv["file"], "seconds": round(seconds, 1), "scores": scores}


def run_task(task: str) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    if task == "penta":
        return run_penta_cv()
    gold = gold_file(task)
    pred = OUT / f"{task}.pred.jsonl"
    seconds, error = _eval(task, gold, pred)
    try:
        if error is not None:
            raise RuntimeError(error)
        scores = _score(task, gold, pred)
    except RuntimeError as e:
        return {"task": task, "error": str(e), "seconds": seconds}
    if task == "casualties":
        scores["metrics"]["article_alone"] = _score_article_alone(gold, pred)
    if task == "attribution":
        scores["metrics"]["with_encoder"] = _score_with_encoder(gold)
    (OUT / f"{task}.score.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    return {"task": task, "gold": str(gold.relative_to(GOLD.parent)), "seconds": seconds, "scores": scores}


def _eval(task: str, gold: Path, pred: Path, *options: str) -> tuple[float, str | None]:
    """Run `tacitus eval TASK GOLD` into ``pred``: (seconds, the error's last lines or None)."""
    t0 = time.perf_counter()
    proc = subprocess.run([*TACITUS, "eval", task, str(gold), "--out", str(pred), "--quiet", *options],
                          capture_output=True, text=True)
    seconds = round(time.perf_counter() - t0, 1)
    return seconds, (proc.stderr.strip()[-2000:] if proc.returncode != 0 else None)


def _score(task: str, gold: Path, pred: Path) -> dict:
    """The reference scorer's JSON for ``pred`` (RuntimeError with its message if it fails)."""
    proc = subprocess.run([sys.executable, str(GOLD / "score.py"), task, str(gold), str(pred), "--json"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("scorer: " + proc.stderr.strip()[-2000:])
    return json.loads(proc.stdout)


def _score_with_encoder(gold: Path) -> dict:
    """attribution again with the optional sentence encoder (tacitus.attribution.context), with
    its own run time; an error (tacitus[encoder] not installed) is reported in its place."""
    pred = OUT / "attribution.encoder.pred.jsonl"
    seconds, error = _eval("attribution", gold, pred, "--attribution-encoder", "minilm")
    if error is not None:
        return {"error": error[-500:], "seconds": seconds}
    return {**_score("attribution", gold, pred)["metrics"], "seconds": seconds}


def _score_article_alone(gold: Path, pred: Path) -> dict:
    """casualties predictions agree across the reports of one incident; this scores the figures
    each article gives on its own (``article_killed``, ``article_injured``), for comparison."""
    alone = OUT / "casualties.article.pred.jsonl"
    with pred.open(encoding="utf-8") as src, alone.open("w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            row["killed"], row["injured"] = row.get("article_killed"), row.get("article_injured")
            dst.write(json.dumps(row) + "\n")
    return _score("casualties", gold, alone)["metrics"]


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def table(results: dict) -> str:
    lines = ["| task | split | metric | tacitus | target | met | time (s) |",
             "|---|---|---|---|---|---|---|"]
    for task in TASKS:
        r = results.get("tasks", {}).get(task)
        if r is None:
            continue
        split = "train (CV)" if task == "penta" else "dev"
        if "error" in r:
            lines.append(f"| {task} | {split} | error | {r['error'][:80]} | | | {r['seconds']} |")
            continue
        metrics = r["scores"].get("metrics", r["scores"])
        for path, label, target, higher in HEADLINES[task]:
            v = pick(metrics, path)
            # a second run inside the task (with_encoder) has its own time
            seconds = pick(metrics, path.split(".")[0] + ".seconds") or r["seconds"]
            met = ""
            if target is not None and isinstance(v, (int, float)):
                met = "yes" if (v >= target if higher else v <= target) else "no"
            tgt = "" if target is None else ("≥ " if higher else "≤ ") + str(target)
            lines.append(f"| {task} | {split} | {label} | {_fmt(v)} | {tgt} | {met} | {seconds} |")
    return "\n".join(lines)


def _load(name: str) -> dict | None:
    path = OUT / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _source(name: str, script: str) -> str:
    path = OUT / name
    when = dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="minutes")
    return f"From `bench/out/{name}`, written by `{script}` ({when})."


def _section(title: str, name: str, script: str, columns: list[str], note: str = "") -> list[str]:
    """The opening lines of a details table: title, where its numbers come from, header."""
    return [f"### {title}", "", _source(name, script) + note, "", "| " + " | ".join(columns) + " |",
            "|" + "---|" * len(columns)]


def details() -> str:
    """Tables from the scorer's details and from the other benchmark scripts' result files in
    bench/out/ (each section says which script wrote it, and when)."""
    parts: list[str] = []
    ev = _load("events.score.json")
    if ev is not None:
        rows = ["### events: F1 per PLOVER category (dev)", "", "| category | gold | predicted | P | R | F1 |",
                "|---|---|---|---|---|---|"]
        per = ev["metrics"]["per_category"]
        for cat in sorted(per, key=lambda c: -per[c]["gold"]):
            c = per[cat]
            rows.append(f"| {cat} | {c['gold']} | {c['pred']} | {_fmt(c['p'])} | {_fmt(c['r'])} | {_fmt(c['f1'])} |")
        parts.append("\n".join(rows))
    pc = _load("penta_cv.json")
    if pc is not None:
        cv, rules = pc["model_cv"], pc["rule_only"]
        rows = _section(f"penta: nested {cv['folds']}-fold cross-validation on train", "penta_cv.json",
                        "bench/train_penta.py", ["class", "rules only F1", "rules + model F1 (CV)"])
        for k in sorted(cv["per_class_f1"]):
            rows.append(f"| {k} | {_fmt(rules['per_class_f1'].get(k))} | {_fmt(cv['per_class_f1'][k])} |")
        rows.append(f"| macro | {_fmt(rules['macro_f1'])} | {_fmt(cv['macro_f1'])} |")
        parts.append("\n".join(rows))
    tc = _load("timex_compare.json")
    if tc is not None:
        rows = _section("timex: tacitus against dateparser on the same documents", "timex_compare.json",
                        "bench/timex_dateparser.py",
                        ["system", "value F1", "strict F1", "relaxed F1", "type accuracy", "ms/doc"])
        for name, m in tc["systems"].items():
            rows.append(f"| {name} | {_fmt(m['value_f1'])} | {_fmt(m['strict_f1'])} | {_fmt(m['relaxed_f1'])} | "
                        f"{_fmt(m['type_accuracy'])} | {m['ms_per_doc']:.1f} |")
        parts.append("\n".join(rows))
    api1, api4, dash = _load("api_latency_1client.json"), _load("api_latency.json"), _load("dashboard_load.json")
    if api1 is not None:
        rows = _section(f"API latency on {api1['events_in_db']:,} synthetic events (target p95 ≤ 200 ms)",
                        "api_latency_1client.json", "bench/load_api.py",
                        ["request", "p50 ms (1 client)", "p95 ms (1 client)", "p95 ms (4 clients)", "example"],
                        " The database is built by `bench/gen_events.py`; the server is `tacitus serve` on loopback.")
        for k, m in api1["scenarios"].items():
            four = (api4 or {}).get("scenarios", {}).get(k, {}).get("p95_ms", "–")
            rows.append(f"| {k} | {m['p50_ms']} | {m['p95_ms']} | {four} | `{m['example']}` |")
        worst = max(m["p95_ms"] for m in api1["scenarios"].values())
        rows += ["", f"Worst p95 with one client: {worst} ms. With four concurrent clients on the two cores "
                 "some lists exceed 200 ms (column 4)."]
        parts.append("\n".join(rows))
    if dash is not None:
        parts.append("\n".join([
            "### Dashboard first load (headless Chromium, target ≤ 2 s)", "",
            _source("dashboard_load.json", "bench/dashboard_load.py"), "",
            f"Median first load {dash['median_ms']} ms, worst {dash['max_ms']} ms over {len(dash['runs'])} cold "
            f"loads, console errors: {sum(len(r['errors']) for r in dash['runs'])}."]))
    ray = _load("ray_speed.json")
    if ray is not None:
        sm = ray["summary"]
        rows = _section("Ray engine against the local run (2 CPUs, target ≥ 0.8×)", "ray_speed.json",
                        "bench/ray_speed.py", ["configuration", "articles/s (median)", "articles per CPU-second"],
                        f" Corpus: {ray['corpus']['articles']} articles, {ray['corpus']['words']} words.")
        for k, v in sm["items_per_s_median"].items():
            rows.append(f"| {k} | {v} | {sm['items_per_cpu_s_median'][k]} |")
        rows += ["", f"Ray on 2 CPUs over local `--workers 2`: {sm['ray2_over_local2']}×; Ray scaling 1→2 CPUs: "
                 f"{sm['ray_scaling_2_over_1']}×, local: {sm['local_scaling_2_over_1']}× (load average "
                 f"{sm['load_average']} on a shared 2-core machine). The projection for N nodes is in "
                 "[docs/ray.md](docs/ray.md#projection-for-n-nodes)."]
        parts.append("\n".join(rows))
    cs = _load("cluster_scale.json")
    if cs is not None:
        rows = _section("Clustering at scale (synthetic stream, target: the largest within 2× the time per "
                        "article of the smallest)", "cluster_scale.json", "bench/cluster_scale.py",
                        ["articles", "ms/article", "CPU ms/article", "CPU ms/article, last tenth", "B-cubed F1",
                         "pairwise F1"], f" Machine: {cs['machine']['note']}.")
        for r in cs["runs"]:
            a = r["accuracy"]
            rows.append(f"| {r['articles']:,} | {r['ms_per_article']} | {r.get('cpu_ms_per_article', '–')} | "
                        f"{r.get('cpu_ms_per_article_last_tenth', '–')} | {_fmt(a['bcubed_f1'])} | "
                        f"{_fmt(a['pairwise_f1'])} |")
        if "ratio_ms_per_article" in cs:
            rows += ["", f"Time per article, largest over smallest: {cs['ratio_ms_per_article']}× wall clock, "
                     f"{cs['ratio_cpu_ms_per_article']}× CPU time (CPU time is the steadier measure on a shared "
                     "machine)."]
        parts.append("\n".join(rows))
    return "\n\n".join(parts)


def _replace_between(text: str, begin: str, end: str, body: str) -> str:
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def update_benchmarks_md(results: dict) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    stamp = f"Generated by `python bench/run_all.py` on {results['run_at']} ({results['machine']})."
    text = _replace_between(text, "<!-- results:begin -->", "<!-- results:end -->", f"{stamp}\n\n{table(results)}")
    text = _replace_between(text, "<!-- details:begin -->", "<!-- details:end -->", details())
    BENCHMARKS.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", nargs="*", default=list(TASKS), choices=TASKS)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--tables-only", action="store_true",
                    help="only regenerate the BENCHMARKS.md tables from bench/results.json and bench/out/")
    args = ap.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"tasks": {}}
    if args.tables_only:
        update_benchmarks_md(results)
        return
    for task in args.tasks:
        print(f"[bench] {task} ...", file=sys.stderr, flush=True)
        r = run_task(task)
        results["tasks"][task] = r
        head = HEADLINES[task][0]
        print(f"[bench] {task}: {head[1]} = {_fmt(pick(r.get('scores', {}).get('metrics', r.get('scores', {})), head[0]))}"
              f" ({r['seconds']} s){' ERROR ' + r['error'][:300] if 'error' in r else ''}", file=sys.stderr)
        results["run_at"] = dt.datetime.now().isoformat(timespec="seconds")
        results["machine"] = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    update_benchmarks_md(results)
    if not args.skip_speed:
        subprocess.run([sys.executable, str(ROOT / "bench" / "speed.py")], check=False)


if __name__ == "__main__":
    main()
