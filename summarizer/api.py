"""summarize() and asummarize(): one article in, one grounded, validated record out.

A thin front: the profile is resolved (summarizer.config), the call goes through the model
layer (summarizer.model.layer), which owns cache, retries, deadline, rate limit and cost.

What an argument means is never guessed: a `str` is the article's text, a `Path` is a file to
read. A `str` that is one line naming an existing file, looking like a path ('article.txt',
'news/a1.txt') or a URL is refused with InputError saying to pass Path(...), because sent as text
it would be summarized as a (nonsense) article without any error.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import httpx2
from pydantic import BaseModel

from summarizer._loop import run_blocking
from summarizer.article import Article, ArticleMeta, load_article
from summarizer.config import Config, Profile, load_config, resolve_profile
from summarizer.errors import ConfigError, InputError
from summarizer.model.layer import BASELINE_NOTICE, Model, Prepared, model_for
from summarizer.providers import ModelAPI
from summarizer.result import SummaryResult
from summarizer.schemas.incident import IncidentSummary
from summarizer.tasks import get_task

__all__ = [
    "BASELINE_NOTICE", "Prepared", "asummarize", "check_article_argument", "prepare", "resolve_profile",
    "run_prepared", "summarize",
]  # fmt: skip

ArticleInput = str | Path | bytes | Article
ModelChoice = str | ModelAPI | None
ConfigChoice = Config | str | Path | None
SchemaT = TypeVar("SchemaT", bound=BaseModel)
BuiltinTask = Literal["incident", "muc4"]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
_PATHLIKE = re.compile(r"^\S*[/\\]\S*$|^\S+\.[A-Za-z][A-Za-z0-9]{0,4}$")


def check_article_argument(article: object) -> None:
    """Refuse a `str` that names a file or URL instead of holding text (see the module doc)."""
    if not isinstance(article, str):
        return
    line = article.strip()
    if not line or "\n" in line or len(line) > 1024:
        return
    if _URL.match(line):
        raise InputError(
            f"article {line!r} is a URL, and a str is the article's text: summarize() never downloads; "
            "save the page and pass Path(...) to it (or the CLI's --fetch), or pass the text itself"
        )
    try:
        names_file = Path(line).expanduser().is_file()
    except (OSError, ValueError):
        names_file = False
    if names_file or _PATHLIKE.match(line):
        what = "names a file" if names_file else "looks like a file path"
        raise InputError(
            f"article {line!r} {what}, and a str is the article's text: pass Path({line!r}) to read the file "
            "(or Article(text=...) if this really is the whole text)"
        )


def _config_of(config: ConfigChoice) -> Config:
    """A loaded Config as is; a path (str or Path) loaded from that file; None: the lookup order."""
    if config is None:
        return load_config()
    if isinstance(config, Config):
        return config
    if isinstance(config, (str, Path)):
        return load_config(Path(config))
    raise ConfigError(f"config= takes a Config, a path to a TOML file, or None, not {type(config).__name__}")


def _check_schema(result: SummaryResult[BaseModel], schema: type[BaseModel] | None, task: str) -> None:
    if schema is not None and not isinstance(result.record, schema):
        raise ConfigError(
            f"task {task!r} fills {type(result.record).__name__}, not {schema.__name__}: "
            "pass the task whose schema that is (task=...), or drop schema="
        )


def _profile_for_api(api: ModelAPI) -> Profile:
    model = api.model if "/" in api.model else f"{api.provider}/{api.model}"
    return Profile(name=api.provider, model=model)


def prepare(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: ConfigChoice = None,
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
    config = _config_of(config)
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


_KW_DOC = """
    `config`: a Config, a path to a TOML file (str or Path), or None for the lookup order.
    `schema`: the record class you expect (a user task's schema, say): the result is typed with
    it, and a task filling another class raises ConfigError.
"""


@overload
async def asummarize(
    article: ArticleInput, *, schema: type[SchemaT], task: str = ..., profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[SchemaT]: ...
@overload
async def asummarize(
    article: ArticleInput, *, schema: None = ..., task: BuiltinTask = ..., profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[IncidentSummary]: ...
@overload
async def asummarize(
    article: ArticleInput, *, schema: None = ..., task: str, profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[BaseModel]: ...
async def asummarize(
    article: ArticleInput,
    *,
    schema: type[BaseModel] | None = None,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: ConfigChoice = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: str | None = None,
    use_cache: bool = True,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> SummaryResult[Any]:
    """Summarize one article into the task's validated record.

    `article`: a `str` of text, a `Path` to a file, `bytes`, or an Article; a str naming a file
    or URL is refused (pass Path(...)). `model`: 'provider/model' (a fresh profile from the
    provider's defaults) or a model object (summarizer.testing.TestModel, or anything with the
    summarizer.providers.ModelAPI shape). `transport`: an httpx2 transport the provider's SDK
    sends through (httpx2.MockTransport). `cache`: "use" (default: read and write the response
    cache), "off" (neither) or "only" (a miss raises CacheMissError); `use_cache=False` is
    shorthand for "off".
    Raises a SummarizerError subclass (see summarizer.errors) with a message that says what to fix.
    """
    check_article_argument(article)
    prep = prepare(
        article, task=task, profile=profile, model=model, config=config, published=published, meta=meta, transport=transport
    )
    result = await run_prepared(prep, cache=cache if cache is not None else use_cache)
    _check_schema(result, schema, task)
    return result


asummarize.__doc__ = (asummarize.__doc__ or "") + _KW_DOC


@overload
def summarize(
    article: ArticleInput, *, schema: type[SchemaT], task: str = ..., profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[SchemaT]: ...
@overload
def summarize(
    article: ArticleInput, *, schema: None = ..., task: BuiltinTask = ..., profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[IncidentSummary]: ...
@overload
def summarize(
    article: ArticleInput, *, schema: None = ..., task: str, profile: str | None = ...,
    model: ModelChoice = ..., config: ConfigChoice = ..., published: dt.date | None = ...,
    meta: ArticleMeta | None = ..., cache: str | None = ..., use_cache: bool = ...,
    transport: httpx2.AsyncBaseTransport | None = ...,
) -> SummaryResult[BaseModel]: ...
def summarize(
    article: ArticleInput,
    *,
    schema: type[BaseModel] | None = None,
    task: str = "incident",
    profile: str | None = None,
    model: ModelChoice = None,
    config: ConfigChoice = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
    cache: str | None = None,
    use_cache: bool = True,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> SummaryResult[Any]:
    """Blocking form of asummarize() (same arguments); runs on one shared background loop, so
    clients are reused."""
    return run_blocking(
        asummarize(
            article, schema=schema, task=task, profile=profile, model=model, config=config, published=published,
            meta=meta, cache=cache, use_cache=use_cache, transport=transport,
        )
    )
