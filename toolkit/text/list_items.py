"""Inline list items as sentence units: "1. The first item 2. The second item"."""
from __future__ import annotations

import re

__all__ = ["split_list_items"]

# Inline list labels: "1. The first item 2. The second item", "a) ...", "• 9. ...". Letters are
# lowercase only: "A. Smith met B. Jones" holds initials, not labels.
_LABEL = re.compile(r"([•⁃‣◦▪]\s*)?(\d{1,2}|[a-z])(\.\)|\.|\))(?=\s)")
_LABEL_FIRST = frozenset("0123456789abcdefghijklmnopqrstuvwxyz•⁃‣◦▪")


def _next_label(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)


def split_list_items(text: str, spans: list[tuple[int, int]],
                     paragraph_break: re.Pattern) -> list[tuple[int, int]]:
    """Split sentences at inline list labels: "1. The first item 2. The second item".

    A sentence that starts with a list label (``1.``, ``1.)``, ``1)``, ``a.``, ``• 9.``) ends before
    the next label in sequence (``2.``; ``b.``; ``• 10.``) written the same way later in the same
    paragraph; a label whose own period was taken for a sentence end is joined to what follows it.
    Only sentences that start with a label are looked at, so news prose ("won 52 to 48. The bill")
    is not touched.
    """
    out: list[tuple[int, int]] = []
    spans = list(spans)
    i = 0
    while i < len(spans):
        s, e = spans[i]
        m = _LABEL.match(text, s) if text[s] in _LABEL_FIRST else None
        if m is None:
            out.append((s, e))
            i += 1
            continue
        # a label alone ("• 9.") was cut off by its own period: join the rest of its item
        while m.end() >= e and i + 1 < len(spans) and _same_paragraph(text, e, spans[i + 1][0], paragraph_break):
            i += 1
            e = spans[i][1]
        bullet = r"[•⁃‣◦▪]\s*" if m.group(1) else ""
        nxt = re.compile(r"(?<=\s)" + bullet + re.escape(_next_label(m.group(2))) + re.escape(m.group(3))
                         + r"(?=\s|\Z)")
        found = nxt.search(text, m.end(), e)
        if found is None:
            out.append((s, e))
            i += 1
            continue
        left = found.start()
        while left > s and text[left - 1].isspace():
            left -= 1
        out.append((s, left))
        if found.end() >= e and i + 1 < len(spans) and _same_paragraph(text, e, spans[i + 1][0], paragraph_break):
            i += 1
            e = spans[i][1]
        spans[i] = (found.start(), e)           # the next item: looked at again for its successor
    return out


def _same_paragraph(text: str, a: int, b: int, paragraph_break: re.Pattern) -> bool:
    """True if no paragraph break lies between ``a`` and ``b`` and no label starts at ``b``."""
    return paragraph_break.search(text, a, b) is None and _LABEL.match(text, b) is None
