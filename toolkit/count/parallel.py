"""Run a function over slices of a corpus on all cores, in order.

Workers are forked, so they inherit the corpus and compiled matchers instead of unpickling them;
only each slice's (small) result travels back. Where fork is unavailable, or for one slice or one
job, the slices run in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

CHUNK_ARTICLES = 2000

_STATE: dict = {}


def _call(bounds: tuple[int, int]) -> Any:
    return _STATE["func"](*bounds)


def map_slices(func: Callable[[int, int], Any], n: int, *, jobs: int | None = None,
               chunk_size: int = CHUNK_ARTICLES, progress: bool | None = None,
               desc: str = "articles") -> list:
    """``[func(a, b) for each slice [a, b) of range(n)]``, computed in forked worker processes.

    Parameters
    ----------
    func : callable (start, stop) -> result
        May be a closure: it is inherited by the forked workers, not pickled.
    n : int
        Number of items (articles).
    jobs : int, optional
        Worker processes (default: all cores); 1 runs in this process.
    chunk_size : int
        Items per slice.
    progress : bool, optional
        Show a progress bar (default: when there are 8 slices or more).

    Returns
    -------
    list
        The results in slice order.
    """
    bounds = [(a, min(a + chunk_size, n)) for a in range(0, n, chunk_size)]
    jobs = jobs or os.cpu_count() or 1
    show = progress if progress is not None else len(bounds) >= 8
    bar = None
    if show:
        from tqdm import tqdm
        bar = tqdm(total=n, unit="article", desc=desc, leave=False)
    results = []
    try:
        if jobs > 1 and len(bounds) > 1 and "fork" in multiprocessing.get_all_start_methods():
            _STATE["func"] = func
            with ProcessPoolExecutor(max_workers=min(jobs, len(bounds)),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                for (a, b), part in zip(bounds, pool.map(_call, bounds)):
                    results.append(part)
                    if bar:
                        bar.update(b - a)
        else:
            for a, b in bounds:
                results.append(func(a, b))
                if bar:
                    bar.update(b - a)
    finally:
        _STATE.clear()
        if bar:
            bar.close()
    return results
