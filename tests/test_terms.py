"""Term counts per article and group (toolkit.count.terms): additive, engine-independent."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from toolkit.count.terms import article_texts, count_terms, doc_term_matrix, word_counts
from toolkit.text.tokens import tokenize


def test_doc_term_matrix_counts_titles_and_texts(tiny_articles):
    dtm = doc_term_matrix(tiny_articles)
    idx = dtm.term_index
    # a1: title "Russia warns NATO" (3) + 15 words; a2: "Talks resume" (2) + 8; b1: 2 + 8; b2: no title, 9
    assert dtm.doc_sizes.tolist() == [18, 10, 10, 9]
    assert dtm.matrix[1, idx["russia"]] == 1
    assert dtm.totals()[idx["russia"]] == 4
    assert dtm.totals()[idx["nato"]] == 4
    assert dtm.totals()[idx["u.s"]] == 1
    assert "s" not in idx
    assert article_texts(tiny_articles.iloc[:1]) == ["Russia warns NATO\n\n" + tiny_articles.loc[0, "text"]]


def test_count_terms_by_group(tiny_articles):
    counts = count_terms(tiny_articles, by="outlet")
    assert list(counts.columns) == ["outlet", "term", "freq"]
    got = counts.set_index(["outlet", "term"])["freq"]
    assert got[("Alpha", "russia")] == 3 and got[("Beta", "russia")] == 1
    assert got[("Alpha", "the")] == 2 and got[("Beta", "the")] == 2
    assert counts.groupby("outlet", observed=True)["freq"].sum().tolist() == [28, 19]
    assert counts.attrs["parameters"] == {"by": ["outlet"], "stopwords": False}


def test_counts_are_additive_across_chunks(tiny_articles):
    whole = count_terms(tiny_articles, by="outlet")
    parts = [count_terms(tiny_articles.iloc[[0, 2]], by="outlet"),
             count_terms(tiny_articles.iloc[[1, 3]], by="outlet")]
    summed = pd.concat(parts).groupby(["outlet", "term"], observed=True)["freq"].sum().reset_index()
    merged = whole.merge(summed, on=["outlet", "term"], how="outer", suffixes=("", "_sum"))
    assert (merged["freq"] == merged["freq_sum"]).all()


@pytest.mark.parametrize("options", [{"jobs": 2, "chunk_size": 1}, {"engine": "dask", "chunk_size": 2}])
def test_engines_and_chunks_give_the_same_matrix(tiny_articles, options):
    serial = doc_term_matrix(tiny_articles, jobs=1)
    other = doc_term_matrix(tiny_articles, **options)
    order = [other.term_index[t] for t in serial.terms]
    assert (other.matrix[:, order] != serial.matrix).nnz == 0


def test_count_terms_whole_corpus_and_missing_text():
    arts = pd.DataFrame({"text": ["Peace, peace.", None, "war"]})
    assert count_terms(arts, by=None).values.tolist() == [["peace", 2], ["war", 1]]
    assert doc_term_matrix(arts).doc_sizes.tolist() == [2, 0, 1]


TRICKY = [
    "U.S.\nThe state-\nrun TV\tsaid\u00a0so\u2028and\x1cthat Russia’s  war",  # odd whitespace
    "",
    "   ",
    "twice twice TWICE twice, twice. (twice)—twice",
    "a \ua66e marker \ua66eword",          # the chunk separator character inside a text
    "lone \ud800 surrogate war",            # not encodable as UTF-8
    "end.The e.g. u.s.-based x.y.z 3.5 covid-19 o'brien's don't İstanbul",
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_doc_term_matrix_equals_counters_of_tokenize(chunk):
    # Each text's row must hold exactly Counter(tokenize(text)), whatever the chunking: this covers
    # the whitespace-piece counting, the separator fallback (a text that contains the separator)
    # and the per-article fallback (a chunk that is not UTF-8).
    texts = TRICKY + [None] + TRICKY[::-1]
    dtm = doc_term_matrix(texts, jobs=1, chunk_size=chunk)
    for i, text in enumerate(texts):
        row = dtm.matrix.getrow(i)
        got = {dtm.terms[j]: int(v) for j, v in zip(row.indices, row.data)}
        assert got == dict(Counter(tokenize(text or ""))), (chunk, text)
    seen = list(dict.fromkeys(t for text in texts for t in tokenize(text or "")))
    assert dtm.terms.tolist() == seen    # terms in order of first appearance over the corpus
    stop = doc_term_matrix(texts, stopwords=True, jobs=1, chunk_size=chunk)
    assert "the" not in stop.term_index and stop.doc_sizes.tolist() == [
        len(tokenize(t or "", stopwords=True)) for t in texts]
    assert word_counts([t or "" for t in texts]).tolist() == [len(tokenize(t or "")) for t in texts]
