"""Window collocates (toolkit.collocations) against NLTK and a hand-worked window."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures

from toolkit.collocations import COLLOCATE_COLUMNS, collocates, node_terms
from toolkit.errors import ParameterError
from toolkit.match.lexicon import load_lexicon
from toolkit.plots.keyness import plot_collocation_network
from toolkit.text.tokens import tokenize

TEXTS = [
    "The threat of escalation grew. Escalation risks rose as the threat grew. "
    "Talks on escalation failed.",
    "Analysts warned of escalation risks. The escalation of the war worried the talks.",
    "Escalation. Risks grew and the threat of war grew too.",
]


@pytest.fixture
def arts() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "outlet": ["A", "A", "B"], "text": TEXTS})


def sentences(text):
    from toolkit.text.sentences import sentence_spans
    return [tokenize(text[a:b]) for a, b in sentence_spans(text)]


def test_bigram_counts_and_ll_equal_nltk(arts):
    sents = [s for t in TEXTS for s in sentences(t)]
    assert len(sents) == 7  # the fixture's sentence ends are unambiguous
    finder = BigramCollocationFinder.from_documents(sents)
    n = finder.word_fd.N()
    t = collocates(arts, "escalation", left=0, right=1, min_freq=1)
    assert list(t.columns) == COLLOCATE_COLUMNS
    for r in t.itertuples():
        assert r.n == n
        assert r.f_node == finder.word_fd["escalation"] == 6
        assert r.f_collocate == finder.word_fd[r.collocate]
        assert r.f_joint == finder.ngram_fd[("escalation", r.collocate)]
        args = (r.f_joint, (r.f_node, r.f_collocate), r.n)
        assert r.g2 == pytest.approx(BigramAssocMeasures.likelihood_ratio(*args), rel=1e-9)
        assert r.pmi == pytest.approx(BigramAssocMeasures.pmi(*args), rel=1e-9)
        e11 = r.f_node * r.f_collocate / r.n
        assert r.t == pytest.approx((r.f_joint - e11) / math.sqrt(r.f_joint))
        assert r.mi3 == pytest.approx(math.log2(r.f_joint ** 3 / e11))
        assert r.dice == pytest.approx(BigramAssocMeasures.dice(*args))
        assert r.log_dice == pytest.approx(14 + math.log2(2 * r.f_joint / (r.f_node + r.f_collocate)))
        assert r.delta_p == pytest.approx(r.f_joint / r.f_node
                                          - (r.f_collocate - r.f_joint) / (r.n - r.f_node))
    # "Escalation." ends a sentence: its right neighbour "risks" is not counted
    assert t.set_index("collocate")["f_joint"].to_dict() == {"risks": 2, "failed": 1, "grew": 1,
                                                             "of": 1}


def test_hand_worked_wide_window():
    text = "Alpha beta node gamma node delta. Beta node epsilon."
    t = collocates(pd.DataFrame({"text": [text]}), "node", left=2, right=2, min_freq=1)
    got = t.set_index("collocate")
    # node@2: alpha beta | gamma node ; node@4: node gamma | delta ; node@7: beta | epsilon
    assert got["f_joint"].to_dict() == {"alpha": 1, "beta": 2, "gamma": 2, "node": 2,
                                        "delta": 1, "epsilon": 1}
    assert set(got["f_node"]) == {3} and set(got["n"]) == {9}
    assert got.loc["gamma", "f_collocate"] == 1  # counted in two overlapping windows
    assert got.loc["beta", "pmi"] == pytest.approx(math.log2(2 * 9 / (3 * 2)))
    assert got.loc["beta", "log_dice"] == pytest.approx(14 + math.log2(4 / 5))
    # windows never cross the sentence end: "delta" is not a left neighbour of node@7
    t1 = collocates(pd.DataFrame({"text": [text]}), "node", left=3, right=0, min_freq=1)
    assert t1.set_index("collocate")["f_joint"].to_dict() == {
        "alpha": 1, "beta": 3, "gamma": 1, "node": 1}


def test_wildcard_lexicon_and_groups(arts):
    assert node_terms("escalat*", ["escalation", "escalated", "de-escalation", "scale"]) == [
        "escalation", "escalated"]
    lex = load_lexicon({"escalation": ["escalat*", "boots on the ground"], "peace": ["talks"]})
    with pytest.warns(UserWarning, match="skipped 1 multi-word or case-sensitive"):
        t = collocates(arts, (lex, "escalation"), 1, 1, by="outlet", min_freq=1)
    assert t.attrs["node_terms"] == ["escalation"]
    # B's only "Escalation." is a sentence of its own: no collocate at all
    assert set(t["outlet"]) == {"A"}
    a = t[t["outlet"] == "A"]
    assert set(a["f_node"]) == {5}
    assert a.set_index("collocate").loc["of", "f_joint"] == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"node": "escalat*", "left": 0, "right": 0}, "cannot both be 0"),
    ({"node": "escalat*", "left": -1}, r"`left` value = -1 is invalid"),
    ({"node": "boots on the ground"}, "is not a single token"),
    ({"node": "ceasefire"}, "matches no token"),
    ({"node": "escalat*", "sort_by": "mi"}, r"`sort_by` value = 'mi' is invalid \(did you mean 'pmi'\?\)"),
    ({"node": 5}, r"`node` value = 5 is invalid"),
])
def test_collocates_argument_errors(arts, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        collocates(arts, **kwargs)


def test_plot_collocation_network(arts):
    t = collocates(arts, "escalat*", 3, 3, min_freq=1)
    fig = plot_collocation_network(t, top=5)
    ax = fig.axes[0]
    assert ax.get_title() == "Collocates of escalat* (log_dice)"
    assert "edge width: log_dice" in ax.get_xlabel()
    assert len([c for c in ax.texts]) == 6  # node + 5 collocates
    matplotlib.pyplot.close(fig)


def test_collocates_on_the_basil_corpus_match_counter_recomputation():
    """Real-corpus path (no document x term matrix) against Counters of tokenize() and NLTK."""
    from collections import Counter

    from conftest import shared_path
    from toolkit.corpus.load import load_corpus
    from toolkit.text.sentences import sentence_spans

    arts = load_corpus(shared_path("basil", "articles.jsonl"))
    table = collocates(arts, "obama*", 0, 1, by="outlet", min_freq=1)
    for outlet in ["Fox News", "HuffPost"]:
        texts = arts.loc[arts["outlet"] == outlet, "text"]
        freq = Counter(t for text in texts for t in tokenize(text))
        n = sum(freq.values())
        f_node = sum(f for t, f in freq.items() if t.startswith("obama"))
        bigrams = Counter()
        for text in texts:
            for s, e in sentence_spans(text):
                toks = tokenize(text[s:e])
                bigrams.update(w2 for w1, w2 in zip(toks, toks[1:]) if w1.startswith("obama"))
        got = table[table["outlet"] == outlet].set_index("collocate")
        assert set(got.index) == set(bigrams)
        for word, row in got.head(10).iterrows():
            assert (row.f_node, row.f_collocate, row.f_joint, row.n) == (f_node, freq[word], bigrams[word], n)
            assert row.g2 == pytest.approx(BigramAssocMeasures.likelihood_ratio(
                bigrams[word], (f_node, freq[word]), n), rel=1e-9)
