"""A lazy corpus: the articles table as a Dask DataFrame read and validated on the workers.

``load_corpus(source, lazy=True)`` (this module's :func:`load_lazy`) gives the same articles as
``load_corpus(source)`` — same rows, columns, dtypes, index, rejects and provenance — without
holding them in this process: each partition is read, validated and normalised by a worker when a
verb counts it, by the loader's own per-file functions (the readers and ``validate``).

Partitions
----------
One file is one partition, except a Parquet file of more than ``partition_rows`` rows: its small
row groups are taken together up to ``partition_rows`` rows, and a bigger row group is cut into runs
of ``partition_rows`` rows (``toolkit convert`` writes partitioned Parquet: one folder per month or
files of ``--rows`` articles). A big single JSONL or CSV file is one partition: convert it first.

Validation pass
---------------
The loader's checks need the whole corpus in two places: a ``doc_id`` seen in an earlier file
rejects the later row, and ``outlet`` is a categorical whose categories are every outlet. So
:func:`load_lazy` first reads every partition once on the cluster; only a summary travels back:
rows read, the rejects, 64-bit hashes of the kept ``doc_id`` values, the outlets, the date counts
and an empty frame with the partition's dtypes. Hashes seen in two partitions are resolved by
re-reading just those partitions (rarely any). Each validated partition is kept on the local
disk (:mod:`toolkit.corpus.partition_cache`) so that a count reads it back instead of validating
the source again. The table's ``attrs`` (``provenance``, ``rejects``)
are on the frame's meta: :func:`attrs_of` returns them for a lazy or an in-memory table.
"""
from __future__ import annotations

import hashlib
import io
import warnings
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit import __version__
from toolkit.corpus import partition_cache
from toolkit.corpus.dates import examples, parse_dates
from toolkit.errors import CorpusError, CorpusWarning, ParameterError, check_positive_int

__all__ = ["load_lazy", "attrs_of", "PARTITION_ROWS"]

#: Rows per partition when a Parquet file is cut at its row groups.
PARTITION_ROWS = 10_000


def _loader():
    """The loader's per-file functions (the layout of toolkit.corpus before and after its split)."""
    try:
        from toolkit.corpus import formats, validate as validate_module
        from toolkit.corpus.load import REJECT_COLUMNS, _assemble, _sources

        return (formats.read_file, formats._read_parquet, validate_module.validate, _assemble, _sources,
                REJECT_COLUMNS)
    except ImportError:
        from toolkit.corpus import load

        return load._read, load._read_parquet, load._validate, load._assemble, load._sources, load.REJECT_COLUMNS


@dataclass(frozen=True)
class Piece:
    """One partition's source: a file, or row groups ``[first, last)`` of a Parquet file."""

    path: str
    row_groups: tuple[int, int] | None = None
    offset: int = 0          # rows of the file before this piece
    hashes_file: bool = True  # this piece computes the file's SHA-256
    rows: tuple[int, int] | None = None  # (skip, take): part of one row group larger than partition_rows


@dataclass(frozen=True)
class Options:
    root: str | None
    encoding: str | None
    columns: dict | None
    dayfirst: bool
    cache: str | None = None  # folder of validated partitions (toolkit.corpus.partition_cache)

    def key(self, piece: Piece, seen: dict) -> tuple:
        """What a validated partition depends on besides its source file (its cache key)."""
        return (piece.row_groups, piece.rows, piece.offset, self.root, self.encoding,
                sorted((self.columns or {}).items()), self.dayfirst, sorted(seen.items()))


def attrs_of(articles) -> dict:
    """``attrs`` of an articles table: ``provenance`` and ``rejects`` (a DataFrame), lazy or not."""
    if type(articles).__module__.startswith("dask"):
        attrs = dict(articles._meta.attrs)
        if "rejects" in attrs:
            attrs["rejects"] = attrs["rejects"].frame()
        return attrs
    return articles.attrs


