import json

import jsonschema

from conftest import ROOT
from factories import make_event
from tacitus.docgen import schema_text
from tacitus.records import to_export
from tacitus.schema import event_arrow_schema, event_json_schema


def test_schema_file_is_in_step_with_the_record():
    committed = (ROOT / "schema" / "event.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/event.schema.json is stale: run `make docs`"


def test_exported_event_validates():
    jsonschema.validate(to_export(make_event()), event_json_schema())


def test_schema_rejects_unknown_category():
    bad = to_export(make_event())
    bad["event"] = "PARTY"
    try:
        jsonschema.validate(bad, event_json_schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("a category outside PLOVER validated")


def test_arrow_schema_matches_json_schema_fields():
    arrow_names = set(event_arrow_schema().names)
    assert arrow_names == set(event_json_schema()["properties"])
    json.dumps(event_json_schema())
