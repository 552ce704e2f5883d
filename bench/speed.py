"""Speed benchmark: the full tacitus pipeline against spaCy alone on the same texts.

    python bench/speed.py [--articles 500]

Every configuration runs in its own subprocess (so peak memory is its own), one after the other
in one run, and speed is reported as ratios within the run (machines here are noisy):

- spaCy alone (the stock pipeline tacitus loads, as ``spacy.load`` gives it), 1 and 2 processes:
  words/s, articles/s;
- the tacitus pipeline (parse + code, no database), 1 and 2 workers, with the lexicon pass that
  parses only sentences that could hold an event (the default), and with a full parse;
- the tacitus pipeline with the optional attribution encoder (``--attribution-encoder minilm``),
  1 worker;
- the recall the lexicon pass costs: the share of the full-parse events it still finds;
- the share of pipeline time spent in each coding stage (gazetteer/toponyms and dates included).

Texts: the bundled examples/ and the first N articles of ../shared/gold/casualties/dev.jsonl
(local news pages with boilerplate), used here only as a speed corpus. N is 500 by default: the
worker processes' start-up and the per-process caches (lemmas, knowledge-base phrases, gazetteer
lookups) weigh on the first few hundred articles far more than on a real batch job. Writes
bench/out/speed.json and the speed table of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
OUT = ROOT / "bench" / "out"


def corpus(n: int) -> list[dict]:
    from tacitus import ingest
    from tacitus.records import Article

    rows: list[dict] = []
    for item in ingest.iter_inputs([str(ROOT / "examples")]):
        if isinstance(item, Article):
            rows.append({"text": item.text, "published": item.published, "title": item.title})
    with (GOLD / "casualties" / "dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if len(rows) >= n:
                break
            r = json.loads(line)
            rows.append({"text": r["text"], "published": r.get("published"), "title": r.get("title")})
    return rows


def _maxrss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def run_one(config: str, n: int) -> dict:
    """Time one configuration in this process; returns its measurements."""
    from tacitus import nlp, pipeline
    from tacitus.evaluation.common import row_article

    rows = corpus(n)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    timings: dict[str, float] = {}
    keys: list[str] = []
    if not config.startswith("spacy"):
        nlp.load_pipeline()  # loading is not timed
    if config.startswith("spacy"):
        import spacy

        procs = int(config[-1])
        stock = spacy.load(nlp.MODEL)  # spaCy alone: the stock pipeline, as spacy.load gives it
        t0 = time.perf_counter()
        for _ in stock.pipe(texts, batch_size=32, n_process=procs):
            pass
        elapsed = time.perf_counter() - t0
    elif config == "stages":
        from tacitus import coding

        pipeline.warm_up()
        arts = [row_article(r) for r in rows]
        t0 = time.perf_counter()
        docs = list(nlp.parse_articles(arts))
        timings["spacy"] = time.perf_counter() - t0
        for art, doc in zip(arts, docs, strict=True):
            coding.code_document(art, doc, timings=timings)
        elapsed = time.perf_counter() - t0
    else:
        full = config.endswith("-full")
        if config.endswith("-encoder"):
            from tacitus.attribution import context

            context.set_encoder("minilm")
            context.active()  # loading is not timed
        workers = int(config.removesuffix("-full").removesuffix("-encoder")[-1])
        arts = [row_article(r) for r in rows]
        if workers == 1:
            pipeline.warm_up()  # loading is not timed (workers > 1 load in their own processes)
        t0 = time.perf_counter()
        for batch in pipeline.code_articles(arts, workers=workers, full_parse=full):
            for coded in batch:
                for ev in getattr(coded, "events", ()):
                    keys.append(f"{ev.article_id}|{ev.category}|{ev.evidence.trigger.start}")
        elapsed = time.perf_counter() - t0
    return {"config": config, "articles": len(texts), "words": words, "seconds": round(elapsed, 2),
            "words_per_s": round(words / elapsed, 1), "articles_per_s": round(len(texts) / elapsed, 2),
            "peak_rss_mb": _maxrss_mb(), "timings": {k: round(v, 3) for k, v in timings.items()},
            "event_keys": keys}


def _words_kept(n: int) -> float:
    """Share of the corpus's words in the sentences the lexicon pass keeps for parsing."""
    from tacitus.nlp.prefilter import keep_sentences

    texts = [r["text"] for r in corpus(n)]
    kept = sum(len(t[s:e].split()) for t in texts for s, e in keep_sentences(t))
    return kept / sum(len(t.split()) for t in texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.articles)))
        return
    results = {}
    for config in ("spacy-1", "tacitus-1", "tacitus-1-full", "tacitus-1-encoder", "spacy-2", "tacitus-2", "stages"):
        print(f"[speed] {config} ...", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, __file__, "--one", config, "--articles", str(args.articles)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"speed benchmark failed in {config}")
        results[config] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"[speed] {config}: {results[config]['words_per_s']} words/s", file=sys.stderr)
    full = set(results["tacitus-1-full"].pop("event_keys"))
    fast = set(results["tacitus-1"].pop("event_keys"))
    for r in results.values():
        r.pop("event_keys", None)
    st = results["stages"]["timings"]
    total = results["stages"]["seconds"]
    summary = {
        "ratio_1_worker": round(results["tacitus-1"]["words_per_s"] / results["spacy-1"]["words_per_s"], 3),
        "ratio_2_workers": round(results["tacitus-2"]["words_per_s"] / results["spacy-2"]["words_per_s"], 3),
        "scaling_2_workers": round(results["tacitus-2"]["words_per_s"] / results["tacitus-1"]["words_per_s"], 3),
        "ratio_1_worker_encoder": round(
            results["tacitus-1-encoder"]["words_per_s"] / results["spacy-1"]["words_per_s"], 3),
        "ratio_1_worker_full_parse": round(
            results["tacitus-1-full"]["words_per_s"] / results["spacy-1"]["words_per_s"], 3),
        "lexicon_pass_speedup": round(
            results["tacitus-1"]["words_per_s"] / results["tacitus-1-full"]["words_per_s"], 3),
        "lexicon_pass_event_recall": round(len(full & fast) / len(full), 3) if full else None,
        "lexicon_pass_words_kept": round(_words_kept(args.articles), 3),
        "parse_vs_spacy_alone": round(st["spacy"] / results["spacy-1"]["seconds"], 3),
        "stage_share": {k: round(v / total, 3) for k, v in sorted(st.items())},
        "gazetteer_and_dates_share": round((st.get("geo", 0) + st.get("timex", 0)) / total, 3),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "speed.json").write_text(json.dumps({"runs": results, "summary": summary}, indent=2), encoding="utf-8")
    _update_md(results, summary)
    print(json.dumps(summary, indent=2))