class _Rejects:
    """The rejects table kept in a Dask meta's attrs (pandas compares attrs with ``==`` when it
    concatenates; a DataFrame there cannot be compared)."""

    def __init__(self, records: list[dict], columns: list[str]):
        self.records, self.columns = records, columns

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.records, columns=self.columns).astype({"line": "int64"})

    def __len__(self) -> int:
        return len(self.records)


def _pieces(files: list[Path], partition_rows: int) -> list[Piece]:
    import pyarrow.parquet as pq

    out = []
    for path in files:
        if path.suffix.lower() != ".parquet":
            out.append(Piece(str(path)))
            continue
        try:
            meta = pq.ParquetFile(path).metadata
        except Exception:  # noqa: BLE001 - the reader names the broken file
            out.append(Piece(str(path)))
            continue
        if meta.num_rows <= partition_rows:
            out.append(Piece(str(path)))
            continue
        out.extend(_parquet_pieces(str(path), [meta.row_group(g).num_rows for g in range(meta.num_row_groups)],
                                   partition_rows))
    return out


def _parquet_pieces(path: str, sizes: list[int], partition_rows: int) -> list[Piece]:
    """Pieces of a Parquet file whose row groups hold ``sizes`` rows: consecutive row groups up to
    ``partition_rows`` rows, and a row group larger than that cut into runs of ``partition_rows``
    rows (pyarrow's writers put up to a million rows in one row group)."""
    out: list[Piece] = []
    first, pending, offset = 0, 0, 0
    for g, size in enumerate(sizes):
        if size > partition_rows:
            if pending:
                out.append(Piece(path, (first, g), offset, not out))
                offset, pending = offset + pending, 0
            for skip in range(0, size, partition_rows):
                take = min(partition_rows, size - skip)
                out.append(Piece(path, (g, g + 1), offset, not out, (skip, take)))
                offset += take
            first = g + 1
            continue
        pending += size
        if pending >= partition_rows or g == len(sizes) - 1:
            out.append(Piece(path, (first, g + 1), offset, not out))
            first, offset, pending = g + 1, offset + pending, 0
    return out


#: Rows decoded at a time when a piece is part of a row group.
BATCH_ROWS = 2048


def _row_group_table(piece: Piece):
    """The rows of a Parquet piece as a pyarrow Table (a part of one row group: decoded in
    batches up to its last row, the batches before it dropped)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(piece.path)
    groups = list(range(*piece.row_groups))
    if piece.rows is None:
        return source.read_row_groups(groups)
    skip, take = piece.rows
    kept, start = [], 0
    for batch in source.iter_batches(batch_size=BATCH_ROWS, row_groups=groups):
        low, high = max(skip, start) - start, min(skip + take, start + len(batch)) - start
        if high > low:
            kept.append(batch.slice(low, high - low))
        start += len(batch)
        if start >= skip + take:
            break
    return pa.Table.from_batches(kept, schema=source.schema_arrow)


def _file_sha(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_piece(piece: Piece, options: Options):
    read_file, read_parquet, *_ = _loader()
    path = Path(piece.path)
    root = Path(options.root) if options.root is not None else None
    if piece.row_groups is None:
        return read_file(path, root, options.encoding)
    import pyarrow.parquet as pq

    try:
        table = _row_group_table(piece)
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
    except Exception as err:  # noqa: BLE001 - pyarrow raises many types for a broken file
        raise CorpusError(f"{piece.path}: not a readable Parquet file ({type(err).__name__}: {err})") from None
    part = read_parquet(path, piece.path, buffer.getvalue(), options.encoding)
    part.frame["_line"] = part.frame["_line"] + piece.offset
    part.sha256 = _file_sha(piece.path) if piece.hashes_file else ""
    return part


def _validated(piece: Piece, options: Options, seen: dict):
    """(articles of the piece, its rejects, the raw part, the good rows' line numbers)."""
    _, _, validate, assemble, _, _ = _loader()
    part = _read_piece(piece, options)
    lines = part.frame["_line"].to_numpy()
    positions = pd.RangeIndex(len(part.frame))
    part.frame.index = positions
    good, rejects = validate(part, options.columns, dict(seen))
    good_lines = lines[good.index.to_numpy()] if len(good) else np.zeros(0, dtype=np.int64)
    articles = assemble([good])
    dates, unparsed = parse_dates(articles["date"], dayfirst=options.dayfirst)
    bad = examples(articles["date"], unparsed)
    articles["date"] = dates
    return articles, rejects, part, good_lines, unparsed, bad


def _hashes(ids) -> np.ndarray:
    return pd.util.hash_array(np.asarray(ids, dtype=object)) if len(ids) else np.zeros(0, dtype=np.uint64)


def _empty_like(frame: pd.DataFrame, **dtypes) -> pd.DataFrame:
    """An empty frame with ``frame``'s columns and dtypes that holds none of its data.

    (``frame.iloc[:0]`` would do in memory terms for NumPy columns, but an empty slice of a
    pyarrow string column keeps the whole column's buffers alive: a partition's text, ~30 MB
    per 5,000 articles, held by every summary a worker keeps until the driver gathers them.)
    """
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, frame[c].dtype)) for c in frame.columns})


