"""The strict-mode schema is derived from the Pydantic schema and carries every record exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, Field

from summarizer.evals.gold import gold_as_record
from summarizer.schemas.incident import IncidentSummary
from summarizer.structured import inline_refs, strict_dump, strict_schema
from summarizer.structured.strict import STRICT_KEYWORDS

REPO = Path(__file__).resolve().parents[2]
GOLD = sorted((REPO / "evals/datasets/news-dev/gold").glob("*.json")) + sorted((REPO / "evals/datasets/seed/gold").glob("*.json"))


def _nodes(schema: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.append(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return found


def test_every_object_requires_every_property_and_forbids_others() -> None:
    objects = [n for n in _nodes(strict_schema(IncidentSummary)) if n.get("type") == "object"]
    assert len(objects) >= 12  # the root and its 11 object definitions
    for node in objects:
        assert node["required"] == list(node["properties"])
        assert node["additionalProperties"] is False


def test_no_keyword_outside_the_strict_subset() -> None:
    schema = strict_schema(IncidentSummary)
    for node in _nodes(schema):
        keys = set(node) - {"properties"} if "properties" in node else set(node)
        # property maps are names, not keywords; every other key must be a strict keyword
        assert keys <= STRICT_KEYWORDS | set(), (keys - STRICT_KEYWORDS, node.get("description", "")[:60])
    text = json.dumps(schema)
    assert '"default"' not in text and "x-evidence" not in text and '"title"' not in text


def test_refs_never_carry_sibling_keys() -> None:
    for node in _nodes(strict_schema(IncidentSummary)):
        if "$ref" in node:
            assert set(node) == {"$ref"}, node


def test_optional_fields_stay_nullable_and_descriptions_survive() -> None:
    schema = strict_schema(IncidentSummary)
    start = schema["$defs"]["IncidentDate"]["properties"]["start"]
    assert {"type": "null"} in start["anyOf"] and {"type": "string", "format": "date"} in start["anyOf"]
    source = IncidentSummary.model_json_schema()
    by_kind = schema["$defs"]["Attribution"]["properties"]["by_kind"]  # a $ref with a description: inlined
    assert by_kind["description"] == source["$defs"]["Attribution"]["properties"]["by_kind"]["description"]
    assert "outlet" in by_kind["enum"]
    assert schema["properties"]["summary"]["description"] == source["properties"]["summary"]["description"]


def test_derived_from_the_class_not_a_copy() -> None:
    class Note(BaseModel):
        text: str = Field(min_length=3, description="What it says.")
        tags: list[str] = Field(default_factory=list)
        score: float | None = None

    schema = strict_schema(Note)
    assert schema["required"] == ["text", "tags", "score"]
    assert schema["properties"]["text"]["description"] == "What it says. (minLength: 3)"
    assert {"type": "null"} in schema["properties"]["score"]["anyOf"]


def test_free_form_dicts_are_refused_with_the_reason() -> None:
    class Bag(BaseModel):
        counts: dict[str, int]

    with pytest.raises(ValueError, match="free-form keys"):
        strict_schema(Bag)


def test_recursive_refs_are_kept() -> None:
    class Node(BaseModel):
        name: str
        children: list[Node] = Field(default_factory=list, description="Sub-nodes.")

    schema = inline_refs(Node.model_json_schema(), only_with_siblings=True)
    assert "Node" in json.dumps(schema.get("$defs", {})) or schema["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    strict = strict_schema(Node)
    jsonschema.validate({"name": "a", "children": [{"name": "b", "children": []}]}, strict)


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_round_trips_through_the_strict_form(path: Path) -> None:
    record = IncidentSummary.model_validate(gold_as_record(json.loads(path.read_text(encoding="utf-8"))))
    dumped = strict_dump(record)
    jsonschema.Draft202012Validator(strict_schema(IncidentSummary), format_checker=jsonschema.FormatChecker()).validate(dumped)
    assert IncidentSummary.model_validate(dumped) == record


def test_the_round_trip_covers_the_seed_and_news_dev() -> None:
    assert len(GOLD) >= 21 and any("mali-jnim" in p.name for p in GOLD)


def test_a_dump_missing_a_field_fails_the_strict_schema() -> None:
    record = IncidentSummary.model_validate(gold_as_record(json.loads(GOLD[-1].read_text(encoding="utf-8"))))
    dumped = strict_dump(record)
    dumped["sources"][0].pop("anonymous") if dumped["sources"] else dumped.pop("sources")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dumped, strict_schema(IncidentSummary))
