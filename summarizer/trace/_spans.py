"""OpenTelemetry spans for calls, attempts, retries, re-asks and grounding (the `otel` extra).

Off until `instrument()` is called: importing summarizer never touches OpenTelemetry. Span
names: summarizer.call > summarizer.attempt (> summarizer.reask), summarizer.retry,
summarizer.grounding. Attributes are scrubbed like hook events.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from summarizer.errors import ConfigError
from summarizer.trace._scrub import scrub

__all__ = ["instrument", "set_attributes", "span", "uninstrument"]

_tracer: Any = None


def instrument(tracer_provider: Any = None) -> None:
    """Start making spans, with `tracer_provider` or OpenTelemetry's global one."""
    global _tracer
    try:
        from opentelemetry import trace
    except ImportError:
        raise ConfigError("spans need OpenTelemetry: pip install 'incident-summarizer[otel]'") from None
    provider = tracer_provider if tracer_provider is not None else trace.get_tracer_provider()
    _tracer = provider.get_tracer("summarizer")


def uninstrument() -> None:
    global _tracer
    _tracer = None


def _attr(value: Any) -> Any:
    return value if isinstance(value, bool | int | float) else scrub(str(value))


_NO_SPAN: AbstractContextManager[None] = nullcontext()
"""What span() gives when not instrumented: one shared, reusable context manager, so the three
spans of every call cost a function call, not a generator-based context manager each."""


def span(name: str, **attributes: Any) -> AbstractContextManager[Any]:
    """A span when instrumented (its context yields it, to add attributes with `set_attributes`), else None at no cost."""
    if _tracer is None:
        return _NO_SPAN
    return _span(name, attributes)


@contextmanager
def _span(name: str, attributes: dict[str, Any]) -> Iterator[Any]:
    clean = {f"summarizer.{k}": _attr(v) for k, v in attributes.items() if v is not None}
    with _tracer.start_as_current_span(name, attributes=clean) as current:
        yield current


def set_attributes(current: Any, **attributes: Any) -> None:
    if current is not None:
        for k, v in attributes.items():
            if v is not None:
                current.set_attribute(f"summarizer.{k}", _attr(v))
