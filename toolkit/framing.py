"""Actors, frames and the units that tie them: hits, frequencies, co-occurrence, KWIC.

The statistic the toolkit exists for: how often is a frame (say *escalation*) tied to each actor,
in each outlet? :func:`cooccurrence` answers it in one call, with Wilson intervals and 2×2
association scores, and :func:`hits` gives the audit trail behind every count.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from toolkit.count.engine import CountSpec, run_counts
from toolkit.errors import LexiconError, ParameterError, check_choice, check_columns, check_positive_int
from toolkit.count.groups import group_codes, group_frame, group_names
from toolkit.match.lexicon import Lexicon, load_lexicon
from toolkit.match.matcher import compile_matcher
from toolkit.stats.association import g2_2x2, pmi
from toolkit.stats.intervals import wilson_interval
from toolkit.stats.tests import bh_qvalues, homogeneity
from toolkit.text.segment import UNITS, segment

ENGINES = ("local", "dask")


def _check(articles: pd.DataFrame, unit: str, by) -> list[str]:
    check_columns(articles, ["doc_id", "title", "text"])
    check_choice("unit", unit, UNITS)
    names = group_names(by)
    group_frame(articles.iloc[:0], names)  # raises ParameterError naming an unknown `by` column
    return names


def _lexicon(value, name: str) -> Lexicon:
    if value is None:
        raise ParameterError(f"`{name}` is required: a lexicon name, a YAML path or a mapping")
    return load_lexicon(value)


def hits(articles: pd.DataFrame, lexicon, unit: str = "sentence", *,
         by: str | Sequence[str] | None = ("outlet", "date")) -> pd.DataFrame:
    """One row per lexicon match: the audit trail behind every count.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    lexicon : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes (e.g. ``"actors"``).
    unit : {"sentence", "paragraph", "document"}
        The unit each hit is assigned to (the title is unit 0).
    by : str, list of str or None
        Grouping columns copied onto each hit.

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``unit`` (int), ``field`` (``"title"``/``"text"``),
        ``category``, ``pattern`` (the lexicon entry), ``term`` (the matched text as written),
        ``start``, ``end`` (offsets into the field), ``sentence`` (the unit's text).

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "date": [pd.NaT], "title": [""],
    ...                      "text": ["Russia’s envoy left. The US and the EU stayed."]})
    >>> toolkit.hits(arts, {"russia": ["Russia"], "eu": ["EU"]})[["unit", "category", "term"]].values.tolist()
    [[1, 'russia', 'Russia'], [2, 'eu', 'EU']]
    """
    names = _check(articles, unit, by)
    lex = _lexicon(lexicon, "lexicon")
    units = segment(articles, unit, by=names)
    found = compile_matcher([lex]).find_frame(units["text"].tolist())
    rows = units.iloc[found["text_index"].to_numpy()].reset_index(drop=True)
    out = rows[["doc_id", *names, "unit", "field"]].copy()
    out["category"] = found["category"].to_numpy()
    out["pattern"] = found["pattern"].to_numpy()
    out["term"] = found["term"].to_numpy()
    out["start"] = rows["start"].to_numpy() + found["start"].to_numpy()
    out["end"] = rows["start"].to_numpy() + found["end"].to_numpy()
    out["sentence"] = rows["text"].to_numpy()
    out.attrs["parameters"] = {"lexicon": lex.name, "unit": unit, "by": names}
    return out


def _count(articles, lexicons, unit, by, *, pair=None, window=None, words=False, engine="local", jobs=None,
           progress=None):
    names = _check(articles, unit, by)
    check_choice("engine", engine, ENGINES)
    if window is not None:
        check_positive_int("window", window)
    matcher = compile_matcher(lexicons)
    codes, groups = group_codes(articles, names)
    spec = CountSpec(unit=unit, n_groups=len(groups), sizes=tuple(len(x.categories) for x in lexicons),
                     pair=pair, window=window, words=words)
    counts = run_counts(articles, matcher, spec, codes, engine=engine, jobs=jobs, progress=progress)
    return names, groups, counts


def frequencies(articles: pd.DataFrame, lexicon, unit: str = "sentence", *,
                by: str | Sequence[str] | None = "outlet", engine: str = "local",
                jobs: int | None = None) -> pd.DataFrame:
    """How often each category of a lexicon occurs, per group.

    Returns
    -------
    DataFrame
        One row per group × category: the ``by`` columns, ``category``, ``mentions`` (matches),
        ``units`` (units with at least one match), ``docs`` (articles with at least one match),
        ``total_units``, ``total_docs``, ``words`` (whitespace-separated words of titles and texts
        in the group) and ``per_10k_words`` = mentions / words × 10,000. Categories with no match
        appear with zeros.
    """
    lex = _lexicon(lexicon, "lexicon")
    names, groups, counts = _count(articles, [lex], unit, by, words=True, engine=engine, jobs=jobs)
    G, C = counts.mentions[0].shape
    out = groups.loc[np.repeat(np.arange(G), C)].reset_index(drop=True)
    out["category"] = np.tile(lex.categories, G)
    out["mentions"] = counts.mentions[0].ravel()
    out["units"] = counts.cat_units[0].ravel()
    out["docs"] = counts.cat_docs[0].ravel()
    out["total_units"] = np.repeat(counts.units, C)
    out["total_docs"] = np.repeat(counts.docs, C)
    out["words"] = np.repeat(counts.words, C)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k_words"] = np.where(out["words"] > 0, out["mentions"] / out["words"] * 10_000, np.nan)
    out.attrs["parameters"] = {"lexicon": lex.name, "unit": unit, "by": names}
    return out


def cooccurrence(articles: pd.DataFrame, actors, frames, unit: str = "sentence", *,
                 by: str | Sequence[str] | None = "outlet", window: int | None = None,
                 engine: str = "local", jobs: int | None = None, alpha: float = 0.05,
                 progress: bool | None = None) -> pd.DataFrame:
    """How often each frame is tied to each actor, per group, with intervals and association.

    A unit (sentence, paragraph or document; the title is a unit of its own) *ties* an actor to a
    frame when it holds a match of both. With ``window=N`` the units are replaced by token windows:
    an actor mention is tied to a frame when a frame match lies within N tokens of it.

    Parameters
    ----------
    articles : DataFrame
        The articles table (or, with ``engine="dask"``, a pandas table counted in Dask partitions).
    actors, frames : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes (``"actors"``, ``"frames"`` are packaged).
    unit : {"sentence", "paragraph", "document"}
    by : str, list of str or None
        Grouping: a column (``"outlet"``), several (``["outlet", "month"]``; periods are derived
        from ``date``) or None for the whole corpus. Articles with a missing grouping value (e.g.
        no date, grouped by month) are left out.
    window : int, optional
        Token window instead of units (see above).
    engine : {"local", "dask"}
        ``"local"`` counts chunks on all cores; ``"dask"`` counts Dask partitions (same result).
    jobs : int, optional
        Worker processes for ``engine="local"`` (default: all cores).
    alpha : float
        1 - confidence level of the intervals.
    progress : bool, optional
        Show a progress bar (default: for corpora of 16,000 articles or more).

    Returns
    -------
    DataFrame
        One row per group × actor × frame (every combination, zeros included, so tables align across
        outlets): the ``by`` columns, ``actor``, ``frame``, ``actor_units`` (units mentioning the
        actor), ``frame_units`` (units with the frame), ``joint_units`` (units with both), ``units``
        (all units of the group), ``rate`` = joint_units / actor_units, ``ci_low``, ``ci_high``
        (Wilson interval of the rate), ``expected`` (joint units expected under independence =
        actor_units × frame_units / units), ``pmi`` (log2 of observed / expected; NaN when
        joint_units is 0), ``g2`` and ``p`` (log-likelihood G2 of the 2×2 table of units, 1 df),
        ``direction`` (``"+"`` when joint_units > expected, else ``"-"``), and ``q``
        (Benjamini–Hochberg over the whole table). In window mode ``actor_units`` counts actor
        mentions, ``frame_units`` token positions within the window of a frame match and ``units``
        tokens. ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        An unknown unit, engine or grouping column, or a window that is not a positive integer.
    LexiconError
        A lexicon that cannot be loaded.

    References
    ----------
    Wilson (1927) for the interval; Dunning (1993) for G2; Church & Hanks (1990) for PMI;
    Benjamini & Hochberg (1995) for q. See :mod:`toolkit.stats.association`.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "date": [pd.NaT], "title": [""],
    ...     "text": ["Russia warned of escalation. NATO met. Russia left."]})
    >>> t = toolkit.cooccurrence(arts, {"russia": ["Russia"], "nato": ["NATO"]}, {"escalation": ["escalat*"]})
    >>> t[["actor", "actor_units", "joint_units", "rate"]].values.tolist()
    [['russia', 2, 1, 0.5], ['nato', 1, 0, 0.0]]
    """
    a_lex, f_lex = _lexicon(actors, "actors"), _lexicon(frames, "frames")
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    names, groups, counts = _count(articles, [a_lex, f_lex], unit, by, pair=(0, 1), window=window,
                                   engine=engine, jobs=jobs, progress=progress)
    G, A, F = counts.joint.shape
    idx_g = np.repeat(np.arange(G), A * F)
    idx_a = np.tile(np.repeat(np.arange(A), F), G)
    idx_f = np.tile(np.arange(F), G * A)
    out = groups.loc[idx_g].reset_index(drop=True)
    out["actor"] = np.asarray(a_lex.categories, dtype=object)[idx_a]
    out["frame"] = np.asarray(f_lex.categories, dtype=object)[idx_f]
    out["actor_units"] = counts.cat_units[0][idx_g, idx_a]
    out["frame_units"] = counts.cat_units[1][idx_g, idx_f]
    out["joint_units"] = counts.joint.ravel()
    out["units"] = counts.units[idx_g]
    out = score_cooccurrence(out, alpha=alpha)
    out.attrs["parameters"] = {"actors": a_lex.name, "frames": f_lex.name, "unit": unit, "by": names,
                               "window": window, "alpha": alpha}
    return out


def score_cooccurrence(table: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """Add rate, Wilson interval, expected, PMI, G2, p, direction and BH q to a co-occurrence count table.

    ``table`` needs ``actor_units``, ``frame_units``, ``joint_units`` and ``units``; pure scoring,
    usable on counts summed by any other means.
    """
    out = table.copy()
    a, r, c, n = (out[col].to_numpy(dtype=float) for col in ("joint_units", "actor_units", "frame_units", "units"))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(r > 0, a / r, np.nan)
    out["ci_low"], out["ci_high"] = wilson_interval(a, r, alpha=alpha)
    g2, p, expected = g2_2x2(a, r, c, n)
    out["expected"] = expected
    out["pmi"] = pmi(a, r, c, n)
    out["g2"] = g2
    out["p"] = p
    out["direction"] = np.where(a > np.nan_to_num(expected, nan=np.inf), "+", "-")
    out["q"] = bh_qvalues(p)
    return out


def compare_outlets(table: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Does an actor × frame rate differ between groups? A test of homogeneity per actor × frame.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cooccurrence` with one grouping column ``by`` (other grouping columns are
        summed over first).
    by : str
        The column whose groups are compared (default ``"outlet"``).

    Returns
    -------
    DataFrame
        One row per actor × frame: ``groups`` (groups with at least one actor unit), ``joint_units``,
        ``actor_units`` (totals), ``chi2``, ``dof``, ``p`` (Pearson chi-square test of homogeneity of
        the k×2 table joint / not joint), ``cramers_v`` (effect size), ``min_expected`` (the chi-square
        approximation is rough below 5), ``rate_min``, ``rate_max``, ``rate_range`` (largest minus
        smallest rate), ``highest``, ``lowest`` (the groups with those rates) and ``q``
        (Benjamini–Hochberg across actor × frame pairs). Sorted by ``p``.

    References
    ----------
    Pearson chi-square test of homogeneity (``scipy.stats.chi2_contingency``); Cramér (1946);
    Benjamini & Hochberg (1995).
    """
    check_columns(table, [by, "actor", "frame", "joint_units", "actor_units"], what="table")
    summed = table.groupby(["actor", "frame", by], observed=True, sort=False)[["joint_units", "actor_units"]].sum().reset_index()
    rows = []
    for (actor, frame), part in summed.groupby(["actor", "frame"], sort=False):
        part = part[part["actor_units"] > 0]
        rates = part["joint_units"] / part["actor_units"]
        test = homogeneity(part["joint_units"], part["actor_units"])
        rows.append({"actor": actor, "frame": frame, "groups": len(part),
                     "joint_units": int(part["joint_units"].sum()), "actor_units": int(part["actor_units"].sum()),
                     **test,
                     "rate_min": rates.min() if len(part) else np.nan,
                     "rate_max": rates.max() if len(part) else np.nan,
                     "highest": part[by].iloc[int(np.argmax(rates.to_numpy()))] if len(part) else None,
                     "lowest": part[by].iloc[int(np.argmin(rates.to_numpy()))] if len(part) else None})
    out = pd.DataFrame(rows)
    out["rate_range"] = out["rate_max"] - out["rate_min"]
    out["q"] = bh_qvalues(out["p"])
    out = out[["actor", "frame", "groups", "joint_units", "actor_units", "chi2", "dof", "p", "q", "cramers_v",
               "min_expected", "rate_min", "rate_max", "rate_range", "highest", "lowest"]]
    out = out.sort_values("p", na_position="last", kind="stable").reset_index(drop=True)
    out.attrs["parameters"] = {"by": by, **table.attrs.get("parameters", {})}
    return out


