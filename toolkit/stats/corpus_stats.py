"""Corpus statistics as pure functions over count arrays (no text, no I/O, no plots).

Every function takes numpy arrays (or scalars) of counts and broadcasts. Notation
for keyness: ``a`` = frequency in the target, ``b`` = frequency in the reference,
``c`` = target size (tokens), ``d`` = reference size. For collocation: ``o11`` =
joint frequency, ``r1`` = node frequency, ``c1`` = collocate frequency, ``n`` =
corpus size; the 2x2 table is ``[[o11, r1-o11], [c1-o11, n-r1-c1+o11]]``.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1), 61-74.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
    Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.
Hardie, A. (2014). Log Ratio - an informal introduction. ESRC Centre for
    Corpus Approaches to Social Science (CASS), Lancaster University.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical
    issues. CADS International Conference, Bologna.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict.
    Political Analysis 16(4), 372-403.
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    International Journal of Corpus Linguistics 13(4), 403-437.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and
    adjusted frequencies in corpora". IJCL 17(1), 147-149.
Juilland, A. & Chang-Rodriguez, E. (1964). Frequency Dictionary of Spanish Words.
Church, K. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics 16(1), 22-29.
Daille, B. (1994). Approche mixte pour l'extraction automatique de terminologie
    (MI3). PhD thesis, Universite Paris 7.
Rychly, P. (2008). A lexicographer-friendly association score. RASLAN 2008, 6-9.
Gries, S. Th. (2013). 50-something years of work on collocations. IJCL 18(1) (Delta P).
Brezina, V., McEnery, T. & Wattam, S. (2015). Collocations in context: a new
    perspective on collocation networks. IJCL 20(2), 139-173.
"""
from __future__ import annotations

import numpy as np
from scipy import special

from toolkit.stats.scoring import bh_qvalues  # noqa: F401  (re-exported; one BH implementation)

__all__ = [
    "xlogx_ratio", "log_likelihood", "chi_square", "log_ratio", "percent_diff", "p_value",
    "bh_qvalues", "deviation_of_proportions", "juilland_d",
    "collocation_scores", "log_odds_dirichlet", "LOG_RATIO_ZERO",
]

#: Frequency put in place of a zero frequency in Log Ratio (Hardie 2014).
LOG_RATIO_ZERO = 0.5


