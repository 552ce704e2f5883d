"""Shared set-up for the serve tests: a small hand-built database and a real server process.

The database is written through ``Store.write_batch`` from hand-built records, so these tests do
not depend on the coder. One article carries script and HTML injection in its title, text and
actor names. Import the fixtures into a test module with
``from conftest_serve import served, sample_db  # noqa: F401``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tacitus.records import (
    Article,
    Attribution,
    CodedArticle,
    Entity,
    Event,
    Evidence,
    FieldSpan,
    Place,
    Size,
    Span,
    When,
    article_id,
    event_id,
)
from tacitus.store import Store

TOKEN = "test-token-0123456789"
INJECTION = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
QUADS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "REQUEST": 1, "COOPERATE": 2, "AID": 2,
         "RETREAT": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
         "COERCE": 4, "ASSAULT": 4}


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def make_article(text: str, *, title: str, published: str, source: str = "Reuters", url: str | None = None) -> Article:
    return Article(id=article_id(text), text=text, title=title, published=published, source=source, url=url,
                   language="en", origin=f"test:{title[:20]}")


def make_event(
    art: Article, sentence: str, trigger: str, category: str, *, actor: tuple = (), recipient: tuple = (),
    status: str = "occurred", date: str | None = None, place: tuple | None = None, dead: tuple | None = None,
    sources: tuple = (), mode: str | None = None, n: int = 0,
) -> Event:
    """An event located in ``art.text``: ``actor``/``recipient`` are (text, name, country, sector) tuples,
    ``place`` is (text, name, country, lat, lon), ``dead`` is (text, min), ``sources`` are (speaker, kind, cue)."""
    s0, s1 = _span(art.text, sentence)
    t0, t1 = _span(art.text, trigger, s0)
    spans = [FieldSpan("trigger", t0, t1, trigger)]

    def entities(items, role):
        out = []
        for text, name, country, sector in items:
            e0, e1 = _span(art.text, text, s0)
            spans.append(FieldSpan(role, e0, e1, text, 0.9))
            out.append(Entity(text=text, name=name, country=country, sector=sector, start=e0, end=e1))
        return tuple(out)

    actors = entities(actor, "actor")
    recipients = entities(recipient, "recipient")
    where = None
    if place:
        p0, p1 = _span(art.text, place[0], s0)
        spans.append(FieldSpan("where", p0, p1, place[0], 0.8))
        where = Place(text=place[0], name=place[1], country=place[2], lat=place[3], lon=place[4],
                      precision="city", start=p0, end=p1)
    # "2024-01-15" is a day; "2024-05" and a week inside one month ("2024-W03") are month precision
    when = When(value=date or art.published, precision=("day" if len(date) == 10 else "month") if date else "unknown")
    sizes = ()
    if dead:
        d0, d1 = _span(art.text, dead[0], s0)
        spans.append(FieldSpan("size", d0, d1, dead[0]))
        sizes = (Size(kind="dead", min=dead[1], text=dead[0], qualifier="at_least", start=d0, end=d1),)
    chain = []
    for speaker, kind, cue in sources:
        a0, a1 = _span(art.text, speaker, s0)
        c0, c1 = _span(art.text, cue, s0)
        spans.append(FieldSpan("attribution", a0, a1, speaker))
        chain.append(Attribution(speaker=speaker, kind=kind, cue=cue, start=a0, end=a1, cue_start=c0, cue_end=c1))
    chain.append(Attribution(speaker=art.source or "unknown", kind="publisher"))
    return Event(
        id=event_id(art.id, t0, category, n), article_id=art.id, category=category, mode=mode,
        quad=QUADS[category], actor=actors, recipient=recipients, status=status, when=when, where=where,
        sizes=sizes, attribution=tuple(chain),
        evidence=Evidence(sentence=sentence, sentence_start=s0, sentence_end=s1, trigger=Span(t0, t1, trigger),
                          spans=tuple(sorted(spans, key=lambda s: s.start))),
        published=art.published, publisher=art.source, url=art.url,
    )


def sample_coded() -> list[CodedArticle]:
    """Six articles, eleven events, across five months; one article carries injection attempts."""
    out = []

    t = ("BAGHDAD, March 10 (Reuters) - Iraqi forces attacked Camp Ashraf near Baghdad on Sunday, killing at "
         "least 26 residents, officials told Reuters. Iran welcomed the raid.")
    a = make_article(t, title="Iraqi forces raid camp near Baghdad", published="2024-03-11", url="https://example.org/a")
    s1 = ("Iraqi forces attacked Camp Ashraf near Baghdad on Sunday, killing at least 26 residents, "
          "officials told Reuters.")
    out.append(CodedArticle(a, (
        make_event(a, s1, "attacked", "ASSAULT", actor=(("Iraqi forces", "Iraq Military", "IRQ", "MIL"),),
                   recipient=(("residents", "Camp Ashraf residents", "IRN", "OPP"),), date="2024-03-10",
                   place=("Baghdad", "Baghdad", "IRQ", 33.34, 44.40), dead=("at least 26", 26),
                   sources=(("officials", "anonymous", "told"),)),
        make_event(a, "Iran welcomed the raid.", "welcomed", "SUPPORT", actor=(("Iran", "Iran", "IRN", "GOV"),),
                   date="2024-03-11"),
    )))

    t = ("TEHRAN, March 12 - Iran demanded that Iraq hand over the camp's residents, state media said. "
         "Tehran threatened to close the border if Baghdad refused.")
    a = make_article(t, title="Iran demands handover of camp residents", published="2024-03-12", source="AFP")
    out.append(CodedArticle(a, (
        make_event(a, "Iran demanded that Iraq hand over the camp's residents, state media said.", "demanded",
                   "REQUEST", actor=(("Iran", "Iran", "IRN", "GOV"),), recipient=(("Iraq", "Iraq", "IRQ", "GOV"),),
                   date="2024-03-12", sources=(("state media", "outlet", "said"),)),
        make_event(a, "Tehran threatened to close the border if Baghdad refused.", "threatened", "THREATEN",
                   actor=(("Tehran", "Iran", "IRN", "GOV"),), recipient=(("Baghdad", "Iraq", "IRQ", "GOV"),),
                   status="threatened", date="2024-03-12", place=("Tehran", "Tehran", "IRN", 35.69, 51.39)),
    )))

    t = ("PARIS, Nov 4 - Thousands of farmers protested outside parliament in Paris on Saturday against "
         "new fuel taxes.")
    a = make_article(t, title="Farmers protest fuel taxes in Paris", published="2023-11-05", source="AP")
    out.append(CodedArticle(a, (
        make_event(a, "Thousands of farmers protested outside parliament in Paris on Saturday against new fuel taxes.",
                   "protested", "PROTEST", actor=(("farmers", "French farmers", "FRA", "CVL"),),
                   recipient=(("parliament", "French Parliament", "FRA", "GOV"),), date="2023-11-04",
                   place=("Paris", "Paris", "FRA", 48.86, 2.35)),
    )))

    t = ("GENEVA, Jan 15 - The United Nations delivered food aid to Aleppo on Monday. The United States and "
         "China held talks in Geneva on trade.")
    a = make_article(t, title="UN delivers aid to Aleppo", published="2024-01-16", source="Reuters")
    out.append(CodedArticle(a, (
        make_event(a, "The United Nations delivered food aid to Aleppo on Monday.", "delivered", "AID",
                   actor=(("United Nations", "United Nations", "UNO", "IGO"),),
                   recipient=(("Aleppo", "Syria", "SYR", "CVL"),), date="2024-01-15",
                   place=("Aleppo", "Aleppo", "SYR", 36.20, 37.16)),
        make_event(a, "The United States and China held talks in Geneva on trade.", "held talks", "CONSULT",
                   actor=(("United States", "United States", "USA", "GOV"),),
                   recipient=(("China", "China", "CHN", "GOV"),), date="2024-W03",  # its Monday: 2024-01-15
                   place=("Geneva", "Geneva", "CHE", 46.20, 6.14)),
    )))

    t = ("DAMASCUS, Feb 2 - " + INJECTION + " Rebels shelled Damascus <b>overnight</b>, activists said. "
         "The government accused <i>rebels</i> of the attack.")
    a = make_article(t, title=INJECTION + " Shelling in Damascus", published="2024-02-03", source="<b>Evil</b> News")
    out.append(CodedArticle(a, (
        make_event(a, "Rebels shelled Damascus <b>overnight</b>, activists said.", "shelled", "ASSAULT",
                   actor=(("Rebels", INJECTION, "SYR", "REB"),), recipient=(("Damascus", "Syria", "SYR", "GOV"),),
                   date="2024-02-02", place=("Damascus", "Damascus", "SYR", 33.51, 36.29),
                   sources=(("activists", "anonymous", "said"),)),
        make_event(a, "The government accused <i>rebels</i> of the attack.", "accused", "ACCUSE",
                   actor=(("The government", "Syria", "SYR", "GOV"),), recipient=(("<i>rebels</i>", "Syrian rebels", "SYR", "REB"),),
                   date="2024-02-02"),
    )))

    t = ("KABUL, April 20 - Police arrested 12 protesters in Kabul on Friday. Officials said troops would "
         "withdraw from the province next month.")
    a = make_article(t, title="Arrests in Kabul", published="2024-04-21", source="AP")
    out.append(CodedArticle(a, (
        make_event(a, "Police arrested 12 protesters in Kabul on Friday.", "arrested", "COERCE",
                   actor=(("Police", "Afghan Police", "AFG", "COP"),), recipient=(("protesters", "protesters", "AFG", "CVL"),),
                   date="2024-04-19", place=("Kabul", "Kabul", "AFG", 34.53, 69.17)),
        make_event(a, "Officials said troops would withdraw from the province next month.", "withdraw", "RETREAT",
                   actor=(("troops", "Afghan Army", "AFG", "MIL"),), status="planned", date="2024-05"),
    )))
    return out


def build_sample_db(path: str | os.PathLike) -> dict:
    """Write the sample articles to a new database at ``path``; returns ids the tests look up."""
    coded = sample_coded()
    with Store(path) as store:
        store.write_batch(coded)
        store.refresh_stats()
    return {
        "assault": coded[0].events[0].id,
        "article": coded[0].article.id,
        "injection_article": coded[4].article.id,
        "injection_event": coded[4].events[0].id,
        "n_events": sum(len(c.events) for c in coded),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    db: str
    ids: dict
    process: subprocess.Popen
    log: Path

    def get(self, path: str, **kw):
        return request(self.url + path, **kw)


def request(url: str, *, method: str = "GET", body=None, headers=None, raw: bytes | None = None):
    """(status, headers, parsed JSON or bytes) for one HTTP request; HTTP errors are returned, not raised."""
    data = raw
    hdrs = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, rh, content = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, rh, content = e.code, e.headers, e.read()
    if (rh.get("Content-Type") or "").startswith("application/json"):
        return status, rh, json.loads(content)
    return status, rh, content


def start_server(db: str, log: Path, *, token: str | None = TOKEN, extra: tuple = (), worker: bool = False) -> tuple:
    port = free_port()
    cmd = [sys.executable, "-c", "from tacitus.cli import main; main()", "serve", "--db", db, "--port", str(port)]
    if token:
        cmd += ["--token", token]
    if not worker:
        cmd.append("--no-worker")
    cmd += list(extra)
    env = {k: v for k, v in os.environ.items() if k != "TACITUS_TOKEN"}
    out = open(log, "w")  # noqa: SIM115 - closed by stop_server
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tacitus serve exited: {log.read_text()}")
        try:
            status, _, _ = request(url + "/api/health")
            if status == 200:
                return url, proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"tacitus serve did not start: {log.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> tuple[str, dict]:
    path = tmp_path_factory.mktemp("serve") / "sample.db"
    ids = build_sample_db(path)
    return str(path), ids


@pytest.fixture(scope="module")
def served(sample_db, tmp_path_factory):
    """A real ``tacitus serve`` process on a free loopback port, with a write token, no worker."""
    db, ids = sample_db
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    url, proc = start_server(db, log)
    yield Server(url=url, db=db, ids=ids, process=proc, log=log)
    stop_server(proc)
