"""The actor knowledge base: states, international organisations, groups, state institutions,
media outlets and persons with dated offices, read from plain YAML/JSONL files.

Files (``src/tacitus/data/kb/``, format in its README.md):

- ``countries.yaml``: one entry per state, keyed by its country code, with names, former names,
  demonyms, capital, metonyms ("the Kremlin" -> GOV) and regions;
- ``igos.yaml``, ``groups.yaml``, ``institutions.yaml``, ``media.yaml``: organisations with a
  country code and a PLOVER sector, optionally dated ``periods`` (a rebel group that took power);
- ``persons.yaml``: persons with dated ``offices``.

User extensions are read from ``$TACITUS_HOME/kb/`` (default ``~/.local/share/tacitus/kb/``): ``*.yaml`` or
``*.jsonl`` files whose name starts with the kind (``persons.jsonl``, ``groups-local.yaml``), or
whose entries carry a ``kind`` field. An entry with the id of a built-in entry (its QID, or
``kind:slug`` of its name) extends it: given fields replace, aliases and offices are added.

:func:`load_kb` returns a :class:`KnowledgeBase`, cached per process for the default files. Its
alias index maps normalised names (:func:`tacitus.actors.names.norm`) to entries, so a lookup is a
dictionary access, never a scan.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import functools
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tacitus.actors.names import is_acronym, norm, surname_keys
from tacitus.errors import KnowledgeBaseError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"

#: Kinds of entries, each read from the built-in file of that name (countries.yaml, ...).
KINDS = ("countries", "igos", "groups", "institutions", "media", "persons")
#: Entry kind (singular, as stored on KBEntry) for each file kind.
KIND_OF_FILE = {
    "countries": "state",
    "igos": "igo",
    "groups": "group",
    "institutions": "institution",
    "media": "media",
    "persons": "person",
}

#: PLOVER primary sector codes (PLOVER manual, table "Sector Codes").
SECTORS = frozenset(
    ["AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "GOV", "JRN", "JUD", "LAB", "LEG", "MED", "MIL", "OPP", "PRE", "PRM", "PTY", "REB", "REF", "REL", "SOC", "SPY", "UAF", "UNK"]
)
#: PLOVER international non-state "country" codes.
NONSTATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_QID = re.compile(r"^Q\d+$")

#: How an alias names its entry. Weak hits (a person's surname) are used only when nothing stronger
#: matches and the context agrees.
HOW_STRONG = ("name", "alias", "former", "demonym", "capital", "metonym", "region")
HOW_WEAK = ("surname",)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

def date_bounds(value: str) -> tuple[str, str]:
    """The first and last day a partial date can mean: "2006" -> ("2006-01-01", "2006-12-31")."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


@dataclass(frozen=True)
class Office:
    """A dated role: a person's office, or a period in which a group held a given sector.

    ``start``/``end`` are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` None means still held.
    ``approx`` marks dates the KB authors could not pin to the day.
    """

    title: str | None
    country: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None
    approx: bool = False

    def active(self, date: str) -> bool:
        """True when the office was held at some moment of ``date`` (a possibly partial date)."""
        lo, hi = date_bounds(date)
        if self.start and date_bounds(self.start)[0] > hi:
            return False
        return not (self.end and date_bounds(self.end)[1] < lo)

    def ended_before(self, date: str) -> bool:
        return bool(self.end) and date_bounds(self.end)[1] < date_bounds(date)[0]


