"""Build ``src/tacitus/data/cluster/background_df.tsv``: how many news articles use each word.

    python bench/build_background_df.py [--gold ../shared/gold]

The clusterer weighs words by how rare they are (TF-IDF). A young store has seen too few
articles to know that "police" or "killed" are common; these background counts, from the 840
articles of the attribution task's *train* split (PolNeAR political news), are added to the
store's own counts (:func:`tacitus.cluster.text.idf`). Only words found in at least
``--min-df`` articles are kept: common vocabulary, no names. Deterministic.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from tacitus.cluster.text import story_text, terms

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tacitus" / "data" / "cluster" / "background_df.tsv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--min-df", type=int, default=3)
    args = ap.parse_args(argv)
    path = Path(args.gold) / "attribution" / "train.jsonl"
    df: Counter = Counter()
    n = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            df.update(terms(story_text(row["text"], row.get("title"))).keys())
            n += 1
    kept = sorted((t, c) for t, c in df.items() if c >= args.min_df)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Background document frequencies for tacitus.cluster (built by bench/build_background_df.py\n")
        out.write(f"# from the {n} articles of gold/attribution/train.jsonl; words in >= {args.min_df} articles).\n")
        out.write(f"documents\t{n}\n")
        for t, c in kept:
            out.write(f"{t}\t{c}\n")
    print(f"wrote {len(kept)} words from {n} articles to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
