"""summarize() runs on one shared background loop: clients are reused, and it works under a loop."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import pytest
from batch_helpers import config_for

from summarizer import summarize
from summarizer._loop import run_blocking
from summarizer.testing import FakeOpenAIServer, Reply


def test_consecutive_calls_share_one_model(seed_text: str, seed_answer: dict[str, Any]) -> None:
    from summarizer import _loop
    from summarizer.model import layer

    with FakeOpenAIServer([Reply.with_record(seed_answer)] * 3) as server:
        config = config_for(server)
        profile = config.profiles["fake"]
        summarize(seed_text, config=config, cache="off")
        assert _loop._loop is not None
        first = layer._per_loop[_loop._loop][profile]
        summarize(seed_text, config=config, cache="off")
        summarize(seed_text, config=config, cache="off")
        assert layer._per_loop[_loop._loop][profile] is first  # one client for all three calls
        assert len(server.requests) == 3


def test_summarize_works_inside_a_running_event_loop(seed_text: str, seed_answer: dict[str, Any]) -> None:
    async def notebook_cell() -> str:
        with FakeOpenAIServer([Reply.with_record(seed_answer)]) as server:
            return summarize(seed_text, config=config_for(server)).record.summary  # type: ignore[attr-defined, no-any-return]

    assert asyncio.run(notebook_cell()).startswith("Fourteen Malian soldiers")


def test_blocking_call_from_the_shared_loop_is_refused() -> None:
    async def inner() -> int:
        return 1

    async def callback() -> str:
        with pytest.raises(RuntimeError, match="await asummarize"):
            run_blocking(inner())
        return "refused"

    assert run_blocking(callback()) == "refused"


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="a real SIGINT to one thread: POSIX")
def test_ctrl_c_lets_the_coroutine_clean_up_before_it_propagates() -> None:
    """A real SIGINT, as Ctrl-C sends: _thread.interrupt_main() only sets a flag, which a thread
    blocked waiting for the result does not see until the 30 s work ends by itself."""
    import threading
    import time

    cleaned: list[bool] = []

    async def work() -> None:
        try:
            await asyncio.sleep(30)
        finally:
            await asyncio.sleep(0.2)  # e.g. a batch closing its output file
            cleaned.append(True)

    main = threading.main_thread().ident
    assert main is not None and threading.get_ident() == main
    threading.Timer(0.3, signal.pthread_kill, (main, signal.SIGINT)).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_blocking(work())
    assert time.monotonic() - started < 10, "the interrupt waited for the work to end by itself"
    assert cleaned == [True]  # the cancelled coroutine's cleanup ran before KeyboardInterrupt arrived


def test_an_interrupt_raised_inside_a_call_reaches_the_caller_and_the_loop_lives_on(
    seed_text: str, seed_answer: dict[str, Any]
) -> None:
    """A KeyboardInterrupt raised in the loop's thread (here by a result callback) used to end the
    shared loop's thread: summarize_many never returned, nor did any later call."""
    import threading

    from summarizer.batch import summarize_many

    def interrupt(ident: str, outcome: object) -> None:
        raise KeyboardInterrupt

    outcome: list[BaseException | None] = []

    def batch(config: Any) -> None:
        try:
            summarize_many({f"a{i}": seed_text for i in range(40)}, config=config, cache="off", concurrency=2, on_result=interrupt)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the test looks at which one arrived
            outcome.append(exc)

    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        config = config_for(server)
        caller = threading.Thread(target=batch, args=(config,))
        caller.start()
        caller.join(30)
        assert not caller.is_alive(), "summarize_many hung after an interrupt inside the loop"
        assert len(outcome) == 1 and isinstance(outcome[0], KeyboardInterrupt)
        import time

        time.sleep(0.5)
        assert len(server.requests) <= 3  # the other worker stopped too: nothing more was paid for
        assert summarize(seed_text, config=config, cache="off").record is not None  # the shared loop still serves
