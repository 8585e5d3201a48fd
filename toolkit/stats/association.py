"""Association and effect sizes of 2×2 count tables: G2, chi2, PMI, Log Ratio, %DIFF, collocation
scores, weighted log-odds.

Pure functions over numpy arrays (or scalars) of counts; they broadcast. One name per statistic,
used as the column name in every table of the toolkit: ``g2``, ``chi2``, ``pmi``, ``log_ratio``,
``perc_diff``, ``mi3``, ``t``, ``dice``, ``log_dice``, ``delta_p``; their p-values (``p``) and
Benjamini–Hochberg q-values (``q``) come from :mod:`toolkit.stats.tests`.

The 2×2 table
-------------
For co-occurrence and collocation the table is written from a joint count and its margins::

                 column       not column
    row          o11          o12 = r1 - o11        | r1
    not row      o21 = c1-o11 o22 = n-r1-c1+o11     | n - r1
                 c1           n - c1                | n

with expected counts ``e_ij`` = row total × column total / n. For keyness the rows are the two
corpora (target, reference) and the columns the term and every other token:
``[[a, c - a], [b, d - b]]`` with ``a``, ``b`` the term's frequencies and ``c``, ``d`` the sizes.

G2 is implemented once (:func:`g2`: ``2 Σ O ln(O/E)`` over the cells given, natural logs,
``0 ln 0 = 0``). :func:`g2_2x2` sums it over the four cells (Dunning 1993), as
``scipy.stats.chi2_contingency(lambda_="log-likelihood")`` and NLTK's
``BigramAssocMeasures.likelihood_ratio``; :func:`keyness_g2` over the two cells of the term
(Rayson & Garside 2000), as the UCREL log-likelihood calculator and most keyness tools.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1), 61-74.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. Workshop on
    Comparing Corpora, ACL 2000, 1-6.
Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and lexicography.
    Computational Linguistics 16(1), 22-29.
Hardie, A. (2014). Log Ratio - an informal introduction. CASS, Lancaster University.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues. CADS
    International Conference, Bologna.
Daille, B. (1994). Approche mixte pour l'extraction automatique de terminologie (MI3). PhD thesis,
    Université Paris 7.
Rychlý, P. (2008). A lexicographer-friendly association score. RASLAN 2008, 6-9.
Gries, S. Th. (2013). 50-something years of work on collocations. IJCL 18(1), 137-165 (Delta P).
Evert, S. (2008). Corpora and collocations. In Lüdeling & Kytö (eds.), Corpus Linguistics. An
    International Handbook, article 58 (window-based co-occurrence tables).
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection
    and evaluation for identifying the content of political conflict. Political Analysis 16(4).
"""
from __future__ import annotations

import numpy as np

from toolkit.stats.tests import p_value

__all__ = ["xlogx_ratio", "g2", "cells_2x2", "g2_2x2", "keyness_g2", "chi2_2x2", "pmi", "log_ratio",
           "percent_diff", "collocation_scores", "log_odds_dirichlet", "LOG_RATIO_ZERO", "COLLOCATION_MEASURES"]

#: Frequency put in place of a zero frequency in Log Ratio (Hardie 2014).
LOG_RATIO_ZERO = 0.5
#: The collocation scores of :func:`collocation_scores`, in column order.
COLLOCATION_MEASURES = ("g2", "pmi", "mi3", "t", "dice", "log_dice", "delta_p")


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def xlogx_ratio(o, e) -> np.ndarray:
    """``o * ln(o / e)``, with 0 where ``o <= 0`` (the limit 0·ln 0 = 0)."""
    o, e = _f(o), _f(e)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = o * np.log(o / e)
    return np.where(o > 0, v, 0.0)


def g2(observed, expected) -> np.ndarray:
    """Log-likelihood G2 = ``2 Σ O ln(O / E)`` over the cells given (natural logs, 0 ln 0 = 0).

    Parameters
    ----------
    observed, expected : sequences of arrays
        One array per cell, all broadcastable to one shape.

    Returns
    -------
    numpy.ndarray
        Never negative (round-off below 0 is clipped).
    """
    total = sum(xlogx_ratio(o, e) for o, e in zip(observed, expected))
    return np.maximum(2.0 * total, 0.0)


def cells_2x2(o11, r1, c1, n) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The four observed cells ``(o11, o12, o21, o22)`` from a joint count and the margins."""
    o11, r1, c1, n = _f(o11), _f(r1), _f(c1), _f(n)
    return o11, r1 - o11, c1 - o11, n - r1 - c1 + o11


def _expected(r1, c1, n):
    r1, c1, n = _f(r1), _f(c1), _f(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return r1 * c1 / n, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n


def _margins_ok(r1, c1, n) -> np.ndarray:
    r1, c1, n = _f(r1), _f(c1), _f(n)
    return (r1 > 0) & (c1 > 0) & (n - r1 > 0) & (n - c1 > 0)


def g2_2x2(o11, r1, c1, n) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """G2 of independence of a 2×2 table over its four cells, with its p-value and ``e11``.

    Returns
    -------
    (g2, p, e11) : numpy arrays
        G2 (Dunning 1993), its chi-square p-value with 1 degree of freedom, and the expected
        joint count ``r1 c1 / n``. G2 and p are NaN where a margin is 0 (nothing to test).
    """
    cells = cells_2x2(o11, r1, c1, n)
    expected = _expected(r1, c1, n)
    ok = _margins_ok(r1, c1, n)
    stat = np.where(ok, g2(cells, expected), np.nan)
    return stat, np.where(ok, p_value(stat), np.nan), expected[0]


def keyness_g2(a, b, c, d) -> np.ndarray:
    """Keyness G2 in the two-cell form of Rayson & Garside (2000), natural logs.

    ``G2 = 2 (a ln(a/E1) + b ln(b/E2))``, ``E1 = c (a+b) / (c+d)``, ``E2 = d (a+b) / (c+d)``: the
    term's cells only, as the UCREL log-likelihood calculator. Never negative.
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    n = c + d
    return g2((a, b), (c * (a + b) / n, d * (a + b) / n))


