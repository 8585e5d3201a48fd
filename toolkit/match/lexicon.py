"""Load lexicons: named categories of word and phrase patterns kept as YAML.

A lexicon maps each category (an actor such as ``russia``, a frame such as
``escalation``) to a list of patterns. :func:`load_lexicon` reads it from a
YAML file, a packaged name (``"actors"``, ``"frames"``), or a plain mapping,
checks every entry, and returns a :class:`Lexicon` whose compiled matcher is
cached. Matching itself lives in :mod:`toolkit.match.matcher`.

File format
-----------
::

    _meta:                      # optional; any top-level key starting with "_"
      description: Actors ...   # is documentation, not a category
    russia:
      - Russia                  # a plain string: case-insensitive pattern
      - Kremlin
      - pattern: RF             # a mapping: pattern plus options
        case_sensitive: true
        note: abbreviation used in some outlets
    eu:
      institutions: [European Commission, European Council]   # nested -> "eu.institutions"

- Keys of an entry mapping: ``pattern`` (required), ``case_sensitive``
  (bool, default false), ``note`` (free text), ``exclude`` (bool, default
  false). Any other key is an error.
- An ``exclude: true`` entry is a stop phrase: it takes part in the
  leftmost-longest resolution like any entry, so it blocks the shorter
  patterns it covers, but its own hits are dropped. ``{pattern: Washington
  Post, exclude: true}`` next to ``Washington`` keeps the newspaper out of
  the ``us`` actor.
- Nested mappings flatten to ``parent.child`` categories at any depth, as in
  quanteda's YAML dictionaries (``dictionary(file = "x.yml")``), whose glob
  ``*`` has the same meaning here.
- A category's value is a list of entries, or a single string (one pattern).

Pattern semantics
-----------------
- **Whole tokens.** A pattern matches whole tokens only: ``EU`` does not match
  "Europe". A token is a run of word characters (letters, digits, ``_``);
  a hyphen (``-``, U+2010, U+2011), a dot or an apostrophe glues a match to a
  word character on its far side, and a comma glues digits. Precisely, a match
  may not be preceded by a word character, nor by a hyphen/dot/apostrophe that
  follows a word character, nor by "digit," when it starts with a digit; and it
  may not be followed by a word character, nor by a hyphen/dot/apostrophe
  followed by a word character (except a possessive, below), nor by ",digit"
  when it ends with a digit. Hence a hyphenated compound is one token:
  ``escalat*`` does not match "de-escalation" (``de-escalat*`` does),
  ``Russia`` does not match "Russia-backed" (``Russia-*`` does), ``NATO`` does
  not match "NATO-led" or "anti-NATO", ``U.S.`` does not match "U.S.-led";
  ``S`` never matches inside "U.S."; ``1`` does not match "1,000" or "1.5";
  and an elided "l'Élysée" is one token (not a hit for ``Élysée``).
- **Wildcard.** ``*`` inside a word matches zero or more word characters
  (never a hyphen, dot, apostrophe or space): ``escalat*`` matches escalate,
  escalation, escalatory; ``*escalation`` and ``mobili*ation`` work too. A
  word made only of ``*`` is an error.
- **Dotted abbreviations** are tokens: ``U.S.`` matches "U.S." (also at a
  sentence end, "in the U.S."), ``E.U.`` matches "E.U.".
- **Possessives** are their word: ``Russia`` matches "Russia's" and
  "Russia’s", ``allies`` matches "allies'". The reported span covers the
  pattern only, not the possessive ending. "Russias'" is not a hit for
  ``Russia`` (it is another token).
- **Quotes.** Straight and curly apostrophes (' ’ ‘ ʼ) are one character for
  matching, and so are double quotes (" “ ” „): ``Russia's`` = "Russia’s".
- **Phrases** match across any run of whitespace, line breaks included:
  ``boots on the ground`` matches "boots on\\nthe  ground".
- **Case.** Matching is case-insensitive (each character compared through
  ``str.lower()``) unless the entry says ``case_sensitive: true``, which
  compares exactly: ``{pattern: US, case_sensitive: true}`` never matches "us".
- **Overlaps.** Within one lexicon, matches are resolved leftmost-longest
  and never overlap; a tie (same span) goes to the entry listed first
  (loading warns when the same pattern is listed twice). With
  ``north_korea: [North Korea*]`` and ``korea: [Korea*]``, "North Korean"
  counts once, for ``north_korea``. Different lexicons are independent.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from toolkit.errors import LexiconError
from toolkit.paths import PACKAGE_DIR, resolve_path

__all__ = ["Lexicon", "load_lexicon", "packaged_lexicons", "ENTRY_KEYS"]

LEXICON_DIR = PACKAGE_DIR / "lexicons"
ENTRY_KEYS = ("pattern", "case_sensitive", "note", "exclude")
MAPPING_SOURCE = "<mapping>"
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A named set of categories of patterns, checked and ready to compile.

    Attributes
    ----------
    name : str
        Short name (file stem, packaged name, or the ``name`` given).
    source : str
        The file path read, or ``"<mapping>"``.
    categories : list of str
        Category names in file order (nested ones flattened to ``a.b``).
    entries : pandas.DataFrame
        One row per pattern, in file order, with columns ``category`` (str),
        ``pattern`` (str, whitespace collapsed), ``case_sensitive`` (bool),
        ``note`` (str, may be empty), ``exclude`` (bool, stop phrase). The row
        position is the pattern index of match hits.
    sha256 : str or None
        SHA-256 of the file's text (None for a mapping).
    meta : dict
        Top-level keys that start with ``_`` (documentation, e.g. ``_meta``).
    """

    name: str
    source: str
    categories: list[str]
    entries: pd.DataFrame
    sha256: str | None = None
    meta: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return (f"Lexicon(name={self.name!r}, source={self.source!r}, "
                f"categories={len(self.categories)}, patterns={len(self)})")

    @cached_property
    def matcher(self):
        """A :class:`toolkit.match.matcher.Matcher` for this lexicon alone (compiled once)."""
        from toolkit.match.matcher import compile_matcher

        return compile_matcher([self])

    def category_of(self, pattern_index: int) -> str:
        """Category of the entry at row ``pattern_index`` of :attr:`entries`."""
        return self.entries["category"].iat[pattern_index]

    def to_mapping(self) -> dict[str, list[dict]]:
        """The lexicon as ``{category: [{pattern, case_sensitive, note, exclude}, ...]}``.

        ``load_lexicon(lex.to_mapping())`` gives the same entries (stop phrases included).
        """
        out: dict[str, list[dict]] = {c: [] for c in self.categories}
        for row in self.entries.itertuples(index=False):
            out[row.category].append({"pattern": row.pattern, "case_sensitive": bool(row.case_sensitive),
                                      "note": row.note, "exclude": bool(row.exclude)})
        return out

    def subset(self, categories: str | list[str]) -> "Lexicon":
        """The lexicon restricted to ``categories`` (kept in file order), stop phrases included.

        Pattern indexes of the result count rows of the subset's own ``entries``.

        Raises
        ------
        LexiconError
            Naming a category the lexicon does not have.
        """
        wanted = [categories] if isinstance(categories, str) else list(categories)
        unknown = [c for c in wanted if c not in self.categories]
        if unknown:
            raise LexiconError(f"category {unknown[0]!r} is not in lexicon {self.name!r}; "
                               f"it has {self.categories}")
        entries = self.entries[self.entries["category"].isin(wanted)].reset_index(drop=True)
        return Lexicon(name=self.name, source=self.source,
                       categories=[c for c in self.categories if c in wanted], entries=entries,
                       sha256=self.sha256, meta={**self.meta, "_subset_of": list(self.categories)})


