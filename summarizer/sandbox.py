"""A Jinja sandbox with budgets: a prompt template may not run long or build anything large.

Templates are user data. jinja2's sandbox stops attribute tricks but not `range(100000)` loops
nested three deep or `'x' * 10**9`. Here, in this process (no subprocess per article):
- time: rendering stops after `MAX_SECONDS`: a trace function on the template's own frames
  counts the steps of a template that can loop; one that cannot is timed between output chunks;
- size: every operator, method and filter that can build a string or list checks the result's
  size before making it (`MAX_CHARS`), and the streamed output stops at `MAX_CHARS`;
- shape: constructs that buffer output where the counter cannot see it (macros, call and filter
  blocks, block `set`, recursive loops) and the `namespace`/`lipsum` globals are refused.
Any limit reached is a `TemplateBudgetError`, a one-line jinja2 TemplateError.
"""

from __future__ import annotations

import dis
import functools
import re
import sys
import time
from collections.abc import Callable, Iterable
from types import CodeType, FrameType
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["MAX_CHARS", "MAX_SECONDS", "BoundedEnvironment", "TemplateBudgetError", "render_bounded"]

MAX_CHARS = 2_000_000
"""Largest string or list a template may build, and its whole output (a prompt is ~5x the largest article)."""
MAX_SECONDS = 1.0
MAX_ARG = 10_000
"""Largest number a filter may take (widths, counts): prompts need tens, not millions."""
_FORMAT_NUMBER = re.compile(r"\d+")
_REFUSED_NODES = (nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock, nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


class TemplateBudgetError(TemplateError):
    """A template went over a limit of the sandbox."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def _check(size: int, what: str) -> None:
    if size > MAX_CHARS:
        raise TemplateBudgetError(f"{what} would be {size:,} long, over the limit of {MAX_CHARS:,}")


def _check_format(fmt: str) -> None:
    if any(int(n) > MAX_ARG for n in _FORMAT_NUMBER.findall(fmt)) or "*" in fmt:
        raise TemplateBudgetError(f"a format string with a width over {MAX_ARG:,} (or '*') is not allowed")


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse str methods that would build an oversized string; returns the (materialized) args."""
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return args
    if name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        _check(args[0], f"str.{name}")
    elif name == "expandtabs":
        width = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        _check(len(owner) + owner.count("\t") * int(width), "str.expandtabs")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        _check(len(owner) + count * max(0, len(args[1]) - len(args[0])), "str.replace")
    elif name == "join" and args:
        items = list(args[0])
        _check(sum(len(str(i)) for i in items) + len(owner) * max(0, len(items) - 1), "str.join")
        return (items, *args[1:])
    return args


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    offset = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the context or eval context comes first

    @functools.wraps(func)  # copies jinja_pass_arg too, so jinja passes the context to the guard
    def guarded(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[offset], args[offset + 1 :]) if len(args) > offset else (None, ())
        numbers = [a for a in (*rest, *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
        if any(abs(n) > MAX_ARG for n in numbers):
            raise TemplateBudgetError(f"filter {name!r} was given a number over {MAX_ARG:,}")
        if name == "indent" and isinstance(value, str):
            width = numbers[0] if numbers else 4
            _check(len(value) + (value.count("\n") + 1) * width, "filter 'indent'")
        elif name == "replace" and isinstance(value, str) and len(rest) >= 2:
            old, new = str(rest[0]), str(rest[1])
            count = value.count(old) if old else len(value) + 1
            _check(len(value) + count * max(0, len(new) - len(old)), "filter 'replace'")
        elif name == "format" and isinstance(value, str):
            _check_format(value)
        elif name == "join" and value is not None and not isinstance(value, str):
            items = list(value)
            sep = str(rest[0]) if rest else str(kwargs.get("d", ""))
            _check(sum(len(str(i)) for i in items) + len(sep) * max(0, len(items) - 1), "filter 'join'")
            args = (*args[:offset], items, *rest)
        result = func(*args, **kwargs)
        _check(_size(result), f"filter {name!r}")
        return result

    return guarded


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """`a ~ b` goes through environment.concat, which checks the size first."""
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox plus size checks on every operator, method and filter that can grow."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, **options)
        for name in ("namespace", "lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        self.filters = {n: _guard_filter(n, f) for n, f in self.filters.items() if n not in ("random", "urlize", "pprint")}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and (abs(right) > 64 or (isinstance(left, int) and abs(left) > 2**64)):
            raise TemplateBudgetError(f"{left!r} ** {right!r} is over the sandbox's limit (exponents up to 64)")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    _check(len(seq) * n, "'*'")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 4096:
                raise TemplateBudgetError("an integer product over 4096 bits is over the sandbox's limit")
        if operator == "+":
            _check(_size(left) + _size(right), "'+'")
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        args = _check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check(_size(result), "a call")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(str(getattr(value, "__self__", "")))
        return wrapped

    def concat(self, parts: Iterable[Any]) -> str:
        texts = [str(p) for p in parts]
        _check(sum(map(len, texts)), "'~'")
        return "".join(texts)

    def bounded_template(self, source: str) -> Template:
        """Compile `source`, refusing the constructs whose output the sandbox cannot count."""
        for node in self.parse(source).find_all((nodes.Node,)):
            if isinstance(node, _REFUSED_NODES) or (isinstance(node, nodes.For) and node.recursive):
                kind = "recursive for" if isinstance(node, nodes.For) else type(node).__name__
                raise TemplateBudgetError(f"line {node.lineno}: {kind} is not allowed in prompt templates")
        return self.from_string(source)


def render_bounded(template: Template, variables: dict[str, Any]) -> str:
    """Render under the time and output budgets; TemplateBudgetError when one runs out.

    Only a template that can loop needs the trace function: one without a loop does a fixed
    number of steps, each yielding output or bounded by the size checks, so the clock is read
    between output chunks instead. The trace function costs every Python call made while
    rendering (the fence filter's among them): 60% of rendering the built-in user prompt."""
    deadline = time.monotonic() + MAX_SECONDS
    if not _may_loop(template):
        return _collect(template, variables, deadline)
    code = template.root_render_func.__code__.co_filename
    steps = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        steps += 1
        if steps % 256 == 0 and time.monotonic() > deadline:
            raise TemplateBudgetError(f"rendering ran over {MAX_SECONDS:g} s")
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == code else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        return _collect(template, variables, deadline)
    finally:
        sys.settrace(previous)


def _collect(template: Template, variables: dict[str, Any], deadline: float) -> str:
    chunks: list[str] = []
    total = 0
    for chunk in template.generate(**variables):
        total += len(chunk)
        if total > MAX_CHARS:
            raise TemplateBudgetError(f"output ran over {MAX_CHARS:,} characters")
        if time.monotonic() > deadline:
            raise TemplateBudgetError(f"rendering ran over {MAX_SECONDS:g} s")
        chunks.append(chunk)
    return "".join(chunks)


_LOOP_OPS = frozenset({"FOR_ITER", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP_ABSOLUTE"})
"""Bytecode that can run an instruction twice: a template's code without any of these cannot loop."""


def _may_loop(template: Template) -> bool:
    """Whether the template's compiled code (render function, blocks, and every function nested
    in them) holds a loop. Read from the bytecode, not the source, so no construct is missed."""
    codes = [template.root_render_func.__code__, *(block.__code__ for block in template.blocks.values())]
    return any(_code_may_loop(code) for code in codes)


@functools.lru_cache(maxsize=256)
def _code_may_loop(code: CodeType) -> bool:
    if any(instruction.opname in _LOOP_OPS for instruction in dis.get_instructions(code)):
        return True
    return any(_code_may_loop(const) for const in code.co_consts if isinstance(const, CodeType))
