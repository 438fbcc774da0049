"""The model layer: the one way any caller (summarize, batch, eval run, label draft) reaches a model.

`Model` wraps a `ModelAPI` (summarizer.providers) and owns everything around one attempt:
- transport retries under a total deadline per request (`Profile.timeout`; `attempt_timeout`
  caps one try), backoff with jitter, Retry-After honoured up to `max_wait` by pausing the
  provider's lane (every request of this Model waits, none hammers the server meanwhile); a
  longer Retry-After fails the request told it, and pauses the lane for max_wait. Lane pauses
  do not count against `timeout`: they are bounded by `max_wait` instead;
- re-asks (instructor, inside an attempt; `reask_on_ungrounded` here), chunked articles;
- client-side rate limiting (summarizer.ratelimit), usage and cost (summarizer.cost);
- the response cache (summarizer.cache): lookup, store, a key versioned with the result format;
- events on the `summarizer` logger (summarizer.model.events).
Nothing else in the package imports the cache, retry or rate-limit modules (a test checks).
"""

from __future__ import annotations

import asyncio
import functools
import time
import weakref
from typing import Any

import httpx2
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.cache import CacheMode, ResponseCache, cache_mode, open_cache
from summarizer.chunking import merge_records, split_article
from summarizer.config import Config, Profile
from summarizer.cost import estimate_messages, fill_missing_usage, price_usage
from summarizer.errors import CacheMissError, TransportError
from summarizer.grounding import aground, ground
from summarizer.model import events
from summarizer.prompting import render_messages, schema_hash, sha256
from summarizer.providers import Completion, ModelAPI, Request, Tally, build_api
from summarizer.providers.base import cache_identity, request_headers
from summarizer.ratelimit import RateLimiter
from summarizer.result import (
    RESULT_VERSION,
    QuoteGrounding,
    ResultMeta,
    SummaryResult,
    result_class,
    result_json,
)
from summarizer.retry import TransientFault, backoff_s
from summarizer.tasks import Task
from summarizer.trace._spans import set_attributes, span

__all__ = [
    "BASELINE_NOTICE",
    "CACHE_KEY_VERSION",
    "CacheMode",
    "Lane",
    "Model",
    "Prepared",
    "check_cache",
    "RateLimiter",
    "cache_mode",
    "model_for",
]

BASELINE_NOTICE = (
    "summarizer: no model configured, so the keyless rules baseline (rules/baseline) made this record; "
    "to use a model, add a profile to summarizer.toml or pass --model provider/model (see README, 'Providers')"
)

CACHE_KEY_VERSION = 2
"""Hashed into every cache key with RESULT_VERSION: rows written under another layout are never looked up."""


class Lane:
    """One provider's lane: a Retry-After pauses every request of the Model, not just the one told."""

    def __init__(self) -> None:
        self._until = 0.0

    def pause(self, target: str, seconds: float, reason: str) -> None:
        until = time.monotonic() + seconds
        if until > self._until + 0.05:
            events.pause(target, seconds, reason)
        self._until = max(self._until, until)

    def left(self) -> float:
        return max(0.0, self._until - time.monotonic())

    async def ready(self) -> float:
        """Wait out the current pause; returns how long that was."""
        waited = 0.0
        while (left := self.left()) > 0:
            await asyncio.sleep(left)
            waited += left
        return waited


