"""The incident schema's values in MUC-4 terms: INCIDENT: TYPE per IncidentType, and PERP:
ORGANIZATION CONFIDENCE from an organization's attributions. Moved here from schemas/incident.py:
the core schema carries no eval-specific mapping.
"""

from __future__ import annotations

from summarizer.schemas.incident import Attribution, IncidentType, SourceKind, Stance

__all__ = ["MUC4_TYPE", "muc4_confidence"]

MUC4_TYPE: dict[IncidentType, str] = {
    IncidentType.armed_clash: "ATTACK",
    IncidentType.bombing: "BOMBING",
    IncidentType.shelling_or_strike: "ATTACK",
    IncidentType.attack_on_civilians: "ATTACK",
    IncidentType.assassination: "ATTACK",
    IncidentType.kidnapping: "KIDNAPPING",
    IncidentType.arson: "ARSON",
    IncidentType.robbery: "ROBBERY",
    IncidentType.forced_work_stoppage: "FORCED WORK STOPPAGE",
    IncidentType.other: "ATTACK",
}


def muc4_confidence(attributions: list[Attribution]) -> str | None:
    """MUC-4 PERP: ORGANIZATION CONFIDENCE for an organization's attributions (strongest wins)."""
    stances = {a.stance for a in attributions}
    if Stance.claimed in stances:
        return "CLAIMED OR ADMITTED"
    if Stance.acknowledged in stances:
        return "ACKNOWLEDGED"
    if Stance.stated in stances or not attributions:
        return "REPORTED AS FACT"
    authorities = {SourceKind.government, SourceKind.military, SourceKind.police}
    if any(a.stance in (Stance.suspected, Stance.alleged) and a.by_kind in authorities for a in attributions):
        return "SUSPECTED OR ACCUSED BY AUTHORITIES"
    if stances & {Stance.suspected, Stance.alleged}:
        return "SUSPECTED OR ACCUSED"
    if Stance.possible in stances:
        return "POSSIBLE"
    return None
