"""Run a function over slices of a corpus on several cores, in order, with no global state.

Workers are forked processes that receive the function as a process argument: under ``fork`` it
is inherited, not pickled, so it may be a closure over the corpus and compiled matchers. The slice
numbers travel to the workers through a queue (the next free worker takes the next slice) and only
each slice's result travels back. Nothing is kept in module globals, so two calls may run at the
same time (e.g. from two threads). Where fork is unavailable, inside a worker, or for one slice or
one job, the slices run in this process.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["CHUNK_ARTICLES", "map_slices", "default_jobs", "WorkerError"]

#: Articles per slice (chunk) unless a caller says otherwise.
CHUNK_ARTICLES = 2000


class WorkerError(RuntimeError):
    """A worker process failed with an exception that could not be sent back, or died."""


def default_jobs(jobs: int | None) -> int:
    """``jobs`` or, when None, the number of cores."""
    return jobs if jobs is not None else (os.cpu_count() or 1)


def map_slices(func: Callable[[int, int], Any], n: int, *, jobs: int | None = None,
               chunk_size: int = CHUNK_ARTICLES, progress: bool | None = None,
               desc: str = "articles") -> list:
    """``[func(a, b) for each slice [a, b) of range(n)]``, computed in forked worker processes.

    Parameters
    ----------
    func : callable (start, stop) -> result
        May be a closure: it is inherited by the forked workers, not pickled. Its results are
        pickled back.
    n : int
        Number of items (articles).
    jobs : int, optional
        Worker processes (default: all cores); 1 runs in this process.
    chunk_size : int
        Items per slice.
    progress : bool, optional
        Show a progress bar (default: when there are 8 slices or more).
    desc : str
        Label of the progress bar.

    Returns
    -------
    list
        The results in slice order.

    Raises
    ------
    Exception
        The first exception raised by ``func`` in a worker, re-raised here (with the worker's
        traceback as a note); :class:`WorkerError` when a worker dies (e.g. killed for memory).
    """
    bounds = [(a, min(a + chunk_size, n)) for a in range(0, n, chunk_size)]
    jobs = min(default_jobs(jobs), len(bounds))
    show = progress if progress is not None else len(bounds) >= 8
    bar = None
    if show:
        from tqdm import tqdm
        bar = tqdm(total=n, unit="article", desc=desc, leave=False)
    try:
        if (jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
                and not multiprocessing.current_process().daemon):
            return _forked(func, bounds, jobs, bar)
        results = []
        for a, b in bounds:
            results.append(func(a, b))
            if bar:
                bar.update(b - a)
        return results
    finally:
        if bar:
            bar.close()


def _work(func, bounds, tasks, results) -> None:
    """Worker loop: take slice numbers until the None sentinel; send (i, ok, value) back."""
    while True:
        i = tasks.get()
        if i is None:
            return
        try:
            results.put((i, True, func(*bounds[i])))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            text = traceback.format_exc()
            try:
                pickle.dumps(exc)
                results.put((i, False, (exc, text)))
            except Exception:  # noqa: BLE001 - an exception that cannot travel
                results.put((i, False, (WorkerError(f"worker failed:\n{text}"), text)))
            return


def _forked(func, bounds, jobs: int, bar) -> list:
    ctx = multiprocessing.get_context("fork")
    tasks, results = ctx.SimpleQueue(), ctx.Queue()
    for i in range(len(bounds)):
        tasks.put(i)
    for _ in range(jobs):
        tasks.put(None)
    workers = [ctx.Process(target=_work, args=(func, bounds, tasks, results), daemon=True)
               for _ in range(jobs)]
    for w in workers:
        w.start()
    out: list = [None] * len(bounds)
    done = 0
    try:
        while done < len(bounds):
            try:
                i, ok, value = results.get(timeout=0.5)
            except queue.Empty:
                dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    raise WorkerError(f"a worker process died (exit code {dead[0]}; -9 is usually "
                                      "the out-of-memory killer); try fewer jobs") from None
                continue
            if not ok:
                exc, text = value
                exc.add_note(f"raised in a worker process:\n{text}")
                raise exc
            out[i] = value
            done += 1
            if bar:
                bar.update(bounds[i][1] - bounds[i][0])
    finally:
        for w in workers:
            if done < len(bounds) and w.is_alive():
                w.terminate()
            w.join()
        results.close()
    return out
