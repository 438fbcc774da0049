"""`summarizer eval import muc4 TEXTS KEYS... --out DIR`: MUC-style texts and keys to an evals dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.eval_cmd import eval_app

__all__ = ["import_app"]

import_app = typer.Typer(
    name="import", help="Turn external corpora into evals datasets.", no_args_is_help=True
)
eval_app.add_typer(import_app, name="import")


@import_app.command("muc4")
def muc4_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="TEXTS_AND_KEYS...",
            help="MUC text files and answer-key files, in any order (key files are told apart by their '0.  MESSAGE: ID' lines).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Dataset folder to write (manifest.toml, cases.jsonl, articles/, gold/).",
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Dataset name (default: the folder's name).")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Manifest description.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Provenance: where the files come from.")
    ] = None,
    licence: Annotated[
        str | None, typer.Option("--licence", help="Manifest licence of texts and keys.")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Write into a non-empty folder.")
    ] = False,
) -> None:
    """Import MUC-3/4 style texts and answer keys; every message becomes a case, irrelevant ones with no incidents."""
    from summarizer.evals.muc4.importer import classify_files, import_muc

    texts, keys = classify_files(files)
    provenance = {"source": source} if source else None
    summary = import_muc(
        texts,
        keys,
        out,
        name=name,
        description=description,
        licence=licence,
        provenance=provenance,
        overwrite=overwrite,
    )
    typer.echo(
        f"wrote {summary.cases} cases to {summary.out}: {summary.relevant} relevant with "
        f"{summary.templates} templates ({summary.optional_templates} optional), "
        f"{summary.cases - summary.relevant} irrelevant"
    )
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if summary.messages_without_date:
        typer.echo(
            f"{len(summary.messages_without_date)} messages have no dated dateline (no `published`): "
            + ", ".join(summary.messages_without_date)
        )
