"""Exact tests for small counts: Fisher's exact test of 2×2 tables (vectorised), the choice between
it and the chi-square approximation, and a Monte Carlo exact test of k×2 tables.

The chi-square approximation of G2 and Pearson's X2 is poor when an expected count is small: in
BASIL by outlet, a 2×2 table with one actor unit and an expected joint count of 0.007 gets
p = 0.003 from G2 where Fisher's exact test gives 0.14. The rule used throughout the toolkit
(Cochran 1954): when any expected cell of a table is below :data:`MIN_EXPECTED` (5), the p-value
comes from an exact test, and the table says which test gave it (a ``test`` column).

Fisher's two-sided p-value is the probability, under the hypergeometric distribution of ``o11``
given the margins, of every table no more probable than the observed one (with the relative
tolerance 1e-7 of R's ``fisher.test``). :func:`fisher_2x2` computes it for whole arrays of tables at
once, walking the distribution outwards from its mode with the ratio of successive probabilities
(so a table from a corpus of 36 million words costs as little as one of 40 units); it equals
``scipy.stats.fisher_exact`` (the tests compare them on thousands of tables).

References
----------
Fisher, R. A. (1935). The logic of inductive inference. JRSS 98(1), 39-82.
Cochran, W. G. (1954). Some methods for strengthening the common chi-square tests. Biometrics
    10(4), 417-451 (expected counts below 5).
Agresti, A. (2002). Categorical Data Analysis, 2nd ed., section 3.5 (Fisher's exact test; the
    two-sided p-value as the sum of the probabilities of tables no more likely than the observed).
Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure. JRSS B 30(3), 582-598.
"""
from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["MIN_EXPECTED", "fisher_2x2", "min_expected_2x2", "p_2x2", "homogeneity_exact"]

#: An expected cell below this makes a table "small": its p-value comes from an exact test.
MIN_EXPECTED = 5.0
#: Relative tolerance for "no more probable than the observed table" (as R's fisher.test).
_TOLERANCE = 1e-7
#: Terms smaller than this fraction of the observed table's probability are not summed.
_NEGLIGIBLE = np.log(1e-17)


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def min_expected_2x2(r1, c1, n) -> np.ndarray:
    """The smallest expected cell of 2×2 tables with row total ``r1``, column total ``c1`` and ``n``.

    ``min(r1, n - r1) * min(c1, n - c1) / n``; NaN where ``n`` is 0.
    """
    r1, c1, n = _f(r1), _f(c1), _f(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, np.minimum(r1, n - r1) * np.minimum(c1, n - c1) / n, np.nan)


def _log_ratio(x, k, d, n):
    """``ln(P(X = x + 1) / P(X = x))`` for the hypergeometric with ``k`` row, ``d`` column total, ``n``."""
    with np.errstate(divide="ignore"):
        return np.log((k - x) * (d - x)) - np.log((x + 1) * (n - k - d + x + 1))


def _walk_to(start, stop, k, d, n):
    """``ln(P(stop) / P(start))`` for every row (``start`` is the mode), summed step by step."""
    total = np.zeros(len(start))
    x = start.copy()
    live = np.flatnonzero(x != stop)
    while len(live):
        up = stop[live] > x[live]
        xi = x[live]
        # stepping up adds ln P(x+1)/P(x); stepping down subtracts ln P(x)/P(x-1)
        step = np.where(up, _log_ratio(xi, k[live], d[live], n[live]),
                        -_log_ratio(xi - 1, k[live], d[live], n[live]))
        total[live] += step
        x[live] = xi + np.where(up, 1, -1)
        live = live[x[live] != stop[live]]
    return total


def _tail_sums(mode, lo, hi, k, d, n, threshold):
    """Sum over x of ``exp(ln P(x)/P(mode))`` walking from the mode down to ``lo`` and up to ``hi``.

    Returns ``(total, tail)``: all terms, and the terms at most ``threshold`` (log scale). A row
    stops walking once its terms fall below ``threshold + ln 1e-17`` (negligible for both sums).
    """
    total = np.ones(len(mode))
    tail = np.where(threshold >= 0.0, 1.0, 0.0)
    for direction in (1, -1):
        x = mode.copy()
        lr = np.zeros(len(mode))
        live = np.flatnonzero(x != (hi if direction == 1 else lo))
        while len(live):
            xi = x[live]
            if direction == 1:
                step = _log_ratio(xi, k[live], d[live], n[live])
            else:
                step = -_log_ratio(xi - 1, k[live], d[live], n[live])
            lr[live] += step
            x[live] = xi + direction
            term = np.exp(lr[live])
            total[live] += term
            tail[live] += np.where(lr[live] <= threshold[live], term, 0.0)
            end = hi[live] if direction == 1 else lo[live]
            keep = (x[live] != end) & (lr[live] > threshold[live] + _NEGLIGIBLE)
            live = live[keep]
    return total, tail


