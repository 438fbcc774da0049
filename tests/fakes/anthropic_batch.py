"""Anthropic's Message Batches (POST /v1/messages/batches ...) beside the Messages API.

Documented rules this fake enforces (https://docs.anthropic.com/en/docs/build-with-claude/batch-processing
and https://docs.anthropic.com/en/api/creating-message-batches):
- Body {"requests": [{"custom_id", "params"}]}; `params` is a Messages API request, checked by the
  same rules as POST /v1/messages (AnthropicFake.check) when the batch is processed: a bad one is
  an `errored` result, not a refused batch.
- custom_id matches ^[a-zA-Z0-9_-]{1,64}$ and is unique within the batch.
- "A Message Batch is limited to either 100,000 Message requests or 256 MB in size, whichever is
  reached first": over the count is a 400 invalid_request_error, over the size a 413
  request_too_large (https://docs.anthropic.com/en/api/errors).
- Object: processing_status in_progress | canceling | ended; request_counts processing, succeeded,
  errored, canceled, expired; results_url once ended; RFC 3339 times
  (https://docs.anthropic.com/en/api/retrieving-message-batches). List is newest first with
  first_id/last_id/has_more (https://docs.anthropic.com/en/api/listing-message-batches).
- Results: JSONL, one {"custom_id", "result": {"type": succeeded|errored|canceled|expired, ...}}
  per request, in any order (https://docs.anthropic.com/en/api/retrieving-message-batch-results).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ._batch import BatchFake
from ._server import Recorded, Refusal
from .anthropic_messages import AnthropicFake

__all__ = ["AnthropicBatchFake"]

MAX_REQUESTS = 100_000
MAX_BYTES = 256 * 1024 * 1024
_CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


class AnthropicBatchFake(BatchFake, AnthropicFake):
    """The knobs of BatchFake; a batch ends "ended", "expired" or "canceled"; `max_requests` /
    `max_bytes` default to the documented limits."""

    outcome = "ended"
    max_requests: int = MAX_REQUESTS
    max_bytes = MAX_BYTES

    def _create(self, request: Recorded) -> dict[str, Any]:
        if len(request.body) > self.max_bytes:
            raise Refusal(413, f"Request exceeds the maximum allowed number of bytes ({self.max_bytes}).")
        body = request.json()
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise Refusal(400, "requests: Field required (a non-empty list)")
        if len(requests) > self.max_requests:
            raise Refusal(400, f"requests: a batch may contain at most {self.max_requests} requests, got {len(requests)}")
        seen: set[str] = set()
        for n, item in enumerate(requests):
            cid = item.get("custom_id")
            if not isinstance(cid, str) or not _CUSTOM_ID.match(cid):
                raise Refusal(400, f"requests.{n}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'")
            if cid in seen:
                raise Refusal(400, f"requests.{n}.custom_id: duplicate custom_id {cid!r}")
            seen.add(cid)
            if not isinstance(item.get("params"), dict):
                raise Refusal(400, f"requests.{n}.params: Field required")
        with self._batch_lock:
            batch_id = self._id("msgbatch_")
            batch = {
                "id": batch_id, "type": "message_batch", "processing_status": "in_progress",
                "request_counts": {"processing": len(requests), "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0},
                "ended_at": None, "created_at": _now(), "expires_at": _now(), "archived_at": None,
                "cancel_initiated_at": None, "results_url": None,
            }  # fmt: skip
            self.batches[batch_id] = {"object": batch, "requests": requests, "headers": request.headers, "polls": 0, "results": b""}
        if self.on_create is not None:
            self.on_create()
        return batch

    def _finish(self, state: dict[str, Any], outcome: str) -> None:
        batch = state["object"]
        counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        rows = []
        requests = state["requests"]
        cut = len(requests) // 2 if outcome == "expired" else len(requests) if outcome == "ended" else 0
        for n, item in enumerate(requests):
            cid = item["custom_id"]
            if n >= cut:
                kind = "expired" if outcome == "expired" else "canceled"
                counts[kind] += 1
                rows.append({"custom_id": cid, "result": {"type": kind}})
                continue
            line = Recorded("POST", "/v1/messages", state["headers"], json.dumps(item["params"]).encode())
            status, body = self.answer_as_chat(line, self.answer_for(cid, item["params"]), "/v1/messages/batches")
            if status != 200:
                counts["errored"] += 1
                rows.append({"custom_id": cid, "result": {"type": "errored", "error": body}})
            else:
                counts["succeeded"] += 1
                rows.append({"custom_id": cid, "result": {"type": "succeeded", "message": body}})
        state["results"] = "".join(json.dumps(r) + "\n" for r in reversed(rows)).encode()  # any order, as documented
        batch.update(processing_status="ended", request_counts=counts, ended_at=_now(),
                     results_url=f"{self.url}/v1/messages/batches/{batch['id']}/results")  # fmt: skip

    def _retrieve(self, batch_id: str) -> dict[str, Any]:
        state = self.batches.get(batch_id)
        if state is None:
            raise Refusal(404, f"Batch {batch_id} not found")
        with self._batch_lock:
            batch = state["object"]
            if batch["processing_status"] != "ended":
                state["polls"] += 1
                if batch["processing_status"] == "canceling":
                    self._finish(state, "canceled")
                elif state["polls"] > self.polls:
                    self._finish(state, self.outcome)
            return dict(batch)

    def is_chat(self, path: str) -> bool:
        return path == "/v1/messages"

    def handle_batch(self, request: Recorded, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        parts = path.strip("/").split("/")
        if parts[:3] == ["v1", "messages", "batches"]:
            if request.method == "POST" and len(parts) == 3:
                return 200, {}, self._create(request)
            if request.method == "GET" and len(parts) == 3:
                page, more = self.newest_first(query.get("after_id"), int(query.get("limit", "20")))
                return 200, {}, {"data": page, "has_more": more,
                                 "first_id": page[0]["id"] if page else None, "last_id": page[-1]["id"] if page else None}  # fmt: skip
            if request.method == "GET" and len(parts) == 4:
                return 200, {}, self._retrieve(parts[3])
            if request.method == "GET" and len(parts) == 5 and parts[4] == "results":
                state = self.batches.get(parts[3])
                if state is None or state["object"]["processing_status"] != "ended":
                    raise Refusal(400, f"Batch {parts[3]} has not ended: results are not available yet")
                return 200, {"Content-Type": "application/binary"}, state["results"]
            if request.method == "POST" and len(parts) == 5 and parts[4] == "cancel":
                state = self.batches.get(parts[3])
                if state is None:
                    raise Refusal(404, f"Batch {parts[3]} not found")
                state["object"]["processing_status"] = "canceling"
                state["object"]["cancel_initiated_at"] = _now()
                return 200, {}, dict(state["object"])
        raise Refusal(404, f"Not found: {request.method} {request.path}")
