"""Alerts: new events matching a watchlist are POSTed to a local receiver and logged."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from conftest_serve import (
    TOKEN,
    build_sample_db,
    make_article,
    make_event,
    request,
    start_server,
    stop_server,
)
from tacitus.records import CodedArticle
from tacitus.serve.alerts import AlertDispatcher, post_webhook
from tacitus.serve.worker import run_job
from tacitus.store import Store


class Receiver:
    """A local webhook receiver (http.server in a thread) that records what it is sent."""

    def __init__(self, status: int = 200):
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"path": self.path, "type": self.headers["Content-Type"], "body": json.loads(body)})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver():
    r = Receiver()
    yield r
    r.close()


def closed_port_url() -> str:
    r = Receiver()
    url = r.url
    r.close()
    return url + "/gone"


def new_batch() -> list[CodedArticle]:
    t = ("HOMS, May 6 - Government forces shelled Homs on Monday, activists said. "
         "Rebels threatened to attack Hama.")
    a = make_article(t, title="Shelling in Homs", published="2024-05-07")
    return [CodedArticle(a, (
        make_event(a, "Government forces shelled Homs on Monday, activists said.", "shelled", "ASSAULT",
                   actor=(("Government forces", "Syrian Army", "SYR", "MIL"),),
                   recipient=(("Homs", "Homs residents", "SYR", "CVL"),), date="2024-05-06",
                   place=("Homs", "Homs", "SYR", 34.73, 36.71), sources=(("activists", "anonymous", "said"),)),
        make_event(a, "Rebels threatened to attack Hama.", "threatened", "THREATEN",
                   actor=(("Rebels", "Syrian rebels", "SYR", "REB"),), status="threatened", date="2024-05-06"),
    ))]


def test_matching_events_post_a_webhook_and_are_logged(tmp_path, receiver):
    db = tmp_path / "alerts.db"
    build_sample_db(db)
    with Store(db) as store:
        syria = store.add_watchlist("Syria violence", {"country": "SYR", "category": ["ASSAULT"]}, receiver.url + "/hook")
        threats = store.add_watchlist("Threats", {"status": ["threatened"]})
        broken = store.add_watchlist("Broken hook", {"actor": "Syrian Army"}, closed_port_url())
        store.add_watchlist("France", {"country": "FRA"}, receiver.url + "/france")
        batch = new_batch()
        store.write_batch(batch)
        logged = AlertDispatcher(store).on_batch(batch)
        assert len(logged) == 3  # France matches nothing new

        assert len(receiver.received) == 1
        msg = receiver.received[0]
        assert msg["path"] == "/hook" and msg["type"] == "application/json"
        assert msg["body"]["watchlist"]["name"] == "Syria violence"
        assert msg["body"]["event_ids"] == [batch[0].events[0].id]
        assert msg["body"]["events"][0]["event"] == "ASSAULT"

        log = {a["watchlist_id"]: a for a in store.alerts()}
        assert log[syria["id"]]["delivery"] == "sent" and log[syria["id"]]["http_status"] == 200
        assert log[threats["id"]]["delivery"] == "none"
        assert log[threats["id"]]["event_ids"] == [batch[0].events[1].id]
        assert log[broken["id"]]["delivery"] == "failed" and "could not be reached" in log[broken["id"]]["error"]

        # The same events never alert the same watchlist twice.
        assert AlertDispatcher(store).on_batch(batch) == []
        assert len(receiver.received) == 1


def test_webhook_error_status_is_recorded():
    r = Receiver(status=500)
    try:
        d = post_webhook(r.url, {"x": 1})
    finally:
        r.close()
    assert d.outcome == "failed" and d.http_status == 500
    assert post_webhook("ftp://example.org/", {}).outcome == "failed"


def test_worker_job_runs_ingest_with_the_alert_hook(tmp_path, receiver):
    db = tmp_path / "jobs.db"
    build_sample_db(db)

    def fake_ingest(sources, store, *, workers=1, on_batch=None):
        """Stands in for pipeline.run: writes a batch and calls the hook, as run() does."""
        from tacitus.pipeline import RunSummary

        batch = new_batch()
        counts = store.write_batch(batch)
        on_batch(batch)
        return RunSummary(read=1, ingested=counts.articles, events=counts.events)

    with Store(db) as store:
        store.add_watchlist("Homs", {"place": "Homs"}, receiver.url)
        job = store.add_job("feed", "http://127.0.0.1:9/feed.xml")
        assert store.claim_job()["id"] == job["id"]
        assert store.claim_job() is None
        done = run_job(store, store.job(job["id"]), ingest=fake_ingest)
        assert done["state"] == "done" and done["ingested"] == 1 and done["events"] == 2
        assert [a["watchlist"] for a in store.alerts()] == ["Homs"]
        assert receiver.received[0]["body"]["n_events"] == 1
        # Summaries include the new events as soon as the job is done.
        assert store.stats_totals()["events"] == 13
        # A feed read a moment ago is due again only once its interval has passed.
        assert store.due_feeds(0) == ["http://127.0.0.1:9/feed.xml"]
        assert store.due_feeds(3600) == []

        def broken_ingest(*args, **kwargs):
            raise OSError("disk on fire")

        job = store.add_job("feed", "http://127.0.0.1:9/other.xml")
        store.claim_job()
        failed = run_job(store, store.job(job["id"]), ingest=broken_ingest)
        assert failed["state"] == "failed" and "disk on fire" in failed["error"]


@pytest.mark.slow
def test_upload_is_ingested_by_the_background_worker_while_the_server_answers(tmp_path, receiver):
    """End to end: upload through the API, the worker process codes it with the real pipeline."""
    db = str(tmp_path / "live.db")
    build_sample_db(db)
    url, proc = start_server(db, tmp_path / "server.log", worker=True)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        status, _, _ = request(url + "/api/watchlists", method="POST", headers=auth,
                               body={"name": "everything new", "filters": {}, "webhook": receiver.url})
        assert status == 201
        boundary = "b0undary"
        text = ("CAIRO, June 3 (Reuters) - Egyptian police arrested 20 protesters in Cairo on Monday, "
                "witnesses said. Egypt's foreign minister met his Jordanian counterpart in Amman on Tuesday.")
        payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cairo.txt\"\r\n"
                   f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
        status, _, resp = request(url + "/api/ingest/files", method="POST", raw=payload,
                                  headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 202
        job_id = resp["jobs"][0]["id"]
        deadline = time.monotonic() + 150
        job = None
        while time.monotonic() < deadline:
            status, _, health = request(url + "/api/health")  # the server keeps answering meanwhile
            assert status == 200
            _, _, job = request(url + f"/api/ingest/jobs/{job_id}")
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert job["state"] == "done", (job, (tmp_path / "server.log").read_text()[-3000:])
        # Every input ends up stored or recorded as a failure (the coder may still be incomplete).
        assert job["ingested"] + job["failed"] == 1
        _, _, alerts = request(url + "/api/alerts")
        if job["events"]:
            assert alerts["alerts"][0]["n_events"] == job["events"]
            assert alerts["alerts"][0]["delivery"] == "sent"
            assert receiver.received and receiver.received[0]["body"]["n_events"] == job["events"]
        else:
            assert alerts["alerts"] == []
    finally:
        stop_server(proc)
