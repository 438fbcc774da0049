"""`summarizer config show`: which config file, profile, model, URL and key variable a call would use.

It reads the same lookup order a call does (summarizer.config) and says whether the key
variable is set, never its value: the key is read only to test that it is non-empty.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer import environment
from summarizer.cli._app import app
from summarizer.cli.summarize_cmd import ConfigOpt, ModelOpt, ProfileOpt
from summarizer.config import find_config_file, load_config, resolve_profile
from summarizer.model.registry import provider_spec
from summarizer.model.routing import key_env_for

__all__ = ["config_app", "describe"]

config_app = typer.Typer(name="config", help="The configuration a call would use.", no_args_is_help=True)
app.add_typer(config_app, name="config")


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


def describe(config: Path | None = None, profile: str | None = None, model: str | None = None) -> dict[str, Any]:
    """What a call with these options would run with; key variables by name and set-or-not only."""
    found = find_config_file(config)
    cfg = load_config(config)
    chosen = resolve_profile(cfg, profile, model)
    spec = provider_spec(chosen.provider, model=chosen.model)
    key_env = key_env_for(chosen, spec)
    profile_source = (
        "--profile" if profile else "--model" if model else
        f"${environment.PROFILE}" if environment.profile_name() else
        "default_profile" if cfg.default_profile else "none configured: the keyless rules baseline"
    )  # fmt: skip
    return {
        "config_file": str(found) if found else None,
        "config_source": "--config" if config else f"${environment.CONFIG}" if environment.config_file() and found else
        "working directory or user config dir" if found else "none found",
        "profile": chosen.name,
        "profile_source": profile_source,
        "model": chosen.model,
        "provider": spec.name,
        "base_url": chosen.base_url or spec.default_base_url,
        "key_variable": key_env,
        "key_set": bool(environment.secret(key_env)) if key_env else None,
        "test_base_url_override": environment.test_base_url() is not None,
        "data_dir": str(cfg.resolved_data_dir()),
    }  # fmt: skip


def _yes_no(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@config_app.command("show")
def show(
    config: ConfigOpt = None,
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="text or json.")] = ShowFormat.text,
) -> None:
    """Show the config file, profile, model, URL and key variable a call would use.

    Says whether the key variable is set; its value is never read out, printed or logged.
    """
    info = describe(config, profile, model)
    if format is ShowFormat.json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
        return
    labels = {
        "config_file": "config file", "config_source": "found by", "profile": "profile",
        "profile_source": "chosen by", "model": "model", "provider": "provider", "base_url": "URL",
        "key_variable": "key variable", "key_set": "key set", "test_base_url_override": f"${environment.TEST_BASE_URL}",
        "data_dir": "data dir",
    }  # fmt: skip
    width = max(len(v) for v in labels.values())
    for key, label in labels.items():
        sys.stdout.write(f"{label:<{width}}  {_yes_no(info[key])}\n")


