"""A synthetic batch results file with known answers, for export and viewer tests and benches.

Every article is a variant of one real record (its incidents re-dated, moved and retyped; some
of its figures kept) with a known truth: failed, ungrounded, no incident, claimants disagree.
The lines are written by the batch's own ResultsFile, so the file is what a batch writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from summarizer.article import ArticleMeta
from summarizer.batch.output import ResultsFile
from summarizer.grounding import evidence_quotes, ground
from summarizer.result import GroundingStatus, QuoteGrounding, ResultMeta, SummaryResult
from summarizer.schemas.incident import IncidentSummary, IncidentType

__all__ = ["ArticleTruth", "write_synthetic_results"]

COUNTRIES = ("Mali", "Burkina Faso", "Niger", "Nigeria")
TYPES = (IncidentType.armed_clash, IncidentType.bombing, IncidentType.attack_on_civilians, IncidentType.kidnapping)
MISSING_QUOTE = "a sentence this article never printed"


@dataclass(frozen=True)
class ArticleTruth:
    id: str
    failed: bool
    ungrounded: bool
    no_incident: bool
    disagree: bool
    country: str | None
    type: str | None
    date: str | None
    incidents: int
    figures: int


def _meta() -> ResultMeta:
    return ResultMeta(task="incident", provider="synthetic", model="synthetic-model", prompt_version="1",
                      prompt_hash="0" * 16, schema_name="IncidentSummary", schema_hash="0" * 16)  # fmt: skip


def _variant(base: IncidentSummary, i: int) -> tuple[IncidentSummary, bool]:
    data = base.model_dump(mode="json")
    if i % 17 == 3:
        data |= {"incidents": [], "casualty_figures": [], "claims_of_responsibility": []}
        return IncidentSummary.model_validate(data), False
    day = (dt.date(2023, 1, 1) + dt.timedelta(days=i % 300)).isoformat()
    for inc in data["incidents"]:
        inc["type"] = TYPES[(i // 4) % len(TYPES)].value
        inc["location"]["country"] = COUNTRIES[i % len(COUNTRIES)]
        inc["date"]["start"] = day
    disagree = i % 3 == 0
    if not disagree:  # one claimant only: nobody to disagree with
        first = data["casualty_figures"][0]["claimant"]["name"] if data["casualty_figures"] else None
        data["casualty_figures"] = [f for f in data["casualty_figures"] if f["claimant"]["name"] == first]
    return IncidentSummary.model_validate(data), disagree


def write_synthetic_results(path: Path, base: IncidentSummary, text: str, n: int) -> list[ArticleTruth]:
    """Write `n` results lines (a few failures among them) to `path`; return each article's truth."""
    by_quote = {g.quote: g for g in ground(base, text)}
    truths: list[ArticleTruth] = []
    out = ResultsFile.open(path, overwrite=True)
    try:
        for i in range(n):
            ident = f"article-{i:04d}"
            if i % 13 == 5:
                out.write({"id": ident, "ok": False, "error": {"type": "OutputInvalidError",
                                                               "message": f"output never validated ({i})"}})  # fmt: skip
                truths.append(ArticleTruth(ident, True, False, False, False, None, None, None, 0, 0))
                continue
            record, disagree = _variant(base, i)
            grounding = []
            ungrounded = i % 7 == 2 and bool(record.incidents)
            for n_quote, (qpath, quote) in enumerate(evidence_quotes(record)):
                found = by_quote.get(quote)
                g = found.model_copy(update={"path": qpath}) if found else QuoteGrounding(
                    path=qpath, quote=quote, status=GroundingStatus.not_found)  # fmt: skip
                if ungrounded and n_quote == 0:
                    g = QuoteGrounding(path=qpath, quote=MISSING_QUOTE, status=GroundingStatus.not_found)
                grounding.append(g)
            article = ArticleMeta(id=ident, title=f"Synthetic article {i}", outlet="Synthetic Wire")
            result = SummaryResult[IncidentSummary](record=record, article=article, grounding=grounding, meta=_meta())
            out.write({"id": ident, "ok": True}, {"result": result.model_dump_json()})
            inc = record.incidents[0] if record.incidents else None
            truths.append(ArticleTruth(
                ident, False, any(not g.grounded for g in grounding), not record.incidents, disagree,
                inc.location.country if inc else None, inc.type.value if inc else None,
                inc.date.start.isoformat() if inc and inc.date.start else None,
                len(record.incidents), len(record.casualty_figures),
            ))  # fmt: skip
    finally:
        out.close()
    return truths
