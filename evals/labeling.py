"""Checks a gold set the way a careful second reader would, and lists every problem at once.

`summarizer label check DATASET` runs these (and `summarizer label migrate DATASET` rewrites older
gold at the current schema version): the manifest and each case load; each gold file
validates against the task schema; every evidence quote is verbatim in its article; each
casualty figure's count text appears in its quotes and agrees with its value; each date agrees
with a weekday its quotes state; no quote spans a line break (R-EVID-2); `partial` only stands
for a date whose year is not fixed (R-DATE-3). Unlike load_dataset, it does not stop at the first problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.baseline import parse_amount
from summarizer.errors import DatasetError
from summarizer.evals.dataset import _inside, resolve_dataset_dir, schema_for_task
from summarizer.evals.gold import read_gold_json, validate_gold
from summarizer.evals.gold_versions import (
    GOLD_VERSION,
    GoldUpgradeNotice,
    schema_version,
    upgrade_gold,
)
from summarizer.evals.scoring.markers import ANY
from summarizer.evals.scoring.plan import ModelPlan, plan_for

__all__ = ["Migration", "Problem", "check_dataset", "migrate_dataset"]

WEEKDAYS = [name.lower() for name in calendar.day_name]  # Monday first, as date.weekday()


@dataclass(frozen=True)
class Problem:
    case: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.case}: {self.field}: {self.message}"


def _walk_evidence(data: Any, plan: ModelPlan, path: str) -> list[tuple[str, str]]:
    """(path, quote) for every evidence quote in a gold object, following the schema's scoring plan."""
    found: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return found
    if ANY in data:
        for n, alt in enumerate(data[ANY]):
            found += _walk_evidence(alt, plan, f"{path}.$any[{n}]")
        return found
    for key, value in data.items():
        fp = plan.fields.get(key)
        if fp is None:  # markers ($note, $source, ...) and anything validate_gold already refused
            continue
        sub = f"{path}.{key}" if path else key
        if fp.kind == "evidence" and isinstance(value, list):
            found += [(f"{sub}[{i}]", q) for i, q in enumerate(value) if isinstance(q, str)]
        elif fp.model is not None:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                found += _walk_evidence(item, fp.model, f"{sub}[{i}]" if isinstance(value, list) else sub)
    return found


def _check_figures(gold: dict[str, Any], case: str) -> list[Problem]:
    problems = []
    for i, fig in enumerate(gold.get("casualty_figures") or []):
        if not isinstance(fig, dict) or not isinstance(fig.get("count"), dict):
            continue
        count, quotes = fig["count"], " ".join(q for q in fig.get("evidence") or [] if isinstance(q, str)).lower()
        text, value = count.get("text"), count.get("value")
        where = f"casualty_figures[{i}].count"
        if isinstance(text, str) and quotes and text.lower() not in quotes:
            problems.append(Problem(case, where, f"count text {text!r} is not in the figure's evidence quotes"))
        if isinstance(text, str) and isinstance(value, int) and count.get("qualifier") != "range":
            amount = parse_amount(text.lower())  # the baseline's reader: digits, number words, qualifiers
            parsed = amount.value if amount is not None and amount.high is None else None
            if parsed is not None and parsed != value:
                problems.append(Problem(case, where, f"value {value} disagrees with its text {text!r} ({parsed})"))
    return problems


def _check_dates(gold: dict[str, Any], case: str) -> list[Problem]:
    problems = []
    for i, incident in enumerate(gold.get("incidents") or []):
        date = incident.get("date") if isinstance(incident, dict) else None
        if isinstance(date, dict) and isinstance(date.get("partial"), str) and isinstance(date.get("start"), str):
            problems.append(Problem(case, f"incidents[{i}].date.partial",
                                    "partial is only for a date with no fixable year; start is set (R-DATE-3)"))
        if not isinstance(date, dict) or not isinstance(date.get("start"), str) or date.get("precision") != "day":
            continue
        try:
            day = dt.date.fromisoformat(date["start"])
        except ValueError:
            continue
        quotes = " ".join(q for q in date.get("evidence") or [] if isinstance(q, str)).lower()
        stated = [w for w in WEEKDAYS if re.search(rf"\b{w}\b", quotes)]
        if len(stated) == 1 and WEEKDAYS[day.weekday()] != stated[0]:
            problems.append(Problem(case, f"incidents[{i}].date.start",
                                    f"{day} is a {WEEKDAYS[day.weekday()].title()}, but its quote says {stated[0].title()}"))
    return problems


