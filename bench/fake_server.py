"""Run the loopback fake OpenAI server in its own process (used by the benchmarks).

    python bench/fake_server.py --delay-ms 50     # prints its base URL, serves until killed
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from socketserver import StreamRequestHandler
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SEED_ANSWER

from summarizer.testing import FakeOpenAIServer, Reply


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    delay = args.delay_ms / 1000
    served = 0
    lock = threading.Lock()

    def respond(request: dict[str, Any], headers: dict[str, str]) -> Reply:
        nonlocal served
        if request.get("stats"):
            with lock:
                return Reply(status=200, body={"requests": served})
        with lock:
            served += 1
        return Reply.with_record(SEED_ANSWER, delay=delay)

    # http.server listens with a backlog of 5: at concurrency 32 the extra connects would wait for
    # SYN retransmits (1 s) and the benchmark would measure the kernel, not the client.
    ThreadingHTTPServer.request_queue_size = 256
    # http.server sends headers and body in two writes; with Nagle on, the body waits for the
    # client's delayed ACK (~40 ms on Linux), which would swamp what is being measured.
    StreamRequestHandler.disable_nagle_algorithm = True
    server = FakeOpenAIServer(responder=respond)
    server.requests = _Discard()  # a long benchmark should not keep every request body
    server.headers = _Discard()
    server.start()
    print(server.base_url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()


class _Discard(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        pass


if __name__ == "__main__":
    main()
