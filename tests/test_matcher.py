"""Tests for toolkit.match.matcher: every matching rule with hand-checked offsets, a randomized
comparison with an independent slow reference matcher, and the default lexicons on the seed article."""
from __future__ import annotations

import doctest
import json
import pickle
import random
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from toolkit.errors import ParameterError
from toolkit.match.lexicon import load_lexicon
from toolkit.match.matcher import Hits, compile_matcher, fold_case


def found(lexicon: dict, text: str) -> list[tuple[str, int, int, str]]:
    """(matched text, start, end, category) of one lexicon's hits in ``text``."""
    lex = load_lexicon(lexicon)
    hits = lex.matcher.find(text)
    return [(text[s:e], s, e, lex.categories[c])
            for s, e, c in zip(hits.start.tolist(), hits.end.tolist(), hits.category.tolist())]


US_CS = {"pattern": "US", "case_sensitive": True}


# ----------------------------------------------------------------- case

def test_case_sensitive_us_never_matches_us_pronoun():
    text = "Tell us what the US wants; Us too."
    assert found({"us": [US_CS]}, text) == [("US", 17, 19, "us")]
    # Case-insensitive by default: the pronoun counts.
    assert found({"us": ["US"]}, text) == [("us", 5, 7, "us"), ("US", 17, 19, "us"),
                                           ("Us", 27, 29, "us")]


def test_case_sensitive_and_insensitive_entries_sharing_a_folded_key():
    # One scan finds both ("us" folded): the case-sensitive entry counts only as written, and a
    # tie at the same span goes to the entry listed first, whichever kind it is.
    lex = {"country": [US_CS], "pronoun": ["us"]}
    assert found(lex, "Tell us what the US wants; Us too.") == [
        ("us", 5, 7, "pronoun"), ("US", 17, 19, "country"), ("Us", 27, 29, "pronoun")]
    lex = {"pronoun": ["us"], "country": [US_CS]}
    assert found(lex, "the US and us") == [("US", 4, 6, "pronoun"), ("us", 11, 13, "pronoun")]
    lex = {"caps": [{"pattern": "WASHINGTON", "case_sensitive": True}], "city": ["Washington D.C."]}
    assert found(lex, "WASHINGTON — In Washington D.C. and WASHINGTON D.C.") == [
        ("WASHINGTON", 0, 10, "caps"), ("Washington D.C.", 16, 31, "city"),
        ("WASHINGTON D.C.", 36, 51, "city")]


def test_case_sensitive_phrase():
    text = "the white house and the White House"
    assert found({"wh": [{"pattern": "White House", "case_sensitive": True}]}, text) == [
        ("White House", 24, 35, "wh")]


def test_case_insensitive_matches_any_case():
    assert found({"ru": ["russia"]}, "RUSSIA and Russia and rUsSiA") == [
        ("RUSSIA", 0, 6, "ru"), ("Russia", 11, 17, "ru"), ("rUsSiA", 22, 28, "ru")]


# ----------------------------------------------------------------- dotted abbreviations

def test_us_dotted_abbreviation_also_at_sentence_end():
    lex = {"us": ["U.S."], "s": ["S"], "u": ["U"]}
    assert found(lex, "U.S. troops") == [("U.S.", 0, 4, "us")]
    assert found(lex, "troops in the U.S.") == [("U.S.", 14, 18, "us")]
    assert found(lex, "troops in the U.S.\nThen") == [("U.S.", 14, 18, "us")]


def test_single_letters_never_match_inside_abbreviations():
    assert found({"s": ["S"], "u": ["U"]}, "U.S. and E.U. and U.K.") == []
    assert found({"s": ["S"]}, "Plan S works") == [("S", 5, 6, "s")]


def test_eu_dotted_and_case_sensitive_forms():
    lex = {"eu": [{"pattern": "EU", "case_sensitive": True}, "E.U."]}
    text = "The E.U. and the EU, not eu or Europe."
    assert found(lex, text) == [("E.U.", 4, 8, "eu"), ("EU", 17, 19, "eu")]


