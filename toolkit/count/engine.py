"""The count engine: chunk → additive count → sum, on local processes or on Dask.

This is the *count* step of load → segment → match → count → score → show. Every verb that reads
the corpus (``frequencies``, ``cooccurrence``, ``hits``, ``keyness``, ``keyness_all``,
``log_odds``, ``collocates``, ``dispersion``) runs through :func:`run_chunks` and takes the same
three options, checked by :func:`check_engine`:

- ``engine``: ``"local"`` (default) counts slices of the articles table in forked worker
  processes (:func:`toolkit.count.parallel.map_slices`); ``"dask"`` counts the partitions of a Dask
  DataFrame (made from a pandas table with :func:`dask.dataframe.from_pandas`, or given as one) as
  delayed tasks, on whatever scheduler is active: a ``dask.distributed.Client`` when one exists,
  else Dask's default (threads).
- ``jobs``: worker processes of the local engine (default: all cores; 1 = this process).
- ``progress``: a progress bar over the chunks (default: when there are 8 chunks or more, except
  in batch reports or with ``TOOLKIT_PROGRESS=0``: :func:`toolkit.count.parallel.progress_default`).
- ``client`` (issue 17): a ``dask.distributed`` client or scheduler address. A *lazy corpus*
  (``load_corpus(..., lazy=True)``, a Dask DataFrame read on the workers) is always counted on a
  client — the one given, else the default client, else a LocalCluster the toolkit starts — one
  partition per task, on the worker that read it (:mod:`toolkit.count.distributed`). Additive parts
  are summed on the cluster (``combine=``), and grouped counts find their group keys per partition
  and merge them by value (:func:`toolkit.count.distributed.count_keyed`), so the driver never
  holds the corpus.

The results do not depend on the engine, ``jobs`` or the chunk size: the tests run every verb on
both engines and on several chunk sizes and compare the tables.

The contract
------------
A counting verb gives :func:`run_chunks` a *chunk function* ``count(chunk) -> part``:

- ``chunk`` is a pandas DataFrame holding consecutive articles (the columns the verb needs, the
  original index kept). The function must not depend on which other articles exist: any
  corpus-wide knowledge (the group keys of ``by=``, the compiled matcher, the vocabulary of a
  stop-word list) is computed once by the verb before counting and captured by the function
  (:class:`toolkit.count.groups.GroupIndex` maps a chunk's rows to group codes on its own).
- ``part`` is an *additive* count: a value whose parts combine with an associative operation into
  the counts of the whole corpus, whatever the chunking. Arrays indexed by group and category
  (:class:`toolkit.count.categories.Counts`) are summed with ``+``; per-article counts
  (:class:`toolkit.count.terms.DocTermMatrix`, the rows of ``hits``) are concatenated in chunk
  order; term tables with chunk-local vocabularies are merged by term
  (:func:`toolkit.count.terms.merge_vocabularies`).
- Under the local engine the function is inherited by forked workers (it may be a closure);
  under Dask it is pickled with cloudpickle, so it must capture only picklable objects (compiled
  matchers, numpy arrays, DataFrames are). Parts travel back pickled: reduce a chunk to the
  smallest additive form (group × category arrays) inside the function.

:func:`run_chunks` returns the parts in chunk order; the verb combines them (``sum_parts`` for
``+``) and scores the total. A verb added later (quotes, a Dask cluster with lazy partitions)
plugs in by writing a chunk function and an additive part type.
"""
from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from toolkit.count.parallel import CHUNK_ARTICLES, default_jobs, map_slices
from toolkit.errors import ParameterError, check_choice

__all__ = ["Engine", "ENGINES", "check_engine", "run_chunks", "sum_parts", "is_dask_frame"]

#: The engines a counting verb accepts.
Engine = Literal["local", "dask"]
ENGINES: tuple[str, ...] = get_args(Engine)


