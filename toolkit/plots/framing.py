"""Figures for framing results: articles over time, actor × frame heat maps, rates with intervals,
trends, bars per group. Plotting only: every statistic comes from another module.

Each function takes a tidy result table and returns a matplotlib ``Figure`` with a title and
labelled axes (with units). None draws more groups than can be labelled: the ``top`` largest (or
the ``groups`` given), the rest pooled as "other" where counts can be pooled, otherwise left to the
tables; rates from fewer than ``min_units`` units are grey (see :mod:`toolkit.plots.common`).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap

from toolkit.count.groups import PERIODS
from toolkit.errors import ParameterError, check_columns
from toolkit.framing import score_cooccurrence
from toolkit.plots.common import (GREY, SMALL_COLOUR, TOP, bottom_labels_only, chart, date_axis, facets, grouping_columns, integer_ticks,
                                  min_units_of, other_label, period_starts, pick_groups, plural, short, with_n)
from toolkit.plots.intervals import dot_panels

__all__ = ["articles_over_time", "cooccurrence_heatmap", "rates_with_intervals", "trend", "group_bars",
           "pooled_by"]

COUNTS = ["actor_units", "frame_units", "joint_units", "units"]
KNOWN = {"actor", "frame", *COUNTS, "rate", "ci_low", "ci_high", "expected", "pmi", "g2", "p", "test",
         "direction", "q", "small"}
RATE_VALUES = ("rate", "ci_low", "ci_high")


@chart
def articles_over_time(counts: pd.DataFrame, *, period: str = "month", hue: str = "outlet", top: int = TOP,
                       groups=None, title: str | None = None):
    """Articles per period as lines over real dates, one line per group of ``hue``.

    ``counts`` is :func:`toolkit.count.groups.articles_per_period`. The ``top`` groups with the most
    articles get a line each (or the ``groups`` given, in that order). When there are more groups,
    a panel above shows the whole corpus: the articles of the groups drawn and of all the others,
    stacked (the others' sum would dwarf any single line). Legends sit outside the axes; counts have
    whole-number ticks.
    """
    check_columns(counts, [period, "articles"], what="counts")
    data = counts.assign(_x=period_starts(counts[period], period) if len(counts) else pd.DatetimeIndex([]))
    word = hue if hue in counts else "group"
    labels = data[hue].astype(str) if hue in counts else pd.Series("all articles", index=data.index)
    shown, rest = pick_groups(data.groupby(labels, observed=True)["articles"].sum(), top=top, groups=groups)
    if rest:
        fig, (whole, ax) = plt.subplots(2, 1, figsize=(10, 7.5), sharex=True, layout="constrained",
                                        gridspec_kw={"height_ratios": [1, 2]})
        x = sorted(set(data["_x"]))
        parts = [data[labels.isin(shown)].groupby("_x")["articles"].sum().reindex(x, fill_value=0),
                 data[labels.isin(rest)].groupby("_x")["articles"].sum().reindex(x, fill_value=0)]
        whole.stackplot(x, *[p.to_numpy() for p in parts], colors=[sns.color_palette()[0], "#bdbdbd"],
                        labels=[f"the {plural(len(shown), word)} below (sum)", f"{other_label(len(rest), word)} (sum)"])
        whole.set_title(f"All {plural(len(shown) + len(rest), word)} with dated articles")
        whole.set_ylabel("Articles (count)")
        whole.set_ylim(bottom=0)
        integer_ticks(whole.yaxis)
        whole.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    else:
        fig, ax = plt.subplots(figsize=(10, 4.8), layout="constrained")
    palette = sns.color_palette("tab10" if len(shown) <= 10 else "tab20", n_colors=max(len(shown), 1))
    marker = "o" if data["_x"].nunique() <= 24 else None
    for colour, group in zip(palette, shown):
        line = data[labels == group].groupby("_x")["articles"].sum().sort_index()
        ax.plot(line.index, line.to_numpy(), marker=marker, markersize=3, color=colour, label=short(group, 30))
    note = f" (top {len(shown)} of {plural(len(shown) + len(rest), word)} with dated articles)" if rest else ""
    ax.set_title(f"The {plural(len(shown), word)} with the most articles" if rest else "")
    fig.suptitle(title or f"Articles per {word} per {period}{note}")
    ax.set_xlabel(period.capitalize())
    ax.set_ylabel("Articles (count)")
    ax.set_ylim(bottom=0)
    integer_ticks(ax.yaxis)
    if len(data):
        date_axis(ax, data["_x"], data[period])
        # a handful of stray early (or late) articles would squeeze every line into a corner
        per = data.groupby("_x")["articles"].sum()
        span, trimmed = _date_span(pd.DatetimeIndex(per.index), per.to_numpy(dtype=float), what="articles")
        ax.set_xlim(*span)
        if trimmed:
            outside = int(per[(per.index < span[0]) | (per.index > span[1])].sum())
            fig.supxlabel(f"Dates: the span of {trimmed}; {outside:,} dated article{'s' if outside != 1 else ''} "
                          "outside it not drawn (all in the table)", fontsize="small")
    if hue in counts and shown:
        ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def pooled_by(table: pd.DataFrame, keep: list[str], *, min_units: int) -> pd.DataFrame:
    """A :func:`toolkit.cooccurrence` table with grouping columns other than ``keep`` pooled.

    Counts are summed over the other grouping columns (e.g. months) and scored again by
    :func:`toolkit.framing.score_cooccurrence`; a table grouped by ``keep`` only is returned as it is.
    """
    by = grouping_columns(table, KNOWN)
    if not [c for c in by if c not in keep]:
        return table
    keys = [*keep, "actor", "frame"]
    summed = table.groupby(keys, observed=True, sort=False)[COUNTS].sum().reset_index()
    return score_cooccurrence(summed, min_units=min_units)


def _with_other(data: pd.DataFrame, facet: str, shown: list[str], rest: list[str], word: str,
                min_units: int) -> pd.DataFrame:
    """The shown groups' rows, plus the rest pooled as one group "other N …" (counts summed, re-scored)."""
    labels = data[facet].astype(str)
    out = data[labels.isin(shown)].assign(**{facet: labels[labels.isin(shown)]})
    if rest:
        other = data[labels.isin(rest)].groupby(["actor", "frame"], sort=False)[COUNTS].sum().reset_index()
        other = score_cooccurrence(other, min_units=min_units).assign(**{facet: other_label(len(rest), word)})
        out = pd.concat([out, other], ignore_index=True)
    return out


def _sizes(data: pd.DataFrame, facet: str) -> pd.Series:
    """Units per group (the same on every actor × frame row of a group)."""
    return data.groupby(facet, observed=True)["units"].max()


def _cell_text(v: float, is_rate: bool) -> str:
    if np.isnan(v):
        return ""
    if is_rate:
        return "0" if v == 0 else (f"{v:.1f}" if v < 10 else f"{v:.0f}")
    return f"{v:.2g}"


@chart
def cooccurrence_heatmap(table: pd.DataFrame, *, value: str = "rate", facet: str = "outlet", top: int = TOP,
                         groups=None, min_units: int | None = None, col_wrap: int = 3, title: str | None = None):
    """Actor × frame heat map of ``value`` (default the rate, in %), one panel per ``facet`` group.

    ``table`` is :func:`toolkit.cooccurrence`. Grouping columns other than ``facet`` (a month, say)
    are pooled: counts summed and scored again (trends over time: :func:`trend`). Panels: the
    ``top`` groups with the most units (or the ``groups`` given), then the others pooled into one
    panel. Each panel lists the actors it has units for, labelled with their n (units mentioning
    the actor: the rate's denominator); rows from fewer than ``min_units`` units are grey; rates
    under 10% keep one decimal. One colour bar, beside the panels.
    """
    check_columns(table, ["actor", "frame", value, *COUNTS], what="table")
    min_units = min_units_of(table, min_units)
    has_facet = facet in table.columns
    data = pooled_by(table, [facet] if has_facet else [], min_units=min_units)
    if not has_facet:
        data = data.assign(**{facet: "all"})
    shown, rest = pick_groups(_sizes(data, facet), top=top, groups=groups)
    data = _with_other(data, facet, shown, rest, facet, min_units)
    panels = [*shown, *([other_label(len(rest), facet)] if rest else [])] or ["(no data)"]
    frames = list(dict.fromkeys(table["frame"]))
    actor_order = list(dict.fromkeys(table["actor"]))
    is_rate = value in RATE_VALUES
    scale = 100 if is_rate else 1
    usable = data[(data["actor_units"] >= max(min_units, 1))][value]
    vmax = float(usable.max() * scale) if usable.notna().any() else 1.0
    cmap = sns.color_palette("rocket_r", as_cmap=True)
    fig, axes = facets(len(panels), col_wrap=col_wrap, panel=(0.5 * len(frames) + 2.6, 0.3 * len(actor_order) + 1.7),
                       extra=(1.2, 1.2))
    mesh = None
    for ax, group in zip(axes, panels):
        sub = data[(data[facet].astype(str) == group) & (data["actor_units"] > 0)]
        actors = [a for a in actor_order if a in set(sub["actor"])]
        grid = sub.pivot_table(index="actor", columns="frame", values=value, aggfunc="first", observed=True)
        grid = grid.reindex(index=actors, columns=frames) * scale
        n = sub.groupby("actor", sort=False)["actor_units"].first().reindex(actors)
        values = grid.to_numpy(dtype=float).reshape(len(actors), len(frames))
        small = np.repeat((n.to_numpy() < min_units)[:, None], len(frames), axis=1)
        missing = np.isnan(values)
        mesh = ax.pcolormesh(np.ma.masked_where(small | missing, values), cmap=cmap, vmin=0, vmax=max(vmax, 1e-9),
                             edgecolors="white", linewidth=0.5)
        ax.pcolormesh(np.ma.masked_where(~small | missing, np.zeros_like(values)), cmap=ListedColormap([SMALL_COLOUR]),
                      edgecolors="white", linewidth=0.5)
        for (i, j), v in np.ndenumerate(values):
            if small[i, j]:
                colour = "#525252"
            else:
                r, g, b, _ = cmap(min(v / max(vmax, 1e-9), 1.0)) if not np.isnan(v) else (1, 1, 1, 1)
                colour = "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"
            ax.text(j + 0.5, i + 0.5, _cell_text(v, is_rate), ha="center", va="center", fontsize=7, color=colour)
        ax.set_xlim(0, len(frames))
        ax.set_ylim(len(actors), 0)
        ax.set_xticks(np.arange(len(frames)) + 0.5, [short(f, 22) for f in frames], rotation=45, ha="right")
        ax.set_yticks(np.arange(len(actors)) + 0.5, [with_n(a, k) for a, k in zip(actors, n)])
        ax.grid(False)
        ax.set_title(short(group, 45))
        ax.set_xlabel("Frame")
        ax.set_ylabel("Actor (units)")
        if not actors:
            ax.text(0.5, 0.5, "no unit mentions an actor", ha="center", va="center", transform=ax.transAxes)
    bottom_labels_only(axes, col_wrap)   # every panel has the same frames, in the same order
    if mesh is not None:
        fig.colorbar(mesh, ax=axes, shrink=min(1.0, 6 / fig.get_figheight()), pad=0.02,
                     label="% of the actor's units with the frame" if is_rate else value)
    pooled = [c for c in grouping_columns(table, KNOWN) if c != facet]
    parts = [f"top {len(shown)} of {plural(len(shown) + len(rest), facet)}" if rest else "",
             f"{' and '.join(c + 's' for c in pooled)} pooled" if pooled else ""]
    extra = "; ".join(p for p in parts if p)
    fig.suptitle(title or "Share of units mentioning an actor that carry each frame, by "
                 f"{facet}{f' ({extra})' if extra else ''}")
    fig.supxlabel(f"Cells: {'% of units mentioning the actor that carry the frame' if is_rate else value}; "
                  f"(n) units mentioning the actor; grey: fewer than {min_units} units", fontsize="small")
    return fig


@chart
def rates_with_intervals(table: pd.DataFrame, *, frame: str, group: str = "outlet", actors=None, top: int = TOP,
                         groups=None, min_units: int | None = None, col_wrap: int = 3, title: str | None = None):
    """Rate of ``frame`` for each actor and group with its 95% Wilson interval, one panel per actor.

    ``table`` is :func:`toolkit.cooccurrence` (or :func:`toolkit.hedging`). Each panel lists the
    groups with units for its actor: the ``top`` groups with the most units (or ``groups``), then
    the others pooled ("other N …"), each labelled with its n; points from fewer than
    ``min_units`` units are hollow and grey. Other grouping columns (months) are pooled.
    """
    check_columns(table, ["actor", "frame", *COUNTS], what="table")
    min_units = min_units_of(table, min_units)
    has_group = group in table.columns
    data = pooled_by(table[table["frame"] == frame], [group] if has_group else [], min_units=min_units)
    if not has_group:
        data = data.assign(**{group: "all"})
    shown, rest = pick_groups(_sizes(data, group), top=top, groups=groups)
    data = _with_other(data, group, shown, rest, group, min_units)
    if actors is not None:
        data = data[data["actor"].isin(list(actors))]
    data = data[data["actor_units"] > 0].assign(rate=lambda d: d["rate"] * 100, ci_low=lambda d: d["ci_low"] * 100,
                                                ci_high=lambda d: d["ci_high"] * 100)
    fig = dot_panels(data, panel="actor", row=group, value="rate", n="actor_units", min_units=min_units,
                     row_order=[*shown, *([other_label(len(rest), group)] if rest else [])], col_wrap=col_wrap,
                     limits=(0, 100), anchor=0)
    pooled = [c for c in grouping_columns(table, KNOWN) if c != group]
    fig.suptitle(title or f"'{frame}' tied to each actor, by {group}"
                 + (f" ({' and '.join(c + 's' for c in pooled)} pooled)" if pooled else ""))
    fig.supxlabel(f"Units mentioning the actor that carry '{frame}' (%, 95% Wilson interval); (n) units "
                  f"mentioning the actor; hollow grey: fewer than {min_units} units", fontsize="small")
    return fig


@chart
def trend(table: pd.DataFrame, *, frame: str, period: str = "month", group: str = "outlet", actors=None,
          top: int = TOP, groups=None, min_units: int | None = None, n_actors: int = 5, col_wrap: int = 3,
          title: str | None = None):
    """A frame's rate for each actor over time (lines over real dates), one panel per group.

    ``table`` is :func:`toolkit.cooccurrence` (or :func:`toolkit.hedging`) run with
    ``by=[group, period]``. Panels: the ``top`` groups with the most units (or ``groups``), then the
    others pooled. Lines: ``actors``, or the ``n_actors`` actors with the most units. Bands: 95%
    Wilson intervals; points from fewer than ``min_units`` units are hollow and grey.
    """
    check_columns(table, ["actor", "frame", period, *COUNTS], what="table")
    min_units = min_units_of(table, min_units)
    part = table[table["frame"] == frame]
    has_group = group in part.columns
    keep = [group, period] if has_group else [period]
    part = pooled_by(part, keep, min_units=min_units) if has_group else part
    if not has_group:
        part = part.assign(**{group: "all"})
    shown, rest = pick_groups(part.groupby(group, observed=True)["units"].sum(), top=top, groups=groups)
    labels = part[group].astype(str)
    data = part[labels.isin(shown)].assign(**{group: labels[labels.isin(shown)]})
    if rest:
        other = part[labels.isin(rest)].groupby([period, "actor", "frame"], sort=False)[COUNTS].sum().reset_index()
        data = pd.concat([data, score_cooccurrence(other, min_units=min_units).assign(
            **{group: other_label(len(rest), group)})], ignore_index=True)
    if actors is None:
        totals = data.groupby("actor")["actor_units"].sum()
        actors = [a for a in totals.sort_values(ascending=False, kind="stable").index if totals[a] > 0][:n_actors]
    data = data[data["actor"].isin(list(actors)) & (data["actor_units"] > 0)]
    present = set(data[group].astype(str))
    panels = [g for g in [*shown, *([other_label(len(rest), group)] if rest else [])] if g in present] or ["(no data)"]
    palette = dict(zip(actors, sns.color_palette("tab10", n_colors=max(len(actors), 1))))
    fig, axes = facets(len(panels), col_wrap=col_wrap, panel=(5.0, 3.0), extra=(1.8, 1.0))
    # axes fit the rates that rest on min_units or more; smaller ones are hollow points, not lines
    solid = data[data["actor_units"] >= max(min_units, 1)]
    source = solid if len(solid) else data
    top_rate = pd.Series([source["ci_high"].max(), source["rate"].max()]).max()
    ceiling = min(100.0, float(top_rate) * 110) if pd.notna(top_rate) and top_rate > 0 else 100.0
    starts = period_starts(source[period], period) if len(source) else pd.DatetimeIndex([])
    span, trimmed = _date_span(starts, source["actor_units"].to_numpy(dtype=float))
    for ax, g in zip(axes, panels):
        sub = data[data[group].astype(str) == g]
        for actor in actors:
            line = sub[sub["actor"] == actor]
            if not len(line):
                continue
            line = _with_gaps(line.assign(_x=period_starts(line[period], period)).sort_values("_x"), period)
            x, colour = line["_x"], palette[actor]
            big = (line["actor_units"] >= min_units).to_numpy()
            rate = line["rate"].to_numpy(dtype=float) * 100
            ax.plot(x, np.where(big, rate, np.nan), color=colour, label=actor, linewidth=1.2, marker="o",
                    markersize=3)
            ax.fill_between(x, line["ci_low"] * 100, line["ci_high"] * 100, where=big, color=colour, alpha=0.15,
                            linewidth=0)
            cut = rate > ceiling
            ax.scatter(x[~big & ~cut], rate[~big & ~cut], facecolors="white", edgecolors=GREY, s=12, zorder=3)
            ax.scatter(x[~big & cut], np.full((~big & cut).sum(), ceiling), marker="^", color=GREY, s=14, zorder=3,
                       clip_on=False)
        units = int(sub.groupby(period)["units"].first().sum()) if len(sub) else 0
        ax.set_title(short(f"{g} ({units:,} units)", 50))
        ax.set_ylim(0, ceiling)
        ax.set_ylabel("Rate (% of actor units)")
        ax.set_xlabel(period.capitalize())
        if len(source):
            date_axis(ax, starts, source[period])
            ax.set_xlim(*span)
    handles = [plt.Line2D([], [], color=palette[a], label=a) for a in actors]
    if handles:
        fig.legend(handles=handles, title="actor", loc="outside right upper", frameon=False)
    fig.suptitle(title or f"'{frame}' tied to each actor over time, by {group}")
    fig.supxlabel(f"Lines and bands (95% Wilson intervals): rates from {min_units} actor units or more; hollow grey "
                  f"points: fewer units (triangles: above the axis)"
                  + (f"; dates: the span of {trimmed}" if trimmed else ""), fontsize="small")
    return fig


def _with_gaps(line: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per period from the line's first to its last, NaN where the actor has no units:
    lines and bands break there instead of bridging months (or years) without data."""
    if period not in PERIODS or not len(line):
        return line
    idx = pd.PeriodIndex(line[period].astype(str), freq=PERIODS[period])
    full = pd.period_range(idx.min(), idx.max(), freq=PERIODS[period])
    if len(full) == len(idx):
        return line
    out = line.set_index(idx).reindex(full)
    out["_x"], out[period] = full.start_time, full.astype(str)
    out["actor_units"] = out["actor_units"].fillna(0)
    return out.reset_index(drop=True)


def _date_span(starts: pd.DatetimeIndex, weights: np.ndarray, share: float = 0.995, what: str = "actor units"):
    """The date range to draw: all periods, or, when a few outlying periods hold little weight (a
    handful of early articles), the range holding ``share`` of the weight. Returns (span, note)."""
    if not len(starts):
        return None, ""
    pad = pd.Timedelta(days=15)
    order = np.argsort(starts.to_numpy())
    x, w = starts.to_numpy()[order], weights[order]
    cum = np.cumsum(w) / max(w.sum(), 1)
    lo = x[np.searchsorted(cum, (1 - share) / 2)]
    hi = x[min(np.searchsorted(cum, 1 - (1 - share) / 2), len(x) - 1)]
    full = (x[0], x[-1])
    if (lo, hi) == full or (hi - lo) >= 0.9 * (full[1] - full[0]):
        return (pd.Timestamp(full[0]) - pad, pd.Timestamp(full[1]) + pad), ""
    return (pd.Timestamp(lo) - pad, pd.Timestamp(hi) + pad), f"{share:.1%} of the {what}"


@chart
def group_bars(table: pd.DataFrame, *, value: str, by: str = "outlet", n: str | None = None, top: int = TOP,
               groups=None, sort_by: str | None = None, xlabel: str | None = None, title: str | None = None):
    """Horizontal bars of ``value`` per group, the ``top`` groups only (all stay in the table).

    ``table`` has one row per group (``by``). The groups drawn are the ``top`` largest by
    ``sort_by`` (default ``n``, else ``value``) or the ``groups`` given; labels carry ``n`` (e.g. the
    articles or matches behind the value); the title says how many groups are left out.
    """
    check_columns(table, [by, value, *([n] if n else []), *([sort_by] if sort_by else [])], what="table")
    if table[by].duplicated().any():
        raise ParameterError(f"table must have one row per `{by}` value; aggregate it first")
    weight = sort_by or n or value
    shown, rest = pick_groups(table.groupby(by, observed=True)[weight].sum(), top=top, groups=groups)
    rows = table.assign(_g=table[by].astype(str)).set_index("_g").loc[shown]
    fig, ax = plt.subplots(figsize=(8.5, min(0.32 * max(len(rows), 1) + 1.6, 30)), layout="constrained")
    ax.barh(np.arange(len(rows)), rows[value].to_numpy(dtype=float), color=sns.color_palette()[0])
    labels = [with_n(g, k) for g, k in zip(shown, rows[n])] if n else [short(g) for g in shown]
    ax.set_yticks(np.arange(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel or value)
    ax.set_ylabel(f"{by.capitalize()}{f' ({n})' if n else ''}")
    left = f" (top {len(shown)} of {plural(len(shown) + len(rest), by)}; all in the table)" if rest else ""
    ax.set_title(title or f"{value.replace('_', ' ').capitalize()} by {by}{left}")
    return fig


# Figures of other analyses, re-exported so that every figure the notebooks use is one import away.
from toolkit.plots.discourse import (quotations_per_outlet, sentiment_toward_actors,  # noqa: E402,F401
                                     tone_of_actor_mentions, verb_class_shares)
from toolkit.plots.keyness import plot_collocation_network, plot_dispersion, plot_keyness  # noqa: E402,F401
