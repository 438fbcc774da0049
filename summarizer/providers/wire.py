"""What happened on the wire during one attempt, and the guard on where credentials go.

Every SDK client the adapters build gets an httpx2 client from `http_client()`. Its hooks count
requests, note the last response's status and content type (so "answered HTML, not JSON" and
"refused before sending" can be told apart from model faults), and strip credential headers
from any request leaving the routed origin, or from every request when the route has no key.
Every response body and header is scrubbed of key values (summarizer.secrets) as it arrives, so a
server that echoes the key hands the SDK, instructor's logger and every error message `***`.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import os
import ssl
import time
from dataclasses import dataclass

import httpx2

from summarizer.model.routing import Route, origin
from summarizer.secrets import MASK, secret_values

__all__ = ["NotJSON", "WireLog", "http_client", "watch"]

CREDENTIAL_HEADERS = ("authorization", "x-api-key", "x-goog-api-key", "api-key")


class NotJSON(Exception):
    """A 2xx answer that is an HTML page: raised in the hook, so no SDK or re-ask parses it."""


@dataclass
class WireLog:
    sent: int = 0
    status: int | None = None
    content_type: str = ""
    head: str = ""

    @property
    def answered_html(self) -> bool:
        return "html" in self.content_type or self.head.lstrip().lower().startswith(("<!doctype", "<html"))


_current: contextvars.ContextVar[WireLog | None] = contextvars.ContextVar("summarizer_wire", default=None)


def watch() -> WireLog:
    """Start a fresh log for the current task's next attempt."""
    log = WireLog()
    _current.set(log)
    return log


class ScrubbingTransport(httpx2.AsyncBaseTransport):
    """Reads each response whole and masks every key value in its body and headers before anyone parses it.

    Provider answers are single JSON documents (no streaming is used), so reading them whole costs nothing.
    A response with nothing to mask is returned as read (rebuilding it cost more than the check).
    Either way it is read here, so the client never times its stream: `elapsed` (request sent to
    body read) is set here instead, as httpx sets it for a response it reads itself."""

    def __init__(self, inner: httpx2.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.perf_counter()
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        await response.aclose()
        secrets = [s.encode("utf-8") for s in secret_values()]
        if not any(secret in body or any(secret in v for _, v in response.headers.raw) for secret in secrets):
            # Nothing to mask (the usual case): the response as read, not a copy.
            response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
            return response
        for secret in secrets:
            body = body.replace(secret, MASK.encode())
        headers = [
            (k, _mask(v, secrets)) for k, v in response.headers.raw
            if k.lower() not in (b"content-length", b"content-encoding", b"transfer-encoding")
        ]  # fmt: skip  # the body is decoded and may have shrunk
        masked = httpx2.Response(
            response.status_code, headers=headers, content=body, extensions=response.extensions, request=request
        )
        masked.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        return masked

    async def aclose(self) -> None:
        await self.inner.aclose()


def _mask(value: bytes, secrets: list[bytes]) -> bytes:
    for secret in secrets:
        value = value.replace(secret, MASK.encode())
    return value


def http_client(route: Route, *, timeout: float, transport: httpx2.AsyncBaseTransport | None = None) -> httpx2.AsyncClient:
    """An httpx2 client for one SDK: optional in-process `transport` (the test seam), wire hooks."""
    allowed = route.origin

    async def on_request(request: httpx2.Request) -> None:
        log = _current.get()
        if log is not None:
            log.sent += 1
        if route.api_key is None or allowed is None or origin(str(request.url)) != allowed:
            for name in CREDENTIAL_HEADERS:
                request.headers.pop(name, None)

    async def on_response(response: httpx2.Response) -> None:
        log = _current.get()
        if log is None:
            return
        log.status = response.status_code
        log.content_type = response.headers.get("content-type", "").lower()
        if "json" not in log.content_type:
            await response.aread()
            log.head = response.text[:200]
            if response.is_success and log.answered_html:
                raise NotJSON(f"HTTP {response.status_code} {log.content_type}")

    return httpx2.AsyncClient(
        transport=ScrubbingTransport(transport if transport is not None else httpx2.AsyncHTTPTransport(verify=_tls_context())),
        timeout=timeout,
        event_hooks={"request": [on_request], "response": [on_response]},
        follow_redirects=False,
    )


def _tls_context() -> ssl.SSLContext:
    """httpx2's default TLS context, built once per certificate setting rather than per client.

    Loading the CA bundle takes ~50 ms of CPU on the event loop, and every summarize_many call
    builds a client; an SSLContext is safe to share between clients and threads."""
    return _tls_context_for(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.lru_cache(maxsize=4)
def _tls_context_for(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx2.create_ssl_context()  # reads SSL_CERT_FILE / SSL_CERT_DIR itself: the key above
