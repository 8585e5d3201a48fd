"""Word tokens and additive term counts for keyness, collocations and dispersion.

What a token is
---------------
Text is lowercased and the curly apostrophe ``’`` becomes ``'``. A token is a run
of word characters (letters, digits) that contains at least one letter; runs joined
by a single hyphen or apostrophe stay one token (``state-run``, ``covid-19``,
``don't``, ``o'brien``), and so do one-letter abbreviations with inner dots
(``U.S.`` -> ``u.s``, ``a.m.`` -> ``a.m``). Punctuation and numbers (``2024``,
``3.5``) are not tokens.

The clitic ``'s`` is split off and dropped (``Russia's`` -> ``russia``,
``it's`` -> ``it``), as the Penn Treebank convention (NLTK's ``word_tokenize``)
splits it into a token of its own that carries no content word: so that the
possessive of a name counts as the name. AntConc's default token definition splits
there too (``russia`` + ``s``); quanteda keeps ``russia's`` whole, which scatters
a name's frequency over two types. Other contractions stay whole (``don't``).

Counting
--------
Counting is one regex pass per article; normalisation (dropping number-only tokens,
the ``'s`` clitic, stop words) is applied once per distinct raw token type, not per
token. Counts are kept as a sparse document x term matrix (:class:`DocTermMatrix`)
whose rows are additive: chunks of a corpus are counted separately (in parallel for
big corpora) and stacked; group counts are sums of rows. :func:`count_terms` gives
the tidy, summable table ``(group..., term, freq)``.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import ParameterError, check_columns
from toolkit.paths import PACKAGE_DIR

__all__ = [
    "TOKEN_PATTERN", "tokenize", "normalize_token", "load_stopwords",
    "DocTermMatrix", "doc_term_matrix", "count_terms",
]

#: Raw token pattern, applied to lowercased text with ``’`` replaced by ``'``.
#: ``\.\w\b`` joins one-character segments after a dot (``u.s``, ``e.u``, ``a.m``)
#: but not ``end.The`` (a missing space) nor ``www.example.com``.
TOKEN_PATTERN = r"\w+(?:[-']\w+|\.\w\b)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_HAS_LETTER = re.compile(r"[^\W\d_]")
STOPWORDS_FILE = PACKAGE_DIR / "data" / "stopwords_en.txt"
#: Corpora with more characters than this are counted with two processes.
PARALLEL_MIN_CHARS = 20_000_000
_CHUNK_DOCS = 1000


def _prepare(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def normalize_token(raw: str) -> str | None:
    """Term for one raw regex token, or None when it is not a word token.

    Drops tokens without a letter (numbers) and splits off the clitic ``'s``.
    """
    if raw.endswith("'s") and len(raw) > 2:
        raw = raw[:-2]
    if not _HAS_LETTER.search(raw):
        return None
    return raw


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The shipped English stop-word list (``toolkit/data/stopwords_en.txt``), lowercased.

    Returns
    -------
    frozenset of str
        About 190 function words: determiners, pronouns, auxiliaries, modals,
        prepositions, conjunctions and contractions.
    """
    words = []
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return frozenset(words)


def _stopword_set(stopwords: bool | Iterable[str]) -> frozenset[str]:
    if stopwords is True:
        return load_stopwords()
    if stopwords is False or stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        raise ParameterError("`stopwords` must be True, False or a collection of words, not a string")
    return frozenset(_prepare(str(w)) for w in stopwords)


def tokenize(text: str, *, stopwords: bool | Iterable[str] = False) -> list[str]:
    """Lowercased word tokens of ``text`` (see the module docstring for the rules).

    Parameters
    ----------
    text : str
        Any text.
    stopwords : bool or iterable of str, default False
        True removes the shipped list (:func:`load_stopwords`); an iterable removes
        those words.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("Russia’s state-run TV said 3.5% of U.S. voters don't care.")
    ['russia', 'state-run', 'tv', 'said', 'of', 'u.s', 'voters', "don't", 'care']
    """
    stop = _stopword_set(stopwords)
    out = []
    for raw in _TOKEN_RE.findall(_prepare(text)):
        term = normalize_token(raw)
        if term is not None and term not in stop:
            out.append(term)
    return out


