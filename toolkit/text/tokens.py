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
Counting is one pass over the corpus in chunks of articles (in forked worker
processes for big corpora, :func:`map_chunks`). A chunk is split at whitespace in C
(pyarrow); the token regex then runs once per *distinct* whitespace-separated piece
(a token never spans whitespace, so a text's tokens are its pieces' tokens), and
normalisation (dropping number-only tokens, the ``'s`` clitic, stop words) once per
distinct raw token type; article x piece occurrences times piece x term counts give
the article x term counts. Counts are kept as a sparse document x term matrix
(:class:`DocTermMatrix`) whose rows are additive: chunks are counted separately and
stacked; group counts are sums of rows. :func:`count_terms` gives the tidy, summable
table ``(group..., term, freq)``.
"""
from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from toolkit.errors import ParameterError, check_columns
from toolkit.count.parallel import map_slices
from toolkit.paths import PACKAGE_DIR

__all__ = [
    "TOKEN_PATTERN", "tokenize", "normalize_token", "load_stopwords",
    "DocTermMatrix", "doc_term_matrix", "count_terms", "map_chunks", "merge_vocabularies",
]

#: Raw token pattern, applied to lowercased text with ``’`` replaced by ``'``.
#: ``\.\w\b`` joins one-character segments after a dot (``u.s``, ``e.u``, ``a.m``)
#: but not ``end.The`` (a missing space) nor ``www.example.com``.
TOKEN_PATTERN = r"\w+(?:[-']\w+|\.\w\b)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
# The same matches, faster: possessive quantifiers (Python >= 3.11) never backtrack, and
# nothing after a token can fail, so the leftmost-greedy match is unchanged.
_FINDALL = re.compile(r"\w++(?:[-']\w++|\.\w\b)*+").findall
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
    for raw in _FINDALL(_prepare(text)):
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


#: A word character that news text does not contain (U+A66E, CYRILLIC LETTER MULTIOCULAR
#: O). Texts (the distinct pieces of a chunk) are joined with it, so that one regex pass
#: finds the tokens of all of them (cheaper than one pass per text) and its occurrences
#: mark where each text's tokens start. "\n" on both sides keeps tokens from running
#: across texts. Texts of which one contains it are tokenized one by one instead.
_SEPARATOR = "\ua66e"
_MISSING = object()


def _chunk_tokens(low: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """Raw tokens of prepared (lowercased) texts, and how they split into texts.

    Returns ``(tokens, lens)``: ``lens[i]`` tokens of text ``i``, in order; or, from
    the joined pass, ``lens`` None and the separator token between the texts' tokens.
    """
    joined = f"\n{_SEPARATOR}\n".join(low)
    if len(low) > 1 and joined.count(_SEPARATOR) == len(low) - 1:
        return _FINDALL(joined), None
    lens = np.empty(len(low), dtype=np.int64)
    toks: list[str] = []
    for i, text in enumerate(low):
        found = _FINDALL(text)
        lens[i] = len(found)
        toks += found
    return toks, lens


def _cells(toks: list[str], lens: np.ndarray | None, n: int, stop: frozenset,
           cache: dict) -> tuple[list[str], sparse.csr_matrix]:
    """Term counts from the raw tokens of ``n`` texts (as :func:`_chunk_tokens` returns them).

    Returns ``(terms, matrix)``: terms in order of first appearance, and a csr texts x
    terms matrix of int64 counts, one cell per (text, term) present, columns unsorted.
    """
    if not toks:
        return [], sparse.csr_matrix((n, 0), dtype=np.int64)
    # Dictionary-encode the tokens in C (pyarrow) rather than hashing them in Python.
    enc = pa.array(toks, type=pa.string()).dictionary_encode()
    codes = enc.indices.to_numpy(zero_copy_only=False)
    uniques = enc.dictionary.to_pylist()
    norm = []
    for raw in uniques:
        term = cache.get(raw, _MISSING)
        if term is _MISSING:
            term = cache[raw] = normalize_token(raw)
        norm.append(None if term is None or term in stop else term)
    if lens is None:  # joined pass: each separator token starts the next text
        sep = uniques.index(_SEPARATOR)
        norm[sep] = None
        rows = np.cumsum(codes == sep)
    else:
        rows = np.repeat(np.arange(n), lens)
    # Raw types -> terms in order of first appearance (uniques are in that order already).
    term_codes, terms = pd.factorize(np.array(norm, dtype=object))
    n_terms = len(terms)
    col = term_codes[codes]
    keep = col >= 0
    keys = rows[keep].astype(np.int64) * n_terms + col[keep]
    # Cells by hashing (no sort): the cells come in order of first appearance, hence by
    # text, so they are the CSR rows in order; the columns within a row are unsorted.
    cell, cells = pd.factorize(keys)
    counts = np.bincount(cell, minlength=len(cells)).astype(np.int64)
    row, column = np.divmod(cells, n_terms) if n_terms else (cells, cells)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
    return terms.tolist(), sparse.csr_matrix((counts, column.astype(np.int32), indptr),
                                             shape=(n, n_terms))


def _chunk_counts(texts: Sequence[str], stop: frozenset, cache: dict) -> tuple[list[str], sparse.csr_matrix]:
    """Term counts of a chunk of texts: (terms, csr articles x terms).

    ``terms`` are in order of first appearance in the chunk; the matrix has one cell per
    (article, term) present, int64 counts, columns unsorted within a row. ``cache`` maps
    raw token types to their term (normalisation runs once per distinct raw type).

    The texts are split at ASCII whitespace in C (pyarrow) and the regex runs once per
    distinct whitespace-separated piece, not once per token: no token contains whitespace
    and the pattern looks at no character beyond a whitespace character (``\\b`` holds
    there as at the end of a string), so the tokens of a text are the tokens of its pieces.
    The counts are then (articles x pieces) @ (pieces x terms).
    """
    n = len(texts)
    low = [_prepare(t) for t in texts]
    try:
        pieces = pc.ascii_split_whitespace(pa.array(low, type=pa.large_string()))
    except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate: not UTF-8
        toks, lens = _chunk_tokens(low)
        return _cells(toks, lens, n, stop, cache)
    enc = pieces.flatten().dictionary_encode()
    piece_terms = _chunk_tokens(enc.dictionary.to_pylist())
    terms, per_piece = _cells(*piece_terms, len(enc.dictionary), stop, cache)
    # One entry per piece occurrence; the sparse product adds up repeated pieces.
    occurrences = sparse.csr_matrix(
        (np.ones(len(enc.indices), dtype=np.int64), enc.indices.to_numpy(zero_copy_only=False),
         np.asarray(pieces.offsets) - pieces.offsets[0].as_py()),
        shape=(n, len(enc.dictionary)))
    return terms, (occurrences @ per_piece).tocsr()


def _texts_of(articles) -> list[str]:
    if isinstance(articles, pd.DataFrame):
        check_columns(articles, ["text"])
        col = articles["text"]
    else:
        col = pd.Series(list(articles), dtype=object)
    return ["" if not isinstance(t, str) else t for t in col.tolist()]


def _check_processes(processes: int | None) -> None:
    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int)
                                  or processes < 1):
        raise ParameterError(f"`processes` value = {processes!r} is invalid; must be an integer >= 1")


def map_chunks(texts: list[str], func: Callable[[int, list[str], sparse.csr_matrix], Any], *,
               stopwords: frozenset = frozenset(), processes: int | None = None) -> list:
    """Count every chunk of ``texts`` and return ``func(start, terms, matrix)`` per chunk, in order.

    Chunks of ``_CHUNK_DOCS`` articles are counted in forked worker processes
    (:func:`toolkit.count.parallel.map_slices`), and ``func`` runs in the worker, so that it can
    reduce a chunk's counts (e.g. to groups) before they travel back.

    Parameters
    ----------
    texts : list of str
        The texts (see ``_texts_of``: missing texts as "").
    func : callable (start, terms, matrix) -> result
        ``start``: index of the chunk's first text; ``terms``: the chunk's terms in order
        of first appearance; ``matrix``: csr (chunk texts x terms) int64 counts, columns
        unsorted within a row. May be a closure (it is inherited, not pickled).
    stopwords : frozenset of str
        Terms to drop (already normalised, see ``_stopword_set``).
    processes : int, optional
        Worker processes; default 2 (or the CPU count, if smaller) for corpora over
        ``PARALLEL_MIN_CHARS`` characters, else 1 (this process).

    Returns
    -------
    list
        ``func``'s results, in chunk order. Combine the chunks' terms with
        :func:`merge_vocabularies`.
    """
    if processes is None:
        big = sum(map(len, texts)) > PARALLEL_MIN_CHARS
        processes = min(2, os.cpu_count() or 1) if big else 1
    cache: dict = {}

    def one(a: int, b: int):
        # Many small objects are created and freed: the cyclic GC only costs time here.
        enabled = gc.isenabled()
        gc.disable()
        try:
            terms, m = _chunk_counts(texts[a:b], stopwords, cache)
            return func(a, terms, m)
        finally:
            if enabled:
                gc.enable()

    return map_slices(one, len(texts), jobs=processes, chunk_size=_CHUNK_DOCS, progress=False)


def merge_vocabularies(term_lists: Iterable[list[str]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """One vocabulary for several chunks' term lists.

    Returns
    -------
    vocabulary : numpy.ndarray of str (object)
        Every term once, in order of first appearance over the lists.
    luts : list of numpy.ndarray of int64
        For each list, the vocabulary index of each of its terms.
    """
    term_lists = list(term_lists)
    lengths = [len(t) for t in term_lists]
    flat = [t for terms in term_lists for t in terms]
    # factorize numbers the terms in order of first appearance, as a dict would, but in C.
    codes, vocab = pd.factorize(np.array(flat, dtype=object))
    luts = np.split(codes.astype(np.int64), np.cumsum(lengths)[:-1]) if term_lists else []
    return np.asarray(vocab, dtype=object), luts


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
    _check_processes(processes)
    stop = _stopword_set(stopwords)
    texts = _texts_of(articles)
    # Counts within one article fit in int32: halves what travels back from the workers.
    parts = map_chunks(texts, lambda a, terms, m: (terms, m.indptr, m.indices, m.data.astype(np.int32)),
                       stopwords=stop, processes=processes)
    terms, luts = merge_vocabularies(p[0] for p in parts)
    # Chunk columns -> global columns: a one-to-one map, so no cells merge.
    indptr = [np.zeros(1, dtype=np.int64)]
    offset = 0
    for _, ptr, _, _ in parts:
        indptr.append(ptr[1:] + offset)
        offset += ptr[-1]
    data = np.zeros(offset, dtype=np.int64)
    indices = np.zeros(offset, dtype=np.int32)
    pos = 0
    for (_, _, idx, counts), lut in zip(parts, luts):
        data[pos:pos + len(counts)] = counts
        indices[pos:pos + len(idx)] = lut[idx]
        pos += len(counts)
    matrix = sparse.csr_matrix((data, indices, np.concatenate(indptr)), shape=(len(texts), len(terms)))
    return DocTermMatrix(matrix=matrix, terms=terms, stopwords=stop)


def group_codes(articles: pd.DataFrame, by: str | list[str] | None) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of every article and the table of group keys: the groups that occur
    (see :func:`toolkit.count.groups.group_codes`; periods such as ``"month"`` work too)."""
    from toolkit.count.groups import group_codes as codes_of

    return codes_of(articles, by, observed=True)


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
