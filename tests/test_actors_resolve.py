"""resolve_span on parsed sentences (real spaCy pipeline): KB matches, role nouns, dated offices."""

import pytest

from tacitus.actors import legacy_code, load_kb, resolve_span
from tacitus.nlp import parse_one


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def resolve(kb, text, mention, date=None, mentions=None):
    """Resolve the first occurrence of ``mention`` in ``text``."""
    doc = parse_one(text)
    at = text.index(mention)
    toks = [t.i for t in doc if at <= t.idx < at + len(mention)]
    return resolve_span(doc, toks[0], toks[-1] + 1, kb=kb, date=date, mentions=mentions)


def cs(entity):
    return (entity.country, entity.sector) if entity else None


def test_demonym_and_role_noun(kb):
    assert cs(resolve(kb, "MEK came under attack by Iraqi forces in April.", "Iraqi forces")) == ("IRQ", "MIL")
    assert cs(resolve(kb, "The Iranian regime has asked Iraq to extradite them.", "The Iranian regime")) == ("IRN", "GOV")
    assert cs(resolve(kb, "Turkish police detained 40 protesters.", "Turkish police")) == ("TUR", "COP")
    assert cs(resolve(kb, "Sudanese rebels shelled the town.", "Sudanese rebels")) == ("SDN", "REB")
    assert cs(resolve(kb, "Chinese authorities arrested him.", "Chinese authorities")) == ("CHN", "GOV")


def test_modifiers_change_weak_and_armed_heads(kb):
    assert cs(resolve(kb, "Afghan rebel leaders met in Peshawar.", "Afghan rebel leaders")) == ("AFG", "REB")
    assert cs(resolve(kb, "Syrian government troops advanced.", "Syrian government troops")) == ("SYR", "MIL")
    assert cs(resolve(kb, "Pro-government militias attacked the village.", "Pro-government militias"))[1] == "PRM"
    assert resolve(kb, "Former President Jimmy Carter visited Gaza.", "Former President Jimmy Carter").sector == "ELI"


def test_title_with_name_not_in_kb(kb):
    ent = resolve(kb, "Iraqi Parliamentarian Ali Bashir told Al-Siyasa the plan.", "Iraqi Parliamentarian Ali Bashir")
    assert (ent.country, ent.sector, ent.kind) == ("IRQ", "LEG", "person")
    assert ent.kb_id is None  # not Omar al-Bashir: the text gives another first name


def test_possessive_title_and_appositive_person(kb):
    text = "The Iranian regime has asked Iraq's Prime Minister, Nouri al-Maliki, to extradite them."
    ent = resolve(kb, text, "Iraq's Prime Minister, Nouri al-Maliki", date="2012-04-22")
    assert (ent.name, ent.country, ent.sector, ent.office, ent.kind) == (
        "Nouri al-Maliki", "IRQ", "GOV", "Prime Minister", "person",
    )
    assert ent.text == "Iraq's Prime Minister, Nouri al-Maliki"


def test_appositive_names_the_group(kb):
    text = "Iran asked Iraq to extradite about 166 members of the exiled Iranian opposition, Mujahedin-e Khalq or MEK."
    ent = resolve(kb, text, "about 166 members of the exiled Iranian opposition, Mujahedin-e Khalq or MEK")
    assert (ent.country, ent.sector, ent.kind) == ("IRN", "OPP", "group")
    assert "Mojahedin" in ent.name


def test_dated_office_of_a_prime_minister(kb):
    text = "Nouri al-Maliki met the Iranian president in Tehran."
    in_office = resolve(kb, text, "Nouri al-Maliki", date="2012-04-22")
    assert (in_office.country, in_office.sector, in_office.office) == ("IRQ", "GOV", "Prime Minister")
    out_of_office = resolve(kb, text, "Nouri al-Maliki", date="2016-01-15")
    assert out_of_office.country == "IRQ" and out_of_office.office is None
    assert out_of_office.sector == "ELI"  # a former office-holder, the text saying nothing else
    titled = resolve(kb, "Former prime minister Nouri al-Maliki met him.", "Former prime minister Nouri al-Maliki",
                     date="2016-01-15")
    assert titled.sector == "ELI" and titled.office is None


def test_head_of_state_office_changes_at_the_right_date(kb):
    text = "Hosni Mubarak spoke to reporters."
    assert resolve(kb, text, "Hosni Mubarak", date="2011-02-10").office == "President"
    assert resolve(kb, text, "Hosni Mubarak", date="2011-02-12").office is None
    text = "Obama met Netanyahu."
    assert resolve(kb, text, "Obama", date="2016-12-01").office == "President"
    assert resolve(kb, text, "Obama", date="2017-02-01").office is None


def test_namesakes_are_told_apart_by_date_and_context(kb):
    text = "President Bush met Prime Minister Blair."
    assert resolve(kb, text, "President Bush", date="2003-03-01").name == "George W. Bush"
    assert resolve(kb, text, "President Bush", date="1991-03-01").name == "George H. W. Bush"
    undated = resolve(kb, text, "President Bush")
    assert (undated.country, undated.sector) == ("USA", "GOV")  # both Bushes agree


def test_kb_wins_over_ner_labels(kb):
    # spaCy tags "Hadi Al-Ameri" GPE and "MEK" PERSON in this sentence
    text = "Al-Bashir is a member of the Iraqi Badr group headed by Hadi Al-Ameri and met the MEK."
    ameri = resolve(kb, text, "Hadi Al-Ameri", date="2016-05-01")
    assert (ameri.name, ameri.country, ameri.sector, ameri.kind) == ("Hadi al-Amiri", "IRQ", "PRM", "person")
    assert resolve(kb, text, "Hadi Al-Ameri", date="2012-05-01").sector == "GOV"  # minister of transport then
    mek = resolve(kb, text, "the MEK")
    assert (mek.country, mek.sector, mek.kind) == ("IRN", "OPP", "group")
    badr = resolve(kb, text, "the Iraqi Badr group")
    assert (badr.country, badr.sector) == ("IRQ", "PRM")


