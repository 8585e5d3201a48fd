"""Term counts per group of a lazy corpus: what keyness, log-odds and count_terms need, additively.

On an in-memory corpus those verbs count a per-article matrix (:class:`toolkit.count.terms.DocTermMatrix`)
and read group totals, ranges and DP from its rows. On a lazy corpus the per-article matrix would
be as large as the corpus, so the workers reduce each partition to per-group tables instead:

- pass 1 (:func:`group_terms`): :class:`GroupTerms` — per group and term the frequency and the
  articles holding it (range), per group the words; the articles without a group value go to a
  separate row (they belong to every reference). Parts merge by term (vocabulary in order of first
  appearance, as the per-article matrix's) and by group key value (one pass, no pass over the
  grouping columns first; :func:`toolkit.count.distributed.count_keyed`).
- pass 2 (:func:`dp_sums`), for Gries' DP only: with every group's term frequencies ``f`` and size
  ``S`` known, each partition sums ``|v/f - s/S| - s/S`` over its articles' non-zero cells (the form
  of :func:`toolkit.stats.dispersion.dp_from_cells`); DP = (1 + Σ) / 2.

Counts equal the per-article path exactly; DP equals it up to floating-point summation order
(relative differences around 1e-15).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.count.distributed import count_keyed, frame_meta, partition_parts
from toolkit.count.groups import GroupIndex
from toolkit.count.terms import article_texts, chunk_term_counts, merge_vocabularies

__all__ = ["GroupTerms", "group_terms", "dp_sums", "dp_from_sums"]


def _widen(m: sparse.csr_matrix, lut: np.ndarray, n_terms: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((m.data, lut[m.indices], m.indptr), shape=(m.shape[0], n_terms))


def _rows(m: sparse.csr_matrix, index: np.ndarray, n: int) -> sparse.csr_matrix:
    coo = m.tocoo()
    return sparse.csr_matrix((coo.data, (index[coo.row], coo.col)), shape=(n, m.shape[1]))


@dataclass
class GroupTerms:
    """Additive term table of a chunk of articles (G groups, T terms).

    ``terms`` (T,) in order of first appearance; ``freq``, ``docs``: csr (G, T) int64, the term's
    frequency in the group and the group's articles holding it; ``sizes`` (G,) the group's words;
    ``rest_freq`` (1, T) csr and ``rest_size`` the same for articles without a group value.
    """

    terms: np.ndarray
    freq: sparse.csr_matrix
    docs: sparse.csr_matrix
    sizes: np.ndarray
    rest_freq: sparse.csr_matrix
    rest_size: int

    def __add__(self, other: "GroupTerms") -> "GroupTerms":
        vocab, (mine, theirs) = merge_vocabularies([list(self.terms), list(other.terms)])
        n = len(vocab)
        return GroupTerms(vocab, _widen(self.freq, mine, n) + _widen(other.freq, theirs, n),
                          _widen(self.docs, mine, n) + _widen(other.docs, theirs, n), self.sizes + other.sizes,
                          _widen(self.rest_freq, mine, n) + _widen(other.rest_freq, theirs, n),
                          self.rest_size + other.rest_size)

    def regroup(self, index: np.ndarray, n: int) -> "GroupTerms":
        """The same counts with group ``i`` moved to row ``index[i]`` of ``n`` groups."""
        sizes = np.zeros(n, dtype=np.int64)
        sizes[index] = self.sizes
        return GroupTerms(self.terms, _rows(self.freq, index, n), _rows(self.docs, index, n), sizes,
                          self.rest_freq, self.rest_size)

    @classmethod
    def zeros(cls, n: int) -> "GroupTerms":
        empty = sparse.csr_matrix((n, 0), dtype=np.int64)
        return cls(np.array([], dtype=object), empty, empty.copy(), np.zeros(n, dtype=np.int64),
                   sparse.csr_matrix((1, 0), dtype=np.int64), 0)

    def totals(self) -> np.ndarray:
        """Every term's frequency in the whole corpus (groups and the rest)."""
        return np.asarray(self.freq.sum(axis=0)).ravel().astype(np.int64) + \
            np.asarray(self.rest_freq.sum(axis=0)).ravel().astype(np.int64)


