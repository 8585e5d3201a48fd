"""Write any loadable corpus as partitioned Parquet (``toolkit convert SOURCE DEST``).

A lazy corpus (:mod:`toolkit.corpus.lazy`) is fastest on Parquet files of a few thousand articles
each: every file is one partition, read by one worker. :func:`convert_corpus` reads the source
with the loader (same validation and rejects), one partition at a time, and writes

- ``by="month"``: ``DEST/2017-09/part-00000.parquet`` — one folder per month of ``date``
  (``DEST/no-date/`` for articles without one) holding that month's articles in the source's
  order, in files of up to ``rows`` articles (each source partition writes its share of every
  month; a month's shares are then merged, streaming, so that a corpus in no date order does not
  end up as months × partitions tiny files);
- ``by="rows"``: ``DEST/part-00000.parquet``, ``part-00001.parquet``, … of ``rows`` articles each
  (the last one shorter), in the source's order.

Each file holds the articles table (``doc_id``, ``outlet``, ``date`` as an ISO string, ``title``,
``text`` and the other columns). ``DEST/.toolkit-convert.json`` records the source's provenance
and ``DEST/.rejects.csv`` its rejects (hidden files are not read as corpus files). At most one
source partition and one output file are in this process's memory at a time.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.corpus.save import iso_date
from toolkit.errors import ParameterError, check_choice, check_positive_int

__all__ = ["convert_corpus", "ROWS_PER_FILE"]

#: Articles per output file with ``by="rows"``.
ROWS_PER_FILE = 10_000


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True)
    out.attrs = {}
    out["outlet"] = out["outlet"].astype(str)
    out["date"] = pd.Series([iso_date(v) for v in out["date"]], index=out.index, dtype=object)
    return out


def _partitions(lazy, client) -> Any:
    """The partitions of a lazy corpus in order, two computed ahead."""
    from collections import deque

    pending: deque = deque()
    for i in range(lazy.npartitions):
        pending.append(client.compute(lazy.partitions[i]))
        if len(pending) > 2:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _rechunk(frames: Iterable[pd.DataFrame], rows: int) -> Iterator[pd.DataFrame]:
    """The rows of ``frames``, in order, as frames of ``rows`` rows (the last one shorter);
    streaming: at most ``rows`` rows and one input frame are held at a time."""
    buffer: list[pd.DataFrame] = []
    buffered = 0
    for frame in frames:
        buffer.append(frame)
        buffered += len(frame)
        while buffered >= rows:
            joined = pd.concat(buffer, ignore_index=True)
            yield joined.iloc[:rows]
            buffer, buffered = [joined.iloc[rows:]], len(joined) - rows
    if buffered:
        yield pd.concat(buffer, ignore_index=True)


def _merge_months(dest: Path, written: list[str], rows: int) -> list[str]:
    """Each month's files (one per source partition, in order) rewritten as files of up to
    ``rows`` articles, ``part-00000.parquet``, ``part-00001.parquet``, …; at most ``rows``
    articles and one input file are in memory at a time."""
    import pyarrow.parquet as pq

    months: dict[str, list[str]] = {}
    for relative in written:
        months.setdefault(relative.split("/")[0], []).append(relative)
    out: list[str] = []
    for month, files in months.items():
        if len(files) == 1 and pq.ParquetFile(dest / files[0]).metadata.num_rows <= rows:
            (dest / files[0]).rename(dest / month / "part-00000.parquet")
            out.append(f"{month}/part-00000.parquet")
            continue
        merged: list[Path] = []
        for frame in _rechunk((pd.read_parquet(dest / relative) for relative in files), rows):
            merged.append(dest / month / f".merged-{len(merged):05d}.parquet")  # hidden until the inputs are gone
            frame.to_parquet(merged[-1], index=False)
        for relative in files:
            (dest / relative).unlink()
        for number, path in enumerate(merged):
            path.rename(dest / month / f"part-{number:05d}.parquet")
            out.append(f"{month}/part-{number:05d}.parquet")
    return out


def convert_corpus(source, dest, *, by: str = "month", rows: int = ROWS_PER_FILE, errors: str = "raise",
                   columns=None, encoding: str | None = None, dayfirst: bool = False, client: Any = None) -> dict:
    """Write a corpus as partitioned Parquet that ``load_corpus(dest, lazy=True)`` reads in parallel.

    Parameters
    ----------
    source : str or Path
        Anything :func:`toolkit.load_corpus` reads (a file or folder).
    dest : str or Path
        A folder that does not exist yet (or is empty).
    by : {"month", "rows"}, default "month"
        One folder per month, or files of ``rows`` articles.
    rows : int, default 10000
        Articles per file (with ``by="month"``: at most, per month).
    errors, columns, encoding, dayfirst
        As in :func:`toolkit.load_corpus` (rejected rows are listed in ``DEST/.rejects.csv``).
    client : distributed.Client, str or None
        Where the source is read (:func:`toolkit.count.distributed.get_client`).

    Returns
    -------
    dict
        ``files`` (paths written, relative to ``dest``), ``articles``, ``rejected``, ``by``, ``rows``.
    """
    from toolkit.corpus.lazy import attrs_of, load_lazy
    from toolkit.count.distributed import get_client

    check_choice("by", by, ["month", "rows"])
    check_positive_int("rows", rows)
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ParameterError(f"destination {str(dest)!r} exists and is not an empty folder")
    client = get_client(client)
    lazy = load_lazy(source, errors=errors, columns=columns, encoding=encoding, dayfirst=dayfirst, client=client)
    attrs = attrs_of(lazy)
    dest.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def write(frame: pd.DataFrame, relative: str) -> None:
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path, index=False)
        written.append(relative)

    parts = (part for part in _partitions(lazy, client) if len(part))
    if by == "rows":
        for chunk in _rechunk(map(_plain, parts), rows):
            write(chunk, f"part-{len(written):05d}.parquet")
    else:
        for number, part in enumerate(parts):
            plain = _plain(part)
            month = part["date"].dt.to_period("M").astype(str).where(part["date"].notna(), "no-date").to_numpy()
            for key in sorted(set(month)):
                write(plain[month == key].reset_index(drop=True), f"{key}/part-{number:05d}.parquet")
        written = _merge_months(dest, written, rows)
    provenance = attrs["provenance"]
    (dest / ".toolkit-convert.json").write_text(json.dumps(
        {"source": str(source), "by": by, "rows": rows, "files": written,
         "provenance": provenance}, indent=1, default=str), encoding="utf-8")
    attrs["rejects"].to_csv(dest / ".rejects.csv", index=False)
    return {"files": written, "articles": provenance["loaded"], "rejected": provenance["rejected"], "by": by,
            "rows": rows}
