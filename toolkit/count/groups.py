"""Grouping columns for per-group statistics: ``by="outlet"``, ``by=["outlet", "month"]`` or None.

Period names (``year``, ``quarter``, ``month``, ``week``) are derived from ``date`` when the articles
table has no column of that name, so a trend is one argument away from any per-outlet table.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, ToolkitWarning

__all__ = ["PERIODS", "MissingGroupWarning", "GroupIndex", "group_names", "group_frame", "group_codes",
           "articles_per_period"]

PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W"}


class MissingGroupWarning(ToolkitWarning):
    """Articles left out of a grouped count because a grouping value (or the date) is missing."""


def group_names(by: str | Sequence[str] | None) -> list[str]:
    """Normalise ``by`` to a list of column names (empty for None)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    try:
        names = list(by)
    except TypeError:
        names = [by]
    if not all(isinstance(n, str) for n in names):
        raise ParameterError(f"`by` must be a column name, a list of column names or None, got {by!r}")
    return names


def group_frame(articles: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """Return one column per grouping name, aligned with ``articles``' rows.

    Period columns are ``pandas.Period`` values rendered as strings (``"2025-03"`` for a month),
    NaN where the date is missing. Raises :class:`ParameterError` naming an unknown column.
    """
    if type(articles).__module__.startswith("dask"):  # a lazy corpus: the grouping columns only
        from toolkit.count.distributed import group_frame_of

        return group_frame_of(articles, by)
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
    index = GroupIndex.of(articles, by, observed=observed, warn=False)
    return index.codes(articles), index.keys


@dataclass(frozen=True)
class GroupIndex:
    """The groups of a grouped count, and the code of any chunk's articles in them.

    A count engine computes the index once over the whole articles table (:meth:`of`), then each
    chunk maps its own rows to group codes (:meth:`codes`) with no reference to the other chunks:
    what a worker process or a Dask partition needs to count on its own.

    Attributes
    ----------
    names : list of str
        The grouping columns (periods such as ``"month"`` are derived from ``date``).
    keys : DataFrame
        One row per group (code = row number), sorted by ``names``; one row and no columns when
        there is no grouping.
    """

    names: list
    keys: pd.DataFrame

    @classmethod
    def of(cls, articles: pd.DataFrame, by: str | Sequence[str] | None, *, observed: bool = False,
           warn: bool = True, client=None) -> "GroupIndex":
        """The groups of ``articles`` (see :func:`group_codes` for ``observed``).

        With ``warn``, a :class:`MissingGroupWarning` says how many articles have no value for a
        grouping column (or no date, for a period) and are left out of every count. A lazy corpus
        (Dask DataFrame) is read on ``client`` (:func:`toolkit.count.distributed.group_index`).
        """
        if type(articles).__module__.startswith("dask"):  # a lazy corpus: keys merged per partition
            from toolkit.count.distributed import group_index

            return group_index(articles, by, observed=observed, warn=warn, client=client)
        names = group_names(by)
        if not names:
            return cls([], pd.DataFrame(index=[0]))
        frame = group_frame(articles, names)
        missing = frame.isna().any(axis=1).to_numpy()
        if warn and missing.any():
            _warn_missing(frame, names, int(missing.sum()), len(frame))
        if len(names) == 1 and isinstance(frame[names[0]].dtype, pd.CategoricalDtype) and not observed:
            return cls(names, pd.DataFrame({names[0]: frame[names[0]].cat.categories}))
        present = frame[~missing]
        keys = present.drop_duplicates().sort_values(names).reset_index(drop=True)
        if len(names) == 1 and isinstance(frame[names[0]].dtype, pd.CategoricalDtype):
            keys[names[0]] = keys[names[0]].cat.remove_unused_categories()
        return cls(names, keys)

    def __len__(self) -> int:
        return len(self.keys)

    def codes(self, chunk: pd.DataFrame) -> np.ndarray:
        """Group code (int64) of each row of ``chunk`` (any slice of the articles); -1 = no group."""
        if not self.names:
            return np.zeros(len(chunk), dtype=np.int64)
        frame = group_frame(chunk, self.names)
        if len(self.names) == 1:
            lookup = pd.Index(self.keys[self.names[0]].astype(object))
            values = frame[self.names[0]].astype(object)
            codes = lookup.get_indexer(values)
        else:
            lookup = pd.MultiIndex.from_frame(self.keys.astype(object))
            codes = lookup.get_indexer(pd.MultiIndex.from_frame(frame.astype(object)))
        codes = np.asarray(codes, dtype=np.int64)
        codes[frame.isna().any(axis=1).to_numpy()] = -1
        return codes


def _warn_missing(frame: pd.DataFrame, names: list[str], n_missing: int, n: int) -> None:
    reasons = []
    for name in names:
        k = int(frame[name].isna().sum())
        if k:
            why = "no date" if name in PERIODS else f"no {name!r}"
            reasons.append(f"{k:,} with {why}")
    warnings.warn(f"{n_missing:,} of {n:,} articles are left out of the grouping by {names} "
                  f"({'; '.join(reasons)})", MissingGroupWarning, stacklevel=3)
