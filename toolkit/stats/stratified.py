"""Stratified statistics: Cochran–Mantel–Haenszel over 2×2 strata, and rate differences split
into a composition part and a within-stratum part.

Pure functions of numpy arrays and pandas tables: no text, no files, no plots. The CMH figures are
statsmodels' (``StratifiedTable``); this module decides which strata enter and says so.

Which strata enter a CMH analysis
---------------------------------
A stratum is a 2×2 table ``[[a, b], [c, d]]`` (rows: the two sides compared; columns: with and
without the outcome). A stratum with an empty row has no comparison in it and is left out
(``strata``, the count returned, excludes it). A stratum with an empty column (no outcome on
either side, or the outcome everywhere) has ``a·d = b·c = 0``: it adds nothing to the
Mantel–Haenszel odds ratio, to its variance (Robins, Breslow & Greenland 1986) or to the CMH
statistic (its ``a`` equals its expectation and its variance is 0), but it makes the Breslow–Day
terms 0/0. Only the *informative* strata (all four margins > 0) are therefore passed to
statsmodels; the odds ratio, interval and CMH test are the same as with every stratum, and
Breslow–Day becomes computable. Zero cells inside an informative stratum are kept as they are
(no continuity correction of cells). When the pooled odds ratio is 0 or infinite (every
informative stratum has ``b·c = 0`` or every one ``a·d = 0``), its interval and Breslow–Day are
NaN, as statsmodels has them.

Small counts: the CMH chi-square is an approximation. The Mantel–Fleiss criterion (the distance
of the summed expected ``a`` from its smallest and largest possible values) should be at least 5;
:func:`mantel_fleiss` computes it so that callers can flag analyses below it.

References
----------
Mantel, N. & Haenszel, W. (1959). Statistical aspects of the analysis of data from retrospective
studies of disease. JNCI 22(4), 719-748.
Robins, J., Breslow, N. & Greenland, S. (1986). Estimators of the Mantel-Haenszel variance
consistent in both sparse data and large-strata limiting models. Biometrics 42(2), 311-323.
Breslow, N. E. & Day, N. E. (1980). Statistical Methods in Cancer Research I. IARC; Tarone, R. E.
(1985). On heterogeneity tests based on efficient scores. Biometrika 72(1), 91-95.
Mantel, N. & Fleiss, J. L. (1980). Minimum expected cell size requirements for the Mantel-Haenszel
one-degree-of-freedom chi-square test and a related rapid procedure. Am. J. Epidemiology 112(1),
129-134.
Kitagawa, E. M. (1955). Components of a difference between two rates. JASA 50(272), 1168-1194.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import StratifiedTable

from toolkit.errors import check_choice, check_columns

CMH_KEYS = ("strata", "informative", "odds_ratio", "ci_low", "ci_high", "cmh", "p", "breslow_day",
            "breslow_day_p", "mantel_fleiss")
METHODS = ("kitagawa", "standardise")


def strata_tables(a, b, c, d) -> np.ndarray:
    """Stack per-stratum cells into the ``(2, 2, K)`` array statsmodels takes: ``[[a, b], [c, d]]``."""
    a, b, c, d = (np.asarray(x, dtype=float).ravel() for x in (a, b, c, d))
    return np.stack([np.stack([a, b]), np.stack([c, d])])


def mantel_fleiss(tables: np.ndarray) -> float:
    """Mantel–Fleiss criterion: min(Σ E(a) − Σ a_min, Σ a_max − Σ E(a)) over the strata.

    With row totals ``n1, n2`` and first-column total ``m1`` of a stratum, ``a`` can range from
    ``max(0, m1 − n2)`` to ``min(n1, m1)`` and has expectation ``n1·m1 / n``. The CMH chi-square is
    trusted when the criterion is at least 5 (Mantel & Fleiss 1980). NaN without strata.

    Examples
    --------
    >>> t = strata_tables([3, 2], [1, 4], [1, 0], [3, 5])
    >>> round(mantel_fleiss(t), 3)   # E(a) = 2 + 1.0909; a ranges over [0, 4] + [0, 2]
    2.909
    """
    t = np.asarray(tables, dtype=float)
    if t.ndim != 3 or t.shape[:2] != (2, 2) or t.shape[2] == 0:
        return float("nan")
    n1, n2 = t[0].sum(0), t[1].sum(0)
    m1 = t[:, 0].sum(0)
    n = n1 + n2
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(n > 0, n1 * m1 / n, 0.0)
    low = np.maximum(0.0, m1 - n2)
    high = np.minimum(n1, m1)
    return float(min(expected.sum() - low.sum(), high.sum() - expected.sum()))


def cmh(tables: np.ndarray, *, alpha: float = 0.05, correction: bool = False) -> dict:
    """Cochran–Mantel–Haenszel analysis of ``K`` 2×2 strata (statsmodels ``StratifiedTable``).

    Parameters
    ----------
    tables : array of shape (2, 2, K)
        Stratum ``k`` is ``tables[:, :, k]`` = ``[[a, b], [c, d]]`` (see :func:`strata_tables`).
    alpha : float
        1 - confidence level of the odds-ratio interval.
    correction : bool
        Continuity correction of the CMH statistic (statsmodels' ``test_null_odds``).

    Returns
    -------
    dict
        ``strata`` (strata with both rows non-empty), ``informative`` (of those, with all margins
        > 0: the strata passed to statsmodels, see the module docstring), ``odds_ratio`` (pooled
        Mantel–Haenszel), ``ci_low``, ``ci_high`` (Robins–Breslow–Greenland interval),
        ``cmh`` and ``p`` (test of no association, 1 df), ``breslow_day`` and ``breslow_day_p``
        (homogeneity of the odds ratios across strata, with Tarone's adjustment; NaN with fewer than
        two informative strata), ``mantel_fleiss`` (over the ``strata``). NaN statistics when no
        stratum is informative.

    References
    ----------
    Mantel & Haenszel (1959); Robins, Breslow & Greenland (1986); Breslow & Day (1980);
    Tarone (1985); Mantel & Fleiss (1980). Computed by
    ``statsmodels.stats.contingency_tables.StratifiedTable``.

    Examples
    --------
    >>> t = strata_tables(a=[3, 2], b=[1, 4], c=[1, 0], d=[3, 5])
    >>> r = cmh(t)
    >>> round(r["odds_ratio"], 4)   # (3·3/8 + 2·5/11) / (1·1/8 + 4·0/11)
    16.2727
    >>> r["strata"], r["informative"]
    (2, 2)
    """
    t = np.asarray(tables, dtype=float)
    out = dict.fromkeys(CMH_KEYS, np.nan)
    if t.ndim != 3 or t.shape[:2] != (2, 2):
        raise ValueError(f"tables must have shape (2, 2, K), not {t.shape}")
    rows_ok = (t[0].sum(0) > 0) & (t[1].sum(0) > 0)
    t = t[:, :, rows_ok]
    informative = (t[:, 0].sum(0) > 0) & (t[:, 1].sum(0) > 0)
    out["strata"] = int(rows_ok.sum())
    out["informative"] = int(informative.sum())
    out["mantel_fleiss"] = mantel_fleiss(t)
    if not out["informative"]:
        return out
    st = StratifiedTable(t[:, :, informative])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = float(st.oddsratio_pooled)
        out["odds_ratio"] = ratio
        if np.isfinite(ratio) and ratio > 0:
            out["ci_low"], out["ci_high"] = (float(x) for x in st.oddsratio_pooled_confint(alpha=alpha))
        null = st.test_null_odds(correction=correction)
        out["cmh"], out["p"] = float(null.statistic), float(null.pvalue)
        if out["informative"] >= 2 and np.isfinite(ratio) and ratio > 0:
            equal = st.test_equal_odds(adjust=True)
            out["breslow_day"], out["breslow_day_p"] = float(equal.statistic), float(equal.pvalue)
    return out


def decompose_rates(strata: pd.DataFrame, keys, *, method: str = "kitagawa") -> pd.DataFrame:
    """Split the difference of two rates into a composition part and a within-stratum part.

    Each row of ``strata`` is one stratum of one comparison: ``joint_a``, ``units_a`` (outcome and
    trials of side a in the stratum) and ``joint_b``, ``units_b``. For each comparison (``keys``),
    with rates ``r = Σ joint / Σ units`` over all its strata and the *shared* strata those where
    both sides have units:

    - ``exclusive`` = (r_a − r_a,shared) − (r_b − r_b,shared): what the strata only one side has
      add to the difference;
    - over the shared strata, with weights ``w = units / Σ units`` and stratum rates ``ρ``,
      ``method="kitagawa"`` (Kitagawa 1955, symmetric): ``mix`` = Σ (w_a − w_b)(ρ_a + ρ_b)/2 and
      ``within`` = Σ (ρ_a − ρ_b)(w_a + w_b)/2; ``method="standardise"`` (direct standardisation to
      side b's mix): ``mix`` = r_a,shared − s and ``within`` = s − r_b,shared with
      s = Σ w_b ρ_a.

    ``difference = exclusive + mix + within`` exactly. Without shared strata the parts are NaN.

    Returns
    -------
    DataFrame
        One row per comparison: the ``keys``, ``units_a``, ``rate_a``, ``units_b``, ``rate_b``,
        ``difference`` (rate_a − rate_b), ``exclusive``, ``mix``, ``within``, ``standardised``
        (s: side a's stratum rates with side b's mix of shared strata), ``strata_shared``,
        ``shared_units_a``, ``shared_units_b``.

    References
    ----------
    Kitagawa, E. M. (1955). Components of a difference between two rates. JASA 50, 1168-1194;
    Das Gupta, P. (1993). Standardization and Decomposition of Rates. US Census Bureau.

    Examples
    --------
    >>> s = pd.DataFrame({"k": ["x"] * 3, "joint_a": [8, 1, 3], "units_a": [10, 10, 5],
    ...                   "joint_b": [4, 0, 0], "units_b": [5, 20, 0]})
    >>> r = decompose_rates(s, "k").iloc[0]
    >>> round(float(r["difference"]), 4), round(float(r["exclusive"] + r["mix"] + r["within"]), 4)
    (0.32, 0.32)
    """
    check_choice("method", method, METHODS)
    keys = [keys] if isinstance(keys, str) else list(keys)
    check_columns(strata, [*keys, "joint_a", "units_a", "joint_b", "units_b"], what="strata")
    s = strata[[*keys, "joint_a", "units_a", "joint_b", "units_b"]].copy()
    for col in ("joint_a", "units_a", "joint_b", "units_b"):
        s[col] = s[col].astype(float)
    shared = (s["units_a"] > 0) & (s["units_b"] > 0)
    total = s.groupby(keys, sort=True, observed=True)[["joint_a", "units_a", "joint_b", "units_b"]].sum()
    sh = s[shared].copy()
    sums = sh.groupby(keys, sort=True, observed=True)[["joint_a", "units_a", "joint_b", "units_b"]].sum()
    sh = sh.merge(sums.add_suffix("_sum"), left_on=keys, right_index=True, how="left")
    sh["w_a"] = sh["units_a"] / sh["units_a_sum"]
    sh["w_b"] = sh["units_b"] / sh["units_b_sum"]
    sh["rho_a"] = sh["joint_a"] / sh["units_a"]
    sh["rho_b"] = sh["joint_b"] / sh["units_b"]
    sh["std"] = sh["w_b"] * sh["rho_a"]
    sh["k_mix"] = (sh["w_a"] - sh["w_b"]) * (sh["rho_a"] + sh["rho_b"]) / 2
    sh["k_within"] = (sh["rho_a"] - sh["rho_b"]) * (sh["w_a"] + sh["w_b"]) / 2
    parts = sh.groupby(keys, sort=True, observed=True)[["std", "k_mix", "k_within"]].sum()
    parts["strata_shared"] = sh.groupby(keys, sort=True, observed=True).size()

    out = total.join(sums.add_suffix("_shared")).join(parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_a"] = out["joint_a"] / out["units_a"]
        out["rate_b"] = out["joint_b"] / out["units_b"]
        shared_a = out["joint_a_shared"] / out["units_a_shared"]
        shared_b = out["joint_b_shared"] / out["units_b_shared"]
    out["difference"] = out["rate_a"] - out["rate_b"]
    out["exclusive"] = (out["rate_a"] - shared_a) - (out["rate_b"] - shared_b)
    if method == "kitagawa":
        out["mix"], out["within"] = out["k_mix"], out["k_within"]
    else:
        out["mix"], out["within"] = shared_a - out["std"], out["std"] - shared_b
    out["standardised"] = out["std"]
    out["strata_shared"] = out["strata_shared"].fillna(0).astype(np.int64)
    out["shared_units_a"] = out["units_a_shared"].fillna(0).astype(np.int64)
    out["shared_units_b"] = out["units_b_shared"].fillna(0).astype(np.int64)
    out["units_a"] = out["units_a"].astype(np.int64)
    out["units_b"] = out["units_b"].astype(np.int64)
    out = out.reset_index()
    return out[[*keys, "units_a", "rate_a", "units_b", "rate_b", "difference", "exclusive", "mix", "within",
                "standardised", "strata_shared", "shared_units_a", "shared_units_b"]]
