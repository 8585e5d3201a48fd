"""Find every lexicon pattern in texts in one pass: the multi-pattern matcher.

:func:`compile_matcher` turns one or more :class:`~toolkit.match.lexicon.Lexicon`
objects into a :class:`Matcher`. ``Matcher.find(text)`` returns the hits of
one text; ``Matcher.find_many(texts)`` returns the hits of a whole chunk as
numpy arrays. The pattern rules (whole tokens, ``*``, possessives, quotes,
phrases, case, leftmost-longest) are documented in :mod:`toolkit.match.lexicon`
and ``toolkit/lexicons/README.md``.

How it is fast
--------------
A combined regular expression of ~50 patterns takes about 25 s on the 223M
characters of the AllSides corpus, and one regex per category about 140 s
(``benchmarks/matcher.py``). Instead, every pattern gets a *key*: the longest
literal run that starts one of its words (the first word, or a later one when
the words before it have no ``*``, so that the start can be found by walking
back over them). All keys go into one Aho–Corasick automaton (pyahocorasick)
that scans a lower-cased copy of each text once for all lexicons together;
a case-sensitive pattern is keyed by its lower-cased key there too, and its
candidate counts only where the original text has the key as written (a second
automaton over the original text cost a whole second scan, ~0.9 s on AllSides;
a matcher of case-sensitive patterns only scans the original text). Each
candidate is then checked cheaply: a plain one-word pattern needs only the two
token-boundary tests; a phrase, wildcard or quoted pattern runs its own
compiled regex ``.match`` at the candidate position only.

Measured (AllSides, 2 shared cores): lower-casing costs ~0.7 s, the automaton
scans ~3.5 s and candidate checks ~1.5 s of CPU. The scan cost grows with how
often the text walks into the automaton (the frequency of the keys' prefixes in
the text), not with the number of hits. Joining a chunk's texts into one
string was slower, not faster: one emoji turns the joined string into 4 bytes
per character for ``lower()`` and the scan.

Offsets: the lower-cased copy keeps every offset of the original (a text whose
``str.lower()`` changes length, e.g. one containing "İ", is lower-cased
character by character), so offsets always index the original text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from toolkit.errors import LexiconError, ParameterError
from toolkit.match.context import compile_context
from toolkit.match.boundaries import (APOSTROPHES, DOUBLE_QUOTES, HYPHENS, QUOTES, RIGHT, SAFE,  # noqa: F401
                                    fold_case, is_word, left_ok, pattern_regex, right_ok)

__all__ = ["Matcher", "Hits", "compile_matcher", "fold_case", "APOSTROPHES", "DOUBLE_QUOTES",
           "HYPHENS"]

_SAFE = SAFE
_is_word, _left_ok, _right_ok = is_word, left_ok, right_ok


def _missing(value) -> bool:
    """True for None, NaN, pd.NA and NaT: a missing text counts as empty."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# A compiled entry is a plain tuple (attribute access costs time in the hot loop):
# (lex, cat, pat, key_len, key_off, leading_star, back, regex, context, exact)
#   key_off: characters of the key's word before the key (leading quotes)
#   leading_star: the pattern starts with '*': scan back to the token start
#   back: lengths of the words before the key's word, nearest first (phrases keyed on a later word)
#   regex: None for a plain one-word pattern (boundary checks suffice), else the compiled pattern
#   context: None, or the entry's compiled context rules (toolkit.match.context.Context)
#   exact: None, or (a case-sensitive entry found by its folded key) the key as written: the
#     candidate counts only where the original text has it there, and is checked on that text

def _literal(word: str) -> tuple[str, int]:
    """The literal run a word starts with (after leading quotes), and the number of those quotes."""
    off = len(word) - len(word.lstrip(QUOTES))
    rest = word[off:]
    for i, ch in enumerate(rest):
        if ch == "*" or ch in QUOTES:
            return rest[:i], off
    return rest, off


