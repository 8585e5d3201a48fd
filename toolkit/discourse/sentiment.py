"""Tone of the units that mention each actor (VADER), per group, with intervals.

What this measures, and what it does not: :func:`tone` scores the *whole unit* (sentence,
paragraph or article) that mentions an actor, with VADER's general-purpose lexicon. It is the tone
of the text around a name, not the outlet's stance toward the actor: "Critics slammed Trump's
phony claims" and "Trump slammed his critics' phony claims" get the same score for Trump. On BASIL
(Fan et al. 2019), against the annotated author's stance toward each entity, it is barely better
than chance (:data:`BASIL_VALIDATION`); for stance use :func:`toolkit.discourse.stance.stance`.

``sentiment`` is the old name of :func:`tone`; it still works, warns (``ToolkitWarning``) and
returns the old column names (``mean``, ``sd``).
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.errors import ParameterError, ToolkitWarning, check_choice, check_columns
from toolkit.concordance import hits
from toolkit.count.groups import group_frame, group_names
from toolkit.count.parallel import map_slices
from toolkit.match.lexicon import load_lexicon
from toolkit.text.segment import UNITS

#: Measured by ``benchmarks/basil_stance.py`` on BASIL (article × entity pairs whose entity the
#: mention lexicon finds; 95% intervals by bootstrap over the 100 events). ``rho``: Spearman
#: correlation with the annotated author's feeling toward the entity (neg < neu < pos);
#: ``same_event``: share of same-event, same-entity article pairs with different annotations that
#: the score orders the annotators' way.
# Texts per slice scored by one worker (about 0.25 s of VADER).
SCORE_CHUNK = 5000

BASIL_VALIDATION = {
    "pairs": 559, "rho": 0.12, "rho_ci": (0.04, 0.20),
    "same_event_pairs": 160, "same_event": 0.51, "same_event_ci": (0.43, 0.58),
    "whole_article_rho": 0.18, "whole_article_rho_ci": (0.10, 0.26),
}


def validation_note() -> str:
    """One line with :data:`BASIL_VALIDATION`, for captions and reports."""
    v = BASIL_VALIDATION
    return (f"Validation on BASIL ({v['pairs']} article × entity pairs): Spearman rho with the annotated "
            f"stance {v['rho']:.2f} [{v['rho_ci'][0]:.2f}, {v['rho_ci'][1]:.2f}]; same-event ordering "
            f"{v['same_event']:.0%} [{v['same_event_ci'][0]:.0%}, {v['same_event_ci'][1]:.0%}] "
            f"of {v['same_event_pairs']} pairs (50% = chance). Tone is not stance.")


@lru_cache(maxsize=1)
def _analyzer():
    # The vaderSentiment package ships its lexicon inside the wheel: no nltk_data, no download.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def compound_scores(texts: Sequence[str], *, jobs: int | None = 1, progress: bool | None = False) -> np.ndarray:
    """VADER compound score (-1 … 1) of each text.

    VADER is pure Python (~50 µs a sentence): with ``jobs`` > 1 (None: all cores) slices of the
    texts are scored in forked worker processes (:func:`toolkit.count.parallel.map_slices`); the
    scores do not depend on it.
    """
    analyzer = _analyzer()
    texts = list(texts)

    def score(a: int, b: int) -> np.ndarray:
        return np.fromiter((analyzer.polarity_scores(t)["compound"] for t in texts[a:b]), dtype=float, count=b - a)

    parts = map_slices(score, len(texts), jobs=jobs, chunk_size=SCORE_CHUNK, progress=progress, desc="scoring")
    return np.concatenate(parts) if parts else np.empty(0, dtype=float)


def tone(articles: pd.DataFrame, actors, *, unit: str = "sentence",
         by: str | Sequence[str] | None = "outlet", alpha: float = 0.05, jobs: int | None = None,
         progress: bool | None = None) -> pd.DataFrame:
    """Tone (mean VADER compound score) of the units that mention each actor, per group.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors : Lexicon, str, Path or mapping
        The actor lexicon (e.g. ``"actors"``).
    unit : {"sentence", "paragraph", "document"}
        The unit scored (a unit mentioning two actors counts for both).
    by : str, list of str or None
        Grouping (``"outlet"``, ``["outlet", "month"]``, ``"doc_id"`` for one row per article, None).
    alpha : float
        1 - confidence level of the interval.
    jobs, progress
        Worker processes for matching and scoring (default: all cores; 1 runs in this process) and
        a progress bar; the table does not depend on them.

    Returns
    -------
    DataFrame
        One row per group × actor (zeros and NaN included so tables align): the ``by`` columns,
        ``actor``, ``units`` (units mentioning the actor), ``tone_mean`` (mean compound score of
        those units, -1 … 1), ``tone_sd``, ``ci_low``, ``ci_high`` (Student-t interval of
        ``tone_mean``, clipped to -1 … 1; NaN below 2 units), ``share_negative`` and
        ``share_positive`` (units scoring ≤ -0.05 / ≥ 0.05, VADER's usual thresholds).
        ``attrs["parameters"]`` holds the call's parameters and ``attrs["validation"]`` the BASIL
        figures (:data:`BASIL_VALIDATION`).

    Notes
    -----
    This is the tone of the units that mention an actor, not the outlet's stance toward it. On
    BASIL, against the annotated author's feeling toward each entity, sentence-level tone near
    the entity has Spearman rho 0.12 [0.04, 0.20] (559 article × entity pairs whose entity is
    found), below the whole article's mean sentence tone (0.18 [0.10, 0.26]), and orders 51%
    [43%, 58%] of 160 same-event pairs the annotators' way (50% is chance); for Trump it ranks
    HuffPost the most favourable of the three outlets, the opposite of the annotation.
    ``benchmarks/basil_stance.py`` prints these figures (95% intervals: bootstrap over events).
    VADER (Hutto & Gilbert 2014) is a lexicon and rules built for social-media text. It scores the
    whole unit, whoever the words are about ("Russia condemned the attack on Kyiv" is negative for
    both Russia and Ukraine), and quoted speech as if it were the outlet's voice; news prose is
    mostly neutral, so differences are small; it knows few news terms ("slammed", "phony",
    "henchmen" are 0 to it; "sanctions" and "escalation" neutral; "killed" strongly negative).
    Read it as a coarse tone signal, compared across outlets on the same events.

    References
    ----------
    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment analysis
    of social media text. ICWSM. The lexicon and rules come from the ``vaderSentiment`` package.

    Fan, L. et al. (2019). In Plain Sight: Media Bias Through the Lens of Factual Reporting. EMNLP
    (BASIL, the annotations used for the validation figures).

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"], "date": [pd.NaT, pd.NaT],
    ...                      "title": ["", ""], "text": ["Russia won a great victory.", "Russia lost."]})
    >>> toolkit.tone(arts, {"russia": ["Russia"]}, by="doc_id")[["doc_id", "units", "tone_mean"]].values.tolist()
    [['d1', 1, 0.8316], ['d2', 1, -0.3182]]
    """
    check_columns(articles, ["doc_id", "title", "text"])
    check_choice("unit", unit, UNITS)
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    names = group_names(by)
    group_frame(articles.iloc[:0], names)  # raises ParameterError naming an unknown `by` column
    lex = load_lexicon(actors)
    # The audit trail gives every actor mention with its unit; score each mentioning unit once.
    # hits() always carries doc_id, so it is not asked for it twice (by="doc_id").
    found = hits(articles, lex, unit=unit, by=[n for n in names if n != "doc_id"], jobs=jobs, progress=progress)
    found = found.drop_duplicates(["doc_id", "unit", "category"])
    unit_key = found["doc_id"].astype(str) + "\x1f" + found["unit"].astype(str)
    first = ~unit_key.duplicated()
    scores = pd.Series(compound_scores(found.loc[first, "unit_text"].tolist(), jobs=jobs, progress=progress),
                       index=unit_key[first].to_numpy())
    rows = found[names].reset_index(drop=True)
    rows["actor"] = found["category"].to_numpy()
    rows["score"] = scores.loc[unit_key.to_numpy()].to_numpy()
    keys = [*names, "actor"]
    grouped = rows.groupby(keys, observed=True, sort=False)["score"]
    summary = pd.DataFrame({
        "units": grouped.size(), "tone_mean": grouped.mean(), "tone_sd": grouped.std(ddof=1),
        "share_negative": grouped.apply(lambda s: float((s <= -0.05).mean())),
        "share_positive": grouped.apply(lambda s: float((s >= 0.05).mean())),
    })
    out = _all_groups(articles, names, lex.categories).merge(summary.reset_index(), on=keys, how="left")
    out["units"] = out["units"].fillna(0).astype("int64")
    out["ci_low"], out["ci_high"] = t_interval(out["tone_mean"], out["tone_sd"], out["units"], alpha)
    out = out[[*keys, "units", "tone_mean", "tone_sd", "ci_low", "ci_high", "share_negative", "share_positive"]]
    out.attrs["parameters"] = {"actors": lex.name, "unit": unit, "by": names, "alpha": alpha}
    out.attrs["measure"] = "tone"
    out.attrs["validation"] = dict(BASIL_VALIDATION)
    return out


def _all_groups(articles: pd.DataFrame, names: list[str], categories: list[str]) -> pd.DataFrame:
    """Every group × actor, in lexicon order, so tables align across outlets."""
    if not names:
        return pd.DataFrame({"actor": categories})
    group_values = group_frame(articles, names).dropna().drop_duplicates().sort_values(names)
    return group_values.merge(pd.DataFrame({"actor": categories}), how="cross")


def t_interval(mean: pd.Series, sd: pd.Series, n: pd.Series, alpha: float, *,
               bounds: tuple[float, float] = (-1.0, 1.0)) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval of a mean (NaN below 2 observations), clipped to the score's ``bounds``."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(1 - alpha / 2, n - 1) * np.asarray(sd, dtype=float) / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    mean = np.asarray(mean, dtype=float)
    return np.clip(mean - half, *bounds), np.clip(mean + half, *bounds)


def sentiment(articles: pd.DataFrame, actors, unit: str = "sentence", *,
              by: str | Sequence[str] | None = "outlet", alpha: float = 0.05) -> pd.DataFrame:
    """Deprecated name of :func:`tone` (which see); returns its table with the old column names.

    Warns with a :class:`~toolkit.errors.ToolkitWarning`: the measure is the tone of the units
    mentioning an actor, not sentiment toward it. ``mean`` and ``sd`` here are :func:`tone`'s
    ``tone_mean`` and ``tone_sd``.
    """
    warnings.warn("toolkit.sentiment is deprecated: it measures the tone of the units that mention an actor, "
                  "not stance toward it; use toolkit.tone (columns tone_mean, tone_sd) or toolkit.stance",
                  ToolkitWarning, stacklevel=2)
    out = tone(articles, actors, unit=unit, by=by, alpha=alpha)
    return out.rename(columns={"tone_mean": "mean", "tone_sd": "sd"})