class Model:
    """A profile's model, ready to call: one per profile per event loop (see `model_for`).

    `api` plugs in any ModelAPI (summarizer.testing.TestModel, your own); `transport` runs the
    real SDK over an in-process httpx2 transport (httpx2.MockTransport). Answers from either are
    never cached: they do not come from the provider.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        api: ModelAPI | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.profile = profile
        self.api: ModelAPI = api if api is not None else build_api(profile, transport=transport)
        self.seam = api is not None or transport is not None
        self.limiter = limiter if limiter is not None else (None if self.api.keyless else RateLimiter.for_profile(profile))
        self.lane = Lane()

    @property
    def provider(self) -> str:
        return self.api.provider

    @property
    def keyless(self) -> bool:
        return self.api.keyless

    @property
    def cacheable(self) -> bool:
        """Keyless local backends cost nothing to rerun, seam answers are not the provider's: neither is cached."""
        return not self.api.keyless and not self.seam

    @property
    def target(self) -> str:
        return f"{self.profile.model} at {self.api.where}"

    # -- one request: retries, deadline, lane, rate limit ------------------------------------

    async def request(self, request: Request) -> Completion:
        """One request with transport retries inside the profile's total deadline."""
        p = self.profile
        tries = p.transport_retries + 1
        spent = 0.0
        for number in range(1, tries + 1):
            left = p.timeout - spent
            budget = min(left, p.attempt_timeout) if p.attempt_timeout else left
            await self._through_lane()
            reserved = estimate_messages(request.messages)
            if self.limiter is not None:
                await self.limiter.acquire(reserved)
            before, answers = request.tally.usage, request.tally.attempts
            started = time.monotonic()
            with span("summarizer.attempt", target=self.target, number=number, of=tries, timeout_s=budget) as current:
                events.attempt(self.target, number, tries, budget)
                try:
                    async with asyncio.timeout(budget):
                        completion = await self.api.attempt(request, timeout=budget)
                    if request.tally.attempts == answers:  # an API that keeps no tally (in process, a seam)
                        request.tally.attempts += completion.attempts
                        request.tally.usage = request.tally.usage + completion.usage
                        request.tally.raw = completion.raw
                    set_attributes(current, outcome="answer")
                    return completion
                except TimeoutError:
                    fault = TransientFault(TimeoutError(), reason=f"timed out after {budget:g} s")
                except TransientFault as caught:
                    fault = caught
                finally:
                    spent += time.monotonic() - started
                    if self.limiter is not None:
                        used = request.tally.usage
                        self.limiter.settle(
                            reserved, used.total_tokens - before.total_tokens, max(1, used.requests - before.requests)
                        )
                set_attributes(current, outcome="transient fault", reason=fault.reason)
            self._give_up_if_needed(fault, number, tries, spent, request.tally)
            if fault.retry_after is not None and fault.retry_after > 0:
                self.lane.pause(self.target, fault.retry_after, f"{fault.reason} with Retry-After {fault.retry_after:g} s")
                continue
            wait = backoff_s(number, p.max_backoff)
            if spent + wait >= p.timeout:
                raise self._transport_error(
                    f"{fault.reason}; timed out after {p.timeout:g} s (the profile's timeout) over {number} tries",
                    request.tally, fault,
                )
            with span("summarizer.retry", target=self.target, wait_s=wait, reason=fault.reason):
                events.wait(self.target, wait, fault.reason)
                await asyncio.sleep(wait)
            spent += wait
        raise AssertionError("unreachable: the last try returns or raises")

    async def _through_lane(self) -> None:
        """Wait while the provider's lane is paused (never longer than max_wait: see _give_up_if_needed)."""
        await self.lane.ready()

    def _give_up_if_needed(self, fault: TransientFault, number: int, tries: int, spent: float, tally: Tally) -> None:
        p = self.profile
        after = fault.retry_after
        if after is not None and after > p.max_wait:
            # This request fails, saying so; the lane still pauses (up to max_wait) so the other
            # requests neither hammer the provider nor all fail at once because of one answer.
            self.lane.pause(self.target, p.max_wait, f"{fault.reason} with Retry-After {after:g} s (over max_wait)")
            raise self._transport_error(
                f"{fault.reason}: Retry-After {after:g} s exceeds max_wait {p.max_wait:g} s "
                "(retry later, or raise max_wait in the profile)",
                tally, fault,
            )
        if spent >= p.timeout - 1e-3:
            events.deadline(self.target, p.timeout)
            raise self._transport_error(
                f"timed out after {p.timeout:g} s (the profile's timeout; {number} {'try' if number == 1 else 'tries'})",
                tally, fault,
            )
        if number == tries:
            suffix = f", Retry-After {after:g} s" if after is not None else ""
            raise self._transport_error(
                f"provider kept failing after {tries} tries (last: {fault.reason}{suffix})", tally, fault
            )

    def _transport_error(self, message: str, tally: Tally, fault: TransientFault) -> TransportError:
        return TransportError(
            f"{self.target}: {message}", provider=self.provider, model=self.profile.model,
            attempts=tally.attempts, usage=tally.usage, cause=fault.cause, raw=tally.raw,
        )  # fmt: skip

    # -- one article: cache, chunks, grounding, cost ----------------------------------------

    def cached(
        self, prep: Prepared, mode: CacheMode | str | bool | None = CacheMode.use, store: ResponseCache | None = None
    ) -> SummaryResult[BaseModel] | None:
        """The cached result for `prep` marked `meta.cached`, or None when the call must be made.

        Raises CacheMissError on a miss in `only` mode (--cache-only). Grounding stored by another
        summarizer version is recomputed, so a cached answer is located by this version's rules.
        """
        mode = cache_mode(mode)
        if mode is CacheMode.off or not self.cacheable:
            return None
        started = time.perf_counter()
        store = store if store is not None else open_cache(prep.config)
        found = store.get(prep.cache_key(), prep.task.schema)
        if found is not None and found[0].version != RESULT_VERSION:
            found = None  # written under another result format: ignored, never misread
        if found is None:
            if mode is CacheMode.only:
                raise CacheMissError(
                    f"no cached answer for article {prep.article.meta.id or '(no id)'} with {self.profile.model} "
                    f"(cache-only mode, cache {store.path}): run once without --cache-only to fill the cache",
                    provider=self.provider, model=self.profile.model,
                )  # fmt: skip
            return None
        hit, same_version = found
        events.cache_hit(prep.article.meta.id or "", self.profile.model)
        grounding = hit.grounding if same_version else ground(hit.record, prep.article.text)
        meta = hit.meta.model_copy(update={"cached": True, "latency_s": round(time.perf_counter() - started, 4)})
        return hit.model_copy(update={"meta": meta, "article": prep.article.meta, "grounding": grounding})

    def store(
        self, prep: Prepared, result: SummaryResult[BaseModel], mode: CacheMode | str | bool | None,
        store: ResponseCache | None = None, blob: str | None = None,
    ) -> None:  # fmt: skip
        """Cache `result`; `blob` is its result_json() when the caller already made it (one serialization)."""
        if cache_mode(mode) is CacheMode.use and self.cacheable:
            blob = blob if blob is not None else result_json(result, keep_raw=prep.config.keep_raw_responses)
            (store if store is not None else open_cache(prep.config)).put(prep.cache_key(), result, blob)

    async def run(
        self, prep: Prepared, *, cache: CacheMode | str | bool | None = CacheMode.use, store: ResponseCache | None = None
    ) -> SummaryResult[BaseModel]:
        """From the cache when allowed, else one fresh call (stored)."""
        hit = self.cached(prep, cache, store)
        if hit is not None:
            return hit
        result = await self.call(prep)
        self.store(prep, result, cache, store)
        return result

    async def call(self, prep: Prepared) -> SummaryResult[BaseModel]:
        """Make the call, never touching the cache (one `summarizer.call` span when traced)."""
        with span("summarizer.call", target=self.target, article_id=prep.article.meta.id, task=prep.task.name) as current:
            result = await self._call(prep)
            set_attributes(current, attempts=result.meta.attempts, ungrounded=len(result.ungrounded))
        events.result(self.target, prep.article.meta.id or "", result.meta.attempts, result.meta.latency_s,
                      result.meta.usage.input_tokens, result.meta.usage.output_tokens)  # fmt: skip
        return result

    async def _ground(self, record: BaseModel, text: str) -> list[QuoteGrounding]:
        with span("summarizer.grounding", target=self.target) as current:
            grounding = await aground(record, text)  # off the event loop when long (summarizer.grounding)
            missing = sum(not g.grounded for g in grounding)
            set_attributes(current, quotes=len(grounding), ungrounded=missing)
        events.grounding(self.target, len(grounding), missing)
        return grounding

    async def _call(self, prep: Prepared) -> SummaryResult[BaseModel]:
        started = time.perf_counter()
        tally = Tally()
        record, chunks, raw, date_inferred = await self._complete(prep, tally)
        grounding = await self._ground(record, prep.article.text)
        ungrounded = [g.quote for g in grounding if not g.grounded]
        if ungrounded and prep.profile.reask_on_ungrounded and not self.keyless:
            again = await self.request(Request(_reground_messages(prep, record, ungrounded), prep.task.schema, prep.article, tally, prep.task.name))
            regrounded = await self._ground(again.record, prep.article.text)
            if sum(not g.grounded for g in regrounded) < len(ungrounded):
                record, grounding, raw = _as_schema(again.record, prep.task.schema), regrounded, again.raw
        usage = price_usage(fill_missing_usage(tally.usage, prep.messages, raw), prep.config.price(prep.profile.model))
        meta = ResultMeta(
            task=prep.task.name,
            provider=self.provider,
            model=prep.profile.model,
            profile=prep.profile.name,
            baseline=self.keyless,
            notice=BASELINE_NOTICE if self.keyless else None,
            prompt_version=prep.task.version,
            prompt_hash=prep.prompt_hash,
            schema_name=prep.task.schema_name,
            schema_hash=prep.schema_hash,
            usage=usage,
            attempts=tally.attempts,
            latency_s=round(time.perf_counter() - started, 4),
            chunks=chunks,
            date_inferred=date_inferred,
            raw_response=raw,
        )
        return _RESULT(record=record, article=prep.article.meta, grounding=grounding, meta=meta)

    async def _complete(self, prep: Prepared, tally: Tally) -> tuple[BaseModel, int, str | None, bool]:
        """One request per chunk, merged: record, chunk count, last raw output, dates inferred."""
        chunks = split_article(prep.article, prep.profile.context_chars)
        completions: list[Completion] = []
        for chunk in chunks:
            messages = prep.messages if len(chunks) == 1 else render_messages(
                prep.task.system_template, prep.task.user_template, chunk, prep.task.schema_name, prep.task.name
            )
            completions.append(await self.request(Request(messages, prep.task.schema, chunk, tally, prep.task.name)))
        record = completions[0].record if len(completions) == 1 else merge_records([c.record for c in completions])
        inferred = prep.article.meta.published is None
        if completions[0].date_inferred is not None:
            inferred = completions[0].date_inferred
        return _as_schema(record, prep.task.schema), len(chunks), completions[-1].raw, inferred

    async def aclose(self) -> None:
        """Close the HTTP client inside its own loop (else it is closed after the loop, noisily)."""
        await self.api.aclose()


