"""Event-loop stalls while grounding long articles: a batch whose every record carries 50 quotes that
are not in its 390 KB article (goal: longest stall under 50 ms).

    .venv/bin/python bench/loop_lag.py [--articles 6 --concurrency 6 --kb 390]

The fake server (own process) answers every request with the seed record, whose 50 evidence
quotes come from the seed article; each article here is 390 KB of other shipped news text, so
no quote is found exactly and each goes through normalized and fuzzy matching. A probe task on
the batch's event loop sleeps 5 ms over and over and records how late it wakes: the longest
lateness is the longest stall any other call in flight would have suffered. The batch runs twice:
grounding as shipped (off the loop for long articles), then forced inline on the loop, the
behaviour before, for comparison. A last phase sends the same requests through the bare openai +
instructor client (the design-card floor, in the provider's default mode) with the same probe
and no grounding at all: the stall the SDK and instructor cause by themselves, which no change in
this project can remove. Full garbage collections (which pause every thread) are
counted per phase; a middle phase runs with the start-up heap frozen out of the collector.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import sys
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PROVIDERS, ROOT, SEED_TEXT, ServerProcess, config_for

TICK = 0.005
T = TypeVar("T")


def long_articles(n: int, size: int) -> dict[str, str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "evals" / "datasets" / "news-dev" / "articles").glob("*.txt"))]
    docs = {}
    for i in range(n):
        body = ""
        k = i
        while len(body) < size:
            body += texts[k % len(texts)] + "\n\n"
            k += 1
        docs[f"long-{i:03d}"] = body[:size]
    return docs


class GcPauses:
    """Full (generation 2) collections while active: each pauses every thread, the loop's too."""

    def __init__(self) -> None:
        self.count, self.longest, self._started = 0, 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.longest = max(self.longest, time.perf_counter() - self._started)

    def close(self) -> None:
        gc.callbacks.remove(self._callback)


async def probed(work: Awaitable[T]) -> tuple[float, T]:
    """(longest stall, result) of awaiting `work` while a probe task on the same loop sleeps TICK
    over and over and records how late it wakes."""
    worst = 0.0
    done = asyncio.Event()

    async def probe() -> None:
        nonlocal worst
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(TICK)
            worst = max(worst, time.perf_counter() - started - TICK)

    task = asyncio.create_task(probe())
    try:
        result = await work
    finally:
        done.set()
        await task
    return worst, result


async def batch_with_probe(docs: dict[str, str], config: object, concurrency: int) -> tuple[float, float, collections.Counter[str], GcPauses]:
    from summarizer.batch import asummarize_many

    pauses = GcPauses()
    started = time.perf_counter()
    worst, report = await probed(asummarize_many(docs, config=config, cache="off", concurrency=concurrency))  # type: ignore[arg-type]
    wall = time.perf_counter() - started
    pauses.close()
    statuses = collections.Counter(g.status.value for r in report.results.values() for g in r.grounding)
    statuses["failed"] = report.totals.failed
    return worst, wall, statuses, pauses


async def floor_with_probe(docs: dict[str, str], base_url: str, provider: str, concurrency: int) -> float:
    """The longest stall while the bare openai + instructor client makes the project's requests."""
    import instructor
    import openai
    from instructor.function_calls import response_schema

    from summarizer.article import Article, ArticleMeta
    from summarizer.prompting import render_messages
    from summarizer.schemas.incident import IncidentSummary
    from summarizer.tasks import get_task

    task = get_task("incident")
    requests = [
        render_messages(task.system_template, task.user_template, Article(text=text, meta=ArticleMeta(id=ident)), task.schema_name, task.name)
        for ident, text in docs.items()
    ]
    model = response_schema(IncidentSummary)
    raw = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    client = instructor.from_openai(raw, mode=instructor.Mode[INSTRUCTOR_MODE[provider]])
    gate = asyncio.Semaphore(concurrency)

    async def one(messages: list[dict[str, str]]) -> None:
        async with gate:
            await client.chat.completions.create(model="bench-model", messages=messages, response_model=model, max_retries=2)  # type: ignore[arg-type]

    worst, _ = await probed(asyncio.gather(*(one(m) for m in requests)))
    await raw.close()
    return worst


INSTRUCTOR_MODE = {"compat": "TOOLS", "openai": "JSON_SCHEMA"}
"""The floor's instructor mode: the provider's default mode, as instructor names it (as in bench/throughput.py)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--kb", type=int, default=390)
    parser.add_argument("--provider", choices=sorted(PROVIDERS), default="compat")
    args = parser.parse_args()

    import summarizer.offload as offload

    docs = long_articles(args.articles, args.kb * 1000)
    with ServerProcess(0) as server:
        config = config_for(server.base_url, args.provider, context_chars=10 * args.kb * 1000)
        # Warm up first: the first call imports the SDKs (thousands of pydantic classes, seconds of
        # CPU on the loop); that one-off cost is not what this benchmark measures.
        asyncio.run(batch_with_probe({"warm": SEED_TEXT}, config, 1))
        shipped = asyncio.run(batch_with_probe(docs, config, args.concurrency))
        # The same, with the heap built so far (imported SDKs, schemas) frozen out of the collector,
        # as a long-running service would do after start-up: what remains is the library's own stall.
        gc.collect()
        gc.freeze()
        frozen = asyncio.run(batch_with_probe(docs, config, args.concurrency))
        gc.unfreeze()
        offload.LONG_ARTICLE = 10**12  # every article "short": preparing and grounding inline on the loop
        inline = asyncio.run(batch_with_probe(docs, config, args.concurrency))
        floor = asyncio.run(floor_with_probe(docs, server.base_url, args.provider, args.concurrency))
    quotes = sum(v for k, v in shipped[2].items() if k != "failed")
    print(
        f"loop lag: {args.articles} records x 50 quotes in {args.kb} KB articles, concurrency {args.concurrency}, "
        f"provider {args.provider} ({PROVIDERS[args.provider]}); "
        f"statuses {dict(shipped[2])} ({quotes} quotes)"
    )
    phases = (("off the loop (shipped)", shipped), ("off the loop, gc.freeze()", frozen), ("inline on the loop", inline))
    for label, (worst, wall, _, gcs) in phases:
        print(
            f"  {label:<26} longest stall {worst * 1000:7.1f} ms  batch wall {wall:6.2f} s  "
            f"full GCs {gcs.count} (longest {gcs.longest * 1000:.0f} ms)"
        )
    for label, (worst, *_rest) in phases[:2]:
        print(f"  {label}: longest stall / 50 ms goal = {worst / 0.050:.2f} ({'met' if worst < 0.050 else 'NOT met'})")
    print(f"  inline / shipped longest stall = {inline[0] / max(shipped[0], 1e-9):.0f}x")
    print(
        f"  design-card floor (openai+instructor {INSTRUCTOR_MODE[args.provider]}, same requests, no grounding): "
        f"longest stall {floor * 1000:.1f} ms ({'under' if floor < 0.050 else 'over'} the 50 ms goal by itself)"
    )


if __name__ == "__main__":
    main()
