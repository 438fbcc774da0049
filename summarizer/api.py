"""summarize() and asummarize(): one article in, one grounded, validated record out."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import time
import weakref
from pathlib import Path

from pydantic import BaseModel

from summarizer._loop import run_blocking
from summarizer.article import Article, ArticleMeta, load_article
from summarizer.cache import CacheMode, ResponseCache, cache_mode, open_cache
from summarizer.chunking import merge_records, split_article
from summarizer.config import BASELINE_MODEL, Config, Profile, load_config
from summarizer.cost import fill_missing_usage, price_usage
from summarizer.errors import CacheMissError
from summarizer.grounding import ground
from summarizer.prompting import render_messages, schema_hash, sha256
from summarizer.providers import Backend, Completion, get_backend
from summarizer.result import RESULT_VERSION, ResultMeta, SummaryResult, Usage
from summarizer.tasks import Task, get_task

__all__ = [
    "summarize",
    "asummarize",
    "resolve_profile",
    "BASELINE_NOTICE",
    "Prepared",
    "prepare",
    "run_prepared",
    "cached_result",
    "CacheMode",
]

BASELINE_NOTICE = (
    "summarizer: no model configured, so the keyless rules baseline (rules/baseline) made this record; "
    "to use a model, add a profile to summarizer.toml or pass --model provider/model (see README, 'Providers')"
)

ArticleInput = str | Path | bytes | Article


def resolve_profile(config: Config, profile: str | None = None, model: str | None = None) -> Profile:
    """Argument beats $SUMMARIZER_PROFILE beats the config default; nothing configured -> baseline."""
    chosen = config.profile(profile)
    if model is not None:
        if chosen is not None:
            return chosen.model_copy(update={"model": model})
        return Profile(name=model, model=model)
    if chosen is not None:
        return chosen
    return Profile(name="baseline", model=BASELINE_MODEL)


class Prepared:
    """Everything decided before a call: task, profile, backend, article, messages, hashes."""

    def __init__(self, article: Article, task: Task, profile: Profile, backend: Backend, config: Config) -> None:
        self.article = article
        self.task = task
        self.profile = profile
        self.backend = backend
        self.config = config
        self.messages = render_messages(task.system_template, task.user_template, article, task.schema_name, task.name)
        self.prompt_hash = sha256(self.messages)
        self.schema_hash = _schema_hash(task.schema)

    def cache_key(self) -> str:
        """Hash of everything that decides the answer (never the API key).

        Besides the rendered messages (article and metadata), schema and profile settings, this
        covers per-request headers (the scripted provider answers by article id), the scripted
        answers file's content, and the result format version. Computed once: a call asks for it
        on lookup and again on store.
        """
        return self._cache_key

    @functools.cached_property
    def _cache_key(self) -> str:
        headers_of = getattr(self.backend, "request_headers", None)
        return sha256(
            {
                "messages": self.prompt_hash,  # the rendered messages, already hashed once
                "schema": self.schema_hash,
                "settings": self.profile.settings_fingerprint(),
                "task": [self.task.name, self.task.version],
                "headers": headers_of(self.article) if callable(headers_of) else {},
                "answers": _script_digest(self.profile),
                "result_version": RESULT_VERSION,
            }
        )

    @property
    def cacheable(self) -> bool:
        """Keyless local backends (the rules baseline) cost nothing to rerun and are never cached."""
        return not self.backend.keyless


def _script_digest(profile: Profile) -> str | None:
    """For `scripted/PATH`, the answers decide the result: hash the file's bytes."""
    if profile.provider != "scripted":
        return None
    path = Path(profile.model_name).expanduser()
    return sha256(path.read_bytes().decode("utf-8", "replace")) if path.is_file() else None


def prepare(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
) -> Prepared:
    config = config if config is not None else load_config()
    if published is not None:
        meta = (meta or ArticleMeta()).model_copy(update={"published": published})
    loaded = load_article(article, meta)
    chosen = resolve_profile(config, profile, model)
    return Prepared(loaded, get_task(task, config), chosen, _backend_for(chosen), config)


_schema_hash = functools.lru_cache(maxsize=64)(schema_hash)
"""Hashing a schema builds its JSON schema (~10-25 ms for IncidentSummary): once per class is enough."""

_loop_backends: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Profile, Backend]] = weakref.WeakKeyDictionary()


