"""Gemini batch mode (models/{model}:batchGenerateContent, batches/...) and the Files API's resumable upload.

Documented behaviour this fake follows (https://ai.google.dev/gemini-api/docs/batch-mode and
https://ai.google.dev/api/batch-mode):
- The input is a JSONL file of {"key", "request"} lines, `request` a GenerateContentRequest,
  uploaded through the Files API; "the maximum file size is 2 GB" (https://ai.google.dev/gemini-api/docs/files).
  Each request is checked by GeminiFake's generateContent rules when the batch runs; a bad one
  becomes that line's error, not the batch's.
- Upload is Google's resumable protocol (https://ai.google.dev/api/files#method:-media.upload and
  https://cloud.google.com/storage/docs/performing-resumable-uploads): POST /upload/v1beta/files with
  X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start answers an
  X-Goog-Upload-URL; chunks are POSTed there with X-Goog-Upload-Command "upload" (the last
  "upload, finalize") and X-Goog-Upload-Offset equal to the bytes already received; the answer
  carries X-Goog-Upload-Status active, or final with the File. A wrong offset is refused.
- The batch is a long-running operation: {"name": "batches/...", "metadata": {displayName, state
  BATCH_STATE_PENDING|RUNNING|SUCCEEDED|FAILED|CANCELLED|EXPIRED, output.responsesFile}}; list
  answers {"operations", "nextPageToken"}; results are a file of {"key", "response"} or
  {"key", "error"} lines downloaded with files/{id}:download?alt=media.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from ._batch import BatchFake
from ._server import Recorded, Refusal
from .gemini import GeminiFake

__all__ = ["GeminiBatchFake"]

MAX_BYTES = 2 * 1024 * 1024 * 1024
_STATE = {"completed": "BATCH_STATE_SUCCEEDED", "expired": "BATCH_STATE_EXPIRED", "cancelled": "BATCH_STATE_CANCELLED"}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


class GeminiBatchFake(BatchFake, GeminiFake):
    """The knobs of BatchFake; a batch ends "completed", "expired" or "cancelled". `max_requests`
    exists for symmetry (Google documents a file size, not a request count: the default is no
    count limit)."""

    outcome = "completed"
    max_bytes = MAX_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uploads: dict[str, dict[str, Any]] = {}

    # --- resumable upload -------------------------------------------------------------------------
    def _start(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        h = request.headers
        if h.get("x-goog-upload-protocol") != "resumable" or h.get("x-goog-upload-command") != "start":
            raise Refusal(400, "Upload requests must start with X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start")
        size = int(h.get("x-goog-upload-header-content-length") or 0)
        if size > self.max_bytes:
            raise Refusal(400, f"File size {size} exceeds the maximum of {self.max_bytes} bytes.")
        meta = (request.json() or {}).get("file") or {}
        upload = self._id()
        path = self._dir / f"upload-{upload}"
        path.write_bytes(b"")
        self.uploads[upload] = {"size": size, "received": 0, "path": path, "meta": meta}
        url = f"{self.url}/upload/v1beta/files?upload_id={upload}&upload_protocol=resumable"
        return 200, {"X-Goog-Upload-URL": url, "X-Goog-Upload-Status": "active"}, {}

    def _chunk(self, request: Recorded, upload_id: str) -> tuple[int, dict[str, str], Any]:
        upload = self.uploads.get(upload_id)
        if upload is None:
            raise Refusal(404, f"No upload session {upload_id}")
        command = request.headers.get("x-goog-upload-command", "")
        offset = int(request.headers.get("x-goog-upload-offset", "-1"))
        if offset != upload["received"]:
            raise Refusal(400, f"X-Goog-Upload-Offset {offset} does not match the {upload['received']} bytes received")
        with open(upload["path"], "ab") as handle:
            handle.write(request.body)
        upload["received"] += len(request.body)
        if upload["received"] > self.max_bytes:
            raise Refusal(400, f"File exceeds the maximum of {self.max_bytes} bytes.")
        if "finalize" not in command:
            return 200, {"X-Goog-Upload-Status": "active"}, {}
        file = self._file(upload["path"], upload["meta"].get("displayName"), upload["meta"].get("mimeType", "application/octet-stream"))
        return 200, {"X-Goog-Upload-Status": "final"}, {"file": file}

    def _file(self, path: Path, display: str | None, mime: str) -> dict[str, Any]:
        name = f"files/f{self._id()}"
        obj = {"name": name, "displayName": display, "mimeType": mime, "sizeBytes": str(path.stat().st_size),
               "createTime": _now(), "state": "ACTIVE", "source": "UPLOADED", "uri": f"{self.url}/v1beta/{name}"}  # fmt: skip
        self.files[name] = {**obj, "path": path}
        return obj

    # --- batches -----------------------------------------------------------------------------------
    def _create(self, request: Recorded, model: str) -> dict[str, Any]:
        batch = (request.json() or {}).get("batch") or {}
        source = (batch.get("inputConfig") or {}).get("fileName")
        file = self.files.get(source or "")
        if file is None:
            raise Refusal(400, f"Invalid input_config.file_name: {source!r}")
        lines = [line for line in Path(file["path"]).read_bytes().splitlines() if line.strip()]
        if self.max_requests is not None and len(lines) > self.max_requests:
            raise Refusal(400, f"The batch has {len(lines)} requests; this fake allows {self.max_requests}.")
        items = []
        for number, raw in enumerate(lines, 1):
            try:
                item = json.loads(raw)
            except ValueError:
                raise Refusal(400, f"Line {number} of {source} is not JSON.") from None
            if "request" not in item:
                raise Refusal(400, f"Line {number} of {source} has no 'request'.")
            items.append(item)
        name = f"batches/b{self._id()}"
        obj = {"name": name, "metadata": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
            "model": f"models/{model}", "displayName": batch.get("displayName"), "state": "BATCH_STATE_PENDING",
            "createTime": _now(), "updateTime": _now(), "name": name,
        }, "done": False}  # fmt: skip
        with self._batch_lock:
            self.batches[name] = {"object": obj, "items": items, "headers": request.headers, "polls": 0, "model": model}
        if self.on_create is not None:
            self.on_create()
        return obj

    def line_error(self, refusal: Refusal) -> Any:
        return {"code": refusal.status, "message": refusal.message}

    def _finish(self, state: dict[str, Any], outcome: str) -> None:
        obj = state["object"]
        rows = []
        items = state["items"]
        cut = len(items) // 2 if outcome == "expired" else len(items) if outcome == "completed" else 0
        for n, item in enumerate(items):
            key = item.get("key")
            if n >= cut:
                continue  # an expired or cancelled batch has no line for what never ran
            model = state["model"]
            line = Recorded("POST", f"/v1beta/models/{model}:generateContent", state["headers"], json.dumps(item["request"]).encode())
            status, body = self.answer_as_chat(line, self.answer_for(str(key), item["request"]), f"batch request {model}")
            rows.append({"key": key, "response": body} if status == 200 else {"key": key, "error": body})
        meta = obj["metadata"]
        if rows:
            path = self._dir / f"out-{obj['name'].split('/')[-1]}.jsonl"
            path.write_bytes("".join(json.dumps(r) + "\n" for r in rows).encode())
            meta["output"] = {"responsesFile": self._file(path, None, "application/jsonl")["name"]}
        meta["state"] = _STATE[outcome]
        meta["endTime"] = meta["updateTime"] = _now()
        obj["done"] = True

    def _get(self, name: str) -> dict[str, Any]:
        state = self.batches.get(name)
        if state is None:
            raise Refusal(404, f"Batch {name} not found.")
        with self._batch_lock:
            meta = state["object"]["metadata"]
            if meta["state"] in ("BATCH_STATE_PENDING", "BATCH_STATE_RUNNING"):
                state["polls"] += 1
                if state.get("cancel"):
                    self._finish(state, "cancelled")
                elif state["polls"] > self.polls:
                    self._finish(state, self.outcome)
                else:
                    meta["state"] = "BATCH_STATE_RUNNING"
            return json.loads(json.dumps(state["object"]))

    def is_chat(self, path: str) -> bool:
        return path.endswith(":generateContent")

    def handle_batch(self, request: Recorded, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if path == "/upload/v1beta/files" and request.method == "POST" and "upload_id" in query:
            return self._chunk(request, query["upload_id"])  # the session URL is the credential
        if not request.headers.get("x-goog-api-key"):
            raise Refusal(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key.")
        if path == "/upload/v1beta/files" and request.method == "POST":
            return self._start(request)
        match = re.fullmatch(r"/(?:download/)?v1beta/(files/[^/:]+):download", path)
        if match and request.method == "GET":
            file = self.files.get(match.group(1))
            if file is None:
                raise Refusal(404, f"File {match.group(1)} not found.")
            return 200, {"Content-Type": "application/octet-stream"}, Path(file["path"]).read_bytes()
        match = re.fullmatch(r"/v1beta/models/([^/:]+):batchGenerateContent", path)
        if match and request.method == "POST":
            return 200, {}, self._create(request, match.group(1))
        if path == "/v1beta/batches" and request.method == "GET":
            ordered = [s["object"] for s in reversed(list(self.batches.values()))]
            start = int(query.get("pageToken") or 0)
            size = int(query.get("pageSize") or 50)
            page = ordered[start:start + size]
            body: dict[str, Any] = {"operations": page}
            if start + size < len(ordered):
                body["nextPageToken"] = str(start + size)
            return 200, {}, body
        match = re.fullmatch(r"/v1beta/(batches/[^/:]+)(:cancel)?", path)
        if match and request.method == "GET" and not match.group(2):
            return 200, {}, self._get(match.group(1))
        if match and request.method == "POST" and match.group(2):
            state = self.batches.get(match.group(1))
            if state is None:
                raise Refusal(404, f"Batch {match.group(1)} not found.")
            state["cancel"] = True
            return 200, {}, {}
        raise Refusal(404, f"Not found: {request.method} {request.path}")
