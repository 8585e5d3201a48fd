"""Scores over count tables: rates with intervals, 2×2 association, multiple-testing correction.

Pure functions of numpy arrays / pandas objects: no text, no files, no plots. Each delegates to
statsmodels or scipy where they implement the statistic, so the formulas are the reference ones.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint


def wilson_interval(successes, trials, *, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a binomial proportion (NaN where ``trials == 0``).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA 22(158), 209-212. Computed by ``statsmodels.stats.proportion.proportion_confint``.
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    ok = n > 0
    if ok.any():
        lo, hi = proportion_confint(k[ok], n[ok], alpha=alpha, method="wilson")
        low[ok], high[ok] = lo, hi
    return low, high


def table_2x2(joint, row_total, col_total, total) -> np.ndarray:
    """Cells ``[[a, b], [c, d]]`` (last two axes) from a joint count and the margins.

    ``a`` = both, ``b`` = row only, ``c`` = column only, ``d`` = neither.
    """
    a = np.asarray(joint, dtype=float)
    b = np.asarray(row_total, dtype=float) - a
    c = np.asarray(col_total, dtype=float) - a
    d = np.asarray(total, dtype=float) - a - b - c
    return np.stack([np.stack([a, b], -1), np.stack([c, d], -1)], -2)


def g2_2x2(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-likelihood ratio G2 of independence for 2×2 tables (one degree of freedom).

    Parameters
    ----------
    table : array of shape (..., 2, 2)

    Returns
    -------
    (g2, p, expected_a) : arrays of shape (...)
        G2 = 2 Σ O ln(O/E) over the four cells, its chi-square p-value with 1 df, and the expected
        count of the top-left cell. NaN where a margin is zero.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1), 61-74. Computed with ``scipy.stats.power_divergence``
    (``lambda_="log-likelihood"``), the function behind ``scipy.stats.chi2_contingency``.
    """
    obs = np.asarray(table, dtype=float)
    rows = obs.sum(-1, keepdims=True)
    cols = obs.sum(-2, keepdims=True)
    n = obs.sum((-1, -2), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        exp = rows * cols / n
    flat_obs = obs.reshape(-1, 4)
    flat_exp = exp.reshape(-1, 4)
    g2 = np.full(len(flat_obs), np.nan)
    p = np.full(len(flat_obs), np.nan)
    ok = (flat_exp > 0).all(axis=1)
    if ok.any():
        # ddof=2: four cells, 1 degree of freedom for a 2x2 independence test.
        res = stats.power_divergence(flat_obs[ok], flat_exp[ok], ddof=2, axis=1, lambda_="log-likelihood")
        g2[ok], p[ok] = res.statistic, res.pvalue
    shape = obs.shape[:-2]
    return g2.reshape(shape), p.reshape(shape), exp[..., 0, 0]


def pmi(joint, row_total, col_total, total) -> np.ndarray:
    """Pointwise mutual information, log2(P(x,y) / (P(x) P(y))) = log2(a·N / (R·C)); NaN where a = 0.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and lexicography.
    Computational Linguistics 16(1), 22-29.
    """
    a = np.asarray(joint, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log2(a * np.asarray(total, float) / (np.asarray(row_total, float) * np.asarray(col_total, float)))
    return np.where(a > 0, out, np.nan)


def bh_qvalues(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q); NaN p-values stay NaN and are not counted.

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1),
    289-300. Computed by ``statsmodels.stats.multitest.multipletests(method="fdr_bh")``.
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return q


def homogeneity(successes: pd.Series, trials: pd.Series) -> dict:
    """Chi-square test that k proportions are equal (a k×2 table), with Cramér's V.

    Returns a dict: ``chi2``, ``dof``, ``p``, ``cramers_v`` (sqrt(chi2 / n) for a k×2 table),
    ``min_expected`` (the smallest expected cell count; below 5 the chi-square approximation is
    rough). NaN statistics when fewer than two groups have trials or no group has a success.

    References
    ----------
    Pearson's chi-square test of homogeneity via ``scipy.stats.chi2_contingency`` (no continuity
    correction); Cramér, H. (1946). Mathematical Methods of Statistics, p. 282.
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    keep = n > 0
    table = np.stack([k[keep], n[keep] - k[keep]], axis=1)
    nan = {"chi2": np.nan, "dof": np.nan, "p": np.nan, "cramers_v": np.nan, "min_expected": np.nan}
    if keep.sum() < 2 or table[:, 0].sum() == 0 or table[:, 1].sum() == 0:
        return nan
    res = stats.chi2_contingency(table, correction=False)
    return {"chi2": float(res.statistic), "dof": int(res.dof), "p": float(res.pvalue),
            "cramers_v": float(np.sqrt(res.statistic / table.sum())),
            "min_expected": float(res.expected_freq.min())}
