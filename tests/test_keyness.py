"""Keyness, keyness_all and log_odds (toolkit.keyness) against hand-worked numbers."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist
from scipy.stats import chi2_contingency
from statsmodels.stats.multitest import multipletests

from toolkit.stats import association as sa
from toolkit.errors import ParameterError
from toolkit.keyness import KEYNESS_COLUMNS, keyness, keyness_all
from toolkit.log_odds import log_odds
from toolkit.plots.keyness import plot_keyness


@pytest.fixture
def two_outlets() -> pd.DataFrame:
    # A: war 3, peace 1, talks 1 (size 5); B: peace 2, talks 2, war 1, news 1 (size 6)
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2"],
        "outlet": pd.Categorical(["A", "A", "B", "B"]),
        "text": ["War, war peace.", "war talks",
                 "peace talks peace", "talks war news"],
    })


def row(table, term):
    return table.set_index("term").loc[term]


def test_hand_worked_keyness(two_outlets):
    t = keyness(two_outlets, "A", min_freq=1)
    assert list(t.columns) == KEYNESS_COLUMNS
    war = row(t, "war")
    assert (war.freq_target, war.freq_reference, war.size_target, war.size_reference) == (3, 1, 5, 6)
    e1, e2 = 5 * 4 / 11, 6 * 4 / 11
    assert war.g2 == pytest.approx(2 * (3 * math.log(3 / e1) + 1 * math.log(1 / e2)))
    assert war.p == pytest.approx(chi2_dist.sf(war.g2, 1))
    assert war.log_ratio == pytest.approx(math.log2((3 / 5) / (1 / 6)))
    assert war.perc_diff == pytest.approx(260.0)
    assert war.direction == "+"
    # war in A: a1 has 2 of 3 tokens, a2 1 of 2: DP = 0.5 * (|2/3-3/5| + |1/3-2/5|) = 1/15
    assert war.range == 2 and war.dp == pytest.approx(1 / 15)
    peace = row(t, "peace")
    assert peace.range == 1 and peace.dp == pytest.approx(0.5 * (abs(1 - 3 / 5) + 2 / 5))
    assert peace.direction == "-"
    # absent from the target: 0.5 in place of 0 (Hardie 2014)
    news = row(t, "news")
    assert news.freq_target == 0 and news.range == 0 and np.isnan(news.dp)
    assert news.log_ratio == pytest.approx(math.log2((0.5 / 5) / (1 / 6)))
    assert news.perc_diff == pytest.approx(-100.0)
    assert t["g2"].is_monotonic_decreasing
    assert t.attrs["parameters"]["target"] == ["A"] and t.attrs["parameters"]["reference"] == "rest"


def test_chi2_p_q_against_scipy_and_statsmodels(tiny_articles):
    t = keyness(tiny_articles, "Alpha", min_freq=1)
    for r in t.itertuples():
        table = [[r.freq_target, r.freq_reference],
                 [r.size_target - r.freq_target, r.size_reference - r.freq_reference]]
        assert r.chi2 == pytest.approx(chi2_contingency(table, correction=False)[0])
    assert np.allclose(t["q"], multipletests(t["p"], method="fdr_bh")[1])
    assert (t["g2"] >= 0).all()
    nonzero = t[t["log_ratio"] != 0]
    assert ((nonzero["log_ratio"] > 0) == (nonzero["direction"] == "+")).all()


def test_ll_matches_ucrel_two_cell_form_not_four_cell():
    # UCREL calculator example shape: 10 in 10,000 vs 40 in 100,000 words.
    ll = sa.keyness_g2(10, 40, 10_000, 100_000)
    e1, e2 = 10_000 * 50 / 110_000, 100_000 * 50 / 110_000
    assert ll == pytest.approx(2 * (10 * math.log(10 / e1) + 40 * math.log(40 / e2)))
    g_four_cell = chi2_contingency([[10, 40], [9_990, 99_960]], lambda_="log-likelihood",
                                   correction=False)[0]
    assert ll != pytest.approx(g_four_cell, rel=1e-6)
    assert ll == pytest.approx(g_four_cell, rel=1e-2)


def test_log_ratio_sign_never_contradicts_direction():
    # term absent from a 1-token target, once in a 4-token reference:
    # 0.5/1 > 1/4 would give +1; the value is set to 0 instead
    arts = pd.DataFrame({"outlet": ["T", "R"], "text": ["alpha", "beta gamma gamma gamma"]})
    beta = row(keyness(arts, "T", min_freq=1), "beta")
    assert beta.direction == "-" and beta.log_ratio == 0.0
    assert sa.log_ratio(0, 1, 100, 4) == pytest.approx(math.log2((0.5 / 100) / (1 / 4)))
    assert sa.log_ratio(0, 0, 5, 5) == 0.0


def test_reference_values_and_external_list(two_outlets):
    extra = pd.concat([two_outlets, pd.DataFrame({"doc_id": ["c1"], "outlet": ["C"],
                                                  "text": ["war war war"]})], ignore_index=True)
    t = keyness(extra, "A", reference="B", min_freq=1)
    assert row(t, "war").freq_reference == 1 and row(t, "war").size_reference == 6
    ref = pd.DataFrame({"term": ["War", "peace", "Calm", "2024"], "freq": [1, 10, 5, 3]})
    t = keyness(two_outlets, "A", reference=ref, min_freq=1)
    assert row(t, "war").freq_reference == 1
    assert row(t, "calm").freq_target == 0 and row(t, "calm").freq_reference == 5
    assert set(t["size_reference"]) == {16}  # "2024" is not a word token
    assert t.attrs["parameters"]["reference"] == "external word list"


def test_min_freq_filters_on_combined_frequency(two_outlets):
    t = keyness(two_outlets, "A", min_freq=3)  # war 4, peace 3, talks 3, news 1
    assert sorted(t["term"]) == ["peace", "talks", "war"]
    assert t["q"].tolist() == pytest.approx(multipletests(t["p"], method="fdr_bh")[1])


@pytest.mark.parametrize("kwargs, message", [
    ({"target": "Z"}, r"target \['Z'\] not found in column 'outlet'"),
    ({"target": "A", "reference": "A"}, "target and reference overlap"),
    ({"target": "A", "reference": ["Q"]}, r"reference \['Q'\] not found"),
    ({"target": "A", "by": "desk"}, r"`by` names 'desk', which is not a column of articles"),
    ({"target": "A", "min_freq": -1}, r"`min_freq` value = -1 is invalid"),
    ({"target": "A", "reference": pd.DataFrame({"word": ["x"]})}, r"reference has no column"),
])
def test_keyness_argument_errors(two_outlets, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        keyness(two_outlets, **kwargs)


def test_keyness_all_equals_keyness_per_group(tiny_articles):
    everything = keyness_all(tiny_articles, by="outlet", min_freq=1)
    assert list(everything.columns) == ["outlet", *KEYNESS_COLUMNS]
    for outlet in ["Alpha", "Beta"]:
        one = keyness(tiny_articles, outlet, min_freq=1)
        one = one[one["freq_target"] > 0].set_index("term").sort_index()
        got = everything[everything["outlet"] == outlet].set_index("term").sort_index()
        assert got.index.tolist() == one.index.tolist()
        for col in ["freq_target", "freq_reference", "size_target", "size_reference", "g2", "p",
                    "log_ratio", "perc_diff", "chi2", "range", "dp"]:
            assert np.allclose(got[col].astype(float), one[col].astype(float), equal_nan=True), col
        assert (got["direction"] == one["direction"]).all()
        assert np.allclose(got["q"], multipletests(got["p"], method="fdr_bh")[1])


def test_log_odds_hand_worked_uninformative_prior(two_outlets):
    t = log_odds(two_outlets, "A", prior=0.5, min_freq=1).set_index("term")
    # 4 terms, alpha_w = 0.5, alpha0 = 2, n_A = 5, n_B = 6
    delta = math.log(3.5 / (5 + 2 - 3.5)) - math.log(1.5 / (6 + 2 - 1.5))
    var = 1 / 3.5 + 1 / 1.5
    assert t.loc["war", "delta"] == pytest.approx(delta)
    assert t.loc["war", "var"] == pytest.approx(var)
    assert t.loc["war", "z"] == pytest.approx(delta / math.sqrt(var))
    assert t.index[0] == "war"


def test_log_odds_swap_negates(tiny_articles):
    ab = log_odds(tiny_articles, "Alpha", reference="Beta", min_freq=1).set_index("term")
    ba = log_odds(tiny_articles, "Beta", reference="Alpha", min_freq=1).set_index("term").loc[ab.index]
    assert np.allclose(ab["delta"], -ba["delta"])
    assert np.allclose(ab["z"], -ba["z"])
    assert np.allclose(ab["var"], ba["var"])
    assert ab.attrs["parameters"]["alpha0"] == 28 + 19  # words of titles and texts
    with pytest.raises(ParameterError, match="`prior` value = 'flat' is invalid"):
        log_odds(tiny_articles, "Alpha", prior="flat")


def test_plot_keyness_returns_labelled_figure(two_outlets):
    fig = plot_keyness(keyness(two_outlets, "A", reference="B", min_freq=1), n=5)
    ax = fig.axes[0]
    assert isinstance(fig, matplotlib.figure.Figure)
    assert ax.get_title() == "Keywords: A vs B"
    assert "Log Ratio" in ax.get_xlabel() and ax.get_ylabel() == "term"
    labels = [tl.get_text() for tl in ax.get_yticklabels()]
    assert labels[-1].startswith("war") and len(labels) == 4
    matplotlib.pyplot.close(fig)


def test_keyness_on_the_basil_corpus_matches_a_counter_recomputation():
    """Real-corpus path (chunked, pyarrow-split counting) against plain Counters of tokenize()."""
    from collections import Counter

    from conftest import shared_path
    from toolkit.corpus.load import load_corpus
    from toolkit.count.terms import article_texts
    from toolkit.text.tokens import tokenize

    arts = load_corpus(shared_path("basil", "articles.jsonl"))  # 300 articles, 3 outlets
    target = "Fox News"
    docs = [Counter(tokenize(t)) for t in article_texts(arts)]  # title, then text
    in_target = (arts["outlet"] == target).to_numpy()
    ct, cr = Counter(), Counter()
    for doc, is_t in zip(docs, in_target):
        (ct if is_t else cr).update(doc)
    c, d = sum(ct.values()), sum(cr.values())

    one = keyness(arts, target).set_index("term")
    every = keyness_all(arts)
    every = every[every["outlet"] == target].set_index("term")
    over = one[one["direction"] == "+"].index[:3].tolist()
    under = one[(one["direction"] == "-") & (one["freq_target"] > 0)].index[:2].tolist()
    terms = over + under + ["obama", "said"]
    for term in terms:
        a, b = ct[term], cr[term]
        assert a > 0 and b > 0, term  # chosen so that no zero-frequency rule applies
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))  # Rayson & Garside
        lr = math.log2((a / c) / (b / d))  # Hardie
        sizes = [sum(doc.values()) for doc, is_t in zip(docs, in_target) if is_t]
        counts = [doc[term] for doc, is_t in zip(docs, in_target) if is_t]
        dp = 0.5 * sum(abs(v / a - s / c) for v, s in zip(counts, sizes))  # Gries 2008
        for table in (one, every):
            row = table.loc[term]
            assert (row.freq_target, row.freq_reference, row.size_target, row.size_reference) \
                == (a, b, c, d), term
            assert row.g2 == pytest.approx(g2, rel=1e-9), term
            assert row.log_ratio == pytest.approx(lr, rel=1e-9), term
            assert row.direction == ("+" if lr > 0 else "-")
            assert row["range"] == sum(v > 0 for v in counts)
            assert row.dp == pytest.approx(dp, abs=1e-12), term


def test_keyness_all_with_one_group_warns_and_gives_nan_not_infinities():
    from toolkit.keyness import NoReferenceWarning
    arts = pd.DataFrame({"outlet": ["A", "A"], "text": ["war and peace", "war war"]})
    with pytest.warns(NoReferenceWarning, match=r"keyness_all: A has no other words to compare with \(one group "
                                                r"only\); its statistics \(g2, p, q, log_ratio, perc_diff, chi2, "
                                                r"direction\) are NaN"):
        t = keyness_all(arts, min_freq=1)
    assert t["freq_target"].tolist() == [3, 1, 1] and (t["size_reference"] == 0).all()
    for col in ["g2", "p", "q", "log_ratio", "perc_diff", "chi2"]:
        assert t[col].isna().all(), col
    assert t["direction"].isna().all()
    assert not np.isinf(t[["log_ratio", "perc_diff"]].to_numpy(dtype=float)).any()


def test_keyness_all_of_no_article_is_an_empty_table():
    t = keyness_all(pd.DataFrame({"outlet": pd.Series([], dtype=str), "text": pd.Series([], dtype=str)}))
    assert len(t) == 0 and list(t.columns) == ["outlet", *KEYNESS_COLUMNS]


@pytest.mark.parametrize("call, message", [
    (lambda a: keyness(a.to_dict("records"), "A"), r"`articles` must be a pandas DataFrame, not list"),
    (lambda a: keyness(a, "A", by=["outlet"]), r"`by` must be one column name \(str\), not \['outlet'\]"),
    (lambda a: keyness(a, "A", reference=pd.DataFrame({"term": ["x"], "freq": [-1]})),
     r"reference `freq` must be non-negative numbers"),
    (lambda a: keyness(a.assign(text=["", "", "x y", "z"]), "A"), r"target \['A'\] has no words"),
    (lambda a: keyness(a, "A", reference=pd.DataFrame({"term": ["x"], "freq": [0]})), r"reference has no words"),
    (lambda a: keyness(a, "A", engine="spark"), r"`engine` value = 'spark' is invalid"),
    (lambda a: keyness_all(a, min_freq="3"), r"`min_freq` value = '3' is invalid; must be an integer >= 0"),
    (lambda a: log_odds(a, "A", alpha0=0), r"`alpha0` value = 0 is invalid; must be a positive number"),
    (lambda a: log_odds(a, "A", reference="A"), r"target and reference overlap: \['A'\]"),
    (lambda a: log_odds(a.assign(text=["", "", "x y", "z"]), "A"), r"target and reference must both contain words"),
    (lambda a: log_odds(a, "A", prior=pd.DataFrame({"term": ["x"]})), r"prior has no column\(s\) \['freq'\]"),
])
def test_more_keyness_errors(two_outlets, call, message):
    with pytest.raises(ParameterError, match=message):
        call(two_outlets)
