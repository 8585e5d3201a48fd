"""Which files make up a corpus folder, and the checksum of exactly those files.

The loader (:func:`toolkit.load_corpus`) and the batch runner's corpus checksum both call
:func:`corpus_files`, so a report's SHA-256 covers exactly the files its articles came from.

Rules for a folder (walked recursively, in sorted order):

- files with a supported suffix (``.jsonl .json .csv .parquet .txt``, any case) are read;
- hidden files and folders (name starting with ``.``, e.g. ``.ipynb_checkpoints``) are skipped;
- README files (``README``, ``README.txt``, ``readme.md`` ... any case) are documentation, not
  articles: skipped by name;
- symbolic links to folders are not followed (they could loop or leave the corpus), and folders
  or files that cannot be read are skipped; both are *listed* (see :class:`Skipped`) so the loader
  can warn and record them in the provenance. Symbolic links to files are read.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = (".jsonl", ".json", ".csv", ".parquet", ".txt")

__all__ = ["SUPPORTED", "Skipped", "corpus_files", "corpus_sha256", "is_readme"]


@dataclass(frozen=True)
class Skipped:
    """An entry of a corpus folder that was not read, and why."""

    path: str
    reason: str
    expected: bool = False  # True for skips by rule (README files); False for surprises (warned about)


def is_readme(path: Path) -> bool:
    """True for ``README``, ``README.txt``, ``Readme.md`` and the like (documentation, not articles)."""
    return path.name.split(".", 1)[0].casefold() == "readme"


def corpus_files(folder: str | Path, *, suffixes: Iterable[str] = SUPPORTED) -> tuple[list[Path], list[Skipped]]:
    """Files of a corpus folder that the loader reads, and the entries it skipped with reasons.

    Parameters
    ----------
    folder : str or Path
        The corpus folder.
    suffixes : iterable of str
        File types to read (lower case, with the dot).

    Returns
    -------
    (files, skipped)
        ``files``: paths in sorted order of their path relative to ``folder``; ``skipped``: one
        :class:`Skipped` per symbolic link to a folder, unreadable folder or file, and README file
        with a supported suffix. Hidden entries and files of other types are neither read nor listed.
    """
    root = Path(folder)
    wanted = {s.lower() for s in suffixes}
    files: list[Path] = []
    skipped: list[Skipped] = []

    def walk(directory: Path) -> None:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            skipped.append(Skipped(str(directory), f"folder cannot be read ({err.strerror or err})"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError as err:  # pragma: no cover - a race with a deleted entry
                skipped.append(Skipped(str(path), f"cannot be read ({err.strerror or err})"))
                continue
            if is_dir:
                if is_link:
                    skipped.append(Skipped(str(path), "symbolic link to a folder (not followed)"))
                else:
                    walk(path)
                continue
            if path.suffix.lower() not in wanted:
                continue
            if is_readme(path):
                skipped.append(Skipped(str(path), "README file (documentation, not an article)", expected=True))
            elif not entry.is_file(follow_symlinks=True):
                skipped.append(Skipped(str(path), "not a regular file (e.g. a broken symbolic link)"))
            elif not os.access(path, os.R_OK):
                skipped.append(Skipped(str(path), "file cannot be read (permission denied)"))
            else:
                files.append(path)

    walk(root)
    return files, skipped


def corpus_sha256(path: str | Path, *, suffixes: Iterable[str] = SUPPORTED) -> str:
    """SHA-256 of a corpus file or folder, to identify the data a report was made from.

    Parameters
    ----------
    path : str or Path
        A corpus file or folder.
    suffixes : iterable of str
        File types hashed in a folder (default: the ones the loader reads).

    Returns
    -------
    str
        For a file: the SHA-256 of its bytes (what ``sha256sum`` prints). For a folder: the
        SHA-256 over the files :func:`corpus_files` selects (the files ``load_corpus`` reads), in
        sorted order of their relative path, each fed as ``relative/path`` + ``\\0`` + its size
        in bytes + ``\\0`` + its bytes, so renaming, moving or editing any data file changes the
        digest.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    """
    path = Path(path)
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    if not path.is_dir():
        raise FileNotFoundError(f"corpus not found: {path}")
    files, _ = corpus_files(path, suffixes=suffixes)
    digest = hashlib.sha256()
    for rel, file in sorted((f.relative_to(path).as_posix(), f) for f in files):
        data = file.read_bytes()
        digest.update(rel.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()
