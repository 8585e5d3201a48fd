"""toolkit/notebook.py: the set-up every report notebook shares (parameters, filters, groups, messages)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.notebook import (Report, check_by, check_category, check_value, filter_articles, group_noun, shares,
                              start)

# Three outlets of unequal size (3, 2, 1 articles), two topics, two months and one undated article.
ROWS = [
    ("a1", "Alpha Times", "2024-01-05", "north_korea", "left", "Russia warned of escalation. NATO met."),
    ("a2", "Alpha Times", "2024-01-20", "north_korea", "left", "Russia escalated. Talks failed."),
    ("a3", "Alpha Times", "2024-02-02", "economy", "left", "Prices rose. NATO said nothing."),
    ("b1", "Beta News", "2024-02-10", "north_korea", "right", "NATO escalation worried Russia."),
    ("b2", "Beta News", None, "economy", "right", "Markets fell."),
    ("c1", "Gamma <i>Daily</i>", "2024-01-07", "economy", "right", "Russia sent aid."),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    frame = pd.DataFrame(ROWS, columns=["doc_id", "outlet", "date", "topic", "bias", "text"])
    frame["title"] = ""
    path = tmp_path_factory.mktemp("corpus") / "small.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def articles(corpus) -> pd.DataFrame:
    return toolkit.load_corpus(corpus)


def test_groups_are_the_largest_first_and_top_cuts_the_charts_only(articles):
    report = start(articles, by="outlet", top=2)
    assert report.groups.to_dict("list") == {"outlet": ["Alpha Times", "Beta News", "Gamma <i>Daily</i>"],
                                             "articles": [3, 2, 1]}
    assert report.shown == ["Alpha Times", "Beta News"]
    assert len(report.articles) == 6 and report.kind == "outlets"
    assert report.describe() == ("6 articles from 3 outlets. Grouped by outlet: 3 outlets; charts show the 2 largest, "
                                 "tables and CSV files all 3.")
    assert "Gamma &lt;i&gt;Daily" not in report._repr_html_()  # not named in the description at all
    assert "<i>" not in report._repr_html_()


def test_a_period_groups_in_time_order_and_shows_every_period(articles):
    report = start(articles, by="month", top=1)
    assert report.is_time and report.kind == "months"
    assert report.groups.to_dict("list") == {"month": ["2024-01", "2024-02"], "articles": [3, 2]}
    assert report.shown == ["2024-01", "2024-02"]  # top does not cut time
    assert report.describe() == ("6 articles from 3 outlets. Grouped by month: 2 months. "
                                 "1 article has no month and is left out of the groups.")


def test_where_and_outlets_filter_and_drop_unused_categories(articles):
    report = start(articles, by="bias", where="topic == 'north_korea'", outlets=["Alpha Times", "Beta News"])
    assert sorted(report.articles["doc_id"]) == ["a1", "a2", "b1"]
    assert list(report.articles["outlet"].cat.categories) == ["Alpha Times", "Beta News"]
    assert report.groups.to_dict("list") == {"bias": ["left", "right"], "articles": [2, 1]}
    assert report.kind == "bias groups"
    assert report.describe().startswith("3 articles from 2 outlets (outlets Alpha Times, Beta News; where topic "
                                        "== 'north_korea'; 6 articles loaded).")
    # the counting verbs then give one row per outlet kept, not per outlet of the corpus
    table = toolkit.cooccurrence(report.articles, {"russia": ["Russia"]}, "escalat*", by="outlet")
    assert table["outlet"].astype(str).tolist() == ["Alpha Times", "Beta News"]


def test_a_single_outlet_name_is_a_list_of_one(articles):
    assert start(articles, outlets="Beta News").outlets == ["Beta News"]
    assert filter_articles(articles, outlets="Beta News")["doc_id"].tolist() == ["b1", "b2"]


def test_list_grouping_uses_the_first_name_for_groups(articles):
    report = start(articles, by=["bias", "month"])
    assert report.by == ["bias", "month"] and report.group == "bias" and not report.is_time
    assert report.groups.to_dict("list") == {"bias": ["left", "right"], "articles": [3, 3]}  # ties: alphabetical


def test_keep_shown_keeps_the_rows_of_the_shown_groups(articles):
    report = start(articles, top=1)
    table = pd.DataFrame({"outlet": pd.Categorical(["Beta News", "Alpha Times", "Alpha Times"]), "n": [1, 2, 3]})
    kept = report.keep_shown(table)
    assert kept["n"].tolist() == [2, 3]
    assert list(kept["outlet"].cat.categories) == ["Alpha Times"]
    assert report.keep_shown(table.rename(columns={"outlet": "x"})).equals(table.rename(columns={"outlet": "x"}))


@pytest.mark.parametrize("kwargs, message", [
    ({"outlets": ["Alpha Time"]},
     "`outlets` value = 'Alpha Time' is invalid (did you mean 'Alpha Times'?); the 3 outlets of the corpus, largest "
     "first: Alpha Times, Beta News, Gamma <i>Daily</i>"),
    ({"outlets": ["beta"]},
     "`outlets` value = 'beta' is invalid (did you mean 'Beta News'?); the 3 outlets of the corpus, largest first: "
     "Alpha Times, Beta News, Gamma <i>Daily</i>"),
    ({"outlets": []}, "`outlets` value = [] is invalid; must be a list of outlet names or None"),
    ({"by": "bais"},
     "`by` value = 'bais' is invalid (did you mean 'bias'?); must be a column of the corpus (doc_id, outlet, date, "
     "topic, bias) or a period (year, quarter, month, week), or a list of them"),
    ({"by": ["outlet", "mnth"]},
     "`by` value = 'mnth' is invalid (did you mean 'month'?); must be a column of the corpus (doc_id, outlet, date, "
     "topic, bias) or a period (year, quarter, month, week), or a list of them"),
    ({"by": ["outlet", "outlet"]}, "`by` value = ['outlet', 'outlet'] names a column twice"),
    ({"by": 3}, "`by` value = 3 is invalid; must be a column name, a period (year, quarter, month, week), "
                "a list of them, or None"),
    ({"where": "topc == 'economy'"},
     "`where` value = \"topc == 'economy'\" is invalid: 'topc' is not a column (did you mean 'topic'?); the columns "
     "are doc_id, outlet, date, title, text, topic, bias"),
    ({"where": "topic == economy"},
     "`where` value = 'topic == economy' is invalid: 'economy' is not a column but a value of topic: quote it, "
     "topic == 'economy'; the columns are doc_id, outlet, date, title, text, topic, bias"),
    ({"where": "topic == 'econmy'"},
     "`where` value = \"topic == 'econmy'\" keeps no article of 6: topic has no value 'econmy' (did you mean "
     "'economy'?); the 2 values of topic, largest first: economy, north_korea"),
    ({"where": "date > '2030-01-01'"}, "`where` value = \"date > '2030-01-01'\" keeps no article of 6"),
    ({"where": "topic =="},
     "`where` value = 'topic ==' is invalid: SyntaxError: invalid syntax (<unknown>, line 1); write a pandas query "
     "such as \"topic == 'north_korea'\" or \"bias in ['left', 'right'] and date >= '2019-01-01'\""),
    ({"where": ""}, "`where` value = '' is invalid; must be a pandas query such as \"topic == 'north_korea'\", or None"),
    ({"top": 0}, "`top` value = 0 is invalid; must be an integer >= 1"),
    ({"min_units": 2.5}, "`min_units` value = 2.5 is invalid; must be an integer >= 1"),
    ({"clean": "yes"}, "`clean` value = 'yes' is invalid; must be true or false"),
])
def test_invalid_values_name_the_parameter_and_the_choices(articles, kwargs, message):
    with pytest.raises(ParameterError) as info:
        start(articles, **kwargs)
    assert str(info.value) == message


def test_an_outlet_excluded_by_where_is_not_a_typo(articles):
    with pytest.raises(ParameterError, match=r"keeps no article of 1"):
        start(articles, outlets=["Gamma <i>Daily</i>"], where="topic == 'north_korea'")


def test_long_lists_of_choices_are_cut_with_the_closest_first():
    valid = [f"outlet {i:03d}" for i in range(40)]
    sizes = pd.Series(range(40, 0, -1), index=valid)
    with pytest.raises(ParameterError) as info:
        check_value("target", "outlet 39", valid, sizes=sizes, what="outlets")
    assert str(info.value) == (
        "`target` value = 'outlet 39' is invalid (did you mean 'outlet 039'?); "
        "the 40 outlets, largest first: outlet 000, outlet 001, outlet 002, outlet 003, outlet 004, outlet 005, "
        "outlet 006, outlet 007, outlet 008, outlet 009, outlet 010, outlet 011, ... (28 more)")


def test_check_category_names_the_lexicon():
    frames = toolkit.load_lexicon({"escalation": ["escalat*"], "doubt": ["alleged*"]}, name="mine")
    check_category("focus_frame", "doubt", frames)
    with pytest.raises(ParameterError) as info:
        check_category("focus_frame", "escalaton", frames)
    assert str(info.value) == ("`focus_frame` value = 'escalaton' is invalid (did you mean 'escalation'?); must be "
                               "one of 2 categories of the lexicon 'mine': doubt, escalation")


def test_check_by_accepts_columns_periods_lists_and_none(articles):
    assert check_by(articles, "bias") == ["bias"]
    assert check_by(articles, ["outlet", "week"]) == ["outlet", "week"]
    assert check_by(articles, None) == []
    with pytest.raises(ParameterError, match="must be a column of the corpus"):
        check_by(articles, "text")  # the text is not a grouping
    with pytest.raises(ParameterError, match="is a period of `date`, but the corpus has no dates"):
        check_by(articles.drop(columns="date"), "month")


def test_group_nouns():
    assert [group_noun(b) for b in ("outlet", "bias", "month", ["topic", "year"], "desk", None)] == [
        "outlets", "bias groups", "months", "topics", "desk groups", "articles"]


def test_clean_without_toolkit_clean_says_so_or_cleans(articles):
    if hasattr(toolkit, "clean"):
        report = start(articles, clean=True)
        assert report.clean and report.cleaning is not None
    else:
        with pytest.raises(ParameterError) as info:
            start(articles, clean=True)
        assert str(info.value) == ("`clean` value = True needs toolkit.clean (corpus hygiene), which this version of "
                                   "the toolkit does not have")


def test_shares_are_percent_of_units(articles):
    table = toolkit.cooccurrence(articles, {"russia": ["Russia"], "nato": ["NATO"]}, "escalat*", by="outlet")
    out = shares(table, "actor", ["Alpha Times", "Beta News"], group="outlet")
    units = {"Alpha Times": 6, "Beta News": 2, "Gamma <i>Daily</i>": 1}  # sentences (the titles are empty)
    assert table.drop_duplicates("outlet").set_index("outlet")["units"].astype(int).to_dict() == units
    # Russia: a1, a2, b1, c1 (4 of 9 units); NATO: a1, a3, b1 (3 of 9)
    assert out.columns.tolist() == ["outlet", "units", "russia", "nato"]
    assert out["outlet"].tolist() == ["all", "Alpha Times", "Beta News"]
    assert out["units"].tolist() == [9, 6, 2]
    assert out["russia"].tolist() == pytest.approx([100 * 4 / 9, 100 * 2 / 6, 100 * 1 / 2])
    assert out["nato"].tolist() == pytest.approx([100 * 3 / 9, 100 * 2 / 6, 100 * 1 / 2])
    whole = shares(toolkit.cooccurrence(articles, {"russia": ["Russia"]}, "escalat*", by=None), "actor")
    assert whole.to_dict("list") == {"group": ["all"], "units": [9], "russia": [pytest.approx(100 * 4 / 9)]}
    with pytest.raises(ParameterError, match="`side` value = 'actors' is invalid"):
        shares(table, "actors", group="outlet")


def test_report_from_a_path_loads_the_corpus(corpus):
    report = start(str(corpus), by="topic")
    assert isinstance(report, Report) and report.loaded == 6
    assert report.groups.to_dict("list") == {"topic": ["economy", "north_korea"], "articles": [3, 3]}
