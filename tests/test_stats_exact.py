"""Exact tests for small counts (toolkit.stats.exact) and where the toolkit uses them."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toolkit.framing import compare_outlets, cooccurrence, score_cooccurrence, strongest_ties
from toolkit.stats.exact import fisher_2x2, homogeneity_exact, min_expected_2x2, p_2x2
from toolkit.stats.tests import homogeneity

from conftest import shared_path


def _scipy(o11, r1, c1, n):
    return stats.fisher_exact([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]]).pvalue


def test_fisher_equals_scipy_on_random_tables():
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(1500):
        n = int(rng.integers(1, 120))
        r1, c1 = int(rng.integers(0, n + 1)), int(rng.integers(0, n + 1))
        o11 = int(rng.integers(max(0, r1 + c1 - n), min(r1, c1) + 1))
        rows.append((o11, r1, c1, n))
    o11, r1, c1, n = np.array(rows).T
    mine = fisher_2x2(o11, r1, c1, n)          # all tables in one call
    ref = np.array([_scipy(*r) for r in rows])
    assert np.allclose(mine, ref, rtol=1e-9, atol=0)


@pytest.mark.parametrize("o11, r1, c1, n", [
    (3, 1_000_003, 5, 36_000_000),      # keyness: a term in a target of a million words out of 36 million
    (0, 13_000, 13_000, 36_000_000),    # wide distribution, observed in the lower tail
    (40, 100, 100, 1000),               # far in the upper tail: p ~ 7e-18
    (5, 10, 10, 20),                    # symmetric: the mirror table counts as "as probable"
    (1, 1, 5, 714),                     # one actor unit, expected joint 0.007 (issue 13 item 18)
])
def test_fisher_equals_scipy_on_large_and_extreme_tables(o11, r1, c1, n):
    assert fisher_2x2(o11, r1, c1, n) == pytest.approx(_scipy(o11, r1, c1, n), rel=1e-7)


def test_fisher_degenerate_and_impossible_tables():
    # an empty margin: one table only, p = 1 (as scipy); a count outside the support or missing: NaN
    assert fisher_2x2([0, 0, 3], [0, 4, 3], [2, 0, 3], [5, 5, 3]).tolist() == [1.0, 1.0, 1.0]
    out = fisher_2x2([3, np.nan, 2], [2, 1, 1], [2, 1, 5], [5, 3, 4])
    assert np.isnan(out).all()   # 3 > min(r1, c1); missing; 2 > r1
    assert fisher_2x2(np.zeros((2, 3)), 1, 1, 4).shape == (2, 3)


def test_min_expected_and_the_choice_of_test():
    # table [[1, 0], [4, 709]]: expected cells 0.007, 0.993, 4.99, 708.0
    assert min_expected_2x2(1, 5, 714) == pytest.approx(5 / 714)
    assert min_expected_2x2(100, 300, 1000) == pytest.approx(30.0)
    p, test = p_2x2([1, 30, 0], [1, 100, 0], [5, 300, 5], [714, 1000, 714], [0.003, 0.5, np.nan])
    assert test.tolist() == ["fisher", "g2", None]
    assert p[0] == pytest.approx(_scipy(1, 1, 5, 714)) and p[1] == 0.5 and np.isnan(p[2])


def test_cooccurrence_says_which_test_gave_p():
    # one outlet, 714 units; actor a in 1 unit, with the frame; the frame in 5 units (expected joint 0.007)
    counts = pd.DataFrame({"actor": ["a", "b"], "frame": ["f", "f"], "actor_units": [1, 300],
                           "frame_units": [5, 200], "joint_units": [1, 120], "units": [714, 714]})
    scored = score_cooccurrence(counts)
    assert scored["test"].tolist() == ["fisher", "g2"]
    assert scored["p"].iloc[0] == pytest.approx(5 / 714)      # P(the one unit is among the 5)
    assert scored["p"].iloc[1] == pytest.approx(stats.chi2.sf(scored["g2"].iloc[1], 1))
    assert scored["small"].tolist() == [True, False] and scored["direction"].tolist() == ["+", "+"]
    assert score_cooccurrence(counts, min_units=1)["small"].tolist() == [False, False]


def test_strongest_ties_leave_out_small_rows_and_under_associations():
    counts = pd.DataFrame({"actor": ["big", "tiny", "under", "none"], "frame": "f",
                           "actor_units": [50, 2, 60, 0], "frame_units": 40, "joint_units": [25, 2, 0, 0],
                           "units": 400})
    table = score_cooccurrence(counts)
    assert table.set_index("actor")["direction"].to_dict() == {"big": "+", "tiny": "+", "under": "-", "none": "-"}
    assert strongest_ties(table)["actor"].tolist() == ["big"]
    assert strongest_ties(table, include_small=True)["actor"].tolist() == ["big", "tiny"]
    assert strongest_ties(table, direction="-")["actor"].tolist() == ["under"]
    assert strongest_ties(table, direction=None)["actor"].tolist() == ["big", "under"]


def _exact_rxc_p(table):
    """Fisher's r×2 p-value by enumerating every table with the observed margins."""
    rows, col = table.sum(axis=1), table[:, 0].sum()
    n = table.sum()

    def prob(first):
        return np.exp(sum(_lchoose(r, k) for r, k in zip(rows, first)) - _lchoose(n, col))

    observed = prob(table[:, 0])
    total = 0.0
    for first in itertools.product(*(range(r + 1) for r in rows)):
        if sum(first) == col:
            p = prob(first)
            if p <= observed * (1 + 1e-7):
                total += p
    return total


