"""The located span of every shipped evidence quote, and of deterministic variants of it.

Quotes come from every gold record of every shipped dataset, the eval fixtures' answers files
and the seed answer. Each quote is grounded as it is, and as four variants that reach the
other matchers: case and spacing changed (normalized), one character dropped and one word
swapped (fuzzy or not found), and the quote moved into the wrong words (not found).

    python tests/grounding/spans.py > tests/grounding/spans.json   # regenerate the snapshot

The snapshot was written by the difflib matcher that grounding used before its k-gram index
(commit adfc521); test_spans.py checks today's grounding against it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _gold_quotes(node: Any) -> Iterator[str]:
    """Every string in an `evidence` list, depth first (the gold is plain JSON here)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence" and isinstance(value, list):
                yield from (str(q) for q in value)
            else:
                yield from _gold_quotes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _gold_quotes(item)


def sources() -> Iterator[tuple[str, str, list[str]]]:
    """(name, article text, quotes) for every shipped labeled article and answer."""
    datasets = sorted(p for p in (ROOT / "evals" / "datasets").iterdir() if (p / "cases.jsonl").is_file())
    datasets.append(ROOT / "tests" / "evals" / "fixtures" / "multi")
    for folder in datasets:
        for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            text = (folder / case["article"]).read_text(encoding="utf-8")
            if case.get("gold"):
                gold = json.loads((folder / case["gold"]).read_text(encoding="utf-8"))
                yield f"{folder.name}/{case['id']}/gold", text, list(_gold_quotes(gold))
    multi = ROOT / "tests" / "evals" / "fixtures" / "multi"
    for answers in sorted(multi.glob("answers_*.jsonl")):
        for line in answers.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = (multi / "articles" / f"{row['article_id']}.txt").read_text(encoding="utf-8")
            yield f"multi/{answers.stem}/{row['article_id']}", text, list(_gold_quotes(row["record"]))
    seed = json.loads((ROOT / "tests" / "fixtures" / "seed-answer.json").read_text(encoding="utf-8"))
    yield "fixtures/seed-answer", (ROOT / "tests" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8"), list(_gold_quotes(seed))


def variants(quote: str) -> dict[str, str]:
    words = quote.split()
    swapped = list(words)
    if len(words) >= 3:
        swapped[len(words) // 2] = "zq" + swapped[len(words) // 2][::-1]
    mid = len(quote) // 2
    return {
        "as_is": quote,
        "respaced": "  ".join(w.upper() if i % 2 else w for i, w in enumerate(words)),
        "dropped_char": quote[:mid] + quote[mid + 1 :],
        "swapped_word": " ".join(swapped),
        "wrong_words": "zebra quartz " + " ".join(reversed(words)),
    }


def snapshot() -> list[list[Any]]:
    """[source, quote number, variant, status, start, end, score] for every quote and variant."""
    from summarizer.grounding import _Article

    rows: list[list[Any]] = []
    for name, text, quotes in sources():
        article = _Article(text)
        for i, quote in enumerate(quotes):
            for kind, variant in variants(quote).items():
                g = article.locate(variant)
                rows.append([name, i, kind, g.status.value, g.start, g.end, g.score])
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write("[\n" + ",\n".join(json.dumps(row) for row in snapshot()) + "\n]\n")
