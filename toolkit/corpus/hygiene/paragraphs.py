"""The paragraphs of a whole corpus in pyarrow arrays, and the patterns found in them."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.corpus.hygiene.patterns import BoilerplatePattern
from toolkit.text.sentences import paragraph_spans

__all__ = ["Paragraphs", "paragraphs", "match_patterns"]


@dataclass
class Paragraphs:
    """Every paragraph of the corpus: article row, span, text, word count, key, pattern hits."""

    doc: np.ndarray        # int64 row position of the article
    start: np.ndarray      # int64 offsets into the article's text
    end: np.ndarray
    text: pa.Array         # large_string
    words: np.ndarray      # int64 whitespace-separated words
    hits: dict[str, np.ndarray] = field(default_factory=dict)  # pattern name -> bool per paragraph
    _keys: tuple[np.ndarray, pa.Array] | None = None

    @property
    def key_codes(self) -> tuple[np.ndarray, pa.Array]:
        """Comparison key of each paragraph as an integer code, and the keys the codes point into.

        The key is the paragraph lowercased, with digit runs as ``0`` and whitespace runs as one space.
        """
        if self._keys is None:
            k = pc.utf8_lower(self.text)
            k = pc.replace_substring_regex(k, r"\d+", "0")
            k = pc.replace_substring_regex(k, r"\s\s+|[\t\n\r\f\v]", " ")
            enc = pc.utf8_trim_whitespace(k).dictionary_encode()
            self._keys = (enc.indices.to_numpy(zero_copy_only=False).astype(np.int64), enc.dictionary)
        return self._keys

    def code_of(self, keys) -> np.ndarray:
        """Codes of the given key strings (float; NaN for keys no paragraph has)."""
        found = pc.index_in(pa.array([str(k) for k in keys], type=pa.large_string()),
                            value_set=self.key_codes[1].cast(pa.large_string()))
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=float)  # NaN where absent


def paragraphs(texts: Sequence[str]) -> Paragraphs:
    """The paragraphs of ``texts``, as :func:`paragraph_spans` gives them.

    Text as the loader stores it (paragraphs separated by exactly one blank line, no whitespace at
    either end of a paragraph) is split at ``"\\n\\n"`` in C (pyarrow); any other text goes
    through :func:`paragraph_spans` (a test checks that both agree).
    """
    n = len(texts)
    arr = pa.array(texts, type=pa.large_string())
    split = pc.split_pattern(arr, "\n\n")
    flat = split.flatten()
    parent = pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.int64)
    lengths = pc.utf8_length(flat).to_numpy(zero_copy_only=False).astype(np.int64)
    # Pieces that are empty, that str.strip() would change (Unicode spaces too: their first and
    # last characters are checked) or that hold a blank line with spaces on it.
    space = r"^[\s\pZ\x{85}\x{1c}-\x{1f}]$"
    ends = pa.concat_arrays([pc.utf8_slice_codeunits(flat, 0, 1), pc.utf8_slice_codeunits(flat, -1)])
    edge = pc.match_substring_regex(ends, space).to_numpy(zero_copy_only=False).astype(bool)
    odd = (lengths == 0) | edge[:len(lengths)] | edge[len(lengths):]
    has_nl = np.flatnonzero(pc.match_substring(flat, "\n").to_numpy(zero_copy_only=False).astype(bool))
    if len(has_nl):
        blank = pc.match_substring_regex(flat.take(pa.array(has_nl)), r"\n[^\S\n]*\n").to_numpy(zero_copy_only=False)
        odd[has_nl[blank.astype(bool)]] = True
    bad = np.zeros(n, dtype=bool)
    bad[parent[odd]] = True
    ok_piece = ~bad[parent]
    # Offsets of the pieces of the regular texts: cumulative lengths plus the separators.
    step = lengths + 2
    cum = np.cumsum(step) - step
    first = np.zeros(n, dtype=np.int64)
    counts = np.bincount(parent, minlength=n)
    first_piece = np.cumsum(counts) - counts
    first[counts > 0] = cum[first_piece[counts > 0]]
    starts = cum - first[parent]
    doc = [parent[ok_piece]]
    start = [starts[ok_piece]]
    end = [starts[ok_piece] + lengths[ok_piece]]
    pieces = [flat.filter(pa.array(ok_piece))]
    for i in np.flatnonzero(bad):
        spans = paragraph_spans(texts[i])
        doc.append(np.full(len(spans), i, dtype=np.int64))
        start.append(np.array([a for a, _ in spans], dtype=np.int64))
        end.append(np.array([b for _, b in spans], dtype=np.int64))
        pieces.append(pa.array([texts[i][a:b] for a, b in spans], type=pa.large_string()))
    doc_, start_, end_ = np.concatenate(doc), np.concatenate(start), np.concatenate(end)
    text = pa.concat_arrays([p.cast(pa.large_string()) for p in pieces])
    order = np.lexsort((start_, doc_))
    if not np.array_equal(order, np.arange(len(order))):
        doc_, start_, end_ = doc_[order], start_[order], end_[order]
        text = text.take(pa.array(order))
    return Paragraphs(doc_, start_, end_, text, _words(text))


def _words(text: pa.Array) -> np.ndarray:
    """Words per paragraph, counted as spaces and line breaks plus one (the loader folds runs of
    spaces, so this is the whitespace-separated word count; extra spaces only make it larger)."""
    n = (pc.count_substring(text, " ").to_numpy(zero_copy_only=False).astype(np.int64)
         + pc.count_substring(text, "\n").to_numpy(zero_copy_only=False).astype(np.int64) + 1)
    return np.where(pc.utf8_length(text).to_numpy(zero_copy_only=False) > 0, n, 0)


def match_patterns(pars: Paragraphs, patterns: Sequence[BoilerplatePattern]) -> None:
    """Fill ``pars.hits``: RE2 (pyarrow) over the paragraphs short enough for each pattern."""
    for p in patterns:
        mask = np.zeros(len(pars.words), dtype=bool)
        if len(mask):
            if p.max_words is None:
                idx = None
                found = pc.match_substring_regex(pars.text, p.regex, ignore_case=True)
            else:
                idx = np.flatnonzero(pars.words <= p.max_words)
                found = pc.match_substring_regex(pars.text.take(pa.array(idx)), p.regex, ignore_case=True)
            found = found.to_numpy(zero_copy_only=False).astype(bool)
            if idx is None:
                mask = found
            else:
                mask[idx[found]] = True
        pars.hits[p.name] = mask


# --------------------------------------------------------------------------- detection
