"""The built wheel works outside the checkout: prompts, schemas and datasets load from the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import summarizer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "test-artifacts", "__pycache__", ".notes")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; dependencies come from this environment's site-packages."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=SKIP, symlinks=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp / "dist").glob("incident_summarizer-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # Dependencies only: a plain path entry does not activate this checkout's editable finder.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_public_api_and_one_schema_identity_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    code = (
        "import summarizer, json\n"
        "from summarizer import summarize, asummarize\n"
        "from summarizer.tasks import get_task\n"
        "from summarizer.schemas.incident import IncidentSummary\n"
        "assert get_task('incident').schema is IncidentSummary\n"
        "print(json.dumps({'file': summarizer.__file__, 'tasks': __import__('summarizer.tasks').tasks.builtin_tasks()}))\n"
    )
    out = run(installed, installed / "bin" / "python", "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["file"].startswith(str(installed))
    assert "incident" in info["tasks"]
    top_level = run(installed, installed / "bin" / "python", "-c", "import schemas", cwd=tmp_path)
    assert top_level.returncode != 0  # the design card's folders do not leak as top-level packages


def test_cli_summarizes_the_seed_with_the_scripted_provider(installed: Path, tmp_path: Path) -> None:
    article = tmp_path / "seed.txt"
    shutil.copy(FIXTURES / "seed-article.txt", article)
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"record": json.loads((FIXTURES / "seed-answer.json").read_text())}) + "\n")
    out = run(installed, installed / "bin" / "summarizer", "summarize", str(article), "--model", f"scripted/{answers}", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [f["count"]["value"] for f in result["record"]["casualty_figures"]][:2] == [14, 11]
    assert {g["status"] for g in result["grounding"]} == {"exact"}
    html = run(installed, installed / "bin" / "summarizer", "summarize", str(article), "--model", f"scripted/{answers}", "--format", "html", cwd=tmp_path)
    assert html.returncode == 0, html.stderr
    assert html.stdout.lstrip().lower().startswith("<!doctype html>") and "<mark" in html.stdout


def test_keyless_default_summarizes_the_seed_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    article = tmp_path / "seed.txt"
    shutil.copy(FIXTURES / "seed-article.txt", article)
    out = run(installed, installed / "bin" / "summarizer", "summarize", str(article), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "rules baseline" in out.stderr and out.stderr.count("\n") == 1
    record = json.loads(out.stdout)["record"]
    army = [(f["count"]["value"], f["outcome"]) for f in record["casualty_figures"] if "army" in f["claimant"]["name"].lower()]
    assert (14, "killed") in army and (11, "wounded") in army
    assert record["incidents"][0]["date"]["start"] == "2023-01-10"


def test_the_wheel_carries_no_dataset_text(tmp_path: Path) -> None:
    """MUC-4, WikiEvents and news texts are third-party: they stay in the repo, never in the wheel."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=SKIP, symlinks=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    wheels = list((tmp_path / "dist").glob("incident_summarizer-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "summarizer/schemas/incident.py" in names and "summarizer/prompts/incident/system.j2" in names
    assert not [n for n in names if "/datasets/" in n or (n.startswith("summarizer/") and n.endswith((".txt", ".jsonl", ".out", ".jsonlines")))]
    assert not [n for n in names if "muc" in n.lower() and not n.endswith(".py") and not n.startswith("summarizer/prompts/")]


def test_datasets_are_found_by_name_from_a_clone_root_and_a_named_folder(installed: Path, tmp_path: Path) -> None:
    code = "from summarizer.evals.dataset import builtin_datasets; print(' '.join(builtin_datasets()))"
    out = run(installed, installed / "bin" / "python", "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []
    out = run(installed, installed / "bin" / "python", "-c", code, cwd=ROOT)
    assert {"seed", "news-dev", "muc4-dev"} <= set(out.stdout.split()), out.stderr
    env = {**os.environ, "SUMMARIZER_DATASETS": str(ROOT / "evals" / "datasets")}
    named = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert {"seed", "news-dev", "muc4-dev"} <= set(named.stdout.split()), named.stderr


def test_every_subpackage_imports_from_the_clone_root_after_a_plain_install(installed: Path) -> None:
    code = "import summarizer, summarizer.schemas, summarizer.prompts, summarizer.evals, summarizer.evals.muc4; print('ok')"
    out = run(installed, installed / "bin" / "python", "-c", code, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_all_is_complete_and_importable() -> None:
    public = {name for name in dir(summarizer) if not name.startswith("_") and name[0].isupper() or name in {"summarize", "asummarize", "get_task", "load_config"}}
    assert public <= set(summarizer.__all__)
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name