def _compile_entry(pattern: str, case_sensitive: bool, lex: int, cat: int, pat: int,
                   where: str, context=None) -> tuple[str, tuple]:
    """Automaton key and verification spec of one pattern.

    The key is the longest literal run that starts a word of the pattern (the first word, or a
    later one when all words before it are free of '*', so that the pattern's start can be found
    by walking back). Longer keys are rarer inside other words ("aid" is inside every "said"),
    which keeps the number of candidates, and so the Python work, small.
    """
    text = " ".join((pattern if case_sensitive else fold_case(pattern)).split())
    words = text.split(" ")
    first = words[0]
    body = first.lstrip("*")
    leading = len(body) != len(first)
    key, key_off = _literal(body)
    key_word = 0
    if not leading:
        for i in range(1, len(words)):
            if "*" in words[i - 1]:
                break
            lit, off = _literal(words[i])
            if len(lit) > len(key):
                key, key_off, key_word = lit, off, i
    if not key:
        raise LexiconError(
            f"{where}: pattern {pattern!r}: its first word must start with letters, digits or "
            f"punctuation other than '*' and quotes, after an optional leading '*'"
        )
    back = tuple(len(w) for w in reversed(words[:key_word]))
    plain = not leading and key_off == 0 and key == text
    regex = None if plain else re.compile(pattern_regex(text) + RIGHT)
    return key, (lex, cat, pat, len(key), key_off, leading, back, regex, context, None)


@dataclass(frozen=True)
class Hits:
    """Matches in one text, ordered by start (at the same start: longer first, then lexicon).

    Attributes (parallel int64 numpy arrays)
    ----------------------------------------
    start, end : character offsets into the original text (``text[start:end]`` is the match,
        without a possessive ending).
    lexicon : index into the matcher's lexicons.
    category : index into that lexicon's ``categories``.
    pattern : index into that lexicon's ``entries`` rows.
    """

    start: np.ndarray
    end: np.ndarray
    lexicon: np.ndarray
    category: np.ndarray
    pattern: np.ndarray

    def __len__(self) -> int:
        return len(self.start)


