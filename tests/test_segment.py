"""Units of one article (toolkit.text.segment): the title is unit 0, the text's units follow."""
from __future__ import annotations

import pytest

from toolkit import ParameterError
from toolkit.text.segment import UNITS, article_units, document_span, unit_spans


def test_title_is_unit_zero_and_text_units_count_from_one():
    text = "Mr. Smith came. He left.\n\nLater, rain."
    assert article_units("  Talks  ", text) == [(0, 0, 2, 7), (1, 1, 0, 15), (2, 1, 16, 24), (3, 1, 26, 38)]
    assert article_units("Talks", text, "paragraph") == [(0, 0, 0, 5), (1, 1, 0, 24), (2, 1, 26, 38)]
    assert article_units("Talks", text, "document") == [(0, 0, 0, 5), (1, 1, 0, 38)]


def test_missing_and_blank_fields_have_no_units():
    assert article_units(None, None) == [] and article_units(float("nan"), "  ") == []
    assert article_units("", "One.") == [(1, 1, 0, 4)]     # no title: the text still starts at 1
    assert document_span(" \n ") == [] and unit_spans("One. Two.", "sentence") == [(0, 4), (5, 9)]


def test_units_are_a_literal_and_checked():
    assert UNITS == ("sentence", "paragraph", "document")
    with pytest.raises(ParameterError, match=r"`unit` value = 'sentences' is invalid \(did you mean 'sentence'\?\)"):
        article_units("", "x", "sentences")
