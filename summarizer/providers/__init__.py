"""Adapters from the model layer to each API family (see base.py for the seam).

`build_api` turns a profile into the `ModelAPI` that makes one attempt: the registry says which
family the provider speaks, routing says where and with which key, the family's adapter does it.
"""

from __future__ import annotations

import httpx2

from summarizer.config import Profile
from summarizer.model.registry import Family, provider_spec
from summarizer.model.routing import route_for
from summarizer.providers.base import Completion, Messages, ModelAPI, Request, Tally

__all__ = ["Completion", "Messages", "ModelAPI", "Request", "Tally", "build_api"]


def build_api(profile: Profile, *, transport: httpx2.AsyncBaseTransport | None = None) -> ModelAPI:
    """Build the adapter; unknown providers, missing keys and missing SDKs fail here, before any call."""
    spec = provider_spec(profile.provider, model=profile.model)
    if spec.family is Family.rules:
        from summarizer.providers.rules import RulesAPI

        return RulesAPI(profile, spec)
    if spec.family is Family.scripted:
        from summarizer.providers.scripted import ScriptedAPI

        return ScriptedAPI(profile, spec)
    from summarizer.providers.payloads import is_native

    if is_native(profile, spec):
        from summarizer.providers.native import NativeAPI

        return NativeAPI(profile, spec, route_for(profile, spec), transport=transport)
    from summarizer.providers.llm import InstructorAPI

    return InstructorAPI(profile, spec, route_for(profile, spec), transport=transport)
