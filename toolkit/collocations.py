"""Window collocates of a node (any pattern the matcher takes), per group.

What is counted
---------------
The node is anything :func:`toolkit.match.patterns.resolve` takes (a word, ``escalat*``,
``U.S.``, ``boots on the ground``, ``frames:escalation``, a lexicon, a list): its occurrences are
the matches :func:`toolkit.hits` lists for it (within units, titles included; ``f_node`` equals the
number of those rows). Positions are the words of :mod:`toolkit.text.tokens` (stop words, when
removed, take no position). A node occurrence occupies the words it overlaps (a phrase several,
``U.S.`` one, a match overlapping no word, such as ``2024``, none); its window is the ``left``
words before its first word and the ``right`` words after its last word, **in the same unit**
(sentence by default): windows never cross a unit boundary.

The 2×2 table of each (node, collocate) pair counts word positions of the group, each position
once (Evert 2008's window-based table, with overlapping windows merged)::

                         collocate                 other word
    in a node window     f_joint                   f_window - f_joint          | f_window
    elsewhere            f_collocate - f_joint     n - f_window - f_collocate  | n - f_window
                                                     + f_joint
                         f_collocate               n - f_collocate             | n

- ``f_window``: positions inside at least one window of a node occurrence (a position in two
  overlapping windows counts once; the node's own words are inside only another occurrence's
  window), so ``f_window <= f_node × (left + right)``;
- ``f_joint``: those positions holding the collocate, so ``f_joint <= f_collocate`` and
  ``f_joint <= f_window``: every cell is a count of positions and never negative;
- ``f_collocate``: the collocate's frequency in the group; ``n``: the words of the group.

All scores (:func:`toolkit.stats.association.collocation_scores`: ``g2``, ``pmi``, ``mi3``, ``t``,
``dice``, ``log_dice``, ``delta_p``) read this one table. It is NLTK's bigram table when
``left=0, right=1``: ``f_joint`` is then the number of bigrams (node, collocate) inside a unit,
``f_window`` the number of bigrams that start with the node, and ``g2`` equals
``BigramAssocMeasures.likelihood_ratio(f_joint, (f_window, f_collocate), n)``. For wider windows
NLTK's ``BigramCollocationFinder`` counts word pairs instead of positions (a word in two windows
twice) and divides the joint count by ``window_size - 1``; here windows are merged, so the table
stays a table of positions.

References
----------
Brezina, V., McEnery, T. & Wattam, S. (2015). Collocations in context. IJCL 20(2), 139-173.
Evert, S. (2008). Corpora and collocations. Corpus Linguistics. An International Handbook, art. 58.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.count.distributed import check_client
from toolkit.count.engine import Engine, check_engine, run_chunks
from toolkit.count.groups import GroupIndex
from toolkit.count.terms import article_texts, chunk_term_counts, merge_vocabularies
from toolkit.count.units import LiteralFilter, chunk_units, frame_columns, match_units
from toolkit.framing import check_articles
from toolkit.errors import ParameterError, check_choice
from toolkit.match.matcher import compile_matcher
from toolkit.match.patterns import label, resolve
from toolkit.stats.association import COLLOCATION_MEASURES, collocation_scores
from toolkit.text.segment import Unit
from toolkit.text.tokens import fold, stopword_set
from toolkit.text.tokens import tokens as word_tokens

__all__ = ["collocates", "MEASURES", "COLLOCATE_COLUMNS", "Measure"]

MEASURES = COLLOCATION_MEASURES
Measure = Literal["g2", "pmi", "mi3", "t", "dice", "log_dice", "delta_p"]
COLLOCATE_COLUMNS = ["collocate", "f_node", "f_window", "f_collocate", "f_joint", "n", *MEASURES, "direction"]


def _windows(text: str, starts: np.ndarray, ends: np.ndarray, stop: frozenset, left: int, right: int) -> list[str]:
    """The terms at the window positions of node matches ``[starts, ends)`` in one unit's text."""
    toks = word_tokens(text, stopwords=stop)
    n = len(toks)
    if n == 0:
        return []
    lo = np.searchsorted(toks.end, starts, side="right")     # first word the match overlaps
    hi = np.searchsorted(toks.start, ends, side="left") - 1  # last word (lo > hi: none)
    mark = np.zeros(n + 1, dtype=np.int64)
    for a, b in ((np.maximum(lo - left, 0), lo - 1), (hi + 1, np.minimum(hi + right, n - 1))):
        ok = a <= b
        np.add.at(mark, a[ok], 1)
        np.add.at(mark, b[ok] + 1, -1)
    return [toks.term[i] for i in np.flatnonzero(np.cumsum(mark)[:n] > 0).tolist()]


