"""tacitus against dateparser on the timex benchmark task, side by side.

    python bench/timex_dateparser.py [--gold PATH] [--limit N]

Both systems read the same rows (id, text, published) of ../shared/gold/timex/dev.jsonl:

- tacitus: :func:`tacitus.timex.find_timexes` with the spaCy parse (as in the pipeline; parse time
  reported separately) and without it;
- dateparser (the test extra pins it): ``dateparser.search.search_dates`` with
  ``RELATIVE_BASE`` = the publication date and ``add_period=True``; each hit becomes a TIMEX3
  DATE value at the period dateparser reports (day -> 2012-04-22, month -> 2012-04,
  year -> 2012, week -> 2012-W16) or a TIME when the hit has a clock time. dateparser has no
  durations, sets or PRESENT_REF, which the scorer counts like any other miss.

Predictions go to bench/out/timex_<system>.pred.jsonl; both are scored with
../shared/gold/score.py; bench/out/timex_compare.json holds the numbers and a table is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
OUT = ROOT / "bench" / "out"

_CLOCK = re.compile(r"\d:\d\d|\d\s*[ap]\.?\s?m\b|\bnoon\b|\bmidnight\b", re.I)


def read_rows(path: Path, limit: int | None) -> list[dict]:
    from tacitus.evaluation import read_rows as read
    from tacitus.evaluation import visible_inputs

    rows = [visible_inputs("timex", r) for r in read(path)]
    return rows[:limit] if limit else rows


def tacitus_predictions(rows: list[dict], use_parse: bool) -> tuple[list[dict], float, float]:
    """Predictions, seconds spent in find_timexes, seconds spent parsing."""
    from tacitus.nlp import parse
    from tacitus.timex import find_timexes

    find_timexes("warm up the compiled rules on 2 May", "2012-04-26")
    parse_s = 0.0
    docs: list = [None] * len(rows)
    if use_parse:
        t = time.perf_counter()
        docs = list(parse([r["text"] or "" for r in rows]))
        parse_s = time.perf_counter() - t
    preds = []
    t = time.perf_counter()
    for row, doc in zip(rows, docs, strict=True):
        found = find_timexes(row["text"] or "", row.get("published"), doc)
        preds.append({"id": row["id"], "timexes": [
            {"start": x.start, "end": x.end, "value": x.value, "type": x.type} for x in found]})
    return preds, time.perf_counter() - t, parse_s


def _value(date: dt.datetime, period: str | None, text: str) -> tuple[str, str]:
    if _CLOCK.search(text) or period == "time":
        return "TIME", date.strftime("%Y-%m-%dT%H:%M")
    if period == "year":
        return "DATE", f"{date.year:04d}"
    if period == "month":
        return "DATE", f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        y, w, _ = date.isocalendar()
        return "DATE", f"{y:04d}-W{w:02d}"
    return "DATE", date.date().isoformat()


def dateparser_predictions(rows: list[dict]) -> tuple[list[dict], float, int]:
    """Predictions, seconds, and the number of documents on which dateparser raised."""
    from dateparser.search import search_dates

    preds, errors = [], 0
    t = time.perf_counter()
    for row in rows:
        text = row["text"] or ""
        settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if row.get("published"):
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(row["published"][:10])
        try:
            hits = search_dates(text, languages=["en"], settings=settings, add_period=True) or []
        except Exception:  # dateparser raises on some inputs; count it and go on
            errors += 1
            hits = []
        timexes, pos = [], 0
        for hit in hits:
            sub, date, period = hit[0], hit[1], hit[2] if len(hit) > 2 else None
            start = text.find(sub, pos)
            if start < 0:
                start = text.find(sub)
            if start < 0 or not sub.strip():
                continue
            pos = start + len(sub)
            type_, value = _value(date, period, sub)
            timexes.append({"start": start, "end": start + len(sub), "value": value, "type": type_})
        preds.append({"id": row["id"], "timexes": timexes})
    return preds, time.perf_counter() - t, errors


def write(path: Path, preds: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")


def score(gold: Path, pred: Path, limit: int | None) -> dict:
    if limit:  # score against the same subset of gold rows
        subset = OUT / "timex_gold_subset.jsonl"
        with open(gold, encoding="utf-8") as f, open(subset, "w", encoding="utf-8") as g:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                g.write(line)
        gold = subset
    out = subprocess.run([sys.executable, str(GOLD / "score.py"), "timex", str(gold), str(pred), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["metrics"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD / "timex" / "dev.jsonl")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    rows = read_rows(args.gold, args.limit)
    n = len(rows)

    systems = {}
    preds, timex_s, parse_s = tacitus_predictions(rows, use_parse=True)
    systems["tacitus"] = (preds, {"seconds": timex_s, "parse_seconds": parse_s})
    preds, timex_s, _ = tacitus_predictions(rows, use_parse=False)
    systems["tacitus_noparse"] = (preds, {"seconds": timex_s, "parse_seconds": 0.0})
    preds, dp_s, errors = dateparser_predictions(rows)
    systems["dateparser"] = (preds, {"seconds": dp_s, "parse_seconds": 0.0, "errors": errors})

    result = {"gold": str(args.gold), "documents": n, "systems": {}}
    for name, (preds, timing) in systems.items():
        path = OUT / f"timex_{name}.pred.jsonl"
        write(path, preds)
        s = score(args.gold, path, args.limit)
        result["systems"][name] = {
            "strict_f1": s["strict"]["f1"], "relaxed_f1": s["relaxed"]["f1"], "value_f1": s["value"]["f1"],
            "type_accuracy": s["type_accuracy"], "date_value_f1": s["date_value"]["f1"],
            "n_pred": s["n_pred"], "n_gold": s["n_gold"],
            "ms_per_doc": 1000 * timing["seconds"] / max(n, 1),
            "parse_ms_per_doc": 1000 * timing["parse_seconds"] / max(n, 1),
            **({"errors": timing["errors"]} if "errors" in timing else {}),
        }
    (OUT / "timex_compare.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(f"timex task, {n} documents ({args.gold})")
    print(f"{'system':<18}{'strict F1':>10}{'relaxed F1':>12}{'value F1':>10}{'type acc':>10}{'ms/doc':>9}"
          f"{'+parse ms/doc':>15}")
    for name, r in result["systems"].items():
        type_acc = r["type_accuracy"] if r["type_accuracy"] is not None else float("nan")
        print(f"{name:<18}{r['strict_f1']:>10.3f}{r['relaxed_f1']:>12.3f}{r['value_f1']:>10.3f}{type_acc:>10.3f}"
              f"{r['ms_per_doc']:>9.2f}{r['parse_ms_per_doc']:>15.1f}")
    print(f"written: {OUT / 'timex_compare.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
