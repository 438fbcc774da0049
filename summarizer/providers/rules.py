"""`rules/baseline`: the keyless, deterministic default (summarizer.baseline), behind the same seam."""

from __future__ import annotations

from pydantic import BaseModel

from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import ProviderSpec
from summarizer.providers.base import Completion, Request

__all__ = ["RulesAPI"]


class RulesAPI:
    keyless = True
    where = "in process"

    def __init__(self, profile: Profile, spec: ProviderSpec) -> None:
        if profile.model_name != "baseline":
            raise ConfigError(f"unknown rules model {profile.model!r}: the only one is 'rules/baseline'")
        self.provider = spec.name
        self.model = profile.model

    async def attempt(self, request: Request, *, timeout: float) -> Completion:
        from summarizer.baseline import extract_with_info
        from summarizer.schemas.incident import IncidentSummary

        schema: type[BaseModel] = request.schema
        if not issubclass(IncidentSummary, schema) and schema is not IncidentSummary:
            raise ConfigError(f"the rules baseline fills IncidentSummary only, not {schema.__name__}: pick a model")
        made = extract_with_info(request.article, task=request.task)
        record = schema.model_validate(made.record.model_dump())
        return Completion(record=record, attempts=0, date_inferred=made.date_inferred)

    async def aclose(self) -> None:
        return None
