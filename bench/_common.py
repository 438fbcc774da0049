"""Shared by the benchmarks: the fake server in its own process, the seed data, a config.

The server is summarizer.testing's FakeOpenAIServer started by `python bench/fake_server.py`
in a child process, so its request handling never competes with the measured client for
the GIL. It answers every chat request with the seed record after `--delay-ms`, and a POST
with {"stats": true} with how many chat requests it has served.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "tests" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
SEED_ANSWER: dict[str, Any] = json.loads((ROOT / "tests" / "fixtures" / "seed-answer.json").read_text(encoding="utf-8"))


class ServerProcess:
    """`with ServerProcess(delay_ms=50) as server:` -> server.base_url, server.requests()."""

    def __init__(self, delay_ms: float) -> None:
        self.delay_ms = delay_ms
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""

    def __enter__(self) -> Self:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "fake_server.py"), "--delay-ms", str(self.delay_ms)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"fake server did not start: {self.base_url!r}")
        return self

    def requests(self) -> int:
        """Chat requests the server has answered so far."""
        req = urllib.request.Request(
            self.base_url + "/chat/completions", data=b'{"stats": true}', headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return int(json.loads(resp.read())["requests"])

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


PROVIDERS = {"compat": "tools through instructor", "openai": "strict json_schema, the SDK called directly"}
"""Providers a benchmark can run: `compat` (the OpenAI-compatible default: tools mode, through
instructor) and `openai` (OpenAI's default: strict structured outputs, summarizer.providers.native)."""


def config_for(base_url: str, provider: str = "compat", **profile: Any) -> Any:
    from summarizer.config import Config

    if provider == "openai":
        os.environ.setdefault("OPENAI_API_KEY", "sk-bench-key-not-secret")  # sent only to the loopback fake
    model = f"{provider}/bench-model"
    return Config.model_validate(
        {
            "default_profile": "bench",
            "profiles": {"bench": {"name": "bench", "model": model, "base_url": base_url, **profile}},
            "prices": {model: {"input": 0.15, "output": 0.60}},
        }
    )


def articles(n: int) -> dict[str, str]:
    """n distinct articles (distinct cache keys), each containing every seed quote."""
    return {f"bench-{i:05d}": f"{SEED_TEXT}\n\nEditor's note {i}." for i in range(n)}


class ProjectWork:
    """What only the project does for an article besides the model call, done with its own
    functions: render, fence and hash the prompt (`prompt`), then ground the answer's quotes,
    serialize the result once and encode its results line (`line`). bench/own_cpu.py counts it
    alone; bench/throughput.py adds it to the design-card floor."""

    def __init__(self) -> None:
        from pydantic import BaseModel

        from summarizer.result import result_class
        from summarizer.tasks import get_task

        self.task = get_task("incident")
        self.result_type = result_class(BaseModel)

    def prompt(self, ident: str, text: str) -> tuple[Any, list[dict[str, str]], str]:
        """(the article, its rendered messages, their hash)."""
        from summarizer.article import Article, ArticleMeta
        from summarizer.prompting import render_messages, sha256

        task = self.task
        article = Article(text=text, meta=ArticleMeta(id=ident))
        messages = render_messages(task.system_template, task.user_template, article, task.schema_name, task.name)
        return article, messages, sha256(messages)

    def line(self, record: Any, article: Any, prompt_hash: str) -> bytes:
        """The article's results line for `record`, grounded against the article's text."""
        from summarizer.batch.output import encode_line
        from summarizer.grounding import ground
        from summarizer.result import ResultMeta, Usage, result_json

        task = self.task
        meta = ResultMeta(
            task=task.name, provider="compat", model="compat/bench-model", prompt_version=task.version,
            prompt_hash=prompt_hash, schema_name=task.schema_name, schema_hash="-", usage=Usage(requests=1),
        )  # fmt: skip
        result = self.result_type(record=record, article=article.meta, grounding=ground(record, article.text), meta=meta)
        return encode_line({"id": article.meta.id, "ok": True}, {"result": result_json(result)})
