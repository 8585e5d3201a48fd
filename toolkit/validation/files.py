"""Coding sheets as files: CSV with the instructions, parameters and coding rules in ``#`` lines.

:func:`write_coding_sheet` and :func:`read_coding_sheet` round-trip a sheet drawn by
:func:`~toolkit.validation.validation_sample` or :func:`~toolkit.validation.recall_sample`
(coders fill it in with any CSV editor); :func:`save_coding_sheet` writes one into the report
folder of a batch run, as :func:`toolkit.save_table` does for tables.
"""
from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pandas as pd

from toolkit.output import OUTPUT_ENV

__all__ = ["write_coding_sheet", "read_coding_sheet", "save_coding_sheet", "INSTRUCTIONS"]

INSTRUCTIONS = {
    "precision": ("Code each row: 1 = the match marked [[...]] is an instance of its category as "
                  "defined by the rule below; 0 = it is not; leave blank if you cannot decide "
                  "(blank codes are left out of the counts). Read the whole sentence."),
    "recall": ("Each row is a unit the lexicon did not match. Write the categories (separated by "
               "';') that the unit mentions according to the rules below, or 'none'; leave blank "
               "if you cannot decide."),
}


def write_coding_sheet(sheet: pd.DataFrame, path: str | Path, *, context: bool = True) -> Path:
    """Write a sheet as CSV (UTF-8) with its instructions, parameters and rules as ``#`` lines.

    With ``context=False`` the ``context`` column is left out: the file then holds references
    only, for sheets whose text must not be copied (rebuild it with :func:`rebuild_sheet`).
    """
    path = Path(path)
    kind = sheet.attrs.get("kind", "precision")
    lines = [f"# toolkit coding sheet ({kind})", f"# instructions: {INSTRUCTIONS[kind]}",
             "# parameters: " + json.dumps(sheet.attrs.get("parameters", {}), default=str)]
    for category, rule in (sheet.attrs.get("rules") or {}).items():
        lines.append(f"# rule {category}: " + " ".join(str(rule).split()))
    body = sheet if context or "context" not in sheet else sheet.drop(columns="context")
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(lines) + "\n")
        body.to_csv(fh, index=False, lineterminator="\n")
    return path


def read_coding_sheet(path: str | Path) -> pd.DataFrame:
    """Read a sheet written by :func:`write_coding_sheet` (edited by coders in any CSV editor).

    Returns
    -------
    DataFrame
        The rows, codes and notes as text (empty string when blank); ``attrs`` ``kind``,
        ``rules`` and ``parameters`` from the header.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    head, rest = [], text
    while rest.startswith("#"):
        line, _, rest = rest.partition("\n")
        head.append(line.rstrip("\r"))
    frame = pd.read_csv(io.StringIO(rest), dtype=str, keep_default_na=False)
    for col in ("item", "unit", "unit_start", "unit_end", "start", "end", "population",
                "unmatched_units"):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col]).astype("int64")
    kind, rules, params = "precision", {}, {}
    for line in head:
        if line.startswith("# toolkit coding sheet ("):
            kind = line[len("# toolkit coding sheet ("):].rstrip(")")
        elif line.startswith("# rule "):
            category, _, rule = line[len("# rule "):].partition(": ")
            rules[category] = rule
        elif line.startswith("# parameters: "):
            params = json.loads(line[len("# parameters: "):])
    frame.attrs.update(kind=kind, rules=rules, parameters=params)
    return frame


def save_coding_sheet(sheet: pd.DataFrame, name: str) -> Path | None:
    """Save ``sheet`` as ``<name>.csv`` (with its header) in the report folder of a batch run.

    Like :func:`toolkit.save_table`: the batch runner sets ``TOOLKIT_OUTPUT_DIR`` for each run;
    outside a batch nothing is written and None is returned (use :func:`write_coding_sheet` with
    a path of your own).
    """
    out = os.environ.get(OUTPUT_ENV)
    if not out:
        return None
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "sheet"
    path = Path(out) / "tables" / f"{safe}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_coding_sheet(sheet, path)
