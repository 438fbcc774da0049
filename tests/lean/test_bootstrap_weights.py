"""Bootstrap weights drawn in blocks are the draws one multinomial call makes, as floats."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.evals.scoring.aggregate import bootstrap_weights


@pytest.mark.parametrize(("n", "samples"), [(1, 3), (2, 10), (300, 1000), (5000, 1000)])
def test_block_draws_equal_one_draw(n: int, samples: int) -> None:
    one = np.random.default_rng(3).multinomial(n, np.full(n, 1.0 / n), size=samples).astype(float)
    blocks = bootstrap_weights(n, samples=samples, seed=3)
    assert blocks.dtype == np.float64 and np.array_equal(blocks, one)
