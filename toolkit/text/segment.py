"""Cut articles into units: sentences, paragraphs or whole documents.

The title is always its own unit, numbered 0 (and left out when it is empty); the units of the
text are numbered from 1 in reading order. Offsets ``start``/``end`` index the unit's ``field``
(``"title"`` or ``"text"``), so ``articles.text[start:end]`` is the unit's text.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.errors import check_choice, check_columns
from toolkit.count.groups import group_frame, group_names
from toolkit.text.sentences import paragraph_spans, sentence_spans

UNITS = ("sentence", "paragraph", "document")


def document_span(text: str) -> list[tuple[int, int]]:
    """The whole text, without surrounding whitespace, as one span (none for a blank text)."""
    stripped = text.strip()
    if not stripped:
        return []
    start = len(text) - len(text.lstrip())
    return [(start, start + len(stripped))]


SPLITTERS = {"sentence": sentence_spans, "paragraph": paragraph_spans, "document": document_span}


def unit_spans(text: str, unit: str = "sentence") -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the units of ``text``; see :data:`UNITS`."""
    check_choice("unit", unit, UNITS)
    return SPLITTERS[unit](text)


def segment(articles: pd.DataFrame, unit: str = "sentence", *,
            by: str | Sequence[str] | None = ("outlet", "date")) -> pd.DataFrame:
    """One row per unit of every article.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text`` and the ``by`` columns).
    unit : {"sentence", "paragraph", "document"}
        Sentences come from :func:`toolkit.text.sentences.sentence_spans` (rules in that module);
        paragraphs are separated by a blank line.
    by : str, list of str or None
        Grouping columns copied onto every unit (periods such as ``"month"`` are derived from
        ``date``); default ``outlet`` and ``date``.

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``unit`` (int; 0 is the title), ``field`` (``"title"`` or
        ``"text"``), ``start``, ``end`` (int offsets into that field) and ``text`` (the unit's text).

    Raises
    ------
    ParameterError
        An unknown ``unit`` or a missing column.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "date": [pd.NaT], "title": ["Hi"],
    ...                      "text": ["Mr. Smith came. He left."]})
    >>> toolkit.segment(arts)["text"].tolist()
    ['Hi', 'Mr. Smith came.', 'He left.']
    """
    check_choice("unit", unit, UNITS)
    check_columns(articles, ["doc_id", "title", "text"])
    names = group_names(by)
    groups = group_frame(articles, names)
    split = SPLITTERS[unit]
    rows_doc, rows_pos, units, fields, starts, ends, texts = [], [], [], [], [], [], []
    for pos, (doc_id, title, text) in enumerate(zip(articles["doc_id"], articles["title"], articles["text"])):
        title = title if isinstance(title, str) else ""
        if title.strip():
            s, e = document_span(title)[0]
            rows_pos.append(pos); rows_doc.append(doc_id); units.append(0); fields.append("title")
            starts.append(s); ends.append(e); texts.append(title[s:e])
        for number, (s, e) in enumerate(split(text), start=1):
            rows_pos.append(pos); rows_doc.append(doc_id); units.append(number); fields.append("text")
            starts.append(s); ends.append(e); texts.append(text[s:e])
    out = {"doc_id": rows_doc}
    for name in names:
        out[name] = groups[name].to_numpy()[rows_pos] if len(rows_pos) else groups[name].iloc[:0].to_numpy()
    frame = pd.DataFrame(out)
    for name in names:
        if isinstance(groups[name].dtype, pd.CategoricalDtype):
            frame[name] = pd.Categorical(frame[name], categories=groups[name].cat.categories)
    frame["unit"] = pd.array(units, dtype="int64")
    frame["field"] = fields
    frame["start"] = pd.array(starts, dtype="int64")
    frame["end"] = pd.array(ends, dtype="int64")
    frame["text"] = texts
    frame.attrs["parameters"] = {"unit": unit, "by": names}
    return frame
