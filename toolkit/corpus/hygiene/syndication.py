"""Syndicated copy: duplicate clusters that span outlets, and the likely original of each cluster.

A cluster of :func:`~toolkit.corpus.hygiene.duplicates.find_duplicates` that holds articles of more
than one outlet is *syndicated* (wire copy, a column run by several papers, one outlet under two
names). Its likely original is, in this order:

1. an article of a wire service's own outlet (``Associated Press``, ``Reuters``, ``AFP``, ``UPI``);
2. the earliest dated article (undated articles come last); on the same date, one with a wire
   byline first, then the first in the table's order.

A *wire byline* is a dateline such as ``WASHINGTON (AP) —`` or ``(Reuters) -`` in the first 300
characters, a credit line such as "The Associated Press contributed to this report", or the wire's
name in an ``authors`` column. The cluster's ``origin`` is the wire named by the original or, when
it names none, by most members that name one; otherwise the original's outlet.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from toolkit.errors import check_columns

__all__ = ["find_syndication", "wire_bylines", "WIRES", "SYNDICATION_COLUMNS"]

#: Wire services: the outlet names they appear under, and how their byline reads in a text.
WIRES: dict[str, dict[str, object]] = {
    "AP": {"outlets": ("associated press", "the associated press", "ap"),
           "text": r"\((?:AP|The Associated Press)\)\s*[-—–]|\bThe Associated Press contributed\b|^\s*By (?:The )?Associated Press\b",
           "authors": r"\bAssociated Press\b|^\s*AP\s*$"},
    "Reuters": {"outlets": ("reuters",),
                "text": r"\(Reuters\)\s*[-—–]|\bReuters contributed\b|\(Reporting by\b",
                "authors": r"\bReuters\b"},
    "AFP": {"outlets": ("afp", "agence france-presse", "agence france presse"),
            "text": r"\((?:AFP|Agence France-Presse)\)\s*[-—–]|\bAFP contributed\b",
            "authors": r"\bAFP\b|\bAgence France-Presse\b"},
    "UPI": {"outlets": ("upi", "united press international"),
            "text": r"\(UPI\)\s*[-—–]|\bUPI contributed\b",
            "authors": r"\bUPI\b|\bUnited Press International\b"},
}
SYNDICATION_COLUMNS = ["cluster", "doc_id", "outlet", "date", "title", "cluster_size", "cluster_outlets",
                       "syndicated", "original", "wire", "origin", "evidence", "best_jaccard"]
_HEAD = 300


def wire_bylines(articles: pd.DataFrame) -> pd.Series:
    """The wire service each article names in its byline, dateline or credits (``""`` for none).

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["X", "Y", "Reuters"],
    ...                      "text": ["WASHINGTON (AP) — The Senate voted.", "The vote was close.", "The vote."]})
    >>> wire_bylines(arts).tolist()
    ['AP', '', 'Reuters']
    """
    check_columns(articles, ["outlet", "text"])
    outlets = articles["outlet"].astype(str).str.strip().str.lower()
    texts = articles["text"].astype(str)
    head = texts.str.slice(0, _HEAD)
    tail = texts.str.slice(-_HEAD)
    authors = articles["authors"].fillna("").astype(str) if "authors" in articles.columns else None
    out = pd.Series("", index=articles.index, dtype=object)
    for name, spec in reversed(list(WIRES.items())):  # the first wire listed wins where several match
        rx = re.compile(str(spec["text"]), re.MULTILINE)
        hit = outlets.isin(spec["outlets"]) | head.str.contains(rx) | tail.str.contains(rx)
        if authors is not None:
            hit |= authors.str.contains(re.compile(str(spec["authors"]), re.IGNORECASE))
        out[hit.to_numpy()] = name
    return out


def _wire_outlet(outlets: pd.Series) -> np.ndarray:
    low = outlets.astype(str).str.strip().str.lower()
    return low.isin([o for spec in WIRES.values() for o in spec["outlets"]]).to_numpy()


def find_syndication(articles: pd.DataFrame, pairs: pd.DataFrame, *, wires: pd.Series | None = None) -> pd.DataFrame:
    """One row per article in a duplicate cluster: is the cluster syndicated, which is the original.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``outlet``, ``text``; ``date``, ``title`` and ``authors`` when
        present).
    pairs : DataFrame
        :func:`toolkit.find_duplicates` on these articles.
    wires : Series, optional
        The wire named by each article, indexed by ``doc_id`` (as :func:`wire_bylines` gives it);
        computed for the cluster members when omitted (:func:`toolkit.clean` passes the bylines
        of the texts before boilerplate removal, since credit lines are boilerplate).

    Returns
    -------
    DataFrame
        Sorted by ``cluster``, the original first, then table order:

        - ``cluster`` (int64), ``doc_id``, ``outlet``, ``date``, ``title``
        - ``cluster_size`` (int64): articles in the cluster; ``cluster_outlets`` (int64): outlets
        - ``syndicated`` (bool): the cluster spans more than one outlet
        - ``original`` (bool): the likely original (one per cluster; see the module docstring)
        - ``wire`` (str): the wire this article names (``""`` for none)
        - ``origin`` (str): the cluster's wire, or the original's outlet
        - ``evidence`` (str): why the original was chosen (``wire outlet``, ``earliest date``,
          ``same date, wire byline``, ``same date, table order``, ``no dates, table order``)
        - ``best_jaccard`` (float): the article's highest Jaccard similarity within the cluster

    Examples
    --------
    >>> arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...     "date": pd.to_datetime(["2020-01-02", "2020-01-01", None]),
    ...     "text": ["Story.", "WASHINGTON (AP) — Story.", "Other."]})
    >>> pairs = pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["b"], "jaccard": [0.9], "cluster": [0]})
    >>> find_syndication(arts, pairs)[["doc_id", "original", "wire", "origin", "evidence"]].values.tolist()
    [['b', True, 'AP', 'AP', 'earliest date'], ['a', False, '', 'AP', 'earliest date']]
    """
    check_columns(articles, ["doc_id", "outlet", "text"])
    check_columns(pairs, ["doc_id_a", "doc_id_b", "jaccard", "cluster"], what="pairs")
    ids = articles["doc_id"].astype(str)
    pos = pd.Series(np.arange(len(articles)), index=ids.to_numpy())
    long = pd.concat([pairs[["doc_id_a", "cluster", "jaccard"]].set_axis(["doc_id", "cluster", "jaccard"], axis=1),
                      pairs[["doc_id_b", "cluster", "jaccard"]].set_axis(["doc_id", "cluster", "jaccard"], axis=1)])
    members = long.groupby(["cluster", "doc_id"], sort=False)["jaccard"].max().rename("best_jaccard").reset_index()
    rows = pos[members["doc_id"].astype(str).to_numpy()].to_numpy()
    if wires is None:
        wire_of = wire_bylines(articles.iloc[rows]).to_numpy()
    else:
        wire_of = pd.Series(wires).reindex(ids.to_numpy()[rows]).fillna("").to_numpy()
    dates = (pd.to_datetime(articles["date"], errors="coerce") if "date" in articles.columns
             else pd.Series(pd.NaT, index=articles.index))
    m = pd.DataFrame({
        "cluster": members["cluster"].astype("int64").to_numpy(), "doc_id": ids.to_numpy()[rows],
        "outlet": articles["outlet"].astype(str).to_numpy()[rows], "date": dates.to_numpy()[rows],
        "title": (articles["title"].astype(str).to_numpy()[rows] if "title" in articles.columns else ""),
        "wire": np.asarray(wire_of, dtype=object), "best_jaccard": members["best_jaccard"].to_numpy(),
        "_row": rows, "_wire_outlet": _wire_outlet(articles["outlet"])[rows],
    })
    m["_has_wire"] = m["wire"] != ""
    m["_nat"] = m["date"].isna()
    m = m.sort_values(["cluster", "_wire_outlet", "_nat", "date", "_has_wire", "_row"],
                      ascending=[True, False, True, True, False, True], kind="mergesort")
    first = ~m.duplicated("cluster")
    m["original"] = first.to_numpy()
    grp = m.groupby("cluster", sort=False)
    m["cluster_size"] = grp["doc_id"].transform("size").astype("int64")
    m["cluster_outlets"] = grp["outlet"].transform("nunique").astype("int64")
    m["syndicated"] = m["cluster_outlets"] > 1
    orig = m[m["original"]].set_index("cluster")
    second = m[~m["original"]].drop_duplicates("cluster").set_index("cluster")
    evidence = pd.Series("earliest date", index=orig.index, dtype=object)
    evidence[orig["_wire_outlet"]] = "wire outlet"
    tie = second.reindex(orig.index)
    same = ~orig["_wire_outlet"] & (orig["date"] == tie["date"]).fillna(False)
    evidence[same & orig["_has_wire"] & ~tie["_has_wire"].fillna(False).astype(bool)] = "same date, wire byline"
    evidence[same & ~(orig["_has_wire"] & ~tie["_has_wire"].fillna(False).astype(bool))] = "same date, table order"
    evidence[~orig["_wire_outlet"] & orig["_nat"]] = "no dates, table order"
    named = m[m["_has_wire"]].groupby("cluster")["wire"].agg(lambda s: s.value_counts().index[0])
    origin = orig["wire"].where(orig["_has_wire"], named.reindex(orig.index)).fillna(orig["outlet"])
    m["evidence"] = m["cluster"].map(evidence)
    m["origin"] = m["cluster"].map(origin)
    out = m[SYNDICATION_COLUMNS].reset_index(drop=True)
    return out.astype({"cluster": "int64", "best_jaccard": float, "syndicated": bool, "original": bool})
