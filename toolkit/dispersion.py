"""Dispersion of patterns over the articles of a corpus (or of each group).

The corpus parts are the articles, their sizes their words (:mod:`toolkit.text.tokens`, titles
included). A pattern's frequency in a part is its number of matches there (the rows of
:func:`toolkit.hits` for it), so any pattern works: ``escalat*``, ``U.S.``, a phrase, a lexicon
category. ``dispersion`` gives frequency, range, Juilland's D, DP and DPnorm; ``term_positions``
the word positions a dispersion ("barcode") plot draws, as AntConc's Plot tool.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. IJCL 13(4), 403-437.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted
    frequencies in corpora". IJCL 17(1), 147-149.
Juilland, A. & Chang-Rodriguez, E. (1964). Frequency Dictionary of Spanish Words.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from toolkit.count.distributed import check_client
from toolkit.count.engine import Engine, check_engine, run_chunks
from toolkit.count.groups import GroupIndex
from toolkit.count.terms import article_texts, chunk_term_counts
from toolkit.count.units import LiteralFilter, chunk_units, frame_columns, match_units
from toolkit.framing import check_articles
from toolkit.match.matcher import compile_matcher
from toolkit.match.patterns import label, resolve
from toolkit.stats.dispersion import deviation_of_proportions, juilland_d
from toolkit.text.segment import Unit
from toolkit.text.tokens import stopword_set
from toolkit.text.tokens import tokens as word_tokens

__all__ = ["dispersion", "term_positions", "DISPERSION_COLUMNS"]

DISPERSION_COLUMNS = ["category", "freq", "range", "parts", "juilland_d", "dp", "dp_norm"]


def _chunk(chunk: pd.DataFrame, matcher, keys: LiteralFilter, n_categories: int, unit: str, stop: frozenset,
           cache: dict):
    """(matches per article × category, words per article) of one chunk."""
    titles, texts = frame_columns(chunk)
    units = chunk_units(titles, texts, unit, only=keys.may_match(titles, texts))
    found = match_units(matcher, units)
    counts = np.zeros((len(chunk), n_categories), dtype=np.int64)
    np.add.at(counts, (units.article[found.unit], found.category), 1)
    _, per_doc = chunk_term_counts(article_texts(chunk), stop, cache)
    return counts, np.asarray(per_doc.sum(axis=1)).ravel().astype(np.int64)


def dispersion(articles: pd.DataFrame, what, *, unit: Unit = "sentence",
               by: str | Sequence[str] | None = "outlet", stopwords: bool | Iterable[str] = False,
               engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
               client=None) -> pd.DataFrame:
    """Frequency, range, Juilland's D, DP and DPnorm of patterns over articles.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and the ``by`` columns); each article is
        one corpus part. Articles without words are not parts (a part of size 0 has no relative
        frequency).
    what : pattern, "lexicon:category", lexicon, mapping or list
        See :mod:`toolkit.match.patterns`; one row per category (a list of patterns gives one
        category per pattern, named by it).
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        Matching runs within units, as in :func:`toolkit.hits`.
    by : str, list of str or None, default "outlet"
        Grouping: dispersion over the articles of each group.
    stopwords : bool or iterable of str, default False
        Remove stop words from the part sizes.
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus is counted on a ``dask.distributed`` client; the per-article match counts and
        sizes (numbers, not text) come back.

    Returns
    -------
    pandas.DataFrame
        One row per (group,) category, in the order given: the ``by`` columns, ``category`` (str),
        ``freq`` (int64, matches), ``range`` (int64, articles with a match), ``parts`` (int64,
        articles with words in the group), ``juilland_d`` (float, 1 = even), ``dp`` (float, 0 =
        even), ``dp_norm`` (float, DP / (1 - smallest part share)). D, DP and DPnorm are NaN for a
        category without a match (and D for a group of one part). No article: no row.
        ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        An invalid pattern, unknown columns, invalid options.

    References
    ----------
    Gries (2008) for DP and for D with unequal parts; Lijffijt & Gries (2012) for DPnorm;
    Juilland & Chang-Rodriguez (1964).

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["war and peace", "war", "peace talks"]})
    >>> dispersion(arts, "war", by=None)[["category", "freq", "range", "dp"]].round(3).values.tolist()
    [['war', 2, 2, 0.333]]
    """
    names = check_articles(articles, by, unit=unit, columns=["text"])
    check_engine(engine, jobs, progress)
    check_client(client)
    lex = resolve(what, argument="what")
    matcher = compile_matcher([lex])
    stop = stopword_set(stopwords)
    groups = GroupIndex.of(articles, by, client=client)
    n_cat = len(lex.categories)
    cache: dict = {}
    columns = [c for c in ("title", "text") if c in articles.columns]
    keys = LiteralFilter(lex)
    parts = run_chunks(articles[columns], lambda c: _chunk(c, matcher, keys, n_cat, unit, stop, cache),
                       engine=engine, jobs=jobs, progress=progress, desc="dispersion", client=client)
    counts = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, n_cat), dtype=np.int64)
    sizes = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    codes = groups.codes(articles)
    rows = []
    for g in range(len(groups) if len(sizes) else 0):
        part = (codes == g) & (sizes > 0)
        v, s = counts[part].astype(float), sizes[part].astype(float)
        if len(s):
            dp, dpn = deviation_of_proportions(v, s)
            d = juilland_d(v, s)
        else:
            dp = dpn = d = np.full(n_cat, np.nan)
        for i, category in enumerate(lex.categories):
            rows.append((g, category, int(counts[codes == g, i].sum()), int((v[:, i] > 0).sum()),
                         int(part.sum()), d[i], dp[i], dpn[i]))
    out = pd.DataFrame(rows, columns=["_g", *DISPERSION_COLUMNS])
    keys = groups.keys.iloc[out["_g"].to_numpy()].reset_index(drop=True) if names else pd.DataFrame(index=out.index)
    out = pd.concat([keys, out.drop(columns="_g")], axis=1)
    out["category"] = out["category"].astype("str")
    for c in ("freq", "range", "parts"):
        out[c] = out[c].astype(np.int64)
    for c in ("juilland_d", "dp", "dp_norm"):
        out[c] = out[c].astype(float)
    out.attrs["parameters"] = {"what": label(what), "unit": unit, "by": names, "stopwords": bool(stop)}
    return out


def term_positions(articles: pd.DataFrame, what, *, unit: Unit = "sentence",
                   stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Word positions of the matches of patterns, within each article and across the corpus.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``doc_id`` used when present, else the row number).
    what : pattern, "lexicon:category", lexicon, mapping or list
        As in :func:`dispersion`.
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        Matching runs within units, as in :func:`toolkit.hits`.
    stopwords : bool or iterable of str, default False
        Remove stop words (they then take no position).

    Returns
    -------
    pandas.DataFrame
        One row per match: ``category`` (str), ``term`` (str, the match as written), ``doc_id``
        (str), ``position`` (int64, index in the article's words of the first word the match
        overlaps, or of the next word for a match that overlaps none), ``corpus_position``
        (int64, the same across all articles in row order). ``attrs["corpus_size"]`` is the
        number of words and ``attrs["doc_starts"]`` the corpus position where each article
        starts; ``attrs["categories"]`` the categories in order.
    """
    check_articles(articles, None, unit=unit, columns=["text"])
    lex = resolve(what, argument="what")
    matcher = compile_matcher([lex])
    stop = stopword_set(stopwords)
    doc_ids = (articles["doc_id"].astype(str).tolist() if "doc_id" in articles
               else [str(i) for i in range(len(articles))])
    titles, texts = frame_columns(articles)
    units = chunk_units(titles, texts, unit)
    found = match_units(matcher, units)
    # an article's words: its title's, then its text's (the words of its units, in order)
    _, per_doc = chunk_term_counts(article_texts(articles), stop)
    words = np.asarray(per_doc.sum(axis=1)).ravel().astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(words)[:-1]]).astype(np.int64)
    rows = []
    field_of = units.article[found.unit] * 2 + units.field[found.unit]
    for f_id in np.unique(field_of).tolist():
        article, field = divmod(f_id, 2)
        source = (titles, texts)[field][article]
        sel = np.flatnonzero(field_of == f_id)
        before = len(word_tokens(titles[article], stopwords=stop)) if field == 1 and isinstance(
            titles[article], str) else 0
        pos = before + np.searchsorted(word_tokens(source, stopwords=stop).end, found.start[sel], side="right")
        for i, p in zip(sel.tolist(), pos.tolist()):
            rows.append((lex.categories[found.category[i]], source[found.start[i]:found.end[i]], doc_ids[article],
                         p, starts[article] + p))
    out = pd.DataFrame(rows, columns=["category", "term", "doc_id", "position", "corpus_position"])
    out[["position", "corpus_position"]] = out[["position", "corpus_position"]].astype(np.int64)
    out.attrs.update({"corpus_size": int(words.sum()), "doc_starts": starts.tolist(),
                      "categories": list(lex.categories)})
    out.attrs["parameters"] = {"what": label(what), "unit": unit, "stopwords": bool(stop)}
    return out
