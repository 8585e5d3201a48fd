"""Significance: chi-square p-values, the test of homogeneity, Benjamini–Hochberg q-values.

References
----------
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1), 289-300.
Cramér, H. (1946). Mathematical Methods of Statistics. Princeton University Press, p. 282.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats
from statsmodels.stats.multitest import multipletests

__all__ = ["p_value", "bh_qvalues", "homogeneity"]


def p_value(statistic) -> np.ndarray:
    """Upper-tail p of a chi-square with 1 degree of freedom (for G2 and Pearson's chi2).

    ``erfc(sqrt(x / 2))``: equal to ``scipy.stats.chi2.sf(x, 1)`` and about ten times faster on
    large arrays. NaN stays NaN.
    """
    x = np.asarray(statistic, dtype=float)
    with np.errstate(invalid="ignore"):
        return special.erfc(np.sqrt(np.maximum(x, 0.0) / 2.0))


def bh_qvalues(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q); NaN p-values stay NaN and are not counted.

    Computed by ``statsmodels.stats.multitest.multipletests(method="fdr_bh")``.
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return q


def homogeneity(successes: pd.Series, trials: pd.Series) -> dict:
    """Chi-square test that k proportions are equal (a k×2 table), with Cramér's V.

    Returns
    -------
    dict
        ``chi2``, ``dof``, ``p`` (Pearson's test via ``scipy.stats.chi2_contingency``, no continuity
        correction), ``cramers_v`` (``sqrt(chi2 / n)`` for a k×2 table), ``min_expected`` (the
        smallest expected cell; below 5 the chi-square approximation is rough). NaN statistics when
        fewer than two groups have trials or no group has a success (or a failure).
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
