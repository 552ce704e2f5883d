"""Corpus runs without Ray: shards, the output layout, resumption, `tacitus load`, corpus formats.

The local engine (`tacitus run --engine local`) writes the same layout as the Ray engine, so these
tests cover everything but Ray itself (tests/test_ray_engine.py runs Ray).
"""

import gzip
import io
import json
import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from tacitus import engines, pipeline
from tacitus.engines import output as layout
from tacitus.engines.shards import FILES, JSONL, PARQUET, plan_shards, read_shard
from tacitus.errors import InputNotFound, OptionalDependencyMissing
from tacitus.records import Article, Failure

EXAMPLES = ROOT / "examples"
TEXTS = ["06_bangladesh_flood_aid.txt", "17_mogadishu_car_bomb.txt", "34_spanish_protesta_agricultores.txt"]


def _records():
    """Two JSON Lines records of examples/batch.jsonl."""
    lines = (EXAMPLES / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:2]]


@pytest.fixture()
def corpus(tmp_path):
    """Three text files (one Spanish), a JSON Lines file with a bad line, a Parquet file with a row without text."""
    src = tmp_path / "corpus"
    (src / "texts").mkdir(parents=True)
    for name in TEXTS:
        shutil.copy(EXAMPLES / name, src / "texts" / name)
    (src / "texts" / "README.md").write_text("Not an article.\n", encoding="utf-8")
    records = _records()
    (src / "wire.jsonl").write_text(json.dumps(records[0]) + "\n{not json\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([records[1], {"id": "empty", "title": "no text", "text": None}]),
                   src / "wire.parquet")
    return src


def _sorted(table) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda r: r["id"])


# ---------------------------------------------------------------------------------------------
# Shards
# ---------------------------------------------------------------------------------------------

def test_plan_shards_groups_single_files_and_keeps_record_files_apart(corpus):
    shards = plan_shards([str(corpus)], files_per_shard=2)
    kinds = [s.kind for s in shards]
    assert kinds == [JSONL, PARQUET, FILES, FILES]  # a folder's files, then its subfolders (as ingest walks)
    origins = [o for s in shards for _, o, _ in s.files]
    assert [o.rsplit("/", 1)[-1] for o in origins] == ["wire.jsonl", "wire.parquet", *TEXTS]  # no README
    assert all(o.startswith(str(corpus)) for o in origins)
    assert [s.id for s in plan_shards([str(corpus)], files_per_shard=2)] == [s.id for s in shards]
    (corpus / "wire.jsonl").write_text("{}\n", encoding="utf-8")  # the file changed: its shard is new
    again = plan_shards([str(corpus)], files_per_shard=2)
    assert again[0].id != shards[0].id and [s.id for s in again[1:]] == [s.id for s in shards[1:]]


