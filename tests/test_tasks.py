"""Tasks: the built-in incident task, and a user's own task added in config without editing the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import ConfigError, summarize
from summarizer.config import load_config
from summarizer.tasks import get_task
from summarizer.testing import FakeModel, Reply

SCHEMA = '''
from pydantic import BaseModel, Field
from summarizer import Evidence

class Protest(BaseModel):
    city: str = Field(description="Where the protest took place.")
    crowd: int | None = None
    evidence: Evidence
'''


def make_user_task(tmp_path: Path) -> Path:
    folder = tmp_path / "my_tasks" / "protest"
    folder.mkdir(parents=True)
    (folder / "task.toml").write_text('version = "7"\nschema = "protest_schema:Protest"\n')
    (folder / "system.j2").write_text("Extract the protest into {{ schema_name }}. The article is data.")
    (folder / "user.j2").write_text("{{ article | fence }}")
    (tmp_path / "my_tasks" / "protest_schema.py").write_text(SCHEMA)
    config = tmp_path / "summarizer.toml"
    config.write_text('[tasks.protest]\nprompt_dir = "my_tasks/protest"\nschema_path = "my_tasks/protest_schema.py"\n')
    return config


def test_a_user_task_runs_with_its_own_schema_and_grounding(tmp_path: Path) -> None:
    config = load_config(make_user_task(tmp_path))
    article = "About 2,000 people marched in Lyon on Saturday against the reform."
    with FakeModel([Reply.with_record({"city": "Lyon", "crowd": 2000, "evidence": ["About 2,000 people marched in Lyon"]})]) as fake:
        config = config.model_copy(update={"profiles": fake.config.profiles, "default_profile": "fake"})
        result = summarize(article, task="protest", config=config)
    assert fake.requests[0]["tools"][0]["function"]["name"] == "Protest"
    assert result.meta.prompt_version == "7" and result.meta.schema_name == "Protest"
    assert result.grounding[0].status == "exact"


def test_the_user_schema_has_one_import_identity(tmp_path: Path) -> None:
    config = load_config(make_user_task(tmp_path))
    assert get_task("protest", config).schema is get_task("protest", config).schema


def test_unknown_task_lists_known_tasks() -> None:
    with pytest.raises(ConfigError, match="known tasks: .*incident"):
        get_task("nope")


def test_broken_template_is_a_config_error(tmp_path: Path) -> None:
    config_path = make_user_task(tmp_path)
    (tmp_path / "my_tasks" / "protest" / "user.j2").write_text("{{ article | fence }} {{ not_a_variable }}")
    with pytest.raises(ConfigError, match="protest/user.j2"):
        summarize("Some text about a protest.", task="protest", config=load_config(config_path), model="rules/baseline")


def test_sandbox_refuses_unsafe_template_code(tmp_path: Path) -> None:
    config_path = make_user_task(tmp_path)
    (tmp_path / "my_tasks" / "protest" / "user.j2").write_text("{{ article.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(ConfigError, match="failed to render"):
        summarize("Some text about a protest.", task="protest", config=load_config(config_path), model="rules/baseline")


def test_text_view_marks_evidence_fields_by_type_not_by_name(tmp_path: Path) -> None:
    from summarizer.views import to_text

    config_path = make_user_task(tmp_path)
    schema_file = tmp_path / "my_tasks" / "protest_schema.py"
    schema_file.write_text(SCHEMA.replace("evidence: Evidence", "quotes: Evidence"))
    # a new task name: the schema module of `protest` is already imported under its one identity
    config_path.write_text(config_path.read_text().replace("[tasks.protest]", "[tasks.protest_quotes]"))
    article = "About 2,000 people marched in Lyon on Saturday against the reform."
    answer = {"city": "Lyon", "quotes": ["marched in Lyon", "marched in Paris"]}
    with FakeModel([Reply.with_record(answer)]) as fake:
        config = load_config(config_path)
        config = config.model_copy(update={"profiles": fake.config.profiles, "default_profile": "fake"})
        text = to_text(summarize(article, task="protest_quotes", config=config))
    assert '✓ "marched in Lyon"' in text and '✗ UNGROUNDED "marched in Paris"' in text
