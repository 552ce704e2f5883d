"""The actor knowledge base: loading, lookup, dated offices, user extensions."""

from pathlib import Path

import pycountry
import pytest

from tacitus.actors import load_kb
from tacitus.actors.kb import DATA_DIR, NONSTATE_CODES, SECTORS, build_kb, read_entries
from tacitus.errors import KnowledgeBaseError

FIXTURES = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_every_file_loads_with_known_codes_and_sectors(kb):
    sizes = kb.size()
    assert sizes["state"] >= 195
    assert sizes["group"] >= 150
    assert sizes["person"] >= 300
    for e in kb.entries.values():
        assert e.country is None or e.country in NONSTATE_CODES or kb.country(e.country), e.name
        assert e.sector is None or e.sector in SECTORS, e.name
        for o in e.offices:
            assert o.sector is None or o.sector in SECTORS, e.name
            assert not (o.start and o.end) or o.start <= o.end, (e.name, o)


def test_country_codes_are_iso_alpha3_except_kosovo(kb):
    codes = {e.id for e in kb.entries.values() if e.kind == "state"}
    for code in codes - {"KOS"}:
        assert pycountry.countries.get(alpha_3=code) is not None, code
    assert {"PSE", "TWN", "HKG", "KOS", "VAT"} <= codes


def test_lookup_by_name_alias_demonym_capital_and_former_name(kb):
    assert kb.lookup("Iraq")[0].id == "IRQ"
    assert kb.lookup("Iraqi")[0].id == "IRQ"
    assert kb.lookup("Emirati")[0].id == "ARE"
    assert kb.lookup("Tehran")[0].id == "IRN"
    assert kb.lookup("Burma")[0].id == "MMR"
    assert kb.lookup("Zaire")[0].id == "COD"
    assert kb.lookup("Soviet Union")[0].id == "RUS"
    assert kb.lookup("Côte d’Ivoire")[0].id == "CIV"
    assert kb.lookup("XKX")[0].id == "KOS"


def test_lookup_ignores_case_accents_and_hyphens(kb):
    for name in ("Mujahedin-e Khalq", "MUJAHEDIN E KHALQ", "mujahedin-e-khalq"):
        (entry,) = kb.lookup(name)
        assert entry.country == "IRN" and entry.sector == "OPP"


def test_acronyms_only_match_capitals(kb):
    assert kb.lookup("US")[0].id == "USA"
    assert kb.lookup("us") == []
    assert kb.lookup("IS")[0].name == "Islamic State"
    assert kb.lookup("is") == []


def test_igos_groups_and_institutions(kb):
    assert kb.lookup("UN")[0].country == "UNO"
    assert kb.lookup("European Union")[0].country == "EUR"
    assert kb.lookup("NATO")[0].country == "IGO"
    assert kb.lookup("ICRC")[0].country == "NGO"
    assert kb.lookup("ISIL")[0].country == "IMG"
    assert kb.lookup("Qods Force")[0].country == "IRN"
    assert kb.lookup("IRGC")[0].sector == "MIL"
    houthis = kb.lookup("Ansar Allah")[0]
    assert (houthis.country, houthis.sector) == ("YEM", "REB")


def test_dated_offices(kb):
    (maliki,) = kb.lookup("Nouri al-Maliki")
    assert maliki.office_at("2012-04-22").title == "Prime Minister"
    assert maliki.office_at("2016-01-15") is None
    assert maliki.held_office_before("2016-01-15")
    (obama,) = kb.lookup("Barack Obama")
    assert obama.office_at("2009-01-19") is None  # left the Senate in November 2008
    assert obama.office_at("2009-01-21").title == "President"
    assert obama.office_at("2017-01-21") is None


def test_dated_group_periods(kb):
    (taliban,) = kb.lookup("Taliban")
    assert taliban.office_at("1999-05-01").sector == "GOV"
    assert taliban.office_at("2010-05-01").sector == "REB"
    assert taliban.office_at("2022-05-01").sector == "GOV"


def test_surname_lookup_prefers_office_holder_at_date(kb):
    bushes = kb.lookup("Bush", date="2005-06-01")
    assert bushes[0].name == "George W. Bush"
    assert kb.lookup("Bush", date="1990-06-01")[0].name == "George H. W. Bush"
    # a full name is never shadowed by someone else's surname
    assert [e.name for e in kb.lookup("Hadi al-Ameri")] == ["Hadi al-Amiri"]


def test_user_extension_dir_is_merged(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "kb").mkdir(parents=True)
    (home / "kb" / "groups-local.yaml").write_text(
        (FIXTURES / "user" / "groups-local.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setenv("TACITUS_HOME", str(home))
    kb = load_kb()
    (nvdc,) = kb.lookup("NVDC")
    assert (nvdc.country, nvdc.sector, nvdc.kind) == ("KEN", "PRM", "group")
    (hezbollah,) = kb.lookup("Hizb Allah")
    assert hezbollah.country == "LBN" and "Hizbollah" in hezbollah.aliases
    monkeypatch.delenv("TACITUS_HOME")
    assert load_kb().lookup("NVDC") == [] or load_kb().lookup("NVDC")[0].source != str(home)


def test_unknown_country_code_is_an_error(tmp_path):
    bad = tmp_path / "groups.yaml"
    bad.write_text("- name: Somebody\n  country: XYZ\n  sector: REB\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="XYZ"):
        load_kb([bad])


def test_malformed_entries_are_errors(tmp_path):
    cases = {
        "- name: X\n  sector: BAD\n": "sector",
        "- name: X\n  offices: [{title: T, start: 2010-13-01}]\n": "date",
        "- aliases: [X]\n": "name",
        "- name: X\n  colour: red\n": "unknown field",
    }
    for text, message in cases.items():
        f = tmp_path / "persons.yaml"
        f.write_text(text, encoding="utf-8")
        with pytest.raises(KnowledgeBaseError, match=message):
            read_entries(f)


def test_file_without_kind_is_an_error(tmp_path):
    f = tmp_path / "misc.yaml"
    f.write_text("- name: X\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="kind"):
        read_entries(f)


def test_entries_with_same_name_and_qid_merge():
    from tacitus.actors.kb import entry_from_dict

    countries = read_entries(DATA_DIR / "countries.yaml")
    a = entry_from_dict({"name": "Jane Roe", "country": "FRA", "aliases": ["J. Roe"]}, "person", "a")
    b = entry_from_dict({"name": "Jane Roe", "qid": "Q42", "country": "FRA", "aliases": ["Roe"]}, "person", "b")
    kb = build_kb([*countries, a, b])
    (entry,) = kb.lookup("J. Roe")
    assert entry.qid == "Q42" and set(entry.aliases) >= {"J. Roe", "Roe"}


def test_key_prefixes(kb):
    # a phrase that starts a name may grow into one; one that starts none cannot
    assert kb.is_key_prefix("united")
    assert kb.is_key_prefix("united nations")
    assert kb.is_key_prefix("")
    assert not kb.is_key_prefix("zzqx")
    assert not kb.is_key_prefix("united nations zzqx")
    # followed by a space: the key itself, or a key going on with another word
    assert kb.is_key_prefix("united", word_end=True)
    assert kb.is_key_prefix("iraq", word_end=True)
    assert not kb.is_key_prefix("unite", word_end=True)