class Matcher:
    """Compiled patterns of one or more lexicons; see :func:`compile_matcher`."""

    def __init__(self, lexicons: Sequence, insensitive: ahocorasick.Automaton | None,
                 sensitive: ahocorasick.Automaton | None):
        self.lexicons = list(lexicons)
        self._n_lexicons = len(self.lexicons)
        self._insensitive = insensitive
        self._sensitive = sensitive

    def __repr__(self) -> str:
        names = [lex.name for lex in self.lexicons]
        return f"Matcher(lexicons={names}, patterns={sum(len(x) for x in self.lexicons)})"

    # ---------------------------------------------------------------- core
    def _raw(self, text: str, out: list) -> None:
        """Append (start, -end, lex, pat, cat, context, hay) of every verified candidate of
        ``text`` to ``out``.

        The negated end makes a plain tuple sort put the longest match first at each start.
        ``context`` is None, or the entry's context rules, to be decided on ``hay`` (the text the
        candidate was found in) by :meth:`_resolve`, only for a candidate that is not blocked
        anyway (no candidate has the same first five values, so the sort never compares them).
        """
        append = out.append
        safe = _SAFE
        for automaton, hay in ((self._insensitive, None), (self._sensitive, text)):
            if automaton is None:
                continue
            if hay is None:
                hay = fold_case(text)
            n = len(hay)
            for last, specs in automaton.iter(hay):
                won = -1  # a lexicon whose plain entry already holds this span: the rest lose the tie
                for lex, cat, pat, key_len, key_off, leading, back, regex, ctx, exact in specs:
                    s = last - key_len + 1 - key_off
                    h = hay
                    if exact is not None:
                        # A case-sensitive key found folded: only where the text has it as written.
                        if not text.startswith(exact, last - key_len + 1):
                            continue
                        h = text
                    if regex is None:
                        if lex == won:
                            continue
                        # Plain word: two boundary tests, the cheap set lookup first.
                        if s and h[s - 1] not in safe and not _left_ok(h, s):
                            continue
                        e = last + 1
                        if e < n and h[e] not in safe and not _right_ok(h, e):
                            continue
                        if ctx is None:
                            append((s, -e, lex, pat, cat, None, None))
                            won = lex
                        else:
                            append((s, -e, lex, pat, cat, ctx, h))
                        continue
                    if leading:
                        while s > 0 and _is_word(h[s - 1]):
                            s -= 1
                    elif back:
                        # Walk back over each earlier word and the whitespace run before it.
                        ok = True
                        for length in back:
                            if s <= 0 or not h[s - 1].isspace():
                                ok = False
                                break
                            s -= 1
                            while s > 0 and h[s - 1].isspace():
                                s -= 1
                            s -= length
                        if not ok:
                            continue
                    if s < 0 or (s and h[s - 1] not in safe and not _left_ok(h, s)):
                        continue
                    m = regex.match(h, s)
                    if m is not None:
                        append((s, -m.end(), lex, pat, cat, ctx, h if ctx is not None else None))

    def _resolve(self, found: list, index: int, rows: list, text: str) -> None:
        """Append the kept hits of one text to ``rows`` as (index, start, end, lex, cat, pat).

        Leftmost-longest and non-overlapping within each lexicon: after the sort, candidates come
        by start, longest first, then lexicon, then pattern index (so a tie goes to the entry
        listed first); a candidate is kept if it starts at or after the end of the last one kept
        for its lexicon. Lexicons do not block each other. A kept stop phrase (``exclude: true``)
        blocks its span but is not returned. A candidate with context rules counts (is kept, and
        blocks) only if its rules hold; they are decided here, so never for a blocked candidate.
        """
        found.sort()
        last = [0] * self._n_lexicons
        append = rows.append
        for s, neg_end, lex, pat, cat, ctx, hay in found:
            if s >= last[lex]:
                if ctx is not None and not ctx.ok(hay, s, -neg_end, text):
                    continue
                last[lex] = -neg_end
                if cat >= 0:
                    append((index, s, -neg_end, lex, cat, pat))

    def find(self, text: str) -> Hits:
        """Hits of every lexicon in ``text``.

        Parameters
        ----------
        text : str

        Returns
        -------
        Hits
            Parallel int64 arrays ``start``, ``end``, ``lexicon``, ``category``, ``pattern``,
            ordered by start (at the same start: longer first, then by lexicon).
        """
        if not isinstance(text, str):
            raise ParameterError(f"`text` must be a str; got {type(text).__name__}")
        found: list = []
        rows: list = []
        self._raw(text, found)
        self._resolve(found, 0, rows, text)
        arr = np.array(rows, dtype=np.int64).reshape(-1, 6)
        return Hits(*(arr[:, i].copy() for i in range(1, 6)))

    def find_many(self, texts: Sequence[str]) -> tuple[np.ndarray, ...]:
        """Hits of every lexicon in each of ``texts`` (a chunk), as numpy arrays.

        One call per chunk of texts keeps the per-call overhead (array building) small.

        Parameters
        ----------
        texts : sequence of str
            Missing values (None, NaN) count as empty texts.

        Returns
        -------
        tuple of six int64 numpy arrays
            ``(text_index, start, end, lexicon, category, pattern)``: ``text_index`` is the
            position in ``texts``; rows are ordered by text, then as in :meth:`find`.

        Raises
        ------
        ParameterError
            If an item is neither a str nor missing.
        """
        rows: list = []
        raw = self._raw
        resolve = self._resolve
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                if _missing(text):
                    continue
                raise ParameterError(f"`texts`[{i}] must be a str; got {type(text).__name__}")
            found: list = []
            raw(text, found)
            if found:
                resolve(found, i, rows, text)
        arr = np.array(rows, dtype=np.int64).reshape(-1, 6)
        return tuple(arr[:, j].copy() for j in range(6))

    def find_frame(self, texts: Sequence[str]) -> pd.DataFrame:
        """Hits of ``texts`` as a tidy table with names instead of indexes.

        Returns
        -------
        pandas.DataFrame
            One row per hit: ``text_index`` (int64), ``start``, ``end`` (int64, offsets into the
            text), ``lexicon`` (str, lexicon name), ``category`` (str), ``pattern`` (str, the
            entry that matched), ``term`` (str, the matched text as written).
        """
        texts = list(texts)  # positions, also for a pandas Series with another index
        ti, st, en, lx, ct, pt = self.find_many(texts)
        lex_names = np.array([lex.name for lex in self.lexicons] or [""], dtype=object)
        cats = [np.asarray(lex.categories, dtype=object) for lex in self.lexicons]
        pats = [lex.entries["pattern"].to_numpy(dtype=object) for lex in self.lexicons]
        category = np.empty(len(ti), dtype=object)
        pattern = np.empty(len(ti), dtype=object)
        for k in range(len(self.lexicons)):
            sel = lx == k
            category[sel] = cats[k][ct[sel]] if len(cats[k]) else []
            pattern[sel] = pats[k][pt[sel]] if len(pats[k]) else []
        term = [texts[i][s:e] for i, s, e in zip(ti.tolist(), st.tolist(), en.tolist())]
        return pd.DataFrame({
            "text_index": ti, "start": st, "end": en,
            "lexicon": lex_names[lx] if len(lx) else np.array([], dtype=object),
            "category": category, "pattern": pattern, "term": term,
        })


