"""Every match, one row each: the audit trail (:func:`hits`) and keyword in context (:func:`kwic`).

Both list exactly the matches that :func:`toolkit.frequencies` and :func:`toolkit.cooccurrence`
count for the same pattern and unit: matches within units (:mod:`toolkit.count.units`), titles
included (unit 0).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.count.distributed import check_client, concat_partitions
from toolkit.count.engine import Engine, check_engine, is_dask_frame, run_chunks
from toolkit.count.groups import group_frame
from toolkit.count.units import LiteralFilter, chunk_units, frame_columns, match_units, unit_texts
from toolkit.errors import ParameterError, check_positive_int
from toolkit.framing import check_articles
from toolkit.match.matcher import compile_matcher
from toolkit.match.patterns import label, resolve
from toolkit.text.segment import Unit
from toolkit.text.tokens import tokens as word_tokens

__all__ = ["hits", "kwic"]

By = str | Sequence[str] | None


def _chunk_matches(chunk: pd.DataFrame, matcher, keys: LiteralFilter | None, unit: str, with_text: bool,
                   window: int | None) -> dict:
    """The matches of a chunk as arrays (what travels back from a worker)."""
    titles, texts = frame_columns(chunk)
    units = chunk_units(titles, texts, unit, only=None if keys is None else keys.may_match(titles, texts))
    found = match_units(matcher, units)
    u = found.unit
    part = {"row": chunk["_row"].to_numpy()[units.article[u]], "unit": units.number[u],
            "field": units.field[u], "start": found.start, "end": found.end,
            "category": found.category, "pattern": found.pattern,
            "term": [units.source(k)[a:b] for k, a, b in zip(u.tolist(), found.start.tolist(), found.end.tolist())]}
    if with_text:
        which, part["text_code"] = np.unique(u, return_inverse=True)
        part["texts"] = unit_texts(units, which)
    if window is not None:
        part["left"], part["right"] = _contexts(titles, texts, units.article[u], part["field"], found, window)
    return part


def _contexts(titles, texts, article, field, found, window: int) -> tuple[list[str], list[str]]:
    """Left and right context of each match: up to ``window`` words on each side, in its field."""
    left, right = [], []
    cache: dict = {}
    for i, f, s, e in zip(article.tolist(), field.tolist(), found.start.tolist(), found.end.tolist()):
        source = (titles if f == 0 else texts)[i]
        key = (i, f)
        if key not in cache:
            cache[key] = word_tokens(source)
        toks = cache[key]
        before = np.searchsorted(toks.end, s, side="right")       # words ending at or before s
        after = np.searchsorted(toks.start, e, side="left")       # first word starting at or after e
        a = int(toks.start[before - window]) if before >= window else 0
        b = int(toks.end[after + window - 1]) if after + window <= len(toks) else len(source)
        left.append(" ".join(source[a:s].split()))
        right.append(" ".join(source[e:b].split()))
    return left, right


def _matches(articles: pd.DataFrame, what, *, unit: str, names: list[str], with_text: bool,
             window: int | None, engine: Engine, jobs: int | None, progress: bool | None):
    lex = resolve(what, argument="what")
    matcher = compile_matcher([lex])
    # A literal prefilter spares cutting articles without a match into units; for a big lexicon
    # (most articles hold a match) it would only add a scan.
    keys = LiteralFilter(lex) if len(lex) <= 50 else None
    frame = articles[["title", "text"]].assign(_row=np.arange(len(articles)))
    parts = run_chunks(frame, lambda chunk: _chunk_matches(chunk, matcher, keys, unit, with_text, window),
                       engine=engine, jobs=jobs, progress=progress, desc="matching")
    groups = group_frame(articles, names)

    def cat(key, dtype=np.int64):
        arrays = [np.asarray(p[key], dtype=dtype) for p in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    row = cat("row")
    out = pd.DataFrame({"doc_id": articles["doc_id"].to_numpy()[row]})
    for name in names:
        column = groups[name]
        out[name] = column.to_numpy()[row]
        if isinstance(column.dtype, pd.CategoricalDtype):
            out[name] = pd.Categorical(out[name], categories=column.cat.categories)
    return lex, parts, out, cat


def hits(articles: pd.DataFrame, what, *, unit: Unit = "sentence", by: By = "outlet", unit_text: bool = True,
         engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
         client=None) -> pd.DataFrame:
    """One row per match: the audit trail behind every count.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text`` and the ``by`` columns).
    what : pattern, "lexicon:category", lexicon, mapping or list
        What to look for (see :mod:`toolkit.match.patterns`), e.g. ``"actors"`` or ``"U.S."``.
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        The unit each match lies in (the title is unit 0); matches never cross a unit boundary,
        as in :func:`toolkit.frequencies` and :func:`toolkit.cooccurrence`.
    by : str, list of str or None, default "outlet"
        Grouping columns copied onto each row (periods such as ``"month"`` are derived from ``date``).
    unit_text : bool, default True
        Add the ``unit_text`` column. Each unit's text is stored once however many matches it
        holds (a categorical column), so memory grows with the units that have matches, not with
        the matches.
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus is matched partition by partition on a ``dask.distributed`` client and the
        rows come back (their number grows with the matches, not with the corpus).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``unit`` (int64), ``field`` (``"title"``/``"text"``),
        ``category``, ``pattern`` (the lexicon entry), ``term`` (the matched text as written),
        ``start``, ``end`` (int64 offsets into the field) and, with ``unit_text``, ``unit_text``
        (categorical: the text of the unit). Ordered by article, unit, then position.
        ``attrs["parameters"]`` records the call.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "title": [""],
    ...                      "text": ["Russia’s envoy left. The US and the EU stayed."]})
    >>> toolkit.hits(arts, {"russia": ["Russia"], "eu": ["EU"]})[["unit", "category", "term"]].values.tolist()
    [[1, 'russia', 'Russia'], [2, 'eu', 'EU']]
    """
    names = [n for n in check_articles(articles, by, unit=unit) if n != "doc_id"]
    check_engine(engine, jobs, progress)
    if not isinstance(unit_text, bool):
        raise ParameterError(f"`unit_text` value = {unit_text!r} is invalid; must be True or False")
    check_client(client)
    if is_dask_frame(articles):  # a lazy corpus: each partition's rows, on the cluster (issue 17)
        out = concat_partitions(articles, lambda chunk: hits(chunk, what, unit=unit, by=by, unit_text=unit_text,
                                                             jobs=1, progress=False),
                                client=client, progress=progress)
        if unit_text:  # one category per distinct unit text, in order of first appearance
            codes, texts = pd.factorize(out["unit_text"].astype(object))
            out["unit_text"] = pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype=object))
        return out
    lex, parts, out, cat = _matches(articles, what, unit=unit, names=names, with_text=unit_text, window=None,
                                    engine=engine, jobs=jobs, progress=progress)
    out["unit"] = cat("unit")
    out["field"] = pd.Categorical.from_codes(cat("field"), categories=["title", "text"])
    out["category"] = _names(lex.categories, cat("category"))
    out["pattern"] = _names(lex.entries["pattern"].tolist(), cat("pattern"))
    out["term"] = pd.array([t for p in parts for t in p["term"]], dtype="str")
    out["start"] = cat("start")
    out["end"] = cat("end")
    if unit_text:
        offsets = np.cumsum([0] + [len(p["texts"]) for p in parts])
        codes = np.concatenate([np.asarray(p["text_code"], np.int64) + o for p, o in zip(parts, offsets)]) \
            if parts else np.zeros(0, np.int64)
        dedupe, texts = pd.factorize(pd.Series([t for p in parts for t in p["texts"]], dtype=object))
        out["unit_text"] = pd.Categorical.from_codes(dedupe[codes] if len(codes) else codes,
                                                     categories=pd.Index(texts, dtype=object))
    out.attrs["parameters"] = {"what": label(what), "unit": unit, "by": names}
    return out


def _names(values: list, codes: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object)[codes] if len(codes) else np.array([], dtype=object),
                     dtype="str")


def kwic(articles: pd.DataFrame, what, *, window: int = 8, unit: Unit = "sentence", by: By = "outlet",
         engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
         client=None) -> pd.DataFrame:
    """Keyword in context: one row per match, with the words around it.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    what : pattern, "lexicon:category", lexicon, mapping or list
        What to look for (see :mod:`toolkit.match.patterns`): ``"escalat*"``, ``"boots on the
        ground"``, ``"frames:escalation"``, a lexicon, ...
    window : int, default 8
        Words of context on each side (:mod:`toolkit.text.tokens`), within the match's field
        (title or text): the context runs from the start of the ``window``-th word before the
        match to the end of the ``window``-th word after it (or to the field's start or end),
        punctuation included, whitespace collapsed.
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        Matching runs within units, as in :func:`hits` (same rows), titles included.
    by : str, list of str or None, default "outlet"
        Columns copied onto each row.
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); a lazy corpus is read on a client, as in
        :func:`hits`.

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``unit``, ``field``, ``left``, ``match``, ``right`` (plain
        text; render it with :func:`toolkit.show`, which escapes it), ``category``, ``start``,
        ``end`` (offsets into the field). Ordered by article, unit, then position.
        ``attrs["parameters"]`` records the call.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "title": ["Escalation fears"],
    ...                      "text": ["Officials warned of escalation, again."]})
    >>> toolkit.kwic(arts, "escalat*", window=2)[["left", "match", "right"]].values.tolist()
    [['', 'Escalation', 'fears'], ['warned of', 'escalation', ', again.']]
    """
    names = [n for n in check_articles(articles, by, unit=unit) if n != "doc_id"]
    check_positive_int("window", window)
    check_engine(engine, jobs, progress)
    check_client(client)
    if is_dask_frame(articles):  # a lazy corpus: each partition's rows, on the cluster (issue 17)
        return concat_partitions(articles, lambda chunk: kwic(chunk, what, window=window, unit=unit, by=by, jobs=1,
                                                              progress=False),
                                 client=client, progress=progress)
    lex, parts, out, cat = _matches(articles, what, unit=unit, names=names, with_text=False, window=window,
                                    engine=engine, jobs=jobs, progress=progress)
    out["unit"] = cat("unit")
    out["field"] = pd.Categorical.from_codes(cat("field"), categories=["title", "text"])
    out["left"] = pd.array([t for p in parts for t in p["left"]], dtype="str")
    out["match"] = pd.array([t for p in parts for t in p["term"]], dtype="str")
    out["right"] = pd.array([t for p in parts for t in p["right"]], dtype="str")
    out["category"] = _names(lex.categories, cat("category"))
    out["start"] = cat("start")
    out["end"] = cat("end")
    out.attrs["parameters"] = {"what": label(what), "window": window, "unit": unit, "by": names}
    return out
