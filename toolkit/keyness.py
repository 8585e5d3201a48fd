"""Keyness: which words a group of articles uses more (or less) than a reference.

``keyness`` compares one target (a value or values of a column such as ``outlet``)
with a reference (other values, all other groups, or an external word list);
``keyness_all`` compares every group with the rest in one pass; ``log_odds`` gives
the weighted log-odds ratio with an informative Dirichlet prior. Significance
(``g2``, ``p``, ``q``) and effect size (``log_ratio``, ``perc_diff``) come together,
with the dispersion of each term over the target's articles (``range``, ``dp``) so
that keywords carried by a single article can be filtered out.

Tokens are those of :mod:`toolkit.text.tokens`; the statistics are the pure functions of
:mod:`toolkit.stats.association`.

References
----------
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
Hardie, A. (2014). Log Ratio - an informal introduction. CASS, Lancaster University.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. IJCL 13(4).
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words. Political Analysis 16(4).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from toolkit.stats import association as sa
from toolkit.stats.tests import bh_qvalues, p_value
from toolkit.errors import ParameterError, check_columns
from toolkit.text.tokens import DocTermMatrix, doc_term_matrix, group_codes, normalize_token, _prepare

__all__ = ["keyness", "keyness_all", "log_odds", "KEYNESS_COLUMNS"]

KEYNESS_COLUMNS = ["term", "freq_target", "freq_reference", "size_target", "size_reference",
                   "g2", "p", "q", "log_ratio", "perc_diff", "chi2", "direction", "range", "dp"]


def _as_list(value: Any) -> list:
    if isinstance(value, (list, tuple, set, frozenset, pd.Index, np.ndarray, pd.Series)):
        return list(value)
    return [value]


def _check_common(articles: pd.DataFrame, by: str, min_freq: Any) -> None:
    if not isinstance(articles, pd.DataFrame):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    if not isinstance(by, str):
        raise ParameterError(f"`by` must be one column name (str), not {by!r}")
    check_columns(articles, ["text", by])
    if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 0:
        raise ParameterError(f"`min_freq` value = {min_freq!r} is invalid; must be an integer >= 0")


def _mask(articles: pd.DataFrame, by: str, values: list, name: str) -> np.ndarray:
    present = set(articles[by].dropna().unique().tolist())
    missing = [v for v in values if v not in present]
    if missing:
        shown = sorted(map(str, present))[:20]
        raise ParameterError(f"{name} {missing} not found in column {by!r}; it has {shown}"
                             + (" ..." if len(present) > 20 else ""))
    return articles[by].isin(values).to_numpy()


def _range_dp(dtm: DocTermMatrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Documents containing each term, and Gries' DP of each term, over ``rows``.

    DP uses ``sum_i |v_i/f - s_i/S| = sum_{v_i>0}(|v_i/f - s_i/S| - s_i/S) + 1``, so
    only the non-zero cells are visited.
    """
    sub = dtm.matrix[rows].tocoo()
    n_terms = dtm.matrix.shape[1]
    sizes = np.asarray(dtm.matrix[rows].sum(axis=1)).ravel().astype(float)
    total = sizes.sum()
    f = np.bincount(sub.col, weights=sub.data, minlength=n_terms)
    rng = np.bincount(sub.col, minlength=n_terms).astype(np.int64)
    if total == 0:
        return rng, np.full(n_terms, np.nan)
    share = sizes[sub.row] / total
    contrib = np.abs(sub.data / f[sub.col] - share) - share
    dp = 0.5 * (1.0 + np.bincount(sub.col, weights=contrib, minlength=n_terms))
    dp = np.where(f > 0, np.clip(dp, 0.0, 1.0), np.nan)
    return rng, dp


