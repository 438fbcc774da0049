"""Overhead: summarize() against a bare openai client sending the same request and parsing the
same answer, at 0 ms and 50 ms server latency (goal: at most 1.05x at 50 ms; the added
milliseconds per call are reported at 0 ms).

    .venv/bin/python bench/overhead.py [--calls 40]

Both sides run sequentially, one call at a time, against the fake server in its own process,
and alternate in rounds so drift hits both. "asummarize" reuses one client per event loop;
"summarize()" is the blocking call, which builds a client (and event loop) per call.
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

from _common import SEED_TEXT, ServerProcess, config_for  # noqa: E402


def captured_request(base_url: str) -> dict[str, Any]:
    """The exact body summarize() sends, captured from a throwaway in-process server."""
    from _common import SEED_ANSWER

    from summarizer import summarize
    from summarizer.testing import FakeOpenAIServer, Reply

    with FakeOpenAIServer([Reply.with_record(SEED_ANSWER)]) as probe:
        summarize(SEED_TEXT, config=config_for(probe.base_url), cache="off")
        body = dict(probe.requests[0])
    return body


async def bare_calls(base_url: str, body: dict[str, Any], n: int) -> list[float]:
    import openai

    from summarizer.schemas.incident import IncidentSummary

    client = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = await client.chat.completions.create(**body)
        IncidentSummary.model_validate_json(response.choices[0].message.tool_calls[0].function.arguments)  # type: ignore[union-attr]
        times.append(time.perf_counter() - started)
    await client.close()
    return times


async def async_calls(config: Any, n: int) -> list[float]:
    from summarizer import asummarize

    times = []
    for _ in range(n):
        started = time.perf_counter()
        await asummarize(SEED_TEXT, config=config, cache="off")
        times.append(time.perf_counter() - started)
    return times


def sync_calls(config: Any, n: int) -> list[float]:
    from summarizer import summarize

    times = []
    for _ in range(n):
        started = time.perf_counter()
        summarize(SEED_TEXT, config=config, cache="off")
        times.append(time.perf_counter() - started)
    return times


def measure(delay_ms: float, calls: int, rounds: int) -> dict[str, float]:
    with ServerProcess(delay_ms) as server:
        body = captured_request(server.base_url)
        config = config_for(server.base_url)
        per = max(1, calls // rounds)
        asyncio.run(bare_calls(server.base_url, body, 2))  # warm imports and connections
        asyncio.run(async_calls(config, 2))
        bare: list[float] = []
        asy: list[float] = []
        syn: list[float] = []
        for _ in range(rounds):
            bare += asyncio.run(bare_calls(server.base_url, body, per))
            asy += asyncio.run(async_calls(config, per))
            syn += sync_calls(config, per)
    return {"bare": statistics.median(bare), "asummarize": statistics.median(asy), "summarize": statistics.median(syn)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=40, help="calls per side per latency")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(f"overhead: median per-call wall time over {args.calls} sequential calls per side")
    for delay in (0.0, 50.0):
        m = measure(delay, args.calls, args.rounds)
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
