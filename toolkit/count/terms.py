"""Term counts per article and per group: the additive tables of keyness, log-odds and dispersion.

Tokens and terms are those of :mod:`toolkit.text.tokens`; an article's words are those of its
title and its text (:func:`article_texts`). Counting runs through the count engine
(:func:`toolkit.count.engine.run_chunks`): each chunk of articles becomes a sparse articles ×
terms matrix over a chunk-local vocabulary; the chunks' matrices are stacked under one vocabulary
(:meth:`DocTermMatrix.concat`), and group counts are sums of rows.

How a chunk is counted fast
---------------------------
The chunk's texts are folded (lower-cased, :func:`toolkit.text.tokens.fold`) and split at ASCII
whitespace in C (pyarrow); the token regex then runs once per *distinct* whitespace-separated
piece, and a raw token's term is computed once per distinct raw token. This gives the tokens of
:func:`toolkit.text.tokens.tokenize` exactly: no token contains whitespace, and the pattern looks
at no character beyond a whitespace character (``\\b`` holds there as at the end of a string), so
the tokens of a text are the tokens of its pieces. The counts are then (articles × pieces) @
(pieces × terms).
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from toolkit.count.engine import Engine, is_dask_frame, run_chunks
from toolkit.count.groups import GroupIndex
from toolkit.errors import check_columns
from toolkit.text.tokens import TOKEN_RE, _term_of_folded, fold, stopword_set

__all__ = ["DocTermMatrix", "doc_term_matrix", "count_terms", "article_texts", "word_counts",
           "chunk_term_counts", "merge_vocabularies"]

_MISSING = object()
#: A word character that news text does not contain (U+A66E). The distinct pieces of a chunk are
#: joined with it so that one regex pass finds the tokens of all of them; its occurrences mark where
#: each piece's tokens start ("\n" on both sides keeps tokens from running across pieces).
_SEPARATOR = "\ua66e"


def article_texts(chunk: pd.DataFrame) -> list[str]:
    """The text whose words are an article's words: title, a blank line, text (missing = "").

    The blank line separates the two as whitespace does, so the words of the result are the words
    of the title followed by those of the text.
    """
    texts = ["" if not isinstance(t, str) else t for t in chunk["text"].tolist()]
    if "title" not in chunk.columns:
        return texts
    titles = chunk["title"].tolist()
    return [f"{h}\n\n{t}" if isinstance(h, str) and h else t for h, t in zip(titles, texts)]


def _pieces_tokens(low: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """Raw tokens of folded texts and how they split into texts: ``(tokens, lens)``, or ``lens``
    None when they come from one joined pass (the separator token starts each next text)."""
    joined = f"\n{_SEPARATOR}\n".join(low)
    if len(low) > 1 and joined.count(_SEPARATOR) == len(low) - 1:
        return TOKEN_RE.findall(joined), None
    lens = np.empty(len(low), dtype=np.int64)
    toks: list[str] = []
    for i, text in enumerate(low):
        found = TOKEN_RE.findall(text)
        lens[i] = len(found)
        toks += found
    return toks, lens


def _cells(toks: list[str], lens: np.ndarray | None, n: int, stop: frozenset,
           cache: dict) -> tuple[list[str], sparse.csr_matrix]:
    """Term counts of ``n`` texts from their raw tokens: (terms, csr texts × terms int64)."""
    if not toks:
        return [], sparse.csr_matrix((n, 0), dtype=np.int64)
    enc = pa.array(toks, type=pa.string()).dictionary_encode()   # in C, not a Python dict
    codes = enc.indices.to_numpy(zero_copy_only=False)
    uniques = enc.dictionary.to_pylist()
    norm = []
    for raw in uniques:
        term = cache.get(raw, _MISSING)
        if term is _MISSING:
            term = cache[raw] = _term_of_folded(raw)
        norm.append(None if term is None or term in stop else term)
    if lens is None:
        sep = uniques.index(_SEPARATOR)
        norm[sep] = None
        rows = np.cumsum(codes == sep)
    else:
        rows = np.repeat(np.arange(n), lens)
    term_codes, terms = pd.factorize(np.array(norm, dtype=object))
    n_terms = len(terms)
    col = term_codes[codes]
    keep = col >= 0
    keys = rows[keep].astype(np.int64) * n_terms + col[keep]
    # Cells by hashing (no sort): they come by text, so they are the CSR rows in order.
    cell, cells = pd.factorize(keys)
    counts = np.bincount(cell, minlength=len(cells)).astype(np.int64)
    row, column = np.divmod(cells, n_terms) if n_terms else (cells, cells)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
    return terms.tolist(), sparse.csr_matrix((counts, column.astype(np.int32), indptr), shape=(n, n_terms))


def _split(texts: Sequence[str]):
    """(folded texts, pyarrow list array of their whitespace pieces) or (folded, None)."""
    low = [fold(t) for t in texts]
    try:
        return low, pc.ascii_split_whitespace(pa.array(low, type=pa.large_string()))
    except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate: not UTF-8
        return low, None


def chunk_term_counts(texts: Sequence[str], stop: frozenset = frozenset(),
                      cache: dict | None = None) -> tuple[list[str], sparse.csr_matrix]:
    """Term counts of a chunk of texts: ``(terms, matrix)``.

    ``terms`` in order of first appearance; ``matrix`` a csr (texts × terms) of int64 counts,
    columns unsorted within a row. ``stop``: terms to drop; ``cache``: raw token → term, kept
    across chunks by the caller.
    """
    cache = {} if cache is None else cache
    enabled = gc.isenabled()
    gc.disable()  # many small objects are made and freed: the cyclic GC only costs time here
    try:
        low, pieces = _split(texts)
        if pieces is None:
            return _cells(*_pieces_tokens(low), len(low), stop, cache)
        enc = pieces.flatten().dictionary_encode()
        terms, per_piece = _cells(*_pieces_tokens(enc.dictionary.to_pylist()), len(enc.dictionary),
                                  stop, cache)
        occurrences = sparse.csr_matrix(
            (np.ones(len(enc.indices), dtype=np.int64), enc.indices.to_numpy(zero_copy_only=False),
             np.asarray(pieces.offsets) - pieces.offsets[0].as_py()),
            shape=(len(low), len(enc.dictionary)))
        return terms, (occurrences @ per_piece).tocsr()
    finally:
        if enabled:
            gc.enable()


def word_counts(texts: Sequence[str]) -> np.ndarray:
    """The number of words (:func:`toolkit.text.tokens.count_words`) of each text, fast.

    Returns
    -------
    numpy.ndarray of int64, one per text
    """
    _, matrix = chunk_term_counts(texts)
    return np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)


def merge_vocabularies(term_lists: Iterable[list[str]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """One vocabulary for several chunks' term lists: ``(vocabulary, luts)``.

    ``vocabulary`` holds every term once, in order of first appearance over the lists; ``luts[i]``
    gives the vocabulary index of each term of list ``i``.
    """
    term_lists = list(term_lists)
    lengths = [len(t) for t in term_lists]
    flat = [t for terms in term_lists for t in terms]
    codes, vocab = pd.factorize(np.array(flat, dtype=object))
    luts = np.split(codes.astype(np.int64), np.cumsum(lengths)[:-1]) if term_lists else []
    return np.asarray(vocab, dtype=object), luts


@dataclass
class DocTermMatrix:
    """Sparse counts of terms per article: the additive (row-stacked) count table of this module.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        ``(articles, terms)`` int64 counts; row ``i`` is the ``i``-th article counted.
    terms : numpy.ndarray of str (object)
        Column labels, in order of first appearance.
    stopwords : frozenset of str
        Terms removed before counting (sizes exclude them).
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    stopwords: frozenset = field(default_factory=frozenset)
    _index: dict | None = field(default=None, repr=False)

    @property
    def doc_sizes(self) -> np.ndarray:
        """Words per article (int64)."""
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

    @classmethod
    def concat(cls, parts: list[tuple[list[str], sparse.csr_matrix]], stopwords: frozenset = frozenset()
               ) -> "DocTermMatrix":
        """Stack chunk matrices ``(terms, csr)`` (in article order) under one vocabulary."""
        terms, luts = merge_vocabularies(p[0] for p in parts)
        n_rows = sum(p[1].shape[0] for p in parts)
        indptr = [np.zeros(1, dtype=np.int64)]
        offset = 0
        for _, m in parts:
            indptr.append(m.indptr[1:].astype(np.int64) + offset)
            offset += int(m.indptr[-1])
        data = np.zeros(offset, dtype=np.int64)
        indices = np.zeros(offset, dtype=np.int32)
        pos = 0
        for (_, m), lut in zip(parts, luts):
            data[pos:pos + m.nnz] = m.data
            indices[pos:pos + m.nnz] = lut[m.indices]
            pos += m.nnz
        matrix = sparse.csr_matrix((data, indices, np.concatenate(indptr)), shape=(n_rows, len(terms)))
        return cls(matrix=matrix, terms=terms, stopwords=stopwords)


