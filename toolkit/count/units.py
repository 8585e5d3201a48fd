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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.count.groups import group_frame, group_names
from toolkit.errors import check_columns
from toolkit.text.segment import SPLITTERS, Unit, check_unit, document_span

__all__ = ["SEPARATOR", "ChunkUnits", "UnitMatches", "chunk_units", "match_units", "unit_texts", "segment"]

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


def chunk_units(titles: Sequence, texts: Sequence, unit: Unit) -> ChunkUnits:
    """The units of a chunk of articles (missing titles and texts count as empty)."""
    split = SPLITTERS[unit]
    cols: tuple[list, ...] = ([], [], [], [], [], [], [])
    article, number, field, start, end, string, offset = cols
    strings: list[str] = []
    n_units = np.zeros(len(texts), dtype=np.int64)
    for i, (title, text) in enumerate(zip(titles, texts)):
        spans = []
        if isinstance(title, str):
            spans += [(0, 0, s, e, title) for s, e in document_span(title)]
        if isinstance(text, str):
            spans += [(k, 1, s, e, text) for k, (s, e) in enumerate(split(text), start=1)]
        n_units[i] = len(spans)
        if not spans:
            continue
        pieces = [src[s:e] for _, _, s, e, src in spans]
        together = SEPARATOR not in (title if isinstance(title, str) else "") and \
            SEPARATOR not in (text if isinstance(text, str) else "")
        pos = 0
        for (k, f, s, e, _), piece in zip(spans, pieces):
            article.append(i), number.append(k), field.append(f), start.append(s), end.append(e)
            if together:
                string.append(len(strings)), offset.append(pos)
                pos += len(piece) + 1
            else:
                string.append(len(strings)), offset.append(0)
                strings.append(piece)
        if together:
            strings.append(SEPARATOR.join(pieces))
    arrays = [np.asarray(c, dtype=np.int64) if c else _EMPTY for c in cols]
    return ChunkUnits(*arrays, strings=strings, n_units=n_units)


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
