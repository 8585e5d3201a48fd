"""Additive category counts (toolkit.count.categories): chunks add up to the whole."""
from __future__ import annotations

from conftest import ACTORS, FRAMES


def test_chunks_add_up(tiny_articles):
    from toolkit.count.groups import GroupIndex
    from toolkit.framing import count_categories
    from toolkit.match.lexicon import load_lexicon
    lexes = [load_lexicon(ACTORS), load_lexicon(FRAMES)]
    _, whole = count_categories(tiny_articles, lexes, unit="sentence", by="outlet", pair=(0, 1), jobs=1)
    _, pieces = count_categories(tiny_articles, lexes, unit="sentence", by="outlet", pair=(0, 1), jobs=2,
                                 chunk_size=1)
    assert (whole.joint == pieces.joint).all() and (whole.units == pieces.units).all()
    assert whole.units.tolist() == [7, 5]
    assert len(GroupIndex.of(tiny_articles, "outlet")) == 2
