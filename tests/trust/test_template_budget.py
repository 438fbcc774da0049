"""Prompt templates run under budgets: a 10^9-step loop or 1 GB of output stops within 2 s and
under 100 MB of extra memory, in this process, with a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from summarizer.article import Article
from summarizer.errors import ConfigError
from summarizer.prompting import render_messages

LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}done"
OUTPUT = "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}"
BOMBS = {
    "loop": LOOP,
    "output": OUTPUT,
    "multiply": "{{ 'x' * 1000000000 }}",
    "multiply_float": "{{ 'x' * 4e9 }}",
    "power": "{{ 2 ** 100000000 }}",
    "center": "{{ article | center(1000000000) }}",
    "indent": "{{ ('a\\n' * 500000) | indent(9000) }}",
    "join": "{{ range(100000) | join(article) }}",
    "replace": "{{ article | replace('a', article) }}",
    "method": "{{ article.ljust(1000000000) }}",
    "format": "{{ '%1000000000s' % article }}",
    "str_format": "{{ '{:>1000000000}'.format(article) }}",
    "many_expressions": "{{ article | sort | length }}" * 300,  # no loop: timed between output chunks
    "concat": "{% set a = article ~ article ~ article ~ article %}{% set b = a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b %}{{ c ~ c ~ c }}",
}

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from summarizer.article import Article
    from summarizer.errors import ConfigError
    from summarizer.prompting import render_messages
    render_messages("x", "{{ article | fence }}", Article(text="warm up"), "S", "t")  # imports done
    def vm_kb():
        return int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1])
    before = vm_kb()
    limit = (before + 100 * 1024) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = time.monotonic()
    try:
        render_messages("sys", sys.argv[1], Article(text="a" * 100000), "S", "t")
        outcome = "rendered"
    except ConfigError as exc:
        outcome = str(exc)
    except MemoryError:
        outcome = "MemoryError"
    print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started, "vm_kb": vm_kb() - before}))
    """
)


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_template_bomb_stops_in_time_under_a_memory_limit(name: str) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, BOMBS[name]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["outcome"].startswith("prompt template t/user.j2"), report
    assert "\n" not in report["outcome"]
    assert report["seconds"] < 2.0, report


def test_an_ordinary_template_still_renders() -> None:
    text = "A bomb went off in Lima."
    system, user = render_messages(
        "Fill {{ schema_name }}. {% for w in ['a', 'b'] %}{{ w | upper }}{% endfor %}",
        "{{ meta.title or 'untitled' }}\n{{ article | fence }}\n{{ article | length }} chars {{ 'ok' ~ '!' }}",
        Article(text=text), "S", "t",
    )
    assert system["content"] == "Fill S. AB" and text in user["content"] and "24 chars ok!" in user["content"]


@pytest.mark.parametrize("source", ["{% macro m() %}x{% endmacro %}{{ m() }}", "{% filter upper %}x{% endfilter %}",
                                    "{% set x %}x{% endset %}{{ x }}", "{% set ns = namespace(a=1) %}{{ ns.a }}"])
def test_constructs_the_budget_cannot_see_are_refused_in_one_line(source: str) -> None:
    with pytest.raises(ConfigError, match="prompt template t/user.j2") as info:
        render_messages("s", source, Article(text="x"), "S", "t")
    assert "\n" not in str(info.value)


def test_only_templates_that_can_loop_are_traced() -> None:
    """The step tracer is for loops; the built-in prompts have none and render untraced."""
    from summarizer.prompting import _compiled
    from summarizer.sandbox import _may_loop
    from summarizer.tasks import builtin_tasks, get_task

    def may_loop(source: str) -> bool:
        return _may_loop(_compiled(source, "t")[0])

    assert may_loop(LOOP) and may_loop("{% for w in ['a'] %}{{ w }}{% endfor %}")
    assert may_loop("{% if a %}{% for w in a %}{{ w }}{% endfor %}{% endif %}")
    assert not may_loop("{{ meta.title or 'x' }}{% if a %}{{ article | fence }}{% else %}y{% endif %}")
    for name in builtin_tasks():
        task = get_task(name)
        assert not may_loop(task.system_template) and not may_loop(task.user_template), name
