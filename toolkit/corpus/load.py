"""Load a corpus of news articles into the articles table, losing nothing silently.

The articles table (see ``../shared/DESIGN.md``) has one row per article:

=========  ==================  ==============================================================
column     dtype               notes
=========  ==================  ==============================================================
doc_id     str, unique         given, or derived from a hash of outlet, title and text
outlet     category            the publisher being compared
date       datetime64[ns]      NaT where missing, unparseable or implausible
title      str                 may be empty
text       str                 Unicode NFC, no markup, paragraphs separated by one blank line
...        as given            every other input column travels with the article
=========  ==================  ==============================================================

Every input row is either loaded or rejected with a reason, and ``loaded + rejected == rows read``.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import json
import numbers
import re
import sys
import unicodedata
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from toolkit import __version__
from toolkit.corpus.dates import examples, parse_dates
from toolkit.errors import CorpusError, CorpusWarning, ParameterError, check_choice, check_columns
from toolkit.paths import resolve_path

SUPPORTED = (".jsonl", ".json", ".csv", ".parquet", ".txt")
REQUIRED = ("text",)
CORE = ("doc_id", "outlet", "date", "title", "text")
REJECT_COLUMNS = ["source", "line", "reason", "excerpt"]
EXCERPT_CHARS = 80

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class _Part:
    """What one source yields: candidate rows plus rows rejected while parsing."""

    source: str
    sha256: str
    frame: pd.DataFrame  # columns as in the file, plus _line
    rejects: list[dict] = field(default_factory=list)
    rows_read: int = 0
    records: bool = False  # JSON records: a missing field is a row's problem, not the file's


def _excerpt(raw: object) -> str:
    text = re.sub(r"\s+", " ", str(raw)).strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _reject(source: str, line: int, reason: str, raw: object) -> dict:
    return {"source": source, "line": int(line), "reason": reason, "excerpt": _excerpt(raw)}


# --------------------------------------------------------------------------- decoding
_BAD_BYTES = re.compile("[\udc80-\udcff]")


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode bytes; undecodable bytes become lone surrogates so the bad rows can be found later."""
    if encoding is None:
        enc = "utf-8-sig"
    else:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            raise ParameterError(f"`encoding` value = {encoding!r} is not an encoding Python knows") from None
        if enc == "utf-8":
            enc = "utf-8-sig"  # a BOM is never article text
    return data.decode(enc, errors="surrogateescape"), enc


def _bad_bytes_reason(encoding: str) -> str:
    name = "UTF-8" if encoding in ("utf-8-sig", "utf-8") else encoding
    return f"bytes not valid in {name} (pass encoding= for other encodings)"


# --------------------------------------------------------------------------- readers
def _read_jsonl(path: Path, label: str, data: bytes, encoding: str | None) -> _Part:
    text, enc = _decode(data, encoding)
    records, lines, rejects = [], [], []
    read = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines are not rows
        read += 1
        if _BAD_BYTES.search(line):
            rejects.append(_reject(label, number, _bad_bytes_reason(enc), line.encode("utf-8", "replace")))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rejects.append(_reject(label, number, f"unparseable line: {err.msg} at column {err.colno}", line))
            continue
        if not isinstance(obj, dict):
            rejects.append(_reject(label, number, f"unparseable line: a JSON {type(obj).__name__}, not an object", line))
            continue
        records.append(obj)
        lines.append(number)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame["_line"] = lines
    return _Part(label, _sha(data), frame, rejects, read, records=True)


def _read_json(path: Path, label: str, data: bytes, encoding: str | None) -> _Part:
    text, enc = _decode(data, encoding)
    if _BAD_BYTES.search(text):
        line = text[: _BAD_BYTES.search(text).start()].count("\n") + 1
        raise CorpusError(f"{label}, line {line}: {_bad_bytes_reason(enc)}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{label}, line {err.lineno}: invalid JSON: {err.msg} at column {err.colno}") from None
    if isinstance(obj, dict) and isinstance(obj.get("articles"), list):
        obj = obj["articles"]
    if not isinstance(obj, list):
        raise CorpusError(f"{label}: a .json corpus must be a list of article objects (or {{'articles': [...]}}), "
                          f"found a JSON {type(obj).__name__}")
    records, rows, rejects = [], [], []
    for number, item in enumerate(obj, start=1):
        if isinstance(item, dict):
            records.append(item)
            rows.append(number)
        else:
            rejects.append(_reject(label, number, f"item {number} is a JSON {type(item).__name__}, not an object", item))
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame["_line"] = rows
    return _Part(label, _sha(data), frame, rejects, len(obj), records=True)


