"""Small loopback servers for the model-layer tests. They import none of the project's code."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


class Loopback:
    """A ThreadingHTTPServer on 127.0.0.1 whose POST handler is `answer`; records paths and headers."""

    def __init__(self, answer: Handler) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.paths: list[str] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw or b"{}")
                outer.requests.append(body)
                outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                outer.paths.append(self.path)
                try:
                    outer.answer(self, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout): expected in these tests

        class S(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._httpd = S(("127.0.0.1", 0), H)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Loopback:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def chat_completion(record: dict[str, Any], request: dict[str, Any]) -> bytes:
    """An OpenAI chat completion carrying `record` as the forced tool call (or as JSON content)."""
    arguments = json.dumps(record)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message["tool_calls"] = [{"id": "c1", "type": "function", "function": {"name": name, "arguments": arguments}}]
    else:
        message["content"] = arguments
    return json.dumps({
        "id": "x", "object": "chat.completion", "created": 0, "model": request.get("model", "m"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if request.get("tools") else "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }).encode()


def trickle(handler: BaseHTTPRequestHandler, body: bytes, every_s: float = 1.0) -> None:
    """Headers at once, then the body one byte per `every_s`: each read is quick, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.flush()
    for i in range(len(body)):
        handler.wfile.write(body[i : i + 1])
        handler.wfile.flush()
        time.sleep(every_s)


def anthropic_rate_limited(handler: BaseHTTPRequestHandler, request: dict[str, Any]) -> None:
    """POST /v1/messages answered 429 in the shape Anthropic documents
    (https://docs.anthropic.com/en/api/errors: {"type": "error", "error": {"type": "rate_limit_error", ...}})."""
    body = json.dumps({"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit"}})
    send(handler, 429, body.encode(), "application/json", {"retry-after": "0", "request-id": "req_1"})
