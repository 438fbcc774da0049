"""`summarizer eval`: run, score, rescore, compare, report and list evals; labeler agreement.

Exit codes: 0 ok; 1 a --fail-under gate failed; 2 bad dataset/input; 3 config; see summarizer.cli.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer import __version__
from summarizer._loop import run_blocking
from summarizer.cli._app import app
from summarizer.config import Config, load_config
from summarizer.errors import DatasetError, InputError
from summarizer.result import Usage

if TYPE_CHECKING:
    from summarizer.evals.agree import agree, load_labels
    from summarizer.evals.dataset import Dataset, load_dataset
    from summarizer.evals.evaluate import evaluate, missing_outputs, reground
    from summarizer.evals.runner import load_task_fn, run_cases, summarize_task
    from summarizer.evals.runs import (
        CaseOutput,
        RunJournal,
        RunRecord,
        RunStore,
        new_run_id,
        run_dataset,
        scored_cases,
    )
    from summarizer.evals.scoring.aggregate import Scorecard
    from summarizer.evals.scoring.scorer import SCORER_VERSION
    from summarizer.evals.scoring.stats import compare_cases
    from summarizer.evals.tables import (
        TableFormat,
        check_gates,
        parse_gate,
        render_comparison,
        render_scorecard,
    )

__all__ = ["eval_app"]


def _import_evals() -> None:
    """Bind the eval modules' names here when an eval command runs, not when the CLI loads:
    they pull in numpy and the scorers, which `summarizer --help` and `summarize` never need.
    The names are the TYPE_CHECKING imports above, which is what mypy checks them against."""
    for module, names in _EVAL_NAMES.items():
        loaded = importlib.import_module(module)
        globals().update({name: getattr(loaded, name) for name in names})


_EVAL_NAMES = {
    "summarizer.evals.agree": ("agree", "load_labels"),
    "summarizer.evals.dataset": ("Dataset", "load_dataset"),
    "summarizer.evals.evaluate": ("evaluate", "missing_outputs", "reground"),
    "summarizer.evals.runner": ("load_task_fn", "run_cases", "summarize_task"),
    "summarizer.evals.runs": ("CaseOutput", "RunJournal", "RunRecord", "RunStore", "new_run_id", "run_dataset", "scored_cases"),
    "summarizer.evals.scoring.aggregate": ("Scorecard",),
    "summarizer.evals.scoring.scorer": ("SCORER_VERSION",),
    "summarizer.evals.scoring.stats": ("compare_cases",),
    "summarizer.evals.tables": ("TableFormat", "check_gates", "parse_gate", "render_comparison", "render_scorecard"),
}


eval_app = typer.Typer(name="eval", help="Score summaries field by field against hand-labeled gold.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
eval_app.callback()(_import_evals)  # runs before any `summarizer eval ...` command, never for the root --help

FailUnder = Annotated[
    list[str] | None,
    typer.Option("--fail-under", metavar="METRIC=VALUE", help="Exit 1 when METRIC is below VALUE (names: evals/README.md). Repeatable."),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, md or json.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Config file (default: see README, 'Configuration').")]


def _fmt(value: str) -> TableFormat:
    if value not in ("table", "md", "json"):
        raise typer.BadParameter(f"--format must be table, md or json, not {value!r}")
    return value  # type: ignore[return-value]


HtmlOutput = Annotated[Path | None, typer.Option("--output", "-o", help="With --format html: write the page here instead of stdout.")]


def _emit_html(page: str, output: Path | None) -> None:
    """One self-contained HTML file (see summarizer.report), to a file or stdout."""
    if output is None:
        typer.echo(page, nl=False)
    else:
        output.write_text(page, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _config(path: Path | None) -> Config:
    return load_config(path) if path is not None else load_config()


def _store(config: Config | None = None) -> RunStore:
    """Runs live in the configured data dir, else $SUMMARIZER_DATA_DIR, else the platform's."""
    return RunStore((config or load_config()).resolved_data_dir())


def _finish(report: Scorecard, fmt: TableFormat, title: str, gates: list[str] | None, note: str | None = None) -> None:
    failures = check_gates(report, gates or [])  # an unknown metric name fails before any output
    typer.echo(render_scorecard(report, fmt, title=title))
    if note:
        typer.echo(note, err=fmt == "json")  # json stdout stays one parseable document
    if failures:
        typer.echo("fail-under: " + "; ".join(failures), err=True)
        raise typer.Exit(1)


