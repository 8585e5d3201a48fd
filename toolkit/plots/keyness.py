"""Figures for keyness, collocation and dispersion results (no statistics computed here).

Each function takes the table returned by :func:`toolkit.keyness.keyness`,
:func:`toolkit.collocations.collocates` or :func:`toolkit.dispersion.term_positions`
and returns a titled :class:`matplotlib.figure.Figure` with labelled axes.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from toolkit.errors import ParameterError, check_choice, check_columns
from toolkit.plots.common import chart, short

__all__ = ["plot_keyness", "plot_collocation_network", "plot_dispersion"]


def _label(value) -> str:
    if isinstance(value, (list, tuple)):
        return " + ".join(map(str, value))
    return str(value)


@chart
def plot_keyness(table: pd.DataFrame, *, n: int = 15, effect: str = "log_ratio",
                 alpha: float = 0.05, title: str | None = None) -> Figure:
    """Two-sided bar chart of keywords: over-use in the target right, under-use left.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`toolkit.keyness.keyness` (columns ``term``, ``g2``, ``q``,
        ``direction`` and the ``effect`` column).
    n : int, default 15
        Terms per side: the ``n`` highest ``g2`` of each direction.
    effect : {"log_ratio", "perc_diff"}, default "log_ratio"
        Effect size on the horizontal axis.
    alpha : float, default 0.05
        Bars with ``q < alpha`` are solid and marked ``*``; others are hatched.
    title : str, optional
        Defaults to "Keywords: <target> vs <reference>" from ``table.attrs``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_columns(table, ["term", "g2", "q", "direction", effect], what="table")
    check_choice("effect", effect, ["log_ratio", "perc_diff"])
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    plus = table[table["direction"] == "+"].nlargest(n, "g2")
    minus = table[table["direction"] == "-"].nlargest(n, "g2")
    # bottom to top: strongest under-use ... weakest, weakest over-use ... strongest
    rows = pd.concat([minus, plus.iloc[::-1]]).reset_index(drop=True)
    vals = rows[effect].replace([np.inf, -np.inf], np.nan)
    finite_max = np.nanmax(np.abs(vals)) if vals.notna().any() else 1.0
    vals = rows[effect].clip(-finite_max * 1.1, finite_max * 1.1).fillna(0)
    sig = rows["q"] < alpha
    fig, ax = plt.subplots(figsize=(7.5, max(3, 0.28 * len(rows) + 2.0)), layout="constrained")
    colors = np.where(rows["direction"] == "+", "#c0392b", "#2471a3")
    bars = ax.barh(np.arange(len(rows)), vals, color=colors, edgecolor=colors)
    for bar, s in zip(bars, sig):
        if not s:
            bar.set_facecolor("white")
            bar.set_hatch("///")
    ax.set_yticks(np.arange(len(rows)))
    ax.set_yticklabels([f"{short(t, 30)} *" if s else short(t, 30) for t, s in zip(rows["term"], sig)])
    ax.axvline(0, color="black", linewidth=0.8)
    parameters = table.attrs.get("parameters", {})
    target = _label(parameters.get("target", "target"))
    reference = _label(parameters.get("reference", "reference"))
    ax.set_xlabel(f"{'Log Ratio (log2 of the ratio of relative frequencies)' if effect == 'log_ratio' else '%DIFF'}"
                  f"\n← more in {short(reference, 30)}   |   more in {short(target, 30)} →")
    ax.set_ylabel("term")
    ax.set_title(title or f"Keywords: {target} vs {reference}")
    fig.legend(handles=[Patch(color="#c0392b", label=f"over-used in {short(target, 30)}"),
                        Patch(color="#2471a3", label="under-used"),
                        Patch(facecolor="white", edgecolor="grey", hatch="///",
                              label=f"q ≥ {alpha} (not significant)")],
               loc="outside lower center", ncol=3, fontsize="small", frameon=False)
    return fig


