"""The evidence behind a co-occurrence count: which units tie an actor to a frame.

Pure functions over arrays and tables made once from the audit trail (:func:`toolkit.hits`) and
the units (:func:`toolkit.segment`): no corpus pass, no widgets, no HTML. A unit is identified by
its *key* ``article position × stride + unit number`` (title = unit 0), so every set of units is
one sorted int64 array and every count is a ``bincount`` over it.

- :class:`UnitIndex`: every unit of the corpus (article, number, field, span).
- :class:`Matches`: the hits of one lexicon, by unit key and category code.
- :func:`joint_pairs`: the units holding both an actor category and a frame category.
- :func:`count_table`: the co-occurrence table of :func:`toolkit.cooccurrence` for any grouping,
  from those arrays (so a new grouping costs milliseconds, not a corpus pass).
- :func:`cell_keys` and :func:`evidence_frame`: the units of one cell, as a table of sentences.
- :func:`page_bounds` and :func:`write_csv`: paging and export.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.framing import score_cooccurrence

#: Article columns copied onto every evidence row when the articles table has them.
META_COLUMNS = ("outlet", "date", "title", "url")


@dataclass(frozen=True)
class UnitIndex:
    """Every unit of the corpus, sorted by key (article position, then unit number).

    Attributes
    ----------
    doc, unit : int64 arrays
        Article position (row of the articles table) and unit number (0 = title).
    title : bool array
        The unit is the title (its offsets index ``title``, else ``text``).
    start, end : int64 arrays
        Offsets of the unit in its field.
    stride : int
        Larger than every unit number: ``key = doc * stride + unit``.
    n_docs : int
        Rows of the articles table.
    """

    doc: np.ndarray
    unit: np.ndarray
    title: np.ndarray
    start: np.ndarray
    end: np.ndarray
    stride: int
    n_docs: int

    @classmethod
    def from_arrays(cls, doc, unit, title, start, end, n_docs: int) -> "UnitIndex":
        doc, unit = np.asarray(doc, np.int64), np.asarray(unit, np.int64)
        stride = int(unit.max()) + 1 if len(unit) else 1
        order = np.lexsort((unit, doc))
        return cls(doc[order], unit[order], np.asarray(title, bool)[order],
                   np.asarray(start, np.int64)[order], np.asarray(end, np.int64)[order], stride, n_docs)

    @property
    def keys(self) -> np.ndarray:
        return self.doc * self.stride + self.unit

    def units_per_doc(self) -> np.ndarray:
        """Number of units of each article (int64, one per row of the articles table)."""
        return np.bincount(self.doc, minlength=self.n_docs)

    def locate(self, keys: np.ndarray) -> np.ndarray:
        """Row of each unit key; raises ValueError for a key that is not a unit."""
        all_keys = self.keys
        rows = np.searchsorted(all_keys, keys)
        if len(keys) and (rows.max() >= len(all_keys) or (all_keys[rows] != keys).any()):
            raise ValueError("a hit lies in no unit of the index: hits and units were cut differently")
        return rows


@dataclass(frozen=True)
class Matches:
    """The hits of one lexicon, sorted by unit key, then start.

    Attributes
    ----------
    key : int64 array
        Unit key of each hit (see :class:`UnitIndex`).
    category : int64 array
        Index into ``categories``.
    start, end : int64 arrays
        Offsets of the match in its field (title or text).
    categories : tuple of str
    """

    key: np.ndarray
    category: np.ndarray
    start: np.ndarray
    end: np.ndarray
    categories: tuple[str, ...]

    @classmethod
    def from_hits(cls, hits: pd.DataFrame, positions: pd.Index, categories: Sequence[str],
                  stride: int) -> "Matches":
        """From a :func:`toolkit.hits` table (``doc_id``, ``unit``, ``category``, ``start``, ``end``).

        ``positions`` maps ``doc_id`` to the article's row (``pd.Index(articles.doc_id)``).
        """
        doc = positions.get_indexer(hits["doc_id"])
        if (doc < 0).any():
            raise ValueError("a hit names a doc_id that is not in the articles table")
        codes = pd.Categorical(hits["category"], categories=list(categories)).codes.astype(np.int64)
        if (codes < 0).any():
            raise ValueError("a hit names a category that is not in the lexicon")
        key = doc.astype(np.int64) * stride + hits["unit"].to_numpy(dtype=np.int64)
        start = hits["start"].to_numpy(dtype=np.int64)
        order = np.lexsort((start, key))
        return cls(key[order], codes[order], start[order], hits["end"].to_numpy(dtype=np.int64)[order],
                   tuple(categories))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Unique (unit key, category) pairs, sorted: the units that mention each category."""
        return self._pairs

    @cached_property
    def _pairs(self) -> tuple[np.ndarray, np.ndarray]:  # computed once (every grouping uses them)
        if not len(self.key):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        n = len(self.categories)
        flat = np.unique(self.key * n + self.category)
        return flat // n, flat % n

    def in_units(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each unit key, the range ``[lo, hi)`` of its hits in the arrays."""
        return np.searchsorted(self.key, keys, "left"), np.searchsorted(self.key, keys, "right")


@dataclass(frozen=True)
class Joint:
    """Units holding both an actor category and a frame category: one row per (unit, actor, frame)."""

    key: np.ndarray
    actor: np.ndarray
    frame: np.ndarray


def joint_pairs(actors: Matches, frames: Matches) -> Joint:
    """Every (unit, actor category, frame category) such that the unit mentions both, sorted by key."""
    a_key, a_cat = actors.pairs()
    f_key, f_cat = frames.pairs()
    both = pd.DataFrame({"key": a_key, "a": a_cat}).merge(pd.DataFrame({"key": f_key, "f": f_cat}), on="key")
    both = both.sort_values(["key", "a", "f"], kind="stable")
    return Joint(both["key"].to_numpy(np.int64), both["a"].to_numpy(np.int64), both["f"].to_numpy(np.int64))


def _bincount2(g: np.ndarray, c: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return np.bincount(g * shape[1] + c, minlength=shape[0] * shape[1]).reshape(shape)


def count_table(index: UnitIndex, actors: Matches, frames: Matches, joint: Joint, codes: np.ndarray,
                groups: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """The table of :func:`toolkit.cooccurrence` (unit mode) from the unit and hit arrays.

    Parameters
    ----------
    index, actors, frames, joint
        As built by :class:`toolkit.explore.Explorer` for one unit.
    codes : int64 array
        Group code of each article (-1: in no group), as from
        :func:`toolkit.count.groups.group_codes`.
    groups : DataFrame
        One row per group code with the grouping columns.
    alpha : float
        1 - confidence level of the Wilson intervals.

    Returns
    -------
    DataFrame
        The columns and row order of :func:`toolkit.cooccurrence`: the grouping columns,
        ``actor``, ``frame``, ``actor_units``, ``frame_units``, ``joint_units``, ``units``,
        ``rate``, ``ci_low``, ``ci_high``, ``expected``, ``pmi``, ``g2``, ``p``, ``direction``, ``q``.
    """
    codes = np.asarray(codes, np.int64)
    n_groups, n_a, n_f = len(groups), len(actors.categories), len(frames.categories)
    unit_g = codes[index.doc]
    units = np.bincount(unit_g[unit_g >= 0], minlength=n_groups)

    def per_category(matches: Matches) -> np.ndarray:
        key, cat = matches.pairs()
        g = codes[key // index.stride]
        ok = g >= 0
        return _bincount2(g[ok], cat[ok], (n_groups, len(matches.categories)))

    actor_units, frame_units = per_category(actors), per_category(frames)
    g = codes[joint.key // index.stride]
    ok = g >= 0
    flat = (g[ok] * n_a + joint.actor[ok]) * n_f + joint.frame[ok]
    both = np.bincount(flat, minlength=n_groups * n_a * n_f).reshape(n_groups, n_a, n_f)

    idx_g = np.repeat(np.arange(n_groups), n_a * n_f)
    idx_a = np.tile(np.repeat(np.arange(n_a), n_f), n_groups)
    idx_f = np.tile(np.arange(n_f), n_groups * n_a)
    out = groups.iloc[idx_g].reset_index(drop=True) if len(groups.columns) else pd.DataFrame(index=range(len(idx_g)))
    out["actor"] = np.asarray(actors.categories, dtype=object)[idx_a]
    out["frame"] = np.asarray(frames.categories, dtype=object)[idx_f]
    out["actor_units"] = actor_units[idx_g, idx_a]
    out["frame_units"] = frame_units[idx_g, idx_f]
    out["joint_units"] = both.ravel()
    out["units"] = units[idx_g]
    return score_cooccurrence(out, alpha=alpha)


def cell_keys(joint: Joint, index: UnitIndex, *, actor: int, frame: int, docs: np.ndarray | None = None,
              order: np.ndarray | None = None) -> np.ndarray:
    """Unit keys of one cell: units mentioning actor category ``actor`` and frame category ``frame``.

    Parameters
    ----------
    joint, index
        See :func:`joint_pairs` and :class:`UnitIndex`.
    actor, frame : int
        Category codes.
    docs : bool array, optional
        Articles of the cell's group (one per article); None = all articles.
    order : int array, optional
        Rank of each article in reading order (e.g. by date); units of one article keep their
        order. None = the articles table's order.

    Returns
    -------
    int64 array of unit keys, one per unit of the cell (its length is the cell's ``joint_units``).
    """
    sel = (joint.actor == actor) & (joint.frame == frame)
    keys = joint.key[sel]
    doc = keys // index.stride
    if docs is not None:
        keep = np.asarray(docs, bool)[doc]
        keys, doc = keys[keep], doc[keep]
    if order is not None:
        keys = keys[np.lexsort((keys, np.asarray(order)[doc]))]
    return keys


def evidence_frame(keys: np.ndarray, index: UnitIndex, actors: Matches, frames: Matches, *,
                   actor: int, frame: int, articles: pd.DataFrame,
                   extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per unit key: the unit's text with its article's metadata and the matches in it.

    Parameters
    ----------
    keys : int64 array
        Unit keys (see :func:`cell_keys`).
    index, actors, frames
        The unit index and the hits of the two lexicons.
    actor, frame : int
        Category codes whose matches are listed (``actor_terms``, ``frame_terms``, ``spans``).
    articles : DataFrame
        The articles table (``doc_id`` and those of :data:`META_COLUMNS` it has are copied; the
        texts and titles of the articles concerned are read, not those of the whole corpus).
    extra : DataFrame, optional
        More columns aligned with ``articles``' rows (e.g. derived periods) to copy.

    Returns
    -------
    DataFrame
        ``doc_id``, the :data:`META_COLUMNS` the articles have, the ``extra`` columns, ``unit``
        (int, 0 = title), ``field`` (``"title"``/``"text"``), ``start``, ``end`` (the unit's
        offsets in that field), ``actor``, ``frame`` (category names), ``actor_terms``,
        ``frame_terms`` (the matched words, ``"; "``-separated, in text order), ``text`` (the
        unit's text) and ``spans`` (tuple of ``(start, end, "actor" | "frame")`` offsets of the
        matches in ``text``).
    """
    keys = np.asarray(keys, np.int64)
    rows = index.locate(keys)
    doc = index.doc[rows]
    # Python strings only for the articles concerned (the whole corpus would cost ~1 GB).
    docs, which = np.unique(doc, return_inverse=True)
    texts = articles["text"].take(docs).to_numpy(dtype=object)
    titles = articles["title"].take(docs).fillna("").to_numpy(dtype=object)
    out = pd.DataFrame({"doc_id": articles["doc_id"].to_numpy()[doc]})
    for col in META_COLUMNS:
        if col in articles.columns:
            out[col] = articles[col].to_numpy()[doc]
    if extra is not None:
        for col in extra.columns:
            if col not in out.columns:
                out[col] = extra[col].to_numpy()[doc]
    is_title = index.title[rows]
    u_start, u_end = index.start[rows], index.end[rows]
    out["unit"] = index.unit[rows]
    out["field"] = np.where(is_title, "title", "text")
    out["start"], out["end"] = u_start, u_end
    out["actor"] = actors.categories[actor]
    out["frame"] = frames.categories[frame]
    a_lo, a_hi = actors.in_units(keys)
    f_lo, f_hi = frames.in_units(keys)
    unit_texts, spans, a_terms, f_terms = [], [], [], []
    for i in range(len(rows)):
        field_text = titles[which[i]] if is_title[i] else texts[which[i]]
        s0 = int(u_start[i])
        unit_texts.append(field_text[s0:int(u_end[i])])
        found, words = [], {"actor": [], "frame": []}
        for role, m, lo, hi, code in (("actor", actors, a_lo[i], a_hi[i], actor),
                                      ("frame", frames, f_lo[i], f_hi[i], frame)):
            for j in range(lo, hi):
                if m.category[j] == code:
                    s, e = int(m.start[j]), int(m.end[j])
                    found.append((s - s0, e - s0, role))
                    words[role].append(field_text[s:e])
        spans.append(tuple(sorted(found)))
        a_terms.append("; ".join(words["actor"]))
        f_terms.append("; ".join(words["frame"]))
    out["actor_terms"] = a_terms
    out["frame_terms"] = f_terms
    out["text"] = unit_texts
    out["spans"] = spans
    return out


def page_bounds(total: int, page: int, size: int) -> tuple[int, int, int, int]:
    """Rows ``[lo, hi)`` of page ``page`` (0-based, clipped to the pages there are).

    Returns ``(lo, hi, page, pages)`` with the clipped page number and the number of pages (at
    least 1, so an empty selection has one empty page).

    Examples
    --------
    >>> page_bounds(23, 2, 10), page_bounds(23, 9, 10), page_bounds(0, 0, 10)
    ((20, 23, 2, 3), (20, 23, 2, 3), (0, 0, 0, 1))
    """
    pages = max(1, math.ceil(total / size))
    page = min(max(int(page), 0), pages - 1)
    lo = page * size
    return lo, min(total, lo + size), page, pages


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write an evidence table as CSV (UTF-8); ``spans`` become JSON lists ``[[start, end, role], ...]``.

    Returns the path written. Read it back with ``pandas.read_csv``; ``json.loads`` restores ``spans``.
    """
    path = Path(path)
    out = frame.copy()
    if "spans" in out.columns:
        out["spans"] = [json.dumps([list(s) for s in spans]) for spans in out["spans"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding="utf-8")
    return path
