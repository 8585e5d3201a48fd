"""Agenda or framing? An outlet's difference from the others, split by where it comes from."""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import check_choice, check_positive_int
from toolkit.stats.stratified import METHODS, decompose_rates
from toolkit.stories.compare import _categories, _check_by, _counts, _sides
from toolkit.stories.table import _story_column


def agenda_framing(articles: pd.DataFrame, actors, frames, *, by: str = "outlet", outlets: Sequence | None = None,
                   story: str = "story", unit: str = "sentence", method: str = "kitagawa", min_units: int = 10,
                   counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much of an outlet's difference from the others is agenda, and how much framing?

    For each outlet (each group of ``by``) and actor × frame, the rate is the share of the units
    mentioning the actor that carry the frame; the others' rate pools every other outlet. Their
    difference is split, exactly, into three parts (:func:`toolkit.stats.stratified.decompose_rates`,
    with stories as strata):

    - ``agenda_exclusive``: stories in which only one side mentions the actor (what the outlet
      covers that the others do not, and the reverse);
    - ``agenda_mix``: on the shared stories, the outlet's different mix of stories (how much of its
      coverage of the actor each story takes);
    - ``framing``: on the shared stories, the within-story differences of rate.

    ``method="kitagawa"`` (default) weighs the mix and the within-story parts symmetrically
    (Kitagawa 1955); ``method="standardise"`` uses direct standardisation: ``rate_standardised`` is
    the rate the outlet would have on the shared stories with the others' story mix, ``framing`` =
    ``rate_standardised`` − the others' shared rate and ``agenda_mix`` = the outlet's shared rate −
    ``rate_standardised``. Both report ``rate_standardised``. Framing can only be measured on shared
    stories: where there are none the parts are NaN.

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (:func:`toolkit.stories`).
    actors, frames : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes.
    by : str, default "outlet"
        The column whose groups are compared.
    outlets : list, optional
        The groups to report (default all, most articles first); the others are always every other
        group of ``articles``.
    story : str, default "story"
    unit : {"sentence", "paragraph", "document"}
    method : {"kitagawa", "standardise"}
    min_units : int, default 10
        Fewer actor units than this in shared stories on either side flags the row ``small``.
    counts : DataFrame, optional
        :func:`toolkit.story_counts` of the same articles, story, by and unit, to reuse.

    Returns
    -------
    DataFrame
        One row per group × actor × frame: the ``by`` column, ``actor``, ``frame``,
        ``actor_units``, ``rate`` (the group's), ``actor_units_others``, ``rate_others``,
        ``difference`` (rate − rate_others), ``agenda`` (= ``agenda_exclusive`` + ``agenda_mix``),
        ``agenda_exclusive``, ``agenda_mix``, ``framing`` (so that difference = agenda + framing),
        ``rate_standardised``, ``stories_shared`` (stories where both sides mention the actor),
        ``shared_units``, ``shared_units_others`` (actor units in those stories), ``small``.
        ``attrs["parameters"]``.

    References
    ----------
    Kitagawa, E. M. (1955). Components of a difference between two rates. JASA 50, 1168-1194;
    Das Gupta, P. (1993). Standardization and Decomposition of Rates. US Census Bureau.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": list("abc"), "outlet": ["A", "B", "A"], "story": [0, 0, 1],
    ...     "title": [""] * 3, "text": ["Russia met.", "Russia met.", "Russia escalated."]})
    >>> t = toolkit.agenda_framing(arts, {"russia": ["Russia"]}, {"escalation": ["escalat*"]}, outlets=["A"])
    >>> t[["outlet", "rate", "rate_others", "agenda", "framing"]].values.tolist()   # story 1 is A's alone
    [['A', 0.5, 0.0, 0.5, 0.0]]
    """
    _story_column(articles, story)
    _check_by(articles, by)
    check_choice("method", method, METHODS)
    check_positive_int("min_units", min_units, minimum=0)
    sides = _sides(articles, by, outlets)
    counts = _counts(articles, actors, frames, story=story, by=by, unit=unit, counts=counts)
    keys = [story, "actor", "frame"]
    pair = ["actor", "frame"]
    totals = counts.groupby(keys, observed=True)[["actor_units", "joint_units"]].sum()
    grand = counts.groupby(pair, observed=True)[["actor_units", "joint_units"]].sum()

    mine = counts[counts[by].isin(sides)].merge(totals.add_suffix("_all"), left_on=keys, right_index=True)
    strata = pd.DataFrame({by: mine[by].to_numpy(), "actor": mine["actor"].to_numpy(),
                           "frame": mine["frame"].to_numpy(),
                           "units_a": mine["actor_units"].to_numpy(), "joint_a": mine["joint_units"].to_numpy(),
                           "units_b": (mine["actor_units_all"] - mine["actor_units"]).to_numpy(),
                           "joint_b": (mine["joint_units_all"] - mine["joint_units"]).to_numpy()})
    # The others' units in stories where this group has none: pooled into one stratum per
    # comparison (only their totals matter: the group has no rate there).
    grid = pd.DataFrame(itertools.product(sides, _categories(counts, "actor"), _categories(counts, "frame")),
                        columns=[by, "actor", "frame"])
    seen = strata.groupby([by, *pair], observed=True)[["units_b", "joint_b"]].sum()
    rest = grid.merge(grand, left_on=pair, right_index=True, how="left").fillna({"actor_units": 0, "joint_units": 0})
    rest = rest.merge(seen, left_on=[by, *pair], right_index=True, how="left").fillna({"units_b": 0, "joint_b": 0})
    own = counts[counts[by].isin(sides)].groupby([by, *pair], observed=True)[["actor_units", "joint_units"]].sum()
    rest = rest.merge(own.add_suffix("_own"), left_on=[by, *pair], right_index=True, how="left").fillna(0)
    rest = pd.DataFrame({by: rest[by], "actor": rest["actor"], "frame": rest["frame"], "units_a": 0, "joint_a": 0,
                         "units_b": rest["actor_units"] - rest["actor_units_own"] - rest["units_b"],
                         "joint_b": rest["joint_units"] - rest["joint_units_own"] - rest["joint_b"]})
    strata = pd.concat([strata, rest], ignore_index=True)
    strata[by] = pd.Categorical(strata[by].astype(object), categories=list(sides))
    out = decompose_rates(strata, [by, *pair], method=method)
    out = out.rename(columns={"units_a": "actor_units", "rate_a": "rate", "units_b": "actor_units_others",
                              "rate_b": "rate_others", "exclusive": "agenda_exclusive", "mix": "agenda_mix",
                              "within": "framing", "standardised": "rate_standardised",
                              "strata_shared": "stories_shared", "shared_units_a": "shared_units",
                              "shared_units_b": "shared_units_others"})
    out["agenda"] = out["agenda_exclusive"] + out["agenda_mix"]
    out["small"] = (out["shared_units"] < min_units) | (out["shared_units_others"] < min_units)
    out[by] = out[by].astype(object)
    order = {(a, f): i for i, (a, f) in enumerate(itertools.product(_categories(counts, "actor"),
                                                                     _categories(counts, "frame")))}
    out["_order"] = [order.get(k, len(order)) for k in zip(out["actor"], out["frame"])]
    out = out.sort_values([by, "_order"], key=lambda s: s.map({g: i for i, g in enumerate(sides)})
                          if s.name == by else s, kind="stable")
    out = out[[by, "actor", "frame", "actor_units", "rate", "actor_units_others", "rate_others", "difference",
               "agenda", "agenda_exclusive", "agenda_mix", "framing", "rate_standardised", "stories_shared",
               "shared_units", "shared_units_others", "small"]].reset_index(drop=True)
    out.attrs["parameters"] = {**counts.attrs.get("parameters", {}), "outlets": [str(s) for s in sides],
                               "method": method, "min_units": min_units}
    return out
