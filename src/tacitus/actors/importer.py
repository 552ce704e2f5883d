"""Extending the knowledge base from a CSV or JSONL file (for instance a Wikidata extract).

:func:`import_file` validates each row (pydantic: this is a trust boundary), groups the rows of one
entry (a person with several offices comes as one row per office), and merges them into
``<dir>/<kind>.jsonl`` in the user knowledge-base directory, where :func:`tacitus.actors.load_kb`
reads them. It returns an :class:`ImportReport` with counts and the rejected rows with reasons.

Columns (CSV header or JSON keys; only ``name`` is required, ``code`` for countries):

========================  ===============================================================
``kind``                  persons, groups, igos, institutions, media, countries (or
                          ``--kind`` for the whole file)
``qid``                   Wikidata id (Q123); rows with the same qid are one entry, and an
                          entry with the qid of a built-in entry extends it
``name``                  display name
``aliases``               other names, separated by ``|`` or ``;`` in CSV, a list in JSON
``country``               country code (ISO alpha-3 as in countries.yaml, or IGO, UNO, EUR,
                          NGO, ISM, IMG, MNC); for persons their nationality
``sector``                PLOVER sector (GOV, MIL, REB, ...): the entry's default sector
``office``                persons: the title of an office held ("Prime Minister")
``office_country``        the office's country when not the person's (UNO for a UN post)
``office_sector``         the office's sector (default GOV)
``start``, ``end``        dates of the office, or for an organisation of a period in which it
                          had ``sector`` (YYYY, YYYY-MM or YYYY-MM-DD)
``description``           free text
``code``, ``demonyms``,   countries only
``capital``
========================  ===============================================================
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from tacitus.actors.kb import (
    KIND_OF_FILE,
    KINDS,
    NONSTATE_CODES,
    SECTORS,
    entry_from_dict,
    load_kb,
    slug,
    user_kb_dir,
    valid_date,
)
from tacitus.errors import KnowledgeBaseError

_QID = re.compile(r"^Q\d+$")
_LIST_SEP = re.compile(r"\s*[|;]\s*")


class Row(BaseModel):
    """One row of an import file, validated."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    kind: str
    name: str
    qid: str | None = None
    aliases: list[str] = []
    country: str | None = None
    sector: str | None = None
    office: str | None = None
    office_country: str | None = None
    office_sector: str | None = None
    start: str | None = None
    end: str | None = None
    description: str | None = None
    code: str | None = None
    demonyms: list[str] = []
    capital: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()}
        return data

    @field_validator("aliases", "demonyms", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, str):
            return [a for a in _LIST_SEP.split(v.strip()) if a]
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        k = v.lower()
        if k in KIND_OF_FILE:
            return k
        for file_kind, entry_kind in KIND_OF_FILE.items():
            if k == entry_kind:
                return file_kind
        raise ValueError(f"unknown kind {v!r} (one of {', '.join(KINDS)})")

    @field_validator("qid")
    @classmethod
    def _qid(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.rsplit("/", 1)[-1]  # accept a Wikidata URL
        if not _QID.match(v):
            raise ValueError(f"qid {v!r} is not a Wikidata id (Q followed by digits)")
        return v

    @field_validator("country", "office_country", "code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.upper()
        if not re.match(r"^[A-Z]{3}$", v):
            raise ValueError(f"country code {v!r} is not three letters")
        return v

    @field_validator("sector", "office_sector")
    @classmethod
    def _sector(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.upper()
        if v not in SECTORS:
            raise ValueError(f"{v!r} is not a PLOVER sector code")
        return v

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        text = str(v).strip()
        if "T" in text:  # Wikidata timestamps: +2006-05-20T00:00:00Z
            text = text.split("T", 1)[0].lstrip("+")
        if not valid_date(text):
            raise ValueError(f"date {text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
        return text

    @model_validator(mode="after")
    def _consistent(self) -> Row:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        if self.kind == "countries" and not self.code:
            raise ValueError("a country row needs a code")
        if self.office and self.kind != "persons":
            raise ValueError("only persons hold offices; give an organisation a sector with start/end")
        return self

    def entry_id(self) -> str:
        if self.kind == "countries":
            return str(self.code)
        return self.qid or f"{KIND_OF_FILE[self.kind]}:{slug(self.name)}"


@dataclass
class ImportReport:
    """What an import did."""

    path: Path | None  # the file written (None for a dry run)
    rows: int = 0
    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    new_entries: int = 0
    updated_entries: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _read(path: Path) -> list[tuple[int, dict]]:
    """(line number, row) pairs of a CSV (with a header row) or JSONL file."""
    text = path.read_text(encoding="utf-8-sig")
    out: list[tuple[int, dict]] = []
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                out.append((n, {"__error__": f"not valid JSON ({e.msg})"}))
                continue
            out.append((n, obj if isinstance(obj, dict) else {"__error__": "not a JSON object"}))
        return out
    if path.suffix.lower() not in (".csv", ".tsv"):
        raise KnowledgeBaseError(f"{path}: import reads .csv, .tsv or .jsonl files")
    reader = csv.DictReader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    if reader.fieldnames is None or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise KnowledgeBaseError(f"{path}: the first row must be a header with at least a 'name' column")
    for n, row in enumerate(reader, 2):
        out.append((n, {(k or "").strip().lower(): v for k, v in row.items() if k}))
    return out


def _reason(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _to_entry(rows: list[Row]) -> dict:
    """The knowledge-base entry (file form) for the rows of one entry."""
    first = rows[0]
    entry: dict[str, Any] = {"name": first.name}
    if first.kind == "countries":
        entry["code"] = first.code
    for key in ("qid", "country", "sector", "description", "capital"):
        value = next((getattr(r, key) for r in rows if getattr(r, key)), None)
        if value:
            entry[key] = value
    aliases: list[str] = []
    for r in rows:
        for a in [r.name, *r.aliases]:
            if a != first.name and a not in aliases:
                aliases.append(a)
    if aliases:
        entry["aliases"] = aliases
    demonyms = [d for r in rows for d in r.demonyms]
    if demonyms:
        entry["demonyms"] = list(dict.fromkeys(demonyms))
    dated: list[dict] = []
    for r in rows:
        if first.kind == "persons" and r.office:
            o = {"title": r.office, "start": r.start, "end": r.end, "country": r.office_country,
                 "sector": r.office_sector}
            dated.append({k: v for k, v in o.items() if v})
        elif first.kind != "persons" and (r.start or r.end) and r.sector:
            dated.append({k: v for k, v in {"sector": r.sector, "start": r.start, "end": r.end}.items() if v})
    if dated:
        entry["offices" if first.kind == "persons" else "periods"] = dated
    return entry


def _merge(old: dict, new: dict) -> dict:
    out = dict(old)
    for k, v in new.items():
        if k in ("aliases", "demonyms", "offices", "periods"):
            merged = list(out.get(k, []))
            for x in v:
                if x not in merged:
                    merged.append(x)
            out[k] = merged
        elif v:
            out[k] = v
    return out


def import_file(
    path: str | Path,
    *,
    kind: str | None = None,
    into: str | Path | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate the rows of ``path`` (CSV/TSV with a header, or JSONL) and merge them into the user
    knowledge base (``into``, default :func:`user_kb_dir`), one ``<kind>.jsonl`` file per kind.
    ``kind`` applies to rows without a ``kind`` column. Rows with an unknown country code, a bad
    date, sector or qid are rejected with a reason; nothing is written for them. Raises
    KnowledgeBaseError when the file cannot be read at all."""
    path = Path(path)
    if not path.is_file():
        raise KnowledgeBaseError(f"Import file {path} does not exist")
    target = Path(into) if into is not None else user_kb_dir()
    kb = load_kb([]) if into is not None else load_kb()
    report = ImportReport(path=None if dry_run else target)
    groups: dict[tuple[str, str], list[Row]] = {}
    for n, raw in _read(path):
        report.rows += 1
        if "__error__" in raw:
            report.rejected.append((n, raw["__error__"]))
            continue
        if kind and not raw.get("kind"):
            raw = {**raw, "kind": kind}
        if not raw.get("kind"):
            report.rejected.append((n, "kind: missing (give a kind column or --kind)"))
            continue
        try:
            row = Row.model_validate(raw)
        except ValidationError as e:
            report.rejected.append((n, _reason(e)))
            continue
        unknown = [c for c in (row.country, row.office_country) if c and c not in NONSTATE_CODES
                   and kb.country(c) is None and not (row.kind == "countries" and c == row.code)]
        if unknown:
            report.rejected.append((n, f"country: unknown code {unknown[0]!r}"))
            continue
        report.accepted += 1
        groups.setdefault((row.kind, row.entry_id()), []).append(row)

    by_file: dict[str, list[dict]] = {}
    for (file_kind, _), rows in groups.items():
        entry = _to_entry(rows)
        try:  # the same check the loader makes, so nothing written can break load_kb
            entry_from_dict(dict(entry), KIND_OF_FILE[file_kind], f"{path.name} ({rows[0].name})")
        except KnowledgeBaseError as e:
            report.accepted -= len(rows)
            report.rejected.append((0, str(e)))
            continue
        by_file.setdefault(file_kind, []).append(entry)
        report.by_kind[file_kind] = report.by_kind.get(file_kind, 0) + 1

    for file_kind, entries in by_file.items():
        out_path = target / f"{file_kind}.jsonl"
        existing: dict[str, dict] = {}
        if out_path.is_file():
            for line in out_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    obj = json.loads(line)
                    existing[_file_id(obj, file_kind)] = obj
        for entry in entries:
            key = _file_id(entry, file_kind)
            if key in existing:
                existing[key] = _merge(existing[key], entry)
                report.updated_entries += 1
            else:
                existing[key] = entry
                report.new_entries += 1
        if not dry_run:
            target.mkdir(parents=True, exist_ok=True)
            tmp = out_path.with_suffix(".jsonl.tmp")
            tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in existing.values()),
                           encoding="utf-8")
            tmp.replace(out_path)
    return report


def _file_id(entry: dict, file_kind: str) -> str:
    if file_kind == "countries":
        return str(entry.get("code", "")).upper()
    return entry.get("qid") or f"{KIND_OF_FILE[file_kind]}:{slug(entry['name'])}"
