"""A fault-injecting OpenAI chat-completions server on 127.0.0.1, independent of the project.

It imports none of summarizer's code, so a fault the project mishandles cannot be hidden by a
shared helper. Each request gets a Fault, chosen by a function of the request (so a fault can
follow an article through its retries); the server counts every request it saw.

Wire format of a good answer: https://platform.openai.com/docs/api-reference/chat/object
(`choices` is a list of objects, each with a `message` object; a tool call carries its
arguments as a JSON string). Every fault below breaks that contract in one documented way.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "FaultServer", "good_body"]

KINDS = (
    "ok",  # a valid completion carrying the record
    "string_choices",  # 200 whose `choices` is a string, not a list
    "null_message",  # 200 whose choice has `message: null`
    "empty_choices",  # 200 with `choices: []`
    "html",  # 200 with an HTML page (a proxy's error page)
    "truncated_json",  # 200 whose JSON body stops halfway
    "bad_arguments",  # 200 whose tool-call arguments are not JSON
    "surrogate_answer",  # a valid record whose summary holds a lone surrogate (a legal JSON escape)
    "status",  # an HTTP error status with an OpenAI-style error body
    "reset",  # the connection is reset before any answer
    "slow",  # a valid completion, after `delay` seconds
)


@dataclass(frozen=True)
class Fault:
    kind: str = "ok"
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


def good_body(request: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """A chat.completion answering `request` with `record` (a tool call when tools were offered)."""
    arguments = json.dumps(record, ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    finish = "stop"
    tools = request.get("tools") or []
    if tools:
        name = tools[0]["function"]["name"]
        message["tool_calls"] = [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}]
        finish = "tool_calls"
    else:
        message["content"] = arguments
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(request.get("model", "fault-model")),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


def _answer(fault: Fault, request: dict[str, Any], record: dict[str, Any]) -> tuple[int, str, bytes]:
    if fault.kind == "surrogate_answer":
        record = {**record, "summary": str(record.get("summary", "")) + " \ud800"}
    body = good_body(request, record)
    if fault.kind in ("ok", "surrogate_answer", "slow"):
        return 200, "application/json", json.dumps(body).encode()
    if fault.kind == "string_choices":
        body["choices"] = "not a list"
        return 200, "application/json", json.dumps(body).encode()
    if fault.kind == "null_message":
        body["choices"][0]["message"] = None
        return 200, "application/json", json.dumps(body).encode()
    if fault.kind == "empty_choices":
        body["choices"] = []
        return 200, "application/json", json.dumps(body).encode()
    if fault.kind == "html":
        return 200, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    if fault.kind == "truncated_json":
        raw = json.dumps(body).encode()
        return 200, "application/json", raw[: len(raw) // 2]
    if fault.kind == "bad_arguments":
        calls = body["choices"][0]["message"].get("tool_calls")
        if calls:
            calls[0]["function"]["arguments"] = '{"incidents": [ {"summary": '
        else:
            body["choices"][0]["message"]["content"] = '{"incidents": [ {"summary": '
        return 200, "application/json", json.dumps(body).encode()
    # status
    error = {"error": {"message": f"injected {fault.status}", "type": "server_error", "code": fault.status}}
    return fault.status, "application/json", json.dumps(error).encode()


class FaultServer:
    """Answers each request with `choose(request)`'s fault; `requests` counts what arrived."""

    def __init__(self, record: dict[str, Any], choose: Callable[[dict[str, Any]], Fault]) -> None:
        self.record = record
        self.choose = choose
        self.requests = 0
        self.kinds: list[str] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FaultServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = json.loads(raw or b"{}")
                fault = server.choose(request)
                with server._lock:
                    server.requests += 1
                    server.kinds.append(fault.kind)
                if fault.kind == "reset":
                    # SO_LINGER with a zero timeout: close() sends RST instead of FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault.delay:
                    time.sleep(fault.delay)
                status, ctype, body = _answer(fault, request, server.record)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for key, value in fault.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            request_queue_size = 256
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()
