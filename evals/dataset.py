"""Load an eval dataset (manifest.toml + cases.jsonl + articles + gold) by folder name or path.

Every path in a manifest or case is relative to the dataset folder and may not leave it; gold
is validated against the task's schema on load, so errors name the case and the field.
A dataset is data: its manifest may name only registered schemas (the built-in tasks') and
registered metrics; naming other Python needs --trust-project ($SUMMARIZER_TRUST_PROJECT=1).
"""

from __future__ import annotations

import importlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer import environment
from summarizer.article import ArticleMeta
from summarizer.errors import ConfigError, DatasetError
from summarizer.evals.gold import read_gold_json, validate_gold

__all__ = ["Case", "Dataset", "DATASETS_ENV", "builtin_datasets", "dataset_roots", "load_dataset", "resolve_dataset_dir", "schema_for_task"]


@dataclass(frozen=True)
class Case:
    """One article of a dataset and its gold (None when the case is unlabeled)."""

    id: str
    article_path: Path
    meta: ArticleMeta
    gold: dict[str, Any] | None
    gold_path: Path | None

    @property
    def text(self) -> str:
        """The article as UTF-8 text; any other encoding is this case's one-line DatasetError."""
        data = self.article_path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DatasetError(
                f"case {self.id}: article {self.article_path.name} is not UTF-8 (byte 0x{data[exc.start]:02x} "
                f"at offset {exc.start}); re-save it as UTF-8"
            ) from None


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path
    task: str
    schema: type[BaseModel]
    manifest: dict[str, Any]
    cases: list[Case] = field(default_factory=list)

    @property
    def labeled(self) -> list[Case]:
        return [c for c in self.cases if c.gold is not None]

    @property
    def metrics(self) -> list[str]:
        """Extra metric functions ('module.path:function') the manifest declares."""
        return [str(m) for m in self.manifest.get("metrics", [])]


DATASETS_ENV = "SUMMARIZER_DATASETS"

REGISTERED_METRICS = frozenset({"summarizer.evals.muc4.metrics:muc4_metrics"})
"""Metric functions any manifest may name; other code only with --trust-project."""


def code_allowed() -> bool:
    """The user's explicit opt-in to a manifest naming Python outside the registries."""
    return environment.trust_project()


def _registered(ref: str, known: frozenset[str], what: str, where: str, *, ok: bool = False) -> None:
    if not ok and ref not in known and not code_allowed():
        raise DatasetError(
            f"{where}: {what} {ref!r} is not registered (known: {', '.join(sorted(known))}); a dataset is data and may "
            "not name other Python: use a registered one, or pass --trust-project if you trust this dataset's code"
        )


def dataset_roots() -> list[Path]:
    """Folders searched for datasets by name, first match wins.

    Datasets hold third-party text and do not ship in the wheel: they are found in the folders
    named by $SUMMARIZER_DATASETS (os.pathsep-separated), then in the package's own evals/datasets
    (present in a clone and an editable install), then in ./evals/datasets (a clone's root, when the
    installed wheel runs there).
    """
    roots = [Path(p).expanduser() for p in os.environ.get(DATASETS_ENV, "").split(os.pathsep) if p]
    roots.append(Path(str(resources.files("summarizer.evals").joinpath("datasets"))))
    roots.append(Path.cwd() / "evals" / "datasets")
    unique: list[Path] = []
    for root in roots:
        if root.is_dir() and not any(root.resolve() == seen.resolve() for seen in unique):
            unique.append(root)
    return unique


def builtin_datasets() -> list[str]:
    """Names of the datasets found in dataset_roots(), sorted."""
    names = {p.name for root in dataset_roots() for p in root.iterdir() if (p / "manifest.toml").is_file()}
    return sorted(names)


def resolve_dataset_dir(name_or_path: str | Path) -> Path:
    """A folder holding manifest.toml, or the name of a folder under evals/datasets."""
    path = Path(name_or_path)
    if (path / "manifest.toml").is_file():
        return path.resolve()
    if "/" not in str(name_or_path):
        for root in dataset_roots():
            named = root / str(name_or_path)
            if (named / "manifest.toml").is_file():
                return named.resolve()
    known = ", ".join(builtin_datasets()) or "none found"
    raise DatasetError(
        f"no dataset at {name_or_path!r}: give a folder with manifest.toml, one of: {known} "
        f"(searched ${DATASETS_ENV}, the package and ./evals/datasets)"
    )


