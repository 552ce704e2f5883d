"""Make docs/images/dashboard.png: the dashboard over the bundled sample articles.

    .venv/bin/python docs/screenshot.py        (or: make screenshot)

Codes ``examples/`` into a fresh database in a temporary folder (the `make demo` job), serves it
with ``tacitus serve`` on a free loopback port and takes a full-page screenshot in Debian's
headless Chromium, driven by Playwright (both come with ``make install-test``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images" / "dashboard.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TACITUS = [sys.executable, "-c", "from tacitus.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"tacitus serve exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"tacitus serve did not answer at {url} within {seconds:.0f} s")


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is needed: make system-deps")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        subprocess.run([*TACITUS, "ingest", "--db", db, "--quiet", str(ROOT / "examples")], check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*TACITUS, "serve", "--db", db, "--port", str(port), "--no-worker"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(url, server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(url + "/")
                page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
                page.screenshot(path=str(OUT), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
