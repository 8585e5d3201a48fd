"""Framing within stories: outlets compared on the stories they both covered, and a difference
between outlets split into agenda (which stories) and framing (how).

Units are the toolkit's units (sentences by default, the title a unit of its own): for each story,
outlet, actor and frame, :func:`story_counts` takes from :func:`toolkit.cooccurrence` the units that
mention the actor (``actor_units``) and those that also carry the frame (``joint_units``).
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, check_choice, check_columns, check_positive_int
from toolkit.framing import cooccurrence
from toolkit.match.lexicon import load_lexicon
from toolkit.stats.tests import bh_qvalues
from toolkit.stats.stratified import CMH_KEYS, cmh, decompose_rates, strata_tables
from toolkit.stories.table import _story_column

VERSUS = ("rest", "pairs")
REST = "rest"
MAX_PAIR_GROUPS = 30
COUNT_COLUMNS = ["actor", "frame", "actor_units", "joint_units"]


def _check_by(articles: pd.DataFrame, by: str) -> None:
    if not isinstance(by, str):
        raise ParameterError(f"`by` must be one column name, got {by!r}")
    check_columns(articles, [by])


def _sides(articles: pd.DataFrame, by: str, outlets) -> list:
    """The groups compared: ``outlets`` (checked) or every group, most articles first."""
    sizes = articles[by].value_counts(sort=False)
    sizes = sizes[sizes > 0]
    ranked = sorted(sizes.index, key=lambda g: (-sizes[g], str(g)))
    if outlets is None:
        return ranked
    if isinstance(outlets, str):
        outlets = [outlets]
    for g in outlets:
        check_choice("outlets", g, ranked)
    return list(dict.fromkeys(outlets))


def story_counts(articles: pd.DataFrame, actors, frames, *, story: str = "story", by: str = "outlet",
                 unit: str = "sentence") -> pd.DataFrame:
    """Units tying each actor to each frame, per story and group: the strata of the comparisons.

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (:func:`toolkit.stories`).
    actors, frames : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes.
    story : str
        The story column.
    by : str
        The column whose groups are compared (``"outlet"``, or e.g. ``"bias"``).
    unit : {"sentence", "paragraph", "document"}
        The unit of counting (:func:`toolkit.cooccurrence`).

    Returns
    -------
    DataFrame
        One row per story × group × actor × frame with at least one actor unit: ``story`` (named
        after ``story``), the ``by`` column, ``actor``, ``frame``, ``actor_units``, ``joint_units``.
        ``attrs["parameters"]`` records the lexicons, unit, story and by.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "story": [0, 0],
    ...     "title": ["", ""], "text": ["Russia warned. Russia escalated.", "Russia met NATO."]})
    >>> toolkit.story_counts(arts, {"russia": ["Russia"]}, {"escalation": ["escalat*"]}).values.tolist()
    [[0, 'A', 'russia', 'escalation', 2, 1], [0, 'B', 'russia', 'escalation', 1, 0]]
    """
    _story_column(articles, story)
    _check_by(articles, by)
    a_lex, f_lex = load_lexicon(actors), load_lexicon(frames)
    table = cooccurrence(articles, actors=a_lex, frames=f_lex, unit=unit, by=[story, by], progress=False)
    out = table.loc[table["actor_units"] > 0, [story, by, *COUNT_COLUMNS]].reset_index(drop=True)
    for col in ("actor_units", "joint_units"):
        out[col] = out[col].astype(np.int64)
    out.attrs["parameters"] = {"actors": a_lex.name, "frames": f_lex.name, "actor_categories": list(a_lex.categories),
                               "frame_categories": list(f_lex.categories), "unit": unit, "story": story, "by": by}
    return out


def _counts(articles, actors, frames, *, story, by, unit, counts) -> pd.DataFrame:
    if counts is None:
        return story_counts(articles, actors, frames, story=story, by=by, unit=unit)
    check_columns(counts, [story, by, *COUNT_COLUMNS], what="counts")
    made = counts.attrs.get("parameters", {})
    if made.get("unit", unit) != unit:
        raise ParameterError(f"`counts` were made with unit={made['unit']!r}, not {unit!r}")
    return counts


def _categories(counts: pd.DataFrame, name: str) -> list:
    given = counts.attrs.get("parameters", {}).get(f"{name}_categories")
    return list(given) if given is not None else list(dict.fromkeys(counts[name]))


def _strata(counts, articles, *, story, by, sides, versus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per comparison × actor × frame × story: side cells; and stories covered per comparison."""
    keys = [story, "actor", "frame"]
    per_story = articles.groupby([story, by], observed=True).size().rename("n").reset_index()
    if versus == REST:
        totals = counts.groupby(keys, observed=True)[["actor_units", "joint_units"]].sum()
        mine = counts[counts[by].isin(sides)].merge(totals.add_suffix("_all"), left_on=keys, right_index=True)
        strata = pd.DataFrame({by: mine[by].to_numpy(), "versus": REST, story: mine[story].to_numpy(),
                               "actor": mine["actor"].to_numpy(), "frame": mine["frame"].to_numpy(),
                               "units_a": mine["actor_units"].to_numpy(), "joint_a": mine["joint_units"].to_numpy(),
                               "units_b": (mine["actor_units_all"] - mine["actor_units"]).to_numpy(),
                               "joint_b": (mine["joint_units_all"] - mine["joint_units"]).to_numpy()})
        story_n = per_story.groupby(story)["n"].sum()
        side_n = per_story[per_story[by].isin(sides)]
        rest_n = story_n.reindex(side_n[story]).to_numpy() - side_n["n"].to_numpy()
        covered = side_n[rest_n > 0].groupby(by, observed=True).size()
        cover = pd.DataFrame({by: list(sides), "versus": REST,
                              "stories_covered": [int(covered.get(g, 0)) for g in sides]})
        return strata, cover
    parts, cover = [], []
    present = {g: set(per_story.loc[per_story[by] == g, story]) for g in sides}
    for g, h in itertools.combinations(sides, 2):
        both = counts[counts[by] == g].merge(counts[counts[by] == h], on=keys, suffixes=("_a", "_b"))
        parts.append(pd.DataFrame({by: g, "versus": h, story: both[story].to_numpy(),
                                   "actor": both["actor"].to_numpy(), "frame": both["frame"].to_numpy(),
                                   "units_a": both["actor_units_a"].to_numpy(),
                                   "joint_a": both["joint_units_a"].to_numpy(),
                                   "units_b": both["actor_units_b"].to_numpy(),
                                   "joint_b": both["joint_units_b"].to_numpy()}))
        cover.append({by: g, "versus": h, "stories_covered": len(present[g] & present[h])})
    strata = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[by, "versus", story, "actor", "frame", "units_a", "joint_a", "units_b", "joint_b"])
    return strata, pd.DataFrame(cover, columns=[by, "versus", "stories_covered"])