def _summary(piece: Piece, options: Options, seen: dict) -> dict:
    """What the validation pass brings back from one partition (no article text); the articles
    are stored in the cache folder for the counts."""
    articles, rejects, part, lines, unparsed, bad = _validated(piece, options, seen)
    partition_cache.store(options.cache, piece.path, options.key(piece, seen), articles)
    return {"source": part.source, "sha256": part.sha256, "rows_read": part.rows_read, "loaded": len(articles),
            "rejects": rejects, "hashes": _hashes(articles["doc_id"]), "lines": lines,
            "outlets": sorted(set(articles["outlet"].astype(str))), "meta": _empty_like(articles, outlet=object),
            "dates_missing": int(articles["date"].isna().sum() - unparsed.sum()),
            "dates_unparsed": int(unparsed.sum()), "dates_examples": bad}


def _ids_with(piece: Piece, options: Options, hashes: np.ndarray) -> list[tuple[str, int]]:
    """(doc_id, line) of the kept rows of a piece whose doc_id hash is one of ``hashes``."""
    articles, _, _, lines, _, _ = _validated(piece, options, {})
    ids = articles["doc_id"].to_numpy(dtype=object)
    hit = np.isin(_hashes(ids), hashes)
    return list(zip(ids[hit].tolist(), lines[hit].tolist()))


def _partition(piece: Piece, options: Options, seen: dict, start: int, meta: pd.DataFrame) -> pd.DataFrame:
    """One partition of the lazy corpus: the articles table of a piece, indexed from ``start``."""
    articles = partition_cache.fetch(options.cache, piece.path, options.key(piece, seen))
    if articles is None:
        articles = _validated(piece, options, seen)[0]
    articles["outlet"] = pd.Categorical(articles["outlet"].astype(str), dtype=meta["outlet"].dtype)
    articles = articles.reindex(columns=meta.columns)
    for column in meta.columns:
        if articles[column].dtype != meta[column].dtype:
            try:
                articles[column] = articles[column].astype(meta[column].dtype)
            except (TypeError, ValueError):
                articles[column] = articles[column].astype(object)
    articles.index = pd.RangeIndex(start, start + len(articles))
    articles.attrs = {}
    return articles


