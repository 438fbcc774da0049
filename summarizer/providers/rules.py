"""`rules/baseline`: the keyless, deterministic default (summarizer.baseline), behind the same seam."""

from __future__ import annotations

from pydantic import BaseModel

from summarizer.article import Article
from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.providers.base import Completion, Messages

__all__ = ["RulesBackend"]


class RulesBackend:
    keyless = True

    def __init__(self, profile: Profile) -> None:
        if profile.model_name != "baseline":
            raise ConfigError(f"unknown rules model {profile.model!r}: the only one is 'rules/baseline'")
        self.provider = "rules"
        self.model = profile.model

    async def extract(
        self, messages: Messages, schema: type[BaseModel], article: Article, *, task: str = "incident"
    ) -> Completion:
        from summarizer.baseline import extract_with_info
        from summarizer.schemas.incident import IncidentSummary

        if not issubclass(IncidentSummary, schema) and schema is not IncidentSummary:
            raise ConfigError(f"the rules baseline fills IncidentSummary only, not {schema.__name__}: pick a model")
        made = extract_with_info(article, task=task)
        record = schema.model_validate(made.record.model_dump())
        return Completion(record=record, attempts=0, date_inferred=made.date_inferred)