def test_compound_after_abbreviation_is_not_a_hit():
    assert found({"us": ["U.S."]}, "a U.S.-led coalition") == []


# ----------------------------------------------------------------- possessives and quotes

def test_possessive_straight_and_curly_is_the_word():
    lex = {"ru": ["Russia"]}
    assert found(lex, "Russia's army") == [("Russia", 0, 6, "ru")]
    assert found(lex, "Russia’s army") == [("Russia", 0, 6, "ru")]
    assert found(lex, "RUSSIA'S ARMY") == [("RUSSIA", 0, 6, "ru")]
    # "Russias'" is another token.
    assert found(lex, "the Russias' history") == []


def test_plural_possessive():
    assert found({"a": ["allies"]}, "the allies' weapons") == [("allies", 4, 10, "a")]


def test_apostrophe_inside_word_is_not_a_boundary():
    assert found({"d": ["don"]}, "I don't know, Don.") == [("Don", 14, 17, "d")]
    assert found({"n": ["Neill"]}, "O'Neill said") == []


def test_pattern_apostrophe_matches_both_forms():
    lex = {"p": ["Russia's"]}
    assert found(lex, "Russia’s and Russia's") == [("Russia’s", 0, 8, "p"),
                                                    ("Russia's", 13, 21, "p")]
    lex_curly = {"p": ["Russia’s"]}
    assert found(lex_curly, "Russia's") == [("Russia's", 0, 8, "p")]
    assert found({"q": ["Quai d'Orsay"]}, "the Quai d‘Orsay said") == [
        ("Quai d‘Orsay", 4, 16, "q")]


def test_quoted_pattern_matches_straight_and_curly_quotes():
    lex = {"q": ['"bogus story"']}
    assert found(lex, 'a “bogus story” and a "bogus story"') == [
        ("“bogus story”", 2, 15, "q"), ('"bogus story"', 22, 35, "q")]


# ----------------------------------------------------------------- compounds and wildcards

def test_hyphenated_compound_is_one_token():
    lex = {"esc": ["escalat*"], "deesc": ["de-escalat*"]}
    assert found(lex, "de-escalation and escalation") == [
        ("de-escalation", 0, 13, "deesc"), ("escalation", 18, 28, "esc")]
    assert found({"ru": ["Russia"]}, "Russia-backed forces") == []
    assert found({"ru": ["Russia-*"]}, "Russia-backed forces") == [("Russia-backed", 0, 13, "ru")]


def test_non_breaking_hyphen_also_joins():
    assert found({"esc": ["escalat*"]}, "de\u2011escalation") == []


def test_trailing_middle_and_leading_wildcards():
    assert found({"e": ["escalat*"]}, "escalate, escalation, escalatory") == [
        ("escalate", 0, 8, "e"), ("escalation", 10, 20, "e"), ("escalatory", 22, 32, "e")]
    assert found({"m": ["mobili*ation"]}, "mobilization, mobilisation, mobilize") == [
        ("mobilization", 0, 12, "m"), ("mobilisation", 14, 26, "m")]
    assert found({"e": ["*escalation"]}, "escalation, deescalation, de-escalation") == [
        ("escalation", 0, 10, "e"), ("deescalation", 12, 24, "e")]


def test_wildcard_needs_the_literal_part():
    assert found({"e": ["escalat*"]}, "escala escalat") == [("escalat", 7, 14, "e")]


def test_whole_tokens_only():
    assert found({"eu": ["EU"]}, "Europe, neutral, EU") == [("EU", 17, 19, "eu")]
    assert found({"n": ["NATO"]}, "senators of NATO") == [("NATO", 12, 16, "n")]


# ----------------------------------------------------------------- phrases

def test_phrase_matches_across_line_breaks_and_runs_of_spaces():
    text = "boots on\nthe  ground"
    assert found({"b": ["boots on the ground"]}, text) == [(text, 0, 20, "b")]
    assert found({"b": ["boots on the ground"]}, "boots\u00a0on\tthe\r\nground") == [
        ("boots\u00a0on\tthe\r\nground", 0, 20, "b")]


