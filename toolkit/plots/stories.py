"""Figures for stories: coverage matrix, agenda bars, odds ratios within stories, agenda vs framing.

Plotting only: every number comes from :mod:`toolkit.stories`. Each function takes a tidy result
table and returns a matplotlib ``Figure`` with a title and labelled axes; none draws more groups
than can be labelled (the top ``top`` groups, the rest pooled as "other" where pooling means
something, otherwise left to the tables).
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
import pandas as pd
import seaborn as sns

from toolkit.plots.text import plain_text_figure

LABEL_CHARS = 60


def _plural_word(word: str) -> str:
    return word + ("es" if word.endswith(("s", "x", "sh", "ch")) else "s")


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else _plural_word(word)}"


def _legend_below(fig, handles, labels, ncol: int) -> None:
    """A legend under the axes, inside the figure (tight_layout leaves room for it)."""
    rows = -(-len(labels) // ncol)
    fig.legend(handles, labels, loc="lower center", ncol=ncol, fontsize="small", frameon=False)
    fig.tight_layout(rect=(0, min(0.4, (0.3 * rows + 0.15) / fig.get_figheight()), 1, 1))


def _short(text: str, width: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def story_labels(table: pd.DataFrame, *, width: int = LABEL_CHARS) -> dict:
    """``{story: "YYYY-MM-DD first title"}`` from :func:`toolkit.story_table`, for chart labels."""
    out = {}
    for story, date, titles in zip(table["story"], table["first_date"], table["titles"]):
        day = "undated" if pd.isna(date) else pd.Timestamp(date).strftime("%Y-%m-%d")
        first = str(titles).split(" | ")[0] if isinstance(titles, str) and titles else f"story {story}"
        out[story] = _short(f"{day} {first}", width)
    return out


def _labels(stories, labels) -> list[str]:
    if labels is None:
        return [f"story {s}" for s in stories]
    if isinstance(labels, pd.DataFrame):
        labels = story_labels(labels)
    return [str(labels.get(s, f"story {s}")) for s in stories]


@plain_text_figure
def coverage_matrix(coverage: pd.DataFrame, *, labels: Mapping | pd.DataFrame | None = None, by: str = "outlet",
                    story: str = "story", top: int = 12, top_stories: int = 25, title: str | None = None):
    """Which outlets covered the most widely covered stories: a story × outlet matrix.

    ``coverage`` is :func:`toolkit.coverage`. Rows: the ``top_stories`` stories covered by the
    most outlets; columns: the ``top`` outlets that covered most of the listed stories, cells
    showing their articles in the story (blank: skipped). A second panel counts, per story, how
    many of the remaining outlets covered it (no second panel when every outlet is shown). ``labels`` maps stories to row labels (or pass
    :func:`toolkit.story_table`).
    """
    order = list(dict.fromkeys(coverage[story]))[:top_stories]
    part = coverage[coverage[story].isin(order)]
    grid = part.pivot_table(index=story, columns=by, values="articles", aggfunc="sum", observed=True,
                            sort=False).reindex(order).fillna(0)
    ranked = (grid > 0).sum().sort_values(ascending=False, kind="stable")
    ranked = ranked.loc[sorted(ranked.index, key=lambda o: (-ranked[o], str(o)))]
    shown = list(ranked.index[:top])
    rest = list(ranked.index[top:])
    others = (grid[rest] > 0).sum(axis=1) if rest else pd.Series(0, index=grid.index)
    rows = _labels(order, labels)
    height = 0.32 * max(len(order), 1) + 3.4  # room for rotated outlet names
    if rest:
        fig, (ax, ax_other) = plt.subplots(1, 2, figsize=(0.55 * max(len(shown), 1) + 8.5, height), sharey=True,
                                           gridspec_kw={"width_ratios": [max(len(shown), 1), 1.2]})
    else:
        fig, ax = plt.subplots(figsize=(0.55 * max(len(shown), 1) + 7.5, height))
    values = grid[shown].to_numpy() if shown else np.zeros((len(order), 0))
    mask = values == 0
    sns.heatmap(pd.DataFrame(values, index=rows, columns=[str(s) for s in shown]), mask=mask, ax=ax,
                cmap="Blues", vmin=0, annot=True, fmt=".0f", cbar=False, linewidths=0.5, linecolor="#eeeeee")
    ax.set_xticks(np.arange(len(shown)) + 0.5, [_short(s, 28) for s in map(str, shown)], rotation=45, ha="right")
    ax.set_yticks(np.arange(len(order)) + 0.5, rows, rotation=0)
    ax.set_xlabel(f"{by.capitalize()} (cell: articles; blank: skipped)")
    ax.set_ylabel("Story (first date, first title)")
    ax.set_title(f"Top {len(shown)} of {_plural(len(ranked), by)}")
    if not rest:
        ax.set_title(f"All {_plural(len(ranked), by)}")
        fig.suptitle(title or f"Which {_plural_word(by)} covered the {len(order)} most widely covered stories")
        fig.tight_layout()
        return fig
    other_label = f"other {_plural(len(rest), by)}"
    sns.heatmap(pd.DataFrame({other_label: others.to_numpy()}, index=rows), ax=ax_other, cmap="Greys",
                vmin=0, vmax=max(len(rest), 1) * 2, annot=True, fmt=".0f", cbar=False)
    ax_other.set_xticks([0.5], [other_label], rotation=45, ha="right")
    ax_other.set_xlabel("covering (count)")
    ax_other.set_ylabel("")
    ax_other.set_title("The rest")
    fig.suptitle(title or f"Which {_plural_word(by)} covered the {len(order)} most widely covered stories")
    fig.tight_layout()
    return fig


@plain_text_figure
def agenda_bars(agenda: pd.DataFrame, *, by: str = "outlet", top: int = 12, title: str | None = None):
    """Stories each outlet covered (shared with others, or exclusive) and skipped, as diverging bars.

    ``agenda`` is :func:`toolkit.agenda`. The ``top`` outlets with the most articles get a bar each;
    the others share one "other" bar: their mean per outlet (a sum would dwarf every other bar).
    """
    part = agenda.sort_values("articles", ascending=False, kind="stable")
    shown = part.head(top)
    rows = [str(x) for x in shown[by]]
    counts = shown[["shared_stories", "exclusive_stories", "skipped_stories"]].to_numpy(dtype=float)
    if len(part) > top:
        rest = part.iloc[top:]
        rows.append(f"other {_plural(len(rest), by)} (mean)")
        counts = np.vstack([counts, rest[["shared_stories", "exclusive_stories", "skipped_stories"]].mean().to_numpy()])
    y = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(9, 0.42 * max(len(rows), 1) + 2))
    palette = sns.color_palette("deep")
    ax.barh(y, counts[:, 0], color=palette[0], label=f"covered, shared with other {_plural_word(by)}")
    ax.barh(y, counts[:, 1], left=counts[:, 0], color=palette[2], label=f"covered, no other {by}")
    ax.barh(y, -counts[:, 2], color=palette[3], label="skipped (shared stories it did not cover)")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [_short(r, 40) for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("Stories (count; skipped to the left of 0)")
    ax.set_ylabel(by.capitalize())
    ax.set_title(title or f"Agenda: stories each {by} covered and skipped")
    _legend_below(fig, *ax.get_legend_handles_labels(), ncol=2)
    return fig


@plain_text_figure
def odds_ratios(comparisons: pd.DataFrame, *, by: str = "outlet", top: int = 12, rows: int = 12,
                include_small: bool = False, col_wrap: int = 3, title: str | None = None):
    """Pooled odds ratios within stories with 95% intervals, one panel per comparison.

    ``comparisons`` is :func:`toolkit.compare_within_stories`. Panels: the first ``top``
    comparisons; in each, the ``rows`` actor × frame pairs with the largest effects (|log OR|) among
    those with a finite interval (and, unless ``include_small``, not flagged ``small``). Labels give
    the stories used. Log scale; right of 1: the outlet ties the frame to the actor more often than
    the comparison within the same stories.
    """
    keys = list(dict.fromkeys(zip(comparisons[by].astype(str), comparisons["versus"].astype(str))))[:top]
    n = max(len(keys), 1)
    cols = min(col_wrap, n)
    nrows = -(-n // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(5.2 * cols, (0.32 * rows + 1.6) * nrows + 0.8), squeeze=False)
    for ax, (side, versus) in zip(axes.flat, keys):
        part = comparisons[(comparisons[by].astype(str) == side) & (comparisons["versus"].astype(str) == versus)]
        ok = np.isfinite(part["ci_low"]) & np.isfinite(part["ci_high"]) & (part["ci_low"] > 0)
        if not include_small:
            ok &= ~part["small"].astype(bool)
        part = part[ok]
        part = part.assign(_effect=np.abs(np.log(part["odds_ratio"]))).sort_values("_effect", ascending=False,
                                                                                     kind="stable").head(rows)
        y = np.arange(len(part))
        ratio = part["odds_ratio"].to_numpy()
        err = np.clip([ratio - part["ci_low"].to_numpy(), part["ci_high"].to_numpy() - ratio], 0, None)
        colours = np.where(ratio > 1, "#c44e52", "#4c72b0")
        for yi, r, lo, hi, c in zip(y, ratio, err[0], err[1], colours):
            ax.errorbar([r], [yi], xerr=[[lo], [hi]], fmt="o", color=c, capsize=3)
        ax.axvline(1, color="grey", linewidth=0.8)
        ax.set_xscale("log")
        low, high = ax.get_xlim()
        subs = (1.0, 2.0, 5.0) if np.log10(high / low) <= 2 else (1.0,)  # labels that fit the range
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_yticks(y, [f"{a} × {f} ({s})" for a, f, s in zip(part["actor"], part["frame"], part["stories_used"])])
        ax.invert_yaxis()
        ax.set_title(_short(f"{side} vs {versus}", 45))
        ax.set_xlabel("Odds ratio (log scale, 95% CI)")
        if not len(part):
            ax.text(0.5, 0.5, "no pair with enough units", ha="center", va="center", transform=ax.transAxes)
    for ax in axes[:, 0]:
        ax.set_ylabel("Actor × frame (stories used)")
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    fig.suptitle(title or f"Same stories, different frames: Mantel–Haenszel odds ratios by {by}")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
    return fig


@plain_text_figure
def agenda_framing_bars(table: pd.DataFrame, *, actor: str, frame: str, by: str = "outlet", top: int = 12,
                        title: str | None = None):
    """One actor × frame: each outlet's difference from the others, split into agenda and framing.

    ``table`` is :func:`toolkit.agenda_framing`. Bars (percentage points) for the agenda parts
    (stories only one side mentions the actor; story mix) and the framing part (within stories)
    stack to the difference, marked by a diamond. The first ``top`` outlets of the table with a
    decomposition are shown (all are in the table); rows flagged ``small`` are pale and marked.
    """
    part = table[(table["actor"] == actor) & (table["frame"] == frame) & table["framing"].notna()]
    total = len(part)
    part = part.head(top)
    labels = [_short(f"{g}{' (small)' if s else ''}", 40) for g, s in zip(part[by].astype(str), part["small"])]
    y = np.arange(len(part))
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(part), 1) + 2.2))
    palette = sns.color_palette("deep")
    components = [("agenda_exclusive", "agenda: stories only one side mentions the actor", palette[1]),
                  ("agenda_mix", "agenda: mix of shared stories", palette[8]),
                  ("framing", "framing: within shared stories", palette[0])]
    pos, neg = np.zeros(len(part)), np.zeros(len(part))
    alpha = np.where(part["small"].to_numpy(dtype=bool), 0.35, 1.0)
    for col, label, colour in components:
        v = part[col].to_numpy(dtype=float) * 100
        left = np.where(v >= 0, pos, neg)
        for yi, vi, li, a in zip(y, v, left, alpha):
            ax.barh(yi, vi, left=li, color=colour, alpha=a)
        pos += np.where(v >= 0, v, 0)
        neg += np.where(v < 0, v, 0)
    diff = ax.scatter(part["difference"].to_numpy(dtype=float) * 100, y, marker="D", color="black", zorder=3)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(f"Rate minus the other {_plural_word(by)}' rate (percentage points of actor units with the frame)")
    ax.set_ylabel(by.capitalize())
    handles = [Patch(color=colour, label=label) for _, label, colour in components]
    shown = f"{len(part)} of {_plural(total, by)}" if total > len(part) else _plural(total, by)
    ax.set_title(title or f"'{frame}' tied to '{actor}': agenda or framing? ({shown})")
    _legend_below(fig, [*handles, diff], [h.get_label() for h in handles] + ["difference (= sum of the parts)"],
                  ncol=2)
    return fig
