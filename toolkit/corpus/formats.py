"""Readers: one corpus file → candidate rows (as given) plus the rows rejected while parsing.

Every reader returns a :class:`Part`: a DataFrame of the file's rows (columns as in the file,
values as given, object dtype, plus ``_line``: the line or item number), the rejects found while
parsing (source, line, reason, excerpt), and how many rows were read. Validation of the rows
(text present, unique ids...) is :mod:`toolkit.corpus.validate`'s job.

- ``.jsonl``: one JSON object per line; lines are split on ``\\n`` only (U+2028, U+2029 and U+0085
  are legal inside JSON strings and common in scraped news).
- ``.json``: a list of objects (or ``{"articles": [...]}``).
- ``.csv``: a header row, then one article per record. Parsed strictly: a quote that is never
  closed (or closed in the middle of a field) rejects the record's first line, naming it, and
  parsing resumes at the next line, so the rows after it are not swallowed into one article.
- ``.parquet``: one article per row; an index with a name (e.g. ``doc_id`` saved as the index)
  comes back as a column; integer columns with missing values keep their integers.
- ``.txt``: one article; optional YAML front matter whose values are read as written (strings:
  ``NO`` stays "NO", ``010`` stays "010"; ``date`` is parsed later like any date).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from toolkit.errors import CorpusError, ParameterError

__all__ = ["Part", "read_file", "reject", "frame_from_records", "with_named_index"]

EXCERPT_CHARS = 80
_BAD_BYTES = re.compile("[\udc80-\udcff]")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Part:
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


def reject(source: str, line: int, reason: str, raw: object) -> dict:
    """One row of the rejects table."""
    return {"source": source, "line": int(line), "reason": reason, "excerpt": _excerpt(raw)}


def frame_from_records(records: list[dict], lines: list[int], columns: list[str] | None = None) -> pd.DataFrame:
    """Rows as given: object dtype, so ``1`` stays the integer 1 even when other rows lack the field."""
    frame = pd.DataFrame(records, columns=columns, dtype=object) if records else pd.DataFrame(columns=columns)
    frame["_line"] = lines
    return frame


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- decoding
def _decode(data: bytes, encoding: str | None, label: str) -> tuple[str, str]:
    """Decode bytes; undecodable bytes become lone surrogates so the bad rows can be found later."""
    if encoding is None:
        if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or data[:4] in (codecs.BOM_UTF32_LE,
                                                                                   codecs.BOM_UTF32_BE):
            raise CorpusError(f"{label}: the file is UTF-16 or UTF-32 text (it starts with a byte-order mark), "
                              "not UTF-8; pass encoding='utf-16' (or 'utf-32')")
        if b"\x00" in data[:4096]:
            raise CorpusError(f"{label}: the file holds NUL bytes, so it is not UTF-8 text (UTF-16 without a "
                              "byte-order mark?); pass encoding='utf-16-le' or the file's encoding")
        enc = "utf-8-sig"
    else:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            raise ParameterError(f"`encoding` value = {encoding!r} is not an encoding Python knows") from None
        if enc == "utf-8":
            enc = "utf-8-sig"  # a BOM is never article text
    try:
        return data.decode(enc, errors="surrogateescape"), enc
    except UnicodeDecodeError as err:  # multi-byte codecs (UTF-16) cannot escape every byte
        raise CorpusError(f"{label}: bytes not valid in {enc} at offset {err.start}; check encoding=") from None


def _bad_bytes_reason(encoding: str) -> str:
    name = "UTF-8" if encoding in ("utf-8-sig", "utf-8") else encoding
    return f"bytes not valid in {name} (pass encoding= for other encodings)"


# --------------------------------------------------------------------------- readers
def _read_jsonl(path: Path, label: str, data: bytes, encoding: str | None) -> Part:
    text, enc = _decode(data, encoding, label)
    records, lines, rejects = [], [], []
    read = 0
    for number, line in enumerate(text.split("\n"), start=1):  # "\n" only: see the module docstring
        line = line.removesuffix("\r")
        if not line.strip():
            continue  # blank lines are not rows
        read += 1
        if _BAD_BYTES.search(line):
            rejects.append(reject(label, number, _bad_bytes_reason(enc), line.encode("utf-8", "replace")))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rejects.append(reject(label, number, f"unparseable line: {err.msg} at column {err.colno}", line))
            continue
        if not isinstance(obj, dict):
            rejects.append(reject(label, number, f"unparseable line: a JSON {type(obj).__name__}, not an object", line))
            continue
        records.append(obj)
        lines.append(number)
    return Part(label, _sha(data), frame_from_records(records, lines), rejects, read, records=True)


def _read_json(path: Path, label: str, data: bytes, encoding: str | None) -> Part:
    text, enc = _decode(data, encoding, label)
    if bad := _BAD_BYTES.search(text):
        raise CorpusError(f"{label}, line {text[: bad.start()].count(chr(10)) + 1}: {_bad_bytes_reason(enc)}")
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
            rejects.append(reject(label, number, f"item {number} is a JSON {type(item).__name__}, not an object", item))
    return Part(label, _sha(data), frame_from_records(records, rows), rejects, len(obj), records=True)


class _Lines:
    """Physical lines (with their ``\\n``) from ``start``; ``pos`` is the next line to hand out."""

    def __init__(self, lines: list[str], start: int):
        self.lines, self.pos = lines, start

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _read_csv(path: Path, label: str, data: bytes, encoding: str | None) -> Part:
    text, enc = _decode(data, encoding, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    feed = _Lines(lines, 0)
    try:
        header = next(csv.reader(feed, strict=True))
    except StopIteration:
        raise CorpusError(f"{label}: empty CSV file (no header row)") from None
    except csv.Error as err:
        raise CorpusError(f"{label}, line 1: the header row cannot be parsed ({err})") from None
    if _BAD_BYTES.search("".join(header)):
        hint = (" it looks like Latin-1 or Windows-1252: pass encoding='latin-1' (or 'cp1252')"
                if enc.startswith("utf-8") else " pass the file's encoding with encoding=")
        name = "UTF-8" if enc.startswith("utf-8") else enc
        raise CorpusError(f"{label}, line 1: the header row is not valid {name} text;{hint}")
    header = [h.strip() for h in header]
    records, numbers, rejects = [], [], []
    read = 0
    reader = csv.reader(feed, strict=True)
    while feed.pos < len(lines):
        start = feed.pos
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            read += 1
            rejects.append(reject(label, start + 1, f"unparseable line: {err} (an unclosed quote?); "
                                                    "the lines after it were read on their own", lines[start]))
            feed.pos = start + 1  # resume right after the bad line: nothing after it is swallowed
            reader = csv.reader(feed, strict=True)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        read += 1
        raw = ",".join(row)
        if len(row) != len(header):
            where = ""
            if feed.pos - start > 1:  # the record ran over several lines: a stray quote
                where = f" (the record runs to line {feed.pos}: an unclosed quote?; the lines after it were read on their own)"
                feed.pos = start + 1
                reader = csv.reader(feed, strict=True)
            rejects.append(reject(label, start + 1, f"unparseable line: expected {len(header)} fields, "
                                                    f"found {len(row)}{where}", raw if not where else lines[start]))
        elif _BAD_BYTES.search(raw):
            rejects.append(reject(label, start + 1, _bad_bytes_reason(enc), raw.encode("utf-8", "replace")))
        else:
            records.append(dict(zip(header, row)))
            numbers.append(start + 1)
    return Part(label, _sha(data), frame_from_records(records, numbers, header), rejects, read)


def _read_parquet(path: Path, label: str, data: bytes, encoding: str | None) -> Part:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
        # integers with missing values stay integers (not 1.0), as given
        frame = table.to_pandas(integer_object_nulls=True)
    except Exception as err:  # pyarrow raises many types for a broken file
        raise CorpusError(f"{label}: not a readable Parquet file ({type(err).__name__}: {err})") from None
    return Part(label, _sha(data), with_named_index(frame), [], len(frame))


def with_named_index(frame: pd.DataFrame) -> pd.DataFrame:
    """Named index levels (``doc_id`` as the index) become columns; unnamed ones are only row labels."""
    named = [n for n in frame.index.names if n is not None]
    frame = frame.reset_index(level=named) if named else frame
    frame = frame.reset_index(drop=True)
    frame["_line"] = range(1, len(frame) + 1)
    return frame


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def _read_txt(path: Path, label: str, data: bytes, encoding: str | None, *, root: Path | None) -> Part:
    text, enc = _decode(data, encoding, label)
    record: dict = {}
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    rejects: list[dict] = []
    empty = pd.DataFrame({"_line": []})
    if bad := _BAD_BYTES.search(body):
        rejects.append(reject(label, body[: bad.start()].count("\n") + 1, _bad_bytes_reason(enc),
                              body.encode("utf-8", "replace")))
        return Part(label, _sha(data), empty, rejects, 1)
    if match := _FRONT.match(body):
        try:  # BaseLoader: every value as written (a string), never NO -> False or 010 -> 8
            meta = yaml.load(match.group(1) or "", Loader=yaml.BaseLoader) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            rejects.append(reject(label, line, f"unparseable front matter: {getattr(err, 'problem', err)}", match.group(0)))
            return Part(label, _sha(data), empty, rejects, 1)
        if not isinstance(meta, dict):
            rejects.append(reject(label, 1, "unparseable front matter: not a mapping of keys to values", match.group(0)))
            return Part(label, _sha(data), empty, rejects, 1)
        record.update({str(k): v for k, v in meta.items()})
        body = body[match.end():]
    record.setdefault("outlet", path.parent.name)
    if "doc_id" not in record:
        rel = path.relative_to(root) if root is not None else Path(path.name)
        record["doc_id"] = rel.with_suffix("").as_posix()
    record["text"] = body
    return Part(label, _sha(data), frame_from_records([record], [1]), rejects, 1)


def read_file(path: Path, root: Path | None, encoding: str | None) -> Part:
    """Read one corpus file (by its suffix); file-level problems raise :class:`CorpusError`."""
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
