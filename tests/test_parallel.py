"""map_slices (toolkit.count.parallel): order, failures, no global state."""
from __future__ import annotations

import os
import threading

import pytest

from toolkit.count import parallel
from toolkit.count.parallel import WorkerError, map_slices


def test_results_in_slice_order_from_forked_workers():
    pids = set()
    out = map_slices(lambda a, b: (a, b, os.getpid()), 10, jobs=2, chunk_size=3, progress=False)
    assert [(a, b) for a, b, _ in out] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    pids = {pid for _, _, pid in out}
    assert os.getpid() not in pids  # counted in workers
    assert map_slices(lambda a, b: b - a, 0, jobs=2) == []


def test_a_closure_is_inherited_not_pickled():
    unpicklable = threading.Lock()  # a closure over it cannot be pickled
    assert map_slices(lambda a, b: (unpicklable is not None) and b, 4, jobs=2, chunk_size=1) == [1, 2, 3, 4]


def test_worker_exceptions_are_raised_here_with_the_worker_traceback():
    def boom(a, b):
        if a == 2:
            raise ValueError("bad slice 2")
        return a

    with pytest.raises(ValueError, match="bad slice 2") as info:
        map_slices(boom, 4, jobs=2, chunk_size=1)
    assert any("raised in a worker process" in note for note in info.value.__notes__)


def test_a_dead_worker_is_reported():
    def die(a, b):
        if a == 1:
            os._exit(3)
        return a

    with pytest.raises(WorkerError, match=r"a worker process died \(exit code 3"):
        map_slices(die, 3, jobs=2, chunk_size=1)


def test_no_module_state_and_two_calls_at_once():
    assert not [name for name, value in vars(parallel).items()
                if isinstance(value, (dict, list, set)) and not name.startswith("__")]
    results = {}

    def run(key):
        results[key] = map_slices(lambda a, b: (key, a), 6, jobs=2, chunk_size=2)

    threads = [threading.Thread(target=run, args=(k,)) for k in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"x": [("x", 0), ("x", 2), ("x", 4)], "y": [("y", 0), ("y", 2), ("y", 4)]}
