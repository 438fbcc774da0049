"""Scoring follows the roles a schema declares (summarizer.roles), never its field names.

A user schema with every field of the incident schema renamed, roles declared with Annotated
markers, scores exactly as the built-in one on the seed gold (translated); a field called `high`
that is no range end is a plain number; comparators are a registry users add to.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

from summarizer.article import ArticleMeta
from summarizer.errors import ConfigError
from summarizer.evals.gold import gold_as_record, validate_gold
from summarizer.evals.scoring.aggregate import key_fields_right
from summarizer.evals.scoring.comparators import Context, register_comparator
from summarizer.evals.scoring.plan import ModelPlan, plan_for
from summarizer.evals.scoring.scorer import score_record
from summarizer.evidence import Evidence
from summarizer.roles import (
    FREE_TEXT,
    ITEM_ID,
    KEY,
    AliasesOf,
    OutletWhen,
    PrecisionOf,
    QualifierOf,
    RangeEndOf,
    RefersTo,
    ScoreAs,
)  # fmt: skip
from summarizer.schemas.incident import (
    SCHEMA_VERSION,
    ActorKind,
    CountQualifier,
    DatePrecision,
    IncidentSummary,
    IncidentType,
    Outcome,
    SourceKind,
    Stage,
    Stance,
)  # fmt: skip


class _Own(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Speaker(_Own):
    who: str
    sort: Annotated[SourceKind, OutletWhen("who", "outlet")]
    unnamed: bool = False
    quotes: Evidence


class Assertion(_Own):
    firmness: Stance
    asserted_by: str | None = None
    asserter_sort: SourceKind = SourceKind.outlet
    quotes: Evidence


class Party(_Own):
    label: str
    other_labels: Annotated[list[str], AliasesOf("label")] = Field(default_factory=list)
    sort: ActorKind
    belongs_to: str | None = None
    role_text: Annotated[str | None, FREE_TEXT] = None
    assertions: list[Assertion] = Field(default_factory=list)
    quotes: Evidence


class Thing(_Own):
    what: str
    quotes: Evidence


class When(_Own):
    first_day: Annotated[dt.date | None, KEY] = None
    last_day: Annotated[dt.date | None, RangeEndOf("first_day")] = None
    no_year: str | None = None
    known_to: Annotated[DatePrecision, PrecisionOf("first_day")]
    year_guessed: bool = False
    quotes: Evidence


class Where(_Own):
    nation: Annotated[str | None, KEY] = None
    provinces: list[str] = Field(default_factory=list)
    sites: list[str] = Field(default_factory=list)
    area: Annotated[str | None, FREE_TEXT] = None
    quotes: Evidence


class Happening(_Own):
    ref: Annotated[str, ITEM_ID]
    category: Annotated[IncidentType, KEY]
    what_happened: Annotated[str, FREE_TEXT]
    when: When
    where: Where
    perpetrator_groups: Annotated[list[Party], KEY] = Field(default_factory=list)
    perpetrator_people: list[Party] = Field(default_factory=list)
    victims: list[Party] = Field(default_factory=list)
    things_hit: list[Thing] = Field(default_factory=list)
    means: list[Thing] = Field(default_factory=list)
    phase: Stage = Stage.accomplished
    quotes: Evidence


class Amount(_Own):
    n: int | None = None
    upper: Annotated[int | None, RangeEndOf("n")] = None
    how: Annotated[CountQualifier, QualifierOf("n")]
    words: str


class Toll(_Own):
    counted: str
    counted_sort: ActorKind
    result: Outcome
    result_word: str
    amount: Amount
    given_by: Speaker
    given_on: dt.date | None = None
    happening_refs: Annotated[list[str], RefersTo("happenings")] = Field(default_factory=list)
    quotes: Evidence


class Claim(_Own):
    by_whom: str
    via: Annotated[str | None, FREE_TEXT] = None
    statement: Annotated[str, FREE_TEXT]
    happening_refs: Annotated[list[str], RefersTo("happenings")] = Field(default_factory=list)
    quotes: Evidence


class Digest(_Own):
    schema_version: ClassVar[int] = SCHEMA_VERSION  # the seed gold carries the incident schema's version
    overview: Annotated[str, FREE_TEXT]
    happenings: list[Happening] = Field(default_factory=list)
    tolls: Annotated[list[Toll], KEY] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)


RENAMED: dict[str, dict[str, str]] = {
    "Source": {"name": "who", "kind": "sort", "anonymous": "unnamed", "evidence": "quotes"},
    "Attribution": {"stance": "firmness", "by": "asserted_by", "by_kind": "asserter_sort", "evidence": "quotes"},
    "Actor": {"name": "label", "aliases": "other_labels", "kind": "sort", "affiliation": "belongs_to",
              "description": "role_text", "attributions": "assertions", "evidence": "quotes"},
    "PhysicalTarget": {"name": "what", "evidence": "quotes"},
    "Weapon": {"name": "what", "evidence": "quotes"},
    "IncidentDate": {"start": "first_day", "end": "last_day", "partial": "no_year", "precision": "known_to", "year_inferred": "year_guessed", "evidence": "quotes"},
    "Location": {"country": "nation", "regions": "provinces", "places": "sites", "description": "area", "evidence": "quotes"},
    "Incident": {"id": "ref", "type": "category", "description": "what_happened", "date": "when", "location": "where",
                 "perpetrator_organizations": "perpetrator_groups", "perpetrator_individuals": "perpetrator_people",
                 "human_targets": "victims", "physical_targets": "things_hit", "weapons": "means", "stage": "phase",
                 "evidence": "quotes"},
    "Count": {"value": "n", "high": "upper", "qualifier": "how", "text": "words"},
    "CasualtyFigure": {"party": "counted", "party_kind": "counted_sort", "outcome": "result", "outcome_word": "result_word",
                       "count": "amount", "claimant": "given_by", "reported_on": "given_on", "incident_ids": "happening_refs",
                       "evidence": "quotes"},
    "ResponsibilityClaim": {"claimant": "by_whom", "channel": "via", "claim": "statement", "incident_ids": "happening_refs",
                            "evidence": "quotes"},
    "IncidentSummary": {"summary": "overview", "incidents": "happenings", "casualty_figures": "tolls",
                        "claims_of_responsibility": "claims", "sources": "speakers"},
}  # fmt: skip


def test_every_field_is_renamed() -> None:
    """The translation covers every field of every model, and no new name repeats an old one there."""
    plans: list[ModelPlan] = []

    def walk(plan: ModelPlan) -> None:
        if plan not in plans:
            plans.append(plan)
            for fp in plan.fields.values():
                if fp.model is not None:
                    walk(fp.model)

    walk(plan_for(IncidentSummary))
    for plan in plans:
        names = RENAMED[plan.cls.__name__]
        assert set(names) == set(plan.fields), plan.cls.__name__
        assert not set(names.values()) & set(plan.fields), plan.cls.__name__


def translate(value: Any, plan: ModelPlan | None) -> Any:
    """Gold or a record of the incident schema, in Digest's field names ($-markers kept)."""
    if isinstance(value, list):
        return [translate(v, plan) for v in value]
    if not isinstance(value, dict) or plan is None:
        return value
    if "$any" in value:
        return {**value, "$any": [translate(v, plan) for v in value["$any"]]}
    names = RENAMED[plan.cls.__name__]
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key.startswith("$"):
            out[key] = v
        else:
            out[names[key]] = translate(v, plan.fields[key].model)
    return out