@dataclass(frozen=True)
class KBEntry:
    """One actor of the knowledge base.

    ``id`` is the country code for states, else the Wikidata QID when known, else ``kind:slug``.
    ``sector`` is the default sector (used when no dated office or period applies); ``offices``
    holds a person's offices or a group's dated sector periods.
    """

    id: str
    kind: str  # state, igo, group, institution, media, person
    name: str
    qid: str | None = None
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    description: str | None = None
    surname: str | None = None  # persons: family name when the last word is not it ("Xi Jinping" -> "Xi")
    # states only
    demonyms: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    capital: str | None = None
    capital_metonym: bool = True  # False for capitals named like other places ("Victoria")
    metonyms: tuple[tuple[str, str | None], ...] = ()  # (name, sector)
    regions: tuple[str, ...] = ()
    source: str | None = None  # the file it was read from

    def office_at(self, date: str | None) -> Office | None:
        """The office (or group period) held at ``date``; None without a date or outside them all.
        When several overlap, the one that began last wins."""
        if not date:
            return None
        active = [o for o in self.offices if o.active(date)]
        if not active:
            return None
        return max(active, key=lambda o: date_bounds(o.start)[0] if o.start else "")

    def held_office_before(self, date: str | None) -> bool:
        return bool(date) and any(o.ended_before(date) for o in self.offices if o.title)

    def undated_sector(self) -> str | None:
        """The sector to use when the event date is unknown: the default sector, else the one
        sector all offices share."""
        if self.sector:
            return self.sector
        sectors = {o.sector for o in self.offices if o.sector}
        return sectors.pop() if len(sectors) == 1 else None

    def latest_office(self) -> Office | None:
        """The office to assume when the event date is unknown: one still held, else the one that
        began last."""
        if not self.offices:
            return None
        return max(self.offices, key=lambda o: (o.end is None, date_bounds(o.start)[0] if o.start else ""))

    def undated_country(self) -> str | None:
        if self.country:
            return self.country
        countries = {o.country for o in self.offices if o.country}
        return countries.pop() if len(countries) == 1 else None


@dataclass(frozen=True)
class AliasHit:
    """One entry named by a normalised key, and how (``how`` in HOW_STRONG or HOW_WEAK).
    ``sector`` is set for metonyms ("Pentagon" -> MIL) and capitals (GOV)."""

    entry: KBEntry
    how: str
    sector: str | None = None
    acronym: bool = False  # only matches text written in capitals

    @property
    def weak(self) -> bool:
        return self.how in HOW_WEAK


@dataclass
class KnowledgeBase:
    """Entries by id and an alias index (normalised key -> hits). Build with :func:`load_kb`."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    index: dict[str, tuple[AliasHit, ...]] = field(default_factory=dict)
    max_words: int = 1  # longest alias, in words of its key
    files: tuple[str, ...] = ()
    first_words: frozenset[str] = frozenset()  # first word of every key: a cheap test before lookups
    # memos of the resolver's tests of words and phrases (see tacitus.actors.resolve)
    words: dict = field(default_factory=dict, repr=False, compare=False)
    steps: dict = field(default_factory=dict, repr=False, compare=False)
    _sorted_keys: tuple[str, ...] = field(default=(), repr=False, compare=False)

    # -- queries ---------------------------------------------------------------------------------
    def get(self, entry_id: str) -> KBEntry | None:
        return self.entries.get(entry_id)

    def country(self, code: str) -> KBEntry | None:
        entry = self.entries.get(code)
        return entry if entry is not None and entry.kind == "state" else None

    def is_country_code(self, code: str | None) -> bool:
        return bool(code) and (code in NONSTATE_CODES or self.country(code) is not None)

    def hits(self, text: str, *, as_written: str | None = None) -> tuple[AliasHit, ...]:
        """Hits for a name. ``as_written`` is the text as it appears (defaults to ``text``):
        acronym aliases only match it when it is written in capitals."""
        found = self.index.get(norm(text), ())
        if not found:
            return ()
        raw = as_written if as_written is not None else text
        capitals = _is_capitals(raw)
        return tuple(h for h in found if not h.acronym or capitals)

    def is_key_prefix(self, key: str, word_end: bool = False) -> bool:
        """True when some normalised key of the index starts with ``key`` (a normalised text): a
        longer phrase that starts with this text may still be a name. With ``word_end`` (the text
        is followed by a space), only a key equal to ``key`` or going on with a new word counts."""
        keys = self._sorted_keys
        if len(keys) != len(self.index):
            keys = self._sorted_keys = tuple(sorted(self.index))
        return _has_prefix(keys, key, word_end)

    def lookup(self, name: str, date: str | None = None) -> list[KBEntry]:
        """Entries named ``name`` (any alias, case- and accent-insensitive). Strong names first;
        a person's bare surname only when no stronger name matches. With ``date``, entries holding
        an office or period at that date come first. Each entry appears once."""
        found = self.hits(name)
        strong = [h for h in found if not h.weak]
        chosen = strong or list(found)
        seen: dict[str, KBEntry] = {}
        for h in chosen:
            seen.setdefault(h.entry.id, h.entry)
        entries = list(seen.values())
        if date:
            entries.sort(key=lambda e: 0 if e.office_at(date) else 1)
        return entries

    def size(self) -> dict[str, int]:
        """Number of entries per kind."""
        out: dict[str, int] = {}
        for e in self.entries.values():
            out[e.kind] = out.get(e.kind, 0) + 1
        return out


def _has_prefix(keys: tuple[str, ...], key: str, word_end: bool) -> bool:
    """Whether a sorted tuple of keys holds one that starts with ``key`` (with ``word_end``: one
    equal to it, or starting with it and a space)."""
    if word_end and key:
        k = bisect.bisect_left(keys, key)
        if k < len(keys) and keys[k] == key:
            return True
        key += " "
    k = bisect.bisect_left(keys, key)
    return k < len(keys) and keys[k].startswith(key)


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ---------------------------------------------------------------------------------------------
# Reading entries
# ---------------------------------------------------------------------------------------------

def slug(text: str) -> str:
    return norm(text).replace(" ", "-")


def valid_date(text: str) -> bool:
    """True for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            return False
    return True


