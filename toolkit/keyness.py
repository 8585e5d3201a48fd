"""Keyness: which words a group of articles uses more (or less) than a reference.

``keyness`` compares one target (a value or values of a column such as ``outlet``) with a
reference (other values, all other groups, or an external word list); ``keyness_all`` compares
every group with the rest in one pass; ``log_odds`` (:mod:`toolkit.log_odds`) gives the weighted
log-odds ratio. Significance (``g2``, ``p``, ``q``) and effect size (``log_ratio``, ``perc_diff``)
come together, with the dispersion of each term over the target's articles (``range``, ``dp``) so
that keywords carried by a single article can be filtered out.

Words are those of titles and texts (:mod:`toolkit.text.tokens`), counted by the count engine
(:mod:`toolkit.count.terms`); the statistics are those of :mod:`toolkit.stats`.

References
----------
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
Hardie, A. (2014). Log Ratio - an informal introduction. CASS, Lancaster University.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. IJCL 13(4).
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.count.distributed import check_client, frame_meta
from toolkit.count.engine import Engine, check_engine, is_dask_frame
from toolkit.count.groups import GroupIndex, group_frame, group_names
from toolkit.count.terms import DocTermMatrix, doc_term_matrix
from toolkit.errors import ParameterError, ToolkitWarning, check_columns, did_you_mean
from toolkit.stats import association as sa
from toolkit.stats.dispersion import dp_from_cells
from toolkit.stats.exact import p_2x2
from toolkit.stats.tests import bh_qvalues, p_value
from toolkit.text.tokens import stopword_set, term_of

__all__ = ["keyness", "keyness_all", "KEYNESS_COLUMNS", "NoReferenceWarning"]

KEYNESS_COLUMNS = ["term", "freq_target", "freq_reference", "size_target", "size_reference",
                   "g2", "p", "test", "q", "log_ratio", "perc_diff", "chi2", "direction", "range", "dp"]


class NoReferenceWarning(ToolkitWarning):
    """A keyness comparison whose reference holds no word: its statistics are NaN."""


def as_list(value: Any) -> list:
    if isinstance(value, (list, tuple, set, frozenset, pd.Index, np.ndarray, pd.Series)):
        return list(value)
    return [value]


def check_keyness(articles: Any, by: Any, min_freq: Any, engine: Any, jobs: Any, progress: Any,
                  *, single: bool = True, client: Any = None) -> list[str]:
    """The checks of every keyness verb; returns the grouping column names."""
    if not isinstance(articles, pd.DataFrame) and not is_dask_frame(articles):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    if single and not isinstance(by, str):
        raise ParameterError(f"`by` must be one column name (str), not {by!r}")
    check_columns(frame_meta(articles), ["text"])
    check_client(client)
    names = group_names(by)
    group_frame(frame_meta(articles), names)  # an unknown column or period raises here
    if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 0:
        raise ParameterError(f"`min_freq` value = {min_freq!r} is invalid; must be an integer >= 0")
    check_engine(engine, jobs, progress)
    return names


def group_mask(articles: pd.DataFrame, by: str, values: list, name: str) -> np.ndarray:
    """Rows of ``articles`` whose ``by`` value is one of ``values`` (all must occur)."""
    column = group_frame(articles, [by])[by]
    sizes = column.value_counts()
    present = set(sizes.index.tolist())
    missing = [v for v in values if v not in present]
    if missing:
        hint = "".join(did_you_mean(v, sizes.index) for v in missing)
        if len(sizes) <= 20:
            shown = f"it has {sorted(map(str, sizes.index))}"
        else:
            shown = f"it has {len(sizes)} values, the largest {list(map(str, sizes.index[:20]))}"
        raise ParameterError(f"{name} {missing} not found in column {by!r}{hint}; {shown}")
    return column.isin(values).to_numpy()


def word_list(table: pd.DataFrame, stopwords: frozenset, what: str) -> pd.Series:
    """An external ``term, freq`` list as frequencies by term (terms normalised like tokens)."""
    check_columns(table, ["term", "freq"], what=what)
    if not pd.api.types.is_numeric_dtype(table["freq"]) or (table["freq"] < 0).any():
        raise ParameterError(f"{what} `freq` must be non-negative numbers")
    terms = table.assign(term=[term_of(str(t)) for t in table["term"]]).dropna(subset=["term"])
    terms = terms[~terms["term"].isin(stopwords)]
    return terms.groupby("term", sort=False)["freq"].sum()


def score(term, a, b, c, d, rng, dp, *, q: bool = True, into: pd.DataFrame | None = None) -> pd.DataFrame:
    """The keyness table from aligned arrays (one element per term; ``c``, ``d`` may be scalars).

    Where the reference is empty (``d`` = 0) there is nothing to compare with: the statistics
    are NaN and ``direction`` is missing. ``q=False`` leaves ``q`` NaN for the caller to fill.
    The columns are added to ``into`` (e.g. the group keys of each row) one by one, which spares
    pandas a copy of the whole table.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    c, d = np.broadcast_to(np.asarray(c, dtype=float), a.shape), np.broadcast_to(np.asarray(d, dtype=float), a.shape)
    ok = (c > 0) & (d > 0)
    g2 = np.where(ok, sa.keyness_g2(a, b, c, d), np.nan)
    # the 2x2 table [[a, c - a], [b, d - b]]: Fisher's exact test where an expected cell is below 5
    p, test = p_2x2(a, c, a + b, c + d, p_value(g2), approximation="g2")
    columns = {
        "term": pd.array(term, dtype="str"),
        "freq_target": a.astype(np.int64), "freq_reference": b.astype(np.int64),
        "size_target": c.astype(np.int64), "size_reference": d.astype(np.int64),
        "g2": g2, "p": p, "test": pd.array(test, dtype="str"), "q": bh_qvalues(p) if q else np.full(len(p), np.nan), "log_ratio": sa.log_ratio(a, b, c, d),
        "perc_diff": sa.percent_diff(a, b, c, d), "chi2": np.where(ok, sa.chi2_2x2(a, b, c, d), np.nan),
        # observed relative frequency above expected -> "+" (ties count as "+")
        "direction": pd.array(np.where(ok, np.where(a * d >= b * c, "+", "-"), None), dtype="str"),
        "range": np.asarray(rng, dtype=np.int64), "dp": dp,
    }
    out = pd.DataFrame(index=range(len(a))) if into is None else into
    for name, values in columns.items():
        out[name] = values
    return out


