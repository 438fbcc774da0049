"""The `incident` task's schema: one article gives one `IncidentSummary`.

Every field description here is prompt text: the model reads it through the JSON schema, so it
is written with the same care as prompts/incident/*.j2.

Design rules the schema enforces:
- Facts and their evidence are kept apart: a normalized value (a date, a count, a name) sits
  next to `evidence`, a list of verbatim quotes of the article. Grounding (summarizer.grounding)
  locates each quote in the text after the model answers.
- Casualty figures are never merged: one `CasualtyFigure` per (party, outcome, claimant, incident
  set), each with who says so.
- Who asserts an actor's role is recorded with an `Attribution`, like a figure's claimant.

MUC-4 correspondence (summarizer.evals.muc4.incident_map holds it as data; summarizer.evals.muc4
has the full role view):

| IncidentType          | MUC-4 INCIDENT: TYPE   |
|-----------------------|------------------------|
| armed_clash           | ATTACK                 |
| bombing               | BOMBING                |
| shelling_or_strike    | ATTACK                 |
| attack_on_civilians   | ATTACK                 |
| assassination         | ATTACK                 |
| kidnapping            | KIDNAPPING             |
| arson                 | ARSON                  |
| robbery               | ROBBERY                |
| forced_work_stoppage  | FORCED WORK STOPPAGE   |
| other                 | ATTACK                 |

MUC-4 roles: PerpInd = `perpetrator_individuals`, PerpOrg = `perpetrator_organizations`,
Target = `physical_targets`, Victim = `human_targets` (named people and described groups),
Weapon = `weapons`. PERP: ORGANIZATION CONFIDENCE derives from the organization's
`attributions` (see `summarizer.evals.muc4.incident_map.muc4_confidence`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Actor",
    "ActorKind",
    "Attribution",
    "CasualtyFigure",
    "Count",
    "CountQualifier",
    "DatePrecision",
    "Evidence",
    "Incident",
    "IncidentDate",
    "IncidentSummary",
    "IncidentType",
    "Location",
    "Outcome",
    "PhysicalTarget",
    "ResponsibilityClaim",
    "Source",
    "SourceKind",
    "Stage",
    "Stance",
    "Weapon",
]

from summarizer.evidence import Evidence  # noqa: E402  (re-exported)
from summarizer.roles import (  # noqa: E402  (scoring roles: see summarizer.roles)
    FREE_TEXT,
    ITEM_ID,
    KEY,
    AliasesOf,
    OutletWhen,
    PrecisionOf,
    QualifierOf,
    RangeEndOf,
    RefersTo,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class IncidentType(StrEnum):
    armed_clash = "armed_clash"
    bombing = "bombing"
    shelling_or_strike = "shelling_or_strike"
    attack_on_civilians = "attack_on_civilians"
    assassination = "assassination"
    kidnapping = "kidnapping"
    arson = "arson"
    robbery = "robbery"
    forced_work_stoppage = "forced_work_stoppage"
    other = "other"


class Stage(StrEnum):
    accomplished = "accomplished"
    attempted = "attempted"
    threatened = "threatened"


class DatePrecision(StrEnum):
    day = "day"
    month = "month"
    year = "year"
    range = "range"
    unknown = "unknown"


class ActorKind(StrEnum):
    state_force = "state_force"
    non_state_armed_group = "non_state_armed_group"
    private_military_company = "private_military_company"
    government = "government"
    civilians = "civilians"
    political_organization = "political_organization"
    international_organization = "international_organization"
    media = "media"
    company = "company"
    unknown = "unknown"
    other = "other"


class Stance(StrEnum):
    """How a source stands toward a statement; maps onto MUC-4's organization confidence."""

    stated = "stated"
    claimed = "claimed"
    acknowledged = "acknowledged"
    alleged = "alleged"
    suspected = "suspected"
    possible = "possible"
    denied = "denied"


class SourceKind(StrEnum):
    outlet = "outlet"
    government = "government"
    military = "military"
    police = "police"
    armed_group = "armed_group"
    anonymous_official = "anonymous_official"
    international_organization = "international_organization"
    ngo = "ngo"
    witness = "witness"
    media = "media"
    other = "other"


class Outcome(StrEnum):
    killed = "killed"
    wounded = "wounded"
    missing = "missing"
    kidnapped_or_captured = "kidnapped_or_captured"
    harmed_unspecified = "harmed_unspecified"


class CountQualifier(StrEnum):
    exact = "exact"
    at_least = "at_least"
    at_most = "at_most"
    about = "about"
    range = "range"
    unspecified = "unspecified"
    unknown = "unknown"


