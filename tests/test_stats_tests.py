"""toolkit.stats.tests: p-values, Benjamini–Hochberg and the test of homogeneity, by hand and
against scipy."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from toolkit.stats.tests import bh_qvalues, homogeneity, p_value


def test_p_value_equals_the_chi_square_tail_with_one_df():
    x = np.array([0.0, 0.5, 3.841458820694124, 10.0, 50.0])
    assert np.allclose(p_value(x), stats.chi2.sf(x, 1), rtol=1e-12, atol=0)
    assert p_value(3.841458820694124) == pytest.approx(0.05)
    assert np.isnan(p_value(np.nan))


def test_bh_by_hand_with_nan_left_out():
    # sorted p 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.04, 0.04, 0.5 (step-up minimum)
    q = bh_qvalues([0.03, np.nan, 0.01, 0.5, 0.02])
    assert np.isnan(q[1])
    assert np.allclose(q[[0, 2, 3, 4]], [0.04, 0.04, 0.5, 0.04])


def test_homogeneity_against_scipy_and_degenerate_tables():
    res = homogeneity([5, 1, 7], [10, 12, 9])
    table = np.array([[5, 5], [1, 11], [7, 2]])
    ref = stats.chi2_contingency(table, correction=False)
    assert res["chi2"] == pytest.approx(ref.statistic) and res["p"] == pytest.approx(ref.pvalue)
    assert res["dof"] == 2 and res["min_expected"] == pytest.approx(ref.expected_freq.min())
    assert res["cramers_v"] == pytest.approx(np.sqrt(ref.statistic / table.sum()))
    assert np.isnan(homogeneity([1], [4])["p"])                 # one group
    assert np.isnan(homogeneity([0, 0], [4, 5])["chi2"])        # no success anywhere
    assert np.isnan(homogeneity([], [])["p"])                   # nothing at all
