"""clean, cleaning_summary, find_syndication and find_outlet_aliases (toolkit.corpus.hygiene)."""
from __future__ import annotations

import copy

import pandas as pd
import pytest

import toolkit
from toolkit import clean, cleaning_summary, find_outlet_aliases, find_syndication
from toolkit.corpus.hygiene.aliases import main_domain, name_core
from toolkit.corpus.hygiene.syndication import wire_bylines
from toolkit.errors import ParameterError

STORY = ("The senate passed the budget bill on Tuesday after a long debate over border security, "
         "and the house is expected to vote on it next week before the recess begins in august.")
OTHER = "Trade talks resumed in Geneva on Monday with officials from both sides."


def articles(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# --------------------------------------------------------------------------- syndication
def test_wire_bylines():
    arts = pd.DataFrame({"outlet": ["X", "X", "Reuters", "X", "X", "Associated Press"],
                         "text": ["WASHINGTON (AP) — The senate voted.", "LONDON (Reuters) - Talks ended.",
                                  "Talks ended.", "The vote.\n\nThe Associated Press contributed to this report.",
                                  "A plain story.", "A story."],
                         "authors": ["", "", "", "", "Associated Press", ""]})
    assert wire_bylines(arts).tolist() == ["AP", "Reuters", "Reuters", "AP", "AP", "AP"]


def test_original_is_earliest_then_wire_outlet_then_order():
    arts = articles([
        ("a", "X", "2020-01-03", STORY), ("b", "Y", "2020-01-02", STORY), ("c", "Z", None, STORY),       # cluster 0
        ("d", "X", "2020-02-01", OTHER), ("e", "Reuters", "2020-02-05", OTHER),                       # cluster 1
        ("f", "X", "2020-03-01", STORY + " More."), ("g", "X", "2020-03-01", "(AP) — " + STORY + " More."),
        ("h", "Q", None, OTHER + " Again."), ("i", "Q", None, OTHER + " Again."),
    ])
    # Pairs by hand (find_syndication takes whatever pairs it is given).
    pairs = pd.DataFrame({"doc_id_a": ["a", "a", "d", "f", "h"], "doc_id_b": ["b", "c", "e", "g", "i"],
                          "jaccard": [1.0, 0.9, 0.8, 0.95, 1.0], "cluster": [0, 0, 1, 2, 3]})
    table = find_syndication(arts, pairs)
    assert table[["cluster", "doc_id", "original", "syndicated", "cluster_size", "cluster_outlets"]].values.tolist() == [
        [0, "b", True, True, 3, 3], [0, "a", False, True, 3, 3], [0, "c", False, True, 3, 3],
        [1, "e", True, True, 2, 2], [1, "d", False, True, 2, 2],
        [2, "g", True, False, 2, 1], [2, "f", False, False, 2, 1],
        [3, "h", True, False, 2, 1], [3, "i", False, False, 2, 1]]
    first = table[table["original"]].set_index("cluster")
    assert first["evidence"].tolist() == ["earliest date", "wire outlet", "same date, wire byline",
                                          "no dates, table order"]
    assert first["origin"].tolist() == ["Y", "Reuters", "AP", "Q"]
    assert table["best_jaccard"].tolist() == [1.0, 1.0, 0.9, 0.8, 0.8, 0.95, 0.95, 1.0, 1.0]


# --------------------------------------------------------------------------- aliases
def test_main_domain_and_name_core():
    assert [main_domain(u) for u in ["https://www.foxnews.com/x", "insider.foxnews.com/y", "http://news.bbc.co.uk/z",
                                     "https://cnn.com:443/a", "not a url", float("nan")]] == [
        "foxnews.com", "foxnews.com", "bbc.co.uk", "cnn.com", "", ""]
    assert [name_core(n) for n in ["Fox News", "Fox Online News", "Fox News (Online)", "Fox News Opinion",
                                   "CNSNews.com", "CNS News", "The Week - News"]] == [
        "fox", "fox", "fox", "foxopinion", "cns", "cns", "week"]


def test_find_outlet_aliases_domains_names_and_overlap():
    rows = []
    for k, (outlet, url) in enumerate([("Fox News", "https://www.foxnews.com/a"), ("Fox News", "https://foxnews.com/b"),
                                       ("Fox Online News", "https://www.foxnews.com/c"),
                                       ("Fox News Opinion", "https://www.foxnews.com/d"),
                                       ("Daily", "https://daily.com/e"), ("Daily", "https://daily.com/f"),
                                       ("Daily", "https://daily.com/g"), ("Mirror", "https://mirror.com/h"),
                                       ("Mirror", "https://mirror.com/i"), ("Mirror", "https://mirror.com/j")]):
        rows.append({"doc_id": str(k), "outlet": outlet, "url": url, "text": f"Story {k} about {outlet}."})
    arts = pd.DataFrame(rows)
    # Mirror reprints all three Daily stories.
    pairs = pd.DataFrame({"doc_id_a": ["4", "5", "6"], "doc_id_b": ["7", "8", "9"],
                          "outlet_a": ["Daily"] * 3, "outlet_b": ["Mirror"] * 3})
    table = find_outlet_aliases(arts, pairs)
    assert table[["outlet_a", "outlet_b", "domain", "same_name", "duplicates_a", "duplicates_b", "overlap",
                  "suggested"]].values.tolist() == [
        ["Daily", "Mirror", "", False, 3, 3, 1.0, True],
        ["Fox News", "Fox Online News", "foxnews.com", True, 0, 0, 0.0, True],
        ["Fox News", "Fox News Opinion", "foxnews.com", False, 0, 0, 0.0, False],
        ["Fox News Opinion", "Fox Online News", "foxnews.com", False, 0, 0, 0.0, False]]
    assert table["reason"].tolist()[:2] == ["3 of 3 articles of Mirror are near-duplicates of Daily",
                                           "same domain (foxnews.com) and name"]
    assert table.attrs["mapping"] == {"Mirror": "Daily", "Fox Online News": "Fox News"}
    # Fewer shared articles than min_shared: not suggested.
    fewer = find_outlet_aliases(arts, pairs, min_shared=4).set_index(["outlet_a", "outlet_b"])
    assert not fewer.loc[("Daily", "Mirror"), "suggested"]


def test_find_outlet_aliases_errors():
    arts = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": ["x"]})
    with pytest.raises(ParameterError, match=r"`min_overlap` value = 0 is invalid; must be a number in \(0, 1\]"):
        find_outlet_aliases(arts, min_overlap=0)
    with pytest.raises(ParameterError, match=r"`min_shared` value = 0 is invalid; must be an integer >= 1"):
        find_outlet_aliases(arts, min_shared=0)
    with pytest.raises(ParameterError, match=r"pairs has no column\(s\) \['outlet_a', 'outlet_b'\]"):
        find_outlet_aliases(arts, pd.DataFrame({"doc_id_a": [], "doc_id_b": []}))


# --------------------------------------------------------------------------- clean
def demo_rows():
    return [
        ("a", "X", "2020-01-03", STORY + "\n\nCLICK HERE TO GET THE APP"),
        ("b", "Y", "2020-01-02", STORY + "\n\nAdvertisement"),
        ("c", "X", "2020-01-04", STORY.replace("Tuesday", "Wednesday")),
        ("d", "Y", "2020-01-05", OTHER),
        ("e", "Z", "2020-01-06", "Advertisement\n\nCopyright © 2020 Z Media, LLC. All rights reserved."),
    ]


def test_clean_keep_first_removes_boilerplate_and_sets_duplicates_aside():
    arts = articles(demo_rows())
    arts.attrs["provenance"] = {"rows_read": 5}
    cleaned = clean(arts)
    assert cleaned["doc_id"].tolist() == ["b", "d"]
    assert cleaned["text"].tolist() == [STORY, OTHER]
    assert cleaned["cluster"].tolist() == [0, pd.NA]
    assert cleaned["syndicated"].tolist() == [True, False]
    aside = cleaned.attrs["set_aside"]
    assert aside[["doc_id", "outlet", "reason", "cluster", "kept"]].astype(object).values.tolist() == [
        ["e", "Z", "empty after boilerplate removal", pd.NA, ""],
        ["a", "X", "duplicate (keep-first)", 0, "b"],
        ["c", "X", "duplicate (keep-first)", 0, "b"]]
    assert aside["jaccard"].iloc[1] == 1.0 and 0.3 < aside["jaccard"].iloc[2] < 1
    assert aside["excerpt"].iloc[0] == "Advertisement Copyright © 2020 Z Media, LLC. All rights reserved."
    assert cleaned.attrs["provenance"] == {"rows_read": 5}
    report = cleaned.attrs["cleaning"]
    spans = report["spans"]
    assert spans[["doc_id", "rule", "text"]].values.tolist() == [
        ["a", "click-here", "CLICK HERE TO GET THE APP"], ["b", "advertisement", "Advertisement"],
        ["e", "advertisement", "Advertisement"], ["e", "copyright", "Copyright © 2020 Z Media, LLC. All rights reserved."]]
    texts = dict(zip(arts["doc_id"], arts["text"]))
    assert all(texts[d][s:e] == t for d, s, e, t in zip(spans["doc_id"], spans["start"], spans["end"], spans["text"]))
    c = report["counts"]
    assert (c["articles_in"], c["articles_out"], c["set_aside"], c["emptied"], c["duplicates_set_aside"]) == (5, 2, 3, 1, 2)
    assert c["chars_removed"] == sum(map(len, arts["text"])) - sum(
        len(t) for t in [STORY, STORY, STORY.replace("Tuesday", "Wednesday"), OTHER, ""])
    assert report["parameters"]["threshold"] == 0.3 and "offsets" in report["note"].lower()
    by = report["by_outlet"]
    assert by[["outlet", "articles_in", "articles_changed", "spans", "set_aside", "articles_out"]].values.tolist() == [
        ["X", 2, 1, 1, 2, 0], ["Y", 2, 1, 1, 0, 2], ["Z", 1, 1, 2, 1, 0]]
    assert by["chars_removed"].sum() == c["chars_removed"]
    assert by.loc[2, "share_removed"] == 1.0
    # The input is untouched; the report is carried, not copied, by later operations.
    assert arts["text"].iloc[0].endswith("APP")
    assert copy.deepcopy(cleaned.attrs)["cleaning"] is report
    assert cleaned[cleaned["doc_id"] == "b"].attrs["cleaning"] is report


@pytest.mark.parametrize("policy, kept", [
    ("keep-per-outlet", ["a", "b", "d"]),
    ("drop-syndicated", ["d"]),
    ("keep", ["a", "b", "c", "d"]),
    (None, ["a", "b", "c", "d"]),
])
def test_clean_duplicate_policies(policy, kept):
    cleaned = clean(articles(demo_rows()), duplicates=policy)
    assert cleaned["doc_id"].tolist() == kept
    assert ("cluster" in cleaned.columns) is (policy is not None)


def test_clean_with_a_filtered_boilerplate_table_and_without_boilerplate():
    arts = articles(demo_rows())
    table = toolkit.find_boilerplate(arts)
    keep_ads = table[table["rule"] != "advertisement"]
    cleaned = clean(arts, boilerplate=keep_ads, duplicates=None)
    assert cleaned["text"].tolist()[:2] == [STORY, STORY + "\n\nAdvertisement"]
    assert cleaned.attrs["cleaning"]["parameters"]["boilerplate"] == "table"
    untouched = clean(arts, boilerplate=False, duplicates=None)
    assert untouched["text"].tolist() == arts["text"].tolist()
    assert untouched.attrs["cleaning"]["spans"].empty


def test_clean_merges_outlets_first():
    cleaned = clean(articles(demo_rows()), outlets={"Y": "X"}, duplicates="keep-per-outlet")
    # X and Y are one outlet now: one article of the cluster kept, no syndication.
    assert cleaned["doc_id"].tolist() == ["b", "d"]
    assert cleaned["outlet"].tolist() == ["X", "X"]
    assert not cleaned["syndicated"].any()
    summary = cleaning_summary(cleaned)
    assert summary[summary["step"] == "outlets"]["detail"].tolist() == ["Y -> X"]


def test_cleaning_summary_rows():
    summary = cleaning_summary(clean(articles(demo_rows())))
    assert list(summary.columns) == ["step", "what", "count", "share", "detail"]
    counts = dict(zip(summary["what"], summary["count"]))
    assert counts["spans removed"] == 4 and counts["articles set aside"] == 2 and counts["pairs"] == 3
    assert summary.iloc[-1][["step", "what", "count"]].tolist() == ["output", "articles", 2]
    assert summary.iloc[-1]["share"] == pytest.approx(0.4)
    with pytest.raises(ParameterError, match=r"`cleaned` has no attrs\['cleaning'\]: pass a corpus returned by toolkit.clean\(\)"):
        cleaning_summary(articles(demo_rows()))


@pytest.mark.parametrize("options, message", [
    ({"duplicates": "keep-last"}, r"`duplicates` value = 'keep-last' is invalid \(did you mean 'keep-first'\?\); must be one of"),
    ({"boilerplate": "yes"}, r"`boilerplate` must be True, False or a find_boilerplate table, not str"),
    ({"outlets": ["X"]}, r"`outlets` must be a mapping of outlet names to names, not list"),
    ({"threshold": 2}, r"`threshold` value = 2 is invalid"),
    ({"min_share": -1}, r"`min_share` value = -1 is invalid"),
])
def test_clean_parameter_errors(options, message):
    with pytest.raises(ParameterError, match=message):
        clean(articles(demo_rows()), **options)


def test_clean_needs_unique_doc_ids():
    rows = demo_rows()
    rows[1] = ("a",) + rows[1][1:]
    with pytest.raises(ParameterError, match=r"articles has duplicate doc_id values \(e.g. 'a'\)"):
        clean(articles(rows))


def test_clean_then_hits_offsets_refer_to_cleaned_text():
    arts = articles([("a", "X", "2020-01-01", "Advertisement\n\nRussia warned NATO.")]).assign(title="")
    cleaned = clean(arts)
    hits = toolkit.hits(cleaned, "actors")
    text = cleaned["text"].iloc[0]
    assert text == "Russia warned NATO."
    assert hits["start"].tolist() == [0, 14]
    assert [text[s:e] for s, e in zip(hits["start"], hits["end"])] == hits["term"].tolist() == ["Russia", "NATO"]


# --------------------------------------------------------------------------- real corpora
def test_clean_allsides_subset_removes_scraping_keywords():
    from conftest import shared_path

    with pytest.warns(toolkit.CorpusWarning):  # three implausible dates in AllSides
        raw = toolkit.load_corpus(shared_path("allsides", "articles.parquet"), errors="skip")
    arts = raw[raw["outlet"].isin(["CNN (Web News)", "Washington Times"])].reset_index(drop=True)
    arts["outlet"] = arts["outlet"].cat.remove_unused_categories()
    before = toolkit.keyness(arts, "CNN (Web News)", reference="Washington Times")
    assert {"photos", "caption", "hide"} <= set(before[before["direction"] == "+"]["term"].head(20))
    cleaned = clean(arts)
    after = toolkit.keyness(cleaned, "CNN (Web News)", reference="Washington Times")
    top = set(after[after["direction"] == "+"]["term"].head(20))
    assert not top & {"caption", "hide", "photo", "photos", "newsletter", "newsletters", "llc", "copyright",
                      "reprint", "getty", "click", "advertisement", "subscribe"}
    # Washington Times' copyright and newsletter lines are gone from every article.
    wt = cleaned[cleaned["outlet"] == "Washington Times"]["text"]
    assert not wt.str.contains("Click here for reprint permission").any()
    assert not wt.str.contains("Sign up for Daily Newsletters").any()


def test_readme_cleaning_example_runs(monkeypatch):
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    section = (root / "README.md").read_text(encoding="utf-8").split("## Clean a scraped corpus", 1)[1]
    block = re.search(r"```py\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert list(namespace["cleaned"].attrs["set_aside"].columns) == [
        "doc_id", "outlet", "reason", "cluster", "kept", "jaccard", "excerpt"]
