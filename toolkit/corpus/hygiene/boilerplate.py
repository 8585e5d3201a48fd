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

A paragraph that both matches a pattern and repeats is reported under the pattern.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from toolkit.errors import LexiconError, ParameterError, check_columns, check_positive_int
from toolkit.paths import PACKAGE_DIR
from toolkit.text.sentences import paragraph_spans

__all__ = ["find_boilerplate", "boilerplate_spans", "load_boilerplate_patterns", "BoilerplatePattern",
           "PATTERNS_FILE", "BOILERPLATE_COLUMNS", "SPAN_COLUMNS"]

PATTERNS_FILE = PACKAGE_DIR / "data" / "boilerplate.yml"
MIN_SHARE = 0.01
MIN_ARTICLES = 5
MIN_OUTLET_ARTICLES = 20
EXAMPLES = 3
BOILERPLATE_COLUMNS = ["outlet", "kind", "rule", "text", "articles", "share", "paragraphs", "outlet_articles",
                       "examples", "key"]
SPAN_COLUMNS = ["doc_id", "start", "end", "kind", "rule", "text"]
_SCOPES = ("paragraph", "match")


@dataclass(frozen=True)
class BoilerplatePattern:
    """One generic boilerplate pattern (see ``toolkit/data/boilerplate.yml`` for the fields)."""

    name: str
    regex: str
    scope: str = "paragraph"
    max_words: int | None = None
    what: str = ""
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = field(default=())

    def compiled(self) -> re.Pattern:
        return re.compile(self.regex, re.IGNORECASE)

    def matches(self, paragraph: str) -> bool:
        """Whether this pattern removes (part of) ``paragraph`` (Python's ``re``; for examples and tests)."""
        if self.max_words is not None and len(paragraph.split()) > self.max_words:
            return False
        return self.compiled().search(paragraph.strip()) is not None


def load_boilerplate_patterns(path: str | Path | None = None) -> list[BoilerplatePattern]:
    """Read a boilerplate pattern file (default: the packaged ``toolkit/data/boilerplate.yml``).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with a ``patterns`` list; each entry has ``name``, ``regex`` and optionally
        ``scope`` (``paragraph`` or ``match``), ``max_words``, ``what``, ``examples``, ``not``.

    Returns
    -------
    list of BoilerplatePattern
        In file order (the first pattern that matches a paragraph names it).

    Raises
    ------
    LexiconError
        An unreadable file, a missing field, a duplicate name, an unknown scope, or a regex that
        Python's ``re`` or RE2 (pyarrow) cannot compile.

    Examples
    --------
    >>> pats = load_boilerplate_patterns()
    >>> [p.name for p in pats][:3]
    ['copyright', 'newsletter', 'click-here']
    >>> pats[0].matches("Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.")
    True
    """
    return list(_load(str(Path(path).resolve()) if path is not None else str(PATTERNS_FILE)))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[BoilerplatePattern, ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise LexiconError(f"{path}: cannot read boilerplate patterns ({err})") from None
    entries = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: a boilerplate pattern file needs a `patterns:` list")
    out, seen = [], set()
    for k, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or not e.get("name") or not e.get("regex"):
            raise LexiconError(f"{path}: pattern {k} needs a `name` and a `regex`")
        name = str(e["name"])
        if name in seen:
            raise LexiconError(f"{path}: pattern name {name!r} appears twice")
        seen.add(name)
        scope = e.get("scope", "paragraph")
        if scope not in _SCOPES:
            raise LexiconError(f"{path}: pattern {name!r}: `scope` value = {scope!r} is invalid; must be one of {list(_SCOPES)}")
        max_words = e.get("max_words")
        if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1):
            raise LexiconError(f"{path}: pattern {name!r}: `max_words` must be a positive integer")
        regex = str(e["regex"])
        try:
            re.compile(regex, re.IGNORECASE)
            pc.match_substring_regex(pa.array([""]), regex, ignore_case=True)
        except (re.error, pa.ArrowInvalid) as err:
            raise LexiconError(f"{path}: pattern {name!r}: invalid regex ({err})") from None
        out.append(BoilerplatePattern(name, regex, scope, max_words, str(e.get("what", "")),
                                      tuple(map(str, e.get("examples") or ())), tuple(map(str, e.get("not") or ()))))
    return tuple(out)


# --------------------------------------------------------------------------- paragraphs
@dataclass
class _Paragraphs:
    """Every paragraph of the corpus: article row, span, text, word count, key, pattern hits."""

    doc: np.ndarray        # int64 row position of the article
    start: np.ndarray      # int64 offsets into the article's text
    end: np.ndarray
    text: pa.Array         # large_string
    words: np.ndarray      # int64 whitespace-separated words
    hits: dict[str, np.ndarray] = field(default_factory=dict)  # pattern name -> bool per paragraph
    _keys: tuple[np.ndarray, pa.Array] | None = None

    @property
    def key_codes(self) -> tuple[np.ndarray, pa.Array]:
        """Comparison key of each paragraph as an integer code, and the keys the codes point into.

        The key is the paragraph lowercased, with digit runs as ``0`` and whitespace runs as one space.
        """
        if self._keys is None:
            k = pc.utf8_lower(self.text)
            k = pc.replace_substring_regex(k, r"\d+", "0")
            k = pc.replace_substring_regex(k, r"\s\s+|[\t\n\r\f\v]", " ")
            enc = pc.utf8_trim_whitespace(k).dictionary_encode()
            self._keys = (enc.indices.to_numpy(zero_copy_only=False).astype(np.int64), enc.dictionary)
        return self._keys

    def code_of(self, keys) -> np.ndarray:
        """Codes of the given key strings (float; NaN for keys no paragraph has)."""
        found = pc.index_in(pa.array([str(k) for k in keys], type=pa.large_string()),
                            value_set=self.key_codes[1].cast(pa.large_string()))
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=float)  # NaN where absent


