"""``toolkit.term_explorer``: distinctive terms placed by frequency and association, with KWIC.

A scattertext-like view in one self-contained HTML file: each term is a point at its frequency
(x, log scale) and its weighted log-odds z-score target vs reference (y; Monroe, Colaresi &
Quinn 2008, :func:`toolkit.log_odds`); hovering shows its statistics (with G2, Log Ratio and
dispersion from :func:`toolkit.keyness`), clicking shows lines in context (:func:`toolkit.kwic`)
from the target and the reference.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, check_columns, check_positive_int
from toolkit.explore import term_page

#: Hover and panel fields: (column, label, d3 number format).
FIELDS = [("freq_target", "frequency in target", ",d"), ("freq_reference", "frequency in reference", ",d"),
          ("per_10k_target", "per 10,000 words, target", ".2f"),
          ("per_10k_reference", "per 10,000 words, reference", ".2f"),
          ("z", "log-odds z (target vs reference)", ".2f"), ("delta", "log-odds ratio", ".3f"),
          ("g2", "G2 (log-likelihood)", ".2f"), ("q", "q (Benjamini-Hochberg)", ".3g"),
          ("log_ratio", "Log Ratio (log2)", ".2f"), ("range", "target articles with the term", ",d"),
          ("dp", "dispersion DP (0 even, 1 concentrated)", ".3f")]
_COLUMNS = ["term", "freq", *[f[0] for f in FIELDS], "label", "kwic"]


def term_table(keyness_table: pd.DataFrame, log_odds_table: pd.DataFrame) -> pd.DataFrame:
    """Join :func:`toolkit.keyness` and :func:`toolkit.log_odds` tables on ``term``.

    Returns
    -------
    DataFrame
        One row per term of ``log_odds_table``, sorted by ``z`` descending: ``term``, ``freq``
        (target + reference), ``freq_target``, ``freq_reference``, ``per_10k_target``,
        ``per_10k_reference`` (per 10,000 tokens of each side), ``z``, ``delta`` (log-odds),
        ``g2``, ``q``, ``log_ratio``, ``range``, ``dp`` (keyness; NaN for a term keyness left out;
        ``g2`` is keyness's log-likelihood, named ``ll`` by older versions).
    """
    k = keyness_table.rename(columns={"ll": "g2"})
    k = k[["term", "size_target", "size_reference", "g2", "q", "log_ratio", "range", "dp"]]
    out = log_odds_table[["term", "freq_target", "freq_reference", "delta", "z"]].merge(k, on="term", how="left")
    size_t = keyness_table["size_target"].iloc[0] if len(keyness_table) else np.nan
    size_r = keyness_table["size_reference"].iloc[0] if len(keyness_table) else np.nan
    out["freq"] = out["freq_target"] + out["freq_reference"]
    out["per_10k_target"] = out["freq_target"] / size_t * 10_000
    out["per_10k_reference"] = out["freq_reference"] / size_r * 10_000
    out = out.drop(columns=["size_target", "size_reference"])
    return out.sort_values(["z", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def choose_terms(table: pd.DataFrame, *, max_terms: int, labels: int, kwic_terms: int) -> pd.DataFrame:
    """The terms to plot, with flags ``label`` (named on the plot) and ``kwic`` (lines embedded).

    The ``kwic_terms`` highest and lowest z-scores (and so the ``labels`` ones, fewer) are always
    kept; the rest of the ``max_terms`` are the most frequent terms.
    """
    z = table["z"].to_numpy()
    order = np.argsort(-z, kind="stable")
    top = set(order[:kwic_terms][z[order[:kwic_terms]] > 0])
    low = order[::-1]
    bottom = set(low[:kwic_terms][z[low[:kwic_terms]] < 0])
    labelled = set(order[:labels][z[order[:labels]] > 0]) | set(low[:labels][z[low[:labels]] < 0])
    keep = top | bottom
    by_freq = np.argsort(-table["freq"].to_numpy(), kind="stable")
    for i in by_freq:
        if len(keep) >= max_terms:
            break
        keep.add(int(i))
    out = table.iloc[sorted(keep)].copy()
    out["label"] = [i in labelled for i in out.index]
    out["kwic"] = [i in top or i in bottom for i in out.index]
    return out.reset_index(drop=True)


def sample_lines(lines: pd.DataFrame, *, per_side: int, seed: int = 0) -> pd.DataFrame:
    """At most ``per_side`` KWIC lines per (``category``, ``side``), one article at a time.

    Rows are drawn in a seeded random order; an article's second line comes only after every
    article has given one, so the lines show the spread of the term's uses.
    """
    if not len(lines):
        return lines
    rng = np.random.default_rng(seed)
    out = lines.assign(_r=rng.random(len(lines)))
    out = out.sort_values("_r", kind="stable")
    out["_n"] = out.groupby(["category", "side", "doc_id"], sort=False).cumcount()
    out = out.sort_values(["category", "side", "_n", "_r"], kind="stable")
    out = out.groupby(["category", "side"], sort=False).head(per_side)
    return out.drop(columns=["_r", "_n"]).reset_index(drop=True)


def _as_list(value: Any) -> list:
    if isinstance(value, (list, tuple, set, pd.Index, np.ndarray, pd.Series)):
        return list(value)
    return [value]


def _round(value, digits: int = 4):
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return None
        return float(f"{value:.{digits}g}")
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


@dataclass
class TermExplorer:
    """The result of :func:`term_explorer`.

    Attributes
    ----------
    terms : DataFrame
        The plotted terms (columns of :func:`term_table` plus ``label`` and ``kwic``).
    lines : DataFrame
        The embedded KWIC lines: ``term``, ``side`` (``"target"``/``"reference"``), ``doc_id``,
        the ``by`` column, ``date``, ``left``, ``match``, ``right``.
    payload : dict
        What the page reads (Vega-Lite spec with the terms, KWIC lines, labels).
    path : Path or None
        The HTML file written, if any.
    """

    terms: pd.DataFrame
    lines: pd.DataFrame
    payload: dict
    path: Path | None = None
    parameters: dict = field(default_factory=dict)
    _shown_library: bool = field(default=False, repr=False)

    def html(self, *, library: bool = True, standalone: bool = True) -> str:
        """The HTML: a whole page (``standalone``) or a fragment, with or without the Vega library.

        A notebook or report showing several explorers includes the library once
        (:func:`toolkit.explore.term_page.library_html`) and each fragment with ``library=False``.
        """
        if standalone:
            return term_page.page(self.payload)
        return term_page.fragment(self.payload, library=library)

    def save(self, path: str | Path) -> Path:
        """Write the self-contained page to ``path`` (UTF-8) and return it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html(), encoding="utf-8")
        self.path = path
        return path

    def _repr_html_(self) -> str:
        # The Vega library (0.9 MB) goes with the first display of this object only; a second
        # display on the same page reuses it.
        out = self.html(standalone=False, library=not self._shown_library)
        self._shown_library = True
        return out