def _read_csv(path: Path, label: str, data: bytes, encoding: str | None) -> _Part:
    text, enc = _decode(data, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError(f"{label}: empty CSV file (no header row)") from None
    header = [h.strip() for h in header]
    records, lines, rejects = [], [], []
    read, start = 0, reader.line_num + 1
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            start = reader.line_num + 1
            continue
        read += 1
        raw = ",".join(row)
        if len(row) != len(header):
            end = reader.line_num
            where = f" (the record runs to line {end}: an unclosed quote?)" if end > start else ""
            rejects.append(_reject(label, start, f"unparseable line: expected {len(header)} fields, found {len(row)}{where}", raw))
        elif _BAD_BYTES.search(raw):
            rejects.append(_reject(label, start, _bad_bytes_reason(enc), raw.encode("utf-8", "replace")))
        else:
            records.append(dict(zip(header, row)))
            lines.append(start)
        start = reader.line_num + 1
    frame = pd.DataFrame.from_records(records, columns=header) if records else pd.DataFrame(columns=header)
    frame["_line"] = lines
    return _Part(label, _sha(data), frame, rejects, read)


def _read_parquet(path: Path, label: str, data: bytes, encoding: str | None) -> _Part:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as err:  # pyarrow raises many types for a broken file
        raise CorpusError(f"{label}: not a readable Parquet file ({type(err).__name__}: {err})") from None
    frame = frame.reset_index(drop=True)
    frame["_line"] = range(1, len(frame) + 1)
    return _Part(label, _sha(data), frame, [], len(frame))


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def _read_txt(path: Path, label: str, data: bytes, encoding: str | None, *, root: Path | None) -> _Part:
    text, enc = _decode(data, encoding)
    record: dict = {}
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    rejects: list[dict] = []
    if _BAD_BYTES.search(body):
        line = body[: _BAD_BYTES.search(body).start()].count("\n") + 1
        rejects.append(_reject(label, line, _bad_bytes_reason(enc), body.encode("utf-8", "replace")))
        return _Part(label, _sha(data), pd.DataFrame({"_line": []}), rejects, 1)
    match = _FRONT.match(body)
    if match:
        try:
            meta = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            rejects.append(_reject(label, line, f"unparseable front matter: {getattr(err, 'problem', err)}", match.group(0)))
            return _Part(label, _sha(data), pd.DataFrame({"_line": []}), rejects, 1)
        if not isinstance(meta, dict):
            rejects.append(_reject(label, 1, "unparseable front matter: not a mapping of keys to values", match.group(0)))
            return _Part(label, _sha(data), pd.DataFrame({"_line": []}), rejects, 1)
        record.update({str(k): (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()})
        body = body[match.end():]
    record.setdefault("outlet", path.parent.name)
    if "doc_id" not in record:
        rel = path.relative_to(root) if root is not None else Path(path.name)
        record["doc_id"] = rel.with_suffix("").as_posix()
    record["text"] = body
    record["_line"] = 1
    return _Part(label, _sha(data), pd.DataFrame([record]), rejects, 1)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- normalising
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|blockquote)\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def normalise_text(text: str) -> str:
    """Return ``text`` as the articles table stores it.

    Unicode NFC; HTML tags removed (block tags become paragraph breaks) and entities unescaped;
    line endings ``\\n``; runs of spaces and tabs folded; paragraphs separated by exactly one blank
    line. A text with single line breaks only (no blank line) is taken to have one paragraph per
    line, as in corpora that store paragraphs one per line.
    """
    if "<" in text and _TAG.search(text):
        text = _BLOCK_TAG.sub("\n\n", text)
        text = _TAG.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text and "\n\n" not in text and not _BLANK_LINE.search(text):
        text = text.replace("\n", "\n\n")
    # The substitutions are the slow part at corpus scale: run them only where they change something.
    if "  " in text or "\t" in text or "\u00a0" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    if "\n\n\n" in text or " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
        text = _BLANKS.sub("\n\n", text)
    return text.strip()


def _derived_id(outlet: str, title: str, text: str) -> str:
    digest = hashlib.sha1(f"{outlet}\x1f{title}\x1f{text}".encode("utf-8")).hexdigest()
    return f"doc-{digest[:16]}"


# --------------------------------------------------------------------------- validating
def _validate(part: _Part, columns: Mapping[str, str] | None, seen: dict[str, tuple[str, int]]
              ) -> tuple[pd.DataFrame, list[dict]]:
    """Validate one source's rows; return the good rows and the rejects (in line order)."""
    frame = part.frame
    if columns:
        frame = frame.rename(columns=dict(columns))
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise CorpusError(f"{part.source}: column(s) {dup} appear twice after applying columns={dict(columns or {})}")
    lines = frame["_line"].to_numpy()
    rejects = list(part.rejects)
    if len(frame) == 0:
        return frame.drop(columns="_line"), rejects
    if "text" not in frame.columns and part.records:
        frame = frame.assign(text=None)
    if "text" not in frame.columns:
        have = [c for c in frame.columns if c != "_line"]
        raise CorpusError(
            f"{part.source}: no `text` column (required); columns found: {have}. "
            f"Map yours with columns={{'your_column': 'text'}}")

    def raw_row(i: int) -> str:
        return json.dumps({k: v for k, v in frame.iloc[i].items() if k != "_line"}, default=str, ensure_ascii=False)

    bad = pd.Series(False, index=frame.index)
    text = frame["text"]
    missing = text.isna()
    for i in missing.to_numpy().nonzero()[0]:
        rejects.append(_reject(part.source, lines[i], "missing required field 'text'", raw_row(i)))
    bad |= missing
    not_str = ~missing & ~text.map(lambda v: isinstance(v, str))
    for i in not_str.to_numpy().nonzero()[0]:
        value = text.iloc[i]
        kind = "number" if isinstance(value, numbers.Number) else type(value).__name__
        rejects.append(_reject(part.source, lines[i], f"field 'text' is a {kind}, not a string", raw_row(i)))
    bad |= not_str
    cleaned = pd.Series([normalise_text(t) if ok else "" for t, ok in zip(text, ~bad)], index=frame.index, dtype=object)
    empty = ~bad & (cleaned == "")
    for i in empty.to_numpy().nonzero()[0]:
        rejects.append(_reject(part.source, lines[i], "empty text", raw_row(i)))
    bad |= empty
    frame = frame.assign(text=cleaned)

    for col in ("outlet", "title"):
        if col not in frame.columns:
            frame[col] = "" if col == "title" else None
        frame[col] = frame[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v).strip())
    frame["outlet"] = frame["outlet"].replace("", "unknown")
    frame["title"] = frame["title"].map(lambda t: normalise_text(t).replace("\n\n", " ") if t else t)

    if "doc_id" not in frame.columns:
        frame["doc_id"] = None
    ids = frame["doc_id"].map(lambda v: None if v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""
                              else str(v).strip())
    need = ids.isna()
    if need.any():
        ids[need] = [_derived_id(o, t, x) for o, t, x in zip(frame.loc[need, "outlet"], frame.loc[need, "title"],
                                                              frame.loc[need, "text"])]
    frame["doc_id"] = ids
    id_list = ids.tolist()
    for i in (~bad).to_numpy().nonzero()[0]:
        doc_id = id_list[i]
        if doc_id in seen:
            first_source, first_line = seen[doc_id]
            rejects.append(_reject(part.source, lines[i],
                                   f"duplicate doc_id {doc_id!r} (first seen in {first_source}, line {first_line})",
                                   raw_row(i)))
            bad.iloc[i] = True
        else:
            seen[doc_id] = (part.source, int(lines[i]))
    good = frame[~bad.to_numpy()].drop(columns="_line")
    rejects.sort(key=lambda r: r["line"])
    return good, rejects


