"""tone (VADER over units mentioning an actor) and its deprecated name sentiment: values checked by hand
and against VADER; by="doc_id" (a regression: hits() used to return doc_id twice and the call crashed)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import toolkit
from toolkit import ParameterError, ToolkitWarning
from toolkit.discourse.sentiment import BASIL_VALIDATION, sentiment, tone, validation_note

ACTORS = {"russia": ["Russia"], "nato": ["NATO"], "china": ["China"]}


def arts(*texts, outlets=None):
    outlets = outlets or ["A"] * len(texts)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": pd.Categorical(outlets),
                         "date": pd.NaT, "title": "", "text": list(texts)})


def vader(text):
    return SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


def test_tone_means_vader_scores_of_units_mentioning_the_actor():
    sentences = ["Russia launched a horrible, deadly attack.", "NATO welcomed the wonderful news.",
                 "Russia and NATO talked.", "The weather was nice."]
    table = tone(arts(" ".join(sentences)), ACTORS, by=None)
    score = [vader(s) for s in sentences]
    russia = table[table["actor"] == "russia"].iloc[0]
    assert russia["units"] == 2
    assert russia["tone_mean"] == pytest.approx(np.mean([score[0], score[2]]))
    sd = np.std([score[0], score[2]], ddof=1)
    half = stats.t.ppf(0.975, 1) * sd / np.sqrt(2)
    assert russia["ci_low"] == pytest.approx(max(russia["tone_mean"] - half, -1.0))
    assert russia["ci_high"] == pytest.approx(min(russia["tone_mean"] + half, 1.0))
    assert russia["share_negative"] == pytest.approx(0.5 if score[2] > -0.05 else 1.0)
    assert score[0] < -0.05 and score[1] > 0.05
    nato = table[table["actor"] == "nato"].iloc[0]
    assert nato["tone_mean"] == pytest.approx(np.mean([score[1], score[2]]))
    china = table[table["actor"] == "china"].iloc[0]
    assert china["units"] == 0 and np.isnan(china["tone_mean"])
    assert list(table.columns) == ["actor", "units", "tone_mean", "tone_sd", "ci_low", "ci_high",
                                   "share_negative", "share_positive"]


def test_tone_interval_is_clipped_to_the_score_range():
    # two units far apart: the t interval with 1 degree of freedom runs far past -1 and 1
    table = tone(arts("Russia won a wonderful, glorious victory.", "Russia suffered a horrible, deadly defeat."),
                 ACTORS, by=None)
    russia = table[table["actor"] == "russia"].iloc[0]
    assert russia["ci_low"] == -1.0 and russia["ci_high"] == 1.0


def test_tone_by_doc_id_gives_one_row_per_article_and_actor():
    texts = ["Russia won a great victory. NATO lost.", "Russia lost badly.", "China is calm."]
    table = tone(arts(*texts, outlets=["A", "A", "B"]), ACTORS, by="doc_id")
    assert len(table) == 3 * 3
    assert table.groupby("doc_id")["units"].sum().to_dict() == {"d0": 2, "d1": 1, "d2": 1}
    got = table.set_index(["doc_id", "actor"])["tone_mean"]
    assert got[("d0", "russia")] == pytest.approx(vader("Russia won a great victory."))
    assert got[("d1", "russia")] == pytest.approx(vader("Russia lost badly."))
    assert np.isnan(got[("d2", "russia")])
    both = tone(arts(*texts, outlets=["A", "A", "B"]), ACTORS, by=["outlet", "doc_id"])
    assert both[both["units"] > 0][["outlet", "doc_id", "actor"]].values.tolist() == [
        ["A", "d0", "russia"], ["A", "d0", "nato"], ["A", "d1", "russia"], ["B", "d2", "china"]]


def test_tone_by_outlet_keeps_every_actor():
    table = tone(arts("Russia won.", "NATO lost.", outlets=["A", "B"]), ACTORS)
    assert len(table) == 2 * 3
    assert table.groupby("outlet", observed=True)["units"].sum().to_dict() == {"A": 1, "B": 1}
    assert table["ci_low"].isna().all()  # a single unit has no interval
    assert table.attrs["parameters"] == {"actors": "lexicon", "unit": "sentence", "by": ["outlet"], "alpha": 0.05}
    assert table.attrs["validation"] == BASIL_VALIDATION


def test_tone_checks_its_arguments():
    with pytest.raises(ParameterError, match="`alpha` value = 0 is invalid"):
        tone(arts("Russia."), ACTORS, alpha=0)
    with pytest.raises(ParameterError, match=r"`unit` value = 'sentences' is invalid \(did you mean 'sentence'\?\)"):
        tone(arts("Russia."), ACTORS, unit="sentences")
    with pytest.raises(ParameterError, match="`by` names 'outlets', which is not a column"):
        tone(arts("Russia."), ACTORS, by="outlets")


def test_sentiment_is_a_deprecated_alias_with_the_old_columns():
    articles = arts("Russia won a great victory.", "Russia lost.", outlets=["A", "B"])
    with pytest.warns(ToolkitWarning, match="toolkit.sentiment is deprecated: it measures the tone"):
        old = sentiment(articles, ACTORS)
    new = tone(articles, ACTORS)
    assert "mean" in old and "sd" in old and "tone_mean" not in old
    assert np.allclose(old["mean"], new["tone_mean"], equal_nan=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tone(articles, ACTORS)  # the new name does not warn
    assert toolkit.tone is tone and toolkit.sentiment is sentiment


def test_validation_note_prints_the_basil_figures():
    v = BASIL_VALIDATION
    note = validation_note()
    assert f"{v['rho']:.2f} [{v['rho_ci'][0]:.2f}, {v['rho_ci'][1]:.2f}]" in note
    assert f"of {v['same_event_pairs']} pairs" in note and "Tone is not stance" in note


def test_tone_chart_says_what_it_shows_and_prints_the_validation(tiny_articles):
    import matplotlib

    matplotlib.use("Agg")
    from toolkit.plots import framing as plot

    table = tone(tiny_articles, {"russia": ["Russia"], "nato": ["NATO"]})
    fig = plot.tone_of_actor_mentions(table)   # one panel per actor (toolkit.plots.discourse)
    assert fig.get_suptitle() == "Tone of the sentences mentioning each actor, by outlet"
    assert "toward" not in fig.get_suptitle().lower()
    assert fig.get_supxlabel().startswith("Mean VADER compound score of the sentences mentioning the actor")
    xs = [x for ax in fig.axes for line in ax.lines if line.get_marker() == "o" for x in line.get_xdata()]
    assert np.allclose(sorted(xs), sorted(table.loc[table["units"] > 0, "tone_mean"]))
    assert validation_note() in fig.get_supxlabel()
    by_paragraph = tone(tiny_articles, {"russia": ["Russia"]}, unit="paragraph")
    assert plot.tone_of_actor_mentions(by_paragraph).get_suptitle().startswith("Tone of the paragraphs")
    with pytest.warns(ToolkitWarning, match="use plots.tone_of_actor_mentions"):
        old = plot.sentiment_toward_actors(table)
    assert old.get_suptitle() == fig.get_suptitle()


def test_compound_scores_in_worker_processes_equal_vader_in_order(monkeypatch):
    """Slices scored by two forked workers come back in order and equal VADER's own scores."""
    from toolkit.discourse import sentiment as module

    monkeypatch.setattr(module, "SCORE_CHUNK", 3)  # 10 texts -> 4 slices over 2 workers
    texts = ["Russia launched a horrible, deadly attack.", "NATO welcomed the wonderful news.", "", "Fine.",
             "Russia and NATO talked.", "Terrible!", "Great victory", "The weather was nice.", "no", "Awful awful"]
    scores = module.compound_scores(texts, jobs=2)
    assert scores.tolist() == [vader(t) for t in texts]
    assert module.compound_scores([], jobs=2).tolist() == []


def test_tone_does_not_depend_on_jobs():
    texts = [f"Russia was {w}. NATO met China." for w in ["great", "awful", "here", "wonderful", "bad"]] * 4
    corpus = arts(*texts, outlets=["A", "B"] * 10)
    pd.testing.assert_frame_equal(tone(corpus, ACTORS, jobs=1), tone(corpus, ACTORS, jobs=2))
