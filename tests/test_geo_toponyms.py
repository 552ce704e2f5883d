"""Toponyms with the real spaCy pipeline and a gazetteer built from the real packages."""

import pytest

from tacitus.document import DocContext, Trigger
from tacitus.geo.gazetteer import Gazetteer, build
from tacitus.geo.location import event_location
from tacitus.geo.toponyms import find_toponyms
from tacitus.records import Article


@pytest.fixture(scope="session")
def gaz(tmp_path_factory):
    path = tmp_path_factory.mktemp("gaz_topo") / "gazetteer.sqlite"
    build(path)
    return Gazetteer(path)


def toponyms(nlp, gaz, text, **article):
    art = Article(id="t", text=text, **article)
    return find_toponyms(art, nlp(text), gaz)


def by_text(tops, text):
    found = [t for t in tops if t.text == text]
    assert found, f"{text!r} not among {[t.text for t in tops]}"
    return found[0]


def test_us_is_the_united_states_never_canada(nlp, gaz):
    tops = toponyms(nlp, gaz, "U.S. troops crossed into Canada while the US envoy flew back to America.")
    for name in ("U.S.", "US", "America"):
        t = by_text(tops, name)
        assert t.place.country == "USA" and t.place.precision == "country", name
    assert by_text(tops, "Canada").place.country == "CAN"


def test_country_names_resolve_to_the_country(nlp, gaz):
    tops = toponyms(nlp, gaz, "China and Jordan signed a trade deal in Amman on Monday.")
    china = by_text(tops, "China").place
    assert (china.country, china.precision, china.feature_code) == ("CHN", "country", "PCLI")
    assert by_text(tops, "Jordan").place.country == "JOR"
    assert by_text(tops, "Amman").place.precision == "city"


def test_paris_france_or_paris_texas_by_context(nlp, gaz):
    fr = toponyms(nlp, gaz, "Protesters gathered in Paris, France, near the Eiffel Tower.")
    assert by_text(fr, "Paris").place.country == "FRA"
    tx = toponyms(nlp, gaz, "Police in Paris, Texas, arrested two men after a chase on the highway to Dallas.")
    paris = by_text(tx, "Paris").place
    assert paris.country == "USA" and paris.admin1 == "Texas"


def test_georgia_country_or_us_state_by_context(nlp, gaz):
    country = toponyms(nlp, gaz, "Russian tanks rolled into Georgia and shelled Tbilisi, Georgian officials said.")
    assert by_text(country, "Georgia").place.country == "GEO"
    state = toponyms(nlp, gaz, "The governor of Georgia met mayors from Atlanta and Savannah in Alabama and Florida.")
    g = by_text(state, "Georgia").place
    assert g.country == "USA" and g.precision == "admin1"


def test_metonym_capital_as_government_is_still_resolved(nlp, gaz):
    tops = toponyms(nlp, gaz, "Tehran said on Sunday that it would not extradite the dissidents.")
    t = by_text(tops, "Tehran")
    assert t.role == "metonym"
    assert t.place.country == "IRN"


def test_demonyms(nlp, gaz):
    tops = toponyms(nlp, gaz, "Iraqi forces and Kurdish fighters attacked the town.")
    t = by_text(tops, "Iraqi")
    assert t.role == "demonym" and t.place.country == "IRQ"


def test_dateline_place_is_found(nlp, gaz):
    text = "BAGHDAD, April 26 (Reuters) - A bomb exploded near a market, killing five people."
    tops = toponyms(nlp, gaz, text, dateline="BAGHDAD, April 26 (Reuters) -")
    t = by_text(tops, "BAGHDAD")
    assert t.place.country == "IRQ" and t.place.precision == "city"


def test_offsets_point_into_the_text(nlp, gaz):
    text = "Fighting spread from Aleppo to Idlib province in Syria."
    for t in toponyms(nlp, gaz, text):
        assert text[t.start:t.end] == t.text
        assert t.candidates_considered >= (1 if t.place else 0)


SEED = ("MEK came under attack in Camp Ashraf by Iraqi forces in April last year when at least 26 members "
        "including 8 women were killed as a result of gunshot wounds inflected by Iraqi military’s direct "
        "shootings at the unarmed residents.")


def _ctx(nlp, gaz, text, dateline=None):
    art = Article(id="t", text=text, dateline=dateline)
    doc = nlp(text)
    return DocContext(article=art, doc=doc, toponyms=find_toponyms(art, doc, gaz))


def _trigger(ctx, word, nominal=False):
    tok = next(t for t in ctx.doc if t.text == word)
    return Trigger(token=tok.i, start=tok.idx, end=tok.idx + len(tok), text=tok.text, lemma=tok.lemma_,
                   category="ASSAULT", nominal=nominal)


def test_event_location_is_the_camp_in_the_triggers_clause(nlp, gaz):
    ctx = _ctx(nlp, gaz, SEED)
    place = event_location(ctx, _trigger(ctx, "attack", nominal=True))
    assert place is not None
    assert (place.text, place.admin1, place.country, place.precision) == ("Camp Ashraf", "Diyala", "IRQ", "site")
    assert place.reason.startswith("clause")


def test_event_location_skips_metonym_actors(nlp, gaz):
    ctx = _ctx(nlp, gaz, "Tehran condemned the bombing, which killed nine people in Kabul.")
    place = event_location(ctx, _trigger(ctx, "killed"))
    assert place is not None and place.text == "Kabul"


def test_event_location_skips_an_actors_origin(nlp, gaz):
    ctx = _ctx(nlp, gaz, "A taxi driver from Abidjan was shot dead over the weekend.")
    assert event_location(ctx, _trigger(ctx, "shot")) is None


