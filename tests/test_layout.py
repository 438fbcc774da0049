"""Import contracts: each folder is one idea, arrows point one way, no module reaches into another's privates.

Walks the source with ast (imports inside functions count too), so a lazy import cannot dodge a rule.
The folders behind summarizer/schemas, summarizer/evals and summarizer/prompts are the real
top-level ones (the package holds links to them).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"summarizer": ROOT / "summarizer", "summarizer.schemas": ROOT / "schemas", "summarizer.evals": ROOT / "evals"}


def _modules() -> Iterator[tuple[str, Path]]:
    for prefix, folder in SOURCES.items():
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(folder).with_suffix("").parts
            if prefix == "summarizer" and rel[0] in ("schemas", "evals", "prompts"):
                continue  # the links: walked from their real folders
            if any(part in ("datasets", "demo") for part in rel):
                continue  # dataset folders may hold users' metric scripts
            name = ".".join((prefix, *rel))
            yield name.removesuffix(".__init__"), path


MODULES = dict(_modules())


def _imports(name: str, path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every summarizer import in a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("summarizer"):
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            if base.startswith("summarizer"):
                for alias in node.names:
                    yield base, alias.name, node.lineno


EDGES = [(name, target, imported, line) for name, path in MODULES.items() for target, imported, line in _imports(name, path)]


def _under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


CORE_EXCLUDED = ("summarizer.evals", "summarizer.report", "summarizer.cli")
EXCEPTIONS = {("summarizer.export.tables", "summarizer.evals.muc4.incident_map")}
"""Deliberate: the actor table exports a MUC-4 confidence column, computed where MUC-4 terms live."""


CONTRACTS = [
    # (who, may not import, why)
    (lambda m: not _under(m, *CORE_EXCLUDED), ("summarizer.evals", "summarizer.report", "summarizer.cli"),
     "the library core knows nothing of evals, HTML pages or the command line"),
    (lambda m: _under(m, "summarizer.evals"), ("summarizer.cli", "summarizer.report"),
     "evals are a library: the CLI and the pages read them, not the other way round"),
    (lambda m: _under(m, "summarizer.report"), ("summarizer.cli",), "pages are rendered for the CLI, never by it"),
    (lambda m: _under(m, "summarizer.evals.scoring"),
     ("summarizer.evals.runs", "summarizer.evals.runner", "summarizer.evals.evaluate", "summarizer.evals.dataset",
      "summarizer.evals.tables", "summarizer.evals.predictions", "summarizer.evals.muc4", "summarizer.api"),
     "scoring compares records; it does not know runs, datasets or how records were made"),
    (lambda m: _under(m, "summarizer.evals.runs"), ("summarizer.evals.runner", "summarizer.evals.evaluate", "summarizer.api"),
     "the run log is read by everyone and reads no one's logic"),
]  # fmt: skip


@pytest.mark.parametrize("who, forbidden, why", CONTRACTS, ids=[c[2] for c in CONTRACTS])
def test_import_contract(who: object, forbidden: tuple[str, ...], why: str) -> None:
    assert callable(who)
    broken = [f"{m}:{line} imports {target}" for m, target, _, line in EDGES
              if who(m) and _under(target, *forbidden) and (m, target) not in EXCEPTIONS]
    assert not broken, f"{why}:\n" + "\n".join(broken)


def test_schemas_import_only_field_types() -> None:
    allowed = ("summarizer.evidence", "summarizer.roles", "summarizer.schemas")
    broken = [f"{m}:{line} imports {t}" for m, t, _, line in EDGES if _under(m, "summarizer.schemas") and not _under(t, *allowed)]
    assert not broken, "a task schema is data: its field types and roles only\n" + "\n".join(broken)


def _package_of(module: str) -> str:
    return module.rpartition(".")[0]


def test_no_module_imports_another_packages_private_names() -> None:
    """`from x import _name` is allowed inside one package only (its modules share a private)."""
    broken = [
        f"{m}:{line} imports {target}.{name}"
        for m, target, name, line in EDGES
        if name and re.match(r"_[a-z]", name) and _package_of(m) != _package_of(target) and _package_of(m) != target
    ]
    assert not broken, "\n".join(broken)


def test_the_contracts_see_the_whole_tree() -> None:
    """A walk that silently found nothing would pass every contract."""
    assert {"summarizer.api", "summarizer.schemas.incident", "summarizer.evals.runs", "summarizer.evals.scoring.plan",
            "summarizer.report.adapter", "summarizer.cli.eval_cmd"} <= set(MODULES)  # fmt: skip
    assert any(m == "summarizer.cli.eval_cmd" and t == "summarizer.evals.runs" for m, t, _, _ in EDGES)


def test_no_test_silences_an_attribute_error() -> None:
    """Typed records reach the tests: none silences mypy's attr-defined check (run `mypy tests`)."""
    needle = "type: ignore[attr" + "-defined]"
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py") if needle in p.read_text(encoding="utf-8")]
    assert not offenders
