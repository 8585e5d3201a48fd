"""The characters and token boundaries behind every pattern: one definition for the matcher and
for the context rules of lexicon entries.

A pattern matches whole tokens (``toolkit/lexicons/README.md`` gives the rules with examples).
This module holds the pieces: the quote and joiner characters that count as one, case folding
that keeps offsets (the text layer's ``fold``, imported), the left/right token-boundary tests, and the translation of a pattern into a
regular expression (``*`` = word characters, a space = any whitespace run, any apostrophe or
double quote for one).
"""
from __future__ import annotations

import re

from toolkit.text.tokens import fold

__all__ = ["APOSTROPHES", "DOUBLE_QUOTES", "QUOTES", "HYPHENS", "JOINERS", "HYPHEN_APOS_CLASS", "RIGHT", "LEFT",
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
# Hyphens and apostrophes join any word characters; a dot joins only one word character that
# ends a word ("U.S", "a.m"), as in the tokeniser (toolkit.text.tokens): "CNN.com" is the tokens
# "cnn" and "com", so the pattern "CNN" matches there, and "end.The" holds "The".
HYPHEN_APOS_CLASS = "[" + re.escape(HYPHENS + APOSTROPHES) + "]"
# Right token boundary, as a lookahead at the end of a match: the end of the text; or a
# possessive ('s / ’s) that ends a token (not "Russia's-backed", one token for the tokeniser); or no word character next, no hyphen or apostrophe
# followed by a word character, no dot followed by a one-character word, and no comma inside a
# number ("1,000").
RIGHT = (r"(?=\Z|" + APOS_CLASS + r"[sS](?!\w)(?!" + HYPHEN_APOS_CLASS + r"\w)(?!\.\w(?!\w))|(?!\w)(?!" + HYPHEN_APOS_CLASS + r"\w)(?!\.\w(?!\w))(?!(?<=\d),\d))")
# Left token boundary, as lookarounds at the start of a match: no word character before it, no
# hyphen or apostrophe glued to a word character before it, and not a one-character word after
# a dot glued to a word ("U.S": no match at "S").
LEFT = r"(?<!\w)(?<!\w" + HYPHEN_APOS_CLASS + r")(?!(?<=\w\.)\w(?!\w))"

#: Case folding that keeps every offset: the text layer's (:func:`toolkit.text.tokens.fold`), so
#: tokens and matches always see the same letters ("İ" folds to "i" in both).
fold_case = fold


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
        if s < 2 or not is_word(t[s - 2]):
            return True
        # a dot joins only a one-character word: "U.S" has no token "S", "CNN.com" has "com"
        return c == "." and s + 1 < len(t) and is_word(t[s + 1])
    if c == ",":
        return not (s >= 2 and t[s - 2].isdecimal() and t[s].isdecimal())
    return True


def _continues(t: str, i: int) -> bool:
    """True if a token that reached ``i`` goes on there: a hyphen or apostrophe before a word
    character, or a dot before a one-character word (the tokeniser's joins)."""
    n = len(t)
    if i + 1 >= n or not is_word(t[i + 1]):
        return False
    c = t[i]
    if c in HYPHENS or c in APOSTROPHES:
        return True
    return c == "." and (i + 2 >= n or not is_word(t[i + 2]))


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
        # A dot joins only a one-character word ("U.S"): before "com" in "CNN.com" a token ends.
        if c == ".":
            return e + 2 < n and is_word(t[e + 2])
        # A possessive 's ends the token: "Russia's" is a hit for Russia.
        if not (c in APOSTROPHES and d in "sS" and (e + 2 >= n or not is_word(t[e + 2]))):
            return False
        # ... unless the token goes on after it ("Russia's-backed", "Russia's.x"), as the tokeniser's does
        return not _continues(t, e + 2)
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
