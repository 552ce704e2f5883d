"""The dashboard in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

Screenshots go to ``test-artifacts/`` (gitignored). The docs' screenshot is made by docs/screenshot.py
over the sample articles, not by these tests.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

import pytest

from conftest_serve import INJECTION, TOKEN, sample_db, served  # noqa: F401

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (`make system-deps` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A browser page that records console errors, page errors and failed requests."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        self.page.on("request", lambda r: None if r.url.startswith(base) else self.problems.append(f"off-site: {r.url}"))

    def open(self, fragment: str = "") -> None:
        self.page.goto(self.base + "/" + fragment)
        self.wait_ready()

    def wait_ready(self, previous: str | None = None) -> None:
        """Wait until the app has rendered the current route (body[data-ready] changes)."""
        if previous is None:
            self.page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)
        else:
            self.page.wait_for_selector(f"body:not([data-ready='{previous}'])", state="attached", timeout=20_000)
            self.page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)

    def ready_mark(self) -> str:
        return self.page.get_attribute("body", "data-ready") or ""

    def navigate(self, action) -> None:
        mark = self.ready_mark()
        action()
        self.wait_ready(mark)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def page(browser, served):  # noqa: F811
    p = Page(browser, served.url)
    yield p
    p.close()


def test_dashboard_renders_timeline_map_network_and_table(page, served):  # noqa: F811
    page.open()
    pg = page.page
    assert pg.locator("#timeline svg rect.bar").count() >= 5
    assert pg.locator("#map svg path.land").count() > 150  # the shipped country boundaries
    assert pg.locator("#map svg .pt").count() >= 1
    assert pg.locator("#network circle.node").count() >= 4
    assert pg.locator("#events tbody tr").count() == served.ids["n_events"]
    assert "11" in pg.locator("#totals").inner_text()
    page.shot("dashboard.png")
    assert page.problems == []


def test_date_column_keeps_the_servers_date_order_and_reverses_it(page, served):  # noqa: F811
    """A week ("2024-W03") sorts by its first day, not as text (which would put it after "2024-05")."""
    from conftest_serve import request

    _, _, body = request(served.url + "/api/events?order=desc&limit=50")
    newest_first = [e["id"] for e in body["events"]]
    page.open()
    pg = page.page

    def shown() -> list[str]:
        return [r.get_attribute("data-id") for r in pg.locator("#events tbody tr").all()]

    assert shown() == newest_first
    pg.click("#events th[data-col='0']")
    assert shown() == newest_first[::-1]
    pg.click("#events th[data-col='1']")  # another column sorts by its text
    categories = [t.split("\t")[1] for t in pg.locator("#events tbody tr").all_inner_texts()]
    assert categories == sorted(categories)
    assert page.problems == []


def test_filter_by_actor_and_date_then_open_an_event(page):
    page.open()
    pg = page.page
    pg.fill("#f-actor", "Iran")
    pg.fill("#f-since", "2024-03-12")
    pg.fill("#f-until", "2024-03-31")
    page.navigate(lambda: pg.click("#f-apply"))
    assert "actor=Iran" in pg.url and "since=2024-03-12" in pg.url
    rows = pg.locator("#events tbody tr")
    assert rows.count() == 2
    texts = rows.all_inner_texts()
    assert all("Iran" in t and "2024-03-12" in t for t in texts)
    assert {re.search(r"(REQUEST|THREATEN)", t).group(1) for t in texts} == {"REQUEST", "THREATEN"}
    page.shot("filtered.png")

    page.navigate(lambda: pg.click("#events tbody tr:has-text('THREATEN') a >> nth=0"))
    assert "#/event/" in pg.url
    evidence = pg.locator("mark#evidence")
    assert evidence.is_visible()
    assert evidence.inner_text() == "Tehran threatened to close the border if Baghdad refused."
    assert pg.locator("mark#evidence .f-trigger").inner_text() == "threatened"
    assert pg.locator("mark#evidence .f-actor").first.inner_text() == "Tehran"
    assert pg.locator("mark#evidence .f-where").first.inner_text() == "Tehran"
    assert pg.locator("#chain li").count() == 1 and "AFP" in pg.locator("#chain").inner_text()
    page.shot("event.png")
    assert page.problems == []


def test_event_page_shows_every_span_and_the_attribution_chain(page, served):  # noqa: F811
    page.open(f"#/event/{served.ids['assault']}")
    pg = page.page
    assert pg.locator("mark#evidence").inner_text().startswith("Iraqi forces attacked Camp Ashraf")
    for field, text in (("trigger", "attacked"), ("actor", "Iraqi forces"), ("recipient", "residents"),
                        ("where", "Baghdad"), ("size", "at least 26"), ("attribution", "officials")):
        assert pg.locator(f"mark#evidence .f-{field}").first.inner_text() == text, field
    assert pg.locator("#chain li").all_inner_texts() == ["officials (anonymous, told)", "→ Reuters (publisher)"] or \
        [t.lstrip("→ ").strip() for t in pg.locator("#chain li").all_inner_texts()] == ["officials (anonymous, told)", "Reuters (publisher)"]
    assert pg.locator("#spans tbody tr").count() >= 7
    assert page.problems == []


def test_script_and_html_in_articles_are_shown_as_text(page, served):  # noqa: F811
    pg = page.page
    for fragment in (f"#/article/{served.ids['injection_article']}", f"#/event/{served.ids['injection_event']}",
                     "#/", "#/actors", "#/events?" + urllib.parse.urlencode({"country": "SYR"})):
        page.open(fragment) if fragment.startswith("#/article") else page.navigate(lambda f=fragment: pg.goto(page.base + "/" + f))
        assert pg.evaluate("() => window.__pwned") is None, fragment
        assert pg.locator("img[src=x]").count() == 0, fragment
        assert pg.locator("script").count() == 1, fragment  # only the app's own module
        # No element was made from the article's own markup (<b>Evil</b>, <b>overnight</b>, <i>rebels</i>).
        assert pg.locator("b:text-is('Evil'), b:text-is('overnight'), i:text-is('rebels')").count() == 0, fragment
        if fragment.startswith("#/article"):
            assert INJECTION in pg.locator("#article-title").inner_text()
            assert "<b>overnight</b>" in pg.locator("#article-text").inner_text()
            page.shot("injection-article.png")
    assert INJECTION in pg.locator("#events").inner_text()
    assert page.problems == []


def test_views_link_to_the_events_behind_them(page):
    page.open()
    pg = page.page
    page.navigate(lambda: pg.locator("#timeline rect.bar[data-period='2024-03'][data-key='4']").click())
    assert "#/events?" in pg.url and "since=2024-03-01" in pg.url and "until=2024-03-31" in pg.url
    assert pg.locator("#events tbody tr").count() == 1
    assert "ASSAULT" in pg.locator("#events tbody").inner_text()

    page.navigate(lambda: pg.goto(page.base + "/#/"))
    cluster = pg.locator("#map .cluster")
    assert cluster.count() >= 1  # zoomed out, nearby events cluster
    page.navigate(lambda: cluster.first.click())
    assert "bbox=" in pg.url
    assert pg.locator("#events tbody tr").count() == int(re.search(r"(\d+)", pg.locator("#count").inner_text() or "0").group(1)) or \
        pg.locator("#events tbody tr").count() >= 2

    page.navigate(lambda: pg.goto(page.base + "/#/"))
    page.navigate(lambda: pg.locator("#network circle.node[data-name='Iran']").click())
    assert pg.locator("#actor-name").inner_text() == "Iran"
    page.shot("actor.png")
    assert page.problems == []


def test_save_a_watchlist_from_the_filters(page):
    page.open()
    pg = page.page
    pg.fill("#f-country", "SYR")
    page.navigate(lambda: pg.click("#f-save"))
    assert "#/watchlists?country=SYR" in pg.url
    pg.fill("#wl-token", TOKEN)
    pg.fill("#wl-name", "Syria watch")
    page.navigate(lambda: pg.click("#wl-save"))
    assert "Syria watch" in pg.locator("#watchlists").inner_text()
    assert "country=SYR" in pg.locator("#watchlists").inner_text()
    page.shot("watchlists.png")
    assert page.problems == []
