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

The work is split into modules of one job each: :mod:`toolkit.corpus.files` (which files of a
folder are read, and which entries are skipped), :mod:`toolkit.corpus.formats` (one reader per
file type), :mod:`toolkit.corpus.normalise` (text normalisation, a fixed point),
:mod:`toolkit.corpus.validate` (rows kept or rejected), :mod:`toolkit.corpus.dates`;
:mod:`toolkit.corpus.save` writes a table back to any of the formats.
"""
from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from toolkit import __version__
from toolkit.corpus.dates import examples, parse_dates
from toolkit.corpus.files import SUPPORTED, Skipped, corpus_files
from toolkit.corpus.formats import Part, read_file, with_named_index
from toolkit.corpus.normalise import normalise_text, normalise_title
from toolkit.corpus.summary import summarize
from toolkit.corpus.validate import validate
from toolkit.errors import CorpusError, CorpusWarning, ParameterError, check_choice, did_you_mean
from toolkit.paths import resolve_path

__all__ = ["load_corpus", "summarize", "normalise_text", "normalise_title", "CorpusWarning", "SUPPORTED",
           "CORE", "REJECT_COLUMNS"]

REQUIRED = ("text",)
CORE = ("doc_id", "outlet", "date", "title", "text")
REJECT_COLUMNS = ["source", "line", "reason", "excerpt"]


def _sources(source: str | Path) -> tuple[list[Path], Path | None, list[Skipped]]:
    path = resolve_path(source)
    if not path.exists():
        raise CorpusError(f"corpus path does not exist: {str(source)!r} (looked in {Path.cwd()} and the repository root)")
    if path.is_dir():
        files, skipped = corpus_files(path)
        if not files:
            why = f"; skipped: {'; '.join(f'{s.path}: {s.reason}' for s in skipped)}" if skipped else ""
            raise CorpusError(f"{path}: folder holds no corpus files (supported: {', '.join(SUPPORTED)}){why}")
        return files, path, skipped
    if path.suffix.lower() not in SUPPORTED:
        raise CorpusError(f"{path}: unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED)})")
    return [path], None, []


def load_corpus(source, *, errors: str = "raise", columns: Mapping[str, str] | None = None,
                encoding: str | None = None, dayfirst: bool = False, outlets: Mapping[str, str] | None = None,
                lazy: bool = False, client=None) -> pd.DataFrame:
    """Load articles from a file, a folder or a DataFrame into the articles table.

    Parameters
    ----------
    source : str, Path or DataFrame
        A ``.jsonl``, ``.json`` (a list of objects), ``.csv``, ``.parquet`` or ``.txt`` file; a
        folder (every supported file below it, recursively, in sorted order; hidden files and
        folders are skipped); or a DataFrame, validated the same way. A ``.txt`` file is one article
        and may start with YAML front matter (``outlet``, ``date``, ``title``, ``url``, ``doc_id``...);
        without it the outlet is the parent folder's name and the doc_id the path relative to the
        folder loaded, without suffix. README files are documentation, not articles, and are skipped;
        symbolic links to folders are not followed; unreadable folders are skipped; skipped entries
        are listed in ``attrs["provenance"]["skipped"]`` (with a warning, except README files). A
        relative path that does not exist from the current folder
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
    outlets : mapping, optional
        Outlet names to merge into others, e.g. ``{"Fox Online News": "Fox News"}`` (one source
        under two names; :func:`toolkit.find_outlet_aliases` suggests them, its ``attrs["mapping"]``
        can be passed as is). The mapping and the number of articles renamed per name are kept in
        ``attrs["provenance"]`` (``parameters.outlets``, ``outlets_merged``); a name that is not an
        outlet of the corpus is warned about. Not available with ``lazy=True``.
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
        ``dates_missing``, ``dates_unparsed``, ``dates_unparsed_examples``, ``skipped`` (list of dicts
        with ``path`` and ``reason``), ``parameters`` and
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
    aliases = _outlet_mapping(outlets)
    # --- lazy corpus on a dask.distributed cluster (issue 17): toolkit/corpus/lazy.py ---
    if not isinstance(lazy, bool):
        raise ParameterError(f"`lazy` value = {lazy!r} is invalid; must be True or False")
    if lazy:
        from toolkit.corpus.lazy import load_lazy

        if aliases:
            raise ParameterError("`outlets` (merging outlet names) is not available with lazy=True: merge the names "
                                 "when converting (load_corpus(..., outlets=...) then toolkit.save_corpus) or pass "
                                 "them to toolkit.clean(..., outlets=...) on an in-memory corpus")
        return load_lazy(source, errors=errors, columns=columns, encoding=encoding, dayfirst=dayfirst, client=client)
    # --- end lazy corpus ---
    if isinstance(source, pd.DataFrame):
        frame = with_named_index(source.copy()).astype(object)  # a named index (doc_id) is data
        frame.attrs = {}
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()).hexdigest()
        parts_iter = iter([Part("<DataFrame>", digest, frame, [], len(frame))])
        skipped: list[Skipped] = []
    else:
        files, root, skipped = _sources(source)
        parts_iter = (read_file(p, root, encoding) for p in files)

    seen: dict[str, tuple[str, int]] = {}
    loaded, all_rejects, sources = [], [], []
    for part in parts_iter:
        good, rejects = validate(part, columns, seen)
        if rejects and errors == "raise":
            first = rejects[0]
            kind = "line" if part.source.endswith((".jsonl", ".csv", ".txt")) else "row"
            raise CorpusError(f"{first['source']}, {kind} {first['line']}: {first['reason']}")
        loaded.append(good)
        all_rejects.extend(rejects)
        sources.append({"path": part.source, "sha256": part.sha256, "rows_read": part.rows_read,
                        "loaded": len(good), "rejected": len(rejects)})

    articles = _assemble(loaded)
    merged = _merge_outlets(articles, aliases)
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
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "parameters": {"errors": errors, "columns": dict(columns or {}), "encoding": encoding, "dayfirst": dayfirst},
        "toolkit_version": __version__,
    }
    if aliases:  # only when asked, so a plain load's provenance keeps its keys (and equals the lazy loader's)
        provenance["parameters"]["outlets"] = aliases
        provenance["outlets_merged"] = merged
    # The invariant the whole loader exists for; a failure here is a bug in this module.
    assert provenance["loaded"] + provenance["rejected"] == rows_read, provenance
    if unparsed.any():
        warnings.warn(f"{int(unparsed.sum())} of {len(articles)} dates could not be parsed or were implausible and "
                      f"are NaT (e.g. {', '.join(map(repr, bad_examples))}); see attrs['provenance']",
                      CorpusWarning, stacklevel=2)
    surprises = [s for s in skipped if not s.expected]
    if surprises:
        warnings.warn(f"{len(surprises)} entr{'y' if len(surprises) == 1 else 'ies'} of the corpus folder skipped "
                      f"(e.g. {surprises[0].path}: {surprises[0].reason}); see attrs['provenance']['skipped']",
                      CorpusWarning, stacklevel=2)
    if len(rejects):
        warnings.warn(f"{len(rejects)} of {rows_read} rows rejected (e.g. {rejects['reason'].iloc[0]!r}); "
                      f"see attrs['rejects']", CorpusWarning, stacklevel=2)
    articles.attrs["provenance"] = provenance
    articles.attrs["rejects"] = rejects
    return articles


