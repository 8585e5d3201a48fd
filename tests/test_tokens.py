"""The tokeniser (toolkit.text.tokens): rules, spans, terms, word counts."""
from __future__ import annotations

import numpy as np
import pytest

from toolkit.errors import ParameterError
from toolkit.text.tokens import count_words, fold, load_stopwords, stopword_set, term_of, tokenize, tokens


@pytest.mark.parametrize("text, expected", [
    ("The war, the WAR!", ["the", "war", "the", "war"]),
    ("state-run media", ["state-run", "media"]),
    ("state\u2011run and state\u2010owned", ["state-run", "and", "state-owned"]),
    ("Russia’s envoy and Russia's army and Russiaʼs aide", ["russia", "envoy", "and", "russia", "army", "and",
                                                          "russia", "aide"]),
    ("don't can't O’Brien", ["don't", "can't", "o'brien"]),
    ("In 2024, 3.5% of 40,000 troops", ["in", "of", "troops"]),
    ("the 1990s and covid-19", ["the", "1990s", "and", "covid-19"]),
    ("U.S. and E.U. officials at 9 a.m.", ["u.s", "and", "e.u", "officials", "at", "a.m"]),
    ("said.The end -- and", ["said", "the", "end", "and"]),
    ("the students' union", ["the", "students", "union"]),
    ("‘quoted’ word", ["quoted", "word"]),
    ("İstanbul ΟΔΟΣ", ["istanbul", "οδοσ"]),
])
def test_tokenize_rules(text, expected):
    assert tokenize(text) == expected


def test_spans_index_the_text_and_terms_agree_with_tokenize():
    text = "İn the U.S., Russia’s state‑run TV (2024) said: “no”."
    t = tokens(text)
    assert [text[a:b] for a, b in zip(t.start.tolist(), t.end.tolist())] == [
        "İn", "the", "U.S", "Russia’s", "state‑run", "TV", "said", "no"]
    assert t.term == tokenize(text) == ["in", "the", "u.s", "russia", "state-run", "tv", "said", "no"]
    assert t.start.dtype == np.int64 and len(t) == 8
    assert count_words(text) == 8


def test_fold_keeps_length_and_term_of():
    assert fold("İSTANBUL") == "istanbul" and len(fold("İ")) == 1
    assert [term_of(x) for x in ["Russia’s", "U.S", "2024", "it's"]] == ["russia", "u.s", None, "it"]


def test_count_words_is_the_length_of_tokenize():
    for text in ["", "   ", "“We won’t back down,” the U.S. envoy said in 2024.", "a-b-c d'e 12 x.y.z"]:
        assert count_words(text) == len(tokenize(text))
    with pytest.raises(ParameterError, match=r"`text` must be a str, not int"):
        count_words(3)


def test_stopwords_list_and_removal():
    stop = load_stopwords()
    assert 150 <= len(stop) <= 250
    assert {"the", "of", "and", "don't", "would"} <= stop
    assert "war" not in stop and "russia" not in stop
    assert tokenize("The war of the worlds", stopwords=True) == ["war", "worlds"]
    assert tokenize("The war of the worlds", stopwords=["War"]) == ["the", "of", "the", "worlds"]
    assert tokens("The war of the worlds", stopwords=True).start.tolist() == [4, 15]
    assert stopword_set(["Russia’s", "2024"]) == frozenset({"russia", "2024"})
    with pytest.raises(ParameterError, match="`stopwords` must be True, False or a collection of words, not a string"):
        tokenize("x", stopwords="the")
