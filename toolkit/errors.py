"""Exceptions raised by the toolkit and the helpers that word their messages.

Every message names what is wrong and where (file, line, argument), so a
researcher can fix the input without reading the code.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class CorpusError(ToolkitError, ValueError):
    """A corpus file, row, column or encoding that cannot be loaded."""


class LexiconError(ToolkitError, ValueError):
    """A lexicon file or entry that cannot be compiled."""


class ParameterError(ToolkitError, ValueError):
    """A function argument with an invalid value."""


class BatchError(ToolkitError):
    """A batch file that cannot be run."""


class ToolkitWarning(UserWarning):
    """Base class of every warning the toolkit issues: a soft problem the result still carries."""


class CorpusWarning(ToolkitWarning):
    """A soft problem in a corpus (unparsed dates, rejected rows in skip mode, skipped files)."""


def did_you_mean(value: Any, valid: Iterable[Any]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``valid`` to ``value``, or ``""`` when none is close."""
    close = difflib.get_close_matches(str(value), [str(v) for v in valid], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def invalid_value(name: str, value: Any, valid: Iterable[Any]) -> str:
    """Message for an argument whose value is not one of ``valid``."""
    valid = list(valid)
    return (f"`{name}` value = {value!r} is invalid{did_you_mean(value, valid)}; "
            f"must be one of {sorted(map(str, valid))}")


def check_choice(name: str, value: Any, valid: Iterable[Any]) -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``valid``."""
    valid = list(valid)
    if value not in valid:
        raise ParameterError(invalid_value(name, value, valid))


def check_columns(frame, columns: Iterable[str], *, what: str = "articles") -> None:
    """Raise :class:`ParameterError` naming the columns of ``columns`` missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{what} has no column(s) {missing}; it has {list(frame.columns)}"
        )


def check_positive_int(name: str, value: Any, *, minimum: int = 1) -> None:
    """Raise :class:`ParameterError` unless ``value`` is an int >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParameterError(f"`{name}` value = {value!r} is invalid; must be an integer >= {minimum}")
