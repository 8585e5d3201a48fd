"""Actors, frames and the units that tie them: frequencies, co-occurrence, comparison of outlets.

The statistic the toolkit exists for: how often is a frame (say *escalation*) tied to each actor,
in each outlet? :func:`cooccurrence` answers it in one call, with Wilson intervals and 2×2
association scores; :func:`toolkit.hits` gives the audit trail behind every count (its rows are
exactly the matches counted here).
"""
from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from toolkit.count.categories import CountSpec, Counts, count_chunk
from toolkit.count.distributed import check_client, frame_meta
from toolkit.count.engine import Engine, check_engine, is_dask_frame, run_chunks, sum_parts
from toolkit.count.groups import GroupIndex, group_frame, group_names
from toolkit.errors import ParameterError, check_choice, check_columns, check_positive_int
from toolkit.match.lexicon import Lexicon
from toolkit.match.matcher import compile_matcher
from toolkit.match.patterns import label, resolve
from toolkit.stats.association import g2_2x2, pmi
from toolkit.stats.exact import p_2x2
from toolkit.stats.intervals import wilson_interval
from toolkit.stats.tests import bh_qvalues, homogeneity
from toolkit.text.segment import Unit, check_unit

__all__ = ["frequencies", "cooccurrence", "score_cooccurrence", "compare_outlets", "strongest_ties",
           "count_categories", "check_articles", "MIN_UNITS"]

#: Default ``min_units``: a rate from fewer actor units is flagged ``small`` and kept out of "top"
#: lists and of the extremes of :func:`compare_outlets` (a rate from 1 sentence is not a finding).
MIN_UNITS = 10

By = str | Sequence[str] | None


def check_articles(articles: pd.DataFrame, by: By, *, unit: str | None = None,
                   columns: Sequence[str] = ("doc_id", "title", "text")) -> list[str]:
    """The checks every matching verb runs first; returns the grouping column names."""
    if not isinstance(articles, pd.DataFrame) and not is_dask_frame(articles):
        raise ParameterError(f"`articles` must be a pandas DataFrame, not {type(articles).__name__}")
    check_columns(frame_meta(articles), list(columns))
    if unit is not None:
        check_unit(unit)
    names = group_names(by)
    group_frame(frame_meta(articles), names)  # raises ParameterError naming an unknown `by` column
    return names


def count_categories(articles: pd.DataFrame, lexicons: list[Lexicon], *, unit: str, by: By,
                     pair: tuple[int, int] | None = None, window: int | None = None, words: bool = False,
                     engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
                     chunk_size: int | None = None, client=None) -> tuple[GroupIndex, Counts]:
    """Count lexicon categories per group (see :mod:`toolkit.count.categories`) over the corpus."""
    check_articles(articles, by, unit=unit)
    check_engine(engine, jobs, progress)
    check_client(client)
    if window is not None:
        check_positive_int("window", window)
    matcher = compile_matcher(lexicons)
    spec = CountSpec(unit=unit, n_groups=0, sizes=tuple(len(x.categories) for x in lexicons),
                     pair=pair, window=window, words=words)
    columns = [c for c in ["title", "text", *group_names(by), "date"] if c in articles.columns]
    frame = articles[list(dict.fromkeys(columns))]
    if is_dask_frame(articles) and group_names(by):  # one pass: keys found per partition, merged by value
        from toolkit.count.distributed import count_keyed

        return count_keyed(frame, by, lambda chunk, local: count_chunk(
            chunk, matcher, replace(spec, n_groups=len(local)), local.codes(chunk)),
            lambda n: Counts.zeros(replace(spec, n_groups=n)), client=client, progress=progress)
    groups = GroupIndex.of(articles, by, client=client)
    spec = replace(spec, n_groups=len(groups))
    parts = run_chunks(frame, lambda chunk: count_chunk(chunk, matcher, spec, groups.codes(chunk)),
                       engine=engine, jobs=jobs, progress=progress, chunk_size=chunk_size, desc="counting",
                       client=client, combine=operator.add)
    return groups, sum_parts(parts, Counts.zeros(spec))


