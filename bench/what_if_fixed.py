"""Run a benchmark with the per-call costs proposed for removal already removed (measurement only).

    .venv/bin/python bench/what_if_fixed.py bench/overhead.py

Each patch below stands for a small change proposed in other modules (see bench/README.md,
"Where the time goes"); once those land this file has nothing left to do and can go.
"""

import functools
import runpy
import sys

# 1. instructor wraps the response model in a new class per call, so its lru_cached JSON schema
#    never hits (~20 ms/call for IncidentSummary): pass a cached wrapped class from providers/llm.py.
from instructor.v2.core import function_calls as fc

fc.response_schema = fc.openai_schema = functools.lru_cache(maxsize=256)(fc.response_schema)
# 2. ... and walks the whole model for async validators per call (~5-10 ms).
from instructor.v2.validation import async_validators as av

av.reject_async_validators = functools.lru_cache(maxsize=256)(av.reject_async_validators)
# 3. grounding.is_evidence_field reads Model.model_fields per field per call (~5 ms/call).
from summarizer import grounding, prompting

grounding.is_evidence_field = functools.lru_cache(maxsize=4096)(grounding.is_evidence_field)
# 4. prompting.render compiles the Jinja template on every call (~2-3 ms/call).
_from_string = functools.lru_cache(maxsize=64)(prompting._env.from_string)


def render(src: str, name: str, variables: dict) -> str:  # type: ignore[type-arg]
    return str(_from_string(src).render(**variables).strip())


prompting.render = render

script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