def fisher_2x2(o11, r1, c1, n) -> np.ndarray:
    """Two-sided p-value of Fisher's exact test for arrays of 2×2 tables.

    Parameters
    ----------
    o11, r1, c1, n : array_like of non-negative integers
        The joint count, its row total, its column total and the grand total of each table (see
        :mod:`toolkit.stats.association` for the layout); they broadcast.

    Returns
    -------
    numpy.ndarray
        The probability, given the margins, of the tables no more probable than the observed one
        (relative tolerance 1e-7); 1 where a margin is 0 (only one table is possible), as
        ``scipy.stats.fisher_exact``; NaN where a count is missing or the table is impossible.

    Examples
    --------
    >>> float(fisher_2x2(1, 1, 5, 714).round(4))   # one unit, expected 0.007 joint units
    0.007
    >>> import scipy.stats
    >>> float(round(scipy.stats.fisher_exact([[1, 0], [4, 709]]).pvalue, 4))
    0.007
    """
    o11, r1, c1, n = np.broadcast_arrays(_f(o11), _f(r1), _f(c1), _f(n))
    shape = o11.shape
    o11, r1, c1, n = (a.ravel() for a in (o11, r1, c1, n))
    out = np.full(o11.shape, np.nan)
    finite = np.isfinite(o11) & np.isfinite(r1) & np.isfinite(c1) & np.isfinite(n)
    low = np.where(finite, np.maximum(0.0, r1 + c1 - n), np.nan)
    high = np.where(finite, np.minimum(r1, c1), np.nan)
    valid = finite & (o11 >= low) & (o11 <= high) & (r1 <= n) & (c1 <= n)
    degenerate = valid & ((r1 == 0) | (c1 == 0) | (r1 == n) | (c1 == n))
    out[degenerate] = 1.0
    idx = np.flatnonzero(valid & ~degenerate)
    if len(idx):
        x0, k, d, nn, lo, hi = o11[idx], r1[idx], c1[idx], n[idx], low[idx], high[idx]
        mode = np.clip(np.floor((d + 1) * (k + 1) / (nn + 2)), lo, hi)
        observed = _walk_to(mode, x0, k, d, nn)
        total, tail = _tail_sums(mode, lo, hi, k, d, nn, observed + np.log1p(_TOLERANCE))
        out[idx] = np.minimum(tail / total, 1.0)
    return out.reshape(shape)


def p_2x2(o11, r1, c1, n, p_approx, *, approximation: str = "g2",
          min_expected: float = MIN_EXPECTED) -> tuple[np.ndarray, np.ndarray]:
    """The p-value of each 2×2 table and the test that gave it.

    Where every expected cell is at least ``min_expected`` the chi-square approximation
    ``p_approx`` is kept (its test named ``approximation``); where one is below, Fisher's exact
    test (:func:`fisher_2x2`) replaces it (``"fisher"``). Where ``p_approx`` is NaN (nothing to
    test, e.g. an empty margin) the p-value stays NaN and the test is missing.

    Returns
    -------
    (p, test) : numpy arrays (float, object with ``"fisher"``, ``approximation`` or None)
    """
    p_approx = _f(p_approx)
    o11, r1, c1, n, p_approx = np.broadcast_arrays(_f(o11), _f(r1), _f(c1), _f(n), p_approx)
    small = (min_expected_2x2(r1, c1, n) < min_expected) & ~np.isnan(p_approx)
    p = p_approx.copy()
    if small.any():
        p[small] = fisher_2x2(o11[small], r1[small], c1[small], n[small])
    test = np.where(np.isnan(p_approx), None, np.where(small, "fisher", approximation)).astype(object)
    return p, test


def homogeneity_exact(successes, trials, *, resamples: int = 1999, seed: int = 0) -> float:
    """Monte Carlo exact p-value that k proportions are equal (a k×2 table with fixed margins).

    Tables are drawn with ``scipy.stats.random_table`` (the margins of the observed table) and
    ranked by their probability, as ``scipy.stats.fisher_exact(table, method=MonteCarloMethod())``
    (Fisher's test for r×c tables); the p-value is ``(1 + #{drawn tables no more probable}) /
    (resamples + 1)`` (Hope 1968). Reproducible: ``seed`` fixes the draws. NaN when fewer than two
    rows have trials or a column is empty.
    """
    k = np.asarray(successes, dtype=np.int64)
    t = np.asarray(trials, dtype=np.int64)
    keep = t > 0
    table = np.stack([k[keep], t[keep] - k[keep]], axis=1)
    if keep.sum() < 2 or table[:, 0].sum() == 0 or table[:, 1].sum() == 0:
        return float("nan")
    method = stats.MonteCarloMethod(n_resamples=resamples, rng=np.random.default_rng(seed))
    # scipy returns a 1-element array when every row holds one unit: take the value either way
    return float(np.asarray(stats.fisher_exact(table, method=method).pvalue).reshape(-1)[0])
