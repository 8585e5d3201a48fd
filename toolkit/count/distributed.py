"""Counting on a ``dask.distributed`` cluster: the client, the parts of a lazy corpus, the groups.

A lazy corpus (:func:`toolkit.load_corpus` with ``lazy=True``) is a Dask DataFrame whose
partitions are read and validated on the workers. A counting verb given one runs its chunk
function (the contract of :mod:`toolkit.count.engine`) on each partition, on the worker that
holds it, and only the parts travel back: group × category arrays, term tables, match rows.

Which client
------------
:func:`get_client` takes the one given (``client=``, or a scheduler address such as
``"tcp://10.0.0.5:8786"``), else the current default client (the last ``distributed.Client``
made in this process), else a :class:`distributed.LocalCluster` of worker *processes* that the
toolkit starts once per process (one single-threaded worker per core; the matcher and the
tokeniser hold the GIL, so threads would not count in parallel) and closes at exit.

What travels
------------
- to the scheduler: the task graph — one read task and one count task per partition, and the
  chunk function once (the compiled matcher, the group keys, the options), pickled;
- to each worker: the chunk function (once) and the paths of its partitions; the worker reads
  them itself, so it must see the same files (a shared file system or object store);
- back to the driver: each partition's part (or, with ``combine``, one part summed on the
  cluster), and for grouped counts first the distinct group keys of every partition.

Groups (``by=``)
----------------
Group codes must mean the same group in every partition. :func:`group_index` makes a first,
cheap pass over the grouping columns only (``date`` for periods): each partition returns its
distinct keys and how many rows lack one; the driver merges them by value into the
:class:`~toolkit.count.groups.GroupIndex` the local engine would build from the whole table, and
ships it with the chunk function. A categorical column with known categories (``outlet`` of a
lazy corpus) needs no pass: its categories are the groups.
"""
from __future__ import annotations

import atexit
import gc
import dataclasses
import operator
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.count.engine import is_dask_frame
from toolkit.count.groups import PERIODS, GroupIndex, MissingGroupWarning, group_frame, group_names
from toolkit.errors import ParameterError

__all__ = ["get_client", "check_client", "is_dask_frame", "frame_meta", "partition_parts", "group_index",
           "group_frame_of", "concat_partitions", "count_keyed", "Keyed", "close_own_cluster"]

#: Partitions summed together per task when a combine function is given (a tree of this fan-in).
FAN_IN = 8

_OWN: dict[str, Any] = {}
_LOCK = threading.Lock()


def frame_meta(frame: Any) -> pd.DataFrame:
    """An empty pandas frame with ``frame``'s columns and dtypes (its ``attrs`` too)."""
    if is_dask_frame(frame):
        return frame._meta
    return frame.iloc[:0]


def check_client(client: Any) -> None:
    """Raise :class:`ParameterError` unless ``client`` is None, a scheduler address or a Client."""
    if client is None or isinstance(client, str):
        return
    if type(client).__name__ == "Client" and type(client).__module__.startswith("distributed"):
        return
    raise ParameterError(f"`client` must be a dask.distributed Client, a scheduler address such as "
                         f"'tcp://host:8786', or None, not {type(client).__name__}")


def get_client(client: Any = None):
    """The client to count on: the one given, else the default client, else the toolkit's own.

    Parameters
    ----------
    client : distributed.Client, str or None
        A client, or the address of a running scheduler (a client to it is made once and kept).

    Returns
    -------
    distributed.Client
    """
    check_client(client)
    import distributed

    if isinstance(client, str):
        with _LOCK:
            made = _OWN.get(client)
            if made is None or made.status != "running":
                made = _OWN[client] = distributed.Client(client, set_as_default=True)
        return made
    if client is not None:
        return client
    try:
        return distributed.default_client()
    except ValueError:
        pass
    with _LOCK:
        own = _OWN.get("local")
        if own is None or own.status != "running":
            own = _OWN["local"] = _start_local_cluster()
    return own


def _start_local_cluster():
    import logging

    import distributed

    # No dashboard, and the scheduler's small HTTP server on a free port (by default it tries 8787
    # and warns "Port 8787 is already in use" whenever another cluster runs on the machine).
    cluster = distributed.LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                       dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                                       silence_logs=logging.ERROR)
    client = distributed.Client(cluster, set_as_default=False)
    atexit.register(close_own_cluster)
    return client


def close_own_cluster() -> None:
    """Close the clients (and the LocalCluster) the toolkit made; clients you made are yours."""
    with _LOCK:
        for key, client in list(_OWN.items()):
            cluster = client.cluster if key == "local" else None
            try:
                client.close()
                if cluster is not None:
                    cluster.close()
            except Exception:  # noqa: BLE001 - closing at exit must not raise
                pass
            _OWN.pop(key, None)


def _identity(value):
    return value


