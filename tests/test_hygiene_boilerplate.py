"""Boilerplate (toolkit.corpus.hygiene.boilerplate): packaged patterns, repeated paragraphs, spans."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from toolkit import find_boilerplate
from toolkit.corpus.hygiene.boilerplate import _paragraphs, boilerplate_spans, load_boilerplate_patterns
from toolkit.errors import LexiconError, ParameterError
from toolkit.text.sentences import paragraph_spans

PATTERNS = load_boilerplate_patterns()


def corpus(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Articles from (outlet, text) pairs; doc_ids o0, o1, ... in order."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "outlet": [o for o, _ in rows],
                         "text": [t for _, t in rows]})


def unique_story(i: int) -> str:
    # Different words in every article, so that no story paragraph repeats.
    words = ["tariffs", "ports", "schools", "wildfires", "drones", "pensions", "bridges", "courts", "vaccines",
             "elections", "farms", "railways", "prisons", "refugees", "banks", "mines", "forests", "satellites",
             "unions", "taxes", "hospitals", "rivers", "airports", "museums", "fisheries", "libraries"]
    return f"The council debated {words[i % len(words)]} and {words[(i * 7 + 3) % len(words)]} on day {i}."


# --------------------------------------------------------------------------- packaged patterns
@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_packaged_pattern_examples(pattern):
    """Every pattern removes its examples and leaves its counter-examples, in Python's re and in RE2."""
    assert pattern.what and pattern.examples and pattern.not_examples
    for text in pattern.examples:
        assert pattern.matches(text), text
    for text in pattern.not_examples:
        assert not pattern.matches(text), text
    # RE2 (pyarrow), which find_boilerplate uses, agrees with Python's re on all of them.
    texts = list(pattern.examples) + list(pattern.not_examples)
    re2 = pc.match_substring_regex(pa.array([t.strip() for t in texts]), pattern.regex, ignore_case=True)
    short = [pattern.max_words is None or len(t.split()) <= pattern.max_words for t in texts]
    assert [bool(a) and s for a, s in zip(re2.to_pylist(), short)] == [pattern.detects(t) for t in texts]


def test_packaged_patterns_names_unique_and_documented():
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names)) >= 15
    assert {"copyright", "newsletter", "click-here", "photo-caption", "video-player", "credit-line"} <= set(names)


def test_patterns_found_in_every_outlet_even_small():
    arts = corpus([("Tiny", "Officials met on Monday.\n\nCLICK HERE TO GET THE APP"),
                   ("Tiny", "Advertisement\n\nThe vote was close.")])
    table = find_boilerplate(arts)
    assert table[["outlet", "kind", "rule", "text", "articles", "share", "paragraphs", "outlet_articles",
                  "examples", "key"]].values.tolist() == [
        ["Tiny", "pattern", "advertisement", "Advertisement", 1, 0.5, 1, 2, "d1", ""],
        ["Tiny", "pattern", "click-here", "CLICK HERE TO GET THE APP", 1, 0.5, 1, 2, "d0", ""],
    ]
    assert table.attrs["small_outlets"] == ["Tiny"]


# --------------------------------------------------------------------------- repeated paragraphs
def test_repeated_paragraph_thresholds_counted_by_hand():
    sign_off = "The Ledger is published by Ledger Media Group."
    rows = []
    # Big: 20 articles; the sign-off in 5 of them (25%): found. Another line in 4 (below min_articles=5).
    for i in range(20):
        extra = [sign_off] if i < 5 else []
        extra += ["Our team thanks its readers."] if 5 <= i < 9 else []
        rows.append(("Big", "\n\n".join([unique_story(i)] + extra)))
    # Small: 4 articles, the same line in 3: real or not, too few articles to tell.
    for i in range(4):
        rows.append(("Small", unique_story(100 + i) + ("\n\nWe thank our readers." if i < 3 else "")))
    table = find_boilerplate(corpus(rows))
    assert table[["outlet", "kind", "text", "articles", "share", "outlet_articles", "examples"]].values.tolist() == [
        ["Big", "repeated", sign_off, 5, 0.25, 20, "d0, d1, d2"]]
    assert table["key"].tolist() == ["the ledger is published by ledger media group."]
    assert table.attrs["small_outlets"] == ["Small"]
    assert table.attrs["parameters"]["min_share"] == 0.01
    # Lower the floor: the 4-article line counts too.
    more = find_boilerplate(corpus(rows), min_articles=4)
    assert sorted(more["articles"].tolist()) == [4, 5]


