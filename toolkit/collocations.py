"""Window collocates of a node (word, wildcard pattern or lexicon category), per group.

How windows are counted (as #LancsBox; Brezina, McEnery & Wattam 2015)
----------------------------------------------------------------------
Tokens are those of :mod:`toolkit.text.tokens` (numbers, and stop words when removed, take
no position). For every occurrence of the node, its window is the ``left`` tokens
before and the ``right`` tokens after it **in the same sentence**
(:func:`toolkit.text.sentences.sentence_spans`): windows never cross a sentence boundary.

- ``f_joint``: each token in the window of each node occurrence counts once for that
  occurrence. Windows of two nearby node occurrences are counted independently, so a
  token lying in both windows counts twice, and a node occurrence inside another's
  window counts as a collocate (the node word can be its own collocate).
- ``f_node``: the corpus frequency of the node (all terms the node matches), and
  ``f_collocate`` the corpus frequency of the collocate, in the group.
- ``n``: the number of tokens in the group.

With ``left=0, right=1`` this is the bigram contingency: ``f_joint`` = times the
collocate directly follows the node inside a sentence, and ``ll`` equals NLTK's
``BigramAssocMeasures.likelihood_ratio(f_joint, (f_node, f_collocate), n)``.
The scores (``ll``, ``mi``, ``mi3``, ``t``, ``dice``, ``log_dice``, ``delta_p``) are
defined in :func:`toolkit.stats.corpus_stats.collocation_scores`; as in Sketch Engine and
#LancsBox the expected frequency carries no window-size factor.
"""
from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.stats.association import COLLOCATION_MEASURES, collocation_scores
from toolkit.errors import ParameterError, check_columns, check_choice
from toolkit.count.parallel import map_slices
from toolkit.text.tokens import (PARALLEL_MIN_CHARS, _TOKEN_RE, _prepare, _stopword_set, _texts_of,
                            group_codes, map_chunks, merge_vocabularies, normalize_token)

__all__ = ["collocates", "node_terms", "MEASURES", "COLLOCATE_COLUMNS"]

MEASURES = COLLOCATION_MEASURES
COLLOCATE_COLUMNS = ["collocate", "f_node", "f_collocate", "f_joint", "n", *MEASURES]
#: Node articles per window-counting slice (slices run in parallel on big corpora).
_WINDOW_DOCS = 500
_SINGLE = re.compile(r"[\w*]+(?:[-'.][\w*]+)*")


def _pattern_regex(pattern: str) -> str | None:
    """Regex for one single-token pattern (``*`` = any characters inside the token).

    Returns None for a multi-word pattern.
    """
    p = _prepare(pattern.strip())
    if not _SINGLE.fullmatch(p):
        return None
    if p.endswith("'s") and len(p) > 2:  # the tokenizer drops the clitic 's
        p = p[:-2]
    return ".*".join(re.escape(part) for part in p.split("*"))


def _node_patterns(node: Any) -> tuple[list[str], str]:
    """Single-token patterns of a node specification, and a label for it."""
    if isinstance(node, str) and ":" in node:
        lex_name, category = node.split(":", 1)
        return _category_patterns(lex_name, category), node
    if isinstance(node, tuple) and len(node) == 2:
        lex, category = node
        pats = _category_patterns(lex, category)
        return pats, f"{getattr(lex, 'name', lex)}:{category}"
    if isinstance(node, str):
        node_list = [node]
    elif isinstance(node, Iterable) and not isinstance(node, (bytes, dict)):
        node_list = list(node)
    else:
        raise ParameterError(f"`node` value = {node!r} is invalid; must be a word, a wildcard "
                             "pattern, a list of them, 'lexicon:category' or (lexicon, category)")
    if not node_list or not all(isinstance(w, str) and w.strip() for w in node_list):
        raise ParameterError(f"`node` value = {node!r} is invalid; words must be non-empty strings")
    out = []
    for w in node_list:
        rx = _pattern_regex(w)
        if rx is None:
            raise ParameterError(f"`node` pattern {w!r} is not a single token; collocation nodes "
                                 "are single words or wildcard patterns such as 'escalat*'")
        out.append(rx)
    return out, node if isinstance(node, str) else "|".join(node_list)


def _category_patterns(lexicon: Any, category: str) -> list[str]:
    from toolkit.match.lexicon import load_lexicon

    lex = load_lexicon(lexicon)
    if category not in lex.categories:
        raise ParameterError(f"category {category!r} not found in lexicon {lex.name!r}; "
                             f"it has {lex.categories}")
    rows = lex.entries[lex.entries["category"] == category]
    if "exclude" in rows:
        # stop phrases ("Washington Post") only block matches in running text; not nodes
        rows = rows[~rows["exclude"].astype(bool)]
    out, skipped = [], []
    for pat, cased in zip(rows["pattern"], rows["case_sensitive"]):
        rx = None if cased else _pattern_regex(pat)
        if rx is None:
            skipped.append(pat)
        else:
            out.append(rx)
    if skipped:
        # Tokens are lowercased single words: case-sensitive entries (US vs us) and
        # multi-word patterns cannot be matched on them.
        warnings.warn(f"node {lex.name}:{category}: skipped {len(skipped)} multi-word or "
                      f"case-sensitive pattern(s) {skipped[:5]}", UserWarning, stacklevel=3)
    if not out:
        raise ParameterError(f"category {category!r} of lexicon {lex.name!r} has no single-word, "
                             "case-insensitive pattern usable as a collocation node")
    return out