def _count(chunk: pd.DataFrame, local: GroupIndex, stop: frozenset, cache: dict) -> GroupTerms:
    codes = local.codes(chunk)
    terms, m = chunk_term_counts(article_texts(chunk), stop, cache)
    n, g = len(codes), len(local)
    words = np.asarray(m.sum(axis=1)).ravel().astype(np.int64)
    inside = codes >= 0
    to_group = sparse.csr_matrix((np.ones(inside.sum(), dtype=np.int64), (codes[inside], np.flatnonzero(inside))),
                                 shape=(g, n))
    to_rest = sparse.csr_matrix((np.ones((~inside).sum(), dtype=np.int64),
                                 (np.zeros((~inside).sum(), dtype=np.int64), np.flatnonzero(~inside))), shape=(1, n))
    present = m.copy()
    present.data = np.ones_like(present.data)
    return GroupTerms(np.asarray(terms, dtype=object), (to_group @ m).tocsr(), (to_group @ present).tocsr(),
                      np.bincount(codes[inside], weights=words[inside], minlength=g).astype(np.int64),
                      (to_rest @ m).tocsr(), int(words[~inside].sum()))


def group_terms(frame, by, *, stopwords: frozenset, observed: bool = True, warn: bool = True, client: Any = None,
                progress: bool | None = None) -> tuple[GroupIndex, GroupTerms]:
    """Pass 1 over a lazy corpus: the groups of ``by`` and their :class:`GroupTerms` (one pass)."""
    columns = [c for c in ("title", "text") if c in frame.columns]
    from toolkit.count.groups import group_names

    names = group_names(by)
    source = list(dict.fromkeys(columns + [n if n in frame.columns else "date" for n in names]))
    cache: dict = {}
    if not names:  # one group: nothing to merge by key
        index = GroupIndex.of(frame_meta(frame), None)
        parts = partition_parts(frame[columns], lambda chunk: _count(chunk, index, stopwords, cache), client=client,
                                combine=lambda x, y: x + y, progress=progress)
        return index, (parts[0] if parts else GroupTerms.zeros(1))
    return count_keyed(frame[source], by, lambda chunk, local: _count(chunk, local, stopwords, cache),
                       GroupTerms.zeros, observed=observed, warn=warn, client=client, progress=progress)


def dp_sums(frame, code_of: Callable[[pd.DataFrame], np.ndarray], terms: np.ndarray, freq: sparse.csr_matrix,
            sizes: np.ndarray, *, stopwords: frozenset, client: Any = None,
            progress: bool | None = None) -> sparse.csr_matrix:
    """Pass 2 for Gries' DP: ``Σ (|v/f - s/S| - s/S)`` over each group's articles' non-zero cells.

    ``code_of(chunk)`` gives each article's group (0..K-1, -1 = in none); ``freq`` (K, T) and
    ``sizes`` (K,) are the groups' term frequencies and words over the whole corpus, ``terms`` the
    T terms. Returns a (K, T) csr of the sums; DP = (1 + sum) / 2 where ``freq`` > 0
    (:func:`dp_from_sums`).
    """
    n_groups, n_terms = freq.shape
    vocabulary = pd.Index(np.asarray(terms, dtype=object))
    freq = freq.tocsr().astype(np.int64)
    freq.sort_indices()
    keys = np.repeat(np.arange(n_groups, dtype=np.int64), np.diff(freq.indptr)) * n_terms + freq.indices
    values = freq.data.astype(float)
    sizes = np.asarray(sizes, dtype=float)
    cache: dict = {}

    def part(chunk: pd.DataFrame) -> sparse.csr_matrix:
        codes = np.asarray(code_of(chunk), dtype=np.int64)
        local, m = chunk_term_counts(article_texts(chunk), stopwords, cache)
        words = np.asarray(m.sum(axis=1)).ravel().astype(float)
        coo = m.tocoo()
        keep = codes[coo.row] >= 0
        if not keep.any():
            return sparse.csr_matrix((n_groups, n_terms))
        lut = vocabulary.get_indexer(pd.Index(np.asarray(local, dtype=object)))
        row, g, col = coo.row[keep], codes[coo.row[keep]], lut[coo.col[keep]]
        key = g * n_terms + col
        at = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
        known = (col >= 0) & (len(keys) > 0) & (keys[at] == key) if len(keys) else np.zeros(len(key), bool)
        row, g, col, at = row[known], g[known], col[known], at[known]  # cells of terms not asked for: none
        f = values[at]
        share = words[row] / sizes[g]
        contrib = np.abs(coo.data[keep][known].astype(float) / f - share) - share
        return sparse.coo_matrix((contrib, (g, col)), shape=(n_groups, n_terms)).tocsr()

    parts = partition_parts(frame, part, client=client, combine=lambda x, y: x + y, progress=progress)
    return parts[0] if parts else sparse.csr_matrix((n_groups, n_terms))