def _lchoose(n, k):
    from scipy.special import gammaln
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def test_monte_carlo_homogeneity_is_close_to_the_enumerated_exact_p():
    table = np.array([[3, 5], [0, 9], [4, 2]])
    exact = _exact_rxc_p(table)
    mc = homogeneity_exact(table[:, 0], table.sum(axis=1), resamples=20000, seed=1)
    assert mc == pytest.approx(exact, abs=0.01)
    assert homogeneity_exact(table[:, 0], table.sum(axis=1), seed=3) == homogeneity_exact(
        table[:, 0], table.sum(axis=1), seed=3)   # reproducible
    res = homogeneity(table[:, 0], table.sum(axis=1))
    assert res["test"] == "monte_carlo" and res["dof"] == 2
    # one unit per group: three equally probable tables, p = 1 (scipy answers with an array here)
    assert homogeneity_exact([1, 0, 0], [1, 1, 1]) == 1.0
    two = homogeneity([1, 6], [8, 9])                      # two groups, expected cells below 5: Fisher
    assert two["test"] == "fisher" and two["p"] == pytest.approx(stats.fisher_exact([[1, 7], [6, 3]]).pvalue)


def test_compare_outlets_keeps_small_groups_out_of_the_test_and_the_extremes():
    table = pd.DataFrame({"outlet": ["A", "B", "C", "D", "E"], "actor": "russia", "frame": "escalation",
                          "joint_units": [30, 10, 1, 0, 0], "actor_units": [100, 100, 1, 2, 0]})
    r = compare_outlets(table).iloc[0]
    # C (1 unit, rate 100%) and D (2 units, 0%) would be the extremes without min_units
    assert (r["groups"], r["groups_small"], r["highest"], r["lowest"]) == (2, 2, "A", "B")
    assert r["test"] == "chi2" and r["actor_units"] == 200 and r["dof"] == 1
    ref = stats.chi2_contingency(np.array([[30, 70], [10, 90]]), correction=False)
    assert r["p"] == pytest.approx(ref.pvalue)
    every = compare_outlets(table, min_units=0).iloc[0]
    assert (every["groups"], every["groups_small"], every["highest"], every["lowest"]) == (4, 0, "C", "D")
    assert every["test"] == "monte_carlo"            # expected cells of C and D are below 5
    ties = pd.DataFrame({"outlet": ["A", "B", "C", "D"], "actor": "x", "frame": "f",
                         "joint_units": [0, 0, 5, 0], "actor_units": [20, 50, 25, 30]})
    r = compare_outlets(ties).iloc[0]      # three groups at 0%: the one with the most units is named
    assert (r["lowest"], r["lowest_ties"], r["highest"], r["highest_ties"]) == ("B", 3, "C", 1)
    none = compare_outlets(table, min_units=101).iloc[0]        # no group left: nothing to test
    assert (none["groups"], none["groups_small"]) == (0, 4) and pd.isna(none["test"]) and np.isnan(none["p"])


