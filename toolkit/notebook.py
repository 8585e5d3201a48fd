"""What every report notebook does first: load, check the parameters, filter, clean, group.

The notebooks in ``notebooks/`` share six parameters; this module gives them one meaning and one
set of error messages, so a notebook's first code cell after its ``parameters`` cell is::

    report = toolkit.notebook.start(corpus, by=by, outlets=outlets, top=top, where=where,
                                    min_units=min_units, clean=clean)
    articles = report.articles
    report                                  # says what was loaded, filtered and grouped

============  ==================================================================================
parameter     meaning
============  ==================================================================================
corpus        a file or folder :func:`toolkit.load_corpus` reads (rows it cannot read are listed)
by            a column (``outlet``, ``bias``, ``topic``...), a period derived from ``date``
              (``year``, ``quarter``, ``month``, ``week``), a list of them, or None
outlets       a list of outlets to keep (values of the ``outlet`` column); None keeps all
top           charts draw the ``top`` largest groups of the first ``by`` name (by articles);
              tables and CSV files keep every group
where         a pandas query that keeps the articles it is true for, e.g. ``topic == 'north_korea'``
min_units     a rate resting on fewer units than this is greyed in charts and kept out of "top"
              lists and of the extremes named in the prose
clean         True runs :func:`toolkit.clean` (boilerplate, duplicates; audited) on the whole
              corpus before ``where`` and ``outlets`` filter it
============  ==================================================================================

Every invalid value raises :class:`toolkit.errors.ParameterError` naming the parameter, the valid
choices and the closest one ("did you mean"). Parameter *names* are checked by the batch runner.
"""
from __future__ import annotations

import difflib
import html
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from toolkit.count.groups import PERIODS, group_frame, group_names
from toolkit.errors import ParameterError, ToolkitWarning, check_positive_int

__all__ = ["Report", "start", "filter_articles", "check_by", "check_category", "check_value", "group_noun",
           "say", "heading"]

#: How many valid values an error message lists (the closest ones first).
LISTED = 12

#: Plural nouns for the groups of common grouping columns ("Do the outlets differ?").
NOUNS = {"outlet": "outlets", "bias": "bias groups", "topic": "topics", "source": "sources",
         "author": "authors", "authors": "author groups", "country": "countries", "language": "languages",
         "year": "years", "quarter": "quarters", "month": "months", "week": "weeks", "doc_id": "articles"}


def group_noun(by: str | Sequence[str] | None) -> str:
    """The plural noun for the groups of ``by``'s first name: ``"outlets"``, ``"bias groups"``.

    Examples
    --------
    >>> group_noun("outlet"), group_noun(["bias", "month"]), group_noun("desk"), group_noun(None)
    ('outlets', 'bias groups', 'desk groups', 'articles')
    """
    names = group_names(by)
    if not names:
        return "articles"
    return NOUNS.get(names[0], f"{names[0]} groups")


def _choices(value: Any, valid: Iterable[Any], *, sizes: pd.Series | None = None, what: str = "values") -> str:
    """`` (did you mean 'x'?); N values: a, b, ...`` — the closest first, at most :data:`LISTED`."""
    valid = [str(v) for v in valid]
    close = difflib.get_close_matches(str(value), valid, n=3, cutoff=0.6)
    if not close:  # case or spacing: "cnn" for "CNN (Web News)"
        low = str(value).casefold().strip()
        close = [v for v in valid if low and low in v.casefold()][:3]
    hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
    if sizes is not None:
        frame = pd.DataFrame({"value": sizes.index.astype(str), "n": sizes.to_numpy()})
        order = frame.sort_values(["n", "value"], ascending=[False, True])["value"].tolist()
        listed = ", ".join(order[:LISTED])
        rest = f", ... ({len(valid) - LISTED} more)" if len(valid) > LISTED else ""
        return f"{hint}; the {len(valid)} {what}, largest first: {listed}{rest}"
    listed = ", ".join(sorted(valid)[:LISTED])
    rest = f", ... ({len(valid) - LISTED} more)" if len(valid) > LISTED else ""
    return f"{hint}; must be one of {len(valid)} {what}: {listed}{rest}"


