"""Resolve paths given to notebooks and loaders.

A notebook's default ``corpus = "corpora/demo"`` must work both from the
repository root (papermill, the command line) and from ``notebooks/``
(JupyterLab), so relative paths that do not exist from the current directory
are also looked up from the repository root.
"""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = Path(__file__).resolve().parent


def resolve_path(path: str | Path) -> Path:
    """Return ``path`` as given if it exists, else relative to the repository root.

    Returns the path as given (not resolved) when it exists nowhere, so the
    caller's error message names what the user wrote.
    """
    p = Path(path).expanduser()
    if p.exists() or p.is_absolute():
        return p
    candidate = REPO_ROOT / p
    if candidate.exists():
        return candidate
    return p
