"""Figures for discourse results: tone of actor mentions, reporting-verb classes, quotations.

Plotting only; every number comes from :mod:`toolkit.discourse`. Same rules as the other plot
modules (:mod:`toolkit.plots.common`): the ``top`` groups (or ``groups``), each panel labelled
with its own categories, small counts grey, the seaborn theme.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from toolkit.errors import check_columns
from toolkit.plots.common import TOP, chart, facets, min_units_of, pick_groups, plural, short, with_n
from toolkit.plots.intervals import dot_panels

__all__ = ["tone_of_actor_mentions", "sentiment_toward_actors", "verb_class_shares", "quotations_per_outlet"]


def _shown_note(shown: list, rest: list, word: str) -> str:
    return f" (top {len(shown)} of {plural(len(shown) + len(rest), word)})" if rest else ""


@chart
def tone_of_actor_mentions(table: pd.DataFrame, *, group: str = "outlet", top: int = TOP, groups=None,
                           min_units: int | None = None, col_wrap: int = 3, title: str | None = None,
                           note: str | None = None):
    """Tone (mean VADER compound score, -1 … 1) of the units mentioning each actor, per group, with t intervals.

    ``table`` is :func:`toolkit.tone` (``tone_mean``; the old ``sentiment`` table with ``mean``
    works too). One panel per actor; rows: the ``top`` groups with the most units (or ``groups``)
    that mention it, each with its n; means from fewer than ``min_units`` units hollow and grey.
    Intervals are clipped to -1 … 1; the axis fits the means and intervals (always within -1 … 1). The measure is the tone of the text around
    the name, not stance toward the actor, and the chart says so: its caption prints the BASIL
    validation figures (``note``, default :func:`toolkit.discourse.sentiment.validation_note`).
    """
    from toolkit.discourse.sentiment import validation_note

    value = "tone_mean" if "tone_mean" in table else "mean"
    check_columns(table, ["actor", "units", value, "ci_low", "ci_high"], what="table")
    min_units = min_units_of(table, min_units)
    data = table[table["units"] > 0]
    if group not in data.columns:
        data = data.assign(**{group: "all"})
    shown, rest = pick_groups(data.groupby(group, observed=True)["units"].sum(), top=top, groups=groups)
    data = data[data[group].astype(str).isin(shown)]
    unit = (table.attrs.get("parameters") or {}).get("unit", "sentence")
    fig = dot_panels(data, panel="actor", row=group, value=value, n="units", min_units=min_units, row_order=shown,
                     col_wrap=col_wrap, limits=(-1.0, 1.0), anchor=0.0, zero_line=0.0)
    fig.suptitle(title or f"Tone of the {unit}s mentioning each actor, by {group}{_shown_note(shown, rest, group)}")
    caption = note if note is not None else validation_note()
    fig.supxlabel(f"Mean VADER compound score of the {unit}s mentioning the actor (-1 … 1, 95% t interval); "
                  f"(n) {unit}s; hollow grey: fewer than {min_units}.\n{caption}", fontsize="x-small")
    return fig


def sentiment_toward_actors(table: pd.DataFrame, *, group: str = "outlet", title: str | None = None):
    """Deprecated name of :func:`tone_of_actor_mentions` (the chart shows tone, not sentiment toward)."""
    import warnings

    from toolkit.errors import ToolkitWarning

    warnings.warn("plots.sentiment_toward_actors is deprecated: use plots.tone_of_actor_mentions",
                  ToolkitWarning, stacklevel=2)
    return tone_of_actor_mentions(table, group=group, title=title)


@chart
def verb_class_shares(table: pd.DataFrame, *, group: str = "outlet", min_quotations: int = 3, top: int = TOP,
                      groups=None, col_wrap: int = 3, title: str | None = None):
    """Stacked bars: share of each reporting-verb class per speaker actor, one panel per group.

    ``table`` is :func:`toolkit.discourse.attribution.attribution`. Panels: the ``top`` groups with
    the most attributed quotations (or ``groups``). Each panel labels its own actors (with their
    quotations): actors with fewer than ``min_quotations`` in a group are left out of that panel.
    """
    shares = [c for c in table.columns if c.startswith("share_")]
    check_columns(table, ["actor", "quotations"], what="table")
    data = table if group in table.columns else table.assign(**{group: "all"})
    shown, rest = pick_groups(data.groupby(group, observed=True)["quotations"].sum(), top=top, groups=groups)
    part = data[(data["quotations"] >= min_quotations) & data[group].astype(str).isin(shown)]
    panels = [g for g in shown if g in set(part[group].astype(str))] or ["(no data)"]
    rows_max = max((int((part[group].astype(str) == g).sum()) for g in panels), default=1)
    fig, axes = facets(len(panels), col_wrap=col_wrap, panel=(4.4, 0.3 * max(rows_max, 1) + 1.4), extra=(2.2, 1.0))
    palette = sns.color_palette("tab10", n_colors=max(len(shares), 1))
    for ax, g in zip(axes, panels):
        sub = part[part[group].astype(str) == g].sort_values("quotations", ascending=False, kind="stable")
        left = np.zeros(len(sub))
        y = np.arange(len(sub))
        for colour, col in zip(palette, shares):
            values = sub[col].fillna(0).to_numpy(dtype=float) * 100
            ax.barh(y, values, left=left, color=colour, label=col.removeprefix("share_"))
            left += values
        ax.set_yticks(y, [with_n(a, n) for a, n in zip(sub["actor"], sub["quotations"])])
        ax.set_ylim(len(sub) - 0.5, -0.5)
        ax.set_title(short(g, 45))
        ax.set_xlabel("Share of quotations (%)")
        ax.set_ylabel("Speaker actor (quotations)")
        ax.set_xlim(0, 100)
    handles = [Patch(color=colour, label=col.removeprefix("share_")) for colour, col in zip(palette, shares)]
    if handles:
        fig.legend(handles=handles, title="verb class", loc="outside right upper", frameon=False)
    fig.suptitle(title or "How each outlet introduces each actor's words: reporting-verb classes, by "
                 f"{group}{_shown_note(shown, rest, group)}")
    return fig


@chart
def quotations_per_outlet(table: pd.DataFrame, *, group: str = "outlet", top: int = TOP, groups=None,
                          title: str | None = None):
    """Horizontal bars of quotations per article in each group, one bar per kind (direct, partial, scare).

    ``table`` has the ``group`` column, ``kind`` and ``per_article`` (and optionally ``quotations``,
    which ranks the groups; else ``per_article`` does). The ``top`` groups are drawn (or ``groups``).
    """
    check_columns(table, [group, "kind", "per_article"], what="table")
    weight = "quotations" if "quotations" in table else "per_article"
    shown, rest = pick_groups(table.groupby(group, observed=True)[weight].sum(), top=top, groups=groups)
    kinds = list(dict.fromkeys(table["kind"].astype(str)))
    data = table.assign(_g=table[group].astype(str), _k=table["kind"].astype(str))
    fig, ax = plt.subplots(
        figsize=(8.5, min(0.22 * max(len(shown), 1) * max(len(kinds), 1) + 1.8, 30)), layout="constrained")
    height = 0.8 / max(len(kinds), 1)
    palette = sns.color_palette("deep", n_colors=max(len(kinds), 1))
    for j, (kind, colour) in enumerate(zip(kinds, palette)):
        values = (data[data["_k"] == kind].groupby("_g")["per_article"].sum().reindex(shown).fillna(0))
        ax.barh(np.arange(len(shown)) + (j - (len(kinds) - 1) / 2) * height, values.to_numpy(dtype=float),
                height=height, color=colour, label=kind)
    ax.set_yticks(np.arange(len(shown)), [short(g) for g in shown])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_title(title or f"Quotations per article, by {group}{_shown_note(shown, rest, group)}")
    ax.set_ylabel(group.capitalize())
    ax.set_xlabel("Quotations per article (mean count)")
    if kinds:
        ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
