"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1.

The real openai + instructor stack talks to it over HTTP, so scripted answers go through the
same request building, parsing, validation, re-asks and retries as a real provider's. Tests,
demos (the `scripted/` provider) and users' own tests share it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Reply", "FakeOpenAIServer", "reply_for_request"]

Responder = Callable[[dict[str, Any], dict[str, str]], "Reply"]


@dataclass
class Reply:
    """One scripted HTTP answer. Build with the classmethods; `delay` is seconds before answering."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    record: Any = None  # answer with this record in whatever shape the request asks for
    content: str | None = None  # answer with this raw assistant text
    finish_reason: str = "stop"
    refusal: str | None = None
    usage: tuple[int, int] = (100, 50)

    @classmethod
    def with_record(cls, record: Any, **kw: Any) -> Reply:
        """The record as a tool call (tool mode) or as JSON text (JSON modes)."""
        if hasattr(record, "model_dump"):
            record = record.model_dump(mode="json")
        return cls(record=record, **kw)

    @classmethod
    def text(cls, content: str, **kw: Any) -> Reply:
        return cls(content=content, **kw)

    @classmethod
    def error(cls, status: int, message: str = "scripted error", headers: dict[str, str] | None = None) -> Reply:
        body = {"error": {"message": message, "type": "fake_server_error", "code": status}}
        return cls(status=status, body=body, headers=headers or {})

    @classmethod
    def refused(cls, reason: str = "I can't help with that.") -> Reply:
        return cls(content=None, refusal=reason)


def _completion(message: dict[str, Any], finish_reason: str, model: str, usage: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


def reply_for_request(reply: Reply, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    """Turn a Reply into the HTTP answer this particular request expects."""
    if reply.body is not None or reply.status != 200:
        return reply.status, reply.headers, json.dumps(reply.body or {}).encode()
    model = str(request.get("model", "fake-model"))
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": reply.refusal}
    finish = reply.finish_reason
    if reply.record is not None:
        arguments = json.dumps(reply.record, ensure_ascii=False)
        tools = request.get("tools") or []
        if tools:
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [
                {"id": "call_scripted", "type": "function", "function": {"name": name, "arguments": arguments}}
            ]
            finish = "tool_calls" if finish == "stop" else finish
        else:
            message["content"] = arguments
    elif reply.content is not None:
        message["content"] = reply.content
    body = _completion(message, finish, model, reply.usage)
    return 200, reply.headers, json.dumps(body).encode()


class FakeOpenAIServer:
    """Serves scripted replies in order (or from a responder function) and records every request.

    Use as a context manager; `base_url` goes into the provider config. When the script runs
    out, the server answers 500 with a message saying so, which makes a test fail loudly.
    """

    def __init__(self, replies: Iterable[Reply] = (), responder: Responder | None = None) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        port = self._httpd.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    def _next(self, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)
            if self.replies:
                return self.replies.popleft()
        if self.responder is not None:
            return self.responder(request, headers)
        return Reply.error(500, "FakeOpenAIServer: no scripted reply left for this request")

    def start(self) -> FakeOpenAIServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

            def log_message(self, format: str, *args: Any) -> None:  # silence stderr
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    request = {"_raw": raw.decode("utf-8", "replace")}
                reply = server._next(request, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay:
                    time.sleep(reply.delay)
                status, headers, body = reply_for_request(reply, request)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # benchmarks open many connections at once

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up mid-answer (timeouts, killed batches) is not an error here

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
