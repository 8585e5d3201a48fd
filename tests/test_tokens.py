"""Tokens and additive counts (toolkit.text.tokens)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.text import tokens as tokens
from toolkit.errors import ParameterError
from toolkit.text.tokens import count_terms, doc_term_matrix, load_stopwords, tokenize


@pytest.mark.parametrize("text, expected", [
    ("The war, the WAR!", ["the", "war", "the", "war"]),
    ("state-run media", ["state-run", "media"]),
    ("Russia’s envoy and Russia's army", ["russia", "envoy", "and", "russia", "army"]),
    ("don't can't O’Brien", ["don't", "can't", "o'brien"]),
    ("In 2024, 3.5% of 40,000 troops", ["in", "of", "troops"]),
    ("the 1990s and covid-19", ["the", "1990s", "and", "covid-19"]),
    ("U.S. and E.U. officials at 9 a.m.", ["u.s", "and", "e.u", "officials", "at", "a.m"]),
    ("said.The end -- and", ["said", "the", "end", "and"]),
    ("the students' union", ["the", "students", "union"]),
    ("‘quoted’ word", ["quoted", "word"]),
])
def test_tokenize_rules(text, expected):
    assert tokenize(text) == expected


def test_stopwords_list_and_removal():
    stop = load_stopwords()
    assert 150 <= len(stop) <= 250
    assert {"the", "of", "and", "don't", "would"} <= stop
    assert "war" not in stop and "russia" not in stop
    assert tokenize("The war of the worlds", stopwords=True) == ["war", "worlds"]
    assert tokenize("The war of the worlds", stopwords=["War"]) == ["the", "of", "the", "worlds"]
    with pytest.raises(ParameterError, match="stopwords"):
        tokenize("x", stopwords="the")


def test_doc_term_matrix_counts(tiny_articles):
    dtm = doc_term_matrix(tiny_articles)
    idx = dtm.term_index
    # a2: "Peace talks resumed in Geneva. Russia’s envoy attended." -> 8 tokens
    assert dtm.doc_sizes.tolist() == [15, 8, 8, 9]
    assert dtm.matrix[1, idx["russia"]] == 1
    assert dtm.totals()[idx["russia"]] == 3
    assert dtm.totals()[idx["nato"]] == 2
    assert dtm.totals()[idx["u.s"]] == 1
    assert "s" not in idx


def test_count_terms_by_group(tiny_articles):
    counts = count_terms(tiny_articles, by="outlet")
    assert list(counts.columns) == ["outlet", "term", "freq"]
    got = counts.set_index(["outlet", "term"])["freq"]
    assert got[("Alpha", "russia")] == 2 and got[("Beta", "russia")] == 1
    assert got[("Alpha", "the")] == 2 and got[("Beta", "the")] == 2
    assert counts.groupby("outlet", observed=True)["freq"].sum().tolist() == [23, 17]


def test_counts_are_additive_across_chunks(tiny_articles):
    whole = count_terms(tiny_articles, by="outlet")
    parts = [count_terms(tiny_articles.iloc[[0, 2]], by="outlet"),
             count_terms(tiny_articles.iloc[[1, 3]], by="outlet")]
    summed = (pd.concat(parts).groupby(["outlet", "term"], observed=True)["freq"].sum()
              .reset_index())
    merged = whole.merge(summed, on=["outlet", "term"], how="outer", suffixes=("", "_sum"))
    assert (merged["freq"] == merged["freq_sum"]).all()


def test_parallel_chunks_give_the_same_matrix(tiny_articles, monkeypatch):
    serial = doc_term_matrix(tiny_articles, processes=1)
    monkeypatch.setattr(tokens, "_CHUNK_DOCS", 1)
    parallel = doc_term_matrix(tiny_articles, processes=2)
    order = [parallel.term_index[t] for t in serial.terms]
    assert (parallel.matrix[:, order] != serial.matrix).nnz == 0
    with pytest.raises(ParameterError, match="processes"):
        doc_term_matrix(tiny_articles, processes=0)


def test_count_terms_whole_corpus_and_missing_text():
    arts = pd.DataFrame({"text": ["Peace, peace.", None, "war"]})
    got = count_terms(arts)
    assert got.values.tolist() == [["peace", 2], ["war", 1]]
    assert doc_term_matrix(arts).doc_sizes.tolist() == [2, 0, 1]


TRICKY = [
    "U.S.\nThe state-\nrun TV\tsaid\u00a0so\u2028and\x1cthat Russia’s  war",  # odd whitespace
    "",
    "   ",
    "twice twice TWICE twice, twice. (twice)—twice",
    "a \ua66e marker \ua66eword",          # the chunk separator character inside a text
    "lone \ud800 surrogate war",            # not encodable as UTF-8
    "end.The e.g. u.s.-based x.y.z 3.5 covid-19 o'brien's don't",
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_doc_term_matrix_equals_counters_of_tokenize(monkeypatch, chunk):
    # Each text's row must hold exactly Counter(tokenize(text)), whatever the chunking:
    # this covers the whitespace-piece counting, the separator fallback (a text that
    # contains the separator) and the per-article fallback (a chunk that is not UTF-8).
    from collections import Counter

    monkeypatch.setattr(tokens, "_CHUNK_DOCS", chunk)
    texts = TRICKY + [None] + TRICKY[::-1]
    dtm = doc_term_matrix(texts, processes=1)
    for i, text in enumerate(texts):
        row = dtm.matrix.getrow(i)
        got = {dtm.terms[j]: int(v) for j, v in zip(row.indices, row.data)}
        assert got == dict(Counter(tokenize(text or ""))), (chunk, text)
    # terms in order of first appearance over the corpus
    seen = list(dict.fromkeys(t for text in texts for t in tokenize(text or "")))
    assert dtm.terms.tolist() == seen
    stop = doc_term_matrix(texts, stopwords=True, processes=1)
    assert "the" not in stop.term_index and stop.doc_sizes.tolist() == [
        len(tokenize(t or "", stopwords=True)) for t in texts]
