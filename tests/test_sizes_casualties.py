"""The casualties benchmark module: whole local-news pages with boilerplate, on the real pipeline."""

from __future__ import annotations

from tacitus.evaluation.casualties import (
    ArticleFigures,
    clean_title,
    incident_groups,
    incident_vote,
    paragraphs,
    predict,
)

PAGE = """Please enable Javascript to watch this video
Home | News | Weather | Sports
Two men charged in robbery on Main Street

A man was shot and killed and another man was wounded in a shooting outside a bar on Saturday night, police said.

A man was shot and killed and another man was wounded in a shooting outside a bar on Saturday night, police said.

The wounded man was taken to a hospital with non-life-threatening injuries.

Police have not made any arrests.

Copyright 2015 WXYZ. All rights reserved.
"""


def row(text, title="Man killed, another wounded in bar shooting - WXYZ News", published="2015-06-08", id_="r1"):
    return {"id": id_, "text": text, "title": title, "published": published, "source": "wxyz.com"}


def test_paragraphs_drop_furniture_and_count_repeats():
    paras = paragraphs(PAGE)
    texts = [p.text for p in paras]
    assert not any("Javascript" in t or "All rights reserved" in t for t in texts)
    shot = [p for p in paras if p.text.startswith("A man was shot")]
    assert len(shot) == 1 and shot[0].repeats == 2


def test_paragraphs_unglue_sentences():
    (p,) = paragraphs("He was charged with her murder.Police formally charged him Monday.")
    assert "murder. Police" in p.text


def test_clean_title_reads_a_headline_comma_as_and():
    assert clean_title("Millbrook officer, suspect wounded in exchange of gunfire") == (
        "Millbrook officer and suspect wounded in exchange of gunfire")
    assert clean_title("Boy, 11, shot in Chicago") == "Boy, 11, shot in Chicago"  # an age
    assert clean_title("Shooting in Durham, NC leaves two dead") == "Shooting in Durham, NC leaves two dead"


def test_clean_title_drops_the_site_and_title_case():
    assert clean_title("4 Shot, 2 Killed In East Dayton Apartment Complex - WXYZ.com") == (
        "4 shot, 2 killed in east dayton apartment complex")
    assert clean_title(None) == ""


def test_predict_reads_the_incident_not_the_boilerplate(nlp):
    (pred,) = predict([row(PAGE)])
    assert pred == {"id": "r1", "killed": 1, "injured": 1, "incident_date": "2015-06-06", "article_killed": 1,
                    "article_injured": 1}


def test_predict_one_fatally(nlp):
    text = "Two people were shot, one fatally, early Sunday in the 1200 block of Elm Street, police said."
    (pred,) = predict([row(text, title="Two shot on Elm Street", published="2016-03-14")])
    assert (pred["killed"], pred["injured"], pred["incident_date"]) == (1, 1, "2016-03-13")


def test_predict_shot_in_the_leg_is_injured_and_no_one_else(nlp):
    text = ("A 17-year-old boy was shot in the leg Tuesday afternoon near a park, police said. "
            "No one else was hurt.")
    (pred,) = predict([row(text, title="Teen shot near park", published="2016-05-04")])
    assert (pred["killed"], pred["injured"]) == (0, 1)


def test_predict_statistics_are_not_the_incident(nlp):
    text = ("A 4-year-old boy was killed Monday when he found a gun and accidentally shot himself. "
            "Since 2001 there have been 8,412 accidental shooting deaths in the country.")
    (pred,) = predict([row(text, title="Boy, 4, dies in accidental shooting", published="2016-05-04")])
    assert (pred["killed"], pred["injured"]) == (1, 0)


def test_predict_tallies_are_not_the_incident(nlp):
    text = ("Two people were shot Sunday night on the West Side, one fatally, police said. "
            "At least 65 people were killed in the city in October alone. "
            "More than 3,170 people have been shot in the city this year.")
    (pred,) = predict([row(text, title="Two shot on West Side", published="2016-12-05")])
    assert (pred["killed"], pred["injured"]) == (1, 1)


def test_predict_date_is_not_the_arrest_date(nlp):
    text = ("A man was arrested Friday in the fatal shooting of a 20-year-old man on Tuesday night, "
            "police said.")
    (pred,) = predict([row(text, title="Arrest in fatal shooting", published="2016-05-08")])
    assert pred["incident_date"] == "2016-05-03"


def test_predict_without_a_date_falls_back_to_publication(nlp):
    (pred,) = predict([row("A man was shot and wounded.", title="Man wounded", published="2016-05-08")])
    assert pred["incident_date"] == "2016-05-08"
    (pred,) = predict([row("A man was shot and wounded.", title="Man wounded", published=None)])
    assert pred["incident_date"] is None


def test_predict_keeps_order_and_ids_across_chunks(nlp):
    rows = [row(f"A man was shot and wounded on Monday {i}.", id_=f"r{i}") for i in range(40)]
    preds = list(predict(rows))
    assert [p["id"] for p in preds] == [r["id"] for r in rows]


def test_paragraphs_drop_gallery_counters():
    """A photo counter inside a story line counts pictures, not people."""
    (p,) = paragraphs("Photo: Channel 9 Image 2 of 8 A child was shot at a home on Quail Run Lane. " * 6)
    assert "of 8" not in p.text and "A child was shot" in p.text


