"""Tidy tables from records: one row per article, incident, casualty figure, actor and source.

Cells are scalars (str, int, float, bool or None) so every format writes them as they are.
Lists of ids are joined with ';' (ids never contain it); lists of free text (evidence quotes,
attributions) are JSON text, so nothing is lost and nothing is split ambiguously.
The figures table is the lossless one: every figure, with its claimant and incident ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.evals.muc4.incident_map import muc4_confidence
from summarizer.export._items import ExportItem
from summarizer.schemas.incident import Actor, IncidentSummary, Source

__all__ = ["Cell", "Table", "base_tables"]

Cell = str | int | float | bool | None


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)

    def add(self, **cells: Cell) -> None:
        if set(cells) != set(self.columns):
            raise ValueError(f"{self.name}: cells {sorted(set(cells) ^ set(self.columns))} do not fit the columns")
        self.rows.append(tuple(cells[c] for c in self.columns))

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def ids(values: Sequence[str]) -> str:
    return ";".join(values)


def quotes(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


ARTICLES = ("article_id", "ok", "error_type", "error_message", "title", "outlet", "url", "published",
            "incidents", "figures", "quotes", "ungrounded_quotes", "model")  # fmt: skip
INCIDENTS = ("article_id", "incident_id", "type", "description", "date_start", "date_end", "date_precision",
             "year_inferred", "country", "regions", "places", "location_description", "stage",
             "perpetrators", "human_targets", "physical_targets", "weapons", "evidence")  # fmt: skip
FIGURES = ("article_id", "figure_id", "incident_ids", "claimant_id", "claimant", "claimant_kind",
           "claimant_anonymous", "party", "party_kind", "outcome", "outcome_word", "count_value",
           "count_high", "count_qualifier", "count_text", "reported_on", "evidence")  # fmt: skip
ACTORS = ("article_id", "incident_id", "role", "actor_index", "name", "aliases", "kind", "affiliation",
          "description", "muc4_confidence", "attributions", "evidence")  # fmt: skip
SOURCES = ("article_id", "source_id", "name", "kind", "anonymous", "evidence")


def claimant_ids(record: IncidentSummary) -> dict[tuple[str, str, bool], str]:
    """C1, C2... for each distinct claimant (name, kind, anonymity), in the order figures cite them."""
    out: dict[tuple[str, str, bool], str] = {}
    for f in record.casualty_figures:
        out.setdefault(_claimant_key(f.claimant), f"C{len(out) + 1}")
    return out


def _claimant_key(s: Source) -> tuple[str, str, bool]:
    return (s.name, s.kind.value, s.anonymous)


def _actor_row(t: Table, article_id: str, incident_id: str, role: str, n: int, a: Actor) -> None:
    t.add(article_id=article_id, incident_id=incident_id, role=role, actor_index=n, name=a.name,
          aliases=quotes(a.aliases), kind=a.kind.value, affiliation=a.affiliation, description=a.description,
          muc4_confidence=muc4_confidence(a.attributions),
          attributions=json.dumps([{"stance": x.stance.value, "by": x.by, "by_kind": x.by_kind.value}
                                   for x in a.attributions], ensure_ascii=False),
          evidence=quotes(a.evidence))  # fmt: skip


def _article_row(t: Table, item: ExportItem) -> None:
    art, res, rec = item.article, item.result, item.record
    t.add(article_id=item.article_id, ok=item.ok, error_type=item.error_type, error_message=item.error_message,
          title=art.title if art else None, outlet=art.outlet if art else None, url=art.url if art else None,
          published=art.published.isoformat() if art and art.published else None,
          incidents=len(rec.incidents) if rec else None, figures=len(rec.casualty_figures) if rec else None,
          quotes=len(res.grounding) if res else None, ungrounded_quotes=len(res.ungrounded) if res else None,
          model=res.meta.model if res else None)  # fmt: skip


def _record_rows(tables: dict[str, Table], item: ExportItem, record: IncidentSummary) -> None:
    aid = item.article_id
    for inc in record.incidents:
        d, loc = inc.date, inc.location
        tables["incidents"].add(
            article_id=aid, incident_id=inc.id, type=inc.type.value, description=inc.description,
            date_start=d.start.isoformat() if d.start else None, date_end=d.end.isoformat() if d.end else None,
            date_precision=d.precision.value, year_inferred=d.year_inferred, country=loc.country,
            regions=quotes(loc.regions), places=quotes(loc.places), location_description=loc.description,
            stage=inc.stage.value,
            perpetrators=quotes([a.name for a in (*inc.perpetrator_organizations, *inc.perpetrator_individuals)]),
            human_targets=quotes([a.name for a in inc.human_targets]),
            physical_targets=quotes([p.name for p in inc.physical_targets]),
            weapons=quotes([w.name for w in inc.weapons]), evidence=quotes(inc.evidence),
        )  # fmt: skip
        for role, actors in (("perpetrator_organization", inc.perpetrator_organizations),
                             ("perpetrator_individual", inc.perpetrator_individuals),
                             ("human_target", inc.human_targets)):  # fmt: skip
            for n, a in enumerate(actors, 1):
                _actor_row(tables["actors"], aid, inc.id, role, n, a)
    claimants = claimant_ids(record)
    for n, f in enumerate(record.casualty_figures, 1):
        tables["figures"].add(
            article_id=aid, figure_id=f"F{n}", incident_ids=ids(f.incident_ids),
            claimant_id=claimants[_claimant_key(f.claimant)], claimant=f.claimant.name,
            claimant_kind=f.claimant.kind.value, claimant_anonymous=f.claimant.anonymous, party=f.party,
            party_kind=f.party_kind.value, outcome=f.outcome.value, outcome_word=f.outcome_word,
            count_value=f.count.value, count_high=f.count.high, count_qualifier=f.count.qualifier.value,
            count_text=f.count.text, reported_on=f.reported_on.isoformat() if f.reported_on else None,
            evidence=quotes(f.evidence),
        )  # fmt: skip
    for n, s in enumerate(record.sources, 1):
        tables["sources"].add(article_id=aid, source_id=f"S{n}", name=s.name, kind=s.kind.value,
                              anonymous=s.anonymous, evidence=quotes(s.evidence))  # fmt: skip


def base_tables(items: Sequence[ExportItem]) -> dict[str, Table]:
    """articles, incidents, figures, actors and sources (the ACLED-style table is in acled.py)."""
    tables = {name: Table(name, cols) for name, cols in
              (("articles", ARTICLES), ("incidents", INCIDENTS), ("figures", FIGURES),
               ("actors", ACTORS), ("sources", SOURCES))}  # fmt: skip
    for item in items:
        _article_row(tables["articles"], item)
        if item.record is not None:
            _record_rows(tables, item, item.record)
    return tables


