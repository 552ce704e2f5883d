"""The gazetteer: built from the real packaged data (once per test session), imports, lookups."""

import shutil

import pytest
from click.testing import CliRunner

from conftest import TESTS
from tacitus.errors import GazetteerError
from tacitus.geo.gazetteer import Gazetteer, build, import_csv, import_geonames, normalise, precision_for

FIXTURES = TESTS / "fixtures" / "geo"


@pytest.fixture(scope="session")
def built_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build(path)
    return path


@pytest.fixture(scope="session")
def gaz(built_path):
    return Gazetteer(built_path)


@pytest.fixture()
def gaz_copy(built_path, tmp_path):
    """A private copy for tests that write (imports)."""
    path = tmp_path / "gazetteer.sqlite"
    shutil.copy(built_path, path)
    return path


def test_normalise_folds_case_accents_punctuation_and_saint():
    assert normalise("St. Louis") == normalise("Saint Louis") == "st louis"
    assert normalise("Zürich") == "zurich"
    assert normalise("the Gaza Strip") == "gaza strip"
    assert normalise("Za'atari") == normalise("Zaatari")


def test_build_holds_countries_admin_areas_cities_and_team_places(gaz):
    stats = gaz.stats()
    assert stats["places"] > 200_000
    assert stats["by_source"]["team"] >= 150
    iraq = gaz.country("IRQ")
    assert iraq.name == "Iraq" and iraq.precision == "country"
    assert any(c.feature_code == "ADM1" and c.country == "IRQ" for c in gaz.lookup("Diyala"))
    assert any(c.feature_code == "ADM2" and c.admin1 == "Louisiana" for c in gaz.lookup("Rapides Parish"))
    baghdad = next(c for c in gaz.lookup("Baghdad") if c.feature_class == "P")
    assert baghdad.country == "IRQ" and baghdad.feature_code == "PPLC" and baghdad.population > 1_000_000


def test_team_places_are_sites_with_their_admin1(gaz):
    (ashraf,) = gaz.lookup("Camp Ashraf")
    assert (ashraf.country, ashraf.admin1, ashraf.precision) == ("IRQ", "Diyala", "site")
    assert abs(ashraf.lat - 33.68) < 0.05 and abs(ashraf.lon - 44.78) < 0.05
    assert gaz.lookup("Baghdad airport")[0].name == "Baghdad International Airport"
    assert gaz.lookup("Rafah crossing")[0].feature_code == "PSTB"


def test_country_aliases_and_demonyms(gaz):
    for name in ("U.S.", "US", "America", "the States", "United States of America"):
        assert gaz.lookup(name)[0].country == "USA", name
    assert gaz.demonym("Iraqi").country == "IRQ"
    assert gaz.demonym("Iraqis").country == "IRQ"
    assert gaz.demonym("European").feature_code == "CONT"
    assert gaz.demonym("Republican") is None


def test_lookup_of_unknown_name_is_empty(gaz):
    assert gaz.lookup("Xqzzyville Nowhere") == ()


def test_precision_for_feature_codes():
    assert precision_for("PCLI") == "country"
    assert precision_for("ADM1") == "admin1"
    assert precision_for("PPLC") == "city"
    assert precision_for("CMP") == "site"


def test_import_geonames_dump_adds_and_replaces_places(gaz_copy):
    n = import_geonames(FIXTURES / "geonames_sample.txt", gaz_copy)
    assert n == 4
    g = Gazetteer(gaz_copy)
    (place,) = g.lookup("Qaryat al-Tajriba")
    assert (place.country, place.geonames_id, place.feature_code) == ("IRQ", 99000001, "PPL")
    assert g.lookup("Tajriba")[0].geonames_id == 99000001  # alternate names are indexed
    assert g.lookup("Wadi Fixture")[0].feature_class == "H"
    # importing again replaces by GeoNames id instead of duplicating
    import_geonames(FIXTURES / "geonames_sample.txt", gaz_copy)
    assert len(Gazetteer(gaz_copy).lookup("Qaryat al-Tajriba")) == 1


def test_import_geonames_min_population_skips_small_places(gaz_copy):
    import_geonames(FIXTURES / "geonames_sample.txt", gaz_copy, min_population=1000)
    g = Gazetteer(gaz_copy)
    assert g.lookup("Smallville Fixture") == ()
    assert g.lookup("Wadi Fixture")  # not a populated place: kept


def test_import_csv(gaz_copy):
    assert import_csv(FIXTURES / "places.csv", gaz_copy) == 2
    g = Gazetteer(gaz_copy)
    (gate,) = g.lookup("Fixture Gate")
    assert (gate.name, gate.country, gate.feature_code) == ("Checkpoint Fixture", "PSE", "PSTB")
    assert g.lookup("Fixtureton")[0].country == "CAN"


def test_import_of_a_file_in_the_wrong_format_is_a_named_error(gaz_copy):
    with pytest.raises(GazetteerError, match="not a GeoNames line"):
        import_geonames(FIXTURES / "bad.txt", gaz_copy)
    with pytest.raises(GazetteerError, match="missing column"):
        import_csv(FIXTURES / "geonames_sample.txt", gaz_copy)


def test_missing_gazetteer_is_a_named_error(tmp_path):
    with pytest.raises(GazetteerError, match="tacitus gazetteer build"):
        Gazetteer(tmp_path / "nope.sqlite")
    with pytest.raises(GazetteerError, match="tacitus gazetteer build"):
        import_csv(FIXTURES / "places.csv", tmp_path / "nope.sqlite")


def test_cli_import_and_lookup(gaz_copy):
    from tacitus.cli import _register, cli

    _register()
    runner = CliRunner()
    res = runner.invoke(cli, ["gazetteer", "import", str(FIXTURES / "geonames_sample.txt"), "--path", str(gaz_copy)])
    assert res.exit_code == 0, res.output
    assert "Imported 4 places" in res.output
    res = runner.invoke(cli, ["gazetteer", "lookup", "Tajriba", "--path", str(gaz_copy)])
    assert res.exit_code == 0 and "Qaryat al-Tajriba" in res.output


def test_one_capital_per_country(gaz):
    capitals = [c for c in gaz.lookup("Washington") if c.feature_code == "PPLC"]
    assert [(c.country, c.admin1_code) for c in capitals] == [("USA", "US.DC")]


def test_team_regions_and_division_abbreviations(gaz):
    assert any(c.feature_code == "SEA" for c in gaz.lookup("Atlantic"))
    assert any(c.feature_code == "ADM1" and c.admin1_code == "CA.02" for c in gaz.lookup("BC"))
    assert not any(c.feature_code == "STM" for c in gaz.lookup("Mississippi"))


def test_a_gazetteer_built_from_older_data_opens_with_a_warning(gaz_copy, caplog):
    import sqlite3

    conn = sqlite3.connect(gaz_copy)
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'content'")
    conn.commit()
    conn.close()
    with caplog.at_level("WARNING", logger="tacitus.geo"):
        old = Gazetteer(gaz_copy)
    assert old.lookup("Paris") and "rebuild" in caplog.text