def compare_within_stories(articles: pd.DataFrame, actors, frames, *, by: str = "outlet",
                           outlets: Sequence | None = None, versus: str = "rest", story: str = "story",
                           unit: str = "sentence", min_units: int = 10, alpha: float = 0.05,
                           correction: bool = False, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Do outlets tie a frame to an actor differently *when they cover the same stories*?

    For each actor × frame and each comparison (an outlet against all other outlets together, or
    each pair of outlets), a Cochran–Mantel–Haenszel analysis stratified by story: in each story
    both sides covered, a 2×2 table of the units mentioning the actor (rows: the two sides;
    columns: with / without the frame). The pooled odds ratio compares the sides within stories, so
    a side that covers more stories of one kind does not look different for that reason alone
    (that part is :func:`agenda_framing`'s agenda).

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (:func:`toolkit.stories`).
    actors, frames : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes.
    by : str, default "outlet"
        The column whose groups are compared (e.g. ``"bias"``).
    outlets : list, optional
        The groups to compare (default: all, most articles first). With ``versus="rest"`` each is
        compared with every other group of ``articles`` together.
    versus : {"rest", "pairs"}
        Each group against the rest, or every pair of groups (at most 30 groups).
    story : str, default "story"
        The story column (any column that numbers events, e.g. a gold ``event_id``, works too).
    unit : {"sentence", "paragraph", "document"}
    min_units : int, default 10
        Fewer actor units than this on either side, over the stories used, flags the row ``small``.
    alpha : float, default 0.05
        1 - confidence level of the odds-ratio interval.
    correction : bool, default False
        Continuity correction of the CMH statistic.
    counts : DataFrame, optional
        :func:`story_counts` of the same articles, story, by and unit, to reuse (skips counting).

    Returns
    -------
    DataFrame
        One row per comparison × actor × frame for comparisons with at least one shared story: the
        ``by`` column (side a), ``versus`` (side b: a group, or ``"rest"``), ``actor``, ``frame``,
        ``stories_covered`` (stories with articles of both sides), ``stories_used`` (of those, with
        actor units on both sides: the CMH strata), ``stories_informative`` (of those, with units
        both with and without the frame: the strata passed to statsmodels, see
        :mod:`toolkit.stats.stratified`), ``actor_units``, ``joint_units``, ``rate`` (side a, summed
        over the stories used), ``actor_units_versus``, ``joint_units_versus``, ``rate_versus``
        (side b), ``odds_ratio`` (Mantel–Haenszel; > 1: side a ties the frame to the actor more
        often within stories), ``ci_low``, ``ci_high``, ``cmh``, ``p`` (CMH test of no
        association), ``q`` (Benjamini–Hochberg over the table), ``breslow_day``,
        ``breslow_day_p`` (homogeneity of the odds ratio across stories, Tarone-adjusted),
        ``mantel_fleiss`` (criterion; < 5: the chi-square approximation is rough), ``small``
        (True when ``mantel_fleiss`` < 5, either side has fewer than ``min_units`` actor units, or
        no story is informative) and ``direction`` (``"+"`` odds ratio > 1, ``"-"`` < 1, ``""``
        otherwise). Statistics are NaN where no story is informative. ``attrs["parameters"]``.

    Raises
    ------
    ParameterError
        No story column, an unknown ``by``, outlet, ``versus`` or unit, or too many pairs.

    References
    ----------
    Mantel & Haenszel (1959); Robins, Breslow & Greenland (1986); Breslow & Day (1980); Tarone
    (1985); Mantel & Fleiss (1980); Benjamini & Hochberg (1995). See :mod:`toolkit.stats.stratified`.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["A", "B", "A", "B"],
    ...     "story": [0, 0, 1, 1], "title": [""] * 4,
    ...     "text": ["Russia escalated. Russia escalated. Russia met.", "Russia met. Russia escalated.",
    ...              "Russia escalated. Russia met.", "Russia met. Russia met. Russia talked."]})
    >>> # story 0: A 2 of 3, B 1 of 2; story 1: A 1 of 2, B 0 of 3 -> (2·1/5 + 1·3/5) / (1·1/5 + 1·0/5)
    >>> t = toolkit.compare_within_stories(arts, {"russia": ["Russia"]}, {"escalation": ["escalat*"]},
    ...                                    outlets=["A"], min_units=1)
    >>> t[["outlet", "versus", "stories_used", "joint_units", "actor_units", "odds_ratio"]].values.tolist()
    [['A', 'rest', 2, 3, 5, 5.0]]
    """
    _story_column(articles, story)
    _check_by(articles, by)
    check_choice("versus", versus, VERSUS)
    check_positive_int("min_units", min_units, minimum=0)
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    sides = _sides(articles, by, outlets)
    if versus == "pairs" and len(sides) > MAX_PAIR_GROUPS:
        raise ParameterError(f"versus='pairs' compares every pair: {len(sides)} groups give "
                             f"{len(sides) * (len(sides) - 1) // 2} pairs; pass at most {MAX_PAIR_GROUPS} outlets=")
    counts = _counts(articles, actors, frames, story=story, by=by, unit=unit, counts=counts)
    strata, cover = _strata(counts, articles, story=story, by=by, sides=sides, versus=versus)
    cover = cover[cover["stories_covered"] > 0]

    grid = cover.merge(pd.DataFrame(itertools.product(_categories(counts, "actor"), _categories(counts, "frame")),
                                    columns=["actor", "frame"]), how="cross")
    keys = [by, "versus", "actor", "frame"]
    used = strata[(strata["units_a"] > 0) & (strata["units_b"] > 0)]
    results = []
    for key, part in used.groupby(keys, sort=False, observed=True):
        tables = strata_tables(part["joint_a"], part["units_a"] - part["joint_a"],
                               part["joint_b"], part["units_b"] - part["joint_b"])
        results.append((*key, *(cmh(tables, alpha=alpha, correction=correction)[k] for k in CMH_KEYS),
                        int(part["units_a"].sum()), int(part["joint_a"].sum()),
                        int(part["units_b"].sum()), int(part["joint_b"].sum())))
    stats = pd.DataFrame(results, columns=[*keys, *CMH_KEYS, "actor_units", "joint_units",
                                           "actor_units_versus", "joint_units_versus"])
    out = grid.merge(stats, on=keys, how="left")
    out = out.rename(columns={"strata": "stories_used", "informative": "stories_informative"})
    for col in ("stories_used", "stories_informative", "actor_units", "joint_units", "actor_units_versus",
                "joint_units_versus"):
        out[col] = out[col].fillna(0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(out["actor_units"] > 0, out["joint_units"] / out["actor_units"], np.nan)
        out["rate_versus"] = np.where(out["actor_units_versus"] > 0,
                                      out["joint_units_versus"] / out["actor_units_versus"], np.nan)
    out["q"] = bh_qvalues(out["p"])
    out["small"] = ((out["stories_informative"] == 0) | ~(out["mantel_fleiss"] >= 5)
                    | (out["actor_units"] < min_units) | (out["actor_units_versus"] < min_units))
    ratio = out["odds_ratio"]
    out["direction"] = np.where(ratio > 1, "+", np.where(ratio < 1, "-", ""))
    out = out[[by, "versus", "actor", "frame", "stories_covered", "stories_used", "stories_informative",
               "actor_units", "joint_units", "rate", "actor_units_versus", "joint_units_versus", "rate_versus",
               "odds_ratio", "ci_low", "ci_high", "cmh", "p", "q", "breslow_day", "breslow_day_p",
               "mantel_fleiss", "small", "direction"]]
    out.attrs["parameters"] = {**counts.attrs.get("parameters", {}), "outlets": [str(s) for s in sides],
                               "versus": versus, "min_units": min_units, "alpha": alpha, "correction": correction}
    return out.reset_index(drop=True)
