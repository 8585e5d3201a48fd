"""``clean``: a corpus with boilerplate removed and duplicates set aside, and the audit of both.

Order of the steps: outlet names are merged (``outlets=``), boilerplate is removed, then
duplicates are found on the cleaned texts (so that shared boilerplate cannot make two articles
look alike) and all but one article of each cluster are set aside. Nothing disappears silently:
every removed span and every set-aside article is in ``attrs["cleaning"]``, and
:func:`cleaning_summary` turns it into a table for a report.

Offsets after cleaning. The cleaned ``text`` is the original without the removed paragraphs (and
spans), its paragraphs still separated by one blank line. Offsets computed on a cleaned corpus
(``hits``, ``quotes``, ``kwic``, sentence spans) refer to the cleaned text; the removed spans in
``attrs["cleaning"]["spans"]`` refer to the original text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.corpus.hygiene.boilerplate import (EXAMPLES, MIN_ARTICLES, MIN_OUTLET_ARTICLES, MIN_SHARE, _check,
                                                _detect, _spans)
from toolkit.corpus.hygiene.duplicates import NUM_PERM, SHINGLE, THRESHOLD, _check_threshold, pairs_from_shingles
from toolkit.corpus.hygiene.shingles import shingles, token_sequences
from toolkit.corpus.hygiene.syndication import find_syndication, wire_bylines
from toolkit.errors import ParameterError, check_choice, check_columns

__all__ = ["clean", "cleaning_summary", "CleaningReport", "DUPLICATE_POLICIES", "SET_ASIDE_COLUMNS"]

DUPLICATE_POLICIES = ("keep-first", "keep-per-outlet", "drop-syndicated", "keep")
SET_ASIDE_COLUMNS = ["doc_id", "outlet", "reason", "cluster", "kept", "jaccard", "excerpt"]
EXCERPT_CHARS = 80
NOTE = ("Offsets (hits, quotes, kwic, sentence spans) computed on this corpus refer to the cleaned text; "
        "the removed spans in attrs['cleaning']['spans'] refer to the original text.")


@dataclass
class CleaningReport:
    """What :func:`clean` did; read it like a dict (``report["spans"]``).

    Keys: ``parameters`` (dict), ``counts`` (dict), ``outlets`` (the mapping applied),
    ``by_outlet`` (one row per outlet: ``outlet``, ``articles_in``, ``articles_changed``, ``spans``,
    ``chars_in``, ``chars_removed``, ``share_removed`` (of the outlet's characters),
    ``set_aside``, ``articles_out``; sorted by ``articles_in`` descending),
    ``boilerplate`` (the :func:`~toolkit.find_boilerplate` table used), ``spans`` (removed spans:
    ``doc_id``, ``start``, ``end`` in the original text, ``kind``, ``rule``, ``text``),
    ``duplicates`` (the :func:`~toolkit.find_duplicates` pairs), ``clusters`` (the
    :func:`~toolkit.find_syndication` table), ``set_aside`` (articles set aside: ``doc_id``,
    ``outlet``, ``reason``, ``cluster``, ``kept`` (the article kept in its place), ``jaccard``,
    ``excerpt``) and ``note`` (what offsets on the cleaned corpus refer to).

    Copying a DataFrame copies its ``attrs``; this report is shared, not copied (it is not
    changed after ``clean``), so that carrying it costs nothing.
    """

    parameters: dict
    counts: dict
    outlets: dict
    by_outlet: pd.DataFrame
    boilerplate: pd.DataFrame
    spans: pd.DataFrame
    duplicates: pd.DataFrame
    clusters: pd.DataFrame
    set_aside: pd.DataFrame
    note: str = NOTE
    _keys: tuple = field(default=("parameters", "counts", "outlets", "by_outlet", "boilerplate", "spans",
                                  "duplicates", "clusters", "set_aside", "note"), repr=False)

    def __getitem__(self, key: str):
        if key not in self._keys:
            raise KeyError(key)
        return getattr(self, key)

    def keys(self) -> tuple:
        return self._keys

    def __deepcopy__(self, memo):
        return self

    def __repr__(self) -> str:
        c = self.counts
        return (f"CleaningReport({c['articles_in']} articles in, {c['articles_out']} out, {c['set_aside']} set aside; "
                f"{c['boilerplate_spans']} boilerplate spans removed from {c['articles_changed']} articles)")


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _excerpt(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _remove(texts: list[str], spans: pd.DataFrame) -> list[str]:
    """Texts without the spans; the paragraphs that remain are joined by one blank line."""
    out = list(texts)
    if not len(spans):
        return out
    docs = spans["doc"].to_numpy()
    starts, ends = spans["start"].to_numpy(), spans["end"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1], True])
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        d = int(docs[lo])
        text, pos, kept = texts[d], 0, []
        for a, b in zip(starts[lo:hi].tolist(), ends[lo:hi].tolist()):
            kept.append(text[pos:a])
            pos = max(pos, b)
        kept.append(text[pos:])
        # A removed paragraph leaves its two separators: fold them (and strip the ends); a span cut
        # out of a paragraph may leave spaces at a break, which the slower general rule handles.
        joined = _RUNS.sub("\n\n", "".join(kept)).strip()
        if " \n" in joined or "\n " in joined:
            joined = "\n\n".join(p.strip() for p in _BREAK.split(joined) if p.strip())
        out[d] = joined
    return out


_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_RUNS = re.compile(r"\n\n\n+")


def clean(articles: pd.DataFrame, *, boilerplate=True, duplicates: str | None = "keep-first",
          threshold: float = THRESHOLD, shingle: int = SHINGLE, outlets: Mapping[str, str] | None = None,
          min_share: float = MIN_SHARE, min_articles: int = MIN_ARTICLES,
          min_outlet_articles: int = MIN_OUTLET_ARTICLES, patterns=True) -> pd.DataFrame:
    """A cleaned copy of the corpus: boilerplate removed, duplicates set aside, everything audited.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``outlet``, ``text``; ``date`` to find originals).
    boilerplate : bool or DataFrame, default True
        True: remove what :func:`~toolkit.find_boilerplate` finds (with ``min_share``,
        ``min_articles``, ``min_outlet_articles``, ``patterns``); a DataFrame: remove exactly the
        rows of that table (e.g. one you filtered); False: keep the texts as they are.
    duplicates : {"keep-first", "keep-per-outlet", "drop-syndicated", "keep"} or None, default "keep-first"
        What to do with the clusters of :func:`~toolkit.find_duplicates`: keep only the likely
        original of each cluster (:func:`~toolkit.find_syndication`); keep the first (most likely
        original) of each outlet in each cluster; set aside every article of a syndicated cluster
        and all but the first of the others; keep every article (the columns below still say which
        cluster each is in). None skips duplicate detection.
    threshold, shingle : float, int
        Passed to :func:`~toolkit.find_duplicates` (Jaccard 0.3 on 3-word shingles).
    outlets : mapping, optional
        Merge outlet names first, e.g. ``find_outlet_aliases(articles).attrs["mapping"]``.
    min_share, min_articles, min_outlet_articles, patterns
        Passed to :func:`~toolkit.find_boilerplate`.

    Returns
    -------
    DataFrame
        The articles kept, in their order, with every column; ``text`` cleaned; when duplicates
        are looked for, two more columns: ``cluster`` (Int64, <NA> outside any cluster) and
        ``syndicated`` (bool: the article's cluster spans outlets). ``attrs`` keeps the input's
        (``provenance``, ``rejects``) and adds ``set_aside`` (the articles set aside, listed like
        the loader's rejects: ``doc_id``, ``outlet``, ``reason``, ``cluster``, ``kept``,
        ``jaccard``, ``excerpt``) and ``cleaning`` (a :class:`CleaningReport`). Offsets on the
        cleaned corpus refer to the cleaned text (see the module docstring).

    Raises
    ------
    ParameterError
        A missing column, duplicate ``doc_id`` values, an unknown ``duplicates`` policy, a
        ``boilerplate`` that is not a bool or a table, or an invalid threshold.

    Examples
    --------
    >>> import pandas as pd
    >>> story = "The senate passed the budget bill on Tuesday after a long debate over border security."
    >>> arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...     "date": pd.to_datetime(["2020-01-02", "2020-01-01", "2020-01-03"]),
    ...     "text": [story + "\\n\\nCLICK HERE TO GET THE APP", story, "Trade talks resumed in Geneva."]})
    >>> cleaned = clean(arts)
    >>> cleaned[["doc_id", "cluster", "syndicated"]].values.tolist()
    [['b', 0, True], ['c', <NA>, False]]
    >>> cleaned.attrs["set_aside"][["doc_id", "reason", "kept"]].values.tolist()
    [['a', 'duplicate (keep-first)', 'b']]
    >>> cleaning_summary(cleaned)[["step", "what", "count"]].values.tolist()[:3]
    [['input', 'articles', 3], ['boilerplate', 'spans removed', 1], ['boilerplate', 'articles changed', 1]]
    """
    check_columns(articles, ["doc_id", "outlet", "text"])
    if articles["doc_id"].duplicated().any():
        dup = articles["doc_id"][articles["doc_id"].duplicated()].iloc[0]
        raise ParameterError(f"articles has duplicate doc_id values (e.g. {dup!r}); doc_id must be unique")
    if duplicates is not None:
        check_choice("duplicates", duplicates, DUPLICATE_POLICIES)
    if not (isinstance(boilerplate, bool) or isinstance(boilerplate, pd.DataFrame)):
        raise ParameterError("`boilerplate` must be True, False or a find_boilerplate table, "
                             f"not {type(boilerplate).__name__}")
    if outlets is not None and not isinstance(outlets, Mapping):
        raise ParameterError(f"`outlets` must be a mapping of outlet names to names, not {type(outlets).__name__}")
    _check_threshold(threshold)
    _check(articles, min_share, min_articles, min_outlet_articles, EXAMPLES)

    attrs = dict(articles.attrs)
    out = articles.copy()
    out.attrs = {}
    mapping = {str(k): str(v) for k, v in (outlets or {}).items()}
    if mapping:
        merged = out["outlet"].astype(str).map(lambda o: mapping.get(o, o))
        out["outlet"] = merged.astype("category") if isinstance(articles["outlet"].dtype, pd.CategoricalDtype) else merged
    n_in = len(out)
    original = out["text"].astype(str).tolist()

    # 1. Boilerplate.
    if boilerplate is False:
        table, spans = _empty(["outlet", "kind", "rule"]), _empty(["doc_id", "start", "end", "kind", "rule", "text"])
        texts = original
    else:
        found, pars, pats = _detect(out, patterns=patterns, min_share=min_share, min_articles=min_articles,
                                    min_outlet_articles=min_outlet_articles, examples=EXAMPLES)
        if isinstance(boilerplate, pd.DataFrame):
            check_columns(boilerplate, ["outlet", "kind", "rule", "key"], what="boilerplate")
            table = boilerplate
        else:
            table = found
        spans = _spans(out, table, pars, pats)
        texts = _remove(original, spans)
        spans = spans.drop(columns="doc")
    out["text"] = texts
    changed = np.array([a != b for a, b in zip(original, texts)], dtype=bool)
    emptied = np.array([not t.strip() for t in texts], dtype=bool)

    set_aside = []
    for i in np.flatnonzero(emptied):
        set_aside.append({"doc_id": str(out["doc_id"].iloc[i]), "outlet": str(out["outlet"].iloc[i]),
                          "reason": "empty after boilerplate removal", "cluster": pd.NA, "kept": "",
                          "jaccard": np.nan, "excerpt": _excerpt(original[i])})
    keep = ~emptied

    # 2. Duplicates, on the cleaned texts of the articles still there.
    pairs, clusters = _empty(["doc_id_a", "doc_id_b"]), _empty(["cluster", "doc_id"])
    if duplicates is not None:
        live = np.flatnonzero(keep)
        sub = out.iloc[live]
        sh = shingles(token_sequences(sub["text"].tolist()), shingle)
        pairs = pairs_from_shingles(sub, sh, threshold=threshold, num_perm=NUM_PERM)
        members = pd.unique(pd.concat([pairs["doc_id_a"], pairs["doc_id_b"]]).astype(str))
        orig = pd.DataFrame({"outlet": out["outlet"].astype(str).to_numpy(), "text": original},
                            index=out["doc_id"].astype(str).to_numpy())
        if "authors" in out.columns:
            orig["authors"] = out["authors"].to_numpy()
        wires = wire_bylines(orig.loc[members]) if len(members) else pd.Series(dtype=object)
        clusters = find_syndication(sub, pairs, wires=wires)
        aside = _policy(clusters, duplicates)
        best = _jaccard_to_kept(pairs, aside)
        pos = pd.Series(np.arange(len(out)), index=out["doc_id"].astype(str).to_numpy())
        for r in aside.itertuples(index=False):
            i = int(pos[r.doc_id])
            set_aside.append({"doc_id": r.doc_id, "outlet": r.outlet, "reason": f"duplicate ({duplicates})",
                              "cluster": int(r.cluster), "kept": r.kept, "jaccard": best.get((r.doc_id, r.kept), np.nan),
                              "excerpt": _excerpt(texts[i])})
            keep[i] = False
        cl = clusters.set_index("doc_id")
        ids = out["doc_id"].astype(str)
        out["cluster"] = pd.array(ids.map(cl["cluster"]).to_numpy(), dtype="Int64")
        out["syndicated"] = ids.isin(cl.index[cl["syndicated"]]).to_numpy()

    result = out[keep].reset_index(drop=True)
    aside_table = pd.DataFrame(set_aside, columns=SET_ASIDE_COLUMNS).astype({"cluster": "Int64", "jaccard": float})
    counts = {
        "articles_in": n_in, "articles_out": len(result), "set_aside": len(aside_table),
        "boilerplate_spans": len(spans), "articles_changed": int(changed.sum()),
        "chars_removed": int(sum(len(a) - len(b) for a, b in zip(original, texts))),
        "chars_in": int(sum(map(len, original))), "emptied": int(emptied.sum()),
        "duplicate_pairs": len(pairs), "clusters": int(clusters["cluster"].nunique()) if len(clusters) else 0,
        "syndicated_clusters": int(clusters.loc[clusters["syndicated"], "cluster"].nunique()) if len(clusters) else 0,
        "duplicates_set_aside": int((aside_table["reason"] != "empty after boilerplate removal").sum()),
        "outlets_merged": len(mapping),
    }
    parameters = {"boilerplate": "table" if isinstance(boilerplate, pd.DataFrame) else boilerplate,
                  "duplicates": duplicates, "threshold": threshold, "shingle": shingle, "num_perm": NUM_PERM,
                  "min_share": min_share, "min_articles": min_articles, "min_outlet_articles": min_outlet_articles,
                  "patterns": table.attrs.get("parameters", {}).get("patterns", []) if boilerplate is not False else []}
    by_outlet = _by_outlet(out["outlet"].astype(str).to_numpy(), original, texts, changed, spans, keep,
                           out["doc_id"].astype(str).to_numpy(), aside_table)
    report = CleaningReport(parameters, counts, mapping, by_outlet, table, spans, pairs, clusters, aside_table)
    result.attrs = {**attrs, "set_aside": aside_table, "cleaning": report}
    return result


def _by_outlet(outlets, original, texts, changed, spans, keep, ids, aside) -> pd.DataFrame:
    frame = pd.DataFrame({"outlet": outlets, "chars_in": [len(t) for t in original],
                          "chars_out": [len(t) for t in texts], "changed": changed, "kept": keep})
    n_spans = pd.Series(ids).map(spans["doc_id"].value_counts()).fillna(0).astype("int64") if len(spans) else 0
    frame["spans"] = n_spans
    g = frame.groupby("outlet", sort=False)
    out = pd.DataFrame({
        "articles_in": g.size(), "articles_changed": g["changed"].sum(), "spans": g["spans"].sum(),
        "chars_in": g["chars_in"].sum(), "chars_removed": g["chars_in"].sum() - g["chars_out"].sum(),
        "set_aside": g["kept"].size() - g["kept"].sum(), "articles_out": g["kept"].sum(),
    }).reset_index()
    out["share_removed"] = out["chars_removed"] / out["chars_in"].clip(lower=1)
    out = out[["outlet", "articles_in", "articles_changed", "spans", "chars_in", "chars_removed", "share_removed",
               "set_aside", "articles_out"]]
    out = out.sort_values(["articles_in", "outlet"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return out.astype({c: "int64" for c in ["articles_in", "articles_changed", "spans", "chars_in", "chars_removed",
                                            "set_aside", "articles_out"]})


def _policy(clusters: pd.DataFrame, policy: str) -> pd.DataFrame:
    """Members of ``clusters`` set aside under ``policy``, with the article kept in their place."""
    if not len(clusters) or policy == "keep":
        return pd.DataFrame({"doc_id": [], "outlet": [], "cluster": [], "kept": []})
    c = clusters.copy()
    originals = c[c["original"]].set_index("cluster")["doc_id"]
    first_of_outlet = c.drop_duplicates(["cluster", "outlet"]).set_index(["cluster", "outlet"])["doc_id"]
    c["first_of_outlet"] = list(zip(c["cluster"], c["outlet"]))
    c["first_of_outlet"] = c["first_of_outlet"].map(first_of_outlet)
    if policy == "keep-first":
        aside = c[~c["original"]].assign(kept=lambda d: d["cluster"].map(originals))
    elif policy == "keep-per-outlet":
        aside = c[c["doc_id"] != c["first_of_outlet"]].assign(kept=lambda d: d["first_of_outlet"])
    else:  # drop-syndicated
        synd = c[c["syndicated"]].assign(kept="")
        rest = c[~c["syndicated"] & ~c["original"]].assign(kept=lambda d: d["cluster"].map(originals))
        aside = pd.concat([synd, rest]).sort_index()
    return aside[["doc_id", "outlet", "cluster", "kept"]]


def _jaccard_to_kept(pairs: pd.DataFrame, aside: pd.DataFrame) -> dict:
    if not len(pairs):
        return {}
    j = dict(zip(zip(pairs["doc_id_a"], pairs["doc_id_b"]), pairs["jaccard"]))
    j.update({(b, a): v for (a, b), v in list(j.items())})
    return {(d, k): j[(d, k)] for d, k in zip(aside["doc_id"], aside["kept"]) if (d, k) in j}


def cleaning_summary(cleaned: pd.DataFrame) -> pd.DataFrame:
    """What :func:`clean` did, as a tidy table for a report.

    Parameters
    ----------
    cleaned : DataFrame
        A corpus returned by :func:`clean`.

    Returns
    -------
    DataFrame
        One row per figure: ``step`` (``input``, ``outlets``, ``boilerplate``, ``duplicates``,
        ``output``), ``what`` (str), ``count`` (int64), ``share`` (float: of the input's articles,
        or of its characters for ``characters removed``; NaN where it does not apply) and ``detail``
        (str: thresholds, rules, policy).

    Raises
    ------
    ParameterError
        If ``cleaned`` does not carry ``attrs["cleaning"]``.
    """
    report = cleaned.attrs.get("cleaning") if isinstance(cleaned, pd.DataFrame) else None
    if report is None:
        raise ParameterError("`cleaned` has no attrs['cleaning']: pass a corpus returned by toolkit.clean()")
    c, p = report["counts"], report["parameters"]
    n = c["articles_in"] or 1
    spans = report["spans"]
    rules = (spans["rule"].value_counts().head(5) if len(spans) else pd.Series(dtype="int64"))
    rows = [
        ("input", "articles", c["articles_in"], 1.0, ""),
        ("boilerplate", "spans removed", c["boilerplate_spans"], np.nan,
         ", ".join(f"{r} {k}" for r, k in rules.items()) if len(rules) else "off" if p["boilerplate"] is False else ""),
        ("boilerplate", "articles changed", c["articles_changed"], c["articles_changed"] / n,
         f"repeated in >= {p['min_share']:.0%} and >= {p['min_articles']} articles of an outlet "
         f"(outlets of >= {p['min_outlet_articles']} articles); {len(p['patterns'])} generic patterns"),
        ("boilerplate", "characters removed", c["chars_removed"], c["chars_removed"] / max(c["chars_in"], 1), ""),
        ("boilerplate", "articles emptied and set aside", c["emptied"], c["emptied"] / n, ""),
        ("duplicates", "pairs", c["duplicate_pairs"], np.nan,
         f"Jaccard >= {p['threshold']} on {p['shingle']}-word shingles" if p["duplicates"] else "off"),
        ("duplicates", "clusters", c["clusters"], np.nan, ""),
        ("duplicates", "syndicated clusters (across outlets)", c["syndicated_clusters"], np.nan, ""),
        ("duplicates", "articles set aside", c["duplicates_set_aside"], c["duplicates_set_aside"] / n,
         f"policy {p['duplicates']}" if p["duplicates"] else ""),
        ("output", "articles", c["articles_out"], c["articles_out"] / n, report["note"]),
    ]
    if c["outlets_merged"]:
        rows.insert(1, ("outlets", "names merged", c["outlets_merged"], np.nan,
                        "; ".join(f"{a} -> {b}" for a, b in report["outlets"].items())))
    out = pd.DataFrame(rows, columns=["step", "what", "count", "share", "detail"])
    return out.astype({"count": "int64", "share": float})