def frequencies(articles: pd.DataFrame, what, *, unit: Unit = "sentence", by: By = "outlet",
                engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
                client=None) -> pd.DataFrame:
    """How often each category of a lexicon (or a pattern) occurs, per group.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text`` and the ``by`` columns).
    what : pattern, "lexicon:category", lexicon, mapping or list
        What to count (see :mod:`toolkit.match.patterns`), e.g. ``"actors"`` or ``"escalat*"``.
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        The unit of ``units`` (the title is unit 0); matches never cross a unit boundary.
    by : str, list of str or None, default "outlet"
        Grouping columns; periods (``"month"``) are derived from ``date``. Articles with a missing
        grouping value are left out, with a :class:`~toolkit.count.groups.MissingGroupWarning`.
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus (``load_corpus(..., lazy=True)``) is counted on a ``dask.distributed`` client.

    Returns
    -------
    DataFrame
        One row per group × category: the ``by`` columns, ``category``, ``mentions`` (matches;
        the rows of :func:`toolkit.hits`), ``units`` (units with at least one match), ``docs``
        (articles with at least one match), ``total_units``, ``total_docs``, ``words`` (the words
        of titles and texts, :mod:`toolkit.text.tokens`) and ``per_10k_words`` = mentions / words
        × 10,000 (NaN without words). Categories with no match appear with zeros.
        ``attrs["parameters"]`` records the call.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "title": ["Russia talks"],
    ...                      "text": ["Russia’s envoy left. The Kremlin stayed."]})
    >>> toolkit.frequencies(arts, {"russia": ["Russia", "Kremlin"]})[["mentions", "units", "words"]].values.tolist()
    [[3, 3, 8]]
    """
    lex = resolve(what, argument="what")
    groups, counts = count_categories(articles, [lex], unit=unit, by=by, words=True, engine=engine, jobs=jobs,
                                      progress=progress, client=client)
    G, C = counts.mentions[0].shape
    out = groups.keys.iloc[np.repeat(np.arange(G), C)].reset_index(drop=True) if groups.names \
        else pd.DataFrame(index=range(G * C))
    out["category"] = np.tile(np.asarray(lex.categories, dtype=object), G)
    out["mentions"] = counts.mentions[0].ravel()
    out["units"] = counts.cat_units[0].ravel()
    out["docs"] = counts.cat_docs[0].ravel()
    out["total_units"] = np.repeat(counts.units, C)
    out["total_docs"] = np.repeat(counts.docs, C)
    out["words"] = np.repeat(counts.words, C)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k_words"] = np.where(out["words"] > 0, out["mentions"] / out["words"] * 10_000, np.nan)
    out.attrs["parameters"] = {"what": label(what), "unit": unit, "by": groups.names}
    return out