class Prepared:
    """Everything decided before a call: task, profile, model, article, messages, hashes."""

    def __init__(self, article: Article, task: Task, profile: Profile, model: Model, config: Config) -> None:
        self.article = article
        self.task = task
        self.profile = profile
        self.model = model
        self.config = config
        self.messages = render_messages(task.system_template, task.user_template, article, task.schema_name, task.name)
        self.prompt_hash = sha256(self.messages)
        self.schema_hash = _schema_hash(task.schema)

    @property
    def cacheable(self) -> bool:
        return self.model.cacheable

    def cache_key(self) -> str:
        """Hash of everything that decides the answer (never the API key); computed once.

        Besides the rendered messages (article and metadata), schema and profile settings, this
        covers per-request headers (the scripted provider answers by article id), what the API
        says identifies its answers (the scripted answers file's content), and the versions.
        """
        return self._cache_key

    @functools.cached_property
    def _cache_key(self) -> str:
        api = self.model.api
        return sha256(
            {
                "messages": self.prompt_hash,  # the rendered messages, already hashed once
                "schema": self.schema_hash,
                "settings": self.profile.settings_fingerprint(),
                "task": [self.task.name, self.task.version],
                "headers": request_headers(api, self.article),
                "answers": cache_identity(api),
                "result_version": RESULT_VERSION,
                "key_version": CACHE_KEY_VERSION,
            }
        )


