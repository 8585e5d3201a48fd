"""What to look for: one reading of a pattern argument for every verb.

``hits``, ``frequencies``, ``cooccurrence``, ``kwic``, ``collocates`` (the node), ``dispersion``,
``hedging`` and ``sentiment`` take the same kinds of argument, and :func:`resolve` turns each into
one :class:`~toolkit.match.lexicon.Lexicon`, matched by the one matcher
(:mod:`toolkit.match.matcher`); so the same argument finds the same matches in every verb.

=====================================  ==========================================================
argument                               means
=====================================  ==========================================================
``"escalat*"``, ``"U.S."``,            one pattern (a word, a ``*`` wildcard inside a word, a
``"boots on the ground"``              phrase, a dotted abbreviation; rules in
                                       :mod:`toolkit.match.lexicon`), case-insensitive, as a
                                       lexicon of one category named by the pattern
``"frames:escalation"``                one category of a lexicon: ``NAME:CATEGORY`` where NAME is a
                                       packaged lexicon or a ``.yml``/``.yaml`` path (its stop
                                       phrases are kept)
``"actors"``, ``"my/lexicon.yml"``     a whole lexicon: a packaged name or a YAML path (so the
                                       word "actors" itself needs a list: ``["actors"]``)
``Path("my.yml")``, a ``Lexicon``,     a whole lexicon
a mapping ``{category: [patterns]}``
``(lexicon, "category")``              one category of a Lexicon, mapping, path or packaged
                                       lexicon (a 2-tuple; a list is always a list of patterns)
``["war", "frames:escalation"]``       one category per item, named by the item
=====================================  ==========================================================

A string ``NAME:CATEGORY`` whose NAME starts with a letter but is no lexicon is an error (with a
"did you mean"), not a pattern, so a misspelt lexicon never silently matches nothing; other
strings with a colon (``"10:30"``) are patterns.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.errors import LexiconError, ParameterError, did_you_mean
from toolkit.match.lexicon import Lexicon, load_lexicon, packaged_lexicons, pattern_problem

__all__ = ["resolve", "label", "subset", "is_lexicon_reference"]

_REFERENCE = re.compile(r"(?P<name>[^\s:]+):(?P<category>[^\s:][^\s]*)")
_YAML = (".yml", ".yaml")


def is_lexicon_reference(text: str) -> bool:
    """True when ``text`` names a whole lexicon: a packaged name or a ``.yml``/``.yaml`` path."""
    return text in packaged_lexicons() or text.lower().endswith(_YAML)


def _is_pair(what: Any) -> bool:
    """``(lexicon, "category")``: a 2-tuple whose first item is a Lexicon, mapping, Path or a string
    naming a whole lexicon (packaged name or YAML path)."""
    return (isinstance(what, tuple) and len(what) == 2 and isinstance(what[1], str)
            and (isinstance(what[0], (Lexicon, Mapping, Path))
                 or (isinstance(what[0], str) and is_lexicon_reference(what[0]))))


def subset(lexicon: Any, categories: str | list[str]) -> Lexicon:
    """The lexicon restricted to ``categories`` (stop phrases kept; see :meth:`Lexicon.subset`).

    Raises
    ------
    ParameterError
        Naming a category the lexicon does not have (the category is an argument, not a fault of
        the lexicon file).
    """
    try:
        return load_lexicon(lexicon).subset(categories)
    except LexiconError as err:
        raise ParameterError(str(err)) from None


def _reference(text: str, argument: str) -> Lexicon | None:
    """The lexicon category ``NAME:CATEGORY`` names, None when ``text`` is a pattern."""
    m = _REFERENCE.fullmatch(text)
    if m is None:
        return None
    name, category = m.group("name"), m.group("category")
    if is_lexicon_reference(name):
        return subset(name, category)
    if name[:1].isalpha() and not any(c in name for c in "./\\"):
        raise ParameterError(
            f"`{argument}` value = {text!r} is invalid: {name!r} is no lexicon"
            f"{did_you_mean(name, packaged_lexicons())}; write NAME:CATEGORY with a packaged lexicon "
            f"{packaged_lexicons()} or a .yml path")
    return None


def _pattern(text: str, argument: str) -> Lexicon:
    problem = pattern_problem(text)
    if problem:
        raise ParameterError(f"`{argument}` pattern {text!r} is invalid: {problem}")
    return load_lexicon({text: [text]}, name="pattern")


def _one(what: Any, argument: str) -> Lexicon:
    if isinstance(what, Lexicon):
        return what
    if isinstance(what, Mapping):
        return load_lexicon(what)
    if isinstance(what, Path):
        return load_lexicon(what)
    if _is_pair(what):
        return subset(what[0], what[1])
    if isinstance(what, str):
        text = " ".join(what.split())
        if not text:
            raise ParameterError(f"`{argument}` is an empty pattern")
        found = _reference(text, argument)
        if found is not None:
            return found
        if is_lexicon_reference(text):
            return load_lexicon(text)
        return _pattern(text, argument)
    raise ParameterError(
        f"`{argument}` value = {what!r} is invalid; must be a pattern, 'lexicon:category', a lexicon "
        "name or path, a Lexicon, a mapping {category: [patterns]}, (lexicon, category) or a list of these")


def resolve(what: Any, *, argument: str = "pattern") -> Lexicon:
    """The lexicon an argument stands for (see the module docstring for the forms).

    Parameters
    ----------
    what : str, Path, Lexicon, mapping, (lexicon, category) or list of these
    argument : str
        The argument's name, used in error messages.

    Returns
    -------
    Lexicon

    Raises
    ------
    ParameterError
        An invalid pattern, an unknown lexicon in ``NAME:CATEGORY``, an unknown category, an empty
        list or a value of another type.
    LexiconError
        A lexicon file or mapping that cannot be loaded.

    Examples
    --------
    >>> resolve("escalat*").categories
    ['escalat*']
    >>> resolve("frames:escalation").categories
    ['escalation']
    >>> resolve(["war", "U.S."]).entries[["category", "pattern"]].values.tolist()
    [['war', 'war'], ['U.S.', 'U.S.']]
    """
    if isinstance(what, (list, tuple)) and not _is_pair(what):
        if not what:
            raise ParameterError(f"`{argument}` is an empty list")
        labels = [label(item) for item in what]
        if len(set(labels)) < len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise ParameterError(f"`{argument}` lists {dup!r} twice")
        parts = []
        for item, name in zip(what, labels):
            if isinstance(item, (list, tuple)) and not isinstance(item, tuple):
                raise ParameterError(f"`{argument}` items must not be lists; got {item!r}")
            parts.append(_one(item, argument).entries.assign(category=name))
        entries = pd.concat(parts, ignore_index=True)
        return Lexicon(name="patterns", source="<patterns>", categories=labels, entries=entries)
    return _one(what, argument)


def label(what: Any) -> str:
    """A short name for an argument, for table columns and ``attrs["parameters"]``."""
    if isinstance(what, Lexicon):
        return what.name
    if isinstance(what, str):
        return " ".join(what.split())
    if isinstance(what, Path):
        return str(what)
    if _is_pair(what):
        base = what[0].name if isinstance(what[0], Lexicon) else (
            "mapping" if isinstance(what[0], Mapping) else str(what[0]))
        return f"{base}:{what[1]}"
    if isinstance(what, Mapping):
        return "mapping"
    if isinstance(what, (list, tuple)):
        return "|".join(label(x) for x in what)
    return repr(what)
