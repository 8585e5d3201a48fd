"""Output helpers for notebooks: escaped HTML tables and saved CSV tables.

Article text is data: every value that reaches HTML is escaped here
(pandas' ``Styler`` does not escape by default).
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pandas as pd

OUTPUT_ENV = "TOOLKIT_OUTPUT_DIR"


def html_table(frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False) -> str:
    """Render ``frame`` as an HTML table with every cell, header and index value escaped."""
    shown = frame if max_rows is None else frame.head(max_rows)
    return shown.to_html(escape=True, index=index, border=0, classes="toolkit-table", na_rep="")


class SafeTable:
    """A DataFrame wrapper whose notebook rendering escapes all text."""

    def __init__(self, frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False):
        self.frame, self.max_rows, self.index = frame, max_rows, index

    def _repr_html_(self) -> str:
        note = ""
        if self.max_rows is not None and len(self.frame) > self.max_rows:
            note = f"<p>showing {self.max_rows} of {len(self.frame)} rows</p>"
        return html_table(self.frame, max_rows=self.max_rows, index=self.index) + note

    def __repr__(self) -> str:
        return repr(self.frame)


def show(frame: pd.DataFrame, *, max_rows: int | None = 200, index: bool = False) -> SafeTable:
    """Display ``frame`` in a notebook as an escaped HTML table (last expression of a cell)."""
    return SafeTable(frame, max_rows=max_rows, index=index)


def save_table(frame: pd.DataFrame, name: str) -> Path | None:
    """Save ``frame`` as ``<name>.csv`` in the report folder of a batch run.

    The batch runner sets the environment variable ``TOOLKIT_OUTPUT_DIR`` for
    each run; outside a batch (e.g. in JupyterLab) nothing is written and
    None is returned.
    """
    out = os.environ.get(OUTPUT_ENV)
    if not out:
        return None
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "table"
    path = Path(out) / "tables" / f"{safe}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def escape(text: object) -> str:
    """HTML-escape ``text`` (quotes included)."""
    return html.escape(str(text), quote=True)
