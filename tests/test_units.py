"""segment and matching within units (toolkit.count.units)."""
from __future__ import annotations

import pytest

from toolkit import ParameterError
from toolkit.count.units import segment

from conftest import ACTORS, make_articles as articles


# --------------------------------------------------------------------------- segment
def test_segment_title_is_unit_zero_and_offsets_index_the_text(tiny_articles):
    units = segment(tiny_articles)
    a1 = units[units["doc_id"] == "a1"]
    assert a1["unit"].tolist() == [0, 1, 2, 3]
    assert a1["field"].tolist() == ["title", "text", "text", "text"]
    assert a1["text"].tolist() == ["Russia warns NATO", "Russia warned of escalation.",
                                   "NATO said the alleged threat was exaggerated.", "The U.S. sent aid."]
    text = tiny_articles.loc[0, "text"]
    for _, u in a1[a1["field"] == "text"].iterrows():
        assert text[u["start"]:u["end"]] == u["text"]
    # b2 has an empty title: no unit 0
    assert segment(tiny_articles)[lambda d: d["doc_id"] == "b2"]["unit"].tolist() == [1, 2]


@pytest.mark.parametrize("unit, expected", [("sentence", 12), ("paragraph", 8), ("document", 7)])
def test_segment_units(tiny_articles, unit, expected):
    # titles: 3 non-empty; plus sentences 3+2+2+2, paragraphs 2+1+1+1, documents 4
    assert len(segment(tiny_articles, unit=unit)) == expected


def test_segment_rejects_unknown_unit(tiny_articles):
    with pytest.raises(ParameterError, match=r"`unit` value = 'clause' is invalid; must be one of"):
        segment(tiny_articles, unit="clause")




# --------------------------------------------------------------------------- matching within units
def per_unit_reference(matcher, titles, texts, unit):
    """Matches by calling Matcher.find on each unit's own text: the definition."""
    from toolkit.text.segment import article_units
    out = []
    for i, (title, text) in enumerate(zip(titles, texts)):
        for number, field, s, e in article_units(title, text, unit):
            source = (title, text)[field]
            hits = matcher.find(source[s:e])
            for a, b, c in zip(hits.start.tolist(), hits.end.tolist(), hits.category.tolist()):
                out.append((i, number, field, s + a, s + b, c))
    return out


def found_rows(matcher, titles, texts, unit):
    from toolkit.count.units import chunk_units, match_units
    units = chunk_units(titles, texts, unit)
    found = match_units(matcher, units)
    u = found.unit
    return list(zip(units.article[u].tolist(), units.number[u].tolist(), units.field[u].tolist(),
                    found.start.tolist(), found.end.tolist(), found.category.tolist()))


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
def test_joined_matching_equals_matching_each_unit(unit):
    from toolkit.match.lexicon import load_lexicon
    from toolkit.match.matcher import compile_matcher
    matcher = compile_matcher([load_lexicon(ACTORS), load_lexicon(
        {"in": ["In"], "phrase": ["boots on the ground"], "star": ["*ussia"], "end": ["end"]})])
    titles = ["Russia and NATO", "", None, "In U.S.", "Moscow\x00Kremlin"]
    texts = ["The minister found.In the end, boots on the.\n\nGround troops. Russia’s U.S. role.",
             "Boots on\nthe ground in the United\nStates. The US said us.",
             None,
             "E.U. and the EU.Then NATO-led and anti-NATO. Russia's. Russias' end.",
             "A text with\x00a separator: Russia. NATO\x00EU."]
    for got_unit in [unit]:
        assert found_rows(matcher, titles, texts, got_unit) == per_unit_reference(matcher, titles, texts, got_unit)


def test_a_match_never_straddles_or_depends_on_another_unit():
    from toolkit.concordance import hits
    from toolkit.framing import frequencies
    text = "The minister found.In the end Russia left. Boots on the. Ground."
    arts = articles(("d", "A", None, "", text))
    lex = {"in": ["In"], "phrase": ["boots on the ground", "the. Ground"]}
    found = hits(arts, lex)
    assert found[["unit", "term"]].values.tolist() == [[2, "In"]]
    assert frequencies(arts, lex)["mentions"].tolist() == [1, 0]
    # with the whole text as one unit the phrase spans the period; "In" is a word of its own there
    # too (a dot joins only a one-character word, as in the tokeniser: "found.In" is "found", "in")
    assert hits(arts, lex, unit="document")[["term"]].values.ravel().tolist() == ["In", "the. Ground"]