# --------------------------------------------------------------------------- public
def _sources(source: str | Path) -> tuple[list[Path], Path | None]:
    path = resolve_path(source)
    if not path.exists():
        raise CorpusError(f"corpus path does not exist: {str(source)!r} (looked in {Path.cwd()} and the repository root)")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and p.suffix.lower() in SUPPORTED
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            raise CorpusError(f"{path}: folder holds no corpus files (supported: {', '.join(SUPPORTED)})")
        return files, path
    if path.suffix.lower() not in SUPPORTED:
        raise CorpusError(f"{path}: unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED)})")
    return [path], None


def _read(path: Path, root: Path | None, encoding: str | None) -> _Part:
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{label}: cannot read file ({err.strerror})") from None
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return _read_txt(path, label, data, encoding, root=root)
    reader = {".jsonl": _read_jsonl, ".json": _read_json, ".csv": _read_csv, ".parquet": _read_parquet}[suffix]
    return reader(path, label, data, encoding)


def load_corpus(source, *, errors: str = "raise", columns: Mapping[str, str] | None = None,
                encoding: str | None = None, dayfirst: bool = False, lazy: bool = False,
                client=None) -> pd.DataFrame:
    """Load articles from a file, a folder or a DataFrame into the articles table.

    Parameters
    ----------
    source : str, Path or DataFrame
        A ``.jsonl``, ``.json`` (a list of objects), ``.csv``, ``.parquet`` or ``.txt`` file; a
        folder (every supported file below it, recursively, in sorted order; hidden files and
        folders are skipped); or a DataFrame, validated the same way. A ``.txt`` file is one article
        and may start with YAML front matter (``outlet``, ``date``, ``title``, ``url``, ``doc_id``...);
        without it the outlet is the parent folder's name and the doc_id the path relative to the
        folder loaded, without suffix. A relative path that does not exist from the current folder
        is looked up from the repository root (so notebooks work from ``notebooks/``).
    errors : {"raise", "skip"}
        ``"raise"``: a :class:`CorpusError` naming the file, the line (or row) and the reason at the
        first bad row. ``"skip"``: load the good rows, return the bad ones in ``attrs["rejects"]``
        and warn how many there were.
    columns : mapping, optional
        Renames the corpus's own column names, e.g. ``{"source": "outlet", "content_original": "text"}``.
    encoding : str, optional
        Text encoding of the files; default UTF-8 with or without a byte-order mark.
    dayfirst : bool
        Read ambiguous numeric dates such as ``9/6/17`` as day/month/year (default month/day/year).
    lazy : bool, default False
        Return a Dask DataFrame whose partitions are read and validated on a ``dask.distributed``
        cluster (``client``: a Client or scheduler address; default the current client, else a
        LocalCluster), for corpora larger than memory: see :mod:`toolkit.corpus.lazy`.

    Returns
    -------
    DataFrame
        The articles table: ``doc_id`` (str, unique), ``outlet`` (category), ``date``
        (datetime64[ns], NaT allowed), ``title`` (str), ``text`` (str), then every other input column
        as given. ``attrs["provenance"]`` is a dict: ``sources`` (list of dicts with ``path``,
        ``sha256``, ``rows_read``, ``loaded``, ``rejected``), ``rows_read``, ``loaded``, ``rejected``,
        ``dates_missing``, ``dates_unparsed``, ``dates_unparsed_examples``, ``parameters`` and
        ``toolkit_version``. ``attrs["rejects"]`` is a DataFrame with ``source``, ``line`` (line
        number in line-based files, else 1-based row or item number), ``reason`` and ``excerpt``
        (the raw row, shortened). Always ``loaded + rejected == rows_read``.

    Raises
    ------
    CorpusError
        A path that does not exist, an unsupported or unreadable file, a file with no ``text``
        column, a file that is not valid JSON as a whole, or (``errors="raise"``) any bad row.
    ParameterError
        An invalid ``errors`` value, ``columns`` that is not a mapping, or an unknown encoding.

    Notes
    -----
    Bad rows: an unparseable line or record, a missing or non-string ``text``, empty text, a
    duplicate ``doc_id`` (the first wins; the later one is rejected naming the first), bytes not
    valid in the encoding. An unparseable or implausible date is not a rejection: it becomes NaT,
    is counted in the provenance and warned about with examples (see :mod:`toolkit.corpus.dates` for the
    day/month rule). Note that ``pd.concat`` of two loaded tables fails on their DataFrame-valued
    ``attrs``; clear them first (``a.attrs = {}``).

    Examples
    --------
    >>> import toolkit
    >>> articles = toolkit.load_corpus("corpora/demo")
    >>> articles.attrs["provenance"]["rejected"]
    0
    """
    check_choice("errors", errors, ["raise", "skip"])
    if columns is not None and not isinstance(columns, Mapping):
        raise ParameterError(f"`columns` must be a mapping of your column names to toolkit names, got {type(columns).__name__}")
    # --- lazy corpus on a dask.distributed cluster (issue 17): toolkit/corpus/lazy.py ---
    if not isinstance(lazy, bool):
        raise ParameterError(f"`lazy` value = {lazy!r} is invalid; must be True or False")
    if lazy:
        from toolkit.corpus.lazy import load_lazy

        return load_lazy(source, errors=errors, columns=columns, encoding=encoding, dayfirst=dayfirst, client=client)
    # --- end lazy corpus ---
    if isinstance(source, pd.DataFrame):
        frame = source.reset_index(drop=True).copy()
        frame.attrs = {}
        frame["_line"] = range(1, len(frame) + 1)
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()).hexdigest()
        parts_iter = iter([_Part("<DataFrame>", digest, frame, [], len(frame))])
        root = None
    else:
        files, root = _sources(source)
        parts_iter = (_read(p, root, encoding) for p in files)

    seen: dict[str, tuple[str, int]] = {}
    loaded, all_rejects, sources = [], [], []
    for part in parts_iter:
        good, rejects = _validate(part, columns, seen)
        if rejects and errors == "raise":
            first = rejects[0]
            kind = "line" if part.source.endswith((".jsonl", ".csv", ".txt")) else "row"
            raise CorpusError(f"{first['source']}, {kind} {first['line']}: {first['reason']}")
        loaded.append(good)
        all_rejects.extend(rejects)
        sources.append({"path": part.source, "sha256": part.sha256, "rows_read": part.rows_read,
                        "loaded": len(good), "rejected": len(rejects)})

    articles = _assemble(loaded)
    dates, unparsed = parse_dates(articles["date"], dayfirst=dayfirst)
    bad_examples = examples(articles["date"], unparsed)
    articles["date"] = dates
    rows_read = sum(s["rows_read"] for s in sources)
    rejects = pd.DataFrame(all_rejects, columns=REJECT_COLUMNS).astype({"line": "int64"})
    provenance = {
        "sources": sources,
        "rows_read": rows_read,
        "loaded": len(articles),
        "rejected": len(rejects),
        "dates_missing": int(articles["date"].isna().sum() - unparsed.sum()),
        "dates_unparsed": int(unparsed.sum()),
        "dates_unparsed_examples": bad_examples,
        "parameters": {"errors": errors, "columns": dict(columns or {}), "encoding": encoding, "dayfirst": dayfirst},
        "toolkit_version": __version__,
    }
    # The invariant the whole loader exists for; a failure here is a bug in this module.
    assert provenance["loaded"] + provenance["rejected"] == rows_read, provenance
    if unparsed.any():
        warnings.warn(f"{int(unparsed.sum())} of {len(articles)} dates could not be parsed or were implausible and "
                      f"are NaT (e.g. {', '.join(map(repr, bad_examples))}); see attrs['provenance']",
                      CorpusWarning, stacklevel=2)
    if len(rejects):
        warnings.warn(f"{len(rejects)} of {rows_read} rows rejected (e.g. {rejects['reason'].iloc[0]!r}); "
                      f"see attrs['rejects']", CorpusWarning, stacklevel=2)
    articles.attrs["provenance"] = provenance
    articles.attrs["rejects"] = rejects
    return articles


