"""Count lexicon hits per group and unit, in chunks whose counts add up.

This is the *count* step of load → segment → match → count → score → show. A chunk of articles
is segmented, scanned once by a :class:`~toolkit.match.matcher.Matcher` for all lexicons together, and
reduced to dense count arrays indexed by group code. Arrays of two chunks add up
(:meth:`Counts.__add__`), so the same function runs on one core, on both cores
(``engine="local"``, a process pool) or on Dask partitions (``engine="dask"``) for corpora larger
than memory: chunk → count → sum → score.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, check_choice
from toolkit.count.parallel import map_slices
from toolkit.text.segment import SPLITTERS, UNITS

ENGINES = ("local", "dask")
from toolkit.count.parallel import CHUNK_ARTICLES  # noqa: E402  (tests patch counting.CHUNK_ARTICLES)
# A token for window co-occurrence: a word with inner joiners (de-escalation, U.S., Russia's).
TOKEN = re.compile(r"\w+(?:[-.'\u2019]\w+)*\.?")


@dataclass
class CountSpec:
    """What to count: the unit, how many groups, the lexicon sizes, and the lexicon pair to cross."""

    unit: str
    n_groups: int
    sizes: tuple[int, ...]
    pair: tuple[int, int] | None = None
    window: int | None = None
    words: bool = False


@dataclass
class Counts:
    """Additive count arrays (G = groups, C_k = categories of lexicon k).

    ``units``, ``docs``, ``words``: (G,) units, articles and whitespace words per group.
    ``mentions[k]``, ``cat_units[k]``, ``cat_docs[k]``: (G, C_k) hits, units with a hit, articles with a
    hit, per category of lexicon k. ``joint``: (G, A, F) units holding both an actor category of
    lexicon ``pair[0]`` and a frame category of lexicon ``pair[1]``. In window mode ``units`` are
    tokens, the actor counts are actor mentions, ``cat_units`` of the frame lexicon are token
    positions within the window of a frame mention, and ``joint`` counts actor mentions with a frame
    mention within the window.
    """

    units: np.ndarray
    docs: np.ndarray
    words: np.ndarray
    mentions: list[np.ndarray]
    cat_units: list[np.ndarray]
    cat_docs: list[np.ndarray]
    joint: np.ndarray | None = None
    extra: dict = field(default_factory=dict)

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


def count_chunk(texts: Sequence[str], titles: Sequence[str], gcodes: np.ndarray, matcher, spec: CountSpec) -> Counts:
    """Count one chunk of articles.

    ``texts`` and ``titles`` are parallel sequences; ``gcodes`` the group code of each article
    (-1: the article belongs to no group, e.g. a missing date grouped by month, and is skipped).
    """
    if spec.window is not None:
        return _count_window(texts, titles, gcodes, matcher, spec)
    counts = Counts.zeros(spec)
    gcodes = np.asarray(gcodes, dtype=np.int64)
    split = SPLITTERS[spec.unit]
    n = len(texts)
    has_title = np.fromiter(((isinstance(t, str) and bool(t.strip())) for t in titles), dtype=bool, count=n)
    # Text units: their starts in one global coordinate (article offsets laid end to end).
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    starts_list, n_text_units = [], np.zeros(n, dtype=np.int64)
    for i, text in enumerate(texts):
        spans = split(text)
        n_text_units[i] = len(spans)
        if spans:
            starts_list.append(np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans)) + offsets[i])
    text_starts = np.concatenate(starts_list) if starts_list else np.zeros(0, np.int64)
    n_units = n_text_units + has_title
    unit_base = np.concatenate([[0], np.cumsum(n_units)[:-1]])  # id of each article's first unit
    # Global unit id of every text unit (titles, when present, take the first id of the article).
    text_unit_ids = (np.repeat(unit_base + has_title, n_text_units)
                     + (np.arange(len(text_starts)) - np.repeat(np.cumsum(n_text_units) - n_text_units, n_text_units)))

    valid = gcodes >= 0
    counts.units += np.bincount(gcodes[valid], weights=n_units[valid], minlength=spec.n_groups).astype(np.int64)
    counts.docs += np.bincount(gcodes[valid], minlength=spec.n_groups)
    if spec.words:
        words = np.fromiter((len(t.split()) + (len(h.split()) if isinstance(h, str) else 0)
                             for t, h in zip(texts, titles)), dtype=np.int64, count=n)
        counts.words += np.bincount(gcodes[valid], weights=words[valid], minlength=spec.n_groups).astype(np.int64)

    ti, st, _, lx, ct, _ = matcher.find_many(texts)
    hi, _, _, hlx, hct, _ = matcher.find_many([t if isinstance(t, str) else "" for t in titles])
    text_pos = np.searchsorted(text_starts, offsets[ti] + st, side="right") - 1
    art = np.concatenate([ti, hi])
    unit_id = np.concatenate([text_unit_ids[text_pos] if len(text_pos) else np.zeros(0, np.int64), unit_base[hi]])
    lex = np.concatenate([lx, hlx])
    cat = np.concatenate([ct, hct])
    keep = gcodes[art] >= 0
    art, unit_id, lex, cat = art[keep], unit_id[keep], lex[keep], cat[keep]
    g = gcodes[art]
    unit_group = np.repeat(gcodes, n_units)
    unit_sets = {}
    for k, size in enumerate(spec.sizes):
        sel = lex == k
        shape = (spec.n_groups, size)
        counts.mentions[k] += _bincount2(g[sel], cat[sel], shape)
        pairs = _unique_pairs(unit_id[sel], cat[sel])
        unit_sets[k] = pairs
        counts.cat_units[k] += _bincount2(unit_group[pairs[0]], pairs[1], shape)
        dpairs = _unique_pairs(art[sel], cat[sel])
        counts.cat_docs[k] += _bincount2(gcodes[dpairs[0]], dpairs[1], shape)
    if spec.pair is not None:
        a_k, f_k = spec.pair
        counts.joint += _joint(unit_sets[a_k], unit_sets[f_k], unit_group, counts.joint.shape)
    return counts


def _unique_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Unique (first, second) pairs as a (2, n) array."""
    if len(first) == 0:
        return np.zeros((2, 0), dtype=np.int64)
    return np.unique(np.stack([first, second]), axis=1)


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


