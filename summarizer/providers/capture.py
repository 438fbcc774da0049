"""The exact bytes an SDK would send for one request, captured in process and never sent.

`summarizer prompt --payload` uses it: the profile's adapter runs its real SDK over an httpx2
MockTransport that records the first request body and answers nothing useful, so what is printed
is what the provider would receive (tests compare it byte for byte with a protocol fake's record).
"""

from __future__ import annotations

import asyncio

import httpx2
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.config import Profile
from summarizer.providers.base import Messages, Request

__all__ = ["captured_body"]


def captured_body(profile: Profile, messages: Messages, schema: type[BaseModel], article: Article) -> tuple[str, bytes]:
    """(URL, body) of the first HTTP request the profile's adapter makes; no key is read or sent."""
    from summarizer.providers import build_api

    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(418, json={"error": {"message": "captured, not sent"}})

    keyless = profile.model_copy(update={"api_key_env": "", "transport_retries": 0, "reasks": 0})

    async def once() -> None:
        api = build_api(keyless, transport=httpx2.MockTransport(handler))
        try:
            await api.attempt(Request(messages=messages, schema=schema, article=article), timeout=keyless.timeout)
        except Exception:  # the 418 above: only the request matters here
            pass
        finally:
            await api.aclose()

    asyncio.run(once())
    if not seen:
        raise RuntimeError(f"{profile.model}: the adapter made no HTTP request")
    request = seen[0]
    return str(request.url), request.read()
