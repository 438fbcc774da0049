"""What the three batch fakes share: their knobs, their state, and the chat endpoint beside the batch API.

Only the machinery is here. Each provider's documented rules (what an upload, a batch or a line
may be, and the page that says so) stay in its own module: openai_batch.py, anthropic_batch.py,
gemini_batch.py. Like every fake, this imports nothing from `summarizer`.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._server import Answer, FakeServer, Recorded, Refusal

__all__ = ["BatchFake"]

Responder = Callable[[str, dict[str, Any]], Answer]


class BatchFake(FakeServer):
    """Placed before a provider's chat fake (`class XBatchFake(BatchFake, XFake)`), so `super()` is that fake.

    `respond(custom_id, body) -> Answer` answers each batch request (default: the script);
    `polls`: retrieves a batch answers "still running" before it ends; `outcome` how it ends;
    `on_create` / `on_chat` run before the fake answers (a test kills its client there);
    `max_requests` / `max_bytes` scale the documented limits down so a test can cross them with
    50 articles. Each fake's class attributes give the defaults: the documented limits and the
    outcome of a batch that runs to its end. Uploaded and produced files live on disk under `_dir`,
    removed on exit.
    """

    outcome: str
    max_requests: int | None = None
    max_bytes: int

    def __init__(
        self, answers: Any = (), *, respond: Responder | None = None, polls: int = 0, outcome: str | None = None,
        max_requests: int | None = None, max_bytes: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(answers)
        self.respond = respond
        self.polls = polls
        if outcome is not None:
            self.outcome = outcome
        if max_requests is not None:
            self.max_requests = max_requests
        if max_bytes is not None:
            self.max_bytes = max_bytes
        self.on_create: Callable[[], None] | None = None
        self.on_chat: Callable[[], None] | None = None
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.chat_requests = 0
        self._dir = Path(tempfile.mkdtemp(prefix=f"{type(self).__name__.lower()}-"))
        self._ids = 0
        self._batch_lock = threading.RLock()
        self._answer_lock = threading.Lock()

    def _id(self, prefix: str = "") -> str:
        with self._batch_lock:
            self._ids += 1
            return f"{prefix}{self._ids:06d}"

    # --- per provider ------------------------------------------------------------------------------
    def is_chat(self, path: str) -> bool:
        """True for the provider's live endpoint (chat completions, messages, generateContent)."""
        raise NotImplementedError

    def handle_batch(self, request: Recorded, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        """Every request that is not the live endpoint: files, batches, results."""
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------------------------
    def handle(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        path, _, qs = request.path.partition("?")
        if self.is_chat(path):
            self.chat_requests += 1
            if self.on_chat is not None:
                self.on_chat()
            return super().handle(request)
        query = dict(p.split("=", 1) for p in qs.split("&") if "=" in p)
        return self.handle_batch(request, path, query)

    def answer_as_chat(self, request: Recorded, answer: Answer, where: str) -> tuple[int, Any]:
        """One batch line through the live endpoint's own code path, `answer` at the head of the script:
        a line is checked and answered exactly as the live request would be. A refused line is
        recorded in `refused` under `where` and answered with `line_error`."""
        with self._answer_lock:
            self.answers.appendleft(answer)
            try:
                status, _headers, body = super().handle(request)
            except Refusal as refusal:
                with self._lock:
                    if self.answers and self.answers[0] is answer:
                        self.answers.popleft()
                    self.refused.append((where, refusal.message))
                return refusal.status, self.line_error(refusal)
            return status, body

    def line_error(self, refusal: Refusal) -> Any:
        """A refused line's error, as the provider writes it in the results (default: its error body)."""
        return self.error_body(refusal.status, refusal.message)

    def answer_for(self, key: str, body: dict[str, Any]) -> Answer:
        """The answer to one batch line: `respond`'s, else the script's, else a 500 saying it ran out."""
        answer = self.respond(key, body) if self.respond is not None else self.next_answer()
        return answer if answer is not None else Answer(status=500, error="fake: script ran out")

    def newest_first(self, after: str | None, limit: int, key: str = "id") -> tuple[list[dict[str, Any]], bool]:
        """A page of batch objects, newest first, starting after the one whose `key` is `after`: (page, has_more)."""
        objects = [state["object"] for state in reversed(list(self.batches.values()))]
        if after:
            ids = [o[key] for o in objects]
            objects = objects[ids.index(after) + 1:] if after in ids else []
        return objects[:limit], len(objects) > limit

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        shutil.rmtree(self._dir, ignore_errors=True)
