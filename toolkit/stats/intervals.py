"""Confidence intervals for rates.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA 22(158), 209-212.
"""
from __future__ import annotations

import numpy as np
from statsmodels.stats.proportion import proportion_confint

__all__ = ["wilson_interval"]


def wilson_interval(successes, trials, *, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion; NaN where ``trials == 0``.

    Computed by ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.

    Returns
    -------
    (ci_low, ci_high) : numpy arrays of the shape of ``successes``
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
