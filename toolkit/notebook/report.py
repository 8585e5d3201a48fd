"""The report a notebook works on: :func:`start` loads, checks, cleans and filters; :class:`Report`
holds the articles and the groups its charts draw.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from toolkit.count.groups import PERIODS, group_frame, group_names
from toolkit.errors import ParameterError, check_positive_int
from toolkit.notebook.checks import check_by, filter_articles, group_noun
from toolkit.notes import collect_notes

__all__ = ["Report", "start", "shares", "say", "heading"]


@dataclass
class Report:
    """The articles a report works on and the parameters that chose them.

    Attributes
    ----------
    articles : DataFrame
        Loaded, cleaned (``clean``), filtered (``outlets``, ``where``) articles.
    by : list of str
        The grouping names (empty for no grouping).
    groups : DataFrame
        One row per group of ``by``'s *first* name: that column and ``articles``, the largest
        first (periods in time order); articles without a value are not a group.
    top, min_units : int
    where, outlets, corpus, clean :
        The parameters as given.
    loaded : int
        Articles loaded, before any filter or cleaning.
    cleaning : DataFrame or None
        :func:`toolkit.cleaning_summary` of the cleaning when ``clean``.
    """

    articles: pd.DataFrame
    by: list
    groups: pd.DataFrame
    top: int = 12
    min_units: int = 10
    where: str | None = None
    outlets: list | None = None
    corpus: Any = None
    clean: bool = False
    loaded: int = 0
    cleaning: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def group(self) -> str | None:
        """The first grouping name (the one charts compare), or None."""
        return self.by[0] if self.by else None

    @property
    def kind(self) -> str:
        """Plural noun for the groups: ``"outlets"``, ``"bias groups"``, ``"months"``."""
        return group_noun(self.by)

    @property
    def is_time(self) -> bool:
        """True when the first grouping name is a period (charts draw time on an axis)."""
        return self.group in PERIODS and self.group not in self.articles.columns

    @property
    def shown(self) -> list:
        """The groups charts draw: the ``top`` largest (every period, in time order)."""
        if self.group is None:
            return []
        values = self.groups[self.group].tolist()
        return values if self.is_time else values[: self.top]

    def keep_shown(self, table: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
        """The rows of ``table`` whose ``column`` (default the first grouping name) is a shown group."""
        column = column or self.group
        if column is None or column not in table.columns:
            return table
        kept = table[table[column].astype(str).isin([str(g) for g in self.shown])]
        if isinstance(kept[column].dtype, pd.CategoricalDtype):
            kept = kept.assign(**{column: kept[column].cat.remove_unused_categories()})
        return kept

    def describe(self) -> str:
        """One sentence: what was loaded, filtered and grouped (plain text)."""
        n = len(self.articles)
        outlets = self.articles["outlet"].nunique() if "outlet" in self.articles.columns else 0
        parts = [f"{n:,} articles from {outlets:,} outlet{'s' if outlets != 1 else ''}"]
        filters = []
        if self.outlets:
            filters.append(f"outlets {', '.join(map(str, self.outlets))}")
        if self.where:
            filters.append(f"where {self.where}")
        if self.clean:
            filters.append("cleaned (toolkit.clean)")
        if filters:
            parts.append(f"({'; '.join(filters)}; {self.loaded:,} articles loaded)")
        text = " ".join(parts) + "."
        if self.group is not None:
            g = len(self.groups)
            text += f" Grouped by {', '.join(self.by)}: {g:,} {self.kind}"
            if not self.is_time and g > self.top:
                text += f"; charts show the {self.top} largest, tables and CSV files all {g:,}"
            text += "."
            left = n - int(self.groups["articles"].sum())
            if left:
                text += (f" {left:,} article{' has' if left == 1 else 's have'} no {self.group} and "
                         f"{'is' if left == 1 else 'are'} left out of the groups.")
        return text

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.describe())}</p>"

    def __repr__(self) -> str:
        return self.describe()


def _groups(articles: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    if not names:
        return pd.DataFrame({"articles": [len(articles)]})
    first = names[0]
    values = group_frame(articles, [first])[first]
    counts = values.dropna().astype(str).value_counts()
    frame = counts.rename_axis(first).rename("articles").reset_index()
    if first in PERIODS and first not in articles.columns:
        return frame.sort_values(first, kind="stable").reset_index(drop=True)
    return frame.sort_values(["articles", first], ascending=[False, True], kind="stable").reset_index(drop=True)


def _in_notebook() -> bool:
    """True in a Jupyter kernel (JupyterLab, papermill), where warnings would show as stderr blocks."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(f"`{name}` value = {value!r} is invalid; must be true or false")
    return value


