"""The k-gram index finds the block difflib would, and long articles are grounded off the loop."""

from __future__ import annotations

import asyncio
import copy
import random
from difflib import SequenceMatcher
from typing import Any

from summarizer.grounding import _Article, aground, ground
from summarizer.offload import LONG_ARTICLE
from summarizer.schemas.incident import IncidentSummary


def test_longest_block_is_difflibs_leftmost_longest_match() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 120)))
        quote = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 30)))
        article = _Article(text)
        block = SequenceMatcher(None, article.norm, quote, autojunk=False).find_longest_match(0, len(article.norm), 0, len(quote))
        expected = (block.a, block.b, block.size) if block.size >= 4 else (0, 0, 0)
        assert article.longest_block(quote) == expected, (text, quote)


def _record(seed_answer: dict[str, Any], quotes: list[str]) -> IncidentSummary:
    answer = copy.deepcopy(seed_answer)
    answer["incidents"][0]["location"]["evidence"] = quotes
    return IncidentSummary.model_validate(answer)


def test_aground_gives_grounds_answer_and_lets_the_loop_run_meanwhile(seed_text: str, seed_answer: dict[str, Any]) -> None:
    text = (seed_text + "\n\n") * (LONG_ARTICLE // len(seed_text) + 2)
    record = _record(seed_answer, ["Malian soldiers were kiled in an ambush", "an invented sentence about the weather in Oslo"])
    ticks = 0

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0)

    async def main() -> list[object]:
        stop = asyncio.Event()
        task = asyncio.create_task(ticker(stop))
        await asyncio.sleep(0)
        before = ticks
        result = await aground(record, text)
        stop.set()
        await task
        assert ticks > before + 1  # the ticker ran while grounding was pending: the loop was free
        return list(result)

    assert asyncio.run(main()) == ground(record, text)
