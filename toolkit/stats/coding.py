"""Statistics of coded samples: agreement between coders and estimates from stratified samples.

Pure functions of numpy arrays / pandas objects. Krippendorff's alpha is computed by the
``krippendorff`` package (the reference implementation of Castro 2017).
"""
from __future__ import annotations

import krippendorff
import numpy as np
from scipy import stats

__all__ = ["krippendorff_alpha", "percent_agreement", "stratified_proportion"]


def krippendorff_alpha(codes, *, level: str = "nominal") -> float:
    """Krippendorff's alpha of a coders × units array (NaN = not coded).

    Parameters
    ----------
    codes : array-like, shape (coders, units)
        Numeric codes; NaN where a coder did not code a unit.
    level : {"nominal", "ordinal", "interval", "ratio"}

    Returns
    -------
    float
        Alpha; NaN when fewer than two units are coded by two coders or when all pairable codes
        take one value (alpha is undefined: there is no variation to agree on).

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*, 2nd ed.,
    ch. 11. Sage. Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. *Communication Methods and Measures* 1(1), 77-89.

    Examples
    --------
    >>> round(krippendorff_alpha([[1, 0, 1, 1, np.nan], [1, 0, 0, 1, 1]]), 4)
    0.5333
    """
    data = np.asarray(codes, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2:
        return float("nan")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    values = values[~np.isnan(values)]
    if pairable.sum() < 2 or np.unique(values).size < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def percent_agreement(codes) -> float:
    """Share of units coded by two or more coders on which all of them gave the same code.

    Examples
    --------
    >>> percent_agreement([[1, 0, 1, 1, np.nan], [1, 0, 0, 1, 1]])
    0.75
    """
    data = np.asarray(codes, dtype=float)
    if data.ndim != 2:
        return float("nan")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any():
        return float("nan")
    same = [np.unique(col[~np.isnan(col)]).size == 1 for col in data[:, pairable].T]
    return float(np.mean(same))


def stratified_proportion(successes, trials, weights, *, alpha: float = 0.05
                          ) -> tuple[float, float, float]:
    """Proportion over strata sampled separately, each weighted by its population size.

    ``p = sum(W_h p_h) / sum(W_h)`` with ``p_h = successes_h / trials_h``; the interval is the
    normal (Wald) interval with the stratified variance ``sum(w_h^2 p_h (1 - p_h) / trials_h)``
    (``w_h = W_h / sum(W)``; finite-population correction ignored), clipped to [0, 1]. Strata
    with no trials are left out.

    Returns
    -------
    tuple of float
        ``(estimate, low, high)``; NaN when no stratum has trials.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., ch. 5.3. Wiley.

    Examples
    --------
    >>> [round(x, 4) for x in stratified_proportion([9, 5], [10, 10], [900, 100])]
    [0.86, 0.6898, 1.0]
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    w = np.asarray(weights, dtype=float)
    ok = n > 0
    if not ok.any() or w[ok].sum() <= 0:
        return float("nan"), float("nan"), float("nan")
    k, n, w = k[ok], n[ok], w[ok] / w[ok].sum()
    p_h = k / n
    p = float((w * p_h).sum())
    se = float(np.sqrt((w ** 2 * p_h * (1 - p_h) / n).sum()))
    z = stats.norm.ppf(1 - alpha / 2)
    return p, float(max(0.0, p - z * se)), float(min(1.0, p + z * se))
