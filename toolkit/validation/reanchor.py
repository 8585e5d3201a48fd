"""Re-anchor a coding sheet's references after the corpus text or its units changed.

A coding sheet stores references (document, field, unit and match offsets, a hash of the unit's
text), not text. When the loader's normalisation, the sentence splitter or the matcher changes,
the offsets may no longer point at the sentence that was coded, although the coded judgement is
still about the same words. :func:`reanchor` follows each reference from the texts the sheet was
coded on (``old_articles``) to the texts as loaded now (``new_articles``):

1. the old unit ``old[unit_start:unit_end]`` must hash to ``unit_sha`` (else the old articles
   are not the ones coded, and nothing is guessed);
2. the old field is aligned with the new one (:class:`difflib.SequenceMatcher` on the part
   between their common prefix and suffix), and the match's offsets are carried over the
   unchanged stretches; the text there must be the old term;
3. the new unit is the unit of the current segmentation (:func:`toolkit.text.segment.article_units`)
   that contains the match; with a ``lexicon`` the match must be one of its hits of the row's
   category in that unit (matching is within units), else the hit of that category overlapping it.

Each row says what changed (``change``) so that the rows whose sentence a coder would now read
differently can be re-read: "unit" means the unit's text is not the one coded, even after the
loader's current normalisation (a boundary moved, or words inside it changed).
"""
from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable

import numpy as np
import pandas as pd

from toolkit.corpus.normalise import normalise_text, normalise_title
from toolkit.errors import ParameterError, check_columns
from toolkit.text.segment import FIELDS, article_units, check_unit
from toolkit.validation.sheets import _digest, _mark

__all__ = ["reanchor", "offset_map", "CHANGES"]

#: Values of the ``change`` column, from the least to the most important.
CHANGES = ("", "offsets", "normalised", "match", "unit", "lost")


def offset_map(old: str, new: str) -> Callable[..., int | None]:
    """Carry offsets of ``old`` over to ``new`` along the stretches the two texts share.

    Returns a function ``f(k, end=False)``: the offset in ``new`` of the boundary ``k`` of
    ``old`` when ``k`` lies in (or at the edge of) a shared stretch, else None. A boundary
    between two stretches belongs to the one it starts (``end=False``) or ends (``end=True``).

    Examples
    --------
    >>> f = offset_map("\u200bKim Jong Un met Moon.", "Kim Jong Un met Moon.")
    >>> f(1), f(12, end=True), f(0)
    (0, 11, None)
    >>> g = offset_map("Moon  met Kim.", "Moon met Kim.")   # a space removed
    >>> g(6), g(13, end=True), g(5, end=True), g(5)
    (5, 12, 5, None)
    """
    if old == new:
        blocks = [(0, len(old), 0)]
    else:
        p, top = 0, min(len(old), len(new))
        while p < top and old[p] == new[p]:
            p += 1
        q = 0
        while q < top - p and old[-1 - q] == new[-1 - q]:
            q += 1
        mid = difflib.SequenceMatcher(None, old[p:len(old) - q], new[p:len(new) - q],
                                      autojunk=False)
        blocks = [(0, p, 0)] if p else []
        blocks += [(p + a, p + a + size, p + b) for a, b, size in mid.get_matching_blocks() if size]
        if q:
            blocks.append((len(old) - q, len(old), len(new) - q))
    starts = [b[0] for b in blocks]
    ends = [b[1] for b in blocks]

    def carry(k: int, end: bool = False) -> int | None:
        if end:  # the block with a < k <= b
            i = bisect.bisect_left(ends, k)
            ok = i < len(blocks) and blocks[i][0] < k
        else:    # the block with a <= k < b
            i = bisect.bisect_right(starts, k) - 1
            ok = i >= 0 and k < blocks[i][1]
        if not ok:
            return None
        a, _, j = blocks[i]
        return j + k - a

    return carry


def _span_map(old: str, new: str, s: int, e: int, carry) -> tuple[int, int] | None:
    """New offsets of the old span ``old[s:e]`` when its text is unchanged, else None."""
    a, b = carry(s), carry(e, end=True)
    if a is None or b is None or new[a:b] != old[s:e]:
        return None
    return a, b


