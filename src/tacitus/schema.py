"""Schemas of the exported event record, generated from the dataclasses in :mod:`tacitus.records`.

- :func:`event_json_schema` — the JSON Schema (draft 2020-12) of one exported JSONL line. It is
  written to ``schema/event.schema.json`` by ``make docs``; a test keeps the file in step.
- :func:`event_arrow_schema` — the Arrow schema of the Parquet export (same nesting and names).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from tacitus import records
from tacitus.records import Event, export_name

#: Fields added by ``to_export`` that are not dataclass fields.
DERIVED = {Event: {"date": (str | None, "The event date (TIMEX3 value), or null when the text gives none.")}}

_ENUMS = {
    (Event, "category"): list(records.CATEGORIES),
    (Event, "status"): list(records.STATUSES),
    (records.When, "precision"): list(records.PRECISIONS),
    (records.Size, "kind"): list(records.SIZE_KINDS),
    (records.Attribution, "kind"): list(records.SPEAKER_KINDS),
}


def _split_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(tp))
    return tp, False


def _json_type(tp: Any, defs: dict) -> dict:
    inner, optional = _split_optional(tp)
    if typing.get_origin(inner) is tuple:
        schema: dict = {"type": "array", "items": _json_type(typing.get_args(inner)[0], defs)}
    elif dataclasses.is_dataclass(inner):
        name = inner.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(inner, defs)
        schema = {"$ref": f"#/$defs/{name}"}
    else:
        schema = {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[inner]}
    if optional:
        if "$ref" in schema:
            return {"anyOf": [schema, {"type": "null"}]}
        return {**schema, "type": [schema["type"], "null"]}
    return schema


def _object_schema(cls: type, defs: dict) -> dict:
    hints = typing.get_type_hints(cls)
    props: dict[str, dict] = {}
    for f in dataclasses.fields(cls):
        prop = _json_type(hints[f.name], defs)
        if (cls, f.name) in _ENUMS:
            values = _ENUMS[(cls, f.name)]
            prop = {**prop, "enum": values + ([None] if "null" in str(prop.get("type")) else [])}
        props[export_name(f)] = prop
    for name, (tp, doc) in DERIVED.get(cls, {}).items():
        props[name] = {**_json_type(tp, defs), "description": doc}
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": props,
        "required": sorted(props),
        "additionalProperties": False,
    }


def event_json_schema() -> dict:
    """JSON Schema of one exported event record."""
    defs: dict = {}
    root = _object_schema(Event, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://tacitus.invalid/schema/event.schema.json",
        "title": "tacitus event record",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _arrow_type(tp: Any):
    import pyarrow as pa

    inner, _ = _split_optional(tp)
    if typing.get_origin(inner) is tuple:
        return pa.list_(_arrow_type(typing.get_args(inner)[0]))
    if dataclasses.is_dataclass(inner):
        return pa.struct(_arrow_fields(inner))
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[inner]


def _arrow_fields(cls: type) -> list:
    import pyarrow as pa

    hints = typing.get_type_hints(cls)
    fields = [pa.field(export_name(f), _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)]
    for name, (tp, _) in DERIVED.get(cls, {}).items():
        fields.append(pa.field(name, _arrow_type(tp)))
    return fields


def event_arrow_schema():
    """Arrow schema of the Parquet export: the exported record, nested as in JSONL."""
    import pyarrow as pa

    return pa.schema(_arrow_fields(Event))
