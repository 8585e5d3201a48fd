"""toolkit.stats.intervals: the Wilson interval by its formula."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from toolkit.stats.intervals import wilson_interval


@pytest.mark.parametrize("k, n, alpha", [(1, 3, 0.05), (0, 10, 0.05), (10, 10, 0.1), (37, 120, 0.01)])
def test_wilson_interval_by_formula(k, n, alpha):
    z = stats.norm.ppf(1 - alpha / 2)
    ph = k / n
    centre = (ph + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(ph * (1 - ph) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = wilson_interval(np.array([k]), np.array([n]), alpha=alpha)
    assert low[0] == pytest.approx(max(centre - half, 0.0), abs=1e-12)
    assert high[0] == pytest.approx(min(centre + half, 1.0), abs=1e-12)


def test_wilson_interval_is_nan_without_trials():
    low, high = wilson_interval(np.array([0, 2]), np.array([0, 4]))
    assert np.isnan(low[0]) and np.isnan(high[0]) and 0 < low[1] < 0.5 < high[1] < 1