def _chunk(chunk: pd.DataFrame, matcher, keys: LiteralFilter, groups: GroupIndex, stop: frozenset, cache: dict,
           left: int, right: int, unit: str) -> tuple:
    """Counts of one chunk: (terms, group × term counts, group × term joint, f_node, f_window, node terms)."""
    codes = groups.codes(chunk)
    n_groups = len(groups)
    terms, per_doc = chunk_term_counts(article_texts(chunk), stop, cache)
    inside = np.flatnonzero(codes >= 0)
    to_group = sparse.csr_matrix((np.ones(len(inside), dtype=np.int64), (codes[inside], inside)),
                                 shape=(n_groups, len(codes)))
    group_terms = (to_group @ per_doc).tocoo()
    titles, texts = frame_columns(chunk)
    units = chunk_units(titles, texts, unit, only=keys.may_match(titles, texts) & (codes >= 0))
    found = match_units(matcher, units)
    g_of = codes[units.article[found.unit]]
    f_node = np.bincount(g_of, minlength=n_groups)
    f_window = np.zeros(n_groups, dtype=np.int64)
    index = {t: i for i, t in enumerate(terms)}
    joint_g, joint_t, node_terms = [], [], set()
    starts, ends = found.start - units.start[found.unit], found.end - units.start[found.unit]
    bounds = np.flatnonzero(np.r_[True, found.unit[1:] != found.unit[:-1]]) if len(found) else found.unit
    for a, b in zip(bounds.tolist(), np.r_[bounds[1:], len(found)].tolist()):
        k = int(found.unit[a])
        text = units.text(k)
        node_terms.update(fold(text[x:y]) for x, y in zip(starts[a:b].tolist(), ends[a:b].tolist()))
        window = _windows(text, starts[a:b], ends[a:b], stop, left, right)
        g = int(g_of[a])
        f_window[g] += len(window)
        joint_t += [index[t] for t in window]
        joint_g += [g] * len(window)
    joint = sparse.coo_matrix((np.ones(len(joint_t), dtype=np.int64), (joint_g, joint_t)),
                              shape=(n_groups, len(terms)))
    return terms, group_terms, joint, f_node, f_window, node_terms


def _merge(parts: list, n_groups: int) -> tuple:
    """Sum the chunks' counts under one vocabulary."""
    vocab, luts = merge_vocabularies(p[0] for p in parts)

    def stack(k: int) -> sparse.csr_matrix:
        rows = [p[k].row for p in parts]
        cols = [lut[p[k].col] for p, lut in zip(parts, luts)]
        data = [p[k].data for p in parts]
        cat = (lambda x: np.concatenate(x)) if parts else (lambda x: np.zeros(0, dtype=np.int64))
        return sparse.csr_matrix((cat(data), (cat(rows), cat(cols))), shape=(n_groups, len(vocab)))

    zeros = np.zeros(n_groups, dtype=np.int64)
    return (vocab, stack(1), stack(2), sum((p[3] for p in parts), zeros), sum((p[4] for p in parts), zeros),
            sorted(set().union(*(p[5] for p in parts))))