def packaged_lexicons() -> list[str]:
    """Names of the lexicons shipped in ``toolkit/lexicons/`` (e.g. ``["actors", "frames"]``)."""
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yml"))


def load_lexicon(source: str | Path | Mapping | Lexicon, *, name: str | None = None) -> Lexicon:
    """Read and check a lexicon.

    Parameters
    ----------
    source : str, Path, Mapping or Lexicon
        A path to a YAML file; the name of a packaged lexicon (``"actors"``,
        ``"frames"`` or any ``toolkit/lexicons/<name>.yml``); a mapping
        ``{category: [patterns]}`` in the same shape as the YAML; or a
        :class:`Lexicon`, returned as is.
    name : str, optional
        Name to give the lexicon; defaults to the file stem, or ``"lexicon"``
        for a mapping.

    Returns
    -------
    Lexicon
        With ``entries`` columns ``category`` (str), ``pattern`` (str),
        ``case_sensitive`` (bool), ``note`` (str), ``exclude`` (bool).

    Raises
    ------
    LexiconError
        Naming the file (or ``<mapping>``), the category and the entry, for:
        invalid YAML (with its line), a top level that is not a mapping, an
        empty category, a non-string, empty or wildcard/punctuation-only
        pattern, an unknown entry key, a duplicate key or a duplicate
        category after flattening. Entries from a file also give their line.

    Examples
    --------
    >>> lex = load_lexicon({"russia": ["Russia", "Kremlin"], "us": [{"pattern": "US", "case_sensitive": True}]})
    >>> lex.categories
    ['russia', 'us']
    >>> len(lex)
    3
    """
    if isinstance(source, Lexicon):
        return source
    if isinstance(source, Mapping):
        return _from_mapping(source, name=name or "lexicon")
    if not isinstance(source, (str, Path)):
        raise LexiconError(
            f"lexicon source must be a path, a packaged name {packaged_lexicons()}, a mapping "
            f"or a Lexicon; got {type(source).__name__}"
        )
    path = _locate(source)
    return _from_file(path, name=name or path.stem)