def _first_seen(pieces: list[Piece], summaries: list[dict], options: Options, client) -> dict[int, dict]:
    """For each piece, the doc_ids it holds that an earlier piece holds first: {id: (source, line)}."""
    if len(pieces) < 2:
        return {}
    owner = np.concatenate([np.full(len(s["hashes"]), i) for i, s in enumerate(summaries)])
    hashes = np.concatenate([s["hashes"] for s in summaries])
    twice = pd.Series(hashes).duplicated(keep=False).to_numpy()
    if not twice.any():
        return {}
    candidates = np.unique(hashes[twice])
    involved = sorted(set(owner[twice].tolist()))
    found = client.gather([client.submit(_ids_with, pieces[i], options, candidates, pure=False)
                           for i in involved])
    first: dict[str, tuple[str, int]] = {}
    prior: dict[int, dict] = {}
    for i, rows in zip(involved, found):
        for doc_id, line in rows:
            if doc_id in first:
                prior.setdefault(i, {})[doc_id] = first[doc_id]
            else:
                first[doc_id] = (summaries[i]["source"], int(line))
    return prior


def load_lazy(source, *, errors: str = "raise", columns: Mapping[str, str] | None = None,
              encoding: str | None = None, dayfirst: bool = False, client: Any = None,
              partition_rows: int = PARTITION_ROWS, cache: bool = True):
    """``load_corpus(source, lazy=True)``: the articles table as a Dask DataFrame (see the module).

    Parameters
    ----------
    source : str or Path
        A corpus file or folder (a DataFrame is validated in memory and split into partitions).
    errors, columns, encoding, dayfirst
        As in :func:`toolkit.load_corpus`.
    client : distributed.Client, str or None
        Where the validation pass runs (:func:`toolkit.count.distributed.get_client`).
    partition_rows : int
        Rows per partition when a Parquet file is cut at its row groups.
    cache : bool, default True
        Keep each validated partition on this machine's disk (compressed, in a temporary folder
        removed with the frame) so that counts do not read and validate the source again
        (:mod:`toolkit.corpus.partition_cache`; workers that do not see the folder skip it).

    Returns
    -------
    dask.dataframe.DataFrame
        Partitions equal to consecutive rows of ``load_corpus(source)`` (same index), with known
        divisions and ``outlet`` categories. :func:`attrs_of` gives ``provenance`` and ``rejects``.
    """
    import dask.dataframe as dd

    from toolkit.count.distributed import get_client

    check_positive_int("partition_rows", partition_rows)
    if not isinstance(cache, bool):
        raise ParameterError(f"`cache` value = {cache!r} is invalid; must be True or False")
    _, _, _, _, sources_of, reject_columns = _loader()
    if isinstance(source, pd.DataFrame):
        from toolkit.corpus.load import load_corpus

        eager = load_corpus(source, errors=errors, columns=columns, encoding=encoding, dayfirst=dayfirst)
        attrs, eager.attrs = eager.attrs, {}
        import dask

        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.from_pandas(eager, chunksize=partition_rows, sort=True)
        frame._meta.attrs.update({"provenance": attrs["provenance"],
                                  "rejects": _Rejects(attrs["rejects"].to_dict("records"), reject_columns)})
        return frame
    found = sources_of(source)
    files, root = found[0], found[1]
    skipped = found[2] if len(found) > 2 else []
    pieces = _pieces(files, partition_rows)
    client = get_client(client)
    folder = partition_cache.make_folder() if cache and pieces else None
    options = Options(None if root is None else str(root), encoding, dict(columns) if columns else None, dayfirst,
                      folder)
    try:
        frame = _validate_all(pieces, options, client, skipped, errors, reject_columns, dd)
    except BaseException:
        if folder is not None:
            partition_cache.remove_folder(folder)
        raise
    if folder is not None:  # the cached partitions live as long as the lazy frame (or this process)
        weakref.finalize(frame, partition_cache.remove_folder, folder)
    return frame


def _validate_all(pieces, options: Options, client, skipped, errors: str, reject_columns, dd):
    summaries = client.gather([client.submit(_summary, p, options, {}, pure=False) for p in pieces])
    prior = _first_seen(pieces, summaries, options, client)
    if prior:
        again = {i: client.submit(_summary, pieces[i], options, prior[i], pure=False) for i in prior}
        for i, future in again.items():
            summaries[i] = future.result()
    if errors == "raise":
        for s in summaries:
            if s["rejects"]:
                first = s["rejects"][0]
                kind = "line" if s["source"].endswith((".jsonl", ".csv", ".txt")) else "row"
                raise CorpusError(f"{first['source']}, {kind} {first['line']}: {first['reason']}")
    return _frame(pieces, summaries, prior, options, skipped, errors, reject_columns, dd)


