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
  it) within :data:`CLAUSE_REACH` characters and without crossing a *stop*: a line break, the
  NUL character the count engine puts between the units it matches in one string
  (:data:`toolkit.count.units.SEPARATOR`), or one of ``. ? ! …`` unless the text goes on in lower
  case (the dots of "the U.S. economy" do not stop a clause, those of "the U.S. The next day"
  and "Mr. Smith" do).

Both kinds are bounded so that a rule gives the same answer whether the matcher reads a
sentence, a paragraph or the whole article: every sentence boundary of
:func:`toolkit.text.sentences.sentence_spans` lies after a stop or at a blank line, and the
separators above never hold one. (So a clause also ends after "Mr." before a name: the rule sees
less context there, never context from another sentence.) For the same reason an ``after`` or
``not_after`` item may not end with ``. ? !`` or ``…``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from toolkit.match.boundaries import (APOS_CLASS, APOSTROPHES, DOUBLE_QUOTES, HYPHEN_APOS_CLASS, LEFT,
                                    RIGHT, fold_case, is_word, pattern_regex)

__all__ = ["CONTEXT_KEYS", "CLAUSE_REACH", "STOPS", "Context", "compile_context",
           "context_item_problem"]

CONTEXT_KEYS = ("before", "not_before", "after", "not_after", "with", "without")
# How far (characters) a clause rule looks on each side of a match, at most.
CLAUSE_REACH = 400
# Characters that end a clause for `with` / `without` (NUL: the separator the count engine puts
# between the units it matches in one string, toolkit.count.units.SEPARATOR; always a stop).
STOPS = ".?!\u2026\n\x00"
_SENTENCE_END = ".?!\u2026"

# Between a match and the next/previous word: an optional possessive ending (after the match),
# blanks, at most one comma and at most one line break.
_POSSESSIVE = "(?:" + APOS_CLASS + r"[sS]?(?!\w))?"
_SEP = r"(?:[^\S\n]*,)?[^\S\n]*(?:\n[^\S\n]*)?"
_NEXT = "(?>" + _POSSESSIVE + _SEP + ")"


def context_item_problem(key: str, item: str) -> str | None:
    """Why ``item`` cannot be a ``key`` context item, or None.

    Items follow the pattern rules, except that punctuation alone is allowed ("(" or "—" after a
    dateline); a word boundary is required only on a side that ends in a letter or digit.
    """
    words = item.split()
    if not words:
        return "empty item"
    if "?" in item:
        return "'?' (quanteda's one-character glob) is not supported; use '*'"
    if any(not w.strip("*") for w in words):
        return "a word made only of '*' is not supported; '*' works inside a word"
    if key in ("after", "not_after") and item.rstrip().endswith(tuple(_SENTENCE_END)):
        return (f"a {key!r} item may not end with sentence punctuation (. ? ! …): the word "
                f"before a match must lie in the same sentence")
    return None


def _alternation(words: Sequence[str]) -> str:
    # Longest first, so that "foreign ministry" is tried before "foreign". Token boundaries on
    # the sides that end in a word character (or "*"): "(" before "CNN" needs none on its right.
    alts = []
    for w in sorted(words, key=len, reverse=True):
        left = LEFT if (w[0].isalnum() or w[0] in "_*") else ""
        right = RIGHT if (w[-1].isalnum() or w[-1] in "_*.") else ""
        alts.append(left + pattern_regex(w) + right)
    return "(?:" + "|".join(alts) + ")"


# A token as the tokeniser and the matcher see it (toolkit.text.tokens.TOKEN_PATTERN): word
# characters joined by hyphens or apostrophes, and by a dot only before a one-character word
# ("U.S", but "CNN" and "com" in "CNN.com"). _WORD: the same without a possessive ending
# ("Russia's" -> "Russia").
_JOIN = "(?:" + HYPHEN_APOS_CLASS + r"\w+|\.\w(?!\w))"
_TOKEN = re.compile(r"\w+" + _JOIN + "*")
_WORD = re.compile(r"\w+(?:" + HYPHEN_APOS_CLASS + r"(?![sS](?!\w))\w+|\.\w(?!\w))*")
_NEXT_TOKEN = re.compile(_POSSESSIVE + _SEP + r"(\w+" + _JOIN + "*)")
_PREV_REACH = 80
# Lists of at most this many words (and literal pieces) get the substring fast path.
_FEW = 16


# Whitespace other than a line break (what ``[^\S\n]`` matches), for str.rstrip.
_BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")
_TAIL = re.compile(r"\w+" + _JOIN + r"*\Z")


