"""The batch viewer's load time over a 500-article results file, and the export's time, against floors.

    .venv/bin/python bench/viewer.py [--articles 500] [--repeat 3]

Load: headless Debian chromium (the tests' machinery) opens viewer.html from file:// and reports
navigation start -> load event. Floor: the same bytes with the script removed (what the browser needs just to parse and lay
out that much HTML, article views hidden as in the viewer). Filters: time for one
filter change over every row. Export: `tables()` over the file, with the gazetteer already loaded
(its one-off load is printed apart). Goals: load at most 1.5x the floor; a filter under 100 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "report"))

from report_helpers import chromium  # noqa: E402

from summarizer.export import read_results, tables  # noqa: E402
from summarizer.geo import gazetteer  # noqa: E402
from summarizer.report.batch import batch_page  # noqa: E402
from summarizer.schemas.incident import IncidentSummary  # noqa: E402
from summarizer.testing.results_file import write_synthetic_results  # noqa: E402

LOAD_MS = "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;"
FILTER_MS = """
const box = document.getElementById('f-disagree'), t0 = performance.now();
box.click(); document.body.offsetHeight; const t1 = performance.now(); box.click(); return t1 - t0;"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fixtures = ROOT / "tests" / "fixtures"
    base = IncidentSummary.model_validate_json((fixtures / "seed-answer.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = folder / "results.jsonl"
        write_synthetic_results(results, base, (fixtures / "seed-article.txt").read_text(encoding="utf-8"), args.articles)
        started = time.perf_counter()
        g = gazetteer()
        load_gazetteer = time.perf_counter() - started
        items = read_results(results)
        started = time.perf_counter()
        made = tables(items, gazetteer=g)
        export_s = time.perf_counter() - started
        started = time.perf_counter()
        html = batch_page(items, title=results.name)
        page_s = time.perf_counter() - started
        viewer = folder / "viewer.html"
        viewer.write_text(html, encoding="utf-8")
        floor = folder / "floor.html"
        bare = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
        floor.write_text(bare, encoding="utf-8")
        loads: dict[str, list[float]] = {"viewer": [], "floor": []}
        filters: list[float] = []
        with chromium() as driver:
            for _ in range(args.repeat):
                for name, path in (("viewer", viewer), ("floor", floor)):
                    driver.get(path.resolve().as_uri())
                    loads[name].append(float(driver.execute_script(LOAD_MS)))
                driver.get(viewer.resolve().as_uri())
                filters.append(float(driver.execute_script(FILTER_MS)))
    rows = sum(len(t.rows) for t in made.values())
    v, f = statistics.median(loads["viewer"]), statistics.median(loads["floor"])
    print(f"articles: {args.articles}; page {len(html) / 1e6:.1f} MB built in {page_s:.2f} s")
    print(f"export: {rows} rows in {export_s:.2f} s (gazetteer load {load_gazetteer:.1f} s, once per process)")
    print(f"load: viewer {v:.0f} ms vs floor {f:.0f} ms (same HTML, no script): {v / f:.2f}x (goal <= 1.5x)")
    print(f"filter: median {statistics.median(filters):.1f} ms over {args.articles} rows (goal < 100 ms)")


if __name__ == "__main__":
    main()
