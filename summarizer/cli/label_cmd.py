"""`summarizer label draft|check|migrate`: from raw articles to a checked gold set, kept at the current schema version."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer._loop import run_blocking
from summarizer.api import prepare, run_prepared
from summarizer.article import ArticleMeta
from summarizer.cli._app import app
from summarizer.cli.summarize_cmd import ConfigOpt, ModelOpt, ProfileOpt, TaskOpt, read_input
from summarizer.config import load_config
from summarizer.errors import DatasetError, SummarizerError

label_app = typer.Typer(help="Build gold sets: draft labels from any provider, then check them.", no_args_is_help=True)
app.add_typer(label_app, name="label")


@label_app.command()
def draft(
    article: Annotated[str, typer.Argument(help="Article file, or - for standard input.")],
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    published: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"], help="Publication date.")] = None,
    dataset: Annotated[Optional[Path], typer.Option(help="Add the article and draft to this dataset folder.")] = None,
    case_id: Annotated[Optional[str], typer.Option("--id", help="Case id (default: the file name).")] = None,
) -> None:
    """Write a gold draft from a provider's output (the keyless baseline included) for a person to correct."""
    text, stem = read_input(article)
    cid = case_id or stem or "case"
    meta = ArticleMeta(id=cid, published=published.date() if published else None)
    prep = prepare(text, task=task, profile=profile, model=model, config=load_config(config), meta=meta)
    result = run_blocking(run_prepared(prep))
    from summarizer.evals.gold_versions import GOLD_VERSION, schema_version

    gold = {GOLD_VERSION: schema_version(type(result.record)), **result.record.model_dump(mode="json")}
    ungrounded = [g.path for g in result.ungrounded]
    gold["$note"] = (
        f"DRAFT by {result.meta.model} on {dt.date.today()}: correct every field against the article and "
        f"evals/GUIDELINES.md, then delete this note." + (f" Ungrounded quotes: {ungrounded}" if ungrounded else "")
    )
    rendered = json.dumps(gold, indent=2, ensure_ascii=False) + "\n"
    if dataset is None:
        sys.stdout.write(rendered)
        return
    _add_case(dataset, cid, text, rendered, task, meta)
    sys.stderr.write(f"added case {cid} to {dataset}: edit {dataset / 'gold' / (cid + '.json')}\n")


def _add_case(root: Path, cid: str, text: str, gold: str, task: str, meta: ArticleMeta) -> None:
    from summarizer.errors import InputError

    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    if not (root / "manifest.toml").exists():
        (root / "manifest.toml").write_text(
            f'name = "{root.name}"\ntask = "{task}"\ndescription = ""\nlicence = ""\n\n[provenance]\nsource = ""\nlabeled_by = ""\n',
            encoding="utf-8",
        )
    gold_path = root / "gold" / f"{cid}.json"
    if gold_path.exists():
        raise InputError(f"{gold_path} exists: pick another --id or delete it (drafts never overwrite labels)")
    (root / "articles" / f"{cid}.txt").write_text(text, encoding="utf-8")
    gold_path.write_text(gold, encoding="utf-8")
    line = {"id": cid, "article": f"articles/{cid}.txt", "gold": f"gold/{cid}.json", "metadata": meta.model_dump(mode="json", exclude_none=True, exclude={"id"})}
    with (root / "cases.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")


MANIFEST_FIELDS = ("description", "licence", "provenance.source", "provenance.labeled_by")
"""Manifest fields `label draft` leaves empty for a person to fill; `label check` names each one."""


def dataset_warnings(name: str) -> list[str]:
    """What keeps a dataset from being finished gold without making any label wrong: a gold file
    still carrying the DRAFT note `label draft` wrote, and manifest fields left empty."""
    from summarizer.evals.dataset import load_dataset

    data = load_dataset(name)
    warnings: list[str] = []
    for key in MANIFEST_FIELDS:
        value: object = data.manifest
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not (isinstance(value, str) and value.strip()):
            warnings.append(f"manifest.toml: {key} is empty: fill it (what the texts are, their licence, who labeled them)")
    cases = data.path / "cases.jsonl"
    lines = cases.read_text(encoding="utf-8").splitlines() if cases.is_file() else []
    for line in lines:
        try:
            entry = json.loads(line)
            gold = json.loads((data.path / str(entry["gold"])).read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError, OSError):
            continue  # check_dataset reports unreadable cases and gold as problems
        note = gold.get("$note") if isinstance(gold, dict) else None
        if isinstance(note, str) and note.startswith("DRAFT"):
            warnings.append(f"{entry['gold']}: still a draft (its DRAFT note is there): correct it, then delete the note")
    return warnings


@label_app.command()
def check(
    dataset: Annotated[list[str], typer.Argument(help="Dataset names or folders.")],
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 on warnings too (drafts left, empty manifest fields).")] = False,
) -> None:
    """Validate every gold file: schema, verbatim quotes, figures vs quotes, dates vs weekdays.

    Also warns about drafts not yet corrected (their DRAFT note is still there) and manifest
    fields left empty; --strict makes those fail too.
    """
    from summarizer.evals.labeling import check_dataset

    failed = False
    for name in dataset:
        problems = check_dataset(name)
        try:
            warnings = dataset_warnings(name)
        except SummarizerError:  # a dataset that does not load: check_dataset's problems say why
            warnings = []
        for problem in problems:
            sys.stdout.write(f"{name}: {problem}\n")
        for warning in warnings:
            sys.stdout.write(f"{name}: warning: {warning}\n")
        verdict = f"{len(problems)} problem(s)" if problems else "no problem in the labels" if warnings else "OK"
        if warnings:
            verdict += f", {len(warnings)} warning(s): not finished gold yet"
        sys.stderr.write(f"{name}: {verdict}\n")
        failed = failed or bool(problems) or (strict and bool(warnings))
    if failed:
        raise typer.Exit(2)


@label_app.command()
def migrate(
    dataset: Annotated[list[str], typer.Argument(help="Dataset names or folders.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
) -> None:
    """Bring gold files written in an older schema version forward, in place, stamped with the current version."""
    from summarizer.evals.labeling import migrate_dataset

    failed = False
    for name in dataset:
        try:
            report = migrate_dataset(name, write=not dry_run)
        except DatasetError as exc:
            sys.stderr.write(f"{name}: {exc}\n")
            failed = True
            continue
        for path, found in report.migrated:
            sys.stdout.write(f"{name}: {path}: version {found} -> {report.version}{' (dry run)' if dry_run else ''}\n")
        sys.stderr.write(f"{name}: {len(report.migrated)} of {report.total} gold file(s) migrated to version {report.version}\n")
    if failed:
        raise typer.Exit(2)