def _prev_token(hay: str, s: int) -> str:
    """The token before position ``s`` across a separator (the mirror of ``_SEP``), or ""."""
    if s > 2 and hay[s - 1] == " " and hay[s - 2].isalpha():
        # The common case, "... in Moscow": one space after a word of letters.
        k = hay.rfind(" ", s - _PREV_REACH if s > _PREV_REACH else 0, s - 1)
        word = hay[k + 1:s - 1]
        if word.isalpha():
            return word
    t = hay[s - _PREV_REACH if s > _PREV_REACH else 0:s].rstrip(_BLANKS)
    if t.endswith("\n"):
        t = t[:-1].rstrip(_BLANKS)
    if t.endswith(","):
        t = t[:-1].rstrip(_BLANKS)
    if not t or not is_word(t[-1]):
        return ""
    m = _TAIL.search(t.rsplit(None, 1)[-1])     # the token lies in the last whitespace-free run
    return m.group() if m is not None else ""


# The last token looked up before/after a position: entries that share a word ("Washington" in
# us and capitals) test the same neighbours. One tuple, replaced whole, so threads cannot see
# half of it.
_last_next: tuple = (None, -1, "")
_last_prev: tuple = (None, -1, "")


def _next_token_at(hay: str, e: int) -> str:
    global _last_next
    memo = _last_next
    if memo[1] == e and memo[0] is hay:
        return memo[2]
    m = _NEXT_TOKEN.match(hay, e)
    token = m.group(1) if m is not None else ""
    _last_next = (hay, e, token)
    return token


def _prev_token_at(hay: str, s: int) -> str:
    global _last_prev
    memo = _last_prev
    if memo[1] == s and memo[0] is hay:
        return memo[2]
    token = _prev_token(hay, s)
    _last_prev = (hay, s, token)
    return token


_last_tokens: tuple = (None, -1, -1, ())
# What splits an item into literal pieces: blanks, '*' and the quote characters (each has variants).
# Every apostrophe written as "'" (one character each: offsets do not move).
_ONE_APOSTROPHE = str.maketrans({c: "'" for c in APOSTROPHES if c != "'"})
_PIECES = re.compile("[ *" + re.escape(APOSTROPHES) + "\"\u201c\u201d\u201e\u201f]+")


def _tokens_in(hay: str, lo: int, hi: int) -> list:
    """The tokens (without possessive endings) of ``hay[lo:hi]``, remembered for the next rule."""
    global _last_tokens
    memo = _last_tokens
    if memo[1] == lo and memo[2] == hi and memo[0] is hay:
        return memo[3]
    tokens = _WORD.findall(hay, lo, hi)
    _last_tokens = (hay, lo, hi, tokens)
    return tokens


def _edge_chars(chars: list) -> frozenset | None:
    """The characters of the text that can stand for ``chars`` (any apostrophe or double quote
    for one), or None if one is '*'."""
    out = set()
    for c in chars:
        if c == "*":
            return None
        out.update(APOSTROPHES if c in APOSTROPHES else DOUBLE_QUOTES if c in DOUBLE_QUOTES else c)
    return frozenset(out)


# What ``_SEP`` consists of: blanks, a comma, a line break.
_GAP_CHARS = _BLANKS + ",\n"


def _bare(token: str) -> str:
    """A token without its possessive ending ("government's" -> "government")."""
    if len(token) > 2 and token[-1] in "sS" and token[-2] in APOSTROPHES:
        return token[:-2]
    return token