def _score(term, a, b, c, d, rng, dp) -> pd.DataFrame:
    """The keyness table from aligned arrays (one element per term)."""
    g2 = sa.keyness_g2(a, b, c, d)
    p = p_value(g2)
    lr = sa.log_ratio(a, b, c, d)
    out = pd.DataFrame({
        "term": term,
        "freq_target": np.asarray(a, dtype=np.int64),
        "freq_reference": np.asarray(b, dtype=np.int64),
        "size_target": np.broadcast_to(np.asarray(c, dtype=np.int64), np.shape(a)),
        "size_reference": np.broadcast_to(np.asarray(d, dtype=np.int64), np.shape(a)),
        "g2": g2, "p": p, "q": bh_qvalues(p), "log_ratio": lr,
        "perc_diff": sa.percent_diff(a, b, c, d), "chi2": sa.chi2_2x2(a, b, c, d),
        # observed relative frequency above expected -> "+" (ties count as "+")
        "direction": np.where(np.asarray(a, float) * d >= np.asarray(b, float) * c, "+", "-"),
        "range": np.asarray(rng, dtype=np.int64), "dp": dp,
    })
    return out


def _sort(table: pd.DataFrame, groups: list[str] = ()) -> pd.DataFrame:
    keys = [*groups, "g2", "term"]
    asc = [True] * len(groups) + [False, True]
    return table.sort_values(keys, ascending=asc, kind="mergesort").reset_index(drop=True)


