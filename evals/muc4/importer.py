"""Turn MUC-style text and key files into an evals dataset (evals/DATASETS.md format).

Every message becomes a case: articles/<id>.txt (the message verbatim from its dateline on),
gold/<id>.json (partial IncidentSummary gold; an irrelevant message has `incidents: []`) with
the raw key under "$source" together with its GRIT and GTT role-filler views. A message without
a key, or a key without a message, is an error: nothing is silently dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import DatasetError
from summarizer.evals.muc4.keys import KeyTemplate, read_keys
from summarizer.evals.muc4.mapping import incident_gold, raw_template
from summarizer.evals.muc4.roles import grit_doctext, grit_extracts, gtt_templates
from summarizer.evals.muc4.targets import dangling_references
from summarizer.evals.muc4.texts import Message, read_messages

__all__ = [
    "METRICS_ENTRY",
    "ImportSummary",
    "classify_files",
    "dump_gold",
    "gold_for",
    "import_muc",
]

METRICS_ENTRY = "summarizer.evals.muc4.metrics:muc4_metrics"


@dataclass
class ImportSummary:
    """What an import wrote, for the CLI to print."""

    out: Path
    cases: int = 0
    relevant: int = 0
    templates: int = 0
    optional_templates: int = 0
    messages_without_date: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def classify_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Split paths into (text files, key files) by content: key files start with '0.  MESSAGE: ID' lines."""
    texts, keys = [], []
    for path in paths:
        if not path.is_file():
            raise DatasetError(f"no file at {path}")
        lines = [
            ln
            for ln in path.read_text(encoding="latin-1").splitlines()
            if ln.strip() and not ln.startswith(";")
        ]
        if lines and lines[0].startswith("0.") and "MESSAGE: ID" in lines[0]:
            keys.append(path)
        else:
            texts.append(path)
    if not texts or not keys:
        raise DatasetError(
            "give at least one MUC text file and one key file (key files start with '0.  MESSAGE: ID')"
        )
    return texts, keys


def _jsonable_entities(entities: list[list[tuple[str, int]]]) -> list[list[list[Any]]]:
    return [[[m, at] for m, at in e] for e in entities]


def gold_for(message: Message, templates: list[KeyTemplate]) -> dict[str, Any]:
    """The gold file of one message: partial incidents plus "$source" (raw key, dateline, GRIT/GTT views)."""
    relevant = [t for t in templates if not t.irrelevant]
    if relevant and len(relevant) != len(templates):
        raise DatasetError(
            f"{message.id}: key mixes an irrelevant ('*') template with relevant ones"
        )
    doctext = grit_doctext(message.text)
    dl = message.dateline
    source: dict[str, Any] = {
        "corpus": "MUC-3/MUC-4",
        "message_id": message.id,
        "key_files": sorted({Path(t.source).name for t in templates}),
        "dateline": None
        if dl is None
        else {"place": dl.place, "country": dl.country, "date": dl.date_text, "source": dl.source},
        "relevant": bool(relevant),
        "templates": [raw_template(t) for t in templates],
        "grit": {
            role: _jsonable_entities(es) for role, es in grit_extracts(templates, doctext).items()
        },
        "gtt": [
            {k: (v if k == "incident_type" else _jsonable_entities(v)) for k, v in t.items()}
            for t in gtt_templates(templates, doctext)
        ],
    }
    incidents = [incident_gold(t, incident_id=f"I{n}") for n, t in enumerate(relevant, 1)]
    return {"$source": source, "incidents": incidents}


def dump_gold(data: Any) -> str:
    """Pretty JSON with lists of scalars and [mention, offset] entities kept on one line, to stay compact."""

    def leafy(v: Any) -> bool:
        return isinstance(v, list) and all(not isinstance(x, (dict, list)) or leafy(x) for x in v)

    def render(v: Any, depth: int) -> str:
        pad, inner = " " * depth, " " * (depth + 1)
        if isinstance(v, dict) and v:
            items = [f"{inner}{json.dumps(k)}: {render(x, depth + 1)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + f"\n{pad}}}"
        if isinstance(v, list) and v and not leafy(v):
            return "[\n" + ",\n".join(f"{inner}{render(x, depth + 1)}" for x in v) + f"\n{pad}]"
        return json.dumps(v, ensure_ascii=False)

    return render(data, 0) + "\n"


