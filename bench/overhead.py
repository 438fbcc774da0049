"""Overhead: summarize() against a bare openai client sending the same request and parsing the
same answer, at 0 ms and 50 ms server latency (goal: at most 1.05x at 50 ms; the added
milliseconds per call are reported at 0 ms).

    .venv/bin/python bench/overhead.py [--calls 40]

Calls run one at a time against the fake server in its own process, interleaved call by call
(bare, asummarize, summarize) so load from elsewhere on the machine hits all three alike.
asummarize() reuses one client per event loop; summarize() runs on summarizer's own
background loop, so it reuses its client too.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SEED_TEXT, ServerProcess, config_for


def captured_request(base_url: str, provider: str = "compat") -> dict[str, Any]:
    """The exact body summarize() sends for `provider`, captured from a throwaway in-process server."""
    from _common import SEED_ANSWER

    from summarizer import summarize
    from summarizer.testing import FakeOpenAIServer, Reply

    with FakeOpenAIServer([Reply.with_record(SEED_ANSWER)]) as probe:
        summarize(SEED_TEXT, config=config_for(probe.base_url, provider), cache="off")
        body = dict(probe.requests[0])
    return body


async def interleaved(base_url: str, body: dict[str, Any], config: Any, n: int) -> dict[str, list[float]]:
    """n rounds of: one bare openai call, one asummarize(), one summarize(); interleaving call by
    call means a busy moment on the machine hits all three alike."""
    import openai

    from summarizer import asummarize, summarize
    from summarizer.schemas.incident import IncidentSummary

    client = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    times: dict[str, list[float]] = {"bare": [], "asummarize": [], "summarize": []}
    for i in range(n + 3):  # the first 3 rounds warm imports, clients and connections
        started = time.perf_counter()
        response = await client.chat.completions.create(**body)
        IncidentSummary.model_validate_json(response.choices[0].message.tool_calls[0].function.arguments)  # type: ignore[union-attr]
        bare = time.perf_counter() - started
        started = time.perf_counter()
        await asummarize(SEED_TEXT, config=config, cache="off")
        asy = time.perf_counter() - started
        started = time.perf_counter()
        summarize(SEED_TEXT, config=config, cache="off")  # blocks this loop; runs on summarizer's own
        syn = time.perf_counter() - started
        if i >= 3:
            times["bare"].append(bare)
            times["asummarize"].append(asy)
            times["summarize"].append(syn)
    await client.close()
    return times


def measure(delay_ms: float, calls: int) -> dict[str, float]:
    with ServerProcess(delay_ms) as server:
        body = captured_request(server.base_url)
        times = asyncio.run(interleaved(server.base_url, body, config_for(server.base_url), calls))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=40, help="calls per side per latency")
    args = parser.parse_args()
    print(f"overhead: median per-call wall time over {args.calls} sequential calls per side")
    for delay in (0.0, 50.0):
        m = measure(delay, args.calls)
        for name in ("asummarize", "summarize"):
            ratio = m[name] / m["bare"]
            added = (m[name] - m["bare"]) * 1000
            goal = f"  goal <= 1.05x: {'met' if ratio <= 1.05 else 'NOT met'}" if delay == 50.0 else ""
            print(
                f"  {delay:>4.0f} ms latency  {name:<11} {m[name] * 1000:7.1f} ms  bare openai {m['bare'] * 1000:6.1f} ms  "
                f"ratio {ratio:.2f}x  added {added:+.1f} ms/call{goal}"
            )


if __name__ == "__main__":
    main()