def translate_path(path: str) -> str:
    plan: ModelPlan | None = plan_for(IncidentSummary)
    parts = []
    for part in path.split("."):
        assert plan is not None
        parts.append(RENAMED[plan.cls.__name__][part])
        plan = plan.fields[part].model
    return ".".join(parts)


def _variants(perfect: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    """The seed's error variants (tests/evals/test_seed_variants.py), and more."""
    figures = perfect["casualty_figures"]
    army = next(f for f in figures if f["count"]["value"] == 14 and f["claimant"]["kind"] == "military")
    jnim = next(f for f in figures if f["count"]["value"] == 7 and f["claimant"]["kind"] == "armed_group")
    merged = {**army, "claimant": {"name": "Malian army and JNIM", "kind": "other", "anonymous": False}}

    def swap(old: dict[str, Any], new: dict[str, Any] | None) -> list[dict[str, Any]]:
        return [x for x in (new if f is old else f for f in figures) if x is not None]

    incidents = perfect["incidents"]
    relabel = {i["id"]: f"X{n}" for n, i in enumerate(reversed(incidents))}
    return {
        "perfect": perfect,
        "merged figures": {**perfect, "casualty_figures": [f for f in swap(army, merged) if f is not jnim]},
        "14 dead credited to JNIM": {**perfect, "casualty_figures": swap(army, {**army, "claimant": {"name": "JNIM", "kind": "armed_group", "anonymous": False}})},
        "dated 2022": {**perfect, "incidents": [{**i, "date": {**i["date"], "start": "2022-01-10"}} for i in incidents]},
        "qualifiers and relabeled ids": {**perfect, "casualty_figures": [
            {**f, "count": {**f["count"], "value": (f["count"]["value"] or 0) + 1}, "incident_ids": [relabel[i] for i in f["incident_ids"]]}
            for f in figures], "incidents": [{**i, "id": relabel[i["id"]]} for i in incidents],
            "claims_of_responsibility": [{**c, "incident_ids": [relabel[i] for i in c["incident_ids"]]} for c in perfect["claims_of_responsibility"]]},
        "no aliases, names shortened": {**perfect, "incidents": [{**i, "perpetrator_organizations": [
            {**a, "name": a["aliases"][0] if a["aliases"] else a["name"], "aliases": []} for a in i["perpetrator_organizations"]]} for i in incidents]},
        "summary reworded": {**perfect, "summary": "Soldiers died."},
        "nothing": None,
    }  # fmt: skip


def test_a_schema_with_every_field_renamed_scores_as_the_builtin_one(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    plan = plan_for(IncidentSummary)
    # load_dataset brought the gold to the current schema version; the translation says so
    renamed_gold = validate_gold({**translate(any_seed_gold, plan), "$schema_version": SCHEMA_VERSION}, Digest, where="renamed seed")
    meta = ArticleMeta(outlet="Le Monde")
    assert plan_for(Digest).key_fields == tuple(translate_path(p) for p in plan_for(IncidentSummary).key_fields)
    for name, variant in _variants(perfect).items():
        builtin = score_record(any_seed_gold, IncidentSummary.model_validate(variant) if variant else None, IncidentSummary, meta=meta)
        renamed = score_record(renamed_gold, Digest.model_validate(translate(variant, plan)) if variant else None, Digest, meta=meta)
        assert renamed.fields == {translate_path(p): c for p, c in builtin.fields.items()}, name
        assert renamed.items == {translate_path(p): c for p, c in builtin.items.items()}, name
        assert key_fields_right(renamed, plan_for(Digest).key_fields) == key_fields_right(builtin, plan_for(IncidentSummary).key_fields)
    # the variants do move the counts: the comparison above is not between two all-correct scores
    dated = score_record(renamed_gold, Digest.model_validate(translate(_variants(perfect)["dated 2022"], plan)), Digest)
    assert dated.fields["happenings.when.first_day"][2] == 2


class Reading(BaseModel):
    """`high` here is the day's high temperature, not the end of a range."""

    value: int
    high: int
    qualifier: str


class MarkedReading(BaseModel):
    value: int
    high: Annotated[int, RangeEndOf("value")]
    qualifier: Annotated[str, QualifierOf("value")]


def test_a_field_named_high_that_is_no_range_end_is_a_plain_number() -> None:
    gold = {"value": 10, "high": 20, "qualifier": "range"}
    pred = {"value": 15, "high": 20, "qualifier": "range"}
    plain = score_record(gold, pred, Reading).fields
    assert plain["value"] == [0, 0, 1, 0, 0]  # 15 is not 10: no range is read from names
    assert plain["high"] == [1, 0, 0, 0, 0]
    marked = score_record(gold, pred, MarkedReading).fields
    assert marked["value"] == [1, 0, 0, 0, 0]  # declared: 15 lies in the gold range 10-20


def test_a_field_named_qualifier_without_the_role_qualifies_nothing() -> None:
    gold = {"value": 10, "high": 0, "qualifier": "at_least"}
    pred = {"value": 12, "high": 0, "qualifier": "at_least"}
    assert score_record(gold, pred, Reading).fields["value"] == [0, 0, 1, 0, 0]
    assert score_record(gold, pred, MarkedReading).fields["value"] == [1, 0, 0, 0, 0]


def test_a_role_naming_a_missing_field_is_a_config_error() -> None:
    class Broken(BaseModel):
        value: int
        qualifier: Annotated[str, QualifierOf("amount")]

    with pytest.raises(ConfigError, match="no field 'amount'"):
        plan_for(Broken)


def test_refers_to_needs_a_list_of_items_with_an_item_id() -> None:
    class Item(BaseModel):
        id: str

    class Holder(BaseModel):
        items: list[Item]
        item_refs: Annotated[list[str], RefersTo("items")]

    with pytest.raises(ConfigError, match="ItemId"):
        plan_for(Holder)


class Country(StrEnum):
    mali = "ML"
    niger = "NE"


def test_users_register_their_own_comparators() -> None:
    seen: list[Context] = []

    @register_comparator("first_letter")
    def first_letter(gold: Any, predicted: Any, ctx: Context) -> float:
        seen.append(ctx)
        return 1.0 if str(gold)[:1].lower() == str(predicted)[:1].lower() else 0.0

    class Place(BaseModel):
        town: Annotated[str, ScoreAs("first_letter")]
        other: str

    score = score_record({"town": "Gao", "other": "Gao"}, {"town": "Gossi", "other": "Gossi"}, Place)
    assert score.fields == {"town": [1, 0, 0, 0, 0], "other": [0, 0, 1, 0, 0]}
    assert seen and seen[0].field.name == "town" and seen[0].gold_parent == {"town": "Gao", "other": "Gao"}


def test_an_unregistered_comparator_is_a_config_error() -> None:
    class Place(BaseModel):
        town: Annotated[str, ScoreAs("no_such_comparator")]

    with pytest.raises(ConfigError, match="no comparator registered for town: 'no_such_comparator'"):
        plan_for(Place)


def _outlet_figure(gold: dict[str, Any]) -> dict[str, Any]:
    figure = {
        "party": "civilians", "party_kind": "civilians", "outcome": "killed", "outcome_word": "killed",
        "count": {"value": 3, "qualifier": "exact", "text": "three"},
        "claimant": {"name": "AFP", "kind": "outlet", "anonymous": False},
        "incident_ids": [gold["incidents"][0]["id"]],
    }  # fmt: skip
    return {**gold, "casualty_figures": [figure]}


@pytest.mark.parametrize(("name", "kind", "outlet", "expected"), [
    ("the outlet", "outlet", "AFP", [1, 0, 0, 0, 0]),   # the placeholder word, recognised by kind
    ("the article", "outlet", None, [1, 0, 0, 0, 0]),
    ("Agence France-Presse", "outlet", "AFP", [1, 0, 0, 0, 0]),
    ("AFP", "media", "AFP", [1, 0, 0, 0, 0]),           # the outlet by its name in the metadata
    ("afp", "other", "AFP", [1, 0, 0, 0, 0]),
    ("AFP", "media", "Reuters", [1, 0, 0, 0, 0]),       # still the gold's own name
    ("the army", "military", "AFP", [0, 0, 1, 0, 0]),   # someone else
    ("the outlet", "media", "AFP", [0, 0, 1, 0, 0]),    # neither the kind nor the outlet's name
])  # fmt: skip
def test_an_outlet_claimant_matches_by_kind_and_by_the_metadata_outlet_name(
    seed_gold: dict[str, Any], name: str, kind: str, outlet: str | None, expected: list[int]
) -> None:
    gold = _outlet_figure(seed_gold)
    record = gold_as_record(gold)
    figure = record["casualty_figures"][0]
    predicted = {**record, "casualty_figures": [{**figure, "claimant": {**figure["claimant"], "name": name, "kind": kind}}]}
    score = score_record(gold, IncidentSummary.model_validate(predicted), IncidentSummary, meta=ArticleMeta(outlet=outlet))
    assert score.fields["casualty_figures.claimant.name"] == expected


def test_a_gold_outlet_claimant_written_by_name_matches_the_outlet_kind(seed_gold: dict[str, Any]) -> None:
    gold = _outlet_figure(seed_gold)
    gold["casualty_figures"][0]["claimant"] = {"name": "Le Monde", "kind": "media", "anonymous": False}
    record = gold_as_record(gold)
    figure = record["casualty_figures"][0]
    predicted = {**record, "casualty_figures": [{**figure, "claimant": {"name": "the outlet", "kind": "outlet", "anonymous": False}}]}
    meta = ArticleMeta(outlet="Le Monde")
    score = score_record(gold, IncidentSummary.model_validate(predicted), IncidentSummary, meta=meta)
    assert score.fields["casualty_figures.claimant.name"] == [1, 0, 0, 0, 0]
    assert score_record(gold, IncidentSummary.model_validate(predicted), IncidentSummary).fields["casualty_figures.claimant.name"] == [0, 0, 1, 0, 0]


def test_the_incident_schema_declares_its_key_fields_by_marker() -> None:
    assert plan_for(IncidentSummary).key_fields == (
        "incidents.type", "incidents.date.start", "incidents.location.country",
        "incidents.perpetrator_organizations", "casualty_figures",
    )  # fmt: skip
    assert not hasattr(IncidentSummary, "key_fields")  # eval configuration is not a class attribute of the schema


def test_muc4_mappings_live_in_evals_muc4() -> None:
    import summarizer.schemas.incident as incident
    from summarizer.evals.muc4.incident_map import MUC4_TYPE, muc4_confidence
    from summarizer.schemas.incident import Attribution, IncidentType, Stance

    assert not hasattr(incident, "MUC4_TYPE") and not hasattr(incident, "muc4_confidence")
    assert set(MUC4_TYPE) == set(IncidentType)
    claimed = Attribution(stance=Stance.claimed, by="JNIM")
    alleged = Attribution(stance=Stance.alleged, by="the army", by_kind=SourceKind.military)
    assert muc4_confidence([alleged, claimed]) == "CLAIMED OR ADMITTED"
    assert muc4_confidence([alleged]) == "SUSPECTED OR ACCUSED BY AUTHORITIES"