def _str_date(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not valid_date(text):
        raise KnowledgeBaseError(f"{where}: date {text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeBaseError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def _sector(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).upper()
    if text not in SECTORS:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a PLOVER sector code ({', '.join(sorted(SECTORS))})")
    return text


def _offices(raw: Any, where: str, country: str | None, default_sector: str | None) -> tuple[Office, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise KnowledgeBaseError(f"{where}: offices/periods must be a list")
    out = []
    for i, o in enumerate(raw):
        w = f"{where} office {i + 1}"
        if not isinstance(o, dict):
            raise KnowledgeBaseError(f"{w}: must be a mapping")
        unknown = set(o) - {"title", "country", "sector", "start", "end", "approx", "note"}
        if unknown:
            raise KnowledgeBaseError(f"{w}: unknown field(s) {sorted(unknown)}")
        out.append(
            Office(
                title=o.get("title"),
                country=(str(o["country"]).upper() if o.get("country") else country),
                sector=_sector(o.get("sector"), w) or default_sector,
                start=_str_date(o.get("start"), w),
                end=_str_date(o.get("end"), w),
                approx=bool(o.get("approx", False)),
            )
        )
    return tuple(out)


_FIELDS = {
    "id", "kind", "name", "qid", "country", "sector", "aliases", "offices", "periods", "description",
    "surname", "demonyms", "former", "capital", "capital_metonym", "metonyms", "regions", "code", "note",
}


def entry_from_dict(raw: dict, kind: str, where: str) -> KBEntry:
    """Build one entry from its file form (a YAML mapping or a JSON object). ``kind`` is the entry
    kind (state, igo, group, institution, media, person). Raises KnowledgeBaseError on bad data."""
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{where}: an entry must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown field(s) {sorted(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeBaseError(f"{where}: every entry needs a name")
    where = f"{where} ({name})"
    qid = raw.get("qid") or None
    if qid is not None and not _QID.match(str(qid)):
        raise KnowledgeBaseError(f"{where}: qid {qid!r} is not a Wikidata id (Q followed by digits)")
    country = str(raw["country"]).upper() if raw.get("country") else None
    if kind == "state":
        code = str(raw.get("code") or raw.get("id") or "").upper()
        if not re.match(r"^[A-Z]{3}$", code):
            raise KnowledgeBaseError(f"{where}: a country needs a three-letter code")
        entry_id, country = code, code
    else:
        entry_id = str(raw.get("id") or qid or f"{kind}:{slug(name)}")
    sector = _sector(raw.get("sector"), where)
    office_sector = "GOV" if kind == "person" else sector
    offices = _offices(raw.get("offices"), where, country, office_sector) + _offices(
        raw.get("periods"), where, country, sector
    )
    metonyms_raw = raw.get("metonyms") or {}
    if isinstance(metonyms_raw, list):
        metonyms_raw = {m: None for m in metonyms_raw}
    if not isinstance(metonyms_raw, dict):
        raise KnowledgeBaseError(f"{where}: metonyms must be a mapping of name to sector")
    metonyms = tuple((str(k), _sector(v, where)) for k, v in metonyms_raw.items())
    return KBEntry(
        id=entry_id,
        kind=kind,
        name=name.strip(),
        qid=str(qid) if qid else None,
        country=country,
        sector=sector,
        aliases=_str_list(raw.get("aliases"), where, "aliases"),
        offices=offices,
        description=raw.get("description"),
        surname=raw.get("surname"),
        demonyms=_str_list(raw.get("demonyms"), where, "demonyms"),
        former=_str_list(raw.get("former"), where, "former"),
        capital=raw.get("capital"),
        capital_metonym=bool(raw.get("capital_metonym", True)),
        metonyms=metonyms,
        regions=_str_list(raw.get("regions"), where, "regions"),
    )


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when installed
    """A safe YAML loader that keeps dates as the strings they are written as."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_rows(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise KnowledgeBaseError(f"Cannot read knowledge-base file {path}: {e}") from e
    if path.suffix == ".jsonl":
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise KnowledgeBaseError(f"{path}:{n}: not valid JSON ({e.msg})") from e
        return rows
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise KnowledgeBaseError(f"{path}: not valid YAML ({e})") from e
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeBaseError(f"{path}: the file must hold a list of entries")
    return data


def file_kind(path: Path) -> str | None:
    """The entry kind a file holds, from its name (``persons.yaml``, ``groups-local.jsonl``)."""
    stem = path.name.split(".")[0].lower()
    for k in KINDS:
        if stem == k or stem.startswith(k + "-") or stem.startswith(k + "_"):
            return KIND_OF_FILE[k]
    return None


def read_entries(path: Path) -> list[KBEntry]:
    """All entries of one file. The kind comes from the file name, or from each entry's ``kind``
    field (one of the file kinds or entry kinds: ``persons``/``person``...)."""
    default_kind = file_kind(path)
    out = []
    for i, raw in enumerate(_read_rows(path), 1):
        where = f"{path.name} entry {i}"
        kind = default_kind
        if isinstance(raw, dict) and raw.get("kind"):
            k = str(raw["kind"]).lower()
            kind = KIND_OF_FILE.get(k, k if k in KIND_OF_FILE.values() else None)
            if kind is None:
                raise KnowledgeBaseError(f"{where}: unknown kind {raw['kind']!r}")
        if kind is None:
            raise KnowledgeBaseError(
                f"{where}: cannot tell the kind of entry; name the file after its kind "
                f"({', '.join(KINDS)}) or give each entry a 'kind'"
            )
        entry = entry_from_dict(raw, kind, where)
        out.append(dataclasses.replace(entry, source=str(path)))
    return out


# ---------------------------------------------------------------------------------------------
# Building the knowledge base
# ---------------------------------------------------------------------------------------------

def merge_entries(base: KBEntry, extra: KBEntry) -> KBEntry:
    """``base`` extended by ``extra`` (same id): fields ``extra`` gives replace, aliases, offices,
    demonyms, metonyms and regions are added."""

    def union(a: tuple, b: tuple) -> tuple:
        return a + tuple(x for x in b if x not in a)

    changes: dict[str, Any] = {}
    for f in ("name", "qid", "country", "sector", "description", "surname", "capital", "source"):
        value = getattr(extra, f)
        if value:
            changes[f] = value
    aliases = union(base.aliases, extra.aliases)
    if extra.name != base.name:  # the old name still names the entry
        aliases = union(aliases, (base.name,))
    changes["aliases"] = tuple(a for a in aliases if a != changes.get("name", base.name))
    for f in ("offices", "demonyms", "former", "metonyms", "regions"):
        changes[f] = union(getattr(base, f), getattr(extra, f))
    return dataclasses.replace(base, **changes)


def build_kb(entries: Iterable[KBEntry], files: Sequence[str] = ()) -> KnowledgeBase:
    """Merge entries by id (later ones extend earlier ones), check country codes, index aliases."""
    by_id: dict[str, KBEntry] = {}
    by_name: dict[str, str] = {}  # kind:slug(name) -> id, so an entry with a QID meets one without
    for e in entries:
        name_key = f"{e.kind}:{slug(e.name)}"
        target = e.id if e.id in by_id else by_name.get(name_key)
        if target is not None and e.qid and by_id[target].qid and by_id[target].qid != e.qid:
            target = None  # two different people of the same name
        if target is None:
            by_id[e.id] = e
            by_name.setdefault(name_key, e.id)
            continue
        merged = merge_entries(by_id[target], e)
        new_id = merged.qid if (merged.qid and merged.kind != "state") else target
        if new_id != target:
            del by_id[target]
            merged = dataclasses.replace(merged, id=new_id)
            for k, v in list(by_name.items()):
                if v == target:
                    by_name[k] = new_id
        by_id[new_id] = merged
        by_name.setdefault(name_key, new_id)
    kb = KnowledgeBase(entries=by_id, files=tuple(files))
    for e in by_id.values():
        codes = {e.country} | {o.country for o in e.offices}
        for code in codes - {None}:
            if not kb.is_country_code(code):
                raise KnowledgeBaseError(
                    f"{e.source or 'knowledge base'}: {e.name}: unknown country code {code!r} "
                    f"(a code from countries.yaml or one of {', '.join(sorted(NONSTATE_CODES))})"
                )
    index: dict[str, list[AliasHit]] = {}

    def add(alias: str, entry: KBEntry, how: str, sector: str | None = None) -> None:
        key = norm(alias)
        if not key:
            return
        hits = index.setdefault(key, [])
        if any(h.entry.id == entry.id and h.how == how for h in hits):
            return
        hits.append(AliasHit(entry, how, sector, is_acronym(alias)))

    for e in by_id.values():
        add(e.name, e, "name")
        for a in e.aliases:
            add(a, e, "alias")
        for a in e.former:
            add(a, e, "former")
        for a in e.demonyms:
            add(a, e, "demonym")
        if e.capital and e.capital_metonym:
            add(e.capital, e, "capital", "GOV")
        for m, s in e.metonyms:
            add(m, e, "metonym", s)
        for r in e.regions:
            add(r, e, "region")
        if e.kind == "person":
            keys = [norm(e.surname)] if e.surname else surname_keys(e.name)
            for k in keys:
                add(k, e, "surname")
    # A surname that is also someone's full name or a strong alias stays weak only for the person.
    kb.index = {k: tuple(sorted(v, key=_hit_rank)) for k, v in index.items()}
    kb.max_words = max((len(k.split()) for k in index), default=1)
    kb.first_words = frozenset(k.split()[0] for k in index if k)
    return kb


def _hit_rank(h: AliasHit) -> int:
    return 1 if h.weak else 0


def user_kb_dir() -> Path:
    """Where user extensions live: ``$TACITUS_HOME/kb``, else ``$XDG_DATA_HOME/tacitus/kb``
    (default ``~/.local/share/tacitus/kb``), next to the gazetteer."""
    home = os.environ.get("TACITUS_HOME")
    if home:
        return Path(home).expanduser() / "kb"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "tacitus" / "kb"


def default_files() -> list[Path]:
    """The built-in files, in load order."""
    return [DATA_DIR / f"{k}.yaml" for k in KINDS]


def _files_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".jsonl") and p.is_file())
    return [path]


def _user_files() -> list[Path]:
    d = user_kb_dir()
    return _files_in(d) if d.is_dir() else []


def _order(files: list[Path]) -> list[Path]:
    # Countries first, so every other file can be checked against them.
    rank = {k: i for i, k in enumerate(KIND_OF_FILE.values())}
    return sorted(files, key=lambda p: rank.get(file_kind(p) or "", len(rank)))


def load_kb(paths: Sequence[Path | str] | None = None) -> KnowledgeBase:
    """The knowledge base.

    With ``paths`` None: the built-in files plus the user extensions in :func:`user_kb_dir`,
    cached per process (the cache is refreshed when the user files change). With ``paths``: the
    built-in countries (every file needs them to check codes) plus exactly those files or
    directories, uncached. Raises KnowledgeBaseError on a missing or malformed file.
    """
    if paths is None:
        users = _user_files()
        stamp = tuple((str(p), p.stat().st_mtime_ns) for p in users)
        return _cached_default(str(user_kb_dir()), stamp)
    files: list[Path] = [DATA_DIR / "countries.yaml"]
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise KnowledgeBaseError(f"Knowledge-base path {p} does not exist")
        files.extend(f for f in _files_in(p) if f not in files)
    return _load(_order(files))


@functools.lru_cache(maxsize=4)
def _cached_default(user_dir: str, stamp: tuple) -> KnowledgeBase:
    return _load(default_files() + _order([Path(p) for p, _ in stamp]))


def _load(files: list[Path]) -> KnowledgeBase:
    entries: list[KBEntry] = []
    for f in files:
        entries.extend(read_entries(f))
    return build_kb(entries, [str(f) for f in files])
