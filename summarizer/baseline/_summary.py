"""The record's prose: one sentence per incident and a 2-4 sentence summary, built only from extracted fields."""

from __future__ import annotations

from summarizer.schemas.incident import (
    CasualtyFigure,
    CountQualifier,
    Incident,
    IncidentType,
    ResponsibilityClaim,
    SourceKind,
    Stage,
)

__all__ = ["describe", "summarize"]

_TYPE_WORDS = {
    IncidentType.armed_clash: "an armed clash",
    IncidentType.bombing: "a bombing",
    IncidentType.shelling_or_strike: "a strike or shelling",
    IncidentType.attack_on_civilians: "an attack on civilians",
    IncidentType.assassination: "a killing",
    IncidentType.kidnapping: "a kidnapping",
    IncidentType.arson: "an arson attack",
    IncidentType.robbery: "a robbery",
    IncidentType.forced_work_stoppage: "a forced work stoppage",
    IncidentType.other: "a violent incident",
}
_STAGE_WORDS = {Stage.attempted: "attempted ", Stage.threatened: "threatened ", Stage.accomplished: ""}


def _where(inc: Incident) -> str:
    loc = inc.location
    bits = (loc.places[:2] or loc.regions[:1])
    where = ", ".join(bits)
    if loc.country:
        where = f"{where}, {loc.country}" if where else loc.country
    return f" in {where}" if where else ""


def _when(inc: Incident) -> str:
    if inc.date.start is None:
        return ""
    if inc.date.precision.value == "month":
        return f" in {inc.date.start:%B %Y}"
    if inc.date.precision.value == "year":
        return f" in {inc.date.start.year}"
    return f" on {inc.date.start.isoformat()}" + (" (year inferred)" if inc.date.year_inferred else "")


def describe(inc: Incident) -> str:
    """'An armed clash in Macina, Mali on 2023-01-10, claimed by JNIM.'"""
    what = _TYPE_WORDS[inc.type]
    if inc.stage is not Stage.accomplished:
        what = ("an " if inc.stage is Stage.attempted else "a ") + _STAGE_WORDS[inc.stage] + what.split(" ", 1)[1]
    sentence = what[0].upper() + what[1:] + _where(inc) + _when(inc)
    claimers = [a.name for a in inc.perpetrator_organizations if any(t.stance.value == "claimed" for t in a.attributions)]
    others = [a.name for a in inc.perpetrator_organizations if a.name not in claimers]
    if claimers:
        sentence += ", claimed by " + " and ".join(claimers)
    elif others:
        sentence += ", attributed to " + " and ".join(others[:2])
    return sentence + "."


def _amount(f: CasualtyFigure) -> str:
    c = f.count
    if c.qualifier is CountQualifier.range and c.value is not None and c.high is not None:
        return f"{c.value} to {c.high}"
    if c.value is None:
        text = str(c.text).strip()
        return text if text.isupper() else text.lower()
    prefix = {CountQualifier.at_least: "at least ", CountQualifier.about: "about ", CountQualifier.at_most: "up to "}
    return prefix.get(c.qualifier, "") + str(c.value)


_OUTCOME_WORDS = {"killed": "killed", "wounded": "wounded", "missing": "missing", "kidnapped_or_captured": "kidnapped or captured"}


def _figure_phrase(f: CasualtyFigure) -> str:
    word = _OUTCOME_WORDS.get(f.outcome.value, f.outcome_word.lower())
    if f.party == "people" and word in ("casualties", "victims", "deaths", "fatalities"):
        return f"{_amount(f)} {word}"  # '3 casualties', not '3 people casualties'
    return f"{_amount(f)} {f.party} {word}"


def summarize(incidents: list[Incident], figures: list[CasualtyFigure], claims: list[ResponsibilityClaim]) -> str:
    """2-4 neutral sentences; says it comes from the rules baseline and that a model does better."""
    if not incidents:
        return ("Rules baseline (no model): no violent incident was found by its keyword rules in this article. "
                "Configure a model profile for a full reading.")
    n = len(incidents)
    lead = f"Rules baseline (no model): the article reports {n} incident{'s' if n > 1 else ''}"
    first = incidents[0]
    sentences = [lead + ": " + first.description[0].lower() + first.description[1:]]
    if n > 1:
        sentences[0] = sentences[0].rstrip(".") + f", and {n - 1} more."
    by_claimant: dict[str, list[CasualtyFigure]] = {}
    for f in figures:
        by_claimant.setdefault(f.claimant.name, []).append(f)
    for name, figs in list(by_claimant.items())[:2]:
        named = name if name[:1].isupper() or name.lower().startswith("the ") else "the " + name
        who = "The article" if figs[0].claimant.kind is SourceKind.outlet else ("According to " + named + ",")
        phrase = ", ".join(_figure_phrase(f) for f in figs[:3])
        sentences.append(f"{who} {phrase}." if who.endswith(",") else f"{who} reports {phrase}.")
    if claims and len(sentences) < 4:
        claim = claims[0].claim
        sentences.append(claim[0].upper() + claim[1:])
    return " ".join(sentences[:4])
