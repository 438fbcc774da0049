"""`--estimate`: what a job will cost and take, computed offline before any request.

Input tokens are counted from the very request bodies the job would send (summarizer.cost's
offline estimate, ~4 characters a token), split into the fixed part (system prompt, schema,
framing: the same for every article, so a prefix cache can reuse it) and the article's own part.
Output tokens cannot be known beforehand: the default is the seed's call (~3,000), overridable.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from summarizer.article import Article
from summarizer.batchapi.inputs import InputIndex
from summarizer.batchapi.jobs import Job
from summarizer.config import Price
from summarizer.cost import estimate_tokens
from summarizer.providers.native import body_for

__all__ = ["DEFAULT_OUTPUT_TOKENS", "Estimate", "estimate"]

DEFAULT_OUTPUT_TOKENS = 3000
"""Output of the seed article's call (issue 20: ~5,700 in, ~3,000 out); override with --output-tokens."""


@dataclass(frozen=True)
class Estimate:
    articles: int
    fixed_tokens: int
    article_tokens: int
    """Summed over all articles (their own text and metadata, beyond the fixed part)."""
    output_tokens: int
    batches: int
    price: Price | None
    discount: float
    window_h: float
    source: str
    requests_per_minute: float | None
    tokens_per_minute: float | None
    concurrency: int

    @property
    def input_tokens(self) -> int:
        return self.fixed_tokens * self.articles + self.article_tokens

    def _cost(self, *, discount: float, cached: bool) -> float | None:
        p = self.price
        if p is None:
            return None
        cached_price = p.cached_input if p.cached_input is not None else p.input
        fixed_reads = self.fixed_tokens * max(0, self.articles - 1) if cached else 0
        fresh = self.input_tokens - fixed_reads
        live = (fresh * p.input + fixed_reads * cached_price + self.output_tokens * p.output) / 1e6
        return live * (1 - discount)

    def live_minutes(self) -> float | None:
        """The slower of the configured request and token limits; None with neither configured."""
        spans = []
        if self.requests_per_minute:
            spans.append(self.articles / self.requests_per_minute)
        if self.tokens_per_minute:
            spans.append((self.input_tokens + self.output_tokens) / self.tokens_per_minute)
        return max(spans) if spans else None

    def lines(self) -> list[str]:
        def money(value: float | None) -> str:
            if value is not None:
                return f"${value:,.2f}" if value >= 100 else f"${value:,.4f}"
            return "unknown (no price: add [prices.\"MODEL\"] to the config)"

        per = self.article_tokens / self.articles if self.articles else 0.0
        minutes = self.live_minutes()
        if minutes is None:
            live_time = f"not bounded by configured limits (none set): {self.concurrency} calls at a time, as fast as the provider answers"
        else:
            span = f"{minutes:,.1f} min" if minutes >= 1 else f"{minutes * 60:,.1f} s"
            live_time = (
                f"{span} at the configured limits "
                f"(requests_per_minute {self.requests_per_minute or '-'}, tokens_per_minute {self.tokens_per_minute or '-'})"
            )
        return [
            f"articles:                 {self.articles:,}",
            f"input tokens:             {self.input_tokens:,} = {self.fixed_tokens:,} fixed x {self.articles:,} + "
            f"{self.article_tokens:,} article ({per:,.0f} per article; estimated at ~4 characters a token)",
            f"expected output tokens:   {self.output_tokens:,} ({self.output_tokens // max(1, self.articles):,} per article)",
            f"cost live:                {money(self._cost(discount=0, cached=False))}",
            f"cost batch:               {money(self._cost(discount=self.discount, cached=False))} "
            f"({self.discount:.0%} off, {self.source})",
            f"cost live, prompt cache:  {money(self._cost(discount=0, cached=True))} (fixed part read from the cache after the first)",
            f"cost batch, prompt cache: {money(self._cost(discount=self.discount, cached=True))} (caching in batches is best-effort)",
            f"time live:                {live_time}",
            f"time batch:               {self.batches} batch(es), each within the documented {self.window_h:g} h window",
            "no request was made",
        ]


def _tokens(job: Job, article: Article) -> int:
    body = body_for(job.profile, job.spec, job.prepared(article).messages, job.task.schema)
    return estimate_tokens(json.dumps(body, ensure_ascii=False))


def estimate(input_path: Path, *, job: Job, output_tokens: int | None = None) -> Estimate:
    articles = InputIndex.scan(input_path)  # one article at a time, as submit reads them
    fixed = _tokens(job, Article(text=""))
    own = sum(max(0, _tokens(job, a) - fixed) for a in articles)
    per_out = output_tokens if output_tokens is not None else DEFAULT_OUTPUT_TOKENS
    p = job.profile
    batches = max(1, math.ceil(len(articles) / job.terms.max_requests))
    return Estimate(
        articles=len(articles), fixed_tokens=fixed, article_tokens=own, output_tokens=per_out * len(articles),
        batches=batches, price=job.live_price, discount=job.terms.discount, window_h=job.terms.window_h,
        source=job.terms.source, requests_per_minute=p.requests_per_minute, tokens_per_minute=p.tokens_per_minute,
        concurrency=p.concurrency,
    )  # fmt: skip