def _frame(pieces, summaries, prior, options: Options, skipped, errors: str, reject_columns, dd):
    sources: dict[str, dict] = {}
    for s in summaries:
        row = sources.setdefault(s["source"], {"path": s["source"], "sha256": "", "rows_read": 0, "loaded": 0,
                                               "rejected": 0})
        row["sha256"] = row["sha256"] or s["sha256"]
        row["rows_read"] += s["rows_read"]
        row["loaded"] += s["loaded"]
        row["rejected"] += len(s["rejects"])
    outlets = sorted(set().union(*(s["outlets"] for s in summaries)))
    meta = pd.concat([s["meta"] for s in summaries], ignore_index=True, sort=False)
    meta["outlet"] = pd.Categorical([], categories=pd.Index(outlets, dtype=meta["doc_id"].dtype)
                                    if len(outlets) else pd.Index([], dtype=object))
    rejects = [r for s in summaries for r in s["rejects"]]
    unparsed = sum(s["dates_unparsed"] for s in summaries)
    bad_examples = list(dict.fromkeys(x for s in summaries for x in s["dates_examples"]))[:3]
    loaded = sum(s["loaded"] for s in summaries)
    rows_read = sum(s["rows_read"] for s in summaries)
    provenance = {
        "sources": list(sources.values()), "rows_read": rows_read, "loaded": loaded, "rejected": len(rejects),
        "dates_missing": sum(s["dates_missing"] for s in summaries), "dates_unparsed": unparsed,
        "dates_unparsed_examples": bad_examples,
        # the same keys, in the same order, as the eager loader's (toolkit.corpus.load)
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "parameters": {"errors": errors, "columns": dict(options.columns or {}), "encoding": options.encoding,
                       "dayfirst": options.dayfirst},
        "toolkit_version": __version__,
    }
    assert loaded + len(rejects) == rows_read, provenance
    if unparsed:
        warnings.warn(f"{unparsed} of {loaded} dates could not be parsed or were implausible and "
                      f"are NaT (e.g. {', '.join(map(repr, bad_examples))}); see attrs['provenance']",
                      CorpusWarning, stacklevel=4)
    surprises = [s for s in skipped if not getattr(s, "expected", True)]
    if surprises:
        warnings.warn(f"{len(surprises)} entr{'y' if len(surprises) == 1 else 'ies'} of the corpus folder skipped "
                      f"(e.g. {surprises[0].path}: {surprises[0].reason}); see attrs['provenance']['skipped']",
                      CorpusWarning, stacklevel=4)
    if rejects:
        warnings.warn(f"{len(rejects)} of {rows_read} rows rejected (e.g. {rejects[0]['reason']!r}); "
                      f"see attrs['rejects']", CorpusWarning, stacklevel=4)
    meta.attrs = {"provenance": provenance, "rejects": _Rejects(rejects, reject_columns)}
    keep = [i for i, s in enumerate(summaries) if s["loaded"]] or [0]
    starts = np.concatenate([[0], np.cumsum([summaries[i]["loaded"] for i in keep])]).tolist()
    plain = meta.copy()
    plain.attrs = {}  # the partitions need the dtypes, not the provenance
    args = [(pieces[i], options, prior.get(i, {}), starts[k], plain) for k, i in enumerate(keep)]
    divisions = tuple(starts[:-1]) + (max(starts[-1] - 1, 0),) if loaded else None
    import dask

    # The partitions keep the loader's dtypes (str, category): no conversion to pyarrow strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(_partition_args, args, meta=meta, divisions=divisions, enforce_metadata=False)


def _partition_args(args: tuple) -> pd.DataFrame:
    return _partition(*args)
