"""Benchmark: the audit trail ``toolkit.hits`` over AllSides, and one pathological article.

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/hits.py [--sample N] [--lexicon actors] [--skip-corpus] [--skip-long]

Prints, for ``hits(articles, lexicon)`` over the whole corpus (or a sample), wall and CPU seconds
(this process and its worker processes), rows, and the peak memory of the process tree (PSS) above
what it held before the call; then the same for one 128 KB article without sentence punctuation
that mentions an actor 16,000 times (the worst case for storing unit text per hit). The machine
is shared: read CPU seconds beside wall seconds, and the load average printed before and after.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"

from cooccurrence import PeakMemory, tree_pss_mb  # noqa: E402


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def measure(label: str, func) -> pd.DataFrame:
    base = tree_pss_mb()
    monitor = PeakMemory()
    monitor.start()
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = func()
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    peak = monitor.stop()
    size = result.memory_usage(deep=True).sum() / 2**20
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(result):,} rows, result {size:,.0f} MB, "
          f"peak PSS {peak:,.0f} MB (+{peak - base:,.0f} MB over {base:,.0f} MB before)", flush=True)
    return result


def long_article() -> pd.DataFrame:
    """One 128 KB article, no sentence punctuation, 16,000 mentions of an actor."""
    text = " ".join("Russia" if i % 2 == 0 else "Kremlin" for i in range(16_000))
    text += " " + "x" * max(0, 128 * 1024 - len(text) - 1)
    return pd.DataFrame({"doc_id": ["long"], "outlet": ["A"], "date": [pd.NaT], "title": [""], "text": [text]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="articles (0 = all)")
    parser.add_argument("--lexicon", default="actors")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    args = parser.parse_args()
    import toolkit

    print(f"load average: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores", flush=True)
    if not args.skip_long:
        arts = long_article()
        measure(f"hits(long article: {len(arts.text[0]) // 1024} KB, 16,000 mentions)",
                lambda: toolkit.hits(arts, args.lexicon))
    if not args.skip_corpus:
        if not CORPUS.exists():
            print(f"skipped the corpus: {CORPUS} not found (../shared is absent)")
            return
        articles = pd.read_parquet(CORPUS, columns=["doc_id", "outlet", "date", "title", "text"])
        articles["date"] = pd.to_datetime(articles["date"], errors="coerce", format="%Y-%m-%d")
        if args.sample:
            articles = articles.sample(args.sample, random_state=1).reset_index(drop=True)
        articles["outlet"] = articles["outlet"].astype("category")
        measure(f"hits(AllSides {len(articles):,} articles, {args.lexicon!r})",
                lambda: toolkit.hits(articles, args.lexicon))
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
