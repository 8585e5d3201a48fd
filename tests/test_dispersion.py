"""Dispersion (toolkit.dispersion) on Gries' (2008) example corpus."""
from __future__ import annotations

import math
import statistics

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from toolkit.dispersion import dispersion, term_positions
from toolkit.errors import ParameterError
from toolkit.plots.keyness import plot_dispersion

# Gries (2008: 410), a corpus of 50 words in five parts; "a" occurs 1, 2, 3, 4, 5 times
# in parts of 9, 10, 10, 10, 11 words, and "b" twice in every part.
GRIES_PARTS = [
    "b a m n i b e u p",
    "b a s a t b e w q n",
    "b c a g a b e s t a",
    "b a g h a b e a a t",
    "b a h a a b e a x a t",
]


@pytest.fixture
def gries() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"p{i}" for i in range(1, 6)], "text": GRIES_PARTS,
                         "half": ["x", "x", "y", "y", "y"]})


def test_gries_2008_example(gries):
    t = dispersion(gries, ["a", "b", "z"], by=None).set_index("category")
    assert list(t.columns) == ["freq", "range", "parts", "juilland_d", "dp", "dp_norm"]
    a = t.loc["a"]
    assert (a.freq, a["range"], a.parts) == (15, 5, 5)
    shares = [9 / 50, 10 / 50, 10 / 50, 10 / 50, 11 / 50]
    # DP = 0.5 * sum |v_i/f - s_i| = 0.5 * (.1133 + .0667 + 0 + .0667 + .1133) = 0.18
    assert a.dp == pytest.approx(0.18)
    assert a.dp_norm == pytest.approx(0.18 / (1 - min(shares)))
    rel = [1 / 9, 2 / 10, 3 / 10, 4 / 10, 5 / 11]
    d = 1 - (statistics.pstdev(rel) / statistics.mean(rel)) / math.sqrt(5 - 1)
    assert a.juilland_d == pytest.approx(d)
    b = t.loc["b"]
    # b: 2 per part -> 0.5 * (|.2 - .18| + 0 + 0 + 0 + |.2 - .22|) = 0.02
    assert (b.freq, b["range"]) == (10, 5)
    assert b.dp == pytest.approx(0.02)
    z = t.loc["z"]
    assert z.freq == 0 and z["range"] == 0 and math.isnan(z.dp) and math.isnan(z.juilland_d)


def test_dispersion_by_group_and_wildcards(gries):
    t = dispersion(gries, ["a", "t*"], by="half")
    x = t[t["half"] == "x"].set_index("category")
    assert x.loc["a", "freq"] == 3 and x.loc["a", "parts"] == 2
    # within x: parts of 9 and 10 words, "a" 1 and 2 -> DP = 0.5*(|1/3-9/19| + |2/3-10/19|)
    assert x.loc["a", "dp"] == pytest.approx(0.5 * (abs(1 / 3 - 9 / 19) + abs(2 / 3 - 10 / 19)))
    assert x.loc["t*", "freq"] == 1  # "t" once in part 2
    with pytest.raises(ParameterError, match="`what` is an empty list"):
        dispersion(gries, [], by=None)


def test_term_positions_and_barcode(gries):
    pos = term_positions(gries, ["m", "x"])
    assert pos[["category", "doc_id", "position", "corpus_position"]].values.tolist() == [
        ["m", "p1", 2, 2], ["x", "p5", 8, 47]]
    assert pos.attrs["corpus_size"] == 50
    assert pos.attrs["doc_starts"] == [0, 9, 19, 29, 39]
    fig = plot_dispersion(pos)
    ax = fig.axes[0]
    assert ax.get_title() == "Dispersion of m, x across 5 articles"
    assert ax.get_xlabel().startswith("word position in the corpus")
    assert ax.get_ylabel() == "pattern (matches)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["m (1)", "x (1)"]
    matplotlib.pyplot.close(fig)


def test_dispersion_of_phrases_abbreviations_and_lexicon_categories():
    arts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "title": ["U.S. troops", ""],
                         "text": ["Boots on the ground in a war. The U.S. said so.", "No boots on\nthe ground in this war."]})
    t = dispersion(arts, ["U.S.", "boots on the ground"]).set_index("category")
    assert t.loc["U.S.", "freq"] == 2 and t.loc["U.S.", "range"] == 1      # title and text of a
    assert t.loc["boots on the ground", "freq"] == 2 and t.loc["boots on the ground", "range"] == 2
    assert t["outlet"].tolist() == ["X", "X"]
    lex = dispersion(arts, "frames:military_intervention", by=None)
    assert lex["category"].tolist() == ["military_intervention"]
    # "troops" in a's title and the two phrases (the category needs a conflict word in their clause)
    assert lex["freq"].tolist() == [3]


def test_dispersion_of_no_articles_is_an_empty_table():
    empty = pd.DataFrame({"doc_id": [], "outlet": [], "title": [], "text": []})
    t = dispersion(empty, "war")
    assert len(t) == 0 and list(t.columns) == ["outlet", "category", "freq", "range", "parts", "juilland_d",
                                               "dp", "dp_norm"]
