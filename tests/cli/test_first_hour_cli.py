"""The first hour on the command line: one set of flags, help that reads as written, names that
suggest the right spelling, and `config show` saying what a call would use without any key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import SummarizerError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "evals" / "datasets" / "seed" / "articles" / "mali-jnim-ambush-2023-01-10.txt"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100", **(env or {})})
    code = result.exit_code
    if isinstance(result.exception, SummarizerError):
        code = result.exception.exit_code
    return code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("SUMMARIZER_CONFIG", "SUMMARIZER_PROFILE", "SUMMARIZER_TEST_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


COMMANDS = [["summarize"], ["eval", "run"], ["eval", "score"], ["label", "draft"], ["schema"], ["prompt"], ["config", "show"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_bool_metavars_and_every_readme_section_it_names_exists(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0, out
    assert "<bool>" not in out and "╭" not in out
    for section in re.findall(r"README, '([^']+)'", " ".join(out.split())):
        headings = re.findall(r"^#+ (.+)$", README, flags=re.M)
        assert section in headings, f"{' '.join(command)} --help names README section {section!r}, which does not exist"


def test_the_summarize_docstring_is_rewrapped_not_broken_mid_sentence() -> None:
    _, out, _ = invoke("summarize", "--help")
    paragraph = out.split("One FILE:", 1)[1].split("\n\n", 1)[0]
    lines = paragraph.splitlines()
    assert len(lines) >= 2 and all(len(line) > 60 for line in lines[:-1]), paragraph  # filled, not cut short
    assert "written as each finishes; rerunning with the same --output skips" in " ".join(paragraph.split())


def test_one_set_of_flags_across_summarize_and_eval() -> None:
    _, summarize_help, _ = invoke("summarize", "--help")
    _, eval_help, _ = invoke("eval", "run", "--help")
    for flag in (r"--cache <", r"-j, (-k, )?--concurrency", r"-m, --model", r"-p, --profile", r"-f, --format", r"--config <"):
        assert re.search(flag, summarize_help) and re.search(flag, eval_help), flag
    assert "--no-cache" not in summarize_help and "--cache-only" not in summarize_help  # hidden aliases


def test_cache_flag_and_its_old_spellings(tmp_path: Path) -> None:
    assert invoke("summarize", str(SEED), "--cache", "off")[0] == 0
    assert invoke("summarize", str(SEED), "--no-cache")[0] == 0  # the old spelling still works
    code, _, _ = invoke("summarize", str(SEED), "--cache", "use", "--no-cache")
    assert code == 2
    code, _, err = invoke("summarize", str(SEED), "--cache", "sometimes")
    assert code == 2 and "use" in err and "only" in err


def test_text_format_prints_yes_and_no() -> None:
    code, out, _ = invoke("summarize", str(SEED), "--format", "text")
    assert code == 0
    assert "year_inferred: yes" in out
    assert not re.search(r": (True|False)$", out, flags=re.M)


def test_unknown_profile_and_provider_suggest_the_close_name(tmp_path: Path) -> None:
    (tmp_path / "summarizer.toml").write_text('[profiles.openai]\nmodel = "openai/gpt-4o-mini"\n', encoding="utf-8")
    code, _, err = invoke("summarize", str(SEED), "--profile", "opnai")
    assert code == 3
    code, _, err = invoke("config", "show", "--profile", "opnai")
    assert code == 3
    with pytest.raises(Exception, match=r"did you mean 'openai'"):
        CliRunner().invoke(app, ["config", "show", "--profile", "opnai"], catch_exceptions=False)
    with pytest.raises(Exception, match=r"unknown provider 'antropic'.*did you mean 'anthropic'"):
        CliRunner().invoke(app, ["config", "show", "--model", "antropic/claude"], catch_exceptions=False)


def test_config_show_says_whether_the_key_is_set_never_its_value(tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('default_profile = "work"\n[profiles.work]\nmodel = "openai/gpt-4o-mini"\napi_key_env = "TEAM_KEY"\n', encoding="utf-8")
    code, out, _ = invoke("config", "show", "--config", str(config), env={"TEAM_KEY": "sk-sentinel-do-not-print"})
    assert code == 0
    assert "sk-sentinel" not in out
    assert re.search(r"^config file +.*team\.toml$", out, flags=re.M)
    assert re.search(r"^profile +work$", out, flags=re.M) and re.search(r"^chosen by +default_profile$", out, flags=re.M)
    assert re.search(r"^URL +https://api\.openai\.com/v1$", out, flags=re.M)
    assert re.search(r"^key variable +TEAM_KEY$", out, flags=re.M) and re.search(r"^key set +yes$", out, flags=re.M)
    code, out, _ = invoke("config", "show", "--config", str(config), "--format", "json", env={"TEAM_KEY": ""})
    info = json.loads(out)
    assert info["key_variable"] == "TEAM_KEY" and info["key_set"] is False and info["model"] == "openai/gpt-4o-mini"


def test_config_show_with_nothing_configured_names_the_baseline() -> None:
    code, out, _ = invoke("config", "show", "--format", "json")
    info = json.loads(out)
    assert code == 0 and info["config_file"] is None and info["model"] == "rules/baseline" and info["key_variable"] is None


def test_the_test_override_accepts_only_loopback(tmp_path: Path) -> None:
    code, _, _ = invoke("config", "show", "--model", "openai/gpt-4o-mini", env={"SUMMARIZER_TEST_BASE_URL": "https://evil.example/v1"})
    assert code == 3
    code, out, _ = invoke(
        "config", "show", "--model", "openai/gpt-4o-mini", "--format", "json",
        env={"SUMMARIZER_TEST_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "sk-x"},
    )  # fmt: skip
    info = json.loads(out)
    assert code == 0 and info["base_url"] == "http://127.0.0.1:9/v1" and info["key_variable"] is None
