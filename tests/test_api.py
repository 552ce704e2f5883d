"""The JSON API, against a real ``tacitus serve`` process on a loopback port."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import urllib.parse

import pyarrow.parquet as pq
import pytest

from conftest_serve import TOKEN, request, sample_db, served, start_server, stop_server  # noqa: F401
from tacitus.store import date_range

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def q(**params) -> str:
    return urllib.parse.urlencode(params, doseq=True)


def events(served, **params) -> list[dict]:  # noqa: F811
    status, _, body = served.get("/api/events?" + q(**params))
    assert status == 200, body
    return body["events"]


def names(evs, role="actor") -> set[str]:
    return {en["name"] for e in evs for en in e[role]}


# --- the one error shape --------------------------------------------------------------------------

def assert_error(body, code):
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_every_error_has_one_shape(served):  # noqa: F811
    status, _, body = served.get("/api/no-such-endpoint")
    assert status == 404
    assert_error(body, "not_found")
    status, _, body = served.get("/api/events/e000")
    assert status == 404
    assert_error(body, "not_found")
    status, _, body = served.get("/api/events?category=NOT_A_CATEGORY")
    assert status == 422
    assert_error(body, "invalid_request")
    assert body["error"]["detail"][0]["loc"] == ["query", "category", "0"]
    status, _, body = served.get("/api/events?quad=9")
    assert status == 422
    assert_error(body, "invalid_request")
    status, _, body = served.get("/api/events?limit=501")  # page sizes are bounded
    assert status == 422
    assert_error(body, "invalid_request")
    status, _, body = served.get("/api/stats/timeline?interval=fortnight")
    assert status == 422
    assert_error(body, "invalid_request")
    status, _, body = served.get("/api/events", method="DELETE")
    assert status == 405
    assert_error(body, "method_not_allowed")


def test_openapi_spec_is_published_and_documents_the_error_shape(served):  # noqa: F811
    status, _, spec = served.get("/openapi.json")
    assert status == 200
    assert spec["openapi"].startswith("3.")
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/actors/profile",
                 "/api/stats/timeline", "/api/stats/pairs", "/api/export", "/api/ingest/files", "/api/ingest/feeds",
                 "/api/watchlists", "/api/alerts"):
        assert path in spec["paths"], path
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "422" in spec["paths"]["/api/events"]["get"]["responses"]
    ref = spec["paths"]["/api/events"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/ErrorResponse")


# --- events ---------------------------------------------------------------------------------------

def test_events_filters(served):  # noqa: F811
    assert len(events(served, limit=100)) == served.ids["n_events"]
    assert names(events(served, actor="Iran")) == {"Iran"}
    assert names(events(served, recipient="IRQ"), "recipient") == {"Iraq"}
    assert {e["event"] for e in events(served, country="SYR")} == {"ASSAULT", "ACCUSE", "AID"}
    assert {e["event"] for e in events(served, category=["ASSAULT", "PROTEST"])} == {"ASSAULT", "PROTEST"}
    assert {e["status"] for e in events(served, status="threatened")} == {"threatened"}
    march = events(served, since="2024-03-01", until="2024-03-31")
    assert march and all(e["date"].startswith("2024-03") for e in march)
    assert [e["event_loc"]["resolved_place"] for e in events(served, place="Kabul")] == ["Kabul"]
    in_box = events(served, bbox="40,30,55,40")  # Baghdad and Tehran, not Kabul or Damascus
    assert {e["event_loc"]["resolved_place"] for e in in_box} == {"Baghdad", "Tehran"}
    assert [e["event"] for e in events(served, q="farmers protested")] == ["PROTEST"]
    assert {e["quad_code"] for e in events(served, quad=[4])} == {4}
    assert {e["article_id"] for e in events(served, article=served.ids["article"])} == {served.ids["article"]}
    status, _, body = served.get("/api/events/count?" + q(country="SYR"))
    assert body == {"count": 3}


def test_filters_are_parameters_not_sql(served):  # noqa: F811
    assert events(served, actor="' OR 1=1 --") == []
    assert events(served, q='" OR * NEAR(') == []
    status, _, _ = served.get("/api/events?" + q(place="%'; DROP TABLE events; --"))
    assert status == 200
    assert len(events(served, limit=100)) == served.ids["n_events"]


def test_cursor_pages_cover_everything_once(served):  # noqa: F811
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        status, _, body = served.get("/api/events?" + q(**params))
        assert status == 200
        assert len(body["events"]) <= 3
        seen += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == served.ids["n_events"]
    # by the first day of each event's date ("2024-W03" is 2024-01-15), else the publication date
    days = [date_range(e["date"])[0] or e["published"] for e in events(served, limit=100, order="desc")]
    assert days == sorted(days, reverse=True)


def test_event_detail_has_evidence_spans_chain_and_article(served):  # noqa: F811
    status, _, body = served.get(f"/api/events/{served.ids['assault']}")
    assert status == 200
    ev = body["event"]
    assert ev["event"] == "ASSAULT" and ev["status"] == "occurred"
    assert ev["evidence"]["sentence"].startswith("Iraqi forces attacked")
    fields = {s["field"] for s in body["spans"]}
    assert {"trigger", "actor", "recipient", "where", "size", "attribution", "attribution_cue"} <= fields
    text = body["article"]["text"]
    for s in body["spans"]:
        assert text[s["start"]:s["end"]] == s["text"], s
    assert [a["kind"] for a in ev["attribution"]] == ["anonymous", "publisher"]
    assert ev["attribution"][0]["speaker"] == "officials"


# --- articles and actors --------------------------------------------------------------------------

def test_articles(served):  # noqa: F811
    status, _, body = served.get("/api/articles?limit=2")
    assert status == 200 and len(body["articles"]) == 2 and body["next_cursor"]
    assert "text" not in body["articles"][0]
    status, _, second = served.get("/api/articles?" + q(limit=10, cursor=body["next_cursor"]))
    assert {a["id"] for a in second["articles"]}.isdisjoint({a["id"] for a in body["articles"]})
    status, _, art = served.get(f"/api/articles/{served.ids['injection_article']}")
    assert status == 200
    assert "<script>" in art["text"]  # stored and returned as data; the dashboard shows it as text
    assert len(art["events"]) == 2 and all(e["trigger"] for e in art["events"])


def test_actors(served):  # noqa: F811
    status, _, body = served.get("/api/actors?limit=5")
    assert body["actors"][0]["name"] == "Iran"
    status, _, prof = served.get("/api/actors/profile?name=Iran")
    assert prof["n_actor"] == 3 and prof["countries"] == {"IRN": 3}
    assert prof["categories"] == {"REQUEST": 1, "SUPPORT": 1, "THREATEN": 1}
    status, _, cp = served.get("/api/actors/counterparts?name=Iran")
    assert cp["counterparts"][0]["name"] == "Iraq"
    status, _, tl = served.get("/api/actors/timeline?name=Iran")
    assert tl["series"] == [{"period": "2024-03", "role": "actor", "n": 3}]
    status, _, body = served.get("/api/actors/profile?name=Nobody")
    assert status == 404
    assert_error(body, "not_found")


# --- statistics -----------------------------------------------------------------------------------

def test_timeline_counts_occurred_and_ongoing_by_default(served):  # noqa: F811
    status, _, body = served.get("/api/stats/timeline?" + q(interval="month", by="category"))
    assert status == 200 and body["statuses"] == ["occurred", "ongoing"]
    total = sum(d["n"] for d in body["series"])
    assert total == 9  # 11 events less one planned and one threatened
    assert {"period": "2024-03", "key": "ASSAULT", "n": 1} in body["series"]
    status, _, every = served.get("/api/stats/timeline?" + q(by="status", status=["occurred", "planned", "threatened"]))
    assert sum(d["n"] for d in every["series"]) == 11
    status, _, weekly = served.get("/api/stats/timeline?" + q(interval="week", by="quad", actor="Iran"))
    assert weekly["source"] == "events"
    assert weekly["series"] == [{"period": "2024-03-11", "key": "1", "n": 2}]
    status, _, clusters = served.get("/api/stats/timeline?" + q(unit="cluster", by="none", interval="year"))
    assert {d["period"]: d["n"] for d in clusters["series"]} == {"2023": 1, "2024": 8}


def test_country_timeline_from_the_summary_matches_the_events(served):  # noqa: F811
    for country in ("SYR", "IRQ", "IRN"):
        params = {"country": country, "by": "category", "status": ["occurred", "threatened"]}
        _, _, summary = served.get("/api/stats/timeline?" + q(**params))
        _, _, direct = served.get("/api/stats/timeline?" + q(**params, unit="cluster"))  # always from events
        assert summary["source"] == "summary" and direct["source"] == "events"
        assert summary["series"] == direct["series"] and summary["series"]
    for bounds in ({"since": "2024-01-01", "until": "2024-03-31"}, {"since": "2024-01-16", "until": "2024-03-11"}):
        for interval in ("month", "year", "week"):
            params = {"interval": interval, "by": "quad", **bounds}
            _, _, summary = served.get("/api/stats/timeline?" + q(**params))
            _, _, direct = served.get("/api/stats/timeline?" + q(**params, unit="cluster"))
            assert summary["source"] == "summary" and summary["series"] == direct["series"], (bounds, interval)
    _, _, sector = served.get("/api/stats/timeline?" + q(country="GOV"))  # a sector code: not in the summary
    assert sector["source"] == "events" and sum(d["n"] for d in sector["series"]) == 6


def test_country_pairs_totals_map_network(served):  # noqa: F811
    status, _, pairs = served.get("/api/stats/pairs")
    assert {"actor_country": "IRQ", "recipient_country": "IRN", "n": 1} in pairs["pairs"]
    assert not any(p["actor_country"] == "IRN" and p["recipient_country"] == "IRQ" and p["n"] == 2 for p in pairs["pairs"])
    status, _, totals = served.get("/api/stats/totals")
    assert totals["events"] == 11 and totals["by_status"]["planned"] == 1
    status, _, m = served.get("/api/map?" + q(category="ASSAULT"))
    assert {p["place_name"] for p in m["points"]} == {"Baghdad", "Damascus"}
    status, _, net = served.get("/api/network")
    assert {"source": "Iran", "target": "Iraq", "n": 2} in net["edges"]


# --- exports --------------------------------------------------------------------------------------

def test_exports(served, tmp_path):  # noqa: F811
    status, headers, body = served.get("/api/export?" + q(format="jsonl", country="SYR"))
    assert status == 200
    rows = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
    assert {r["event"] for r in rows} == {"ASSAULT", "ACCUSE", "AID"}
    status, headers, body = served.get("/api/export?" + q(format="csv", category="PROTEST"))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(table) == 1 and table[0]["event"] == "PROTEST"
    status, headers, body = served.get("/api/export?" + q(format="parquet"))
    assert status == 200
    path = tmp_path / "out.parquet"
    path.write_bytes(body)
    assert pq.read_table(path).num_rows == 11


# --- writes, tokens, limits, CORS, headers -------------------------------------------------------

def test_writes_need_the_token(served):  # noqa: F811
    body = {"name": "needs-token", "filters": {"country": "SYR"}}
    status, _, resp = served.get("/api/watchlists", method="POST", body=body)
    assert status == 401
    assert_error(resp, "unauthorized")
    status, _, resp = served.get("/api/watchlists", method="POST", body=body, headers={"Authorization": "Bearer wrong-token"})
    assert status == 401
    status, _, resp = served.get("/api/ingest/feeds", method="POST", body={"url": "http://127.0.0.1:9/feed"})
    assert status == 401


def test_watchlists_crud(served):  # noqa: F811
    body = {"name": "Syria violence", "filters": {"country": "syr", "category": ["ASSAULT"]}}
    status, _, w = served.get("/api/watchlists", method="POST", body=body, headers=AUTH)
    assert status == 201
    assert w["filters"] == {"country": "SYR", "category": ["ASSAULT"]}
    status, _, resp = served.get("/api/watchlists", method="POST", body=body, headers=AUTH)
    assert status == 409
    assert_error(resp, "T300")
    status, _, resp = served.get("/api/watchlists", method="POST", headers=AUTH,
                                 body={"name": "bad", "filters": {"category": ["NOPE"]}})
    assert status == 422
    status, _, resp = served.get("/api/watchlists", method="POST", headers=AUTH,
                                 body={"name": "bad hook", "webhook": "file:///etc/passwd"})
    assert status == 422
    status, _, listed = served.get("/api/watchlists")
    assert [x["name"] for x in listed["watchlists"]] == ["Syria violence"]
    status, _, _ = served.get(f"/api/watchlists/{w['id']}", method="DELETE", headers=AUTH)
    assert status == 200
    status, _, resp = served.get(f"/api/watchlists/{w['id']}")
    assert status == 404


def test_feed_and_upload_jobs_are_queued(served):  # noqa: F811
    status, _, resp = served.get("/api/ingest/feeds", method="POST", body={"url": "http://127.0.0.1:9/feed.xml"}, headers=AUTH)
    assert status == 202 and resp["job"]["state"] == "queued" and resp["job"]["kind"] == "feed"
    boundary = "tacitusboundary"
    payload = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"../../evil name.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\nPolice arrested five men in Kabul on Monday.\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    status, _, resp = served.get("/api/ingest/files", method="POST", raw=payload,
                                 headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 202, resp
    job = resp["jobs"][0]
    assert job["kind"] == "upload" and job["source"].endswith("evil_name.txt") and "/" not in job["source"]
    status, _, one = served.get(f"/api/ingest/jobs/{job['id']}")
    assert one["state"] == "queued"  # this server runs without the worker
    status, _, feeds = served.get("/api/ingest/feeds")
    assert feeds["feeds"][0]["url"] == "http://127.0.0.1:9/feed.xml"


def test_security_headers_and_no_cors_by_default(served):  # noqa: F811
    status, headers, _ = served.get("/api/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in headers}
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def announce_body(url: str, path: str, length: int, content_type: str) -> tuple[int, dict]:
    """POST headers announcing a body of ``length`` bytes, send none of it, and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", content_type)
    conn.putheader("Content-Length", str(length))
    conn.endheaders()
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    return resp.status, body


