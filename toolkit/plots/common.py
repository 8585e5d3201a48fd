"""What every chart shares: the seaborn theme, which groups are drawn (top N + "other"), facets,
labels with n, grey for small counts, bounded sizes.

Rules (DESIGN "Small counts and charts that cannot lie"): never draw more groups than can be
labelled (the ``top`` largest, the rest pooled as "other" where pooling means something, otherwise
left to the tables); every facet labels its own categories (no shared category axis between
panels that hold different categories); a rate from fewer than ``min_units`` units is drawn grey;
figure sizes are bounded whatever the data.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TypeVar

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from toolkit.count.groups import PERIODS
from toolkit.errors import ParameterError, check_positive_int
from toolkit.plots.text import mark_plain, plain_text

__all__ = ["chart", "theme", "pick_groups", "other_label", "short", "plural", "facets", "bottom_labels_only", "with_n", "min_units_of",
           "period_starts", "date_axis", "GREY", "SMALL_COLOUR", "TOP", "MAX_HEIGHT", "integer_ticks"]

F = TypeVar("F", bound=Callable[..., Figure])

#: Groups drawn by default.
TOP = 12
#: Largest figure height (inches) any chart function makes.
MAX_HEIGHT = 30.0
#: Colour of cells and points from fewer than ``min_units`` units.
GREY = "#bdbdbd"
SMALL_COLOUR = "#d9d9d9"
LABEL_CHARS = 40


def theme():
    """The seaborn theme of every toolkit figure, as a context (rcParams restored afterwards)."""
    import contextlib

    stack = contextlib.ExitStack()
    stack.enter_context(sns.axes_style("whitegrid"))
    stack.enter_context(sns.plotting_context("notebook", font_scale=0.85))
    stack.enter_context(plt.rc_context({"axes.titlesize": "medium", "figure.titlesize": "large",
                                        "legend.fontsize": "small"}))
    return stack


def chart(func: F) -> F:
    """Decorator of every plot function: drawn in the toolkit's seaborn theme, with text from the
    data shown as written (never parsed as mathtext: :mod:`toolkit.plots.text`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with theme(), plain_text():
            fig = func(*args, **kwargs)
            # the kernel's first pyplot figure turns IPython's inline display on (rcParams["interactive"]);
            # the theme's rc_context would switch it off again on exit, and no later figure would show
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        return mark_plain(fig)

    return wrapper  # type: ignore[return-value]


def short(text: object, width: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def plural(n: int, word: str) -> str:
    """``"1 outlet"``, ``"3 outlets"`` (``"2 biases"``)."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}{'es' if word.endswith(('s', 'x', 'sh', 'ch')) else 's'}"


def other_label(n: int, word: str) -> str:
    """The label of the pooled rest: ``"other 479 outlets"``."""
    return f"other {plural(n, word)}"


def check_top(top, groups) -> None:
    check_positive_int("top", top)
    if groups is not None and (isinstance(groups, str) or not isinstance(groups, Sequence | pd.Index | np.ndarray)):
        raise ParameterError(f"`groups` must be a list of groups, not {groups!r}")


def pick_groups(sizes: pd.Series, *, top: int = TOP, groups: Sequence | None = None) -> tuple[list[str], list[str]]:
    """Which groups a chart draws: ``(shown, rest)``, as strings.

    ``sizes`` maps each group to its weight (articles, units): the ``top`` heaviest are shown,
    heaviest first (ties by name). ``groups`` (an ordered list) overrides: those of them that
    occur, in that order. ``rest`` is every other group, heaviest first.
    """
    check_top(top, groups)
    weights = sizes.dropna()
    weights = weights.groupby(weights.index.astype(str)).sum()
    if groups is not None:
        wanted = [str(g) for g in groups]
        shown = [g for g in wanted if g in weights.index]
    else:
        order = sorted(weights.index, key=lambda g: (-weights[g], g))
        shown = order[:top]
    rest = [g for g in weights.index if g not in set(shown)]
    return shown, sorted(rest, key=lambda g: (-weights[g], g))


def facets(n: int, *, col_wrap: int, panel: tuple[float, float], extra: tuple[float, float] = (0.0, 1.0)):
    """A figure with ``n`` panels in rows of ``col_wrap`` (unused panels hidden), constrained layout.

    ``panel`` is one panel's (width, height) in inches; the height is scaled down so the figure
    stays under :data:`MAX_HEIGHT`. Returns ``(fig, axes)`` with ``axes`` the ``n`` visible axes.
    """
    n = max(n, 1)
    cols = min(col_wrap, n)
    rows = -(-n // cols)
    width = panel[0] * cols + extra[0]
    height = min(panel[1] * rows + extra[1], MAX_HEIGHT)
    fig, grid = plt.subplots(rows, cols, figsize=(width, height), squeeze=False, layout="constrained")
    axes = list(grid.flat)
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def bottom_labels_only(axes: list, col_wrap: int) -> None:
    """Hide the x tick labels and x label of panels with another panel below them (same categories)."""
    cols = min(col_wrap, max(len(axes), 1))
    for i, ax in enumerate(axes):
        if i + cols < len(axes):
            ax.tick_params(axis="x", labelbottom=False)
            ax.set_xlabel("")


def with_n(label: object, n) -> str:
    """A category label with its count: ``"Fox News (1,204)"``."""
    try:
        return f"{short(label)} ({int(n):,})"
    except (TypeError, ValueError):
        return short(label)


def min_units_of(table: pd.DataFrame, min_units: int | None) -> int:
    """``min_units`` given, else the one ``table`` was made with, else 10."""
    if min_units is None:
        min_units = (table.attrs.get("parameters") or {}).get("min_units", 10)
    check_positive_int("min_units", min_units, minimum=0)
    return int(min_units)


def period_starts(values: Sequence, period: str) -> pd.DatetimeIndex:
    """The start date of each period string (``"2025-03"`` for a month, ``"2025Q1"``, ``"2025"``, a week)."""
    if period in PERIODS:
        return pd.PeriodIndex([str(v) for v in values], freq=PERIODS[period]).start_time
    return pd.DatetimeIndex(pd.to_datetime([str(v) for v in values]))


def date_axis(ax, starts, labels) -> None:
    """Ticks at the periods' starts labelled with the periods (``2025-03``) when there are few,
    otherwise matplotlib's date ticks (no day ticks between months)."""
    import matplotlib.dates as mdates

    pairs = sorted(set(zip(pd.DatetimeIndex(starts), map(str, labels))))
    if 0 < len(pairs) <= 16:
        ax.set_xticks([p[0] for p in pairs], [p[1] for p in pairs], rotation=45, ha="right")
        ax.xaxis.set_minor_locator(plt.NullLocator())
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def integer_ticks(axis) -> None:
    """Whole-number ticks only (counts have no 0.5)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def grouping_columns(table: pd.DataFrame, known: set[str]) -> list[str]:
    """The grouping columns of a result table: ``attrs["parameters"]["by"]``, else the columns not in ``known``."""
    by = (table.attrs.get("parameters") or {}).get("by")
    if by is not None:
        names = [by] if isinstance(by, str) else list(by)
        return [n for n in names if n in table.columns]
    return [c for c in table.columns if c not in known]