def test_share_threshold_scales_with_outlet_size():
    line = "Reporters can be reached at the newsroom."
    # 600 articles: 1% is 6 articles. In 5 of them: not boilerplate; in 6: boilerplate.
    for copies, found in [(5, False), (6, True)]:
        rows = [("Wire", unique_story(i) + (f"\n\n{line}" if i < copies else "")) for i in range(600)]
        table = find_boilerplate(corpus(rows))
        assert (line in table["text"].tolist()) is found


def test_repeated_key_folds_case_digits_and_spaces():
    rows = [("Big", f"{unique_story(i)}\n\nUpdated  daily since {1990 + i}, THE desk.") for i in range(20)]
    table = find_boilerplate(corpus(rows))
    assert table["key"].tolist() == ["updated daily since 0, the desk."]
    assert table["articles"].tolist() == [20]
    assert table["paragraphs"].tolist() == [20]


def test_paragraph_counted_once_per_article_and_pattern_first():
    rows = [("Big", f"{unique_story(i)}\n\nAll for now.\n\nAll for now.\n\nAdvertisement") for i in range(20)]
    table = find_boilerplate(corpus(rows))
    rep = table[table["kind"] == "repeated"].iloc[0]
    assert (rep["articles"], rep["paragraphs"], rep["share"]) == (20, 40, 1.0)
    # "Advertisement" repeats too, but is reported (once) under its pattern.
    assert table[table["rule"] == "advertisement"]["articles"].tolist() == [20]
    assert len(table) == 2


def test_link_box_goes_and_the_sentence_closes_up():
    """The packaged link-box rule (a Python `span` with a back-reference): only the box goes."""
    texts = ["The vote waits, said Sen. Dana Holt Dana Marie HoltSenators clash over farm bill Holt backs "
             "new port plan MORE (D-Ore.) on Monday.\n\nSen. Dana Holt said MORE than half agreed.",
             "The McDonald family asked the city for MORE help after the flood."]
    arts = corpus([("Daily", t) for t in texts])
    spans = boilerplate_spans(arts)
    assert spans[["doc_id", "rule"]].values.tolist() == [["d0", "link-box"]]
    start, end = spans[["start", "end"]].iloc[0]
    assert texts[0][:start] + texts[0][end:] == ("The vote waits, said Sen. Dana Holt (D-Ore.) on Monday.\n\n"
                                                 "Sen. Dana Holt said MORE than half agreed.")


def test_no_patterns_option_and_own_pattern_file(tmp_path):
    rows = [("Tiny", "Officials met.\n\nADVERTISEMENT"), ("Tiny", "The vote.\n\nVisit our shop today")]
    assert find_boilerplate(corpus(rows), patterns=False).empty
    path = tmp_path / "mine.yml"
    path.write_text("patterns:\n  - name: shop\n    regex: '^visit our shop'\n    max_words: 6\n", encoding="utf-8")
    table = find_boilerplate(corpus(rows), patterns=path)
    assert table[["rule", "text", "examples"]].values.tolist() == [["shop", "Visit our shop today", "d1"]]


