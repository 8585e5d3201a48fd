"""Tests for the context rules of lexicon entries (toolkit.match.context): next/previous word,
clause co-words, their interplay with leftmost-longest resolution, and the guarantee that a rule
decides the same way on a sentence and on the whole article."""
from __future__ import annotations

import random

import pytest

from toolkit.errors import LexiconError
from toolkit.match.context import CLAUSE_REACH, compile_context
from toolkit.match.lexicon import load_lexicon
from toolkit.match.matcher import compile_matcher
from toolkit.text.sentences import sentence_spans


def found(lexicon: dict, text: str) -> list[tuple[str, int, int, str]]:
    lex = load_lexicon(lexicon)
    hits = lex.matcher.find(text)
    return [(text[s:e], s, e, lex.categories[c])
            for s, e, c in zip(hits.start.tolist(), hits.end.tolist(), hits.category.tolist())]


# ----------------------------------------------------------------- next and previous word

def test_before_keeps_only_matches_followed_by_an_item():
    lex = {"china": [{"pattern": "Chinese", "before": ["government", "foreign minist*"]}]}
    text = "Chinese food, the Chinese government and Chinese Foreign Ministry staff"
    assert found(lex, text) == [("Chinese", 18, 25, "china"), ("Chinese", 41, 48, "china")]


def test_not_before_skips_possessive_and_one_comma_but_not_a_paragraph_break():
    lex = {"us": [{"pattern": "Washington", "not_before": ["D.C.", "state"]}]}
    assert found(lex, "Washington, D.C. and Washington state") == []
    assert found(lex, "Washington's state") == []          # possessive skipped
    assert found(lex, "Washington state") == []
    # Two commas, or a blank line, separate the words: the rule does not apply.
    assert found(lex, "Washington, , D.C.") == [("Washington", 0, 10, "us")]
    assert found(lex, "Washington\n\nState of the union") == [("Washington", 0, 10, "us")]
    # One line break is still the next word (hard-wrapped text).
    assert found(lex, "Washington\nstate") == []


def test_punctuation_items_need_no_word_boundary():
    lex = {"us": [{"pattern": "Washington", "not_before": ["(", "—"]}]}
    assert found(lex, "Washington (CNN) Trump said. Washington — Trump. Washington (said)") == []
    assert found(lex, "Washington said") == [("Washington", 0, 10, "us")]


def test_next_word_must_be_a_whole_token():
    lex = {"us": [{"pattern": "Washington", "before": ["state"]}]}
    assert found(lex, "Washington statement") == []
    assert found(lex, "Washington state-run") == []
    assert found(lex, "Washington state's") == [("Washington", 0, 10, "us")]


def test_after_and_not_after_look_at_the_previous_word():
    lex = {"place": [{"pattern": "London", "after": ["in", "to", "near"]}],
           "uk": [{"pattern": "London", "not_after": ["in", "to", "near", "Jack"]}]}
    text = "London said. Talks in London, then to\nLondon; Jack London wrote; Berlin and London agreed"
    assert found(lex, text) == [("London", 0, 6, "uk"), ("London", 22, 28, "place"),
                                ("London", 38, 44, "place"), ("London", 76, 82, "uk")]
    # A word glued by a hyphen is not the previous word; "in" must be a whole token.
    assert found(lex, "within London") == [("London", 7, 13, "uk")]


def test_rules_compare_as_the_entry_does():
    lex = {"us": [{"pattern": "USA", "not_before": ["today"]}]}
    assert found(lex, "USA TODAY said; the USA said; usa Today") == [("USA", 20, 23, "us")]
    # A case-sensitive entry compares its context exactly: the shouted pronoun goes, the
    # country after a lower-case "join" stays.
    lex = {"us": [{"pattern": "US", "case_sensitive": True, "not_after": ["JOIN", "TELL"]}]}
    assert found(lex, "JOIN US TODAY! Allies join US forces; TELL US") == [("US", 27, 29, "us")]


