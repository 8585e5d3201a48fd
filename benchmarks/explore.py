"""Benchmark: the explorers on AllSides: first computation, then each interaction (< 1 s is the aim).

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/explore.py [--repeat 5] [--units sentence,paragraph] [--terms]

Prints, with wall and CPU time (this process and its finished worker processes) and the load
average: the first computation of ``toolkit.explore`` per unit; whether its table equals
``toolkit.cooccurrence`` (cells that differ are listed) and whether ``select`` returns
``joint_units`` rows for the largest cells; then the median of ``--repeat`` runs of each
interaction of the widget, driven through its controls as a click would (the browser's own
rendering time is not included: see tests/test_browser.py for the real thing). With ``--terms``:
``toolkit.term_explorer`` (left vs right by bias; Fox News vs the rest) and the HTML sizes.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, func, repeat: int = 1):
    """Run ``func`` ``repeat`` times; print the median wall and CPU seconds; return the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), cpu()
        result = func()
        walls.append(time.perf_counter() - w0)
        cpus.append(cpu() - c0)
    flag = "" if repeat == 1 or statistics.median(walls) < 1 else "   <-- over 1 s"
    print(f"{label:<58} wall {statistics.median(walls):8.3f} s   CPU {statistics.median(cpus):8.3f} s"
          f"{f'   (median of {repeat})' if repeat > 1 else ''}{flag}", flush=True)
    return result


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def check_equal(explorer, articles, unit: str) -> None:
    import toolkit

    mine = explorer.table(by="outlet", unit=unit)
    ref = timed(f"toolkit.cooccurrence(unit={unit!r}, by='outlet') for comparison",
                lambda: toolkit.cooccurrence(articles, "actors", "frames", unit=unit, by="outlet"))
    cols = ["actor_units", "frame_units", "joint_units", "units"]
    diff = (mine[cols].to_numpy() != ref[cols].to_numpy()).any(axis=1)
    print(f"table == cooccurrence: {not diff.any()} ({diff.sum()} of {len(mine)} cells differ)")
    if diff.any():
        both = mine.loc[diff, ["outlet", "actor", "frame", *cols]].join(ref.loc[diff, cols], rsuffix="_cooc")
        print(both.head(20).to_string())
    top = ref.sort_values("joint_units", ascending=False).head(3)
    for row in top.itertuples(index=False):
        rows = len(explorer.select(row.actor, row.frame, unit=unit, outlet=row.outlet))
        print(f"  select({row.actor!r}, {row.frame!r}, outlet={row.outlet!r}): {rows} rows, "
              f"cooccurrence joint_units {row.joint_units}: {'equal' if rows == row.joint_units else 'DIFFERENT'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", default="sentence", help="comma-separated units to compute first")
    parser.add_argument("--no-check", action="store_true", help="skip the comparison with cooccurrence")
    parser.add_argument("--terms", action="store_true", help="also time the term explorer")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    warnings.simplefilter("ignore")
    import toolkit
    from toolkit.explore import term_page

    print(f"{os.cpu_count()} CPUs; {load()}")
    articles = timed("load_corpus(AllSides)", lambda: toolkit.load_corpus(CORPUS))
    print(f"{len(articles):,} articles, {articles['outlet'].nunique()} outlets")
    units = args.units.split(",")
    explorer = timed(f"explore(articles) first computation, unit={units[0]!r}",
                     lambda: toolkit.explore(articles, unit=units[0]))
    for unit in units[1:]:
        timed(f"first computation of unit={unit!r}", lambda: explorer._data(unit))
    if not args.no_check:
        for unit in units:
            check_equal(explorer, articles, unit)
    print(f"{load()}; peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:,.0f} MB")

    r = args.repeat
    timed("explorer.table(by='bias') (first, uncached)", lambda: explorer.table(by="bias"))
    timed("explorer.table(by=['outlet', 'month']) (first)", lambda: explorer.table(by=["outlet", "month"]))
    app = timed(f"widget built (table of {explorer.max_rows} groups x {len(explorer.frames.categories)} frames)",
                lambda: explorer.app)
    actors = [a for a in explorer.actors.categories if a != app.actor.value][:r]
    it = iter(actors * 2)
    timed("choose another actor (table rebuilt)", lambda: setattr(app.actor, "value", next(it)), r)
    groupings = iter([("bias",), ("month",), ("outlet",), ("year",), ("topic",)] * 2)
    timed("choose another grouping (bias, month, outlet, ...)", lambda: setattr(app.grouping, "value", next(groupings)), r)
    app.grouping.value = ("outlet",)
    app.actor.value = "trump" if "trump" in explorer.actors.categories else explorer.actors.categories[0]
    table = explorer.table(by="outlet")
    big = table[table["actor"] == app.actor.value].sort_values("joint_units", ascending=False).head(r)
    cells = iter([((row.outlet,), row.frame) for row in big.itertuples(index=False)] * 2)
    timed("click a cell (largest cells of the actor): first page", lambda: app.choose(*next(cells)), r)
    print(f"  e.g. {app.page_label.value}")
    timed("next page", lambda: app.turn(1), r)
    timed("click the all-articles cell", lambda: app.choose(None, big.iloc[0]["frame"]), r)
    print(f"  {app.page_label.value}")
    row = big.iloc[0]
    evidence = timed(f"select({row.actor!r}, {row.frame!r}, outlet={row.outlet!r}) all rows (uncached)",
                     lambda: explorer.evidence(explorer.cell(row.actor, row.frame, outlet=row.outlet),
                                               row.actor, row.frame))
    print(f"  {len(evidence)} rows")
    with tempfile.TemporaryDirectory() as tmp:
        explorer.export_dir = Path(tmp)
        path = timed("export CSV of the chosen cell (all articles)", app.write_csv)
        print(f"  {app.status.value}; {path.stat().st_size / 1e6:.1f} MB")
    frames = list(explorer.frames.categories)
    subsets = iter([tuple(frames[:k]) for k in range(3, 3 + r)] * 2)
    timed("choose the frames shown", lambda: setattr(app.frames, "value", next(subsets)), r)
    units_cycle = iter([u for u in units[1:] + units[:1]] * r)
    if len(units) > 1:
        timed("switch unit (both computed)", lambda: setattr(app.unit, "value", next(units_cycle)), r)
    print(load())

    if args.terms:
        with tempfile.TemporaryDirectory() as tmp:
            for target, reference, by in (("left", "right", "bias"), ("Fox News", None, "outlet")):
                out = Path(tmp) / "terms.html"
                terms = timed(f"term_explorer({target!r}, {reference!r}, by={by!r})",
                              lambda: toolkit.term_explorer(articles, target, reference, by=by, path=out))
                library = len(term_page.vega_bundle().encode())
                print(f"  {len(terms.terms):,} terms, {len(terms.lines):,} KWIC lines; HTML "
                      f"{out.stat().st_size / 1e6:.2f} MB, of which the Vega library {library / 1e6:.2f} MB")
        print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
