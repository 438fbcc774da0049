"""Render a Scorecard or a Comparison as a terminal table, Markdown, or JSON; and read --fail-under gates.

Metric names (documented in evals/README.md) are what `--fail-under METRIC=VALUE` accepts.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Literal

from rich.console import Console
from rich.table import Table

from summarizer.errors import InputError
from summarizer.evals.scoring.aggregate import FieldMetrics, Scorecard
from summarizer.evals.scoring.stats import Comparison, Delta

__all__ = ["TableFormat", "check_gates", "metric_values", "parse_gate", "render_comparison", "render_scorecard"]

TableFormat = Literal["table", "md", "json"]


def metric_values(report: Scorecard) -> dict[str, float]:
    """Every gateable metric by name: overall ones, then f1:/precision:/recall: per field, then extras."""
    values: dict[str, float] = {
        "micro_f1": report.micro.f1,
        "micro_precision": report.micro.precision,
        "micro_recall": report.micro.recall,
        "macro_f1": report.macro_f1,
        "success_rate": 1.0 - report.failed / report.cases if report.cases else 0.0,
    }
    if report.key_fields_right is not None:
        values["key_fields_right"] = report.key_fields_right
    if report.grounding_rate is not None:
        values["grounding_rate"] = report.grounding_rate
    for path, m in report.fields.items():
        values[f"f1:{path}"] = m.f1
        values[f"precision:{path}"] = m.precision
        values[f"recall:{path}"] = m.recall
    for name, value in report.extra.items():
        values.setdefault(name, value)
    return values


def parse_gate(text: str) -> tuple[str, float]:
    name, sep, raw = text.rpartition("=")
    try:
        if not sep or not name:
            raise ValueError
        return name.strip(), float(raw)
    except ValueError:
        raise InputError(f"--fail-under takes METRIC=VALUE, e.g. micro_f1=0.6; got {text!r}") from None


def check_gates(report: Scorecard, gates: Sequence[str]) -> list[str]:
    """Failures as sentences ('micro_f1 0.512 < 0.600'); an unknown metric name is an input error."""
    values = metric_values(report)
    failures = []
    for gate in gates:
        name, bar = parse_gate(gate)
        if name not in values:
            overall = [k for k in values if ":" not in k]
            raise InputError(f"--fail-under: unknown metric {name!r}; known: {', '.join(overall)}, f1:FIELD, precision:FIELD, recall:FIELD (see evals/README.md)")
        if values[name] < bar:
            failures.append(f"{name} {values[name]:.3f} < {bar:.3f}")
    return failures


def _ci(ci: tuple[float, float] | None) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]" if ci else "-"


def _row(name: str, m: FieldMetrics) -> list[str]:
    return [name, f"{m.precision:.2f}", f"{m.recall:.2f}", f"{m.f1:.2f}", _ci(m.f1_ci),
            str(m.correct), str(m.partial), str(m.incorrect), str(m.missed), str(m.spurious)]  # fmt: skip


_HEAD = ["field", "P", "R", "F1", "F1 95% CI", "correct", "partial", "wrong", "missed", "hallucinated"]


def _summary_lines(r: Scorecard) -> list[str]:
    lines = [f"outputs scored: {r.cases} over {r.articles} articles; failed: {r.failed}; unlabeled cases skipped: {r.unlabeled}"]
    if r.cases:
        lines.append(f"micro P {r.micro.precision:.3f}  R {r.micro.recall:.3f}  F1 {r.micro.f1:.3f} {_ci(r.micro.f1_ci)}; macro F1 {r.macro_f1:.3f}")
    if r.external:
        lines.append(f"{r.external} predictions in an external format: scored by the extra metrics below only"
                     + (f"; {r.failed} case(s) without one counted as failed (scored as predicting nothing)" if r.failed else ""))  # fmt: skip
    if r.key_fields_right is not None:
        lines.append(f"every key field right: {r.key_fields_right:.1%} {_ci(r.key_fields_right_ci)} (key fields: {', '.join(r.key_fields)})")
    if r.grounding_rate is not None:
        lines.append(f"grounding rate: {r.grounding_rate:.1%} of {r.quotes} quotes")
    partial = sum(m.partial for m in r.fields.values())
    lines.append(f"partial matches (counted half): {partial}")
    if r.items:
        aligned = "; ".join(f"{p} {m} matched, {x} missed, {s} spurious" for p, (m, x, s) in r.items.items())
        lines.append(f"list items: {aligned}")
    grouped = _grouped_extras(r.extra)
    for name, value in r.extra.items():
        if not any(name.startswith(f"{m}.{k}.") for m, k, _ in grouped):
            lines.append(f"{name}: {value:g}" if value.is_integer() else f"{name}: {value:.3f}")
    return lines


_STATS = ("precision", "recall", "f1", "p_num", "p_den", "r_num", "r_den")
_EXTRA_HEAD = ["metric", "key", "P", "R", "F1", "p_num", "p_den", "r_num", "r_den"]


def _grouped_extras(extra: dict[str, float]) -> list[tuple[str, str, dict[str, float]]]:
    """Extras named METRIC.KEY.STAT with all seven stats (e.g. MUC-4's per-role counts), as table rows."""
    rows: dict[tuple[str, str], dict[str, float]] = {}
    for name, value in extra.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[2] in _STATS:
            rows.setdefault((parts[0], parts[1]), {})[parts[2]] = value
    return [(m, k, v) for (m, k), v in rows.items() if len(v) == len(_STATS)]


def _extra_rows(extra: dict[str, float]) -> list[list[str]]:
    return [[m, k, f"{v['precision']:.4f}", f"{v['recall']:.4f}", f"{v['f1']:.4f}",
             *(f"{v[s]:g}" for s in _STATS[3:])] for m, k, v in _grouped_extras(extra)]  # fmt: skip


def render_scorecard(report: Scorecard, fmt: TableFormat = "table", *, title: str = "") -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2)
    rows = [_row(p, m) for p, m in report.fields.items()]
    if fmt == "md":
        out = [f"## {title}" if title else "", "| " + " | ".join(_HEAD) + " |", "|" + "---|" * len(_HEAD)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        out += ["", *(f"- {line}" for line in _summary_lines(report))]
        if extra := _extra_rows(report.extra):
            out += ["", "| " + " | ".join(_EXTRA_HEAD) + " |", "|" + "---|" * len(_EXTRA_HEAD)]
            out += ["| " + " | ".join(r) + " |" for r in extra]
        return "\n".join(out).lstrip("\n")
    table = Table(title=title or None)
    for n, head in enumerate(_HEAD):
        table.add_column(head, justify="left" if n == 0 else "right")
    for r in rows:
        table.add_row(*r)
    text = _rich(table) + "\n".join(_summary_lines(report))
    if extra := _extra_rows(report.extra):
        counts = Table(title="extra metrics with their counts")
        for n, head in enumerate(_EXTRA_HEAD):
            counts.add_column(head, justify="left" if n < 2 else "right")
        for r in extra:
            counts.add_row(*r)
        text += "\n" + _rich(counts)
    return text


def _rich(table: Table) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()


def render_comparison(c: Comparison, fmt: TableFormat = "table", *, a: str = "A", b: str = "B") -> str:
    if fmt == "json":
        return json.dumps(c.model_dump(mode="json"), indent=2)
    head = ["field", f"F1 {a}", f"F1 {b}", "delta", "95% CI", "p", "significant"]
    rows = [["micro F1", *_delta_cells(c.micro_f1)]] + [[p, *_delta_cells(d)] for p, d in c.fields.items()]
    if fmt == "md":
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join([*out, "", *(f"- {s}" for s in c.statements)])
    table = Table(title=f"{b} vs {a} over {c.articles} articles")
    for n, h in enumerate(head):
        table.add_column(h, justify="left" if n == 0 else "right")
    for r in rows:
        table.add_row(*r)
    return _rich(table) + "\n".join(c.statements)


def _delta_cells(d: Delta) -> list[str]:
    ci = f"[{d.ci[0]:+.3f}, {d.ci[1]:+.3f}]" if d.ci else "-"
    p = f"{d.p_value:.3f}" if d.p_value is not None else "-"
    return [f"{d.a:.3f}", f"{d.b:.3f}", f"{d.delta:+.3f}", ci, p, "yes" if d.significant else "no"]
