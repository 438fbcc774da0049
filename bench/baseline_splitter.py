"""Rules baseline on long single-paragraph inputs: total time per size, growth per doubling.

Issue 25's goal: on single-paragraph inputs of 50, 100, 200 and 390 KB, the baseline's total
time (`summarizer.baseline.extract_with_info`) grows at most 2.2x per doubling, and a 200 KB single
paragraph takes at most 2x the same text split into its paragraphs. The text is the news-dev
articles (repository data) repeated to size; each size is timed as the best of `--repeat` runs.

    .venv/bin/python bench/baseline_splitter.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import extract_with_info

ROOT = Path(__file__).resolve().parent.parent
SIZES_KB = (50, 100, 200, 390)
GROWTH_GOAL = 2.2
PARAGRAPH_GOAL = 2.0


def paragraphs() -> list[str]:
    out: list[str] = []
    for p in sorted((ROOT / "evals" / "datasets" / "news-dev" / "articles").glob("*.txt")):
        out += [" ".join(par.split()) for par in p.read_text("utf-8").split("\n\n") if par.strip()]
    return out


def sized(paras: list[str], kb: int) -> list[str]:
    """Paragraphs repeated in order until their text reaches `kb` kilobytes."""
    out: list[str] = []
    total, i = 0, 0
    while total < kb * 1000:
        out.append(paras[i % len(paras)])
        total += len(out[-1]) + 1
        i += 1
    return out


def best_time(text: str, repeat: int) -> float:
    article = Article(text=text, meta=ArticleMeta(published="2024-01-15"))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_with_info(article)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    paras = paragraphs()
    single: dict[int, float] = {}
    print(f"{'size':>7} {'chars':>8} {'single paragraph s':>19} {'growth':>7} {'per doubling':>13}")
    prev: tuple[int, float] | None = None
    worst = 0.0
    for kb in SIZES_KB:
        text = " ".join(sized(paras, kb))
        single[kb] = best_time(text, args.repeat)
        row = f"{kb:>5}KB {len(text):>8} {single[kb]:>19.3f}"
        if prev is not None:
            growth = single[kb] / prev[1]
            per_doubling = growth ** (1 / math.log2(kb / prev[0]))
            worst = max(worst, per_doubling)
            row += f" {growth:>6.2f}x {per_doubling:>12.2f}x"
        print(row)
        prev = (kb, single[kb])
    split = best_time("\n\n".join(sized(paras, 200)), args.repeat)
    ratio = single[200] / split
    print(f"worst growth per doubling: {worst:.2f}x (goal <= {GROWTH_GOAL}x): {'met' if worst <= GROWTH_GOAL else 'NOT met'}")
    print(f"200KB single paragraph {single[200]:.3f} s / same text in paragraphs {split:.3f} s = {ratio:.2f}x "
          f"(goal <= {PARAGRAPH_GOAL}x): {'met' if ratio <= PARAGRAPH_GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
