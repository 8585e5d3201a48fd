"""The output folder: what the runner may touch in it, and how it writes there safely.

Rules (the runner never deletes or replaces anything it did not create):

- every run folder the runner writes holds a manifest, ``.toolkit-run.json`` (the run's result,
  the batch that wrote it, when); a folder without it is never replaced: the batch refuses to start
  (a folder of the previous runner version, which wrote no manifest, is recognised by holding
  exactly the files that runner wrote: ``<name>.ipynb``, ``report.html``/``report.pdf`` or
  ``error.txt``, ``tables/*.csv``);
- ``index.html`` carries ``<meta name="generator" content="toolkit batch">``; an ``index.html``
  without that mark is never overwritten;
- a run is written into a hidden ``.<name>.tmp-XXXX`` folder (with a manifest saying
  ``"state": "incomplete"``) and swapped in only when complete: on Linux with one atomic
  ``renameat2(RENAME_EXCHANGE)``, elsewhere with two renames;
- one batch at a time per output folder: :class:`OutputLock` (``.toolkit-batch.lock``, an
  exclusive ``flock`` that the operating system releases when its holder dies, so a lock of a
  killed batch is never stale);
- hidden temporary folders of interrupted batches are removed by the next batch, which says so.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as _dt
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from toolkit.errors import BatchError

__all__ = ["MANIFEST", "LOCK", "INDEX", "INDEX_MARK", "OutputLock", "read_manifest", "write_json",
           "ownership_problems", "new_tmp", "clean_stale", "install", "now_iso"]

MANIFEST = ".toolkit-run.json"
LOCK = ".toolkit-batch.lock"
INDEX = "index.html"
INDEX_MARK = '<meta name="generator" content="toolkit batch">'


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, then rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, default=str)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(folder: Path, name: str | None = None) -> dict[str, Any] | None:
    """The manifest of a folder the runner wrote (optionally for run ``name``), else None."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("toolkit_batch") != 1:
        return None
    if name is not None and data.get("name") != name:
        return None
    return data


#: Marks of the index page of the runner before manifests existed (toolkit 0.1.0).
_LEGACY_INDEX = ("<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">",
                 "<th>Corpus (SHA-256)</th>")


