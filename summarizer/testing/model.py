"""TestModel: a model object answering in process, for tests of your own code with no socket.

Pass it where a model string goes: `summarize(text, model=TestModel([record]))`. Answers are
taken in order; each is a record (or a dict validated into the task's schema), an exception to
raise, or a function of the request. The request's messages are kept in `requests`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import OutputInvalidError
from summarizer.providers.base import Completion, Messages, Request
from summarizer.result import Usage

__all__ = ["TestModel"]

Answer = BaseModel | dict[str, Any] | BaseException | Callable[[Request], Any]


class TestModel:
    """Scripted answers in process; `requests` records the messages each call sent."""

    __test__ = False  # not a pytest test class, despite the name
    keyless = False
    where = "in process"

    def __init__(self, answers: Iterable[Answer] = (), *, model: str = "test/model") -> None:
        self.answers: deque[Answer] = deque(answers)
        self.model = model
        self.provider = model.split("/", 1)[0]
        self.requests: list[Messages] = []

    async def attempt(self, request: Request, *, timeout: float) -> Completion:
        self.requests.append(request.messages)
        if not self.answers:
            raise OutputInvalidError("TestModel: no scripted answer left for this request", provider=self.provider, model=self.model)
        answer = self.answers.popleft()
        if callable(answer) and not isinstance(answer, BaseModel):
            answer = answer(request)
        if isinstance(answer, BaseException):
            raise answer
        data = answer.model_dump(mode="json") if isinstance(answer, BaseModel) else answer
        try:
            record = request.schema.model_validate(data)
        except ValidationError as exc:
            raise OutputInvalidError(
                f"TestModel: the scripted answer does not validate as {request.schema.__name__}: {exc.error_count()} error(s)",
                provider=self.provider, model=self.model, attempts=1,
            ) from None
        return Completion(record=record, usage=Usage(requests=1), attempts=1, raw=None)

    async def aclose(self) -> None:
        return None
