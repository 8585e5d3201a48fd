"""The speed-ups of the quotes package (and of the sentence splitter it runs on every article)
equal the definitions they replace (issue 16).

Each fast path is compared with its reference on random text over an alphabet chosen to hit
the edge cases (digits, ``_``, apostrophes and hyphens of every kind, letters that change
length or meaning when lower-cased, non-decimal digits).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.discourse.quotes.marks import _MARK_RE, mark_positions
from toolkit.text.sentences import _CANDIDATE, _candidates
from toolkit.text.tokens import _HAS_LETTER, TOKEN_RE, count_words, fold

ALPHABET = list("aZq09_ -’'‘ʼ‐‑.,;İΣσςß²½五é\u212aﬁ\nǅⅠ①٣𝟘") + ["Mr.", "U.S.", "don’t", "2024", "_x"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join)
SETTINGS = settings(max_examples=400, deadline=None, database=None)


@SETTINGS
@given(text=TEXTS)
def test_count_words_equals_its_definition(text):
    # the fast path (no per-token test in a text without digits or "_") against the definition
    definition = sum(1 for raw in TOKEN_RE.findall(fold(text)) if _HAS_LETTER.search(raw))
    assert count_words(text) == definition


MARK_TEXTS = st.lists(st.sampled_from(list("a_ 1’'‘\"“”„«»-.\n²é")), max_size=12).map("".join)


@SETTINGS
@given(text=MARK_TEXTS)
def test_mark_positions_equal_the_mark_regex(text):
    assert mark_positions(text) == [m.start() for m in _MARK_RE.finditer(text)]


def test_mark_positions_hand_checked():
    # a quote mark always is one; an apostrophe between word characters ("_" is one) never;
    # one after a non-word character or before none is ("’90s"); at the text start, only
    # before a non-word character
    text = "'Russia’s “deal”' don’t _’x ’90s"
    assert mark_positions(text) == [10, 15, 16, 28]
    assert mark_positions("' x") == [0]


def test_count_words_hand_checked():
    # digits and "_" alone make no word; a token with a letter does
    assert count_words("“We won’t back down,” the U.S. envoy said in 2024.") == 9
    assert count_words("2024 _ 3.5 x_1 1st") == 2
    assert count_words("") == 0


def test_quotes_restores_the_garbage_collector():
    import gc

    import pandas as pd

    from toolkit.discourse.quotes import quotes
    arts = pd.DataFrame({"doc_id": ["d1"], "text": ["“We will win,” Jane Doe said."]})
    assert gc.isenabled()
    assert quotes(arts, jobs=1)["speaker"].tolist() == ["Jane Doe"]
    assert gc.isenabled()
    gc.disable()
    try:
        quotes(arts, jobs=1)
        assert not gc.isenabled()      # a caller's choice is kept
    finally:
        gc.enable()


SENTENCE_TEXTS = st.lists(st.sampled_from(list("a A.?!…\n  \"”’)(“Mr5e") + ["U.S.", "p.m.", "Gov.", "...", ". . ."]),
                          max_size=16).map("".join)


@SETTINGS
@given(text=SENTENCE_TEXTS, start=st.integers(0, 3))
def test_sentence_candidates_equal_finditer(text, start):
    def spans(ms):
        return [(m.start(), m.end(), m.groups()) for m in ms]
    assert spans(_candidates(text, start)) == spans(_CANDIDATE.finditer(text, start))
