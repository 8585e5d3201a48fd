"""Grouping columns for per-group statistics: ``by="outlet"``, ``by=["outlet", "month"]`` or None.

Period names (``year``, ``quarter``, ``month``, ``week``) are derived from ``date`` when the articles
table has no column of that name, so a trend is one argument away from any per-outlet table.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError

PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W"}


def group_names(by: str | Sequence[str] | None) -> list[str]:
    """Normalise ``by`` to a list of column names (empty for None)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    names = list(by)
    if not all(isinstance(n, str) for n in names):
        raise ParameterError(f"`by` must be a column name, a list of column names or None, got {by!r}")
    return names


def group_frame(articles: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """Return one column per grouping name, aligned with ``articles``' rows.

    Period columns are ``pandas.Period`` values rendered as strings (``"2025-03"`` for a month),
    NaN where the date is missing. Raises :class:`ParameterError` naming an unknown column.
    """
    names = group_names(by)
    out = {}
    for name in names:
        if name in articles.columns:
            out[name] = articles[name]
        elif name in PERIODS:
            if "date" not in articles.columns:
                raise ParameterError(f"`by` names the period {name!r}, but articles has no `date` column")
            period = articles["date"].dt.to_period(PERIODS[name])
            out[name] = period.astype(str).where(period.notna(), None)
        else:
            raise ParameterError(
                f"`by` names {name!r}, which is not a column of articles ({list(articles.columns)}) "
                f"nor a period ({sorted(PERIODS)})")
    return pd.DataFrame(out, index=articles.index)


def articles_per_period(articles: pd.DataFrame, *, by: str | Sequence[str] | None = "outlet",
                        period: str = "month") -> pd.DataFrame:
    """Count articles per group and period.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``period`` (named after the period, e.g. ``month``) and ``articles``;
        articles with no date are left out (``summarize`` counts them).
    """
    if period not in PERIODS:
        raise ParameterError(f"`period` value = {period!r} is invalid; must be one of {sorted(PERIODS)}")
    names = group_names(by) + [period]
    groups = group_frame(articles, names).dropna(subset=[period])
    counts = groups.groupby(names, observed=True, sort=True).size().rename("articles").reset_index()
    return counts


def group_codes(articles: pd.DataFrame, by: str | Sequence[str] | None, *,
                observed: bool = False) -> tuple[np.ndarray, pd.DataFrame]:
    """Group code of each article (-1 where a grouping value is missing) and the table of groups.

    Parameters
    ----------
    articles : DataFrame
    by : str, list of str or None
        Grouping columns or periods (see :func:`group_frame`).
    observed : bool
        False keeps every category of a single categorical column (so outlets with no article in a
        subset still get a row and tables align); True keeps only groups that occur.

    Returns
    -------
    (codes, groups)
        ``codes``: int64 array, one per article; ``groups``: one row per code with the ``by``
        columns, sorted by them (one row and no columns when ``by`` is None).
    """
    names = group_names(by)
    if not names:
        return np.zeros(len(articles), dtype=np.int64), pd.DataFrame(index=[0])
    frame = group_frame(articles, names)
    if len(names) == 1 and isinstance(frame[names[0]].dtype, pd.CategoricalDtype) and not observed:
        col = frame[names[0]]
        return col.cat.codes.to_numpy().astype(np.int64), pd.DataFrame({names[0]: col.cat.categories})
    missing = frame.isna().any(axis=1).to_numpy()
    codes = np.full(len(frame), -1, dtype=np.int64)
    present = frame[~missing]
    uniques = present.drop_duplicates().sort_values(names).reset_index(drop=True)
    lookup = pd.MultiIndex.from_frame(uniques.astype(object))
    codes[~missing] = lookup.get_indexer(pd.MultiIndex.from_frame(present.astype(object)))
    return codes, uniques
