"""The role-filler view of MUC-4 used in the literature (GRIT, GTT), built from raw keys or from records.

Gold from raw keys reproduces the processed files of GRIT (EACL 2021) and GTT (NAACL 2021)
exactly (tests/muc4/test_literature_files.py diffs all 200 dev texts); see evals/MUC4.md:
- doctext: the body after the dateline and leading bracketed headers, "\\n\\n" -> "\\n",
  "\\n" -> " ", lower-cased, "[" ")" -> "(" ")".
- roles: PerpInd = slot 9, PerpOrg = 10, Target = 12, Victim = 18 (HUM TGT: NAME only),
  Weapon = 6; one entity per filler, its "/" alternatives as mentions, optional ("?") fillers and
  optional templates included.
- a mention is kept only if found (lower-cased) in doctext, at its first occurrence; an entity
  with no mention found is dropped; mentions and entities are ordered by offset (stable).
- GTT: one template per key template, `incident_type` the lower-cased raw TYPE slot.
- GRIT: per role, entities of all templates in template order, a new entity dropped when its
  lower-cased alternatives (as written, before the lookup in doctext) are a subset or superset of
  those of one already kept.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.evals.muc4.incident_map import MUC4_TYPE
from summarizer.evals.muc4.keys import KeyTemplate
from summarizer.schemas.incident import Actor, IncidentSummary

__all__ = [
    "ROLES",
    "ROLE_SLOTS",
    "Entity",
    "Mention",
    "RoleFillers",
    "Template",
    "grit_doctext",
    "grit_entities",
    "grit_extracts",
    "gtt_templates",
    "key_entities",
    "summary_templates",
    "templates_extracts",
]

ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
ROLE_SLOTS: dict[str, int] = {"PerpInd": 9, "PerpOrg": 10, "Target": 12, "Victim": 18, "Weapon": 6}

Mention = tuple[str, int]
"""A mention string and its character offset in doctext (-1 when not located)."""
Entity = list[Mention]
RoleFillers = dict[str, list[Entity]]
Template = dict[str, Any]
"""GTT format: {"incident_type": str, "PerpInd": [Entity, ...], ...}."""


def grit_doctext(message_text: str) -> str:
    """The text as GRIT and GTT give it: no dateline or leading [HEADER]s, one line, lower case."""
    _, sep, rest = message_text.partition("--")
    body = (rest if sep else message_text).lstrip()
    while (m := re.match(r"\[[^\]]*\]\s*", body)) is not None:
        body = body[m.end() :]
    body = body.strip().replace("\n\n", "\n").replace("\n", " ")
    return body.lower().replace("[", "(").replace("]", ")")


def _entity(alternatives: tuple[str, ...], doctext: str) -> Entity:
    mentions: Entity = []
    for alt in alternatives:
        mention = alt.lower()
        at = doctext.find(mention)
        if at >= 0 and (mention, at) not in mentions:
            mentions.append((mention, at))
    return sorted(mentions, key=lambda m: m[1])


def key_entities(template: KeyTemplate, role: str, doctext: str) -> list[Entity]:
    """The role's entities of one key template, each filler an entity of its located alternatives."""
    entities = [_entity(f.values, doctext) for f in template.fillers(ROLE_SLOTS[role])]
    return sorted((e for e in entities if e), key=lambda e: e[0][1])


def gtt_templates(templates: list[KeyTemplate], doctext: str) -> list[Template]:
    """GTT's gold templates for one message (none for an irrelevant message)."""
    out: list[Template] = []
    for t in templates:
        if t.irrelevant:
            continue
        types = t.fillers(4)
        out.append(
            {
                "incident_type": types[0].raw.lower() if types else "",
                **{role: key_entities(t, role, doctext) for role in ROLES},
            }
        )
    return out


def grit_entities(fillers: list[tuple[str, ...]], doctext: str) -> list[Entity]:
    """One role's GRIT gold from its fillers' alternatives (all templates, in order).

    As GRIT's preprocessing does, a filler is dropped when its lower-cased alternatives, as
    written in the key and before any is looked up in the text, are a subset or superset of those
    of a filler already kept; only then are mentions looked up, and a kept filler with none in
    the text is dropped (it has still blocked its subsets and supersets).
    """
    kept: list[list[str]] = []
    for values in fillers:
        names = [v.lower() for v in values]
        if not any(_within(names, k) or _within(k, names) for k in kept):
            kept.append(names)
    entities = [_entity(tuple(names), doctext) for names in kept]
    return sorted((e for e in entities if e), key=lambda e: e[0][1])


def _within(a: list[str], b: list[str]) -> bool:
    return all(m in b for m in a)


def grit_extracts(templates: list[KeyTemplate], doctext: str) -> RoleFillers:
    """GRIT's document-level gold: per role, `grit_entities` of the fillers of every relevant template."""
    relevant = [t for t in templates if not t.irrelevant]
    return {
        role: grit_entities([f.values for t in relevant for f in t.fillers(ROLE_SLOTS[role])], doctext)
        for role in ROLES
    }


def templates_extracts(templates: list[Template]) -> RoleFillers:
    """A document-level view of templates (predictions in GTT format): every entity of every template."""
    return {role: [list(e) for t in templates for e in t.get(role, [])] for role in ROLES}


def _actor_entity(actor: Actor) -> Entity:
    # Only the name: published systems predict one mention per entity, and under strict
    # similarity one alias outside the gold cluster would void an otherwise right entity.
    return [(actor.name, -1)] if actor.name.strip() else []


def summary_templates(summary: IncidentSummary, *, victims: str = "named") -> list[Template]:
    """A record as GTT-style templates: one per incident, each actor, target or weapon one entity of one mention (its name).

    `victims="named"` keeps only human targets with a `description` (the schema's mark of a named
    person), as GRIT's Victim role holds HUM TGT: NAME only; `victims="all"` keeps every one.
    """
    if victims not in ("named", "all"):
        raise ValueError(f"victims must be 'named' or 'all', got {victims!r}")
    out: list[Template] = []
    for inc in summary.incidents:
        humans = [a for a in inc.human_targets if victims == "all" or a.description is not None]
        out.append(
            {
                "incident_type": MUC4_TYPE[inc.type].lower(),
                "PerpInd": [_actor_entity(a) for a in inc.perpetrator_individuals],
                "PerpOrg": [_actor_entity(a) for a in inc.perpetrator_organizations],
                "Target": [[(t.name, -1)] for t in inc.physical_targets if t.name.strip()],
                "Victim": [_actor_entity(a) for a in humans],
                "Weapon": [[(w.name, -1)] for w in inc.weapons if w.name.strip()],
            }
        )
    for t in out:
        for role in ROLES:
            t[role] = [e for e in t[role] if e]
    return out
