"""One reading of pattern arguments (toolkit.match.patterns), and the same matches in every verb."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toolkit import ParameterError
from toolkit.match.lexicon import load_lexicon
from toolkit.match.patterns import label, resolve, subset


def test_forms_of_a_pattern_argument(tmp_path):
    assert resolve("escalat*").categories == ["escalat*"]
    assert resolve("  boots  on the\nground ").entries["pattern"].tolist() == ["boots on the ground"]
    assert resolve("frames:escalation").categories == ["escalation"]
    assert resolve("actors").name == "actors" and len(resolve("actors").categories) > 5
    lex = load_lexicon({"r": ["Russia"], "n": ["NATO"]})
    assert resolve(lex) is lex
    assert resolve((lex, "n")).categories == ["n"]
    assert resolve(("frames", "doubt")).categories == ["doubt"]
    assert resolve({"r": ["Russia"]}).categories == ["r"]
    path = tmp_path / "mine.yml"
    path.write_text("war:\n  - war\n  - warfare\npeace: [peace]\n")
    assert resolve(path).categories == ["war", "peace"]
    assert resolve(f"{path}:peace").categories == ["peace"]
    listed = resolve(["war", "U.S.", "frames:doubt"])
    assert listed.categories == ["war", "U.S.", "frames:doubt"]
    assert set(listed.entries.loc[listed.entries["category"] == "frames:doubt", "pattern"]) >= {"supposedly"}
    assert resolve("10:30").categories == ["10:30"]   # a colon after digits: a pattern


def test_labels():
    assert label("escalat*") == "escalat*" and label(["a", "b"]) == "a|b"
    assert label((load_lexicon({"r": ["R"]}, name="x"), "r")) == "x:r" and label({"r": ["R"]}) == "mapping"
    assert label(Path("a.yml")) == "a.yml"


@pytest.mark.parametrize("what, message", [
    ("frame:escalation", r"`pattern` value = 'frame:escalation' is invalid: 'frame' is no lexicon "
                         r"\(did you mean 'frames'\?\); write NAME:CATEGORY"),
    ("frames:nope", r"category 'nope' is not in lexicon 'frames'"),
    ("*", r"`pattern` pattern '\*' is invalid: a pattern needs at least one letter or digit"),
    ("war?", r"`pattern` pattern 'war\?' is invalid: '\?' \(quanteda's one-character glob\) is not supported"),
    ("", r"`pattern` is an empty pattern"),
    ([], r"`pattern` is an empty list"),
    (["war", "war"], r"`pattern` lists 'war' twice"),
    ([["war"]], r"`pattern` items must not be lists"),
    (3, r"`pattern` value = 3 is invalid; must be a pattern, 'lexicon:category'"),
])
def test_errors(what, message):
    with pytest.raises(ParameterError, match=message):
        resolve(what)


def test_subset_names_the_missing_category():
    with pytest.raises(ParameterError, match=r"category 'x' is not in lexicon 'lexicon'; it has \['r'\]"):
        subset({"r": ["R"]}, "x")


TEXT = ("U.S. officials warned of escalation. Escalation-related talks stalled; the escalation "
        "continued. Escalating, they said, in the U.S.")


@pytest.mark.parametrize("what", ["escalat*", "U.S.", "frames:escalation", ("frames", "escalation"),
                                  ["escalat*", "U.S."], {"e": ["escalat*"], "u": ["U.S."]}])
def test_every_verb_sees_the_same_matches(what):
    # The example: hits 9, frequencies 9, kwic 8, collocates 10, dispersion 10 for one
    # pattern. Now every verb counts the rows of hits, titles included.
    import toolkit
    arts = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "A"], "date": [pd.NaT, pd.NaT],
                         "title": ["Escalation in the U.S.", ""], "text": [TEXT, TEXT.lower()]})
    n = len(toolkit.hits(arts, what))
    assert n > 0
    assert toolkit.frequencies(arts, what)["mentions"].sum() == n
    assert len(toolkit.kwic(arts, what)) == n
    assert toolkit.dispersion(arts, what)["freq"].sum() == n
    assert toolkit.collocates(arts, what, min_freq=1).attrs["node_frequency"] == n
    table = toolkit.cooccurrence(arts, what, "frames:doubt", window=3)
    assert table.groupby("actor")["actor_units"].first().sum() == n  # window mode: mentions
