import dataclasses
import multiprocessing
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import make_article, make_coded, make_event
from tacitus.errors import SchemaTooNew, StoreError
from tacitus.records import CodedArticle, Failure
from tacitus.store import SCHEMA_VERSION, EventQuery, Store, date_range


def test_migrations_apply_once(db_path):
    with Store(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(db_path) as s:
        rows = s.conn.execute("SELECT version FROM migrations ORDER BY version").fetchall()
        assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_newer_schema_is_refused(db_path):
    with Store(db_path) as s:
        s.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNew):
        Store(db_path)


def test_readonly_store_needs_a_database(tmp_path):
    with pytest.raises(StoreError, match="tacitus ingest"):
        Store(tmp_path / "missing.db", readonly=True)


def test_write_is_idempotent(db_path):
    coded = make_coded()
    with Store(db_path) as s:
        first = s.write_batch([coded])
        again = s.write_batch([coded])
        assert (first.articles, first.events) == (1, 2)
        assert (again.articles, again.events, again.duplicates) == (0, 0, 1)
        assert s.stats().events == 2
        assert s.count_events() == 2


def test_events_round_trip(db_path):
    coded = make_coded()
    with Store(db_path) as s:
        s.write_batch([coded])
        stored = sorted(s.events(), key=lambda e: e.id)
    assert stored == sorted(coded.events, key=lambda e: e.id)


def test_failures_are_upserted_and_cleared_on_success(db_path):
    art = make_article(origin="in/a.txt")
    with Store(db_path) as s:
        s.write_batch([], [Failure("in/a.txt", "failed", "T103", "not UTF-8")])
        s.write_batch([], [Failure("in/a.txt", "failed", "T103", "not UTF-8")])
        assert len(s.failures()) == 1
        assert s.conn.execute("SELECT attempts FROM failures").fetchone()[0] == 2
        s.write_batch([CodedArticle(article=art)])
        assert s.failures() == []


def test_filters(db_path):
    coded = make_coded()
    with Store(db_path) as s:
        s.write_batch([coded])
        assert s.count_events(EventQuery(category=("ACCUSE",))) == 1
        assert s.count_events(EventQuery(actor="MLI")) == 2
        assert s.count_events(EventQuery(actor="REB")) == 1
        assert s.count_events(EventQuery(recipient="Rebels")) == 1
        assert s.count_events(EventQuery(status=("planned",))) == 0
        assert s.count_events(EventQuery(since="2024-03-05")) == 0
        assert s.count_events(EventQuery(until="2024-03-04")) == 2
        assert s.count_events(EventQuery(text="condemned")) == 1
        assert s.count_events(EventQuery(text='condemned" OR "x')) == 0  # no FTS syntax injection
        assert s.count_events(EventQuery(bbox=(0, 18, 2, 19))) == 2
        assert s.count_events(EventQuery(bbox=(10, 18, 12, 19))) == 0
        assert s.count_events(EventQuery(place="Kidal")) == 2


def test_cursor_pagination_visits_every_event_once(db_path):
    articles = [make_coded(f"Rebels attacked an army post near Kidal, report {i}. The government condemned it.")
                for i in range(7)]
    with Store(db_path) as s:
        s.write_batch(articles)
        seen, after = [], None
        while True:
            page = list(s.events(EventQuery(limit=3, after=after)))
            if not page:
                break
            seen += [e.id for e in page]
            after = page[-1].id
    assert len(seen) == len(set(seen)) == 14


def test_date_range():
    assert date_range("2011-04") == ("2011-04-01", "2011-04-30")
    assert date_range("2012-02") == ("2012-02-01", "2012-02-29")
    assert date_range("2003") == ("2003-01-01", "2003-12-31")
    assert date_range("2012-04-22") == ("2012-04-22", "2012-04-22")
    assert date_range("2024-W23") == ("2024-06-03", "2024-06-09")  # ISO week, Monday to Sunday
    assert date_range("2012-Q2") == ("2012-04-01", "2012-06-30")
    assert date_range("2012-04-22T10:00") == ("2012-04-22", "2012-04-22")
    assert date_range("XXXX-04") == (None, None)
    assert date_range("PRESENT_REF") == (None, None)
    assert date_range(None) == (None, None)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=5, unique=True))
def test_round_trip_any_text(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("db") / "p.db"
    coded = []
    for t in texts:
        text = t + " Rebels attacked an army post. The government condemned the attack."
        art = make_article(text)
        coded.append(CodedArticle(article=art, events=(make_event(art),)))
    with Store(path) as s:
        s.write_batch(coded)
        s.write_batch(coded)
        ids = {c.article.id for c in coded}
        assert {a.id for a in s.articles()} == ids
        assert s.stats().events == len(ids)
        first: dict = {}  # texts that differ only in spacing and control characters share an id
        for c in coded:
            first.setdefault(c.article.id, c.article)
        for aid, article in first.items():
            assert s.article(aid) == article


def _slow_writer(path, ready, done):
    s = Store(path)
    s.conn.execute("BEGIN IMMEDIATE")
    s.conn.execute("INSERT INTO failures (origin, outcome, code, reason, recorded_at) VALUES ('x','failed','T1','r','t')")
    ready.set()
    done.wait(10)
    s.conn.rollback()
    s.close()


def test_readers_are_not_blocked_by_a_writer_in_another_process(db_path):
    with Store(db_path) as s:
        s.write_batch([make_coded()])
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    p = ctx.Process(target=_slow_writer, args=(str(db_path), ready, done))
    p.start()
    try:
        assert ready.wait(20)
        with Store(db_path, readonly=True) as r:
            assert r.count_events() == 2  # reads the last committed state while the write is open
    finally:
        done.set()
        p.join(20)


def test_queries_use_parameters(db_path):
    with Store(db_path) as s:
        s.write_batch([make_coded()])
        evil = "x'; DROP TABLE events; --"
        assert s.count_events(EventQuery(actor=evil, place=evil, cluster=evil)) == 0
        assert s.count_events() == 2
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2


def test_dedup_keeps_one_event_per_cluster(db_path):
    a = make_coded("Rebels attacked an army post near Kidal. The government condemned the attack.")
    b = make_coded("Rebels attacked an army post near Kidal on Monday. The government condemned the attack.")
    with Store(db_path) as s:
        s.write_batch([a, b])
        ids = [e.id for e in a.events + b.events if e.category == "ASSAULT"]
        s.set_clusters([(i, "c1") for i in ids])
        assert s.count_events(EventQuery(category=("ASSAULT",))) == 2
        assert s.count_events(EventQuery(category=("ASSAULT",), dedup=True)) == 1
        assert {e.cluster for e in s.events(EventQuery(cluster="c1"))} == {"c1"}


def test_event_replace_keeps_frozen_records(db_path):
    ev = make_event()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.category = "AGREE"  # type: ignore[misc]
