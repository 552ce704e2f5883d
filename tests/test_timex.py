"""Temporal expressions and event dates, against a fixed publication date.

Published 2012-04-26 is a Thursday in ISO week 17 of 2012.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.document import DocContext, Trigger
from tacitus.nlp import load_pipeline
from tacitus.records import Article, When
from tacitus.timex import Timex, event_when, find_timexes, is_historical, when_from_timex
from tacitus.timex.find import TYPES

PUB = "2012-04-26"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def only(text: str, published: str | None = PUB, doc=None) -> Timex:
    found = find_timexes(text, published, doc)
    assert len(found) == 1, found
    return found[0]


def by_text(text: str, published: str | None = PUB, doc=None) -> dict[str, Timex]:
    return {t.text: t for t in find_timexes(text, published, doc)}


# ------------------------------------------------------------------------------------------------
# Golden cases for each date form (no parse needed)
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, type_, value, precision", [
    ("Gunmen attacked the village last Sunday.", "last Sunday", "DATE", "2012-04-22", "day"),
    ("The massacre took place in April last year.", "April last year", "DATE", "2011-04", "month"),
    ("He was released two days ago.", "two days ago", "DATE", "2012-04-24", "day"),
    ("Talks collapsed earlier this week.", "earlier this week", "DATE", "2012-W17", "week"),
    ("The law was passed in 2003.", "2003", "DATE", "2003", "year"),
    ("Fighting resumed in late March.", "late March", "DATE", "2012-03", "month"),
    ("Prices rose sharply this month.", "this month", "DATE", "2012-04", "month"),
    ("The talks will resume next week.", "next week", "DATE", "2012-W18", "week"),
    ("Troops arrived yesterday.", "yesterday", "DATE", "2012-04-25", "day"),
    ("The minister resigned today.", "today", "DATE", "2012-04-26", "day"),
    ("The vote is tomorrow.", "tomorrow", "DATE", "2012-04-27", "day"),
    ("Inflation has doubled over the past 25 years.", "the past 25 years", "DURATION", "P25Y", "unknown"),
    ("The talks lasted two days.", "two days", "DURATION", "P2D", "unknown"),
    ("Militias grew strong in the 1990s.", "the 1990s", "DATE", "199", "decade"),
    ("Crops failed last summer.", "last summer", "DATE", "2011-SU", "season"),
    ("Profit fell in the third quarter of 2011.", "the third quarter of 2011", "DATE", "2011-Q3", "quarter"),
    ("The plant closed in the first half of 2010.", "the first half of 2010", "DATE", "2010-H1", "half"),
    ("Tension is high now.", "now", "DATE", "PRESENT_REF", "unknown"),
    ("The camp currently holds 3,000 people.", "currently", "DATE", "PRESENT_REF", "unknown"),
    ("The militia was formed recently.", "recently", "DATE", "PAST_REF", "unknown"),
    ("Inspectors visit every week.", "every week", "SET", "P1W", "unknown"),
    ("The council meets each Thursday.", "each Thursday", "SET", "XXXX-WXX-4", "unknown"),
    ("Convoys leave daily.", "daily", "SET", "P1D", "unknown"),
    ("The ceasefire began on April 22, 2012.", "April 22, 2012", "DATE", "2012-04-22", "day"),
    ("The ceasefire began on 22 April 2012.", "22 April 2012", "DATE", "2012-04-22", "day"),
    ("The ceasefire began on 2012-04-22.", "2012-04-22", "DATE", "2012-04-22", "day"),
    ("The ceasefire began on 4/22/2012.", "4/22/2012", "DATE", "2012-04-22", "day"),
    ("The bombing on Sept. 30, 2011 killed nine.", "Sept. 30, 2011", "DATE", "2011-09-30", "day"),
    ("The accord was signed in March 2009.", "March 2009", "DATE", "2009-03", "month"),
    ("Shelling started at 5 p.m.", "5 p.m.", "TIME", "2012-04-26T17:00", "time"),
    ("Police spoke to reporters this morning.", "this morning", "TIME", "2012-04-26TMO", "time"),
    ("The truce collapsed on Christmas Day 2011.", "Christmas Day 2011", "DATE", "2011-12-25", "day"),
    ("Aid stopped nearly three years ago.", "nearly three years ago", "DATE", "2009", "year"),
    ("The dispute dates from the 20th century.", "the 20th century", "DATE", "19", "century"),
    ("He served a term of five and a half years.", "five and a half years", "DURATION", "P5Y6M", "unknown"),
])
def test_date_forms(text, expr, type_, value, precision):
    t = by_text(text)[expr]
    assert (t.type, t.value, t.precision) == (type_, value, precision)
    assert text[t.start:t.end] == expr


def test_prepositions_are_not_part_of_the_expression():
    t = only("The law was passed in 2003.")
    assert t.text == "2003"


def test_on_monday_past_or_next_by_cue_words():
    assert only("Rebels attacked the base on Monday.").value == "2012-04-23"
    assert only("The envoy will visit the camp on Monday.").value == "2012-04-30"


def test_on_monday_by_tense_of_the_governing_verb(nlp):
    past = "Rebels attacked the base on Monday."
    future = "The envoy is expected to visit the camp on Monday."
    assert only(past, doc=nlp(past)).value == "2012-04-23"
    assert only(future, doc=nlp(future)).value == "2012-04-30"


def test_the_previous_day_refers_back_to_the_last_date():
    text = "Protesters marched on April 12. The previous day, police had arrested their leaders."
    found = by_text(text)
    assert found["April 12"].value == "2012-04-12"
    assert found["The previous day"].value == "2012-04-11"


def test_the_previous_day_skips_the_date_of_the_report(nlp):
    text = ("Gangs attacked a police station two days ago, police said on Wednesday. "
            "The previous day, gang members had blocked the main road.")
    for doc in (None, nlp(text)):
        found = by_text(text, published="2024-03-14", doc=doc)
        assert found["two days ago"].value == "2024-03-12"
        assert found["Wednesday"].value == "2024-03-13"
        assert found["The previous day"].value == "2024-03-11"


def test_the_previous_day_without_an_earlier_date_uses_publication():
    assert only("The previous day, police had arrested their leaders.").value == "2012-04-25"


def test_a_year_earlier_follows_the_quarter_under_discussion():
    text = "Net income in the third quarter rose to $5 million from $4 million a year earlier."
    found = by_text(text)
    assert found["the third quarter"].value == "2012-Q3"
    assert found["a year earlier"].value == "2011-Q3"


def test_month_without_year_is_the_last_one_unless_the_future_is_meant():
    assert only("Fighting broke out in February.").value == "2012-02"
    assert only("Elections will be held in June.").value == "2012-06"
    assert only("Elections will be held in January.").value == "2013-01"


def test_without_publication_date_values_are_underspecified():
    found = by_text("In April, gunmen attacked the camp; yesterday the army returned. Last Sunday it rained.",
                    published=None)
    assert found["April"].value == "XXXX-04"
    assert found["yesterday"].value == "XXXX-XX-XX"
    assert found["Last Sunday"].value == "XXXX-WXX-7"


def test_words_that_only_look_like_dates_are_not_timexes():
    assert find_timexes("Prices may rise, and thousands may march on the capital.", PUB) == []
    assert find_timexes("Mr. Reupke, 52 years old, will succeed him.", PUB) == []
    assert find_timexes("The plan saves $500 million a year.", PUB) == []
    assert find_timexes("Protesters will march in Paris.", PUB) == []


def test_may_the_month_is_found_in_a_date_context():
    assert only("Elections are due in May.").value == "2012-05"
    assert only("The talks broke down on May 3, 2011.").value == "2011-05-03"


def test_wire_dateline_is_publication_metadata_not_an_expression():
    found = find_timexes("WASHINGTON, April 26 (Reuters) - The Senate voted on Tuesday.", PUB)
    assert [t.text for t in found] == ["Tuesday"]


_WORDS = st.sampled_from([
    "on", "Monday", "last", "next", "year", "years", "ago", "the", "past", "two", "25", "March", "May",
    "2003", "1990s", "quarter", "third", "week", "earlier", "this", "month", "a", "day", "before", ",",
    ".", "5", "p.m.", "every", "now", "Sept.", "30", "early", "late", "of", "fiscal", "summer", "İ", "'s",
])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(_WORDS, max_size=30), published=st.sampled_from([PUB, None, "1999-12-31"]))
def test_any_text_gives_ordered_consistent_expressions(words, published):
    text = " ".join(words)
    found = find_timexes(text, published)
    end = 0
    for t in found:
        assert t.start >= end and t.end > t.start
        assert text[t.start:t.end] == t.text
        assert t.type in TYPES and t.value
        end = t.end


def test_empty_text():
    assert find_timexes("", PUB) == []


def test_accepts_a_longer_iso_timestamp_as_publication_date():
    assert only("Troops arrived yesterday.", published="2012-04-26T10:00:00Z").value == "2012-04-25"


# ------------------------------------------------------------------------------------------------
# Event dates
# ------------------------------------------------------------------------------------------------

def _context(nlp, text: str, published: str | None = PUB) -> DocContext:
    doc = nlp(text)
    article = Article(id="a1", text=text, published=published)
    return DocContext(article=article, doc=doc, timexes=find_timexes(text, published, doc))


def _trigger(ctx: DocContext, word: str, category: str = "ASSAULT") -> Trigger:
    tok = next(t for t in ctx.doc if t.text == word)
    return Trigger(token=tok.i, start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, lemma=tok.lemma_,
                   category=category, nominal=tok.pos_ == "NOUN")


def test_event_takes_the_date_of_its_own_clause_not_the_report_date(nlp):
    ctx = _context(nlp, "Police said on Monday that gunmen had attacked the camp in April last year.")
    when, historical = event_when(ctx, _trigger(ctx, "attacked"))
    assert (when.value, when.precision, when.text) == ("2011-04", "month", "April last year")
    assert historical is True


def test_participle_of_the_event_shares_its_date(nlp):
    ctx = _context(nlp, "Gunmen attacked the camp in April last year, killing 26 people.")
    when, _ = event_when(ctx, _trigger(ctx, "killing"))
    assert when.value == "2011-04"


def test_when_clause_happens_at_the_time_it_modifies(nlp):
    ctx = _context(nlp, "Troops opened fire in April last year when 26 people were killed.")
    when, historical = event_when(ctx, _trigger(ctx, "killed"))
    assert (when.value, historical) == ("2011-04", True)


def test_after_clause_has_a_time_of_its_own(nlp):
    ctx = _context(nlp, "Police arrested the man after he attacked a bus in April last year.")
    when, _ = event_when(ctx, _trigger(ctx, "arrested", "COERCE"))
    assert when.precision == "unknown"
    when, _ = event_when(ctx, _trigger(ctx, "attacked"))
    assert when.value == "2011-04"


def test_nominal_trigger_takes_its_attached_date(nlp):
    ctx = _context(nlp, "The attack in April last year killed 26 people.")
    when, historical = event_when(ctx, _trigger(ctx, "attack"))
    assert (when.value, when.precision) == ("2011-04", "month")
    assert historical


def test_recent_event_is_not_historical(nlp):
    ctx = _context(nlp, "Police arrested five protesters on Tuesday.")
    when, historical = event_when(ctx, _trigger(ctx, "arrested", "COERCE"))
    assert (when.value, when.precision) == ("2012-04-24", "day")
    assert historical is False


def test_without_an_event_date_the_publication_date_is_marked_unknown(nlp):
    ctx = _context(nlp, "Gunmen attacked a bus near the border.")
    when, historical = event_when(ctx, _trigger(ctx, "attacked"))
    assert when == When(value=PUB, precision="unknown")
    assert historical is False


def test_date_of_the_report_is_not_the_date_of_the_reported_event(nlp):
    ctx = _context(nlp, "Rebels attacked the town, officials said on Monday.")
    when, _ = event_when(ctx, _trigger(ctx, "attacked"))
    assert when.precision == "unknown"
    assert when.value == PUB


def test_durations_are_never_event_dates(nlp):
    ctx = _context(nlp, "The army shelled the city for two days.")
    when, _ = event_when(ctx, _trigger(ctx, "shelled"))
    assert when.precision == "unknown"


def test_event_without_a_publication_date(nlp):
    ctx = _context(nlp, "Gunmen attacked a bus near the border.", published=None)
    when, historical = event_when(ctx, _trigger(ctx, "attacked"))
    assert when == When(value=None, precision="unknown")
    assert historical is False


@pytest.mark.parametrize("value, precision, expected", [
    ("2011-04", "month", True),
    ("2012-04-02", "day", True),     # 24 days before publication
    ("2012-04-20", "day", False),    # 6 days: within the window
    ("2012-W16", "month", False),    # last week
    ("2012", "year", False),         # this year
    ("2011", "year", True),
    ("2012-04-26", "day", False),
])
def test_historical_rule(value, precision, expected):
    assert is_historical(When(value=value, precision=precision), PUB) is expected


def test_when_precision_from_the_value():
    def w(value, type_="DATE"):
        return when_from_timex(Timex(0, 1, "x", type_, value, "x"))

    assert w("2012-04-22").precision == "day"
    assert w("2012-04").precision == "month"
    assert w("2012-Q2").precision == "year"
    assert w("2012-W16").precision == "month"
    assert w("199") is None  # a decade is too coarse for an event date
    assert w("PRESENT_REF") is None
    assert w("P2D", "DURATION") is None
    assert w("2012-04-25TNI", "TIME") == When(value="2012-04-25", precision="day", text="x", start=0, end=1)
