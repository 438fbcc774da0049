"""Gemini's schema keeps to its documented subset and still carries every record."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from summarizer.evals.gold import gold_as_record
from summarizer.schemas.incident import IncidentSummary
from summarizer.structured import gemini_schema, strict_dump
from summarizer.structured.gemini import GEMINI_FORMATS, GEMINI_KEYWORDS

REPO = Path(__file__).resolve().parents[2]


def _keys(node: object, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("properties", "$defs") and isinstance(value, dict):
                for sub in value.values():
                    _keys(sub, found)
            else:
                found.add(key)
                _keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _keys(item, found)


def test_only_documented_keywords_and_formats() -> None:
    schema = gemini_schema(IncidentSummary)
    found: set[str] = set()
    _keys(schema, found)
    assert found <= GEMINI_KEYWORDS, found - GEMINI_KEYWORDS
    text = json.dumps(schema)
    assert "x-evidence" not in text and '"default"' not in text
    assert '"format": "date"' in text and all(f in GEMINI_FORMATS for f in ["date"])


def test_optional_fields_stay_optional() -> None:
    schema = gemini_schema(IncidentSummary)
    assert schema["required"] == ["summary"]  # Gemini does not need strict's every-field-required


def test_gold_validates_against_the_gemini_schema() -> None:
    schema = gemini_schema(IncidentSummary)
    paths = sorted((REPO / "evals/datasets/news-dev/gold").glob("*.json"))
    for path in paths:
        record = IncidentSummary.model_validate(gold_as_record(json.loads(path.read_text(encoding="utf-8"))))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(strict_dump(record))
    assert len(paths) >= 20
