"""A three-article results file with a known event answer, for the event export and viewer tests.

Two articles report one ambush at Boni (a wire saying "at least 12" the day of, the army saying
14 and the armed group 30 the next day); the third reports another attack the same day in
Douentza, another place of the same region. Conservative linking joins the first two only.
Lines are written by the batch's own ResultsFile, so the file is what a batch writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from summarizer.article import ArticleMeta
from summarizer.batch.output import ResultsFile
from summarizer.result import ResultMeta, SummaryResult
from summarizer.schemas.incident import IncidentSummary

__all__ = ["ONE_ATTACK", "write_event_results"]

ONE_ATTACK = ("wire-0302", "army-0303")
"""The articles of the one attack reported twice; "douentza-0302" is the attack elsewhere."""


def _figure(value: int, claimant: str, kind: str, *, qualifier: str = "exact", on: str | None = None) -> dict[str, Any]:
    return {"party": "soldiers", "party_kind": "state_force", "outcome": "killed", "outcome_word": "killed",
            "count": {"value": value, "qualifier": qualifier, "text": str(value)},
            "claimant": {"name": claimant, "kind": kind, "evidence": []},
            "reported_on": on, "incident_ids": ["I1"], "evidence": []}  # fmt: skip


def _record(place: str, figures: list[dict[str, Any]]) -> IncidentSummary:
    return IncidentSummary.model_validate(
        {"summary": f"An attack at {place}.",
         "incidents": [{"id": "I1", "type": "armed_clash", "description": f"An attack on the army post at {place}.",
                        "date": {"start": "2026-03-02", "precision": "day", "evidence": []},
                        "location": {"country": "Mali", "regions": ["Mopti"], "places": [place], "evidence": []},
                        "perpetrator_organizations": [{"name": "JNIM", "kind": "non_state_armed_group", "evidence": []}],
                        "evidence": []}],
         "casualty_figures": figures,
         "sources": [{"name": f["claimant"]["name"], "kind": f["claimant"]["kind"], "evidence": []} for f in figures]}
    )  # fmt: skip


ARTICLES = (
    ("wire-0302", "Boni post attacked <b>at dawn</b>", "AFP", "2026-03-02",
     _record("Boni", [_figure(12, "AFP", "outlet", qualifier="at_least")])),
    ("douentza-0302", "Douentza: officials count three dead", "RFI", "2026-03-02",
     _record("Douentza", [_figure(3, "local officials", "government")])),
    ("army-0303", "Army: 14 soldiers died at Boni", "Reuters", "2026-03-03",
     _record("Boni", [_figure(14, "Malian army", "military", on="2026-03-03"), _figure(30, "JNIM", "armed_group")])),
)  # fmt: skip
"""(id, title, outlet, published, record); the attack elsewhere sits between the two reports of one attack."""


def write_event_results(path: Path) -> Path:
    """Write the three articles (and one failed article) as a batch results file; return `path`."""
    meta = ResultMeta(task="incident", provider="synthetic", model="synthetic-model", prompt_version="1",
                      prompt_hash="0" * 16, schema_name="IncidentSummary", schema_hash="0" * 16)  # fmt: skip
    out = ResultsFile.open(path, overwrite=True)
    try:
        for ident, title, outlet, published, record in ARTICLES:
            article = ArticleMeta(id=ident, title=title, outlet=outlet, published=dt.date.fromisoformat(published))
            result = SummaryResult[IncidentSummary](record=record, article=article, meta=meta)
            out.write({"id": ident, "ok": True}, {"result": result.model_dump_json()})
        out.write({"id": "broken", "ok": False, "error": {"type": "OutputInvalidError", "message": "never validated"}})
    finally:
        out.close()
    return path
