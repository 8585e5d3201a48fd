"""toolkit.term_explorer: the statistics it places, the terms and KWIC lines it embeds, a safe page."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import toolkit
from conftest import REPO_ROOT
from toolkit.errors import ParameterError
from toolkit.explore import term_page
from toolkit.explore import terms as te

HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return toolkit.load_corpus(REPO_ROOT / "corpora" / "demo")


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list("abcd"), "outlet": ["A", "A", "B", "B"],
                         "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", None]),
                         "text": ["war war talks", "war and peace", "peace talks now", "peace and talks"]})


def test_term_table_joins_keyness_and_log_odds(small):
    key = toolkit.keyness(small, "A", min_freq=1)
    odds = toolkit.log_odds(small, "A", min_freq=1)
    table = te.term_table(key, odds)
    war = table.set_index("term").loc["war"]
    # A has 6 tokens (war war talks war and peace), B 6: war 3 / 0
    assert (war["freq_target"], war["freq_reference"], war["freq"]) == (3, 0, 3)
    assert war["per_10k_target"] == pytest.approx(3 / 6 * 10_000) and war["per_10k_reference"] == 0
    g2 = "g2" if "g2" in key else "ll"  # (named ll before the one-text-model work)
    assert war["g2"] == pytest.approx(key.set_index("term").loc["war", g2])
    assert war["z"] == pytest.approx(odds.set_index("term").loc["war", "z"])
    assert table["term"].tolist() == odds["term"].tolist()  # sorted by z, as log_odds
    assert list(table.columns) == ["term", "freq_target", "freq_reference", "delta", "z", "g2", "q", "log_ratio",
                                   "range", "dp", "freq", "per_10k_target", "per_10k_reference"]


def test_choose_terms_keeps_the_distinctive_then_the_frequent():
    table = pd.DataFrame({"term": list("abcdefgh"), "z": [5, 3, 1, 0.5, -0.2, -1, -4, -6],
                          "freq": [1, 2, 100, 90, 80, 3, 2, 1]})
    out = te.choose_terms(table, max_terms=6, labels=1, kwic_terms=2)
    assert out["term"].tolist() == ["a", "b", "c", "d", "g", "h"]  # 2 top, 2 bottom, then c and d by frequency
    assert out.loc[out["label"], "term"].tolist() == ["a", "h"]
    assert out.loc[out["kwic"], "term"].tolist() == ["a", "b", "g", "h"]
    # a term with z on the wrong side of 0 is not "distinctive" for that side
    positive = te.choose_terms(table.assign(z=np.abs(table["z"])), max_terms=3, labels=5, kwic_terms=2)
    assert positive.loc[positive["kwic"], "term"].tolist() == ["a", "h"] and len(positive) == 3


def test_sample_lines_one_article_at_a_time():
    lines = pd.DataFrame({"category": ["x"] * 7 + ["y"], "side": ["target"] * 5 + ["reference"] * 3,
                          "doc_id": ["d1", "d1", "d1", "d2", "d3", "d4", "d4", "d5"], "n": range(8)})
    out = te.sample_lines(lines, per_side=3, seed=0)
    target = out[(out.category == "x") & (out.side == "target")]
    assert sorted(target["doc_id"]) == ["d1", "d2", "d3"]  # three articles before a second d1 line
    assert len(out[(out.category == "x") & (out.side == "reference")]) == 2
    assert len(out[out.category == "y"]) == 1
    pd.testing.assert_frame_equal(out, te.sample_lines(lines, per_side=3, seed=0))  # seeded
    assert len(te.sample_lines(lines.iloc[:0], per_side=3)) == 0


def test_kwic_lines_are_lines_one_kwic_call_finds(demo):
    terms = pd.DataFrame({"term": ["russia", "humanitarian", "ceasefire"],
                          "freq_target": [40, 3, 2], "freq_reference": [37, 30, 20]})  # (not read)
    targets = ["The Northern Ledger"]
    rows = np.ones(len(demo), bool)
    lines = te._kwic_lines(demo, terms, "outlet", targets, rows, window=5, per_side=4, seed=1)
    full = toolkit.kwic(demo, {t: [t] for t in terms["term"]}, window=5, by=["outlet", "date"])
    full["side"] = np.where(full["outlet"].isin(targets), "target", "reference")
    available = full.groupby(["category", "side"]).size()
    got = lines.groupby(["term", "side"]).size()
    for (term, side), n in available.items():
        assert got.get((term, side), 0) == min(4, n), (term, side)
    # every embedded line is a line of the one-call KWIC
    keys = set(zip(full["category"], full["doc_id"], full["left"], full["match"], full["right"]))
    assert set(zip(lines["term"], lines["doc_id"], lines["left"], lines["match"], lines["right"])) <= keys


def test_term_explorer_page_is_self_contained(demo, tmp_path):
    result = toolkit.term_explorer(demo, "The Northern Ledger", path=tmp_path / "t.html", kwic_terms=20)
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert result.path == tmp_path / "t.html"
    assert 0.9e6 < len(page.encode()) < 1.6e6  # the Vega library (0.9 MB) and the data
    bundle = term_page.vega_bundle()
    assert page.count(bundle) == 1
    page = page.replace(bundle, "")  # (the library's own code mentions <img src= etc.: see the browser test)
    # nothing to fetch: no src/href attributes, no import, no fetch in our code
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=""", page)
    assert page.count("<script") == page.count("</script>") == 3  # library, data, our code
    assert result.terms["kwic"].sum() == 40 and set(result.lines["term"]) <= set(result.terms["term"])
    assert set(result.lines["side"]) == {"target", "reference"}
    assert (result.lines.groupby(["term", "side"]).size() <= 8).all()
    assert result.payload["kwic"]["russia"]["target"][0][:2] == [
        result.lines.query("term == 'russia' and side == 'target'").iloc[0]["outlet"],
        result.lines.query("term == 'russia' and side == 'target'").iloc[0]["date"].strftime("%Y-%m-%d")]
    # in a notebook: the library with the first display only
    first, second = result._repr_html_(), result._repr_html_()
    assert bundle in first and bundle not in second and "tk-te-" in second
    assert bundle not in result.html(standalone=False, library=False)


