"""Benchmark: load_corpus on the AllSides corpus (37,554 articles), from Parquet and, written by
save_corpus to a temporary folder, from JSONL and CSV (the line-based readers).

    .venv/bin/python benchmarks/load.py [--formats parquet,jsonl,csv] [--repeat 3]

Prints wall and CPU seconds (best of --repeat), articles/s and words/s, and the provenance counts.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def timed(load, path, repeat: int):
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            articles = load(path)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return articles, runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--formats", default="parquet,jsonl,csv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (../shared is absent)")
        return
    import toolkit

    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        for fmt in args.formats.split(","):
            path = CORPUS
            if fmt != "parquet":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    path = toolkit.save_corpus(toolkit.load_corpus(CORPUS), Path(tmp) / f"allsides.{fmt}")
            articles, runs = timed(toolkit.load_corpus, path, args.repeat)
            words = int(articles["text"].str.split().str.len().sum())
            best_wall, best_cpu = min(runs)
            prov = articles.attrs["provenance"]
            print(f"load_corpus(allsides .{fmt}): best of {args.repeat} {best_wall:.2f} s wall, {best_cpu:.2f} s CPU "
                  f"(all: {', '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)} s wall/CPU); "
                  f"{len(articles) / best_wall:,.0f} articles/s, {words / best_wall / 1e6:.1f} M words/s")
            print(f"  rows read {prov['rows_read']:,}, loaded {prov['loaded']:,}, rejected {prov['rejected']:,}, "
                  f"dates missing {prov['dates_missing']:,}, unparsed/implausible {prov['dates_unparsed']:,} "
                  f"(e.g. {prov['dates_unparsed_examples']}), outlets {articles['outlet'].nunique()}")


if __name__ == "__main__":
    main()
