"""Comparisons within stories: CMH by story, agenda vs framing, coverage and agenda tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

import toolkit
from toolkit.errors import ParameterError
from toolkit.stats.stratified import cmh, decompose_rates, mantel_fleiss, strata_tables

ACTORS = {"russia": ["Russia"], "nato": ["NATO"]}
FRAMES = {"escalation": ["escalat*"]}


# ---------------------------------------------------------------------------------- CMH statistics
@pytest.fixture
def four_strata() -> np.ndarray:
    # rows: side a, side b; columns: with / without the outcome; one zero cell in stratum 3
    return strata_tables(a=[5, 3, 4, 0], b=[5, 7, 2, 6], c=[2, 1, 3, 2], d=[8, 9, 6, 4])


def test_cmh_equals_statsmodels_on_a_hand_made_example(four_strata):
    ours = cmh(four_strata, alpha=0.05)
    ref = StratifiedTable(four_strata)
    assert ours["strata"] == ours["informative"] == 4
    assert ours["odds_ratio"] == pytest.approx(ref.oddsratio_pooled, rel=1e-12)
    assert (ours["ci_low"], ours["ci_high"]) == pytest.approx(ref.oddsratio_pooled_confint(), rel=1e-12)
    null = ref.test_null_odds(correction=False)
    assert (ours["cmh"], ours["p"]) == pytest.approx((null.statistic, null.pvalue), rel=1e-12)
    equal = ref.test_equal_odds(adjust=True)
    assert (ours["breslow_day"], ours["breslow_day_p"]) == pytest.approx((equal.statistic, equal.pvalue), rel=1e-12)
    corrected = cmh(four_strata, correction=True)
    assert corrected["cmh"] == pytest.approx(ref.test_null_odds(correction=True).statistic, rel=1e-12)
    assert cmh(four_strata, alpha=0.1)["ci_low"] == pytest.approx(ref.oddsratio_pooled_confint(alpha=0.1)[0])


def test_mantel_haenszel_odds_ratio_by_hand(four_strata):
    # Σ a·d/n over Σ b·c/n: (5·8/20 + 3·9/20 + 4·6/15 + 0·4/12) / (5·2/20 + 7·1/20 + 2·3/15 + 6·2/12)
    by_hand = (40 / 20 + 27 / 20 + 24 / 15 + 0) / (10 / 20 + 7 / 20 + 6 / 15 + 12 / 12)
    assert by_hand == pytest.approx(4.95 / 2.25)  # = 2.2
    assert cmh(four_strata)["odds_ratio"] == pytest.approx(by_hand, rel=1e-12)


def test_cmh_statistic_by_hand():
    # one stratum [[2, 1], [1, 2]]: E(a) = 3·3/6 = 1.5, var = 3·3·3·3 / (36·5) = 0.45, (2 - 1.5)^2 / 0.45
    r = cmh(strata_tables([2], [1], [1], [2]))
    assert r["cmh"] == pytest.approx(0.25 / 0.45)
    assert np.isnan(r["breslow_day"])  # one stratum: no homogeneity test


def test_uninformative_strata_change_nothing_but_make_breslow_day_computable(four_strata):
    # a stratum with no outcome on either side and one with the outcome everywhere
    extra = strata_tables([0, 3], [4, 0], [0, 2], [5, 0])
    both = np.concatenate([four_strata, extra], axis=2)
    ours, ref = cmh(both), StratifiedTable(both)
    assert ours["strata"] == 6 and ours["informative"] == 4
    assert ours["odds_ratio"] == pytest.approx(ref.oddsratio_pooled, rel=1e-12)
    assert ours["cmh"] == pytest.approx(ref.test_null_odds().statistic, rel=1e-12)
    assert (ours["ci_low"], ours["ci_high"]) == pytest.approx(ref.oddsratio_pooled_confint(), rel=1e-12)
    with np.errstate(all="ignore"):
        assert np.isnan(ref.test_equal_odds(adjust=True).statistic)  # statsmodels: 0/0 terms
    assert ours["breslow_day"] == pytest.approx(cmh(four_strata)["breslow_day"], rel=1e-12)


def test_empty_rows_are_not_strata_and_zero_odds_have_no_interval():
    t = strata_tables([0, 2, 0], [0, 3, 4], [1, 0, 3], [5, 4, 2])  # stratum 0 has an empty first row
    r = cmh(t)
    assert r["strata"] == 2 and r["informative"] == 2
    # stratum 2 has a = 0, stratum 1 has c = 0: OR = (2·4/9 + 0) / (3·0/9 + 4·3/9) = 8/12
    assert r["odds_ratio"] == pytest.approx(8 / 12)
    zero = cmh(strata_tables([0, 0], [3, 4], [2, 1], [2, 5]))
    assert zero["odds_ratio"] == 0 and np.isnan(zero["ci_low"]) and np.isnan(zero["breslow_day"])
    assert np.isfinite(zero["p"])
    none = cmh(strata_tables([0], [0], [1], [1]))
    assert none["strata"] == 0 and np.isnan(none["odds_ratio"]) and np.isnan(none["p"])


def test_mantel_fleiss_by_hand(four_strata):
    # n1, n2, m1 per stratum: (10,10,7) (10,10,4) (6,9,7) (6,6,2); E(a) = 3.5 + 2 + 2.8 + 1 = 9.3;
    # a_min = 0 + 0 + 0 + 0; a_max = 7 + 4 + 6 + 2 = 19 -> min(9.3, 9.7)
    assert mantel_fleiss(four_strata) == pytest.approx(9.3)


# ---------------------------------------------------------------------------------- decomposition
def test_decomposition_by_hand_both_methods():
    # comparison x: shared strata s1 (a 6/10, b 2/10) and s2 (a 1/10, b 3/30); s3 only a (4/5), s4 only b (0/10)
    s = pd.DataFrame({"k": "x", "joint_a": [6, 1, 4, 0], "units_a": [10, 10, 5, 0],
                      "joint_b": [2, 3, 0, 0], "units_b": [10, 30, 0, 10]})
    k = decompose_rates(s, "k").iloc[0]
    assert k["rate_a"] == pytest.approx(11 / 25) and k["rate_b"] == pytest.approx(5 / 50)
    # shared rates: a 7/20, b 5/40; exclusive = (11/25 - 7/20) - (5/50 - 5/40)
    assert k["exclusive"] == pytest.approx((0.44 - 0.35) - (0.1 - 0.125))
    # weights a (.5, .5), b (.25, .75); rates a (.6, .1), b (.2, .1)
    mix = (0.5 - 0.25) * (0.6 + 0.2) / 2 + (0.5 - 0.75) * (0.1 + 0.1) / 2
    within = (0.6 - 0.2) * (0.5 + 0.25) / 2 + (0.1 - 0.1) * (0.5 + 0.75) / 2
    assert k["mix"] == pytest.approx(mix) and k["within"] == pytest.approx(within)
    assert k["exclusive"] + k["mix"] + k["within"] == pytest.approx(k["difference"])
    assert k["standardised"] == pytest.approx(0.25 * 0.6 + 0.75 * 0.1)
    assert (k["strata_shared"], k["shared_units_a"], k["shared_units_b"]) == (2, 20, 40)
    d = decompose_rates(s, "k", method="standardise").iloc[0]
    assert d["mix"] == pytest.approx(0.35 - 0.225) and d["within"] == pytest.approx(0.225 - 0.125)
    assert d["exclusive"] + d["mix"] + d["within"] == pytest.approx(d["difference"])


def test_decomposition_without_shared_strata_is_nan():
    s = pd.DataFrame({"k": "x", "joint_a": [1, 0], "units_a": [2, 0], "joint_b": [0, 1], "units_b": [0, 4]})
    r = decompose_rates(s, "k").iloc[0]
    assert r["difference"] == pytest.approx(0.5 - 0.25)
    assert np.isnan(r["exclusive"]) and np.isnan(r["within"]) and r["strata_shared"] == 0
    with pytest.raises(ParameterError, match=r"^`method` value = 'kitagwa' is invalid \(did you mean "
                                             r"'kitagawa'\?\); must be one of \['kitagawa', 'standardise'\]$"):
        decompose_rates(s, "k", method="kitagwa")


# ---------------------------------------------------------------------------------- on articles
JOINT, ACTOR, OTHER = "Russia escalated.", "Russia met.", "Officials met."


def article(outlet, story, joint, actor_only, other=0, doc=[0]):
    doc[0] += 1
    text = " ".join([JOINT] * joint + [ACTOR] * actor_only + [OTHER] * other)
    return {"doc_id": f"d{doc[0]}", "outlet": outlet, "story": story, "title": "", "text": text}


@pytest.fixture
def strata_articles() -> pd.DataFrame:
    """Three outlets; cells counted by hand: A and B share stories 0-2, C covers 1 and 3."""
    return pd.DataFrame([
        article("A", 0, 3, 2), article("A", 0, 1, 0), article("B", 0, 1, 4),
        article("A", 1, 2, 2), article("B", 1, 1, 3), article("C", 1, 0, 2),
        article("A", 2, 0, 0, 3), article("B", 2, 2, 2),        # A never mentions Russia in story 2
        article("C", 3, 2, 1), article("A", 4, 5, 0),           # stories of one outlet each
    ])


def test_story_counts_are_the_toolkit_units(strata_articles):
    counts = toolkit.story_counts(strata_articles, ACTORS, FRAMES)
    russia = counts[counts["actor"] == "russia"].set_index(["story", "outlet"])
    assert russia.loc[(0, "A"), ["actor_units", "joint_units"]].tolist() == [6, 4]
    assert russia.loc[(2, "B"), ["actor_units", "joint_units"]].tolist() == [4, 2]
    assert (2, "A") not in russia.index  # no actor unit: no row
    assert counts.attrs["parameters"]["unit"] == "sentence"


def test_compare_pairs_equals_statsmodels_over_the_shared_stories(strata_articles):
    t = toolkit.compare_within_stories(strata_articles, ACTORS, FRAMES, outlets=["A", "B"], versus="pairs",
                                       min_units=1)
    row = t[(t["actor"] == "russia")].iloc[0]
    # stories 0 and 1 have Russia in both; story 2 was covered by both but A has no Russia unit
    tables = strata_tables(a=[4, 2], b=[2, 2], c=[1, 1], d=[4, 3])
    ref = StratifiedTable(tables)
    assert (row["outlet"], row["versus"]) == ("A", "B")
    assert (row["stories_covered"], row["stories_used"], row["stories_informative"]) == (3, 2, 2)
    assert (row["actor_units"], row["joint_units"], row["actor_units_versus"], row["joint_units_versus"]) == (10, 6, 9, 2)
    assert row["odds_ratio"] == pytest.approx(ref.oddsratio_pooled)
    assert row["odds_ratio"] == pytest.approx((4 * 4 / 11 + 2 * 3 / 8) / (2 * 1 / 11 + 2 * 1 / 8))
    assert row["p"] == pytest.approx(ref.test_null_odds().pvalue)
    assert row["direction"] == "+" and row["rate"] == pytest.approx(0.6)
    nato = t[t["actor"] == "nato"].iloc[0]
    assert nato["stories_used"] == 0 and np.isnan(nato["odds_ratio"]) and nato["small"] and nato["direction"] == ""


def test_compare_rest_pools_the_other_outlets(strata_articles):
    t = toolkit.compare_within_stories(strata_articles, ACTORS, FRAMES, outlets=["A"], min_units=1)
    row = t[t["actor"] == "russia"].iloc[0]
    # A against B + C: story 0 (4 of 6 vs 1 of 5), story 1 (2 of 4 vs 1 of 4 + 0 of 2)
    ref = StratifiedTable(strata_tables(a=[4, 2], b=[2, 2], c=[1, 1], d=[4, 5]))
    assert row["versus"] == "rest" and row["stories_covered"] == 3 and row["stories_used"] == 2
    assert row["odds_ratio"] == pytest.approx(ref.oddsratio_pooled)
    assert row["mantel_fleiss"] == pytest.approx(mantel_fleiss(strata_tables([4, 2], [2, 2], [1, 1], [4, 5])))
    assert bool(row["small"])  # Mantel-Fleiss far below 5 on these few units
    assert t.attrs["parameters"]["versus"] == "rest"


def test_compare_defaults_to_every_outlet_most_articles_first(strata_articles):
    t = toolkit.compare_within_stories(strata_articles, ACTORS, FRAMES)
    assert list(dict.fromkeys(t["outlet"])) == ["A", "B", "C"]
    assert len(t) == 3 * 2  # three comparisons × (russia, nato) × escalation
    assert set(t.columns) >= {"stories_covered", "stories_used", "odds_ratio", "ci_low", "ci_high", "cmh", "p",
                              "q", "breslow_day", "breslow_day_p", "mantel_fleiss", "small", "direction"}


def test_compare_accepts_counts_and_any_story_column(strata_articles):
    renamed = strata_articles.rename(columns={"story": "event_id"})
    counts = toolkit.story_counts(renamed, ACTORS, FRAMES, story="event_id")
    a = toolkit.compare_within_stories(renamed, ACTORS, FRAMES, story="event_id")
    b = toolkit.compare_within_stories(renamed, ACTORS, FRAMES, story="event_id", counts=counts)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ParameterError, match=r"^`counts` were made with unit='sentence', not 'paragraph'$"):
        toolkit.compare_within_stories(renamed, ACTORS, FRAMES, story="event_id", counts=counts, unit="paragraph")


@pytest.mark.parametrize("kwargs, message", [
    ({"versus": "pair"}, r"`versus` value = 'pair' is invalid \(did you mean 'pairs'\?\); must be one of "
                         r"\['pairs', 'rest'\]"),
    ({"outlets": ["Z"]}, r"`outlets` value = 'Z' is invalid; must be one of \['A', 'B', 'C'\]"),
    ({"alpha": 1}, "`alpha` value = 1 is invalid; must be between 0 and 1"),
    ({"min_units": -1}, "`min_units` value = -1 is invalid; must be an integer >= 0"),
    ({"by": "bias"}, r"articles has no column\(s\) \['bias'\]; it has .*"),
    ({"story": "event"}, r"articles has no `event` column; run toolkit.stories\(articles\) first .*"),
])
def test_compare_messages(strata_articles, kwargs, message):
    with pytest.raises(ParameterError, match=f"^{message}$"):
        toolkit.compare_within_stories(strata_articles, ACTORS, FRAMES, **kwargs)


def test_compare_pairs_refuses_too_many_groups(strata_articles, monkeypatch):
    compare = __import__("importlib").import_module("toolkit.stories.compare")
    monkeypatch.setattr(compare, "MAX_PAIR_GROUPS", 2)
    with pytest.raises(ParameterError, match=r"^versus='pairs' compares every pair: 3 groups give 3 pairs; "
                                             r"pass at most 2 outlets=$"):
        toolkit.compare_within_stories(strata_articles, ACTORS, FRAMES, versus="pairs")


def test_agenda_framing_parts_add_up_and_match_a_hand_count(strata_articles):
    t = toolkit.agenda_framing(strata_articles, ACTORS, FRAMES, outlets=["A"], min_units=1)
    row = t[t["actor"] == "russia"].iloc[0]
    # A: stories 0 (4/6), 1 (2/4), 4 (5/5) = 11/15; others: 0 (1/5), 1 (1/6), 2 (2/4), 3 (2/3) = 6/18
    assert row["rate"] == pytest.approx(11 / 15) and row["rate_others"] == pytest.approx(6 / 18)
    assert row["agenda"] + row["framing"] == pytest.approx(row["difference"])
    assert row["agenda"] == pytest.approx(row["agenda_exclusive"] + row["agenda_mix"])
    s = pd.DataFrame({"k": "A", "joint_a": [4, 2, 5, 0, 0], "units_a": [6, 4, 5, 0, 0],
                      "joint_b": [1, 1, 0, 2, 2], "units_b": [5, 6, 0, 4, 3]})
    ref = decompose_rates(s, "k").iloc[0]
    assert row["framing"] == pytest.approx(ref["within"]) and row["agenda_mix"] == pytest.approx(ref["mix"])
    assert row["agenda_exclusive"] == pytest.approx(ref["exclusive"])
    assert row["stories_shared"] == 2 and (row["shared_units"], row["shared_units_others"]) == (10, 11)


def test_agenda_framing_separates_pure_agenda_from_pure_framing():
    # same within-story rates, different story mix: all agenda
    agenda_only = pd.DataFrame([article("A", 0, 4, 0), article("A", 1, 0, 1), article("B", 0, 1, 0),
                                article("B", 1, 0, 4)])
    r = toolkit.agenda_framing(agenda_only, ACTORS, FRAMES, outlets=["A"]).query("actor == 'russia'").iloc[0]
    assert r["difference"] == pytest.approx(0.8 - 0.2)
    assert r["framing"] == pytest.approx(0) and r["agenda_mix"] == pytest.approx(0.6)
    # same story mix, different within-story rates: all framing
    framing_only = pd.DataFrame([article("A", 0, 2, 0), article("A", 1, 2, 0), article("B", 0, 0, 2),
                                 article("B", 1, 0, 2)])
    r = toolkit.agenda_framing(framing_only, ACTORS, FRAMES, outlets=["A"]).query("actor == 'russia'").iloc[0]
    assert r["framing"] == pytest.approx(1.0) and r["agenda"] == pytest.approx(0)
    assert bool(r["small"])  # 4 units a side, under the default min_units of 10


def test_agenda_framing_on_the_demo_corpus_finds_the_designed_framing():
    arts = toolkit.stories(toolkit.load_corpus("corpora/demo"))
    t = toolkit.agenda_framing(arts, "actors", "frames")
    ledger = t[(t["outlet"] == "The Northern Ledger") & (t["actor"] == "russia") & (t["frame"] == "escalation")].iloc[0]
    # every outlet covers every event: the Ledger's lead on Russia × escalation is framing, not agenda
    assert ledger["difference"] > 0.3 and ledger["framing"] > 0.9 * ledger["difference"]
    assert np.allclose((t["agenda"] + t["framing"]).dropna(), t.loc[t["agenda"].notna(), "difference"])
    c = toolkit.compare_within_stories(arts, "actors", "frames", outlets=["The Northern Ledger"])
    row = c[(c["actor"] == "russia") & (c["frame"] == "escalation")].iloc[0]
    assert row["stories_used"] == 13 and row["odds_ratio"] > 10 and row["q"] < 0.01 and not row["small"]


# ---------------------------------------------------------------------------------- agenda tables
@pytest.fixture
def covered() -> pd.DataFrame:
    return pd.DataFrame({"story": [0, 0, 0, 1, 1, 2, 3, 3],
                         "outlet": ["A", "B", "C", "A", "B", "A", "B", "B"]})


def test_coverage_lists_every_outlet_for_each_shared_story(covered):
    t = toolkit.coverage(covered)
    assert list(t.columns) == ["story", "outlet", "articles", "covered", "outlets_covering", "others_covering",
                               "others_share"]
    assert t["story"].tolist() == [0, 0, 0, 1, 1, 1]  # stories 2 and 3 have one outlet each
    c = t[t["outlet"] == "C"].set_index("story")
    assert c.loc[1, "covered"] == False and c.loc[1, "others_share"] == 1.0  # noqa: E712
    assert t[(t["story"] == 0)]["articles"].tolist() == [1, 1, 1]
    assert toolkit.coverage(covered, min_outlets=1)["story"].nunique() == 4
    sub = toolkit.coverage(covered, outlets=["A", "C"])
    assert sub["story"].unique().tolist() == [0]  # story 1 is A's alone within the set


def test_agenda_counts_by_hand(covered):
    t = toolkit.agenda(covered).set_index("outlet")
    assert t.loc["B"].tolist()[:7] == [4, 3, 0, 1, 2, 0, 1.0]  # B: story 3 exclusive, 0 and 1 shared
    assert t.loc["C", "skipped_stories"] == 1 and t.loc["C", "skipped_majority"] == 1
    assert t.loc["A", "exclusive_share"] == pytest.approx(1 / 3)
    assert list(t.index) == ["B", "A", "C"]  # most articles first


def test_agenda_undated_singletons_are_unplaced_not_exclusive(covered):
    dated = covered.assign(date=pd.Timestamp("2024-01-01"))
    dated.loc[dated["story"] == 2, "date"] = pd.NaT            # story 2: one undated article of A
    dated.loc[dated["story"] == 3, "date"] = [pd.NaT, pd.Timestamp("2024-01-02")]  # B: one dated of two
    t = toolkit.agenda(dated).set_index("outlet")
    assert (t.loc["A", "unplaced_stories"], t.loc["A", "exclusive_stories"]) == (1, 0)
    assert (t.loc["B", "unplaced_stories"], t.loc["B", "exclusive_stories"]) == (0, 1)
    assert t.loc["A", "exclusive_share"] == 0.0  # of its 2 placed stories


def test_story_counts_are_per_article_counts_summed(strata_articles):
    # the strata are the toolkit's per-article units (cooccurrence by doc_id), summed per story and outlet
    per_doc = toolkit.cooccurrence(strata_articles, actors=ACTORS, frames=FRAMES, unit="sentence", by="doc_id")
    per_doc = per_doc.merge(strata_articles[["doc_id", "story", "outlet"]], on="doc_id")
    summed = per_doc.groupby(["story", "outlet", "actor", "frame"], as_index=False)[["actor_units", "joint_units"]].sum()
    summed = summed[summed["actor_units"] > 0].sort_values(["story", "outlet", "actor", "frame"], ignore_index=True)
    counts = toolkit.story_counts(strata_articles, ACTORS, FRAMES).sort_values(
        ["story", "outlet", "actor", "frame"], ignore_index=True)
    assert counts[["story", "outlet", "actor", "frame", "actor_units", "joint_units"]].values.tolist() == \
        summed.values.tolist()
