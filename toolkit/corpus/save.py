"""Write an articles table back to a corpus file or folder that :func:`toolkit.load_corpus` reads.

``load_corpus(save_corpus(articles, path))`` gives back the same ``doc_id``, ``outlet``, ``date``,
``title`` and ``text`` (the loader's normalisation is a fixed point), in any of the formats.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import yaml

from toolkit.errors import ParameterError, check_choice, check_columns

__all__ = ["save_corpus"]

FORMATS = ("jsonl", "csv", "parquet", "txt")
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")


def iso_date(value) -> str | None:
    """A date as written back to files: 'YYYY-MM-DD' at midnight, else ISO 8601; None for NaT."""
    if value is None or pd.isna(value):
        return None
    stamp = pd.Timestamp(value)
    return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.attrs = {}
    out["outlet"] = out["outlet"].astype(str)
    out["date"] = out["date"].map(iso_date)
    return out


def _file_name(doc_id: str) -> str:
    if _SAFE.match(doc_id) and doc_id.casefold().split(".", 1)[0] != "readme":
        return f"{doc_id}.txt"
    return f"doc-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:16]}.txt"


def save_corpus(articles: pd.DataFrame, path: str | Path, *, format: str | None = None) -> Path:
    """Write ``articles`` to ``path`` in a format :func:`toolkit.load_corpus` reads.

    Parameters
    ----------
    articles : DataFrame
        An articles table (``doc_id``, ``outlet``, ``date``, ``title``, ``text`` and any other
        columns, which are written too).
    path : str or Path
        The file to write (``.jsonl``, ``.csv``, ``.parquet``), or for ``format="txt"`` a folder
        that gets one ``.txt`` file per article with YAML front matter (``doc_id``, ``outlet``,
        ``date``, ``title`` and the other columns, as strings).
    format : {"jsonl", "csv", "parquet", "txt"}, optional
        Default: from the suffix of ``path``.

    Returns
    -------
    Path
        What was written.

    Examples
    --------
    >>> import tempfile, toolkit
    >>> articles = toolkit.load_corpus("corpora/demo")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     again = toolkit.load_corpus(save_corpus(articles, f"{folder}/demo.jsonl"))
    >>> again["text"].equals(articles["text"])
    True
    """
    check_columns(articles, ["doc_id", "outlet", "date", "title", "text"])
    path = Path(path)
    fmt = format or path.suffix.lower().lstrip(".")
    check_choice("format", fmt, FORMATS)
    frame = _plain(articles)
    if fmt == "jsonl":
        records = frame.to_dict(orient="records")
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        if path.exists() and not path.is_dir():
            raise ParameterError(f"`path` {path} is a file; format='txt' writes a folder of .txt files")
        path.mkdir(parents=True, exist_ok=True)
        for record in frame.to_dict(orient="records"):
            meta = {k: str(v) for k, v in record.items() if k != "text" and v is not None and not
                    (isinstance(v, float) and v != v)}
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_style='"', width=1 << 30)
            (path / _file_name(str(record["doc_id"]))).write_text(f"---\n{front}---\n{record['text']}\n",
                                                                  encoding="utf-8", newline="\n")
    return path
