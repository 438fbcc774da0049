"""OpenAI's Batch API (files + batches) beside chat completions, as api.openai.com speaks it.

Documented rules this fake enforces (https://platform.openai.com/docs/guides/batch and
https://platform.openai.com/docs/api-reference/batch):
- The input is a JSONL file uploaded with purpose "batch" (POST /v1/files, multipart); "The file
  can contain up to 50,000 requests, and can be up to 200 MB in size" (batch create,
  input_file_id). A file over the size is refused at upload; over the count, the batch fails in
  validation (status "failed", errors.data) as the service does.
- Each line: {"custom_id", "method": "POST", "url", "body"}; custom_id unique within the file; url
  the batch's endpoint; "each input file can only include requests to a single model"
  (https://platform.openai.com/docs/api-reference/batch/request-input).
- completion_window is "24h" only; metadata at most 16 pairs, keys up to 64 and values up to 512
  characters (https://platform.openai.com/docs/api-reference/batch/create).
- A request the endpoint refuses is a line of the error file with its status code; a batch that
  expires puts each unfinished request in the error file with code "batch_expired"
  (https://platform.openai.com/docs/guides/batch#batch-expiration); output lines are
  {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}
  (https://platform.openai.com/docs/api-reference/batch/request-output).
- Statuses: validating, failed, in_progress, finalizing, completed, expired, cancelling, cancelled
  (https://platform.openai.com/docs/api-reference/batch/object); list is newest first.
Uploaded and produced files live on disk (BatchFake's folder), so a 20,000-article bench does not
hold them in memory.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from ._batch import BatchFake
from ._server import Answer, Recorded, Refusal
from .openai_chat import OpenAIFake

__all__ = ["OpenAIBatchFake"]


def _lines(path: Path) -> Any:
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield line

MAX_REQUESTS = 50_000
MAX_BYTES = 200 * 1024 * 1024
ENDPOINTS = {"/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/completions", "/v1/moderations"}


def _multipart(request: Recorded) -> tuple[dict[str, str], tuple[str, bytes] | None]:
    """multipart/form-data fields and the one file (RFC 7578), split on the boundary without copying
    the file line by line (the stdlib email parser takes minutes over a 200 MB upload)."""
    match = re.search(r'boundary="?([^";]+)"?', request.headers.get("content-type", ""))
    if match is None:
        raise Refusal(400, "Content-Type must be multipart/form-data with a boundary.", param=None, code=None)
    delimiter = b"--" + match.group(1).encode()
    fields: dict[str, str] = {}
    upload = None
    body = request.body
    position = body.find(delimiter)
    while position != -1:
        start = position + len(delimiter)
        if body[start:start + 2] == b"--":
            break
        following = body.find(b"\r\n" + delimiter, start)
        if following == -1:
            break
        head_end = body.find(b"\r\n\r\n", start)
        headers = body[start:head_end].decode("utf-8", "replace")
        data = body[head_end + 4:following]
        name = re.search(r'\bname="([^"]*)"', headers)
        filename = re.search(r'filename="([^"]*)"', headers)
        if filename is not None:
            upload = (filename.group(1), data)
        elif name is not None:
            fields[name.group(1)] = data.decode()
        position = following + 2
    return fields, upload


class OpenAIBatchFake(BatchFake, OpenAIFake):
    """The knobs of BatchFake; a batch polls "in_progress" and ends "completed", "expired" or
    "cancelled"; `max_requests` / `max_bytes` default to the documented limits."""

    outcome = "completed"
    max_requests: int = MAX_REQUESTS
    max_bytes = MAX_BYTES

    # --- files ---------------------------------------------------------------------------------
    def _file(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        path = self._dir / f"upload-{self._id('u_')}"
        path.write_bytes(data)
        return self._register(path, filename, purpose)

    def _register(self, path: Path, filename: str, purpose: str) -> dict[str, Any]:
        file_id = self._id("file_")
        data = path.stat().st_size
        obj = {"id": file_id, "object": "file", "bytes": data, "created_at": int(time.time()),
               "filename": filename, "purpose": purpose, "status": "processed"}  # fmt: skip
        self.files[file_id] = {**obj, "path": path}
        return obj

    def _upload(self, request: Recorded) -> dict[str, Any]:
        fields, upload = _multipart(request)
        if upload is None:
            raise Refusal(400, "Missing required parameter: 'file'.", param="file", code=None)
        purpose = fields.get("purpose")
        if purpose not in {"assistants", "batch", "fine-tune", "vision", "user_data", "evals"}:
            raise Refusal(400, f"Invalid value for 'purpose': {purpose!r}.", param="purpose", code=None)
        name, data = upload
        if purpose == "batch":
            if not name.endswith(".jsonl"):
                raise Refusal(400, "Invalid file format for Batch API. Must be .jsonl", param="file", code=None)
            if len(data) > self.max_bytes:
                raise Refusal(400, f"File is too large ({len(data)} bytes): the Batch API accepts at most {self.max_bytes} bytes.", param="file", code=None)
        return self._file(data, name, purpose)

    # --- batches -------------------------------------------------------------------------------
    def _validate(self, path: Path, endpoint: str) -> tuple[int, str | None]:
        """One streaming pass over the input file: (request count, the first problem or None)."""
        seen: set[str] = set()
        models: set[str] = set()
        count = 0
        for number, raw in enumerate(_lines(path), 1):
            count += 1
            if count > self.max_requests:
                continue  # counted to the end, for the message
            try:
                item = json.loads(raw)
            except ValueError:
                return count, f"Line {number}: invalid JSON."
            cid = item.get("custom_id")
            if not isinstance(cid, str) or cid in seen:
                return count, f"Line {number}: custom_id must be a string unique within the file ({cid!r})."
            seen.add(cid)
            if item.get("method") != "POST" or item.get("url") != endpoint:
                return count, f"Line {number}: method must be POST and url {endpoint!r}, got {item.get('method')} {item.get('url')!r}."
            models.add(str((item.get("body") or {}).get("model")))
        if count > self.max_requests:
            return 0, f"The batch input file contains {count} requests; the maximum is {self.max_requests}."
        if len(models) > 1:
            return count, f"Each input file can only include requests to a single model; found {sorted(models)}."
        return count, None

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        file = self.files.get(body.get("input_file_id", ""))
        if file is None or file["purpose"] != "batch":
            raise Refusal(400, f"Invalid 'input_file_id': {body.get('input_file_id')!r}.", param="input_file_id", code=None)
        endpoint = body.get("endpoint")
        if endpoint not in ENDPOINTS:
            raise Refusal(400, f"Invalid value for 'endpoint': {endpoint!r}.", param="endpoint", code=None)
        if body.get("completion_window") != "24h":
            raise Refusal(400, "Invalid value for 'completion_window': only '24h' is supported.", param="completion_window", code=None)
        metadata = body.get("metadata") or {}
        if len(metadata) > 16 or any(len(k) > 64 or len(str(v)) > 512 for k, v in metadata.items()):
            raise Refusal(400, "Invalid 'metadata': at most 16 pairs, keys up to 64 and values up to 512 characters.", param="metadata", code=None)
        count, error = self._validate(Path(file["path"]), str(endpoint))
        batch_id = self._id("batch_")
        now = int(time.time())
        batch: dict[str, Any] = {
            "id": batch_id, "object": "batch", "endpoint": endpoint, "errors": None, "input_file_id": file["id"],
            "completion_window": "24h", "status": "validating", "output_file_id": None, "error_file_id": None,
            "created_at": now, "in_progress_at": None, "expires_at": now + 86400, "completed_at": None,
            "failed_at": None, "expired_at": None, "cancelled_at": None,
            "request_counts": {"total": count, "completed": 0, "failed": 0}, "metadata": metadata or None,
        }  # fmt: skip
        with self._batch_lock:
            self.batches[batch_id] = {"object": batch, "input": Path(file["path"]), "count": count, "error": error, "polls": 0}
        if error is not None:
            with self._lock:
                self.refused.append(("/v1/batches", error))
        if self.on_create is not None:
            self.on_create()
        return batch

    def _finish(self, state: dict[str, Any], outcome: str) -> None:
        """Answer every request, streaming: input lines in, output and error lines out, on disk."""
        batch = state["object"]
        total = state["count"]
        cut = total // 2 if outcome == "expired" else total if outcome == "completed" else 0
        paths = {"output_file_id": self._dir / f"{batch['id']}-out", "error_file_id": self._dir / f"{batch['id']}-err"}
        counts = {"output_file_id": 0, "error_file_id": 0}
        with open(paths["output_file_id"], "w", encoding="utf-8") as out, open(paths["error_file_id"], "w", encoding="utf-8") as err:
            for n, raw in enumerate(_lines(state["input"])):
                item = json.loads(raw)
                row = self._row(n, item, cut)
                target = "output_file_id" if row.get("response") and row["response"]["status_code"] == 200 else "error_file_id"
                (out if target == "output_file_id" else err).write(json.dumps(row) + "\n")
                counts[target] += 1
        for key, path in paths.items():
            if counts[key]:
                batch[key] = self._register(path, f"{batch['id']}_{key}.jsonl", "batch_output")["id"]
            else:
                path.unlink()
        batch["request_counts"] = {"total": total, "completed": counts["output_file_id"], "failed": counts["error_file_id"]}
        batch["status"] = outcome
        batch[{"completed": "completed_at", "expired": "expired_at", "cancelled": "cancelled_at"}[outcome]] = int(time.time())

    def _row(self, n: int, item: dict[str, Any], cut: int) -> dict[str, Any]:
        cid = item["custom_id"]
        if n >= cut:
            expired = cut > 0 or self.outcome == "expired"
            code = "batch_expired" if expired else "batch_cancelled"
            message = ("This request could not be executed before the completion window expired." if expired
                       else "This request was not executed because the batch was cancelled.")  # fmt: skip
            return {"id": f"batch_req_{n}", "custom_id": cid, "response": None, "error": {"code": code, "message": message}}
        answer = self.answer_for(cid, item["body"])
        try:
            self.check(item["body"])
        except Refusal as refusal:
            answer = Answer(status=refusal.status, error=refusal.message)
        if answer.status != 200:
            body = self.error_body(answer.status, answer.error or "scripted error")
            return {"id": f"batch_req_{n}", "custom_id": cid, "response": {"status_code": answer.status, "request_id": f"req_{n}", "body": body}, "error": None}
        if "cached" not in answer.usage:
            answer = Answer(**{**answer.__dict__, "usage": {**answer.usage, "cached": 0}})
        response = {"status_code": 200, "request_id": f"req_{n}", "body": self.completion(item["body"], answer)}
        return {"id": f"batch_req_{n}", "custom_id": cid, "response": response, "error": None}

    def _retrieve(self, batch_id: str) -> dict[str, Any]:
        state = self.batches.get(batch_id)
        if state is None:
            raise Refusal(404, f"No batch found with id '{batch_id}'.", param=None, code=None)
        with self._batch_lock:
            batch = state["object"]
            if batch["status"] in ("validating", "in_progress", "cancelling"):
                state["polls"] += 1
                if state["error"] is not None:
                    batch["status"] = "failed"
                    batch["failed_at"] = int(time.time())
                    batch["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": state["error"], "line": None, "param": None}]}
                elif batch["status"] == "cancelling":
                    self._finish(state, "cancelled")
                elif state["polls"] > self.polls:
                    self._finish(state, self.outcome)
                else:
                    batch["status"] = "in_progress"
                    batch["in_progress_at"] = batch["in_progress_at"] or int(time.time())
            return dict(batch)

    def _list(self, query: dict[str, str]) -> dict[str, Any]:
        page, more = self.newest_first(query.get("after"), int(query.get("limit", "20")))
        return {"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None, "has_more": more}  # fmt: skip

    def is_chat(self, path: str) -> bool:
        return path.endswith("/chat/completions")

    def handle_batch(self, request: Recorded, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "files"]:
            if request.method == "POST" and len(parts) == 2:
                return 200, {}, self._upload(request)
            if request.method == "GET" and len(parts) == 4 and parts[3] == "content":
                file = self.files.get(parts[2])
                if file is None:
                    raise Refusal(404, f"No such File object: {parts[2]}", param="id", code=None)
                return 200, {"Content-Type": "application/octet-stream"}, Path(file["path"]).read_bytes()
        if parts[:2] == ["v1", "batches"]:
            if request.method == "POST" and len(parts) == 2:
                return 200, {}, self._create(request.json())
            if request.method == "GET" and len(parts) == 2:
                return 200, {}, self._list(query)
            if request.method == "GET" and len(parts) == 3:
                return 200, {}, self._retrieve(parts[2])
            if request.method == "POST" and len(parts) == 4 and parts[3] == "cancel":
                state = self.batches.get(parts[2])
                if state is None:
                    raise Refusal(404, f"No batch found with id '{parts[2]}'.", param=None, code=None)
                state["object"]["status"] = "cancelling"
                return 200, {}, dict(state["object"])
        raise Refusal(404, f"Unknown request URL: {request.method} {request.path}.", param=None, code="unknown_url")

    def _dispatch(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        # Uploads are not kept in `requests` (their bytes live in files): a bench stays flat.
        if request.path.startswith("/v1/files") and request.method == "POST":
            request = Recorded(request.method, request.path, request.headers, request.body)
            status, headers, data = super()._dispatch(request)
            with self._lock:
                self.requests[-1] = Recorded(request.method, request.path, request.headers, b"")
            return status, headers, data
        return super()._dispatch(request)