class _Items:
    """One rule's items: plain words (a set), ``word*`` prefixes, and regexes for the rest.

    The other items (phrases, dotted abbreviations, inner wildcards, punctuation) are split into
    those that begin and end with a word, whose first and last tokens are known (a set lookup
    tells whether the regex can match at all), and a small rest.
    """

    __slots__ = ("words", "prefixes", "rx_word", "first", "last", "literals", "rx_other", "few",
                 "heads", "other_last")

    def __init__(self, items: Sequence[str], case_sensitive: bool, template: str,
                 token: re.Pattern = _WORD):
        fold = (lambda x: x) if case_sensitive else fold_case
        words, prefixes, worded, other = set(), [], [], []
        # any apostrophe stands for any other (as in patterns): plain words are kept with "'", and
        # tokens of the text are looked up with theirs made "'" too (_one_apostrophe)
        for item in {" ".join(fold(x).translate(_ONE_APOSTROPHE).split()) for x in items}:
            parts = item.split(" ")
            if token.fullmatch(item):
                words.add(item)         # one token: "war", "cease-fire" (a previous word: "America's")
            elif item.endswith("*") and item[:-1].isalpha():
                prefixes.append(item[:-1])
            elif _TOKEN.fullmatch(parts[0]) and _TOKEN.fullmatch(parts[-1]):
                worded.append(item)     # "prime minister", "People's Liberation Army"
            else:
                other.append(item)      # "U.S.", "(", "red line*"
        self.words = frozenset(words)
        self.prefixes = tuple(prefixes)
        self.rx_word = re.compile(template.format(_alternation(worded))) if worded else None
        self.first = frozenset(_bare(x.split(" ")[0]) for x in worded)
        self.last = frozenset(x.split(" ")[-1] for x in worded)
        # Per last word, the longest literal piece of each item's other words: "bank" for "Bank
        # of" when the word before the match is "of" (the regex runs only if one is near).
        heads: dict[str, set] = {}
        for x in worded:
            *rest, last = x.split(" ")
            pieces = [max(_PIECES.split(w), key=len) for w in rest]
            heads.setdefault(last, set()).add(max(pieces, key=len) if pieces else "")
        self.heads = {k: (None if "" in v else tuple(v)) for k, v in heads.items()}
        self.rx_other = re.compile(template.format(_alternation(other))) if other else None
        # The characters an "other" item can end with: before the match, its regex can only
        # match if one of them stands just before the blanks, comma and line break there (None:
        # an item ends with '*', which may match nothing).
        self.other_last = _edge_chars([x[-1] for x in other]) if other else None
        # The longest literal piece of each item ("u.s." of "U.S."): a regex can only match in a
        # window holding one of them, which a substring test tells cheaply.
        pieces = [max(_PIECES.split(x), key=len) for x in worded + other]
        self.literals = tuple(set(pieces)) if pieces and all(pieces) else None
        # A short list is first looked for as plain substrings around the match: when none
        # occurs, no clause needs to be found or split into tokens (see Context.ok).
        # (a word's longest piece between apostrophes: the text may write another apostrophe)
        needles = {max(_PIECES.split(w), key=len) for w in words} | set(prefixes) | set(self.literals or ())
        short = len(needles) <= _FEW and (self.literals is not None or not (worded or other))
        self.few = tuple(needles) if short else None

    def has(self, token: str) -> bool:
        """True if the token, or the token without its possessive ending, is a plain word or prefix."""
        words = self.words
        if token in words:
            return True
        if not token.isalnum():
            token = token.translate(_ONE_APOSTROPHE)
            if token in words:
                return True
        if len(token) > 2 and token[-1] in "sS" and token[-2] in APOSTROPHES:
            token = token[:-2]
            if token in words:
                return True
        for p in self.prefixes:
            if token.startswith(p) and (len(token) == len(p) or token[len(p):].isalnum()):
                return True
        return False

    def next_to(self, hay: str, e: int) -> bool:
        """An item follows position ``e`` (see the module docstring)."""
        token = _next_token_at(hay, e)
        if token and self.has(token):
            return True
        if self.rx_word is not None and _bare(token) in self.first and self.rx_word.match(hay, e):
            return True
        return self.rx_other is not None and self.rx_other.match(hay, e) is not None

    def before(self, hay: str, s: int) -> bool:
        """An item precedes position ``s``."""
        token = _prev_token_at(hay, s)
        if token and self.has(token):
            return True
        lo = s - _PREV_REACH if s > _PREV_REACH else 0
        if self.rx_word is not None and token in self.last:
            heads = self.heads[token]
            window = hay[lo:s]
            if heads is None or any(x in window for x in heads):
                if self.rx_word.search(hay, lo, s):
                    return True
        rx = self.rx_other
        if rx is None:
            return False
        last = self.other_last
        if last is not None:
            window = hay[lo:s]
            gap = len(window.rstrip(_GAP_CHARS))
            if last.isdisjoint(window[gap - 1 if gap else 0:]):
                return False
        return rx.search(hay, lo, s) is not None

    def absent(self, hay: str, lo: int, hi: int) -> bool:
        """True if no item can occur in ``hay[lo:hi]`` (a short list's substrings are all missing)."""
        if self.few is None:
            return False
        window = hay[lo:hi]
        for x in self.few:
            if x in window:
                return False
        return True

    def within(self, hay: str, lo: int, hi: int) -> bool:
        """An item lies within ``hay[lo:hi]``."""
        while lo < hi and lo and is_word(hay[lo - 1]) and is_word(hay[lo]):
            lo += 1                 # a token cut by the window is not a token
        tokens = _tokens_in(hay, lo, hi)
        if not self.words.isdisjoint(tokens):
            return True
        if not self.words.isdisjoint(t.translate(_ONE_APOSTROPHE) for t in tokens if not t.isalnum()):
            return True
        for p in self.prefixes:
            for token in tokens:
                if token.startswith(p) and (len(token) == len(p) or token[len(p):].isalnum()):
                    return True
        if self.rx_word is None and self.rx_other is None:
            return False
        if self.literals is not None:
            window = hay[lo:hi]
            if not any(x in window for x in self.literals):
                return False
        if self.rx_word is not None and not self.first.isdisjoint(tokens) \
                and self.rx_word.search(hay, lo, hi):
            return True
        return self.rx_other is not None and self.rx_other.search(hay, lo, hi) is not None