def schema_for_task(task: str, manifest: dict[str, Any] | None = None) -> type[BaseModel]:
    """The manifest's own `schema = "module:Class"`, else the registered task's schema."""
    ref = (manifest or {}).get("schema")
    if ref is not None and not isinstance(ref, str):
        raise DatasetError(f"manifest schema must be a 'module:Class' string, got {ref!r}")
    if isinstance(ref, str):
        from summarizer.tasks import is_registered_schema, registered_schemas

        _registered(ref, registered_schemas(), "schema", "manifest", ok=is_registered_schema(ref))
        module_name, _, attr = ref.partition(":")
        try:
            schema = getattr(importlib.import_module(module_name), attr, None)
        except ImportError as exc:
            raise DatasetError(f"manifest schema {ref!r} cannot be imported: {exc}") from None
        if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
            raise DatasetError(f"manifest schema {ref!r} is not a Pydantic model class")
        return schema
    from summarizer.tasks import get_task

    try:
        return get_task(task).schema
    except ConfigError as exc:
        raise DatasetError(f"dataset task {task!r}: {exc}") from None


def _inside(root: Path, rel: Any, where: str, what: str) -> Path:
    if not isinstance(rel, str) or not rel:
        raise DatasetError(f"{where}: {what} must be a relative path string, got {rel!r}")
    pure = PurePosixPath(rel.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or Path(rel).is_absolute() or any(":" in part for part in pure.parts[:1]):
        raise DatasetError(f"{where}: {what} {rel!r} escapes the dataset folder; use a path inside it")
    path = (root / pure).resolve()
    if not path.is_relative_to(root):
        raise DatasetError(f"{where}: {what} {rel!r} escapes the dataset folder (symlink?)")
    return path


def load_dataset(name_or_path: str | Path, *, schema: type[BaseModel] | None = None) -> Dataset:
    """Load and validate a dataset; raises DatasetError naming the case and field on any problem."""
    root = resolve_dataset_dir(name_or_path)
    try:
        manifest = tomllib.loads((root / "manifest.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{root}/manifest.toml is not valid TOML: {exc}") from None
    missing = [k for k in ("name", "task") if not isinstance(manifest.get(k), str)]
    if missing:
        raise DatasetError(f"{root}/manifest.toml lacks {missing} (see evals/DATASETS.md)")
    metrics = manifest.get("metrics", [])
    if not isinstance(metrics, list) or not all(isinstance(m, str) for m in metrics):
        raise DatasetError(f"{root}/manifest.toml: metrics must be a list of 'module:function' strings")
    for ref in metrics:
        _registered(ref, REGISTERED_METRICS, "metric", f"{root}/manifest.toml")
    try:
        schema = schema or schema_for_task(manifest["task"], manifest)
    except DatasetError as exc:
        raise DatasetError(f"{root}/manifest.toml: {str(exc).removeprefix('manifest: ')}") from None
    cases_file = _inside(root, manifest.get("cases", "cases.jsonl"), f"{root}/manifest.toml", "cases")
    if not cases_file.is_file():
        raise DatasetError(f"dataset {manifest['name']}: no cases file at {cases_file}")
    cases: list[Case] = []
    seen: set[str] = set()
    for lineno, line in enumerate(cases_file.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = _load_case(root, line, f"{cases_file.name}:{lineno}", schema)
            if case.id in seen:
                raise DatasetError(f"{cases_file.name}:{lineno}: duplicate case id {case.id!r}")
            seen.add(case.id)
            cases.append(case)
    return Dataset(name=manifest["name"], path=root, task=manifest["task"], schema=schema, manifest=manifest, cases=cases)


def _load_case(root: Path, line: str, where: str, schema: type[BaseModel]) -> Case:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: not valid JSON: {exc}") from None
    except RecursionError:
        raise DatasetError(f"{where}: the case's JSON is nested too deeply: give one flat object per line") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise DatasetError(f"{where}: a case needs a string 'id'")
    cid = raw["id"]
    where = f"case {cid} ({where})"
    article = _inside(root, raw.get("article"), where, "article")
    if not article.is_file():
        raise DatasetError(f"{where}: article file {raw['article']!r} not found")
    try:
        meta = ArticleMeta.model_validate({"id": cid, **(raw.get("metadata") or {})})
    except ValidationError as exc:
        raise DatasetError(f"{where}: metadata: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}") from None
    gold: dict[str, Any] | None = None
    gold_path: Path | None = None
    if raw.get("gold") is not None:
        gold_path = _inside(root, raw["gold"], where, "gold")
        if gold_path.is_file():
            data = read_gold_json(gold_path, where=where)
            gold = validate_gold(data, schema, where=f"case {cid} ({raw['gold']})")
    return Case(id=cid, article_path=article, meta=meta, gold=gold, gold_path=gold_path)
