"""Traces use the package's one scrubbing function (summarizer.secrets)."""

from summarizer.secrets import MASK, scrub

__all__ = ["MASK", "scrub"]
