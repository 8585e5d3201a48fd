"""The characters and token boundaries behind every pattern: one definition for the matcher and
for the context rules of lexicon entries.

A pattern matches whole tokens (``toolkit/lexicons/README.md`` gives the rules with examples).
This module holds the pieces: the quote and joiner characters that count as one, case folding
that keeps offsets, the left/right token-boundary tests, and the translation of a pattern into a
regular expression (``*`` = word characters, a space = any whitespace run, any apostrophe or
double quote for one).
"""
from __future__ import annotations

import re

__all__ = ["APOSTROPHES", "DOUBLE_QUOTES", "QUOTES", "HYPHENS", "JOINERS", "RIGHT", "LEFT",
           "fold_case", "pattern_regex", "left_ok", "right_ok", "is_word", "SAFE"]

# Characters that are one character for matching (pattern and text alike).
APOSTROPHES = "'\u2019\u2018\u02bc"           # ' ’ ‘ ʼ
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f'   # " “ ” „ ‟
QUOTES = APOSTROPHES + DOUBLE_QUOTES
HYPHENS = "-\u2010\u2011"                     # - ‐ ‑ (hyphen, non-breaking hyphen)
# A joiner between two word characters makes one token: "de-escalation", "U.S.", "Russia's".
JOINERS = HYPHENS + "." + APOSTROPHES

APOS_CLASS = "[" + re.escape(APOSTROPHES) + "]"
DQ_CLASS = "[" + re.escape(DOUBLE_QUOTES) + "]"
JOIN_CLASS = "[" + re.escape(JOINERS) + "]"
# Right token boundary, as a lookahead at the end of a match: the end of the text; or a
# possessive ('s / ’s) that ends a token; or no word character next, no joiner followed by a
# word character, and no comma inside a number ("1,000").
RIGHT = (r"(?=\Z|" + APOS_CLASS + r"[sS](?!\w)|(?!\w)(?!" + JOIN_CLASS + r"\w)(?!(?<=\d),\d))")
# Left token boundary, as lookbehinds at the start of a match (no word character, and no joiner
# glued to a word character, before it).
LEFT = r"(?<!\w)(?<!\w" + JOIN_CLASS + ")"

_FINAL_SIGMA = "\u03a3"


def _fold_chars(text: str) -> str:
    # One character in, one character out: "İ".lower() is "i̇" (two characters), keep "i".
    return "".join([c.lower()[:1] or c for c in text])


def fold_case(text: str) -> str:
    """Lower-case ``text`` character by character, keeping its length (and so every offset).

    Equal to ``str.lower()`` except where that changes the length ("İ" gives "i") or depends on
    context (Greek final sigma), where each character is lowered on its own.

    Examples
    --------
    >>> fold_case("İstanbul NATO")
    'istanbul nato'
    """
    low = text.lower()
    if len(low) != len(text) or _FINAL_SIGMA in text:
        return _fold_chars(text)
    return low


def is_word(c: str) -> bool:
    """True for a word character (letter, digit, underscore)."""
    return c.isalnum() or c == "_"


def left_ok(t: str, s: int) -> bool:
    """True if a match may start at ``s`` (no word character, joiner or digit comma glued before)."""
    if s == 0:
        return True
    c = t[s - 1]
    if c.isalnum() or c == "_":
        return False
    if c in JOINERS:
        return s < 2 or not is_word(t[s - 2])
    if c == ",":
        return not (s >= 2 and t[s - 2].isdecimal() and t[s].isdecimal())
    return True


def right_ok(t: str, e: int) -> bool:
    """True if a match may end at ``e`` (mirror of :func:`left_ok`, possessives allowed)."""
    n = len(t)
    if e >= n:
        return True
    c = t[e]
    if c.isalnum() or c == "_":
        return False
    if c in JOINERS:
        if e + 1 >= n:
            return True
        d = t[e + 1]
        if not (d.isalnum() or d == "_"):
            return True
        # A possessive 's ends the token: "Russia's" is a hit for Russia.
        return c in APOSTROPHES and d in "sS" and (e + 2 >= n or not is_word(t[e + 2]))
    if c == ",":
        return not (e + 1 < n and t[e + 1].isdecimal() and t[e - 1].isdecimal())
    return True


# Characters that can never be glued to a token: a boundary test on them is trivially true.
# (Word characters, joiners and the comma need the full tests above.)
SAFE = frozenset(" \t\n\r\x0b\x0c\xa0\u2009\u202f\u3000" + DOUBLE_QUOTES
                 + "()[]{}<>!?;:/\\|*&%$#@^~+=\u2013\u2014\u2026\u00ab\u00bb")


def pattern_regex(pattern: str) -> str:
    """Regular expression (without boundaries) for a whitespace-normalised pattern.

    Examples
    --------
    >>> pattern_regex("escalat*")
    'escalat\\\\w*'
    """
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(r"\w*")
        elif ch == " ":
            out.append(r"\s+")
        elif ch in APOSTROPHES:
            out.append(APOS_CLASS)
        elif ch in DOUBLE_QUOTES:
            out.append(DQ_CLASS)
        else:
            out.append(re.escape(ch))
    return "".join(out)
