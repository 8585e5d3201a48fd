"""Tests for the context rules of lexicon entries (toolkit.match.context): next/previous word,
clause co-words, their interplay with leftmost-longest resolution, and the guarantee that a rule
decides the same way on a sentence and on the whole article."""
from __future__ import annotations

import random
import re

import pytest

from toolkit.errors import LexiconError
from toolkit.match.context import CLAUSE_REACH, CONTEXT_KEYS, compile_context
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


def test_previous_item_ending_in_punctuation_or_a_wildcard():
    # "workers'" is not a plain token (it ends with an apostrophe): any apostrophe stands for it,
    # followed by at most one comma and one line break; "red line*" ends with a wildcard.
    lex = {"p": [{"pattern": "party", "not_after": ["workers'", "red line*"]}]}
    text = "workers’ party, workers party, workers', \nparty, red lines party, red line party"
    assert found(lex, text) == [("party", 24, 29, "p")]
    lex = {"p": [{"pattern": "party", "after": ["workers'", "(", "red line*"]}]}
    text = "workers party, ( party, workers’\n\nparty, red liner party, [party"
    assert found(lex, text) == [("party", 17, 22, "p"), ("party", 51, 56, "p")]


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


def test_units_matched_together_decide_as_each_unit_alone():
    """The count engine matches an article's units joined by NUL (toolkit.count.units): the
    separator ends a clause, so a rule never sees the neighbouring unit."""
    import pandas as pd

    import toolkit
    from toolkit.text.segment import article_units

    lex = {"sec": [{"pattern": "security", "without": ["guard*"]}]}
    arts = pd.DataFrame({"doc_id": ["d"], "title": [""],
                         "text": ["National security matters.\nGuards left. Security guards"]})
    got = toolkit.hits(arts, lex, by=[])
    assert got[["unit", "start", "end"]].values.tolist() == [[1, 9, 17]]
    rng = random.Random(10)
    matcher = compile_matcher([load_lexicon(CONTEXT_LEXICON)])
    texts = ["".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40)))
             for _ in range(300)]
    arts = pd.DataFrame({"doc_id": range(len(texts)), "title": "", "text": texts})
    got = toolkit.hits(arts, CONTEXT_LEXICON, by=[])
    expected = []
    for doc, text in enumerate(texts):
        for _, _, a, b in article_units("", text):
            hits = matcher.find(text[a:b])
            expected += [(doc, a + s, a + e) for s, e in zip(hits.start.tolist(), hits.end.tolist())]
    assert sorted(zip(got["doc_id"], got["start"], got["end"])) == sorted(expected)
    assert len(expected) > 300


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


# ----------------------------------------------------------------- every verb honours the rules

def test_collocates_dispersion_and_kwic_count_the_hits_of_a_category_with_rules():
    """frames:escalation keeps an escalation word only with a conflict word or a state in its
    clause: the node of collocates, the frequency of dispersion and the rows of kwic are exactly
    the hits (no verb matches the patterns without their rules)."""
    import pandas as pd

    import toolkit

    texts = ["Prices escalated again. The war escalated in the east.",
             "Tensions escalated after the strike. The feud escalated at home.",
             "Russia escalated. Costs escalated.\n\nThe dispute escalated.",
             "Nothing happened.",
             "The conflict could escalate, officials said. Rents escalate."]
    arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "outlet": ["A", "A", "B", "B", "B"],
                         "title": "", "text": texts})
    what = "frames:escalation"
    hits = toolkit.hits(arts, what, by=[])
    # by hand: the war, tensions, Russia, the conflict sentences; not prices, feud, costs, dispute, rents
    assert hits[["doc_id", "term"]].values.tolist() == [
        ["d0", "escalated"], ["d1", "escalated"], ["d2", "escalated"], ["d4", "escalate"]]
    node = toolkit.collocates(arts, what, by=None, min_freq=1).attrs["node_frequency"]
    spread = toolkit.dispersion(arts, what, by=None)
    rows = toolkit.kwic(arts, what, by=None)
    assert node == spread["freq"].sum() == len(rows) == len(hits) == 4


# ----------------------------------------------------------------- the fast rules equal a plain reading

