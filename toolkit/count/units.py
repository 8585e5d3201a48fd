"""Matching within units: every count, hit and window sees only the text of one unit.

A match never straddles a unit boundary, and whether a pattern matches at a unit's edge depends
only on the unit's own text: "The minister found.In the end" has the sentences "The minister
found." and "In the end", and ``In`` matches at the start of the second exactly as it would in a
text of its own. Formally, the matches of an article are the union, over its units (the title is
unit 0, see :mod:`toolkit.text.segment`), of ``Matcher.find(unit_text)``.

How
---
Matching each unit in a call of its own would cost the matcher's per-call overhead a million
times over a corpus, and copying the units into strings of their own costs time too. Instead each
title and text is matched whole (one :meth:`toolkit.match.matcher.Matcher.find_many` call per
chunk), and the few units where that can differ from matching the unit alone are matched again on
their own text. The two agree on a unit when (a) the characters next to it are whitespace (or the
field's edge), which the matcher treats exactly as the edge of a text (no word, joiner, comma or
possessive next to a match; a wildcard, ``*`` walk-back or possessive never crosses whitespace), and
(b) no kept match straddles its boundary: such a match, dropped, may have blocked a shorter match
inside the unit in the leftmost-longest resolution. Units separated by whitespace satisfy (a)
(sentence and paragraph spans cover every other character); units that touch (``"found.In"``) and
units overlapped by a straddling match are the ones matched again. ``tests/test_units.py`` and
``tests/test_properties.py`` check the result against ``Matcher.find`` on each unit's text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from toolkit.count.groups import group_frame, group_names
from toolkit.errors import check_columns
from toolkit.match.matcher import QUOTES
from toolkit.text.segment import SPLITTERS, Unit, check_unit, document_span
from toolkit.text.tokens import fold

__all__ = ["ChunkUnits", "UnitMatches", "LiteralFilter", "chunk_units", "match_units", "unit_texts",
           "segment"]

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass
class ChunkUnits:
    """The units of a chunk of articles (parallel int64 arrays, one entry per unit).

    Units come in article order, then in unit order (title first).

    Attributes
    ----------
    article : position of the unit's article in the chunk.
    number : unit number (0 = title).
    field : 0 = title, 1 = text.
    start, end : offsets into the field.
    titles, texts : lists of str or None
        The chunk's fields (None: missing, or left out by ``only=``).
    n_units : units per article (int64, one per article of the chunk).
    """

    article: np.ndarray
    number: np.ndarray
    field: np.ndarray
    start: np.ndarray
    end: np.ndarray
    titles: list
    texts: list
    n_units: np.ndarray

    def __len__(self) -> int:
        return len(self.article)

    def source(self, k: int) -> str:
        """The field (title or text) unit ``k`` lies in."""
        return (self.titles if self.field[k] == 0 else self.texts)[int(self.article[k])]

    def text(self, k: int) -> str:
        """The text of unit ``k``."""
        return self.source(k)[int(self.start[k]):int(self.end[k])]


def chunk_units(titles: Sequence, texts: Sequence, unit: Unit, *, only: np.ndarray | None = None) -> ChunkUnits:
    """The units of a chunk of articles (missing titles and texts count as empty).

    ``only``: a boolean mask; the articles outside it are not cut into units (they get none),
    e.g. those a :class:`LiteralFilter` shows cannot hold a match.
    """
    split = SPLITTERS[unit]
    keep = [True] * len(texts) if only is None else only.tolist()
    titles = [t if ok and isinstance(t, str) else None for t, ok in zip(titles, keep)]
    texts = [t if ok and isinstance(t, str) else None for t, ok in zip(texts, keep)]
    n = len(texts)
    spans: list[tuple[int, int]] = []
    n_title = np.zeros(n, dtype=np.int64)
    n_units = np.zeros(n, dtype=np.int64)
    for i, (title, text) in enumerate(zip(titles, texts)):
        head = document_span(title) if title else []
        body = split(text) if text else []
        n_title[i], n_units[i] = len(head), len(head) + len(body)
        spans += head
        spans += body
    if not spans:
        return ChunkUnits(*([_EMPTY] * 5), titles=titles, texts=texts, n_units=n_units)
    bounds = np.fromiter(chain.from_iterable(spans), dtype=np.int64, count=2 * len(spans))
    article = np.repeat(np.arange(n, dtype=np.int64), n_units)
    first_of_article = np.concatenate([[0], np.cumsum(n_units)[:-1]])
    number = np.arange(len(article), dtype=np.int64) - first_of_article[article] + 1 - n_title[article]
    return ChunkUnits(article, number, (number > 0).astype(np.int64), bounds[0::2], bounds[1::2],
                      titles=titles, texts=texts, n_units=n_units)


class LiteralFilter:
    """Which articles may hold a match of a lexicon, by a literal every match contains.

    Every match of a pattern contains, folded (:func:`toolkit.text.tokens.fold`) unless the
    pattern is case-sensitive, the literal run its first word starts with (after a leading ``*``,
    up to the first ``*`` or quotation mark): ``escalat`` for ``escalat*``, ``u.s.`` for ``U.S.``.
    An article whose title and text contain none of these runs has no match in any unit, so it
    need not be cut into units. One Aho–Corasick scan per article; a lexicon with a pattern
    without such a run (none can be compiled today) disables the filter.
    """

    def __init__(self, lexicon):
        runs: dict[bool, set[str]] = {False: set(), True: set()}
        self.all = False
        entries = lexicon.entries
        excluded = entries["exclude"] if "exclude" in entries else [False] * len(entries)
        for pattern, cased, exclude in zip(entries["pattern"], entries["case_sensitive"], excluded):
            if exclude:
                continue
            word = (pattern if cased else fold(pattern)).split()[0].lstrip("*").lstrip(QUOTES)
            run = next(iter(re.split("[*" + re.escape(QUOTES) + "]", word)), "")
            if not run:
                self.all = True
            runs[bool(cased)].add(run)
        self._automata = {}
        for cased, found in runs.items():
            if found:
                automaton = ahocorasick.Automaton()
                for run in found:
                    automaton.add_word(run, run)
                automaton.make_automaton()
                self._automata[cased] = automaton

    def may_match(self, titles: Sequence, texts: Sequence) -> np.ndarray:
        """Boolean mask: True where the article (title or text) may hold a match."""
        out = np.zeros(len(texts), dtype=bool)
        for i, (title, text) in enumerate(zip(titles, texts)):
            whole = f"{title}\n{text}" if isinstance(title, str) and isinstance(text, str) else (
                text if isinstance(text, str) else title if isinstance(title, str) else "")
            if self.all:
                out[i] = True
                continue
            for cased, automaton in self._automata.items():
                if next(automaton.iter(whole if cased else fold(whole)), None) is not None:
                    out[i] = True
                    break
        return out


@dataclass
class UnitMatches:
    """The matches of a chunk, within units (parallel int64 arrays, one entry per match).

    Ordered by article, unit, then as :meth:`~toolkit.match.matcher.Matcher.find` orders them.

    Attributes
    ----------
    unit : index into the :class:`ChunkUnits` arrays.
    start, end : offsets into the unit's field (``field_text[start:end]`` is the match).
    lexicon, category, pattern : as in :class:`~toolkit.match.matcher.Hits`.
    """

    unit: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lexicon: np.ndarray
    category: np.ndarray
    pattern: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)


def match_units(matcher, units: ChunkUnits) -> UnitMatches:
    """Every match of ``matcher`` inside the units of a chunk (see the module docstring)."""
    fields: list = [None] * (2 * len(units.texts))
    fields[0::2], fields[1::2] = units.titles, units.texts
    ti, st, en, lx, ct, pt = matcher.find_many(fields)
    if not len(units):
        return UnitMatches(*([_EMPTY] * 6))
    key = units.article * 2 + units.field            # the field of each unit, as indexed in `fields`
    width = int(max(units.end.max(), en.max() if len(en) else 0)) + 1
    at = key * width + units.start                    # increasing: units come in field order
    u = np.maximum(np.searchsorted(at, ti * width + st, side="right") - 1, 0)
    inside = (key[u] == ti) & (st >= units.start[u]) & (en <= units.end[u])
    redo = np.zeros(len(units), dtype=bool)
    for i in np.flatnonzero(~inside).tolist():        # a kept match across a boundary: rare
        last = np.searchsorted(at, ti[i] * width + en[i] - 1, side="right") - 1
        redo[u[i]:last + 1] = True
    touching = (key[1:] == key[:-1]) & (units.start[1:] <= units.end[:-1])
    redo[1:] |= touching
    redo[:-1] |= touching
    keep = inside & ~redo[u]
    parts = [(u[keep], st[keep], en[keep], lx[keep], ct[keep], pt[keep])]
    again = np.flatnonzero(redo)
    if len(again):
        ri, rs, re_, rl, rc, rp = matcher.find_many([units.text(k) for k in again.tolist()])
        shift = units.start[again[ri]]
        parts.append((again[ri], rs + shift, re_ + shift, rl, rc, rp))
    unit, start, end, lex, cat, pat = (np.concatenate(cols) for cols in zip(*parts))
    order = np.argsort(unit, kind="stable")
    return UnitMatches(unit[order], start[order], end[order], lex[order], cat[order], pat[order])


def unit_texts(units: ChunkUnits, which: np.ndarray) -> list[str]:
    """The texts of the units ``which`` (indexes into ``units``)."""
    return [units.text(k) for k in np.asarray(which).tolist()]


def frame_columns(chunk: pd.DataFrame) -> tuple[list, list]:
    """``(titles, texts)`` of a chunk of articles as lists (no ``title`` column: no titles)."""
    texts = chunk["text"].tolist()
    titles = chunk["title"].tolist() if "title" in chunk.columns else [None] * len(texts)
    return titles, texts


def segment(articles: pd.DataFrame, *, unit: Unit = "sentence",
            by: str | Sequence[str] | None = "outlet") -> pd.DataFrame:
    """One row per unit of every article: the units that hits and counts see.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text`` and the ``by`` columns).
    unit : {"sentence", "paragraph", "document"}
        Sentences come from :func:`toolkit.text.sentences.sentence_spans` (rules in that module);
        paragraphs are separated by a blank line. The title is always unit 0 (see
        :mod:`toolkit.text.segment`).
    by : str, list of str or None, default "outlet"
        Grouping columns copied onto every unit (periods such as ``"month"`` are derived from
        ``date``).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``unit`` (int64; 0 is the title), ``field`` (``"title"`` or
        ``"text"``), ``start``, ``end`` (int64 offsets into that field) and ``text`` (the unit's
        text). ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        An unknown ``unit``, a missing column or an unknown ``by`` column.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "title": ["Hi"],
    ...                      "text": ["Mr. Smith came. He left."]})
    >>> toolkit.segment(arts)["text"].tolist()
    ['Hi', 'Mr. Smith came.', 'He left.']
    """
    check_unit(unit)
    check_columns(articles, ["doc_id", "title", "text"])
    names = [n for n in group_names(by) if n != "doc_id"]
    groups = group_frame(articles, names)
    units = chunk_units(articles["title"].tolist(), articles["text"].tolist(), unit)
    rows = units.article
    out = pd.DataFrame({"doc_id": articles["doc_id"].to_numpy()[rows]})
    for name in names:
        out[name] = groups[name].iloc[rows].to_numpy()
        if isinstance(groups[name].dtype, pd.CategoricalDtype):
            out[name] = pd.Categorical(out[name], categories=groups[name].cat.categories)
    out["unit"] = units.number
    out["field"] = pd.Categorical.from_codes(units.field, categories=["title", "text"])
    out["start"] = units.start
    out["end"] = units.end
    out["text"] = unit_texts(units, np.arange(len(units)))
    out.attrs["parameters"] = {"unit": unit, "by": names}
    return out
