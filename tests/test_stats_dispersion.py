"""toolkit.stats.dispersion: DP, DPnorm and Juilland's D by hand (Gries 2008's worked example)."""
from __future__ import annotations

import numpy as np
import pytest

from toolkit.stats.dispersion import deviation_of_proportions, dp_from_cells, juilland_d


def test_gries_2008_example():
    # Gries (2008), section 3: five parts of sizes 9, 10, 10, 10, 11 (total 50); the word "b"
    # occurs 1, 2, 3, 4, 5 times -> DP = 0.18 (expected shares 0.18, 0.2, 0.2, 0.2, 0.22).
    s = np.array([9, 10, 10, 10, 11])
    v = np.array([1, 2, 3, 4, 5])
    dp, dp_norm = deviation_of_proportions(v, s)
    observed = v / v.sum()
    expected = s / s.sum()
    assert dp == pytest.approx(0.5 * np.abs(observed - expected).sum()) == pytest.approx(0.18, abs=1e-9)
    assert dp_norm == pytest.approx(dp / (1 - 9 / 50))
    rel = v / s
    assert juilland_d(v, s) == pytest.approx(1 - (rel.std() / rel.mean()) / np.sqrt(4))


def test_absent_term_and_single_part_are_nan():
    dp, _ = deviation_of_proportions(np.array([[0, 2], [0, 1]]), np.array([5, 5]))
    assert np.isnan(dp[0]) and dp[1] == pytest.approx(0.5 * (abs(2 / 3 - 0.5) + abs(1 / 3 - 0.5)))
    assert np.isnan(juilland_d(np.array([3]), np.array([10])))


def test_dp_from_cells_equals_the_dense_formula():
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 3, size=(6, 4)) * (rng.random((6, 4)) < 0.5)
    sizes = counts.sum(axis=1) + rng.integers(1, 5, size=6)
    part, term = np.nonzero(counts)
    got = dp_from_cells(part, term, counts[part, term], sizes, 4)
    dense, _ = deviation_of_proportions(counts, sizes)
    assert np.allclose(got, dense, equal_nan=True)