def _kwic_lines(articles: pd.DataFrame, terms: pd.DataFrame, by: str, targets: list, rows: np.ndarray, *,
                window: int, per_side: int, seed: int) -> pd.DataFrame:
    """KWIC lines of ``terms`` from the articles in ``rows``, at most ``per_side`` per term and side.

    The articles holding each term are read off a document-term matrix (the tokens of
    :func:`toolkit.keyness`); up to ``per_side`` of them per term and side are drawn (seeded), and
    :func:`toolkit.kwic` reads only those. So a frequent term costs a few articles, not all its
    matches (4 million on AllSides, left vs right), and a rare one is found wherever it is.
    """
    from toolkit import kwic
    from toolkit.count.terms import doc_term_matrix

    columns = ["term", "side", "doc_id", by, "date", "left", "match", "right"]
    if not len(terms):
        return pd.DataFrame(columns=columns)
    positions = np.flatnonzero(rows)
    subset = articles.iloc[positions]
    if "title" not in subset.columns:  # kwic reads titles too
        subset = subset.assign(title="")
    matrix = doc_term_matrix(subset, progress=False)
    columns_of = matrix.term_index
    csc = matrix.matrix.tocsc()
    target = subset[by].isin(targets).to_numpy()
    rng = np.random.default_rng(seed)
    chosen: set[int] = set()
    for term in terms["term"]:
        j = columns_of.get(term)
        if j is None:
            continue
        holding = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
        for side in (True, False):
            docs = holding[target[holding] == side]
            chosen.update(rng.choice(docs, size=min(per_side, len(docs)), replace=False).tolist())
    cols = [by] + (["date"] if "date" in subset.columns and by != "date" else [])
    found = kwic(subset.iloc[sorted(chosen)], {t: [t] for t in terms["term"]}, window=window, by=cols,
                 progress=False)
    found["side"] = np.where(found[by].isin(targets), "target", "reference")
    lines = sample_lines(found, per_side=per_side, seed=seed)
    if "date" not in lines.columns:
        lines["date"] = pd.NaT
    return lines.rename(columns={"category": "term"})[columns].reset_index(drop=True)