def test_phrase_needs_whitespace_between_words():
    assert found({"b": ["aid workers"]}, "aidworkers, said workers, aid-workers") == []
    assert found({"b": ["aid workers"]}, "(aid workers)") == [("aid workers", 1, 12, "b")]


def test_phrase_with_wildcard_in_last_word():
    assert found({"r": ["red line*"]}, "red lines, red linen? red-line") == [
        ("red lines", 0, 9, "r"), ("red linen", 11, 20, "r")]


# ----------------------------------------------------------------- punctuation and numbers

def test_punctuation_adjacent():
    assert found({"n": ["NATO"]}, "(NATO)") == [("NATO", 1, 5, "n")]
    assert found({"r": ["Russia"]}, "“Russia”") == [("Russia", 1, 7, "r")]
    assert found({"n": ["NATO"]}, "NATO-led, anti-NATO, NATO—and NATO.") == [
        ("NATO", 21, 25, "n"), ("NATO", 30, 34, "n")]


def test_numbers():
    assert found({"g": ["G7"]}, "G7 summit, G77, G7.") == [("G7", 0, 2, "g"), ("G7", 16, 18, "g")]
    assert found({"n": ["000", "1", "5"]}, "1,000 and 1.5") == []
    assert found({"n": ["1,000"]}, "1,000 troops, 21,000") == [("1,000", 0, 5, "n")]
    assert found({"n": ["2022"]}, "in 2022, not 20222") == [("2022", 3, 7, "n")]


def test_non_ascii_text_keeps_offsets():
    text = "İstanbul talks on NATO"
    assert len(text.lower()) == len(text) + 1  # the case that breaks naive lower-casing
    assert found({"n": ["NATO"]}, text) == [("NATO", 18, 22, "n")]
    assert found({"i": ["istanbul"], "n": ["NATO"]}, "İİ İstanbul NATO") == [
        ("İstanbul", 3, 11, "i"), ("NATO", 12, 16, "n")]
    assert found({"e": ["Élysée"]}, "the ÉLYSÉE, élysée") == [("ÉLYSÉE", 4, 10, "e"),
                                                            ("élysée", 12, 18, "e")]
    # French elision joins like any apostrophe between letters: "l'Élysée" is one token.
    assert found({"e": ["Élysée"]}, "l'Élysée") == []


def test_astral_characters_keep_offsets():
    text = "🇺🇦 Ukraine 😀 NATO"
    assert found({"u": ["Ukraine"], "n": ["NATO"]}, text) == [("Ukraine", 3, 10, "u"),
                                                              ("NATO", 13, 17, "n")]


def test_fold_case_keeps_length():
    for text in ["İstanbul", "ΟΔΟΣ ΟΔΟΣ", "Straße", "ǅ"]:
        folded = fold_case(text)
        assert len(folded) == len(text)
    assert fold_case("İstanbul NATO") == "istanbul nato"


def test_tokens_and_matches_fold_the_same_way():
    """One folding rule (toolkit.text.tokens.fold) for tokens and matches: a word pattern matches
    exactly the tokens whose term is the pattern's, whatever the case of special letters."""
    from toolkit.text.tokens import fold, tokens

    assert fold_case is fold
    text = "İSTANBUL, İstanbul and istanbul; ΟΔΟΣ οδος; STRASSE Straße; ǅemal ǆemal"
    toks = tokens(text)
    for word in ["istanbul", "οδος", "straße", "ǆemal"]:
        spans = [(int(s), int(e)) for s, e, t in zip(toks.start, toks.end, toks.term) if t == word]
        assert spans, word
        hits = compile_matcher([load_lexicon({"w": [word]})]).find(text)
        assert list(zip(hits.start.tolist(), hits.end.tolist())) == spans, word


# ----------------------------------------------------------------- overlaps

KOREAS = {"north_korea": ["North Korea*"], "south_korea": ["South Korea*"], "korea": ["Korea*"]}