_RESULT = result_class(BaseModel)
"""Parametrized once: pydantic re-creates a generic subclass when its cached one was collected
(~5 ms a call, seen in a profile of 30 sequential calls)."""

_schema_hash = functools.lru_cache(maxsize=64)(schema_hash)
"""Hashing a schema builds its JSON schema (~10-25 ms for IncidentSummary): once per class is enough."""


def _as_schema(record: BaseModel, schema: type[BaseModel]) -> BaseModel:
    """instructor returns an instance of a per-call subclass of the schema; give callers the schema
    class itself (same validated values, no re-validation) so records compare equal and pickle."""
    if type(record) is schema or not isinstance(record, schema):
        return record
    return schema.model_construct(_fields_set=record.model_fields_set, **dict(record))


def _reground_messages(prep: Prepared, record: BaseModel, missing: list[str]) -> list[dict[str, str]]:
    """One re-ask listing the quotes that were not found verbatim."""
    note = (
        "These evidence quotes were not found verbatim in the article; replace each with an exact "
        "copy of the article's words, or drop the fact:\n" + "\n".join(f"- {q!r}" for q in missing)
    )
    return [*prep.messages, {"role": "assistant", "content": record.model_dump_json()}, {"role": "user", "content": note}]


_per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Profile, Model]] = weakref.WeakKeyDictionary()


def check_cache(config: Config) -> None:
    """Open the response cache now, so a corrupt file or an unusable data dir is one line with
    the fix before the first paid call, not an error halfway through a batch."""
    open_cache(config)


def model_for(profile: Profile, **seam: Any) -> Model:
    """Inside a running loop, one Model (one HTTP client, pool, lane, limiter) per profile per loop.

    Clients hold connections bound to their loop, so they are shared only within it; outside a
    loop every call builds its own. A seam (`api=` or `transport=`) always gets a fresh Model.
    """
    if any(v is not None for v in seam.values()):
        return Model(profile, **seam)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return Model(profile)
    models = _per_loop.setdefault(loop, {})
    model = models.get(profile)
    if model is None:
        model = models[profile] = Model(profile)
    return model
