"""`summarizer events RESULTS` (link a results file into events) and `summarizer eval events DATASET` (score the linking)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli._app import app
from summarizer.cli.eval_cmd import eval_app
from summarizer.events.link import LinkRules

if TYPE_CHECKING:
    from summarizer.evals.dataset import Dataset

__all__ = ["events_cmd", "eval_events_cmd"]

Loose = Annotated[
    bool,
    typer.Option("--loose", help="Also link incidents that name no place (same type, country and day): more recall, less caution."),
]


@app.command("events")
def events_cmd(
    results: Annotated[Path, typer.Argument(help="A results file: `summarizer batch` output or one SummaryResult JSON per line.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the events JSON here instead of stdout.")] = None,
    loose: Loose = False,
) -> None:
    """Group the incidents of many articles into events; every figure kept with its claimant, article and date."""
    from summarizer.events import LinkRules, link_records
    from summarizer.events.results import read_results

    data = read_results(results)
    events = link_records(data.records, LinkRules(require_places=not loose))
    text = json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    joined = sum(1 for e in events if len(e.articles) > 1)
    typer.echo(
        f"{len(data.refs)} incidents of {len(data.records)} articles -> {len(events)} events "
        f"({joined} reported by more than one article); {len(data.failed)} failed articles not linked"
        + (f": {', '.join(data.failed[:5])}" if data.failed else ""),
        err=True,
    )


@eval_app.command("events")
def eval_events_cmd(
    dataset: Annotated[str, typer.Argument(help="Dataset name or folder with an events.json event gold.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    loose: Loose = False,
    run_ref: Annotated[str | None, typer.Option("--run", help="Also link the records of a stored run (id, prefix or 'latest') and score article pairs.")] = None,
) -> None:
    """Link the dataset's gold incidents and score the events: pairwise link P/R/F1 and B-cubed."""
    from summarizer.evals.dataset import load_dataset
    from summarizer.evals.events import evaluate_links

    data = load_dataset(dataset)
    rules = LinkRules(require_places=not loose)
    scores = evaluate_links(data, rules=rules)
    run_figures = _run_links(data, run_ref, rules) if run_ref else None
    figures = {
        "incidents": scores.incidents,
        "gold_links": scores.gold_links,
        "links": {"precision": scores.pairwise.precision, "recall": scores.pairwise.recall, "f1": scores.pairwise.f1,
                  "correct": scores.pairwise.correct, "predicted": scores.pairwise.predicted, "gold": scores.pairwise.gold},
        "bcubed": {"precision": scores.bcubed.precision, "recall": scores.bcubed.recall, "f1": scores.bcubed.f1},
        "events": [g for g in scores.predicted if len(g) > 1],
    }  # fmt: skip
    if run_figures is not None:
        figures["run"] = run_figures
    if fmt == "json":
        typer.echo(json.dumps(figures, indent=2))
        return
    if fmt != "table":
        raise typer.BadParameter(f"--format must be table or json, not {fmt!r}")
    p = scores.pairwise
    typer.echo(f"{scores.incidents} gold incidents, {scores.gold_links} gold links")
    typer.echo(f"links    P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}  ({p.correct:g} right of {p.predicted:g} made, {p.gold:g} in gold)")
    b = scores.bcubed
    typer.echo(f"B-cubed  P {b.precision:.3f}  R {b.recall:.3f}  F1 {b.f1:.3f}")
    if run_figures is not None:
        r = run_figures
        typer.echo(f"run {r['run']} (its records, article pairs): P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                   f"({r['correct']:g} right of {r['predicted']:g} made, {r['gold']:g} in gold; {r['failed']} failed cases)")  # fmt: skip


def _run_links(data: Dataset, run_ref: str, rules: LinkRules) -> dict[str, object]:
    """Article-pair link figures of a stored run's records (the first sample of each case)."""
    from summarizer.config import load_config
    from summarizer.evals.events import evaluate_record_links
    from summarizer.evals.runs import RunStore
    from summarizer.schemas.incident import IncidentSummary

    run = RunStore(load_config().resolved_data_dir()).load(run_ref)
    records = {o.case_id: IncidentSummary.model_validate(o.record) for o in run.cases
               if not o.failed and o.record is not None and o.sample == 0}  # fmt: skip
    s = evaluate_record_links(data, records, rules=rules)
    return {"run": run.id, "precision": s.links.precision, "recall": s.links.recall, "f1": s.links.f1,
            "correct": s.links.correct, "predicted": s.links.predicted, "gold": s.links.gold, "failed": s.failed}  # fmt: skip
