"""Issue 11, item 6: text from the data is drawn as written in every figure (no mathtext).

Each plot function gets outlet, actor, frame, term and node names with ``$``: one that matplotlib
cannot parse as mathtext (``Cost $x^$ News``: drawing fails) and one it can (``$\\alpha$ Times``:
it would be typeset as α). The figure is drawn after the function returned, under the default
rcParams, as a notebook's inline backend draws it.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from toolkit.count.groups import articles_per_period  # noqa: E402
import toolkit  # noqa: E402
from toolkit.discourse.sentiment import tone  # noqa: E402
from toolkit.framing import cooccurrence  # noqa: E402
from toolkit.keyness import keyness  # noqa: E402
from toolkit.plots import framing as plot  # noqa: E402
from toolkit.plots import keyness as kplot  # noqa: E402
from toolkit.plots import stories as splot  # noqa: E402

BAD = "Cost $x^$ News"  # not valid mathtext
MATH = r"$\alpha$ Times"  # valid mathtext
ACTORS = {"$ru$": ["Russia"], "nato": ["NATO"]}
FRAMES = {"esc $a^$": ["escalat*"], "doubt": ["supposedly", "alleged*"]}


@pytest.fixture
def hostile(tiny_articles):
    frame = tiny_articles.copy()
    frame["outlet"] = frame["outlet"].astype(str).map({"Alpha": BAD, "Beta": MATH}).astype("category")
    return frame


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def draw(fig) -> None:
    assert matplotlib.rcParams["text.parse_math"] is True  # the default, as in a notebook
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def figures(hostile):
    table = cooccurrence(hostile, ACTORS, FRAMES, by="outlet")
    monthly = cooccurrence(hostile, ACTORS, FRAMES, by=["outlet", "month"])
    voices = pd.DataFrame({"outlet": [BAD, MATH], "actor": ["$ru$", "nato"], "quotations": [4, 5],
                           "share_neutral": [0.5, 0.2], "share_$x^$": [0.5, 0.8]})
    per_kind = pd.DataFrame({"outlet": [BAD, MATH], "kind": ["direct $x^$", "partial"], "per_article": [1.0, 2.0]})
    keys = keyness(hostile, BAD, by="outlet")
    coll = pd.DataFrame({"collocate": ["$x^$", "tanks"], "f_collocate": [3, 4], "f_joint": [2, 2],
                         "log_dice": [9.0, 8.0]})
    coll.attrs["node"] = "$node^$"
    covered = pd.DataFrame([(0, BAD), (0, MATH), (1, BAD), (2, MATH), (2, "C")], columns=["story", "outlet"])
    comparisons = pd.DataFrame([(BAD, "rest", "$ru$", "esc $a^$", 4.0, 2.0, 8.0, False, 5),
                                (MATH, "rest", "nato", "doubt", 0.5, 0.25, 1.0, False, 3)],
                               columns=["outlet", "versus", "actor", "frame", "odds_ratio", "ci_low", "ci_high",
                                        "small", "stories_used"])
    mixes = pd.DataFrame({"outlet": [BAD, MATH], "actor": "$ru$", "frame": "esc $a^$", "difference": [0.3, -0.2],
                          "agenda_exclusive": [0.1, -0.05], "agenda_mix": [-0.05, 0.05], "framing": [0.25, -0.2],
                          "small": [False, False]})
    positions = pd.DataFrame({"category": ["$x^$", "$x^$", "war"], "corpus_position": [1, 5, 9]})
    positions.attrs.update(categories=["$x^$", "war"], corpus_size=12, doc_starts=[0, 6])
    return {
        "articles_over_time": (plot.articles_over_time, (articles_per_period(hostile),), {}),
        "cooccurrence_heatmap": (plot.cooccurrence_heatmap, (table,), {}),
        "rates_with_intervals": (plot.rates_with_intervals, (table,), {"frame": "esc $a^$"}),
        "trend": (plot.trend, (monthly,), {"frame": "esc $a^$"}),
        "tone_of_actor_mentions": (plot.tone_of_actor_mentions, (tone(hostile, ACTORS),), {}),
        "verb_class_shares": (plot.verb_class_shares, (voices,), {}),
        "quotations_per_outlet": (plot.quotations_per_outlet, (per_kind,), {}),
        "plot_keyness": (kplot.plot_keyness, (keys,), {}),
        "plot_collocation_network": (kplot.plot_collocation_network, (coll,), {}),
        "plot_dispersion": (kplot.plot_dispersion, (positions,), {}),
        "coverage_matrix": (splot.coverage_matrix, (toolkit.coverage(covered),), {"labels": {0: "$x^$", 1: "b", 2: "c"}}),
        "agenda_bars": (splot.agenda_bars, (toolkit.agenda(covered),), {}),
        "odds_ratios": (splot.odds_ratios, (comparisons,), {}),
        "agenda_framing_bars": (splot.agenda_framing_bars, (mixes,), {"actor": "$ru$", "frame": "esc $a^$"}),
    }


NAMES = ["articles_over_time", "cooccurrence_heatmap", "rates_with_intervals", "trend", "tone_of_actor_mentions",
         "verb_class_shares", "quotations_per_outlet", "plot_keyness", "plot_collocation_network", "plot_dispersion",
         "coverage_matrix", "agenda_bars", "odds_ratios", "agenda_framing_bars"]


@pytest.mark.parametrize("name", NAMES)
def test_every_plot_draws_dollar_names_as_written(hostile, name):
    func, args, kwargs = figures(hostile)[name]
    fig = func(*args, **kwargs)
    shown = texts(fig)
    with_dollar = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert with_dollar, f"{name}: no text from the data reached the figure"
    assert all(not t.get_parse_math() for t in with_dollar)
    expected = {"plot_collocation_network": "$x^$", "plot_dispersion": "$x^$ (2)",
                "verb_class_shares": BAD, "quotations_per_outlet": BAD}.get(name)
    if expected:
        assert any(expected in t for t in shown), shown
    elif name != "plot_keyness":
        assert any(BAD in t for t in shown) and any(MATH in t for t in shown), shown
    else:
        assert any(BAD in t for t in shown), shown  # in the title and legend
    draw(fig)  # would raise ValueError for BAD without the fix
    assert matplotlib.rcParams["text.parse_math"] is True  # the plot left the rcParams as they were


def test_without_the_fix_the_figure_cannot_be_drawn(hostile):
    """The guard is needed: the unwrapped function's figure fails to draw with these names."""
    func, args, kwargs = figures(hostile)["rates_with_intervals"]
    with pytest.raises(ValueError):
        fig = func.__wrapped__(*args, **kwargs)
        draw(fig)
    plt.close("all")
