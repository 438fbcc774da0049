"""Countries, first-level regions and named places, from pycountry (ISO 3166) and data/places.toml."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from summarizer.errors import ConfigError

from ._lexicon import _load
from ._text import Doc, fold, key, phrase_regex

try:
    import pycountry
except ImportError as exc:  # a dependency of the package: only a broken install lacks it
    raise ConfigError("the rules baseline needs the 'pycountry' package: pip install pycountry") from exc

__all__ = ["Gazetteer", "PlaceHit", "find_location", "gazetteer"]


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    country: str
    how: str  # "country", "demonym", "city", "region"


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, tuple[str, str]]  # folded name -> (country, how)
    country_re: re.Pattern[str]
    regions: dict[str, dict[str, str]]  # country -> folded region name -> region name
    unique_regions: dict[str, str]  # region names of 7+ letters found in one country only -> country


def _country_name(c: Any) -> str:
    return str(getattr(c, "common_name", None) or c.name)


@cache
def gazetteer() -> Gazetteer:
    """Every country name, alias, demonym and dateline city, and each country's regions."""
    data = _load("places.toml")
    names: dict[str, tuple[str, str]] = {}
    by_code: dict[str, str] = {}
    for c in pycountry.countries:
        country = _country_name(c)
        by_code[c.alpha_2] = country
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n and "," not in n:
                names.setdefault(key(n), (country, "country"))
    for country, aliases in data["country_aliases"].items():
        for a in aliases:
            names[key(a)] = (country, "country")
    for country, words in data["demonyms"].items():
        for w in words:
            names.setdefault(key(w), (country, "demonym"))
    for country, cities in data["cities"].items():
        for w in cities:
            names.setdefault(key(w), (country, "city"))
    regions: dict[str, dict[str, str]] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        owner = by_code.get(s.country_code)
        if owner:
            regions.setdefault(owner, {})[fold(s.name)] = s.name
    seen: dict[str, set[str]] = {}
    for owner, names_of in regions.items():
        for folded in names_of:
            seen.setdefault(key(folded), set()).add(owner)
    unique = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(k) >= 7 and k not in names}
    return Gazetteer(names, re.compile(phrase_regex(names)), regions, unique)



def country_hits(doc: Doc, start: int = 0, end: int | None = None) -> list[PlaceHit]:
    """Country names, demonyms and known cities between two offsets."""
    end = len(doc.low) if end is None else end
    if "countries" not in doc.memo:
        doc.memo["countries"] = _all_country_hits(doc)
    return [h for h in doc.memo["countries"] if start <= h.start and h.end <= end]


def _all_country_hits(doc: Doc) -> list[PlaceHit]:
    g = gazetteer()
    out = []
    for m in g.country_re.finditer(doc.low):
        if not doc.upper and not doc.text[m.start()].isupper():
            continue  # 'chad' or 'niger' in lower case is not the country
        country, how = g.countries[key(m.group())]
        out.append(PlaceHit(m.start(), m.end(), country, how))
    return out


def pick_country(doc: Doc, focus: list[tuple[int, int]], dateline: tuple[int, int] | None) -> str | None:
    """The country an incident happened in: named in its sentences first, then the dateline, then the text."""
    score: Counter[str] = Counter()
    for s, e in focus:
        for h in country_hits(doc, s, e):
            score[h.country] += 6 if h.how == "country" else 4
    if dateline:
        for h in country_hits(doc, *dateline):
            score[h.country] += 5
    for h in country_hits(doc):
        score[h.country] += 1
    unique = gazetteer().unique_regions
    for s, e in focus:
        words = [m for m in re.finditer(r"[\w'-]+", doc.text[s:e]) if doc.upper or m.group()[0].isupper()]
        for i in range(len(words)):  # one- to three-word capitalized names, looked up (a regex of 5,000 names is slow)
            for j in range(i, min(i + 3, len(words))):
                owner = unique.get(key(doc.text[s + words[i].start() : s + words[j].end()]))
                if owner:
                    score[owner] += 3
    if not score:
        return None
    return score.most_common(1)[0][0]


_CAP_WORD = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*|(?:al|el|ez|ad|as|an|ash|ar)-[A-Z][a-z]+)"
_PLACE_WORD = rf"(?:{_CAP_WORD}|de|del|la|las|los|el|san|santa)"
_CAP_NAME = re.compile(rf"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*(?:\s+{_PLACE_WORD})*(?![\w'\u2019])")
_KIND_OF = re.compile(
    r"(?<![\w-])(?:city|town|village|municipality|hamlet|district|neighborhood|neighbourhood|locality|"
    r"community|settlement|commune|department|province|region|state|suburb|county|canton|area) of "
)
_BETWEEN = re.compile(r"(?<![\w-])(?:the\s+)?(?:(?:[\w-]+\s+)?(?:road|highway|route|axis|stretch|border|area|section)\s+)?between\s+")
_PREP = re.compile(r"(?<![\w-])(?:in|near|outside|around)\s+(?:the\s+(?:town|village|city|district|locality)\s+of\s+)?")
_NOT_PLACES = {"the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "tuesday", "monday",
               "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
               "april", "may", "june", "july", "august", "september", "october", "november", "december",
               "read", "but", "and", "he", "she", "they", "it", "we", "i", "in", "on", "at", "arabic",
               "english", "french", "spanish", "islam", "muslims", "god", "allah", "christ", "jesus"}


