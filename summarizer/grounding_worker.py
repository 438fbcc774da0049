"""A child process that grounds quotes in long articles, so the event loop never waits for it.

Grounding a quote that is not in a 390 KB article exactly takes 20-100 ms of pure-Python CPU
(normalizing, the k-gram index, difflib windows). In a thread of the same process that work still
holds the interpreter: the event loop gets it back only every switch interval (5 ms) after each of
its own system calls, so a batch's calls in flight stalled for 100-300 ms at a time. In a child
process it competes for nothing; the parent's thread that waits on the pipe releases the
interpreter while it waits.

The child is `python -c 'from summarizer.grounding_worker import main; main()'`, not multiprocessing: spawning through
multiprocessing re-imports the user's main script in the child, which breaks any script that
calls summarize_many() without an `if __name__ == "__main__":` guard. It is started on the first
long article, serves one request at a time (length-prefixed pickles over its stdin and stdout:
private pipes between two copies of this code), gets the environment without key variables, and
exits when the parent closes its stdin. If it cannot start or dies, grounding runs in the
parent's thread instead (same results) and the summarizer logger says so once.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import IO, Any

from summarizer.secrets import is_secret_name

__all__ = ["ground_far", "main"]

_HEADER = struct.Struct(">Q")
_log = logging.getLogger("summarizer")


def _send(stream: IO[bytes], value: Any) -> None:
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(blob)) + blob)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the grounding process closed its pipe")
    size = _HEADER.unpack(header)[0]
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError("the grounding process closed its pipe mid-answer")
    return pickle.loads(blob)


class _Child:
    """The running child process of this parent process (a forked parent starts its own)."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if not is_secret_name(k)}
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # the very package this parent imported
        self.pid = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from summarizer.grounding_worker import main; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )

    def ask(self, quotes: list[tuple[str, str]], text: str) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        _send(self.process.stdin, (quotes, text))
        status, value = _receive(self.process.stdout)
        if status != "ok":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Close its stdin (the child exits on EOF), wait for it, then close the answer pipe too."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


_lock = threading.Lock()
_child: _Child | None = None
_broken = False


def ground_far(quotes: list[tuple[str, str]], text: str) -> list[Any]:
    """summarizer.grounding.ground_quotes(quotes, text), computed in the child process. Blocking:
    call it from a worker thread (summarizer.offload), never on the event loop."""
    global _child, _broken
    from summarizer.grounding import ground_quotes

    with _lock:
        if not _broken:
            try:
                if _child is None or _child.pid != os.getpid() or _child.process.poll() is not None:
                    _child = _Child()
                return list(_child.ask(quotes, text))
            except RuntimeError:
                pass  # the grounding itself failed there: here it fails the same way, with its own traceback
            except (OSError, EOFError, pickle.PickleError) as exc:
                _broken = True
                _log.warning("grounding process failed (%s): grounding long articles in this process from now on", exc)
    return ground_quotes(quotes, text)


@atexit.register
def _close() -> None:
    if _child is not None and _child.pid == os.getpid():
        _child.close()


def main() -> None:
    """The child's loop: answer each request until the parent closes the pipe."""
    from summarizer.grounding import ground_quotes

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by accident must not corrupt the answers' pipe
    while True:
        try:
            quotes, text = _receive(stdin)
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", ground_quotes(quotes, text))
        except Exception as exc:  # noqa: BLE001 - the parent grounds it itself and says why
            answer = ("error", f"{type(exc).__name__}: {exc}")
        _send(stdout, answer)