def test_several_rules_must_all_hold():
    lex = {"x": [{"pattern": "troops", "after": ["US", "Russian"], "not_before": ["withdrew"]}]}
    assert found(lex, "US troops withdrew. Russian troops advanced. scout troops") == [
        ("troops", 28, 34, "x")]


# ----------------------------------------------------------------- clause co-words

def test_with_needs_a_co_word_in_the_same_clause():
    lex = {"peace": [{"pattern": "negotiat*", "with": ["ceasefire", "peace"]}]}
    text = ("Budget negotiations stalled. Negotiations on a ceasefire began, and peace negotiators "
            "met.\nCeasefire\nnegotiations")   # a capital after "stalled." and line breaks end clauses
    assert found(lex, text) == [("Negotiations", 29, 41, "peace"), ("negotiators", 74, 85, "peace")]


def test_without_drops_a_match_with_a_co_word_in_the_clause():
    lex = {"sec": [{"pattern": "security", "without": ["guard*", "Social"]}]}
    text = "Security guards stood by. National security matters.\nThe security of Social programs"
    assert found(lex, text) == [("security", 35, 43, "sec")]


def test_co_word_may_not_be_the_match_itself():
    lex = {"sec": [{"pattern": "security", "with": ["security"]}]}
    assert found(lex, "security") == []
    assert found(lex, "security, security") == [("security", 0, 8, "sec"), ("security", 10, 18, "sec")]