def dp_from_sums(sums: sparse.csr_matrix, freq: sparse.csr_matrix) -> sparse.csr_matrix:
    """DP = (1 + sum) / 2, clipped to [0, 1], at the cells where ``freq`` > 0 (a csr like ``freq``)."""
    freq = freq.tocsr()
    freq.sort_indices()
    rows = np.repeat(np.arange(freq.shape[0]), np.diff(freq.indptr))
    total = np.asarray(sums[rows, freq.indices]).ravel() if freq.nnz else np.zeros(0)
    return sparse.csr_matrix((np.clip(0.5 * (1.0 + total), 0.0, 1.0), freq.indices.copy(), freq.indptr.copy()),
                             shape=freq.shape)


# --------------------------------------------------------------------------- what the verbs read
def _present(index: GroupIndex, by: str, values: list, name: str) -> np.ndarray:
    """Rows of ``index.keys`` whose ``by`` value is one of ``values`` (all must occur), as
    :func:`toolkit.keyness.group_mask` checks them."""
    from toolkit.errors import ParameterError

    column = index.keys[by]
    present = set(column.dropna().unique().tolist())
    missing = [v for v in values if v not in present]
    if missing:
        shown = sorted(map(str, present))[:20]
        raise ParameterError(f"{name} {missing} not found in column {by!r}; it has {shown}"
                             + (" ..." if len(present) > 20 else ""))
    return np.flatnonzero(column.isin(values).to_numpy())


