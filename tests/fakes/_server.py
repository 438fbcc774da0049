"""The loopback HTTP machinery every fake shares: a script of answers, a record of requests."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Answer", "FakeServer", "Recorded", "Refusal"]


@dataclass
class Answer:
    """One scripted answer. `record`: the structured output to return, in whatever shape the
    request asked for. `status` != 200 (with `error`) answers an error in the provider's shape."""

    record: Any = None
    status: int = 200
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    stop: str | None = None
    """Provider-specific stop reason to report (e.g. 'length', 'max_tokens', 'MAX_TOKENS')."""
    usage: dict[str, int] = field(default_factory=dict)
    """Token counts to report, in the fake's own names (input, output, cached, reasoning, thoughts)."""
    text: str | None = None
    """Raw text to return instead of a record."""
    delay: float = 0.0
    """Seconds to wait before answering (a slow server, for deadline tests)."""


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Refusal(Exception):
    """Raised by a fake's checks: the request is one the real service refuses."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


class FakeServer:
    """Base: subclasses implement `handle(recorded) -> (status, headers, body)`.

    Refused requests are kept in `refused` (a test of a correct client asserts it stays empty).
    When the script runs out, the answer is a 500 saying so, so the test fails loudly.
    """

    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self.answers: deque[Answer] = deque(answers)
        self.requests: list[Recorded] = []
        self.refused: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # --- scripting -------------------------------------------------------------------------
    def add(self, *answers: Answer) -> None:
        with self._lock:
            self.answers.extend(answers)

    def next_answer(self) -> Answer | None:
        with self._lock:
            answer = self.answers.popleft() if self.answers else None
        if answer is not None and answer.delay:
            time.sleep(answer.delay)
        return answer

    # --- protocol, per subclass ----------------------------------------------------------
    def handle(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def error_body(self, status: int, message: str, **extra: Any) -> Any:
        raise NotImplementedError

    # --- server ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """What a client's config names: each protocol's fake adds its own path to `url`."""
        raise NotImplementedError

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def _dispatch(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(request)
        try:
            status, headers, body = self.handle(request)
        except Refusal as refusal:
            with self._lock:
                self.refused.append((request.path, refusal.message))
            status, headers, body = refusal.status, {}, self.error_body(refusal.status, refusal.message, **refusal.extra)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return status, headers, data

    def __enter__(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                status, headers, data = fake._dispatch(recorded)
                try:
                    self.send_response(status)
                    headers = {"Content-Type": "application/json", **headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a deadline test): nothing to answer

            do_POST = _serve
            do_GET = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def out_of_script(self) -> Refusal:
        return Refusal(500, f"{type(self).__name__}: script ran out after {len(self.requests)} request(s)")
