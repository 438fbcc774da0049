"""README as a test: every fenced block of README.md runs here as printed.

How each block runs (README.md, 'Layout', says the same for readers):
- `python`: as a script, in a scratch folder; functions named test_* it defines are then called.
- `bash`: with `bash -euo pipefail`, the installed `summarizer` first on PATH.
- `toml`: parsed and loaded as a config file (summarizer.config.load_config), so a key the config
  model does not know fails.
- `text`: not run (tree listings, sample output).
A block preceded by `<!-- readme-test: ci (reason) -->` is run by .ci/run on a fresh clone instead
(it creates venvs; a test here checks .ci/run holds it verbatim); `<!-- readme-test: skip (reason) -->`
leaves a block out, saying why. A block in any other language, or with none, fails the suite.

The scratch folder holds `article.txt`, `article1.txt`, `article2.txt` (the seed article),
`articles.jsonl` (two of them), `results.jsonl` (the batch output of articles.jsonl) and, as `summarizer.toml`, the README's first TOML block with a
default_profile. Model calls reach a loopback fake through $SUMMARIZER_TEST_BASE_URL (see
summarizer.environment); it answers every request with the rules baseline's record for the
fenced article, so quotes ground as a real model's would have to.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer import summarize
from summarizer.config import load_config
from summarizer.errors import ConfigError
from summarizer.testing import FakeOpenAIServer, Reply

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SEED = ROOT / "evals" / "datasets" / "seed" / "articles" / "mali-jnim-ambush-2023-01-10.txt"
RUN = ("python", "bash", "toml")
LANGUAGES = (*RUN, "text")
MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<kind>skip|ci)\s*\((?P<reason>[^)]+)\)\s*-->$")
ANY_MARKER = re.compile(r"readme-test:")
FENCE = re.compile(r"^```(?P<lang>\S*)\s*$")


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int
    marker: str | None = None  # "skip" or "ci"
    reason: str | None = None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}-{self.lang or 'none'}"


class ReadmeError(AssertionError):
    """A README block that failed, or is written in a way this test cannot run."""


def parse_blocks(text: str) -> list[Block]:
    """Every fenced block, with the readme-test marker on the nearest non-blank line above."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise ReadmeError(f"README.md:{start + 1}: fence never closed")
        above = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        mark = MARKER.match(above)
        if mark is None and ANY_MARKER.search(above):
            raise ReadmeError(f"README.md:{start}: malformed marker {above!r}; write <!-- readme-test: skip (reason) -->")
        blocks.append(
            Block(match["lang"], "\n".join(body) + "\n", start + 1,
                  mark["kind"] if mark else None, mark["reason"].strip() if mark else None)  # fmt: skip
        )
        i += 1
    return blocks


def check_languages(blocks: list[Block]) -> None:
    for block in blocks:
        if block.marker is None and block.lang not in LANGUAGES:
            raise ReadmeError(
                f"{block.id}: a block in {block.lang or 'no language'!r} cannot run: mark it ```text, use one of "
                f"{', '.join(RUN)}, or put <!-- readme-test: skip (reason) --> above it"
            )


BLOCKS = parse_blocks(README.read_text(encoding="utf-8"))
RUNNABLE = [b for b in BLOCKS if b.marker is None and b.lang in RUN]


def _record_for(request: dict[str, Any], headers: dict[str, str]) -> Reply:
    """The fake model's answer: the rules baseline on the fenced article of the request."""
    import datetime as dt

    user = next(m["content"] for m in reversed(request["messages"]) if m["role"] == "user")
    fence = re.search(r"<(article-[0-9a-f]+)>\n(.*)\n</\1>", user, re.S)  # the per-article fence tag
    assert fence is not None, "no fenced article in the request"
    text = fence[2]
    when = re.search(r"publication date: (\d{4}-\d{2}-\d{2})", user)
    published = dt.date.fromisoformat(when[1]) if when else None
    record = summarize(text, model="rules/baseline", published=published, use_cache=False).record
    return Reply.with_record(record.model_dump(mode="json"))


@pytest.fixture(scope="module")
def fake_model() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(responder=_record_for) as server:
        yield server


def _sandbox_config() -> str:
    for block in BLOCKS:
        if block.lang == "toml" and "default_profile" in block.code:
            return block.code
    raise ReadmeError("README.md has no TOML block with default_profile to serve as the scratch summarizer.toml")


