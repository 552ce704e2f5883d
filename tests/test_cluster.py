"""Clustering through the real store, with hand-built events (no coder): syndicated copies,
incremental event clusters, the cluster record, stories, and reading clusters back."""

import dataclasses
import json

import pytest

from factories import make_article, make_event
from tacitus import cluster
from tacitus.cluster import syndicate
from tacitus.cluster.settings import load_settings
from tacitus.cluster.text import shingles, story_text
from tacitus.records import Attribution, CodedArticle, Place, Size, When
from tacitus.store import EventQuery, Store

KIDAL = Place(text="Kidal", name="Kidal", geonames_id=2455290, lat=18.44, lon=1.41, country="MLI", precision="city")
ASHRAF = Place(text="Camp Ashraf", name="Camp Ashraf", lat=33.7, lon=44.8, admin1="Diyala", country="IRQ",
               precision="site")

WIRE = (
    "Gunmen attacked an army post near Kidal on Monday, killing 12 soldiers and wounding five others, "
    "a military spokesman said. The attackers arrived on motorcycles before dawn and set fire to two armoured "
    "vehicles at the post on the road to Anefis, Colonel Souleymane Dembele told reporters. No group has "
    "claimed the attack. The army said reinforcements had been sent to the area."
)
COPY = WIRE + " Residents of Anefis said the road was closed on Tuesday."
RADIO = (
    "Twelve soldiers were killed on Monday when gunmen on motorcycles stormed an army post near Kidal, "
    "residents said. A local official in Anefis said the attackers burned two armoured vehicles before fleeing "
    "north. Five soldiers were wounded."
)
NEXT_WEEK = (
    "Gunmen attacked an army checkpoint near Kidal on Monday, killing nine soldiers, a military spokesman said. "
    "The attackers struck the checkpoint at the northern entrance of the town in the afternoon and seized "
    "weapons and a pickup truck, the army said in a statement."
)


def report(text, *, source, published, trigger=None, category="ASSAULT", when=None, where=KIDAL,
           dead=12, speaker="a military spokesman", historical=False, status="occurred", title=None):
    """A coded article with one event, its fields set by hand."""
    article = make_article(text, source=source, published=published, title=title or text[:40])
    trigger = trigger or next(w for w in ("attacked", "stormed", "raided", "killed") if w in text)
    ev = make_event(article, category=category, trigger=trigger, status=status,
                    when=when or When(value="2024-03-04", precision="day", text="on Monday"), where=where)
    chain = (Attribution(speaker=speaker, kind="official", cue="said"),) if speaker else ()
    ev = dataclasses.replace(
        ev, historical=historical, sizes=(Size(kind="dead", min=dead, max=dead, text=str(dead)),) if dead else (),
        attribution=chain + (Attribution(speaker=source, kind="publisher"),), publisher=source,
    )
    return CodedArticle(article=article, events=(ev,))


def ingest(store, *batches):
    """Write and cluster each batch in turn, as `tacitus ingest` does after every batch."""
    summaries = []
    for batch in batches:
        store.write_batch(batch)
        summaries.append(cluster.update(store, batch))
    return summaries


def cluster_of(store, coded):
    return store.event(coded.events[0].id).cluster


@pytest.fixture()
def store(db_path):
    with Store(db_path) as s:
        yield s


# ---------------------------------------------------------------------------------------------
# Golden cases
# ---------------------------------------------------------------------------------------------
def test_three_reports_two_of_them_copies_make_one_cluster_with_two_sources(store):
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05")
    copy = report(COPY, source="Bamako Daily", published="2024-03-05")
    radio = report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents")
    ingest(store, [wire], [copy], [radio])

    ids = {cluster_of(store, c) for c in (wire, copy, radio)}
    assert len(ids) == 1 and None not in ids
    c = store.cluster(ids.pop())
    assert c.sources == 2  # the wire story and its copy are one source
    assert c.n_articles == 3 and c.n_reports == 3
    assert c.attributions == 2  # the military spokesman, and residents
    assert store.syndicated_copies(wire.article.id) == [copy.article.id]
    assert store.syndicated_copies(radio.article.id) == []
    assert {r.syndicate for r in c.reports if r.article_id != radio.article.id} == {wire.article.id}
    assert all(ev.sources == 2 for ev in store.events())


def test_the_agreed_toll_is_what_most_sources_give_and_copies_vote_once(store):
    """Beside the range, the cluster keeps the toll most independent sources agree on."""
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05", dead=11)
    copy = report(COPY, source="Bamako Daily", published="2024-03-05", dead=11)  # a copy of the wire: one source
    radio = report(RADIO, source="Radio Tamani", published="2024-03-06", dead=12)
    paper = report("The army post near Kidal that gunmen attacked on Monday lost twelve soldiers, a regional "
                   "official said on Wednesday, as the governor of Kidal visited the wounded in hospital and "
                   "promised a new wall around the post.", source="Le Nord", published="2024-03-06", dead=12)
    ingest(store, [wire], [copy], [radio, paper])
    c = store.cluster(cluster_of(store, wire))
    assert c.n_articles == 4 and c.sources == 3
    (dead,) = c.agreed
    assert (dead.kind, dead.min, dead.source) == ("dead", 12, "2 of 3 sources")
    (span,) = c.figures
    assert (span.min, span.max) == (11, 12)


