"""Does ``toolkit.discourse.quotes`` still give the same table? (a check for speed work)

Run from the repository root::

    .venv/bin/python benchmarks/quotes_equal.py --save  [--sample N | --all] [--out FILE]
    .venv/bin/python benchmarks/quotes_equal.py         [--sample N | --all] [--out FILE]

``--save`` stores the ``quotes`` table (with ``actors`` = the shipped actors lexicon) of a
fixed seeded sample of AllSides articles (default 3,000, seed :data:`SEED`; ``--all``: the
whole corpus) in a pickle under ``/tmp`` (never in the repository: it holds article text);
without it the table is computed again and every column is compared with the stored one,
values and dtypes (missing values equal), and the first differing rows are printed. Exit
status 1 on any difference. Needs ``../shared/corpora/allsides/``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ALLSIDES = REPO.parent / "shared" / "corpora" / "allsides" / "articles.parquet"
SEED = 3000


def sample(n: int | None) -> pd.DataFrame:
    arts = pd.read_parquet(ALLSIDES, columns=["doc_id", "outlet", "date", "text"])
    if n is None:
        return arts
    return arts.sample(n=n, random_state=SEED).reset_index(drop=True)


def table(arts: pd.DataFrame) -> pd.DataFrame:
    from toolkit.discourse.quotes import quotes
    from toolkit.match.lexicon import LEXICON_DIR

    return quotes(arts, actors=LEXICON_DIR / "actors.yml")


def _same(x, y) -> bool:
    """Equal values; missing equals missing of the same kind (None, NaN, NaT, pd.NA)."""
    if x is None or y is None:
        return x is y
    xm, ym = x is pd.NA or x is pd.NaT or (isinstance(x, float) and np.isnan(x)), \
        y is pd.NA or y is pd.NaT or (isinstance(y, float) and np.isnan(y))
    if xm or ym:
        return type(x) is type(y) and xm and ym
    return type(x) is type(y) and bool(x == y)


def _portable(attrs: dict) -> dict:
    """``attrs`` with the lexicon paths taken from the package directory on (the references
    may come from another worktree: ``/work/wt-x/toolkit/lexicons/actors.yml``)."""
    params = dict(attrs.get("parameters", {}))
    for k, v in params.items():
        if isinstance(v, str) and "/toolkit/" in v:
            params[k] = v[v.rindex("/toolkit/") + 1:]
    return {**attrs, "parameters": params}


def differences(new: pd.DataFrame, old: pd.DataFrame) -> list[str]:
    """What differs between two quotes tables (empty when equal)."""
    out = []
    if list(new.columns) != list(old.columns):
        return [f"columns differ: {list(new.columns)} vs {list(old.columns)}"]
    if len(new) != len(old):
        out.append(f"rows differ: {len(new)} vs {len(old)}")
    if _portable(new.attrs) != _portable(old.attrs):
        out.append(f"attrs differ: {new.attrs} vs {old.attrs}")
    n = min(len(new), len(old))
    for col in new.columns:
        a, b = new[col], old[col]
        if a.dtype != b.dtype:
            out.append(f"{col}: dtype {a.dtype} vs {b.dtype}")
        av, bv = a.iloc[:n].astype(object).to_numpy(), b.iloc[:n].astype(object).to_numpy()
        same = np.array([_same(x, y) for x, y in zip(av, bv)], dtype=bool)
        bad = np.flatnonzero(~same)
        if len(bad):
            out.append(f"{col}: {len(bad)} rows differ, first at {bad[:5].tolist()}: "
                       + "; ".join(f"{av[i]!r} vs {bv[i]!r}" for i in bad[:3]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", action="store_true", help="store the reference table")
    ap.add_argument("--sample", type=int, default=3000, help="articles in the seeded sample")
    ap.add_argument("--all", action="store_true", help="the whole corpus instead of a sample")
    ap.add_argument("--out", default=None, help="reference pickle (default under /tmp)")
    args = ap.parse_args(argv)
    if not ALLSIDES.exists():
        sys.exit(f"AllSides not found at {ALLSIDES}")
    n = None if args.all else args.sample
    ref = Path(args.out or f"/tmp/quotes2_ref_{'all' if n is None else n}.pkl")
    arts = sample(n)
    t0 = time.perf_counter()
    q = table(arts)
    print(f"{len(arts):,} articles -> {len(q):,} quotations in {time.perf_counter() - t0:.1f} s")
    if args.save:
        q.to_pickle(ref)
        print(f"saved {ref}")
        return 0
    diffs = differences(q, pd.read_pickle(ref))
    for d in diffs:
        print("DIFF", d)
    print("EQUAL" if not diffs else f"{len(diffs)} differences against {ref}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