def test_read_only_server_bounded_uploads_and_cors(sample_db, tmp_path):  # noqa: F811
    db, _ = sample_db
    url, proc = start_server(db, tmp_path / "ro.log", token=None,
                             extra=("--max-upload-mb", "1", "--cors-origin", "http://allowed.example"))
    try:
        status, _, health = request(url + "/api/health")
        assert health["read_only"] is True
        status, _, body = request(url + "/api/watchlists", method="POST", body={"name": "x"}, headers=AUTH)
        assert status == 403
        assert_error(body, "read_only")
        status, body = announce_body(url, "/api/ingest/files", 1024 * 1024 + 10, "multipart/form-data; boundary=b")
        assert status == 413
        assert_error(body, "too_large")
        status, body = announce_body(url, "/api/watchlists", 70_000, "application/json")
        assert status == 413
        status, headers, _ = request(url + "/api/health", headers={"Origin": "http://allowed.example"})
        assert headers["access-control-allow-origin"] == "http://allowed.example"
        status, headers, _ = request(url + "/api/health", headers={"Origin": "http://other.example"})
        assert "access-control-allow-origin" not in {k.lower() for k in headers}
    finally:
        stop_server(proc)


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/charts.js", "/static/app.css", "/static/world-110m.json"])
def test_dashboard_assets_are_served_locally(served, path):  # noqa: F811
    status, _, body = served.get(path)
    assert status == 200
    if isinstance(body, bytes):
        text = body.decode()
        remote = re.compile(r"""(src|href)=["']https?://|from\s+["']https?://|url\(\s*["']?https?://|fetch\(\s*["'`]https?://|@import""")
        assert not remote.search(text)
