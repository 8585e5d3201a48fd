"""Print a random sample of quotations that have a ``speaker_actor``, with their context, for judging
by reading (the precision figure in :mod:`toolkit.discourse.quotes.affiliation`).

Run from the repository root::

    .venv/bin/python benchmarks/speaker_actor_sample.py [--articles 2000] [--seed 4242] [--n 60] [--sample-seed 61]

Needs ``../shared/corpora/allsides/``. Prints to the terminal only (the corpus text stays out of the
repository). Judge each row: is the speaker's actor category right for the person or body who
actually speaks (the actors lexicon's definitions: officials, legislators and judges in office count
for their state)?
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ALLSIDES = REPO.parent / "shared" / "corpora" / "allsides" / "articles.parquet"


def main(argv: list[str] | None = None) -> None:
    from toolkit.discourse.quotes import quotes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--sample-seed", type=int, default=61)
    args = ap.parse_args(argv)
    if not ALLSIDES.exists():
        sys.exit(f"AllSides not found at {ALLSIDES}")
    os.environ.setdefault("TOOLKIT_PROGRESS", "0")
    arts = pd.read_parquet(ALLSIDES, columns=["doc_id", "outlet", "date", "text"])
    pool = arts.sample(args.articles, random_state=args.seed).reset_index(drop=True)
    q = quotes(pool, actors="actors")
    have = q[q["speaker_actor"].notna()]
    print(f"{len(q):,} quotations, {len(have):,} with a speaker_actor ({len(have) / len(q):.1%})")
    texts = dict(zip(pool["doc_id"], pool["text"]))
    for k, r in enumerate(have.sample(args.n, random_state=args.sample_seed).sort_index().itertuples(), 1):
        text = texts[r.doc_id]
        lo = int(min(r.start, r.speaker_start if pd.notna(r.speaker_start) else r.start))
        hi = int(max(r.end, r.speaker_end if pd.notna(r.speaker_end) else r.end))
        context = text[max(0, lo - 200):hi + 120].replace("\n", " ")
        print(f"#{k} {r.doc_id}@{r.start} type={r.speaker_type} speaker={r.speaker!r} "
              f"name={r.speaker_name!r} actor={r.speaker_actor} how={r.how}\n   {context}\n")


if __name__ == "__main__":
    main()
