"""Story figures: titled and labelled, each facet's tick labels are the categories plotted in it,
the values drawn are the table's, and many outlets become top N + "other"."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import toolkit  # noqa: E402
from toolkit.plots import stories as plot  # noqa: E402


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


@pytest.fixture
def covered() -> pd.DataFrame:
    # outlets A..E with unequal coverage; story 9 is covered by one outlet only
    rows = [(0, o) for o in "ABCDE"] + [(1, o) for o in "ABC"] + [(1, "A")] + [(2, o) for o in "AD"] + [(9, "E")]
    return pd.DataFrame(rows, columns=["story", "outlet"])


def test_coverage_matrix_facets_show_the_plotted_outlets_and_stories(covered):
    table = toolkit.coverage(covered)
    labels = {0: "zero", 1: "one", 2: "two"}
    fig = plot.coverage_matrix(table, labels=labels, top=2)
    main, other = fig.axes[:2]
    assert fig._suptitle.get_text() == "Which outlets covered the 3 most widely covered stories"
    # A covers 3 stories, then B, C, D with 2 each (ties by name): the top 2 are A and B
    assert ticks(main.get_xticklabels()) == ["A", "B"]
    assert ticks(other.get_xticklabels()) == ["other 3 outlets"]
    assert ticks(main.get_yticklabels()) == ["zero", "one", "two"]
    assert main.get_xlabel().startswith("Outlet") and main.get_ylabel() == "Story (first date, first title)"
    cells = [t.get_text() for t in main.texts]
    assert cells == ["1", "1", "2", "1", "1"]  # story 0: A 1, B 1; story 1: A 2, B 1; story 2: A 1 (B blank)
    assert [t.get_text() for t in other.texts] == ["3", "1", "1"]  # C, D, E covering each story


def test_coverage_matrix_labels_from_story_table():
    arts = toolkit.stories(toolkit.load_corpus("corpora/demo"))
    fig = plot.coverage_matrix(toolkit.coverage(arts), labels=toolkit.story_table(arts), top_stories=2)
    assert ticks(fig.axes[0].get_yticklabels())[0].startswith("2025-01-08 ")
    assert len(fig.axes[0].get_yticklabels()) == 2


def test_agenda_bars_pool_the_rest_into_other(covered):
    agenda = toolkit.agenda(covered)
    fig = plot.agenda_bars(agenda, top=2)
    ax = fig.axes[0]
    top2 = agenda.sort_values("articles", ascending=False, kind="stable").head(2)
    assert ticks(ax.get_yticklabels()) == [*top2["outlet"], "other 3 outlets (mean)"]
    assert ax.get_title() == "Agenda: stories each outlet covered and skipped"
    assert ax.get_xlabel() == "Stories (count; skipped to the left of 0)" and ax.get_ylabel() == "Outlet"
    widths = np.array([p.get_width() for p in ax.patches]).reshape(3, -1)  # shared, exclusive, -skipped
    rest = agenda[~agenda["outlet"].isin(top2["outlet"])]
    assert widths[0].tolist() == [*top2["shared_stories"], rest["shared_stories"].mean()]
    assert widths[2].tolist() == [-v for v in [*top2["skipped_stories"], rest["skipped_stories"].mean()]]


@pytest.fixture
def comparisons() -> pd.DataFrame:
    """Two comparisons with unequal numbers of plottable pairs."""
    rows = [("A", "rest", "russia", "escalation", 4.0, 2.0, 8.0, False, 5),
            ("A", "rest", "nato", "escalation", 0.5, 0.25, 1.0, False, 3),
            ("A", "rest", "us", "doubt", 1.1, 0.9, 1.3, True, 2),          # small: left out
            ("B", "rest", "nato", "doubt", 2.0, 1.5, 3.0, False, 4),
            ("B", "rest", "russia", "doubt", 0.0, np.nan, np.nan, False, 4)]  # no interval: left out
    return pd.DataFrame(rows, columns=["outlet", "versus", "actor", "frame", "odds_ratio", "ci_low", "ci_high",
                                       "small", "stories_used"])


def test_odds_ratio_facets_have_their_own_labels_and_values(comparisons):
    fig = plot.odds_ratios(comparisons)
    a, b = fig.axes[:2]
    assert [a.get_title(), b.get_title()] == ["A vs rest", "B vs rest"]
    assert ticks(a.get_yticklabels()) == ["russia × escalation (5)", "nato × escalation (3)"]  # |log OR| order
    assert ticks(b.get_yticklabels()) == ["nato × doubt (4)"]
    xs = [line.get_xdata()[0] for line in a.lines if line.get_marker() == "o"]
    assert xs == [4.0, 0.5]
    assert a.get_xscale() == "log" and a.get_xlabel() == "Odds ratio (log scale, 95% CI)"
    assert a.get_ylabel() == "Actor × frame (stories used)"
    with_small = plot.odds_ratios(comparisons, include_small=True)
    assert "us × doubt (2)" in ticks(with_small.axes[0].get_yticklabels())
    assert fig._suptitle.get_text().startswith("Same stories, different frames")


def test_odds_ratios_show_at_most_top_comparisons(comparisons):
    fig = plot.odds_ratios(comparisons, top=1)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["A vs rest"]


def test_agenda_framing_bars_stack_to_the_difference():
    table = pd.DataFrame({"outlet": ["A", "B", "C"], "actor": "russia", "frame": "escalation",
                          "difference": [0.3, -0.2, 0.1], "agenda_exclusive": [0.1, -0.05, np.nan],
                          "agenda_mix": [-0.05, 0.05, np.nan], "framing": [0.25, -0.2, np.nan],
                          "small": [False, True, False]})
    fig = plot.agenda_framing_bars(table, actor="russia", frame="escalation")
    ax = fig.axes[0]
    assert ticks(ax.get_yticklabels()) == ["A", "B (small)"]  # C has no shared story
    assert ax.get_title() == "'escalation' tied to 'russia': agenda or framing? (2 outlets)"
    assert ax.get_ylabel() == "Outlet" and "percentage points" in ax.get_xlabel()
    widths = np.array([p.get_width() for p in ax.patches]).reshape(3, 2)
    assert np.allclose(widths.sum(axis=0), [30, -20])
    diamonds = ax.collections[0].get_offsets()[:, 0]
    assert np.allclose(diamonds, [30, -20])
    assert ax.patches[1].get_alpha() == pytest.approx(0.35)  # small rows are pale


def test_coverage_matrix_without_other_outlets_has_one_panel(covered):
    fig = plot.coverage_matrix(toolkit.coverage(covered), top=10)
    assert len(fig.axes) == 1
    assert ticks(fig.axes[0].get_xticklabels()) == ["A", "B", "C", "D", "E"]
    assert fig.axes[0].get_title() == "All 5 outlets"


def test_labels_name_the_grouping_column(covered):
    by_bias = covered.rename(columns={"outlet": "bias"})
    fig = plot.agenda_bars(toolkit.agenda(by_bias, by="bias"), by="bias", top=2)
    assert fig.axes[0].get_ylabel() == "Bias"
    assert [t.get_text() for t in fig.legends[0].get_texts()][:2] == ["covered, shared with other biases",
                                                                        "covered, no other bias"]
    assert ticks(fig.axes[0].get_yticklabels())[-1] == "other 3 biases (mean)"
