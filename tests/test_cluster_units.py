"""The parts of clustering on small inputs: text features, units, blocking keys, scoring."""

import dataclasses

from factories import make_article, make_event
from tacitus.cluster import blocking
from tacitus.cluster.scoring import date_term, pair_score
from tacitus.cluster.settings import family_key, load_settings
from tacitus.cluster.text import clean_title, cosine, story_paragraphs, terms, weigh
from tacitus.cluster.units import (
    STORY,
    PlaceRef,
    Unit,
    date_span,
    group_events,
    principal_unit,
)
from tacitus.records import Place, When

TEXT = ("Rebels attacked an army post near Kidal on Monday, killing at least 12 soldiers, a military spokesman "
        "said. Rebels attacked it again on Friday. Officials planned to attack the rebels' base.")
GAO = Place(text="Gao", name="Gao", lat=16.27, lon=-0.04, country="MLI", precision="city")


def _event(trigger, when, *, n=0, status="occurred", where=None):
    return make_event(make_article(TEXT), trigger=trigger, when=when, status=status, n=n, where=where)


def test_story_paragraphs_drop_furniture_and_repeats():
    page = ("Please enable Javascript to watch this video\n\nA man was shot on Main Street on Monday night.\n"
            "Twitter\n\nA man was shot on Main Street on Monday night.\n\nCopyright 2016 WMC. All rights reserved.\n"
            "Police said the gunman fled in a grey car.")
    assert story_paragraphs(page) == ["A man was shot on Main Street on Monday night.",
                                      "Police said the gunman fled in a grey car."]
    assert clean_title("Man shot on Main Street - WMC Action News 5 | Memphis") == "Man shot on Main Street"


def test_terms_and_cosine():
    a = terms("The gunman shot Lavontay White near Kenneth Avenue, police said.")
    assert "said" not in a and "the" not in a and "lavontay" in a
    va = weigh({t: 1.0 for t in a}, lambda t: 1.0)
    vb = weigh({"lavontay": 1.0, "kenneth": 1.0, "weather": 1.0}, lambda t: 1.0)
    assert 0.0 < cosine(va, vb) < 1.0 and abs(cosine(va, va) - 1.0) < 1e-9


def test_date_spans():
    assert date_span("2011-04") == (date_span("2011-04-01")[0], date_span("2011-04-30")[0])
    assert date_span("2017-W06-WE")[0].isoformat() == "2017-02-06"
    assert date_span("2015-07-30TNI")[0].isoformat() == "2015-07-30"
    assert date_span("PRESENT_REF") is None


def test_one_article_two_attacks_days_apart_are_two_units_and_plans_are_apart():
    monday = _event("attacked", When(value="2024-03-04", precision="day"))
    friday = _event("attacked it", When(value="2024-03-08", precision="day"), n=1)
    undated = _event("killing", When(value="2024-03-08", precision="unknown"), n=2)
    plan = _event("attack the", When(value="2024-03-09", precision="unknown"), status="planned", n=3)
    groups = group_events([friday, plan, undated, monday])  # any order in, text order out
    assert [[e.id for e in g] for g in groups] == [[monday.id, undated.id], [friday.id], [plan.id]]
    assert family_key("ASSAULT", "planned") == "violence:intended" and family_key("COERCE", "ongoing") == "force"


def test_same_days_far_apart_places_are_two_units():
    kidal = _event("attacked", When(value="2024-03-04", precision="day"))
    gao = _event("attacked it", When(value="2024-03-04", precision="day"), n=1, where=GAO)
    assert len(group_events([kidal, gao])) == 2


def test_principal_unit_is_the_gravest_event_that_happened():
    talk = Unit("a", 0, "verbal_cooperation", event_ids=("e1", "e2", "e3"), gravity=0.0)
    shooting = Unit("a", 1, "violence", event_ids=("e4",), gravity=9.0)
    threat = Unit("a", 2, "violence:intended", event_ids=("e5",), gravity=10.0)
    assert principal_unit([talk, shooting, threat]) is shooting


def _unit(span=None, precision="unknown", family="violence", published="2024-03-05", place=None, **kw):
    return Unit("a", 0, family, published=published, span=span, precision=precision, place=place, **kw)


def test_dates_decide_and_vague_dates_are_compatible():
    w = load_settings().scoring
    monday = _unit(("2024-03-04", "2024-03-04"), "day")
    next_monday = _unit(("2024-03-11", "2024-03-11"), "day", published="2024-03-12")
    april = _unit(("2024-03-01", "2024-03-31"), "month", published="2025-04-26")
    assert date_term(monday, monday, w) == w.date_same_day
    assert date_term(monday, next_monday, w) == w.date_apart
    assert date_term(monday, april, w) == w.date_vague
    assert pair_score(monday, next_monday, w, 0.9).score < w.threshold  # alike, but a week apart
    story_a, story_b = dataclasses.replace(monday, family=STORY), dataclasses.replace(next_monday, family=STORY)
    assert date_term(story_a, story_b, w) == 0.0  # a story runs on: a week is no objection
    assert pair_score(monday, monday, w, 0.05).score <= 0.05  # fields alone never make a match


def test_blocking_keys_meet_for_an_old_event_reported_later():
    cfg = load_settings().blocking
    camp = PlaceRef("Camp Ashraf", 33.7, 44.8, "IRQ", "Diyala", "site")
    original = _unit(("2011-04-08", "2011-04-08"), "day", published="2011-04-09", place=camp)
    later = _unit(("2011-04-01", "2011-04-30"), "month", published="2012-04-26",
                  place=PlaceRef("Diyala", 33.9, 45.0, "IRQ", "Diyala", "admin1"))
    assert set(blocking.keys(later, cfg, [], query=True)) & set(blocking.keys(original, cfg, [], query=False))
    elsewhere = _unit(("2011-04-08", "2011-04-08"), "day", place=PlaceRef("Gao", 16.27, -0.04, "MLI", None, "city"))
    assert not set(blocking.keys(elsewhere, cfg, [], query=True)) & set(blocking.keys(original, cfg, [], query=False))
    a_week_on = _unit(("2011-04-15", "2011-04-15"), "day", place=camp)
    assert set(blocking.keys(a_week_on, cfg, [], query=True)) & set(blocking.keys(original, cfg, [], query=False))
