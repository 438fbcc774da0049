"""The results file: append-only JSON Lines that survive a kill at any instant.

Each line is written with one os.write on an O_APPEND descriptor, so a crash leaves at most
one torn last line (no trailing newline), which the next run cuts off before appending; an
exclusive lock stops two runs from writing the same file. Resume reads the ids already there.
A file that cannot be opened or written (read-only, full disk) is a one-line InputError,
raised on open, before the first paid call, or on the write that failed.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.secrets import scrub

__all__ = ["ResultsFile", "StreamOut", "encode_line"]


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def encode_line(obj: dict[str, Any], raw: dict[str, str] | None = None) -> bytes:
    """One JSON line; `raw` maps extra keys to values that are already JSON text (no re-encoding)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if raw:
        extra = ",".join(f"{json.dumps(k)}:{v}" for k, v in raw.items())
        text = text[:-1] + ("," if obj else "") + extra + "}"
    # a lone surrogate can only sit inside a JSON string, where "\udXXX" is a valid escape:
    # the line stays valid JSON and valid UTF-8 instead of failing to encode
    return (scrub(text, shapes=False) + "\n").encode("utf-8", "backslashreplace")


def _cannot(path: Path, exc: OSError, doing: str) -> InputError:
    reason = exc.strerror or type(exc).__name__
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:  # mkdir says "File exists", which names the wrong problem
        reason = f"{blocker} is a file, not a folder"
    return InputError(f"cannot {doing} {path}: {reason}; pick a writable --output (or fix its permissions)")


def _read(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _open_locked(path: Path) -> int:
    """An O_APPEND descriptor holding the file's exclusive lock; refuses if another run holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError(f"another summarizer run is writing {path}: wait for it or pick another --output") from None
    return fd


@dataclass
class ResultsFile:
    """An open, locked results file. `done` maps each id already written to whether it succeeded."""

    path: Path
    fd: int
    done: dict[str, bool] = field(default_factory=dict)
    torn_bytes: int = 0
    """Size of the torn last line cut off on open (0 when the file ended cleanly)."""
    models: set[str] = field(default_factory=set)
    """Models that made the results already in the file (resume refuses to mix in another)."""

    @classmethod
    def open(cls, path: Path, *, overwrite: bool = False, retry_failed: bool = False) -> ResultsFile:
        """Open for appending, take the lock, and read what a previous run finished.

        `retry_failed` first drops the lines of failed articles (atomically: a new file replaces
        the old one), so those articles run again.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            out = cls(path=path, fd=_open_locked(path))
        except OSError as exc:
            raise _cannot(path, exc, "open the results file") from None
        try:
            if overwrite:
                os.ftruncate(out.fd, 0)
            else:
                out._recover()
                if retry_failed and not all(out.done.values()):
                    out._drop_failed()
        except OSError as exc:
            out.close()
            raise _cannot(path, exc, "rewrite the results file") from None
        except BaseException:
            out.close()
            raise
        return out

    def _drop_failed(self) -> None:
        kept = [
            line
            for line in _read(self.path).splitlines(keepends=True)
            if line.strip() and json.loads(line).get("ok")
        ]
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            handle.write(b"".join(kept))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)  # readers see the old file or the new one, never a mix
        fd = _open_locked(self.path)
        os.close(self.fd)
        self.fd = fd
        self.done = {k: v for k, v in self.done.items() if v}

    def _recover(self) -> None:
        data = _read(self.path)
        good_end = 0
        start = 0
        number = 0
        while start < len(data):
            newline = data.find(b"\n", start)
            if newline == -1:
                break  # torn last line: no newline was ever written after it
            number += 1
            line = data[start:newline]
            if line.strip():
                self._remember(line, number)
            start = good_end = newline + 1
        self.torn_bytes = len(data) - good_end
        if self.torn_bytes:
            os.ftruncate(self.fd, good_end)

    def _remember(self, line: bytes, number: int) -> None:
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(
                f"{self.path}:{number} is not a JSON line, so this is not a results file this tool wrote: "
                "pick another --output, or pass --overwrite to start it afresh"
            ) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise InputError(f"{self.path}:{number} has no string 'id': pick another --output or pass --overwrite")
        self.done[obj["id"]] = bool(obj.get("ok"))
        meta = (obj.get("result") or {}).get("meta") if isinstance(obj.get("result"), dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("model"), str):
            self.models.add(meta["model"])

    def write(self, obj: dict[str, Any], raw: dict[str, str] | None = None) -> None:
        self.write_line(encode_line(obj, raw))

    def write_line(self, data: bytes) -> None:
        """Append one encoded line (see encode_line)."""
        try:
            _write_all(self.fd, data)
        except OSError as exc:
            raise InputError(
                f"cannot write to {self.path}: {exc.strerror or exc}; the lines already written are kept: "
                "fix it and rerun the same command to resume"
            ) from None

    def close(self) -> None:
        if self.fd >= 0:
            try:
                os.fsync(self.fd)
            except OSError:
                pass
            os.close(self.fd)  # closing releases the lock
            self.fd = -1


@dataclass
class StreamOut:
    """Results as JSON Lines on standard output (no resume, no lock), flushed line by line."""

    done: dict[str, bool] = field(default_factory=dict)
    torn_bytes: int = 0
    path: Path | None = None
    models: set[str] = field(default_factory=set)

    def write(self, obj: dict[str, Any], raw: dict[str, str] | None = None) -> None:
        self.write_line(encode_line(obj, raw))

    def write_line(self, data: bytes) -> None:
        """UTF-8 bytes whatever the terminal's encoding (a cp1252 console cannot print every text)."""
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            sys.stdout.flush()
            binary.write(data)
            binary.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()

    def close(self) -> None:
        pass
