"""``stance(articles, actors)``: the outlet's evaluation of each actor, per group, with intervals."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit.count.groups import group_frame, group_names
from toolkit.discourse.sentiment import _all_groups, t_interval
from toolkit.discourse.stance.evidence import evidence as _evidence
from toolkit.discourse.stance.rules import StanceRules, unit_scores
from toolkit.errors import ParameterError, check_choice, check_columns
from toolkit.match.lexicon import load_lexicon

#: Measured by ``benchmarks/basil_stance.py`` (protocol in its docstring); 95% intervals by bootstrap
#: over events. ``rho``/``same_event``: leave-event-out (5 event folds, rules chosen on the other 4);
#: ``heldout_*``: the shipped rules on the 49 events never read during development (folds 3-4).
#: Targets were rho >= 0.3 and same-event ordering >= 65%: not met.
BASIL_VALIDATION = {
    "pairs": 559, "rho": 0.14, "rho_ci": (0.06, 0.22),
    "same_event_pairs": 160, "same_event": 0.54, "same_event_ci": (0.46, 0.63),
    "heldout_pairs": 291, "heldout_rho": 0.12, "heldout_rho_ci": (0.02, 0.22),
    "heldout_same_event_pairs": 81, "heldout_same_event": 0.51, "heldout_same_event_ci": (0.40, 0.62),
    "meets_targets": False,
}
UNIT_KEYS = {"sentence": ["doc_id", "unit"], "paragraph": ["doc_id", "paragraph"], "document": ["doc_id"]}


def stance(articles: pd.DataFrame, actors, *, unit: str = "document",
           by: str | Sequence[str] | None = "outlet", quotes_table: pd.DataFrame | None = None,
           rules: StanceRules | None = None, lexicon: str | Path | None = None,
           alpha: float = 0.05) -> pd.DataFrame:
    """Stance of the text toward each actor: evaluative words in the scope of its mentions.

    Each unit (an article by default) that mentions an actor gets a score in (-1, 1): the
    evaluative words within reach of the actor's mentions (same clause, at most 10 tokens away),
    with their valence from a news-adapted lexicon (``toolkit/lexicons/evaluative.yml``: "slammed",
    "phony", "henchmen", "bombshell"…; VADER's words too when ``StanceRules.vader`` > 0, which
    the default is not); negated words count the other way; words in scare quotes count against;
    words in other people's quotations are weighed ``StanceRules.quoted``
    (:mod:`toolkit.discourse.stance.rules` gives every rule). The table gives the mean score per
    group and actor.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text`` and the ``by`` columns).
    actors : Lexicon, str, Path or mapping
        The actor lexicon (e.g. ``"actors"``, or :func:`entity_lexicon` for named people/groups).
    unit : {"document", "paragraph", "sentence"}
        The unit scored; the mean is taken over the units that mention the actor.
    by : str, list of str or None
        Grouping (``"outlet"``, ``["outlet", "month"]``, ``"doc_id"``, None).
    quotes_table : DataFrame, optional
        :func:`toolkit.quotes` of ``articles`` when already computed (otherwise computed here).
    rules : StanceRules, optional
        Weights (default: those chosen by cross-validation on BASIL).
    lexicon : str or Path, optional
        Another evaluative lexicon with a ``_meta.valence`` mapping per category.
    alpha : float
        1 - confidence level of the interval.

    Returns
    -------
    DataFrame
        One row per group × actor (zeros and NaN included so tables align): the ``by`` columns,
        ``actor``, ``units`` (units mentioning the actor), ``stance_mean`` (mean unit score, -1 …
        1; < 0 unfavourable), ``stance_sd``, ``ci_low``, ``ci_high`` (Student-t interval of the
        mean, clipped to -1 … 1; NaN below 2 units), ``share_negative`` and ``share_positive`` (units scoring
        ≤ -0.05 / ≥ 0.05), ``evaluations`` (evaluative words counted). ``attrs["parameters"]``
        holds the call's parameters and rules, ``attrs["validation"]`` the BASIL figures.

    Notes
    -----
    **Validity: not established; not in the default reports.** On BASIL (Fan et al. 2019), against
    the annotated author's feeling toward each entity (559 article × entity pairs, 100 events),
    leave-event-out: Spearman rho 0.14 [0.06, 0.22], same-event ordering 54% [46%, 63%] of 160
    pairs; on the 49 events never read during development rho 0.12 [0.02, 0.22], 51% [40%, 62%]
    of 81 pairs (:data:`BASIL_VALIDATION`, printed by ``benchmarks/basil_stance.py``). That is
    no better than :func:`toolkit.tone` near the entity (0.12) and short of the targets (rho ≥
    0.3, ordering ≥ 65%). The ceiling of any word-list method is low there: counting BASIL's own
    *lexical*-bias phrases aimed at the entity (a perfect phrase finder) gives rho 0.27 [0.18,
    0.35], while its *informational*-bias phrases (which facts, whose criticism are reported)
    give 0.53 — a kind of bias no lexicon sees. Use :func:`evidence` to read what each score is
    made of before trusting a difference.

    References
    ----------
    Fan, L., White, M., Sharma, E., Su, R., Choubey, P. K., Huang, R. & Wang, L. (2019). In Plain
    Sight: Media Bias Through the Lens of Factual Reporting. EMNLP.

    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
    analysis of social media text. ICWSM.

    Martin, J. R. & White, P. R. R. (2005). The Language of Evaluation: Appraisal in English.
    Palgrave Macmillan.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"], "date": [pd.NaT, pd.NaT],
    ...     "title": ["", ""], "text": ["Critics slammed Smith's phony plan.", "Smith's plan was not phony."]})
    >>> table = toolkit.stance(arts, {"smith": ["Smith"]}, by="doc_id")
    >>> table[["doc_id", "units", "evaluations"]].values.tolist()
    [['d1', 1, 3], ['d2', 1, 1]]
    >>> bool(table["stance_mean"].iloc[0] < 0 < table["stance_mean"].iloc[1])
    True
    """
    check_columns(articles, ["doc_id", "title", "text"])
    check_choice("unit", unit, list(UNIT_KEYS))
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    if rules is not None and not isinstance(rules, StanceRules):
        raise ParameterError(f"`rules` must be a StanceRules, got {type(rules).__name__}")
    names = group_names(by)
    groups = group_frame(articles, names)  # raises ParameterError naming an unknown `by` column
    rules = rules or StanceRules()
    lex = load_lexicon(actors)
    if quotes_table is None:
        from toolkit.discourse.quotes import quotes

        quotes_table = quotes(articles)
    else:
        check_columns(quotes_table, ["doc_id", "start", "end", "kind"], what="quotes_table")
    ev = _evidence(articles, lex, quotes=quotes_table, lexicon=lexicon)
    scores = unit_scores(ev, rules, UNIT_KEYS[unit])
    keys = [*names, "actor"]
    if names:
        per_doc = groups.assign(doc_id=articles["doc_id"].to_numpy()).drop_duplicates("doc_id")
        scores = scores.merge(per_doc, on="doc_id", how="left")
    grouped = scores.groupby(keys, observed=True, sort=False)
    summary = pd.DataFrame({
        "units": grouped.size(), "stance_mean": grouped["score"].mean(), "stance_sd": grouped["score"].std(ddof=1),
        "share_negative": grouped["score"].apply(lambda s: float((s <= -0.05).mean())),
        "share_positive": grouped["score"].apply(lambda s: float((s >= 0.05).mean())),
        "evaluations": grouped["evaluations"].sum(),
    })
    out = _all_groups(articles, names, lex.categories).merge(summary.reset_index(), on=keys, how="left")
    out["units"] = out["units"].fillna(0).astype("int64")
    out["evaluations"] = out["evaluations"].fillna(0).astype("int64")
    out["ci_low"], out["ci_high"] = t_interval(out["stance_mean"], out["stance_sd"], out["units"], alpha)
    out = out[[*keys, "units", "stance_mean", "stance_sd", "ci_low", "ci_high", "share_negative",
               "share_positive", "evaluations"]]
    out.attrs["parameters"] = {"actors": lex.name, "unit": unit, "by": names, "alpha": alpha,
                               "lexicon": str(lexicon or "evaluative"), "rules": rules.as_dict()}
    out.attrs["measure"] = "stance"
    out.attrs["validation"] = dict(BASIL_VALIDATION)
    return out
