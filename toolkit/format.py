"""Numbers for reading: how result tables are shown in notebooks and reports.

One rule per kind of column, so every report reads the same way:

- p-values (``p``, ``q``, ``*_p``, ``*_q``, ``p_*``): ``< 0.001`` below 0.001, else three decimals.
- rates and shares (``rate``, ``rate_*``, ``*_rate``, ``share_*``, ``*_share``, and ``ci_low`` /
  ``ci_high`` beside a ``rate``): percentages with three significant figures (``12.3%``).
- counts and other whole numbers (also floats that hold whole numbers, such as a ``dof`` of
  ``3.0``): integers with thousands separators (``37,554``), except identifiers and years.
- other numbers: three significant figures (``0.0482``, ``12.3``), ``1,235`` from 1,000 up; float
  noise below 1e-12 (``1.110223e-16``) reads ``0``; infinities ``∞``.
- lists, tuples and sets: their items joined by commas; booleans ``yes`` / ``no``; dates
  ``YYYY-MM-DD``; missing values empty.

Formatting is for display only: saved tables keep every digit.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["format_table", "format_value", "format_p", "format_number", "format_percent", "is_numeric_column",
           "is_p_column", "is_percent_column"]

_P = re.compile(r"^(p|q|p_.*|.*_p|.*_q|p_value|pvalue)$")
_PERCENT = re.compile(r"^(rate|rate_.*|.*_rate|share|share_.*|.*_share)$")
_ID = re.compile(r"(^|_)(id|year|story|unit|doc)$")
_NOISE = 1e-12


def is_p_column(name: object) -> bool:
    """True for a column of p-values or q-values by its name."""
    return bool(_P.match(str(name)))


def is_percent_column(name: object, columns: Iterable[object] = ()) -> bool:
    """True for a column of rates or shares by its name (``ci_low``/``ci_high`` beside a ``rate``)."""
    name = str(name)
    if name in ("ci_low", "ci_high"):
        return "rate" in {str(c) for c in columns}
    return bool(_PERCENT.match(name))


def is_numeric_column(series: pd.Series) -> bool:
    """True for a numeric (not boolean) column."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or (
            isinstance(value, (np.floating, np.datetime64)) and bool(np.isnan(value)))
    except TypeError:
        return False


def _significant(x: float, digits: int) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if abs(x) < _NOISE:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def format_p(value, *, threshold: float = 0.001) -> str:
    """A p-value for reading: ``< 0.001`` below ``threshold``, else three decimals; missing: ``""``."""
    if _missing(value):
        return ""
    if isinstance(value, str) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)   # already formatted (e.g. "<0.001")
    value = float(value)
    return f"< {threshold:g}" if value < threshold else f"{value:.3f}"


def format_percent(value, *, digits: int = 3) -> str:
    """A proportion (0..1) as a percentage with ``digits`` significant figures: ``0.1234`` -> ``12.3%``."""
    if _missing(value):
        return ""
    return _significant(float(value) * 100, digits) + "%"


def format_number(value, *, digits: int = 3, separators: bool = True) -> str:
    """A number for reading: whole numbers as integers (``37,554``), others with ``digits`` significant figures."""
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}" if separators else str(int(value))
    x = float(value)
    if math.isfinite(x) and x == round(x) and abs(x) < 1e15:
        return f"{int(round(x)):,}" if separators else str(int(round(x)))
    return _significant(x, digits)


def format_value(value, *, digits: int = 3) -> str:
    """Any single value for reading (see the module docstring); strings as they are."""
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index, pd.Series)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return ", ".join(format_value(v, digits=digits) for v in items)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {format_value(v, digits=digits)}" for k, v in value.items())
    if _missing(value):
        return ""
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (bool, np.bool_, int, np.integer, float, np.floating)):
        return format_number(value, digits=digits)
    return str(value)


def format_table(frame: pd.DataFrame, *, digits: int = 3, percent: Iterable[str] | None = None,
                 p_columns: Iterable[str] | None = None) -> pd.DataFrame:
    """``frame`` with every value turned into text for reading (same columns and index).

    Parameters
    ----------
    frame : DataFrame
    digits : int, default 3
        Significant figures of numbers that are not whole.
    percent : iterable of str, optional
        Columns shown as percentages (default: by name, see the module docstring).
    p_columns : iterable of str, optional
        Columns shown as p-values (default: by name).

    Returns
    -------
    DataFrame of str

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"outlet": ["A"], "rate": [0.1234], "g2": [1234.6], "p": [1e-16],
    ...                   "dof": [3.0], "range": [1.110223e-16], "groups": [["A", "B"]]})
    >>> format_table(t).iloc[0].tolist()
    ['A', '12.3%', '1,235', '< 0.001', '3', '0', 'A, B']
    """
    columns = list(frame.columns)
    pct = set(percent) if percent is not None else {c for c in columns if is_percent_column(c, columns)}
    pcol = set(p_columns) if p_columns is not None else {c for c in columns if is_p_column(c)}
    out = {}
    for column in columns:
        values = frame[column].tolist()
        if column in pcol:
            out[column] = [format_p(v) for v in values]
        elif column in pct and is_numeric_column(frame[column]):
            out[column] = [format_percent(v, digits=digits) for v in values]
        elif _ID.search(str(column)):
            out[column] = [format_number(v, digits=digits, separators=False)
                           if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                           else format_value(v, digits=digits) for v in values]
        else:
            out[column] = [format_value(v, digits=digits) for v in values]
    return pd.DataFrame(out, index=frame.index, columns=columns, dtype=object)