def node_terms(node: Any, terms: Iterable[str]) -> list[str]:
    """The terms among ``terms`` that ``node`` matches (see :func:`collocates`)."""
    pats, _ = _node_patterns(node)
    rx = re.compile("(?:" + "|".join(pats) + ")")
    return [t for t in terms if rx.fullmatch(t)]


def collocates(articles: pd.DataFrame, node: Any, left: int = 5, right: int = 5,
               by: str | list[str] | None = None, *, min_freq: int = 3,
               stopwords: bool | Iterable[str] = False, sort_by: str = "log_dice") -> pd.DataFrame:
    """Collocates of a node within sentence-bounded windows, with association scores.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text`` and the ``by`` columns are used).
    node : str, list of str, or (lexicon, category)
        A word (``"escalation"``), a wildcard pattern (``"escalat*"``, ``*`` = any
        characters inside one token), a list of them, ``"lexicon:category"``
        (``"frames:escalation"``) or a ``(lexicon, category)`` pair, the lexicon given
        as anything :func:`toolkit.match.lexicon.load_lexicon` accepts. Nodes are single
        tokens: multi-word and case-sensitive lexicon patterns are skipped with a
        warning; given directly, a multi-word pattern raises.
    left, right : int, default 5
        Window size in tokens on each side (>= 0, not both 0).
    by : str or list of str, optional
        Grouping columns; scores are computed within each group.
    min_freq : int, default 3
        Keep collocates with ``f_joint >= min_freq``.
    stopwords : bool or iterable of str, default False
        Remove stop words from the token stream before windows are taken.
    sort_by : str, default "log_dice"
        One of ``ll, mi, mi3, t, dice, log_dice, delta_p``: sort order (descending)
        within each group.

    Returns
    -------
    pandas.DataFrame
        One row per (group,) collocate: the ``by`` columns, then ``collocate`` (str),
        ``f_node``, ``f_collocate``, ``f_joint``, ``n`` (int64; see the module
        docstring), ``ll``, ``mi``, ``mi3``, ``t``, ``dice``, ``log_dice``,
        ``delta_p`` (float). ``attrs`` holds the parameters and ``node_terms`` (the
        terms the node matched).

    Raises
    ------
    ParameterError
        Invalid ``node``, window, ``min_freq``, ``sort_by`` or columns; a node that
        matches no token of the corpus.

    References
    ----------
    Brezina, McEnery & Wattam (2015) for window counting; Dunning (1993) ``ll``;
    Church & Hanks (1990) ``mi``; Daille (1994) ``mi3``; Rychly (2008) ``log_dice``;
    Gries (2013) ``delta_p``. See :func:`toolkit.stats.corpus_stats.collocation_scores`.

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["Risk of escalation grew. Escalation risk fell."]})
    >>> collocates(arts, "escalat*", 1, 1, min_freq=1)[["collocate", "f_joint"]].values.tolist()
    [['grew', 1], ['of', 1], ['risk', 1]]
    """
    if not isinstance(articles, pd.DataFrame):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    check_columns(articles, ["text"])
    for name, value in (("left", left), ("right", right), ("min_freq", min_freq)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParameterError(f"`{name}` value = {value!r} is invalid; must be an integer >= 0")
    if left + right == 0:
        raise ParameterError("`left` and `right` cannot both be 0")
    check_choice("sort_by", sort_by, MEASURES)
    patterns, label = _node_patterns(node)
    from toolkit.text.sentences import sentence_spans

    stop = _stopword_set(stopwords)
    texts = _texts_of(articles)
    codes, keys = group_codes(articles, by)
    n_groups = len(keys)
    node_rx = re.compile("(?:" + "|".join(patterns) + ")")
    big = sum(map(len, texts)) > PARALLEL_MIN_CHARS
    jobs = min(2, os.cpu_count() or 1) if big else 1

    # One counting pass, no document x term matrix: each chunk is reduced in its worker
    # to group x term counts and the number of node tokens per article.
    def reduce(start: int, terms: list[str], m: sparse.csr_matrix):
        c = codes[start:start + m.shape[0]]
        inside = np.flatnonzero(c >= 0)
        to_group = sparse.csr_matrix((np.ones(len(inside), dtype=np.int64), (c[inside], inside)),
                                     shape=(n_groups, m.shape[0]))
        is_node = np.fromiter((node_rx.fullmatch(t) is not None for t in terms), dtype=bool,
                              count=len(terms))
        node_per_doc = np.asarray(m[:, np.flatnonzero(is_node)].sum(axis=1)).ravel()
        return terms, (to_group @ m).tocoo(), node_per_doc

    parts = map_chunks(texts, reduce, stopwords=stop, processes=jobs)
    vocab, luts = merge_vocabularies(p[0] for p in parts)
    n_terms = len(vocab)
    cat = np.concatenate
    group_terms = sparse.csr_matrix(
        (cat([gm.data for _, gm, _ in parts]) if parts else np.zeros(0, dtype=np.int64),
         (cat([gm.row for _, gm, _ in parts]) if parts else np.zeros(0, dtype=np.int64),
          cat([lut[gm.col] for (_, gm, _), lut in zip(parts, luts)]) if parts else np.zeros(0, dtype=np.int64))),
        shape=(n_groups, n_terms))
    node_per_doc = cat([npd for _, _, npd in parts]) if parts else np.zeros(0, dtype=np.int64)
    del parts
    is_node = np.fromiter((node_rx.fullmatch(t) is not None for t in vocab), dtype=bool,
                          count=n_terms)
    if not is_node.any():
        raise ParameterError(f"`node` {label!r} matches no token of the corpus")
    ok = codes >= 0
    f_node = np.asarray(group_terms[:, np.flatnonzero(is_node)].sum(axis=1)).ravel()
    n_tokens = np.asarray(group_terms.sum(axis=1)).ravel()

    # Windows: only articles that contain the node are re-read, sentence by sentence.
    index = {t: i for i, t in enumerate(vocab)}
    offsets = [k for k in range(-left, right + 1) if k != 0]
    node_docs = np.flatnonzero((node_per_doc > 0) & ok)

    def windows(a: int, b: int) -> np.ndarray:
        cache: dict[str, int] = {}
        joint_keys = []
        for doc in node_docs[a:b]:
            text = texts[doc]
            ids, sent = [], []
            for s_no, (s, e) in enumerate(sentence_spans(text)):
                for raw in _TOKEN_RE.findall(_prepare(text[s:e])):
                    tid = cache.get(raw)
                    if tid is None:
                        term = normalize_token(raw)
                        tid = -1 if term is None or term in stop else index.get(term, -1)
                        cache[raw] = tid
                    if tid >= 0:
                        ids.append(tid)
                        sent.append(s_no)
            ids_a, sent_a = np.asarray(ids, dtype=np.int64), np.asarray(sent, dtype=np.int64)
            pos = np.flatnonzero(is_node[ids_a])
            for k in offsets:
                j = pos + k
                inside = (j >= 0) & (j < len(ids_a))
                j, p = j[inside], pos[inside]
                j = j[sent_a[j] == sent_a[p]]
                if len(j):
                    joint_keys.append(codes[doc] * n_terms + ids_a[j])
        return cat(joint_keys) if joint_keys else np.zeros(0, dtype=np.int64)

    found = map_slices(windows, len(node_docs), jobs=jobs if len(node_docs) >= 2 * _WINDOW_DOCS else 1,
                       chunk_size=_WINDOW_DOCS, progress=False)
    if found:
        uniq, f_joint = np.unique(cat(found), return_counts=True)
    else:
        uniq, f_joint = np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    keep = f_joint >= max(min_freq, 1)
    uniq, f_joint = uniq[keep], f_joint[keep]
    grp, col = uniq // n_terms, uniq % n_terms
    f_coll = np.asarray(group_terms[grp, col]).ravel() if len(grp) else np.zeros(0, dtype=np.int64)

    table = keys.iloc[grp].reset_index(drop=True) if by is not None else pd.DataFrame(index=range(len(grp)))
    table["collocate"] = vocab[col].astype(str) if len(col) else np.array([], dtype=str)
    table["f_node"] = f_node[grp].astype(np.int64)
    table["f_collocate"] = np.asarray(f_coll).astype(np.int64)
    table["f_joint"] = f_joint.astype(np.int64)
    table["n"] = n_tokens[grp].astype(np.int64)
    scores = collocation_scores(table["f_joint"], table["f_node"], table["f_collocate"], table["n"])
    for m in MEASURES:
        table[m] = scores[m]
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    table = table.sort_values([*groups, sort_by, "collocate"],
                              ascending=[True] * len(groups) + [False, True],
                              kind="mergesort").reset_index(drop=True)
    table.attrs.update({"statistic": "collocates", "node": label, "left": left, "right": right,
                        "by": by, "min_freq": min_freq, "stopwords": bool(stop),
                        "node_terms": vocab[is_node].astype(str).tolist(), "sort_by": sort_by})
    return table
