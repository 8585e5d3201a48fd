"""Word shingles and MinHash signatures of a whole corpus, in a few vectorised passes.

A *shingle* is a run of ``k`` consecutive word tokens of an article; tokens are those of
:func:`toolkit.text.tokens.tokenize` (lowercased, ``'s`` split off, numbers dropped), so "word"
means here what it means in every other count of the toolkit. An article with fewer than ``k``
(but at least one) tokens has one shingle, all its tokens; an article without tokens has none.

Each shingle is hashed to 64 bits (stable across runs and machines: the terms are hashed with
pandas' SipHash-based :func:`pandas.util.hash_array`, then combined and mixed). Exact Jaccard
similarities are computed on these 64-bit hashes: two different shingles of two articles share a
hash with probability about ``|A| |B| / 2**64``, i.e. never in practice.

MinHash signatures follow datasketch's ``"affine32"`` scheme bit for bit: the 32-bit input hash
is mixed with the MurmurHash3 finalizer and each of ``num_perm`` permutations is
``a * h + b mod 2**32`` with datasketch's own ``a`` and ``b`` for the seed. The signature of an
article therefore equals ``datasketch.MinHash(num_perm, seed, hashfunc=identity,
scheme="affine32")`` updated with its 32-bit shingle hashes (a test checks this), and the
signatures go into datasketch's :class:`~datasketch.MinHashLSH` as ``LeanMinHash`` objects.
Here they are computed for all articles at once, in blocks of about a million shingles.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Compression and
Complexity of Sequences*, 21-29.
Leskovec, J., Rajaraman, A. & Ullman, J. D. (2020). *Mining of Massive Datasets*, 3rd ed., ch. 3.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.text.tokens import TOKEN_RE, _term_of_folded, fold

__all__ = ["TokenSequences", "token_sequences", "Shingles", "shingles", "minhash_signatures",
           "minhash_permutations"]

_M = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier that combines the term hashes of a shingle
#: A word character news text does not contain (U+A66E): distinct pieces are joined with it so that
#: one regex pass tokenises them all, and its occurrences mark where each piece's tokens start.
_SEPARATOR = "\ua66e"
_BLOCK = 1 << 20                      # shingles per block when computing signatures


@dataclass
class TokenSequences:
    """The word tokens of every article, as term ids in one flat array.

    Attributes
    ----------
    ids : numpy.ndarray of int32
        Term ids (indices into ``vocabulary``), article after article, in text order.
    offsets : numpy.ndarray of int64
        ``ids[offsets[i]:offsets[i + 1]]`` are the tokens of article ``i`` (length ``n + 1``).
    vocabulary : numpy.ndarray of str (object)
        The terms.
    """

    ids: np.ndarray
    offsets: np.ndarray
    vocabulary: np.ndarray

    def tokens(self, i: int) -> list[str]:
        """The tokens of article ``i`` as strings (for tests and examples)."""
        return self.vocabulary[self.ids[self.offsets[i]:self.offsets[i + 1]]].tolist()


def token_sequences(texts: Sequence[str]) -> TokenSequences:
    """Tokens of every text, equal to ``tokenize(text)`` for each, computed in a few passes.

    The texts are folded (:func:`toolkit.text.tokens.fold`) and split at ASCII whitespace in C
    (pyarrow); the token regex and the normalisation run once per *distinct* whitespace-separated
    piece (a token never contains whitespace, see :mod:`toolkit.text.tokens`), and numpy expands
    the pieces into token sequences.
    """
    texts = ["" if not isinstance(t, str) else t for t in texts]
    low = [fold(t) for t in texts]
    try:
        pieces = pc.ascii_split_whitespace(pa.array(low, type=pa.large_string()))
    except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate: not UTF-8
        return _token_sequences_slow(low)
    piece_offsets = np.asarray(pieces.offsets, dtype=np.int64)
    piece_offsets = piece_offsets - piece_offsets[0]
    enc = pieces.flatten().dictionary_encode()
    codes = enc.indices.to_numpy(zero_copy_only=False)  # int32: one per piece occurrence
    distinct = enc.dictionary.to_pylist()
    # Raw regex tokens of each distinct piece, then one normalisation per distinct raw token.
    raw, lens = _piece_tokens(distinct) if distinct else ([], np.zeros(0, dtype=np.int64))
    raw_enc = pa.array(raw, type=pa.string()).dictionary_encode()
    raw_codes = raw_enc.indices.to_numpy(zero_copy_only=False)
    raw_types = raw_enc.dictionary.to_pylist()
    norm = [None if r == _SEPARATOR else _term_of_folded(r) for r in raw_types]
    term_of_type, vocabulary = pd.factorize(np.array(norm, dtype=object))  # None -> -1
    if lens is None:  # joined pass: each separator token starts the next piece
        sep = raw_types.index(_SEPARATOR)
        piece_of_raw = np.cumsum(raw_codes == sep)
    else:
        piece_of_raw = np.repeat(np.arange(len(distinct)), lens)
    term_of_raw = term_of_type[raw_codes] if len(raw_codes) else np.zeros(0, dtype=np.int64)
    keep = term_of_raw >= 0
    piece_terms = term_of_raw[keep].astype(np.int32)
    per_piece = np.bincount(piece_of_raw[keep], minlength=len(distinct)).astype(np.int32)
    # Expand the piece occurrences (in text order) into their tokens. Most pieces are one token;
    # the few that are several (``word,word``, ``however—the``) go through np.repeat.
    lengths = per_piece[codes] if len(codes) else np.zeros(0, dtype=np.int32)
    cum = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=cum[1:])
    offsets = cum[piece_offsets]
    if len(lengths) and lengths.max() <= 1:
        first_term = np.full(len(distinct), -1, dtype=np.int32)
        ptr = np.cumsum(per_piece) - per_piece
        first_term[per_piece == 1] = piece_terms[ptr[per_piece == 1]]
        ids = first_term[codes]
        ids = ids[ids >= 0]
    elif len(lengths):
        piece_ptr = np.zeros(len(distinct) + 1, dtype=np.int64)
        np.cumsum(per_piece, out=piece_ptr[1:])
        first = np.repeat(piece_ptr[codes] - cum[:-1], lengths)
        ids = piece_terms[first + np.arange(int(cum[-1]))]
    else:
        ids = np.zeros(0, dtype=np.int32)
    return TokenSequences(ids, offsets, np.asarray(vocabulary, dtype=object))


def _piece_tokens(pieces: list[str]) -> tuple[list[str], np.ndarray | None]:
    """Raw tokens of the pieces: ``(tokens, None)`` from one pass over the pieces joined by the
    separator (the separator token starts each next piece), or ``(tokens, lens)`` piece by piece
    when a piece holds the separator itself."""
    joined = f"\n{_SEPARATOR}\n".join(pieces)
    if len(pieces) > 1 and joined.count(_SEPARATOR) == len(pieces) - 1:
        return TOKEN_RE.findall(joined), None
    found = [TOKEN_RE.findall(p) for p in pieces]
    return [t for f in found for t in f], np.array([len(f) for f in found], dtype=np.int64)


def _token_sequences_slow(low: list[str]) -> TokenSequences:
    """One text at a time (texts that pyarrow cannot take, e.g. with lone surrogates)."""
    seqs = [[t for t in map(_term_of_folded, TOKEN_RE.findall(text)) if t is not None] for text in low]
    flat = [t for seq in seqs for t in seq]
    ids, vocabulary = pd.factorize(np.array(flat, dtype=object)) if flat else (np.zeros(0, dtype=np.int64), [])
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in seqs])]).astype(np.int64)
    return TokenSequences(ids.astype(np.int64), offsets, np.asarray(vocabulary, dtype=object))


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (a bijection that spreads every input bit)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme applies it."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@dataclass
class Shingles:
    """The ``k``-word shingle hashes of every article.

    Attributes
    ----------
    hashes : numpy.ndarray of uint64
        Shingle hashes, article after article (an article's shingles in text order, repeats kept).
    offsets : numpy.ndarray of int64
        ``hashes[offsets[i]:offsets[i + 1]]`` belong to article ``i``.
    k : int
        Words per shingle.
    words : numpy.ndarray of int64
        Word tokens per article.
    """

    hashes: np.ndarray
    offsets: np.ndarray
    k: int
    words: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def counts(self) -> np.ndarray:
        """Shingles (with repeats) per article."""
        return np.diff(self.offsets)

    def set_of(self, i: int) -> np.ndarray:
        """Sorted distinct shingle hashes of article ``i``."""
        return np.unique(self.hashes[self.offsets[i]:self.offsets[i + 1]])

    def hash32(self) -> np.ndarray:
        """The 32-bit hashes fed to MinHash (high and low halves of the 64-bit hash folded)."""
        h = self.hashes
        return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def shingles(seqs: TokenSequences, k: int) -> Shingles:
    """``k``-word shingle hashes of every article (see the module docstring)."""
    term_hash = pd.util.hash_array(seqs.vocabulary.astype(object)) if len(seqs.vocabulary) else np.zeros(0, np.uint64)
    th = term_hash[seqs.ids].astype(np.uint64) if len(seqs.ids) else np.zeros(0, dtype=np.uint64)
    n_tok = np.diff(seqs.offsets)
    n = len(n_tok)
    # A hash for every window of k tokens of the flat array (windows that run past an article's
    # end are dropped below); the array is padded so that every start has a full window.
    padded = np.concatenate([th, np.zeros(k - 1, dtype=np.uint64)])
    with np.errstate(over="ignore"):
        acc = np.zeros(len(th), dtype=np.uint64)
        for j in range(k):
            acc = acc * _M + padded[j:j + len(th)]
    full = _fmix64(acc)
    per_doc = np.where(n_tok >= k, n_tok - k + 1, np.minimum(n_tok, 1))
    out_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_doc, out=out_offsets[1:])
    # Starts of the windows that stay inside their article.
    starts = np.repeat(seqs.offsets[:-1] - out_offsets[:-1], per_doc) + np.arange(out_offsets[-1])
    hashes = full[starts] if len(starts) else np.zeros(0, dtype=np.uint64)
    short = np.flatnonzero((n_tok > 0) & (n_tok < k))
    if len(short):  # one shingle of all the tokens: the window padded with zero hashes
        with np.errstate(over="ignore"):
            for i in short:
                acc1 = np.uint64(0)
                window = th[seqs.offsets[i]:seqs.offsets[i + 1]].tolist() + [0] * (k - n_tok[i])
                for v in window:
                    acc1 = acc1 * _M + np.uint64(v)
                hashes[out_offsets[i]] = _fmix64(np.array([acc1], dtype=np.uint64))[0]
    return Shingles(hashes, out_offsets, k, n_tok.astype(np.int64))


def minhash_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` (uint32 arrays) for ``seed``."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def minhash_signatures(sh: Shingles, *, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signature of every article: a ``(articles, num_perm)`` uint32 array.

    Bit for bit datasketch's affine32 MinHash of the article's 32-bit shingle hashes; an article
    without shingles gets datasketch's empty value (all ``2**32 - 1``).
    """
    a, b = minhash_permutations(num_perm, seed)
    hv = _fmix32(sh.hash32())
    n = len(sh)
    sig = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    counts = sh.counts()
    docs = np.flatnonzero(counts > 0)
    if not len(docs):
        return sig
    # Blocks of whole articles of about _BLOCK shingles.
    cum = sh.offsets[docs + 1]
    cuts = np.searchsorted(cum, np.arange(_BLOCK, cum[-1] + _BLOCK, _BLOCK), side="left")
    bounds = np.unique(np.concatenate([[0], np.minimum(cuts + 1, len(docs))]))
    buf = np.empty(0, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            block = docs[lo:hi]
            s0, s1 = sh.offsets[block[0]], sh.offsets[block[-1] + 1]
            h = hv[s0:s1]
            starts = sh.offsets[block] - s0
            if len(buf) < len(h):
                buf = np.empty(len(h), dtype=np.uint32)
            out = buf[:len(h)]
            for p in range(num_perm):
                np.multiply(h, a[p], out=out)
                np.add(out, b[p], out=out)
                sig[block, p] = np.minimum.reduceat(out, starts)
    return sig
