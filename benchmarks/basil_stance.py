"""Validate ``toolkit.tone`` and ``toolkit.stance`` against BASIL's annotated stance (Fan et al. 2019).

Run from the repository root::

    .venv/bin/python benchmarks/basil_stance.py [--boot 2000]

Needs ``../shared/corpora/basil/`` (articles.jsonl, annotations.jsonl); not part of the repo.

Gold: the article-level ``author_feeling_<Entity>`` annotations (``neg`` < ``neu`` < ``pos``; the
``main_event`` key is not an entity and is left out): 612 article × entity pairs on 100 events.
Mentions of each entity are found with ``toolkit.discourse.stance.entity_lexicon`` (full name,
surname, party plurals; its module docstring gives the rules). Pairs whose entity is never found in
the article have no score; figures are over the pairs with a mention (the count is printed).

Figures, each with a 95% interval from 2,000 bootstrap resamples of the events (an event's
pairs are drawn together; percentile interval):

1. ``rho``: Spearman correlation of the score with the annotation over the pairs.
2. ``same-event ordering``: over pairs of articles on the same event, about the same entity, that
   the annotators labelled differently, the share the score orders the same way (a tie counts
   half; 50% is chance).

Measures:

- ``tone near entity``: :func:`toolkit.tone` (mean VADER compound of the sentences mentioning the
  entity), ``by="doc_id"``; ``whole-article tone``: mean VADER compound of all its sentences.
- ``stance (default rules)``: :func:`toolkit.stance` with ``unit="document"``, ``by="doc_id"``.
- ``stance (leave-event-out)``: the events are cut into 5 folds (SHA-1 of the event id mod 5); for
  each fold the rules (distance, VADER weight, quotation weight: a grid of 18) are chosen by rho on
  the other four folds and the fold is scored with them; the out-of-fold scores are pooled.
- ``stance, held-out folds 3-4``: the default rules on the 49 events of folds 3 and 4, whose texts
  and annotations were never read while the lexicon and rules were written (folds 0-2 were the
  development folds). This is the figure that says how the shipped instrument generalises.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BASIL = REPO.parent / "shared" / "corpora" / "basil"
LABELS = {"neg": -1, "neu": 0, "pos": 1}
DEV_FOLDS = (0, 1, 2)


def fold_of(event_id: str, k: int = 5) -> int:
    return int(hashlib.sha1(event_id.encode()).hexdigest(), 16) % k


def load(folder: Path = BASIL) -> tuple[pd.DataFrame, pd.DataFrame]:
    arts = pd.read_json(folder / "articles.jsonl", lines=True, dtype={"date": str})
    arts["date"] = pd.to_datetime(arts["date"], errors="coerce")
    arts["title"] = arts["title"].fillna("")
    arts["fold"] = arts["event_id"].map(fold_of)
    ann = pd.read_json(folder / "annotations.jsonl", lines=True)
    rows = []
    for rec in ann[ann["kind"] == "article"].to_dict("records"):
        for key, value in rec.items():
            if key.startswith("author_feeling_") and key != "author_feeling_main_event" and value in LABELS:
                rows.append((rec["doc_id"], key.removeprefix("author_feeling_"), LABELS[value]))
    pairs = pd.DataFrame(rows, columns=["doc_id", "entity", "y"])
    pairs = pairs.merge(arts[["doc_id", "event_id", "outlet", "fold"]], on="doc_id")
    return arts, pairs


def same_event_pairs(d: pd.DataFrame) -> pd.DataFrame:
    sp = d.merge(d, on=["event_id", "entity"])
    return sp[(sp["doc_id_x"] < sp["doc_id_y"]) & (sp["y_x"] != sp["y_y"])]


def metrics(d: pd.DataFrame) -> tuple[float, float, int]:
    """rho, same-event ordering, number of same-event pairs of scored pairs ``d`` (y, score)."""
    rho = spearmanr(d["y"], d["score"])[0] if d["score"].nunique() > 1 and d["y"].nunique() > 1 else np.nan
    sp = same_event_pairs(d)
    agree = np.sign(sp["score_x"] - sp["score_y"]) * np.sign(sp["y_x"] - sp["y_y"])
    order = float(((agree > 0) + 0.5 * (agree == 0)).mean()) if len(sp) else np.nan
    return float(rho), order, len(sp)


def bootstrap(d: pd.DataFrame, n_boot: int, seed: int = 0) -> tuple[tuple, tuple]:
    """Percentile intervals of rho and same-event ordering, resampling events with replacement."""
    rng = np.random.default_rng(seed)
    events = list(d["event_id"].unique())
    index = {e: i for i, e in enumerate(events)}
    pair_event = d["event_id"].map(index).to_numpy()
    y, score = d["y"].to_numpy(float), d["score"].to_numpy(float)
    members = [np.flatnonzero(pair_event == i) for i in range(len(events))]
    sp = same_event_pairs(d)
    agree = np.sign(sp["score_x"] - sp["score_y"]) * np.sign(sp["y_x"] - sp["y_y"])
    credit = ((agree > 0) + 0.5 * (agree == 0)).to_numpy(float)
    sp_event = sp["event_id"].map(index).to_numpy()
    sp_sum = np.bincount(sp_event, weights=credit, minlength=len(events))
    sp_n = np.bincount(sp_event, minlength=len(events))
    rhos, orders = [], []
    for _ in range(n_boot):
        pick = rng.integers(0, len(events), len(events))
        rows = np.concatenate([members[i] for i in pick])
        rhos.append(spearmanr(y[rows], score[rows])[0])
        orders.append(sp_sum[pick].sum() / sp_n[pick].sum() if sp_n[pick].sum() else np.nan)
    return tuple(np.nanpercentile(rhos, [2.5, 97.5])), tuple(np.nanpercentile(orders, [2.5, 97.5]))


def report(name: str, d: pd.DataFrame, n_boot: int) -> dict:
    d = d.dropna(subset=["score"])
    rho, order, n_sp = metrics(d)
    rho_ci, order_ci = bootstrap(d, n_boot)
    print(f"{name:<38} pairs {len(d):>3}  rho {rho:5.2f} [{rho_ci[0]:5.2f}, {rho_ci[1]:5.2f}]  "
          f"same-event {order:4.0%} [{order_ci[0]:4.0%}, {order_ci[1]:4.0%}] of {n_sp}")
    return {"pairs": len(d), "rho": round(rho, 2), "rho_ci": tuple(round(float(x), 2) for x in rho_ci),
            "same_event_pairs": n_sp, "same_event": round(order, 2),
            "same_event_ci": tuple(round(float(x), 2) for x in order_ci)}


def per_entity(arts: pd.DataFrame, pairs: pd.DataFrame, func) -> pd.DataFrame:
    """Call ``func(articles, lexicon) -> DataFrame(doc_id, score)`` per entity on its articles."""
    from toolkit.discourse.stance import entity_lexicon

    out = []
    for entity, group in pairs.groupby("entity"):
        sub = arts[arts["doc_id"].isin(group["doc_id"])]
        out.append(func(sub, entity_lexicon([entity])).assign(entity=entity))
    return pd.concat(out, ignore_index=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    import toolkit
    from toolkit.discourse.sentiment import compound_scores
    from toolkit.discourse.stance import StanceRules, evidence
    from toolkit.discourse.stance.rules import unit_scores
    from toolkit.count.units import segment

    t0, c0 = time.perf_counter(), time.process_time()
    arts, pairs = load()
    print(f"BASIL: {len(arts)} articles, {arts['event_id'].nunique()} events, {len(pairs)} article × entity "
          f"pairs (neg {sum(pairs.y < 0)}, neu {sum(pairs.y == 0)}, pos {sum(pairs.y > 0)}), "
          f"{len(same_event_pairs(pairs))} same-event pairs with different labels")

    tone = per_entity(arts, pairs, lambda a, lex: toolkit.tone(a, lex, by="doc_id")
                      .rename(columns={"tone_mean": "score"})[["doc_id", "units", "score"]])
    mentioned = pairs.merge(tone, on=["doc_id", "entity"], how="left")
    mentioned = mentioned[mentioned["units"] > 0].drop(columns=["units", "score"])
    print(f"pairs whose entity the mention lexicon finds: {len(mentioned)} of {len(pairs)}\n")

    def scored(scores: pd.DataFrame) -> pd.DataFrame:
        return mentioned.merge(scores[["doc_id", "entity", "score"]], on=["doc_id", "entity"], how="left")

    figures = {"tone": report("tone near entity (toolkit.tone)", scored(tone), args.boot)}
    units = segment(arts, unit="sentence", by=[])
    whole = pd.DataFrame({"doc_id": units["doc_id"], "s": compound_scores(units["text"].tolist())})
    whole = whole.groupby("doc_id")["s"].mean().rename("score").reset_index()
    figures["whole"] = report("whole-article tone", mentioned.merge(whole, on="doc_id"), args.boot)

    quoted = toolkit.quotes(arts, jobs=1)
    ev = per_entity(arts, pairs, lambda a, lex: evidence(a, lex, quotes=quoted[quoted["doc_id"].isin(a["doc_id"])]))
    ev = ev.drop(columns="actor").rename(columns={"entity": "actor"})

    def stance_scores(rules: StanceRules) -> pd.DataFrame:
        return unit_scores(ev, rules, ["doc_id"]).rename(columns={"actor": "entity"})

    # The verb itself, once, to check that the benchmark's shortcut (evidence computed once) equals it.
    check = per_entity(arts, pairs.head(40), lambda a, lex: toolkit.stance(a, lex, by="doc_id", quotes_table=quoted)
                       .rename(columns={"stance_mean": "score"})[["doc_id", "score"]]).dropna()
    short = check.merge(stance_scores(StanceRules()), on=["doc_id", "entity"], suffixes=("", "_b"))
    assert np.allclose(short["score"], short["score_b"]), "benchmark shortcut differs from toolkit.stance"

    default = scored(stance_scores(StanceRules()))
    figures["stance"] = report("stance, default rules (all events)", default, args.boot)
    grid = [StanceRules(distance=d, vader=v, quoted=q)
            for d, v, q in itertools.product([6, 10, 20], [0.0, 0.3, 1.0], [0.5, 1.0])]
    grid_scores = [scored(stance_scores(r)) for r in grid]
    out_of_fold, chosen = [], []
    for k in range(5):
        train = [metrics(s[s["fold"] != k].dropna(subset=["score"]))[0] for s in grid_scores]
        best = int(np.nanargmax(train))
        chosen.append(grid[best])
        out_of_fold.append(grid_scores[best][grid_scores[best]["fold"] == k])
    figures["stance_loeo"] = report("stance, leave-event-out (5 folds)", pd.concat(out_of_fold), args.boot)
    for k, r in enumerate(chosen):
        print(f"   fold {k}: distance={r.distance} vader={r.vader} quoted={r.quoted}")
    dev_rho = [metrics(s[s["fold"].isin(DEV_FOLDS)].dropna(subset=["score"]))[0] for s in grid_scores]
    on_dev = grid[int(np.nanargmax(dev_rho))]
    print(f"   rules chosen on the dev folds 0-2 (the shipped defaults must equal them): distance={on_dev.distance} "
          f"vader={on_dev.vader} quoted={on_dev.quoted}; StanceRules() defaults: distance={StanceRules().distance} "
          f"vader={StanceRules().vader} quoted={StanceRules().quoted}")
    held = default[~default["fold"].isin(DEV_FOLDS)]
    figures["stance_heldout"] = report("stance, default rules, held-out folds 3-4", held, args.boot)
    dev = default[default["fold"].isin(DEV_FOLDS)]
    report("stance, default rules, dev folds 0-2", dev, args.boot)
    report("tone near entity, held-out folds 3-4", scored(tone)[lambda x: ~x["fold"].isin(DEV_FOLDS)], args.boot)
    all_pairs = pairs.merge(stance_scores(StanceRules())[["doc_id", "entity", "score"]],
                            on=["doc_id", "entity"], how="left").fillna({"score": 0.0})
    report("stance, all 612 pairs (no mention = 0)", all_pairs, args.boot)

    print("\nCeilings from the gold phrase annotations (no method: count of positive minus negative phrases aimed at"
          " the entity in the article; what a perfect phrase finder would give):")
    ann = pd.read_json(BASIL / "annotations.jsonl", lines=True)
    phrases = ann[ann["kind"] == "phrase"].assign(v=lambda x: np.where(x["polarity"] == "neg", -1, 1))
    for name, sel in [("all phrases", phrases["v"].notna()), ("lexical-bias phrases", phrases["bias"] == "lex"),
                      ("lexical, outside quotations", (phrases["bias"] == "lex") & (phrases["quote"] == "no")),
                      ("informational-bias phrases", phrases["bias"] == "inf")]:
        gold = phrases[sel].groupby(["doc_id", "target"])["v"].sum().rename("score").reset_index()
        gold = mentioned.merge(gold.rename(columns={"target": "entity"}), on=["doc_id", "entity"], how="left")
        report(f"gold: {name}", gold.fillna({"score": 0.0}), args.boot)

    print("\nDonald_Trump, mean per outlet (annotation -1 … 1; scores):")
    trump = default[default["entity"] == "Donald_Trump"].merge(
        scored(tone)[["doc_id", "entity", "score"]].rename(columns={"score": "tone"}), on=["doc_id", "entity"])
    print(trump.groupby("outlet")[["y", "score", "tone"]].mean().round(3).rename(
        columns={"y": "annotation", "score": "stance"}).to_string())
    targets = figures["stance_loeo"]["rho"] >= 0.3 and figures["stance_loeo"]["same_event"] >= 0.65
    print(f"\ntargets (rho >= 0.3 and same-event >= 65%, leave-event-out) met: {targets}")
    print(f"figures for toolkit BASIL_VALIDATION: {figures}")
    from toolkit.discourse.sentiment import BASIL_VALIDATION as TONE
    from toolkit.discourse.stance import BASIL_VALIDATION as STANCE

    keys = ["pairs", "rho", "rho_ci", "same_event_pairs", "same_event", "same_event_ci"]
    held = {k: figures["stance_heldout"][k] for k in keys}
    recorded = ({k: TONE[k] for k in keys} == {k: figures["tone"][k] for k in keys}
                and {k: STANCE[k] for k in keys} == {k: figures["stance_loeo"][k] for k in keys}
                and {k: STANCE["heldout_" + k] for k in keys} == held)
    print(f"recorded figures in toolkit (tone and stance BASIL_VALIDATION) match this run: {recorded}")
    print(f"wall {time.perf_counter() - t0:.1f} s, CPU {time.process_time() - c0:.1f} s (main process)")


if __name__ == "__main__":
    main()