def test_term_explorer_page_escapes_names_and_text(tmp_path):
    articles = pd.DataFrame({
        "doc_id": list("abcd"), "outlet": [f"A {HOSTILE}", f"A {HOSTILE}", "B", "B"],
        "text": [f"escalation {HOSTILE} escalation", "escalation again", "aid aid", "aid talks"]})
    result = toolkit.term_explorer(articles, f"A {HOSTILE}", min_freq=1, path=tmp_path / "h.html",
                                   title=f"T {HOSTILE}")
    page = result.path.read_text(encoding="utf-8").replace(term_page.vega_bundle(), "")
    assert HOSTILE not in page and "<img" not in page
    assert page.count("<script") == page.count("</script>") == 3
    assert "<title>T &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</title>" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the h1 and the note: escaped text
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page  # the JSON data: escaped


def test_invalid_options_are_refused(small):
    with pytest.raises(ParameterError, match=r"`max_terms` value = 0 is invalid; must be an integer >= 1"):
        toolkit.term_explorer(small, "A", max_terms=0)
    with pytest.raises(ParameterError, match=r"`kwic_lines` value = -1 is invalid; must be an integer >= 1"):
        toolkit.term_explorer(small, "A", kwic_lines=-1)
    with pytest.raises(ParameterError, match=r"target \['C'\] not found in column 'outlet'"):
        toolkit.term_explorer(small, "C")
    with pytest.raises(ParameterError, match=r"no term occurs at least min_freq = 50 times"):
        toolkit.term_explorer(small, "A", min_freq=50)
    with pytest.raises(ParameterError, match=r"articles has no column\(s\) \['bias'\]"):
        toolkit.term_explorer(small, "A", by="bias")
