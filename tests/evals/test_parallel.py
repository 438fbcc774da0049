"""Scoring on several processes gives exactly the serial scores, in order."""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from summarizer.evals.benchmark import make_pairs
from summarizer.evals.scoring import parallel
from summarizer.evals.scoring.scorer import score_record


def test_parallel_scores_equal_serial_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []

    class Spy(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # other tests leave server threads
    schema, triples = make_pairs(40)
    pairs = [(gold, pred) for _, gold, pred in triples]
    serial = [score_record(gold, pred, schema) for gold, pred in pairs]
    assert parallel.score_records(pairs, schema, workers=2, minimum=10) == serial
    assert pools == [2]
    assert any(s.fields != serial[0].fields for s in serial)  # the perturbations really differ


def test_few_pairs_are_scored_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # would fail if used
    schema, triples = make_pairs(3)
    assert len(parallel.score_records([(g, p) for _, g, p in triples], schema, workers=2)) == 3
