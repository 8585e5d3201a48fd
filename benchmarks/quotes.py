"""Speed of ``toolkit.discourse.quotes`` on the AllSides corpus (37,554 articles).

Run from the repository root::

    .venv/bin/python benchmarks/quotes.py [--limit N]

Prints articles/s, words/s, the number of quotations found and the seconds taken (the time of
``quotes()`` alone, not of reading the parquet file). Needs ``../shared/corpora/allsides/``.
Target (issue 16): the whole corpus in at most 20 s on the 2-core machine, under shared load
(report the CPU time and the load beside it: the machine is shared).
"""
from __future__ import annotations

import argparse
import sys
import os
import resource
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ALLSIDES = REPO.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> None:
    from toolkit.discourse.quotes import quotes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    if not ALLSIDES.exists():
        sys.exit(f"AllSides not found at {ALLSIDES}")
    arts = pd.read_parquet(ALLSIDES, columns=["doc_id", "outlet", "date", "text"])
    if args.limit:
        arts = arts.head(args.limit)
    words = int(arts["text"].str.count(r"\S+").sum())
    quotes(arts.head(50))  # compile the patterns outside the timing
    load = os.getloadavg()
    t0, (own0, kids0) = time.perf_counter(), _cpu()
    q = quotes(arts)
    (own1, kids1), dt = _cpu(), time.perf_counter() - t0
    own, kids = own1 - own0, kids1 - kids0
    print(f"{len(arts):,} articles, {words:,} words: {len(q):,} quotations in {dt:.1f} s "
          f"({len(arts) / dt:,.0f} articles/s, {words / dt / 1e6:.2f} M words/s); "
          f"CPU time {own + kids:.1f} s (this process {own:.1f} s, its worker processes {kids:.1f} s; "
          f"{os.cpu_count()} cores)")
    print("kinds:", q["kind"].value_counts().to_dict())
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"with a speaker: {q['speaker'].notna().mean():.1%}; "
          f"with a speaker_name: {q['speaker_name'].notna().mean():.1%}")
    print("speaker_type:", q["speaker_type"].value_counts(dropna=False).to_dict())
    print("how:", q["how"].value_counts(dropna=False).to_dict())
    print("top verbs:", q["verb"].value_counts().head(10).to_dict())


if __name__ == "__main__":
    main()
