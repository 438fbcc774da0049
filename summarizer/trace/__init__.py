"""Trace a call: user callbacks on the model layer's events, and OpenTelemetry spans (an extra).

    from summarizer.trace import add_hook
    remove = add_hook(lambda event: print(event.kind, event.fields))

    from summarizer.trace import instrument
    instrument()  # spans through the global OpenTelemetry tracer provider (pip install 'incident-summarizer[otel]')

Events: call, attempt, retry, reask, grounding, result, cache_hit, deadline, pause. Event
fields and span attributes never carry an API key: values are scrubbed of every key the
environment holds and of key-shaped strings before any hook or exporter sees them.
"""

from summarizer.trace._hooks import Event, add_hook, emit, hooked
from summarizer.trace._scrub import scrub
from summarizer.trace._spans import instrument, span, uninstrument

__all__ = ["Event", "add_hook", "emit", "hooked", "instrument", "scrub", "span", "uninstrument"]