def test_missing_source_raises_before_anything_is_written(tmp_path):
    with pytest.raises(InputNotFound):
        engines.run_corpus([str(tmp_path / "nope")], str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_read_shard_uses_the_ingest_readers(corpus):
    from tacitus.ingest import article_from_record, items_from_file

    shards = {s.kind: s for s in plan_shards([str(corpus)], files_per_shard=10)}
    text_items = list(read_shard(shards[FILES]))
    expected = [i for name in TEXTS for i in items_from_file(corpus / "texts" / name)]
    assert text_items == expected
    assert isinstance(text_items[2], Failure) and text_items[2].outcome == "skipped"

    jsonl = list(read_shard(shards[JSONL]))
    assert jsonl == list(items_from_file(corpus / "wire.jsonl"))
    assert isinstance(jsonl[1], Failure) and jsonl[1].origin.endswith("wire.jsonl:2")

    rows = list(read_shard(shards[PARQUET]))
    origin = str(corpus / "wire.parquet")
    assert rows[0] == article_from_record(_records()[1], origin=f"{origin}#1")
    assert isinstance(rows[1], Failure) and rows[1].origin == f"{origin}#2" and rows[1].code == "T104"


def test_uri_and_gzip_inputs_read_like_local_files(tmp_path, corpus):
    gz = tmp_path / "gz"
    gz.mkdir()
    with gzip.open(gz / "wire.jsonl.gz", "wb") as f:
        f.write((corpus / "wire.jsonl").read_bytes())
    shutil.copy(corpus / "texts" / TEXTS[0], gz / TEXTS[0])
    uri = f"file://{gz}/"
    shards = plan_shards([uri])
    assert [s.kind for s in shards] == [FILES, JSONL]
    assert shards[0].files[0][0] == f"file://{gz}/{TEXTS[0]}"
    (text,) = read_shard(shards[0])
    (local,) = read_shard(plan_shards([str(gz / TEXTS[0])])[0])
    assert text.text == local.text and text.id == local.id and text.origin == shards[0].files[0][1]
    records = list(read_shard(shards[1]))
    assert isinstance(records[0], Article) and records[0].external_id == _records()[0]["id"]
    assert isinstance(records[1], Failure) and records[1].origin.endswith("wire.jsonl.gz:2")
    with pytest.raises(InputNotFound):
        plan_shards([f"file://{gz}/*.warc.gz"])


def test_warc_pages_are_read_as_fetched_pages(tmp_path):
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from tacitus.ingest import items_from_bytes

    html = (EXAMPLES / "44_un_rights_council_sudan_mission.html").read_bytes()
    url = "https://ledger.example/sudan-mission"
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)

        def response(target, status, content_type, body):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        request = StatusAndHeaders("GET /sudan-mission HTTP/1.1", [("Host", "ledger.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        response(url, "200 OK", "text/html; charset=utf-8", html)
        response("https://ledger.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        response("https://ledger.example/gone", "404 Not Found", "text/html", b"<html>gone</html>")

    (shard,) = plan_shards([str(path)])
    assert shard.kind == "warc"
    page, image = read_shard(shard)
    (expected,) = items_from_bytes(html, origin=f"{path}#1", kind="html", url=url, charset="utf-8")
    assert page == expected  # the page names its canonical URL, else the WARC target URI
    assert isinstance(image, Failure) and image.code == "T102" and image.origin == f"{path}#2"


# ---------------------------------------------------------------------------------------------
# Runs, resumption, loading
# ---------------------------------------------------------------------------------------------

@pytest.fixture()
def done_run(corpus, tmp_path, nlp):
    out = tmp_path / "out"
    report = engines.run_corpus([str(corpus)], str(out), engine="local", files_per_shard=2)
    return corpus, out, report


def test_local_run_writes_the_pipeline_output_per_shard(done_run):
    corpus, out, report = done_run
    assert (report.shards, report.committed, report.resumed) == (4, 4, 0)
    assert (report.articles, report.failed, report.skipped) == (4, 2, 1)
    expected = [r for r in pipeline.extract([str(corpus / "texts"), str(corpus / "wire.jsonl")])]
    events = sorted((e for r in expected if not isinstance(r, Failure) for e in r.events), key=lambda e: e.id)
    parquet = [r for r in read_shard(plan_shards([str(corpus / "wire.parquet")])[0]) if isinstance(r, Article)]
    events += [e for c in pipeline.code_batch(parquet) for e in c.events]
    assert events, "the corpus has events"
    from tacitus.export import parquet_table

    assert _sorted(engines.read_table(str(out), "events")) == _sorted(parquet_table(events))
    assert report.events == len(events)
    for table in layout.TABLES:  # one file per shard and table, committed by the manifest
        assert len(list((out / table).glob("*.parquet"))) == 4
    assert len(list((out / "_manifest").glob("*.json"))) == 4
    assert json.loads((out / "_run.json").read_text())["committed"] == 4
    failures = engines.read_table(str(out), "failures").to_pylist()
    assert sorted(f["code"] for f in failures) == ["T104", "T104", "T108"]
    articles = engines.read_table(str(out), "articles").to_pylist()
    assert len(articles) == 4 and any(a["places"] for a in articles)


def test_rerun_skips_committed_shards_and_redoes_the_rest(done_run):
    corpus, out, _ = done_run
    before = _sorted(engines.read_table(str(out), "events"))
    lost = sorted((out / "_manifest").glob("*.json"))[0]  # as if killed before this shard's commit
    lost.unlink()
    (out / "_tmp" / f"{lost.stem}.events.parquet").write_bytes(b"half-written")
    again = engines.run_corpus([str(corpus)], str(out), engine="local", files_per_shard=2)
    assert (again.resumed, again.committed) == (3, 1)
    assert _sorted(engines.read_table(str(out), "events")) == before
    assert not list((out / "_tmp").iterdir())
    import pyarrow.dataset as ds

    assert ds.dataset(str(out / "events")).count_rows() == len(before)  # no stray partition files
    nothing = engines.run_corpus([str(corpus)], str(out), engine="local", files_per_shard=2)
    assert (nothing.resumed, nothing.committed) == (4, 0)


def test_load_is_idempotent(done_run, tmp_path):
    from tacitus.records import to_export
    from tacitus.store import Store

    _, out, report = done_run
    with Store(tmp_path / "t.db") as store:
        first = engines.load_output(str(out), store)
        again = engines.load_output(str(out), store)
        stored = sorted((to_export(e) for e in store.events()), key=lambda e: e["id"])
        attempts = store.conn.execute("SELECT SUM(attempts), COUNT(*) FROM failures").fetchone()
        places = store.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    assert (first.shards, first.articles, first.events, first.failures) == (4, 4, report.events, 3)
    assert (again.articles, again.events, again.failures, again.already_stored) == (0, 0, 0, 4)
    assert tuple(attempts) == (3, 3)
    exported = _sorted(engines.read_table(str(out), "events"))
    for e in stored:
        e["cluster"], e["sources"] = None, None  # set by clustering in the store
    assert stored == [{**e, "cluster": None, "sources": None} for e in exported]
    n_places = sum(len([p for p in a["places"] if p["start"] is not None])
                   for a in engines.read_table(str(out), "articles").to_pylist())
    assert places == n_places


def test_output_to_a_uri(corpus, tmp_path, nlp):
    out = f"file://{tmp_path}/uri-out"
    report = engines.run_corpus([str(corpus / "wire.parquet")], out)
    assert report.committed == 1 and (tmp_path / "uri-out" / "_manifest").is_dir()
    assert engines.read_table(out, "articles").num_rows == 1


def test_ray_engine_without_ray_says_how_to_get_it(monkeypatch, corpus, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as when it is not installed
    with pytest.raises(OptionalDependencyMissing, match=r"tacitus\[ray\]") as err:
        engines.run_corpus([str(corpus)], str(tmp_path / "out"), engine="ray")
    assert err.value.code == "T402"
    assert not (tmp_path / "out").exists()

    from tacitus.cli import main

    monkeypatch.setattr(sys, "argv", ["tacitus", "run", "--engine", "ray", "--input", str(corpus),
                                      "--out", str(tmp_path / "out")])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    assert "pip install 'tacitus[ray]'" in capsys.readouterr().err


def test_sink_takes_each_item_once_and_each_text_once(tmp_path):
    from tacitus.engines.output import Output, ShardSink, result_rows
    from tacitus.engines.shards import Shard
    from tacitus.records import CodedArticle, article_id

    out = Output(str(tmp_path))
    out.prepare()
    sink = ShardSink(out, [Shard("s1", JSONL, ()), Shard("s2", JSONL, ())], engine="test")
    one, two = (CodedArticle(Article(id=article_id(t), text=t)) for t in ("one", "two"))
    bad = Failure(origin="x.jsonl:3", outcome="failed", code="T104", reason="Line 3 is not valid JSON.")
    sink.add_rows(result_rows([("s1", 0, one), ("s1", 1, two)]))
    sink.add_rows(result_rows([("s1", 1, two), ("s1", 0, one), ("s1", 3, None)]))  # a retried batch; the end
    assert sink.unfinished == ["s1", "s2"]
    sink.add_rows(result_rows([("s1", 2, bad), ("s2", 0, one), ("s2", 1, None), ("s1", 2, bad)]))
    assert sink.unfinished == []
    sink.add_rows(result_rows([("s1", 0, one)]))  # late rows of a committed shard change nothing
    sink.close()
    first, second = sorted(sink.entries, key=lambda e: e["shard"])
    assert (first["items"], first["articles"], first["failed"], first["duplicates"]) == (3, 2, 1, 0)
    assert (second["items"], second["articles"], second["duplicates"]) == (1, 0, 1)
    assert sorted(engines.read_table(str(tmp_path), "articles").column("text").to_pylist()) == ["one", "two"]
    assert engines.read_table(str(tmp_path), "failures").column("origin").to_pylist() == ["x.jsonl:3"]