def test_predict_gallery_counter_is_not_a_figure(nlp):
    text = ("Photo: Channel 9 Image 2 of 8 A boy was shot at a farmhouse outside Millbrook on Tuesday and "
            "died that night at a hospital, the county sheriff told reporters on Wednesday. Deputies "
            "believe the boy found a loaded rifle in a closet and shot himself in the chest while his "
            "uncle was mowing the yard. The sheriff did not say whether anyone would be charged.")
    (pred,) = predict([row(text, title="Boy dies after shooting at home", published="2016-01-22")])
    assert pred["injured"] == 0


def test_predict_a_page_that_counts_nobody_still_has_a_victim(nlp):
    """Every report of a shooting has someone hit: dead where the page speaks of a death, else hurt."""
    death = row("Detectives said the homicide on Oak Street is under investigation. No arrests were made.",
                title="Detectives investigate Oak Street homicide", published="2016-04-02")
    gunfire = row("Officers responded to reports of gunfire on Oak Street. No arrests were made.",
                  title="Gunfire on Oak Street", published="2016-04-02", id_="r2")
    first, second = predict([death, gunfire], together=False)
    assert (first["killed"], first["injured"]) == (1, 0)
    assert (second["killed"], second["injured"]) == (0, 1)


def figures(id_, published, killed, injured, date="2016-04-02", counted=True, victims=()):
    return ArticleFigures(id_, published, killed, injured, date, counted, frozenset(victims))


def test_incident_vote_gives_what_most_reports_of_the_incident_say():
    a, b, c = figures("a", "2016-04-02", 0, 2), figures("b", "2016-04-03", 1, 1), figures("c", "2016-04-03", 1, 1)
    assert incident_vote(a, [a, b, c]) == (1, 1)
    # each figure is voted on its own
    d = figures("d", "2016-04-04", 1, 2)
    assert incident_vote(a, [a, b, d]) == (1, 2)


def test_incident_vote_tie_goes_to_the_later_report():
    """The victim hurt in the first night's story may have died by the next day's."""
    night, next_day = figures("a", "2016-04-02", 0, 1), figures("b", "2016-04-03", 1, 0)
    assert incident_vote(night, [night, next_day]) == (1, 0)
    assert incident_vote(next_day, [next_day, night]) == (1, 0)


def test_incident_vote_a_guess_weighs_less_and_other_dates_do_not_vote():
    counted, guess = figures("a", "2016-04-02", 0, 2), figures("b", "2016-04-03", 1, 0, counted=False)
    assert incident_vote(counted, [counted, guess]) == (0, 2)
    later = figures("c", "2016-04-09", 1, 0, date="2016-04-08")
    assert incident_vote(counted, [counted, later]) == (0, 2)


ELM_NIGHT = ("A 24-year-old man was shot and wounded on Elm Street in Dayton on Saturday night, police said. "
             "Officers found the man lying near a parked car outside a convenience store on Elm Street. He was "
             "taken to Miami Valley Hospital in critical condition. Police have not made any arrests.")
ELM_DEATH = ("The 24-year-old man who was shot on Elm Street in Dayton on Saturday night has died, police said "
             "on Sunday. He was shot near a parked car outside a convenience store on Elm Street and died at "
             "Miami Valley Hospital. Police have not made any arrests.")


def test_predict_reads_the_reports_of_one_incident_together(nlp):
    """Three stories of one shooting, clustered as ``tacitus ingest`` would: the two that tell the
    death outvote the first night's story, which keeps its own reading beside the agreed one."""
    rows = [
        row(ELM_NIGHT, title="Man shot on Elm Street in Dayton", published="2016-04-03", id_="night"),
        row(ELM_DEATH, title="Man shot on Elm Street in Dayton dies", published="2016-04-04", id_="death"),
        row(ELM_DEATH.replace("has died", "died of his wounds"), title="Elm Street shooting victim dies",
            published="2016-04-04", id_="death2"),
        row("Two women were shot and wounded at a bus stop on Pine Avenue in Tulsa on Friday, police said.",
            title="Two women shot in Tulsa", published="2016-04-02", id_="tulsa"),
    ]
    preds = {p["id"]: p for p in predict(rows)}
    night = preds["night"]
    assert (night["article_killed"], night["article_injured"]) == (0, 1)
    assert (night["killed"], night["injured"]) == (1, 0)
    assert (preds["tulsa"]["killed"], preds["tulsa"]["injured"]) == (0, 2)
    assert [(p["killed"], p["injured"]) for p in predict(rows, together=False)] == [(0, 1), (1, 0), (1, 0), (0, 2)]


def test_reports_naming_the_same_victim_on_the_same_days_are_one_incident(nlp):
    """Pages the clustering leaves alone (no event in them) still join where they name the same
    victim in full and date the incident within a day of each other."""
    notes = ("The library opens at nine.", "Tickets for the spring concert are on sale.",
             "The council meets on Tuesday.", "Snow is expected in the hills.")
    rows = [row(text, title=text, id_=i) for text, i in zip(notes, "abcd", strict=True)]
    figs = [figures("a", "2016-04-03", 0, 1, victims={"marcus delane whitfield"}),
            figures("b", "2016-04-04", 1, 0, date="2016-04-03", victims={"marcus delane whitfield"}),
            figures("c", "2016-04-09", 1, 0, date="2016-04-08", victims={"marcus delane whitfield"}),
            figures("d", "2016-04-03", 0, 2, victims={"dana ruiz"})]
    groups = incident_groups(rows, figs)
    assert groups["a"] == groups["b"]
    assert len({groups["a"], groups["c"], groups["d"]}) == 3
