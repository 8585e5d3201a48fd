"""sentiment (VADER per actor) and hedging (doubt markers per actor): values checked by hand and against VADER."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit import ParameterError
from toolkit.discourse.hedging import hedging
from toolkit.discourse.sentiment import sentiment

ACTORS = {"russia": ["Russia"], "nato": ["NATO"], "china": ["China"]}
FRAMES = {"escalation": ["escalat*"], "doubt": ["supposedly", "alleged*", "so-called", "claim*"]}


def arts(*texts, outlets=None):
    outlets = outlets or ["A"] * len(texts)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": pd.Categorical(outlets),
                         "date": pd.NaT, "title": "", "text": list(texts)})


def test_sentiment_means_vader_scores_of_units_mentioning_the_actor():
    sentences = ["Russia launched a horrible, deadly attack.", "NATO welcomed the wonderful news.",
                 "Russia and NATO talked.", "The weather was nice."]
    table = sentiment(arts(" ".join(sentences)), ACTORS, by=None)
    vader = SentimentIntensityAnalyzer()
    score = [vader.polarity_scores(s)["compound"] for s in sentences]
    russia = table[table["actor"] == "russia"].iloc[0]
    assert russia["units"] == 2
    assert russia["mean"] == pytest.approx(np.mean([score[0], score[2]]))
    sd = np.std([score[0], score[2]], ddof=1)
    half = stats.t.ppf(0.975, 1) * sd / np.sqrt(2)
    assert russia["ci_low"] == pytest.approx(russia["mean"] - half)
    assert russia["share_negative"] == pytest.approx(0.5 if score[2] > -0.05 else 1.0)
    assert score[0] < -0.05 and score[1] > 0.05
    nato = table[table["actor"] == "nato"].iloc[0]
    assert nato["mean"] == pytest.approx(np.mean([score[1], score[2]]))
    china = table[table["actor"] == "china"].iloc[0]
    assert china["units"] == 0 and np.isnan(china["mean"])


def test_sentiment_by_outlet_keeps_every_actor():
    table = sentiment(arts("Russia won.", "NATO lost.", outlets=["A", "B"]), ACTORS)
    assert len(table) == 2 * 3
    assert table.groupby("outlet", observed=True)["units"].sum().to_dict() == {"A": 1, "B": 1}
    assert table["ci_low"].isna().all()  # a single unit has no interval


def test_sentiment_rejects_bad_alpha():
    with pytest.raises(ParameterError, match="`alpha` value = 0 is invalid"):
        sentiment(arts("Russia."), ACTORS, alpha=0)


def test_hedging_counts_doubt_markers_near_each_actor():
    text = ("Russia supposedly moved troops. NATO said so. Russia's alleged plan leaked. "
            "China claimed nothing. Russia denied it.")
    table = hedging(arts(text), ACTORS, FRAMES, by=None)
    assert table["frame"].unique().tolist() == ["doubt"]
    got = table.set_index("actor")[["actor_units", "joint_units"]].to_dict("index")
    assert got == {"russia": {"actor_units": 3, "joint_units": 2}, "nato": {"actor_units": 1, "joint_units": 0},
                   "china": {"actor_units": 1, "joint_units": 1}}
    assert table.set_index("actor").loc["russia", "rate"] == pytest.approx(2 / 3)
    assert table.attrs["parameters"]["doubt"] == "doubt"


def test_hedging_unknown_category():
    with pytest.raises(ParameterError, match="category 'hedges' is not in lexicon"):
        hedging(arts("Russia."), ACTORS, FRAMES, doubt="hedges")
