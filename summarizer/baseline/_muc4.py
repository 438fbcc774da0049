"""MUC-4 relevance by rules: which incidents the `muc4` task keeps (prompts/muc4/system.j2, 1-8).

A rules baseline cannot judge political aims, so it applies the checks the text makes visible:
rule 2 (one of nine countries, or their citizens or embassies), rule 3 (a clash with the army or
police that hits no civilian or civilian property is left out) and rule 7's history ("let us
recall ...", "years ago"). Rule 7's two-month window and rule 8's specificity were measured on
muc4-dev and left out: with the baseline's own dates and targets they dropped more relevant
incidents than irrelevant ones (CEAF-REE 0.373 and 0.377 alone, against 0.384 with neither).
"""

from __future__ import annotations

import re

from summarizer.schemas.incident import ActorKind, Incident, IncidentType

from ._text import Doc, Sentence, key, phrase_regex

__all__ = ["NINE", "relevant"]

NINE = frozenset({"El Salvador", "Guatemala", "Honduras", "Argentina", "Bolivia", "Chile", "Colombia", "Ecuador", "Peru"})
_NINE_WORDS = re.compile(phrase_regex([
    *NINE, "salvadoran*", "guatemalan*", "honduran*", "argentine*", "argentinian*", "bolivian*", "chilean*",
    "colombian*", "ecuador*", "peruvian*", "san salvador", "bogota", "lima", "la paz", "quito", "santiago",
    "tegucigalpa", "buenos aires", "medellin", "cali",
]))
_HISTORY = re.compile(r"(?<![\w-])(?:let\s+us\s+recall|it\s+will\s+be\s+recalled|it\s+should\s+be\s+recalled|"
                      r"we\s+recall|(?:\w+\s+)?years\s+ago|anniversary)(?![\w-])")
_VAGUE = frozenset({"people", "persons", "members", "others", "individuals", "victims", "bodies", "dead", "wounded"})
_MILITARY_THING = re.compile(r"(?<![\w-])(?:military|army|police|brigade|battalion|barracks|garrison|posts?|outposts?"
                             r"|bases?|helicopters?|gunships?|aircraft|planes?|tanks?|patrols?|troops?|convoys?|positions?)(?![\w-])")
_ARMED_SIDE = {ActorKind.state_force, ActorKind.non_state_armed_group}


def relevant(doc: Doc, inc: Incident, own: list[Sentence]) -> bool:
    """Whether MUC-4 records this incident, by the checks above."""
    return _in_nine(doc, inc, own) and not _military_only(inc) and not _history(doc, own)


def _in_nine(doc: Doc, inc: Incident, own: list[Sentence]) -> bool:
    if inc.location.country in NINE:
        return True
    # an attack on a citizen or embassy of one of the nine counts wherever it happens
    if any(_NINE_WORDS.search(doc.low, s.start, s.end) for s in own):
        return True
    if "nine_named" not in doc.memo:
        doc.memo["nine_named"] = _NINE_WORDS.search(doc.low) is not None
    return inc.location.country is None and bool(doc.memo["nine_named"])


def _military_only(inc: Incident) -> bool:
    """A clash between armed sides: its human targets are all combatants and nothing civilian was hit
    (with no one named as hit, a fight type, or the army and a rebel group both named as doing it)."""
    if any(not _MILITARY_THING.search(key(t.name)) for t in inc.physical_targets):
        return False
    # 'people', 'members', 'others' say nothing about who was hit: they neither make nor unmake a clash
    # (whatever kind they carry: 'people' counted as hit are civilians by R-ACT-4, yet name no one here)
    named = [h for h in inc.human_targets if key(h.name) not in _VAGUE]
    if named:
        return all(h.kind in _ARMED_SIDE for h in named)
    sides = {a.kind for a in inc.perpetrator_organizations + inc.perpetrator_individuals}
    both_sides = ActorKind.state_force in sides and ActorKind.non_state_armed_group in sides
    return both_sides or inc.type in (IncidentType.armed_clash, IncidentType.shelling_or_strike)


def _history(doc: Doc, own: list[Sentence]) -> bool:
    return all(_HISTORY.search(doc.low, s.start, s.end) for s in own)
