"""End-to-end: `tacitus ingest` into a real database, bad input, SIGKILL mid-run and re-run."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

TACITUS = [sys.executable, "-m", "tacitus"]

ARTICLE = """---
title: Clashes near {town}
published: 2024-05-{day:02d}
source: Coastline Wire
---
Government troops attacked rebel positions near {town} on Monday, killing at least {n} fighters,
a military spokesman said. The rebels accused the army of shelling villages. Report number {i}.
"""


def run(args, db, **kw):
    return subprocess.run([*TACITUS, *args, "--db", str(db)], capture_output=True, text=True, timeout=600, **kw)


def write_articles(folder, count):
    folder.mkdir()
    towns = ["Kidal", "Gao", "Mopti", "Timbuktu"]
    for i in range(count):
        text = ARTICLE.format(town=towns[i % 4], day=1 + i % 28, n=3 + i, i=i)
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")


def counts(db):
    conn = sqlite3.connect(db)
    try:
        a = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
        e = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM events").fetchone()
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return a, e, ok


def test_ingest_then_query(tmp_path):
    src = tmp_path / "in"
    write_articles(src, 3)
    db = tmp_path / "t.db"
    r = run(["ingest", str(src), "--quiet"], db)
    assert r.returncode == 0, r.stderr
    assert "ingested 3 articles" in r.stdout
    again = run(["ingest", str(src), "--quiet"], db)
    assert "ingested 0 articles" in again.stdout and "3 already stored" in again.stdout
    out = run(["events", "--format", "jsonl", "--category", "ASSAULT"], db)
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert events and all(e["event"] == "ASSAULT" for e in events)
    assert any(c["code"] == "MLI" or c["sector"] == "MIL" for e in events for c in e["actor"])


def test_bad_inputs_become_failures_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    write_articles(src, 1)
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "latin1.txt").write_bytes("Les rebelles ont attaqué la ville de Gao.".encode("latin-1"))
    (src / "bad.jsonl").write_text('{"id": "1", "text": "Troops attacked the rebels in Gao on Monday."}\n{not json\n')
    (src / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>")
    (src / "huge.txt").write_text("Troops attacked the rebels. " * 800_000)
    (src / "spanish.txt").write_text(
        "El gobierno anunció el lunes que las tropas atacaron las posiciones de los rebeldes cerca de la "
        "frontera, y que al menos doce combatientes murieron durante los enfrentamientos en la región."
    )
    db = tmp_path / "t.db"
    r = run(["ingest", str(src), "--quiet"], db)
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    rows = {os.path.basename(o.split(":")[0]): (outcome, reason)
            for o, outcome, reason in conn.execute("SELECT origin, outcome, reason FROM failures")}
    for name in ("empty.txt", "binary.txt", "latin1.txt", "bad.jsonl", "nothing.html", "huge.txt", "spanish.txt"):
        assert name in rows, (name, rows)
        assert rows[name][1], name
    assert rows["spanish.txt"][0] == "skipped"
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2  # a000.txt and the good JSONL line
    assert "failed" in r.stdout and "skipped" in r.stdout


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run(["ingest", str(tmp_path / "empty.txt"), "--quiet"], tmp_path / "t.db")
    assert r.returncode != 0
    assert "nothing could be read" in r.stderr


def test_missing_path_is_a_usage_error(tmp_path):
    r = run(["ingest", str(tmp_path / "nope")], tmp_path / "t.db")
    assert r.returncode == 2
    assert "nope" in r.stderr


@pytest.mark.slow
def test_sigkill_mid_run_loses_and_duplicates_nothing(tmp_path):
    src = tmp_path / "in"
    total = 60
    write_articles(src, total)
    db = tmp_path / "t.db"
    proc = subprocess.Popen([*TACITUS, "ingest", str(src), "--db", str(db), "--batch-size", "4", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = counts(db)[0][0]
            except sqlite3.Error:
                continue
            if stored >= 8:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    (a_total, a_distinct), (e_total, e_distinct), ok = counts(db)
    assert ok == "ok"
    assert 0 < a_total < total
    assert a_total == a_distinct and e_total == e_distinct
    r = run(["ingest", str(src), "--quiet"], db)
    assert r.returncode == 0, r.stderr
    (a_total, a_distinct), (e_total, e_distinct), ok = counts(db)
    assert ok == "ok"
    assert a_total == a_distinct == total
    assert e_total == e_distinct
    conn = sqlite3.connect(db)
    per_article = conn.execute("SELECT COUNT(*) FROM articles WHERE n_events != "
                               "(SELECT COUNT(*) FROM events e WHERE e.article_id = articles.id)").fetchone()[0]
    assert per_article == 0  # every article's events were written with it, none half-written
