"""The reference article (../shared/seed) against its careful human reading (expected.json).

Every expected event that is not optional must be coded with its category, actor and recipient
countries and sectors, status, date, place, figures and attribution chain as the reading gives
them, and nothing on the `must_not` list may appear. The article is read through `tacitus extract`,
the command users run, with the publication date the reading assumes, with and without the
optional attribution encoder.
"""

import json
import subprocess
import sys

import pytest

from conftest import SHARED

SEED = SHARED / "seed"
if not (SEED / "expected.json").exists():
    pytest.skip(f"the seed article is not here ({SEED}): check out the project next to ../shared",
                allow_module_level=True)
EXPECTED = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
PUBLISHED = EXPECTED["document"]["published"]


@pytest.fixture(scope="module", params=["none", "minilm"])
def events(request):
    """The article's events, with and without the optional attribution encoder."""
    out = subprocess.run(
        [sys.executable, "-m", "tacitus", "extract", str(SEED / "article.txt"), "--format", "jsonl",
         "--published", PUBLISHED, "--attribution-encoder", request.param],
        capture_output=True, text=True, timeout=600, check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def _same_speaker(wanted: str, speaker: str, name: str) -> bool:
    w, s, n = wanted.lower(), speaker.lower(), name.lower()
    return w in s or s in w or w == n


def _parties(entities):
    return {(e["code"], e["sector"]) for e in entities}


def _matches(ev, exp) -> bool:
    if ev["event"] != exp["category"]:
        return False
    for role in ("actor", "recipient"):
        got = _parties(ev[role])
        for want in exp.get(role, []):
            if (want.get("country"), want.get("sector")) not in got:
                return False
    return exp.get("evidence_contains", "") in ev["evidence"]["sentence"]


REQUIRED = [e for e in EXPECTED["events"] if not e.get("optional")]


@pytest.mark.parametrize("exp", REQUIRED, ids=[e["key"] for e in REQUIRED])
def test_expected_event_is_coded(events, exp):
    found = [ev for ev in events if _matches(ev, exp)]
    assert found, f"{exp['key']}: no {exp['category']} with {exp.get('actor')} -> {exp.get('recipient')} in " + str(
        [(e["event"], _parties(e["actor"]), _parties(e["recipient"])) for e in events])
    ev = found[0]
    assert ev["status"] == exp["status"]
    if exp.get("historical"):
        assert ev["historical"] is True
    if "when" in exp:
        assert (ev["when"]["value"], ev["when"]["precision"]) == (exp["when"]["value"], exp["when"]["precision"])
    if "where" in exp:
        loc = ev["event_loc"]
        assert loc is not None and loc["country_code"] == exp["where"]["country"]
        assert exp["where"]["text"].lower() in (loc["resolved_place"] or loc["extracted_place"]).lower()
        if "admin1" in exp["where"]:
            assert loc["province"] == exp["where"]["admin1"]
        if "precision" in exp["where"]:
            assert loc["resolution"] == exp["where"]["precision"]
    if "casualties" in exp:
        dead = [s for s in ev["size"] if s["kind"] == "dead"]
        assert dead and dead[0]["min"] == exp["casualties"]["killed"]["min"]
        groups = {(g["group"], g["count"]) for g in dead[0]["subgroups"]}
        for sub in exp["casualties"]["subgroups"]:
            assert (sub["group"], sub["killed"]) in groups
    if "attribution" in exp:
        chain = ev["attribution"]
        speakers = [(a["speaker"], a["name"] or "") for a in chain]
        want = [a["speaker"] for a in exp["attribution"]]
        it = iter(speakers)
        assert all(any(_same_speaker(w, s, n) for s, n in it) for w in want), f"chain {speakers} lacks {want} in order"
        for link in exp["attribution"]:
            got = next(a for a in chain if _same_speaker(link["speaker"], a["speaker"], a["name"] or ""))
            if "kind" in link:
                assert got["kind"] == link["kind"]
            if link.get("anonymous"):
                assert got["kind"] == "anonymous"
            if "cue" in link:
                assert got["cue"] == link["cue"]
            if "country" in link:
                assert got["country"] == link["country"]


def test_request_chain_carries_the_translation_note(events):
    request = next(ev for ev in events if ev["event"] == "REQUEST" and "has asked" in ev["evidence"]["sentence"])
    publisher = request["attribution"][-1]
    assert publisher["kind"] == "publisher" and publisher["speaker"] == "Stop Fundamentalism"
    assert "translated from Arabic" in (publisher.get("note") or "")


def test_nothing_from_the_must_not_list(events):
    sources = ("al-siyasa", "stop fundamentalism")
    for ev in events:
        for e in ev["actor"] + ev["recipient"]:
            assert not any(s in e["entity_text"].lower() for s in sources), f"source as participant: {ev}"
        handover = ev["event"] in ("COERCE", "COOPERATE") and ev["mode"] in ("deport", None) and any(
            w in ev["evidence"]["trigger"]["text"].lower() for w in ("hand", "extradit", "return"))
        assert not (handover and ev["status"] in ("occurred", "ongoing")), f"a handover coded as done: {ev}"
        assert not (ev["event"] == "ASSAULT" and ev["mode"] == "abduct" and ev["status"] == "occurred")
        if ev["event"] == "ASSAULT" and "Camp Ashraf by Iraqi forces" in ev["evidence"]["sentence"]:
            assert ev["date"] != PUBLISHED