def _call(func, chunk):
    part = func(chunk)
    del chunk
    gc.collect()  # a partition's frames hold reference cycles: free them now, not at a later gen-2 pass
    return part


def _combine_all(combine, *parts):
    total = parts[0]
    for part in parts[1:]:
        total = combine(total, part)
    return total


def partition_parts(frame, count: Callable[[pd.DataFrame], Any], *, client: Any = None,
                    combine: Callable[[Any, Any], Any] | None = None, progress: bool | None = None) -> list:
    """``count`` applied to every partition of a Dask DataFrame on a distributed client.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
    count : callable (pandas.DataFrame) -> part
        The chunk function (:mod:`toolkit.count.engine`); pickled once and sent with the graph.
    client : distributed.Client, str or None
        See :func:`get_client`.
    combine : callable (part, part) -> part, optional
        An associative sum of parts: given, the parts are summed on the cluster in a tree
        (fan-in :data:`FAN_IN`) and one part travels back.
    progress : bool, optional
        A progress bar over the partitions (default: when there are 8 or more).

    Returns
    -------
    list
        One part per partition in order, or ``[total]`` with ``combine`` (``[]`` for no partition).
    """
    import dask

    client = get_client(client)
    chunks = frame.to_delayed(optimize_graph=True)
    if not chunks:
        return []
    func = dask.delayed(_identity, pure=True)(count)
    tasks = [dask.delayed(_call, pure=True)(func, chunk) for chunk in chunks]
    if combine is not None:
        while len(tasks) > 1:
            tasks = [dask.delayed(_combine_all, pure=True)(combine, *tasks[i:i + FAN_IN])
                     for i in range(0, len(tasks), FAN_IN)]
    futures = client.compute(tasks)
    show = progress if progress is not None else len(chunks) >= 8
    if show:
        from distributed import progress as bar

        bar(futures, notebook=False)
    try:
        return client.gather(futures)
    finally:
        for future in futures:
            future.release()


def _known_categories(column: pd.Series) -> bool:
    from dask.dataframe.utils import has_known_categories

    return has_known_categories(column)


def _partition_keys(chunk: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, int, int, dict]:
    frame = group_frame(chunk, names)
    missing = frame.isna()
    per_column = {name: int(missing[name].sum()) for name in names}
    return frame.drop_duplicates(), len(frame), int(missing.any(axis=1).sum()), per_column


def group_index(frame, by: str | Sequence[str] | None, *, observed: bool = False, warn: bool = True,
                client: Any = None) -> GroupIndex:
    """The :class:`GroupIndex` of a Dask DataFrame, equal to ``GroupIndex.of`` on the whole table.

    A single categorical column with known categories and ``observed=False`` needs no pass over
    the data when ``warn`` is False; otherwise each partition returns its distinct keys and its
    count of rows without one (a pass over the grouping columns only), merged here by value.
    """
    names = group_names(by)
    meta = frame_meta(frame)
    group_frame(meta, names)  # an unknown column raises here
    if not names:
        return GroupIndex([], pd.DataFrame(index=[0]))
    single_category = (len(names) == 1 and names[0] in meta.columns
                       and isinstance(meta[names[0]].dtype, pd.CategoricalDtype)
                       and _known_categories(meta[names[0]]))
    if single_category and not observed and not warn:
        return GroupIndex.of(meta, names, observed=False, warn=False)
    source = [c for c in dict.fromkeys([n if n in meta.columns else "date" for n in names])]
    parts = partition_parts(frame[source], lambda chunk: _partition_keys(chunk, names), client=client,
                            progress=False)
    if not parts:
        return GroupIndex.of(group_frame(meta, names), names, observed=observed, warn=False)
    keys = pd.concat([p[0] for p in parts], ignore_index=True).drop_duplicates()
    n = sum(p[1] for p in parts)
    n_missing = sum(p[2] for p in parts)
    if warn and n_missing:
        reasons = []
        for name in names:
            k = sum(p[3][name] for p in parts)
            if k:
                reasons.append(f"{k:,} with {'no date' if name in PERIODS else f'no {name!r}'}")
        warnings.warn(f"{n_missing:,} of {n:,} articles are left out of the grouping by {names} "
                      f"({'; '.join(reasons)})", MissingGroupWarning, stacklevel=4)
    return GroupIndex.of(keys, names, observed=observed, warn=False)


def _source_columns(meta: pd.DataFrame, names: list[str]) -> list[str]:
    return list(dict.fromkeys(n if n in meta.columns else "date" for n in names))


def group_frame_of(frame, by: str | Sequence[str] | None, *, client: Any = None) -> pd.DataFrame:
    """:func:`~toolkit.count.groups.group_frame` of a Dask DataFrame: the grouping values of every
    article (a pandas frame of the grouping columns only; what per-article statistics need)."""
    names = group_names(by)
    meta = frame_meta(frame)
    group_frame(meta, names)
    if not names:
        return pd.DataFrame(index=pd.RangeIndex(0))
    parts = partition_parts(frame[_source_columns(meta, names)], lambda chunk: group_frame(chunk, names),
                            client=client, progress=False)
    return pd.concat(parts) if parts else group_frame(meta, names)


