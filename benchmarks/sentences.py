"""Benchmark the sentence splitter on the whole AllSides corpus.

Run from the repository root::

    .venv/bin/python benchmarks/sentences.py [--limit N] [--punkt]

Prints words/s, chars/s, the number of sentences and seconds for
:func:`toolkit.text.sentences.sentence_spans` over every article text.  With
``--punkt`` it also trains NLTK's Punkt offline on a sample of the corpus
(no nltk_data needed) and times it on a 2,000-article subset for
comparison (training takes about 1-2 minutes).  Skips with a message when the corpus
is absent.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from toolkit.text.sentences import sentence_spans  # noqa: E402

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--punkt", action="store_true", help="also time NLTK Punkt on 2,000 articles")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"SKIP: corpus not found: {args.corpus}")
        return 0

    import pandas as pd

    texts = pd.read_parquet(args.corpus, columns=["text"])["text"].fillna("").tolist()
    if args.limit:
        texts = texts[: args.limit]
    words = sum(len(t.split()) for t in texts)
    chars = sum(map(len, texts))

    t0, c0 = time.perf_counter(), time.process_time()
    sentences = 0
    for t in texts:
        sentences += len(sentence_spans(t))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"toolkit.text.sentences: {len(texts):,} articles, {words:,} words, {chars:,} chars")
    print(f"  {sentences:,} sentences in {secs:.2f} s wall ({cpu:.2f} s CPU): "
          f"{words / secs / 1e6:.2f} M words/s, {chars / secs / 1e6:.1f} M chars/s "
          f"(CPU: {words / cpu / 1e6:.2f} M words/s)")

    if args.punkt:
        from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

        sample = texts[:2000]
        trainer = PunktTrainer()
        trainer.INCLUDE_ALL_COLLOCS = True
        t0 = time.perf_counter()
        trainer.train("\n\n".join(texts[-3000:]), finalize=True)
        train_secs = time.perf_counter() - t0
        tok = PunktSentenceTokenizer(trainer.get_params())
        sw = sum(len(t.split()) for t in sample)
        t0 = time.perf_counter()
        ps = sum(len(list(tok.span_tokenize(t))) for t in sample)
        psecs = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = sum(len(sentence_spans(t)) for t in sample)
        osecs = time.perf_counter() - t0
        print(f"NLTK Punkt (trained offline on 3,000 articles in {train_secs:.1f} s), 2,000 articles, "
              f"{sw:,} words:")
        print(f"  Punkt: {ps:,} sentences in {psecs:.2f} s: {sw / psecs / 1e6:.2f} M words/s")
        print(f"  ours : {ours:,} sentences in {osecs:.2f} s: {sw / osecs / 1e6:.2f} M words/s "
              f"({psecs / osecs:.0f}x faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