def check_dataset(name_or_path: str | Path) -> list[Problem]:
    """Every problem in a dataset's gold, by case and field; an empty list means it is clean."""
    try:
        root = resolve_dataset_dir(name_or_path)
        manifest = tomllib.loads((root / "manifest.toml").read_text(encoding="utf-8"))
        schema = schema_for_task(str(manifest.get("task")), manifest)
        cases_file = _inside(root, manifest.get("cases", "cases.jsonl"), "manifest.toml", "cases")
        lines = cases_file.read_text(encoding="utf-8").splitlines()
    except (DatasetError, OSError, tomllib.TOMLDecodeError) as exc:
        return [Problem(str(name_or_path), "manifest", str(exc))]
    problems: list[Problem] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        case = f"line {n}"
        try:
            raw = json.loads(line)
            case = str(raw["id"])
            article = _inside(root, raw.get("article"), f"line {n}", "article").read_text(encoding="utf-8")
            if raw.get("gold") is None:
                continue
            gold_path = _inside(root, raw["gold"], case, "gold")
            if not gold_path.is_file():
                problems.append(Problem(case, "gold", f"gold file {raw['gold']} is missing"))
                continue
            gold = validate_gold(read_gold_json(gold_path, where=case), schema, where=case)
        except (DatasetError, OSError, KeyError, ValueError) as exc:
            problems.append(Problem(case, "case", str(exc)))
            continue
        for path, quote in _walk_evidence(gold, plan_for(schema), ""):
            if quote not in article:
                problems.append(Problem(case, path, f"quote not found verbatim in the article: {quote!r}"))
            elif "\n" in quote:
                problems.append(Problem(case, path, f"quote spans a line break; quote each line's part (R-EVID-2): {quote!r}"))
        problems += _check_figures(gold, case) + _check_dates(gold, case)
    return problems


@dataclass
class Migration:
    version: int
    total: int = 0
    migrated: list[tuple[str, int]] = field(default_factory=list)
    """(gold path relative to the dataset, the version it was written in), per file brought forward."""


def migrate_dataset(name_or_path: str | Path, *, write: bool = True) -> Migration:
    """Upgrade every gold file older than the task schema and stamp it with the current version.

    Each upgraded file is validated before it is written, so a migration never leaves invalid gold.
    """
    root = resolve_dataset_dir(name_or_path)
    try:
        manifest = tomllib.loads((root / "manifest.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{root}/manifest.toml is not valid TOML: {exc}") from None
    schema = schema_for_task(str(manifest.get("task")), manifest)
    report = Migration(version=schema_version(schema))
    cases_file = _inside(root, manifest.get("cases", "cases.jsonl"), "manifest.toml", "cases")
    for line in cases_file.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line) if line.strip() else {}
        if raw.get("gold") is None:
            continue
        path = _inside(root, raw["gold"], str(raw.get("id")), "gold")
        if not path.is_file():
            continue
        report.total += 1
        where = f"case {raw.get('id')} ({raw['gold']})"
        data = read_gold_json(path, where=where)
        if not isinstance(data, dict):
            raise DatasetError(f"{where}: gold must be a JSON object")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GoldUpgradeNotice)
            upgraded, found = upgrade_gold(data, schema, where=where)
            if found == report.version:
                continue
            upgraded = {GOLD_VERSION: report.version, **{k: v for k, v in upgraded.items() if k != GOLD_VERSION}}
            validate_gold(upgraded, schema, where=where)
        report.migrated.append((str(raw["gold"]), found))
        if write:
            path.write_text(json.dumps(upgraded, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report
