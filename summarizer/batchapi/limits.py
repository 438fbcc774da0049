"""What each provider's batch API allows and charges: one table, each figure with its page.

Requests are split so no batch exceeds its provider's documented count or size; the price of a
batch request is the registry price times the documented discount. Both are overridable (the
`limits=` and `discount=` arguments, `--max-requests`, `--max-bytes`, `--discount`) for a
gateway with other terms, or when a provider changes them before this table does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from summarizer.config import Price
from summarizer.errors import ConfigError
from summarizer.model.registry import Family, ProviderSpec

__all__ = ["BatchTerms", "batch_price", "terms_for"]


@dataclass(frozen=True)
class BatchTerms:
    """One provider's batch terms. `window_h`: the documented completion window."""

    max_requests: int
    max_bytes: int
    discount: float
    window_h: float
    source: str

    def with_overrides(self, *, max_requests: int | None = None, max_bytes: int | None = None, discount: float | None = None) -> BatchTerms:
        if discount is not None and not 0 <= discount < 1:
            raise ConfigError(f"--discount {discount} must be a fraction in [0, 1), e.g. 0.5 for half price")
        if max_requests is not None and max_requests < 1 or max_bytes is not None and max_bytes < 1024:
            raise ConfigError("--max-requests must be at least 1 and --max-bytes at least 1024")
        return replace(
            self,
            max_requests=max_requests or self.max_requests,
            max_bytes=max_bytes or self.max_bytes,
            discount=self.discount if discount is None else discount,
        )


_MB = 1024 * 1024
TERMS: dict[Family, BatchTerms] = {
    # "The file can contain up to 50,000 requests, and can be up to 200 MB in size"; 50% discount; 24h.
    Family.openai: BatchTerms(50_000, 200 * _MB, 0.5, 24, "https://platform.openai.com/docs/guides/batch"),
    # "A Message Batch is limited to either 100,000 Message requests or 256 MB in size, whichever is
    # reached first"; "50% of standard API prices"; most batches end within 1 hour, at most 24.
    # Kept 10% under 256 MB: the limit is on the create call's body, which the SDK encodes with
    # spaces after separators that the compact request lines counted here do not have.
    Family.anthropic: BatchTerms(100_000, 230 * _MB, 0.5, 24, "https://docs.anthropic.com/en/docs/build-with-claude/batch-processing"),
    # Input file up to 2 GB; "50% of the standard cost"; 24-hour target turnaround. Google documents
    # no request count per batch: the count here only bounds one job-state ids file.
    Family.google: BatchTerms(1_000_000, 2 * 1024 * _MB, 0.5, 24, "https://ai.google.dev/gemini-api/docs/batch-mode"),
}


def terms_for(spec: ProviderSpec) -> BatchTerms:
    """The provider's terms; a ConfigError naming the ones that have a batch API otherwise."""
    terms = TERMS.get(spec.family)
    if terms is None or not spec.capabilities.batch_api:
        raise ConfigError(
            f"provider {spec.name!r} has no batch API this tool knows; use one of openai, anthropic, google "
            "(or `summarizer summarize` for live calls)"
        )
    return terms


def batch_price(price: Price | None, terms: BatchTerms) -> Price | None:
    """The registry's live price at the batch discount (cached input discounted the same way)."""
    if price is None:
        return None
    keep = 1.0 - terms.discount
    cached = None if price.cached_input is None else price.cached_input * keep
    return Price(input=price.input * keep, output=price.output * keep, cached_input=cached)