def keyness(articles: pd.DataFrame, target: Any, reference: Any = None, by: str = "outlet", *,
            min_freq: int = 3, stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Keywords of a target group against a reference: significance, effect size, dispersion.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text`` and ``by`` are used).
    target : scalar or list
        Value(s) of column ``by`` forming the target (e.g. an outlet name).
    reference : scalar, list, pandas.DataFrame or None, default None
        Value(s) of ``by`` forming the reference; None = all articles not in the
        target; or an external word list, a DataFrame with columns ``term`` and
        ``freq`` (terms are lowercased and normalised like tokens; the reference size
        is the sum of ``freq``).
    by : str, default "outlet"
        The grouping column.
    min_freq : int, default 3
        Keep terms with ``freq_target + freq_reference >= min_freq``. The q-values
        are computed over the kept terms.
    stopwords : bool or iterable of str, default False
        Remove stop words before counting (sizes then exclude them).

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``g2`` descending, with columns:

        - ``term`` (str)
        - ``freq_target``, ``freq_reference`` (int64): frequencies
        - ``size_target``, ``size_reference`` (int64): token totals
        - ``g2`` (float): log-likelihood G2, two-cell form, natural logs; >= 0
        - ``p`` (float): chi-square (1 df) upper tail of ``g2``
        - ``q`` (float): Benjamini-Hochberg adjusted ``p`` over the rows
        - ``log_ratio`` (float): Hardie's binary log of the ratio of relative
          frequencies; a zero frequency counts as 0.5, and a value whose sign would
          contradict the observed frequencies (zero frequency in a much smaller
          group) is set to 0
        - ``perc_diff`` (float): %DIFF; ``inf`` when the reference frequency is 0
        - ``chi2`` (float): Pearson chi-square of the 2x2 table, no Yates correction
        - ``direction`` (str): ``+`` over-use in the target, ``-`` under-use
        - ``range`` (int64): target articles containing the term
        - ``dp`` (float): Gries' deviation of proportions of the term over the
          target's articles (0 even, near 1 concentrated); NaN if absent

        ``attrs`` holds the parameters (``target``, ``reference``, ``by``,
        ``min_freq``, ``stopwords``, ``statistic``).

    Raises
    ------
    ParameterError
        Unknown column, target or reference values not found, target and reference
        overlapping, a malformed reference list, or invalid ``min_freq``.

    References
    ----------
    Rayson & Garside (2000) for ``g2``; Hardie (2014) for ``log_ratio``; Gabrielatos &
    Marchi (2012) for ``perc_diff``; Benjamini & Hochberg (1995) for ``q``; Gries (2008)
    for ``dp``. See :mod:`toolkit.stats.association`.

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["A", "A", "B"],
    ...                      "text": ["war war peace", "war talks", "peace talks peace"]})
    >>> keyness(arts, "A", min_freq=1)[["term", "freq_target", "freq_reference", "direction"]].values.tolist()
    [['war', 3, 0, '+'], ['peace', 1, 2, '-'], ['talks', 1, 1, '-']]
    """
    _check_common(articles, by, min_freq)
    targets = _as_list(target)
    t_mask = _mask(articles, by, targets, "target")
    external = isinstance(reference, pd.DataFrame)
    if external:
        check_columns(reference, ["term", "freq"], what="reference")
        if not pd.api.types.is_numeric_dtype(reference["freq"]) or (reference["freq"] < 0).any():
            raise ParameterError("reference `freq` must be non-negative numbers")
        r_mask = None
    elif reference is None:
        r_mask = ~t_mask
    else:
        refs = _as_list(reference)
        overlap = set(refs) & set(targets)
        if overlap:
            raise ParameterError(f"target and reference overlap: {sorted(map(str, overlap))}")
        r_mask = _mask(articles, by, refs, "reference")

    dtm = doc_term_matrix(articles, stopwords=stopwords)
    a = dtm.totals(t_mask)
    terms = dtm.terms
    if external:
        ref = reference.assign(term=[normalize_token(_prepare(str(t))) for t in reference["term"]])
        ref = ref.dropna(subset=["term"])
        ref = ref[~ref["term"].isin(dtm.stopwords)]
        ref = ref.groupby("term", sort=False)["freq"].sum()
        extra = [t for t in ref.index if t not in dtm.term_index]
        terms = np.concatenate([terms, np.array(extra, dtype=object)])
        a = np.concatenate([a, np.zeros(len(extra), dtype=np.int64)])
        b = ref.reindex(terms, fill_value=0).to_numpy()
        size_r = int(round(ref.sum()))
    else:
        b = dtm.totals(r_mask)
        size_r = int(b.sum())
    size_t = int(a.sum())
    if size_t == 0:
        raise ParameterError(f"target {targets} has no word tokens")
    if size_r == 0:
        raise ParameterError("reference has no word tokens")
    rng, dp = _range_dp(dtm, t_mask)
    pad = len(terms) - len(rng)
    if pad:
        rng = np.concatenate([rng, np.zeros(pad, dtype=np.int64)])
        dp = np.concatenate([dp, np.full(pad, np.nan)])
    keep = (a + b) >= max(min_freq, 1)
    table = _score(terms[keep].astype(str), a[keep], b[keep], size_t, size_r, rng[keep], dp[keep])
    table = _sort(table)
    table.attrs.update({
        "statistic": "keyness", "by": by, "target": targets,
        "reference": "external word list" if external else
        ("rest" if reference is None else _as_list(reference)),
        "min_freq": min_freq, "stopwords": bool(dtm.stopwords),
    })
    return table


def keyness_all(articles: pd.DataFrame, by: str = "outlet", *, min_freq: int = 3,
                stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Keywords of every group against all the other articles, in one counting pass.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text`` and ``by`` are used; articles whose ``by`` is
        missing are counted in the reference of every group but form no group).
    by : str, default "outlet"
        Grouping column.
    min_freq : int, default 3
        Keep terms whose corpus frequency is at least ``min_freq``.
    stopwords : bool or iterable of str, default False
        As in :func:`keyness`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`keyness` preceded by the ``by`` column, sorted by
        group, then ``g2`` descending. To keep the table at a manageable size (groups
        x vocabulary) a group lists only the terms that occur in it at least once, and
        ``q`` is computed over those rows of the group; :func:`keyness` for a single
        group also lists the terms absent from it.

    Raises
    ------
    ParameterError
        Unknown column or invalid ``min_freq``.

    References
    ----------
    As :func:`keyness`.
    """
    _check_common(articles, by, min_freq)
    dtm = doc_term_matrix(articles, stopwords=stopwords)
    codes, keys = group_codes(articles, by)
    n_groups, n_terms = len(keys), dtm.matrix.shape[1]
    sizes = dtm.doc_sizes.astype(float)
    corpus_size = sizes.sum()
    totals = dtm.totals()
    ok = codes >= 0
    group_size = np.bincount(codes[ok], weights=sizes[ok], minlength=n_groups)

    used = totals >= max(min_freq, 1)
    # Group by group: the group's article rows of the matrix, and dense per-term arrays
    # (as long as the vocabulary) to look up each cell's group total, instead of one
    # binary search or sort over all the (article, term) cells of the corpus.
    matrix = dtm.matrix
    member = np.argsort(np.where(ok, codes, n_groups), kind="stable")[:ok.sum()]
    starts = np.concatenate([[0], np.cumsum(np.bincount(codes[ok], minlength=n_groups))])
    parts: dict[str, list] = {"term": [], "a": [], "rng": [], "dp": []}
    for grp_no in range(n_groups):
        rows = member[starts[grp_no]:starts[grp_no + 1]]
        sub = matrix[rows]
        cols = sub.indices
        keep = used[cols]
        cols, vals = cols[keep], sub.data[keep].astype(float)
        row_of = np.repeat(rows, np.diff(sub.indptr))[keep]
        f = np.bincount(cols, weights=vals, minlength=n_terms)
        present = np.flatnonzero(f)
        # Gries' DP over the group's articles, visiting only the non-zero cells:
        # sum_i |v_i/f - s_i/S| = sum_{v_i>0} (|v_i/f - s_i/S| - s_i/S) + 1.
        share = sizes[row_of] / group_size[grp_no]
        contrib = np.abs(vals / f[cols] - share) - share
        dp_sum = np.bincount(cols, weights=contrib, minlength=n_terms)
        parts["term"].append(present)
        parts["a"].append(f[present])
        parts["rng"].append(np.bincount(cols, minlength=n_terms)[present])
        parts["dp"].append(np.clip(0.5 * (1.0 + dp_sum[present]), 0.0, 1.0))
    m = np.array([len(t) for t in parts["term"]], dtype=np.int64)
    term_id = np.concatenate(parts["term"]) if n_groups else np.zeros(0, dtype=np.int64)
    a = np.concatenate(parts["a"]) if n_groups else np.zeros(0)
    rng = np.concatenate(parts["rng"]) if n_groups else np.zeros(0, dtype=np.int64)
    dp = np.concatenate(parts["dp"]) if n_groups else np.zeros(0)
    del parts
    grp = np.repeat(np.arange(n_groups), m)
    b = totals[term_id] - a
    c = group_size[grp]
    d = corpus_size - c

    g2 = sa.keyness_g2(a, b, c, d)
    p = p_value(g2)
    # Benjamini-Hochberg within each group, and the final order: group, ll descending,
    # term. Terms are ranked alphabetically once, so the sort compares integers.
    vocab = np.flatnonzero(used)
    alpha = np.empty(n_terms, dtype=np.int64)
    alpha[vocab[np.argsort(dtm.terms[vocab], kind="stable")]] = np.arange(len(vocab))
    q = np.empty(len(p))
    order = np.empty(len(p), dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(m)])
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        q[lo:hi] = bh_qvalues(p[lo:hi])
        order[lo:hi] = lo + np.lexsort((alpha[term_id[lo:hi]], -g2[lo:hi]))
    grp, term_id, a, b, c, d = grp[order], term_id[order], a[order], b[order], c[order], d[order]
    g2, p, q, rng, dp = g2[order], p[order], q[order], rng[order], dp[order]
    table = keys.iloc[grp].reset_index(drop=True)
    table["term"] = pd.array(dtm.terms, dtype="str").take(term_id)
    table["freq_target"] = a.astype(np.int64)
    table["freq_reference"] = b.astype(np.int64)
    table["size_target"] = c.astype(np.int64)
    table["size_reference"] = d.astype(np.int64)
    table["g2"], table["p"], table["q"] = g2, p, q
    table["log_ratio"] = sa.log_ratio(a, b, c, d)
    table["perc_diff"] = sa.percent_diff(a, b, c, d)
    table["chi2"] = sa.chi2_2x2(a, b, c, d)
    table["direction"] = np.where(a * d >= b * c, "+", "-")
    table["range"] = rng.astype(np.int64)
    table["dp"] = dp
    table.attrs.update({"statistic": "keyness_all", "by": by, "reference": "rest",
                        "min_freq": min_freq, "stopwords": bool(dtm.stopwords),
                        "q_family": "terms present in the group"})
    return table