def cooccurrence(articles: pd.DataFrame, actors, frames, *, unit: Unit = "sentence", by: By = "outlet",
                 window: int | None = None, alpha: float = 0.05, min_units: int = MIN_UNITS,
                 engine: Engine = "local", jobs: int | None = None, progress: bool | None = None,
                 client=None) -> pd.DataFrame:
    """How often each frame is tied to each actor, per group, with intervals and association.

    A unit (sentence, paragraph or document; the title is a unit of its own) *ties* an actor to a
    frame when it holds a match of both. With ``window=N`` the units are replaced by word
    positions: an actor mention is tied to a frame when a frame match lies within N words of it,
    in the same unit (see :mod:`toolkit.count.categories`).

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors, frames : pattern, "lexicon:category", lexicon, mapping or list
        See :mod:`toolkit.match.patterns` (``"actors"``, ``"frames"`` are packaged lexicons).
    unit : {"sentence", "paragraph", "document"}, default "sentence"
    by : str, list of str or None, default "outlet"
        Grouping: a column, several (``["outlet", "month"]``; periods are derived from ``date``)
        or None for the whole corpus. Articles with a missing grouping value are left out, with a
        :class:`~toolkit.count.groups.MissingGroupWarning`.
    window : int, optional
        Word window instead of units (see above).
    alpha : float, default 0.05
        1 - confidence level of the intervals.
    min_units : int, default 10
        Rows with fewer actor units are flagged ``small`` (kept in the table, kept out of "top"
        lists: :func:`strongest_ties`, :func:`compare_outlets`' extremes, greyed in charts).
    engine, jobs, progress, client
        The count engine (:mod:`toolkit.count.engine`); the result does not depend on them. A
        lazy corpus (``load_corpus(..., lazy=True)``) is counted on a ``dask.distributed`` client.

    Returns
    -------
    DataFrame
        One row per group × actor × frame (every combination, zeros included, so tables align across
        outlets): the ``by`` columns, ``actor``, ``frame``, ``actor_units`` (units mentioning the
        actor), ``frame_units`` (units with the frame), ``joint_units`` (units with both), ``units``
        (all units of the group), ``rate`` = joint_units / actor_units, ``ci_low``, ``ci_high``
        (Wilson interval of the rate), ``expected`` (joint units expected under independence =
        actor_units × frame_units / units), ``pmi`` (log2 of observed / expected; NaN when
        joint_units is 0), ``g2`` (log-likelihood G2 of the 2×2 table of units; NaN when a margin
        is 0), ``p`` and ``test`` (the chi-square approximation of G2 with 1 df, ``"g2"``, where
        every expected cell of the 2×2 table is at least 5; Fisher's exact test, ``"fisher"``,
        where one is below 5; see :mod:`toolkit.stats.exact`), ``direction`` (``"+"`` when
        joint_units > expected: the actor and the frame share units more often than chance;
        ``"-"``: less often; G2 and p do not say which), ``q`` (Benjamini–Hochberg over the
        whole table) and ``small`` (actor_units < ``min_units``). In window mode ``actor_units`` counts
        actor mentions, ``frame_units`` words within the window of a frame match and ``units``
        words. ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        An unknown unit, engine or grouping column, a window that is not a positive integer, an
        ``alpha`` outside (0, 1), a negative ``min_units``, or an invalid pattern.
    LexiconError
        A lexicon that cannot be loaded.

    References
    ----------
    Wilson (1927) for the interval; Dunning (1993) for G2; Fisher (1935) and Cochran (1954) for
    the exact test of small tables; Church & Hanks (1990) for PMI; Benjamini & Hochberg (1995)
    for q. See :mod:`toolkit.stats`.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "title": [""],
    ...     "text": ["Russia warned of escalation. NATO met. Russia left."]})
    >>> t = toolkit.cooccurrence(arts, {"russia": ["Russia"], "nato": ["NATO"]}, "escalat*")
    >>> t[["actor", "actor_units", "joint_units", "rate"]].values.tolist()
    [['russia', 2, 1, 0.5], ['nato', 1, 0, 0.0]]
    """
    a_lex, f_lex = resolve(actors, argument="actors"), resolve(frames, argument="frames")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    check_positive_int("min_units", min_units, minimum=0)
    groups, counts = count_categories(articles, [a_lex, f_lex], unit=unit, by=by, pair=(0, 1), window=window,
                                      engine=engine, jobs=jobs, progress=progress, client=client)
    G, A, F = counts.joint.shape
    idx_g = np.repeat(np.arange(G), A * F)
    idx_a = np.tile(np.repeat(np.arange(A), F), G)
    idx_f = np.tile(np.arange(F), G * A)
    out = groups.keys.iloc[idx_g].reset_index(drop=True) if groups.names else pd.DataFrame(index=range(len(idx_g)))
    out["actor"] = np.asarray(a_lex.categories, dtype=object)[idx_a]
    out["frame"] = np.asarray(f_lex.categories, dtype=object)[idx_f]
    out["actor_units"] = counts.cat_units[0][idx_g, idx_a]
    out["frame_units"] = counts.cat_units[1][idx_g, idx_f]
    out["joint_units"] = counts.joint.ravel()
    out["units"] = counts.units[idx_g]
    out = score_cooccurrence(out, alpha=alpha, min_units=min_units)
    out.attrs["parameters"] = {"actors": label(actors), "frames": label(frames), "unit": unit,
                               "by": groups.names, "window": window, "alpha": alpha, "min_units": min_units}
    return out