def _record(dataset: Dataset, kind: str, outputs: list[CaseOutput], report: Scorecard | None, **extra: Any) -> RunRecord:
    return RunRecord(
        id=extra.pop("id", None) or new_run_id(), created=extra.pop("created", None) or dt.datetime.now(dt.UTC),
        kind=kind, dataset=dataset.name, dataset_path=str(dataset.path), task=dataset.task,
        summarizer_version=__version__, cases=outputs, scorecard=report, scorer_version=SCORER_VERSION,
        usage=sum((o.usage for o in outputs), Usage()), **extra,
    )  # fmt: skip


def _report_failures(outputs: list[CaseOutput], *, limit: int = 20) -> None:
    """Each failed case's reason on stderr, one line each, so nobody has to open the run JSON."""
    failed = [o for o in outputs if o.failed]
    for o in failed[:limit]:
        reason = f"{o.error.type}: {o.error.message}" if o.error else "no record"
        first = reason.splitlines()[0] if reason else ""
        typer.echo(f"failed {o.case_id}" + (f" (sample {o.sample})" if o.sample else "") + f": {first[:300]}", err=True)
    if len(failed) > limit:
        typer.echo(f"... and {len(failed) - limit} more failed case(s): `summarizer eval report RUN -f html` shows them all", err=True)


@eval_app.command("run")
def run_cmd(
    dataset: Annotated[str, typer.Argument(help="Dataset name under evals/datasets, or a folder path.")],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="Profile name from the config.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="'provider/model', e.g. scripted/answers.jsonl.")] = None,
    task_fn: Annotated[str | None, typer.Option("--task-fn", metavar="MODULE:FUNCTION", help="Your own async function (case) -> record, instead of summarize().")] = None,
    resume: Annotated[str | None, typer.Option("--resume", metavar="RUN", help="Finish an interrupted run (id, prefix or 'latest'): finished cases are not called again.")] = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Samples per case (separate calls, not cache hits).")] = 1,
    concurrency: Annotated[int, typer.Option("--concurrency", "-k", min=1, help="Calls in flight at once.")] = 4,
    cache: Annotated[str, typer.Option("--cache", help="Response cache: use, off, or only (a miss fails the case).")] = "use",
    fmt: FormatOpt = "table",
    fail_under: FailUnder = None,
    config_path: ConfigOpt = None,
) -> None:
    """Run every labeled case through a model (or --task-fn), score it, store the run, print the per-field table.

    Each case is stored as it finishes; after a crash or Ctrl-C, `--resume RUN` completes the run.
    """
    form = _fmt(fmt)
    if cache not in ("use", "off", "only"):
        raise typer.BadParameter(f"--cache must be use, off or only, not {cache!r}")
    for gate in fail_under or []:
        parse_gate(gate)  # a malformed gate fails before any model is paid for
    config = _config(config_path)
    store = _store(config)
    data = load_dataset(dataset)
    if resume is not None:
        journal = RunJournal.reopen(store, resume)
        head = journal.header
        if head.dataset != data.name:
            raise InputError(f"run {head.id} is on dataset {head.dataset}, not {data.name}: resume it with `summarizer eval run {head.dataset} --resume {head.id}`")
        model, profile, task_fn, repeat = head.model if head.task_fn is None else None, head.profile, head.task_fn, head.repeat
        typer.echo(f"resuming run {head.id}: {len(journal.outputs)} case(s) already done", err=True)
    if repeat > 1 and cache == "only":
        raise InputError("--repeat takes fresh samples, so it cannot run with --cache only")
    if task_fn is not None and (model or profile):
        raise InputError("--task-fn runs your function instead of a model: leave out --model and --profile")
    if not data.labeled:
        raise DatasetError(f"dataset {data.name} has no labeled case (no gold file exists): nothing to score")
    fn = load_task_fn(task_fn) if task_fn is not None else summarize_task(
        task=data.task, profile=profile, model=model, config=config, cache="off" if repeat > 1 else cache)
    if resume is None:
        head = _record(data, "run", [], None, model=model, profile=profile, task_fn=task_fn, repeat=repeat)
        journal = RunJournal.create(store, head)
    total_jobs = len(data.labeled) * repeat
    console = Console(stderr=True)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True, disable=not console.is_terminal) as progress:  # fmt: skip
            bar = progress.add_task(f"eval {data.name}", total=total_jobs, completed=len(journal.outputs))

            def done(output: CaseOutput) -> None:
                journal.append(output)
                progress.advance(bar)

            run_blocking(run_cases(data, fn, repeat=repeat, concurrency=concurrency, skip=journal.done(), on_done=done))
    except KeyboardInterrupt:
        journal.close()
        typer.echo(f"\ninterrupted: {len(journal.outputs)} of {total_jobs} case(s) kept in run {head.id}; "
                   f"finish it with `summarizer eval run {data.name} --resume {head.id}`", err=True)  # fmt: skip
        raise typer.Exit(130) from None
    order = {(c.id, s): n for n, c in enumerate(data.labeled) for s in range(repeat)}
    outputs = sorted(journal.outputs, key=lambda o: order.get((o.case_id, o.sample), len(order)))
    _, report = evaluate(data, outputs)
    used_model = head.model or next((str(o.meta.get("model")) for o in outputs if o.meta), None)
    if used_model is None and task_fn is None:
        used_model = f"profile {profile or '(default)'}"
    used_profile = next((str(o.meta.get("profile")) for o in outputs if o.meta), profile)
    run = head.model_copy(update={"cases": outputs, "scorecard": report, "model": used_model, "profile": used_profile,
                                  "usage": sum((o.usage for o in outputs), Usage())})  # fmt: skip
    path = journal.finish(store, run)
    _report_failures(outputs)
    bugs = [o for o in outputs if o.error is not None and o.error.unexpected]
    try:
        _finish(report, form, f"{data.name} · {run.label}", fail_under, note=f"run {run.id} stored at {path}")
    finally:
        if bugs:
            typer.echo(f"error: {len(bugs)} case(s) failed with an unexpected error (see above): exit 1", err=True)
    if bugs:
        raise typer.Exit(1)