@dataclass
class DocTermMatrix:
    """Sparse counts of terms per document, the additive count table of this module.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        ``(documents, terms)`` int64 counts; row ``i`` is ``articles.iloc[i]``.
    terms : numpy.ndarray of str
        Column labels (term strings), in order of first appearance.
    stopwords : frozenset of str
        Words that were removed before counting (sizes exclude them).
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    stopwords: frozenset = field(default_factory=frozenset)
    _index: dict | None = field(default=None, repr=False)

    @property
    def doc_sizes(self) -> np.ndarray:
        """Tokens per document (int64)."""
        return np.asarray(self.matrix.sum(axis=1)).ravel().astype(np.int64)

    @property
    def term_index(self) -> dict[str, int]:
        """Mapping term -> column."""
        if self._index is None:
            self._index = {t: i for i, t in enumerate(self.terms)}
        return self._index

    def totals(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Frequency of every term over ``rows`` (a boolean mask or index array; all if None)."""
        m = self.matrix if rows is None else self.matrix[rows]
        return np.asarray(m.sum(axis=0)).ravel().astype(np.int64)

    def encode(self, raw_tokens: Sequence[str]) -> np.ndarray:
        """Column ids of raw regex tokens (-1 for non-words, stop words and unknown terms)."""
        idx = self.term_index
        out = np.full(len(raw_tokens), -1, dtype=np.int64)
        for i, raw in enumerate(raw_tokens):
            term = normalize_token(raw)
            if term is not None and term not in self.stopwords:
                out[i] = idx.get(term, -1)
        return out


def _count_chunk(texts: Sequence[str]) -> tuple[list[str], sparse.csr_matrix]:
    """Raw-type counts of a chunk: (raw types, csr documents x raw types)."""
    findall = _TOKEN_RE.findall
    toks: list[str] = []
    lens = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        found = findall(_prepare(text))
        lens[i] = len(found)
        toks += found
    if not toks:
        return [], sparse.csr_matrix((len(texts), 0), dtype=np.int64)
    codes, uniques = pd.factorize(np.array(toks, dtype=object))
    rows = np.repeat(np.arange(len(texts)), lens)
    m = sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (rows, codes)),
                          shape=(len(texts), len(uniques)))
    return list(uniques), m


def _texts_of(articles) -> list[str]:
    if isinstance(articles, pd.DataFrame):
        check_columns(articles, ["text"])
        col = articles["text"]
    else:
        col = pd.Series(list(articles), dtype=object)
    return ["" if not isinstance(t, str) else t for t in col.tolist()]


def doc_term_matrix(articles, *, stopwords: bool | Iterable[str] = False,
                    processes: int | None = None) -> DocTermMatrix:
    """Count the word tokens of every article in one pass.

    Parameters
    ----------
    articles : pandas.DataFrame or sequence of str
        An articles table (its ``text`` column is used) or the texts themselves.
    stopwords : bool or iterable of str, default False
        Remove the shipped stop-word list (True) or the given words before counting.
    processes : int, optional
        Worker processes. Default: 2 (or the CPU count, if smaller) for corpora over
        20 million characters, else 1. Chunk counts are additive, so the result does
        not depend on it.

    Returns
    -------
    DocTermMatrix
        One row per article, in order.
    """
    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int)
                                  or processes < 1):
        raise ParameterError(f"`processes` value = {processes!r} is invalid; must be an integer >= 1")
    stop = _stopword_set(stopwords)
    texts = _texts_of(articles)
    chunks = [texts[i:i + _CHUNK_DOCS] for i in range(0, len(texts), _CHUNK_DOCS)]
    if processes is None:
        big = sum(map(len, texts)) > PARALLEL_MIN_CHARS
        processes = min(2, os.cpu_count() or 1) if big else 1
    # Many small objects are created and freed: the cyclic GC only costs time here.
    enabled = gc.isenabled()
    gc.disable()
    try:
        if processes > 1 and len(chunks) > 1:
            with mp.get_context("fork").Pool(processes) as pool:
                parts = pool.map(_count_chunk, chunks, chunksize=1)
        else:
            parts = [_count_chunk(c) for c in chunks]
    finally:
        if enabled:
            gc.enable()

    # Map each chunk's raw types to global term ids (once per distinct raw type).
    vocab: dict[str, int] = {}
    raw_to_id: dict[str, int] = {}
    blocks = []
    for uniques, m in parts:
        lut = np.empty(len(uniques), dtype=np.int64)
        for j, raw in enumerate(uniques):
            tid = raw_to_id.get(raw)
            if tid is None:
                term = normalize_token(raw)
                if term is None or term in stop:
                    tid = -1
                else:
                    tid = vocab.setdefault(term, len(vocab))
                raw_to_id[raw] = tid
            lut[j] = tid
        blocks.append((lut, m))
    n_terms = len(vocab)
    mats = []
    for lut, m in blocks:
        coo = m.tocoo()
        cols = lut[coo.col] if len(lut) else coo.col
        keep = cols >= 0
        mats.append(sparse.csr_matrix((coo.data[keep], (coo.row[keep], cols[keep])),
                                      shape=(m.shape[0], n_terms), dtype=np.int64))
    matrix = (sparse.vstack(mats, format="csr") if mats
              else sparse.csr_matrix((0, n_terms), dtype=np.int64))
    terms = np.array(list(vocab), dtype=object)
    return DocTermMatrix(matrix=matrix, terms=terms, stopwords=stop)


