"""The baseline's data tables (summarizer/baseline/data/*.toml), loaded once and compiled to regexes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from summarizer.errors import ConfigError
from summarizer.schemas.incident import ActorKind, IncidentType, Outcome, SourceKind

from ._text import key, phrase_regex

__all__ = ["Group", "Lexicon", "lexicon"]


def _load(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("summarizer.baseline").joinpath("data").joinpath(name).read_text("utf-8")
        return tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not a user error
        raise ConfigError(f"rules baseline data file data/{name} is missing or invalid: {exc}") from exc


def _alt(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(phrase_regex(phrases))


@dataclass(frozen=True)
class Group:
    """An armed group or force of the table, with every name it goes by."""

    name: str
    aliases: tuple[str, ...]
    kind: ActorKind
    affiliation: str | None
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists; every regex runs on the folded (lower-case) text."""

    groups: tuple[Group, ...]
    group_names: dict[str, Group]  # folded name or alias -> group
    group_re: re.Pattern[str]
    group_cs_re: re.Pattern[str] | None  # case-sensitive aliases, for mixed-case text only
    strong: dict[IncidentType, re.Pattern[str]]
    weak: dict[IncidentType, re.Pattern[str]]
    ordinal_event_re: re.Pattern[str]
    skip_prefixes: tuple[str, ...]
    outcome_words: dict[str, Outcome]
    outcome_re: re.Pattern[str]
    party_kinds: dict[str, ActorKind]
    party_head_re: re.Pattern[str]
    source_kinds: dict[str, SourceKind]
    source_re: re.Pattern[str]
    say_verb_re: re.Pattern[str]
    by_phrase_re: re.Pattern[str]
    anonymity_re: re.Pattern[str]
    statement_re: re.Pattern[str]
    perp: dict[str, re.Pattern[str]]
    individual_heads: frozenset[str]
    individual_re: re.Pattern[str]
    title_re: re.Pattern[str]
    target_re: re.Pattern[str]
    weapons: dict[str, str]
    weapon_re: re.Pattern[str]


def _words_kinds(table: dict[str, list[str]], enum: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, words in table.items():
        for w in words:
            out.setdefault(key(w), enum(kind))
    return out


@cache
def lexicon() -> Lexicon:
    """Load and compile every table (cached: the tables are read once per process)."""
    lex = _load("lexicon.toml")
    groups: list[Group] = []
    names: dict[str, Group] = {}
    cs_aliases: list[str] = []
    for g in _load("armed_groups.toml")["group"]:
        group = Group(
            name=g["name"],
            aliases=tuple(g.get("aliases", [])),
            kind=ActorKind(g["kind"]),
            affiliation=g.get("affiliation"),
            countries=tuple(g.get("countries", [])),
        )
        groups.append(group)
        for n in (group.name, *group.aliases):
            names.setdefault(key(n), group)
        for n in g.get("case_sensitive_aliases", []):
            cs_aliases.append(n)
            names.setdefault(key(n), group)
    outcome_words = _words_kinds(lex["outcomes"], Outcome)
    party_kinds = _words_kinds(lex["parties"], ActorKind)
    source_kinds = _words_kinds(lex["sources"], SourceKind)
    segs = lex["segments"]
    ordinal_event = (
        r"(?<![\w-])(?:" + "|".join(map(re.escape, segs["ordinals"])) + r")\s+(?:[\w-]+\s+)?(?:"
        + "|".join(map(re.escape, segs["event_nouns"])) + r")s?\b"
    )
    return Lexicon(
        groups=tuple(groups),
        group_names=names,
        group_re=_alt([k for k in names if k not in {key(a) for a in cs_aliases}]),
        group_cs_re=re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, cs_aliases)) + r")(?![\w-])")
        if cs_aliases
        else None,
        strong={IncidentType(k): _alt(v) for k, v in lex["triggers"]["strong"].items()},
        weak={IncidentType(k): _alt(v) for k, v in lex["triggers"]["weak"].items()},
        ordinal_event_re=re.compile(ordinal_event),
        skip_prefixes=tuple(lex["skip"]["line_prefixes"]),
        outcome_words=outcome_words,
        outcome_re=_alt(list(outcome_words)),
        party_kinds=party_kinds,
        party_head_re=_alt(list(party_kinds)),
        source_kinds=source_kinds,
        source_re=_alt(list(source_kinds)),
        say_verb_re=_alt(lex["attribution"]["verbs"]),
        by_phrase_re=_alt(lex["attribution"]["by_phrases"]),
        anonymity_re=_alt(lex["attribution"]["anonymity"]),
        statement_re=_alt(lex["attribution"]["statement_nouns"]),
        perp={k: _alt(v) for k, v in lex["perpetrators"].items() if k != "individual_heads"},
        individual_heads=frozenset(key(w) for w in lex["perpetrators"]["individual_heads"]),
        individual_re=_alt(lex["perpetrators"]["individual_heads"]),
        title_re=_alt(lex["titles"]["words"]),
        target_re=_alt(lex["targets"]["heads"]),
        weapons={key(k): v for k, v in lex["weapons"].items()},
        weapon_re=_alt(list(lex["weapons"])),
    )
