"""Build a synthetic tacitus database of N events (default 1,000,000) for the serving benchmarks.

Writes straight into the store schema with ``executemany`` in large transactions (the coder is not
involved), with realistic skew: a growing number of events per day over 2015-2025, Zipf-like
country and category frequencies, mostly domestic dyads, mostly occurred events, and places
jittered around real capitals. Then folds the summary tables and runs ANALYZE.

    .venv/bin/python bench/gen_events.py --events 1000000 --db bench/out/bench.db

Deterministic for a given --seed. Prints what it wrote and the time taken; writes
``bench/out/gen_events.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tacitus import __version__
from tacitus.records import Event, to_export
from tacitus.store import Store, date_range

QUADS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "REQUEST": 1, "COOPERATE": 2, "AID": 2,
         "RETREAT": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
         "COERCE": 4, "ASSAULT": 4}
# Relative frequencies, roughly as news-derived event data has them: talk dominates, then violence.
CATEGORY_WEIGHTS = {"CONSULT": 20, "ASSAULT": 14, "ACCUSE": 9, "SUPPORT": 8, "REQUEST": 7, "COERCE": 7,
                    "AGREE": 6, "COOPERATE": 5, "AID": 4, "PROTEST": 4, "THREATEN": 4, "REJECT": 3,
                    "MOBILIZE": 3, "SANCTION": 2, "CONCEDE": 2, "RETREAT": 2}
VERBS = {"CONSULT": "met", "ASSAULT": "attacked", "ACCUSE": "accused", "SUPPORT": "praised", "REQUEST": "urged",
         "COERCE": "arrested", "AGREE": "agreed with", "COOPERATE": "signed a deal with", "AID": "sent aid to",
         "PROTEST": "protested against", "THREATEN": "threatened", "REJECT": "rejected", "MOBILIZE": "deployed near",
         "SANCTION": "sanctioned", "CONCEDE": "released", "RETREAT": "withdrew from"}
STATUS_WEIGHTS = {"occurred": 70, "ongoing": 5, "planned": 6, "threatened": 4, "requested": 5, "denied": 3,
                  "hypothetical": 3, "future": 4}
SECTORS = {"GOV": ("government", 35), "MIL": ("army", 18), "COP": ("police", 12), "REB": ("rebels", 8),
           "OPP": ("opposition", 7), "CVL": ("civilians", 12), "JRN": ("journalists", 3), "BUS": ("firms", 5)}
# Capitals (ISO alpha-3, name, lat, lon): facts, for plausible points on the map.
COUNTRIES = [
    ("USA", "United States", "Washington", 38.90, -77.04), ("RUS", "Russia", "Moscow", 55.76, 37.62),
    ("CHN", "China", "Beijing", 39.90, 116.40), ("UKR", "Ukraine", "Kyiv", 50.45, 30.52),
    ("SYR", "Syria", "Damascus", 33.51, 36.29), ("IRQ", "Iraq", "Baghdad", 33.34, 44.40),
    ("IRN", "Iran", "Tehran", 35.69, 51.39), ("ISR", "Israel", "Jerusalem", 31.77, 35.21),
    ("PSE", "Palestine", "Ramallah", 31.90, 35.20), ("AFG", "Afghanistan", "Kabul", 34.53, 69.17),
    ("PAK", "Pakistan", "Islamabad", 33.68, 73.05), ("IND", "India", "New Delhi", 28.61, 77.21),
    ("TUR", "Turkey", "Ankara", 39.93, 32.86), ("GBR", "United Kingdom", "London", 51.51, -0.13),
    ("FRA", "France", "Paris", 48.86, 2.35), ("DEU", "Germany", "Berlin", 52.52, 13.40),
    ("NGA", "Nigeria", "Abuja", 9.08, 7.40), ("EGY", "Egypt", "Cairo", 30.04, 31.24),
    ("YEM", "Yemen", "Sanaa", 15.37, 44.19), ("SAU", "Saudi Arabia", "Riyadh", 24.71, 46.68),
    ("LBY", "Libya", "Tripoli", 32.89, 13.19), ("SDN", "Sudan", "Khartoum", 15.50, 32.56),
    ("SOM", "Somalia", "Mogadishu", 2.05, 45.32), ("ETH", "Ethiopia", "Addis Ababa", 9.03, 38.74),
    ("COD", "DR Congo", "Kinshasa", -4.32, 15.31), ("MLI", "Mali", "Bamako", 12.64, -8.00),
    ("MEX", "Mexico", "Mexico City", 19.43, -99.13), ("COL", "Colombia", "Bogota", 4.71, -74.07),
    ("VEN", "Venezuela", "Caracas", 10.48, -66.90), ("BRA", "Brazil", "Brasilia", -15.79, -47.88),
    ("PRK", "North Korea", "Pyongyang", 39.04, 125.76), ("KOR", "South Korea", "Seoul", 37.57, 126.98),
    ("JPN", "Japan", "Tokyo", 35.68, 139.69), ("MMR", "Myanmar", "Naypyidaw", 19.76, 96.08),
    ("PHL", "Philippines", "Manila", 14.60, 120.98), ("IDN", "Indonesia", "Jakarta", -6.21, 106.85),
    ("LBN", "Lebanon", "Beirut", 33.89, 35.50), ("JOR", "Jordan", "Amman", 31.95, 35.93),
    ("KEN", "Kenya", "Nairobi", -1.29, 36.82), ("ZAF", "South Africa", "Pretoria", -25.75, 28.19),
    ("POL", "Poland", "Warsaw", 52.23, 21.01), ("BLR", "Belarus", "Minsk", 53.90, 27.57),
    ("ARM", "Armenia", "Yerevan", 40.18, 44.51), ("AZE", "Azerbaijan", "Baku", 40.41, 49.87),
    ("GEO", "Georgia", "Tbilisi", 41.72, 44.79), ("HTI", "Haiti", "Port-au-Prince", 18.54, -72.34),
    ("BFA", "Burkina Faso", "Ouagadougou", 12.37, -1.52), ("NER", "Niger", "Niamey", 13.51, 2.11),
    ("SSD", "South Sudan", "Juba", 4.85, 31.58), ("CAF", "Central African Republic", "Bangui", 4.39, 18.56),
]
IGOS = [("UNO", "United Nations"), ("EUR", "European Union"), ("NGO", "Red Cross")]
PUBLISHERS = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "DW", "The Guardian", "Anadolu", "Xinhua", "TASS",
              "Kyiv Independent", "Times of India", "Dawn", "Premium Times", "Daily Nation", "El Tiempo",
              "Yonhap", "Kyodo", "Rudaw", "Asharq Al-Awsat"]
SPEAKERS = [("officials", "anonymous", "said"), ("witnesses", "anonymous", "told"), ("the ministry", "official", "said"),
            ("activists", "anonymous", "said"), ("a spokesman", "official", "announced"), ("state media", "outlet", "reported")]
START, END = date(2015, 1, 1), date(2025, 12, 31)
EVENTS_PER_ARTICLE = 4


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def make_days(rng: random.Random) -> tuple[list[str], list[float]]:
    """Every day of the period, weighted by a growth trend and a weekday dip."""
    days, weights = [], []
    total = (END - START).days + 1
    for i in range(total):
        d = START + timedelta(days=i)
        days.append(d.isoformat())
        weights.append((1 + 2 * i / total) * (0.7 if d.weekday() >= 5 else 1.0))
    return days, weights


def prototype() -> dict:
    """The export form of one event, to copy the field layout from."""
    return to_export(Event(id="e", article_id="a", category="CONSULT"))


def generate(n_events: int, db: str, seed: int = 7, batch_articles: int = 5000) -> dict:
    rng = random.Random(seed)
    days, day_w = make_days(rng)
    cum_day = list(_cumulative(day_w))
    cats = list(CATEGORY_WEIGHTS)
    cum_cat = list(_cumulative(CATEGORY_WEIGHTS.values()))
    statuses = list(STATUS_WEIGHTS)
    cum_status = list(_cumulative(STATUS_WEIGHTS.values()))
    cum_country = list(_cumulative(zipf_weights(len(COUNTRIES))))
    sectors = list(SECTORS)
    cum_sector = list(_cumulative(v[1] for v in SECTORS.values()))
    proto = prototype()

    def pick(items, cum):
        return items[_bisect(cum, rng.random() * cum[-1])]

    def party(country):
        if rng.random() < 0.04:
            code, name = rng.choice(IGOS)
            return {"text": name, "name": name, "country": code, "sector": "IGO"}
        sector = pick(sectors, cum_sector)
        label = SECTORS[sector][0]
        name = f"{country[1]} {label}".title() if sector != "GOV" else f"Government of {country[1]}"
        text = f"{country[1]}'s {label}" if sector != "GOV" else f"the {country[1]} government"
        return {"text": text, "name": name, "country": country[0], "sector": sector}

    started = time.monotonic()
    path = Path(db)
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(db)
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    n_articles = math.ceil(n_events / EVENTS_PER_ARTICLE)
    written = 0
    art_rows, ev_rows, ent_rows = [], [], []
    now = "2026-01-01T00:00:00+00:00"
    for a_i in range(n_articles):
        day = pick(days, cum_day)
        publisher = rng.choice(PUBLISHERS)
        home = pick(COUNTRIES, cum_country)
        article_id = f"a{seed:02d}{a_i:022d}"
        sentences, offset = [], 0
        k = min(EVENTS_PER_ARTICLE, n_events - written)
        for _ in range(k):
            cat = pick(cats, cum_cat)
            status = pick(statuses, cum_status)
            src_country = home if rng.random() < 0.8 else pick(COUNTRIES, cum_country)
            dst_country = src_country if rng.random() < 0.5 else pick(COUNTRIES, cum_country)
            actor, recipient = party(src_country), party(dst_country)
            place_country = src_country if rng.random() < 0.7 else dst_country
            located = rng.random() < 0.8
            lat = round(place_country[3] + rng.gauss(0, 1.5), 4) if located else None
            lon = round(place_country[4] + rng.gauss(0, 1.5), 4) if located else None
            place_name = (place_country[2] if rng.random() < 0.6 else f"{place_country[1]} province {rng.randint(1, 9)}") if located else None
            speaker = rng.choice(SPEAKERS)
            verb = VERBS[cat]
            where = f" in {place_name}" if located else ""
            sentence = f"{actor['text'].capitalize()} {verb} {recipient['text']}{where} on {_weekday(day)}, {speaker[0]} {speaker[2]}."
            s0 = offset
            t0 = s0 + len(actor["text"]) + 1
            ev_id = f"e{seed:02d}{written:022d}"
            dated = rng.random() < 0.85
            event_day = day if dated else None
            precision = "day" if dated else "unknown"
            start, end = date_range(event_day)
            rec = dict(proto)
            rec.update(
                id=ev_id, article_id=article_id, event=cat, quad_code=QUADS[cat], status=status,
                intensity=None, mode=None, cameo=None,
                actor=[_entity(actor, s0)], recipient=[_entity(recipient, t0 + len(verb) + 1)],
                when={"value": event_day or day, "precision": precision, "text": None, "start": None, "end": None},
                event_loc={"extracted_place": place_name, "resolved_place": place_name, "geonameid": None, "lat": lat,
                           "lon": lon, "province": None, "country_code": place_country[0], "resolution": "city",
                           "feature_code": None, "start": None, "end": None, "reason": None, "confidence": 1.0}
                if located else None,
                attribution=[{"speaker": speaker[0], "kind": speaker[1], "name": None, "country": None, "sector": None,
                              "kb_id": None, "cue": speaker[2], "start": None, "end": None, "cue_start": None,
                              "cue_end": None},
                             {"speaker": publisher, "kind": "publisher", "name": None, "country": None, "sector": None,
                              "kb_id": None, "cue": None, "start": None, "end": None, "cue_start": None, "cue_end": None}],
                evidence={"sentence": sentence, "sentence_start": s0, "sentence_end": s0 + len(sentence),
                          "trigger": {"start": t0, "end": t0 + len(verb), "text": verb}, "spans": [], "status_cue": None},
                published=day, publisher=publisher, url=None, date=event_day,
            )
            ev_rows.append((
                ev_id, article_id, cat, None, None, QUADS[cat], None, status, 0, event_day, precision, start, end,
                start or day, day, place_name, place_country[0] if located else None, None, lat, lon,
                "city" if located else None, None, sentence, None, 1.0, json.dumps(rec, ensure_ascii=False),
            ))
            for role, ent in (("actor", actor), ("recipient", recipient)):
                ent_rows.append((ev_id, role, 0, ent["text"], ent["name"], ent["country"], ent["sector"], None, None))
            sentences.append(sentence)
            offset += len(sentence) + 1
            written += 1
        text = " ".join(sentences)
        art_rows.append((article_id, None, f"{home[1]}: {VERBS[cats[0]]} and more", text, day, None, publisher, "en",
                         "bench", None, None, "[]", now, __version__, k))
        if len(art_rows) >= batch_articles or written >= n_events:
            _flush(conn, art_rows, ev_rows, ent_rows)
            art_rows, ev_rows, ent_rows = [], [], []
            print(f"\r{written:,} events", end="", file=sys.stderr, flush=True)
        if written >= n_events:
            break
    print(file=sys.stderr)
    write_s = time.monotonic() - started
    t = time.monotonic()
    folded = store.rebuild_stats()
    stats_s = time.monotonic() - t
    t = time.monotonic()
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    analyze_s = time.monotonic() - t
    store.close()
    return {"events": written, "articles": a_i + 1, "db": db, "seed": seed, "write_s": round(write_s, 1),
            "stats_s": round(stats_s, 1), "analyze_s": round(analyze_s, 1), "folded": folded,
            "db_bytes": path.stat().st_size}


def _entity(e: dict, start: int) -> dict:
    return {"entity_text": e["text"], "name": e["name"], "code": e["country"], "sector": e["sector"],
            "identifier_id": None, "office": None, "kind": None, "start": start, "end": start + len(e["text"]),
            "confidence": 1.0}


def _flush(conn, art_rows, ev_rows, ent_rows) -> None:
    with conn:
        conn.executemany("INSERT INTO articles (id, external_id, title, text, published, url, source, language, origin, "
                         "dateline, translated_from, source_notes, ingested_at, coder_version, n_events) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", art_rows)
        conn.executemany("INSERT INTO events (id, article_id, category, mode, cameo, quad, intensity, status, historical, "
                         "date, date_precision, date_start, date_end, day, published, place_name, place_country, admin1, "
                         "lat, lon, place_precision, geonames_id, sentence, cluster_id, confidence, record) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ev_rows)
        conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ent_rows)


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _weekday(day: str) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[date.fromisoformat(day).weekday()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default="bench/out/bench.db")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    result = generate(args.events, args.db, args.seed)
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "gen_events.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
