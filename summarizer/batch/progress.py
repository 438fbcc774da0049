"""A progress bar on stderr: done/total, articles per second, ETA, failures and spend so far."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["BatchProgress"]


class _RateColumn(ProgressColumn):
    """Articles per second over the recent window (rich's own speed estimate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- art/s" if speed is None else f"{speed:.1f} art/s")


class BatchProgress:
    """Wraps rich.Progress; does nothing when disabled so callers never branch."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if enabled:
            console = Console(file=stream or sys.stderr)
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[status]}"),
                console=console,
                transient=False,
            )

    def start(self, total: int, already_done: int) -> None:
        if self._progress is None:
            return
        self._progress.start()
        self._task = self._progress.add_task(
            "summarize", total=total, completed=already_done, status=self._status(0, 0.0, 0)
        )

    @staticmethod
    def _status(failed: int, spent: float, cached: int) -> str:
        return f"failed {failed} cached {cached} ${spent:.4f}"

    def advance(self, failed: int, spent: float, cached: int) -> None:
        if self._progress is None or self._task is None:
            return
        self._progress.update(self._task, advance=1, status=self._status(failed, spent, cached))

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
