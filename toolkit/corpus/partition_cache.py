"""Validated partitions of a lazy corpus kept on the local disk, so a source is validated once.

A lazy corpus reads every partition twice: in the validation pass of ``load_corpus(lazy=True)``
and again in every count. Reading, validating and normalising a partition costs about a fifth
of a cooccurrence count, so the second validation made the lazy corpus ~20 % slower than the
local engine. The validation pass therefore stores each partition's articles table (pickled,
not compressed: ~30 MB per 5,000 AllSides articles, about the size of its text; LZ4 would halve
that but cost more CPU than it saves) in a temporary folder; a count reads it back (~0.015 s of CPU
instead of ~0.4 s) and falls back to reading the source when the file is not there.

- The folder is made by the driver (``toolkit-partitions-<pid>-*`` in its temporary directory;
  folders of a driver that was killed are removed by the next one) and
  removed when the lazy frame is garbage-collected or the driver exits (a frame made from it, such
  as a filter, then reads the source again: tying the folder to every derived frame does not work,
  as the scheduler keeps task arguments for a while after they ran). Workers write only if
  they see that folder (a LocalCluster, or a file system shared with the driver); workers on
  other machines read the source both times, as before.
- A worker stores a partition only while the disk keeps :data:`FREE_FRACTION` of its size and
  :data:`FREE_MIN_BYTES` free after the write.
- A file's name hashes the piece, the load options, the doc_ids seen in earlier partitions and the
  source file's size and modification time, so a changed source file is validated again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["make_folder", "remove_folder", "remove_orphans", "store", "fetch", "FREE_FRACTION", "FREE_MIN_BYTES"]

#: Share of the disk that must stay free after a partition is stored. (It was 0.2: a 252 GB disk
#: with 50 GB free, 19.8%, then refused to cache a few kilobytes.)
FREE_FRACTION = 0.05
#: Bytes that must stay free after a partition is stored.
FREE_MIN_BYTES = 2 * 2**30


PREFIX = "toolkit-partitions-"


def make_folder() -> str:
    """A new, empty cache folder in this machine's temporary directory, named after this process.

    Folders left by a process that no longer runs (killed before its exit handlers ran) are
    removed first."""
    remove_orphans()
    return tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")


def remove_orphans() -> list[str]:
    """Remove the cache folders in the temporary directory whose process is gone; their paths."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = path.name[len(PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not path.is_dir() or path.stat().st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            remove_folder(str(path))
            removed.append(str(path))
        except OSError:  # another user's process, or no permission: not ours to judge
            continue
    return removed


def remove_folder(folder: str) -> None:
    """Remove a cache folder and its files (nothing happens when it is already gone)."""
    shutil.rmtree(folder, ignore_errors=True)


def _key(path: str, parts: tuple) -> str:
    try:
        stat = os.stat(path)
        stamp = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = None
    return hashlib.sha1(repr((path, stamp) + parts).encode("utf-8")).hexdigest()


def _file(folder: str, path: str, parts: tuple) -> str:
    return os.path.join(folder, _key(path, parts) + ".pkl")


def store(folder: str | None, path: str, parts: tuple, frame: pd.DataFrame) -> bool:
    """Store ``frame`` (the validated articles of source file ``path``; ``parts``: the rest of the
    key, hashable reprs) in ``folder``; False when the folder is not visible or the disk is full."""
    if folder is None or not os.path.isdir(folder):
        return False
    raw = pickle.dumps(frame, protocol=5)
    usage = shutil.disk_usage(folder)
    if usage.free - len(raw) < max(FREE_MIN_BYTES, FREE_FRACTION * usage.total):
        return False
    target = _file(folder, path, parts)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(raw)
        os.replace(temporary, target)  # a reader sees the whole file or none
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def fetch(folder: str | None, path: str, parts: tuple) -> Any:
    """The frame stored for this key, or None (no folder, no file, or an unreadable file)."""
    if folder is None:
        return None
    try:
        with open(_file(folder, path, parts), "rb") as handle:
            return pickle.load(handle)
    except OSError:
        return None
    except Exception:  # noqa: BLE001 - a damaged cache file: read the source instead
        return None
