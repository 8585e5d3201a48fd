"""Check one source's rows: every row is kept or rejected with its line and a reason.

A row is rejected when its ``text`` is missing, not a string or empty after normalisation
(:mod:`toolkit.corpus.normalise`), or when its ``doc_id`` was already seen (the first wins; the
reject names where it was first seen). ``outlet`` and ``title`` become strings (a missing outlet
is "unknown"); ``doc_id`` is kept as given (as a string) or derived from outlet, title and text.
"""
from __future__ import annotations

import hashlib
import json
import numbers
from collections.abc import Mapping

import pandas as pd

from toolkit.corpus.formats import Part, reject
from toolkit.corpus.normalise import normalise_text, normalise_title
from toolkit.errors import CorpusError

__all__ = ["validate"]


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (but not a list or dict value)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-like values
        return False


def _derived_id(outlet: str, title: str, text: str) -> str:
    digest = hashlib.sha1(f"{outlet}\x1f{title}\x1f{text}".encode("utf-8")).hexdigest()
    return f"doc-{digest[:16]}"


def validate(part: Part, columns: Mapping[str, str] | None, seen: dict[str, tuple[str, int]]
              ) -> tuple[pd.DataFrame, list[dict]]:
    """Validate one source's rows; return the good rows and the rejects (in line order)."""
    frame = part.frame
    if columns:
        frame = frame.rename(columns=dict(columns))
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise CorpusError(f"{part.source}: column(s) {dup} appear twice after applying columns={dict(columns or {})}")
    lines = frame["_line"].to_numpy()
    rejects = list(part.rejects)
    if len(frame) == 0:
        return frame.drop(columns="_line"), rejects
    if "text" not in frame.columns and part.records:
        frame = frame.assign(text=None)
    if "text" not in frame.columns:
        have = [c for c in frame.columns if c != "_line"]
        raise CorpusError(
            f"{part.source}: no `text` column (required); columns found: {have}. "
            f"Map yours with columns={{'your_column': 'text'}}")

    def raw_row(i: int) -> str:
        return json.dumps({k: v for k, v in frame.iloc[i].items() if k != "_line"}, default=str, ensure_ascii=False)

    bad = pd.Series(False, index=frame.index)
    text = frame["text"]
    missing = text.isna()
    for i in missing.to_numpy().nonzero()[0]:
        rejects.append(reject(part.source, lines[i], "missing required field 'text'", raw_row(i)))
    bad |= missing
    not_str = ~missing & ~text.map(lambda v: isinstance(v, str))
    for i in not_str.to_numpy().nonzero()[0]:
        value = text.iloc[i]
        kind = "number" if isinstance(value, numbers.Number) else type(value).__name__
        rejects.append(reject(part.source, lines[i], f"field 'text' is a {kind}, not a string", raw_row(i)))
    bad |= not_str
    cleaned = pd.Series([normalise_text(t) if ok else "" for t, ok in zip(text, ~bad)], index=frame.index, dtype=object)
    empty = ~bad & (cleaned == "")
    for i in empty.to_numpy().nonzero()[0]:
        rejects.append(reject(part.source, lines[i], "empty text", raw_row(i)))
    bad |= empty
    frame = frame.assign(text=cleaned)

    for col in ("outlet", "title"):
        if col not in frame.columns:
            frame[col] = "" if col == "title" else None
        frame[col] = frame[col].map(lambda v: "" if _missing(v) else str(v).strip())
    frame["outlet"] = frame["outlet"].replace("", "unknown")
    frame["title"] = frame["title"].map(lambda t: normalise_title(t) if t else t)

    if "doc_id" not in frame.columns:
        frame["doc_id"] = None
    # ids as given: the integer 1 is "1" (rows are read with object dtype, so never 1.0)
    ids = frame["doc_id"].map(lambda v: None if _missing(v) or str(v).strip() == "" else str(v).strip()).astype(object)
    need = ids.isna()
    if need.any():
        ids[need] = [_derived_id(o, t, x) for o, t, x in zip(frame.loc[need, "outlet"], frame.loc[need, "title"],
                                                              frame.loc[need, "text"])]
    frame["doc_id"] = ids
    id_list = ids.tolist()
    for i in (~bad).to_numpy().nonzero()[0]:
        doc_id = id_list[i]
        if doc_id in seen:
            first_source, first_line = seen[doc_id]
            rejects.append(reject(part.source, lines[i],
                                   f"duplicate doc_id {doc_id!r} (first seen in {first_source}, line {first_line})",
                                   raw_row(i)))
            bad.iloc[i] = True
        else:
            seen[doc_id] = (part.source, int(lines[i]))
    good = frame[~bad.to_numpy()].drop(columns="_line")
    rejects.sort(key=lambda r: r["line"])
    return good, rejects