def log_odds(articles: pd.DataFrame, target: Any, reference: Any = None, by: str = "outlet", *,
             prior: str | float | pd.DataFrame = "corpus", alpha0: float | None = None,
             min_freq: int = 3, stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior ("Fightin' Words").

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table.
    target, reference, by
        As in :func:`keyness` (``reference`` is a value, a list or None = the rest).
    prior : "corpus", float or pandas.DataFrame, default "corpus"
        ``"corpus"``: the informative prior of Monroe et al. (2008, sec. 3.5.3),
        ``alpha_w = alpha0 * f_w / N`` with ``f_w`` the term's frequency in the whole
        corpus (all articles given) and ``N`` its size. A float: the uninformative
        prior ``alpha_w = prior`` for every term. A DataFrame ``term, freq``: an
        external background list, used like the corpus.
    alpha0 : float, optional
        Total prior weight for ``"corpus"`` and DataFrame priors. Default: the number
        of tokens in target plus reference, so the prior weighs as much as the data.
    min_freq : int, default 3
        Rows with ``freq_target + freq_reference < min_freq`` are left out of the
        result (all terms enter the computation).
    stopwords : bool or iterable of str, default False
        As in :func:`keyness`.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``z`` descending: ``term`` (str), ``freq_target``,
        ``freq_reference`` (int64), ``delta`` (float, log-odds ratio, > 0 = more
        typical of the target), ``var`` (float, its approximate variance), ``z``
        (float, ``delta / sqrt(var)``). Swapping target and reference negates
        ``delta`` and ``z``. ``attrs`` holds the parameters and ``alpha0``.

    Raises
    ------
    ParameterError
        As :func:`keyness`; an invalid ``prior`` or ``alpha0``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict.
    Political Analysis 16(4), 372-403 (equations 16-22).
    """
    _check_common(articles, by, min_freq)
    if not (isinstance(prior, pd.DataFrame) or prior == "corpus"
            or (isinstance(prior, (int, float)) and not isinstance(prior, bool) and prior > 0)):
        raise ParameterError(f"`prior` value = {prior!r} is invalid; must be 'corpus', a positive "
                             "number or a DataFrame with columns term, freq")
    if alpha0 is not None and (isinstance(alpha0, bool) or not isinstance(alpha0, (int, float))
                               or alpha0 <= 0):
        raise ParameterError(f"`alpha0` value = {alpha0!r} is invalid; must be a positive number")
    targets = _as_list(target)
    t_mask = _mask(articles, by, targets, "target")
    if reference is None:
        r_mask = ~t_mask
    else:
        refs = _as_list(reference)
        if set(refs) & set(targets):
            raise ParameterError(f"target and reference overlap: {sorted(map(str, set(refs) & set(targets)))}")
        r_mask = _mask(articles, by, refs, "reference")
    dtm = doc_term_matrix(articles, stopwords=stopwords)
    y_i, y_j = dtm.totals(t_mask), dtm.totals(r_mask)
    if y_i.sum() == 0 or y_j.sum() == 0:
        raise ParameterError("target and reference must both contain word tokens")
    a0 = float(alpha0) if alpha0 is not None else float(y_i.sum() + y_j.sum())
    terms = dtm.terms
    if isinstance(prior, pd.DataFrame):
        check_columns(prior, ["term", "freq"], what="prior")
        bg = prior.assign(term=[normalize_token(_prepare(str(t))) for t in prior["term"]])
        bg = bg.dropna(subset=["term"]).groupby("term")["freq"].sum()
        bg = bg.reindex(terms, fill_value=0).to_numpy(dtype=float)
        # A term missing from the background list gets half the smallest weight, not 0.
        bg = np.where(bg > 0, bg, 0.5 * bg[bg > 0].min() if (bg > 0).any() else 1.0)
        alpha = a0 * bg / bg.sum()
    elif prior == "corpus":
        f = dtm.totals()
        alpha = a0 * f / f.sum()
    else:
        alpha = np.full(len(terms), float(prior))
        a0 = float(alpha.sum())
    used = (y_i + y_j) > 0
    delta, var, z = sa.log_odds_dirichlet(y_i[used], y_j[used], alpha[used])
    out = pd.DataFrame({"term": terms[used].astype(str), "freq_target": y_i[used],
                        "freq_reference": y_j[used], "delta": delta, "var": var, "z": z})
    out = out[(out.freq_target + out.freq_reference) >= min_freq]
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    out.attrs.update({"statistic": "log_odds", "by": by, "target": targets,
                      "reference": "rest" if reference is None else _as_list(reference),
                      "prior": prior if isinstance(prior, (str, float, int)) else "external",
                      "alpha0": a0, "min_freq": min_freq})
    return out
