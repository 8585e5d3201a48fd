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

from toolkit.errors import ParameterError, check_choice, check_columns
from toolkit.plots.text import plain_text_figure

__all__ = ["plot_keyness", "plot_collocation_network", "plot_dispersion"]


def _label(value) -> str:
    if isinstance(value, (list, tuple)):
        return " + ".join(map(str, value))
    return str(value)


@plain_text_figure
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
    fig, ax = plt.subplots(figsize=(7, max(3, 0.28 * len(rows) + 1.2)))
    colors = np.where(rows["direction"] == "+", "#c0392b", "#2471a3")
    bars = ax.barh(np.arange(len(rows)), vals, color=colors, edgecolor=colors)
    for bar, s in zip(bars, sig):
        if not s:
            bar.set_facecolor("white")
            bar.set_hatch("///")
    ax.set_yticks(np.arange(len(rows)))
    ax.set_yticklabels([f"{t} *" if s else t for t, s in zip(rows["term"], sig)])
    ax.axvline(0, color="black", linewidth=0.8)
    parameters = table.attrs.get("parameters", {})
    target = _label(parameters.get("target", "target"))
    reference = _label(parameters.get("reference", "reference"))
    ax.set_xlabel(f"{'Log Ratio (log2 of relative-frequency ratio)' if effect == 'log_ratio' else '%DIFF'}"
                  f"  — left: more in {reference}, right: more in {target}")
    ax.set_ylabel("term")
    ax.set_title(title or f"Keywords: {target} vs {reference}")
    ax.legend(handles=[Patch(color="#c0392b", label=f"over-used in {target}"),
                       Patch(color="#2471a3", label="under-used"),
                       Patch(facecolor="white", edgecolor="grey", hatch="///",
                             label=f"q ≥ {alpha} (not significant)")],
              loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


@plain_text_figure
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
    fig.tight_layout()
    return fig


@plain_text_figure
def plot_dispersion(positions: pd.DataFrame, *, title: str | None = None,
                    article_lines: int = 60) -> Figure:
    """Dispersion "barcode": one row per category (pattern), a tick at every match in the corpus.

    Parameters
    ----------
    positions : pandas.DataFrame
        Result of :func:`toolkit.dispersion.term_positions` (``category``,
        ``corpus_position``; ``attrs`` ``corpus_size``, ``doc_starts``, ``categories``).
    title : str, optional
        Defaults to "Dispersion of <categories> across <n> articles".
    article_lines : int, default 60
        Draw faint article boundaries when there are at most this many articles.

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_columns(positions, ["category", "corpus_position"], what="positions")
    terms = list(positions.attrs.get("categories") or positions["category"].unique())
    size = positions.attrs.get("corpus_size") or (int(positions["corpus_position"].max()) + 1
                                                  if len(positions) else 1)
    starts = positions.attrs.get("doc_starts", [])
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(terms) + 1.5))
    for i, term in enumerate(terms):
        x = positions.loc[positions["category"] == term, "corpus_position"].to_numpy()
        ax.vlines(x, i - 0.4, i + 0.4, color="black", linewidth=0.8)
    if 0 < len(starts) <= article_lines:
        for s in starts[1:]:
            ax.axvline(s, color="#d5d8dc", linewidth=0.6, zorder=0)
    ax.set_yticks(range(len(terms)))
    ax.set_yticklabels([f"{t} ({(positions['category'] == t).sum()})" for t in terms])
    ax.set_ylim(-0.6, len(terms) - 0.4)
    ax.set_xlim(0, size)
    ax.invert_yaxis()
    ax.set_xlabel("word position in the corpus (articles in table order)")
    ax.set_ylabel("pattern (matches)")
    ax.set_title(title or f"Dispersion of {', '.join(terms)} across {len(starts)} articles")
    fig.tight_layout()
    return fig