def _backend_for(profile: Profile) -> Backend:
    """Inside a running event loop, one backend (one HTTP client and pool) per profile per loop.

    Clients hold connections bound to their loop, so they are shared only within it; outside a
    loop (the blocking summarize()) every call builds its own.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return get_backend(profile)
    backends = _loop_backends.setdefault(loop, {})
    backend = backends.get(profile)
    if backend is None:
        backend = backends[profile] = get_backend(profile)
    return backend


async def _complete(prep: Prepared) -> tuple[BaseModel, Usage, int, int, str | None, bool]:
    """Call the backend once per chunk and merge; returns record, usage, attempts, chunks, raw,
    and whether dates were inferred (no publication date, unless the backend found one, e.g. a dateline)."""
    chunks = split_article(prep.article, prep.profile.context_chars)
    completions: list[Completion] = []
    for chunk in chunks:
        messages = prep.messages if len(chunks) == 1 else render_messages(
            prep.task.system_template, prep.task.user_template, chunk, prep.task.schema_name, prep.task.name
        )
        completions.append(await prep.backend.extract(messages, prep.task.schema, chunk, task=prep.task.name))
    record = completions[0].record if len(completions) == 1 else merge_records([c.record for c in completions])
    record = _as_schema(record, prep.task.schema)
    usage = sum((c.usage for c in completions), Usage())
    attempts = sum(c.attempts for c in completions)
    inferred = prep.article.meta.published is None
    if completions[0].date_inferred is not None:
        inferred = completions[0].date_inferred
    return record, usage, attempts, len(chunks), completions[-1].raw, inferred


def _as_schema(record: BaseModel, schema: type[BaseModel]) -> BaseModel:
    """instructor returns an instance of a per-call subclass of the schema; give callers the schema
    class itself (same validated values, no re-validation) so records compare equal and pickle."""
    if type(record) is schema or not isinstance(record, schema):
        return record
    return schema.model_construct(_fields_set=record.model_fields_set, **dict(record))


async def _reground(prep: Prepared, record: BaseModel, missing: list[str]) -> Completion:
    """One re-ask listing the quotes that were not found verbatim."""
    note = (
        "These evidence quotes were not found verbatim in the article; replace each with an exact "
        "copy of the article's words, or drop the fact:\n" + "\n".join(f"- {q!r}" for q in missing)
    )
    messages = [
        *prep.messages,
        {"role": "assistant", "content": record.model_dump_json()},
        {"role": "user", "content": note},
    ]
    return await prep.backend.extract(messages, prep.task.schema, prep.article, task=prep.task.name)


def cached_result(
    prep: Prepared, mode: CacheMode | str | bool | None = CacheMode.use, store: ResponseCache | None = None
) -> SummaryResult[BaseModel] | None:
    """The cached result for `prep` marked `meta.cached`, or None when the call must be made.

    Raises CacheMissError on a miss in `only` mode (--cache-only). Grounding stored by another
    summarizer version is recomputed, so a cached answer is located by this version's rules.
    """
    mode = cache_mode(mode)
    if mode is CacheMode.off or not prep.cacheable:
        return None
    started = time.perf_counter()
    store = store if store is not None else open_cache(prep.config)
    found = store.get(prep.cache_key(), prep.task.schema)
    if found is None:
        if mode is CacheMode.only:
            raise CacheMissError(
                f"no cached answer for article {prep.article.meta.id or '(no id)'} with {prep.profile.model} "
                f"(cache-only mode, cache {store.path}): run once without --cache-only to fill the cache",
                provider=prep.backend.provider,
                model=prep.profile.model,
            )
        return None
    hit, same_version = found
    grounding = hit.grounding if same_version else ground(hit.record, prep.article.text)
    meta = hit.meta.model_copy(update={"cached": True, "latency_s": round(time.perf_counter() - started, 4)})
    return hit.model_copy(update={"meta": meta, "article": prep.article.meta, "grounding": grounding})


async def run_prepared(
    prep: Prepared, *, cache: CacheMode | str | bool | None = CacheMode.use, store: ResponseCache | None = None
) -> SummaryResult[BaseModel]:
    """The result for a prepared call: from the cache when allowed, else one fresh call (stored)."""
    mode = cache_mode(cache)
    hit = cached_result(prep, mode, store)
    if hit is not None:
        return hit
    result = await call_prepared(prep)
    if mode is CacheMode.use and prep.cacheable:
        (store if store is not None else open_cache(prep.config)).put(prep.cache_key(), result)
    return result


async def call_prepared(prep: Prepared) -> SummaryResult[BaseModel]:
    """Make the call, never touching the cache (used by batch runs that looked it up already)."""
    started = time.perf_counter()
    record, usage, attempts, chunks, raw, date_inferred = await _complete(prep)
    grounding = ground(record, prep.article.text)
    ungrounded = [g.quote for g in grounding if not g.grounded]
    if ungrounded and prep.profile.reask_on_ungrounded and not prep.backend.keyless:
        again = await _reground(prep, record, ungrounded)
        usage, attempts = usage + again.usage, attempts + again.attempts
        regrounded = ground(again.record, prep.article.text)
        if sum(not g.grounded for g in regrounded) < len(ungrounded):
            record, grounding, raw = _as_schema(again.record, prep.task.schema), regrounded, again.raw
    usage = price_usage(fill_missing_usage(usage, prep.messages, raw), prep.config.price(prep.profile.model))
    meta = ResultMeta(
        task=prep.task.name,
        provider=prep.backend.provider,
        model=prep.profile.model,
        profile=prep.profile.name,
        baseline=prep.backend.keyless,
        notice=BASELINE_NOTICE if prep.backend.keyless else None,
        prompt_version=prep.task.version,
        prompt_hash=prep.prompt_hash,
        schema_name=prep.task.schema_name,
        schema_hash=prep.schema_hash,
        usage=usage,
        attempts=attempts,
        latency_s=round(time.perf_counter() - started, 4),
        chunks=chunks,
        date_inferred=date_inferred,
        raw_response=raw,
    )
    return SummaryResult[BaseModel](record=record, article=prep.article.meta, grounding=grounding, meta=meta)


async def asummarize(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: CacheMode | str | None = None,
    use_cache: bool = True,
) -> SummaryResult[BaseModel]:
    """Summarize one article (text, path, bytes or Article) into the task's validated record.

    `cache`: "use" (default: read and write the response cache), "off" (neither) or "only"
    (a miss raises CacheMissError); `use_cache=False` is shorthand for "off".
    Raises a SummarizerError subclass (see summarizer.errors) with a message that says what to fix.
    """
    prep = prepare(article, task=task, profile=profile, model=model, config=config, published=published, meta=meta)
    return await run_prepared(prep, cache=cache if cache is not None else use_cache)


def summarize(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: CacheMode | str | None = None,
    use_cache: bool = True,
) -> SummaryResult[BaseModel]:
    """Blocking form of asummarize(); runs on one shared background loop, so clients are reused."""
    return run_blocking(
        asummarize(
            article, task=task, profile=profile, model=model, config=config, published=published, meta=meta,
            cache=cache, use_cache=use_cache,
        )
    )