def subset_lexicon(lexicon, categories: str | Sequence[str]) -> Lexicon:
    """The lexicon restricted to ``categories`` (stop phrases kept; see :meth:`Lexicon.subset`).

    Raises :class:`ParameterError` naming a category the lexicon does not have (the category is an
    argument of the calling function, not a fault of the lexicon file).
    """
    try:
        return load_lexicon(lexicon).subset(categories)
    except LexiconError as err:
        raise ParameterError(str(err)) from None


def _pattern_lexicon(pattern_or_lexicon, category: str | None) -> Lexicon:
    """A lexicon from a word/wildcard/phrase, ``"lexicon:category"``, a Lexicon or a mapping."""
    if isinstance(pattern_or_lexicon, str):
        text = pattern_or_lexicon.strip()
        if ":" in text and " " not in text:
            name, cat = text.split(":", 1)
            return subset_lexicon(name, cat)
        return load_lexicon({text: [text]}, name="pattern")
    lex = load_lexicon(pattern_or_lexicon)
    return lex if category is None else subset_lexicon(lex, category)


def kwic(articles: pd.DataFrame, pattern_or_lexicon, *, window: int = 8, category: str | None = None,
         by: str | Sequence[str] | None = ("outlet", "date")) -> pd.DataFrame:
    """Keyword in context: one row per match with the words around it.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    pattern_or_lexicon : str, Lexicon or mapping
        A word, wildcard or phrase (``"escalat*"``, ``"boots on the ground"``), a packaged lexicon
        category as ``"frames:escalation"``, or a lexicon (all categories, or ``category=``).
    window : int
        Words of context on each side (within the article text; titles are not searched).
    category : str, optional
        Restrict a lexicon to one category.
    by : str, list of str or None
        Columns copied onto each row (default outlet and date).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``by`` columns, ``left``, ``match``, ``right`` (plain text; render it with
        :func:`toolkit.show`, which escapes it), ``category``, ``start``, ``end`` (offsets into
        ``text``). Ordered by article, then position.
    """
    check_columns(articles, ["doc_id", "text"])
    check_positive_int("window", window)
    names = group_names(by)
    groups = group_frame(articles, names)
    lex = _pattern_lexicon(pattern_or_lexicon, category)
    texts = articles["text"].tolist()
    found = compile_matcher([lex]).find_frame(texts)
    ti = found["text_index"].to_numpy()
    reach = 40 * window  # characters to look back/ahead; generous for long words
    left, right = [], []
    for i, s, e in zip(ti.tolist(), found["start"].tolist(), found["end"].tolist()):
        text = texts[i]
        before = text[max(0, s - reach):s].split()
        after = text[e:e + reach].split()
        # a partial word cut by the reach is not shown
        if s - reach > 0 and before:
            before = before[1:]
        left.append(" ".join(before[-window:]))
        right.append(" ".join(after[:window]))
    out = pd.DataFrame({"doc_id": articles["doc_id"].to_numpy()[ti]})
    for name in names:
        out[name] = groups[name].to_numpy()[ti]
    out["left"] = left
    out["match"] = found["term"].to_numpy()
    out["right"] = right
    out["category"] = found["category"].to_numpy()
    out["start"] = found["start"].to_numpy()
    out["end"] = found["end"].to_numpy()
    out.attrs["parameters"] = {"pattern": str(pattern_or_lexicon), "window": window, "category": category}
    return out
