"""Architecture checks: only the model layer touches cache/retry/rate limit; only the registry names providers."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import summarizer
from summarizer.model.registry import PROVIDERS

PACKAGE = Path(summarizer.__file__).resolve().parent
GUARDED = {"summarizer.cache", "summarizer.retry", "summarizer.ratelimit"}
MODEL_LAYER = ("summarizer/model/", "summarizer/providers/")
"""The layer (summarizer/model) and its adapters (summarizer/providers: they classify an attempt's
faults as retryable, retry.TransientFault)."""
CACHE_ADMIN = {"summarizer/cli/cache_cmd.py"}
"""`summarizer cache stats|clear` manages the store itself; it makes no model call."""
REGISTRY = "summarizer/model/registry.py"
SELF_NAMING = {("summarizer/baseline/__init__.py", "rules/baseline")}
"""The rules baseline, a leaf that imports nothing of the model layer, names its own model id."""


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for root, dirs, files in os.walk(PACKAGE, followlinks=True):  # schemas/, prompts/, evals/ are links
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(root) / name
                rel = "summarizer/" + path.relative_to(PACKAGE).as_posix()
                found.append((rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)))
    return found


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_model_layer_imports_cache_retry_and_ratelimit() -> None:
    offenders = []
    for rel, tree in _modules():
        if rel.startswith(MODEL_LAYER) or rel.removeprefix("summarizer/").removesuffix(".py").replace("/", ".") in {
            g.removeprefix("summarizer.") for g in GUARDED
        }:
            continue
        used = _imports(tree) & GUARDED
        if rel in CACHE_ADMIN:
            used -= {"summarizer.cache"}
        if used:
            offenders.append(f"{rel}: {sorted(used)}")
    assert not offenders, "import these through summarizer.model.layer instead:\n" + "\n".join(offenders)


def test_the_walk_sees_the_whole_package() -> None:
    files = {rel for rel, _ in _modules()}
    assert {"summarizer/api.py", "summarizer/batch/run.py", "summarizer/evals/runner.py", REGISTRY} <= files
    assert len(files) > 100


def _docstring_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_provider_names_appear_only_in_the_registry() -> None:
    """No string in the package equals a provider name, or starts with 'name/', outside the registry:
    a provider is one registry entry, never a special case elsewhere (docstrings may mention them)."""
    names = set(PROVIDERS)
    offenders = []
    for rel, tree in _modules():
        if rel == REGISTRY:
            continue
        docs = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                value = node.value
                if (rel, value) in SELF_NAMING:
                    continue
                if value in names or (value.split("/", 1)[0] in names and "/" in value and " " not in value):
                    offenders.append(f"{rel}:{node.lineno}: {value!r}")
    assert not offenders, "provider names belong in summarizer/model/registry.py:\n" + "\n".join(offenders)


def test_the_check_catches_a_special_case() -> None:
    tree = ast.parse('if profile.provider == "scripted":\n    pass\n')
    values = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert "scripted" in values and "scripted" in PROVIDERS


def test_the_providers_command_prints_every_registry_entry() -> None:
    from typer.testing import CliRunner

    from summarizer.cli._app import app

    result = CliRunner().invoke(app, ["providers"])
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(PROVIDERS)
    for spec, row in zip(PROVIDERS.values(), rows, strict=True):
        assert all(f"`{env}`" in row for env in spec.key_envs)
        assert spec.default_base_url is None or spec.default_base_url in row


def test_readme_shows_the_registry_table_as_printed() -> None:
    from summarizer.model.registry import markdown_table

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's provider table is stale: paste the output of `summarizer providers`"