def test_leftmost_longest_within_one_lexicon():
    text = "North Korean and South Korea, Korea."
    assert found(KOREAS, text) == [("North Korean", 0, 12, "north_korea"),
                                   ("South Korea", 17, 28, "south_korea"),
                                   ("Korea", 30, 35, "korea")]


def test_longest_wins_at_same_start_and_first_entry_wins_ties():
    lex = {"short": ["peace"], "long": ["peace talks"]}
    assert found(lex, "peace talks") == [("peace talks", 0, 11, "long")]
    assert found({"a": ["escalat*"], "b": ["*escalation"]}, "escalation") == [
        ("escalation", 0, 10, "a")]
    assert found({"b": ["*escalation"], "a": ["escalat*"]}, "escalation") == [
        ("escalation", 0, 10, "b")]


def test_exclude_entry_blocks_its_span_and_is_dropped():
    lex = load_lexicon({
        "us": ["Washington", {"pattern": "Washington Post", "exclude": True},
               {"pattern": "George Washington", "exclude": True}],
        "media": ["Post"],
    })
    text = "Washington told the Washington Post, not George Washington; the Post."
    hits = lex.matcher.find(text)
    got = [(text[s:e], lex.categories[c], p) for s, e, c, p in
           zip(hits.start.tolist(), hits.end.tolist(), hits.category.tolist(),
               hits.pattern.tolist())]
    # "Post" inside the stop phrase is blocked too (same lexicon); the last "Post" counts.
    assert got == [("Washington", "us", 0), ("Post", "media", 3)]
    assert hits.start.tolist() == [0, 64]
    # Another lexicon is not blocked by a stop phrase.
    m = compile_matcher([lex, load_lexicon({"wp": ["Washington Post"]})])
    assert m.find(text).lexicon.tolist() == [0, 1, 0]


def test_different_lexicons_are_independent():
    m = compile_matcher([load_lexicon({"nk": ["North Korea"]}, name="a"),
                         load_lexicon({"k": ["Korea"], "n": ["north"]}, name="b")])
    hits = m.find("North Korea")
    assert list(zip(hits.start.tolist(), hits.end.tolist(), hits.lexicon.tolist())) == [
        (0, 11, 0), (0, 5, 1), (6, 11, 1)]


# ----------------------------------------------------------------- API

def test_find_many_matches_find_per_text():
    lex = load_lexicon({"ru": ["Russia*"], "us": [US_CS, "U.S."]})
    texts = ["Russia and the US.", None, "", "us and Russians", float("nan"), "U.S. Russia"]
    ti, st, en, lx, ct, pt = lex.matcher.find_many(texts)
    assert all(a.dtype == np.int64 for a in (ti, st, en, lx, ct, pt))
    assert ti.tolist() == [0, 0, 3, 5, 5]
    assert st.tolist() == [0, 15, 7, 0, 5]
    assert en.tolist() == [6, 17, 15, 4, 11]
    assert ct.tolist() == [0, 1, 0, 1, 0]
    assert pt.tolist() == [0, 1, 0, 2, 0]
    for i, text in enumerate(texts):
        if isinstance(text, str):
            hits = lex.matcher.find(text)
            assert hits.start.tolist() == st[ti == i].tolist()
            assert hits.pattern.tolist() == pt[ti == i].tolist()


def test_find_many_missing_values_and_series():
    m = load_lexicon({"ru": ["Russia"]}).matcher
    texts = pd.Series([pd.NA, "Russia", None, "x Russia"], index=[10, 11, 12, 13],
                      dtype=object)
    ti, st, *_ = m.find_many(texts)
    assert ti.tolist() == [1, 3] and st.tolist() == [0, 2]
    frame = m.find_frame(texts)
    assert frame["term"].tolist() == ["Russia", "Russia"]


def test_matcher_pickles_for_worker_processes():
    m = compile_matcher(["actors", "frames"])
    clone = pickle.loads(pickle.dumps(m))
    text = "The U.S. and Russia’s troops; the US said peace talks."
    for a, b in zip(m.find_many([text]), clone.find_many([text])):
        assert a.tolist() == b.tolist()
    assert len(m.find(text)) == 5  # U.S., Russia, troops, US, peace talks


