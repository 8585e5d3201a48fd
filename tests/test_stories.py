"""Aligning articles into stories: clustering by text and date, undated articles, the story table."""
from __future__ import annotations

import importlib
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError, ToolkitWarning
from toolkit.stories.cluster import lead_vectors

from conftest import shared_path

cluster = importlib.import_module("toolkit.stories.cluster")  # toolkit.stories is the function


def frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["outlet", "date", "title", "text"])
    out["date"] = pd.to_datetime(out["date"])
    out.insert(0, "doc_id", [f"d{i}" for i in range(len(out))])
    return out


def pairs(labels) -> set:
    """Pairs of positions that share a label."""
    groups = pd.Series(range(len(labels))).groupby(list(labels)).agg(list)
    return {p for g in groups for p in itertools.combinations(g, 2)}


@pytest.fixture
def two_events() -> pd.DataFrame:
    return frame([
        ("A", "2024-03-01", "Dam bursts in the valley", "The dam burst at dawn and flooded the valley towns."),
        ("B", "2024-03-02", "Valley dam bursts", "Floods reached the valley towns after the dam burst."),
        ("C", "2024-03-01", "Budget passes parliament", "Parliament passed the budget after a long night vote."),
        ("A", "2024-03-02", "Budget vote", "The budget passed parliament in a night vote."),
        ("B", "2024-03-20", "Budget passes parliament", "Parliament passed the budget after a long night vote."),
    ])


def test_same_event_across_outlets_is_one_story_and_the_window_splits(two_events):
    out = toolkit.stories(two_events)
    assert out["story"].tolist() == [0, 0, 1, 1, 2]  # the copy 19 days later is another story
    assert toolkit.stories(two_events, days=30)["story"].tolist() == [0, 0, 1, 1, 1]
    assert out.index.equals(two_events.index) and list(out.columns) == [*two_events.columns, "story"]
    assert out.attrs["stories"] == {"articles": 5, "stories": 3, "multi_article_stories": 2,
                                    "articles_in_multi": 4, "undated": 0, "undated_linked": 0}
    assert out.attrs["parameters"]["threshold"] == 0.15
    assert "story" not in two_events.columns  # the input is not modified


def test_days_counts_calendar_days_not_hours():
    arts = frame([("A", "2024-03-01 23:50", "Dam bursts", "The dam burst in the valley."),
                  ("B", "2024-03-02 00:10", "Dam bursts", "The dam burst in the valley.")])
    # 20 minutes apart but on two calendar days: days=0 keeps them apart, days=1 joins them
    assert toolkit.stories(arts, days=0)["story"].tolist() == [0, 1]
    assert toolkit.stories(arts, days=1)["story"].tolist() == [0, 0]


def test_an_event_column_is_never_read(two_events):
    misleading = two_events.assign(event=["x", "y", "x", "y", "x"], event_id=[1, 2, 3, 4, 5])
    assert toolkit.stories(misleading)["story"].tolist() == toolkit.stories(two_events)["story"].tolist()


def test_tokens_are_the_toolkit_tokens():
    arts = frame([("A", "2024-01-01", "", "Russia’s envoy left Geneva."),
                  ("B", "2024-01-01", "", "Russia's envoy quit Geneva talks.")])
    _, vocab = lead_vectors(arts)
    # the clitic 's is split off by toolkit.text.tokens, curly and straight apostrophes agree,
    # stop words are gone, and terms of one lead only are dropped (min_df=2)
    assert sorted(vocab) == ["envoy", "geneva", "russia"]
    X, vocab = lead_vectors(arts, min_df=1)
    assert set(vocab) == {"russia", "envoy", "left", "geneva", "quit", "talks"}
    assert np.allclose(np.asarray(X.multiply(X).sum(axis=1)).ravel(), 1.0)  # rows L2-normalised


def test_lead_is_title_plus_first_words():
    arts = frame([("A", "2024-01-01", "Title here", "one two three four five six")])
    assert cluster.lead_texts(arts, 3) == ["Title here\n\none two three"]
    assert cluster.lead_texts(arts.drop(columns="title"), 2) == ["\n\none two"]


def test_average_linkage_does_not_chain_where_single_linkage_does():
    # x ~ y and y ~ z, but x and z share nothing: single linkage chains them, average does not
    arts = frame([
        ("A", "2024-01-01", "", "alpha beta gamma delta"),
        ("B", "2024-01-01", "", "gamma delta epsilon zeta"),
        ("C", "2024-01-01", "", "epsilon zeta eta theta"),
        ("D", "2024-01-01", "", "alpha beta"),   # so that every term occurs in two leads
        ("E", "2024-01-01", "", "eta theta"),
    ])
    X, _ = lead_vectors(arts)
    sim = (X @ X.T).toarray()
    assert sim[0, 1] > 0.3 and sim[1, 2] > 0.3 and sim[0, 2] == 0  # the premise
    single = toolkit.stories(arts, threshold=0.3, linkage="single")["story"]
    average = toolkit.stories(arts, threshold=0.3, linkage="average")["story"]
    assert single.nunique() == 1
    assert average[0] == average[3] and average[2] == average[4] and average[0] != average[2]


