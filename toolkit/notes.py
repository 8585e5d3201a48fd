"""Warnings collected into a "Notes" section of a report instead of stderr blocks.

A notebook calls :func:`collect_notes` once, at the top; from then on every warning (the toolkit's
:class:`~toolkit.errors.ToolkitWarning`, pandas', matplotlib's) and every log record of level
WARNING or above is recorded instead of printed, once per distinct message with a count. The last
cell shows them: ``toolkit.output.notes()`` renders a "Notes" heading and the list (escaped), or
says that there was nothing to note. As a context manager, a :class:`Notes` collects within the
block only and restores the previous behaviour afterwards.

Examples
--------
>>> import warnings
>>> with Notes() as found:
...     warnings.warn("4,407 articles without a date left out")
...     warnings.warn("4,407 articles without a date left out")
>>> found.items()
[('UserWarning', '4,407 articles without a date left out', 2)]
"""
from __future__ import annotations

import html
import logging
import warnings

__all__ = ["Notes", "collect_notes", "notes"]

_ACTIVE: "Notes | None" = None


class _Handler(logging.Handler):
    def __init__(self, target: "Notes"):
        super().__init__(level=logging.WARNING)
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.target.add(record.getMessage(), f"{record.name} {record.levelname.lower()}")
        except Exception:  # noqa: BLE001 - a note must never break the analysis
            self.handleError(record)


class Notes:
    """Distinct notes in the order first seen, with how often each came up."""

    def __init__(self, title: str = "Notes"):
        self.title = title
        self._items: dict[tuple[str, str], int] = {}
        self._saved = None

    # -- collecting
    def add(self, message: object, kind: str = "note") -> None:
        """Record ``message`` (``kind``: the warning class or log source)."""
        key = (str(kind), " ".join(str(message).split()))
        self._items[key] = self._items.get(key, 0) + 1

    def showwarning(self, message, category, filename, lineno, file=None, line=None) -> None:
        """Replacement for :func:`warnings.showwarning`: record instead of printing."""
        self.add(message, getattr(category, "__name__", str(category)))

    def start(self) -> "Notes":
        """Record warnings and WARNING log records from now on."""
        if self._saved is None:
            handler = _Handler(self)
            logging.getLogger().addHandler(handler)
            self._saved = (warnings.showwarning, handler)
            warnings.showwarning = self.showwarning
        return self

    def stop(self) -> None:
        """Print warnings again as before :meth:`start`."""
        if self._saved is not None:
            showwarning, handler = self._saved
            warnings.showwarning = showwarning
            logging.getLogger().removeHandler(handler)
            self._saved = None

    def __enter__(self) -> "Notes":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- reading
    def items(self) -> list[tuple[str, str, int]]:
        """``(kind, message, count)`` in the order first seen."""
        return [(kind, message, count) for (kind, message), count in self._items.items()]

    def __len__(self) -> int:
        return len(self._items)

    def text(self) -> str:
        """The notes as plain text lines."""
        return "\n".join(f"- {message} ({kind}{f', {count} times' if count > 1 else ''})"
                         for kind, message, count in self.items())

    def _repr_html_(self) -> str:
        head = f"<h2>{html.escape(self.title)}</h2>"
        if not self._items:
            return head + "<p>Nothing to note: no warning was raised.</p>"
        lines = "".join(
            f"<li>{html.escape(message)} <small>({html.escape(kind)}"
            f"{f', {count} times' if count > 1 else ''})</small></li>" for kind, message, count in self.items())
        return f"{head}<ul>{lines}</ul>"

    def __repr__(self) -> str:
        return f"{self.title}:\n{self.text()}" if self._items else f"{self.title}: none"


def collect_notes() -> Notes:
    """Start collecting warnings into the notebook's :class:`Notes` (the same one on every call).

    Use once at the top of a notebook (``toolkit.output.collect_notes()``) and show
    :func:`notes` in the last cell. For one block only: ``with Notes() as found: ...``.
    """
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = Notes()
    return _ACTIVE.start()


def notes() -> Notes:
    """The notes collected so far (an empty :class:`Notes` when collection never started)."""
    return _ACTIVE if _ACTIVE is not None else Notes()