def test_two_similar_attacks_a_week_apart_in_one_city_are_two_clusters(store):
    first = report(WIRE, source="Sahel Wire", published="2024-03-05")
    second = report(NEXT_WEEK, source="Sahel Wire", published="2024-03-12", dead=9,
                    when=When(value="2024-03-11", precision="day", text="on Monday"))
    ingest(store, [first], [second])
    assert cluster_of(store, first) != cluster_of(store, second)
    assert len(list(store.clusters())) == 2


def test_a_report_dated_april_last_year_joins_the_original_cluster(store):
    raid = report("Iraqi troops stormed Camp Ashraf in Diyala province on Friday, killing 34 residents of the "
                  "camp, a spokesman for the residents said. Soldiers in armoured vehicles opened fire on "
                  "residents who tried to block them.", source="Gulf Monitor", published="2011-04-09",
                  trigger="stormed", where=ASHRAF, dead=34, speaker="a spokesman for the residents",
                  when=When(value="2011-04-08", precision="day", text="on Friday"))
    other = report("Thirty-four people were killed when Iraqi soldiers raided Camp Ashraf north of Baghdad on "
                   "Friday, the camp's residents said, accusing the troops of firing on unarmed people.",
                   source="Levant Review", published="2011-04-10", trigger="raided", where=ASHRAF, dead=34,
                   speaker="the camp's residents", when=When(value="2011-04-08", precision="day", text="on Friday"))
    later = report("Hundreds of exiles gathered in Paris to remember the raid on Camp Ashraf in April last year, "
                   "when Iraqi troops killed at least 26 residents of the camp in Diyala province.",
                   source="Levant Review", published="2012-04-26", trigger="killed", where=ASHRAF, dead=26,
                   speaker=None, historical=True, when=When(value="2011-04", precision="month",
                                                            text="in April last year"))
    ingest(store, [raid], [other], [later])
    assert cluster_of(store, later) == cluster_of(store, raid) == cluster_of(store, other)
    c = store.cluster(cluster_of(store, raid))
    dead = next(s for s in c.figures if s.kind == "dead")
    assert (dead.min, dead.max, dead.qualifier) == (26, 34, "range")  # a range over the reports, not an average
    assert c.event.date == "2011-04-08"  # the best-supported (and most precise) date
    assert c.first_report == "2011-04-09" and c.latest_report == "2012-04-26"
    assert sorted(r.date for r in c.reports) == ["2011-04", "2011-04-08", "2011-04-08"]


# ---------------------------------------------------------------------------------------------
# Behaviour
# ---------------------------------------------------------------------------------------------
def test_update_is_idempotent_and_skips_clustered_articles(store):
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05")
    first, = ingest(store, [wire])
    assert first.articles == 1 and first.new_clusters >= 1
    again = cluster.update(store, [wire])
    assert again.articles == 0 and again.skipped == 1
    assert store.conn.execute("SELECT COUNT(*) FROM cluster_members WHERE unit >= 0").fetchone()[0] == 1


def test_a_later_batch_joins_without_rebuilding(store):
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05")
    radio = report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents")
    ingest(store, [wire])
    before = cluster_of(store, wire)
    second, = ingest(store, [radio])
    assert second.joined >= 1 and second.principal[radio.article.id] == before
    assert cluster_of(store, wire) == before == cluster_of(store, radio)


def test_each_report_keeps_its_own_figures_and_the_toll_is_a_range(store):
    a = report(WIRE, source="Sahel Wire", published="2024-03-05", dead=12)
    b = report(RADIO, source="Radio Tamani", published="2024-03-06", dead=15, speaker="residents")
    ingest(store, [a, b])
    c = store.cluster(cluster_of(store, a))
    assert sorted(r.sizes[0].min for r in c.reports) == [12, 15]
    dead = c.event.sizes[0]
    assert (dead.kind, dead.min, dead.max, dead.text) == ("dead", 12, 15, "12–15")


def test_different_claimants_and_one_claimant_repeated(store):
    a = report(WIRE, source="Sahel Wire", published="2024-03-05", speaker="the health ministry")
    b = report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="the Health Ministry")
    ingest(store, [a, b])
    c = store.cluster(cluster_of(store, a))
    assert c.sources == 2 and c.attributions == 1  # two outlets repeating one claimant