def test_average_linkage_cut_matches_scipy_on_the_window_matrix(two_events):
    # the whole-corpus average-linkage tree cut at 1 - threshold, pairs outside the window at 0
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    X, _ = lead_vectors(two_events)
    sim = (X @ X.T).toarray()
    day = two_events["date"].to_numpy().astype("datetime64[D]").astype(int)
    sim[np.abs(day[:, None] - day[None, :]) > 3] = 0
    dist = np.clip(1 - sim, 0, None)
    np.fill_diagonal(dist, 0)
    ref = fcluster(linkage(squareform(dist, checks=False), "average"), t=1 - 0.15, criterion="distance")
    assert pairs(toolkit.stories(two_events)["story"]) == pairs(ref)


def test_stories_are_numbered_by_first_date():
    arts = frame([("A", "2024-05-01", "Late story", "A storm hit the coast."),
                  ("B", "2024-01-01", "Early story", "The strike closed the port."),
                  ("C", "2024-05-02", "Late story", "A storm hit the coast.")])
    assert toolkit.stories(arts)["story"].tolist() == [1, 0, 1]


def test_undated_articles_are_alone_by_default_and_warned(two_events):
    arts = two_events.copy()
    arts.loc[1, "date"] = pd.NaT
    with pytest.warns(ToolkitWarning, match=r"^1 of 5 articles have no date: each is a story of its own "
                                            r"\(undated='text' links them by text alone at cosine >= 0.5\)$"):
        out = toolkit.stories(arts)
    assert out["story"].tolist() == [0, 3, 1, 1, 2]  # undated singletons are numbered last
    assert out.attrs["stories"]["undated"] == 1


def test_undated_text_links_to_the_nearest_article_at_the_stricter_threshold(two_events):
    arts = two_events.copy()
    arts.loc[4, "date"] = pd.NaT  # close to article 2: "long night vote" -> "long vote"
    arts.loc[4, "text"] = "Parliament passed the budget after a long vote."
    X, _ = lead_vectors(arts)
    assert 0.5 <= (X[4] @ X[2].T).toarray()[0, 0] < 1
    with pytest.warns(ToolkitWarning, match=r"^1 of 5 articles have no date: 1 were linked by text alone "
                                            r"\(cosine >= 0.5\), 0 are stories of their own$"):
        out = toolkit.stories(arts, undated="text")
    assert out["story"].tolist() == [0, 0, 1, 1, 1]
    assert out.attrs["stories"]["undated_linked"] == 1
    with pytest.warns(ToolkitWarning, match="0 were linked"):
        assert toolkit.stories(arts, undated="text", undated_threshold=1.0)["story"].nunique() == 3


def test_an_undated_article_never_joins_two_dated_stories():
    arts = frame([("A", "2024-01-01", "", "storm coast flood"),
                  ("B", "2024-01-01", "", "storm coast flood"),
                  ("A", "2024-03-01", "", "strike port union"),
                  ("B", "2024-03-01", "", "strike port union"),
                  ("C", None, "", "storm coast flood strike port union")])
    with pytest.warns(ToolkitWarning):
        out = toolkit.stories(arts, undated="text", undated_threshold=0.3)
    story = out["story"].tolist()
    assert story[0] == story[1] and story[2] == story[3] and story[0] != story[2]
    assert story[4] in (story[0], story[2])


def test_a_long_chain_is_split_before_dense_clustering(monkeypatch):
    monkeypatch.setattr(cluster, "MAX_DENSE", 3)
    # a chain: every lead shares "storm coast" and one word with each neighbour
    arts = frame([(o, "2024-01-01", "", f"storm coast w{i} w{i + 1}") for i, o in enumerate("ABCDEF")])
    with pytest.warns(ToolkitWarning, match=r"^6 articles were linked in one chain; it was split at cosine "
                                            r">= 0\.\d\d before average linkage \(more than 3 articles\)$"):
        out = toolkit.stories(arts)
    assert out["story"].value_counts().max() <= 3
    # copies cannot be split: they stay one story, without the dense step
    copies = frame([(o, "2024-01-01", "", "storm coast flood rain") for o in "ABCDEF"])
    with pytest.warns(ToolkitWarning, match="split at cosine >= 1.00"):
        assert toolkit.stories(copies)["story"].tolist() == [0] * 6