def index_is_ours(path: Path) -> bool:
    """True when ``path`` is absent or an index page the runner wrote (this version or the last)."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    return INDEX_MARK in head[:4096] or all(mark in head for mark in _LEGACY_INDEX)


def legacy_run_folder(folder: Path, name: str) -> bool:
    """True for a run folder of the runner before manifests existed: exactly the files it wrote.

    That runner wrote ``<name>.ipynb`` and ``report.html`` (``report.pdf``) or ``error.txt``, and
    ``tables/*.csv``; a folder holding anything else is someone else's.
    """
    if folder.is_symlink() or not folder.is_dir():
        return False
    allowed = {f"{name}.ipynb", "report.html", "report.pdf", "error.txt", "tables"}
    entries = {p.name for p in folder.iterdir()}
    if f"{name}.ipynb" not in entries or not entries <= allowed:
        return False
    tables = folder / "tables"
    return not tables.exists() or (tables.is_dir() and not tables.is_symlink()
                                   and all(p.suffix == ".csv" and p.is_file() for p in tables.iterdir()))


def ownership_problems(output: Path, names: list[str]) -> list[str]:
    """Why the batch may not write into ``output`` (empty when it may)."""
    if output.exists() and not output.is_dir():
        return [f"output {output} is a file, not a folder; choose a folder with `output:` or --output"]
    if not output.exists():
        return []
    problems = []
    for name in names:
        path = output / name
        if (path.exists() or path.is_symlink()) and read_manifest(path, name) is None \
                and not legacy_run_folder(path, name):
            kind = "a symbolic link" if path.is_symlink() else "a folder" if path.is_dir() else "a file"
            problems.append(f"{path} is {kind} the batch runner did not create (it has no {MANIFEST}); "
                            f"the runner never replaces it. Rename the run {name!r}, move that {kind.split()[-1]} "
                            "away, or choose another output folder (--output)")
    index = output / INDEX
    if not index_is_ours(index):
        problems.append(f"{index} was not written by the batch runner; the runner never overwrites it. "
                        "Move it away or choose another output folder (--output)")
    return problems


class OutputLock:
    """Exclusive lock on an output folder for the duration of a batch (a context manager)."""

    def __init__(self, output: Path, *, batch_file: Path | None = None):
        self.output = output
        self.path = output / LOCK
        self.batch_file = batch_file
        self.fd: int | None = None
        self.stale_holder: dict[str, Any] | None = None  # a dead batch's lock we took over

    def _holder(self, fd: int) -> dict[str, Any]:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def acquire(self) -> OutputLock:
        import fcntl

        try:
            self.output.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise BatchError(f"output {self.output} is a file, not a folder; choose a folder "
                             "with `output:` or --output") from None
        except OSError as exc:
            raise BatchError(f"output folder {self.output} cannot be created: {exc.strerror or exc}") from None
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise BatchError(f"output folder {self.output} is not writable ({exc.strerror or exc}); "
                                 "choose another output folder (--output)") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                os.close(fd)
                raise BatchError(
                    f"output folder {self.output} is in use by another batch (PID {holder.get('pid', '?')}"
                    f"{' on ' + holder['host'] if holder.get('host') else ''}, started {holder.get('started', '?')}, "
                    f"batch file {holder.get('batch_file', '?')}); wait for it to finish, or write "
                    "somewhere else with --output") from None
            # the file may have been unlinked by a batch that finished meanwhile: lock the one on disk
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        holder = self._holder(fd)
        if holder.get("pid"):
            self.stale_holder = holder  # its process died without releasing: the OS freed the lock
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": now_iso(),
                "batch_file": str(self.batch_file) if self.batch_file else None}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8"))
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self.fd)  # closing releases the flock
        self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def new_tmp(output: Path, name: str, *, batch_started: str) -> Path:
    """A hidden, marked temporary folder for run ``name`` in ``output``."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=output))
    tmp.chmod(0o755)  # mkdtemp makes it private; reports are meant to be shared
    write_json(tmp / MANIFEST, {"toolkit_batch": 1, "state": "incomplete", "name": name,
                                "pid": os.getpid(), "batch_started": batch_started, "created": now_iso()})
    return tmp


def remove_tmp(tmp: Path) -> bool:
    """Remove one of the runner's temporary folders (only when it carries the runner's manifest)."""
    if read_manifest(tmp) is None:
        return False
    shutil.rmtree(tmp, ignore_errors=True)
    return not tmp.exists()


def clean_stale(output: Path) -> list[str]:
    """Remove the runner's hidden temporary folders left by interrupted batches; say what went.

    Call only while holding the :class:`OutputLock` (no other batch is writing). Hidden folders
    without the runner's manifest are left alone.
    """
    removed = []
    if not output.is_dir():
        return removed
    for entry in sorted(output.iterdir()):
        if not entry.name.startswith(".") or not (".tmp-" in entry.name or ".old-" in entry.name):
            continue
        manifest = read_manifest(entry)
        if manifest is None:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(f"removed {entry.name}: an unfinished run folder of run {manifest.get('name')!r} left by "
                       f"an interrupted batch (PID {manifest.get('pid', '?')}, started {manifest.get('batch_started', '?')})")
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def install(tmp: Path, final: Path) -> None:
    """Move the complete run folder ``tmp`` to ``final``, replacing an older run folder of the runner.

    At every moment ``final`` is either the old complete run or the new complete run.

    Raises
    ------
    BatchError
        When ``final`` exists but was not created by the runner (it appeared while the batch ran).
    """
    if not (final.exists() or final.is_symlink()):
        tmp.rename(final)
        return
    if read_manifest(final, final.name) is None and not legacy_run_folder(final, final.name):
        raise BatchError(f"{final} appeared while the batch ran and was not created by the runner; "
                         "it was left alone and this run was not written")
    if _exchange(tmp, final):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old run
        return
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)