def _count_window(texts, titles, gcodes, matcher, spec: CountSpec) -> Counts:
    """Window mode: tokens instead of units (see :class:`Counts`). Titles are scanned as part of the text."""
    counts = Counts.zeros(spec)
    w = spec.window
    a_k, f_k = spec.pair if spec.pair is not None else (0, len(spec.sizes) - 1)
    for i, (text, title) in enumerate(zip(texts, titles)):
        gi = int(gcodes[i])
        if gi < 0:
            continue
        full = f"{title}\n\n{text}" if isinstance(title, str) and title.strip() else text
        token_starts = np.fromiter((m.start() for m in TOKEN.finditer(full)), dtype=np.int64)
        n_tok = len(token_starts)
        counts.units[gi] += n_tok
        counts.docs[gi] += 1
        if spec.words:
            counts.words[gi] += len(full.split())
        hits = matcher.find(full)
        if not len(hits):
            continue
        tok = np.searchsorted(token_starts, hits.start, side="right") - 1
        for k, size in enumerate(spec.sizes):
            sel = hits.lexicon == k
            np.add.at(counts.mentions[k][gi], hits.category[sel], 1)
            for c in np.unique(hits.category[sel]):
                counts.cat_docs[k][gi, c] += 1
        a_sel, f_sel = hits.lexicon == a_k, hits.lexicon == f_k
        a_tok, a_cat = tok[a_sel], hits.category[a_sel]
        f_tok, f_cat = tok[f_sel], hits.category[f_sel]
        # actor "units" are actor mentions
        np.add.at(counts.cat_units[a_k][gi], a_cat, 1)
        for f in np.unique(f_cat):
            # token positions covered by the +-w windows of this frame's mentions
            covered = np.zeros(n_tok + 1, dtype=np.int64)
            for t in f_tok[f_cat == f]:
                covered[max(t - w, 0)] += 1
                covered[min(t + w + 1, n_tok)] -= 1
            inside = np.cumsum(covered)[:n_tok] > 0
            counts.cat_units[f_k][gi, f] += int(inside.sum())
            if spec.pair is not None and len(a_tok):
                near = inside[np.clip(a_tok, 0, max(n_tok - 1, 0))]
                np.add.at(counts.joint[gi, :, f], a_cat[near], 1)
    return counts


# --------------------------------------------------------------------------- running over a corpus
def run_counts(articles, matcher, spec: CountSpec, codes: np.ndarray, *, engine: str = "local",
               jobs: int | None = None, chunk_size: int | None = None, progress: bool | None = None) -> Counts:
    """Count ``articles`` chunk by chunk and add the chunks up.

    ``engine="local"`` counts slices in forked worker processes (``jobs``, default all cores; see
    :func:`toolkit.count.parallel.map_slices`); ``engine="dask"`` counts each partition of a Dask
    DataFrame made from ``articles`` as a delayed task.
    """
    check_choice("engine", engine, ENGINES)
    chunk_size = chunk_size or CHUNK_ARTICLES
    if engine == "dask":
        return _run_dask(articles, matcher, spec, codes, chunk_size)
    text_col = articles["text"]
    title_col = articles["title"] if "title" in articles else None

    def count_slice(a: int, b: int) -> Counts:
        # Python strings are made per slice, inside the (forked) worker: the whole corpus is never
        # copied into Python objects at once, which keeps peak memory near the corpus's own size.
        texts = text_col.iloc[a:b].tolist()
        titles = title_col.iloc[a:b].tolist() if title_col is not None else [""] * (b - a)
        return count_chunk(texts, titles, codes[a:b], matcher, spec)

    total = Counts.zeros(spec)
    for part in map_slices(count_slice, len(articles), jobs=jobs, chunk_size=chunk_size, progress=progress,
                           desc="counting"):
        total = total + part
    return total


def _run_dask(articles, matcher, spec, codes, chunk_size) -> Counts:
    import dask
    import dask.dataframe as dd

    if isinstance(articles, pd.DataFrame):
        frame = articles[["title", "text"]].assign(_g=codes).reset_index(drop=True)
        frame["title"] = frame["title"].astype(object)
        frame["text"] = frame["text"].astype(object)
        ddf = dd.from_pandas(frame, chunksize=chunk_size)
    else:
        raise ParameterError("engine='dask' takes a pandas DataFrame here; group codes are computed first")

    def part_counts(part: pd.DataFrame) -> Counts:
        return count_chunk(part["text"].tolist(), part["title"].tolist(), part["_g"].to_numpy(), matcher, spec)

    parts = [dask.delayed(part_counts)(d) for d in ddf.to_delayed()]
    results = dask.compute(*parts, scheduler="threads")
    total = Counts.zeros(spec)
    for r in results:
        total = total + r
    return total


def check_unit(unit: str) -> None:
    """Raise ParameterError unless ``unit`` is one of :data:`toolkit.text.segment.UNITS`."""
    check_choice("unit", unit, UNITS)