@eval_app.command("score")
def score_cmd(
    dataset: Annotated[str, typer.Argument(help="Dataset name or folder.")],
    predictions: Annotated[Path, typer.Option("--predictions", help="JSONL of {'id': CASE, 'record': {...}} (see evals/README.md).")],
    input_format: Annotated[str, typer.Option("--predictions-format", help="'jsonl', or module.path:function for another format.")] = "jsonl",
    fmt: FormatOpt = "table",
    fail_under: FailUnder = None,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Store the scored predictions as a run.")] = True,
    external: Annotated[bool, typer.Option("--external", help="Predictions in another format (e.g. MUC-4 GRIT/GTT): scored by the dataset's extra metrics only.")] = False,
) -> None:
    """Score predictions made elsewhere, validated and grounded like live output; missing cases count as failed."""
    from summarizer.evals.predictions import load_predictions

    form = _fmt(fmt)
    data = load_dataset(dataset)
    outputs = load_predictions(predictions, data, fmt=input_format, external=external)
    if external and not data.metrics:
        raise InputError(f"--external predictions are scored by extra metrics, and dataset {data.name} declares none")
    outputs += missing_outputs(data, outputs)
    _, report = evaluate(data, outputs)
    _report_failures(outputs)
    note = None
    if save:
        run = _record(data, "score", outputs, report, predictions_file=str(predictions))
        note = f"run {run.id} stored at {_store().save(run)}"
    _finish(report, form, f"{data.name} · {predictions.name}", fail_under, note=note)


@eval_app.command("rescore")
def rescore_cmd(
    run_ref: Annotated[str, typer.Argument(metavar="RUN", help="Run id (or prefix, or 'latest'), or a run JSON file.")],
    fmt: FormatOpt = "table",
    fail_under: FailUnder = None,
) -> None:
    """Re-ground and re-score a stored run's outputs with the current code and gold; no model is called."""
    form = _fmt(fmt)
    store = _store()
    run = store.load(run_ref)
    data = run_dataset(run)
    outputs = [o.model_copy(deep=True) for o in run.cases]
    reground(data, outputs)
    _, report = evaluate(data, outputs)
    changed = run.scorecard is None or report.model_dump(mode="json") != run.scorecard.model_dump(mode="json")
    run = run.model_copy(update={"cases": outputs, "scorecard": report,
                                 "rescored": dt.datetime.now(dt.UTC), "scorer_version": SCORER_VERSION})
    store.save(run)
    note = f"run {run.id}: scores {'changed' if changed else 'unchanged'} after rescoring"
    _finish(report, form, f"{run.dataset} · {run.label} (rescored)", fail_under, note=note)


@eval_app.command("compare")
def compare_cmd(
    run_a: Annotated[str, typer.Argument(metavar="RUN_A", help="The baseline run.")],
    run_b: Annotated[str, typer.Argument(metavar="RUN_B", help="The candidate run.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, md, json or html.")] = "table",
    output: HtmlOutput = None,
) -> None:
    """Per-field F1 deltas B - A with paired-bootstrap intervals, McNemar on 'every key field right'."""
    form = _fmt(fmt) if fmt != "html" else None
    store = _store()
    a, b = store.load(run_a), store.load(run_b)
    if form is None:
        from summarizer.report import compare_page

        _emit_html(compare_page(a, b), output)
        return
    if a.dataset != b.dataset:
        typer.echo(f"warning: comparing runs on different datasets ({a.dataset} vs {b.dataset}); only shared case ids count", err=True)
    stale = [r.id for r in (a, b) if r.scorer_version != SCORER_VERSION]
    if stale:
        typer.echo(f"warning: {', '.join(stale)} scored by an older scorer; `summarizer eval rescore RUN` first for a fair comparison", err=True)
    comparison = compare_cases(scored_cases(a), scored_cases(b))
    typer.echo(render_comparison(comparison, form, a=a.id, b=b.id))


