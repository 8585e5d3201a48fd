"""Sentiment of the units that mention each actor (VADER), per group, with intervals."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.errors import ParameterError, check_choice, check_columns
from toolkit.concordance import hits
from toolkit.count.groups import group_frame, group_names
from toolkit.match.lexicon import load_lexicon
from toolkit.text.segment import UNITS


@lru_cache(maxsize=1)
def _analyzer():
    # The vaderSentiment package ships its lexicon inside the wheel: no nltk_data, no download.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def compound_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER compound score (-1 … 1) of each text."""
    analyzer = _analyzer()
    return np.fromiter((analyzer.polarity_scores(t)["compound"] for t in texts), dtype=float, count=len(texts))


def sentiment(articles: pd.DataFrame, actors, unit: str = "sentence", *,
              by: str | Sequence[str] | None = "outlet", alpha: float = 0.05) -> pd.DataFrame:
    """Mean VADER compound score of the units that mention each actor, per group.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors : Lexicon, str, Path or mapping
        The actor lexicon (e.g. ``"actors"``).
    unit : {"sentence", "paragraph", "document"}
        The unit scored (a unit mentioning two actors counts for both).
    by : str, list of str or None
        Grouping (``"outlet"``, ``["outlet", "month"]``, None).
    alpha : float
        1 - confidence level of the interval.

    Returns
    -------
    DataFrame
        One row per group × actor (zeros and NaN included so tables align): the ``by`` columns,
        ``actor``, ``units`` (units mentioning the actor), ``mean`` (mean compound score), ``sd``,
        ``ci_low``, ``ci_high`` (Student-t interval of the mean; NaN below 2 units), ``share_negative``
        and ``share_positive`` (units scoring ≤ -0.05 / ≥ 0.05, VADER's usual thresholds).

    Notes
    -----
    Limits, to keep in mind when reading the table: VADER (Hutto & Gilbert 2014) is a lexicon and
    rules built for social-media text. It scores the whole unit, not the sentiment *toward* the actor
    ("Russia condemned the attack on Kyiv" is negative for both Russia and Ukraine); news prose is
    mostly neutral, so differences are small; it knows no domain terms ("sanctions", "escalation"
    are neutral to it, "killed" strongly negative) and handles irony and reported speech poorly.
    Treat it as a coarse tone signal, compared across outlets on the same events.

    References
    ----------
    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment analysis
    of social media text. ICWSM. The lexicon and rules come from the ``vaderSentiment`` package.
    """
    check_columns(articles, ["doc_id", "title", "text"])
    check_choice("unit", unit, UNITS)
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    names = group_names(by)
    lex = load_lexicon(actors)
    # The audit trail gives every actor mention with its unit; score each mentioning unit once.
    found = hits(articles, lex, unit=unit, by=names).drop_duplicates(["doc_id", "unit", "category"])
    unit_key = found["doc_id"].astype(str) + "\x1f" + found["unit"].astype(str)
    first = ~unit_key.duplicated()
    scores = pd.Series(compound_scores(found.loc[first, "unit_text"].tolist()), index=unit_key[first].to_numpy())
    rows = found[names].reset_index(drop=True)
    rows["actor"] = found["category"].to_numpy()
    rows["score"] = scores.loc[unit_key.to_numpy()].to_numpy()
    keys = [*names, "actor"]
    grouped = rows.groupby(keys, observed=True, sort=False)["score"]
    summary = pd.DataFrame({
        "units": grouped.size(), "mean": grouped.mean(), "sd": grouped.std(ddof=1),
        "share_negative": grouped.apply(lambda s: float((s <= -0.05).mean())),
        "share_positive": grouped.apply(lambda s: float((s >= 0.05).mean())),
    })
    # every group × actor, in lexicon order, so tables align across outlets
    if names:
        group_values = group_frame(articles, names).dropna().drop_duplicates().sort_values(names)
        full = group_values.merge(pd.DataFrame({"actor": lex.categories}), how="cross")
    else:
        full = pd.DataFrame({"actor": lex.categories})
    out = full.merge(summary.reset_index(), on=keys, how="left")
    out["units"] = out["units"].fillna(0).astype("int64")
    n = out["units"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(1 - alpha / 2, n - 1) * out["sd"].to_numpy() / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    out = out[[*keys, "units", "mean", "sd", "ci_low", "ci_high", "share_negative", "share_positive"]]
    out.attrs["parameters"] = {"actors": lex.name, "unit": unit, "by": names, "alpha": alpha}
    return out
