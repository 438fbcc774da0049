"""summarize() and asummarize(): one article in, one grounded, validated record out."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.article import Article, ArticleMeta, load_article
from summarizer.chunking import merge_records, split_article
from summarizer.config import BASELINE_MODEL, Config, Profile, load_config
from summarizer.grounding import ground
from summarizer.prompting import render_messages, schema_hash, sha256
from summarizer.providers import Backend, Completion, get_backend
from summarizer.result import ResultMeta, SummaryResult, Usage
from summarizer.tasks import Task, get_task

__all__ = ["summarize", "asummarize", "resolve_profile", "BASELINE_NOTICE", "Prepared", "prepare"]

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
        self.schema_hash = schema_hash(task.schema)

    def cache_key(self) -> str:
        """Hash of everything that decides the answer (never the key)."""
        return sha256(
            {
                "messages": self.messages,
                "schema": self.schema_hash,
                "settings": self.profile.settings_fingerprint(),
                "task": [self.task.name, self.task.version],
            }
        )


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
    return Prepared(loaded, get_task(task, config), chosen, get_backend(chosen), config)


async def _complete(prep: Prepared) -> tuple[BaseModel, Usage, int, int, str | None]:
    """Call the backend once per chunk and merge; returns record, usage, attempts, chunks, raw."""
    chunks = split_article(prep.article, prep.profile.context_chars)
    completions: list[Completion] = []
    for chunk in chunks:
        messages = prep.messages if len(chunks) == 1 else render_messages(
            prep.task.system_template, prep.task.user_template, chunk, prep.task.schema_name, prep.task.name
        )
        completions.append(await prep.backend.extract(messages, prep.task.schema, chunk))
    record = completions[0].record if len(completions) == 1 else merge_records([c.record for c in completions])
    usage = sum((c.usage for c in completions), Usage())
    attempts = sum(c.attempts for c in completions)
    return record, usage, attempts, len(chunks), completions[-1].raw


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
    return await prep.backend.extract(messages, prep.task.schema, prep.article)


async def run_prepared(prep: Prepared, *, cached: Any = None) -> SummaryResult[BaseModel]:
    """Produce the result for a prepared call (used by summarize and by batch runs)."""
    started = time.perf_counter()
    record, usage, attempts, chunks, raw = await _complete(prep)
    grounding = ground(record, prep.article.text)
    ungrounded = [g.quote for g in grounding if not g.grounded]
    if ungrounded and prep.profile.reask_on_ungrounded and not prep.backend.keyless:
        again = await _reground(prep, record, ungrounded)
        usage, attempts = usage + again.usage, attempts + again.attempts
        regrounded = ground(again.record, prep.article.text)
        if sum(not g.grounded for g in regrounded) < len(ungrounded):
            record, grounding, raw = again.record, regrounded, again.raw
    price = prep.config.price(prep.profile.model)
    if price is not None and not usage.estimated:
        usage = usage.model_copy(
            update={"cost_usd": (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1e6}
        )
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
        date_inferred=prep.article.meta.published is None,
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
) -> SummaryResult[BaseModel]:
    """Summarize one article (text, path, bytes or Article) into the task's validated record.

    Raises a SummarizerError subclass (see summarizer.errors) with a message that says what to fix.
    """
    prep = prepare(article, task=task, profile=profile, model=model, config=config, published=published, meta=meta)
    return await run_prepared(prep)


def summarize(
    article: ArticleInput,
    *,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    published: dt.date | None = None,
    meta: ArticleMeta | None = None,
) -> SummaryResult[BaseModel]:
    """Blocking form of asummarize(); do not call from inside a running event loop."""
    return asyncio.run(
        asummarize(article, task=task, profile=profile, model=model, config=config, published=published, meta=meta)
    )