def check_value(name: str, value: Any, valid: Iterable[Any], *, sizes: pd.Series | None = None,
                what: str = "values") -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``valid``.

    The message names the parameter, the closest valid values ("did you mean") and at most
    :data:`LISTED` of the valid ones (the largest first when ``sizes`` gives their sizes).

    Examples
    --------
    >>> check_value("target", "Capitol Wire", ["Capital Wire", "Harbour Post"])
    Traceback (most recent call last):
    ...
    toolkit.errors.ParameterError: `target` value = 'Capitol Wire' is invalid (did you mean 'Capital Wire'?); must be one of 2 values: Capital Wire, Harbour Post
    """
    valid = list(valid)
    if value in valid or str(value) in {str(v) for v in valid}:
        return
    raise ParameterError(f"`{name}` value = {value!r} is invalid{_choices(value, valid, sizes=sizes, what=what)}")


def check_category(name: str, value: Any, lexicon) -> None:
    """Raise :class:`ParameterError` unless ``value`` is a category of ``lexicon`` (a Lexicon).

    Examples
    --------
    >>> import toolkit
    >>> check_category("focus_frame", "escalaton", toolkit.load_lexicon("frames"))
    Traceback (most recent call last):
    ...
    toolkit.errors.ParameterError: `focus_frame` value = 'escalaton' is invalid (did you mean 'escalation'?); must be one of ... categories of the lexicon 'frames': ...
    """
    if value in lexicon.categories:
        return
    raise ParameterError(f"`{name}` value = {value!r} is invalid"
                         f"{_choices(value, lexicon.categories, what=f'categories of the lexicon {lexicon.name!r}')}")


def check_by(articles: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    """The grouping names of ``by`` (a list), each a column of ``articles`` or a period of ``date``.

    Raises :class:`ParameterError` with the columns, the periods and "did you mean" otherwise.
    """
    if by is not None and not isinstance(by, (str, list, tuple)):
        raise ParameterError(f"`by` value = {by!r} is invalid; must be a column name, a period "
                             f"({', '.join(PERIODS)}), a list of them, or None")
    names = group_names(by)
    if len(set(names)) < len(names):
        raise ParameterError(f"`by` value = {by!r} names a column twice")
    valid = [c for c in articles.columns if c not in ("text", "title")] + [p for p in PERIODS
                                                                              if p not in articles.columns]
    for name in names:
        if name in articles.columns and name not in ("text", "title"):
            continue
        if name in PERIODS:
            if "date" not in articles.columns:
                raise ParameterError(f"`by` value = {name!r} is a period of `date`, but the corpus has no dates")
            continue
        close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(f"`by` value = {name!r} is invalid{hint}; must be a column of the corpus "
                             f"({', '.join(c for c in valid if c not in PERIODS)}) or a period "
                             f"({', '.join(PERIODS)}), or a list of them")
    return names


_EQUALS = re.compile(r"""\b([A-Za-z_]\w*)\s*==\s*(['"])(.*?)\2""")


def _has_value(column: pd.Series, value: str) -> bool:
    """True when ``value`` is one of the values of a text-like column with few distinct values."""
    if not (isinstance(column.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(column)
            or column.dtype == object):
        return False
    values = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else column.dropna().unique()
    return len(values) <= 10_000 and value in set(map(str, values))


def _query(articles: pd.DataFrame, where: str) -> pd.DataFrame:
    """``articles.query(where)`` with errors that say what to fix."""
    if not isinstance(where, str) or not where.strip():
        raise ParameterError(f"`where` value = {where!r} is invalid; must be a pandas query such as "
                             "\"topic == 'north_korea'\", or None")
    columns = [c for c in articles.columns if isinstance(c, str)]
    try:
        kept = articles.query(where)
    except pd.errors.UndefinedVariableError as exc:
        found = re.search(r"name '([^']+)' is not defined", str(exc))
        name = found.group(1) if found else "?"
        close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        holders = [c for c in columns if c not in ("text", "title") and _has_value(articles[c], name)]
        if holders and not close:
            hint = f" but a value of {holders[0]}: quote it, {holders[0]} == {name!r}"
        raise ParameterError(f"`where` value = {where!r} is invalid: {name!r} is not a column{hint}; "
                             f"the columns are {', '.join(columns)}") from None
    except Exception as exc:  # SyntaxError, ValueError, TypeError from pandas' evaluator
        raise ParameterError(f"`where` value = {where!r} is invalid: {type(exc).__name__}: {exc}; "
                             "write a pandas query such as \"topic == 'north_korea'\" or "
                             "\"bias in ['left', 'right'] and date >= '2019-01-01'\"") from None
    if not isinstance(kept, pd.DataFrame) or len(kept) != len(kept.index):
        raise ParameterError(f"`where` value = {where!r} is invalid: it is not a condition on the articles")
    if len(kept) == 0:
        hints = []
        for column, _, value in _EQUALS.findall(where):
            if column in articles.columns:
                values = articles[column].dropna().astype(str)
                if value not in set(values):
                    hints.append(f"{column} has no value {value!r}"
                                 + _choices(value, values.unique(), sizes=values.value_counts(),
                                            what=f"values of {column}"))
        raise ParameterError(f"`where` value = {where!r} keeps no article of {len(articles):,}"
                             + (": " + "; ".join(hints) if hints else ""))
    return kept


def filter_articles(articles: pd.DataFrame, *, where: str | None = None,
                    outlets: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The articles ``where`` is true for, from ``outlets`` only, with unused categories dropped.

    ``outlets`` are checked against the whole corpus (a typo is a typo even when ``where`` happens
    to exclude the outlet); the result must keep at least one article. Categorical columns lose the
    categories no article has any more, so grouped tables have a row per group that is present.

    Examples
    --------
    >>> import toolkit
    >>> demo = toolkit.load_corpus("corpora/demo")
    >>> len(filter_articles(demo, outlets=["Capital Wire"])), len(demo)
    (13, 52)
    >>> filter_articles(demo, outlets=["Capitol Wire"])
    Traceback (most recent call last):
    ...
    toolkit.errors.ParameterError: `outlets` value = 'Capitol Wire' is invalid (did you mean 'Capital Wire'?); the 4 outlets of the corpus, largest first: ...
    """
    kept = articles
    if outlets is not None:
        if isinstance(outlets, str):
            outlets = [outlets]
        if not isinstance(outlets, (list, tuple)) or not outlets:
            raise ParameterError(f"`outlets` value = {outlets!r} is invalid; must be a list of outlet names or None")
        if "outlet" not in articles.columns:
            raise ParameterError("`outlets` selects values of the `outlet` column, but the corpus has none")
        sizes = articles["outlet"].astype(str).value_counts()
        for name in outlets:
            check_value("outlets", name, sizes.index, sizes=sizes, what="outlets of the corpus")
        kept = kept[kept["outlet"].astype(str).isin([str(o) for o in outlets])]
    if where is not None:
        kept = _query(kept, where)
    if kept is articles:
        return articles
    kept = kept.copy()
    for column in kept.columns:
        if isinstance(kept[column].dtype, pd.CategoricalDtype):
            kept[column] = kept[column].cat.remove_unused_categories()
    kept.attrs = dict(articles.attrs)
    return kept


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
    quiet_progress()
    collect_notes()
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


COUNTS = ["actor_units", "frame_units", "joint_units", "units"]


def collapse(table: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """A :func:`toolkit.cooccurrence` table summed over every grouping column not in ``by``, re-scored.

    Counts of units are additive (an article has one outlet and one date), so the table by
    ``["outlet", "month"]`` summed over months is the table by ``"outlet"``: one pass over the
    corpus gives both. Scores (rate, interval, G2, q...) are recomputed from the sums.

    Examples
    --------
    >>> import toolkit
    >>> demo = toolkit.load_corpus("corpora/demo")
    >>> monthly = toolkit.cooccurrence(demo, "actors", "frames", by=["outlet", "month"])
    >>> direct = toolkit.cooccurrence(demo, "actors", "frames", by="outlet")
    >>> columns = ["outlet", "actor", "frame", *COUNTS, "g2", "q"]
    >>> import pandas as pd
    >>> pd.testing.assert_frame_equal(collapse(monthly, "outlet")[columns].astype({"outlet": str}),
    ...                               direct[columns], check_dtype=False)
    """
    from toolkit.framing import score_cooccurrence

    keep = group_names(by)
    names = (table.attrs.get("parameters") or {}).get("by", [])
    if list(names) == keep:
        return table
    summed = table.groupby([*keep, "actor", "frame"], observed=True, sort=False)[COUNTS].sum().reset_index()
    order = {"actor": list(dict.fromkeys(table["actor"])), "frame": list(dict.fromkeys(table["frame"]))}
    summed = summed.sort_values(keep + ["actor", "frame"], key=lambda s: s.map(order[s.name].index)
                                if s.name in order else s, kind="stable").reset_index(drop=True)
    alpha = (table.attrs.get("parameters") or {}).get("alpha", 0.05)
    out = score_cooccurrence(summed, alpha=alpha)
    out.attrs["parameters"] = {**(table.attrs.get("parameters") or {}), "by": keep}
    return out


def shares(table: pd.DataFrame, side: str, groups: Sequence | None = None, *, group: str | None = None) -> pd.DataFrame:
    """How often each actor (``side="actor"``) or frame is mentioned: % of units, per group.

    ``table`` is a co-occurrence table by one grouping column ``group`` (see :func:`collapse`).
    Returns one row per category: ``units`` (units mentioning it, all groups), ``percent`` (of all
    units), then one column per group of ``groups`` (default every group) with its percentage.
    """
    if side not in ("actor", "frame"):
        raise ParameterError(f"`side` value = {side!r} is invalid; must be 'actor' or 'frame'")
    count = f"{side}_units"
    keys = [group] if group else []
    rows = table.drop_duplicates([*keys, side])[[*keys, side, count, "units"]]
    total = rows.groupby(side, sort=False)[[count, "units"]].sum()
    out = pd.DataFrame({side: total.index, "units": total[count].to_numpy(),
                        "percent": 100 * total[count].to_numpy() / total["units"].clip(lower=1).to_numpy()})
    if group:
        for g in (groups if groups is not None else rows[group].drop_duplicates().tolist()):
            part = rows[rows[group].astype(str) == str(g)].set_index(side)
            out[str(g)] = (100 * part[count] / part["units"].where(part["units"] > 0)).reindex(out[side]).to_numpy()
    return out.sort_values("units", ascending=False, kind="stable").reset_index(drop=True)


class KwicLines:
    """Keyword-in-context lines as an HTML table aligned on the keyword (every value escaped).

    The left context is right-aligned and the right context left-aligned, so the matches form a
    column down the middle, as in a concordancer.
    """

    def __init__(self, lines: pd.DataFrame, *, max_rows: int | None = 25):
        self.lines, self.max_rows = lines, max_rows

    def _repr_html_(self) -> str:
        shown = self.lines if self.max_rows is None else self.lines.head(self.max_rows)
        base = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:1px 4px"
        # the left context overflows to the left (rtl cell, ltr text), so the words next to the match stay
        left = f'style="{base};direction:rtl;text-align:right"'
        other = {a: f'style="{base};text-align:{a}"' for a in ("left", "center")}
        rows = []
        for r in shown.itertuples(index=False):
            date = getattr(r, "date", None)
            day = "" if date is None or pd.isna(date) else pd.Timestamp(date).strftime("%Y-%m-%d")
            rows.append(f'<tr><td {other["left"]}>{html.escape(day)}</td>'
                        f'<td {left}><span dir="ltr">{html.escape(str(r.left))}</span></td>'
                        f'<td {other["center"]}><b>{html.escape(str(r.match))}</b></td>'
                        f'<td {other["left"]}>{html.escape(str(r.right))}</td>'
                        f'<td {other["left"]}>{html.escape(str(r.doc_id))}</td></tr>')
        widths = [("date", "left", 9), ("left", "right", 37), ("match", "center", 12), ("right", "left", 33),
                  ("doc_id", "left", 9)]
        cols = "".join(f'<col style="width:{w}%">' for _, _, w in widths)
        head = "".join(f'<th style="text-align:{a};padding:1px 4px">{n}</th>' for n, a, _ in widths)
        note = (f"<p>showing {len(shown):,} of {len(self.lines):,} lines</p>"
                if len(shown) < len(self.lines) else "")
        return (f'<table class="toolkit-kwic" style="border-collapse:collapse;table-layout:fixed;width:100%">'
                f'<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>{note}')

    def __repr__(self) -> str:
        return repr(self.lines)


def quiet_progress() -> None:
    """No progress bars in reports: the count engine's tqdm bars write to stderr, which would show
    as a block in the HTML (the batch runner prints each run's progress on the console instead)."""
    os.environ["TQDM_DISABLE"] = "1"


def collect_notes() -> None:
    """In a notebook kernel: show warnings as escaped "Note:" paragraphs under the cell that raised
    them, never as stderr blocks (interim: the charts helper's collector in toolkit.output replaces it)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_toolkit_notes", None) is not None:
        return
    caught: list[tuple[str, str]] = []
    shell._toolkit_notes = caught

    def record(message, category, filename, lineno, file=None, line=None):
        kind = "Note" if issubclass(category, ToolkitWarning) else f"Note ({category.__name__})"
        if (kind, str(message)) not in caught:
            caught.append((kind, str(message)))

    def show(result=None):
        if caught:
            from IPython.display import HTML, display
            items = "".join(f"<li>{html.escape(kind)}: {html.escape(text)}</li>" for kind, text in caught)
            display(HTML(f'<ul class="toolkit-notes">{items}</ul>'))
            caught.clear()

    warnings.showwarning = record
    warnings.simplefilter("always", ToolkitWarning)
    shell.events.register("post_run_cell", show)


def say(text: str) -> None:
    """Display ``text`` (prose computed from the data) as an escaped HTML paragraph."""
    from IPython.display import HTML, display
    display(HTML(f"<p>{html.escape(str(text))}</p>"))


def heading(text: str, level: int = 2) -> None:
    """Display ``text`` as an escaped HTML heading (headings that depend on the parameters)."""
    from IPython.display import HTML, display
    display(HTML(f"<h{level}>{html.escape(str(text))}</h{level}>"))
