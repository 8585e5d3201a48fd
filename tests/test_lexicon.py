"""Tests for toolkit.match.lexicon: the YAML format, packaged lexicons and every LexiconError."""
from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pandas as pd
import pytest

from toolkit.errors import LexiconError
from toolkit.match.lexicon import Lexicon, load_lexicon, packaged_lexicons
from toolkit.match.context import CONTEXT_KEYS

NO_CONTEXT = {key: () for key in CONTEXT_KEYS}

LEXICON_DIR = Path(__file__).resolve().parents[1] / "toolkit" / "lexicons"


def write(tmp_path: Path, text: str, name: str = "lex.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------- loading

def test_load_yaml_file_entries_in_file_order(tmp_path):
    path = write(tmp_path, (
        "russia:\n"
        "  - Russia\n"
        "  - Kremlin\n"
        "us:\n"
        "  - pattern: US\n"
        "    case_sensitive: true\n"
        "    note: not the pronoun\n"
        "  - U.S.\n"
    ))
    lex = load_lexicon(path)
    assert lex.name == "lex"
    assert lex.source == str(path)
    assert lex.categories == ["russia", "us"]
    assert len(lex) == 4
    assert lex.entries.to_dict("records") == [
        {"category": "russia", "pattern": "Russia", "case_sensitive": False, "note": "",
         "exclude": False, **NO_CONTEXT},
        {"category": "russia", "pattern": "Kremlin", "case_sensitive": False, "note": "",
         "exclude": False, **NO_CONTEXT},
        {"category": "us", "pattern": "US", "case_sensitive": True, "note": "not the pronoun",
         "exclude": False, **NO_CONTEXT},
        {"category": "us", "pattern": "U.S.", "case_sensitive": False, "note": "",
         "exclude": False, **NO_CONTEXT},
    ]
    assert lex.entries["case_sensitive"].dtype == bool
    assert lex.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_path_as_string_and_name_override(tmp_path):
    path = write(tmp_path, "a: [x]\n")
    lex = load_lexicon(str(path), name="mine")
    assert lex.name == "mine"
    assert lex.categories == ["a"]


def test_mapping_source_and_lexicon_returned_as_is():
    lex = load_lexicon({"nato": ["NATO", {"pattern": "Alliance", "note": "risky"}]})
    assert lex.source == "<mapping>"
    assert lex.sha256 is None
    assert lex.entries["note"].tolist() == ["", "risky"]
    assert load_lexicon(lex) is lex


def test_quanteda_nested_categories_flatten_at_any_depth(tmp_path):
    path = write(tmp_path, (
        "actors:\n"
        "  state:\n"
        "    russia: [Russia]\n"
        "    ukraine: [Ukraine, 'Kyiv']\n"
        "  alliance:\n"
        "    - NATO\n"
        "frames:\n"
        "  escalation: [escalat*]\n"
    ))
    lex = load_lexicon(path)
    assert lex.categories == ["actors.state.russia", "actors.state.ukraine", "actors.alliance",
                              "frames.escalation"]
    assert lex.entries["category"].tolist() == [
        "actors.state.russia", "actors.state.ukraine", "actors.state.ukraine",
        "actors.alliance", "frames.escalation"]


def test_single_string_value_is_one_pattern_and_meta_is_not_a_category(tmp_path):
    path = write(tmp_path, (
        "_meta:\n"
        "  description: test lexicon\n"
        "_notes: free text\n"
        "kremlin: Kremlin\n"
    ))
    lex = load_lexicon(path)
    assert lex.categories == ["kremlin"]
    assert lex.entries["pattern"].tolist() == ["Kremlin"]
    assert lex.meta == {"_meta": {"description": "test lexicon"}, "_notes": "free text"}


def test_exclude_option_is_read():
    lex = load_lexicon({"us": ["Washington", {"pattern": "Washington Post", "exclude": True}]})
    assert lex.entries["exclude"].tolist() == [False, True]
    assert lex.entries["exclude"].dtype == bool


def test_pattern_whitespace_is_collapsed():
    lex = load_lexicon({"a": ["  boots   on\nthe ground "]})
    assert lex.entries["pattern"].tolist() == ["boots on the ground"]


def test_packaged_lexicons_load_by_name():
    assert {"actors", "frames"} <= set(packaged_lexicons())
    actors = load_lexicon("actors")
    frames = load_lexicon("frames")
    assert actors.name == "actors"
    assert Path(actors.source) == LEXICON_DIR / "actors.yml"
    assert actors.sha256 == hashlib.sha256((LEXICON_DIR / "actors.yml").read_bytes()).hexdigest()
    assert actors.categories[:5] == ["russia", "ukraine", "us", "eu", "nato"]
    assert len(actors.categories) >= 8
    # The seven frames and thirteen actors keep their names; new categories are added (issue 14).
    assert frames.categories == ["escalation", "military_intervention", "peace_diplomacy",
                                 "humanitarian", "economic_sanctions", "trade", "threat_security",
                                 "doubt", "allegations"]
    assert actors.categories[:13] == ["russia", "ukraine", "us", "eu", "nato", "china", "north_korea",
                                      "south_korea", "uk", "france", "germany", "poland",
                                      "baltic_states"]
    # The risky short forms are case-sensitive, as the README says.
    main = actors.entries[~actors.entries["category"].str.startswith("people.")]
    cs = main.set_index("pattern")["case_sensitive"]
    assert cs["US"] and cs["EU"] and cs["UK"] and not cs["U.S."]


def test_matcher_is_cached_on_the_lexicon():
    lex = load_lexicon({"a": ["x"]})
    assert lex.matcher is lex.matcher
    assert lex.matcher.lexicons == [lex]


def test_duplicate_pattern_warns_and_names_both_categories():
    with pytest.warns(UserWarning, match=r"'nato'.*'alliance'"):
        load_lexicon({"nato": ["NATO"], "alliance": ["nato"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Same letters, different case sensitivity: not a duplicate.
        load_lexicon({"us": [{"pattern": "US", "case_sensitive": True}, "us"]})


# ----------------------------------------------------------------- errors

ERROR_CASES = [
    # id, YAML text, fragments the message must contain (besides the file path)
    ("invalid-yaml", "russia:\n  - Russia\n  - [unclosed\nus: [US]\n",
     ["line 4", "invalid YAML"]),
    ("invalid-yaml-tab", "russia:\n\t- Russia\n", ["line 2", "invalid YAML"]),
    ("top-level-list", "- Russia\n- NATO\n", ["line 1", "top level must be a mapping"]),
    ("top-level-scalar", "Russia\n", ["top level must be a mapping"]),
    ("empty-file", "", ["top level must be a mapping", "empty"]),
    ("empty-category-list", "russia: [Russia]\nnato: []\n", ["category 'nato'", "line 2",
                                                              "empty category"]),
    ("empty-category-null", "russia:\nnato: [NATO]\n", ["category 'russia'", "line 1",
                                                        "empty category"]),
    ("empty-nested-category", "actors: {}\n", ["category 'actors'", "empty category"]),
    ("non-string-pattern", "years:\n  - war\n  - 2022\n",
     ["category 'years'", "entry 2", "2022", "line 3", "must be a string"]),
    ("null-pattern", "a:\n  - x\n  - null\n", ["category 'a'", "entry 2", "line 3",
                                               "must be a string"]),
    ("list-pattern", "a:\n  - [x, y]\n", ["category 'a'", "entry 1", "must be a string"]),
    ("empty-pattern", "a:\n  - x\n  - '  '\n", ["category 'a'", "entry 2", "line 3",
                                                "empty pattern"]),
    ("star-only", "esc:\n  - escalat*\n  - '*'\n", ["category 'esc'", "entry 2", "'*'",
                                                     "line 3", "only wildcards/punctuation"]),
    ("stars-and-punctuation", "esc:\n  - '*.*'\n", ["category 'esc'", "entry 1", "'*.*'",
                                                    "only wildcards/punctuation"]),
    ("punctuation-only", "p:\n  - '...'\n", ["category 'p'", "entry 1", "'...'",
                                             "only wildcards/punctuation"]),
    ("star-word-in-phrase", "m:\n  - boots * ground\n", ["category 'm'", "entry 1",
                                                         "'boots * ground'", "only of '*'"]),
    ("question-glob", "m:\n  - 'colo?r'\n", ["category 'm'", "entry 1", "not supported"]),
    ("unknown-option", "us:\n  - pattern: US\n    case: true\n",
     ["category 'us'", "entry 1", "line 2", "unknown option key", "'case'",
      "pattern', 'case_sensitive', 'note'"]),
    ("missing-pattern-key", "us:\n  - case_sensitive: true\n",
     ["category 'us'", "entry 1", "needs a 'pattern' key"]),
    ("bad-case-flag", "us:\n  - pattern: US\n    case_sensitive: maybe\n",
     ["category 'us'", "entry 1", "'US'", "case_sensitive must be true or false"]),
    ("bad-exclude-flag", "us:\n  - pattern: Washington Post\n    exclude: 1\n",
     ["category 'us'", "entry 1", "'Washington Post'", "exclude must be true or false"]),
    ("non-string-option-pattern", "us:\n  - pattern: 12\n",
     ["category 'us'", "entry 1", "must be a string"]),
    ("duplicate-after-flattening", "a.b: [x]\na:\n  b: [y]\n",
     ["category 'a.b'", "line 3", "duplicate category", "line 1"]),
    ("duplicate-key", "russia: [Russia]\nnato: [NATO]\nrussia: [Kremlin]\n",
     ["line 3", "duplicate key 'russia'"]),
    ("python-tag", "a:\n  - !!python/object/apply:os.system [echo]\n",
     ["line 2", "invalid YAML"]),
    ("non-string-category", "2022: [war]\n", ["category '2022'", "must be a non-empty string"]),
    ("category-not-list", "a:\n  b: 3\n", ["category 'a.b'", "expected a list", "line 2"]),
]


@pytest.mark.parametrize("text, fragments", [c[1:] for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])
def test_lexicon_errors_name_file_category_entry_and_line(tmp_path, text, fragments):
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize("mapping, fragments", [
    ({"a": []}, ["category 'a'", "empty category"]),
    ({"a": ["x", 3]}, ["category 'a'", "entry 2", "must be a string"]),
    ({"a": ["x", ""]}, ["category 'a'", "entry 2", "empty pattern"]),
    ({"a": ["**"]}, ["category 'a'", "entry 1", "only wildcards"]),
    ({"a": [{"pattern": "x", "weight": 2}]}, ["category 'a'", "entry 1", "unknown option key"]),
    ({"a.b": ["x"], "a": {"b": ["y"]}}, ["category 'a.b'", "duplicate category"]),
])
def test_mapping_errors_name_mapping_category_and_entry(mapping, fragments):
    with pytest.raises(LexiconError) as info:
        load_lexicon(mapping)
    message = str(info.value)
    assert message.startswith("<mapping>")
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_top_level_not_mapping_from_python():
    with pytest.raises(LexiconError, match="packaged name"):
        load_lexicon(["Russia"])


def test_unknown_packaged_name_lists_the_packaged_ones():
    with pytest.raises(LexiconError, match=r"no packaged lexicon named 'actor'.*'actors'"):
        load_lexicon("actor")


def test_missing_file(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "nope.yml")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("a: [Élysée]\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon(path)


def test_entries_frame_has_documented_columns():
    lex = load_lexicon({"a": ["x"]})
    assert isinstance(lex, Lexicon)
    assert list(lex.entries.columns) == ["category", "pattern", "case_sensitive", "note",
                                         "exclude", "before", "not_before", "after", "not_after",
                                         "with", "without"]
    assert isinstance(lex.entries, pd.DataFrame)


def test_subset_keeps_stop_phrases_and_order():
    lex = load_lexicon("actors")
    sub = lex.subset(["us", "russia"])
    assert sub.categories == ["russia", "us"]
    assert sub.name == "actors" and sub.sha256 == lex.sha256
    rows = lex.entries[lex.entries["category"].isin(["us", "russia"])]
    assert sub.entries["exclude"].sum() == rows["exclude"].sum() > 0
    hits = sub.matcher.find("the Washington Post said Washington and Moscow")
    assert [sub.categories[c] for c in hits.category.tolist()] == ["us", "russia"]
    assert hits.start.tolist() == [25, 40]
    with pytest.raises(LexiconError, match="'mars' is not in lexicon 'actors'"):
        lex.subset("mars")


def test_to_mapping_round_trips():
    lex = load_lexicon("frames")
    again = load_lexicon(lex.to_mapping(), name="frames")
    assert again.categories == lex.categories
    pd.testing.assert_frame_equal(again.entries, lex.entries)
