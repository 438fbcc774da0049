"""`scripted/PATH`: answers read from a JSONL file, served over a real loopback HTTP server.

Each line: {"article_id": ..., "contains": ..., "record": {...}} or {..., "content": "raw text"}.
The first line whose article_id equals the article's id, whose `contains` is a substring of
the request, or that has neither key, answers. The answer then goes through openai +
instructor exactly like a real provider's: parsing, validation, re-asks, grounding.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from summarizer.article import Article
from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import ProviderSpec
from summarizer.model.routing import Route
from summarizer.prompting import sha256
from summarizer.providers.llm import InstructorAPI
from summarizer.testing.server import FakeOpenAIServer, Reply

__all__ = ["ScriptedAPI", "load_script"]

ARTICLE_ID_HEADER = "x-summarizer-article-id"

_servers: dict[Path, FakeOpenAIServer] = {}
_lock = threading.Lock()


def load_script(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise ConfigError(f"scripted provider: no answers file at {path} (model 'scripted/PATH')")
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not JSON: {exc}") from None
        if not isinstance(entry, dict) or not ({"record", "content"} & set(entry)):
            raise ConfigError(f"{path}:{n}: each line needs 'record' or 'content'")
        entries.append(entry)
    return entries


def _responder(entries: list[dict[str, Any]]) -> Any:
    def respond(request: dict[str, Any], headers: dict[str, str]) -> Reply:
        article_id = headers.get(ARTICLE_ID_HEADER, "")
        text = json.dumps(request.get("messages", []), ensure_ascii=False)
        for entry in entries:
            has_id, has_contains = "article_id" in entry, "contains" in entry
            if (has_id and entry["article_id"] == article_id) or (
                has_contains and json.dumps(entry["contains"], ensure_ascii=False)[1:-1] in text
            ) or not (has_id or has_contains):
                if "record" in entry:
                    return Reply.with_record(entry["record"])
                return Reply.text(str(entry["content"]))
        return Reply.error(404, f"scripted provider: no answer for article {article_id or '(no id)'}")

    return respond


def _server_for(path: Path) -> FakeOpenAIServer:
    with _lock:
        server = _servers.get(path)
        if server is None:
            server = FakeOpenAIServer(responder=_responder(load_script(path))).start()
            _servers[path] = server
        return server


class ScriptedAPI(InstructorAPI):
    """The OpenAI-family adapter pointed at a loopback server that replays the answers file."""

    def __init__(self, profile: Profile, spec: ProviderSpec) -> None:
        self.path = Path(profile.model_name).expanduser().resolve()
        server = _server_for(self.path)
        super().__init__(profile, spec, Route(base_url=server.base_url, key_env=None))

    def request_headers(self, article: Article) -> dict[str, str]:
        return {ARTICLE_ID_HEADER: article.meta.id or ""}

    def cache_identity(self) -> str:
        """The answers decide the result: the file's bytes are part of the cache key."""
        return sha256(self.path.read_bytes().decode("utf-8", "replace"))
