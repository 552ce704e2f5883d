"""Golden clustering cases through the real pipeline: `tacitus ingest`'s path (ingest, spaCy,
coder, store) with clustering after each batch, on the articles in tests/fixtures/cluster/."""

import pytest

from conftest import TESTS
from tacitus import cluster, pipeline
from tacitus.store import Store

FIXTURES = TESTS / "fixtures" / "cluster"


def ingest(store, *names):
    """Ingest each fixture in its own run, clustering after each batch (as `tacitus ingest` does)."""
    for name in names:
        summary = pipeline.run([str(FIXTURES / name)], store, on_batch=lambda coded: cluster.update(store, coded))
        assert summary.ingested == 1, summary.failures


def main_cluster(store, name):
    article = next(a for a in store.articles() if a.origin.endswith(name))
    main = [cid for cid, principal in store.article_clusters(article.id) if principal]
    assert main, f"{name}: no event clustered"
    return main[0]


@pytest.fixture()
def store(db_path, nlp):
    with Store(db_path) as s:
        yield s


def test_three_outlets_two_of_them_copies_one_cluster_two_independent_sources(store):
    ingest(store, "attack_wire.txt", "attack_copy.txt", "attack_radio.txt")
    ids = {main_cluster(store, n) for n in ("attack_wire.txt", "attack_copy.txt", "attack_radio.txt")}
    assert len(ids) == 1
    c = store.cluster(ids.pop())
    assert c.n_articles == 3
    assert c.sources == 2  # Sahel Wire and its copy in Bamako Daily count once; Radio Tamani is the other
    assert c.event.category == "ASSAULT" and c.event.date == "2024-03-04"
    wire = next(a for a in store.articles() if a.origin.endswith("attack_wire.txt"))
    copy = next(a for a in store.articles() if a.origin.endswith("attack_copy.txt"))
    assert store.syndicated_copies(wire.id) == [copy.id]


def test_two_similar_attacks_a_week_apart_in_one_city_are_two_clusters(store):
    ingest(store, "attack_wire.txt", "attack_next_week.txt")
    assert main_cluster(store, "attack_wire.txt") != main_cluster(store, "attack_next_week.txt")


def test_a_report_dated_april_last_year_joins_the_original_event(store):
    ingest(store, "ashraf_raid.txt", "attack_wire.txt", "ashraf_anniversary.txt")
    original = main_cluster(store, "ashraf_raid.txt")
    later = next(a for a in store.articles() if a.origin.endswith("ashraf_anniversary.txt"))
    clusters = [cid for cid, _ in store.article_clusters(later.id)]
    assert original in clusters  # the raid "in April last year" is the raid of 2011, not a new event
    c = store.cluster(original)
    assert c.n_articles == 2 and c.first_report == "2011-04-09" and c.latest_report == "2012-04-26"
    dead = next(s for s in c.figures if s.kind == "dead")
    assert dead.min == 26 and dead.max == 34  # "at least 26" and 34: a range
