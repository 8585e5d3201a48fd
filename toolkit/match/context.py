"""Context rules of lexicon entries: the words next to a match, and the words in its clause.

An entry of a lexicon may say where it counts (``toolkit/lexicons/README.md``, "Context rules")::

    - pattern: Chinese
      before: [government, officials, "foreign minist*"]    # counts only before one of these
    - pattern: Washington
      not_before: ["D.C.", DC, state]                       # not before one of these
      not_after: [in, to, from]                              # not after one of these
    - pattern: negotiat*
      with: [peace, war, ceasefire, nuclear]                 # one of these in the same clause
      without: [union, contract]                             # none of these in the clause

Each item is a pattern with the lexicon's own rules (whole tokens, ``*`` inside a word, phrases
across whitespace), compared as the entry's pattern is: case-insensitively, unless the entry is
``case_sensitive`` (then ``{pattern: US, case_sensitive: true, not_after: [JOIN, TELL]}`` drops
"JOIN US" in a shouted headline but keeps "join US forces"). Several keys on one entry must all
hold.

- **Next / previous word** (``before``, ``not_before``, ``after``, ``not_after``): the item must
  follow (precede) the match, separated only by whitespace with at most one line break, and at
  most one comma (``Washington, D.C.``). A possessive ending after the match is skipped
  (``Russia's military`` puts "military" after ``Russia``).
- **Clause** (``with``, ``without``): the item occurs before or after the match (not overlapping
  it) within :data:`CLAUSE_REACH` characters and without crossing a *stop*: any of ``. ? ! …`` or
  a line break.

Both kinds are bounded so that a rule gives the same answer whether the matcher reads a
sentence, a paragraph or the whole article: every sentence boundary of
:func:`toolkit.text.sentences.sentence_spans` lies after a stop or at a blank line, and the
separators above never hold one. (So a clause also ends at the dots of "U.S." or "Mr.": the rule
sees less context there, never context from another sentence.) For the same reason an ``after``
or ``not_after`` item may not end with ``. ? !`` or ``…``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from toolkit.match.patterns import APOS_CLASS, LEFT, RIGHT, fold_case, pattern_regex

__all__ = ["CONTEXT_KEYS", "CLAUSE_REACH", "STOPS", "Context", "compile_context",
           "context_item_problem"]

CONTEXT_KEYS = ("before", "not_before", "after", "not_after", "with", "without")
# How far (characters) a clause rule looks on each side of a match, at most.
CLAUSE_REACH = 400
# Characters that end a clause for `with` / `without`.
STOPS = ".?!\u2026\n"
_SENTENCE_END = ".?!\u2026"

# Between a match and the next/previous word: an optional possessive ending (after the match),
# blanks, at most one comma and at most one line break.
_POSSESSIVE = "(?:" + APOS_CLASS + r"[sS]?(?!\w))?"
_SEP = r"(?:[^\S\n]*,)?[^\S\n]*(?:\n[^\S\n]*)?"


def context_item_problem(key: str, item: str) -> str | None:
    """Why ``item`` cannot be a ``key`` context item, or None (patterns are checked elsewhere)."""
    if key in ("after", "not_after") and item.rstrip().endswith(tuple(_SENTENCE_END)):
        return (f"a {key!r} item may not end with sentence punctuation (. ? ! …): the word "
                f"before a match must lie in the same sentence")
    return None


def _alternation(items: Sequence[str], case_sensitive: bool) -> str:
    # Longest first, so that "foreign ministry" is tried before "foreign".
    fold = (lambda x: x) if case_sensitive else fold_case
    words = sorted({" ".join(fold(x).split()) for x in items}, key=len, reverse=True)
    return "(?:" + "|".join(pattern_regex(w) for w in words) + ")"


class Context:
    """Compiled context rules of one entry; :meth:`ok` decides a candidate match.

    The text given to :meth:`ok` is the one the entry's pattern was found in: lower-cased by
    :func:`~toolkit.match.patterns.fold_case` for a case-insensitive entry (the items are folded
    the same way), the original for a case-sensitive one.
    """

    __slots__ = ("before", "not_before", "after", "not_after", "with_", "without", "reach")

    def __init__(self, rules: dict[str, Sequence[str]], case_sensitive: bool = False):
        def rx(key: str, template: str):
            items = rules.get(key) or ()
            return re.compile(template.format(_alternation(items, case_sensitive))) if items else None

        nxt = _POSSESSIVE + _SEP + "{}" + RIGHT
        prev = LEFT + "{}" + _SEP + r"\Z"
        near = LEFT + "{}" + RIGHT
        self.before, self.not_before = rx("before", nxt), rx("not_before", nxt)
        self.after, self.not_after = rx("after", prev), rx("not_after", prev)
        self.with_, self.without = rx("with", near), rx("without", near)
        longest = max((len(x) for k in ("after", "not_after") for x in rules.get(k) or ()), default=0)
        # A previous word lies within its own length plus the separator's blanks.
        self.reach = longest + 40

    def ok(self, hay: str, s: int, e: int) -> bool:
        """True if the match ``hay[s:e]`` satisfies every rule."""
        if self.before is not None and self.before.match(hay, e) is None:
            return False
        if self.not_before is not None and self.not_before.match(hay, e) is not None:
            return False
        if self.after is not None or self.not_after is not None:
            lo = s - self.reach if s > self.reach else 0
            if self.after is not None and self.after.search(hay, lo, s) is None:
                return False
            if self.not_after is not None and self.not_after.search(hay, lo, s) is not None:
                return False
        if self.with_ is not None or self.without is not None:
            lo, hi = _clause(hay, s, e)
            if self.with_ is not None and (self.with_.search(hay, lo, s) is None
                                           and self.with_.search(hay, e, hi) is None):
                return False
            if self.without is not None and (self.without.search(hay, lo, s) is not None
                                             or self.without.search(hay, e, hi) is not None):
                return False
        return True


def _clause(hay: str, s: int, e: int) -> tuple[int, int]:
    """Start and end of the clause around ``hay[s:e]`` (see the module docstring)."""
    lo = s - CLAUSE_REACH if s > CLAUSE_REACH else 0
    for c in STOPS:
        k = hay.rfind(c, lo, s)
        if k >= lo:
            lo = k + 1
    hi = e + CLAUSE_REACH
    for c in STOPS:
        k = hay.find(c, e, hi)
        if k >= 0:
            hi = k
    return lo, min(hi, len(hay))


def compile_context(rules: dict[str, Sequence[str]]) -> Context | None:
    """A :class:`Context` for ``rules`` (keys of :data:`CONTEXT_KEYS`, and ``case_sensitive``),
    or None when all are empty.

    Examples
    --------
    >>> ctx = compile_context({"not_before": ["D.C."], "not_after": ["in"]})
    >>> text = "washington said it; in washington, d.c. it rained"   # folded, as the matcher does
    >>> ctx.ok(text, 0, 10), ctx.ok(text, 23, 33)
    (True, False)
    """
    if not any(rules.get(k) for k in CONTEXT_KEYS):
        return None
    return Context(rules, bool(rules.get("case_sensitive", False)))
