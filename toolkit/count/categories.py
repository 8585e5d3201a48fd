"""Counts of lexicon categories per group, unit and article: the additive tables of
``frequencies``, ``cooccurrence`` and ``hedging``.

A chunk of articles is cut into units (:mod:`toolkit.count.units`), matched once for all
lexicons within units, and reduced to dense count arrays indexed by group code and category
(:class:`Counts`); two chunks' arrays add up, so the count engine
(:mod:`toolkit.count.engine`) sums them over the corpus.

Window mode (``window=N``)
--------------------------
Units are replaced by word positions (:mod:`toolkit.text.tokens`; a window never crosses the
boundary of the ``unit`` it lies in). A match occupies the words it overlaps; a match that
overlaps no word (a pattern such as ``2024``) has no position and is never tied to anything,
though it is counted among the mentions. A frame match *covers* the words within N positions of
its own (in its unit); an actor mention is tied to a frame when one of its words is covered by a
match of that frame.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.count.terms import article_texts, word_counts
from toolkit.count.units import ChunkUnits, UnitMatches, chunk_units, frame_columns, match_units
from toolkit.text.tokens import tokens as word_tokens

__all__ = ["CountSpec", "Counts", "count_chunk"]


@dataclass(frozen=True)
class CountSpec:
    """What to count: the unit, the groups, the lexicon sizes, the lexicon pair to cross, the window."""

    unit: str
    n_groups: int
    sizes: tuple[int, ...]
    pair: tuple[int, int] | None = None
    window: int | None = None
    words: bool = False


@dataclass
class Counts:
    """Additive count arrays (G = groups, C_k = categories of lexicon k).

    ``units``, ``docs``, ``words``: (G,) units, articles and words per group. ``mentions[k]``,
    ``cat_units[k]``, ``cat_docs[k]``: (G, C_k) matches, units with a match, articles with a
    match, per category of lexicon k. ``joint``: (G, A, F) units holding both an actor category of
    lexicon ``pair[0]`` and a frame category of lexicon ``pair[1]``. In window mode ``units`` are
    words, ``cat_units`` of the actor lexicon are its mentions, ``cat_units`` of the frame lexicon
    are words covered by the frame's windows, and ``joint`` counts actor mentions tied to a frame.
    """

    units: np.ndarray
    docs: np.ndarray
    words: np.ndarray
    mentions: list
    cat_units: list
    cat_docs: list
    joint: np.ndarray | None = None

    @classmethod
    def zeros(cls, spec: CountSpec) -> "Counts":
        g = spec.n_groups
        joint = None
        if spec.pair is not None:
            joint = np.zeros((g, spec.sizes[spec.pair[0]], spec.sizes[spec.pair[1]]), dtype=np.int64)
        return cls(np.zeros(g, np.int64), np.zeros(g, np.int64), np.zeros(g, np.int64),
                   [np.zeros((g, c), np.int64) for c in spec.sizes],
                   [np.zeros((g, c), np.int64) for c in spec.sizes],
                   [np.zeros((g, c), np.int64) for c in spec.sizes], joint)

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.units + other.units, self.docs + other.docs, self.words + other.words,
                      [a + b for a, b in zip(self.mentions, other.mentions)],
                      [a + b for a, b in zip(self.cat_units, other.cat_units)],
                      [a + b for a, b in zip(self.cat_docs, other.cat_docs)],
                      None if self.joint is None else self.joint + other.joint)


def _bincount2(g: np.ndarray, c: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return np.bincount(g * shape[1] + c, minlength=shape[0] * shape[1]).reshape(shape)


def _unique_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    if len(first) == 0:
        return np.zeros((2, 0), dtype=np.int64)
    return np.unique(np.stack([first, second]), axis=1)


def count_chunk(chunk: pd.DataFrame, matcher, spec: CountSpec, codes: np.ndarray) -> Counts:
    """Count one chunk of articles (``codes``: the group code of each, -1 = in no group)."""
    counts = Counts.zeros(spec)
    codes = np.asarray(codes, dtype=np.int64)
    valid = codes >= 0
    titles, texts = frame_columns(chunk)
    units = chunk_units(titles, texts, spec.unit)
    found = match_units(matcher, units)
    counts.docs += np.bincount(codes[valid], minlength=spec.n_groups)
    words = None
    if spec.words or spec.window is not None:
        words = word_counts(article_texts(chunk))
        counts.words += np.bincount(codes[valid], weights=words[valid], minlength=spec.n_groups).astype(np.int64)
    art = units.article[found.unit]
    keep = codes[art] >= 0
    g = codes[art][keep]
    lex, cat = found.lexicon[keep], found.category[keep]
    for k, size in enumerate(spec.sizes):
        sel = lex == k
        counts.mentions[k] += _bincount2(g[sel], cat[sel], (spec.n_groups, size))
        dpairs = _unique_pairs(art[keep][sel], cat[sel])
        counts.cat_docs[k] += _bincount2(codes[dpairs[0]], dpairs[1], (spec.n_groups, size))
    if spec.window is not None:
        counts.units += np.bincount(codes[valid], weights=words[valid], minlength=spec.n_groups).astype(np.int64)
        _count_windows(counts, units, found, codes, spec)
        return counts
    counts.units += np.bincount(codes[valid], weights=units.n_units[valid], minlength=spec.n_groups).astype(np.int64)
    unit_group = codes[units.article]
    unit_sets = {}
    u = found.unit[keep]
    for k, size in enumerate(spec.sizes):
        sel = lex == k
        pairs = _unique_pairs(u[sel], cat[sel])
        unit_sets[k] = pairs
        counts.cat_units[k] += _bincount2(unit_group[pairs[0]], pairs[1], (spec.n_groups, size))
    if spec.pair is not None:
        counts.joint += _joint(unit_sets[spec.pair[0]], unit_sets[spec.pair[1]], unit_group, counts.joint.shape)
    return counts


def _joint(actor_pairs: np.ndarray, frame_pairs: np.ndarray, unit_group: np.ndarray,
           shape: tuple[int, int, int]) -> np.ndarray:
    """(G, A, F) counts of units holding actor a and frame f, from unique (unit, category) pairs."""
    if actor_pairs.shape[1] == 0 or frame_pairs.shape[1] == 0:
        return np.zeros(shape, dtype=np.int64)
    a = pd.DataFrame({"u": actor_pairs[0], "a": actor_pairs[1]})
    f = pd.DataFrame({"u": frame_pairs[0], "f": frame_pairs[1]})
    both = a.merge(f, on="u")
    g = unit_group[both["u"].to_numpy()]
    _, n_a, n_f = shape
    flat = (g * n_a + both["a"].to_numpy()) * n_f + both["f"].to_numpy()
    return np.bincount(flat, minlength=shape[0] * n_a * n_f).reshape(shape)


def word_positions(units: ChunkUnits, found: UnitMatches, strings: list[int]) -> dict:
    """Words of the given strings and the word range of each match in them.

    Returns ``{string: (word_unit, lo, hi, match_index)}``: ``word_unit`` the unit index of each
    word of the string; for the matches in that string their indexes and their first and last
    word (``lo > hi`` for a match that overlaps no word).
    """
    unit_string = units.string[found.unit]
    out = {}
    for s in strings:
        toks = word_tokens(units.strings[s])
        rows = np.flatnonzero(unit_string == s)
        in_string = np.flatnonzero(units.string == s)
        first = units.offset[in_string]
        word_unit = in_string[np.searchsorted(first, toks.start, side="right") - 1] if len(toks) else toks.start
        lo = np.searchsorted(toks.end, found.string_start[rows], side="right")
        hi = np.searchsorted(toks.start, found.string_end[rows], side="left") - 1
        out[s] = (word_unit, lo, hi, rows)
    return out


def _count_windows(counts: Counts, units: ChunkUnits, found: UnitMatches, codes: np.ndarray,
                   spec: CountSpec) -> None:
    w = spec.window
    a_k, f_k = spec.pair if spec.pair is not None else (0, len(spec.sizes) - 1)
    art = units.article[found.unit]
    keep = codes[art] >= 0
    a_all = keep & (found.lexicon == a_k)
    counts.cat_units[a_k] += _bincount2(codes[art[a_all]], found.category[a_all],
                                        (spec.n_groups, spec.sizes[a_k]))
    strings = np.unique(units.string[found.unit[keep]]).tolist()
    for s, (word_unit, lo, hi, rows) in word_positions(units, found, strings).items():
        n = len(word_unit)
        g = int(codes[units.article[units.string == s][0]])
        if n == 0:
            continue
        # the first and last word of each word's unit: windows stop there
        starts = np.flatnonzero(np.r_[True, word_unit[1:] != word_unit[:-1]])
        unit_lo = np.repeat(starts, np.diff(np.r_[starts, n]))
        unit_hi = np.repeat(np.r_[starts[1:], n] - 1, np.diff(np.r_[starts, n]))
        lex, cat = found.lexicon[rows], found.category[rows]
        has_word = lo <= hi
        for f in np.unique(cat[(lex == f_k) & has_word]):
            sel = (lex == f_k) & (cat == f) & has_word
            cover = np.zeros(n + 1, dtype=np.int64)
            a, b = lo[sel], hi[sel]
            np.add.at(cover, np.maximum(a - w, unit_lo[a]), 1)
            np.add.at(cover, np.minimum(b + w, unit_hi[b]) + 1, -1)
            inside = np.cumsum(cover)[:n] > 0
            counts.cat_units[f_k][g, f] += int(inside.sum())
            if spec.pair is None:
                continue
            actors = (lex == a_k) & has_word
            if not actors.any():
                continue
            covered = np.concatenate([[0], np.cumsum(inside)])
            near = covered[hi[actors] + 1] - covered[lo[actors]] > 0
            np.add.at(counts.joint[g, :, f], cat[actors][near], 1)