def check_engine(engine: Any, jobs: Any, progress: Any) -> None:
    """Raise :class:`ParameterError` for an unknown ``engine``, a ``jobs`` that is not a positive
    integer (or None), or a ``progress`` that is not a bool (or None)."""
    check_choice("engine", engine, ENGINES)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, (int, np.integer)) or jobs < 1):
        raise ParameterError(f"`jobs` value = {jobs!r} is invalid; must be an integer >= 1 or None")
    if progress is not None and not isinstance(progress, bool):
        raise ParameterError(f"`progress` value = {progress!r} is invalid; must be True, False or None")


def is_dask_frame(frame: Any) -> bool:
    """True for a Dask DataFrame (without importing Dask when it is not loaded)."""
    module = type(frame).__module__
    return module.startswith("dask")


def run_chunks(frame, count: Callable[[pd.DataFrame], Any], *, engine: Engine = "local",
               jobs: int | None = None, progress: bool | None = None,
               chunk_size: int | None = None, desc: str = "articles", client: Any = None,
               combine: Callable[[Any, Any], Any] | None = None) -> list:
    """Apply the chunk function ``count`` to every chunk of ``frame``; the parts in chunk order.

    Parameters
    ----------
    frame : pandas.DataFrame or dask.dataframe.DataFrame
        The articles (the columns ``count`` reads). A Dask DataFrame needs ``engine="dask"``.
    count : callable (pandas.DataFrame) -> part
        See the module docstring for the contract.
    engine, jobs, progress
        See the module docstring.
    chunk_size : int, optional
        Articles per chunk (default :data:`toolkit.count.parallel.CHUNK_ARTICLES`); for a Dask
        DataFrame its own partitions are the chunks.
    desc : str
        Label of the progress bar.
    client : distributed.Client, str or None
        Count on this ``dask.distributed`` client (or scheduler address). A lazy corpus (a Dask
        DataFrame) is always counted on a client, whatever ``engine`` says: the one given, else
        the default client, else a LocalCluster the toolkit starts
        (:func:`toolkit.count.distributed.get_client`).
    combine : callable (part, part) -> part, optional
        An associative sum of two parts. On a client the parts are then summed on the cluster
        and ``[total]`` comes back; the local engine ignores it.

    Returns
    -------
    list
        One part per chunk, in order (an empty list for an empty table); ``[total]`` when
        ``combine`` was used.
    """
    check_engine(engine, jobs, progress)
    chunk_size = chunk_size or CHUNK_ARTICLES
    # --- dask.distributed (issue 17): a lazy corpus, or an explicit client ---
    if is_dask_frame(frame) or client is not None:
        from toolkit.count.distributed import partition_parts

        if not is_dask_frame(frame):
            if len(frame) == 0:
                return []
            import dask.dataframe as dd

            frame = dd.from_pandas(frame, chunksize=chunk_size, sort=False)
        return partition_parts(frame, count, client=client, combine=combine, progress=progress)
    # --- end dask.distributed ---
    if engine == "dask":
        return _dask_parts(frame, count, chunk_size, progress)
    return map_slices(lambda a, b: count(frame.iloc[a:b]), len(frame), jobs=default_jobs(jobs),
                      chunk_size=chunk_size, progress=progress, desc=desc)


def _dask_parts(frame, count, chunk_size: int, progress: bool | None) -> list:
    import dask
    import dask.dataframe as dd

    if not is_dask_frame(frame):
        if len(frame) == 0:
            return []
        frame = dd.from_pandas(frame, chunksize=chunk_size, sort=False)
    tasks = [dask.delayed(count)(part) for part in frame.to_delayed()]
    if progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar():
            return list(dask.compute(*tasks))
    return list(dask.compute(*tasks))


def sum_parts(parts: list, zero: Any = None) -> Any:
    """``parts[0] + parts[1] + …`` (``zero`` for no part)."""
    if not parts:
        return zero
    return functools.reduce(operator.add, parts)