def reanchor(sheet: pd.DataFrame, old_articles: pd.DataFrame, new_articles: pd.DataFrame,
             lexicon=None, *, unit: str | None = None) -> pd.DataFrame:
    """Move a sheet's references from the texts it was coded on to the texts as loaded now.

    Parameters
    ----------
    sheet : DataFrame
        A precision sheet (:func:`~toolkit.validation.read_coding_sheet`): ``doc_id``, ``field``,
        ``unit``, ``unit_start``, ``unit_end``, ``start``, ``end``, ``unit_sha``, ``category``.
        A recall sheet (no ``start``/``end``) is re-anchored by its unit.
    old_articles : DataFrame
        ``doc_id``, ``title``, ``text`` exactly as the sheet was coded on (as the code of that
        time loaded them; read a snapshot with :func:`pandas.read_parquet`, not through the
        loader, which would normalise it again). Only the sheet's documents are needed.
    new_articles : DataFrame
        The same documents as loaded now (:func:`toolkit.load_corpus`).
    lexicon : Lexicon, str, path or mapping, optional
        The sheet's lexicon: each match is then checked to be a hit of its category in its new
        unit (``hit``); the hit of that category overlapping the old match is taken when the
        match's extent changed.
    unit : {"sentence", "paragraph", "document"}, optional
        The sheet's unit; default its ``attrs["parameters"]["unit"]``, else ``"sentence"``.

    Returns
    -------
    DataFrame
        The sheet (same rows, order, columns, codes and ``attrs``; a ``context`` column is
        replaced by the new one) with ``unit``, ``unit_start``,
        ``unit_end``, ``start``, ``end``, ``unit_sha`` rewritten, plus ``change`` (str: ``""``
        nothing changed; ``"offsets"`` the same unit text at other offsets or another unit
        number; ``"normalised"`` the unit's text is the coded one as the loader now
        normalises it (``toolkit.corpus.normalise``: e.g. a zero-width space dropped);
        ``"match"`` the hit of the category at that place has another extent; ``"unit"`` the
        unit's text differs otherwise - a boundary moved or words inside it changed: re-read
        it; ``"lost"`` the match's words are no longer in the text,
        references left as they were), ``hit`` (bool: a hit of ``lexicon``'s category in the new
        unit; True without a lexicon unless lost), ``old_context`` and ``context`` (the old and
        the new unit, the match marked ``[[...]]``; text, do not store it).

    Raises
    ------
    ParameterError
        A document of the sheet missing from either table, or an old unit whose text does not
        hash to ``unit_sha`` (the old articles are not the texts the sheet was coded on).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit.validation import validation_sample
    >>> old = pd.DataFrame({"doc_id": ["d"], "title": [""],
    ...                     "text": ["\\u200bKim Jong Un met Moon. Talks went on."]})
    >>> lex = {"north_korea": ["Kim Jong Un"]}
    >>> import toolkit
    >>> sheet = validation_sample(toolkit.hits(old, lex, by=[]), n=1, articles=old)
    >>> new = old.assign(text=["Kim Jong Un met Moon. Talks went on."])
    >>> out = reanchor(sheet, old, new, lex)
    >>> out[["start", "end", "unit_start", "unit_end", "change", "hit"]].values.tolist()
    [[0, 11, 0, 21, 'normalised', True]]
    """
    check_columns(sheet, ["doc_id", "field", "unit", "unit_start", "unit_end", "unit_sha"],
                  what="sheet")
    for name, table in (("old_articles", old_articles), ("new_articles", new_articles)):
        check_columns(table, ["doc_id", "title", "text"], what=name)
        missing = sorted(set(sheet["doc_id"]) - set(table["doc_id"]))
        if missing:
            raise ParameterError(f"{len(missing)} doc_id(s) of the sheet are not in "
                                 f"`{name}`, e.g. {missing[:3]}")
    unit = unit or sheet.attrs.get("parameters", {}).get("unit") or "sentence"
    check_unit(unit)
    marked = "start" in sheet and "end" in sheet
    finder = None
    if lexicon is not None:
        from toolkit.match.lexicon import load_lexicon
        from toolkit.match.matcher import compile_matcher

        lex = load_lexicon(lexicon)
        finder = (compile_matcher([lex]), {c: i for i, c in enumerate(lex.categories)})
    old = old_articles.drop_duplicates("doc_id").set_index("doc_id")[["title", "text"]]
    new = new_articles.drop_duplicates("doc_id").set_index("doc_id")[["title", "text"]]
    maps: dict = {}
    units: dict = {}
    rows = []
    for r in sheet.to_dict("records"):
        doc, field = r["doc_id"], r["field"]
        f_old, f_new = _field(old, doc, field), _field(new, doc, field)
        us, ue = int(r["unit_start"]), int(r["unit_end"])
        old_unit = f_old[us:ue]
        if _digest(old_unit) != r["unit_sha"]:
            raise ParameterError(
                f"unit {us}:{ue} of {doc!r} ({field}) in `old_articles` does not hash to the "
                f"coded unit_sha {r['unit_sha']}: these are not the texts the sheet was coded on")
        s, e = (int(r["start"]), int(r["end"])) if marked else (us, ue)
        old_ctx = _mark(old_unit, s - us, e - us) if marked else old_unit
        if (doc, field) not in maps:
            maps[doc, field] = offset_map(f_old, f_new)
            units[doc, field] = [(k, a, b) for k, fld, a, b in
                                 article_units(new.at[doc, "title"], new.at[doc, "text"], unit)
                                 if FIELDS[fld] == field]
        span = _span_map(f_old, f_new, s, e, maps[doc, field]) if marked else \
            _unit_span(maps[doc, field], s, e, units[doc, field])
        if span is None:
            rows.append({**r, "change": "lost", "hit": False, "old_context": old_ctx,
                         "context": ""})
            continue
        a, b = span
        inside = [u for u in units[doc, field] if u[1] <= a and b <= u[2]]
        if not inside:  # a new boundary cuts the match: it cannot be a hit any more
            rows.append({**r, "change": "lost", "hit": False, "old_context": old_ctx,
                         "context": ""})
            continue
        number, ns, ne = inside[0]
        new_unit = f_new[ns:ne]
        change = "" if (a, b, ns, ne, number) == (s, e, us, ue, int(r["unit"])) else "offsets"
        hit = True
        if finder is not None and marked:
            a2, b2 = _hit(finder, new_unit, r.get("category"), a - ns, b - ns)
            hit = a2 is not None
            if hit and (a2 + ns, b2 + ns) != (a, b):
                a, b, change = a2 + ns, b2 + ns, "match"
        if new_unit != old_unit:
            norm = normalise_title if field == "title" else normalise_text
            change = "normalised" if norm(old_unit) == new_unit and change != "match" else "unit"
        out = {**r, "unit": number, "unit_start": ns, "unit_end": ne, "unit_sha": _digest(new_unit),
               "change": change, "hit": hit, "old_context": old_ctx,
               "context": _mark(new_unit, a - ns, b - ns) if marked else new_unit}
        if marked:
            out["start"], out["end"] = a, b
        rows.append(out)
    columns = [c for c in sheet.columns if c != "context"]   # a drawn sheet's own context is replaced
    result = pd.DataFrame(rows, columns=[*columns, "change", "hit", "old_context", "context"])
    for col in ("unit", "unit_start", "unit_end", "start", "end"):
        if col in result:
            result[col] = result[col].astype(np.int64)
    result["hit"] = result["hit"].astype(bool)
    result.attrs.update(sheet.attrs)
    return result


def _field(table: pd.DataFrame, doc, field: str) -> str:
    value = table.at[doc, field]
    return value if isinstance(value, str) else ""


def _unit_span(carry, s: int, e: int, units: list) -> tuple[int, int] | None:
    """The new span of an old unit (recall sheets): the new unit sharing most of its mapped span."""
    a = carry(s)
    b = carry(e, end=True)
    if a is None and b is None:
        return None
    a = a if a is not None else b
    b = b if b is not None else a
    best = max(units, key=lambda u: min(b, u[2]) - max(a, u[1]), default=None)
    if best is None or min(b, best[2]) - max(a, best[1]) < 0:
        return None
    return best[1], best[2]


def _hit(finder, text: str, category, a: int, b: int) -> tuple[int | None, int | None]:
    """The hit of ``category`` in ``text`` at ``a:b``, else the first one overlapping it."""
    matcher, index = finder
    cat = index.get(category)
    if cat is None:
        return None, None
    found = matcher.find(text)
    same = [(s, e) for s, e, c in zip(found.start.tolist(), found.end.tolist(),
                                        found.category.tolist()) if c == cat]
    if (a, b) in same:
        return a, b
    near = [(s, e) for s, e in same if s < b and a < e]
    return near[0] if near else (None, None)