def concat_partitions(frame, func: Callable[[pd.DataFrame], pd.DataFrame], *, client: Any = None,
                      progress: bool | None = None) -> pd.DataFrame:
    """``func`` (a verb on a pandas articles table) run on every partition; the row tables
    concatenated in order (for verbs whose rows each come from one article: hits, quotes)."""
    parts = partition_parts(frame, func, client=client, progress=progress)
    if not parts:
        return func(frame_meta(frame))
    attrs = parts[0].attrs
    parts = [p for p in parts if len(p)] or parts[:1]  # an empty part's columns are untyped (object)
    for part in parts:
        part.attrs = {}
    out = pd.concat(parts, ignore_index=True)
    out.attrs = attrs
    return out


# --------------------------------------------------------------------------- one pass, keys merged by value
def _regroup(part: Any, index: np.ndarray, n: int) -> Any:
    """``part`` (a dataclass of arrays whose first axis is the group) with its groups moved to rows
    ``index`` of ``n`` groups (zeros elsewhere)."""

    if hasattr(part, "regroup"):
        return part.regroup(index, n)

    def move(value):
        if value is None:
            return None
        if isinstance(value, list):
            return [move(v) for v in value]
        out = np.zeros((n,) + value.shape[1:], dtype=value.dtype)
        out[index] = value
        return out

    return type(part)(**{f.name: move(getattr(part, f.name)) for f in dataclasses.fields(part)})


def _key_index(keys: pd.DataFrame):
    return pd.MultiIndex.from_frame(keys) if keys.shape[1] > 1 else pd.Index(keys.iloc[:, 0])


@dataclass
class Keyed:
    """A partition's count with the group keys it found itself (object columns, one row per group
    of the count's first axis) and its row tallies for the missing-group warning."""

    keys: pd.DataFrame
    part: Any
    rows: int
    missing: int
    per_column: dict

    def __add__(self, other: "Keyed") -> "Keyed":
        keys = pd.concat([self.keys, other.keys], ignore_index=True).drop_duplicates(ignore_index=True)
        index = _key_index(keys)
        n = len(keys)
        mine = _regroup(self.part, np.arange(len(self.keys)), n)
        theirs = _regroup(other.part, index.get_indexer(_key_index(other.keys)), n)
        return Keyed(keys, mine + theirs, self.rows + other.rows, self.missing + other.missing,
                     {k: self.per_column[k] + other.per_column[k] for k in self.per_column})


def count_keyed(frame, by: str | Sequence[str] | None, count: Callable[[pd.DataFrame, GroupIndex], Any],
                zeros: Callable[[int], Any], *, observed: bool = False, warn: bool = True, client: Any = None,
                progress: bool | None = None) -> tuple[GroupIndex, Any]:
    """Group keys and counts in one pass over a Dask DataFrame: ``(GroupIndex, total)``.

    Each partition finds its own groups (``GroupIndex.of`` on the partition), counts with those
    codes (``count(chunk, local_index)``: a dataclass of arrays whose first axis is the group, with
    ``+``), and the parts are merged by key value on the cluster (:class:`Keyed`). The total is
    then reordered into the :class:`GroupIndex` the local engine builds from the whole table
    (``zeros(n)``: an empty count of ``n`` groups, for groups no partition holds).
    """
    names = group_names(by)
    meta = frame_meta(frame)
    typed = group_frame(meta, names)

    def one(chunk: pd.DataFrame) -> Keyed:
        local = GroupIndex.of(chunk, names, observed=True, warn=False)
        _, rows, missing, per_column = _partition_keys(chunk, names)
        return Keyed(local.keys.astype(object), count(chunk, local), rows, missing, per_column)

    parts = partition_parts(frame, one, client=client, combine=operator.add, progress=progress)
    if not parts:
        index = GroupIndex.of(typed, names, observed=observed, warn=False)
        return index, zeros(len(index))
    total = parts[0]
    if warn and total.missing:
        reasons = [f"{total.per_column[n]:,} with {'no date' if n in PERIODS else f'no {n!r}'}"
                   for n in names if total.per_column[n]]
        warnings.warn(f"{total.missing:,} of {total.rows:,} articles are left out of the grouping by {names} "
                      f"({'; '.join(reasons)})", MissingGroupWarning, stacklevel=4)
    keys = total.keys.copy()
    for name in names:  # the dtypes of the whole table's grouping columns
        try:
            keys[name] = keys[name].astype(typed[name].dtype)
        except (TypeError, ValueError):
            pass
    index = GroupIndex.of(keys, names, observed=observed, warn=False)
    positions = index.codes(keys)
    return index, zeros(len(index)) + _regroup(total.part, positions, len(index))
