"""The ingest stage's rules on small strings: dates, titles, datelines, source notes, language."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tacitus import errors
from tacitus.ingest import (
    article_from_text,
    detect_language,
    find_dateline,
    find_source_notes,
    fragment_text,
    language_code,
    normalise_date,
    parse_plain_text,
    split_title,
)
from tacitus.ingest.language import langdetect_best
from tacitus.records import article_id

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2012-04-26", "2012-04-26"),
        ("2012-04-26T23:30:00-05:00", "2012-04-26"),  # the source's own day, not UTC's
        ("2012/4/6", "2012-04-06"),
        ("20120426", "2012-04-26"),
        ("Thu, 26 Apr 2012 10:00:00 +0000", "2012-04-26"),
        ("26 April 2012", "2012-04-26"),
        ("April 26, 2012", "2012-04-26"),
        ("Apr. 26th, 2012", "2012-04-26"),
        ("Thursday, April 26, 2012 3:13 PM EDT", "2012-04-26"),
        (dt.date(2012, 4, 26), "2012-04-26"),
        (dt.datetime(2012, 4, 26, 23, 0), "2012-04-26"),
        (time.struct_time((2012, 4, 26, 0, 0, 0, 3, 117, 0)), "2012-04-26"),
        # unknown or ambiguous: never guessed
        ("04/05/2012", None),
        ("2012", None),
        ("April 2012", None),
        ("2012-02-30", None),
        ("last Sunday", None),
        ("", None),
        (None, None),
        (1335398400, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


# --------------------------------------------------------------------------------------------
# Titles and front matter
# --------------------------------------------------------------------------------------------


def test_title_rule():
    assert split_title("Bridge closed\n\nThe bridge was closed.") == ("Bridge closed", "The bridge was closed.")
    assert split_title("Bridge closed\nThe bridge was closed.") == (None, "Bridge closed\nThe bridge was closed.")
    assert split_title("The bridge was closed.\n\nIt reopened.")[0] is None  # a sentence, not a title
    assert split_title("Bridge closed")[0] is None  # nothing after it
    long_line = " ".join(["word"] * 40)
    assert split_title(f"{long_line}\n\nBody.")[0] is None


def test_front_matter_keys_and_aliases():
    doc = parse_plain_text("---\nheadline: Bridge closed\ndate: 2023-03-14\noutlet: Courier\nlink: https://x.example/a\n---\nBody.")
    assert doc.meta == {
        "title": "Bridge closed",
        "published": dt.date(2023, 3, 14),
        "source": "Courier",
        "url": "https://x.example/a",
    }
    assert doc.body == "Body."
    # dashes that do not open a YAML mapping are prose, not front matter
    assert parse_plain_text("---\nJust a line\n---\nBody.").meta == {}


# --------------------------------------------------------------------------------------------
# Datelines and credits
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "text", "place", "date_text", "outlet"),
    [
        ("BAGHDAD, April 26 (Reuters) - Iraqi forces said", "BAGHDAD, April 26 (Reuters)", "BAGHDAD", "April 26", "Reuters"),
        ("KABUL (AP) — A roadside bomb", "KABUL (AP)", "KABUL", None, "AP"),
        ("(Reuters) - The central bank", "(Reuters)", None, None, "Reuters"),
        ("WASHINGTON, D.C. (AP) -- Lawmakers", "WASHINGTON, D.C. (AP)", "WASHINGTON, D.C.", None, "AP"),
        ("BAGHDAD — Iraqi forces", "BAGHDAD", "BAGHDAD", None, None),
        ("KABUL, Afghanistan — A bomb", "KABUL, Afghanistan", "KABUL, Afghanistan", None, None),
        ("NEW DELHI: The government said", "NEW DELHI", "NEW DELHI", None, None),
        ("MOSUL, Iraq, Sunday — Gunmen", "MOSUL, Iraq, Sunday", "MOSUL, Iraq", "Sunday", None),
        ("Stop Fundamentalism – Sources in Baghdad", "Stop Fundamentalism", None, None, "Stop Fundamentalism"),
        ("Kabul – A bomb exploded", "Kabul", "Kabul", None, None),  # a known city: a place, not an outlet
        ("(NEW YORK) — Shares fell", "(NEW YORK)", "NEW YORK", None, None),
    ],
)
def test_datelines(opening, text, place, date_text, outlet):
    found = find_dateline(opening)
    assert found is not None
    assert (found.text, found.place, found.date_text, found.outlet) == (text, place, date_text, outlet)
    assert opening[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "opening",
    [
        "Iraqi forces said on Monday they had killed five militants.",
        "The army said on Monday – after a long delay – that it would withdraw.",
        "The United Nations (UN) - the world body - met on Monday.",
        "US troops – some 5,000 of them – will leave.",
        "Police said – without naming anyone – that two men were held.",
        "BREAKING: Explosion reported near the port.",
        "UPDATE 2 - Talks resume in Geneva.",
        "Human Rights Watch – the New York-based group – said on Monday that",
    ],
)
def test_no_dateline(opening):
    assert find_dateline(opening) is None


# --------------------------------------------------------------------------------------------
# Source notes
# --------------------------------------------------------------------------------------------


def test_source_notes_and_translation():
    body = (
        "Police said two men were arrested.\n\nThe men will appear in court.\n\n"
        "Reporting by Jane Roe; Editing by Sam Poe\n\n"
        "This article was originally published by The Valley Courier.\n\n"
        "(Translated from the Persian by the news desk.)"
    )
    notes = find_source_notes(body)
    assert notes.notes == (
        "Reporting by Jane Roe; Editing by Sam Poe",
        "This article was originally published by The Valley Courier.",
        "(Translated from the Persian by the news desk.)",
    )
    assert notes.translated_from == "fa"


def test_no_source_notes_in_ordinary_sentences():
    body = (
        "The minister said the letter was translated from Arabic by his aides. "
        "Source documents were not released.\n\nThe talks will resume on Monday.\n\n"
        "Markets have been volatile this week (Source: Getty)"
    )
    assert find_source_notes(body).notes == ()
    assert find_source_notes(body).translated_from is None


def test_notes_in_the_middle_of_a_long_article_are_not_article_level():
    middle = "This report was translated from Arabic."
    lines = ["Paragraph one."] * 3 + [middle] + ["Paragraph two."] * 5
    assert find_source_notes("\n\n".join(lines)).notes == ()


@pytest.mark.parametrize(
    ("name", "code"),
    [("Arabic", "ar"), ("Persian", "fa"), ("Farsi", "fa"), ("Pashto", "ps"), ("Kurdish", "ku"), ("Greek", "el"), ("Klingon", None)],
)
def test_language_code(name, code):
    assert language_code(name) == code


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------

# Short English texts that langdetect alone confidently calls another language (Danish, Afrikaans,
# Swedish, with probability >= 0.98 at the pinned version), plus a few it gets right.
LANGDETECT_TRAPS = [
    "Mayor resigns after vote",
    "Fire at Lagos market",
    "Strike by dock workers halts port in Antwerp",
    "Car bomb kills 5 in Kirkuk",
]
SHORT_ENGLISH = LANGDETECT_TRAPS + [
    "Explosion hits Kabul market",
    "Gunmen kill three police officers in Peshawar market attack",
    "Flood waters rise along Danube as rescuers evacuate villages near Novi Sad",
    "Mayor resigns",
]


def test_langdetect_alone_misreads_short_english():
    wrong = [t for t in LANGDETECT_TRAPS if (langdetect_best(t) or ("en", 0))[0] != "en"]
    assert wrong  # why detect_language does not trust langdetect on short texts


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_is_never_called_another_language(text):
    assert detect_language(text) in ("en", None)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("es", "El gobierno anunció el lunes que cerrará tres pasos fronterizos en el norte del país después de los "
               "enfrentamientos entre soldados y contrabandistas, según un comunicado del ministerio del interior."),
        ("fr", "Le gouvernement a annoncé lundi la fermeture de trois postes frontaliers dans le nord du pays après "
               "des affrontements entre soldats et contrebandiers, selon un communiqué du ministère de l'intérieur."),
        ("de", "Die Regierung hat am Montag angekündigt, drei Grenzübergänge im Norden des Landes zu schließen, "
               "nachdem es zu Zusammenstößen zwischen Soldaten und Schmugglern gekommen war, teilte das Ministerium mit."),
        ("ar", "أعلنت الحكومة يوم الاثنين أنها ستغلق ثلاثة معابر حدودية في شمال البلاد بعد اشتباكات بين الجنود والمهربين."),
    ],
)
def test_other_languages(code, text):
    assert detect_language(text) == code
    assert detect_language(text) == detect_language(text)  # seeded: the same answer every time


def test_short_foreign_text_is_undetermined_not_skipped():
    assert detect_language("Der Präsident sagte am Montag, die Regierung werde bleiben.") is None


# --------------------------------------------------------------------------------------------
# Building an article
# --------------------------------------------------------------------------------------------


def test_article_from_text():
    text = "KABUL (AP) — A bomb killed two people on Monday, police said.\n\nNo group said it was responsible."
    article = article_from_text(text, published="Mon, 05 Jun 2023 10:00:00 +0430", origin="here")
    assert article.id == article_id(article.text) == article_id(text)
    assert article.dateline == "KABUL (AP)"
    assert article.source == "AP"  # the agency stands in for a missing outlet
    assert article.published == "2023-06-05"
    assert article.title is None and article.language == "en" and article.origin == "here"
    assert article_from_text(text, source="Kabul Daily").source == "Kabul Daily"  # a given outlet wins
    assert article_from_text(text, credit_as_source=False).source is None


def test_article_from_text_keeps_the_text_apart_from_title_and_whitespace():
    article = article_from_text("\ufeff  Bridge closed\r\n\r\nThe bridge in Riverton was closed.  \r\n")
    assert article.title == "Bridge closed"
    assert article.text == "The bridge in Riverton was closed."
    assert article_from_text("Bridge closed\n\nThe bridge.", guess_title=False).title is None


def test_empty_text_raises():
    with pytest.raises(errors.EmptyInput):
        article_from_text(" \n\t ")


def test_fragment_text():
    html = "<p>First <b>para</b>&amp; more.</p><script>x()</script><p>Second.</p>"
    assert fragment_text(html) == "First para& more.\n\nSecond."
    assert fragment_text("No markup here.") == "No markup here."