class Source(_Strict):
    """Someone the article cites, or the outlet itself."""

    name: str = Field(
        description=(
            "Who says it, as the article names them: 'the Malian army', 'officers of the army and "
            "the gendarmerie', 'JNIM', 'UN secretary general's report', or the outlet's name when "
            "the article states it in its own voice."
        )
    )
    kind: Annotated[SourceKind, OutletWhen("name", SourceKind.outlet.value)] = Field(description="What sort of source this is.")
    anonymous: bool = Field(
        default=False, description="True when the source speaks on condition of anonymity."
    )
    evidence: Evidence


class Attribution(_Strict):
    """Who asserts an actor's role, and how firmly."""

    stance: Stance = Field(
        description=(
            "stated: the outlet reports it as fact; claimed: the actor itself claims or admits it; "
            "acknowledged: the actor confirms it when asked; alleged: someone accuses without proof "
            "given; suspected: authorities or others suspect it; possible: the article only raises "
            "the possibility; denied: someone denies it."
        )
    )
    by: str | None = Field(
        default=None,
        description="Who asserts or denies it ('JNIM', 'Bamako', 'some countries'); null for the outlet.",
    )
    by_kind: SourceKind = Field(default=SourceKind.outlet, description="What sort of source `by` is.")
    evidence: Evidence


class Actor(_Strict):
    """A person or group: a perpetrator or a human target."""

    name: str = Field(
        description=(
            "The most specific name the article uses: an organization's full name, a person's "
            "name, or for unnamed people a short description ('Malian soldiers', 'a civilian')."
        )
    )
    aliases: Annotated[list[str], AliasesOf("name")] = Field(
        default_factory=list,
        description="Other names the article itself uses for the same actor (JNIM / GSIM). Empty if none.",
    )
    kind: ActorKind = Field(description="What sort of actor this is.")
    affiliation: str | None = Field(
        default=None,
        description="The larger body the actor belongs to, if stated ('Al-Qaeda', 'the Malian army').",
    )
    description: Annotated[str | None, FREE_TEXT] = Field(
        default=None,
        description="For a named person: their role as the article gives it ('mayor', 'judge').",
    )
    attributions: list[Attribution] = Field(
        default_factory=list,
        description=(
            "Who asserts this actor's role in the incident, one entry per asserting source: the "
            "outlet, a claim, an allegation, a denial. Several may disagree."
        ),
    )
    evidence: Evidence


class PhysicalTarget(_Strict):
    """A thing hit: a building, vehicle, convoy, bridge, pylon."""

    name: str = Field(description="What was hit, as the article names it ('the army convoy').")
    evidence: Evidence


class Weapon(_Strict):
    name: str = Field(
        description=(
            "The weapon or means in plain English ('improvised explosive device', 'firearms'); "
            "the article's own words go in evidence even when odd ('with a lead')."
        )
    )
    evidence: Evidence


class IncidentDate(_Strict):
    start: Annotated[dt.date | None, KEY] = Field(
        default=None,
        description=(
            "ISO date of the incident (first day for a range). When the article says a weekday "
            "('on Tuesday'), resolve it against the publication date; when it gives day and month "
            "but no year, take the year that makes the weekday fit and is nearest the article's "
            "date. Null when the article gives no date."
        ),
    )
    end: Annotated[dt.date | None, RangeEndOf("start")] = Field(default=None, description="Last day, for a range only.")
    precision: Annotated[DatePrecision, PrecisionOf("start")] = Field(
        description="How much of `start` the article actually fixes: day, month, year, range or unknown."
    )
    year_inferred: bool = Field(
        default=False,
        description="True when the year is not written in the article and was inferred.",
    )
    evidence: Evidence


class Location(_Strict):
    country: Annotated[str | None, KEY] = Field(default=None, description="Country in English, e.g. 'Mali'.")
    regions: list[str] = Field(
        default_factory=list,
        description="Administrative regions, provinces or departments named ('Mopti region').",
    )
    places: list[str] = Field(
        default_factory=list,
        description="Named towns, villages, districts or sites where it happened ('Macina').",
    )
    description: Annotated[str | None, FREE_TEXT] = Field(
        default=None,
        description="Free description when the place is a stretch or area ('the road between Tenenkou and Macina').",
    )
    evidence: Evidence