def term_explorer(articles: pd.DataFrame, target, reference=None, *, by: str = "outlet",
                  path: str | Path | None = None, min_freq: int = 5, max_terms: int = 2500, labels: int = 12,
                  kwic_terms: int = 60, kwic_lines: int = 8, window: int = 8,
                  stopwords: bool | Iterable[str] = False, prior: str | float = "corpus", seed: int = 0,
                  title: str | None = None) -> TermExplorer:
    """Which words set a target apart: an interactive, self-contained HTML scatter with KWIC lines.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``text`` and ``by``; ``date`` is shown with KWIC lines).
    target, reference
        Value(s) of ``by`` (as in :func:`toolkit.keyness`); ``reference=None`` = all other articles.
    by : str
        The column holding the target and reference values (``"outlet"``, ``"bias"``, ...).
    path : str or Path, optional
        Write the page there (one HTML file, libraries included, nothing fetched when viewed).
    min_freq : int
        Terms with fewer occurrences in target + reference are left out.
    max_terms : int
        Points plotted: the most distinctive terms (see ``kwic_terms``) and then the most frequent.
    labels : int
        Terms named on the plot on each side (highest and lowest z).
    kwic_terms : int
        Terms on each side whose KWIC lines are embedded (clicking another term shows its
        statistics only).
    kwic_lines : int
        Lines per term and side (seeded sample, one per article first).
    window : int
        Words of context on each side of a KWIC match.
    stopwords : bool or iterable of str
        As in :func:`toolkit.keyness`.
    prior : "corpus" or float
        The log-odds prior (:func:`toolkit.log_odds`).
    seed : int
        Seed of the KWIC sample.
    title : str, optional
        Page title (default: "<target> vs <reference>").

    Returns
    -------
    TermExplorer
        ``.terms`` (the plotted terms and their statistics), ``.lines`` (embedded KWIC lines),
        ``.path`` (file written), ``.html()``; displayed in a notebook as the interactive figure.

    Raises
    ------
    ParameterError
        As :func:`toolkit.keyness` (unknown column or values), or an invalid option.

    References
    ----------
    Monroe, Colaresi & Quinn (2008) for the log-odds z (y axis); Kessler (2017), Scattertext, for
    the layout; Rayson & Garside (2000) G2, Hardie (2014) Log Ratio, Gries (2008) DP in the panel.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "doc_id": list("abcd"), "text": [
    ...     "war war talks", "war and peace", "peace talks now", "peace and talks"]})
    >>> te = toolkit.term_explorer(arts, "A", min_freq=1)
    >>> te.terms[["term", "freq_target", "freq_reference"]].head(2).values.tolist()
    [['war', 3, 0], ['and', 1, 1]]
    >>> sorted(te.lines.query("term == 'war'")["match"])
    ['war', 'war', 'war']
    """
    from toolkit import keyness, log_odds

    check_columns(articles, ["doc_id", "text", by])
    for name, value in (("max_terms", max_terms), ("labels", labels), ("kwic_terms", kwic_terms),
                        ("kwic_lines", kwic_lines), ("window", window)):
        check_positive_int(name, value, minimum=0 if name in ("labels", "kwic_terms") else 1)
    key = keyness(articles, target, reference=reference, by=by, min_freq=min_freq, stopwords=stopwords)
    odds = log_odds(articles, target, reference=reference, by=by, min_freq=min_freq, stopwords=stopwords,
                    prior=prior)
    if not len(odds):
        raise ParameterError(f"no term occurs at least min_freq = {min_freq} times in target and reference")
    targets = _as_list(target)
    refs = None if reference is None else _as_list(reference)
    table = choose_terms(term_table(key, odds), max_terms=max_terms, labels=labels, kwic_terms=kwic_terms)
    sides = articles[by].isin(targets) | (articles[by].notna() if refs is None else articles[by].isin(refs))
    lines = _kwic_lines(articles, table.loc[table["kwic"]], by, targets, sides.to_numpy(),
                        window=window, per_side=kwic_lines, seed=seed)
    t_label = ", ".join(map(str, targets))
    r_label = "all other articles" if refs is None else ", ".join(map(str, refs))
    payload = _payload(table, lines, by=by, target=t_label, reference=r_label, kwic_terms=kwic_terms,
                       title=title or f"{t_label} vs {r_label}")
    result = TermExplorer(table, lines, payload, parameters={
        "target": targets, "reference": refs or "rest", "by": by, "min_freq": min_freq, "max_terms": max_terms,
        "kwic_terms": kwic_terms, "kwic_lines": kwic_lines, "window": window, "prior": prior, "seed": seed})
    if path is not None:
        result.save(path)
    return result


