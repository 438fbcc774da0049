"""Tokens and dollars: the provider's usage when it reports one, an offline estimate when not.

The estimate needs no tokenizer download: about four characters per token for English text
(the usual rule of thumb for BPE tokenizers), plus a few tokens of framing per message.
Estimated counts are flagged (`Usage.estimated`) so nobody mistakes them for billed ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from summarizer.config import Price
from summarizer.result import SummaryResult, Usage

__all__ = ["CHARS_PER_TOKEN", "Totals", "estimate_messages", "estimate_tokens", "fill_missing_usage", "price_usage"]

CHARS_PER_TOKEN = 4.0
MESSAGE_OVERHEAD_TOKENS = 4
"""Role and separators around each chat message (OpenAI's documented framing is 3-4 tokens)."""


def estimate_tokens(text: str) -> int:
    """Rough token count of `text`: ceil(chars / 4); 0 for empty text."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def estimate_messages(messages: Sequence[dict[str, str]]) -> int:
    return sum(estimate_tokens(m.get("content") or "") + MESSAGE_OVERHEAD_TOKENS for m in messages)


def price_usage(usage: Usage, price: Price | None) -> Usage:
    """`usage` with cost_usd set from a per-million-token price (left None without a price)."""
    if price is None:
        return usage
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    cached_price = price.cached_input if price.cached_input is not None else price.input
    fresh = usage.input_tokens - cached
    cost = (fresh * price.input + cached * cached_price + usage.output_tokens * price.output) / 1e6
    return usage.model_copy(update={"cost_usd": cost})


def fill_missing_usage(usage: Usage, messages: Sequence[dict[str, str]], output: str | None) -> Usage:
    """When calls were made but the provider reported no tokens, estimate them offline.

    Each request re-sends at least the original messages, so input is estimated per request;
    output is estimated from the last answer's text, once per request.
    """
    if usage.requests == 0 or usage.total_tokens > 0:
        return usage
    per_input = estimate_messages(messages)
    per_output = estimate_tokens(output or "")
    return usage.model_copy(
        update={
            "input_tokens": per_input * usage.requests,
            "output_tokens": per_output * usage.requests,
            "estimated": True,
        }
    )


@dataclass
class Totals:
    """Running totals of a batch: what was spent on calls made now, and what the cache saved."""

    usage: Usage = field(default_factory=Usage)
    spent_usd: float = 0.0
    saved_usd: float = 0.0
    priced: bool = True
    """False once any call had no price in the config: spent_usd then undercounts."""
    done: int = 0
    failed: int = 0
    cached: int = 0

    def add_result(self, result: SummaryResult[BaseModel]) -> None:
        cost = result.meta.usage.cost_usd
        self.done += 1
        if result.meta.cached:
            self.cached += 1
            self.saved_usd += cost or 0.0
            return
        self.usage = self.usage + result.meta.usage.model_copy(update={"cost_usd": None})
        self._spend(cost, result.meta.usage.requests)

    def add_failure(self, usage: Usage | None, price: Price | None) -> None:
        """A failed call still costs the tokens it used (re-asks that never validated)."""
        self.failed += 1
        if usage is None:
            return
        self.usage = self.usage + usage.model_copy(update={"cost_usd": None})
        self._spend(price_usage(usage, price).cost_usd, usage.requests)

    def _spend(self, cost: float | None, requests: int) -> None:
        if cost is None:
            if requests:
                self.priced = False
            return
        self.spent_usd += cost

    def line(self) -> str:
        """One human line for the end of a run."""
        u = self.usage
        if self.priced:
            money = f"${self.spent_usd:.4f}"
        elif self.spent_usd:
            money = f"at least ${self.spent_usd:.4f} (some calls unpriced: add the model to [prices] in the config)"
        else:
            money = "unknown (no price for this model: add it to [prices] in the config)"
        approx = " (estimated)" if u.estimated else ""
        parts = [
            f"{self.done} done ({self.cached} from cache), {self.failed} failed",
            f"{u.requests} requests, {u.input_tokens:,} input + {u.output_tokens:,} output tokens{approx}",
            f"cost {money}",
        ]
        if self.saved_usd:
            parts.append(f"cache saved ${self.saved_usd:.4f}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "done": self.done,
            "failed": self.failed,
            "cached": self.cached,
            "usage": self.usage.model_dump(mode="json"),
            "spent_usd": round(self.spent_usd, 6),
            "saved_usd": round(self.saved_usd, 6),
            "priced": self.priced,
        }