def test_find_many_empty_and_errors():
    m = load_lexicon({"a": ["x"]}).matcher
    out = m.find_many([])
    assert len(out) == 6 and all(len(a) == 0 for a in out)
    hits = m.find("nothing here")
    assert isinstance(hits, Hits) and len(hits) == 0
    with pytest.raises(ParameterError, match=r"`texts`\[1\] must be a str"):
        m.find_many(["x", 3])
    with pytest.raises(ParameterError, match="`text` must be a str"):
        m.find(None)


def test_find_frame_names_and_terms():
    m = compile_matcher([load_lexicon({"ru": ["Russia"]}, name="actors"),
                         load_lexicon({"esc": ["escalat*"]}, name="frames")])
    frame = m.find_frame(["Russia’s escalation", "none"])
    assert list(frame.columns) == ["text_index", "start", "end", "lexicon", "category",
                                   "pattern", "term"]
    assert frame.to_dict("records") == [
        {"text_index": 0, "start": 0, "end": 6, "lexicon": "actors", "category": "ru",
         "pattern": "Russia", "term": "Russia"},
        {"text_index": 0, "start": 9, "end": 19, "lexicon": "frames", "category": "esc",
         "pattern": "escalat*", "term": "escalation"},
    ]


def test_compile_matcher_accepts_names_and_mappings():
    m = compile_matcher(["actors", {"x": ["Kremlin"]}])
    assert [lex.name for lex in m.lexicons] == ["actors", "lexicon"]
    hits = m.find("The Kremlin")
    assert hits.lexicon.tolist() == [0, 1]
    with pytest.raises(ParameterError, match="empty"):
        compile_matcher([])


# ----------------------------------------------------------------- randomized reference

APOS = "'\u2019\u2018\u02bc"
DQ = '"\u201c\u201d\u201e\u201f'


def _ref_fold(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low[0] if low else ch)
    return "".join(out)


def _ref_quotes(text: str) -> str:
    return "".join("'" if c in APOS else '"' if c in DQ else c for c in text)


def _ref_regex(pattern: str) -> re.Pattern:
    """One regex per pattern, with the token boundaries written out as lookarounds."""
    words = []
    for word in pattern.split():
        words.append("".join(r"\w*" if c == "*" else re.escape(c) for c in word))
    body = r"\s+".join(words)
    # hyphens and apostrophes join word characters; a dot joins only a one-character word ("U.S")
    joiner = "[-\u2010\u2011']"
    left = rf"(?<!\w)(?<!\w{joiner})(?!(?<=\w\.)\w(?!\w))(?!(?<=\d,)\d)"
    right = rf"(?=\Z|'[sS](?!\w)(?!{joiner}\w)(?!\.\w(?!\w))|(?!\w)(?!{joiner}\w)(?!\.\w(?!\w))(?!(?<=\d),\d))"
    return re.compile(left + body + right)


def reference_find(lexicons: list[dict], text: str) -> list[tuple[int, int, int, int, int]]:
    """Slow, obviously-correct matcher: every pattern tried at every position, then
    leftmost-longest per lexicon. Returns (start, end, lexicon, category, pattern) tuples."""
    folded = _ref_quotes(_ref_fold(text))
    exact = _ref_quotes(text)
    out = []
    for li, lexicon in enumerate(lexicons):
        candidates = []
        stop = set()
        pi = 0
        for ci, (category, patterns) in enumerate(lexicon.items()):
            for entry in patterns:
                cs = isinstance(entry, dict) and entry.get("case_sensitive", False)
                pattern = entry["pattern"] if isinstance(entry, dict) else entry
                if isinstance(entry, dict) and entry.get("exclude"):
                    stop.add(pi)
                hay = exact if cs else folded
                regex = _ref_regex(_ref_quotes(pattern if cs else _ref_fold(pattern)))
                for pos in range(len(hay) + 1):
                    m = regex.match(hay, pos)
                    if m:
                        candidates.append((pos, m.end(), ci, pi))
                pi += 1
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[3]))
        taken_until = 0
        for s, e, ci, pi_ in candidates:
            if s >= taken_until:
                taken_until = e
                if pi_ not in stop:
                    out.append((s, e, li, ci, pi_))
    # Documented order: by start, longer first, then by lexicon.
    out.sort(key=lambda h: (h[0], -h[1], h[2]))
    return out


