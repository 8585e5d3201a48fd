"""Worker processes of a batch: start one, hand it a run, read its messages, read its log, stop it.

The scheduling (which run goes where, time limits, signals) is :mod:`toolkit.reports.runner`'s job;
what a worker does is :mod:`toolkit.reports.worker`'s.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from toolkit.output import OUTPUT_ENV
from toolkit.reports.procs import kill_tree
from toolkit.reports.spec import Run

__all__ = ["Worker", "Job", "spawn", "send_run", "read_messages", "log_tail", "stop"]


@dataclass
class Worker:
    """A worker process; it executes one run at a time, as long as it lives."""

    proc: subprocess.Popen
    channel: int  # read end of the worker's message pipe; -1 once closed
    log: IO[bytes]  # the worker's and its kernels' console output
    buffer: bytes = b""
    job: Job | None = None


@dataclass
class Job:
    """A run on a worker."""

    run: Run
    tmp: Path
    worker: Worker
    started: float
    deadline: float
    log_offset: int = 0
    cell: tuple[int, int] | None = None
    last_echo: float = 0.0


def spawn() -> Worker:
    """Start a worker (in a session of its own: Ctrl-C reaches the runner only, which decides)."""
    read_fd, write_fd = os.pipe()
    log = tempfile.TemporaryFile()
    env = dict(os.environ)
    env.pop(OUTPUT_ENV, None)  # set per run by the worker
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "toolkit.reports.worker", str(write_fd), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=log, stderr=log, pass_fds=(write_fd,), env=env, start_new_session=True)
    finally:
        os.close(write_fd)
    return Worker(proc, read_fd, log)


def send_run(worker: Worker, spec: dict[str, Any]) -> None:
    """Hand ``worker`` a run (one JSON line on its standard input)."""
    try:
        worker.proc.stdin.write((json.dumps(spec, default=str) + "\n").encode("utf-8"))
        worker.proc.stdin.flush()
    except OSError:  # the worker died; the runner sees it exit
        pass


def read_messages(worker: Worker) -> list[dict[str, Any]] | None:
    """The complete messages waiting on the worker's pipe; None (and the pipe closed) at its end."""
    try:
        chunk = os.read(worker.channel, 65536)
    except OSError:
        chunk = b""
    if not chunk:
        os.close(worker.channel)
        worker.channel = -1
        return None
    worker.buffer += chunk
    *lines, worker.buffer = worker.buffer.split(b"\n")
    messages = []
    for line in lines:
        try:
            messages.append(json.loads(line))
        except ValueError:
            continue
    return messages


def log_tail(worker: Worker, offset: int, limit: int) -> str:
    """The worker's console output written since ``offset``, at most its last ``limit`` bytes."""
    size = os.fstat(worker.log.fileno()).st_size
    worker.log.seek(max(offset, size - limit))
    return worker.log.read().decode("utf-8", "replace").strip()


def stop(worker: Worker, *, kill: bool) -> None:
    """Stop ``worker``: kill it with its kernel and everything the kernel started, or let it finish."""
    if kill:
        kill_tree(worker.proc.pid)
    else:
        try:
            worker.proc.stdin.close()
            worker.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            kill_tree(worker.proc.pid)
    worker.proc.wait()