class Context:
    """Compiled context rules of one entry; :meth:`ok` decides a candidate match.

    The text given to :meth:`ok` is the one the entry's pattern was found in: lower-cased by
    :func:`~toolkit.match.patterns.fold_case` for a case-insensitive entry (the items are folded
    the same way), the original for a case-sensitive one. Plain words are looked up in sets;
    phrases, punctuation and inner wildcards go through a regular expression.
    """

    __slots__ = ("before", "not_before", "after", "not_after", "with_", "without")

    def __init__(self, rules: dict[str, Sequence[str]], case_sensitive: bool = False):
        def items(key: str, template: str, token: re.Pattern = _WORD):
            values = rules.get(key) or ()
            return _Items(values, case_sensitive, template, token) if values else None

        nxt = _NEXT + "{}"
        prev = "{}" + _SEP + r"\Z"
        self.before, self.not_before = items("before", nxt), items("not_before", nxt)
        self.after, self.not_after = items("after", prev, _TOKEN), items("not_after", prev, _TOKEN)
        self.with_, self.without = items("with", "{}"), items("without", "{}")

    def ok(self, hay: str, s: int, e: int, text: str | None = None) -> bool:
        """True if the match ``hay[s:e]`` satisfies every rule.

        ``text`` is the original of ``hay`` (same offsets) when ``hay`` is lower-cased: the end of
        a clause depends on capital letters.
        """
        if self.before is not None and not self.before.next_to(hay, e):
            return False
        if self.not_before is not None and self.not_before.next_to(hay, e):
            return False
        if self.after is not None and not self.after.before(hay, s):
            return False
        if self.not_after is not None and self.not_after.before(hay, s):
            return False
        with_, without = self.with_, self.without
        if with_ is None and without is None:
            return True
        # Fast path: a short list none of whose words occurs within reach decides without a clause.
        reach_lo, reach_hi = (s - CLAUSE_REACH if s > CLAUSE_REACH else 0), e + CLAUSE_REACH
        if with_ is not None and with_.absent(hay, reach_lo, reach_hi):
            return False
        if without is not None and without.absent(hay, reach_lo, reach_hi):
            without = None
            if with_ is None:
                return True
        lo, hi = _clause(hay if text is None else text, s, e)
        if with_ is not None and not (with_.within(hay, lo, s) or with_.within(hay, e, hi)):
            return False
        if without is not None and (without.within(hay, lo, s) or without.within(hay, e, hi)):
            return False
        return True


# A sentence punctuation mark ends a clause unless the text goes on in lower case ("the U.S.
# economy", "2.5 percent", "Mr. Smith" does end one): the sentence splitter never ends a
# sentence there either, except before a link, which ends the clause too.
_STOP_AT = re.compile(
    r"[.?!\u2026](?:"
    r"[\"'\u201d\u2019\u00bb)\]}]*(?:\Z|\s+(?![\s\"'\u201c\u2018\u00ab(\[{]*[a-z])"
    r"|\s+(?=https?://|www\.|pic\.twitter\.com))"
    r"|[\"'\u201d\u2019\u00bb)\]}]*[\"'\u201c\u2018]?[A-Z][a-z])")


_STOP_CHAR = re.compile("[" + re.escape(STOPS) + "]")
assert sorted(STOPS) == sorted(".\n?!\u2026\x00"), "_find_clause looks for these characters"


def _is_stop(hay: str, k: int) -> bool:
    return hay[k] in "\n\x00" or _STOP_AT.match(hay, k) is not None


_last_clause: tuple = (None, -1, -1, (0, 0))


def _clause(hay: str, s: int, e: int) -> tuple[int, int]:
    """Start and end of the clause around ``hay[s:e]`` (see the module docstring)."""
    global _last_clause
    memo = _last_clause
    if memo[1] == s and memo[2] == e and memo[0] is hay:
        return memo[3]
    span = _find_clause(hay, s, e)
    _last_clause = (hay, s, e, span)
    return span


def _find_clause(hay: str, s: int, e: int) -> tuple[int, int]:
    # The stop characters nearest the match first, each side; the nearest true stop wins.
    lo = s - CLAUSE_REACH if s > CLAUSE_REACH else 0
    k = s
    while True:     # (the characters of STOPS)
        k = max(hay.rfind(".", lo, k), hay.rfind("\n", lo, k), hay.rfind("?", lo, k),
                hay.rfind("!", lo, k), hay.rfind("\u2026", lo, k), hay.rfind("\x00", lo, k))
        if k < 0:
            break
        if _is_stop(hay, k):
            lo = k + 1
            break
    hi = min(e + CLAUSE_REACH, len(hay))
    for m in _STOP_CHAR.finditer(hay, e, hi):
        if _is_stop(hay, m.start()):
            hi = m.start()
            break
    return lo, hi


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
