"""Load lexicons: named categories of word and phrase patterns kept as YAML.

A lexicon maps each category (an actor such as ``russia``, a frame such as
``escalation``) to a list of patterns. :func:`load_lexicon` reads it from a
YAML file, a packaged name (``"actors"``, ``"frames"``), or a plain mapping,
checks every entry, and returns a :class:`Lexicon` whose compiled matcher is
cached. Matching itself lives in :mod:`toolkit.match.matcher`.

The file format, the pattern rules (whole tokens, ``*`` inside a word, possessives, quotes,
phrases, case, leftmost-longest overlaps), stop phrases (``exclude: true``) and context rules
(``before``, ``not_before``, ``after``, ``not_after``, ``with``, ``without``; see
:mod:`toolkit.match.context`) are documented with examples in ``toolkit/lexicons/README.md``.
In short: ``russia: [Russia, {pattern: Moscow, not_after: [in, to], note: metonymy}]``; keys
starting with ``_`` are documentation; nested mappings flatten to ``eu.institutions``.
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

from toolkit.errors import LexiconError
from toolkit.match.context import CONTEXT_KEYS, context_item_problem
from toolkit.match.yaml_tree import Raw, at, plain, read_yaml, wrap
from toolkit.paths import PACKAGE_DIR, resolve_path

__all__ = ["Lexicon", "load_lexicon", "packaged_lexicons", "ENTRY_KEYS"]

LEXICON_DIR = PACKAGE_DIR / "lexicons"
ENTRY_KEYS = ("pattern", "case_sensitive", "note", "exclude") + CONTEXT_KEYS
COLUMNS = ["category", "pattern", "case_sensitive", "note", "exclude", *CONTEXT_KEYS]
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
        ``note`` (str, may be empty), ``exclude`` (bool, stop phrase) and the
        context rules ``before``, ``not_before``, ``after``, ``not_after``,
        ``with``, ``without`` (tuple of str each, empty when unused). The row
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
        """The lexicon as ``{category: [{pattern, case_sensitive, note, exclude, ...}, ...]}``.

        Context rules appear where an entry has them. ``load_lexicon(lex.to_mapping())`` gives
        the same entries (stop phrases and context rules included).
        """
        out: dict[str, list[dict]] = {c: [] for c in self.categories}
        for row in self.entries.to_dict("records"):
            entry = {"pattern": row["pattern"], "case_sensitive": bool(row["case_sensitive"]),
                     "note": row["note"], "exclude": bool(row["exclude"])}
            entry.update({k: list(row[k]) for k in CONTEXT_KEYS if row[k]})
            out[row["category"]].append(entry)
        return out

    def context_rules(self, pattern_index: int) -> dict[str, tuple[str, ...]]:
        """The non-empty context rules of the entry at row ``pattern_index``."""
        row = self.entries.iloc[pattern_index]
        return {k: row[k] for k in CONTEXT_KEYS if row[k]}

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

def _from_file(path: Path, *, name: str) -> Lexicon:
    raw = path.read_bytes()
    where = str(path)
    tree = read_yaml(raw, where)
    if tree is None:
        raise LexiconError(f"{where}: top level must be a mapping of categories; the file is empty")
    return _build(tree, where=where, name=name, sha256=hashlib.sha256(raw).hexdigest())


def _from_mapping(mapping: Mapping, *, name: str) -> Lexicon:
    return _build(wrap(mapping), where=MAPPING_SOURCE, name=name, sha256=None)


def _build(tree: Raw, *, where: str, name: str, sha256: str | None) -> Lexicon:
    if not isinstance(tree.value, dict):
        raise LexiconError(
            f"{at(where, tree.line)}: top level must be a mapping of categories "
            f"(category: [patterns]); got {type(tree.value).__name__}"
        )
    meta: dict[str, Any] = {}
    flat: list[tuple[str, Raw, int | None]] = []
    for key, value in tree.value.items():
        if isinstance(key, str) and key.startswith("_"):
            meta[key] = plain(value)
            continue
        _flatten(key, value, prefix="", where=where, out=flat)
    if not flat:
        raise LexiconError(f"{where}: the lexicon has no categories")
    seen: dict[str, int | None] = {}
    rows: list[dict] = []
    for category, value, line in flat:
        if category in seen:
            raise LexiconError(
                f"{at(where, line)}: category {category!r}: duplicate category after flattening "
                f"nested keys (also defined{' at line ' + str(seen[category]) if seen[category] else ''})"
            )
        seen[category] = line
        rows.extend(_entries(category, value, where))
    _warn_duplicates(rows, where)
    entries = pd.DataFrame(rows, columns=COLUMNS)
    entries["case_sensitive"] = entries["case_sensitive"].astype(bool)
    entries["exclude"] = entries["exclude"].astype(bool)
    return Lexicon(name=name, source=where, categories=list(seen), entries=entries,
                   sha256=sha256, meta=meta)


def _flatten(key: Any, value: Raw, *, prefix: str, where: str,
             out: list[tuple[str, Raw, int | None]]) -> None:
    if not isinstance(key, str) or not key.strip():
        raise LexiconError(
            f"{at(where, value.line)}: category {prefix + str(key)!r}: a category name must be a "
            f"non-empty string (quote it in YAML); got {type(key).__name__} {key!r}"
        )
    category = prefix + key.strip()
    if isinstance(value.value, dict):
        if not value.value:
            raise LexiconError(f"{at(where, value.line)}: category {category!r}: empty category")
        for child, sub in value.value.items():
            _flatten(child, sub, prefix=category + ".", where=where, out=out)
        return
    out.append((category, value, value.line))


def _entries(category: str, value: Raw, where: str) -> list[dict]:
    items = value.value
    if isinstance(items, str):
        items = [value]
    if items is None or (isinstance(items, list) and not items):
        raise LexiconError(f"{at(where, value.line)}: category {category!r}: empty category")
    if not isinstance(items, list):
        raise LexiconError(
            f"{at(where, value.line)}: category {category!r}: expected a list of patterns; "
            f"got {type(items).__name__} {items!r}"
        )
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append(_entry(category, number, item, where))
    return rows


def _entry(category: str, number: int, item: Raw, where: str) -> dict:
    def fail(problem: str, shown: Any, line: int | None = item.line) -> LexiconError:
        if isinstance(shown, list):
            shown = [plain(x) if isinstance(x, Raw) else x for x in shown]
        return LexiconError(
            f"{at(where, line)}: category {category!r}, entry {number} ({shown!r}): {problem}"
        )

    case_sensitive, note, exclude = False, "", False
    context: dict[str, tuple[str, ...]] = {k: () for k in CONTEXT_KEYS}
    if isinstance(item.value, dict):
        options = item.value
        unknown = [k for k in options if k not in ENTRY_KEYS]
        if unknown:
            raise fail(f"unknown option key(s) {unknown}; allowed keys are {list(ENTRY_KEYS)}",
                       plain(item))
        if "pattern" not in options:
            raise fail("an entry mapping needs a 'pattern' key", plain(item))
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
        for key in CONTEXT_KEYS:
            if key in options:
                context[key] = _context_items(key, options[key], pattern, fail)
    else:
        pattern = item.value
    if not isinstance(pattern, str):
        raise fail(f"a pattern must be a string (quote it in YAML); got {type(pattern).__name__}",
                   pattern)
    problem = pattern_problem(pattern)
    if problem:
        raise fail(problem, pattern)
    return {"category": category, "pattern": " ".join(pattern.split()),
            "case_sensitive": case_sensitive, "note": note.strip(), "exclude": exclude, **context}


def _context_items(key: str, raw: Raw, pattern: Any, fail) -> tuple[str, ...]:
    """The items of one context rule (a string or a list of strings), checked.

    A list may hold lists (YAML aliases of shared word lists): they are spliced in.
    """
    value = raw.value
    items = [raw] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise fail(f"{key} must be a word or a non-empty list of words; got {plain(raw)!r}",
                   pattern)
    out: list[str] = []
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        word = item.value if isinstance(item, Raw) else item
        if isinstance(word, list):
            stack.extend(reversed(word))
            continue
        if not isinstance(word, str):
            raise fail(f"{key}: an item must be a string (quote it in YAML); got "
                       f"{type(word).__name__} {word!r}", pattern)
        problem = context_item_problem(key, word)
        if problem:
            raise fail(f"{key} item {word!r}: {problem}", pattern)
        word = " ".join(word.split())
        if word not in out:
            out.append(word)
    return tuple(out)


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


def _warn_duplicates(rows: list[dict], where: str) -> None:
    # The same pattern twice makes the tie-break (first entry wins) decide silently: say so.
    # (Not when context rules tell the entries apart: "Washington" before "said" and after "in".)
    seen: dict[tuple[str, bool], str] = {}
    for row in rows:
        if any(row[k] for k in CONTEXT_KEYS):
            continue
        category, pattern, cs = row["category"], row["pattern"], row["case_sensitive"]
        key = (pattern if cs else pattern.lower(), cs)
        if key in seen:
            warnings.warn(
                f"{where}: pattern {pattern!r} appears in category {seen[key]!r} and again in "
                f"{category!r}; matches go to the first", stacklevel=4)
        else:
            seen[key] = category