def _outlet_mapping(outlets: Mapping[str, str] | None) -> dict[str, str]:
    """``outlets=`` checked: a mapping of outlet names to the names they are merged into."""
    if outlets is None:
        return {}
    if not isinstance(outlets, Mapping):
        raise ParameterError("`outlets` must be a mapping of outlet names to the names to merge them into "
                             f"(e.g. {{'Fox Online News': 'Fox News'}}), got {type(outlets).__name__}")
    bad = [(k, v) for k, v in outlets.items() if not isinstance(k, str) or not isinstance(v, str) or not v.strip()]
    if bad:
        raise ParameterError(f"`outlets` maps outlet names (text) to non-empty names (text); invalid: {bad[0]!r}")
    return dict(outlets)


def _merge_outlets(articles: pd.DataFrame, aliases: dict[str, str]) -> dict[str, int]:
    """Rename outlets in place by ``aliases`` (e.g. from :func:`toolkit.find_outlet_aliases`).

    Returns the number of articles renamed per alias. A name that is not an outlet of the corpus
    is warned about (with the closest outlet), never silently ignored.
    """
    if not aliases:
        return {}
    names = articles["outlet"].astype(str)
    present = set(names)
    for name in aliases:
        if name not in present:
            warnings.warn(f"`outlets`: {name!r} is not an outlet of this corpus{did_you_mean(name, sorted(present))}; "
                          "nothing renamed for it", CorpusWarning, stacklevel=3)
    counts = names.value_counts()
    articles["outlet"] = names.map(lambda o: aliases.get(o, o)).astype("category")
    return {name: int(counts.get(name, 0)) for name in aliases}


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
    for col in extra:  # rows were read as given (object dtype): let pandas type the other columns
        articles[col] = articles[col].infer_objects()
    for col in ("doc_id", "title", "text"):
        articles[col] = articles[col].astype(str)
    articles["outlet"] = articles["outlet"].astype(str).astype("category")
    return articles