def build_template(where: Path, base_url: str) -> Path:
    """The scratch folder's contents, built once: articles, a JSONL of them, the config, and the
    batch output of that JSONL with that config (results.jsonl), as 'Many articles' makes it."""
    where.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    for name in ("article.txt", "article1.txt", "article2.txt"):
        shutil.copyfile(SEED, where / name)
    lines = [{"id": "a1", "text": seed, "published": "2023-01-12"}, {"id": "a2", "path": "article1.txt"}]
    (where / "articles.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    (where / "summarizer.toml").write_text(_sandbox_config(), encoding="utf-8")
    env = block_env(where, base_url)
    batch = [str(Path(sys.executable).parent / "summarizer"), "summarize", "--input", "articles.jsonl", "--output", "results.jsonl"]
    done = subprocess.run(batch, cwd=where, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and (where / "results.jsonl").is_file(), done.stderr
    shutil.rmtree(where / "data", ignore_errors=True)
    return where


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, fake_model: FakeOpenAIServer) -> Path:
    return build_template(tmp_path_factory.mktemp("readme-template"), fake_model.base_url)


def make_sandbox(where: Path, template: Path) -> Path:
    shutil.copytree(template, where, dirs_exist_ok=True)
    return where


def block_env(where: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_") and not k.endswith("_API_KEY")}
    env.pop("GEMINI_API_KEY", None)
    env |= {
        "SUMMARIZER_DATA_DIR": str(where / "data"),
        "SUMMARIZER_TEST_BASE_URL": base_url,
        # the scratch folder's summarizer.toml is the README's own example, written by "the user":
        # README's Providers section says to trust such a project once, so the blocks run trusted
        "SUMMARIZER_TRUST_PROJECT": "1",
        "XDG_CONFIG_HOME": str(where / "xdg"),  # no user config file is read
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "COLUMNS": "120",
    }
    return env


_PY_RUNNER = textwrap.dedent(
    """
    import runpy, sys
    ns = runpy.run_path(sys.argv[1], run_name="__main__")
    for name, value in list(ns.items()):
        if name.startswith("test_") and callable(value):
            value()
    """
)


def run_block(block: Block, where: Path, base_url: str, extra_env: dict[str, str] | None = None) -> None:
    """Run one block as printed; ReadmeError (with its output) when it fails."""
    env = block_env(where, base_url) | (extra_env or {})
    if block.lang == "toml":
        try:
            tomllib.loads(block.code)
            path = where / f"block-{block.line}.toml"
            path.write_text(block.code, encoding="utf-8")
            load_config(path)
        except (tomllib.TOMLDecodeError, ConfigError) as exc:
            raise ReadmeError(f"{block.id}: not a valid config: {exc}") from None
        return
    if block.lang == "python":
        script = where / f"block_{block.line}.py"
        script.write_text(block.code, encoding="utf-8")
        argv = [sys.executable, "-c", _PY_RUNNER, str(script)]
    elif block.lang == "bash":
        argv = ["bash", "-euo", "pipefail", "-c", block.code]
    else:
        raise ReadmeError(f"{block.id}: {block.lang!r} blocks are not run")
    done = subprocess.run(argv, cwd=where, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise ReadmeError(
            f"{block.id} exited {done.returncode}:\n{block.code}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
        )


def test_every_block_is_runnable_or_marked_with_a_reason() -> None:
    check_languages(BLOCKS)
    assert {b.lang for b in RUNNABLE} == set(RUN), "the README has python, bash and toml blocks, and all run"
    for block in BLOCKS:
        if block.marker is not None:
            assert block.reason, block.id


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_readme_block_runs_as_printed(block: Block, tmp_path: Path, template: Path, fake_model: FakeOpenAIServer) -> None:
    run_block(block, make_sandbox(tmp_path, template), fake_model.base_url)


def test_model_blocks_reached_the_fake_without_a_key(tmp_path: Path, template: Path, fake_model: FakeOpenAIServer) -> None:
    """The 'Calling from code' example names openai/gpt-4o-mini: its call reaches the loopback fake,
    and the key in OPENAI_API_KEY does not go with it (the fake is not OpenAI)."""
    example = next(b for b in RUNNABLE if b.lang == "python" and 'model="openai/gpt-4o-mini"' in b.code)
    before = len(fake_model.requests)
    run_block(example, make_sandbox(tmp_path, template), fake_model.base_url, {"OPENAI_API_KEY": "sk-readme-sentinel"})
    assert len(fake_model.requests) == before + 1
    assert fake_model.requests[-1]["model"] == "gpt-4o-mini"
    headers = {k.lower(): v for k, v in fake_model.headers[-1].items()}
    assert not any("sk-readme-sentinel" in v for v in headers.values()), headers


def test_ci_blocks_are_run_by_ci_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marked = [b for b in BLOCKS if b.marker == "ci"]
    assert marked, "the quick start and test commands are marked ci"
    for block in marked:
        for line in block.code.strip().splitlines():
            assert line in ci, f"{block.id}: .ci/run does not run {line!r}"


BROKEN = {
    "python": ("from summarizer import summarize\n", "from summarizer import summarise\n"),
    "bash": ("--concurrency 16", "--concurrency sixteen"),
    "toml": ('model = "openai/gpt-4o-mini"', 'model = "openai-gpt-4o-mini"'),
}


@pytest.mark.parametrize("lang", sorted(BROKEN))
def test_breaking_a_block_fails_the_suite(lang: str, tmp_path: Path, template: Path, fake_model: FakeOpenAIServer) -> None:
    old, new = BROKEN[lang]
    block = next(b for b in RUNNABLE if b.lang == lang and old in b.code)
    broken = Block(block.lang, block.code.replace(old, new, 1), block.line)
    with pytest.raises(ReadmeError, match=re.escape(block.id)):
        run_block(broken, make_sandbox(tmp_path, template), fake_model.base_url)


def test_an_unmarked_block_in_another_language_fails() -> None:
    for text in ("intro\n\n```\nmy_tasks/x.toml\n```\n", "```sh\nls\n```\n", "<!-- readme-test: skip -->\n```sh\nls\n```\n"):
        with pytest.raises(ReadmeError):
            check_languages(parse_blocks(text))
    marked = parse_blocks("<!-- readme-test: skip (needs a GPU) -->\n```sh\nnvidia-smi\n```\n")
    check_languages(marked)
    assert marked[0].marker == "skip" and marked[0].reason == "needs a GPU"
