import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from factories import make_article, make_event
from tacitus.records import Event, article_id, from_export, to_export


def test_article_id_is_a_hash_of_normalised_text():
    assert article_id("Rebels  attacked\n the post.") == article_id("Rebels attacked the post.")
    assert article_id("Rebels attacked the post.") != article_id("Rebels attacked the base.")


def test_export_uses_plover_names():
    data = to_export(make_event())
    assert data["event"] == "ASSAULT"
    assert data["quad_code"] == 4
    assert data["actor"][0]["code"] == "MLI"
    assert data["actor"][0]["entity_text"] == "Rebels"
    assert data["event_loc"]["geonameid"] == 2455290
    assert data["date"] == "2024-03-04"
    assert "category" not in data


def test_date_is_none_when_only_publication_date_is_known():
    from tacitus.records import When

    ev = dataclasses.replace(make_event(), when=When(value="2024-03-06", precision="unknown"))
    assert ev.date is None
    assert to_export(ev)["date"] is None


@given(
    status=st.sampled_from(["occurred", "planned", "denied"]),
    historical=st.booleans(),
    confidence=st.floats(0, 1),
    context=st.lists(st.sampled_from(["legal", "military", "economic"]), max_size=3),
)
def test_export_round_trip(status, historical, confidence, context):
    ev = dataclasses.replace(make_event(make_article()), status=status, historical=historical,
                             confidence=confidence, context=tuple(context))
    assert from_export(Event, to_export(ev)) == ev
