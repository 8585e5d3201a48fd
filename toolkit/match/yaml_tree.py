"""Read YAML keeping the line of every value, so that lexicon errors can name the line.

:func:`read_yaml` composes a YAML document (safe tags only) into nested :class:`Raw` values;
:func:`wrap` gives a Python mapping the same shape (without lines). Used by
:mod:`toolkit.match.lexicon`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from toolkit.errors import LexiconError

__all__ = ["Raw", "read_yaml", "wrap", "plain", "at"]

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"}


class Raw:
    """A value read from YAML or a mapping, with the line it came from (1-based, or None)."""

    __slots__ = ("value", "line")

    def __init__(self, value: Any, line: int | None):
        self.value, self.line = value, line


def _from_node(node: yaml.Node, where: str, loader: yaml.SafeLoader) -> Raw:
    """Turn a composed YAML node into nested Raw values, keeping line numbers."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        raise LexiconError(f"{where}, line {line}: invalid YAML: unsupported tag {node.tag!r}")
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Raw] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, where, loader)
            if key in out:
                raise LexiconError(
                    f"{where}, line {key_node.start_mark.line + 1}: duplicate key {key!r}"
                )
            out[key] = _from_node(value_node, where, loader)
        return Raw(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Raw([_from_node(item, where, loader) for item in node.value], line)
    return Raw(_scalar(node, where, loader), line)


def _scalar(node: yaml.Node, where: str, loader: yaml.SafeLoader) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(
            f"{where}, line {node.start_mark.line + 1}: a mapping key must be a plain value"
        )
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}, line {node.start_mark.line + 1}: invalid YAML: {exc}") from None


def wrap(value: Any) -> Raw:
    """Wrap a plain Python mapping/list (no line numbers) like a composed YAML tree."""
    if isinstance(value, Mapping):
        return Raw({k: wrap(v) for k, v in value.items()}, None)
    if isinstance(value, (list, tuple)):
        return Raw([wrap(v) for v in value], None)
    return Raw(value, None)


def at(where: str, line: int | None) -> str:
    """``"<where>, line <line>"``, or ``where`` alone without a line."""
    return f"{where}, line {line}" if line is not None else where


def plain(raw: Raw) -> Any:
    """The plain Python value (dicts, lists, scalars) of a :class:`Raw` tree."""
    if isinstance(raw.value, dict):
        return {k: plain(v) for k, v in raw.value.items()}
    if isinstance(raw.value, list):
        return [plain(v) for v in raw.value]
    return raw.value


def read_yaml(raw: bytes, where: str) -> Raw | None:
    """Compose the YAML bytes ``raw`` (from ``where``) into a :class:`Raw` tree; None if empty.

    Raises
    ------
    LexiconError
        Not UTF-8, invalid YAML (with its line), an unsupported tag, a duplicate key.
    """
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
        return None
    return _from_node(node, where, yaml.SafeLoader(""))