@cache
def _region_re(country: str | None) -> re.Pattern[str]:
    return re.compile(phrase_regex(gazetteer().regions.get(country or "", {})))


@dataclass
class LocationFinding:
    country: str | None
    regions: list[tuple[str, int, int]]
    places: list[tuple[str, int, int]]
    description: tuple[int, int] | None


def find_location(
    doc: Doc, focus: list[tuple[int, int]], country: str | None, skip: set[str], after: int = 0
) -> LocationFinding:
    """Regions of `country` and named places in the focus sentences (from offset `after`, past the
    dateline); `skip` holds folded actor names."""
    g = gazetteer()
    regions: list[tuple[str, int, int]] = []
    places: list[tuple[str, int, int]] = []
    description: tuple[int, int] | None = None
    region_names = g.regions.get(country or "", {})
    region_re = _region_re(country) if region_names else None
    for s, e in focus:
        s = max(s, after)
        if s >= e:
            continue
        if region_re:
            for m in region_re.finditer(doc.low, s, e):
                if not doc.upper and not doc.text[m.start()].isupper():
                    continue
                tail = re.match(r"\s+(region|province|department|state|district|governorate|prefecture)\b", doc.low[m.end() : m.end() + 15])
                end = m.end() + tail.end() if tail else m.end()
                regions.append((doc.text[m.start() : end], m.start(), end))
        places += _named_places(doc, s, e, skip | set(region_names) | set(g.countries))
        if description is None:
            bm = _BETWEEN.search(doc.low, s, e)
            if bm and re.search(r"(?:road|highway|route|axis|stretch|border|area|section)", bm.group()):
                names = _names_after(doc, bm.end(), e, allow_and=True)
                if names:
                    description = (bm.start(), names[-1][2])
    return LocationFinding(country, _dedupe(regions), _dedupe(places), description)


def _named_places(doc: Doc, s: int, e: int, skip: set[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for rx, allow_and in ((_KIND_OF, False), (_BETWEEN, True), (_PREP, False)):
        if doc.upper and rx is _PREP:
            continue  # in all-caps text a capital letter says nothing; keep only 'town of X'
        for m in rx.finditer(doc.low, s, e):
            for name, ns, ne in _names_after(doc, m.end(), e, allow_and=allow_and):
                if re.search(r"-(?:led|based|backed|style|made|born|owned|run|linked|allied)$", fold(name)):
                    continue  # 'American-led' is an adjective, not a place
                if fold(name) not in skip and fold(name).split()[0] not in _NOT_PLACES:
                    out.append((name, ns, ne))
    return out


_UPPER_STOP = frozenset(["a", "about", "above", "after", "against", "ago", "all", "along", "also", "among", "an", "and", "any", "are", "around", "as", "at", "be", "been", "before", "behind", "being", "below", "between", "both", "but", "by", "can", "city", "could", "day", "days", "department", "did", "do", "down", "during", "each", "early", "either", "few", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "if", "in", "into", "is", "it", "its", "last", "late", "later", "least", "left", "many", "may", "more", "morning", "most", "near", "next", "night", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "province", "region", "said", "same", "several", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "today", "tonight", "town", "under", "until", "up", "upon", "very", "village", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yesterday", "yet", "you"])


def _upper_name(doc: Doc, pos: int, limit: int) -> re.Match[str] | None:
    """In all-caps text: one to three words that are not function or date words."""
    m = re.compile(r"[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+){0,2}").match(doc.text, pos, limit)
    if not m:
        return None
    words = m.group().split()
    keep = 0
    for w in words:
        if w.lower().strip("'-") in _UPPER_STOP:
            break
        keep += 1
    if keep == 0:
        return None
    end = pos + len(" ".join(words[:keep]))
    return re.compile(r"[\s\S]+").match(doc.text, pos, end)


def _names_after(doc: Doc, pos: int, limit: int, *, allow_and: bool) -> list[tuple[str, int, int]]:
    """Place names starting at `pos` ('Tenenkou and Macina'); upper-case text takes up to 3 words."""
    out: list[tuple[str, int, int]] = []
    while pos < limit:
        if doc.upper:
            m = _upper_name(doc, pos, limit)
        else:
            m = _CAP_NAME.match(doc.text, pos, limit)
        if not m:
            break
        name = m.group().rstrip(".'\u2019-")
        out.append((name, m.start(), m.start() + len(name)))
        nxt = re.compile(r"\s*(?:,\s*|\s+and\s+|\s+or\s+)").match(doc.low, m.start() + len(name), limit) if allow_and else None
        if not nxt:
            break
        pos = nxt.end()
    return out


def _dedupe(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    seen: set[str] = set()
    out = []
    for name, s, e in items:
        key = fold(name)
        if key not in seen:
            seen.add(key)
            out.append((name, s, e))
    return out