# ---------------------------------------------------------------- locating

def _locate(source: str | Path) -> Path:
    text = str(source)
    packaged = LEXICON_DIR / f"{text}.yml"
    # A bare name (no separator, no suffix) means a packaged lexicon.
    if isinstance(source, str) and "/" not in text and "\\" not in text and not text.endswith(
        (".yml", ".yaml")
    ):
        if packaged.exists():
            return packaged
        raise LexiconError(
            f"no packaged lexicon named {text!r}; packaged lexicons are {packaged_lexicons()} "
            f"(give a path to a .yml file for your own)"
        )
    path = resolve_path(source)
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found")
    return path


# ---------------------------------------------------------------- parsing

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"}


class _Raw:
    """A value read from YAML or a mapping, with the line it came from (1-based, or None)."""

    __slots__ = ("value", "line")

    def __init__(self, value: Any, line: int | None):
        self.value, self.line = value, line


def _from_file(path: Path, *, name: str) -> Lexicon:
    raw = path.read_bytes()
    where = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark is not None:
            problem += f" ({context} at line {cmark.line + 1})"
        raise LexiconError(f"{where}{line}: invalid YAML: {problem}") from None
    if node is None:
        raise LexiconError(f"{where}: top level must be a mapping of categories; the file is empty")
    tree = _from_node(node, where, yaml.SafeLoader(""))
    return _build(tree, where=where, name=name, sha256=hashlib.sha256(raw).hexdigest())


