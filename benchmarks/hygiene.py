"""Benchmark and acceptance figures of corpus hygiene (issue 12) on AllSides.

    .venv/bin/python benchmarks/hygiene.py            # everything
    .venv/bin/python benchmarks/hygiene.py --fast     # skip the reprint seeds beyond the test's

Prints: wall and CPU seconds of ``clean`` on the whole AllSides corpus (with the machine's load
before and after), what it removed and set aside; the top 20 over-used keyness terms of Fox News
vs the rest and of CNN (Web News) vs Washington Times, before and after cleaning, and which of
the scraping words (caption, hide, photo(s), newsletter(s), llc, copyright, reprint, getty,
click, advertisement, subscribe) are among them; near-duplicate recall and precision on the
reprint test sets built from AllSides (tests/test_hygiene_duplicates.py builds them, seeded,
at run time); duplicate pairs found on the demo corpus.
"""
from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"
SCRAPING = {"caption", "hide", "photo", "photos", "newsletter", "newsletters", "llc", "copyright", "reprint",
            "getty", "click", "advertisement", "subscribe"}
COMPARISONS = [("Fox News", None), ("CNN (Web News)", "Washington Times")]


def load() -> float:
    return os.getloadavg()[0]


def top_terms(articles, target, reference, n=20):
    import toolkit

    table = toolkit.keyness(articles, target, reference=reference, progress=False)
    return table[table["direction"] == "+"]["term"].head(n).tolist()


def main() -> None:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (../shared is absent)")
        return
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.ToolkitWarning)
        articles = toolkit.load_corpus(CORPUS, errors="skip")
    words = int(articles["text"].str.split().str.len().sum())

    load_before = load()
    wall, cpu = time.perf_counter(), time.process_time()
    cleaned = toolkit.clean(articles)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"clean(allsides): {wall:.1f} s wall, {cpu:.1f} s CPU, {len(articles):,} articles, {words / 1e6:.1f} M words; "
          f"load average {load_before:.1f} before, {load():.1f} after ({os.cpu_count()} cores)")
    c = cleaned.attrs["cleaning"]["counts"]
    print(f"  boilerplate: {c['boilerplate_spans']:,} spans from {c['articles_changed']:,} articles, "
          f"{c['chars_removed']:,} characters ({c['chars_removed'] / c['chars_in']:.1%}); emptied {c['emptied']}")
    print(f"  duplicates: {c['duplicate_pairs']} pairs, {c['clusters']} clusters ({c['syndicated_clusters']} across outlets), "
          f"{c['duplicates_set_aside']} articles set aside; {c['articles_out']:,} articles out")
    spans = cleaned.attrs["cleaning"]["spans"]
    print("  spans by rule: " + ", ".join(f"{r} {n}" for r, n in spans["rule"].value_counts().items()))

    for target, reference in COMPARISONS:
        against = reference or "the rest"
        before = top_terms(articles, target, reference)
        after = top_terms(cleaned, target, reference)
        print(f"keyness {target} vs {against}, top 20 over-used:")
        print(f"  before: {before}\n          scraping words: {sorted(SCRAPING & set(before))}")
        print(f"  after:  {after}\n          scraping words: {sorted(SCRAPING & set(after))}")

    from test_hygiene_duplicates import build_reprints, recall_precision

    seeds = [12] if "--fast" in sys.argv else [12, 13, 14]
    for seed in seeds:
        wall = time.perf_counter()
        corpus, truth = build_reprints(CORPUS, seed=seed)
        recall, precision, found = recall_precision(corpus, truth)
        print(f"reprints (seed {seed}): {len(truth)} true pairs among {len(corpus)} articles; found {found} pairs; "
              f"recall {recall:.3f}, precision {precision:.3f} ({time.perf_counter() - wall:.0f} s with building)")

    demo = toolkit.load_corpus(ROOT / "corpora" / "demo")
    print(f"demo corpus: {len(toolkit.find_duplicates(demo))} duplicate pairs among {len(demo)} articles")


if __name__ == "__main__":
    main()
