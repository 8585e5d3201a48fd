"""Benchmark the lexicon matcher on the AllSides corpus (223M characters, 36.4M words).

Times ``Matcher.find_many`` over every article text with the default actor and frame lexicons
(one pass for both), and compares it with the naive approach, one compiled regex per category,
timed on a sample and extrapolated to the corpus.

Usage::

    .venv/bin/python benchmarks/matcher.py [--corpus PATH] [--chunk 2000] [--sample 2000]
        [--actors NAME_OR_PATH] [--frames NAME_OR_PATH] [--repeat N] [--no-naive] [--rules-cost]

``--actors``/``--frames`` compare other versions of the lexicons (e.g. the previous release, saved
with ``git show <commit>:toolkit/lexicons/actors.yml > /tmp/old_actors.yml``) on the same machine
and load; ``--repeat`` reruns the timing, since a shared machine makes single runs noisy.

Prints wall and CPU seconds (the machine may be shared: CPU seconds are the steadier figure),
characters/s, words/s and hit counts. Texts are processed in chunks, as a pipeline would.
``--rules-cost`` also times the same lexicons with their context rules ignored (``before``,
``with`` etc., :mod:`toolkit.match.context`), interleaved with the real run, to show what the rules
cost (that matcher finds more hits: the rules drop some).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyarrow.parquet as pq  # noqa: E402

from toolkit.match.lexicon import load_lexicon  # noqa: E402
from toolkit.match.matcher import compile_matcher, fold_case  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def naive_regex(lexicon) -> list[re.Pattern]:
    """One IGNORECASE regex per category: the obvious way, for comparison (approximate rules)."""
    out = []
    for category in lexicon.categories:
        patterns = lexicon.entries.loc[lexicon.entries["category"] == category, "pattern"]
        alternatives = []
        for pattern in patterns:
            words = [re.escape(w).replace(r"\*", r"\w*") for w in pattern.split()]
            alternatives.append(r"\s+".join(words))
        out.append(re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])",
                              re.IGNORECASE))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--chunk", type=int, default=2000, help="texts per find_many call")
    parser.add_argument("--sample", type=int, default=2000, help="articles for the naive regex")
    parser.add_argument("--actors", default="actors", help="actor lexicon (name or path)")
    parser.add_argument("--frames", default="frames", help="frame lexicon (name or path)")
    parser.add_argument("--repeat", type=int, default=1, help="time find_many this many times")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive-regex comparison")
    parser.add_argument("--rules-cost", action="store_true",
                        help="also time the lexicons with their context rules ignored")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")

    texts = pq.read_table(args.corpus, columns=["text"]).column("text").to_pylist()
    texts = [t if isinstance(t, str) else "" for t in texts]
    n_chars = sum(map(len, texts))
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {args.corpus.name}: {len(texts):,} texts, {n_chars:,} chars, {n_words:,} words")

    actors, frames = load_lexicon(args.actors), load_lexicon(args.frames)
    t0 = time.perf_counter()
    matcher = compile_matcher([actors, frames])
    print(f"lexicons: actors {len(actors.categories)} categories / {len(actors)} patterns, "
          f"frames {len(frames.categories)} / {len(frames)}; compiled in "
          f"{time.perf_counter() - t0:.3f} s")

    # Lower-casing alone, the floor under any case-insensitive matcher on str.
    c0 = time.process_time()
    for t in texts:
        fold_case(t)
    print(f"fold_case alone: {time.process_time() - c0:.2f} s CPU")

    runs = [("find_many", matcher)]
    if args.rules_cost:
        import toolkit.match.matcher as matcher_module

        real = matcher_module.compile_context
        matcher_module.compile_context = lambda rules: None     # every entry without its rules
        try:
            runs.append(("find_many, context rules ignored", compile_matcher([actors, frames])))
        finally:
            matcher_module.compile_context = real
    for _ in range(args.repeat):
        for label, m in runs:
            w0, c0 = time.perf_counter(), time.process_time()
            hits = 0
            for i in range(0, len(texts), args.chunk):
                hits += len(m.find_many(texts[i:i + args.chunk])[0])
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            print(f"{label} (chunks of {args.chunk}): {wall:.2f} s wall, {cpu:.2f} s CPU; "
                  f"{n_chars / cpu / 1e6:.1f}M chars/s, {n_words / cpu / 1e6:.2f}M words/s (CPU); "
                  f"{hits:,} hits; load average {os.getloadavg()[0]:.1f}")
    if args.no_naive:
        return

    sample = texts[: args.sample]
    sample_chars = sum(map(len, sample))
    regexes = naive_regex(actors) + naive_regex(frames)
    c0 = time.process_time()
    naive_hits = sum(len(rx.findall(t)) for t in sample for rx in regexes)
    naive = time.process_time() - c0
    print(f"naive: one regex per category ({len(regexes)}), {len(sample):,} articles: "
          f"{naive:.2f} s CPU, {naive_hits:,} hits; extrapolated to the corpus: "
          f"{naive * n_chars / max(sample_chars, 1):.1f} s")


if __name__ == "__main__":
    main()
