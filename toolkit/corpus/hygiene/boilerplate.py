"""Boilerplate: paragraphs that are not the article (prompts, captions, credits, page furniture).

Two sources, both per paragraph (paragraphs as :func:`toolkit.text.sentences.paragraph_spans`
splits them: text between blank lines):

**Generic patterns** (``toolkit/data/boilerplate.yml``): regular expressions for what is
boilerplate in any outlet (newsletter prompts, "CLICK HERE ...", photo credits and galleries,
video-player text, copyright and credit lines). Each pattern is documented in that file with
examples it must remove and paragraphs it must leave alone (both are tests). Pass your own file
with ``patterns=path``.

**Repeated paragraphs**, found statistically per outlet: a paragraph (compared lowercased, with
runs of digits as ``0`` and runs of whitespace as one space, so that "Copyright © 2019" and
"© 2020" or "6 years ago" and "7 years ago" are one paragraph) that occurs in at least
``max(min_articles, ceil(min_share * n))`` of the ``n`` articles of its outlet. The defaults
(1% and 5 articles) were read off AllSides: above 1% of an outlet's articles a repeated paragraph
was, in every case looked at, a prompt, sign-off, author bio, section label or caption; below
0.5% real sentences start to appear (repeated quotations, calendars, fact-check verdicts).

Small outlets. Repetition means nothing in an outlet of a handful of articles: a paragraph in 3 of
4 articles may be a quotation the stories share, or the same story scraped twice. Outlets with
fewer than ``min_outlet_articles`` (default 20) articles get only the generic patterns; they are
listed in ``attrs["small_outlets"]``. From 20 articles up the floor of ``min_articles`` (5)
applies, so the smallest outlets need a paragraph in a quarter of their articles.

A paragraph that both matches a pattern and repeats is reported under the pattern. Articles are
counted as they are: an article scraped twice counts twice, but a story would have to be repeated in
1% of an outlet's articles (and 5) for its paragraphs to pass for boilerplate. On AllSides the only
long paragraphs found this way besides prompts and bios are in "The Flip Side", whose scraped pages
carry the quotations of other issues: text that is not the article either.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.corpus.hygiene.paragraphs import Paragraphs as _Paragraphs
from toolkit.corpus.hygiene.paragraphs import match_patterns as _match_patterns
from toolkit.corpus.hygiene.paragraphs import paragraphs as _paragraphs
from toolkit.corpus.hygiene.patterns import PATTERNS_FILE, BoilerplatePattern, load_boilerplate_patterns
from toolkit.errors import ParameterError, check_columns, check_positive_int

__all__ = ["find_boilerplate", "boilerplate_spans", "load_boilerplate_patterns", "BoilerplatePattern",
           "PATTERNS_FILE", "BOILERPLATE_COLUMNS", "SPAN_COLUMNS"]

MIN_SHARE = 0.01
MIN_ARTICLES = 5
MIN_OUTLET_ARTICLES = 20
EXAMPLES = 3
BOILERPLATE_COLUMNS = ["outlet", "kind", "rule", "text", "articles", "share", "paragraphs", "outlet_articles",
                       "examples", "key"]
SPAN_COLUMNS = ["doc_id", "start", "end", "kind", "rule", "text"]


def _check(articles, min_share, min_articles, min_outlet_articles, examples) -> None:
    check_columns(articles, ["doc_id", "outlet", "text"])
    if isinstance(min_share, bool) or not isinstance(min_share, (int, float)) or not 0 < min_share <= 1:
        raise ParameterError(f"`min_share` value = {min_share!r} is invalid; must be a number in (0, 1]")
    check_positive_int("min_articles", min_articles, minimum=2)
    check_positive_int("min_outlet_articles", min_outlet_articles)
    check_positive_int("examples", examples)


def _patterns_of(patterns) -> list[BoilerplatePattern]:
    if patterns is True:
        return load_boilerplate_patterns()
    if patterns is False or patterns is None:
        return []
    if isinstance(patterns, (str, Path)):
        return load_boilerplate_patterns(patterns)
    if isinstance(patterns, (list, tuple)) and all(isinstance(p, BoilerplatePattern) for p in patterns):
        return list(patterns)
    raise ParameterError("`patterns` must be True (the packaged list), False, a pattern file path "
                         f"or a list of BoilerplatePattern, not {type(patterns).__name__}")


@dataclass
class _Outlets:
    """Outlet of every article and every paragraph as integer codes, and articles per outlet."""

    names: np.ndarray      # outlet name per code
    sizes: np.ndarray      # articles per code
    of_par: np.ndarray     # code per paragraph

    @classmethod
    def of(cls, articles: pd.DataFrame, pars: _Paragraphs) -> "_Outlets":
        codes, names = pd.factorize(articles["outlet"].astype(str).to_numpy())
        sizes = np.bincount(codes, minlength=len(names))
        return cls(np.asarray(names, dtype=object), sizes, codes[pars.doc] if len(pars.doc) else codes[:0])

    def codes(self, names) -> np.ndarray:
        lookup = {n: k for k, n in enumerate(self.names)}
        return np.array([lookup.get(str(n), -1) for n in names], dtype=np.int64)


def _detect(articles: pd.DataFrame, *, patterns, min_share, min_articles, min_outlet_articles,
            examples) -> tuple[pd.DataFrame, _Paragraphs, list[BoilerplatePattern]]:
    pats = _patterns_of(patterns)
    pars = _paragraphs(articles["text"].tolist())
    _match_patterns(pars, pats)
    out = _Outlets.of(articles, pars)
    ids = articles["doc_id"].astype(str).to_numpy()
    rows = []
    # Pattern rows: one per (outlet, pattern); a paragraph counts for the first pattern it matches.
    claimed = np.zeros(len(pars.doc), dtype=bool)
    for p in pats:
        mask = pars.hits[p.name] & ~claimed if p.scope == "paragraph" else pars.hits[p.name]
        if p.scope == "paragraph":
            claimed |= mask
        if mask.any():
            for code in np.unique(out.of_par[mask]):
                sel = np.flatnonzero(mask & (out.of_par == code))
                rows.append(_row(pars, sel, out, code, ids, "pattern", p.name, "", examples))
    # Repeated rows: one per (outlet, key) over the outlets big enough.
    big = out.sizes >= min_outlet_articles
    cand = np.flatnonzero(~claimed & big[out.of_par]) if len(out.sizes) else np.zeros(0, dtype=np.int64)
    if len(cand):
        codes, uniques = pars.key_codes
        n_keys = len(uniques)
        # One integer per (outlet, key) and per (article, key): counting is then numpy work.
        group = out.of_par[cand] * n_keys + codes[cand]
        first_in_doc = ~pd.Series(pars.doc[cand] * n_keys + codes[cand]).duplicated().to_numpy()
        groups, support = np.unique(group[first_in_doc], return_counts=True)
        need = np.maximum(min_articles, np.ceil(min_share * out.sizes[groups // n_keys] - 1e-9))
        hit = groups[support >= need]
        if len(hit):
            sel = cand[np.isin(group, hit)]
            sel_group = out.of_par[sel] * n_keys + codes[sel]
            for g in pd.unique(sel_group):
                idx = sel[sel_group == g]
                rows.append(_row(pars, idx, out, int(g // n_keys), ids, "repeated", "repeated",
                                 uniques[int(codes[idx[0]])].as_py(), examples))
    table = pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS)
    table = table.sort_values(["outlet", "articles", "kind", "rule", "key"], ascending=[True, False, True, True, True],
                              kind="mergesort").reset_index(drop=True)
    table = table.astype({"articles": "int64", "paragraphs": "int64", "outlet_articles": "int64", "share": float})
    table.attrs["parameters"] = {"min_share": min_share, "min_articles": min_articles,
                                 "min_outlet_articles": min_outlet_articles,
                                 "patterns": [p.name for p in pats]}
    table.attrs["small_outlets"] = sorted(map(str, out.names[~big]))
    return table, pars, pats


def _row(pars: _Paragraphs, sel: np.ndarray, out: _Outlets, code: int, ids: np.ndarray, kind: str, rule: str,
         key: str, examples: int) -> dict:
    docs = pd.unique(pars.doc[sel])
    counts = pc.value_counts(pars.text.take(pa.array(sel)))  # in order of first appearance
    most = counts.field("values")[int(np.argmax(counts.field("counts").to_numpy()))].as_py()
    n = int(out.sizes[code])
    return {"outlet": str(out.names[code]), "kind": kind, "rule": rule, "text": most,
            "articles": len(docs), "share": len(docs) / n, "paragraphs": len(sel), "outlet_articles": n,
            "examples": ", ".join(ids[docs[:examples]]), "key": key}


def find_boilerplate(articles: pd.DataFrame, *, min_share: float = MIN_SHARE, min_articles: int = MIN_ARTICLES,
                     min_outlet_articles: int = MIN_OUTLET_ARTICLES, patterns=True,
                     examples: int = EXAMPLES) -> pd.DataFrame:
    """Paragraphs that are boilerplate: generic patterns and paragraphs repeated within an outlet.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``outlet``, ``text``).
    min_share : float, default 0.01
        A paragraph repeated in at least this share of its outlet's articles is boilerplate...
    min_articles : int, default 5
        ...and in at least this many articles (the floor for small outlets).
    min_outlet_articles : int, default 20
        Outlets with fewer articles get only the generic patterns (see the module docstring).
    patterns : True, False, path or list of BoilerplatePattern, default True
        The generic patterns: the packaged list (True), none (False), or your own file.
    examples : int, default 3
        How many example ``doc_id`` values to list per row.

    Returns
    -------
    DataFrame
        One row per (outlet, pattern) and per (outlet, repeated paragraph), sorted by outlet, then
        ``articles`` descending:

        - ``outlet`` (str)
        - ``kind`` (str): ``"pattern"`` or ``"repeated"``
        - ``rule`` (str): the pattern's name, or ``"repeated"``
        - ``text`` (str): the paragraph as it most often appears (for a pattern: the most common
          paragraph it matched)
        - ``articles`` (int64): articles of the outlet in which it occurs
        - ``share`` (float): ``articles`` over the outlet's articles
        - ``paragraphs`` (int64): paragraphs matched (an article may repeat one)
        - ``outlet_articles`` (int64): the outlet's articles
        - ``examples`` (str): the first ``examples`` doc_ids, comma-separated
        - ``key`` (str): the comparison key of a repeated paragraph (empty for patterns)

        ``attrs["parameters"]`` holds the thresholds and pattern names; ``attrs["small_outlets"]``
        the outlets below ``min_outlet_articles``. Pass the table (or rows of it) to
        :func:`toolkit.clean` as ``boilerplate=`` to remove exactly those rows.

    Raises
    ------
    ParameterError
        A missing column or an invalid threshold.
    LexiconError
        A pattern file that cannot be read or compiled.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "outlet": "Daily",
    ...     "text": [f"A story about {w}.\\n\\nSign up for our newsletter here."
    ...              for w in ["taxes", "trade", "war", "health", "schools", "roads"]]})
    >>> find_boilerplate(arts, min_outlet_articles=5)[["outlet", "rule", "articles", "share"]].values.tolist()
    [['Daily', 'newsletter', 6, 1.0]]
    >>> arts["text"] = [t.split("\\n")[0] + "\\n\\nThe Daily Ledger, since 1888." for t in arts["text"]]
    >>> find_boilerplate(arts, min_outlet_articles=5)[["rule", "text", "articles"]].values.tolist()
    [['repeated', 'The Daily Ledger, since 1888.', 6]]
    """
    _check(articles, min_share, min_articles, min_outlet_articles, examples)
    table, _, _ = _detect(articles, patterns=patterns, min_share=min_share, min_articles=min_articles,
                          min_outlet_articles=min_outlet_articles, examples=examples)
    return table


# --------------------------------------------------------------------------- spans to remove
def _spans(articles: pd.DataFrame, table: pd.DataFrame, pars: _Paragraphs,
           pats: Sequence[BoilerplatePattern]) -> pd.DataFrame:
    """Character spans (in the articles' texts) that ``table`` removes, one row per span."""
    ids = articles["doc_id"].astype(str).to_numpy()
    texts = articles["text"].tolist()
    out = _Outlets.of(articles, pars)
    by_name = {p.name: p for p in pats}
    removed = np.zeros(len(pars.doc), dtype=bool)
    parts = []
    for name, grp in table[table["kind"] == "pattern"].groupby("rule", sort=False):
        p = by_name.get(name)
        if p is None:
            raise ParameterError(f"boilerplate table names pattern {name!r}, which is not in the patterns used")
        mask = pars.hits[name] & np.isin(out.of_par, out.codes(grp["outlet"].unique())) & ~removed
        if p.scope == "paragraph":
            removed |= mask
            parts.append(pd.DataFrame({"doc": pars.doc[mask], "start": pars.start[mask], "end": pars.end[mask],
                                       "kind": "pattern", "rule": name}))
        else:
            rx = p.compiled()
            rows = [(int(pars.doc[i]), *p.cut(m)) for i in np.flatnonzero(mask)
                    for m in rx.finditer(texts[pars.doc[i]], int(pars.start[i]), int(pars.end[i]))
                    if p.cut(m)[1] > p.cut(m)[0]]
            parts.append(pd.DataFrame(rows, columns=["doc", "start", "end"]).assign(kind="pattern", rule=name))
    rep = table[table["kind"] == "repeated"]
    if len(rep):
        cand = np.flatnonzero(~removed)
        codes, uniques = pars.key_codes
        k = pars.code_of(rep["key"])
        o = out.codes(rep["outlet"])
        ok = ~np.isnan(k) & (o >= 0)
        wanted = o[ok] * len(uniques) + k[ok].astype(np.int64)
        sel = cand[np.isin(out.of_par[cand] * len(uniques) + codes[cand], wanted)]
        removed[sel] = True
        parts.append(pd.DataFrame({"doc": pars.doc[sel], "start": pars.start[sel], "end": pars.end[sel],
                                   "kind": "repeated", "rule": "repeated"}))
    spans = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame({"doc": [], "start": [], "end": [], "kind": [], "rule": []}))
    spans = spans.astype({"doc": "int64", "start": "int64", "end": "int64", "kind": str, "rule": str})
    spans = spans.sort_values(["doc", "start"], kind="mergesort").reset_index(drop=True)
    spans.insert(0, "doc_id", ids[spans["doc"].to_numpy()])
    spans["text"] = pd.Series([texts[d][a:b] for d, a, b in zip(spans["doc"].tolist(), spans["start"].tolist(),
                                                                  spans["end"].tolist())], dtype=object)
    return spans