def test_capitals_and_metonyms(kb):
    assert cs(resolve(kb, "Tehran rejected the demand.", "Tehran")) == ("IRN", "GOV")
    assert cs(resolve(kb, "The Kremlin denied the report.", "The Kremlin")) == ("RUS", "GOV")
    assert cs(resolve(kb, "The Pentagon confirmed the strike.", "The Pentagon")) == ("USA", "MIL")
    assert cs(resolve(kb, "Downing Street said nothing.", "Downing Street")) == ("GBR", "GOV")


def test_country_name_alone_has_no_sector(kb):
    assert cs(resolve(kb, "Jordan and Britain have agreed to hold exercises.", "Jordan")) == ("JOR", None)
    assert cs(resolve(kb, "Burma released the prisoners.", "Burma")) == ("MMR", None)


def test_igos_and_groups(kb):
    un = resolve(kb, "The United Nations condemned the attack.", "The United Nations")
    assert un.country == "UNO" and legacy_code(un.country) == "IGO" and un.kind == "igo"
    assert cs(resolve(kb, "NATO bombed the bridge.", "NATO")) == ("IGO", "MIL")
    assert cs(resolve(kb, "Eighty UN peacekeepers left Gorazde.", "UN peacekeepers")) == ("UNO", "MIL")
    assert cs(resolve(kb, "Hezbollah fighters fired rockets.", "Hezbollah fighters")) == ("LBN", "REB")
    assert cs(resolve(kb, "Daesh claimed the bombing.", "Daesh")) == ("IMG", "REB")
    assert cs(resolve(kb, "The Houthis seized the port.", "The Houthis")) == ("YEM", "REB")
    assert cs(resolve(kb, "Iranian Qods forces crossed into Iraq.", "Iranian Qods forces")) == ("IRN", "MIL")


def test_paramilitary_groups_take_country_from_the_sentence(kb):
    text = "Some Shiite paramilitary groups in Iraq are planning to kidnap members."
    ent = resolve(kb, text, "Some Shiite paramilitary groups")
    assert (ent.country, ent.sector) == ("IRQ", "PRM")


def test_non_actors_resolve_to_none(kb):
    assert resolve(kb, "The talks resumed on Monday.", "Monday") is None
    assert resolve(kb, "The talks resumed on 12 May 2004.", "12 May 2004") is None


def test_offsets_are_the_spans(kb):
    text = "Yesterday the Iranian regime said no."
    ent = resolve(kb, text, "the Iranian regime")
    assert text[ent.start : ent.end] == "the Iranian regime"


def test_someone_speaking_for_a_body_takes_its_sector(kb):
    assert cs(resolve(kb, "A spokesman for the Taliban denied it.", "A spokesman for the Taliban")) == ("AFG", "REB")
    assert resolve(kb, "The leader of the opposition called a strike.", "The leader of the opposition").sector == "OPP"
    assert cs(resolve(kb, "A senior official of the Bush administration said no.",
                      "A senior official of the Bush administration")) == ("USA", "GOV")
    # workers of a company are still workers
    assert resolve(kb, "Workers of the Tehran bus company went on strike.", "Workers of the Tehran bus company").sector == "LAB"


def test_national_red_crescent_society(kb):
    assert cs(resolve(kb, "The Iranian Red Crescent sent tents.", "The Iranian Red Crescent")) == ("IRN", "MED")
    assert cs(resolve(kb, "The Red Cross sent tents.", "The Red Cross")) == ("NGO", "MED")


def test_names_with_lower_case_particles(kb):
    ent = resolve(kb, "Forces loyal to al-Sadr clashed with police.", "al-Sadr")
    assert (ent.name, ent.country) == ("Muqtada al-Sadr", "IRQ")
    assert resolve(kb, "al-Shabaab fighters stormed the base.", "al-Shabaab fighters").country == "SOM"


def test_undated_person_takes_the_office_or_role_the_text_names(kb):
    barak = resolve(kb, "Israeli Prime Minister Ehud Barak agreed to talks.", "Israeli Prime Minister Ehud Barak")
    assert (barak.country, barak.sector) == ("ISR", "GOV")  # not his earlier army command
    tsvangirai = resolve(kb, "Opposition leader Morgan Tsvangirai was arrested.", "Opposition leader Morgan Tsvangirai")
    assert (tsvangirai.country, tsvangirai.sector) == ("ZWE", "OPP")
    annan = resolve(kb, "U.N. Secretary-General Kofi Annan arrived.", "U.N. Secretary-General Kofi Annan")
    assert (legacy_code(annan.country), annan.sector) == ("IGO", "GOV")


def test_a_known_name_at_the_end_of_a_longer_unknown_name_is_another_body(kb):
    # "Democratic Party" (USA) is in the KB; "United Democratic Party" is not
    udp = resolve(kb, "The United Democratic Party accused officials of fraud.", "The United Democratic Party")
    assert udp.country != "USA" and udp.kb_id is None and udp.sector == "PTY"
    assert cs(resolve(kb, "The US Democratic Party accused Republicans of fraud.", "The US Democratic Party")) == \
        ("USA", "PTY")
    assert cs(resolve(kb, "The Democratic Party accused Republicans of fraud.", "The Democratic Party")) == \
        ("USA", "PTY")
