"""Figures for notebooks and reports. Plotting only: every statistic comes from another module.

Each function takes a tidy result table and returns a matplotlib ``Figure`` with a title and
labelled axes (with units).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from toolkit.plots.text import plain_text_figure


@plain_text_figure
def articles_over_time(counts: pd.DataFrame, *, period: str = "month", hue: str = "outlet",
                       title: str = "Articles per outlet over time"):
    """Bar chart of ``articles`` per period, one colour per ``hue`` group.

    ``counts`` is the output of :func:`toolkit.count.groups.articles_per_period`.
    """
    fig, ax = plt.subplots(figsize=(9, 4.5))
    if len(counts):
        sns.barplot(data=counts, x=period, y="articles", hue=hue if hue in counts else None, ax=ax)
    ax.set_title(title)
    ax.set_xlabel(period.capitalize())
    ax.set_ylabel("Articles (count)")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig


@plain_text_figure
def cooccurrence_heatmap(table: pd.DataFrame, *, value: str = "rate", facet: str = "outlet",
                         col_wrap: int = 2, title: str | None = None):
    """Actor × frame heatmap of ``value`` (default the rate), one panel per ``facet`` group.

    ``table`` is the output of :func:`toolkit.cooccurrence`. Cells show the value as a percentage
    when ``value`` is a rate; empty cells have no actor units.
    """
    groups = list(dict.fromkeys(table[facet].astype(str))) if facet in table else ["all"]
    n = len(groups)
    cols = min(col_wrap, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 0.45 * table["actor"].nunique() * rows + 2.5),
                             squeeze=False, sharex=True, sharey=True)
    is_rate = value in ("rate", "ci_low", "ci_high")
    vmax = float(table[value].max(skipna=True)) if table[value].notna().any() else 1.0
    for ax, group in zip(axes.flat, groups):
        part = table[table[facet].astype(str) == group] if facet in table else table
        grid = part.pivot_table(index="actor", columns="frame", values=value, aggfunc="first", sort=False)
        shown = grid * 100 if is_rate else grid
        sns.heatmap(shown, ax=ax, annot=True, fmt=".0f" if is_rate else ".2g", cmap="rocket_r",
                    vmin=0, vmax=vmax * (100 if is_rate else 1), cbar=ax is axes.flat[0],
                    cbar_kws={"label": "% of actor units with the frame" if is_rate else value})
        ax.set_title(str(group))
        ax.set_xlabel("Frame")
        ax.set_ylabel("Actor")
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.suptitle(title or f"Share of units mentioning an actor that carry each frame, by {facet}")
    fig.tight_layout()
    return fig


def _intervals_by_actor(part: pd.DataFrame, *, value: str, group: str, scale: float = 1.0):
    """One row per actor, one dodged point per group with its (``ci_low``, ``ci_high``) interval.

    Returns the figure and its axes; the caller labels them.
    """
    fig, ax = plt.subplots(figsize=(9, 0.5 * max(part["actor"].nunique(), 1) + 2))
    actor_order = list(dict.fromkeys(part["actor"]))
    groups = list(dict.fromkeys(part[group].astype(str))) if group in part else ["all"]
    palette = sns.color_palette(n_colors=max(len(groups), 1))
    height = 0.8 / max(len(groups), 1)
    for j, g in enumerate(groups):
        sub = part[part[group].astype(str) == g] if group in part else part
        y = [actor_order.index(a) + (j - (len(groups) - 1) / 2) * height for a in sub["actor"]]
        x = sub[value].to_numpy() * scale
        # clip: floating-point noise can put an interval end a hair past the value; NaN: no interval
        err = np.nan_to_num(np.clip([x - sub["ci_low"].to_numpy() * scale,
                                     sub["ci_high"].to_numpy() * scale - x], 0, None))
        ax.errorbar(x, y, xerr=err, fmt="o", color=palette[j], label=g, capsize=3)
    ax.set_yticks(range(len(actor_order)), actor_order)
    ax.invert_yaxis()
    ax.set_ylabel("Actor")
    if len(part):
        ax.legend(title=group, loc="best", fontsize="small")
    return fig, ax


@plain_text_figure
def rates_with_intervals(table: pd.DataFrame, *, frame: str, group: str = "outlet", actors=None,
                         title: str | None = None):
    """Rate of ``frame`` for each actor, one point per group with its interval (``ci_low``–``ci_high``).

    ``table`` is the output of :func:`toolkit.cooccurrence`.
    """
    part = table[table["frame"] == frame]
    if actors is not None:
        part = part[part["actor"].isin(list(actors))]
    part = part[part["actor_units"] > 0]
    fig, ax = _intervals_by_actor(part, value="rate", group=group, scale=100)
    ax.set_xlabel(f"Units mentioning the actor that carry '{frame}' (%, 95% Wilson interval)")
    ax.set_title(title or f"'{frame}' tied to each actor, by {group}")
    fig.tight_layout()
    return fig


@plain_text_figure
def trend(table: pd.DataFrame, *, frame: str, period: str = "month", group: str = "outlet", actors=None,
          title: str | None = None):
    """A frame's rate for each actor over time, one panel per group, with Wilson interval bands.

    ``table`` is :func:`toolkit.cooccurrence` (or :func:`toolkit.discourse.hedging`) run with
    ``by=[group, period]``.
    """
    part = table[(table["frame"] == frame) & (table["actor_units"] > 0)]
    if actors is not None:
        part = part[part["actor"].isin(list(actors))]
    groups = list(dict.fromkeys(part[group].astype(str))) or ["(no data)"]
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, 2.8 * len(groups) + 0.8), squeeze=False, sharex=True)
    periods = sorted(part[period].astype(str).unique())
    actor_list = list(dict.fromkeys(part["actor"]))
    palette = dict(zip(actor_list, sns.color_palette(n_colors=max(len(actor_list), 1))))
    for ax, g in zip(axes[:, 0], groups):
        sub = part[part[group].astype(str) == g]
        for actor, line in sub.groupby("actor", sort=False):
            x = [periods.index(p) for p in line[period].astype(str)]
            ax.plot(x, line["rate"] * 100, marker="o", color=palette[actor], label=actor)
            ax.fill_between(x, line["ci_low"] * 100, line["ci_high"] * 100, color=palette[actor], alpha=0.15)
        ax.set_title(g)
        ax.set_ylabel("Rate (% of actor units)")
        ax.set_ylim(0, 100)
    axes[-1, 0].set_xticks(range(len(periods)), periods, rotation=45)
    axes[-1, 0].set_xlabel(period.capitalize())
    if actor_list:
        axes[0, 0].legend(title="actor", fontsize="small", ncol=min(len(actor_list), 4))
    fig.suptitle(title or f"'{frame}' tied to each actor over time, by {group} (bands: 95% Wilson intervals)")
    fig.tight_layout()
    return fig


@plain_text_figure
def tone_of_actor_mentions(table: pd.DataFrame, *, group: str = "outlet", title: str | None = None,
                           note: str | None = None):
    """Tone (mean VADER compound score) of the units mentioning each actor, per group, with t intervals.

    ``table`` is the output of :func:`toolkit.tone` (``tone_mean``; the old ``sentiment`` table with
    ``mean`` works too). The measure is the tone of the text around the name, not stance toward the
    actor, and the chart says so: its caption prints the BASIL validation figures (``note``, default
    :func:`toolkit.discourse.sentiment.validation_note`).
    """
    from toolkit.discourse.sentiment import validation_note

    value = "tone_mean" if "tone_mean" in table else "mean"
    part = table[table["units"] > 0]
    unit = (table.attrs.get("parameters") or {}).get("unit", "sentence")
    fig, ax = _intervals_by_actor(part, value=value, group=group)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel(f"Mean VADER compound score of the {unit}s mentioning the actor (-1 … 1, 95% t interval)")
    ax.set_title(title or f"Tone of the {unit}s mentioning each actor, by {group}")
    fig.text(0.01, 0.005, note if note is not None else validation_note(), fontsize="x-small", color="dimgrey",
             wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def sentiment_toward_actors(table: pd.DataFrame, *, group: str = "outlet", title: str | None = None):
    """Deprecated name of :func:`tone_of_actor_mentions` (the chart shows tone, not sentiment toward)."""
    import warnings

    from toolkit.errors import ToolkitWarning

    warnings.warn("plots.sentiment_toward_actors is deprecated: use plots.tone_of_actor_mentions",
                  ToolkitWarning, stacklevel=2)
    return tone_of_actor_mentions(table, group=group, title=title)


@plain_text_figure
def verb_class_shares(table: pd.DataFrame, *, group: str = "outlet", min_quotations: int = 3,
                      title: str | None = None):
    """Stacked bars: share of each reporting-verb class per speaker actor, one panel per group.

    ``table`` is the output of :func:`toolkit.discourse.attribution.attribution`; actors with fewer than
    ``min_quotations`` attributed quotations in a group are left out of that panel.
    """
    shares = [c for c in table.columns if c.startswith("share_")]
    part = table[table["quotations"] >= min_quotations]
    groups = list(dict.fromkeys(part[group].astype(str))) or ["(no data)"]
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups) + 1.5, 4.5), squeeze=False, sharey=True)
    palette = sns.color_palette("tab10", n_colors=len(shares))
    for ax, g in zip(axes[0], groups):
        sub = part[part[group].astype(str) == g]
        left = np.zeros(len(sub))
        y = np.arange(len(sub))
        for colour, col in zip(palette, shares):
            values = sub[col].fillna(0).to_numpy() * 100
            ax.barh(y, values, left=left, color=colour, label=col.removeprefix("share_"))
            left += values
        ax.set_yticks(y, [f"{a} ({n})" for a, n in zip(sub["actor"], sub["quotations"])])
        ax.set_title(g)
        ax.set_xlabel("Share of quotations (%)")
        ax.set_xlim(0, 100)
    axes[0, 0].set_ylabel("Speaker actor (quotations)")
    axes[0, -1].legend(title="verb class", bbox_to_anchor=(1.02, 1), loc="upper left", fontsize="small")
    fig.suptitle(title or f"How each outlet introduces each actor's words: reporting-verb classes, by {group}")
    fig.tight_layout()
    return fig


@plain_text_figure
def quotations_per_outlet(table: pd.DataFrame, *, group: str = "outlet", title: str | None = None):
    """Bar chart of quotations per article in each group, split by kind (direct, partial, scare).

    ``table`` has the ``group`` column, ``kind`` and ``per_article`` (see the discourse notebook).
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    sns.barplot(data=table, x=group, y="per_article", hue="kind", ax=ax)
    ax.set_title(title or f"Quotations per article, by {group}")
    ax.set_xlabel(group.capitalize())
    ax.set_ylabel("Quotations per article (count)")
    ax.tick_params(axis="x", rotation=20)
    fig.tight_layout()
    return fig


# Keyness, collocation and dispersion figures live in their own module; re-exported here so that
# every figure is one import away (``toolkit.plots.framing.plot_keyness`` ...).
from toolkit.plots.keyness import plot_collocation_network, plot_dispersion, plot_keyness  # noqa: E402,F401