def _payload(table: pd.DataFrame, lines: pd.DataFrame, *, by: str, target: str, reference: str,
             kwic_terms: int, title: str) -> dict:
    records = [{k: _round(v) for k, v in row.items()} for row in table[_COLUMNS].to_dict("records")]
    kwic_map: dict[str, dict[str, list]] = {}
    for row in lines.itertuples(index=False):
        date = "" if pd.isna(row.date) else pd.Timestamp(row.date).strftime("%Y-%m-%d")
        group = getattr(row, by) if by in lines.columns else ""
        kwic_map.setdefault(row.term, {"target": [], "reference": []})[row.side].append(
            [str(group), date, row.left, row.match, row.right])
    initial = next((r["term"] for r in records if r["kwic"]), None)
    tooltip = [{"field": "term", "type": "nominal", "title": "term"}] + [
        {"field": f, "type": "quantitative", "title": label, "format": fmt} for f, label, fmt in FIELDS]
    x = {"field": "freq", "type": "quantitative", "scale": {"type": "log"},
         "title": "frequency in target + reference (log scale)"}
    y = {"field": "z", "type": "quantitative", "title": f"log-odds z: ↑ {target} · ↓ {reference}"}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 620, "height": 520,
        "datasets": {"terms": records},
        "data": {"name": "terms"},
        "params": [{"name": "chosen", "value": initial or ""}],
        "layer": [
            {"mark": {"type": "rule", "color": "#999", "strokeDash": [4, 4]}, "encoding": {"y": {"datum": 0}}},
            # the chosen term's ring, under the points so that they keep the pointer
            {"transform": [{"filter": "datum.term === chosen"}],
             "mark": {"type": "point", "size": 260, "strokeWidth": 2.5, "color": "#e66100", "cursor": "pointer"},
             "encoding": {"x": x, "y": y, "tooltip": tooltip}},
            {"mark": {"type": "point", "filled": True, "size": 36, "opacity": 0.75, "cursor": "pointer"},
             "encoding": {"x": x, "y": y, "tooltip": tooltip,
                          "color": {"field": "z", "type": "quantitative", "legend": None,
                                    "scale": {"scheme": "redblue", "domainMid": 0, "reverse": True}}}},
            {"transform": [{"filter": "datum.label"}],
             "mark": {"type": "text", "dy": -9, "fontSize": 11, "cursor": "pointer"},
             "encoding": {"x": x, "y": y, "text": {"field": "term"}, "tooltip": tooltip}},
        ],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12, "titleLimit": 480}},
    }
    note = (f"{len(records):,} terms by {by}: {target} (target) vs {reference}. x: frequency; y: weighted "
            f"log-odds z with an informative Dirichlet prior (Monroe et al. 2008): above 0 typical of the "
            f"target, below of the reference. Lines in context are embedded for the {kwic_terms} most "
            f"distinctive terms on each side.")
    return {"spec": spec, "kwic": kwic_map, "fields": [list(f) for f in FIELDS], "title": title, "note": note,
            "labels": {"target": target, "reference": reference}, "kwicTerms": kwic_terms, "initial": initial}
