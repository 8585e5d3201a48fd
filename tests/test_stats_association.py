"""toolkit.stats.association against scipy, NLTK and hand-worked numbers."""
from __future__ import annotations

import math

import numpy as np
import pytest
from nltk.metrics.association import BigramAssocMeasures
from scipy.stats import chi2_contingency

from toolkit.stats import association as sa


def test_g2_2x2_equals_scipy_log_likelihood_on_four_cells():
    o11, r1, c1, n = 7, 20, 15, 120
    table = [[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]]
    g2, p, dof, expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    got, got_p, e11 = sa.g2_2x2(o11, r1, c1, n)
    assert got == pytest.approx(g2) and got_p == pytest.approx(p)
    assert e11 == pytest.approx(expected[0][0]) == pytest.approx(20 * 15 / 120)


def test_g2_2x2_is_nan_where_a_margin_is_zero_and_zero_cells_count_zero():
    g2, p, _ = sa.g2_2x2(np.array([0, 0, 3]), np.array([0, 5, 3]), np.array([4, 4, 5]), np.array([10, 10, 10]))
    assert np.isnan(g2[0]) and np.isnan(p[0])
    # o11 = 0 with non-empty margins: 0 ln 0 = 0, the other cells still count
    ref = chi2_contingency([[0, 5], [4, 1]], correction=False, lambda_="log-likelihood")[0]
    assert g2[1] == pytest.approx(ref)
    # o11 = r1 = 3 (o12 = 0)
    assert g2[2] == pytest.approx(chi2_contingency([[3, 0], [2, 5]], correction=False,
                                                   lambda_="log-likelihood")[0])


def test_keyness_g2_is_the_two_cell_form_of_rayson_and_garside():
    a, b, c, d = 10, 40, 10_000, 100_000
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    assert sa.keyness_g2(a, b, c, d) == pytest.approx(2 * (a * math.log(a / e1) + b * math.log(b / e2)))
    four = chi2_contingency([[a, b], [c - a, d - b]], lambda_="log-likelihood", correction=False)[0]
    assert sa.keyness_g2(a, b, c, d) != pytest.approx(four, rel=1e-6)
    assert sa.keyness_g2(a, b, c, d) == pytest.approx(four, rel=1e-2)
    assert sa.keyness_g2(0, 5, 10, 10) == pytest.approx(2 * 5 * math.log(5 / 2.5))


def test_chi2_2x2_equals_scipy_without_yates():
    for a, b, c, d in [(3, 1, 5, 6), (0, 4, 10, 20), (12, 30, 400, 900)]:
        ref = chi2_contingency([[a, b], [c - a, d - b]], correction=False)[0]
        assert sa.chi2_2x2(a, b, c, d) == pytest.approx(ref)
    assert sa.chi2_2x2(0, 0, 5, 5) == 0.0


def test_pmi_log_ratio_percent_diff_by_hand():
    assert sa.pmi(2, 4, 5, 40) == pytest.approx(math.log2(2 * 40 / (4 * 5)))
    assert np.isnan(sa.pmi(0, 4, 5, 40))
    assert sa.log_ratio(3, 1, 5, 6) == pytest.approx(math.log2((3 / 5) / (1 / 6)))
    assert sa.log_ratio(0, 1, 100, 4) == pytest.approx(math.log2((0.5 / 100) / (1 / 4)))
    assert sa.log_ratio(0, 1, 1, 4) == 0.0          # 0.5/1 > 1/4 would contradict the direction
    assert sa.log_ratio(0, 0, 5, 5) == 0.0
    assert np.isnan(sa.log_ratio(3, 0, 5, 0))     # no reference: nothing to compare with
    assert sa.percent_diff(3, 1, 5, 6) == pytest.approx(260.0)
    assert sa.percent_diff(2, 0, 5, 6) == np.inf
    assert np.isnan(sa.percent_diff(0, 0, 5, 6)) and np.isnan(sa.percent_diff(3, 0, 5, 0))


@pytest.mark.parametrize("o11, r1, c1, n", [(3, 10, 7, 100), (1, 1, 1, 9), (8, 30, 12, 1000)])
def test_collocation_scores_equal_nltk_on_the_same_table(o11, r1, c1, n):
    s = sa.collocation_scores(o11, r1, c1, n)
    args = (o11, (r1, c1), n)
    assert list(s) == list(sa.COLLOCATION_MEASURES)
    assert s["g2"] == pytest.approx(BigramAssocMeasures.likelihood_ratio(*args), rel=1e-9)
    assert s["pmi"] == pytest.approx(BigramAssocMeasures.pmi(*args), rel=1e-9)
    assert s["t"] == pytest.approx(BigramAssocMeasures.student_t(*args), rel=1e-6)
    assert s["dice"] == pytest.approx(BigramAssocMeasures.dice(*args))
    e11 = r1 * c1 / n
    assert s["mi3"] == pytest.approx(math.log2(o11 ** 3 / e11))
    assert s["log_dice"] == pytest.approx(14 + math.log2(2 * o11 / (r1 + c1)))
    assert s["delta_p"] == pytest.approx(o11 / r1 - (c1 - o11) / (n - r1))


def test_log_odds_dirichlet_by_hand_and_antisymmetric():
    y_i, y_j, alpha = np.array([3, 1, 1]), np.array([1, 2, 3]), np.array([0.5, 0.5, 0.5])
    delta, var, z = sa.log_odds_dirichlet(y_i, y_j, alpha)
    assert delta[0] == pytest.approx(math.log(3.5 / (5 + 1.5 - 3.5)) - math.log(1.5 / (6 + 1.5 - 1.5)))
    assert var[0] == pytest.approx(1 / 3.5 + 1 / 1.5)
    assert z[0] == pytest.approx(delta[0] / math.sqrt(var[0]))
    back = sa.log_odds_dirichlet(y_j, y_i, alpha)
    assert np.allclose(back[0], -delta) and np.allclose(back[2], -z)