def chi2_2x2(a, b, c, d) -> np.ndarray:
    """Pearson's chi-square of the keyness table ``[[a, c-a], [b, d-b]]``, no Yates correction.

    Equals ``scipy.stats.chi2_contingency(table, correction=False)[0]``; 0 when a margin is empty.
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    a2, b2 = c - a, d - b
    den = (a + b) * (a2 + b2) * c * d
    with np.errstate(divide="ignore", invalid="ignore"):
        v = (c + d) * (a * b2 - b * a2) ** 2 / den
    return np.where(den > 0, v, 0.0)


def pmi(o11, r1, c1, n) -> np.ndarray:
    """Pointwise mutual information ``log2(o11 n / (r1 c1))`` (Church & Hanks 1990); NaN where o11 = 0."""
    o11 = _f(o11)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log2(o11 * _f(n) / (_f(r1) * _f(c1)))
    return np.where(o11 > 0, out, np.nan)


def log_ratio(a, b, c, d, *, zero: float = LOG_RATIO_ZERO) -> np.ndarray:
    """Hardie's (2014) Log Ratio ``log2((a/c) / (b/d))``.

    A zero frequency is replaced by ``zero`` (0.5, as Hardie recommends), so the value stays
    finite. That adjustment alone can give the wrong sign when a term is absent from a group much
    smaller than the other (0.5/c > b/d); then the value is set to 0, so the sign never contradicts
    the observed relative frequencies. Both frequencies zero gives 0; an empty corpus (``c`` or
    ``d`` 0) gives NaN.
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    aa = np.where(a > 0, a, zero)
    bb = np.where(b > 0, b, zero)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.log2((aa / c) / (bb / d))
    observed = np.sign(a * d - b * c)  # sign of a/c - b/d
    v = np.where(np.sign(v) * observed < 0, 0.0, v)
    v = np.where((a == 0) & (b == 0), 0.0, v)
    return np.where((c > 0) & (d > 0), v, np.nan)


def percent_diff(a, b, c, d) -> np.ndarray:
    """%DIFF of Gabrielatos & Marchi (2012): ``100 (a/c - b/d) / (b/d)``.

    ``inf`` where the reference frequency is 0 and the target's is not (Gabrielatos & Marchi
    divide by 1e-18 instead, an arbitrary huge number); NaN where both are 0 or a size is 0.
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        nt, nr = a / c, b / d
        v = 100.0 * (nt - nr) / nr
    v = np.where(b > 0, v, np.where(a > 0, np.inf, np.nan))
    return np.where((c > 0) & (d > 0), v, np.nan)


def collocation_scores(o11, r1, c1, n) -> dict[str, np.ndarray]:
    """Association scores of the 2×2 table ``o11, r1, c1, n`` (see the module docstring).

    All scores read the same table, so they agree on what is counted (the collocation module
    documents its cells: ``r1`` is the number of window positions, not the node frequency):

    - ``g2``: :func:`g2_2x2` (Dunning 1993); NLTK's ``BigramAssocMeasures.likelihood_ratio``.
    - ``pmi``: ``log2(o11 / e11)`` (Church & Hanks 1990); NLTK's ``pmi``.
    - ``mi3``: ``log2(o11³ / e11)`` (Daille 1994).
    - ``t``: ``(o11 - e11) / sqrt(o11)``; NLTK's ``student_t``.
    - ``dice``: ``2 o11 / (r1 + c1)``; NLTK's ``dice``. ``log_dice``: ``14 + log2(dice)`` (Rychlý 2008).
    - ``delta_p``: ``o11 / r1 - o21 / (n - r1)``, P(column | row) - P(column | not row) (Gries 2013).

    Returns
    -------
    dict of str -> numpy.ndarray, keyed by :data:`COLLOCATION_MEASURES`
    """
    o11, r1, c1, n = _f(o11), _f(r1), _f(c1), _f(n)
    stat, _, e11 = g2_2x2(o11, r1, c1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = 2.0 * o11 / (r1 + c1)
        return {"g2": stat, "pmi": pmi(o11, r1, c1, n), "mi3": np.log2(o11 ** 3 / e11),
                "t": (o11 - e11) / np.sqrt(o11), "dice": dice, "log_dice": 14.0 + np.log2(dice),
                "delta_p": o11 / r1 - (c1 - o11) / (n - r1)}


def log_odds_dirichlet(y_i, y_j, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, eq. 16-22).

    ``delta_w = ln((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - ln((y_jw + a_w) / (n_j + a0 - y_jw - a_w))``,
    ``var_w ≈ 1/(y_iw + a_w) + 1/(y_jw + a_w)``, ``z_w = delta_w / sqrt(var_w)``, with
    ``n_i = Σ y_i`` and ``a0 = Σ alpha``.

    Returns
    -------
    (delta, var, z) : numpy arrays
    """
    y_i, y_j, alpha = _f(y_i), _f(y_j), _f(alpha)
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, var, delta / np.sqrt(var)
