"""Figures are tested like statistics: every facet's labels are the categories plotted in that facet
(with unequal facets), the plotted values are the table's, and 491 groups stay readable (top N +
"other", bounded size)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, QuadMesh  # noqa: E402

from toolkit.count.groups import articles_per_period  # noqa: E402
from toolkit.errors import ParameterError, ToolkitWarning  # noqa: E402
from toolkit.framing import cooccurrence, score_cooccurrence  # noqa: E402
from toolkit.plots import discourse as dplot  # noqa: E402
from toolkit.plots import framing as plot  # noqa: E402
from toolkit.plots import keyness as kplot  # noqa: E402
from toolkit.plots.common import MAX_HEIGHT  # noqa: E402

from conftest import ACTORS, FRAMES  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def panels(fig):
    """The data axes of a figure (visible, not colour bars), in drawing order."""
    return [ax for ax in fig.axes if ax.get_visible() and not hasattr(ax, "_colorbar")]


def yticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def counts_table(rows, by=("outlet",), min_units=10):
    """A scored co-occurrence table from hand-written counts: (groups..., actor, frame, actor, frame, joint, units)."""
    cols = [*by, "actor", "frame", "actor_units", "frame_units", "joint_units", "units"]
    table = score_cooccurrence(pd.DataFrame(rows, columns=cols), min_units=min_units)
    table.attrs["parameters"] = {"by": list(by), "min_units": min_units}
    return table


@pytest.fixture
def unequal():
    """Outlet A has units for russia and nato, outlet B for ukraine only (and a small us)."""
    return counts_table([
        ("A", "russia", "escalation", 40, 30, 20, 400), ("A", "russia", "doubt", 40, 10, 4, 400),
        ("A", "nato", "escalation", 12, 30, 9, 400), ("A", "nato", "doubt", 12, 10, 0, 400),
        ("A", "ukraine", "escalation", 0, 30, 0, 400), ("A", "ukraine", "doubt", 0, 10, 0, 400),
        ("A", "us", "escalation", 0, 30, 0, 400), ("A", "us", "doubt", 0, 10, 0, 400),
        ("B", "russia", "escalation", 0, 5, 0, 90), ("B", "russia", "doubt", 0, 7, 0, 90),
        ("B", "nato", "escalation", 0, 5, 0, 90), ("B", "nato", "doubt", 0, 7, 0, 90),
        ("B", "ukraine", "escalation", 25, 5, 5, 90), ("B", "ukraine", "doubt", 25, 7, 7, 90),
        ("B", "us", "escalation", 3, 5, 3, 90), ("B", "us", "doubt", 3, 7, 0, 90),
    ])


def many_groups(n=491, seed=0):
    """A co-occurrence table of n outlets of very unequal size (synthetic)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        units = int(rng.integers(5, 5000))
        for actor in ("russia", "nato", "ukraine"):
            a = int(rng.integers(0, max(units // 20, 1)))
            for frame in ("escalation", "doubt"):
                f = int(rng.integers(0, max(units // 10, 1)))
                rows.append((f"Outlet {i:03d}", actor, frame, a, f, int(rng.integers(0, min(a, f) + 1)), units))
    return counts_table(rows)


def assert_readable(fig, *, labelled_max):
    """Bounded size; no axis labels more than ``labelled_max`` categories."""
    width, height = fig.get_size_inches()
    assert height <= MAX_HEIGHT and width <= 30
    for ax in panels(fig):
        assert len(yticks(ax)) <= labelled_max
    fig.canvas.draw()   # it renders


# --------------------------------------------------------------------------- heat map
def test_heatmap_facets_label_their_own_actors_with_n(unequal):
    fig = plot.cooccurrence_heatmap(unequal)
    a, b = panels(fig)
    assert (a.get_title(), b.get_title()) == ("A", "B")
    assert yticks(a) == ["russia (40)", "nato (12)"]
    assert yticks(b) == ["ukraine (25)", "us (3)"]
    assert [t.get_text() for t in a.get_xticklabels()] == ["escalation", "doubt"]
    values = a.collections[0].get_array()            # colour cells: rates in %, row by row
    assert np.allclose(values.compressed(), [50, 10, 75, 0])
    b_values = b.collections[0].get_array()
    assert list(b_values.mask.ravel()) == [False, False, True, True]   # us: 3 units < 10, drawn grey
    assert np.allclose(b_values.compressed(), [20, 28])
    grey = b.collections[1].get_array()
    assert list(grey.mask.ravel()) == [True, True, False, False]
    texts = [t.get_text() for t in b.texts]
    assert texts == ["20", "28", "100", "0"]         # the grey row still shows its rate, beside its n
    assert "grey: fewer than 10 units" in fig.get_supxlabel()


def test_heatmap_pools_months_and_never_mixes_them(tiny_articles):
    monthly = cooccurrence(tiny_articles, ACTORS, FRAMES, by=["outlet", "month"])
    fig = plot.cooccurrence_heatmap(monthly, min_units=1)
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["Alpha", "Beta"]   # one panel per outlet, not per month
    assert "months pooled" in fig.get_suptitle()
    whole = cooccurrence(tiny_articles, ACTORS, FRAMES, by="outlet")
    # b2 has no date: Beta's pooled months hold b1 only
    alpha = whole[(whole["outlet"] == "Alpha") & (whole["actor_units"] > 0)]
    assert yticks(axes[0]) == [f"{a} ({n})" for a, n in alpha.groupby("actor", sort=False)["actor_units"].first().items()]
    rates = alpha.pivot_table(index="actor", columns="frame", values="rate", aggfunc="first", sort=False)
    expected = rates.reindex(index=list(dict.fromkeys(alpha["actor"])), columns=list(FRAMES)).to_numpy() * 100
    assert np.allclose(axes[0].collections[0].get_array().filled(np.nan), expected, equal_nan=True)


def test_heatmap_with_491_outlets_draws_top_and_other():
    table = many_groups()
    fig = plot.cooccurrence_heatmap(table, top=12)
    axes = panels(fig)
    assert len(axes) == 13
    assert axes[-1].get_title() == "other 479 outlets"
    sizes = table.groupby("outlet")["units"].max().sort_values(ascending=False, kind="stable")
    assert [ax.get_title() for ax in axes[:12]] == list(sizes.index[:12])
    # the pooled panel's rates are pooled counts
    rest = table[~table["outlet"].isin(sizes.index[:12])]
    pooled = rest.groupby(["actor", "frame"], sort=False)[["joint_units", "actor_units"]].sum()
    assert axes[-1].collections[0].get_array().compressed()[0] == pytest.approx(
        100 * pooled.iloc[0]["joint_units"] / pooled.iloc[0]["actor_units"])
    assert "top 12 of 491 outlets" in fig.get_suptitle()
    assert_readable(fig, labelled_max=3)
    fig = plot.cooccurrence_heatmap(table, groups=["Outlet 007", "Outlet 003"])
    assert [ax.get_title() for ax in panels(fig)] == ["Outlet 007", "Outlet 003", "other 489 outlets"]


# --------------------------------------------------------------------------- dots with intervals
def _points(ax):
    """x, y of every errorbar point on ``ax`` (in plotting order)."""
    xs, ys = [], []
    for line in ax.lines:
        if line.get_marker() == "o":
            xs += list(line.get_xdata())
            ys += list(line.get_ydata())
    return np.array(xs), np.array(ys)


def test_rates_with_intervals_one_panel_per_actor_labelled_with_its_groups(unequal):
    fig = plot.rates_with_intervals(unequal, frame="escalation")
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["russia", "nato", "ukraine", "us"]
    assert [yticks(ax) for ax in axes] == [["A (40)"], ["A (12)"], ["B (25)"], ["B (3)"]]
    assert [sorted(_points(ax)[0]) for ax in axes] == [[50.0], [75.0], [20.0], [100.0]]
    assert "'escalation' tied to each actor, by outlet" == fig.get_suptitle()
    # the small one (3 units) is hollow
    hollow = [line for line in axes[3].lines if line.get_marker() == "o"][0]
    assert hollow.get_markerfacecolor() in ("white", (1.0, 1.0, 1.0, 1.0))


def test_rates_with_intervals_491_outlets():
    table = many_groups()
    fig = plot.rates_with_intervals(table, frame="escalation", top=10)
    for ax in panels(fig):
        labels = yticks(ax)
        assert len(labels) <= 11 and labels[-1].startswith("other ")
    assert_readable(fig, labelled_max=11)


def test_tone_intervals_are_clipped_to_the_scale():
    tone = pd.DataFrame({"outlet": ["A", "A", "B"], "actor": ["russia", "nato", "russia"], "units": [50, 2, 30],
                         "tone_mean": [-0.9, 0.5, 0.2], "tone_sd": [0.4, 0.7, 0.3],
                         "ci_low": [-1.3, -7.0, 0.1], "ci_high": [-0.5, 8.0, 0.3]})
    fig = dplot.tone_of_actor_mentions(tone, note="validation note")
    russia, nato = panels(fig)
    assert yticks(russia) == ["A (50)", "B (30)"] and yticks(nato) == ["A (2)"]
    for ax in (russia, nato):
        segments = [seg for c in ax.collections if isinstance(c, LineCollection) for seg in c.get_segments()]
        assert all(-1.0 <= x <= 1.0 for seg in segments for x, _ in seg)
        assert ax.get_xlim()[0] >= -1.1 and ax.get_xlim()[1] <= 1.1
    assert "validation note" in fig.get_supxlabel()


def test_deprecated_sentiment_plot_warns(tiny_articles):
    from toolkit.discourse.sentiment import tone

    with pytest.warns(ToolkitWarning, match="deprecated"):
        fig = plot.sentiment_toward_actors(tone(tiny_articles, ACTORS))
    assert fig.get_suptitle().startswith("Tone of the sentences")


# --------------------------------------------------------------------------- time
def test_trend_time_as_lines_one_panel_per_group(tiny_articles):
    monthly = cooccurrence(tiny_articles, ACTORS, FRAMES, by=["outlet", "month"])
    fig = plot.trend(monthly, frame="escalation", min_units=1)
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["Alpha (7 units)", "Beta (3 units)"]
    lines = {ax.get_title(): {line.get_label(): list(line.get_ydata()) for line in ax.lines
                              if not line.get_label().startswith("_")} for ax in axes}
    # Alpha: russia 1 of 2 units in January, 0 of 1 in February; Beta (b1 only, January): nato 2 of 2
    assert lines["Alpha (7 units)"]["russia"] == [50.0, 0.0]
    assert lines["Beta (3 units)"]["nato"] == [100.0] and "us" not in lines["Beta (3 units)"]
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2024-01", "2024-02"]


def test_trend_lines_break_where_months_have_no_units():
    """Rates in 2013-01, 2013-02 and 2018-01 only: the line must not bridge the five empty years."""
    rows = pd.DataFrame({"outlet": "A", "month": ["2013-01", "2013-02", "2018-01"], "actor": "russia",
                         "frame": "escalation", "actor_units": [20, 30, 40], "frame_units": [5, 5, 5],
                         "joint_units": [2, 3, 4], "units": [100, 100, 100]})
    table = counts_table(rows, by=("outlet", "month"))
    fig = plot.trend(table, frame="escalation", min_units=10)
    (ax,) = panels(fig)
    (line,) = [ln for ln in ax.lines if ln.get_label() == "russia"]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 61                                   # every month from 2013-01 to 2018-01
    assert list(y[:2]) == [10.0, 10.0] and y[-1] == 10.0 and np.isnan(y[2:-1]).all()


def test_trend_491_outlets_has_bounded_panels():
    rows = []
    for i in range(491):
        for month in ("2017-01", "2017-02"):
            rows.append((f"Outlet {i:03d}", month, "russia", "escalation", 20 + i % 7, 5, 3, 100 + i))
    table = counts_table(rows, by=("outlet", "month"))
    fig = plot.trend(table, frame="escalation", top=6)
    axes = panels(fig)
    assert len(axes) == 7 and axes[-1].get_title().startswith("other 485 outlets")
    assert_readable(fig, labelled_max=20)


def test_articles_over_time_lines_top_and_other(tiny_articles):
    counts = articles_per_period(tiny_articles)
    fig = plot.articles_over_time(counts)
    (ax,) = panels(fig)
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.lines}
    assert lines == {"Alpha": [1, 1], "Beta": [1]}
    assert ax.get_ylabel() == "Articles (count)" and fig.get_suptitle() == "Articles per outlet per month"
    assert all(float(t).is_integer() for t in ax.get_yticks())      # no 0.5 ticks for counts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-01", "2024-02"]


def test_articles_over_time_draws_the_span_of_most_articles():
    """Two stray articles in 2001 must not squeeze eight years of lines into a corner: the axis
    holds 99.5% of the articles and the caption says how many are outside."""
    months = pd.period_range("2012-01", "2019-12", freq="M").astype(str).tolist()
    counts = pd.DataFrame({"outlet": ["A"] * (len(months) + 1), "month": ["2001-10", *months],
                           "articles": [2] + [50] * len(months)})
    fig = plot.articles_over_time(counts)
    (ax,) = panels(fig)
    lo, hi = (pd.Timestamp(x, unit="D") for x in ax.get_xlim())
    assert pd.Timestamp("2011-12-01") <= lo < pd.Timestamp("2012-01-01") and pd.Timestamp("2019-12-01") < hi
    assert fig.get_supxlabel() == ("Dates: the span of 99.5% of the articles; 2 dated articles outside "
                                             "it not drawn (all in the table)")
    full = plot.articles_over_time(counts[counts["month"] != "2001-10"])
    assert full.get_supxlabel() == ""


def test_articles_over_time_with_491_outlets():
    many = pd.DataFrame({"outlet": [f"O{i:03d}" for i in range(491) for _ in range(2)],
                         "month": ["2017-01", "2017-02"] * 491, "articles": np.arange(982) % 37 + 1})
    fig = plot.articles_over_time(many, top=12)
    whole, ax = panels(fig)
    labels = ax.get_legend_handles_labels()[1]
    totals = many.groupby("outlet")["articles"].sum()
    top = sorted(totals.index, key=lambda o: (-totals[o], o))[:12]
    assert labels == top
    assert [list(line.get_ydata()) for line in ax.lines] == [many[many["outlet"] == o]["articles"].tolist() for o in top]
    # the panel above: the whole corpus, stacked (the 12 drawn, the 479 others)
    assert whole.get_legend_handles_labels()[1] == ["the 12 outlets below (sum)", "other 479 outlets (sum)"]
    assert whole.get_title() == "All 491 outlets with dated articles"
    assert "top 12 of 491 outlets with dated articles" in fig.get_suptitle()
    stacked = [c.get_paths()[0].vertices[:, 1].max() for c in whole.collections]
    assert stacked[-1] == many.groupby("month")["articles"].sum().max()
    fig.canvas.draw()
    box, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert box.x0 >= frame.x1 - 1     # the legend sits beside the axes, not over the lines
    assert_readable(fig, labelled_max=20)


# --------------------------------------------------------------------------- bars
def test_group_bars_top_groups_with_n():
    table = pd.DataFrame({"outlet": [f"O{i:03d}" for i in range(491)], "matches": np.arange(491),
                          "per_1000_words": np.arange(491) / 100})
    fig = plot.group_bars(table, value="per_1000_words", n="matches", top=5, xlabel="Matches per 1,000 words")
    ax = panels(fig)[0]
    assert yticks(ax) == ["O490 (490)", "O489 (489)", "O488 (488)", "O487 (487)", "O486 (486)"]
    assert [p.get_width() for p in ax.patches] == pytest.approx([4.90, 4.89, 4.88, 4.87, 4.86])
    assert "top 5 of 491 outlets" in ax.get_title()
    assert_readable(fig, labelled_max=5)
    with pytest.raises(ParameterError, match="one row per `outlet`"):
        plot.group_bars(pd.concat([table, table]), value="matches")


def test_verb_class_panels_label_their_own_actors():
    """Issue 13 item 2: a shared y axis labelled every panel with the last panel's actors."""
    table = pd.DataFrame({"outlet": ["Wire", "Wire", "Post"], "actor": ["russia", "nato", "ukraine"],
                          "quotations": [10, 3, 6], "share_neutral": [0.5, 1.0, 0.25], "share_doubt": [0.5, 0.0, 0.75]})
    fig = dplot.verb_class_shares(table)
    wire, post = panels(fig)
    assert (wire.get_title(), post.get_title()) == ("Wire", "Post")
    assert yticks(wire) == ["russia (10)", "nato (3)"] and yticks(post) == ["ukraine (6)"]
    # the bars on each row are that row's shares
    neutral = [p for p in post.patches if p.get_x() == 0]
    assert [p.get_width() for p in neutral] == [25.0]
    wire_neutral = sorted((p.get_y(), p.get_width()) for p in wire.patches if p.get_x() == 0)
    assert [w for _, w in wire_neutral] == [50.0, 100.0]


def test_quotations_per_outlet_top_groups():
    table = pd.DataFrame({"outlet": [f"O{i:03d}" for i in range(491) for _ in range(2)],
                          "kind": ["direct", "partial"] * 491, "quotations": np.arange(982),
                          "per_article": np.arange(982) / 10})
    fig = dplot.quotations_per_outlet(table, top=4)
    ax = panels(fig)[0]
    assert yticks(ax) == ["O490", "O489", "O488", "O487"]
    direct = sorted((p.get_y(), p.get_width()) for p in ax.patches)[::2]
    assert [w for _, w in direct] == pytest.approx([98.0, 97.8, 97.6, 97.4])
    assert_readable(fig, labelled_max=4)


# --------------------------------------------------------------------------- keyness figures
def test_keyness_bars_are_the_terms_plotted():
    table = pd.DataFrame({"term": ["war", "peace", "talks", "aid"], "g2": [20.0, 15.0, 3.0, 9.0],
                          "q": [0.001, 0.01, 0.4, 0.02], "direction": ["+", "-", "+", "-"],
                          "log_ratio": [2.0, -1.5, 0.5, -0.7]})
    fig = kplot.plot_keyness(table, n=5)
    ax = panels(fig)[0]
    # bottom to top: strongest under-use, weaker under-use, weaker over-use, strongest over-use
    assert yticks(ax) == ["peace *", "aid *", "talks", "war *"]
    assert [p.get_width() for p in ax.patches] == pytest.approx([-1.5, -0.7, 0.5, 2.0])


def test_collocation_network_draws_the_top_collocates_only():
    table = pd.DataFrame({"collocate": [f"w{i}" for i in range(491)], "f_collocate": np.arange(491) + 1,
                          "f_joint": np.arange(491) + 1, "log_dice": np.linspace(0, 14, 491)})
    table.attrs["parameters"] = {"node": "escalat*"}
    fig = kplot.plot_collocation_network(table, top=20)
    labels = {t.get_text() for t in panels(fig)[0].texts}
    assert labels == {"escalat*", *[f"w{i}" for i in range(471, 491)]}


def test_dispersion_barcode_then_density_when_ticks_would_merge():
    few = pd.DataFrame({"category": ["war"] * 3 + ["peace"], "corpus_position": [1, 50, 99, 10]})
    few.attrs.update(corpus_size=100, doc_starts=[0, 60], categories=["war", "peace"])
    ax = panels(kplot.plot_dispersion(few))[0]
    assert yticks(ax) == ["war (3)", "peace (1)"]
    ticks = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert [len(c.get_segments()) for c in ticks] == [3, 1]
    rng = np.random.default_rng(0)
    many = pd.DataFrame({"category": ["war"] * 5000 + ["peace"] * 20,
                         "corpus_position": np.concatenate([rng.integers(0, 1_000_000, 5000), np.arange(20)])})
    many.attrs.update(corpus_size=1_000_000, doc_starts=list(range(0, 1_000_000, 1000)), categories=["war", "peace"])
    fig = kplot.plot_dispersion(many, bins=100)
    ax = panels(fig)[0]
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]      # no solid black bar
    mesh = [c for c in ax.collections if isinstance(c, QuadMesh)][0]
    density = mesh.get_array().reshape(2, 100)
    assert density.max(axis=1).tolist() == [1.0, 1.0]                 # each row on its own scale
    war = np.histogram(many["corpus_position"][:5000], np.linspace(0, 1_000_000, 101))[0]
    assert density[0].tolist() == pytest.approx((war / war.max()).tolist())
    assert density[1][0] == 1.0 and density[1][1:].sum() == 0          # peace: all 20 in the first stretch
    peak_war = war.max() / 10_000 * 10_000
    assert yticks(ax) == [f"war (5,000; peak {peak_war:.3g} per 10k words)", "peace (20; peak 20 per 10k words)"]


def test_interval_axes_fit_the_solid_points_and_mark_small_ones_beyond():
    table = counts_table([("A", "russia", "escalation", 400, 30, 20, 4000),
                          ("B", "russia", "escalation", 200, 30, 4, 4000),
                          ("C", "russia", "escalation", 1, 30, 1, 50)])
    ax = panels(plot.rates_with_intervals(table, frame="escalation"))[0]
    assert yticks(ax) == ["A (400)", "B (200)", "C (1)"]
    low, high = ax.get_xlim()
    assert low < 0 and 7 < high < 10          # A's 5% and its interval, not C's 100% from one unit
    beyond = [t.get_text() for t in ax.texts]
    assert beyond == ["100"]                  # C is marked at the edge with its value


def test_every_chart_of_a_kernel_is_displayed():
    """The theme's rc_context must not switch off the inline display that the kernel's first figure
    turned on: each cell that makes a chart shows it (found by the notebooks helper)."""
    import nbformat
    from nbclient import NotebookClient

    setup = ("import pandas as pd\nfrom toolkit.plots import framing as plot\n"
             "t = pd.DataFrame({'outlet': ['A', 'B'], 'matches': [3, 5], 'v': [0.1, 0.2]})")
    cells = [nbformat.v4.new_code_cell(setup)] + [
        nbformat.v4.new_code_cell(f"fig = plot.group_bars(t, value='v', n='matches', title='chart {i}')")
        for i in range(3)]
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    shown = [any("image/png" in o.get("data", {}) for o in cell.outputs) for cell in nb.cells[1:]]
    assert shown == [True, True, True]


def test_tone_and_verb_classes_with_491_outlets():
    rng = np.random.default_rng(3)
    names = [f"Outlet {i:03d}" for i in range(491)]
    tone = pd.DataFrame({"outlet": np.repeat(names, 2), "actor": ["russia", "nato"] * 491,
                         "units": rng.integers(0, 400, 982)})
    tone["tone_mean"] = rng.uniform(-0.5, 0.5, 982)
    tone["ci_low"], tone["ci_high"] = tone["tone_mean"] - 0.2, tone["tone_mean"] + 0.2
    fig = dplot.tone_of_actor_mentions(tone, top=12, note="")
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["russia", "nato"]
    per_outlet = tone.groupby("outlet")["units"].sum()
    top = sorted(per_outlet.index, key=lambda o: (-per_outlet[o], o))[:12]
    for ax, actor in zip(axes, ["russia", "nato"]):
        units = tone[tone["actor"] == actor].set_index("outlet")["units"]
        assert yticks(ax) == [f"{o} ({units[o]:,})" for o in top if units[o] > 0]
    assert "top 12 of 491 outlets" in fig.get_suptitle()
    assert_readable(fig, labelled_max=12)
    voices = pd.DataFrame({"outlet": np.repeat(names, 2), "actor": ["russia", "nato"] * 491,
                           "quotations": rng.integers(0, 50, 982), "share_neutral": 0.5, "share_doubt": 0.5})
    fig = dplot.verb_class_shares(voices, top=9)
    assert len(panels(fig)) == 9
    assert_readable(fig, labelled_max=2)
