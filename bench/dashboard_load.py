"""Dashboard first-load time in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Starts ``tacitus serve`` (no worker) on a database (by default the 1,000,000-event one from
``bench/gen_events.py``), then opens the dashboard in a fresh browser context (empty cache) several
times and measures the time from navigation to the app's "rendered" mark (``body[data-ready]``,
set once the timeline, map, network, totals and event table have all drawn). Writes
``bench/out/dashboard_load.json`` and a screenshot ``bench/out/dashboard-large.png``.

    .venv/bin/python bench/dashboard_load.py --db bench/out/bench.db --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_api import start_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="bench/out/bench.db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="bench/out/dashboard_load.json")
    args = ap.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"No database at {args.db}: run bench/gen_events.py first.")
    from playwright.sync_api import sync_playwright

    base, proc = start_server(args.db)
    runs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(args.runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                errors = []
                page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                t0 = time.perf_counter()
                page.goto(base + "/")
                page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
                ms = (time.perf_counter() - t0) * 1000
                nav = page.evaluate("() => JSON.stringify(performance.getEntriesByType('navigation')[0])")
                dom_ms = json.loads(nav).get("domContentLoadedEventEnd")
                runs.append({"run": i + 1, "first_load_ms": round(ms, 1),
                             "dom_content_loaded_ms": round(dom_ms, 1) if dom_ms else None, "errors": errors})
                print(f"run {i + 1}: {ms:.0f} ms to rendered dashboard", flush=True)
                if i == 0:
                    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(args.out).parent / "dashboard-large.png"), full_page=True)
                context.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    times = [r["first_load_ms"] for r in runs]
    out = {"db": args.db, "runs": runs, "median_ms": round(statistics.median(times), 1), "max_ms": max(times),
           "first_run_ms": times[0], "target_ms": 2000}
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"median {out['median_ms']} ms, max {out['max_ms']} ms; wrote {args.out}")


if __name__ == "__main__":
    main()
