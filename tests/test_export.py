import csv
import io
import json

import pyarrow.parquet as pq

from factories import make_coded
from tacitus import export
from tacitus.records import Event, from_export


def test_jsonl_round_trip(tmp_path):
    events = make_coded().events
    path = tmp_path / "e.jsonl"
    assert export.write_jsonl(events, path) == 2
    back = [from_export(Event, json.loads(line)) for line in path.read_text().splitlines()]
    assert back == list(events)


def test_csv_has_one_flat_row_per_event(tmp_path):
    events = make_coded().events
    buf = io.StringIO()
    export.write_csv(events, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 2
    assert rows[0]["event"] == "ASSAULT"
    assert rows[0]["actor_country"] == "MLI"
    assert rows[0]["dead_min"] == "12"
    assert rows[0]["attribution"] == "a military spokesman > Coastline Wire"
    assert list(rows[0]) == list(export.CSV_COLUMNS)


def test_parquet_keeps_the_nested_record(tmp_path):
    events = make_coded().events
    path = tmp_path / "e.parquet"
    assert export.write_parquet(events, path) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2
    rows = table.to_pylist()
    assert rows[0]["event"] == "ASSAULT"
    assert rows[0]["actor"][0]["code"] == "MLI"
    assert from_export(Event, rows[0]) == events[0]
