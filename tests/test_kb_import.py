"""`tacitus kb import`: validation at the trust boundary and merging into the user KB."""

import json
from pathlib import Path

from click.testing import CliRunner

from tacitus.actors import load_kb
from tacitus.actors.importer import import_file

FIXTURES = Path(__file__).parent / "fixtures" / "kb"


def _cli():
    from tacitus.cli import _register, cli

    _register()
    return cli


def test_import_persons_csv_validates_and_groups_offices(tmp_path):
    report = import_file(FIXTURES / "persons.csv", kind="persons", into=tmp_path)
    assert report.rows == 7
    reasons = dict(report.rejected)
    assert "2015-13-01" in reasons[4]  # impossible month
    assert "XXX" in reasons[5]  # unknown country code
    assert "name" in reasons[7]  # no name
    assert report.new_entries == 3
    entries = [json.loads(line) for line in (tmp_path / "persons.jsonl").read_text().splitlines()]
    testova = next(e for e in entries if e["name"] == "Amina Testova")
    assert [o["title"] for o in testova["offices"]] == ["Minister of Water", "Speaker of Parliament"]
    assert testova["offices"][1]["sector"] == "LEG"


def test_imported_entries_resolve_with_dates_and_extend_builtins(tmp_path, monkeypatch):
    import_file(FIXTURES / "persons.csv", kind="persons", into=tmp_path / "kb")
    monkeypatch.setenv("TACITUS_HOME", str(tmp_path))
    kb = load_kb()
    (testova,) = kb.lookup("A. Testova")
    assert testova.office_at("2020-05-01").title == "Minister of Water"
    assert testova.office_at("2023-05-01").sector == "LEG"
    # a row naming a built-in person adds its QID and alias to the built-in entry
    (maliki,) = kb.lookup("Abu Esraa")
    assert maliki.qid == "Q123" and maliki.office_at("2012-01-01").title == "Prime Minister"


def test_reimport_merges_instead_of_duplicating(tmp_path):
    import_file(FIXTURES / "groups.jsonl", into=tmp_path)
    report = import_file(FIXTURES / "groups.jsonl", into=tmp_path)
    assert report.new_entries == 0 and report.updated_entries == 1
    lines = (tmp_path / "groups.jsonl").read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["periods"] == [{"sector": "PTY", "start": "2020-01-01"}]


def test_dry_run_writes_nothing(tmp_path):
    report = import_file(FIXTURES / "groups.jsonl", into=tmp_path, dry_run=True)
    assert report.accepted == 2 and len(report.rejected) == 2
    assert not (tmp_path / "groups.jsonl").exists()


def test_cli_reports_counts_and_reasons(tmp_path):
    result = CliRunner().invoke(
        _cli(), ["kb", "import", str(FIXTURES / "groups.jsonl"), "--into", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "2 accepted, 2 rejected" in result.output
    assert "XYZ" in result.output and "not valid JSON" in result.output


def test_cli_lookup_shows_office_at_date():
    result = CliRunner().invoke(_cli(), ["kb", "lookup", "Nouri al-Maliki", "--date", "2012-04-22"])
    assert result.exit_code == 0, result.output
    assert "Prime Minister" in result.output and "IRQ" in result.output
