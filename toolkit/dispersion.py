"""Dispersion of terms over the articles of a corpus (or of each group).

The corpus parts are the articles. ``dispersion`` gives frequency, range, Juilland's
D, DP and DPnorm per term; ``term_positions`` gives the token positions a dispersion
("barcode") plot draws, as AntConc's Plot tool.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. International
    Journal of Corpus Linguistics 13(4), 403-437.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and
    adjusted frequencies in corpora". IJCL 17(1), 147-149.
Juilland, A. & Chang-Rodriguez, E. (1964). Frequency Dictionary of Spanish Words.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit.stats.dispersion import deviation_of_proportions, juilland_d
from toolkit.collocations import _node_patterns
from toolkit.errors import ParameterError, check_columns
from toolkit.text.tokens import _TOKEN_RE, _prepare, doc_term_matrix, group_codes, normalize_token

__all__ = ["dispersion", "term_positions"]


def _terms_list(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    terms = list(terms) if isinstance(terms, Iterable) else None
    if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ParameterError("`terms` must be a word or a non-empty list of words / wildcard patterns")
    return terms


def _term_columns(terms: list[str], vocab: np.ndarray) -> list[np.ndarray]:
    cols = []
    for t in terms:
        pats, _ = _node_patterns(t)
        rx = re.compile("(?:" + "|".join(pats) + ")")
        cols.append(np.flatnonzero([rx.fullmatch(v) is not None for v in vocab]))
    return cols


def dispersion(articles: pd.DataFrame, terms: str | Iterable[str],
               by: str | list[str] | None = None, *,
               stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Frequency, range, Juilland's D, DP and DPnorm of terms over articles.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table; each article is one corpus part. Articles without any word
        token are not parts (a part of size 0 has no relative frequency).
    terms : str or list of str
        Words or wildcard patterns (``escalat*``); a pattern is one row, counting all
        terms it matches.
    by : str or list of str, optional
        Grouping columns: dispersion over the articles of each group.
    stopwords : bool or iterable of str, default False
        Remove stop words before counting (part sizes then exclude them).

    Returns
    -------
    pandas.DataFrame
        One row per (group,) term, in the order given: the ``by`` columns, ``term``
        (str, as given), ``freq`` (int64), ``range`` (int64, articles containing it),
        ``parts`` (int64, articles in the group), ``juilland_d`` (float, 1 = even),
        ``dp`` (float, 0 = even), ``dp_norm`` (float, DP / (1 - smallest part share)).
        D, DP and DPnorm are NaN for a term that does not occur.

    Raises
    ------
    ParameterError
        Empty or invalid ``terms``; unknown columns.

    References
    ----------
    Gries (2008) for DP and for D with unequal parts; Lijffijt & Gries (2012) for
    DPnorm; Juilland & Chang-Rodriguez (1964).

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["war and peace", "war", "peace talks"]})
    >>> dispersion(arts, ["war"])[["term", "freq", "range", "dp"]].round(3).values.tolist()
    [['war', 2, 2, 0.333]]
    """
    if not isinstance(articles, pd.DataFrame):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    check_columns(articles, ["text"])
    terms = _terms_list(terms)
    dtm = doc_term_matrix(articles, stopwords=stopwords)
    codes, keys = group_codes(articles, by)
    cols = _term_columns(terms, dtm.terms)
    counts = np.column_stack([np.asarray(dtm.matrix[:, c].sum(axis=1)).ravel() for c in cols])
    sizes = dtm.doc_sizes
    rows = []
    for g in range(len(keys)):
        part = (codes == g) & (sizes > 0)
        v, s = counts[part].astype(float), sizes[part].astype(float)
        if len(s):
            dp, dpn = deviation_of_proportions(v, s)
            d = juilland_d(v, s)
        else:
            dp = dpn = d = np.full(len(terms), np.nan)
        for i, t in enumerate(terms):
            row = {} if by is None else keys.iloc[g].to_dict()
            row.update({"term": t, "freq": int(v[:, i].sum()), "range": int((v[:, i] > 0).sum()),
                        "parts": int(part.sum()), "juilland_d": d[i], "dp": dp[i],
                        "dp_norm": dpn[i]})
            rows.append(row)
    out = pd.DataFrame(rows)
    for c in ([] if by is None else ([by] if isinstance(by, str) else by)):
        if isinstance(articles[c].dtype, pd.CategoricalDtype):
            out[c] = pd.Categorical(out[c], categories=articles[c].cat.categories)
    out.attrs.update({"statistic": "dispersion", "by": by, "terms": terms})
    return out


def term_positions(articles: pd.DataFrame, terms: str | Iterable[str], *,
                   stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Token positions of terms, within each article and across the corpus (in row order).

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``doc_id`` used when present, else the row number).
    terms : str or list of str
        Words or wildcard patterns, as in :func:`dispersion`.
    stopwords : bool or iterable of str, default False
        Remove stop words (they then take no position).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence: ``term`` (str, the pattern given), ``token`` (str, the
        token matched), ``doc_id`` (str), ``position`` (int64, token index in the
        article), ``corpus_position`` (int64, token index across all articles in row
        order). ``attrs["corpus_size"]`` is the total token count and
        ``attrs["doc_starts"]`` the corpus position where each article starts.
    """
    if not isinstance(articles, pd.DataFrame):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    check_columns(articles, ["text"])
    terms = _terms_list(terms)
    from toolkit.text.tokens import _stopword_set

    stop = _stopword_set(stopwords)
    regexes = []
    for t in terms:
        pats, _ = _node_patterns(t)
        regexes.append(re.compile("(?:" + "|".join(pats) + ")"))
    doc_ids = (articles["doc_id"].astype(str).tolist() if "doc_id" in articles
               else [str(i) for i in range(len(articles))])
    rows, starts, offset = [], [], 0
    for doc_id, text in zip(doc_ids, articles["text"].tolist()):
        starts.append(offset)
        toks = [normalize_token(r) for r in _TOKEN_RE.findall(_prepare(text if isinstance(text, str) else ""))]
        toks = [t for t in toks if t is not None and t not in stop]
        for pos, tok in enumerate(toks):
            for t, rx in zip(terms, regexes):
                if rx.fullmatch(tok):
                    rows.append((t, tok, doc_id, pos, offset + pos))
        offset += len(toks)
    out = pd.DataFrame(rows, columns=["term", "token", "doc_id", "position", "corpus_position"])
    out[["position", "corpus_position"]] = out[["position", "corpus_position"]].astype(np.int64)
    out.attrs.update({"corpus_size": offset, "doc_starts": starts, "terms": terms})
    return out