@eval_app.command("report")
def report_cmd(
    run_ref: Annotated[str, typer.Argument(metavar="RUN", help="Run id (or prefix, or 'latest'), or a run JSON file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, md, json or html.")] = "table",
    fail_under: FailUnder = None,
    output: HtmlOutput = None,
) -> None:
    """Print a stored run's report."""
    run = _store().load(run_ref)
    if run.scorecard is None:
        raise InputError(f"run {run.id} holds no scores; `summarizer eval rescore {run.id}` scores it")
    report = run.scorecard
    if fmt == "html":
        from summarizer.report import run_page

        failures = check_gates(report, fail_under or [])
        _emit_html(run_page(run), output)
        if failures:
            typer.echo("fail-under: " + "; ".join(failures), err=True)
            raise typer.Exit(1)
        return
    _finish(report, _fmt(fmt), f"{run.dataset} · {run.label} · {run.id}", fail_under)


@eval_app.command("runs")
def runs_cmd(
    dataset: Annotated[str | None, typer.Option("--dataset", help="Only runs on this dataset.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
) -> None:
    """List stored runs, newest first."""
    from rich.table import Table

    store = _store()
    rows = store.entries(dataset=dataset, limit=limit)
    partial = store.partial_runs()
    if partial:
        typer.echo(f"interrupted (finish with `summarizer eval run DATASET --resume ID`): {', '.join(partial)}", err=True)
    if not rows:
        typer.echo("no stored runs yet: `summarizer eval run DATASET --model ...` makes one")
        return
    table = Table()
    for col in ("id", "created", "kind", "dataset", "model", "cases", "failed", "micro F1", "key right"):
        table.add_column(col)
    for r in rows:
        f1 = "-" if r["micro_f1"] is None else f"{r['micro_f1']:.3f}"
        key = "-" if r["key_fields_right"] is None else f"{r['key_fields_right']:.0%}"
        table.add_row(r["id"], r["created"][:19], r["kind"], r["dataset"], r["model"] or "-", str(r["cases"]), str(r["failed"]), f1, key)
    Console(width=160).print(table)


@eval_app.command("agree")
def agree_cmd(
    gold_a: Annotated[str, typer.Argument(metavar="GOLD_A", help="A dataset, or a folder of <case id>.json gold files.")],
    gold_b: Annotated[str, typer.Argument(metavar="GOLD_B", help="The other labeling of the same articles.")],
    task: Annotated[str | None, typer.Option("--task", "-t", help="Schema for plain gold folders (default: the dataset's, else incident).")] = None,
    fmt: FormatOpt = "table",
    worst: Annotated[int, typer.Option("--worst", min=1, help="How many least-agreed fields to name.")] = 5,
) -> None:
    """Agreement between two labelings: symmetric F1 per field, and where labelers disagree most."""
    form = _fmt(fmt)
    a, schema = load_labels(gold_a, task=task)
    b, _ = load_labels(gold_b, task=task)
    result = agree(a, b, schema)
    if form == "json":
        typer.echo(result.model_dump_json(indent=2))
        return
    lines = ["| field | agreement F1 | F1 (A as gold) | F1 (B as gold) |", "|---|---|---|---|"] if form == "md" else []
    from rich.table import Table

    table = Table(title=f"agreement over {len(result.articles)} articles")
    for col in ("field", "agreement F1", "F1 (A as gold)", "F1 (B as gold)"):
        table.add_column(col, justify="right" if col != "field" else "left")
    for path, f in result.fields.items():
        cells = [path, f"{f.f1:.2f}", f"{f.f1_a_as_gold:.2f}", f"{f.f1_b_as_gold:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
        table.add_row(*cells)
    if form == "table":
        Console(width=160).print(table)
    else:
        typer.echo("\n".join(lines))
    typer.echo(f"overall agreement F1: {result.overall_f1:.3f}")
    typer.echo("least agreed: " + ", ".join(f"{p} ({f1:.2f})" for p, f1 in result.least_agreed(worst)))
    if result.only_a or result.only_b:
        typer.echo(f"not in both (ignored): A only {result.only_a}, B only {result.only_b}")
