"""`summarizer events RESULTS` (link a results file into events) and `summarizer eval events DATASET` (score the linking)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app
from summarizer.cli.eval_cmd import eval_app

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
    from summarizer.events import LinkRules, build_events, group
    from summarizer.events.results import read_results

    data = read_results(results)
    groups, links = group(data.refs, LinkRules(require_places=not loose))
    events = build_events(groups, links, data.records)
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
) -> None:
    """Link the dataset's gold incidents and score the events: pairwise link P/R/F1 and B-cubed."""
    from summarizer.evals.dataset import load_dataset
    from summarizer.evals.events import evaluate_links
    from summarizer.events import LinkRules

    scores = evaluate_links(load_dataset(dataset), rules=LinkRules(require_places=not loose))
    figures = {
        "incidents": scores.incidents,
        "gold_links": scores.gold_links,
        "links": {"precision": scores.pairwise.precision, "recall": scores.pairwise.recall, "f1": scores.pairwise.f1,
                  "correct": scores.pairwise.correct, "predicted": scores.pairwise.predicted, "gold": scores.pairwise.gold},
        "bcubed": {"precision": scores.bcubed.precision, "recall": scores.bcubed.recall, "f1": scores.bcubed.f1},
        "events": [g for g in scores.predicted if len(g) > 1],
    }  # fmt: skip
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
