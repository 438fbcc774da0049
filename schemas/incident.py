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
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 2
"""Bumped whenever a field, a value or the meaning of a description changes (evals/GUIDELINES.md
changelog). Gold files carry it as `$schema_version`; older gold is upgraded on load."""

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
    "SCHEMA_VERSION",
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
    individual = "individual"
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
    politician = "politician"
    company = "company"
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
            "Who says it, as the article names them: 'the Malian army', 'JNIM', 'UN secretary general's "
            "report'; the outlet (kind outlet): its name from the metadata or text, else 'the article' [R-FIG-2]."
        )
    )
    kind: Annotated[SourceKind, OutletWhen("name", SourceKind.outlet.value)] = Field(
        description=(
            "outlet: the article itself; media: an outlet or agency it cites; politician: an elected official "
            "or party figure; company; anonymous_official: an official whose identity is withheld (anonymous "
            "true); else the body it speaks for [R-SRC-2]."
        )
    )
    anonymous: bool = Field(
        default=False,
        description=(
            "True when the article withholds the speaker's identity ('a police source', 'sources close to', "
            "'on condition of anonymity'), asked or not; false for bodies, named people and unnamed people "
            "merely described ('witnesses', 'a US official') [R-SRC-3]."
        ),
    )
    evidence: Evidence


class Attribution(_Strict):
    """Who asserts an actor's role, and how firmly."""

    stance: Stance = Field(
        description=(
            "By the source's words, first match: denies: denied; the actor claims or admits its act "
            "(statement, video, own radio), even refusing 'responsibility': claimed; confirms it when asked: "
            "acknowledged; accuses ('blamed', 'has been attributed to', a prosecutor's case): alleged; believes ('suspected'): "
            "suspected; only raises it ('may have'): possible; reports it as fact (even 'reportedly', or officials "
            "just naming the group), the outlet or a cited source: stated [R-STANCE-1]."
        )
    )
    by: str | None = Field(
        default=None,
        description=(
            "Who asserts it, as named ('JNIM', 'Bamako', 'police'), also for a cited source stating it as "
            "fact; null only for the outlet's own voice, a passive with no source included [R-STANCE-2]."
        ),
    )
    by_kind: SourceKind = Field(default=SourceKind.outlet, description="The kind of `by`; outlet when null [R-STANCE-2].")
    evidence: Evidence


class Actor(_Strict):
    """A person or group: a perpetrator or a human target."""

    name: str = Field(
        description=(
            "An organization: the fullest name the article writes (others in aliases); a person: the name "
            "as written; unnamed people: the shortest phrase of the article that identifies them ('Malian "
            "soldiers', 'a civilian') [R-ACT-1]."
        )
    )
    aliases: Annotated[list[str], AliasesOf("name")] = Field(
        default_factory=list,
        description=(
            "Every other name the article itself writes for the actor, acronyms included (JNIM / GSIM); "
            "not descriptions, outside knowledge or the parent body [R-ACT-2]."
        ),
    )
    kind: ActorKind = Field(
        description=(
            "What the actor is or acts for, for one person as for a group (a soldier: state_force); "
            "individual: a person acting alone with no group stated; company: a business [R-ACT-4]."
        )
    )
    affiliation: str | None = Field(
        default=None,
        description=(
            "The organization the text attaches to the actor in the same phrase or sentence ('Al-Qaeda'); "
            "not a nationality adjective [R-ACT-6]."
        ),
    )
    description: Annotated[str | None, FREE_TEXT] = Field(
        default=None,
        description="Only for a named person: rank or role as written ('mayor', 'judge') [R-ACT-6].",
    )
    attributions: list[Attribution] = Field(
        default_factory=list,
        description=(
            "Who asserts this actor's role, one entry per source (they may disagree); always for "
            "perpetrators, for targets only when disputed or on one party's word; a relayed claim adds no "
            "stated entry [R-STANCE-3]."
        ),
    )
    evidence: Evidence


class PhysicalTarget(_Strict):
    """A thing hit: a building, vehicle, convoy, bridge, pylon."""

    name: str = Field(
        description=(
            "What was hit, as the article names it ('the army convoy'); a vehicle carrying a bomb is the "
            "weapon, and a place name is not a target [R-ACT-7]."
        )
    )
    evidence: Evidence


