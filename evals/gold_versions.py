"""Gold files carry the schema version they were labeled in; older gold is brought forward.

A gold file states `"$schema_version": N` at its root (the schema's `schema_version`, 1 when the
schema has none). A file without it is version 1: the format of every gold written before the
marker existed (commit b317dcf). Each step N -> N+1 is a function registered here; it only adds
what the newer schema makes acceptable, so a first alternative (what `eval agree` compares) never
changes behind the labeler's back. `summarizer label migrate` writes the upgraded files.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from summarizer.errors import DatasetError
from summarizer.evals.scoring.markers import ANY

__all__ = ["GOLD_VERSION", "GoldUpgradeNotice", "gold_version", "schema_version", "upgrade_gold"]

GOLD_VERSION = "$schema_version"

Step = Callable[[dict[str, Any]], None]


class GoldUpgradeNotice(UserWarning):
    """Gold in an older schema version was upgraded in memory; `summarizer label migrate` writes it."""

    cli_note = True  # the CLI prints it as one "note:" line (summarizer/cli/_app.py)


def schema_version(schema: type[BaseModel]) -> int:
    version = getattr(schema, "schema_version", 1)
    return version if isinstance(version, int) else 1


def gold_version(data: dict[str, Any], *, where: str) -> int:
    version = data.get(GOLD_VERSION, 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DatasetError(f"{where}: {GOLD_VERSION} must be a positive integer, got {version!r}")
    return version


def _accept_also(value: Any, extra: str, *, when: str) -> Any:
    """`value` (a plain value or an `$any`) with `extra` appended as an alternative, if it accepts `when`."""
    alternatives = value[ANY] if isinstance(value, dict) and ANY in value else [value]
    if when not in alternatives or extra in alternatives:
        return value
    upgraded = {ANY: [*alternatives, extra]}
    if isinstance(value, dict):
        upgraded.update({k: v for k, v in value.items() if k != ANY})
    return upgraded


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _incident_1_to_2(gold: dict[str, Any]) -> None:
    """Schema 2 adds ActorKind.individual (R-ACT-4): a lone perpetrator that version 1 could only
    label `unknown` now also matches `individual`. New SourceKind values and IncidentDate.partial
    need no change: version 1 gold simply never used them."""
    for incident in _items(gold.get("incidents")):
        for actor in _items(incident.get("perpetrator_individuals")):
            if "kind" in actor:
                actor["kind"] = _accept_also(actor["kind"], "individual", when="unknown")


def _content(gold: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in gold.items() if k != GOLD_VERSION}


STEPS: dict[tuple[str, int], Step] = {
    ("IncidentSummary", 1): _incident_1_to_2,
}


def upgrade_gold(data: dict[str, Any], schema: type[BaseModel], *, where: str) -> tuple[dict[str, Any], int]:
    """(gold at the schema's current version, the version it was written in). Warns GoldUpgradeNotice
    when the upgrade changed anything (old gold that is already valid is returned as it is); raises DatasetError for gold newer than the schema or with no path forward."""
    found, current = gold_version(data, where=where), schema_version(schema)
    if found == current:
        return data, found
    if found > current:
        raise DatasetError(
            f"{where}: gold is {schema.__name__} version {found}, newer than this install's version {current}; "
            "upgrade incident-summarizer"
        )
    upgraded = copy.deepcopy(data)
    for version in range(found, current):
        step = STEPS.get((schema.__name__, version))
        if step is None:
            raise DatasetError(f"{where}: no upgrade from {schema.__name__} gold version {version} to {version + 1}")
        step(upgraded)
    if _content(upgraded) == _content(data):
        return data, found  # valid as it stands: nothing to bring forward, nothing to announce
    upgraded = {GOLD_VERSION: current, **{k: v for k, v in upgraded.items() if k != GOLD_VERSION}}
    warnings.warn(
        GoldUpgradeNotice(
            f"gold in {schema.__name__} version {found} was upgraded to version {current} on load; "
            "run `summarizer label migrate DATASET` to write the files"
        ),
        stacklevel=3,
    )
    return upgraded, found