def score_cooccurrence(table: pd.DataFrame, *, alpha: float = 0.05, min_units: int = MIN_UNITS) -> pd.DataFrame:
    """Add rate, Wilson interval, expected, PMI, G2, p, test, direction, q and small to a count table.

    ``table`` needs ``actor_units``, ``frame_units``, ``joint_units`` and ``units``; pure scoring,
    usable on counts summed by any other means. The columns are those of :func:`cooccurrence`.
    """
    check_columns(table, ["actor_units", "frame_units", "joint_units", "units"], what="table")
    check_positive_int("min_units", min_units, minimum=0)
    out = table.copy()
    a, r, c, n = (out[col].to_numpy(dtype=float) for col in ("joint_units", "actor_units", "frame_units", "units"))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(r > 0, a / r, np.nan)
    out["ci_low"], out["ci_high"] = wilson_interval(a, r, alpha=alpha)
    g2, p, expected = g2_2x2(a, r, c, n)
    p, test = p_2x2(a, r, c, n, p, approximation="g2")
    out["expected"] = expected
    out["pmi"] = pmi(a, r, c, n)
    out["g2"] = g2
    out["p"] = p
    out["test"] = pd.array(test, dtype="str")
    out["direction"] = np.where(a > np.nan_to_num(expected, nan=np.inf), "+", "-")
    out["q"] = bh_qvalues(p)
    out["small"] = r < min_units
    return out


def strongest_ties(table: pd.DataFrame, *, n: int = 20, direction: str | None = "+",
                   include_small: bool = False) -> pd.DataFrame:
    """The strongest actor × frame ties of a :func:`cooccurrence` table: a "top" list that holds up.

    Rows flagged ``small`` (fewer actor units than ``min_units``) and rows without a test are left
    out unless ``include_small``; ``direction="+"`` keeps over-associations (the actor and the
    frame share units more often than chance), ``"-"`` under-associations, None both. Sorted by
    ``q``, then ``p``, then ``joint_units`` (descending).

    Returns
    -------
    DataFrame
        At most ``n`` rows of ``table``, its columns unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> t = score_cooccurrence(pd.DataFrame({"actor": ["a", "b", "c"], "frame": ["f"] * 3,
    ...     "actor_units": [40, 2, 40], "frame_units": [30, 30, 30], "joint_units": [20, 2, 0],
    ...     "units": [200, 200, 200]}))
    >>> strongest_ties(t)["actor"].tolist()   # b has 2 actor units (small); c is an under-association
    ['a']
    """
    check_columns(table, ["p", "q", "direction", "joint_units"], what="table")
    check_positive_int("n", n, minimum=0)
    if direction is not None:
        check_choice("direction", direction, ["+", "-"])
    keep = table["p"].notna()
    if direction is not None:
        keep &= table["direction"] == direction
    if not include_small and "small" in table:
        keep &= ~table["small"].astype(bool)
    part = table[keep]
    return part.sort_values(["q", "p", "joint_units"], ascending=[True, True, False], kind="stable").head(n)


def _extreme(part: pd.DataFrame, rates: np.ndarray, by: str, name: str, value: float) -> dict:
    """The group with rate ``value`` (among ties: the one with the most actor units) and the ties."""
    if not len(part):
        return {name: None, f"{name}_ties": 0}
    tied = np.flatnonzero(rates == value)
    best = tied[int(np.argmax(part["actor_units"].to_numpy()[tied]))]
    return {name: part[by].iloc[best], f"{name}_ties": len(tied)}


COMPARE_COLUMNS = ["actor", "frame", "groups", "groups_small", "joint_units", "actor_units", "test", "chi2",
                   "dof", "p", "q", "cramers_v", "min_expected", "rate_min", "rate_max", "rate_range",
                   "highest", "highest_ties", "lowest", "lowest_ties"]


