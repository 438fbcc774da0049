"""Rendering plumbing: a Jinja2 environment with autoescape on, the inline assets, the
Content-Security-Policy that allows exactly those assets, and JSON safe inside <script>.

The page is a static file opened from file://, so a nonce buys nothing over a hash: the CSP
names the SHA-256 of the one inline script and the one inline stylesheet, and nothing else runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from summarizer.secrets import scrub

__all__ = ["asset", "csp_for", "environment", "render", "script_json"]

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> Markup:
    """JSON that cannot close its <script> element or break a JS parser: <, >, &, U+2028/9 escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def csp_for(script: str, style: str) -> str:
    """Only the given inline script and style; no network, no plugins, no forms, no base URL."""
    return (
        f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=8)
def asset(name: str) -> str:
    """A trusted static file shipped in templates/ (the stylesheet or the script)."""
    return resources.files("summarizer.report").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("summarizer.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v, digits=0: "-" if v is None else f"{100 * v:.{digits}f}%"
    env.filters["num"] = lambda v, digits=3: "-" if v is None else f"{v:.{digits}f}"
    env.filters["signed"] = lambda v, digits=3: "-" if v is None else f"{v:+.{digits}f}"
    return env


def render(template: str, *, title: str, data: Any, **context: Any) -> str:
    """Render a page template with the inline assets, their CSP, and `data` as safe JSON."""
    script, style = asset("report.js"), asset("report.css")
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("report.js / report.css must not contain a closing </script> or </style> tag")
    page = environment().get_template(template).render(
        title=title,
        csp=csp_for(script, style),
        script=Markup(script),
        style=Markup(style),
        data=script_json(data),
        **context,
    )
    return scrub(page, shapes=False)  # an echoed key in a stored error or record never reaches the page
