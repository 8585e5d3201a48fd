"""What happened to one run: :class:`RunResult`, and the error details shown for a failed run.

A result is plain data (JSON round trip with :meth:`RunResult.to_dict` / :meth:`RunResult.from_dict`):
the worker process sends it to the runner, the runner stores it in the run folder's manifest, and
the index page is rendered from the manifests on disk.
"""
from __future__ import annotations

import dataclasses
import re
import traceback as _traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.paths import REPO_ROOT

__all__ = ["RunResult", "STATUSES", "error_info", "error_text", "display_path", "toolkit_version"]

#: ``ok``, ``failed`` and ``timed out`` runs have a folder of this batch; ``interrupted`` and
#: ``not run`` (after an interrupt) have none; ``pending``/``running`` appear while a batch runs.
STATUSES = ("ok", "failed", "timed out", "interrupted", "not run", "pending", "running")
#: Lines of the raising cell's source kept in the index and ``error.txt``.
SOURCE_EXCERPT_LINES = 12
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class RunResult:
    """One run of a batch: everything the index and the console need (JSON-serialisable)."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    status: str  # one of STATUSES
    duration: float
    toolkit_version: str
    corpus: str | None = None
    corpus_sha256: str | None = None
    corpus_note: str = ""
    warnings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # role -> path relative to the output folder
    tables: list[str] = field(default_factory=list)  # relative paths of the CSV tables
    error: dict[str, Any] | None = None  # ename, evalue, cell_index, exec_count, source, traceback
    pdf_note: str = ""
    timeout: float | None = None
    written: str = ""  # ISO time the run folder was written
    batch_started: str = ""  # ISO start time of the batch that wrote it
    note: str = ""  # e.g. "report from an earlier batch, kept: this batch was interrupted"
    log: str = ""  # tail of the worker's and kernel's console output (failed runs only)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def toolkit_version() -> str:
    import toolkit

    return getattr(toolkit, "__version__", "unknown")


def display_path(path: Path, base: Path) -> str:
    """``path`` relative to the batch folder or the repository root when inside one (shorter)."""
    for root in (base, REPO_ROOT):
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def error_info(exc: BaseException) -> dict[str, Any]:
    """The parts of an exception the index shows (ename, evalue, the cell that raised)."""
    ename = getattr(exc, "ename", None)
    if ename is not None:  # papermill.PapermillExecutionError: the error inside the notebook
        source = str(getattr(exc, "source", "") or "")
        lines = source.splitlines()
        excerpt = "\n".join(lines[:SOURCE_EXCERPT_LINES])
        if len(lines) > SOURCE_EXCERPT_LINES:
            excerpt += f"\n... ({len(lines) - SOURCE_EXCERPT_LINES} more lines)"
        return {
            "ename": str(ename),
            "evalue": strip_ansi(str(getattr(exc, "evalue", ""))),
            "cell_index": getattr(exc, "cell_index", None),
            "exec_count": getattr(exc, "exec_count", None),
            "source": excerpt,
            "traceback": strip_ansi("\n".join(getattr(exc, "traceback", []) or [])),
        }
    return {
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "cell_index": None,
        "exec_count": None,
        "source": "",
        "traceback": "".join(_traceback.format_exception(exc)),
    }


def error_text(result: RunResult) -> str:
    """The content of a failed run's ``error.txt``."""
    err = result.error or {}
    lines = [
        f"run: {result.name}",
        f"notebook: {result.notebook}",
        f"parameters: {result.parameters!r}",
        f"status: {result.status}",
        f"error: {err.get('ename')}: {err.get('evalue')}",
    ]
    if err.get("cell_index") is not None:
        lines.append(f"cell: {err['cell_index']} (In [{err.get('exec_count')}])")
    if err.get("source"):
        lines += ["source:", err["source"]]
    if err.get("traceback"):
        lines += ["", "traceback:", err["traceback"]]
    if result.log:
        lines += ["", "console output of the worker and kernel (last lines):", result.log]
    return "\n".join(lines) + "\n"
