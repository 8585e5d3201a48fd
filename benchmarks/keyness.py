"""Benchmark: keyness_all and collocates over the whole AllSides corpus, beside a baseline.

Baseline = a straightforward implementation on the same data: ``collections.Counter`` per
outlet over ``nltk``-free regex tokens + the same G2 formula per (outlet, term) for keyness;
NLTK's ``BigramCollocationFinder.from_documents`` (window 2 = adjacent pairs, per sentence)
scored with ``BigramAssocMeasures.likelihood_ratio`` for collocates.

Run from the repository root:  .venv/bin/python benchmarks/keyness.py [--limit N]
Timings depend on machine load (the development machine has 2 shared cores): each line
gives wall-clock seconds and CPU seconds (user + system, this process and its worker
processes), and the load average is printed before and after.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from toolkit.collocations import collocates  # noqa: E402
from toolkit.keyness import keyness_all  # noqa: E402
from toolkit.text.tokens import tokenize  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides" / "articles.parquet"


def baseline_keyness(articles: pd.DataFrame, min_freq: int = 3) -> int:
    """Counter per outlet, then G2 per (outlet, term) in a Python loop."""
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for outlet, text in zip(articles["outlet"].astype(str), articles["text"]):
        per_outlet[outlet].update(tokenize(text))
    total = Counter()
    for c in per_outlet.values():
        total.update(c)
    n = sum(total.values())
    rows = 0
    for outlet, c in per_outlet.items():
        size = sum(c.values())
        for term, a in c.items():
            f = total[term]
            if f < min_freq:
                continue
            b, d = f - a, n - size
            e1, e2 = size * f / n, d * f / n
            g2 = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0.0))
            rows += g2 >= 0
    return rows


def baseline_collocates(articles: pd.DataFrame, node: str) -> int:
    """NLTK bigram finder over sentences (our splitter), node = words starting with `node`."""
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics.association import BigramAssocMeasures

    from toolkit.text.sentences import sentence_spans

    sents = []
    for text in articles["text"]:
        for a, b in sentence_spans(text):
            sents.append(tokenize(text[a:b]))
    finder = BigramCollocationFinder.from_documents(sents)
    finder.apply_ngram_filter(lambda w1, w2: not w1.startswith(node))
    return len(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(label: str, func, words: int):
    """Run func; print wall seconds, CPU seconds (all processes) and throughput."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = func()
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"{label:<55} {dt:7.2f} s wall {cpu:7.2f} s CPU  {words / dt / 1e6:6.2f} M words/s")
    return dt, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--node", default="escalat*")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"AllSides corpus not found at {CORPUS}")
    t0 = time.perf_counter()
    articles = pd.read_parquet(CORPUS, columns=["doc_id", "outlet", "text"])
    if args.limit:
        articles = articles.head(args.limit)
    articles["outlet"] = articles["outlet"].astype("category")
    words = int(articles["text"].str.split().str.len().sum())
    print(f"AllSides: {len(articles):,} articles, {articles.outlet.nunique()} outlets, "
          f"{words / 1e6:.1f} M whitespace words (read in {time.perf_counter() - t0:.1f} s)")

    print(f"load average: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    dt_k, table = timed("toolkit keyness_all(by='outlet')", lambda: keyness_all(articles, progress=False), words)
    print(f"    -> {len(table):,} rows")
    dt_c, coll = timed(f"toolkit collocates({args.node!r}, 5, 5)",
                       lambda: collocates(articles, args.node, left=5, right=5, by=None, progress=False), words)
    print(f"    -> {len(coll):,} collocates of {len(coll.attrs['node_terms'])} node terms")
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    if args.no_baseline:
        return
    dt_bk, _ = timed("baseline Counter + G2 loop (keyness, every outlet)",
                     lambda: baseline_keyness(articles), words)
    stem = args.node.rstrip("*")
    dt_bc, _ = timed(f"baseline NLTK BigramCollocationFinder ({stem}*, bigrams)",
                     lambda: baseline_collocates(articles, stem), words)
    print(f"ratio keyness  baseline/toolkit: {dt_bk / dt_k:.1f}x")
    print(f"ratio collocates baseline/toolkit: {dt_bc / dt_c:.1f}x (baseline: adjacent bigrams only)")


if __name__ == "__main__":
    main()