def _paragraphs(texts: Sequence[str]) -> _Paragraphs:
    """The paragraphs of ``texts``, as :func:`paragraph_spans` gives them.

    Text as the loader stores it (paragraphs separated by exactly one blank line, no whitespace at
    either end of a paragraph) is split at ``"\\n\\n"`` in C (pyarrow); any other text goes
    through :func:`paragraph_spans` (a test checks that both agree).
    """
    n = len(texts)
    arr = pa.array(texts, type=pa.large_string())
    split = pc.split_pattern(arr, "\n\n")
    flat = split.flatten()
    parent = pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.int64)
    lengths = pc.utf8_length(flat).to_numpy(zero_copy_only=False).astype(np.int64)
    # Pieces that are empty, that str.strip() would change (Unicode spaces too: their first and
    # last characters are checked) or that hold a blank line with spaces on it.
    space = r"^[\s\pZ\x{85}\x{1c}-\x{1f}]$"
    ends = pa.concat_arrays([pc.utf8_slice_codeunits(flat, 0, 1), pc.utf8_slice_codeunits(flat, -1)])
    edge = pc.match_substring_regex(ends, space).to_numpy(zero_copy_only=False).astype(bool)
    odd = (lengths == 0) | edge[:len(lengths)] | edge[len(lengths):]
    has_nl = np.flatnonzero(pc.match_substring(flat, "\n").to_numpy(zero_copy_only=False).astype(bool))
    if len(has_nl):
        blank = pc.match_substring_regex(flat.take(pa.array(has_nl)), r"\n[^\S\n]*\n").to_numpy(zero_copy_only=False)
        odd[has_nl[blank.astype(bool)]] = True
    bad = np.zeros(n, dtype=bool)
    bad[parent[odd]] = True
    ok_piece = ~bad[parent]
    # Offsets of the pieces of the regular texts: cumulative lengths plus the separators.
    step = lengths + 2
    cum = np.cumsum(step) - step
    first = np.zeros(n, dtype=np.int64)
    counts = np.bincount(parent, minlength=n)
    first_piece = np.cumsum(counts) - counts
    first[counts > 0] = cum[first_piece[counts > 0]]
    starts = cum - first[parent]
    doc = [parent[ok_piece]]
    start = [starts[ok_piece]]
    end = [starts[ok_piece] + lengths[ok_piece]]
    pieces = [flat.filter(pa.array(ok_piece))]
    for i in np.flatnonzero(bad):
        spans = paragraph_spans(texts[i])
        doc.append(np.full(len(spans), i, dtype=np.int64))
        start.append(np.array([a for a, _ in spans], dtype=np.int64))
        end.append(np.array([b for _, b in spans], dtype=np.int64))
        pieces.append(pa.array([texts[i][a:b] for a, b in spans], type=pa.large_string()))
    doc_, start_, end_ = np.concatenate(doc), np.concatenate(start), np.concatenate(end)
    text = pa.concat_arrays([p.cast(pa.large_string()) for p in pieces])
    order = np.lexsort((start_, doc_))
    if not np.array_equal(order, np.arange(len(order))):
        doc_, start_, end_ = doc_[order], start_[order], end_[order]
        text = text.take(pa.array(order))
    return _Paragraphs(doc_, start_, end_, text, _words(text))


def _words(text: pa.Array) -> np.ndarray:
    """Words per paragraph, counted as spaces and line breaks plus one (the loader folds runs of
    spaces, so this is the whitespace-separated word count; extra spaces only make it larger)."""
    n = (pc.count_substring(text, " ").to_numpy(zero_copy_only=False).astype(np.int64)
         + pc.count_substring(text, "\n").to_numpy(zero_copy_only=False).astype(np.int64) + 1)
    return np.where(pc.utf8_length(text).to_numpy(zero_copy_only=False) > 0, n, 0)


def _match_patterns(pars: _Paragraphs, patterns: Sequence[BoilerplatePattern]) -> None:
    """Fill ``pars.hits``: RE2 (pyarrow) over the paragraphs short enough for each pattern."""
    for p in patterns:
        mask = np.zeros(len(pars.words), dtype=bool)
        if len(mask):
            if p.max_words is None:
                idx = None
                found = pc.match_substring_regex(pars.text, p.regex, ignore_case=True)
            else:
                idx = np.flatnonzero(pars.words <= p.max_words)
                found = pc.match_substring_regex(pars.text.take(pa.array(idx)), p.regex, ignore_case=True)
            found = found.to_numpy(zero_copy_only=False).astype(bool)
            if idx is None:
                mask = found
            else:
                mask[idx[found]] = True
        pars.hits[p.name] = mask


# --------------------------------------------------------------------------- detection
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
    texts = pd.Series(pars.text.take(pa.array(sel)).to_pylist())
    n = int(out.sizes[code])
    return {"outlet": str(out.names[code]), "kind": kind, "rule": rule, "text": texts.value_counts().index[0],
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
            rows = [(int(pars.doc[i]), m.start(), m.end()) for i in np.flatnonzero(mask)
                    for m in rx.finditer(texts[pars.doc[i]], int(pars.start[i]), int(pars.end[i]))
                    if m.end() > m.start()]
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