class Weapon(_Strict):
    name: str = Field(
        description=(
            "In plain English ('improvised explosive device'), also from a verb naming it ('shot': firearms, "
            "'stabbed': knife); a vehicle carrying a bomb is one weapon ('car bomb'); the article's words go "
            "in evidence ('with a lead') [R-WEAP-1]."
        )
    )
    evidence: Evidence


PartialDate = Annotated[str, StringConstraints(pattern=r"^--(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$")]
"""ISO 8601 without the year: '--MM-DD' or '--MM' (R-DATE-3). Part of the type, so gold validation checks it too."""


class IncidentDate(_Strict):
    start: Annotated[dt.date | None, KEY] = Field(
        default=None,
        description=(
            "ISO date (first day of a range). Resolve 'Tuesday', 'yesterday' against the publication date or "
            "dateline; nothing to resolve against, or only 'recently': null; a written date beats a "
            "contradicting weekday; a quoted document's date is not the incident's [R-DATE-1]. Day and month, "
            "no year: the year the weekday fits, nearest the latest year cited; else null and partial [R-DATE-2]."
        ),
    )
    end: Annotated[dt.date | None, RangeEndOf("start")] = Field(default=None, description="Last day, for a range only.")
    partial: PartialDate | None = Field(
        default=None,
        description="When no year can be fixed: ISO 8601 without year, '--10-03' for 'Oct. 3', '--04' for 'in April'; else null [R-DATE-3].",
    )
    precision: Annotated[DatePrecision, PrecisionOf("start")] = Field(
        description=(
            "What the text fixes: day (also a weekday with an anchor), month (start = the 1st), year "
            "(start = 1 January), range (start..end), unknown (start null) [R-DATE-5]."
        )
    )
    year_inferred: bool = Field(
        default=False,
        description=(
            "True when neither the article (sentence, dateline, caption, its own date) nor the metadata "
            "writes the event's year; a year from the dateline or publication date is not inferred [R-DATE-4]."
        ),
    )
    evidence: Evidence


class Location(_Strict):
    country: Annotated[str | None, KEY] = Field(
        default=None, description="Country in English ('Mali'), also when implied by a named city [R-LOC-1]."
    )
    regions: list[str] = Field(
        default_factory=list,
        description="First-level units (region, province, state, department) named for this incident ('Mopti region') [R-LOC-2].",
    )
    places: list[str] = Field(
        default_factory=list,
        description="Towns, villages, districts, bases, named sites of this incident ('Macina'), not a capital named in passing [R-LOC-2].",
    )
    description: Annotated[str | None, FREE_TEXT] = Field(
        default=None,
        description=(
            "Only a stretch ('the road between Tenenkou and Macina'), a direction or distance from a place, "
            "or an area with no place name; null when the place names say it all [R-LOC-3]."
        ),
    )
    evidence: Evidence


class Incident(_Strict):
    """One distinct violent event. Background, history and 'Read also' links are not incidents."""

    id: Annotated[str, ITEM_ID] = Field(description="'I1', 'I2', ... in order of first mention [R-INC-4].")
    type: Annotated[IncidentType, KEY] = Field(
        description=(
            "armed_clash: ambush, firefight, assault between armed parties; bombing: IED, "
            "explosion, suicide bombing; shelling_or_strike: artillery, air or drone strike; "
            "attack_on_civilians: massacre or raid on civilians; assassination: targeted killing of a "
            "specific person, named or described by role ('a judge'); kidnapping (hostage-taking too); "
            "arson; robbery; forced_work_stoppage; other. The article's word for the whole event decides "
            "[R-TYPE-1]. A threat: the threatened act's type; sabotage, no method: other [R-TYPE-2]."
        )
    )
    description: Annotated[str, FREE_TEXT] = Field(description="One neutral sentence saying what happened.")
    date: IncidentDate
    location: Location
    perpetrator_organizations: Annotated[list[Actor], KEY] = Field(
        default_factory=list,
        description=(
            "Groups, forces or states said to have done it, also a group named as the attackers' modifier "
            "('Taliban gunmen' -> Taliban); none the article does not name [R-ACT-3]."
        ),
    )
    perpetrator_individuals: list[Actor] = Field(
        default_factory=list,
        description="Named or described people ('a suicide bomber', 'gunmen'), their group as affiliation [R-ACT-3].",
    )
    human_targets: list[Actor] = Field(
        default_factory=list,
        description=(
            "People and groups hit or aimed at ('Malian soldiers', a patrol), every party a figure counts "
            "among the victims; not the attackers' own dead [R-ACT-5]."
        ),
    )
    physical_targets: list[PhysicalTarget] = Field(
        default_factory=list, description="Buildings, vehicles, convoys, infrastructure hit [R-ACT-7]."
    )
    weapons: list[Weapon] = Field(default_factory=list, description="Weapons or means used.")
    stage: Stage = Field(
        default=Stage.accomplished,
        description=(
            "attempted: failed against its target or foiled (the person survived unharmed, the bomb defused), "
            "also an attacker's device going off early; accomplished: it hit its target, even if called an "
            "'attempt'; threatened [R-STAGE-1]."
        ),
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
            "exact ('fourteen', 'no one': 0); at_least ('at least twelve', 'more than'); at_most ('up to'); "
            "about ('some 30'); range ('10 to 15'); unspecified ('dozens', 'several'); unknown ('an unknown "
            "number') [R-FIG-5]."
        )
    )
    text: str = Field(
        description=(
            "The article's words for the amount, as written ('fourteen', 'dozens'); a count of one: the noun "
            "phrase ('a major general') or a named victim's name; 'no casualties': 'no' [R-FIG-5]."
        )
    )