def boilerplate_spans(articles: pd.DataFrame, table: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """The character spans of each article that a boilerplate table removes.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    table : DataFrame, optional
        A :func:`find_boilerplate` table (or some of its rows); default: find it with ``options``.
    **options
        Passed to :func:`find_boilerplate` (``min_share``, ``patterns``, ...).

    Returns
    -------
    DataFrame
        One row per removed span, sorted by article and offset: ``doc_id`` (str), ``start``,
        ``end`` (int64, offsets into the article's ``text``), ``kind`` (``pattern``/``repeated``),
        ``rule`` (str) and ``text`` (the removed text).

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["The vote passed.\\n\\nAdvertisement"]})
    >>> boilerplate_spans(arts)[["doc_id", "start", "end", "rule"]].values.tolist()
    [['a', 18, 31, 'advertisement']]
    """
    params = {"min_share": MIN_SHARE, "min_articles": MIN_ARTICLES, "min_outlet_articles": MIN_OUTLET_ARTICLES,
              "patterns": True, "examples": EXAMPLES, **options}
    _check(articles, params["min_share"], params["min_articles"], params["min_outlet_articles"], params["examples"])
    found, pars, pats = _detect(articles, **params)
    if table is None:
        table = found
    else:
        check_columns(table, ["outlet", "kind", "rule", "key"], what="table")
    return _spans(articles, table, pars, pats).drop(columns="doc")
