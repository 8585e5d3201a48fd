"""Dot-and-interval panels: one panel per category (an actor), one row per group, each panel with
its own labels (the groups it has data for, with their n)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from toolkit.plots.common import GREY, facets, with_n

__all__ = ["dot_panels"]


def dot_panels(data: pd.DataFrame, *, panel: str, row: str, value: str, n: str, min_units: int,
               row_order: list[str], col_wrap: int = 3, limits: tuple[float, float] | None = None,
               anchor: float | None = None, zero_line: float | None = None):
    """Panels of points with intervals: ``data`` has ``panel``, ``row``, ``value``, ``ci_low``,
    ``ci_high`` and ``n`` (already on the scale drawn).

    Each panel (one per ``panel`` value, in order of appearance) lists the rows of ``row_order``
    that it has data for. Interval ends are clipped to ``limits`` (the statistic's range). The
    common x axis fits the points and intervals from ``min_units`` or more (and ``anchor``, e.g.
    0), within ``limits``; other points beyond it are marked at its edge with their value. Points
    with ``n < min_units`` are hollow and grey.
    """
    names = list(dict.fromkeys(data[panel].astype(str))) or ["(no data)"]
    rows_max = max((data[data[panel].astype(str) == p][row].nunique() for p in names), default=1)
    fig, axes = facets(len(names), col_wrap=col_wrap, panel=(4.6, 0.27 * max(rows_max, 1) + 1.3), extra=(0.3, 1.2))
    colour = sns.color_palette()[0]
    solid, every = [], []   # values of points from min_units or more, and of all points
    drawn = []
    for ax, name in zip(axes, names):
        sub = data[data[panel].astype(str) == name]
        sub = sub.assign(_r=sub[row].astype(str))
        order = [r for r in row_order if r in set(sub["_r"])]
        sub = sub.set_index("_r").loc[order]
        x = sub[value].to_numpy(dtype=float)
        low, high = sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float)
        if limits is not None:
            low, high = np.clip(low, *limits), np.clip(high, *limits)
        y = np.arange(len(order))
        big = sub[n].to_numpy() >= min_units
        # NaN interval (one observation): the point alone; float noise never makes a negative error bar
        err = np.nan_to_num(np.clip([x - low, high - x], 0, None))
        for mask, face, edge in ((big, colour, colour), (~big, "white", GREY)):
            if mask.any():
                ax.errorbar(x[mask], y[mask], xerr=err[:, mask], fmt="o", markersize=5, capsize=2.5,
                            markerfacecolor=face, markeredgecolor=edge, ecolor=edge, linewidth=1.1)
        ax.set_yticks(y, [with_n(r, k) for r, k in zip(order, sub[n])])
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_title(name)
        if zero_line is not None:
            ax.axvline(zero_line, color="grey", linewidth=0.8)
        drawn.append((ax, x, y))
        if len(order):
            for store, keep in ((solid, big), (every, np.ones(len(big), dtype=bool))):
                store.extend(v[keep & np.isfinite(v)] for v in (low, high, x))
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    # the axis fits the points and intervals that rest on min_units or more (the others are grey)
    values = np.concatenate(solid) if solid and len(np.concatenate(solid)) else \
        (np.concatenate(every) if every else np.zeros(0))
    lo_all, hi_all = (values.min(), values.max()) if len(values) else (np.inf, -np.inf)
    if np.isfinite(hi_all):
        if anchor is not None:
            lo_all, hi_all = min(lo_all, anchor), max(hi_all, anchor)
        pad = 0.05 * (hi_all - lo_all) if hi_all > lo_all else 0.5
        lo, hi = lo_all - pad, hi_all + pad
    else:
        lo, hi = limits if limits is not None else (0.0, 1.0)
    if limits is not None:
        lo, hi = max(lo, limits[0]), min(hi, limits[1])
    margin = 0.02 * (hi - lo)    # points at the limits stay whole
    for ax, x, y in drawn:
        ax.set_xlim(lo - margin, hi + margin)
        # a (grey) point beyond the axis: a triangle at the edge with its value
        for side, marker, where, align in ((x > hi + margin, ">", hi + margin, "right"),
                                           (x < lo - margin, "<", lo - margin, "left")):
            for xi, yi in zip(x[side], y[side]):
                ax.plot([where], [yi], marker=marker, color=GREY, markersize=6, clip_on=False, linestyle="none")
                ax.annotate(f"{xi:.3g}", (where, yi), xytext=(-8 if align == "right" else 8, 0),
                            textcoords="offset points", ha=align, va="center", fontsize=7, color="#737373")
    return fig
