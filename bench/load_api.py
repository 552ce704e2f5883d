"""Latency of the serving API on a large store, measured over loopback against a real server.

Starts ``tacitus serve`` (no worker) on the database built by ``bench/gen_events.py``, then sends
each scenario's requests (random but seeded filter values) from ``--clients`` threads, and writes
p50/p95/p99/max per scenario to ``bench/out/api_latency.json``. Bounded: a fixed number of requests
per scenario, every one to 127.0.0.1.

    .venv/bin/python bench/load_api.py --db bench/out/bench.db --requests 200 --clients 4
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

COUNTRIES = ["USA", "RUS", "CHN", "UKR", "SYR", "IRQ", "IRN", "ISR", "AFG", "PAK", "IND", "TUR", "GBR", "FRA",
             "NGA", "EGY", "YEM", "SDN", "MLI", "MEX"]
CATEGORIES = ["CONSULT", "ASSAULT", "ACCUSE", "SUPPORT", "REQUEST", "COERCE", "AGREE", "PROTEST", "THREATEN"]
ACTORS = ["Government of Russia", "Ukraine Army", "Syria Rebels", "Government of Iran", "Nigeria Police",
          "United Nations", "Government of China", "Iraq Civilians"]
WORDS = ["attacked", "protested", "sanctioned", "withdrew", "aid", "arrested", "threatened", "deal"]


def years(rng: random.Random) -> tuple[str, str]:
    y = rng.randint(2015, 2025)
    span = rng.choice([0, 0, 1, 2])
    return f"{y}-01-01", f"{min(y + span, 2025)}-12-31"


def months(rng: random.Random) -> tuple[str, str]:
    y, m = rng.randint(2015, 2025), rng.randint(1, 12)
    return f"{y}-{m:02d}-01", f"{y}-{m:02d}-28"


def span(draw) -> dict:
    """since/until from one draw of ``draw`` (a (since, until) pair)."""
    since, until = draw
    return {"since": since, "until": until}


# Each scenario makes the query string of one request from a seeded generator.
SCENARIOS = {
    # The filtered event list: the dashboard's table and the API's main use.
    "events_country_category_dates": lambda r: {"country": r.choice(COUNTRIES), "category": r.choice(CATEGORIES),
                                                **span(years(r)), "limit": 50},
    "events_category_status_month": lambda r: {"category": r.choice(CATEGORIES), "status": "occurred",
                                               **span(months(r)), "limit": 50},
    "events_actor": lambda r: {"actor": r.choice(ACTORS), "limit": 50},
    "events_text_search": lambda r: {"q": r.choice(WORDS), "limit": 50},
    "events_bbox": lambda r: {"bbox": "30,25,50,40", "since": years(r)[0], "limit": 50},
    "events_unfiltered": lambda r: {"limit": 50},
    # Timeline statistics: what the dashboard draws.
    "timeline_month_by_quad": lambda r: {"interval": "month", "by": "quad"},
    "timeline_week_by_category_filtered": lambda r: {"interval": "week", "by": "category", "category": r.choice(CATEGORIES),
                                                     **span(years(r))},
    "timeline_day_by_status_year": lambda r: {"interval": "day", "by": "status", "status": ["occurred", "planned"],
                                              **span(years(r))},
    "timeline_month_country": lambda r: {"interval": "month", "by": "quad", "country": r.choice(COUNTRIES),
                                         **span(years(r))},
}
PATHS = {name: ("/api/stats/timeline" if name.startswith("timeline") else "/api/events") for name in SCENARIOS}
EXTRA = {  # other calls the dashboard makes on first load, measured the same way
    "dashboard_map": ("/api/map", lambda r: {"limit": 2000}),
    "dashboard_network": ("/api/network", lambda r: {"sample": 2000, "limit": 40}),
    "dashboard_totals": ("/api/stats/totals", lambda r: {}),
    "stats_pairs": ("/api/stats/pairs", lambda r: span(years(r))),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str) -> tuple[str, subprocess.Popen]:
    port = free_port()
    cmd = [sys.executable, "-c", "from tacitus.cli import main; main()", "serve", "--db", db, "--port", str(port),
           "--no-worker"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=5) as r:
                if r.status == 200:
                    return url, proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start")


def get(url: str) -> tuple[int, float, int]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, (time.perf_counter() - t) * 1000, len(body)


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def run_scenario(base: str, path: str, make, n: int, clients: int, seed: int) -> dict:
    rng = random.Random(seed)
    urls = [base + path + "?" + urllib.parse.urlencode(make(rng), doseq=True) for _ in range(n)]
    for u in urls[:3]:  # warm-up: first touches of pages and prepared statements
        get(u)
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    queue = list(urls)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                u = queue.pop()
            status, ms, _ = get(u)
            with lock:
                times.append(ms)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"path": path, "requests": n, "clients": clients, "errors": len(errors),
            "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1), "max_ms": round(max(times), 1),
            "mean_ms": round(statistics.mean(times), 1), "throughput_rps": round(n / wall, 1),
            "example": urls[0].removeprefix(base)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="bench/out/bench.db")
    ap.add_argument("--requests", type=int, default=200, help="requests per scenario")
    ap.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="bench/out/api_latency.json")
    args = ap.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"No database at {args.db}: run bench/gen_events.py first.")
    base, proc = start_server(args.db)
    results = {}
    try:
        with urllib.request.urlopen(base + "/api/stats/totals") as r:
            n_events = json.loads(r.read())["events"]
        for i, (name, make) in enumerate(SCENARIOS.items()):
            results[name] = run_scenario(base, PATHS[name], make, args.requests, args.clients, args.seed + i)
            print(f"{name:40s} p50 {results[name]['p50_ms']:7.1f}  p95 {results[name]['p95_ms']:7.1f} ms", flush=True)
        for i, (name, (path, make)) in enumerate(EXTRA.items()):
            results[name] = run_scenario(base, path, make, max(20, args.requests // 5), args.clients, args.seed + 100 + i)
            print(f"{name:40s} p50 {results[name]['p50_ms']:7.1f}  p95 {results[name]['p95_ms']:7.1f} ms", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    out = {"events_in_db": n_events, "db": args.db, "cpus": os.cpu_count(), "requests_per_scenario": args.requests,
           "clients": args.clients, "target_p95_ms": 200, "scenarios": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