def test_event_location_falls_back_to_the_dateline(nlp, gaz):
    text = "MOSUL, May 3 - Gunmen killed two policemen on Tuesday, officials said."
    ctx = _ctx(nlp, gaz, text, dateline="MOSUL, May 3 -")
    place = event_location(ctx, _trigger(ctx, "killed"))
    assert place is not None and place.reason == "dateline" and place.country == "IRQ"


def test_an_unknown_village_takes_the_country_of_the_place_that_contains_it(nlp, gaz):
    ctx = _ctx(nlp, gaz, "Gunmen attacked the village of Abu Sirwal in North Kordofan on Sunday.")
    place = event_location(ctx, _trigger(ctx, "attacked"))
    assert place is not None and place.text == "Abu Sirwal"
    assert place.lat is None and place.country == "SDN" and "North Kordofan" in place.reason


# --- document context, recognition cues, conventions -------------------------------------------

def test_new_york_is_the_city_unless_the_state_is_said(nlp, gaz):
    city = by_text(toponyms(nlp, gaz, "Fans in New York cheered as the mayor of New York spoke."), "New York").place
    assert (city.name, city.precision) == ("New York City", "city")
    state = by_text(toponyms(nlp, gaz, "Farmers across New York State protested in Albany."), "New York State").place
    assert (state.admin1, state.precision) == ("New York", "admin1")


def test_washington_in_a_us_story_is_the_capital(nlp, gaz):
    tops = toponyms(nlp, gaz, "Lawmakers in Washington passed the bill. Voters in Pennsylvania and Ohio reacted.")
    w = by_text(tops, "Washington").place
    assert w.admin1 == "Washington, D.C." and w.feature_code == "PPLC"


def test_home_region_from_the_other_places_an_article_names(nlp, gaz):
    local = toponyms(nlp, gaz, "The Dublin City Council met Monday in Dublin. Officials from Columbus, Hilliard "
                               "and Franklin County attended.")
    assert {t.place.admin1 for t in local if t.text == "Dublin"} == {"Ohio"}
    irish = toponyms(nlp, gaz, "Protesters marched through Dublin and Cork on Saturday, Irish police said.")
    assert by_text(irish, "Dublin").place.country == "IRL"


def test_a_name_the_recogniser_missed_is_found_again_and_by_local_cues(nlp, gaz):
    tops = toponyms(nlp, gaz, "A Gainesville man was arrested Sunday. Gainesville police said the man fled.")
    found = [t for t in tops if t.text == "Gainesville"]
    assert len(found) == 2 and all(t.place is not None and t.place.country == "USA" for t in found)


def test_a_street_named_after_a_town_is_placed_at_the_articles_town(nlp, gaz):
    tops = toponyms(nlp, gaz, "Crews closed Wichita Street in Dublin, Ohio, on Monday.")
    street = by_text(tops, "Wichita Street").place
    assert street.name == "Dublin" and street.admin1 == "Ohio" and street.confidence < 0.5


def test_names_in_place_noun_phrases_and_hyphenated_names(nlp, gaz):
    tops = toponyms(nlp, gaz, "In the south Baghdad neighbourhood of Al-Bayaa, a car bomb killed two shoppers.")
    assert by_text(tops, "Al-Bayaa").place.country == "IRQ"
    tops = toponyms(nlp, gaz, "Rebels shelled the village of Sheikh Najjar in the countryside of Aleppo.")
    assert by_text(tops, "Sheikh Najjar").role == "location"


def test_postal_code_after_a_town_qualifies_it(nlp, gaz):
    tops = toponyms(nlp, gaz, "The festival in Myrtle Beach, SC, drew thousands.")
    assert by_text(tops, "Myrtle Beach").place.admin1 == "South Carolina"
    assert by_text(tops, "SC").place.precision == "admin1"


def test_seas_and_demonyms_inside_organisation_names(nlp, gaz):
    sea = by_text(toponyms(nlp, gaz, "Ships crossed the Atlantic to reach Lisbon."), "Atlantic").place
    assert sea.name == "Atlantic Ocean"
    press = by_text(toponyms(nlp, gaz, "By Laura Menzies, The Canadian Press. TORONTO - The family said."), "Canadian")
    assert press.role == "demonym" and press.place.country == "CAN"


def test_event_location_object_of_a_capture_and_not_of_a_killing(nlp, gaz):
    ctx = _ctx(nlp, gaz, "The army earlier last month captured Jaffna, the capital of the north.")
    place = event_location(ctx, _trigger(ctx, "captured"))
    assert place is not None and place.text == "Jaffna"
    ctx = _ctx(nlp, gaz, "The smuggler was killed by police as he ate lunch at a cafe in northern Bogota.")
    place = event_location(ctx, _trigger(ctx, "killed"))
    assert place is not None and place.text == "Bogota"


def test_event_location_prefers_the_neighbourhood_over_its_city(nlp, gaz):
    ctx = _ctx(nlp, gaz, "In the south Baghdad neighbourhood of Al-Bayaa, a car bomb killed two shoppers.")
    place = event_location(ctx, _trigger(ctx, "killed"))
    assert place is not None and place.text == "Al-Bayaa"


def test_a_name_inside_another_is_no_context_for_it(nlp, gaz):
    # North Richmond (California) lies next to Richmond, California; it must not pull "Richmond" there
    tops = toponyms(nlp, gaz, "One person is dead after a shooting this afternoon in a North Richmond residential "
                              "neighborhood. Richmond police were called to the scene.")
    assert by_text(tops, "Richmond").place.admin1 != "California"


def test_event_location_from_an_event_noun_on_the_way(nlp, gaz):
    ctx = _ctx(nlp, gaz, "Many prisoners were shot during the wartime German occupation of Latvia.")
    place = event_location(ctx, _trigger(ctx, "shot"))
    assert place is not None and place.text == "Latvia"