def _from_node(node: yaml.Node, where: str, loader: yaml.SafeLoader) -> _Raw:
    """Turn a composed YAML node into nested _Raw values, keeping line numbers."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        raise LexiconError(f"{where}, line {line}: invalid YAML: unsupported tag {node.tag!r}")
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, _Raw] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, where, loader)
            if key in out:
                raise LexiconError(
                    f"{where}, line {key_node.start_mark.line + 1}: duplicate key {key!r}"
                )
            out[key] = _from_node(value_node, where, loader)
        return _Raw(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Raw([_from_node(item, where, loader) for item in node.value], line)
    return _Raw(_scalar(node, where, loader), line)


def _scalar(node: yaml.Node, where: str, loader: yaml.SafeLoader) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(
            f"{where}, line {node.start_mark.line + 1}: a mapping key must be a plain value"
        )
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}, line {node.start_mark.line + 1}: invalid YAML: {exc}") from None


def _wrap(value: Any) -> _Raw:
    """Wrap a plain Python mapping/list (no line numbers) like a composed YAML tree."""
    if isinstance(value, Mapping):
        return _Raw({k: _wrap(v) for k, v in value.items()}, None)
    if isinstance(value, (list, tuple)):
        return _Raw([_wrap(v) for v in value], None)
    return _Raw(value, None)


def _from_mapping(mapping: Mapping, *, name: str) -> Lexicon:
    return _build(_wrap(mapping), where=MAPPING_SOURCE, name=name, sha256=None)


def _at(where: str, line: int | None) -> str:
    return f"{where}, line {line}" if line is not None else where


def _plain(raw: _Raw) -> Any:
    if isinstance(raw.value, dict):
        return {k: _plain(v) for k, v in raw.value.items()}
    if isinstance(raw.value, list):
        return [_plain(v) for v in raw.value]
    return raw.value


def _build(tree: _Raw, *, where: str, name: str, sha256: str | None) -> Lexicon:
    if not isinstance(tree.value, dict):
        raise LexiconError(
            f"{_at(where, tree.line)}: top level must be a mapping of categories "
            f"(category: [patterns]); got {type(tree.value).__name__}"
        )
    meta: dict[str, Any] = {}
    flat: list[tuple[str, _Raw, int | None]] = []
    for key, value in tree.value.items():
        if isinstance(key, str) and key.startswith("_"):
            meta[key] = _plain(value)
            continue
        _flatten(key, value, prefix="", where=where, out=flat)
    if not flat:
        raise LexiconError(f"{where}: the lexicon has no categories")
    seen: dict[str, int | None] = {}
    rows: list[tuple[str, str, bool, str, bool]] = []
    for category, value, line in flat:
        if category in seen:
            raise LexiconError(
                f"{_at(where, line)}: category {category!r}: duplicate category after flattening "
                f"nested keys (also defined{' at line ' + str(seen[category]) if seen[category] else ''})"
            )
        seen[category] = line
        rows.extend(_entries(category, value, where))
    _warn_duplicates(rows, where)
    entries = pd.DataFrame(rows, columns=["category", "pattern", "case_sensitive", "note", "exclude"])
    entries["case_sensitive"] = entries["case_sensitive"].astype(bool)
    entries["exclude"] = entries["exclude"].astype(bool)
    return Lexicon(name=name, source=where, categories=list(seen), entries=entries,
                   sha256=sha256, meta=meta)


def _flatten(key: Any, value: _Raw, *, prefix: str, where: str,
             out: list[tuple[str, _Raw, int | None]]) -> None:
    if not isinstance(key, str) or not key.strip():
        raise LexiconError(
            f"{_at(where, value.line)}: category {prefix + str(key)!r}: a category name must be a "
            f"non-empty string (quote it in YAML); got {type(key).__name__} {key!r}"
        )
    category = prefix + key.strip()
    if isinstance(value.value, dict):
        if not value.value:
            raise LexiconError(f"{_at(where, value.line)}: category {category!r}: empty category")
        for child, sub in value.value.items():
            _flatten(child, sub, prefix=category + ".", where=where, out=out)
        return
    out.append((category, value, value.line))


def _entries(category: str, value: _Raw, where: str) -> list[tuple[str, str, bool, str, bool]]:
    items = value.value
    if isinstance(items, str):
        items = [value]
    if items is None or (isinstance(items, list) and not items):
        raise LexiconError(f"{_at(where, value.line)}: category {category!r}: empty category")
    if not isinstance(items, list):
        raise LexiconError(
            f"{_at(where, value.line)}: category {category!r}: expected a list of patterns; "
            f"got {type(items).__name__} {items!r}"
        )
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append(_entry(category, number, item, where))
    return rows


def _entry(category: str, number: int, item: _Raw, where: str) -> tuple[str, str, bool, str, bool]:
    def fail(problem: str, shown: Any, line: int | None = item.line) -> LexiconError:
        if isinstance(shown, list):
            shown = [_plain(x) if isinstance(x, _Raw) else x for x in shown]
        return LexiconError(
            f"{_at(where, line)}: category {category!r}, entry {number} ({shown!r}): {problem}"
        )

    case_sensitive, note, exclude = False, "", False
    if isinstance(item.value, dict):
        options = item.value
        unknown = [k for k in options if k not in ENTRY_KEYS]
        if unknown:
            raise fail(f"unknown option key(s) {unknown}; allowed keys are {list(ENTRY_KEYS)}",
                       _plain(item))
        if "pattern" not in options:
            raise fail("an entry mapping needs a 'pattern' key", _plain(item))
        pattern_raw = options["pattern"]
        pattern = pattern_raw.value
        if "case_sensitive" in options:
            case_sensitive = options["case_sensitive"].value
            if not isinstance(case_sensitive, bool):
                raise fail(f"case_sensitive must be true or false; got {case_sensitive!r}", pattern)
        if "exclude" in options:
            exclude = options["exclude"].value
            if not isinstance(exclude, bool):
                raise fail(f"exclude must be true or false; got {exclude!r}", pattern)
        if "note" in options:
            note = options["note"].value
            if note is None:
                note = ""
            if not isinstance(note, str):
                raise fail(f"note must be text; got {type(note).__name__} {note!r}", pattern)
    else:
        pattern = item.value
    if not isinstance(pattern, str):
        raise fail(f"a pattern must be a string (quote it in YAML); got {type(pattern).__name__}",
                   pattern)
    problem = pattern_problem(pattern)
    if problem:
        raise fail(problem, pattern)
    return category, " ".join(pattern.split()), case_sensitive, note.strip(), exclude


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be compiled, or None if it can (see the module docstring)."""
    words = pattern.split()
    if not words:
        return "empty pattern"
    if not _WORD_CHAR.search(pattern.replace("*", "")):
        return "a pattern needs at least one letter or digit (it is only wildcards/punctuation)"
    if "?" in pattern:
        return "'?' (quanteda's one-character glob) is not supported; use '*'"
    for word in words:
        if not word.strip("*"):
            return f"a word made only of '*' ({word!r}) is not supported; '*' works inside a word"
    if not _WORD_CHAR.search(words[0].replace("*", "")):
        return "the first word of a pattern needs a letter or digit"
    return None


def _warn_duplicates(rows: list[tuple[str, str, bool, str, bool]], where: str) -> None:
    # The same pattern twice makes the tie-break (first entry wins) decide silently: say so.
    seen: dict[tuple[str, bool], str] = {}
    for category, pattern, cs, _, _ in rows:
        key = (pattern if cs else pattern.lower(), cs)
        if key in seen:
            warnings.warn(
                f"{where}: pattern {pattern!r} appears in category {seen[key]!r} and again in "
                f"{category!r}; matches go to the first", stacklevel=4)
        else:
            seen[key] = category