RANDOM_LEXICONS = [
    {
        "ru": ["Russia", "Russia's", "russian*", "Russia-*"],
        "esc": ["escalat*", "de-escalat*", "*escalation", "mobili*ation"],
        "us": [{"pattern": "US", "case_sensitive": True}, "U.S.", "united states"],
        "eu": [{"pattern": "EU", "case_sensitive": True}, "E.U."],
        "nk": ["North Korea*"],
        "sk": ["South Korea*"],
        "k": ["Korea*"],
        "boots": ["boots on the ground", "on the", "aid workers",
                  {"pattern": "the ground", "exclude": True}],
        "num": ["1,000", "G7", "2022", "1", "000"],
        "misc": ["istanbul", "“russia”", "Quai d'Orsay", "red line*"],
    },
    {
        "x": ["the ground", "ground", "korean", "nato", "us"],
        "y": [{"pattern": "Russia", "case_sensitive": True}, "workers", "*an",
              "democratic people's republic", "x “quoted” republic"],
    },
]

VOCABULARY = [
    "Russia", "russia", "RUSSIA", "Russia's", "Russia’s", "RUSSIA'S", "Russias'", "Russia-backed",
    "anti-Russia", "Russian", "Russians", "russiaN", "escalation", "de-escalation", "Escalatory",
    "deescalation", "escalat", "mobilization", "mobilize", "US", "us", "Us", "U.S.", "U.S.-led",
    "USA", "E.U.", "EU", "eu", "Europe", "North", "north", "South", "Korea", "Korean", "KOREA",
    "boots", "on", "the", "The", "ground", "aid", "said", "workers", "1,000", "1", "000", "21,000",
    "G7", "G77", "2022", "İstanbul", "İİ", "istanbul", "Élysée", "naïve", "don't", "O'Neill",
    "united", "States", "Quai", "d'Orsay", "d’Orsay", "red", "line", "lines", "NATO", "Nato",
    "senator", "an", "Korean-American", "united_states", "x", "US'S", "EU’S", "RUSSIA’S",
    # Multi-word items, so that phrases and leftmost-longest overlaps occur often.
    "North Korea", "north  Korean", "South Korea's", "boots on the ground", "boots on\nthe  ground",
    "aid workers", "United States", "red lines", "on the ground", "“Russia”", "Quai d’Orsay",
    "democratic", "people's", "republic", "Democratic People’s Republic", "x “quoted”  republic",
    "x \"quoted\" Republic", "quoted",
]
SEPARATORS = [" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", ", ", ". ", "-", "\u2011",
              "—", " (", ") ", "“", "”", "'", "’", "", ".", "_", "/"]


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 40)):
        parts.append(rng.choice(VOCABULARY))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def test_a_word_pattern_matches_where_the_tokeniser_finds_the_word():
    """One text model: a one-word pattern matches exactly the tokens whose term is that word, so
    keyness (tokens) and dispersion, hits, kwic (patterns) count the same words. AllSides showed
    the gap: 'cnn' 7,274 tokens vs 7,234 matches in CNN's articles, from "CNN.com" (tokens cnn, com)."""
    from toolkit.text.tokens import tokenize

    rng = random.Random(20261201)
    texts = [_random_text(rng) for _ in range(300)]
    texts += ["CNN.com and ctl@cnn.com", "U.S. troops, the U.S and U.S.-led", "end.The x.y.zz a.bc", "No.1 3.14"]
    words = ["russia", "korea", "the", "ground", "us", "eu", "line", "x", "s", "quoted", "republic", "cnn", "com",
             "u.s", "y", "zz", "bc", "no.1"]
    m = compile_matcher([{w: [w] for w in words}])
    ti, _, _, _, ct, _ = m.find_many(texts)
    for i, text in enumerate(texts):
        terms = Counter(tokenize(text))
        matched = Counter(words[c] for c in ct[ti == i].tolist())
        assert {w: matched[w] for w in words} == {w: terms[w] for w in words}, text
    assert Counter(tokenize(texts[-4]))["cnn"] == 2 and Counter(tokenize(texts[-3]))["s"] == 0