def _update_md(results: dict, summary: dict) -> None:
    md = ROOT / "BENCHMARKS.md"
    begin, end = "<!-- speed:begin -->", "<!-- speed:end -->"
    text = md.read_text(encoding="utf-8") if md.exists() else "# Benchmarks\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    r = results
    lines = [
        f"Generated by `python bench/speed.py` ({r['spacy-1']['articles']} articles, {r['spacy-1']['words']} words).",
        "",
        "| configuration | words/s | articles/s | peak RSS (MB) | ratio to spaCy alone |",
        "|---|---|---|---|---|",
    ]
    for cfg, base in (("spacy-1", "spacy-1"), ("tacitus-1", "spacy-1"), ("tacitus-1-full", "spacy-1"),
                      ("tacitus-1-encoder", "spacy-1"), ("spacy-2", "spacy-2"), ("tacitus-2", "spacy-2")):
        x = r[cfg]
        ratio = x["words_per_s"] / r[base]["words_per_s"]
        lines.append(f"| {cfg} | {x['words_per_s']} | {x['articles_per_s']} | {x['peak_rss_mb']} | {ratio:.2f} |")
    lines += ["", f"The lexicon pass (parse only sentences that could hold an event, and their neighbours) "
              f"keeps {summary['lexicon_pass_words_kept']:.0%} of the words of this corpus (local news about "
              f"shootings: nearly every sentence could report an event), speeds the pipeline up "
              f"{summary['lexicon_pass_speedup']}x and keeps {summary['lexicon_pass_event_recall']} of the events "
              f"a full parse finds. tacitus runs spaCy's attribute ruler and lemmatizer from caches (the same "
              f"annotations, `src/tacitus/nlp/cached_rules.py`): its parse takes "
              f"{summary['parse_vs_spacy_alone']:.2f}x the time of spaCy alone.",
              "", "tacitus-1-encoder is tacitus-1 with `--attribution-encoder minilm` (MiniLM reads the "
              "uncertain attribution cue candidates again; docs/attribution.md).",
              "", "Share of pipeline time by stage (1 worker): "
              + ", ".join(f"{k} {v:.1%}" for k, v in summary["stage_share"].items())
              + f"; gazetteer + dates together {summary['gazetteer_and_dates_share']:.1%}."]
    md.write_text(f"{head}{begin}\n" + "\n".join(lines) + f"\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
