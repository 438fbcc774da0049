"""Incidents as a GeoJSON FeatureCollection (RFC 7946): one Point per incident the gazetteer places.

An incident with no place found is not dropped: it is listed under the collection's
`unplaced` member with the reason, so a map never hides what it could not show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summarizer.geo.gazetteer import Gazetteer, Match, PlaceMatch, gazetteer

__all__ = ["incident_place", "incidents_geojson"]


def incident_place(incident: Any, g: Gazetteer | None = None) -> PlaceMatch | None:
    """The first of the incident's places the gazetteer finds (the record's order), else None."""
    g = g or gazetteer()
    loc = incident.location
    for name in loc.places:
        m = g.place(name, country=loc.country, regions=tuple(loc.regions))
        if m.match is not Match.not_found:
            return m
    return None


def incidents_geojson(rows: Iterable[tuple[str, Any]], g: Gazetteer | None = None) -> dict[str, Any]:
    """`rows` are (article id, IncidentSummary) pairs; coordinates are [longitude, latitude]."""
    from summarizer.geo import ATTRIBUTION

    g = g or gazetteer()
    features: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for article_id, record in rows:
        for inc in record.incidents:
            m = incident_place(inc, g)
            props = {"article_id": article_id, "incident_id": inc.id, "type": inc.type.value,
                     "date": inc.date.start.isoformat() if inc.date.start else None,
                     "country": inc.location.country, "places": list(inc.location.places),
                     "description": inc.description}  # fmt: skip
            if m is None or m.latitude is None or m.longitude is None:
                unplaced.append({**props, "reason": "no place of the incident is in the gazetteer"})
                continue
            props |= {"place": m.as_dict()}
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.longitude, m.latitude]},
                             "properties": props})  # fmt: skip
    return {"type": "FeatureCollection", "features": features, "unplaced": unplaced, "attribution": ATTRIBUTION}