def test_random_texts_match_the_reference_matcher():
    rng = random.Random(20261125)
    texts = [_random_text(rng) for _ in range(400)]
    texts += ["“Russia” and “russia’s”", "on the ground", "boots  on the\nground", "US US", ""]
    m = compile_matcher([load_lexicon(lex) for lex in RANDOM_LEXICONS])
    ti, st, en, lx, ct, pt = m.find_many(texts)
    got, patterns = Counter(), set()
    for i, text in enumerate(texts):
        expected = reference_find(RANDOM_LEXICONS, text)
        sel = ti == i
        actual = list(zip(st[sel].tolist(), en[sel].tolist(), lx[sel].tolist(), ct[sel].tolist(),
                          pt[sel].tolist()))
        assert actual == expected, (text, actual, expected)
        got.update((h[2], h[3]) for h in actual)
        patterns.update((h[2], h[4]) for h in actual)
    # The generator must exercise every category and most patterns, or the test proves little.
    assert len(got) == sum(len(lex) for lex in RANDOM_LEXICONS), got
    assert all(p != (0, 19) for p in patterns)  # the stop phrase is never returned
    assert len(patterns) >= 30, sorted(patterns)
    assert sum(got.values()) > 2000


# ----------------------------------------------------------------- default lexicons on the seed

def test_default_lexicons_on_seed_article():
    path = shared_path("seed", "articles.jsonl")
    article = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    m = compile_matcher(["actors", "frames"])
    frame = m.find_frame([article["text"]])
    counts = frame.groupby(["lexicon", "category"]).size().to_dict()
    # Counted by reading the article's text (title excluded) against the lexicons' rules.
    expected = {
        # Russia, Russia’s, Russia (x2 more), Moscow (x2, "Moscow has ..."), Russian President, Putin
        ("actors", "russia"): 8,
        ("actors", "ukraine"): 9,         # Ukraine x7, Ukrainian leader, Zelensky
        # EU x6, "Brussels should revive", "Brussels is reportedly" (metonymy; "EU lawmaker" counts)
        ("actors", "eu"): 8,
        # "North Korean ammunition" x2; "Allegations of Pyongyang supplying": after "of" the capital
        # counts for neither the state nor capitals
        ("actors", "north_korea"): 2,
        ("actors", "south_korea"): 1,
        ("actors", "nato"): 2,
        ("actors", "us"): 3,              # the US, Washington’s (after "said."), U.S. troops
        ("actors", "france"): 3,          # Emmanuel Macron, Macron’s, French troops
        ("actors", "baltic_states"): 1,   # Lithuanian Foreign Minister
        # the first "boots on the ground" has no word of armed conflict in its clause
        ("frames", "military_intervention"): 13,
        ("frames", "doubt"): 2,           # supposedly, reportedly
        ("frames", "allegations"): 1,     # Allegations
        ("frames", "escalation"): 1,      # escalation of the conflict
    }
    assert counts == expected
    terms = frame[frame["category"] == "ukraine"]["term"].tolist()
    assert Counter(terms) == {"Ukraine": 7, "Ukrainian": 1, "Zelensky": 1}
    military = Counter(frame[frame["category"] == "military_intervention"]["term"].str.lower())
    assert military == {"boots on the ground": 1, "deploying": 2, "deployment": 2, "soldiers": 2,
                        "troops": 4, "peacekeepers": 2}
    # "DC-based" and "European" are not actor hits; "U.S." is.
    assert "U.S." in frame["term"].tolist()
    assert not frame["term"].str.contains("DC|European").any()


def test_docstring_examples_run():
    import toolkit.match.lexicon
    import toolkit.match.matcher

    for module in (toolkit.match.lexicon, toolkit.match.matcher):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