@pytest.mark.parametrize("text, message", [
    ("patterns: 3\n", "needs a `patterns:` list"),
    ("patterns:\n  - name: x\n", "pattern 1 needs a `name` and a `regex`"),
    ("patterns:\n  - {name: a, regex: x}\n  - {name: a, regex: y}\n", "pattern name 'a' appears twice"),
    ("patterns:\n  - {name: a, regex: x, scope: line}\n", "`scope` value = 'line' is invalid"),
    ("patterns:\n  - {name: a, regex: x, max_words: 0}\n", "`max_words` must be a positive integer"),
    ("patterns:\n  - {name: a, regex: '(x'}\n", "pattern 'a': invalid regex"),
    ("patterns:\n  - {name: a, regex: '(?=x)y'}\n", "pattern 'a': invalid regex"),  # a look-ahead: not RE2
    ("patterns: [\n", "cannot read boilerplate patterns"),
    ("patterns:\n  - {name: a, regex: x, span: y}\n", "pattern 'a': `span` needs `scope: match`"),
    ("patterns:\n  - {name: a, regex: x, scope: match, span: '(x'}\n", "pattern 'a': invalid span regex"),
])
def test_pattern_file_errors(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_boilerplate_patterns(path)


@pytest.mark.parametrize("options, message", [
    ({"min_share": 0}, r"`min_share` value = 0 is invalid; must be a number in \(0, 1\]"),
    ({"min_share": 1.5}, r"`min_share` value = 1.5 is invalid"),
    ({"min_articles": 1}, r"`min_articles` value = 1 is invalid; must be an integer >= 2"),
    ({"min_outlet_articles": 0}, r"`min_outlet_articles` value = 0 is invalid; must be an integer >= 1"),
    ({"patterns": 3}, r"`patterns` must be True \(the packaged list\), False, a pattern file path"),
])
def test_find_boilerplate_parameter_errors(options, message):
    with pytest.raises(ParameterError, match=message):
        find_boilerplate(corpus([("A", "x")]), **options)


def test_find_boilerplate_needs_columns():
    with pytest.raises(ParameterError, match=r"articles has no column\(s\) \['doc_id'\]"):
        find_boilerplate(pd.DataFrame({"outlet": ["A"], "text": ["x"]}))


# --------------------------------------------------------------------------- spans and paragraphs
def test_spans_point_into_the_original_text():
    text = ("Story highlights Obama visits Ohio\n\nThe president spoke.\n\nCLICK HERE TO GET THE APP\n\n"
            "More followed. JUST WATCHED Clip Replay More Videos ... MUST WATCH Clip 01:10")
    arts = corpus([("A", text)])
    spans = boilerplate_spans(arts)
    assert spans[["rule", "text"]].values.tolist() == [
        ["story-highlights", "Story highlights "],
        ["click-here", "CLICK HERE TO GET THE APP"],
        ["video-player", "JUST WATCHED Clip Replay More Videos ... MUST WATCH Clip 01:10"],
    ]
    assert all(text[a:b] == t for a, b, t in zip(spans["start"], spans["end"], spans["text"]))


def test_spans_of_a_filtered_table():
    rows = [("Big", f"{unique_story(i)}\n\nThe Ledger, since 1888.\n\nAdvertisement") for i in range(20)]
    arts = corpus(rows)
    table = find_boilerplate(arts)
    only_ads = table[table["rule"] == "advertisement"]
    spans = boilerplate_spans(arts, only_ads)
    assert spans["rule"].unique().tolist() == ["advertisement"] and len(spans) == 20


@pytest.mark.parametrize("text", [
    "", "one", "a\n\nb", "  lead\n\ntrail  ", "a\n\n\n\nb", "a\n \nb", "line\nwrapped\n\nnext",
    "x\u00a0\n\n\u2003y", "\n\nstarts blank", "é\n\nü ö", "a\n\t\n\n b \n\nc",
])
def test_paragraphs_equal_paragraph_spans(text):
    pars = _paragraphs([text, "filler\n\ntext"])
    got = [(a, b) for d, a, b in zip(pars.doc, pars.start, pars.end) if d == 0]
    assert got == paragraph_spans(text)
    assert [t for d, t in zip(pars.doc, pars.text.to_pylist()) if d == 0] == [text[a:b] for a, b in got]


def test_paragraphs_equal_paragraph_spans_on_allsides():
    from conftest import shared_path

    texts = pd.read_parquet(shared_path("allsides", "articles.parquet"), columns=["text"])["text"]
    texts = texts.sample(3000, random_state=4).tolist()
    pars = _paragraphs(texts)
    ref = [(i, a, b) for i, t in enumerate(texts) for a, b in paragraph_spans(t)]
    assert list(zip(pars.doc.tolist(), pars.start.tolist(), pars.end.tolist())) == ref
    words = np.array([len(texts[d][a:b].split()) for d, a, b in ref])
    assert (pars.words >= words).all() and (pars.words == words).mean() > 0.99
