"""summarize() and asummarize(): one article in, one grounded, validated record out.

A thin front: the profile is resolved (summarizer.config), the call goes through the model
layer (summarizer.model.layer), which owns cache, retries, deadline, rate limit and cost.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx2
from pydantic import BaseModel

from summarizer._loop import run_blocking
from summarizer.article import Article, ArticleMeta, load_article
from summarizer.config import Config, Profile, load_config, resolve_profile
from summarizer.model.layer import BASELINE_NOTICE, Model, Prepared, model_for
from summarizer.providers import ModelAPI
from summarizer.result import SummaryResult
from summarizer.tasks import get_task

__all__ = ["BASELINE_NOTICE", "Prepared", "asummarize", "prepare", "resolve_profile", "run_prepared", "summarize"]

ArticleInput = str | Path | bytes | Article
ModelChoice = str | ModelAPI | None


def _profile_for_api(api: ModelAPI) -> Profile:
    model = api.model if "/" in api.model else f"{api.provider}/{api.model}"
    return Profile(name=api.provider, model=model)


def prepare(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
) -> Prepared:
    """Decide everything before a call: article, task, profile and the Model that will answer.

    `model` is 'provider/model' or a ModelAPI object (e.g. summarizer.testing.TestModel);
    `transport` runs the real SDK over an in-process httpx2 transport.
    """
    config = config if config is not None else load_config()
    if published is not None:
        meta = (meta or ArticleMeta()).model_copy(update={"published": published})
    loaded = load_article(article, meta)
    if model is not None and not isinstance(model, str):
        chosen = _profile_for_api(model)
        layer: Model = model_for(chosen, api=model)
    else:
        chosen = resolve_profile(config, profile, model, base_url=base_url, api_key_env=api_key_env)
        layer = model_for(chosen, transport=transport)
    return Prepared(loaded, get_task(task, config), chosen, layer, config)


async def run_prepared(prep: Prepared, *, cache: str | bool | None = "use") -> SummaryResult[BaseModel]:
    """The result for a prepared call, from the cache when allowed (see Model.run)."""
    return await prep.model.run(prep, cache=cache)


async def asummarize(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: str | None = None,
    use_cache: bool = True,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> SummaryResult[BaseModel]:
    """Summarize one article (text, path, bytes or Article) into the task's validated record.

    `model`: 'provider/model' (a fresh profile from the provider's defaults) or a model object
    (summarizer.testing.TestModel, or anything with the summarizer.providers.ModelAPI shape).
    `transport`: an httpx2 transport the provider's SDK sends through (httpx2.MockTransport).
    `cache`: "use" (default: read and write the response cache), "off" (neither) or "only"
    (a miss raises CacheMissError); `use_cache=False` is shorthand for "off".
    Raises a SummarizerError subclass (see summarizer.errors) with a message that says what to fix.
    """
    prep = prepare(
        article, task=task, profile=profile, model=model, config=config, published=published, meta=meta, transport=transport
    )
    return await run_prepared(prep, cache=cache if cache is not None else use_cache)


def summarize(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: str | None = None,
    use_cache: bool = True,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> SummaryResult[BaseModel]:
    """Blocking form of asummarize(); runs on one shared background loop, so clients are reused."""
    return run_blocking(
        asummarize(
            article, task=task, profile=profile, model=model, config=config, published=published, meta=meta,
            cache=cache, use_cache=use_cache, transport=transport,
        )
    )