def doc_term_matrix(articles, *, stopwords: bool | Iterable[str] = False, engine: Engine = "local",
                    jobs: int | None = None, progress: bool | None = None,
                    chunk_size: int | None = None, client=None) -> DocTermMatrix:
    """Count the words of every article (title and text) in one pass.

    Parameters
    ----------
    articles : pandas.DataFrame, or sequence of str
        An articles table (``text`` and, when present, ``title``) or the texts themselves.
    stopwords : bool or iterable of str, default False
        Remove the shipped stop-word list (True) or the given words before counting.
    engine, jobs, progress, chunk_size, client
        See :mod:`toolkit.count.engine`; the result does not depend on them. A lazy corpus (Dask
        DataFrame) is counted on a ``dask.distributed`` client.

    Returns
    -------
    DocTermMatrix
        One row per article, in order.
    """
    stop = stopword_set(stopwords)
    if not isinstance(articles, pd.DataFrame) and not is_dask_frame(articles):
        articles = pd.DataFrame({"text": pd.Series(list(articles), dtype=object)})
    check_columns(articles, ["text"])
    columns = [c for c in ("title", "text") if c in articles.columns]
    cache: dict = {}

    def count(chunk: pd.DataFrame):
        terms, m = chunk_term_counts(article_texts(chunk), stop, cache)
        m.data = m.data.astype(np.int32)  # counts within one article fit: halves what travels back
        return terms, m

    parts = run_chunks(articles[columns], count, engine=engine, jobs=jobs, progress=progress,
                       chunk_size=chunk_size, desc="counting words", client=client)
    dtm = DocTermMatrix.concat(parts, stopwords=stop)
    if not parts:
        dtm.matrix = sparse.csr_matrix((0 if is_dask_frame(articles) else len(articles), 0), dtype=np.int64)
    return dtm