def test_clause_goes_on_past_dots_followed_by_lower_case_and_is_bounded():
    lex = {"x": [{"pattern": "talks", "with": ["peace"]}]}
    # "the U.S. talks": the sentence goes on in lower case, so the clause does too.
    assert found(lex, "peace in the U.S. talks") == [("talks", 18, 23, "x")]
    assert found(lex, "peace talks. talks") == [("talks", 6, 11, "x"), ("talks", 13, 18, "x")]
    # A capital after the dots may start a sentence ("U.S. Talks resumed", "Mr. Talks"): stop.
    assert found(lex, "peace in the U.S. Talks resumed") == []
    assert found(lex, "peace? Talks") == [] and found(lex, "peace\ntalks") == []
    # A link after a full stop starts a new unit (the sentence splitter's rule): stop.
    assert found(lex, "peace. https://t.co talks") == []
    far = "peace " + "x " * (CLAUSE_REACH // 2) + "talks"
    assert found(lex, far) == []
    near = "peace " + "x " * (CLAUSE_REACH // 2 - 10) + "talks"
    assert found(lex, near) == [("talks", len(near) - 5, len(near), "x")]


# ----------------------------------------------------------------- resolution

def test_a_match_that_fails_its_rule_does_not_block_other_entries():
    lex = {"city": [{"pattern": "New York", "not_before": ["Times"]}], "york": ["York"]}
    assert found(lex, "New York Times and New York") == [("York", 4, 8, "york"),
                                                         ("New York", 19, 27, "city")]


def test_stop_phrase_with_a_rule():
    lex = {"us": ["Washington", {"pattern": "Washington", "exclude": True, "before": ["Post"]}]}
    # The stop phrase is listed second: a tie goes to the first entry, so it never blocks ...
    assert found(lex, "the Washington Post") == [("Washington", 4, 14, "us")]
    lex = {"us": [{"pattern": "Washington", "exclude": True, "before": ["Post"]}, "Washington"]}
    # ... listed first, it blocks exactly where its rule holds.
    assert found(lex, "the Washington Post; Washington said") == [("Washington", 21, 31, "us")]


# ----------------------------------------------------------------- same answer on any unit

CONTEXT_LEXICON = {
    "a": [{"pattern": "Washington", "not_before": ["D.C.", "Post"], "not_after": ["in", "Mr"]},
          {"pattern": "security", "with": ["national", "threat*"], "without": ["guard*"]}],
    "b": [{"pattern": "talks", "after": ["peace"]}, {"pattern": "troops", "before": ["said"]}],
}
WORDS = ["Washington", "D.C.", "Post", "in", "Mr.", "Mr", "security", "national", "threat", "U.S.",
         "e.g.", "2.5", "https://t.co/x", "“Why", "now?”",
         "threats", "guards", "peace", "talks", "troops", "said", "U.S.", "the", "The", "Trump",
         "“Why?”", "(See", "below.)", "Washington’s", "He", "it", "a", "an"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "? ", "! ", "… ", "\n", "\n\n", ".” ", ".\n\n", "; ",
              " — ", ".) "]


def test_rules_decide_the_same_on_sentences_and_on_the_whole_text():
    rng = random.Random(14)
    matcher = compile_matcher([load_lexicon(CONTEXT_LEXICON)])
    compared = 0
    for _ in range(600):
        text = "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40)))
        whole = matcher.find(text)
        expected = sorted(zip(whole.start.tolist(), whole.end.tolist(), whole.category.tolist()))
        per_sentence = []
        for a, b in sentence_spans(text):
            hits = matcher.find(text[a:b])
            per_sentence += [(a + s, a + e, c) for s, e, c in
                             zip(hits.start.tolist(), hits.end.tolist(), hits.category.tolist())]
        # A phrase never spans a sentence boundary here, so the two must agree exactly.
        assert sorted(per_sentence) == expected, text
        compared += len(expected)
    assert compared > 600


# ----------------------------------------------------------------- loading

@pytest.mark.parametrize("value, message", [
    ([], "before must be a word or a non-empty list of words; got []"),
    ({"a": 1}, "before must be a word or a non-empty list of words; got {'a': 1}"),
    ([3], "before: an item must be a string (quote it in YAML); got int 3"),
    (["*"], "before item '*': a word made only of '*' is not supported"),
    (["a?"], "before item 'a?': '?' (quanteda's one-character glob) is not supported"),
])
def test_invalid_context_items_raise(value, message):
    with pytest.raises(LexiconError) as err:
        load_lexicon({"c": [{"pattern": "x", "before": value}]})
    assert message in str(err.value)
    assert "category 'c', entry 1 ('x')" in str(err.value)


def test_previous_word_may_not_end_a_sentence():
    with pytest.raises(LexiconError, match=r"a 'not_after' item may not end with sentence "
                                           r"punctuation \(\. \? ! …\)"):
        load_lexicon({"c": [{"pattern": "x", "not_after": ["U.S."]}]})
    # The next word may: "Washington, D.C." is one sentence.
    assert load_lexicon({"c": [{"pattern": "x", "not_before": ["D.C."]}]}).entries["not_before"][0] == ("D.C.",)


def test_a_single_word_is_a_one_item_list_and_rules_round_trip(tmp_path):
    path = tmp_path / "lex.yml"
    path.write_text("_lists:\n  heads: &heads [government, officials]\n"
                    "china:\n  - pattern: Chinese\n    before: *heads\n    with: trade\n",
                    encoding="utf-8")
    lex = load_lexicon(path)
    row = lex.entries.iloc[0]
    assert row["before"] == ("government", "officials") and row["with"] == ("trade",)
    assert lex.context_rules(0) == {"before": ("government", "officials"), "with": ("trade",)}
    again = load_lexicon(lex.to_mapping())
    assert again.entries.equals(lex.entries)


def test_compile_context_is_none_without_rules():
    assert compile_context({"before": (), "with": ()}) is None


def test_a_clause_rule_never_sees_another_unit():
    """The title's "troops" must not satisfy the text's "boots on the ground" (with: conflict words):
    units are matched in one call joined by toolkit.count.units.SEPARATOR, which ends a clause."""
    import pandas as pd

    import toolkit

    with_title = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "title": ["U.S. troops"],
                               "text": ["Boots on the ground. The U.S. said so."]})
    without = with_title.assign(title=[""])
    hits = toolkit.hits(with_title, "frames:military_intervention", by=None)
    assert hits["term"].tolist() == ["troops"]
    assert toolkit.hits(without, "frames:military_intervention", by=None).empty
