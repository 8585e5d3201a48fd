"""Agenda: which stories each outlet covers, and which it skips that the others covered."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import check_positive_int
from toolkit.stories.compare import _check_by, _sides
from toolkit.stories.table import _story_column


def _matrix(articles, story, by, outlets) -> tuple[pd.DataFrame, list]:
    sides = _sides(articles, by, outlets)
    part = articles[articles[by].isin(sides)]
    counts = pd.crosstab(part[story], part[by].astype(object)).reindex(columns=sides, fill_value=0)
    return counts, sides


def coverage(articles: pd.DataFrame, *, story: str = "story", by: str = "outlet",
             outlets: Sequence | None = None, min_outlets: int = 2) -> pd.DataFrame:
    """Which outlets covered each story: the story × outlet coverage table, in long form.

    The *comparison set* is ``outlets`` (default: every group of ``by``). Only stories covered by at
    least ``min_outlets`` outlets of the set are listed, each with a row for every outlet of the
    set, so that a skipped story is a row with ``covered`` False.

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (:func:`toolkit.stories`).
    story : str, default "story"
    by : str, default "outlet"
    outlets : list, optional
        The comparison set (default all groups, most articles first).
    min_outlets : int, default 2
        Stories covered by fewer outlets of the set are left out (1 keeps every story).

    Returns
    -------
    DataFrame
        One row per story × outlet: ``story``, the ``by`` column, ``articles`` (that outlet's
        articles in the story), ``covered`` (articles > 0), ``outlets_covering`` (outlets of the set
        that covered the story), ``others_covering`` (the same, without this outlet),
        ``others_share`` (others_covering / the number of other outlets in the set; NaN with one
        outlet). Stories ordered by ``outlets_covering`` (descending), then story; outlets as in
        ``outlets``. ``pandas.pivot`` on ``articles`` gives the story × outlet matrix.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"story": [0, 0, 1, 1, 1, 2], "outlet": ["A", "B", "A", "B", "C", "C"]})
    >>> t = toolkit.coverage(arts)
    >>> t[t["outlet"] == "C"][["story", "covered", "others_share"]].values.tolist()
    [[1, True, 1.0], [0, False, 1.0]]
    """
    _story_column(articles, story)
    _check_by(articles, by)
    check_positive_int("min_outlets", min_outlets)
    counts, sides = _matrix(articles, story, by, outlets)
    covering = (counts > 0).sum(axis=1)
    counts = counts[covering >= min_outlets]
    covering = covering[covering >= min_outlets]
    order = sorted(counts.index, key=lambda s: (-covering[s], s))
    counts = counts.loc[order]
    n_sides = len(sides)
    long = counts.stack().rename("articles").reset_index()
    long.columns = [story, by, "articles"]
    long["articles"] = long["articles"].astype(np.int64)
    long["covered"] = long["articles"] > 0
    long["outlets_covering"] = covering.reindex(long[story]).to_numpy().astype(np.int64)
    long["others_covering"] = long["outlets_covering"] - long["covered"].astype(np.int64)
    long["others_share"] = long["others_covering"] / (n_sides - 1) if n_sides > 1 else np.nan
    long.attrs["parameters"] = {"story": story, "by": by, "outlets": [str(s) for s in sides],
                                "min_outlets": min_outlets}
    return long


def agenda(articles: pd.DataFrame, *, story: str = "story", by: str = "outlet", outlets: Sequence | None = None,
           min_outlets: int = 2) -> pd.DataFrame:
    """Each outlet's agenda against the others': stories covered, exclusive and skipped.

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (:func:`toolkit.stories`).
    story, by, outlets, min_outlets
        As in :func:`coverage`: ``outlets`` is the comparison set, and a *shared* story is one
        covered by at least ``min_outlets`` outlets of it.

    Returns
    -------
    DataFrame
        One row per outlet of the set, in its order: the ``by`` column, ``articles``, ``stories``
        (stories it covered), ``unplaced_stories`` (stories of one undated article: with
        ``stories(undated="alone")`` an undated article cannot meet the others' articles, so it
        counts as neither exclusive nor skipped-by-others), ``exclusive_stories`` (other stories
        covered by no other outlet of the set),
        ``shared_stories`` (shared stories it covered), ``skipped_stories`` (shared stories it did
        not cover), ``coverage_share`` (shared / (shared + skipped): its share of the shared
        agenda), ``skipped_majority`` (skipped stories that at least half of the other outlets
        covered) and ``exclusive_share`` (exclusive / placed stories).

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"story": [0, 0, 1, 1, 1, 2], "outlet": ["A", "B", "A", "B", "C", "C"]})
    >>> toolkit.agenda(arts)[["outlet", "stories", "exclusive_stories", "shared_stories", "skipped_stories"]].values.tolist()
    [['A', 2, 0, 2, 0], ['B', 2, 0, 2, 0], ['C', 2, 1, 1, 1]]
    """
    _story_column(articles, story)
    _check_by(articles, by)
    check_positive_int("min_outlets", min_outlets)
    counts, sides = _matrix(articles, story, by, outlets)
    covered = counts > 0
    covering = covered.sum(axis=1)
    # stories of one undated article: not placed in time, so neither exclusive nor shared
    if "date" in articles.columns:
        part = articles[articles[by].isin(sides)]
        size = part.groupby(story).size()
        dated = part["date"].notna().groupby(part[story]).any()
        unplaced = ((size == 1) & ~dated).reindex(counts.index).fillna(False).to_numpy(dtype=bool)
    else:
        unplaced = np.zeros(len(counts), dtype=bool)
    shared = covering >= min_outlets
    others = covering.to_numpy()[:, None] - covered.to_numpy()
    n_others = max(len(sides) - 1, 1)
    majority = others >= n_others / 2
    cov = covered.to_numpy()
    out = pd.DataFrame({by: sides})
    out["articles"] = counts.sum(axis=0).to_numpy().astype(np.int64)
    out["stories"] = cov.sum(axis=0).astype(np.int64)
    alone = (covering.to_numpy() == 1)[:, None]
    out["unplaced_stories"] = (cov & alone & unplaced[:, None]).sum(axis=0).astype(np.int64)
    out["exclusive_stories"] = (cov & alone & ~unplaced[:, None]).sum(axis=0).astype(np.int64)
    out["shared_stories"] = (cov & shared.to_numpy()[:, None]).sum(axis=0).astype(np.int64)
    out["skipped_stories"] = (~cov & shared.to_numpy()[:, None]).sum(axis=0).astype(np.int64)
    total = out["shared_stories"] + out["skipped_stories"]
    out["coverage_share"] = np.where(total > 0, out["shared_stories"] / total.where(total > 0, 1), np.nan)
    out["skipped_majority"] = (~cov & shared.to_numpy()[:, None] & majority).sum(axis=0).astype(np.int64)
    placed = out["stories"] - out["unplaced_stories"]
    out["exclusive_share"] = np.where(placed > 0, out["exclusive_stories"] / placed.where(placed > 0, 1), np.nan)
    out.attrs["parameters"] = {"story": story, "by": by, "outlets": [str(s) for s in sides],
                               "min_outlets": min_outlets}
    return out