def count_terms(articles: pd.DataFrame, *, by: str | list[str] | None = "outlet",
                stopwords: bool | Iterable[str] = False, engine: Engine = "local", jobs: int | None = None,
                progress: bool | None = None, client=None) -> pd.DataFrame:
    """Frequency of every term, per group: the tidy, additive count table.

    Tables counted on chunks of a corpus can be concatenated and summed with
    ``pd.concat(tables).groupby([*by, "term"], observed=True).freq.sum()``.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and the ``by`` columns).
    by : str or list of str or None, default "outlet"
        Grouping columns (periods such as ``"month"`` are derived from ``date``); None counts the
        whole corpus.
    stopwords, engine, jobs, progress, client
        See :func:`doc_term_matrix`.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term) with a non-zero count: the ``by`` columns, ``term`` (str),
        ``freq`` (int64); sorted by group, then ``freq`` descending, then term.
        ``attrs["parameters"]`` records the call.

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["The war, the war.", "No war"], "outlet": ["A", "B"]})
    >>> count_terms(arts, by="outlet").values.tolist()
    [['A', 'the', 2], ['A', 'war', 2], ['B', 'no', 1], ['B', 'war', 1]]
    """
    check_columns(articles, ["text"])
    if is_dask_frame(articles):  # a lazy corpus: group × term tables from the workers (count/group_terms.py)
        from toolkit.count.group_terms import group_terms

        stop = stopword_set(stopwords)
        groups, table = group_terms(articles, by, stopwords=stop, client=client, progress=progress)
        dtm = DocTermMatrix(sparse.csr_matrix((0, len(table.terms))), table.terms, stop)
        gt = table.freq.astype(float).tocoo()
    else:
        groups = GroupIndex.of(articles, by, observed=True, client=client)
        dtm = doc_term_matrix(articles, stopwords=stopwords, engine=engine, jobs=jobs, progress=progress,
                              client=client)
        codes = groups.codes(articles)
        ok = codes >= 0
        g = sparse.csr_matrix((np.ones(ok.sum()), (codes[ok], np.flatnonzero(ok))),
                              shape=(len(groups), dtm.matrix.shape[0]))
        gt = (g @ dtm.matrix).tocoo()
    out = groups.keys.iloc[gt.row].reset_index(drop=True) if groups.names else pd.DataFrame(index=range(gt.nnz))
    out["term"] = pd.array(dtm.terms[gt.col].astype(str) if gt.nnz else np.array([], dtype=str), dtype="str")
    out["freq"] = np.rint(gt.data).astype(np.int64)
    out = out.sort_values([*groups.names, "freq", "term"], ascending=[True] * len(groups.names) + [False, True],
                          kind="mergesort").reset_index(drop=True)
    out.attrs["parameters"] = {"by": groups.names, "stopwords": bool(dtm.stopwords)}
    return out
