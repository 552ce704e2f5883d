"""Agreement of the actor resolver with the gold actors of the events task.

For each gold actor and recipient of ``shared/gold/events/dev.jsonl`` whose text is found in the
sentence, the covering token span is resolved with :func:`tacitus.actors.resolve_span` (with the
sentence's :class:`Mentions`) and its country and sector are compared with the gold ones. This
measures the resolver alone, on spans given by the gold; the events task measures the whole coder.

    .venv/bin/python bench/actors_agreement.py [GOLD.jsonl] [--show N] [--json]

Countries are compared after folding UNO/EUR to IGO (the gold uses the legacy codes). Sector
agreement is over gold mentions with a sector.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tacitus.actors import Mentions, legacy_code, load_kb, resolve_span
from tacitus.nlp import parse

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "events" / "dev.jsonl"


def find_span(doc, text: str, mention: str) -> tuple[int, int] | None:
    """Token range of the first occurrence of ``mention`` in ``text`` (for "A ... B" the part before
    the ellipsis), or None."""
    piece = mention.split("..")[0].strip(" .")
    if not piece:
        return None
    at = text.find(piece)
    if at < 0:
        at = text.lower().find(piece.lower())
    if at < 0:
        return None
    end = at + len(piece)
    toks = [t.i for t in doc if t.idx < end and t.idx + len(t.text) > at]
    return (toks[0], toks[-1] + 1) if toks else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("--show", type=int, default=0, help="print up to N disagreements")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    kb = load_kb()
    stats: Counter = Counter()
    misses: list[str] = []
    for row, doc in zip(rows, parse([r["text"] for r in rows]), strict=True):
        mentions = Mentions.build(doc, kb, row.get("published"))
        for event in row["events"]:
            for role in ("actor", "recipient"):
                for g in event[role]:
                    if not g.get("text"):
                        continue
                    stats["mentions"] += 1
                    span = find_span(doc, row["text"], g["text"])
                    if span is None:
                        stats["not_found"] += 1
                        continue
                    ent = resolve_span(doc, span[0], span[1], kb=kb, date=row.get("published"), mentions=mentions)
                    country = legacy_code(ent.country) if ent else None
                    sector = ent.sector if ent else None
                    stats["resolved"] += 1
                    ok_country = country == g["country"]
                    stats["country_ok"] += ok_country
                    if g.get("sector"):
                        stats["with_sector"] += 1
                        stats["sector_ok"] += sector == g["sector"]
                        if ok_country:
                            stats["sector_ok_and_country_ok"] += sector == g["sector"]
                    if not ok_country or (g.get("sector") and sector != g["sector"]):
                        misses.append(
                            f"{g['text']!r}: gold {g['country']}/{g['sector']} got {country}/{sector}"
                            f"  [{row['text'][:90]}]"
                        )
    result = {
        "mentions": stats["mentions"],
        "not_found": stats["not_found"],
        "country_agreement": round(stats["country_ok"] / max(stats["resolved"], 1), 3),
        "sector_agreement": round(stats["sector_ok"] / max(stats["with_sector"], 1), 3),
        "sector_and_country_agreement": round(stats["sector_ok_and_country_ok"] / max(stats["with_sector"], 1), 3),
        "with_sector": stats["with_sector"],
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:32} {v}")
        for line in misses[: args.show]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