class CasualtyFigure(_Strict):
    """One attributed figure. Never merge figures from different sources, parties or outcomes."""

    party: str = Field(
        description=(
            "Who is counted, as worded ('Malian soldiers'); parties counted apart: a figure each, together: one "
            "with the joint name; a breakdown: one per part, or the total if written [R-FIG-3]. Attackers' "
            "losses too ('martyrs'), their own bomb's dead, a suicide bomber's stated death [R-FIG-6]."
        )
    )
    party_kind: ActorKind = Field(description="What the party counted is [R-ACT-4].")
    outcome: Outcome = Field(
        description=(
            "killed (died, dead, martyrs), wounded (injured, hurt, taken to hospital), missing, "
            "kidnapped_or_captured, harmed_unspecified ('neutralized', 'casualties'); arrests are not "
            "casualties [R-FIG-4]."
        )
    )
    outcome_word: str = Field(description="The article's own word for the outcome, as written ('neutralized') [R-FIG-4].")
    count: Count
    claimant: Source = Field(
        description=(
            "The source the article attributes the figure to; unattributed or 'reportedly' with no source: "
            "kind outlet; an outlet restating a figure it first attributed repeats that source [R-FIG-2]."
        )
    )
    reported_on: dt.date | None = Field(
        default=None,
        description="When the claimant gave the figure, only when the text dates it; not the incident's date [R-FIG-8].",
    )
    incident_ids: Annotated[list[str], RefersTo("incidents")] = Field(
        default_factory=list,
        description=(
            "Incidents the figure covers (all of them for a day's fighting or a claim on several); leave out "
            "a figure for something that is not a listed incident (a trend toll) [R-FIG-7]."
        ),
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

    schema_version: ClassVar[int] = SCHEMA_VERSION
    """Carried by gold files as `$schema_version` (summarizer.evals.gold)."""

    summary: Annotated[str, FREE_TEXT] = Field(
        description="2-4 neutral sentences stating only what the article states, with attribution."
    )
    incidents: list[Incident] = Field(
        default_factory=list,
        description="The distinct violent events reported. Empty when the article reports none.",
    )
    casualty_figures: Annotated[list[CasualtyFigure], KEY] = Field(
        default_factory=list,
        description=(
            "One figure per party, outcome, claimant and incident set; never merge; the same claimant at two "
            "dates or with two counts (vague and exact): two figures [R-FIG-1]."
        ),
    )
    claims_of_responsibility: list[ResponsibilityClaim] = Field(
        default_factory=list,
        description=(
            "Only explicit claims by the actor (statement, press release, video, website, spokesman, own "
            "radio), one per statement; a government blaming a group is an alleged attribution [R-CLAIM-1]."
        ),
    )
    sources: list[Source] = Field(
        default_factory=list,
        description=(
            "Everyone cited as saying something about the incidents or the violence around them, one entry "
            "each; the outlet only when it is a claimant [R-SRC-1]."
        ),
    )

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
