"""Figures: titled, labelled axes with units, and the plotted values are the table's."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from toolkit.plots import framing as plot  # noqa: E402
from toolkit.framing import cooccurrence  # noqa: E402
from toolkit.count.groups import articles_per_period  # noqa: E402
from toolkit.discourse.sentiment import sentiment  # noqa: E402

ACTORS = {"russia": ["Russia"], "nato": ["NATO"]}
FRAMES = {"escalation": ["escalat*"], "doubt": ["supposedly", "alleged*"]}


@pytest.fixture
def table(tiny_articles):
    return cooccurrence(tiny_articles, ACTORS, FRAMES, by="outlet")


def _points(ax):
    """x, y of every errorbar point on ``ax`` (in plotting order)."""
    xs, ys = [], []
    for line in ax.lines:
        if line.get_marker() == "o":
            xs += list(line.get_xdata())
            ys += list(line.get_ydata())
    return np.array(xs), np.array(ys)


def test_rates_with_intervals_plots_the_rates(table):
    fig = plot.rates_with_intervals(table, frame="escalation")
    ax = fig.axes[0]
    assert ax.get_title() == "'escalation' tied to each actor, by outlet"
    assert "(%, 95% Wilson interval)" in ax.get_xlabel() and ax.get_ylabel() == "Actor"
    x, _ = _points(ax)
    part = table[(table["frame"] == "escalation") & (table["actor_units"] > 0)]
    expected = np.concatenate([part[part["outlet"] == g]["rate"].to_numpy() * 100 for g in ["Alpha", "Beta"]])
    assert np.allclose(x, expected)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Alpha", "Beta"]


def test_sentiment_plot_plots_the_means(tiny_articles):
    tone = sentiment(tiny_articles, ACTORS)
    fig = plot.sentiment_toward_actors(tone)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Tone of the sentences") and "VADER" in ax.get_xlabel()
    x, _ = _points(ax)
    assert np.allclose(sorted(x), sorted(tone.loc[tone["units"] > 0, "mean"]))


def test_heatmap_and_trend_and_time_are_titled(tiny_articles, table):
    fig = plot.cooccurrence_heatmap(table)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["Alpha", "Beta"]
    assert fig.axes[0].get_xlabel() == "Frame" and fig.axes[0].get_ylabel() == "Actor"
    monthly = cooccurrence(tiny_articles, ACTORS, FRAMES, by=["outlet", "month"])
    fig = plot.trend(monthly, frame="escalation")
    assert fig.axes[-1].get_xlabel() == "Month" and fig.axes[0].get_ylabel() == "Rate (% of actor units)"
    fig = plot.articles_over_time(articles_per_period(tiny_articles))
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Articles (count)" and ax.get_title() == "Articles per outlet over time"
    assert sorted(p.get_height() for p in ax.patches if p.get_height() > 0) == [1, 1, 1]