def test_empty_and_textless_articles():
    arts = frame([("A", "2024-01-01", "", ""), ("B", "2024-01-01", None, None)])
    assert toolkit.stories(arts)["story"].tolist() == [0, 1]
    empty = toolkit.stories(arts.iloc[:0])
    assert empty["story"].tolist() == [] and empty.attrs["stories"]["stories"] == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"days": -1}, "`days` value = -1 is invalid; must be an integer >= 0"),
    ({"days": 1.5}, "`days` value = 1.5 is invalid; must be an integer >= 0"),
    ({"threshold": 0}, r"`threshold` value = 0 is invalid; must be a number in \(0, 1\]"),
    ({"threshold": 1.5}, r"`threshold` value = 1.5 is invalid; must be a number in \(0, 1\]"),
    ({"lead_words": 0}, "`lead_words` value = 0 is invalid; must be an integer >= 1"),
    ({"linkage": "averge"}, "`linkage` value = 'averge' is invalid \\(did you mean 'average'\\?\\); must be one of "
                            r"\['average', 'complete', 'single'\]"),
    ({"undated": "drop"}, r"`undated` value = 'drop' is invalid; must be one of \['alone', 'text'\]"),
    ({"undated_threshold": "high"}, r"`undated_threshold` value = 'high' is invalid; must be a number in \(0, 1\]"),
    ({"column": ""}, "`column` value = '' is invalid; must be a non-empty column name"),
])
def test_invalid_options_are_named(two_events, kwargs, message):
    with pytest.raises(ParameterError, match=f"^{message}$"):
        toolkit.stories(two_events, **kwargs)


def test_missing_columns_and_unparsed_dates_are_named(two_events):
    with pytest.raises(ParameterError, match=r"^articles has no column\(s\) \['date'\]"):
        toolkit.stories(two_events.drop(columns="date"))
    with pytest.raises(ParameterError, match=r"^`date` column has dtype (object|str), not datetime64; load the "
                                             r"corpus with toolkit.load_corpus or convert it with pd.to_datetime$"):
        toolkit.stories(two_events.assign(date=two_events["date"].astype(str)))


def test_demo_corpus_events_are_recovered_exactly():
    arts = toolkit.load_corpus("corpora/demo")
    out = toolkit.stories(arts.drop(columns="event"))
    assert pairs(out["story"]) == pairs(arts["event"])
    assert out["story"].nunique() == arts["event"].nunique() == 13


def test_basil_pairwise_precision_and_recall_at_least_0_9():
    path = shared_path("basil", "articles.jsonl")
    arts = toolkit.load_corpus(path)
    out = toolkit.stories(arts.drop(columns=["event_id", "event", "main_entities", "keywords"]))
    found, gold = pairs(out["story"]), pairs(arts["event_id"])
    precision, recall = len(found & gold) / len(found), len(found & gold) / len(gold)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


# ---------------------------------------------------------------------------------- story_table
def test_story_table_counts_dates_terms_and_titles(two_events):
    out = toolkit.stories(two_events)
    table = toolkit.story_table(out, top_terms=2, examples=2)
    assert list(table.columns) == ["story", "size", "outlets", "outlet_names", "first_date", "last_date",
                                   "top_terms", "titles"]
    first = table.iloc[0]
    assert (first["story"], first["size"], first["outlets"]) == (0, 2, 2)
    assert first["outlet_names"] == "A; B"
    assert first["first_date"] == pd.Timestamp("2024-03-01") and first["last_date"] == pd.Timestamp("2024-03-02")
    assert first["titles"] == "Dam bursts in the valley | Valley dam bursts"
    assert set(first["top_terms"].split("; ")) <= {"dam", "valley", "burst", "bursts", "towns"}
    assert table["story"].tolist() == [0, 1, 2]  # by outlets, then size
    assert toolkit.story_table(out, min_size=2)["story"].tolist() == [0, 1]


def test_story_table_top_terms_are_the_highest_summed_weights():
    arts = pd.DataFrame({"story": [0, 0, 1], "outlet": ["A", "B", "A"], "date": pd.NaT, "title": "",
                         "text": ["flood flood rain", "flood", "rain"]})
    # same idf (both in two texts); story 0 sums flood (1 + ln 2) / 1.966 + 1 = 1.861, rain 1 / 1.966 = 0.509
    table = toolkit.story_table(arts, top_terms=1).set_index("story")
    assert table.loc[0, "top_terms"] == "flood" and table.loc[1, "top_terms"] == "rain"


def test_story_table_needs_a_story_column(two_events):
    with pytest.raises(ParameterError, match=r"^articles has no `story` column; run toolkit.stories\(articles\) "
                                             r"first \(or pass story= the name of a column that numbers stories\)$"):
        toolkit.story_table(two_events)