def test_events_read_back_with_cluster_sources_and_dedup(store):
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05")
    radio = report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents")
    later = report(NEXT_WEEK, source="Sahel Wire", published="2024-03-12", dead=9,
                   when=When(value="2024-03-11", precision="day"))
    ingest(store, [wire, radio, later])
    events = list(store.events())
    assert len(events) == 3 and all(ev.cluster for ev in events)
    assert sorted(ev.sources for ev in events) == [1, 2, 2]
    deduped = list(store.events(EventQuery(dedup=True)))
    assert len(deduped) == 2 and len({ev.cluster for ev in deduped}) == 2
    record = json.loads(store.conn.execute("SELECT record FROM events LIMIT 1").fetchone()[0])
    assert "cluster" in record  # the export form carries the field; the store fills it when read


def test_cluster_page_filters_and_pages(store):
    wire = report(WIRE, source="Sahel Wire", published="2024-03-05")
    radio = report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents")
    later = report(NEXT_WEEK, source="Sahel Wire", published="2024-03-12", dead=9,
                   when=When(value="2024-03-11", precision="day"))
    ingest(store, [wire, radio, later])
    rows, cursor = store.cluster_page(limit=10)
    assert len(rows) == 2 and cursor is None and rows[0]["day"] == "2024-03-04"
    assert [r["sources"] for r in store.cluster_page(min_sources=2)[0]] == [2]
    first, cursor = store.cluster_page(limit=1)
    second, _ = store.cluster_page(limit=1, after=cursor)
    assert first[0]["id"] != second[0]["id"]
    assert store.cluster_page(EventQuery(category=("PROTEST",)))[0] == []
    assert store.cluster_page(EventQuery(since="2024-03-10"))[0][0]["id"] == cluster_of(store, later)


def test_follow_up_with_another_event_joins_the_story_not_the_cluster(store):
    attack = report(WIRE, source="Sahel Wire", published="2024-03-05")
    arrest = report("Soldiers arrested three men suspected of the attack on the army post near Kidal on Monday "
                    "in which 12 soldiers were killed, Colonel Souleymane Dembele said. The men were detained "
                    "in Anefis with motorcycles and weapons.", source="Radio Tamani", published="2024-03-08",
                    category="COERCE", trigger="arrested", speaker="Colonel Souleymane Dembele",
                    when=When(value="2024-03-07", precision="day"))
    s1, s2 = ingest(store, [attack], [arrest])
    assert cluster_of(store, attack) != cluster_of(store, arrest)  # two events ...
    assert s1.story[attack.article.id] == s2.story[arrest.article.id]  # ... of one story
    story = cluster.read.load_story(store.conn, s1.story[attack.article.id])
    assert set(story.article_ids) == {attack.article.id, arrest.article.id}
    assert set(story.clusters) == {cluster_of(store, attack), cluster_of(store, arrest)}


def test_rebuild_reproduces_the_clusters(store):
    batch = [report(WIRE, source="Sahel Wire", published="2024-03-05"),
             report(COPY, source="Bamako Daily", published="2024-03-05"),
             report(NEXT_WEEK, source="Sahel Wire", published="2024-03-12", dead=9,
                    when=When(value="2024-03-11", precision="day"))]
    ingest(store, batch)
    def partition():
        groups = {}
        for ev in store.events():
            groups.setdefault(ev.cluster, set()).add(ev.id)
        return sorted(sorted(g) for g in groups.values())

    before = partition()
    summary = cluster.rebuild(store)  # in publication order: the ids may differ, the grouping may not
    assert summary.articles == 3
    assert partition() == before and len(before) == 2


def test_cluster_stored_clusters_a_store_ingested_without_clustering(store):
    batch = [report(WIRE, source="Sahel Wire", published="2024-03-05"),
             report(RADIO, source="Radio Tamani", published="2024-03-06", speaker="residents")]
    store.write_batch(batch)
    assert all(ev.cluster is None for ev in store.events())
    summary = cluster.cluster_stored(store)
    assert summary.articles == 2
    assert len({ev.cluster for ev in store.events()}) == 1


# ---------------------------------------------------------------------------------------------
# Syndicated copies (MinHash)
# ---------------------------------------------------------------------------------------------
def _sig(text):
    return syndicate.signature(shingles(story_text(text)), load_settings().syndication.num_perm)


def test_minhash_tells_copies_from_other_stories():
    cfg = load_settings().syndication
    assert syndicate.is_copy(_sig(WIRE), _sig(COPY), cfg)[0]
    assert not syndicate.is_copy(_sig(WIRE), _sig(RADIO), cfg)[0]
    assert not syndicate.is_copy(_sig(WIRE), _sig(NEXT_WEEK), cfg)[0]
    short = "Gunmen attacked a post."
    assert not syndicate.is_copy(_sig(short), _sig(short), cfg)[0]  # too little text to call a copy
    head = WIRE[: len(WIRE) * 2 // 3]
    assert syndicate.is_copy(_sig(head), _sig(WIRE), cfg)[0]  # a shortened repost is inside the original


def test_two_groups_met_by_one_article_become_one(store):
    base = WIRE + " " + NEXT_WEEK
    a = report(base, source="A", published="2024-03-05")
    b = report(base + " The mayor called for calm.", source="B", published="2024-03-05")
    ingest(store, [a], [b])
    assert store.syndicated_copies(a.article.id) == [b.article.id]