def _range_dp(dtm: DocTermMatrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Articles containing each term, and Gries' DP of each term, over ``rows``."""
    sub = dtm.matrix[rows].tocoo()
    n_terms = dtm.matrix.shape[1]
    sizes = np.asarray(dtm.matrix[rows].sum(axis=1)).ravel()
    rng = np.bincount(sub.col, minlength=n_terms).astype(np.int64)
    return rng, dp_from_cells(sub.row, sub.col, sub.data, sizes, n_terms)


def _sort(table: pd.DataFrame, groups: Sequence[str] = ()) -> pd.DataFrame:
    keys = [*groups, "g2", "freq_target", "term"]
    asc = [True] * len(groups) + [False, False, True]
    return table.sort_values(keys, ascending=asc, kind="mergesort", na_position="last").reset_index(drop=True)


def keyness(articles: pd.DataFrame, target: Any, *, reference: Any = None, by: str = "outlet",
            min_freq: int = 3, stopwords: bool | Iterable[str] = False, engine: Engine = "local",
            jobs: int | None = None, progress: bool | None = None, client: Any = None) -> pd.DataFrame:
    """Keywords of a target group against a reference: significance, effect size, dispersion.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and ``by`` are used).
    target : scalar or list
        Value(s) of ``by`` forming the target (e.g. an outlet name).
    reference : scalar, list, pandas.DataFrame or None, default None
        Value(s) of ``by`` forming the reference; None = all articles not in the target; or an
        external word list, a DataFrame with columns ``term`` and ``freq`` (terms are normalised
        like tokens; the reference size is the sum of ``freq``).
    by : str, default "outlet"
        The grouping column (or a period such as ``"month"``, derived from ``date``).
    min_freq : int, default 3
        Keep terms with ``freq_target + freq_reference >= min_freq``; ``q`` is computed over them.
    stopwords : bool or iterable of str, default False
        Remove stop words before counting (sizes then exclude them).
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus is counted on a ``dask.distributed`` client; the per-article term counts
        (a sparse matrix, not text) come back, so this process needs memory for them.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``g2`` descending (then ``freq_target`` descending, term), with columns:

        - ``term`` (str)
        - ``freq_target``, ``freq_reference`` (int64): frequencies
        - ``size_target``, ``size_reference`` (int64): words in each
        - ``g2`` (float): log-likelihood G2, two-cell form, natural logs; >= 0
        - ``p`` (float): chi-square (1 df) upper tail of ``g2`` where every expected cell of the
          2x2 table (target, reference) × (term, other words) is at least 5; Fisher's exact test
          where one is below 5 (:mod:`toolkit.stats.exact`)
        - ``test`` (str): which test gave ``p``: ``"g2"`` or ``"fisher"``
        - ``q`` (float): Benjamini-Hochberg adjusted ``p`` over the rows
        - ``log_ratio`` (float): Hardie's binary log of the ratio of relative frequencies; a zero
          frequency counts as 0.5, and a value whose sign would contradict the observed
          frequencies (zero frequency in a much smaller group) is set to 0
        - ``perc_diff`` (float): %DIFF; ``inf`` when the reference frequency is 0
        - ``chi2`` (float): Pearson chi-square of the 2x2 table, no Yates correction
        - ``direction`` (str): ``+`` over-use in the target, ``-`` under-use
        - ``range`` (int64): target articles containing the term
        - ``dp`` (float): Gries' deviation of proportions of the term over the target's articles
          (0 even, near 1 concentrated); NaN if absent

        ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        Unknown column, target or reference values not found, target and reference overlapping, a
        malformed reference list, invalid ``min_freq`` or engine options, a target or reference
        without words.

    References
    ----------
    Rayson & Garside (2000) for ``g2``; Hardie (2014) for ``log_ratio``; Gabrielatos & Marchi
    (2012) for ``perc_diff``; Benjamini & Hochberg (1995) for ``q``; Gries (2008) for ``dp``.
    See :mod:`toolkit.stats.association`.

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["A", "A", "B"],
    ...                      "text": ["war war peace", "war talks", "peace talks peace"]})
    >>> keyness(arts, "A", min_freq=1)[["term", "freq_target", "freq_reference", "direction"]].values.tolist()
    [['war', 3, 0, '+'], ['peace', 1, 2, '-'], ['talks', 1, 1, '-']]
    """
    check_keyness(articles, by, min_freq, engine, jobs, progress, client=client)
    targets = as_list(target)
    lazy = is_dask_frame(articles)  # a lazy corpus: group tables from the workers (toolkit.count.group_terms)
    t_mask = "target" if lazy else group_mask(articles, by, targets, "target")
    external = isinstance(reference, pd.DataFrame)
    refs = None
    if external:
        check_columns(reference, ["term", "freq"], what="reference")
        r_mask = None
    elif reference is None:
        r_mask = "reference" if lazy else ~t_mask
    else:
        refs = as_list(reference)
        overlap = set(refs) & set(targets)
        if overlap:
            raise ParameterError(f"target and reference overlap: {sorted(map(str, overlap))}")
        r_mask = "reference" if lazy else group_mask(articles, by, refs, "reference")
    if lazy:
        from toolkit.count.group_terms import lazy_target_terms

        dtm = lazy_target_terms(articles, by, targets, refs, stopwords=stopword_set(stopwords), client=client,
                                progress=progress)
    else:
        dtm = doc_term_matrix(articles, stopwords=stopwords, engine=engine, jobs=jobs, progress=progress,
                              client=client)
    a, terms = dtm.totals(t_mask), dtm.terms
    if external:
        ref = word_list(reference, dtm.stopwords, "reference")
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
        raise ParameterError(f"target {targets} has no words")
    if size_r == 0:
        raise ParameterError("reference has no words")
    rng, dp = dtm.range_dp() if lazy else _range_dp(dtm, t_mask)
    pad = len(terms) - len(rng)
    rng = np.concatenate([rng, np.zeros(pad, dtype=np.int64)])
    dp = np.concatenate([dp, np.full(pad, np.nan)])
    keep = (a + b) >= max(min_freq, 1)
    table = _sort(score(terms[keep].astype(str), a[keep], b[keep], size_t, size_r, rng[keep], dp[keep]))
    table.attrs["parameters"] = {
        "target": targets, "by": by, "min_freq": min_freq, "stopwords": bool(dtm.stopwords),
        "reference": "external word list" if external else ("rest" if reference is None else as_list(reference))}
    return table


def keyness_all(articles: pd.DataFrame, *, by: str | Sequence[str] = "outlet", min_freq: int = 3,
                stopwords: bool | Iterable[str] = False, engine: Engine = "local", jobs: int | None = None,
                progress: bool | None = None, client: Any = None) -> pd.DataFrame:
    """Keywords of every group against all the other articles, in one counting pass.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and the ``by`` columns; articles whose
        ``by`` value is missing are counted in the reference of every group but form no group).
    by : str or list of str, default "outlet"
        Grouping column(s); periods such as ``"month"`` are derived from ``date``.
    min_freq : int, default 3
        Keep terms whose corpus frequency is at least ``min_freq``.
    stopwords, engine, jobs, progress, client
        As in :func:`keyness`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`keyness` preceded by the ``by`` columns, sorted by group, then
        ``g2`` descending (NaN last), ``freq_target`` descending, term. To keep the table at a manageable size (groups × vocabulary) a group
        lists only the terms that occur in it, and ``q`` is computed over those rows of the group;
        :func:`keyness` for a single group also lists the terms absent from it. A group whose
        reference holds no word (one group only) has NaN statistics and no ``direction``, with a
        :class:`NoReferenceWarning`. ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        Unknown column, invalid ``min_freq`` or engine options.

    References
    ----------
    As :func:`keyness`.
    """
    names = check_keyness(articles, by, min_freq, engine, jobs, progress, single=False, client=client)
    if is_dask_frame(articles):  # a lazy corpus: group tables from the workers (toolkit.count.group_terms)
        from toolkit.count.group_terms import group_stats

        stop = stopword_set(stopwords)
        lazy = group_stats(articles, by, stopwords=stop, min_freq=min_freq, client=client, progress=progress)
        groups, terms, totals, used = lazy["groups"], lazy["terms"], lazy["totals"], lazy["used"]
        group_size, total_size = lazy["group_size"], lazy["total_size"]
        term_ids, freqs, ranges, dps = lazy["term_ids"], lazy["freqs"], lazy["ranges"], lazy["dps"]
    else:
        groups, terms, totals, used, group_size, total_size, term_ids, freqs, ranges, dps, stop = _group_rows(
            articles, by, min_freq, stopwords, engine, jobs, progress, client)
    return _keyness_all_table(names, groups, terms, totals, used, group_size, total_size, term_ids, freqs, ranges,
                              dps, stop, min_freq)


def _group_rows(articles, by, min_freq, stopwords, engine, jobs, progress, client):
    """keyness_all's per-group arrays from the per-article matrix (an in-memory corpus)."""
    groups = GroupIndex.of(articles, by, observed=True)
    dtm = doc_term_matrix(articles, stopwords=stopwords, engine=engine, jobs=jobs, progress=progress, client=client)
    codes = groups.codes(articles)
    n_groups, n_terms = len(groups), dtm.matrix.shape[1]
    sizes = dtm.doc_sizes.astype(float)
    totals = dtm.totals()
    ok = codes >= 0
    group_size = np.bincount(codes[ok], weights=sizes[ok], minlength=n_groups)
    used = totals >= max(min_freq, 1)
    # Group by group: the group's article rows, and dense per-term arrays as long as the vocabulary.
    member = np.argsort(np.where(ok, codes, n_groups), kind="stable")[:ok.sum()]
    starts = np.concatenate([[0], np.cumsum(np.bincount(codes[ok], minlength=n_groups))])
    term_ids, freqs, ranges, dps = [], [], [], []
    for grp in range(n_groups):
        rows = member[starts[grp]:starts[grp + 1]]
        sub = dtm.matrix[rows]
        keep = used[sub.indices]
        cols, vals = sub.indices[keep], sub.data[keep].astype(float)
        row_of = np.repeat(np.arange(len(rows)), np.diff(sub.indptr))[keep]
        f = np.bincount(cols, weights=vals, minlength=n_terms)
        present = np.flatnonzero(f)
        term_ids.append(present)
        freqs.append(f[present])
        ranges.append(np.bincount(cols, minlength=n_terms)[present])
        dps.append(dp_from_cells(row_of, cols, vals, sizes[rows], n_terms, freq=f)[present])
    return groups, dtm.terms, totals, used, group_size, sizes.sum(), term_ids, freqs, ranges, dps, dtm.stopwords


def _keyness_all_table(names, groups, terms, totals, used, group_size, total_size, term_ids, freqs, ranges, dps,
                       stop, min_freq) -> pd.DataFrame:
    """keyness_all's table from the per-group arrays (scores, order, q within each group)."""
    n_groups, n_terms = len(groups), len(terms)
    m = np.array([len(t) for t in term_ids], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    join = (lambda parts: np.concatenate(parts)) if n_groups else (lambda parts: empty)
    term_id, a, rng, dp = join(term_ids), join(freqs), join(ranges), join(dps)
    grp = np.repeat(np.arange(n_groups), m)
    c, d = group_size[grp], total_size - group_size[grp]
    lonely = (group_size > 0) & (total_size - group_size <= 0)
    if lonely.any():
        shown = ", ".join("/".join(map(str, key)) for key in groups.keys[lonely].itertuples(index=False)) \
            if names else "all articles"
        warnings.warn(f"keyness_all: {shown} has no other words to compare with (one group only); its "
                      "statistics (g2, p, q, log_ratio, perc_diff, chi2, direction) are NaN",
                      NoReferenceWarning, stacklevel=3)
    # Order: group, g2 descending (NaN last), frequency descending, term; terms ranked alphabetically
    # once, so the sort compares integers. q is computed within each group.
    g2 = np.where((c > 0) & (d > 0), sa.keyness_g2(a, totals[term_id] - a, c, d), np.nan)
    vocab = np.flatnonzero(used)
    alpha = np.empty(n_terms, dtype=np.int64)
    alpha[vocab[np.argsort(terms[vocab], kind="stable")]] = np.arange(len(vocab))
    order = np.lexsort((alpha[term_id], -a, np.where(np.isnan(g2), np.inf, -g2), grp))
    term_id, a, rng, dp, grp, c, d = (x[order] for x in (term_id, a, rng, dp, grp, c, d))
    keys = groups.keys.iloc[grp].reset_index(drop=True) if names else pd.DataFrame(index=range(len(grp)))
    table = score(pd.array(terms, dtype="str").take(term_id), a, totals[term_id] - a, c, d, rng, dp, q=False,
                  into=keys)
    bounds = np.concatenate([[0], np.cumsum(m)])
    p, q = table["p"].to_numpy(), np.empty(len(table))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        q[lo:hi] = bh_qvalues(p[lo:hi])
    table["q"] = q
    table.attrs["parameters"] = {"by": names, "reference": "rest", "min_freq": min_freq,
                                 "stopwords": bool(stop), "q_family": "terms present in the group"}
    return table
