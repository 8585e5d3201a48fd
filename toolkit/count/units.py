"""Matching within units: every count, hit and window sees only the text of one unit.

A match never straddles a unit boundary, and whether a pattern matches at a unit's edge depends
only on the unit's own text: "The minister found.In the end" has the sentences "The minister
found." and "In the end", and ``In`` matches at the start of the second exactly as it would in a
text of its own. Formally, the matches of an article are the union, over its units (the title is
unit 0, see :mod:`toolkit.text.segment`), of ``Matcher.find(unit_text)``.

How
---
Matching a chunk's units one call each would cost the matcher's per-call overhead a million
times over a corpus. Instead each article's units are joined into one string with ``"\\0"``
between them (:data:`SEPARATOR`), and the chunk's strings are matched with one
:meth:`toolkit.match.matcher.Matcher.find_many` call. The separator behaves exactly as the end of
a text for the matcher: it is not a word character, joiner, comma or whitespace, so no match,
phrase (phrases cross whitespace only), wildcard or possessive can run across it, and a token
boundary holds on both sides of it as at the start and end of a string. An article whose title or
text contains ``"\\0"`` itself is matched unit by unit instead. ``tests/test_units.py`` checks the
result against ``Matcher.find`` on each unit's text.
"""
from __future__ import annotations

from collections.abc import Sequence
import re
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from toolkit.count.groups import group_frame, group_names
from toolkit.errors import check_columns
from toolkit.text.segment import SPLITTERS, Unit, check_unit, document_span
from toolkit.text.tokens import fold

__all__ = ["SEPARATOR", "ChunkUnits", "UnitMatches", "LiteralFilter", "chunk_units", "match_units", "unit_texts",
           "segment"]

#: Joins the units of an article for matching (see the module docstring).
SEPARATOR = "\x00"
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
    string, offset : the unit's text is ``strings[string][offset:offset + end - start]``.
    strings : list of str
        What is matched: one string per article (its units joined by :data:`SEPARATOR`), or one per
        unit for an article that contains the separator.
    n_units : units per article (int64, one per article of the chunk).
    """

    article: np.ndarray
    number: np.ndarray
    field: np.ndarray
    start: np.ndarray
    end: np.ndarray
    string: np.ndarray
    offset: np.ndarray
    strings: list
    n_units: np.ndarray

    def __len__(self) -> int:
        return len(self.article)

    def text(self, k: int) -> str:
        """The text of unit ``k``."""
        o = int(self.offset[k])
        return self.strings[int(self.string[k])][o:o + int(self.end[k] - self.start[k])]


def chunk_units(titles: Sequence, texts: Sequence, unit: Unit, *, only: np.ndarray | None = None) -> ChunkUnits:
    """The units of a chunk of articles (missing titles and texts count as empty).

    ``only``: a boolean mask; the articles outside it are not cut into units (they get none),
    e.g. those a :class:`LiteralFilter` shows cannot hold a match.
    """
    split = SPLITTERS[unit]
    n = len(texts)
    if only is not None:
        titles = [t if keep else None for t, keep in zip(titles, only.tolist())]
        texts = [t if keep else None for t, keep in zip(texts, only.tolist())]
    spans: list[tuple[int, int]] = []
    string_of: list[int] = []
    strings: list[str] = []
    n_title = np.zeros(n, dtype=np.int64)
    n_units = np.zeros(n, dtype=np.int64)
    for i, (title, text) in enumerate(zip(titles, texts)):
        head = document_span(title) if isinstance(title, str) else []
        body = split(text) if isinstance(text, str) else []
        k = len(head) + len(body)
        if not k:
            continue
        n_title[i], n_units[i] = len(head), k
        pieces = [title[a:b] for a, b in head] + [text[a:b] for a, b in body]
        spans += head
        spans += body
        if SEPARATOR in pieces[0] or any(SEPARATOR in piece for piece in pieces[1:]):
            string_of += range(len(strings), len(strings) + k)   # rare: one string per unit
            strings += pieces
        else:
            string_of += [len(strings)] * k
            strings.append(SEPARATOR.join(pieces))
    if not spans:
        return ChunkUnits(*([_EMPTY] * 7), strings=strings, n_units=n_units)
    bounds = np.array(spans, dtype=np.int64)
    start, end = bounds[:, 0], bounds[:, 1]
    article = np.repeat(np.arange(n, dtype=np.int64), n_units)
    first_of_article = np.concatenate([[0], np.cumsum(n_units)[:-1]])
    position = np.arange(len(article), dtype=np.int64) - first_of_article[article]
    number = position + 1 - n_title[article]
    string = np.asarray(string_of, dtype=np.int64)
    step = end - start + 1
    before = np.cumsum(step) - step                   # exclusive running total
    first = np.flatnonzero(np.r_[True, string[1:] != string[:-1]])
    offset = before - np.repeat(before[first], np.diff(np.r_[first, len(string)]))
    return ChunkUnits(article, number, (number > 0).astype(np.int64), start, end, string, offset,
                      strings=strings, n_units=n_units)


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
        from toolkit.match.matcher import QUOTES

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
    string_start, string_end : the same match in ``ChunkUnits.strings[ChunkUnits.string[unit]]``.
    lexicon, category, pattern : as in :class:`~toolkit.match.matcher.Hits`.
    """

    unit: np.ndarray
    start: np.ndarray
    end: np.ndarray
    string_start: np.ndarray
    string_end: np.ndarray
    lexicon: np.ndarray
    category: np.ndarray
    pattern: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)


def match_units(matcher, units: ChunkUnits) -> UnitMatches:
    """Every match of ``matcher`` inside the units of a chunk (see the module docstring)."""
    ti, st, en, lx, ct, pt = matcher.find_many(units.strings)
    if not len(ti) or not len(units):
        return UnitMatches(*([_EMPTY] * 8))
    lengths = np.fromiter((len(s) + 1 for s in units.strings), dtype=np.int64, count=len(units.strings))
    base = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    unit_at = base[units.string] + units.offset          # increasing: units are laid out in order
    unit = np.searchsorted(unit_at, base[ti] + st, side="right") - 1
    shift = units.start[unit] - units.offset[unit]
    return UnitMatches(unit, st + shift, en + shift, st, en, lx, ct, pt)


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
