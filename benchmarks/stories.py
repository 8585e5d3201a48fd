"""Benchmark: how well ``toolkit.stories`` recovers known events, and how fast it runs on AllSides.

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/stories.py [--skip-allsides] [--grid]

Prints:
1. BASIL (../shared/corpora/basil; 100 events × 3 outlets) with ``event_id``, ``event``,
   ``main_entities`` and ``keywords`` removed: pairwise precision and recall against ``event_id``.
   With ``--grid``, ``threshold`` × ``lead_words`` × ``days`` are tuned on half of the events (a
   fixed split by a hash of ``event_id``) and reported on both halves and on the whole corpus.
2. The demo corpus (corpora/demo) with ``event`` removed: are its 13 events recovered exactly?
   Then ``compare_within_stories`` with the gold events as strata against the estimated stories.
3. BASIL mixed into AllSides (same years, real distractors in every date window): precision and
   recall on the BASIL pairs, and how many BASIL articles share a story with AllSides articles.
4. Whole AllSides: wall and CPU time of ``stories`` (defaults, and with ``undated="text"``), the
   load average, and the story sizes.

Pairwise precision = pairs of articles put in one story that share an event / pairs put in one
story; recall = pairs sharing an event that are put in one story / pairs sharing an event.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora"
GOLD = ["event_id", "event", "main_entities", "keywords"]

import toolkit  # noqa: E402

warnings.simplefilter("ignore", toolkit.ToolkitWarning)


def pairwise(pred, gold) -> tuple[float, float, int, int, int]:
    """Pairwise precision, recall, true pairs, predicted pairs, gold pairs."""
    def pairs(labels) -> int:
        sizes = pd.Series(labels).value_counts().to_numpy()
        return int((sizes * (sizes - 1) // 2).sum())
    both = pairs(pd.Series(list(zip(map(str, pred), map(str, gold)))))
    p, g = pairs(list(map(str, pred))), pairs(list(map(str, gold)))
    return (both / p if p else float("nan")), (both / g if g else float("nan")), both, p, g


def half(event_id: str) -> int:
    return hashlib.sha256(event_id.encode()).digest()[0] % 2


def fmt(pr) -> str:
    return f"precision {pr[0]:.3f} recall {pr[1]:.3f} ({pr[2]} of {pr[3]} predicted pairs, {pr[4]} gold pairs)"


def basil(grid: bool) -> None:
    arts = toolkit.load_corpus(SHARED / "basil" / "articles.jsonl")
    gold = arts["event_id"].astype(str)
    plain = arts.drop(columns=GOLD)
    halves = gold.map(half).to_numpy()
    print(f"BASIL: {len(arts)} articles, {gold.nunique()} events; tuning half A = "
          f"{gold[halves == 0].nunique()} events, half B = {gold[halves == 1].nunique()} events")
    chosen = {}
    if grid:
        rows = []
        part = plain[halves == 0]
        for th, lw, days in itertools.product(np.round(np.arange(0.08, 0.31, 0.01), 2), (50, 100, 200, 400),
                                              (2, 3, 5)):
            pr = pairwise(toolkit.stories(part, threshold=float(th), lead_words=lw, days=days)["story"],
                          gold[halves == 0])
            rows.append({"threshold": float(th), "lead_words": lw, "days": days, "precision": pr[0],
                         "recall": pr[1], "worst": min(pr[0], pr[1])})
        table = pd.DataFrame(rows).sort_values(["worst", "threshold"], ascending=[False, False])
        print("  best settings on half A (by the smaller of precision and recall):")
        print(table.head(8).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        best = table.iloc[0]
        chosen = {"threshold": float(best["threshold"]), "lead_words": int(best["lead_words"]),
                  "days": int(best["days"])}
    settings = [("defaults", {})] + ([(f"tuned on half A {chosen}", chosen)] if chosen else [])
    for name, params in settings:
        print(f"  {name}:")
        for label, mask in (("half A", halves == 0), ("half B", halves == 1), ("whole", np.ones(len(arts), bool))):
            out = toolkit.stories(plain[mask], **params)
            print(f"    {label:7s} {fmt(pairwise(out['story'], gold[mask]))}")


def basil_cmh() -> None:
    """Framing within stories on BASIL: estimated stories against the gold events as strata."""
    arts = toolkit.load_corpus(SHARED / "basil" / "articles.jsonl")
    arts = toolkit.stories(arts.drop(columns=["event", "main_entities", "keywords"]))
    counts = {}
    for story in ("event_id", "story"):
        counts[story] = toolkit.compare_within_stories(arts, "actors", "frames", story=story, min_units=10)
    keys = ["outlet", "versus", "actor", "frame"]
    both = counts["event_id"].merge(counts["story"], on=keys, suffixes=("_gold", "_est"))
    ok = both["odds_ratio_gold"].between(0, np.inf, inclusive="neither") & both["odds_ratio_est"].between(
        0, np.inf, inclusive="neither")
    diff = np.abs(np.log(both.loc[ok, "odds_ratio_gold"]) - np.log(both.loc[ok, "odds_ratio_est"]))
    same_q = ((both["q_gold"] < 0.05) == (both["q_est"] < 0.05)).mean()
    print(f"BASIL CMH (outlet vs rest, packaged lexicons): {int(ok.sum())} comparisons with a finite odds ratio "
          f"under both; |log OR| difference gold events vs estimated stories: median {diff.median():.4f}, "
          f"max {diff.max():.4f}; same verdict at q < 0.05 in {same_q:.1%} of {len(both)} rows; "
          f"significant (q < 0.05): gold {int((both['q_gold'] < 0.05).sum())}, estimated "
          f"{int((both['q_est'] < 0.05).sum())}")


def demo() -> None:
    arts = toolkit.load_corpus("corpora/demo")
    out = toolkit.stories(arts.drop(columns=["event"]))
    pr = pairwise(out["story"], arts["event"])
    pairs = pd.DataFrame({"story": out["story"].to_numpy(), "event": arts["event"].to_numpy()})
    exact = (pairs.groupby("story")["event"].nunique().max() == 1
             and pairs.groupby("event")["story"].nunique().max() == 1)
    print(f"demo: {arts['event'].nunique()} events, {out['story'].nunique()} stories; {fmt(pr)}; "
          f"events recovered exactly: {bool(exact)}")


def mixed() -> None:
    cols = ["doc_id", "outlet", "date", "title", "text"]
    b = toolkit.load_corpus(SHARED / "basil" / "articles.jsonl")
    a = toolkit.load_corpus(SHARED / "allsides" / "articles.parquet")
    both = pd.concat([b[cols], a[cols]], ignore_index=True)
    out = toolkit.stories(both)
    story = out["story"].to_numpy()
    pr = pairwise(story[:len(b)], b["event_id"])
    shared = np.isin(story[:len(b)], story[len(b):]).mean()
    print(f"BASIL inside AllSides ({len(both)} articles): BASIL pairs {fmt(pr)}; "
          f"{shared:.0%} of BASIL articles share a story with AllSides articles")


def allsides() -> None:
    arts = toolkit.load_corpus(SHARED / "allsides" / "articles.parquet")
    for params in ({}, {"undated": "text"}):
        load = os.getloadavg()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, cpu = time.perf_counter(), time.process_time()
        out = toolkit.stories(arts, **params)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        s = out.attrs["stories"]
        sizes = out["story"].value_counts()
        print(f"AllSides stories({params or 'defaults'}): wall {wall:.1f} s, CPU {cpu:.1f} s (this process and its workers) "
              f"(load average before {load[0]:.2f}, {os.cpu_count()} cores); {s['stories']} stories, "
              f"{s['multi_article_stories']} with 2+ articles holding {s['articles_in_multi']} articles; "
              f"largest {sizes.max()}; sizes 2-4: {int(sizes.between(2, 4).sum())}, 5-9: "
              f"{int(sizes.between(5, 9).sum())}, 10+: {int((sizes >= 10).sum())}; undated {s['undated']}, "
              f"linked by text {s['undated_linked']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-allsides", action="store_true", help="only BASIL and the demo corpus")
    parser.add_argument("--grid", action="store_true", help="tune on half of BASIL's events first")
    args = parser.parse_args()
    os.chdir(ROOT)
    basil(args.grid)
    basil_cmh()
    demo()
    if not args.skip_allsides:
        mixed()
        allsides()


if __name__ == "__main__":
    main()
