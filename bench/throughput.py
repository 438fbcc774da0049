"""Throughput against two floors, in one run: N articles at 50 ms server latency, concurrency 32
and 64, cache off, for each provider path.

    .venv/bin/python bench/throughput.py [--articles 500 --concurrency 32 64 --delay-ms 50 --rounds 2
                                          --provider compat openai]

Per provider, four clients send the same requests (the body summarize() sends, captured once) to
the fake server in its own process:
- physical floor: a bare aiohttp client posting orjson bytes and parsing the answer with orjson
  (the record's JSON included), nothing else: what this machine's sockets allow;
- design-card floor: a bare openai client behind instructor (IncidentSummary wrapped once by
  instructor's response_schema) in the provider's default mode: TOOLS for `compat` (the
  project sends it through instructor too), JSON_SCHEMA for `openai` (the project sends OpenAI's
  strict structured outputs through the SDK directly, summarizer.providers.native);
- the design-card floor plus the work only the project does for an article, done with the
  project's own functions: render, fence and hash the prompt (each article's own), ground the
  answer's 50 quotes, serialize the result once, append its results line;
- the project: summarize_many (validation, grounding, cost, the results line), cache off.

Printed per provider and concurrency: wall time / the ideal ceil(N/c) x latency for each; the
project over the design-card floor (issue 25's goal <= 1.1) and over the physical floor; the
project's own CPU per call, process CPU of the project minus that of the instructor client over
the same requests, divided by N (issue 25's goal <= 0.4 ms); and the project over the floor that
does its work, with the CPU per call left over: its overhead (goals <= 1.1 and <= 0.4 ms). The
work alone costs about 1 ms per call here (bench/own_cpu.py counts it), so against the bare
floor's ~7-10 ms on the instructor path no implementation of it can reach 1.1 / 0.4 ms: the
last line is the goal that says whether the project adds cost beyond what it must do. Phases alternate for --rounds rounds; the least wall
time and the least CPU time of each are kept (separately: the fastest round is not always the
cheapest), so a burst of load from elsewhere on the shared machine does not land on one side
only. Both floors' CPU moves by 1-2 ms per call between rounds on a shared 2-core machine: use
--rounds 4 or more before reading a sub-millisecond difference.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PROVIDERS, ProjectWork, ServerProcess, articles, config_for
from overhead import captured_request


async def physical(base_url: str, body: dict[str, Any], n: int, concurrency: int) -> None:
    """aiohttp + orjson: post the bytes, parse the answer and its tool-call arguments."""
    import aiohttp
    import orjson

    payload = orjson.dumps(body)
    gate = asyncio.Semaphore(concurrency)
    url = base_url + "/chat/completions"
    headers = {"Content-Type": "application/json", "Authorization": "Bearer x"}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def one() -> None:
            async with gate, session.post(url, data=payload, headers=headers) as response:
                message = orjson.loads(await response.read())["choices"][0]["message"]
                calls = message.get("tool_calls")
                orjson.loads(calls[0]["function"]["arguments"] if calls else message["content"])

        await asyncio.gather(*(one() for _ in range(n)))


async def design_card(base_url: str, body: dict[str, Any], n: int, concurrency: int, mode: str = "TOOLS") -> None:
    """openai + instructor, the two libraries the design card builds on, used as documented."""
    import instructor
    import openai
    from instructor.function_calls import response_schema

    from summarizer.schemas.incident import IncidentSummary

    # Wrapped once, as the project does: instructor wraps a plain class anew on every call and
    # rebuilds its JSON schema each time (~25 ms of CPU per call here), which is no floor.
    model = response_schema(IncidentSummary)
    raw = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    client = instructor.from_openai(raw, mode=instructor.Mode[mode])
    gate = asyncio.Semaphore(concurrency)
    settings = {k: body[k] for k in ("temperature", "max_tokens") if k in body}

    async def one() -> None:
        async with gate:
            await client.chat.completions.create(
                model=body["model"], messages=body["messages"], response_model=model, max_retries=2, **settings
            )

    await asyncio.gather(*(one() for _ in range(n)))
    await raw.close()


async def design_card_with_work(base_url: str, docs: dict[str, str], out: Path, concurrency: int, mode: str) -> None:
    """The design-card floor doing what only the project does besides the call (_common.ProjectWork),
    each line appended to `out`. No retries layer, no deadline, no cost, no cache, no events: the
    project over this phase is its overhead, not its work."""
    import instructor
    import openai
    from instructor.function_calls import response_schema

    from summarizer.schemas.incident import IncidentSummary

    work = ProjectWork()
    model = response_schema(IncidentSummary)
    raw = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    client = instructor.from_openai(raw, mode=instructor.Mode[mode])
    gate = asyncio.Semaphore(concurrency)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    async def one(ident: str, text: str) -> None:
        async with gate:
            article, messages, prompt_hash = work.prompt(ident, text)
            record = await client.chat.completions.create(
                model="bench-model", messages=messages, response_model=model, max_retries=2  # type: ignore[arg-type]
            )
            os.write(fd, work.line(record, article, prompt_hash))

    try:
        await asyncio.gather(*(one(ident, text) for ident, text in docs.items()))
    finally:
        os.close(fd)
        await raw.close()


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[32, 64])
    parser.add_argument("--delay-ms", type=float, default=50.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--provider", nargs="+", choices=sorted(PROVIDERS), default=["compat", "openai"])
    args = parser.parse_args()
    logging.getLogger("summarizer").setLevel(logging.WARNING)  # tracing off: no per-call events

    from summarizer.batch import summarize_many

    n = args.articles
    docs = articles(n)
    with ServerProcess(args.delay_ms) as server, tempfile.TemporaryDirectory() as tmp:
        for provider in args.provider:
            config = config_for(server.base_url, provider)
            body = captured_request(server.base_url, provider)
            mode = INSTRUCTOR_MODE[provider]
            summarize_many(dict(list(docs.items())[:8]), config=config, cache="off")  # warm imports and classes
            asyncio.run(physical(server.base_url, body, 8, 8))
            asyncio.run(design_card(server.base_url, body, 8, 8, mode))
            for c in args.concurrency:
                measure(server, provider, mode, config, body, docs, c, args, Path(tmp))


INSTRUCTOR_MODE = {"compat": "TOOLS", "openai": "JSON_SCHEMA"}
"""The design-card floor's instructor mode: the provider's default mode, as instructor names it."""


def measure(server: ServerProcess, provider: str, mode: str, config: Any, body: dict[str, Any], docs: dict[str, str],
            c: int, args: argparse.Namespace, tmp: Path) -> None:  # fmt: skip
    from summarizer.batch import summarize_many

    n = len(docs)
    best: dict[str, tuple[float, float]] = {}
    failed = 0
    for r in range(args.rounds):
        out = tmp / f"out-{provider}-{c}-{r}.jsonl"
        phases: dict[str, Callable[[], object]] = {
            "physical": lambda: asyncio.run(physical(server.base_url, body, n, c)),
            "design": lambda: asyncio.run(design_card(server.base_url, body, n, c, mode)),
            "work": lambda: asyncio.run(design_card_with_work(server.base_url, docs, tmp / f"work-{provider}-{c}-{r}.jsonl", c, mode)),
            "project": lambda: summarize_many(docs, output=out, config=config, cache="off", concurrency=c),
        }
        for name, run in phases.items():
            before = server.requests()
            wall, cpu = timed(run)
            sent = server.requests() - before
            if sent != n:
                raise SystemExit(f"{name} sent {sent} requests, not {n}")
            if name == "project":
                failed += sum('"ok":false' in line for line in out.read_text(encoding="utf-8").splitlines())
            if name not in best:
                best[name] = (wall, cpu)
            best[name] = (min(wall, best[name][0]), min(cpu, best[name][1]))
    ideal = math.ceil(n / c) * args.delay_ms / 1000
    (pw, pc), (dw, dc), (ww, wc), (jw, jc) = best["physical"], best["design"], best["work"], best["project"]
    own_ms = (jc - dc) / n * 1000
    overhead_ms = (jc - wc) / n * 1000
    print(
        f"throughput: provider {provider} ({PROVIDERS[provider]}), {n} articles, concurrency {c}, "
        f"{args.delay_ms:.0f} ms latency, ideal {ideal:.2f} s, best of {args.rounds} rounds"
    )
    for label, wall, cpu in (
        ("physical floor (aiohttp+orjson)", pw, pc), (f"design-card floor (openai+instructor {mode})", dw, dc),
        ("design-card floor + the project's work", ww, wc), ("summarize_many", jw, jc),
    ):  # fmt: skip
        print(f"  {label:<46} wall {wall:6.2f} s  ratio {wall / ideal:5.2f}  CPU {cpu / n * 1000:5.2f} ms/call")
    print(
        f"  summarize_many / design-card floor = {jw / dw:.2f} (goal <= 1.1: {'met' if jw / dw <= 1.1 else 'NOT met'}); "
        f"/ physical floor = {jw / pw:.2f}; {failed} failed"
    )
    print(f"  project's own CPU per call = {own_ms:.2f} ms (issue 25's goal <= 0.4: {'met' if own_ms <= 0.4 else 'NOT met'})")
    print(
        f"  summarize_many / (design-card floor + the project's work) = {jw / ww:.2f} (goal <= 1.1: "
        f"{'met' if jw / ww <= 1.1 else 'NOT met'}); overhead CPU per call = {overhead_ms:.2f} ms "
        f"(goal <= 0.4: {'met' if overhead_ms <= 0.4 else 'NOT met'})"
    )

if __name__ == "__main__":
    main()
