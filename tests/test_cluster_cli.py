"""`tacitus clusters` (list, show, stats, update, rebuild) and `tacitus events --dedup` on a real store."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tacitus.cli import _register, cli
from tacitus.records import When
from tacitus.store import Store
from test_cluster import NEXT_WEEK, RADIO, WIRE, ingest, report


@pytest.fixture()
def db(db_path):
    with Store(db_path) as store:
        ingest(store, [report(WIRE, source="Sahel Wire", published="2024-03-05"),
                       report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents", dead=15),
                       report(NEXT_WEEK, source="Sahel Wire", published="2024-03-12", dead=9,
                              when=When(value="2024-03-11", precision="day"))])
    return str(db_path)


def invoke(*args):
    _register()
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_clusters_table_lists_canonical_events_and_source_counts(db):
    out = invoke("clusters", "--db", db)
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["cluster", "date", "event", "where"]
    assert "2 clusters" in out
    first = lines[1].split()
    assert first[1] == "2024-03-04" and first[2].startswith("ASSAULT")
    assert "12-15" in lines[1] or "12–15" in lines[1]


def test_clusters_jsonl_has_every_report(db):
    out = invoke("clusters", "--db", db, "--format", "jsonl", "--min-sources", "2")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 1
    c = records[0]
    assert c["sources"] == 2 and len(c["reports"]) == 2
    assert c["event"]["event"] == "ASSAULT" and c["event"]["cluster"] == c["id"]
    assert sorted(r["outlet"] for r in c["reports"]) == ["Radio Tamani", "Sahel Wire"]


def test_clusters_filters_like_events(db):
    out = invoke("clusters", "--db", db, "--since", "2024-03-10", "--format", "jsonl")
    assert [json.loads(line)["event"]["date"] for line in out.splitlines()] == ["2024-03-11"]


def test_show_and_stats(db):
    cid = json.loads(invoke("clusters", "--db", db, "--format", "jsonl", "-n", "1"))["id"]
    out = invoke("clusters", "show", cid, "--db", db)
    assert "Radio Tamani" in out and "Sahel Wire" in out and "original claimants" in out
    assert "agreed figures: dead 15 (1 of 2 sources)" in out  # a tie: the later report's toll
    stats = invoke("clusters", "stats", "--db", db)
    assert "ASSAULT" in stats and stats.split("ASSAULT")[1].split()[:2] == ["2", "3"]  # 2 events, 3 reports


def test_events_dedup_gives_one_event_per_cluster(db):
    def events(*extra):  # a subprocess: `events` writes JSONL to the binary stdout
        res = subprocess.run([sys.executable, "-m", "tacitus", "events", "--db", db, "--format", "jsonl", *extra],
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        return res.stdout.splitlines()

    every, dedup = events(), events("--dedup")
    assert len(every) == 3 and len(dedup) == 2
    assert {json.loads(line)["sources"] for line in dedup} == {1, 2}


def test_update_and_rebuild(db):
    assert "clustered 0 articles" in invoke("clusters", "update", "--db", db)
    out = invoke("clusters", "rebuild", "--db", db, "--yes", "--quiet")
    assert "clustered 3 articles" in out
    assert "2 clusters" in invoke("clusters", "--db", db)


def test_missing_cluster_is_an_error(db):
    _register()
    res = CliRunner().invoke(cli, ["clusters", "show", "cnope", "--db", db])
    assert res.exit_code != 0 and "no cluster" in res.output