def _sum_rows(m: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    return np.asarray(m[rows].sum(axis=0)).ravel().astype(np.int64)


def target_counts(frame, by: str, targets: list, references: list | None, *, stopwords: frozenset,
                  dp: bool = True, client: Any = None, progress: bool | None = None) -> dict:
    """What :func:`toolkit.keyness` and :func:`toolkit.log_odds` read, from a lazy corpus.

    Returns ``terms``, ``target`` and ``reference`` (term frequencies; the reference is every
    other article when ``references`` is None), ``total`` (every article), ``range`` (target
    articles holding the term) and ``dp`` (Gries' DP over the target's articles; NaN where absent).
    """
    from toolkit.count.groups import group_frame

    index, table = group_terms(frame, by, stopwords=stopwords, warn=False, client=client, progress=progress)
    t_rows = _present(index, by, targets, "target")
    r_rows = None if references is None else _present(index, by, references, "reference")
    target = _sum_rows(table.freq, t_rows)
    total = table.totals()
    reference = total - target if r_rows is None else _sum_rows(table.freq, r_rows)
    size = int(table.sizes[t_rows].sum())
    freq = sparse.csr_matrix(target.reshape(1, -1))
    chosen = list(targets)

    def code_of(chunk: pd.DataFrame) -> np.ndarray:
        return np.where(group_frame(chunk, [by])[by].isin(chosen).to_numpy(), 0, -1)

    columns = list(dict.fromkeys([c for c in ("title", "text") if c in frame.columns]
                                 + [by if by in frame.columns else "date"]))
    sums = dp_sums(frame[columns], code_of, table.terms, freq, np.array([max(size, 1)]), stopwords=stopwords,
                   client=client, progress=progress) if size and dp else sparse.csr_matrix(freq.shape)
    dp = np.full(len(table.terms), np.nan)
    present = target > 0
    dp[present] = np.asarray(dp_from_sums(sums, freq)[0].todense()).ravel()[present]
    return {"terms": table.terms, "target": target, "reference": reference, "total": total,
            "range": _sum_rows(table.docs, t_rows), "dp": dp}


class TargetTerms:
    """The part of :class:`toolkit.count.terms.DocTermMatrix` that keyness and log-odds read, for a
    lazy corpus: ``totals("target")``, ``totals("reference")``, ``totals()``, ``terms``,
    ``term_index``, ``stopwords`` and ``range_dp()``."""

    def __init__(self, counts: dict, stopwords: frozenset):
        self.counts, self.stopwords, self.terms = counts, stopwords, counts["terms"]
        self.term_index = {t: i for i, t in enumerate(self.terms)}

    def totals(self, which: str | None = None) -> np.ndarray:
        return self.counts["total" if which is None else which]

    def range_dp(self) -> tuple[np.ndarray, np.ndarray]:
        return self.counts["range"], self.counts["dp"]


def lazy_target_terms(frame, by: str, targets: list, references: list | None, *, stopwords: frozenset,
                      dp: bool = True, client: Any = None, progress: bool | None = None) -> TargetTerms:
    """:func:`target_counts` wrapped as :class:`TargetTerms` (``dp=False`` skips pass 2)."""
    return TargetTerms(target_counts(frame, by, targets, references, stopwords=stopwords, dp=dp, client=client,
                                     progress=progress), stopwords)


def group_stats(frame, by, *, stopwords: frozenset, min_freq: int, client: Any = None,
                progress: bool | None = None) -> dict:
    """What :func:`toolkit.keyness_all` reads, from a lazy corpus: per group the terms it holds
    (used: corpus frequency >= min_freq), their frequencies, ranges and DP (two passes)."""
    from toolkit.count.groups import group_names

    index, table = group_terms(frame, by, stopwords=stopwords, client=client, progress=progress)
    n_groups, n_terms = len(index), len(table.terms)
    totals = table.totals()
    used = totals >= max(min_freq, 1)
    keep = sparse.diags(used.astype(np.int64), dtype=np.int64) if n_terms else None
    freq = (table.freq @ keep).tocsr() if n_terms else table.freq
    freq.eliminate_zeros()
    freq.sort_indices()
    names = group_names(by)

    def code_of(chunk: pd.DataFrame) -> np.ndarray:
        return index.codes(chunk)

    columns = list(dict.fromkeys([c for c in ("title", "text") if c in frame.columns]
                                 + [n if n in frame.columns else "date" for n in names]))
    group_size = table.sizes.astype(float)
    sums = dp_sums(frame[columns], code_of, table.terms, freq, np.maximum(group_size, 1), stopwords=stopwords,
                   client=client, progress=progress) if freq.nnz else sparse.csr_matrix(freq.shape)
    dps = dp_from_sums(sums, freq)
    docs = table.docs.tocsr()
    term_ids, freqs, ranges, dp_rows = [], [], [], []
    for g in range(n_groups):
        lo, hi = freq.indptr[g], freq.indptr[g + 1]
        present = freq.indices[lo:hi].astype(np.int64)
        term_ids.append(present)
        freqs.append(freq.data[lo:hi].astype(float))
        ranges.append(np.asarray(docs[g, present].todense()).ravel().astype(np.int64) if len(present)
                      else np.zeros(0, dtype=np.int64))
        dp_rows.append(dps.data[dps.indptr[g]:dps.indptr[g + 1]])
    return {"groups": index, "terms": table.terms, "totals": totals, "used": used, "group_size": group_size,
            "total_size": float(table.sizes.sum() + table.rest_size), "term_ids": term_ids, "freqs": freqs,
            "ranges": ranges, "dps": dp_rows}