def collocates(articles: pd.DataFrame, node, *, left: int = 5, right: int = 5, unit: Unit = "sentence",
               by: str | Sequence[str] | None = "outlet", min_freq: int = 3, stopwords: bool | Iterable[str] = False,
               sort_by: Measure = "log_dice", engine: Engine = "local", jobs: int | None = None,
               progress: bool | None = None, client=None) -> pd.DataFrame:
    """Collocates of a node within windows that stay inside units, with association scores.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and the ``by`` columns).
    node : pattern, "lexicon:category", lexicon, mapping or list
        See :mod:`toolkit.match.patterns`: ``"escalation"``, ``"escalat*"``, ``"U.S."``, ``"boots
        on the ground"``, ``"frames:escalation"``, ... (all categories together form the node).
    left, right : int, default 5
        Window size in words on each side (>= 0, not both 0).
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        Windows never cross the boundary of a unit (the title is a unit of its own).
    by : str, list of str or None, default "outlet"
        Grouping; scores are computed within each group.
    min_freq : int, default 3
        Keep collocates with ``f_joint >= min_freq`` (and at least 1).
    stopwords : bool or iterable of str, default False
        Remove stop words from the word stream before windows are taken.
    sort_by : {"g2", "pmi", "mi3", "t", "dice", "log_dice", "delta_p"}, default "log_dice"
        Sort order (descending) within each group.
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus (``load_corpus(..., lazy=True)``) is counted on a ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        One row per (group,) collocate: the ``by`` columns, then ``collocate`` (str), ``f_node``,
        ``f_window``, ``f_collocate``, ``f_joint``, ``n`` (int64; see the module docstring),
        ``g2``, ``pmi``, ``mi3``, ``t``, ``dice``, ``log_dice``, ``delta_p`` (float), ``direction``
        (``"+"``: ``f_joint`` above the expected ``f_window × f_collocate / n``, the collocate is
        attracted; ``"-"``: repelled, which ``g2`` alone does not show).
        ``attrs["parameters"]`` records the call; ``attrs["node_terms"]`` lists the node's
        matched forms (folded) and ``attrs["node_frequency"]`` its matches in all groups.

    Raises
    ------
    ParameterError
        Invalid ``node``, window, ``min_freq``, ``sort_by``, engine options or columns; a node
        that matches nothing in the corpus.

    References
    ----------
    Brezina, McEnery & Wattam (2015) and Evert (2008) for window counting; Dunning (1993)
    ``g2``; Church & Hanks (1990) ``pmi``; Daille (1994) ``mi3``; Rychlý (2008) ``log_dice``;
    Gries (2013) ``delta_p``. See :func:`toolkit.stats.association.collocation_scores`.

    Examples
    --------
    >>> arts = pd.DataFrame({"doc_id": ["d"], "title": [""],
    ...                      "text": ["Risk of escalation grew. Escalation risk fell."]})
    >>> collocates(arts, "escalat*", left=1, right=1, by=None, min_freq=1)[["collocate", "f_joint"]].values.tolist()
    [['grew', 1], ['of', 1], ['risk', 1]]
    """
    names = check_articles(articles, by, unit=unit, columns=["text"])
    for name, value in (("left", left), ("right", right), ("min_freq", min_freq)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParameterError(f"`{name}` value = {value!r} is invalid; must be an integer >= 0")
    if left + right == 0:
        raise ParameterError("`left` and `right` cannot both be 0")
    check_choice("sort_by", sort_by, MEASURES)
    check_engine(engine, jobs, progress)
    check_client(client)
    lex = resolve(node, argument="node")
    matcher = compile_matcher([lex])
    stop = stopword_set(stopwords)
    groups = GroupIndex.of(articles, by, client=client)
    cache: dict = {}
    columns = list(dict.fromkeys(c for c in ["title", "text", *groups.names, "date"] if c in articles.columns))
    keys = LiteralFilter(lex)
    parts = run_chunks(articles[columns], lambda c: _chunk(c, matcher, keys, groups, stop, cache, left, right, unit),
                       engine=engine, jobs=jobs, progress=progress, desc="collocates", client=client)
    vocab, group_terms, joint, f_node, f_window, node_terms = _merge(parts, len(groups))
    if f_node.sum() == 0:
        raise ParameterError(f"`node` {label(node)!r} matches nothing in the corpus")
    joint = joint.tocoo()
    keep = joint.data >= max(min_freq, 1)
    grp, col, f_joint = joint.row[keep], joint.col[keep], joint.data[keep]
    n_words = np.asarray(group_terms.sum(axis=1)).ravel()
    table = groups.keys.iloc[grp].reset_index(drop=True) if names else pd.DataFrame(index=range(len(grp)))
    table["collocate"] = pd.array(vocab[col].astype(str) if len(col) else np.array([], dtype=str), dtype="str")
    table["f_node"] = f_node[grp].astype(np.int64)
    table["f_window"] = f_window[grp].astype(np.int64)
    table["f_collocate"] = np.asarray(group_terms[grp, col]).ravel().astype(np.int64) if len(grp) \
        else np.zeros(0, dtype=np.int64)
    table["f_joint"] = f_joint.astype(np.int64)
    table["n"] = n_words[grp].astype(np.int64)
    scores = collocation_scores(table["f_joint"], table["f_window"], table["f_collocate"], table["n"])
    for m in MEASURES:
        table[m] = scores[m]
    # g2 and dice do not say whether the collocate is attracted or repelled; pmi, t and delta_p do
    expected = table["f_window"].to_numpy(dtype=float) * table["f_collocate"].to_numpy(dtype=float) \
        / np.maximum(table["n"].to_numpy(dtype=float), 1)
    table["direction"] = pd.array(np.where(table["f_joint"].to_numpy() > expected, "+", "-"), dtype="str")
    table = table.sort_values([*names, sort_by, "collocate"], ascending=[True] * len(names) + [False, True],
                              kind="mergesort").reset_index(drop=True)
    table.attrs["parameters"] = {"node": label(node), "left": left, "right": right, "unit": unit, "by": names,
                                 "min_freq": min_freq, "stopwords": bool(stop), "sort_by": sort_by}
    table.attrs["node_terms"] = node_terms
    table.attrs["node_frequency"] = int(f_node.sum())
    return table
