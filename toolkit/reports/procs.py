"""Process trees of batch runs: stop a worker with everything it started, and die with the parent.

A run is a worker process (``python -m toolkit.reports.worker``) whose Jupyter kernel runs in a
session of its own (jupyter_client starts kernels that way), and the kernel may start processes
of its own (the count engine's pool). Killing a process group would miss the kernel; these
helpers walk the tree by parent PID instead (psutil), freeze it so nothing new is started, then
kill every process in it by its PID.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import threading
import time
from collections.abc import Callable

import psutil

__all__ = ["kill_tree", "kill_descendants", "die_with_parent"]


def _tree(root: psutil.Process, include_root: bool) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return ([root] if include_root else []) + root.children(recursive=True)
    return []


def _kill(procs: list[psutil.Process], root: psutil.Process, include_root: bool) -> None:
    # Freeze first (parents before children), so no process starts another while we kill.
    seen: dict[int, psutil.Process] = {}
    for _ in range(3):
        new = [p for p in _tree(root, include_root) + procs if p.pid not in seen]
        if not new:
            break
        for proc in new:
            seen[proc.pid] = proc
            if proc.pid != os.getpid():
                with contextlib.suppress(psutil.Error):
                    proc.suspend()
    victims = [p for p in seen.values() if p.pid != os.getpid()]
    for proc in victims:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(victims, timeout=5)


def kill_tree(pid: int) -> None:
    """Kill process ``pid`` and all its descendants (SIGKILL), by PID; wait until they are gone."""
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    _kill([], root, include_root=True)


def kill_descendants() -> None:
    """Kill every descendant of this process (its kernel and what the kernel started)."""
    _kill([], psutil.Process(), include_root=False)


def die_with_parent(on_parent_death: Callable[[], None], *, poll: float = 0.5) -> None:
    """Call ``on_parent_death`` (in a thread) as soon as this process's parent is gone.

    On Linux the kernel also sends SIGTERM at the parent's death (``PR_SET_PDEATHSIG``), which
    the caller handles; the polling thread covers other systems and the race at start-up.
    """
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG = 1

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        on_parent_death()

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