def _check_out(out: Path, overwrite: bool) -> None:
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise DatasetError(
            f"{out} exists and is not empty: choose a new folder or pass --overwrite"
        )


def import_muc(
    texts: list[Path],
    keys: list[Path],
    out: Path,
    *,
    name: str | None = None,
    description: str | None = None,
    licence: str | None = None,
    provenance: dict[str, str] | None = None,
    overwrite: bool = False,
) -> ImportSummary:
    """Write the dataset folder `out` from MUC text files and key files; returns what was written."""
    messages = read_messages(*texts)
    by_id = read_keys(*keys)
    ids = [m.id for m in messages]
    no_key = [i for i in ids if i not in by_id]
    no_text = [i for i in by_id if i not in set(ids)]
    if no_key or no_text:
        raise DatasetError(
            f"texts and keys disagree: messages without a key {no_key[:5]}, keys without a message {no_text[:5]}"
        )
    _check_out(out, overwrite)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(exist_ok=True)
    summary = ImportSummary(out=out)
    lines = []
    for msg in messages:
        templates = by_id[msg.id]
        summary.warnings += [
            f"{msg.id} template {t.number}: cross-reference to no filler: {d}"
            for t in templates
            for d in dangling_references(t)
        ]
        gold = gold_for(msg, templates)
        (out / "articles" / f"{msg.id}.txt").write_text(msg.text, encoding="utf-8")
        (out / "gold" / f"{msg.id}.json").write_text(dump_gold(gold), encoding="utf-8")
        meta: dict[str, Any] = {"id": msg.id, "language": "en"}
        if msg.dateline is not None and msg.dateline.source:
            meta["outlet"] = msg.dateline.source
        if msg.dateline is not None and msg.dateline.date is not None:
            meta["published"] = msg.dateline.date.isoformat()
        else:
            summary.messages_without_date.append(msg.id)
        lines.append(
            json.dumps(
                {
                    "id": msg.id,
                    "article": f"articles/{msg.id}.txt",
                    "gold": f"gold/{msg.id}.json",
                    "metadata": meta,
                }
            )
        )
        summary.cases += 1
        relevant = [t for t in templates if not t.irrelevant]
        summary.relevant += bool(relevant)
        summary.templates += len(relevant)
        summary.optional_templates += sum(t.optional for t in relevant)
    (out / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = {f"{m.id}.txt" for m in messages} | {f"{m.id}.json" for m in messages}
    stale = sorted(
        str(p.relative_to(out))
        for d in ("articles", "gold")
        for p in (out / d).iterdir()
        if p.name not in written
    )
    if stale:
        summary.warnings.append(
            f"files from an earlier import not in this one (not listed in cases.jsonl): {stale[:5]}"
        )
    (out / "manifest.toml").write_text(
        _manifest(name or out.name, description, licence, provenance, texts, keys), encoding="utf-8"
    )
    return summary


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _manifest(
    name: str,
    description: str | None,
    licence: str | None,
    provenance: dict[str, str] | None,
    texts: list[Path],
    keys: list[Path],
) -> str:
    prov = {
        "source": f"MUC-style texts {', '.join(p.name for p in texts)} and keys {', '.join(p.name for p in keys)}",
        "labeled_by": "the corpus's answer keys, imported by `summarizer eval import muc4` (see evals/MUC4.md)",
        **(provenance or {}),
    }
    lines = [
        f"name = {_toml_str(name)}",
        'task = "muc4"',
        f"description = {_toml_str(description or 'MUC-style texts and answer keys imported with summarizer eval import muc4.')}",
        f"licence = {_toml_str(licence or 'as distributed with the source corpus')}",
        f"metrics = [{_toml_str(METRICS_ENTRY)}]",
        "",
        "[provenance]",
        *(f"{k} = {_toml_str(v)}" for k, v in prov.items()),
    ]
    return "\n".join(lines) + "\n"
