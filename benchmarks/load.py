"""Benchmark: load_corpus on the AllSides parquet file (37,554 articles), with the checks it runs.

    .venv/bin/python benchmarks/load.py

Prints wall and CPU seconds, articles/s and words/s, and the provenance counts.
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def main() -> None:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (../shared is absent)")
        return
    import toolkit

    runs = []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", toolkit.CorpusWarning)
            articles = toolkit.load_corpus(CORPUS)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    words = int(articles["text"].str.split().str.len().sum())
    best_wall, best_cpu = min(runs)
    prov = articles.attrs["provenance"]
    print(f"load_corpus(allsides): best of 3 {best_wall:.2f} s wall, {best_cpu:.2f} s CPU "
          f"(all: {', '.join(f'{w:.2f}' for w, _ in runs)} s); {len(articles) / best_wall:,.0f} articles/s, "
          f"{words / best_wall / 1e6:.1f} M words/s")
    print(f"rows read {prov['rows_read']:,}, loaded {prov['loaded']:,}, rejected {prov['rejected']:,}, "
          f"dates missing {prov['dates_missing']:,}, unparsed/implausible {prov['dates_unparsed']:,} "
          f"(e.g. {prov['dates_unparsed_examples']}), outlets {articles['outlet'].nunique()}")


if __name__ == "__main__":
    main()