def _assemble(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        articles = pd.DataFrame({c: pd.Series(dtype=object) for c in CORE})
    else:
        articles = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if "date" not in articles.columns:
        articles["date"] = None
    extra = [c for c in articles.columns if c not in CORE]
    articles = articles[list(CORE) + extra]
    for col in ("doc_id", "title", "text"):
        articles[col] = articles[col].astype(str)
    articles["outlet"] = articles["outlet"].astype(str).astype("category")
    return articles


def summarize(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: how much text it contributes and over which dates.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``outlet``, ``date``, ``text``).

    Returns
    -------
    DataFrame
        ``outlet``, ``articles`` (count), ``words`` (whitespace-separated words in the texts),
        ``first_date``, ``last_date`` (NaT when no date), ``missing_dates`` (articles with NaT),
        sorted by outlet; the last row, ``outlet == "(all)"``, totals the corpus.
    """
    check_columns(articles, ["outlet", "date", "text"])
    words = articles["text"].str.split().str.len()
    frame = pd.DataFrame({"outlet": articles["outlet"].astype(str), "date": articles["date"], "words": words})
    grouped = frame.groupby("outlet", sort=True)
    out = pd.DataFrame({
        "articles": grouped.size(),
        "words": grouped["words"].sum(),
        "first_date": grouped["date"].min(),
        "last_date": grouped["date"].max(),
        "missing_dates": grouped["date"].apply(lambda s: int(s.isna().sum())),
    }).reset_index()
    total = pd.DataFrame([{"outlet": "(all)", "articles": len(frame), "words": int(words.sum()),
                           "first_date": frame["date"].min(), "last_date": frame["date"].max(),
                           "missing_dates": int(frame["date"].isna().sum())}])
    out = pd.concat([out, total], ignore_index=True)
    return out.astype({"articles": "int64", "words": "int64", "missing_dates": "int64"})
