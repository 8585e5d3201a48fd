"""Generic boilerplate patterns: the packaged ``toolkit/data/boilerplate.yml`` or a file of your own.

A pattern is a regular expression searched in each paragraph (case-insensitive, in the syntax that
Python's ``re`` and RE2 share); ``scope: paragraph`` removes the whole paragraph, ``scope: match``
only the matched text; ``max_words`` limits a pattern to short paragraphs. A ``scope: match``
pattern may add ``span``: a Python regex (back-references allowed, which RE2 lacks) searched in
the paragraphs ``regex`` found, whose matches (or their group ``cut``) are what goes. The packaged file
documents each pattern with examples it must remove and paragraphs it must leave alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from toolkit.errors import LexiconError
from toolkit.paths import PACKAGE_DIR

__all__ = ["BoilerplatePattern", "load_boilerplate_patterns", "PATTERNS_FILE"]

PATTERNS_FILE = PACKAGE_DIR / "data" / "boilerplate.yml"
_SCOPES = ("paragraph", "match")


@dataclass(frozen=True)
class BoilerplatePattern:
    """One generic boilerplate pattern (see ``toolkit/data/boilerplate.yml`` for the fields)."""

    name: str
    regex: str
    scope: str = "paragraph"
    max_words: int | None = None
    what: str = ""
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = field(default=())
    span: str = ""

    def compiled(self) -> re.Pattern:
        """The regex whose matches are removed (``span`` when given, else ``regex``)."""
        return re.compile(self.span or self.regex, re.IGNORECASE)

    @staticmethod
    def cut(m: re.Match) -> tuple[int, int]:
        """The part of a match that goes: its group ``cut`` when the regex has one."""
        return m.span("cut") if "cut" in m.re.groupindex else m.span()

    def detects(self, paragraph: str) -> bool:
        """Whether ``regex`` (the RE2-compatible detection regex) is found in ``paragraph``."""
        if self.max_words is not None and len(paragraph.split()) > self.max_words:
            return False
        return re.search(self.regex, paragraph.strip(), re.IGNORECASE) is not None

    def matches(self, paragraph: str) -> bool:
        """Whether this pattern removes (part of) ``paragraph`` (Python's ``re``; for examples and tests)."""
        return self.detects(paragraph) and (not self.span or self.compiled().search(paragraph.strip()) is not None)


def load_boilerplate_patterns(path: str | Path | None = None) -> list[BoilerplatePattern]:
    """Read a boilerplate pattern file (default: the packaged ``toolkit/data/boilerplate.yml``).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with a ``patterns`` list; each entry has ``name``, ``regex`` and optionally
        ``scope`` (``paragraph`` or ``match``), ``max_words``, ``what``, ``examples``, ``not``.

    Returns
    -------
    list of BoilerplatePattern
        In file order (the first pattern that matches a paragraph names it).

    Raises
    ------
    LexiconError
        An unreadable file, a missing field, a duplicate name, an unknown scope, or a regex that
        Python's ``re`` or RE2 (pyarrow) cannot compile.

    Examples
    --------
    >>> pats = load_boilerplate_patterns()
    >>> [p.name for p in pats][:3]
    ['copyright', 'newsletter', 'click-here']
    >>> pats[0].matches("Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.")
    True
    """
    return list(_load(str(Path(path).resolve()) if path is not None else str(PATTERNS_FILE)))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[BoilerplatePattern, ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise LexiconError(f"{path}: cannot read boilerplate patterns ({err})") from None
    entries = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: a boilerplate pattern file needs a `patterns:` list")
    out, seen = [], set()
    for k, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or not e.get("name") or not e.get("regex"):
            raise LexiconError(f"{path}: pattern {k} needs a `name` and a `regex`")
        name = str(e["name"])
        if name in seen:
            raise LexiconError(f"{path}: pattern name {name!r} appears twice")
        seen.add(name)
        scope = e.get("scope", "paragraph")
        if scope not in _SCOPES:
            raise LexiconError(f"{path}: pattern {name!r}: `scope` value = {scope!r} is invalid; must be one of {list(_SCOPES)}")
        max_words = e.get("max_words")
        if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1):
            raise LexiconError(f"{path}: pattern {name!r}: `max_words` must be a positive integer")
        regex = str(e["regex"])
        try:
            re.compile(regex, re.IGNORECASE)
            pc.match_substring_regex(pa.array([""]), regex, ignore_case=True)
        except (re.error, pa.ArrowInvalid) as err:
            raise LexiconError(f"{path}: pattern {name!r}: invalid regex ({err})") from None
        span = str(e.get("span") or "")
        if span and scope != "match":
            raise LexiconError(f"{path}: pattern {name!r}: `span` needs `scope: match`")
        try:
            re.compile(span, re.IGNORECASE)
        except re.error as err:
            raise LexiconError(f"{path}: pattern {name!r}: invalid span regex ({err})") from None
        out.append(BoilerplatePattern(name, regex, scope, max_words, str(e.get("what", "")),
                                      tuple(map(str, e.get("examples") or ())), tuple(map(str, e.get("not") or ())),
                                      span))
    return tuple(out)


# --------------------------------------------------------------------------- paragraphs