@pytest.mark.shared
def test_basil_small_counts_get_fisher():
    """Issue 13 item 18: NYT south_korea × military_intervention, 1 actor unit, expected 0.007."""
    import toolkit

    arts = toolkit.load_corpus(shared_path("basil", "articles.jsonl"))
    table = cooccurrence(arts, "actors", "frames", by="outlet", progress=False)
    testable = table[table["p"].notna()]
    # most testable rows have an expected joint count below 1 (147 rows and 130 with the lexicons of the
    # issue; 216 and 201 with the revised ones): all of them get Fisher's test
    assert (testable["expected"] < 1).mean() > 0.8
    small = testable[[min(r * c, (u - r) * (u - c), r * (u - c), (u - r) * c) / u < 5 for r, c, u in zip(
        testable["actor_units"], testable["frame_units"], testable["units"])]]
    assert (small["test"] == "fisher").all() and (testable.drop(small.index)["test"] == "g2").all()
    row = table[(table["outlet"] == "New York Times") & (table["actor"] == "south_korea")
                & (table["frame"] == "military_intervention")]
    r = row.iloc[0]
    a, n1, c1, n = int(r["joint_units"]), int(r["actor_units"]), int(r["frame_units"]), int(r["units"])
    assert (a, n1) == (1, 1) and r["expected"] < 0.01
    assert r["test"] == "fisher" and r["p"] == pytest.approx(_scipy(a, n1, c1, n))
    assert r["q"] > 0.1 and r["small"]     # was q = 0.048 with the chi-square approximation of G2


def test_keyness_uses_fisher_for_rare_terms_only():
    from toolkit.keyness import keyness

    common = " ".join(["war"] * 30 + ["peace"] * 30 + ["talks"] * 40)
    arts = pd.DataFrame({"outlet": ["A", "B"], "text": [common + " rare rare", common + " " + common]})
    t = keyness(arts, "A", min_freq=1).set_index("term")
    # "war": 30 of 102 words in A, 60 of 200 in B; every expected cell >= 5 -> G2's chi-square p
    assert t.loc["war", "test"] == "g2" and t.loc["war", "p"] == pytest.approx(stats.chi2.sf(t.loc["war", "g2"], 1))
    # "rare": 2 in A, 0 in B: expected 2 * 102/302 < 5 -> Fisher's exact test of [[2, 100], [0, 200]]
    assert t.loc["rare", "test"] == "fisher"
    assert t.loc["rare", "p"] == pytest.approx(stats.fisher_exact([[2, 100], [0, 200]]).pvalue)


def test_intervals_stay_in_the_statistics_range():
    """Issue 13 item 7: a rate's interval within 0..1, a tone's (VADER, -1..1) within -1..1."""
    from toolkit.discourse.sentiment import t_interval
    from toolkit.stats.intervals import wilson_interval

    low, high = wilson_interval([0, 1, 5, 5], [5, 1, 5, 1000])
    assert (low >= 0).all() and (high <= 1).all() and low[0] == 0 and high[2] == pytest.approx(1)
    lo, hi = t_interval(pd.Series([0.9, -0.95, 0.0]), pd.Series([0.8, 0.9, 5.0]), pd.Series([3, 2, 4]), 0.05)
    assert (lo >= -1).all() and (hi <= 1).all()
    assert (lo[2], hi[2]) == (-1.0, 1.0)          # was ±7 unclipped on VADER's -1..1 scale
    assert lo[0] < 0.9 < hi[0] == 1.0
