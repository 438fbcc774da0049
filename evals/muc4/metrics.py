"""The harness entry point: CEAF-REE and GTT template F1 over (gold, prediction) pairs.

The manifest of a MUC-4 dataset names `summarizer.evals.muc4.metrics:muc4_metrics`. Gold is a gold
file's content: its "$source" carries the GRIT extracts and GTT templates the importer built
(or the gold is itself a GRIT document {"extracts": ...} or a GTT document {"templates": ...}).
A prediction is an IncidentSummary, None (nothing predicted: the case failed or has no
prediction, counted in `failed_documents`), or a GRIT/GTT document of a published system's output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import DatasetError
from summarizer.evals.muc4.ceaf_ree import ceaf_ree, normalize
from summarizer.evals.muc4.counts import Counts
from summarizer.evals.muc4.formats import parse_extracts, parse_templates
from summarizer.evals.muc4.gtt import gtt_f1
from summarizer.evals.muc4.roles import (
    ROLES,
    Entity,
    RoleFillers,
    Template,
    summary_templates,
    templates_extracts,
)
from summarizer.schemas.incident import IncidentSummary

__all__ = ["document_extracts", "gold_views", "muc4_metrics", "prediction_views"]

Prediction = BaseModel | Mapping[str, Any] | None


def document_extracts(templates: Sequence[Template]) -> RoleFillers:
    """Templates pooled per role as GRIT pools gold: an entity whose mention set is a subset or superset of one kept is dropped."""
    out: RoleFillers = {}
    for role, entities in templates_extracts(list(templates)).items():
        kept: list[Entity] = []
        sets: list[frozenset[str]] = []
        for e in entities:
            names = frozenset(normalize(m) for m, _ in e)
            if any(names <= s or names >= s for s in sets):
                continue
            kept.append(e)
            sets.append(names)
        out[role] = kept
    return out


def gold_views(
    gold: Mapping[str, Any], *, where: str = "gold"
) -> tuple[RoleFillers, list[Template] | None]:
    """(GRIT extracts, GTT templates or None) of a gold file, a GRIT document or a GTT document."""
    source = gold.get("$source")
    if isinstance(source, Mapping) and "grit" in source:
        templates = (
            parse_templates(source["gtt"], f"{where}.$source.gtt") if "gtt" in source else None
        )
        return parse_extracts(source["grit"], f"{where}.$source.grit"), templates
    if "extracts" in gold or "gold_extracts" in gold:
        data = gold.get("extracts", gold.get("gold_extracts"))
        return parse_extracts(data, f"{where}.extracts"), None
    if "templates" in gold or "gold_templates" in gold:
        templates = parse_templates(
            gold.get("templates", gold.get("gold_templates")), f"{where}.templates"
        )
        return document_extracts(templates), templates
    raise DatasetError(
        f"{where}: no MUC-4 role-filler gold: expected '$source.grit' (from `summarizer eval import muc4`), "
        "'extracts' (GRIT) or 'templates' (GTT)"
    )


def prediction_views(
    prediction: Prediction, *, where: str = "prediction"
) -> tuple[RoleFillers, list[Template] | None]:
    """(GRIT extracts, GTT templates or None) of a prediction."""
    if prediction is None:
        return {role: [] for role in ROLES}, []
    if isinstance(prediction, BaseModel) and not isinstance(prediction, IncidentSummary):
        try:  # the same schema under another import identity, or a subclass's instance
            prediction = IncidentSummary.model_validate(prediction.model_dump())
        except ValidationError:
            raise DatasetError(
                f"{where}: a {type(prediction).__name__} is not an IncidentSummary; the MUC-4 metrics need one"
            ) from None
    if isinstance(prediction, IncidentSummary):
        templates = summary_templates(prediction)
        return document_extracts(templates), templates
    if not isinstance(prediction, Mapping):
        raise DatasetError(
            f"{where}: expected an IncidentSummary, None, or a GRIT/GTT document, got {type(prediction).__name__}"
        )
    for key in ("templates", "pred_templates"):
        if key in prediction:
            templates = parse_templates(prediction[key], f"{where}.{key}")
            return document_extracts(templates), templates
    for key in ("extracts", "pred_extracts"):
        if key in prediction:
            return parse_extracts(prediction[key], f"{where}.{key}"), None
    raise DatasetError(
        f"{where}: expected an IncidentSummary, or GRIT 'extracts' / GTT 'templates'"
    )


def _flat(metric: str, counts: Mapping[str, Counts]) -> dict[str, float]:
    return {
        f"{metric}.{key}.{stat}": float(value)
        for key, c in counts.items()
        for stat, value in c.as_dict().items()
    }


def muc4_metrics(pairs: Sequence[tuple[Mapping[str, Any], Prediction]]) -> dict[str, float]:
    """CEAF-REE and GTT template F1, as GRIT's and GTT's scripts give them, with their counts.

    Keys are `METRIC.KEY.STAT`: METRIC `ceaf_ree` (KEY a role or `micro`) or `gtt` (KEY
    `incident_type`, a role or `micro`), STAT precision, recall, f1 (fractions in [0, 1], full
    precision) or p_num, p_den, r_num, r_den. `documents` counts the pairs, `failed_documents`
    those with no prediction (a failed or missing case: scored as predicting nothing). GTT needs
    templates on both sides: documents where either side has none (GRIT-format input) are counted
    in `gtt_unscored_documents`, and the `gtt.*` keys are left out if no document could be scored.
    """
    ceaf_pairs = []
    gtt_pairs = []
    unscored = 0
    for n, (gold, prediction) in enumerate(pairs):
        g_extracts, g_templates = gold_views(gold, where=f"pair {n} gold")
        p_extracts, p_templates = prediction_views(prediction, where=f"pair {n} prediction")
        ceaf_pairs.append((g_extracts, p_extracts))
        if g_templates is None or p_templates is None:
            unscored += 1
        else:
            gtt_pairs.append((g_templates, p_templates))
    out = {
        "documents": float(len(pairs)),
        "failed_documents": float(sum(p is None for _, p in pairs)),
        **_flat("ceaf_ree", ceaf_ree(ceaf_pairs)),
    }
    if gtt_pairs:
        out.update(_flat("gtt", gtt_f1(gtt_pairs)))
    out["gtt_unscored_documents"] = float(unscored)
    return out
