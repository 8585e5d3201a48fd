"""How evidence rows (:func:`~toolkit.discourse.stance.evidence.evidence`) become a stance score.

A unit's stance toward an actor is the sum of the weighted valences of the evaluative words in
the scope of the actor's mentions in that unit, divided by ``sqrt(m)`` for ``m`` mentioning
sentences in the unit, then squashed into (-1, 1) by VADER's normalisation
``x / sqrt(x**2 + 15)`` (Hutto & Gilbert 2014). A word's weight:

- **scope**: the word is at most ``distance`` tokens from a mention of the actor, in the same
  clause when ``clause`` is True (no ``;``, ``:``, dash, bracket or ", but/while/who/which…"
  between them); otherwise it does not count;
- **negation**: a negator ("not", "never", "without", "n't"…) in the three tokens before the
  word multiplies its valence by ``negation`` (VADER's rule uses -0.74);
- **voice**: a word inside a direct or partial quotation (someone else's words, as found by
  :func:`toolkit.quotes`) is weighted ``quoted``; the outlet's own voice weighs 1; a word in
  scare quotes (the outlet distancing itself from it) is weighted ``scare`` (negative: "the
  'reform'" reads as criticism);
- **source**: words of the news lexicon weigh 1, VADER-only words ``vader``; VADER words listed
  in :data:`NEWS_NEUTRAL` (institutions and function words VADER scores, such as "party",
  "security", "justice", "like", "no") weigh 0;
- **title**: a word in the title weighs ``title``.

The defaults of ``distance``, ``vader`` and ``quoted`` are those that maximise Spearman rho on
BASIL's development events (folds 0-2 of ``benchmarks/basil_stance.py``, a grid of 18: distance
6/10/20, VADER weight 0/0.3/1, quotation weight 0.5/1); the others are fixed by linguistic
argument, not tuned (``clause``, ``negation`` after VADER's own rule, ``scare``, ``title``). See
:data:`~toolkit.discourse.stance.BASIL_VALIDATION` for what they achieve.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

#: VADER words that in news are names of institutions or function words, not evaluations. Chosen by
#: reading the most frequent VADER words in BASIL sentences that mention an annotated entity
#: (a frequency list; no annotation was used).
NEWS_NEUTRAL = frozenset("""
party parties security united special top justice well clear want intelligence help war benefits benefit
pay defense defence supreme legal emergency chance sure number allow played leave freedom faith agreement
protect secure drop accept hope prominent like no yes please ok okay kind pretty credit share shares
care play interest interests fund funds trust growth
""".split())


@dataclass(frozen=True)
class StanceRules:
    """Weights of the stance score (module docstring); defaults from BASIL cross-validation."""

    distance: int = 10
    clause: bool = True
    negation: float = -0.5
    quoted: float = 1.0
    scare: float = -1.0
    vader: float = 0.0
    title: float = 1.0

    def as_dict(self) -> dict:
        return asdict(self)


def weighted(evidence: pd.DataFrame, rules: StanceRules) -> pd.Series:
    """Each evidence row's weighted valence under ``rules`` (0 where out of scope)."""
    ev = evidence
    if not len(ev):
        return pd.Series(dtype=float)
    low = ev["word"].str.lower()
    in_scope = (ev["word"] != "") & (ev["distance"] <= rules.distance)
    if rules.clause:
        in_scope &= ev["clause"].astype(bool)
    vader = ev["source"] == "vader"
    w = np.where(vader, np.where(low.isin(NEWS_NEUTRAL), 0.0, rules.vader), 1.0)
    w = w * np.where(ev["negated"].astype(bool), rules.negation, 1.0)
    w = w * np.where(ev["quoted"].isin(["direct", "partial"]), rules.quoted, 1.0)
    w = w * np.where(ev["quoted"] == "scare", rules.scare, 1.0)
    w = w * np.where(ev["field"] == "title", rules.title, 1.0)
    return pd.Series(np.where(in_scope, ev["valence"].to_numpy(dtype=float) * w, 0.0), index=ev.index)


def normalize(x) -> np.ndarray:
    """VADER's normalisation of a sum of valences into (-1, 1): ``x / sqrt(x**2 + 15)``."""
    x = np.asarray(x, dtype=float)
    return x / np.sqrt(x * x + 15.0)


def unit_scores(evidence: pd.DataFrame, rules: StanceRules, unit_key: list[str]) -> pd.DataFrame:
    """One stance score per unit × actor (module docstring).

    ``unit_key`` lists the evidence columns that identify a unit (``["doc_id", "unit"]`` for
    sentences, ``["doc_id"]`` for documents, ``["doc_id", "paragraph"]`` for paragraphs).
    Returns the key columns, ``actor``, ``sentences`` (mentioning sentences in the unit),
    ``evaluations`` (evaluative words counted), ``raw`` (the weighted sum) and ``score``.
    """
    ev = evidence.assign(_v=weighted(evidence, rules))
    ev["_counted"] = ev["_v"] != 0
    keys = [*unit_key, "actor"]
    grouped = ev.groupby(keys, sort=False, observed=True)
    sentences = ev.drop_duplicates([*dict.fromkeys([*keys, "doc_id", "unit"])]).groupby(
        keys, sort=False, observed=True).size()
    out = pd.DataFrame({
        "sentences": sentences,
        "evaluations": grouped["_counted"].sum().astype("int64"),
        "raw": grouped["_v"].sum(),
    }).reset_index()
    out["score"] = normalize(out["raw"] / np.sqrt(out["sentences"]))
    return out
