"""Checks of the report parameters: valid values with "did you mean", the ``by`` names, the ``where`` query.

Every message names the parameter, the closest valid values and (at most :data:`LISTED` of) the
valid ones, largest first where their sizes are known.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from toolkit.count.groups import PERIODS, group_names
from toolkit.errors import ParameterError

__all__ = ["LISTED", "NOUNS", "group_noun", "check_value", "check_category", "check_by", "filter_articles"]

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
    close = difflib.get_close_matches(str(value), valid, n=1, cutoff=0.6)
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
