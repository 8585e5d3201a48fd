"""Window collocates (toolkit.collocations) against NLTK and a hand-worked window."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures

from toolkit.collocations import COLLOCATE_COLUMNS, collocates
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


def test_bigram_counts_and_scores_equal_nltk(arts):
    # left=0, right=1 is NLTK's bigram table: f_joint = bigrams (node, collocate) inside a sentence,
    # f_window = bigrams that start with the node, f_collocate = word frequency, n = words.
    sents = [s for t in TEXTS for s in sentences(t)]
    assert len(sents) == 7  # the fixture's sentence ends are unambiguous
    finder = BigramCollocationFinder.from_documents(sents)
    n = finder.word_fd.N()
    t = collocates(arts, "escalation", left=0, right=1, by=None, min_freq=1)
    assert list(t.columns) == COLLOCATE_COLUMNS
    starting = sum(f for (w1, _), f in finder.ngram_fd.items() if w1 == "escalation")
    for r in t.itertuples():
        assert r.n == n
        assert r.f_node == finder.word_fd["escalation"] == 6
        assert r.f_window == starting == 5  # "Escalation." ends its sentence: no bigram starts there
        assert r.f_collocate == finder.word_fd[r.collocate]
        assert r.f_joint == finder.ngram_fd[("escalation", r.collocate)]
        args = (r.f_joint, (r.f_window, r.f_collocate), r.n)
        assert r.g2 == pytest.approx(BigramAssocMeasures.likelihood_ratio(*args), rel=1e-9)
        assert r.pmi == pytest.approx(BigramAssocMeasures.pmi(*args), rel=1e-9)
        assert r.t == pytest.approx(BigramAssocMeasures.student_t(*args), rel=1e-6)
        assert r.dice == pytest.approx(BigramAssocMeasures.dice(*args))
        e11 = r.f_window * r.f_collocate / r.n
        assert r.mi3 == pytest.approx(math.log2(r.f_joint ** 3 / e11))
        assert r.log_dice == pytest.approx(14 + math.log2(2 * r.f_joint / (r.f_window + r.f_collocate)))
        assert r.delta_p == pytest.approx(r.f_joint / r.f_window
                                          - (r.f_collocate - r.f_joint) / (r.n - r.f_window))
    assert t.set_index("collocate")["f_joint"].to_dict() == {"risks": 2, "failed": 1, "grew": 1, "of": 1}


def test_wide_window_counts_equal_nltk_pairs_when_windows_do_not_overlap():
    # Node occurrences at least `right` words apart: every window position is one NLTK pair
    # (node, word) of BigramCollocationFinder.from_words(sentence, window_size=right + 1).
    from nltk.probability import FreqDist

    text = "War talks began in Geneva today. Officials feared war as troops massed near the border."
    t = collocates(pd.DataFrame({"text": [text]}), "war", left=0, right=3, by=None, min_freq=1)
    pairs = FreqDist()
    for sent in sentences(text):
        pairs.update(BigramCollocationFinder.from_words(sent, window_size=4).ngram_fd)
    from_war = {w2: f for (w1, w2), f in pairs.items() if w1 == "war"}
    assert t.set_index("collocate")["f_joint"].to_dict() == from_war
    assert set(t["f_window"]) == {sum(from_war.values())} == {6}


def test_hand_worked_wide_window_merges_overlapping_windows():
    text = "Alpha beta node gamma node delta. Beta node epsilon."
    t = collocates(pd.DataFrame({"text": [text]}), "node", left=2, right=2, by=None, min_freq=1)
    got = t.set_index("collocate")
    # words: alpha0 beta1 node2 gamma3 node4 delta5 | beta6 node7 epsilon8
    # node@2: 0,1 | 3,4; node@4: 2,3 | 5; node@7: 6 | 8 -> positions {0,1,2,3,4,5,6,8}
    assert got["f_joint"].to_dict() == {"alpha": 1, "beta": 2, "gamma": 1, "node": 2, "delta": 1, "epsilon": 1}
    assert set(got["f_node"]) == {3} and set(got["f_window"]) == {8} and set(got["n"]) == {9}
    assert (got["f_joint"] <= got["f_collocate"]).all()  # gamma lies in two windows: counted once
    assert got.loc["beta", "pmi"] == pytest.approx(math.log2(2 * 9 / (8 * 2)))
    assert got.loc["beta", "log_dice"] == pytest.approx(14 + math.log2(4 / (8 + 2)))
    # windows never cross the sentence end: "delta" is not a left neighbour of node@7
    t1 = collocates(pd.DataFrame({"text": [text]}), "node", left=3, right=0, by=None, min_freq=1)
    assert t1.set_index("collocate")["f_joint"].to_dict() == {"alpha": 1, "beta": 2, "gamma": 1, "node": 1}
    assert set(t1["f_window"]) == {5}


def test_multi_word_and_dotted_nodes_occupy_their_words():
    text = "Put boots on the ground now. The U.S. army and U.S. officials met."
    arts = pd.DataFrame({"text": [text]})
    phrase = collocates(arts, "boots on the ground", left=1, right=1, by=None, min_freq=1)
    assert phrase.set_index("collocate")["f_joint"].to_dict() == {"put": 1, "now": 1}
    us = collocates(arts, "U.S.", left=1, right=1, by=None, min_freq=1).set_index("collocate")
    assert us["f_joint"].to_dict() == {"the": 1, "army": 1, "and": 1, "officials": 1}
    assert set(us["f_node"]) == {2} and us.attrs["node_terms"] == ["u.s."]


def test_lexicon_node_and_groups(arts):
    lex = load_lexicon({"escalation": ["escalat*", "boots on the ground"], "peace": ["talks"]})
    t = collocates(arts, (lex, "escalation"), left=1, right=1, by="outlet", min_freq=1)
    assert t.attrs["node_terms"] == ["escalation"]
    # B's only "Escalation." is a sentence of its own: no collocate at all
    assert set(t["outlet"]) == {"A"}
    a = t[t["outlet"] == "A"]
    assert set(a["f_node"]) == {5}
    assert a.set_index("collocate").loc["of", "f_joint"] == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"node": "escalat*", "left": 0, "right": 0}, "`left` and `right` cannot both be 0"),
    ({"node": "escalat*", "left": -1}, r"`left` value = -1 is invalid; must be an integer >= 0"),
    ({"node": "escalat*", "min_freq": 1.5}, r"`min_freq` value = 1.5 is invalid; must be an integer >= 0"),
    ({"node": "ceasefire"}, r"`node` 'ceasefire' matches nothing in the corpus"),
    ({"node": "escalat*", "sort_by": "mi"}, r"`sort_by` value = 'mi' is invalid \(did you mean 'pmi'\?\)"),
    ({"node": 5}, r"`node` value = 5 is invalid; must be a pattern"),
    ({"node": "frame:escalation"}, r"`node` value = 'frame:escalation' is invalid: 'frame' is no lexicon "
                                   r"\(did you mean 'frames'\?\)"),
    ({"node": "*"}, r"`node` pattern '\*' is invalid"),
])
def test_collocates_argument_errors(arts, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        collocates(arts, **kwargs)


def test_plot_collocation_network(arts):
    t = collocates(arts, "escalat*", left=3, right=3, by=None, min_freq=1)
    fig = plot_collocation_network(t, top=5)
    ax = fig.axes[0]
    assert ax.get_title() == "Collocates of escalat* (log_dice)"
    assert "edge width: log_dice" in ax.get_xlabel()
    assert len([c for c in ax.texts]) == 6  # node + 5 collocates
    matplotlib.pyplot.close(fig)


def test_collocates_on_the_basil_corpus_match_a_sentence_by_sentence_recomputation():
    """The chunked, parallel path against a plain loop over sentences with the public primitives."""
    from collections import Counter

    from conftest import shared_path
    from toolkit.corpus.load import load_corpus
    from toolkit.count.terms import article_texts
    from toolkit.match.matcher import compile_matcher
    from toolkit.text.segment import article_units
    from toolkit.text.tokens import tokens

    arts = load_corpus(shared_path("basil", "articles.jsonl"))
    table = collocates(arts, "obama*", left=0, right=1, by="outlet", min_freq=1, jobs=2)
    matcher = compile_matcher([load_lexicon({"node": ["obama*"]})])
    for outlet in ["Fox News", "HuffPost"]:
        part = arts[arts["outlet"] == outlet]
        freq = Counter(t for text in article_texts(part) for t in tokenize(text))
        n = sum(freq.values())
        f_node, bigrams = 0, Counter()
        for title, text in zip(part["title"], part["text"]):
            for _, field, s, e in article_units(title, text):
                unit = (title, text)[field][s:e]
                words = tokens(unit)
                found = matcher.find(unit)
                f_node += len(found)
                for end in found.end.tolist():
                    after = np.searchsorted(words.start, end)
                    if after < len(words):
                        bigrams[words.term[after]] += 1
        got = table[table["outlet"] == outlet].set_index("collocate")
        assert set(got.index) == set(bigrams)
        for word, row in got.head(10).iterrows():
            assert (row.f_node, row.f_collocate, row.f_joint, row.n) == (f_node, freq[word], bigrams[word], n)
            assert row.f_window == sum(bigrams.values())
            assert row.g2 == pytest.approx(BigramAssocMeasures.likelihood_ratio(
                bigrams[word], (row.f_window, freq[word]), n), rel=1e-9)