@chart
def plot_collocation_network(table: pd.DataFrame, *, measure: str = "log_dice", top: int = 20,
                             title: str | None = None, seed: int = 1) -> Figure:
    """Collocation network: the node in the centre, collocates sized by frequency.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`toolkit.collocations.collocates` for one group (filter by
        group first if it was grouped).
    measure : str, default "log_dice"
        Column that ranks collocates and sets edge width (and closeness, via the
        spring layout's edge weight).
    top : int, default 20
        Number of collocates drawn.
    title : str, optional
        Defaults to "Collocates of <node> (<measure>)".
    seed : int, default 1
        Seed of the networkx spring layout, for reproducible figures.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import networkx as nx

    check_columns(table, ["collocate", "f_collocate", "f_joint", measure], what="table")
    node = str(table.attrs.get("parameters", {}).get("node", "node"))
    rows = table.nlargest(top, measure)
    graph = nx.Graph()
    graph.add_node(node)
    lo, hi = (rows[measure].min(), rows[measure].max()) if len(rows) else (0, 1)
    span = (hi - lo) or 1.0
    for _, r in rows.iterrows():
        name = r["collocate"] if r["collocate"] != node else f"{r['collocate']} "
        graph.add_edge(node, name, weight=0.2 + (r[measure] - lo) / span, score=r[measure])
    pos = nx.spring_layout(graph, weight="weight", seed=seed)
    fig, ax = plt.subplots(figsize=(7, 6))
    widths = [0.5 + 4 * graph.edges[e]["weight"] for e in graph.edges]
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#95a5a6")
    freq = {(r["collocate"] if r["collocate"] != node else f"{r['collocate']} "): r["f_collocate"]
            for _, r in rows.iterrows()}
    fmax = max(freq.values()) if freq else 1
    sizes = [1600 if v == node else 150 + 1200 * np.sqrt(freq[v] / fmax) for v in graph.nodes]
    colors = ["#c0392b" if v == node else "#5dade2" for v in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.85)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
    ax.set_title(title or f"Collocates of {node} ({measure})")
    ax.set_xlabel(f"node size: collocate frequency; edge width: {measure}")
    ax.set_ylabel("spring layout (no units)")
    ax.tick_params(left=False, bottom=False, labelleft=False, labelbottom=False)
    ax.grid(False)
    fig.tight_layout()
    return fig


@chart
def plot_dispersion(positions: pd.DataFrame, *, title: str | None = None,
                    article_lines: int = 60, max_ticks: int = 400, bins: int = 200) -> Figure:
    """Dispersion plot: one row per category (pattern), where its matches fall in the corpus.

    With few matches it is a "barcode" (a tick at every match, as AntConc's Plot tool); when a row
    has more than ``max_ticks`` matches, ticks would merge into a solid bar, so every row becomes a
    density strip: matches per 10,000 words in each of ``bins`` equal stretches of the corpus, each
    row scaled to its own peak (given in its label).

    Parameters
    ----------
    positions : pandas.DataFrame
        Result of :func:`toolkit.dispersion.term_positions` (``category``,
        ``corpus_position``; ``attrs`` ``corpus_size``, ``doc_starts``, ``categories``).
    title : str, optional
        Defaults to "Dispersion of <categories> across <n> articles".
    article_lines : int, default 60
        Draw faint article boundaries when there are at most this many articles.
    max_ticks : int, default 400
        Most matches in a row drawn as ticks.
    bins : int, default 200
        Stretches of the density strip.

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_columns(positions, ["category", "corpus_position"], what="positions")
    terms = list(positions.attrs.get("categories") or positions["category"].unique())
    size = positions.attrs.get("corpus_size") or (int(positions["corpus_position"].max()) + 1
                                                  if len(positions) else 1)
    size = max(int(size), 1)
    starts = positions.attrs.get("doc_starts", [])
    counts = positions["category"].value_counts()
    dense = bool(len(counts)) and int(counts.max()) > max_ticks
    fig, ax = plt.subplots(figsize=(9.5, min(0.55 * len(terms) + 1.8, 20)), layout="constrained")
    if dense:
        edges = np.linspace(0, size, bins + 1)
        width = size / bins
        grid = np.vstack([np.histogram(positions.loc[positions["category"] == t, "corpus_position"], edges)[0]
                          for t in terms]) / width * 10_000 if terms else np.zeros((0, bins))
        # each row on its own scale: a rare pattern's spread is as visible as a frequent one's
        peak = grid.max(axis=1, keepdims=True) if len(grid) else np.ones((0, 1))
        mesh = ax.pcolormesh(edges, np.arange(len(terms) + 1) - 0.5, grid / np.where(peak > 0, peak, 1),
                             cmap="rocket_r", vmin=0, vmax=1)
        fig.colorbar(mesh, ax=ax, pad=0.01, label="density (1 = the row's peak)")
    else:
        for i, term in enumerate(terms):
            x = positions.loc[positions["category"] == term, "corpus_position"].to_numpy()
            ax.vlines(x, i - 0.4, i + 0.4, color="black", linewidth=0.7)
    if 0 < len(starts) <= article_lines:
        for s in starts[1:]:
            ax.axvline(s, color="#d5d8dc", linewidth=0.6, zorder=0)
    ax.set_yticks(range(len(terms)))
    if dense:
        ax.set_yticklabels([f"{short(t, 30)} ({int(counts.get(t, 0)):,}; peak {p:.3g} per 10k words)"
                            for t, p in zip(terms, peak.ravel())])
    else:
        ax.set_yticklabels([f"{short(t, 30)} ({int(counts.get(t, 0)):,})" for t in terms])
    if size >= 1_000_000:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:g}M"))
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, size)
    ax.grid(False)
    ax.set_xlabel("word position in the corpus (articles in table order)"
                  + (f"; {bins} stretches of {size / bins:,.0f} words" if dense else ""))
    ax.set_ylabel("pattern (matches)")
    ax.set_title(title or f"Dispersion of {', '.join(short(t, 30) for t in terms)} across {len(starts):,} articles")
    return fig
