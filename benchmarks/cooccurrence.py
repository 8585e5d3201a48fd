"""Benchmark: actor × frame co-occurrence over AllSides, the toolkit beside a naive loop.

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/cooccurrence.py [--sample N] [--naive-sample N] [--jobs N]

Prints words/s of ``toolkit.cooccurrence`` (default actor and frame lexicons, sentence units, by
outlet) over the whole corpus, words/s of the naive loop (NLTK Punkt per article, trained offline
on corpus text, then one compiled regex per category per sentence) on a sample, their ratio, and
peak memory against the corpus's size in pandas. Both produce the same kind of table (units per
outlet × actor × frame); their counts differ where Punkt and our splitter disagree.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import threading
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def pss_mb(pid: int) -> float:
    """Proportional set size (MB) of a process: shared pages split between sharers (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_pss_mb() -> float:
    """PSS of this process and all its descendants (forked workers share the parent's pages)."""
    pids, total, seen = [os.getpid()], 0.0, set()
    while pids:
        pid = pids.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += pss_mb(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                pids += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return total


class PeakMemory(threading.Thread):
    """Samples the process tree's PSS every 20 ms until stopped; ``peak`` holds the maximum."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self._stop_event = 0.0, threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_pss_mb())
            self._stop_event.wait(0.02)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def naive(articles: pd.DataFrame, actors, frames) -> tuple[float, int]:
    """NLTK Punkt per article, then one regex per category per sentence; returns (seconds, joint units)."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    trainer = PunktTrainer()
    trainer.train("\n\n".join(articles["text"].head(300)), finalize=True)  # offline, no nltk_data
    punkt = PunktSentenceTokenizer(trainer.get_params())

    def compile_lexicon(lex):
        out = {}
        for cat in lex.categories:
            pats = []
            for p, cs in lex.entries.loc[lex.entries["category"] == cat, ["pattern", "case_sensitive"]].values:
                body = r"\s+".join(re.escape(w).replace(r"\*", r"[\w'-]*") for w in p.split())
                pats.append((re.compile(r"(?<![\w-])" + body + r"(?![\w-])", 0 if cs else re.IGNORECASE)))
            out[cat] = pats
        return out

    a_re, f_re = compile_lexicon(actors), compile_lexicon(frames)
    start = time.perf_counter()
    joint = 0
    counts: dict = {}
    for outlet, title, text in zip(articles["outlet"], articles["title"], articles["text"]):
        for sentence in [title] + punkt.tokenize(text):
            a_found = [c for c, ps in a_re.items() if any(p.search(sentence) for p in ps)]
            if not a_found:
                continue
            f_found = [c for c, ps in f_re.items() if any(p.search(sentence) for p in ps)]
            for a in a_found:
                for f in f_found:
                    counts[(outlet, a, f)] = counts.get((outlet, a, f), 0) + 1
                    joint += 1
    return time.perf_counter() - start, joint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="articles for the toolkit run (0 = all)")
    parser.add_argument("--naive-sample", type=int, default=1500, help="articles for the naive loop")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (../shared is absent)")
        return

    import toolkit
    from toolkit.match.lexicon import load_lexicon

    articles = pd.read_parquet(CORPUS, columns=["doc_id", "outlet", "title", "text"])
    if args.sample:
        articles = articles.sample(args.sample, random_state=1).reset_index(drop=True)
    articles["outlet"] = articles["outlet"].astype("category")
    corpus_mb = articles.memory_usage(deep=True).sum() / 2**20
    actors, frames = load_lexicon("actors"), load_lexicon("frames")
    base = tree_pss_mb()

    monitor = PeakMemory()
    monitor.start()
    start, cpu0 = time.perf_counter(), cpu_seconds()
    table = toolkit.cooccurrence(articles, actors, frames, unit="sentence", by="outlet", jobs=args.jobs, progress=False)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    peak = monitor.stop()
    words = int(articles["text"].str.count(r"\S+").sum())  # after the call: keeps the baseline honest
    print(f"corpus: {len(articles):,} articles, {words / 1e6:.1f} M words, {corpus_mb:,.0f} MB in pandas; "
          f"actors {len(actors.categories)} categories / {len(actors)} patterns, "
          f"frames {len(frames.categories)} / {len(frames)}")
    fast = words / elapsed
    print(f"load average {os.getloadavg()[0]:.2f} (1 min); "
          f"toolkit.cooccurrence: {elapsed:.2f} s wall, {cpu:.2f} s CPU, {fast / 1e6:.2f} M words/s, {len(table):,} rows, "
          f"{int(table['joint_units'].sum()):,} joint units")
    print(f"memory (PSS of the process tree, sampled every 20 ms): {base:,.0f} MB before the call, peak "
          f"{peak:,.0f} MB during it (+{peak - base:,.0f} MB); corpus in pandas {corpus_mb:,.0f} MB; "
          f"peak / corpus = {peak / corpus_mb:.2f}x, growth / corpus = {(peak - base) / corpus_mb:.2f}x")

    sample = articles.sample(min(args.naive_sample, len(articles)), random_state=2)
    sample_words = int(sample["text"].str.split().str.len().sum())
    seconds, _ = naive(sample, actors, frames)
    slow = sample_words / seconds
    print(f"naive loop (Punkt + regex per category per sentence) on {len(sample):,} articles: {seconds:.2f} s, "
          f"{slow / 1e6:.2f} M words/s (whole corpus ≈ {words / slow:.0f} s)")
    print(f"speed-up: {fast / slow:.1f}x")


if __name__ == "__main__":
    main()
