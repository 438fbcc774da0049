"""muc4_metrics: the harness entry point, with records, None, and GRIT/GTT-format predictions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from muc4_paths import DATASET, gold

from summarizer.errors import DatasetError
from summarizer.evals.muc4.formats import load_grit, load_gtt
from summarizer.evals.muc4.metrics import muc4_metrics
from summarizer.evals.muc4.roles import summary_templates
from summarizer.schemas.incident import IncidentSummary


def record(incidents: list[dict[str, Any]]) -> IncidentSummary:
    base = {"description": "x", "date": {"precision": "unknown"}, "location": {}}
    return IncidentSummary.model_validate(
        {
            "summary": "s",
            "incidents": [{"id": f"I{n}", **base, **i} for n, i in enumerate(incidents, 1)],
        }
    )


def actor(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "unknown", **extra}


# TST1-MUC3-0002 gold (hand-read): one ATTACK; PerpInd "members of the farabundo marti national liberation
# front"; PerpOrg FARABUNDO MARTI NATIONAL LIBERATION FRONT / FMLN; Target ELECTRIC POWER SUBSTATION;
# Victim none (only the description "SOLDIER"); Weapon none.
RIGHT = record(
    [
        {
            "type": "armed_clash",
            "perpetrator_individuals": [
                actor("MEMBERS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT")
            ],
            "perpetrator_organizations": [actor("FMLN", aliases=["FMLN GUERRILLAS"])],
            "physical_targets": [{"name": "electric power substation"}],
            "human_targets": [actor("SOLDIER", kind="state_force")],
        }
    ]
)


def test_a_right_record_scores_one() -> None:
    m = muc4_metrics([(gold("TST1-MUC3-0002"), RIGHT)])
    # aliases are not mentions and the unnamed SOLDIER is not a Victim: 3 of 3 entities; GTT adds the type
    assert (m["ceaf_ree.micro.precision"], m["ceaf_ree.micro.recall"], m["ceaf_ree.micro.f1"]) == (1.0, 1.0, 1.0)
    assert (m["gtt.micro.precision"], m["gtt.micro.recall"], m["gtt.micro.f1"]) == (1.0, 1.0, 1.0)
    assert m["gtt_unscored_documents"] == 0


def test_none_predicts_nothing() -> None:
    m = muc4_metrics([(gold("TST1-MUC3-0002"), None)])
    assert m["ceaf_ree.micro.recall"] == 0.0 and m["gtt.micro.recall"] == 0.0 and m["ceaf_ree.micro.precision"] == 0.0


def test_an_incident_on_an_irrelevant_text_costs_precision_only() -> None:
    m = muc4_metrics([(gold("TST1-MUC3-0002"), RIGHT), (gold("TST1-MUC3-0003"), RIGHT)])
    assert m["ceaf_ree.micro.recall"] == 1.0 and m["ceaf_ree.micro.precision"] == 0.5
    assert m["gtt.micro.precision"] == 0.5  # 4 of 8 fillers (type + 3 entities, twice)


def test_a_named_human_target_is_a_victim_and_a_wrong_type_voids_the_template() -> None:
    pred = record(
        [{"type": "kidnapping", "human_targets": [actor("CEREZO", description="PRESIDENT")]}]
    )
    t = summary_templates(pred)
    assert t == [
        {
            "incident_type": "kidnapping",
            "PerpInd": [],
            "PerpOrg": [],
            "Target": [],
            "Victim": [[("CEREZO", -1)]],
            "Weapon": [],
        }
    ]
    m = muc4_metrics([(gold("TST1-MUC3-0001"), pred)])
    # GRIT gold of TST1-MUC3-0001 holds 7 entities (1 PerpInd, 1 PerpOrg, 4 Target, 1 Victim)
    assert m["ceaf_ree.micro.precision"] == 1.0 and m["ceaf_ree.micro.recall"] == pytest.approx(1 / 7)
    assert m["gtt.micro.precision"] == 0.0  # no gold kidnapping to pair with


def test_literature_format_predictions_score_the_shipped_gold_perfectly() -> None:
    grit = load_grit(DATASET / "literature" / "grit-dev.jsonl")
    gtt = load_gtt(DATASET / "literature" / "gtt-dev.jsonl")
    golds = [gold(d) for d in grit]
    as_grit = muc4_metrics([(g, {"extracts": grit[g["$source"]["message_id"]]}) for g in golds])
    assert (
        as_grit["ceaf_ree.micro.f1"] == 1.0
        and "gtt.micro.f1" not in as_grit
        and as_grit["gtt_unscored_documents"] == 200
    )
    as_gtt = muc4_metrics([(g, {"templates": gtt[g["$source"]["message_id"]]}) for g in golds])
    assert as_gtt["ceaf_ree.micro.f1"] == 1.0 and as_gtt["gtt.micro.recall"] == 1.0
    # GTT's dev file repeats some templates (merged on the gold side): 731 gold fillers, 760 predicted
    assert as_gtt["gtt.micro.precision"] == pytest.approx(731 / 760)


def test_gold_in_literature_formats_is_read() -> None:
    g = {"templates": [{"incident_type": "attack", "PerpOrg": [[["fmln", 3]]]}]}
    m = muc4_metrics([(g, {"templates": [{"incident_type": "attack", "PerpOrg": [["FMLN"]]}]})])
    assert m["gtt.micro.f1"] == 1.0 and m["ceaf_ree.micro.f1"] == 1.0
    m2 = muc4_metrics(
        [({"extracts": {"Weapon": [["bomb"]]}}, {"extracts": {"Weapon": [["bomb"], ["gun"]]}})]
    )
    assert m2["ceaf_ree.micro.precision"] == 0.5


def test_gold_without_role_fillers_is_refused() -> None:
    with pytest.raises(DatasetError, match=r"\$source.grit"):
        muc4_metrics([({"incidents": []}, None)])


def test_a_malformed_prediction_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown roles"):
        muc4_metrics([(gold("TST1-MUC3-0002"), {"extracts": {"Perpetrator": []}})])


def test_role_prediction_files_in_both_formats(tmp_path: Path) -> None:
    from summarizer.evals.muc4.formats import load_role_predictions

    f = tmp_path / "preds.json"
    f.write_text(
        '{"tst1-muc3-0002": {"pred_extracts": {"PerpOrg": [["fmln"]]}}, '
        '"TST1-MUC3-0003": {"pred_templates": [{"incident_type": "attack", "Target": [["bus"]]}]}}'
    )
    preds = load_role_predictions(f)
    assert preds["TST1-MUC3-0002"] == {
        "extracts": {
            "PerpInd": [],
            "PerpOrg": [[("fmln", -1)]],
            "Target": [],
            "Victim": [],
            "Weapon": [],
        }
    }
    m = muc4_metrics([(gold(d), preds[d]) for d in ("TST1-MUC3-0002", "TST1-MUC3-0003")])
    # CEAF-REE: fmln right (1 of 2 predicted: the bus on an irrelevant text is spurious), 3 gold entities
    assert m["ceaf_ree.micro.precision"] == 0.5 and m["ceaf_ree.micro.recall"] == pytest.approx(1 / 3)
    assert m["gtt_unscored_documents"] == 1 and m["gtt.micro.precision"] == 0.0


def test_another_model_class_is_refused_with_its_name() -> None:
    from pydantic import BaseModel

    class Other(BaseModel):
        x: int = 1

    with pytest.raises(DatasetError, match="a Other is not an IncidentSummary"):
        muc4_metrics([(gold("TST1-MUC3-0002"), Other())])