def compile_matcher(lexicons) -> Matcher:
    """Compile lexicons into one :class:`Matcher` that scans each text once for all of them.

    Parameters
    ----------
    lexicons : Lexicon, or sequence of Lexicon / anything :func:`toolkit.match.lexicon.load_lexicon`
        takes (path, packaged name, mapping).

    Returns
    -------
    Matcher
        ``find(text)`` and ``find_many(texts)``; hits index into ``Matcher.lexicons``.

    Raises
    ------
    LexiconError
        If a pattern cannot be compiled.

    Examples
    --------
    >>> from toolkit.match.lexicon import load_lexicon
    >>> m = compile_matcher([load_lexicon({"nato": ["NATO"], "escalation": ["escalat*"]})])
    >>> hits = m.find("NATO warned of escalation, not NATO-led de-escalation.")
    >>> hits.start.tolist(), hits.end.tolist(), hits.category.tolist()
    ([0, 15], [4, 25], [0, 1])
    """
    from toolkit.match.lexicon import Lexicon, load_lexicon

    if isinstance(lexicons, (Lexicon, str)) or hasattr(lexicons, "keys"):
        lexicons = [lexicons]
    lexicons = [load_lexicon(x) for x in lexicons]
    if not lexicons:
        raise ParameterError("`lexicons` is empty; give at least one lexicon")
    keyed: dict[bool, dict[str, list[tuple]]] = {False: {}, True: {}}
    for li, lex in enumerate(lexicons):
        cat_index = {c: i for i, c in enumerate(lex.categories)}
        for pi, row in enumerate(lex.entries.to_dict("records")):
            cat = row["category"]
            # A stop phrase gets category -1: it blocks its span, then is dropped.
            ci = -1 if row.get("exclude", False) else cat_index[cat]
            key, spec = _compile_entry(row["pattern"], bool(row["case_sensitive"]), li, ci, pi,
                                       f"{lex.source}: category {cat!r}", compile_context(row))
            keyed[bool(row["case_sensitive"])].setdefault(key, []).append(spec)
    if keyed[False] and keyed[True]:
        # The lower-cased text is scanned anyway: one scan finds the case-sensitive keys too, by
        # their folded form (a second automaton costs a whole scan of every text). Specs stay in
        # the order of the lexicons' entries, which the tie rule in _raw relies on.
        merged: dict[str, list[tuple]] = {}
        for key, specs in keyed[False].items():
            merged.setdefault(key, []).extend(specs)
        for key, specs in keyed[True].items():
            merged.setdefault(fold_case(key), []).extend(spec[:-1] + (key,) for spec in specs)
        for specs in merged.values():
            specs.sort(key=lambda spec: (spec[0], spec[2]))
        keyed = {False: merged, True: {}}
    autos = []
    for cs in (False, True):
        if not keyed[cs]:
            autos.append(None)
            continue
        automaton = ahocorasick.Automaton()
        for key, specs in keyed[cs].items():
            automaton.add_word(key, tuple(specs))
        automaton.make_automaton()
        autos.append(automaton)
    return Matcher(lexicons, autos[0], autos[1])
