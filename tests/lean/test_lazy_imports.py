"""`import summarizer`, `summarizer --help` and `summarizer summarize` load no numpy, scipy or eval module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
{setup}
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "scipy") or m.startswith(("summarizer.evals", "evals")))
print(json.dumps(heavy[:10]), file=sys.stderr)
"""

CLI = """
from summarizer.cli import main
sys.argv = ["summarizer", *{args!r}]
try:
    main()
except SystemExit:
    pass
"""


def _heavy_modules(setup: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)], capture_output=True, text=True, cwd=cwd, timeout=120)
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


def test_import_summarizer_loads_no_numpy_scipy_or_evals(tmp_path: Path) -> None:
    assert _heavy_modules("import summarizer", tmp_path) == []


@pytest.mark.parametrize("args", [["--help"], ["summarize", "--help"], ["batch", "--help"]])
def test_the_cli_help_loads_no_numpy_scipy_or_evals(tmp_path: Path, args: list[str]) -> None:
    assert _heavy_modules(CLI.format(args=args), tmp_path) == []


def test_summarize_with_the_baseline_loads_no_numpy_scipy_or_evals(tmp_path: Path, seed_text: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    assert _heavy_modules(CLI.format(args=["summarize", str(article), "--no-cache"]), tmp_path) == []


def test_an_eval_command_loads_its_modules_when_it_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + CLI.format(args=["eval", "runs"]) + "\nprint(sorted(sys.modules).count('summarizer.evals.runs'))"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "1"
