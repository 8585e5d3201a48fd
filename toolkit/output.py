"""Output for notebooks and reports: tables formatted for reading, escaped HTML, saved CSV tables,
and warnings collected into a "Notes" section instead of stderr blocks.

Article text is data: every value that reaches HTML is escaped here (pandas' ``Styler`` does not
escape by default). Numbers are formatted for reading only where they are shown
(:func:`format_table`, :func:`show`); saved tables (:func:`save_table`) keep every digit.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pandas as pd

from toolkit.format import format_table, format_value, is_numeric_column
from toolkit.notes import Notes, collect_notes, notes

__all__ = ["show", "save_table", "escape", "html_table", "format_table", "format_value", "Notes",
           "collect_notes", "notes", "OUTPUT_ENV"]

OUTPUT_ENV = "TOOLKIT_OUTPUT_DIR"

_CELL = "padding:2px 8px;vertical-align:top"
_ALIGN = {"right": f"{_CELL};text-align:right;white-space:nowrap",
          "left": f"{_CELL};text-align:left",
          "center": f"{_CELL};text-align:center;white-space:nowrap;font-weight:bold"}
_CLIP = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
#: KWIC columns: the left context ends at the keyword, the right context starts there; a context
#: too long for its column is cut on its far side (the words next to the keyword stay visible).
_KWIC = {"left": f"{_CELL};text-align:right;direction:rtl;{_CLIP}",
         "match": f"{_CELL};text-align:center;font-weight:bold;{_CLIP}",
         "right": f"{_CELL};text-align:left;{_CLIP}"}
#: Column widths (%) of a KWIC table; the other columns share what is left.
_KWIC_WIDTHS = {"left": 35, "match": 12, "right": 31}


def escape(text: object) -> str:
    """HTML-escape ``text`` (quotes included)."""
    return html.escape(str(text), quote=True)


def is_kwic(frame: pd.DataFrame) -> bool:
    """A keyword-in-context table: it has the columns ``left``, ``match`` and ``right``."""
    return {"left", "match", "right"} <= set(map(str, frame.columns))


def _alignments(frame: pd.DataFrame) -> dict:
    kwic = is_kwic(frame)
    out = {}
    for column in frame.columns:
        if kwic and str(column) in _KWIC:
            out[column] = _KWIC[str(column)]
        elif kwic:
            out[column] = f"{_CELL};{_CLIP}"
        elif is_numeric_column(frame[column]):
            out[column] = _ALIGN["right"]
        else:
            out[column] = _ALIGN["left"]
    return out


def _colgroup(frame: pd.DataFrame) -> str:
    """Fixed column widths of a KWIC table, so the keywords line up in every table of a report."""
    others = [c for c in frame.columns if str(c) not in _KWIC_WIDTHS]
    rest = (100 - sum(_KWIC_WIDTHS.values())) / max(len(others), 1)
    scale = 1.0 if others else 100 / sum(_KWIC_WIDTHS.values())
    widths = [_KWIC_WIDTHS.get(str(c), rest) * (scale if str(c) in _KWIC_WIDTHS else 1) for c in frame.columns]
    return "<colgroup>" + "".join(f'<col style="width:{w:.1f}%">' for w in widths) + "</colgroup>"


def html_table(frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False,
               formatted: bool = True, **options) -> str:
    """``frame`` as an HTML table: every header and cell escaped, numbers formatted for reading.

    Numeric columns are right-aligned and never wrapped (``p < 0.001`` stays on one line); a KWIC
    table (columns ``left``, ``match``, ``right``) is aligned on the keyword: the left context
    ends at it, the right context starts at it. ``options`` go to :func:`format_table`;
    ``formatted=False`` shows the values as they are (still escaped).
    """
    shown = frame if max_rows is None else frame.head(max_rows)
    if index:
        shown = shown.reset_index()
    align = _alignments(shown)
    kwic = is_kwic(shown)
    text = format_table(shown, **options) if formatted else shown.astype(object).where(shown.notna(), "")
    head = "".join(f'<th style="{align[c]}">{escape(c)}</th>' for c in shown.columns)

    def cell(column, value) -> str:
        value = escape(value)
        if kwic and str(column) == "left":   # right-to-left cell, left-to-right text: cut on its left
            value = f'<span dir="ltr">{value}</span>'
        return f'<td style="{align[column]}">{value}</td>'

    body = ["<tr>" + "".join(cell(c, v) for c, v in zip(shown.columns, row)) + "</tr>"
            for row in text.itertuples(index=False, name=None)]
    layout = "border-collapse:collapse" + (";table-layout:fixed;width:100%" if kwic else "")
    return (f'<table class="toolkit-table" style="{layout}">{_colgroup(shown) if kwic else ""}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


class SafeTable:
    """A DataFrame wrapper whose notebook rendering is formatted and escaped (see :func:`show`)."""

    def __init__(self, frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False,
                 formatted: bool = True, caption: str | None = None, **options):
        self.frame, self.max_rows, self.index = frame, max_rows, index
        self.formatted, self.caption, self.options = formatted, caption, options

    def _repr_html_(self) -> str:
        caption = f"<p><b>{escape(self.caption)}</b></p>" if self.caption else ""
        note = ""
        if self.max_rows is not None and len(self.frame) > self.max_rows:
            note = f"<p>Showing {self.max_rows:,} of {len(self.frame):,} rows.</p>"
        table = html_table(self.frame, max_rows=self.max_rows, index=self.index, formatted=self.formatted,
                           **self.options)
        return caption + table + note

    def __repr__(self) -> str:
        shown = self.frame if self.max_rows is None else self.frame.head(self.max_rows)
        return format_table(shown, **self.options).to_string(index=False) if self.formatted else repr(shown)


def show(frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False, formatted: bool = True,
         caption: str | None = None, **options) -> SafeTable:
    """Display ``frame`` in a notebook as a formatted, escaped HTML table (last expression of a cell).

    Parameters
    ----------
    frame : DataFrame
    max_rows : int or None, default 200
        Rows shown (a line says how many there are); None shows all.
    index : bool, default False
        Show the index as columns.
    formatted : bool, default True
        Numbers for reading (:func:`format_table`): p-values as ``< 0.001``, 3 significant
        figures, counts as integers with thousands separators, rates as percentages, lists as
        text, no float noise such as ``1.110223e-16``. False shows the values as they are.
    caption : str, optional
        A bold line above the table (escaped).
    **options
        Passed to :func:`format_table` (``digits``, ``percent``, ``p_columns``).

    Returns
    -------
    SafeTable
        Renders as HTML in notebooks; the data stays in ``.frame``.
    """
    return SafeTable(frame, max_rows=max_rows, index=index, formatted=formatted, caption=caption, **options)


def save_table(frame: pd.DataFrame, name: str) -> Path | None:
    """Save ``frame`` as ``<name>.csv`` in the report folder of a batch run.

    The batch runner sets the environment variable ``TOOLKIT_OUTPUT_DIR`` for
    each run; outside a batch (e.g. in JupyterLab) nothing is written and
    None is returned. Every value is saved as it is (no formatting, all rows).
    """
    out = os.environ.get(OUTPUT_ENV)
    if not out:
        return None
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "table"
    path = Path(out) / "tables" / f"{safe}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path
