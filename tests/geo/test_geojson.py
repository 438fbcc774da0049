"""Incidents on a map: GeoJSON points in [longitude, latitude], unplaced incidents listed, not dropped."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.evals.gold import gold_as_record
from summarizer.geo import incidents_geojson
from summarizer.schemas.incident import IncidentSummary

GOLD = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "seed" / "gold" / "mali-jnim-ambush-2023-01-10.json"


def seed_record() -> IncidentSummary:
    return IncidentSummary.model_validate(gold_as_record(json.loads(GOLD.read_text(encoding="utf-8"))))


def test_seed_incidents_are_points_at_the_first_place_found() -> None:
    data = incidents_geojson([("seed", seed_record())])
    points = {f["properties"]["incident_id"]: f for f in data["features"]}
    assert points["I1"]["geometry"] == {"type": "Point", "coordinates": [-4.9169, 14.45722]}  # Ténenkou
    assert points["I2"]["geometry"]["coordinates"] == [-5.35791, 13.9641]  # Ké-Macina: Koumara is missing
    assert points["I2"]["properties"]["place"]["match"] == "partial"
    assert points["I2"]["properties"]["place"]["certain"] is False
    assert data["unplaced"] == []


def test_an_incident_with_no_place_found_is_listed_as_unplaced() -> None:
    record = seed_record()
    data = record.model_dump(mode="json")
    data["incidents"][0]["location"]["places"] = ["Koumara"]
    data = incidents_geojson([("seed", IncidentSummary.model_validate(data))])
    assert [u["incident_id"] for u in data["unplaced"]] == ["I1"]
    assert [f["properties"]["incident_id"] for f in data["features"]] == ["I2"]
