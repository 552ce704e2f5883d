"""Export stage: events as JSONL (PLOVER names plus tacitus fields), flat CSV, or Parquet.

Input: an iterable of :class:`~tacitus.records.Event`. Output: a file (path or open binary/text
file). JSONL and Parquet carry the whole record (``schema/event.schema.json``); CSV has one flat
row per event (:data:`CSV_COLUMNS`), lists joined with ``; ``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from tacitus.records import Event, to_export

FORMATS = ("jsonl", "csv", "parquet")

CSV_COLUMNS = (
    "id", "date", "date_precision", "event", "mode", "cameo", "quad_code", "intensity", "status", "historical",
    "actor", "actor_country", "actor_sector", "recipient", "recipient_country", "recipient_sector",
    "place", "place_country", "admin1", "lat", "lon", "place_precision",
    "dead_min", "dead_max", "injured_min", "injured_max", "arrested_min", "arrested_max",
    "displaced_min", "displaced_max", "crowd_min", "crowd_max",
    "attribution", "sentence", "trigger", "article_id", "published", "publisher", "url", "cluster", "sources",
    "confidence",
)


def event_json(event: Event) -> str:
    return json.dumps(to_export(event), ensure_ascii=False)


def _join(values) -> str:
    return "; ".join("" if v is None else str(v) for v in values)


def csv_row(ev: Event) -> dict:
    """One flat row for an event."""
    row = {
        "id": ev.id, "date": ev.date, "date_precision": ev.when.precision, "event": ev.category, "mode": ev.mode,
        "cameo": ev.cameo, "quad_code": ev.quad, "intensity": ev.intensity, "status": ev.status,
        "historical": ev.historical,
        "actor": _join(e.name or e.text for e in ev.actor),
        "actor_country": _join(e.country for e in ev.actor),
        "actor_sector": _join(e.sector for e in ev.actor),
        "recipient": _join(e.name or e.text for e in ev.recipient),
        "recipient_country": _join(e.country for e in ev.recipient),
        "recipient_sector": _join(e.sector for e in ev.recipient),
        "attribution": " > ".join(a.speaker for a in ev.attribution),
        "sentence": ev.evidence.sentence if ev.evidence else None,
        "trigger": ev.evidence.trigger.text if ev.evidence else None,
        "article_id": ev.article_id, "published": ev.published, "publisher": ev.publisher, "url": ev.url,
        "cluster": ev.cluster, "sources": ev.sources, "confidence": ev.confidence,
    }
    w = ev.where
    row.update({
        "place": w.name or w.text if w else None, "place_country": w.country if w else None,
        "admin1": w.admin1 if w else None, "lat": w.lat if w else None, "lon": w.lon if w else None,
        "place_precision": w.precision if w else None,
    })
    for kind in ("dead", "injured", "arrested", "displaced", "crowd"):
        figures = [s for s in ev.sizes if s.kind == kind]
        # Several sources may disagree: the flat row shows the widest range; JSONL keeps each figure.
        mins = [s.min for s in figures if s.min is not None]
        maxs = [s.max for s in figures if s.max is not None]
        row[f"{kind}_min"] = min(mins) if mins else None
        row[f"{kind}_max"] = max(maxs) if maxs else None
    return row


def _open_text(target: str | Path | IO, newline: str | None = None):
    if isinstance(target, (str, Path)):
        return open(target, "w", encoding="utf-8", newline=newline), True
    if isinstance(target, io.TextIOBase):
        return target, False
    return io.TextIOWrapper(target, encoding="utf-8", newline=newline, write_through=True), False


def write_jsonl(events: Iterable[Event], target: str | Path | IO) -> int:
    f, close = _open_text(target)
    n = 0
    try:
        for ev in events:
            f.write(event_json(ev) + "\n")
            n += 1
    finally:
        if close:
            f.close()
        else:
            f.flush()
    return n


def write_csv(events: Iterable[Event], target: str | Path | IO) -> int:
    f, close = _open_text(target, newline="")
    n = 0
    try:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for ev in events:
            writer.writerow(csv_row(ev))
            n += 1
    finally:
        if close:
            f.close()
        else:
            f.flush()
    return n


def parquet_table(events: Iterable[Event]):
    """An Arrow table of events with the nested export schema."""
    import pyarrow as pa

    from tacitus.schema import event_arrow_schema

    schema = event_arrow_schema()
    return pa.Table.from_pylist([to_export(ev) for ev in events], schema=schema)


def write_parquet(events: Iterable[Event], target: str | Path | IO, batch_size: int = 50_000) -> int:
    import pyarrow.parquet as pq

    from tacitus.schema import event_arrow_schema

    writer = pq.ParquetWriter(target, event_arrow_schema(), compression="zstd")
    n = 0
    try:
        for chunk in _chunks(events, batch_size):
            writer.write_table(parquet_table(chunk))
            n += len(chunk)
    finally:
        writer.close()
    return n


def write(events: Iterable[Event], target: str | Path | IO, fmt: str) -> int:
    """Write events in ``fmt`` (jsonl, csv or parquet); returns how many were written."""
    return {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[fmt](events, target)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