class Incident(_Strict):
    """One distinct violent event. Background, history and 'Read also' links are not incidents."""

    id: Annotated[str, ITEM_ID] = Field(description="Short label unique in this record, e.g. 'I1', 'I2'.")
    type: Annotated[IncidentType, KEY] = Field(
        description=(
            "armed_clash: ambush, firefight, assault between armed parties; bombing: IED, "
            "explosion, suicide bombing; shelling_or_strike: artillery, air or drone strike; "
            "attack_on_civilians: massacre or raid on civilians; assassination: targeted killing "
            "of a named person; kidnapping; arson; robbery; forced_work_stoppage; other."
        )
    )
    description: Annotated[str, FREE_TEXT] = Field(description="One neutral sentence saying what happened.")
    date: IncidentDate
    location: Location
    perpetrator_organizations: Annotated[list[Actor], KEY] = Field(
        default_factory=list, description="Groups or forces said to have carried it out."
    )
    perpetrator_individuals: list[Actor] = Field(
        default_factory=list,
        description="Individual perpetrators, named or described ('a suicide bomber', 'gunmen').",
    )
    human_targets: list[Actor] = Field(
        default_factory=list,
        description="People and groups hit or aimed at: named victims and described groups ('Malian soldiers').",
    )
    physical_targets: list[PhysicalTarget] = Field(
        default_factory=list, description="Buildings, vehicles, convoys, infrastructure hit."
    )
    weapons: list[Weapon] = Field(default_factory=list, description="Weapons or means used.")
    stage: Stage = Field(
        default=Stage.accomplished,
        description="accomplished, attempted (failed or foiled), or threatened.",
    )
    evidence: Evidence


class Count(_Strict):
    value: int | None = Field(
        default=None,
        description="The number; for a range, its low end; null when unknown or unspecified ('dozens').",
    )
    high: Annotated[int | None, RangeEndOf("value")] = Field(default=None, description="High end of a range; null otherwise.")
    qualifier: Annotated[CountQualifier, QualifierOf("value")] = Field(
        description=(
            "exact ('fourteen'); at_least ('at least twelve', 'more than'); at_most; about "
            "('some 30'); range ('10 to 15'); unspecified (a vague amount: 'dozens', 'several'); "
            "unknown ('an unknown number')."
        )
    )
    text: str = Field(description="The article's words for the amount ('fourteen', 'dozens').")


class CasualtyFigure(_Strict):
    """One attributed figure. Never merge figures from different sources, parties or outcomes."""

    party: str = Field(
        description="Who is counted, as the article says ('Malian soldiers', 'terrorists', 'Wagner mercenaries')."
    )
    party_kind: ActorKind = Field(description="What sort of party is counted.")
    outcome: Outcome = Field(
        description=(
            "killed, wounded, missing, kidnapped_or_captured, or harmed_unspecified for words "
            "such as 'neutralized' that do not say whether dead or captured."
        )
    )
    outcome_word: str = Field(description="The article's own word for the outcome ('killed', 'neutralized').")
    count: Count
    claimant: Source = Field(description="Who gives this figure.")
    reported_on: dt.date | None = Field(
        default=None, description="When the claimant gave the figure, if the article says."
    )
    incident_ids: Annotated[list[str], RefersTo("incidents")] = Field(
        default_factory=list,
        description="Ids of the incidents this figure covers; several when it covers a day's fighting.",
    )
    evidence: Evidence


class ResponsibilityClaim(_Strict):
    claimant: str = Field(description="Who claims responsibility.")
    channel: Annotated[str | None, FREE_TEXT] = Field(
        default=None,
        description="How the claim was made ('press release authenticated by SITE', 'video').",
    )
    claim: Annotated[str, FREE_TEXT] = Field(description="What is claimed, in one neutral sentence.")
    incident_ids: Annotated[list[str], RefersTo("incidents")] = Field(default_factory=list, description="Ids of the incidents claimed.")
    evidence: Evidence


class IncidentSummary(_Strict):
    """A structured, evidence-backed record of the violent incidents one article reports."""

    summary: Annotated[str, FREE_TEXT] = Field(
        description="2-4 neutral sentences stating only what the article states, with attribution."
    )
    incidents: list[Incident] = Field(
        default_factory=list,
        description="The distinct violent events reported. Empty when the article reports none.",
    )
    casualty_figures: Annotated[list[CasualtyFigure], KEY] = Field(
        default_factory=list,
        description="Every casualty figure, one per party, outcome, claimant and incident set.",
    )
    claims_of_responsibility: list[ResponsibilityClaim] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list, description="Everyone the article cites.")

    @model_validator(mode="after")
    def _incident_ids_resolve(self) -> IncidentSummary:
        ids = [i.id for i in self.incidents]
        if len(set(ids)) != len(ids):
            raise ValueError(f"incident ids must be unique, got {ids}")
        known = set(ids)
        for where, refs in [
            *((f"casualty_figures[{n}]", f.incident_ids) for n, f in enumerate(self.casualty_figures)),
            *((f"claims_of_responsibility[{n}]", c.incident_ids) for n, c in enumerate(self.claims_of_responsibility)),
        ]:
            unknown = [r for r in refs if r not in known]
            if unknown:
                raise ValueError(f"{where}.incident_ids refers to unknown incidents {unknown}; known: {sorted(known)}")
        return self