def xlogx_ratio(o, e):
    """``o * ln(o / e)``, with 0 where ``o <= 0`` (the limit 0·ln 0 = 0)."""
    o = np.asarray(o, dtype=float)
    e = np.asarray(e, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = o * np.log(o / e)
    return np.where(o > 0, v, 0.0)


def log_likelihood(a, b, c, d):
    """Log-likelihood G2 in the two-cell form of Rayson & Garside (2000), natural logs.

    ``G2 = 2 * (a ln(a/E1) + b ln(b/E2))`` with ``E1 = c(a+b)/(c+d)`` and
    ``E2 = d(a+b)/(c+d)``: as the UCREL log-likelihood calculator. Never negative.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = c + d
    e1 = c * (a + b) / n
    e2 = d * (a + b) / n
    return np.maximum(2.0 * (xlogx_ratio(a, e1) + xlogx_ratio(b, e2)), 0.0)


def p_value(g2):
    """Upper-tail p of a chi-square with 1 degree of freedom (for G2 and Pearson chi2).

    Computed as ``erfc(sqrt(x / 2))``, identical to ``scipy.stats.chi2.sf(x, 1)`` and
    about ten times faster on large arrays.
    """
    x = np.maximum(np.asarray(g2, dtype=float), 0.0)
    return special.erfc(np.sqrt(x / 2.0))


def chi_square(a, b, c, d):
    """Pearson's chi-square of the 2x2 table ``[[a, b], [c-a, d-b]]`` without Yates' correction.

    Equals ``scipy.stats.chi2_contingency(table, correction=False)[0]``; 0 when a
    margin is empty.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    a2, b2 = c - a, d - b
    n = c + d
    den = (a + b) * (a2 + b2) * c * d
    with np.errstate(divide="ignore", invalid="ignore"):
        v = n * (a * b2 - b * a2) ** 2 / den
    return np.where(den > 0, v, 0.0)


def log_ratio(a, b, c, d, *, zero: float = LOG_RATIO_ZERO):
    """Hardie's (2014) Log Ratio: ``log2((a/c) / (b/d))``.

    A zero frequency is replaced by ``zero`` (0.5, as Hardie recommends), so the
    value stays finite. That adjustment alone can give the wrong sign when a term
    is absent from a group much smaller than the other (0.5/c > b/d); then the
    value is set to 0, so the sign never contradicts the observed relative
    frequencies. Both frequencies zero gives 0.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    aa = np.where(a > 0, a, zero)
    bb = np.where(b > 0, b, zero)
    v = np.log2((aa / c) / (bb / d))
    observed = np.sign(a * d - b * c)  # sign of a/c - b/d
    v = np.where(np.sign(v) * observed < 0, 0.0, v)
    return np.where((a == 0) & (b == 0), 0.0, v)


def percent_diff(a, b, c, d):
    """%DIFF of Gabrielatos & Marchi (2012): ``100 * (a/c - b/d) / (b/d)``.

    Where the reference frequency is zero the value is ``inf`` (Gabrielatos & Marchi
    divide by 1e-18 instead, which gives an arbitrary huge number).
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    nt, nr = a / c, b / d
    with np.errstate(divide="ignore", invalid="ignore"):
        v = 100.0 * (nt - nr) / nr
    return np.where(b > 0, v, np.where(a > 0, np.inf, np.nan))


def deviation_of_proportions(v, s):
    """Gries' (2008) DP and DPnorm of frequencies ``v`` over corpus parts of sizes ``s``.

    ``DP = 0.5 * sum_i |v_i / f - s_i / S|``; ``DPnorm = DP / (1 - min_i(s_i / S))``
    (Gries 2008; Lijffijt & Gries 2012). 0 = spread exactly as the part sizes,
    near 1 = concentrated in one small part. ``v`` may be 2-D (parts x terms).

    Returns
    -------
    (dp, dp_norm) : arrays; NaN where the term does not occur.
    """
    v = np.asarray(v, dtype=float)
    s = np.asarray(s, dtype=float)
    share = s / s.sum()
    if v.ndim == 2:
        share = share[:, None]
    f = v.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dp = 0.5 * np.abs(v / f - share).sum(axis=0)
    dp = np.where(f > 0, dp, np.nan)
    denom = 1.0 - share.min()
    dp_norm = dp / denom if denom > 0 else np.full_like(dp, np.nan)
    return dp, dp_norm


def juilland_d(v, s):
    """Juilland's D over parts of (possibly unequal) sizes ``s`` (Gries 2008, section 2).

    With relative frequencies ``p_i = v_i / s_i`` over ``n`` parts:
    ``D = 1 - (sd(p) / mean(p)) / sqrt(n - 1)``, ``sd`` the population standard
    deviation. 1 = perfectly even; NaN for a term that does not occur or one part.
    """
    v = np.asarray(v, dtype=float)
    s = np.asarray(s, dtype=float)
    rel = v / (s[:, None] if v.ndim == 2 else s)
    n = rel.shape[0]
    mean = rel.mean(axis=0)
    sd = rel.std(axis=0)  # population SD (ddof=0), as Juilland and Gries
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 1.0 - (sd / mean) / np.sqrt(n - 1)
    # clip float round-off (a term in a single part gives D = 0 up to ~1e-16)
    return np.where((mean > 0) & (n > 1), np.clip(d, 0.0, 1.0), np.nan)


def collocation_scores(o11, r1, c1, n) -> dict[str, np.ndarray]:
    """Association scores of node-collocate pairs from window counts.

    Definitions (E11 = r1·c1/n, the expected joint frequency; no window-size factor,
    as Sketch Engine and #LancsBox; Brezina et al. 2015, table 1):

    - ``ll``: log-likelihood G2 over the four cells of the 2x2 table (Dunning 1993),
      natural logs, each term ``O ln(O/E)`` and 0 for ``O <= 0`` (a cell can only be
      negative with windows wider than one token, when the collocate occurs more
      often in the windows than the node occurs). Equals NLTK's
      ``BigramAssocMeasures.likelihood_ratio`` on the same counts.
    - ``mi``: log2(o11 / E11) (Church & Hanks 1990); NLTK's ``pmi``.
    - ``mi3``: log2(o11^3 / E11) (Daille 1994).
    - ``t``: (o11 - E11) / sqrt(o11).
    - ``dice``: 2·o11 / (r1 + c1).
    - ``log_dice``: 14 + log2(dice) (Rychly 2008).
    - ``delta_p``: P(collocate | node) - P(collocate | not node) =
      o11/r1 - (c1 - o11)/(n - r1) (Gries 2013).

    Returns
    -------
    dict of str -> numpy.ndarray
    """
    o11, r1, c1, n = (np.asarray(x, dtype=float) for x in (o11, r1, c1, n))
    o12, o21 = r1 - o11, c1 - o11
    o22 = n - r1 - c1 + o11
    e11 = r1 * c1 / n
    e12 = r1 * (n - c1) / n
    e21 = (n - r1) * c1 / n
    e22 = (n - r1) * (n - c1) / n
    ll = 2.0 * (xlogx_ratio(o11, e11) + xlogx_ratio(o12, e12)
                + xlogx_ratio(o21, e21) + xlogx_ratio(o22, e22))
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(o11 / e11)
        mi3 = np.log2(o11 ** 3 / e11)
        t = (o11 - e11) / np.sqrt(o11)
        dice = 2.0 * o11 / (r1 + c1)
        log_dice = 14.0 + np.log2(dice)
        delta_p = o11 / r1 - o21 / (n - r1)
    return {"ll": ll, "mi": mi, "mi3": mi3, "t": t, "dice": dice,
            "log_dice": log_dice, "delta_p": delta_p}


def log_odds_dirichlet(y_i, y_j, alpha):
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, eq. 16-22).

    ``delta_w = ln((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - ln((y_jw + a_w) / (n_j + a0 - y_jw - a_w))``,
    ``var_w ~= 1/(y_iw + a_w) + 1/(y_jw + a_w)``, ``z_w = delta_w / sqrt(var_w)``, with
    ``n_i = sum(y_i)``, ``a0 = sum(alpha)``.

    Returns
    -------
    (delta, var, z) : numpy arrays
    """
    y_i, y_j, alpha = (np.asarray(x, dtype=float) for x in (y_i, y_j, alpha))
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, var, delta / np.sqrt(var)
