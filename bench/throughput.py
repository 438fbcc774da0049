"""Throughput: 500 articles at 50 ms server latency and concurrency 32 through summarize_many,
wall time divided by the ideal ceil(500/32) x 50 ms (goal: at most 1.2).

    .venv/bin/python bench/throughput.py [--articles 500 --concurrency 32 --delay-ms 50]

The cache is off, so every article is one real HTTP call to the fake server (own process).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ServerProcess, articles, config_for
from overhead import captured_request


async def bare_many(base_url: str, body: dict[str, Any], n: int, concurrency: int) -> None:
    """The floor this machine allows: a bare openai client, same requests, same parse, same concurrency."""
    import openai

    from summarizer.schemas.incident import IncidentSummary

    client = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    gate = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            response = await client.chat.completions.create(**body)
            IncidentSummary.model_validate_json(response.choices[0].message.tool_calls[0].function.arguments)  # type: ignore[union-attr]

    await asyncio.gather(*(one() for _ in range(n)))
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--delay-ms", type=float, default=50.0)
    args = parser.parse_args()

    from summarizer.batch import summarize_many

    docs = articles(args.articles)
    with ServerProcess(args.delay_ms) as server, tempfile.TemporaryDirectory() as tmp:
        config = config_for(server.base_url)
        summarize_many(dict(list(docs.items())[:4]), config=config, cache="off")  # warm imports
        before = server.requests()
        started = time.perf_counter()
        report = summarize_many(docs, output=Path(tmp) / "out.jsonl", config=config, cache="off", concurrency=args.concurrency)
        wall = time.perf_counter() - started
        sent = server.requests() - before
        body = captured_request(server.base_url)
        asyncio.run(bare_many(server.base_url, body, 8, args.concurrency))
        started = time.perf_counter()
        asyncio.run(bare_many(server.base_url, body, args.articles, args.concurrency))
        bare = time.perf_counter() - started
    ideal = math.ceil(args.articles / args.concurrency) * args.delay_ms / 1000
    ratio = wall / ideal
    print(
        f"throughput: {args.articles} articles, concurrency {args.concurrency}, {args.delay_ms:.0f} ms latency: "
        f"wall {wall:.2f} s, ideal {ideal:.2f} s, ratio {ratio:.2f} (goal <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'}); "
        f"{args.articles / wall:.0f} articles/s, {sent} requests, {report.totals.failed} failed"
    )
    print(
        f"throughput: same requests from a bare openai client at the same concurrency: wall {bare:.2f} s, "
        f"ratio {bare / ideal:.2f} (the floor on this machine); summarize_many / bare = {wall / bare:.2f}"
    )


if __name__ == "__main__":
    main()
