"""A task is a schema plus a prompt. Built-ins ship in the package; users add theirs in config.

A user task is a folder with task.toml, system.j2 and user.j2 named under [tasks.NAME] in the
config; its schema is `module:Class` (importable) or a class in a .py file given as schema_path.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from summarizer.config import Config
from summarizer.errors import ConfigError

__all__ = ["Task", "get_task", "builtin_tasks", "is_registered_schema", "registered_schemas"]


@dataclass(frozen=True)
class Task:
    name: str
    schema: type[BaseModel]
    version: str
    description: str
    system_template: str
    user_template: str

    @property
    def schema_name(self) -> str:
        return self.schema.__name__


def builtin_tasks() -> list[str]:
    root = resources.files("summarizer.prompts")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("task.toml").is_file())


def registered_schemas() -> frozenset[str]:
    """The 'module:Class' schemas of the built-in tasks: the only ones untrusted data may name."""
    root = resources.files("summarizer.prompts")
    return frozenset(
        str(tomllib.loads(root.joinpath(name, "task.toml").read_text(encoding="utf-8"))["schema"]) for name in builtin_tasks()
    )


def is_registered_schema(ref: str) -> bool:
    """A built-in task's schema, or any class of the package's own schema modules (summarizer.schemas.*):
    naming one imports only code that ships with summarizer."""
    module = ref.partition(":")[0]
    return ref in registered_schemas() or (module.startswith("summarizer.schemas.") and module.replace(".", "").isidentifier())


def _import_schema(ref: str, schema_path: Path | None, task: str) -> type[BaseModel]:
    module_name, sep, attr = ref.partition(":")
    if not sep:
        raise ConfigError(f"task {task!r}: schema must be 'module:Class', got {ref!r}")
    try:
        if schema_path is not None:
            # One import identity per file: register it under a stable name derived from the task.
            unique = f"summarizer_user_tasks.{task}"
            module = sys.modules.get(unique)
            if module is None:
                spec = importlib.util.spec_from_file_location(unique, schema_path)
                if spec is None or spec.loader is None:
                    raise ConfigError(f"task {task!r}: cannot load schema file {schema_path}")
                module = importlib.util.module_from_spec(spec)
                sys.modules[unique] = module
                spec.loader.exec_module(module)
        else:
            module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"task {task!r}: cannot import schema module {module_name!r}: {exc}") from None
    schema = getattr(module, attr, None)
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        raise ConfigError(f"task {task!r}: {ref} is not a Pydantic model class")
    return schema


def _load(name: str, folder_files: dict[str, str], schema_path: Path | None, where: str, *, trusted: bool = True) -> Task:
    try:
        meta = tomllib.loads(folder_files["task.toml"])
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}/task.toml is not valid TOML: {exc}") from None
    missing = {"version", "schema"} - set(meta)
    if missing:
        raise ConfigError(f"{where}/task.toml lacks {sorted(missing)}")
    if not trusted and not is_registered_schema(str(meta["schema"])):
        from summarizer.trust import OPT_IN

        raise ConfigError(
            f"{where}/task.toml: schema {meta['schema']!r} would import Python named by a working-directory config: "
            f"use a class of summarizer.schemas such as {', '.join(sorted(registered_schemas()))}, or {OPT_IN}"
        )
    return Task(
        name=name,
        schema=_import_schema(str(meta["schema"]), schema_path, name),
        version=str(meta["version"]),
        description=str(meta.get("description", "")),
        system_template=folder_files["system.j2"],
        user_template=folder_files["user.j2"],
    )


def get_task(name: str, config: Config | None = None) -> Task:
    config = config or Config()
    files = ("task.toml", "system.j2", "user.j2")
    if name in config.tasks:
        entry = config.tasks[name]
        folder = entry.prompt_dir
        absent = [f for f in files if not (folder / f).is_file()]
        if absent:
            raise ConfigError(f"task {name!r}: {folder} lacks {absent}")
        texts = {f: (folder / f).read_text(encoding="utf-8") for f in files}
        return _load(name, texts, entry.schema_path, str(folder), trusted=config.trusted)
    task = _builtin(name)
    if task is None:
        known = ", ".join(builtin_tasks() + sorted(config.tasks))
        raise ConfigError(f"unknown task {name!r}; known tasks: {known}")
    return task


@functools.cache
def _builtin(name: str) -> Task | None:
    """A built-in task, read and parsed once per process (its files ship with the package)."""
    root = resources.files("summarizer.prompts").joinpath(name)
    if not root.joinpath("task.toml").is_file():
        return None
    texts = {f: root.joinpath(f).read_text(encoding="utf-8") for f in ("task.toml", "system.j2", "user.j2")}
    return _load(name, texts, None, f"prompts/{name}")