def start(corpus, *, by: str | Sequence[str] | None = "outlet", outlets: str | Sequence[str] | None = None,
          top: int = 12, where: str | None = None, min_units: int = 10, clean: bool = False,
          errors: str = "skip") -> Report:
    """Load ``corpus``, check the common report parameters, clean and filter the articles.

    Parameters
    ----------
    corpus : str, Path or DataFrame
        What :func:`toolkit.load_corpus` reads; a DataFrame is taken as already loaded.
    by, outlets, top, where, min_units, clean :
        The common report parameters (see the module docstring).
    errors : {"skip", "raise"}
        The loader's mode: rows it cannot read are listed in ``attrs["rejects"]`` (default).

    Returns
    -------
    Report
        ``articles`` and the groups the report draws (``groups``, ``shown``, ``kind``).

    Examples
    --------
    >>> report = start("corpora/demo", by="outlet", top=2, where="date >= '2025-05-01'")
    >>> report.shown, report.kind
    (['Capital Wire', 'Harbour Post'], 'outlets')
    >>> start("corpora/demo", by="outlt")
    Traceback (most recent call last):
    ...
    toolkit.errors.ParameterError: `by` value = 'outlt' is invalid (did you mean 'outlet'?); must be a column of the corpus (doc_id, outlet, date, url, event) or a period (year, quarter, month, week), or a list of them
    """
    check_positive_int("top", top)
    check_positive_int("min_units", min_units)
    _check_flag("clean", clean)
    if _in_notebook():
        collect_notes()  # warnings become the report's "Notes" section (toolkit.output.notes()), not stderr
    if isinstance(corpus, pd.DataFrame) and "provenance" in corpus.attrs:
        articles = corpus
    else:
        from toolkit.corpus.load import load_corpus
        articles = load_corpus(corpus, errors=errors)
    loaded = len(articles)
    names = check_by(articles, by)
    cleaning = None
    if clean:
        try:
            from toolkit import clean as clean_corpus, cleaning_summary
        except ImportError:
            raise ParameterError("`clean` value = True needs toolkit.clean (corpus hygiene), which this "
                                 "version of the toolkit does not have") from None
        articles = clean_corpus(articles)
        cleaning = cleaning_summary(articles)
    articles = filter_articles(articles, where=where, outlets=outlets)
    return Report(articles=articles, by=names, groups=_groups(articles, names), top=top, min_units=min_units,
                  where=where, outlets=[outlets] if isinstance(outlets, str) else outlets, corpus=corpus,
                  clean=clean, loaded=loaded, cleaning=cleaning)


def shares(table: pd.DataFrame, side: str, groups: Sequence | None = None, *, group: str | None = None,
           total: str = "all") -> pd.DataFrame:
    """How often each actor (``side="actor"``) or frame is mentioned: % of units, per group.

    ``table`` is a co-occurrence table by one grouping column ``group`` or none (pool other grouping
    columns first with :func:`toolkit.plots.framing.pooled_by`).

    Returns
    -------
    DataFrame
        One row for all groups together (``group`` = ``total``), then one per group of ``groups``
        (default: every group, in table order): ``group`` (named after the grouping column, or
        ``"group"``), ``units`` (all units of the row), then one column per category, the most
        mentioned first: the percentage of the row's units that mention it (NaN without units).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "actor": ["x", "y", "x", "y"], "frame": "f",
    ...                   "actor_units": [1, 3, 2, 1], "frame_units": 0, "joint_units": 0, "units": [10, 10, 40, 40]})
    >>> shares(t, "actor", group="outlet")
      outlet  units     y     x
    0    all     50   8.0   6.0
    1      A     10  30.0  10.0
    2      B     40   2.5   5.0
    """
    if side not in ("actor", "frame"):
        raise ParameterError(f"`side` value = {side!r} is invalid; must be 'actor' or 'frame'")
    count = f"{side}_units"
    keys = [group] if group else []
    rows = table.drop_duplicates([*keys, side])[[*keys, side, count, "units"]]
    sums = rows.groupby(side, sort=False)[count].sum().sort_values(ascending=False, kind="stable")
    all_units = int(rows.drop_duplicates(keys)["units"].sum()) if keys else int(rows["units"].max())
    name = group or "group"
    lines = [{name: total, "units": all_units,
              **{c: 100 * v / all_units if all_units else float("nan") for c, v in sums.items()}}]
    if group:
        for g in (groups if groups is not None else rows[group].drop_duplicates().tolist()):
            part = rows[rows[group].astype(str) == str(g)].set_index(side)
            n = int(part["units"].max()) if len(part) else 0
            lines.append({name: str(g), "units": n,
                          **{c: 100 * part[count].get(c, 0) / n if n else float("nan") for c in sums.index}})
    return pd.DataFrame(lines, columns=[name, "units", *sums.index])


def say(text: str) -> None:
    """Display ``text`` (prose computed from the data) as an escaped HTML paragraph."""
    from IPython.display import HTML, display
    display(HTML(f"<p>{html.escape(str(text))}</p>"))


def heading(text: str, level: int = 2) -> None:
    """Display ``text`` as an escaped HTML heading (headings that depend on the parameters)."""
    from IPython.display import HTML, display
    display(HTML(f"<h{level}>{html.escape(str(text))}</h{level}>"))