def group_codes(articles: pd.DataFrame, by: str | list[str] | None) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of every article and the table of group keys (one row per group).

    Groups are sorted by their keys; articles whose key is missing get -1.
    """
    if by is None:
        return np.zeros(len(articles), dtype=np.int64), pd.DataFrame(index=[0])
    cols = [by] if isinstance(by, str) else list(by)
    check_columns(articles, cols)
    grouped = articles.groupby(cols if len(cols) > 1 else cols[0], observed=True, sort=True,
                               dropna=True)
    codes = grouped.ngroup().to_numpy()
    codes = np.where(np.isnan(codes.astype(float)), -1, codes).astype(np.int64)
    keys = pd.DataFrame(list(grouped.groups.keys()), columns=cols) if len(cols) > 1 else \
        pd.DataFrame({cols[0]: list(grouped.groups.keys())})
    for c in cols:  # keep the categorical dtype of e.g. `outlet`
        if isinstance(articles[c].dtype, pd.CategoricalDtype):
            keys[c] = pd.Categorical(keys[c], categories=articles[c].cat.categories)
    return codes, keys


def count_terms(articles: pd.DataFrame, *, by: str | list[str] | None = None,
                stopwords: bool | Iterable[str] = False) -> pd.DataFrame:
    """Frequency of every term, per group: the tidy, additive count table.

    Tables counted on chunks of a corpus can be concatenated and summed with
    ``pd.concat(tables).groupby([*by, "term"], observed=True).freq.sum()``.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text`` and the ``by`` columns are used).
    by : str or list of str, optional
        Grouping columns; None counts the whole corpus.
    stopwords : bool or iterable of str, default False
        See :func:`doc_term_matrix`.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term) with a non-zero count: the ``by`` columns,
        ``term`` (str), ``freq`` (int64); sorted by group, then ``freq`` descending,
        then term.

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["The war, the war.", "No war"], "outlet": ["A", "B"]})
    >>> count_terms(arts, by="outlet").values.tolist()
    [['A', 'the', 2], ['A', 'war', 2], ['B', 'no', 1], ['B', 'war', 1]]
    """
    dtm = doc_term_matrix(articles, stopwords=stopwords)
    codes, keys = group_codes(articles, by)
    ok = codes >= 0
    g = sparse.csr_matrix((np.ones(ok.sum()), (codes[ok], np.flatnonzero(ok))),
                          shape=(len(keys), dtm.matrix.shape[0]))
    gt = (g @ dtm.matrix).tocoo()
    out = keys.iloc[gt.row].reset_index(drop=True) if by is not None else pd.DataFrame(index=range(gt.nnz))
    out["term"] = dtm.terms[gt.col].astype(str) if gt.nnz else np.array([], dtype=str)
    out["freq"] = np.rint(gt.data).astype(np.int64)
    sort = ([] if by is None else ([by] if isinstance(by, str) else list(by)))
    out = out.sort_values([*sort, "freq", "term"], ascending=[True] * len(sort) + [False, True],
                          kind="mergesort").reset_index(drop=True)
    return out
