"""The scorer's memos (gold items classified once per batch, leaf similarities remembered) give
the counts the plain computation gives."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

import pytest

from summarizer.article import ArticleMeta
from summarizer.evals.dataset import load_dataset
from summarizer.evals.gold import gold_as_record
from summarizer.evals.scoring import similarity
from summarizer.evals.scoring.comparators import Context, comparator, register_comparator
from summarizer.evals.scoring.gold_items import GoldCache, leaf_key
from summarizer.evals.scoring.scorer import score_record
from summarizer.schemas.incident import IncidentSummary


def _figure(value: int, party: str) -> dict[str, Any]:
    return {"party": party, "party_kind": "civilians", "outcome": "killed", "outcome_word": "killed",
            "count": {"value": value, "qualifier": "exact", "text": str(value)},
            "claimant": {"name": "army", "kind": "military"}, "incident_ids": ["I1"]}  # fmt: skip


def _perturbed(value: Any, rng: random.Random) -> Any:
    """Counts nudged, names cut or swapped, list items dropped or repeated: partial credit and misses."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value + 1 if rng.random() < 0.3 else value
    if isinstance(value, str):
        r = rng.random()
        return value.split()[-1] if r < 0.2 else "AFP" if r < 0.3 else value
    if isinstance(value, list):
        items = [_perturbed(v, rng) for v in value]
        if items and rng.random() < 0.3:
            items.pop(rng.randrange(len(items)))
        if items and rng.random() < 0.2:
            items.append(copy.deepcopy(items[0]))
        return items
    if isinstance(value, dict):
        return {k: _perturbed(v, rng) for k, v in value.items()}
    return value


@pytest.fixture()
def plain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Leaf similarities computed every time, as before they were remembered (similarity reads
    the bound it imported from gold_items, so that is the name to replace)."""
    monkeypatch.setattr(similarity, "LEAF_MEMO", 0)
    yield


def _sample() -> list[tuple[dict[str, Any], dict[str, Any] | None, ArticleMeta]]:
    cases = load_dataset("news-dev").labeled
    rng = random.Random(7)
    out = []
    for n in range(60):
        case = cases[n % len(cases)]
        assert case.gold is not None
        pred = None if n % 13 == 0 else _perturbed(gold_as_record(copy.deepcopy(case.gold)), rng)
        # The same gold meets other outlets: an outlet claimant's similarity depends on the metadata.
        meta = case.meta.model_copy(update={"outlet": ("AFP", None, case.meta.outlet)[n % 3]})
        out.append((case.gold, pred, meta))
    return out


def test_a_shared_gold_cache_gives_the_counts_of_plain_scoring(request: pytest.FixtureRequest) -> None:
    sample = _sample()
    cache: GoldCache = {}
    memoized = [score_record(g, p, IncidentSummary, meta=m, gold_cache=cache) for g, p, m in sample]
    assert any(item.memo for item in cache.values()), "the sample should exercise the leaf memo"
    request.getfixturevalue("plain")
    for (g, p, m), score in zip(sample, memoized):
        fresh = score_record(g, p, IncidentSummary, meta=m)
        assert (score.fields, score.items) == (fresh.fields, fresh.items)


def test_leaf_keys_tell_true_from_one_and_skip_non_scalars() -> None:
    reads = ("value", "qualifier")
    assert leaf_key({"value": True}, reads, "") != leaf_key({"value": 1}, reads, "")
    assert leaf_key({"value": 1.0}, reads, "") != leaf_key({"value": 1}, reads, "")
    assert leaf_key({"value": 1}, reads, "AFP") != leaf_key({"value": 1}, reads, "")
    assert leaf_key({"value": [1]}, reads, "") is None


def test_a_re_registered_builtin_is_used_even_where_a_similarity_was_remembered() -> None:
    # Two figures apart only by their counts: the count comparator decides the alignment.
    gold = {"summary": "s", "casualty_figures": [_figure(3, "soldiers"), _figure(9, "soldiers")]}
    pred = {"summary": "s", "casualty_figures": [_figure(9, "soldiers"), _figure(3, "soldiers")]}
    cache: GoldCache = {}
    before = score_record(gold, pred, IncidentSummary, gold_cache=cache).fields["casualty_figures.count.value"]
    builtin = comparator("number")

    @register_comparator("number")
    def unequal(gold: Any, predicted: Any, ctx: Context) -> float:
        return 1.0 if gold != predicted else 0.0

    try:
        after = score_record(gold, pred, IncidentSummary, gold_cache=cache).fields["casualty_figures.count.value"]
    finally:
        register_comparator("number")(builtin)
    assert before == [2, 0, 0, 0, 0]
    assert after == [2, 0, 0, 0, 0]  # aligned by the new comparator: 3 with 9, 9 with 3