def compare_outlets(table: pd.DataFrame, *, by: str = "outlet", min_units: int = MIN_UNITS,
                    resamples: int = 1999, seed: int = 0) -> pd.DataFrame:
    """Does an actor × frame rate differ between groups? A test of homogeneity per actor × frame.

    Only groups with at least ``min_units`` actor units take part: a rate from a handful of units
    cannot show a difference, and the extremes ("highest", "lowest") are then rates that mean
    something. The test is Pearson's chi-square of the k×2 table (joint / not joint units) where
    every expected cell is at least 5, otherwise an exact test: Fisher's for two groups, its
    Monte Carlo version for more (``resamples`` tables drawn with the observed margins; ``seed``
    makes the p-value reproducible).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cooccurrence` with the grouping column ``by`` (other grouping columns are
        summed over first).
    by : str, default "outlet"
        The column whose groups are compared.
    min_units : int, default 10
        Groups with fewer actor units (after summing) are left out of the test and the extremes;
        0 keeps every group with an actor unit.
    resamples, seed : int
        The Monte Carlo exact test (see :func:`toolkit.stats.exact.homogeneity_exact`).

    Returns
    -------
    DataFrame
        One row per actor × frame: ``groups`` (groups compared: at least ``min_units`` actor
        units), ``groups_small`` (groups with 1 to ``min_units - 1`` actor units, left out),
        ``joint_units``, ``actor_units`` (totals over the groups compared), ``test`` (``"chi2"``,
        ``"fisher"`` for two groups with an expected cell below 5, ``"monte_carlo"`` for more;
        missing when nothing can be tested: fewer than two groups, or no joint unit / no other
        unit), ``chi2`` (Pearson's chi-square statistic, also when the p-value is exact), ``dof``
        (int), ``p``, ``q`` (Benjamini–Hochberg across actor × frame pairs), ``cramers_v``
        (effect size), ``min_expected`` (smallest expected cell), ``rate_min``, ``rate_max``,
        ``rate_range`` (largest minus smallest rate), ``highest``, ``lowest`` (the groups with
        those rates; among groups tied at that rate, the one with the most actor units),
        ``highest_ties``, ``lowest_ties`` (how many groups share that rate). Sorted by ``p``. A table without rows (no article) gives a table without
        rows and these columns. ``attrs["parameters"]`` records ``by``, ``min_units`` and the
        parameters of ``table``.

    References
    ----------
    Pearson chi-square test of homogeneity (``scipy.stats.chi2_contingency``); Fisher (1935);
    Cochran (1954); Hope (1968) for the Monte Carlo test; Cramér (1946); Benjamini & Hochberg (1995).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"outlet": ["A", "B", "C"], "actor": "russia", "frame": "escalation",
    ...                   "joint_units": [30, 10, 1], "actor_units": [100, 100, 2]})
    >>> compare_outlets(t)[["groups", "groups_small", "test", "highest", "lowest", "lowest_ties"]].values.tolist()
    [[2, 1, 'chi2', 'A', 'B', 1]]
    """
    if not isinstance(by, str):
        raise ParameterError(f"`by` must be one column name (str), not {by!r}")
    check_columns(table, [by, "actor", "frame", "joint_units", "actor_units"], what="table")
    check_positive_int("min_units", min_units, minimum=0)
    check_positive_int("resamples", resamples)
    summed = table.groupby(["actor", "frame", by], observed=True, sort=False)[["joint_units", "actor_units"]].sum().reset_index()
    rows = []
    for (actor, frame), part in summed.groupby(["actor", "frame"], sort=False):
        part = part[part["actor_units"] > 0]
        small = part["actor_units"] < max(min_units, 1)
        part = part[~small]
        rates = (part["joint_units"] / part["actor_units"]).to_numpy()
        test = homogeneity(part["joint_units"], part["actor_units"], resamples=resamples, seed=seed)
        rows.append({"actor": actor, "frame": frame, "groups": len(part), "groups_small": int(small.sum()),
                     "joint_units": int(part["joint_units"].sum()), "actor_units": int(part["actor_units"].sum()),
                     **test,
                     "rate_min": rates.min() if len(part) else np.nan,
                     "rate_max": rates.max() if len(part) else np.nan,
                     **_extreme(part, rates, by, "highest", rates.max() if len(part) else np.nan),
                     **_extreme(part, rates, by, "lowest", rates.min() if len(part) else np.nan)})
    out = pd.DataFrame(rows, columns=[c for c in COMPARE_COLUMNS if c not in ("q", "rate_range")])
    out["rate_range"] = out["rate_max"] - out["rate_min"]
    out["q"] = bh_qvalues(out["p"])
    out["dof"] = out["dof"].astype("Int64")
    out["test"] = out["test"].astype("str")
    out = out[COMPARE_COLUMNS].sort_values("p", na_position="last", kind="stable").reset_index(drop=True)
    out.attrs["parameters"] = {**table.attrs.get("parameters", {}), "by": by, "min_units": min_units}
    return out
