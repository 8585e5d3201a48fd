"""Dispersion measures: how evenly a term's frequency is spread over the parts of a corpus.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. International Journal of
    Corpus Linguistics 13(4), 403-437.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted
    frequencies in corpora". IJCL 17(1), 147-149.
Juilland, A. & Chang-Rodriguez, E. (1964). Frequency Dictionary of Spanish Words. Mouton.
"""
from __future__ import annotations

import numpy as np

__all__ = ["deviation_of_proportions", "juilland_d", "dp_from_cells"]


def deviation_of_proportions(v, s) -> tuple[np.ndarray, np.ndarray]:
    """Gries' (2008) DP and DPnorm of frequencies ``v`` over corpus parts of sizes ``s``.

    ``DP = 0.5 Σ_i |v_i / f - s_i / S|``; ``DPnorm = DP / (1 - min_i s_i / S)`` (Lijffijt & Gries
    2012). 0 = spread exactly as the part sizes, near 1 = concentrated in one small part. ``v`` may
    be 2-D (parts × terms).

    Returns
    -------
    (dp, dp_norm) : numpy arrays; NaN where the term does not occur.
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


def juilland_d(v, s) -> np.ndarray:
    """Juilland's D over parts of (possibly unequal) sizes ``s`` (Gries 2008, section 2).

    With relative frequencies ``p_i = v_i / s_i`` over ``n`` parts:
    ``D = 1 - (sd(p) / mean(p)) / sqrt(n - 1)``, ``sd`` the population standard deviation.
    1 = perfectly even; NaN for a term that does not occur, or for one part.
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


def dp_from_cells(part, term, value, part_size, n_terms: int, *, freq=None) -> np.ndarray:
    """Gries' DP of every term from the non-zero cells of a parts × terms count table.

    Parameters
    ----------
    part, term, value : 1-D arrays
        One entry per non-zero cell: the part, the term (0 .. n_terms-1) and the count.
    part_size : 1-D array
        The size of each part (indexed by ``part``); the corpus size is their sum over the parts
        that are given, so pass every part (also those without a cell).
    n_terms : int
    freq : array, optional
        Each term's frequency (``Σ value`` per term), when the caller has it already.

    Returns
    -------
    numpy.ndarray
        DP per term (NaN where the term has no cell). Uses
        ``Σ_i |v_i/f - s_i/S| = Σ_{v_i>0} (|v_i/f - s_i/S| - s_i/S) + 1``, so only the non-zero
        cells are visited; equal to :func:`deviation_of_proportions`.
    """
    part_size = np.asarray(part_size, dtype=float)
    value = np.asarray(value, dtype=float)
    total = part_size.sum()
    f = np.bincount(term, weights=value, minlength=n_terms) if freq is None else np.asarray(freq, dtype=float)
    if total <= 0:
        return np.full(n_terms, np.nan)
    share = part_size[part] / total
    with np.errstate(divide="ignore", invalid="ignore"):
        contrib = np.abs(value / f[term] - share) - share
    dp = 0.5 * (1.0 + np.bincount(term, weights=contrib, minlength=n_terms))
    return np.where(f > 0, np.clip(dp, 0.0, 1.0), np.nan)
