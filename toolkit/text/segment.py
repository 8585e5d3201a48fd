"""Units of an article: the title, then sentences, paragraphs or the whole text.

One numbering for every verb: the title is unit 0 (left out when it is empty or blank); the units
of the text are numbered from 1 in reading order. A unit's span ``(start, end)`` indexes its field
(the title or the text) and is stripped of surrounding whitespace. Sentences come from
:func:`toolkit.text.sentences.sentence_spans`, paragraphs (separated by a blank line) from
:func:`toolkit.text.sentences.paragraph_spans`; a document unit is the whole stripped text.

The table of units of a corpus is :func:`toolkit.segment`; matching and counting within units
is :mod:`toolkit.count.units`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from toolkit.errors import check_choice
from toolkit.text.sentences import paragraph_spans, sentence_spans

__all__ = ["Unit", "UNITS", "SPLITTERS", "FIELDS", "document_span", "unit_spans", "article_units", "check_unit"]

#: The units a verb's ``unit=`` accepts.
Unit = Literal["sentence", "paragraph", "document"]
UNITS: tuple[str, ...] = get_args(Unit)
#: The fields a unit comes from: the title (unit 0) and the text (units 1, 2, ...).
FIELDS = ("title", "text")


def document_span(text: str) -> list[tuple[int, int]]:
    """The whole text, without surrounding whitespace, as one span (none for a blank text)."""
    stripped = text.strip()
    if not stripped:
        return []
    start = len(text) - len(text.lstrip())
    return [(start, start + len(stripped))]


SPLITTERS: dict[str, Callable[[str], list[tuple[int, int]]]] = {
    "sentence": sentence_spans, "paragraph": paragraph_spans, "document": document_span}


def check_unit(unit: object) -> None:
    """Raise :class:`toolkit.errors.ParameterError` unless ``unit`` is one of :data:`UNITS`."""
    check_choice("unit", unit, UNITS)


def unit_spans(text: str, unit: Unit = "sentence") -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the units of ``text`` (no title); see :data:`UNITS`."""
    check_unit(unit)
    return SPLITTERS[unit](text)


def article_units(title: object, text: object, unit: Unit = "sentence") -> list[tuple[int, int, int, int]]:
    """The units of one article as ``(number, field, start, end)``.

    ``field`` is 0 for the title, 1 for the text (an index into :data:`FIELDS`); a missing title
    or text (None, NaN) counts as empty.

    Examples
    --------
    >>> article_units("Talks", "Mr. Smith came. He left.")
    [(0, 0, 0, 5), (1, 1, 0, 15), (2, 1, 16, 24)]
    """
    check_unit(unit)
    out = []
    if isinstance(title, str):
        out += [(0, 0, s, e) for s, e in document_span(title)]
    if isinstance(text, str):
        out += [(k, 1, s, e) for k, (s, e) in enumerate(SPLITTERS[unit](text), start=1)]
    return out