class ReferenceContext:
    """The rules of the module docstring, read plainly: one regular expression per rule over the
    text next to the match or over its clause, no sets, memos or fast paths. Slow; the matcher's
    own Context must decide every candidate as this does."""

    def __init__(self, rules, case_sensitive=False):
        from toolkit.match import context as C
        from toolkit.match.boundaries import fold_case

        def rx(key, template):
            items = rules.get(key) or ()
            if not items:
                return None
            fold = (lambda x: x) if case_sensitive else fold_case
            words = sorted({" ".join(fold(x).split()) for x in items})
            return re.compile(template.format(C._alternation(words)))

        self.before, self.not_before = rx("before", C._NEXT + "{}"), rx("not_before", C._NEXT + "{}")
        self.after = rx("after", "{}" + C._SEP + r"\Z")
        self.not_after = rx("not_after", "{}" + C._SEP + r"\Z")
        self.with_, self.without = rx("with", "{}"), rx("without", "{}")
        head = C._STOP_AT.pattern.index("]") + 1     # a stop: "[.?!…]" followed by ...
        self.stop = re.compile("[\n\x00]|" + C._STOP_AT.pattern[:head] + "(?="
                               + C._STOP_AT.pattern[head:] + ")")

    def ok(self, hay, s, e, text=None):
        near = max(0, s - 80)
        if self.before and not self.before.match(hay, e):
            return False
        if self.not_before and self.not_before.match(hay, e):
            return False
        if self.after and not self.after.search(hay, near, s):
            return False
        if self.not_after and self.not_after.search(hay, near, s):
            return False
        if self.with_ is None and self.without is None:
            return True
        text = hay if text is None else text
        lo, hi = max(0, s - CLAUSE_REACH), min(len(hay), e + CLAUSE_REACH)
        # (a stop depends on the text after it: search the whole text, keep those in the window)
        lo = max([lo] + [m.end() for m in self.stop.finditer(text, lo) if m.start() < s])
        hi = min([hi] + [m.start() for m in self.stop.finditer(text, e) if m.start() < hi])
        inside = [(lo, s), (e, hi)]
        if self.with_ and not any(self.with_.search(hay, a, b) for a, b in inside):
            return False
        return not (self.without and any(self.without.search(hay, a, b) for a, b in inside))


def reference_matcher(lexicons, monkeypatch):
    import toolkit.match.matcher as matcher_module

    monkeypatch.setattr(matcher_module, "compile_context", lambda rules: ReferenceContext(
        rules, bool(rules.get("case_sensitive"))) if any(rules.get(k) for k in CONTEXT_KEYS) else None)
    try:
        return matcher_module.compile_matcher([load_lexicon(x) for x in lexicons])
    finally:
        monkeypatch.undo()


def test_rules_decide_as_the_reference_on_random_texts(monkeypatch):
    reference = reference_matcher([CONTEXT_LEXICON], monkeypatch)
    fast = compile_matcher([load_lexicon(CONTEXT_LEXICON)])
    rng = random.Random(23)
    for _ in range(400):
        text = "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40)))
        a, b = fast.find(text), reference.find(text)
        assert (a.start.tolist(), a.end.tolist(), a.pattern.tolist()) == (
            b.start.tolist(), b.end.tolist(), b.pattern.tolist()), text


@pytest.mark.shared
def test_packaged_rules_decide_as_the_reference_on_allsides(monkeypatch):
    """Hits of the packaged actors and frames on 3,000 AllSides articles (titles and texts) are
    those of the plain reading of the rules: every speed-up keeps the hits identical."""
    import pyarrow.parquet as pq

    from conftest import shared_path

    table = pq.read_table(shared_path("allsides", "articles.parquet"), columns=["title", "text"])
    texts = [t for t in table.column("text").to_pylist()[:3000] + table.column("title").to_pylist()[:3000]
             if isinstance(t, str)]
    reference = reference_matcher(["actors", "frames"], monkeypatch)
    fast = compile_matcher([load_lexicon("actors"), load_lexicon("frames")])
    got, want = (set(zip(*[a.tolist() for a in m.find_many(texts)])) for m in (fast, reference))
    assert len(got) > 20000
    # (Until 2026-12-01 two hits differed: a one-word item written with an apostrophe, "nation's"
    # among the ``after`` items of frames:threat_security "security", did not match "the nation’s
    # security"; any apostrophe now stands for any other in items too, as the plain reading says.)
    assert got == want


def test_an_item_with_an_apostrophe_matches_any_apostrophe():
    lex = {"threat": [{"pattern": "security", "after": ["nation's"]}],
           "x": [{"pattern": "said", "with": ["nation's"]}]}
    text = "The nation\u2019s security. The nation's security. A nation\u2018s officials said so. Nations said."
    assert [(t, c) for t, _, _, c in found(lex, text)] == [("security", "threat"), ("security", "threat"),
                                                          ("said", "x")]


def test_the_neighbouring_token_is_the_tokenisers_token():
    """A dot joins only a one-character word, as in toolkit.text.tokens: the word before "said" in
    "CNN.com said" is "com"; in "U.S troops" it is "U.S", so "S" is no word of its own there."""
    assert found({"x": [{"pattern": "said", "after": ["com"]}]}, "CNN.com said it. Foo.Com said") == [
        ("said", 8, 12, "x"), ("said", 25, 29, "x")]
    assert found({"x": [{"pattern": "troops", "not_after": ["s"]}]}, "U.S troops, the S troops") == [
        ("troops", 4, 10, "x")]
