"""Split news text into sentences and paragraphs, fast and without models.

One compiled regular expression finds every *candidate* boundary: sentence
punctuation (``.``, ``?``, ``!``, ``...``, ``…``) followed by optional closing
quotes/brackets and whitespace, and every paragraph break (a blank line).
The most common boundary (a plain lowercase-ending word, a period and a
capital letter: ``said. The``) is recognised by the regular expression
itself; a short Python decision runs only on the other candidates, using the
token before the punctuation and the character (or word) after it:

* a blank line always ends a sentence; a single line break does not by
  itself (news text is often hard-wrapped);
* ``?`` / ``!`` end a sentence unless a lowercase word follows (``“Will they
  come?” she asked.``) or a quoted question is attributed to a named
  speaker (``“Why now?” Trump asked.``);
* an ellipsis ends a sentence only before a capitalised word;
* ``.`` before a lowercase letter never ends a sentence; after a title
  (``Mr.``, ``Sen.``, ``Gen.``) it never does; after another known
  abbreviation (``U.S.``, ``Inc.``, ``Jan.``), a single initial (``John
  F. Kennedy``) or a dotted acronym it ends the sentence only when a common
  sentence starter follows (``in the U.S. The next day``), the
  "sentence starters" idea of Punkt (Kiss & Strunk 2006);
* punctuation inside numbers, URLs and e-mail addresses is never a candidate
  because no whitespace follows it (``$2.5 billion``, ``example.com/a.b``);
  the one exception is scraped text that lost the space between sentences
  (``last week.Civil rights leaders``): a period after a lowercase letter or
  digit directly followed by a capitalised word is a candidate too, and a
  straight ``"`` there closes the sentence only if the sentence so far holds
  an odd number of them;
* a list label at the start of a sentence (``1.``, ``IV.``, ``A.``) does not
  make a sentence of its own; a link after a sentence starts a new one;
* a sentence ending inside quotation marks or brackets ends after the
  closing mark(s) (``... troops.”``, ``(See below.)``);
* an auxiliary after an abbreviation (``in D.C. Has he been there?``, ``you
  and I. Did you``) starts a sentence only when a lowercase word follows it
  and the sentence it opens is a question, since title-case headlines put
  capitalised auxiliaries after abbreviations (``The U.S. Has Never Been``);
* a fronted time phrase is not a sentence of its own (``At 5 a.m. Mr. Smith
  went``); a period inside an e-mail address or link never marks a lost
  space (``Jane.Doe@example.com``); ``N°.`` precedes a number; a bracketed
  elision before a citation stays in its sentence (``[...]" (Smith 55).``);
* inline list items split at their labels when a sentence starts with a
  label and the next label in sequence follows in the same paragraph
  (``1. The first item 2. The second item``; ``a.``/``b.``; ``• 9.``/``• 10.``).

Held-out check: the English "Golden Rules" of the Pragmatic Segmenter
(``tests/test_sentences_golden.py``): 46 of 48 pass; the two others follow
news conventions on spaced ellipses that the rules answer differently (the
test states why and fails if their behaviour changes).

The splitter never reads ``nltk_data`` and never imports NLTK: its knowledge
(abbreviations, sentence starters) lives in the module-level frozensets
below, so results cannot change silently when a user has (or lacks) Punkt
models installed.  The lists are hand-written for news prose and were
checked against NLTK's ``PunktTrainer`` trained offline on 6,000 AllSides
articles (358 abbreviation types, 395 sentence starters): the abbreviations
and function-word starters it found that were missing here were added (e.g.
``Pfc``, ``Ald``, ``Esq``, ``W.Va``, party-state tags such as ``D-Calif.``;
``Additionally``, ``Notably``, ``Separately``); names it learned as starters
(``Trump``, ``Pelosi``) were not, since names follow abbreviations inside a
sentence.

References
----------
Kiss, T. & Strunk, J. (2006). Unsupervised multilingual sentence boundary
detection. *Computational Linguistics* 32(4), 485-525.
"""
from __future__ import annotations

import re

from toolkit.errors import ParameterError
from toolkit.text.abbreviations import (ABBREVIATIONS, FINAL_ABBREVIATIONS, NUMBER_ABBREVIATIONS,
                                        QUESTION_STARTERS, SENTENCE_STARTERS, TITLES, _NOT_AFTER_TIME,
                                        _SENTENCE_END)
from toolkit.text.list_items import _LABEL_FIRST, split_list_items

__all__ = [
    "ABBREVIATIONS",
    "QUESTION_STARTERS",
    "TITLES",
    "NUMBER_ABBREVIATIONS",
    "SENTENCE_STARTERS",
    "paragraph_spans",
    "char_positions",
    "sentence_spans",
    "split_sentences",
]

_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
_TOKEN_STRIP = _OPENERS + "—–-*_/"


def _plain_word_lookbehinds() -> str:
    """Negative lookbehinds excluding every known abbreviation that ends in two
    lowercase letters ("Calif.", "etc.", "Mr."), grouped by length because a
    lookbehind must have a fixed width; plus lowercase roman numerals ("ii.")."""
    words = {w for w in ABBREVIATIONS | FINAL_ABBREVIATIONS if len(w) >= 2 and w[-2:].isalpha()
             and w[-2:].islower()}
    words |= {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiv", "xv", "xx"}
    by_len: dict[int, list[str]] = {}
    for w in sorted(words):
        by_len.setdefault(len(w), []).append(re.escape(w))
    return "".join(f"(?<!(?:{'|'.join(ws)})\\.)" for _, ws in sorted(by_len.items()))


# Candidate boundaries.  Every alternative starts with one character of the
# class [.?!…\n], which lets the regex engine scan with its fast charset
# prefix search; lookbehinds tell the branches apart.
#   group 1: closing quotes/brackets after a period that surely ends a
#            sentence: a plain word of 2+ letters ending in lowercase, not a
#            known abbreviation, and a capital letter after the whitespace
#            (most boundaries; decided without any Python code)
#   group 2: the sentence-final punctuation + closing quotes/brackets
#   group 3: first non-opener character after the whitespace
_CANDIDATE = re.compile(
    r"[.?!…\n]"
    r"(?:"
    r"(?<=[a-z][a-z]\.)" + _plain_word_lookbehinds() +
    r"([\"'”’»)\]}]*)\s+(?=[\"'“‘«(\[{]*[A-Z])"    # sure boundary: "said. The"
    r"|(?<=\n)[^\S\n]*\n\s*"                       # blank line: paragraph break
    r"|(?<!\n)([.?!…]*[\"'”’»)\]}]*)"
    r"(?:\s+(?=[\"'“‘«(\[{]*(\S))"             # the usual case: whitespace follows
    r"|(?=[“‘]?[A-Z][a-z]))"                      # "last week.Civil rights": a lost space
    r")"
)
_CANDIDATE_CHARS = ".?!…\n"     # every match of _CANDIDATE starts with one of them


def char_positions(text: str, chars: str, start: int = 0) -> list[int]:
    """Sorted offsets of every occurrence of any of ``chars`` in ``text[start:]``, each found by
    ``str.find`` (a regex search for a character class tests every character of the text).

    >>> char_positions("a.b!c.", ".!")
    [1, 3, 5]
    """
    find = text.find
    at = []
    for c in chars:
        i = find(c, start)
        while i >= 0:
            at.append(i)
            i = find(c, i + 1)
    at.sort()
    return at


def _candidates(text: str, start: int):
    """The matches of :data:`_CANDIDATE` in ``text[start:]``, as ``_CANDIDATE.finditer(text,
    start)`` gives them, found faster: the characters that can start a match by ``str.find``
    (the regex engine's search tests every character of the text against the class), then the
    pattern matched at each of them in text order, skipping those inside the previous match
    (its look-behinds see the text before the position either way)."""
    match = _CANDIDATE.match
    end = start
    for i in char_positions(text, _CANDIDATE_CHARS, start):
        if i >= end:
            m = match(text, i)
            if m is not None:
                end = m.end()
                yield m


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_ROMAN = re.compile(r"[IVX]+|[ivx]+")
_NEXT_WORD = re.compile(r"([^\W\d_]+)(\.)?")
# "“Why now?” Trump asked." -- a named speaker then a reporting verb.
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,5}(?:said|says|asked|asks|told|added|adds|shouted|wrote|writes|"
    r"tweeted|replied|responded|exclaimed|wondered|yelled|insisted|recalled|continued|explained|"
    r"noted|argued|cried|demanded|declared|quipped|joked|warned|posted)\b"
)


# "At 5 a.m. Mr. Smith went ...": a fronted time phrase is not a sentence of its own.
_FRONTED_TIME = re.compile(
    r"(?:(?:Shortly|Just|Right|Not\s+until)\s+)?(?:At|By|Until|Till|Before|After|From|Since|Around|About)"
    r"\s+(?:about\s+|around\s+|roughly\s+)?\d{1,2}(?:[:.]\d\d)?\s*", re.IGNORECASE)
# A period inside an e-mail address or a link is never a "lost space" boundary.
_WEB_MARKS = ("@", "://", "www.")

# A link after a sentence ("... is disgraceful. https://t.co/x") starts a unit of its own.
_URL_STARTS = ("http://", "https://", "www.", "pic.twitter.com")

# Names spelled with "!" inside a sentence.
_EXCLAMATION_NAMES = frozenset({"Yahoo", "Jeopardy", "Wham", "Oklahoma"})


def _token_before(text: str, s: int) -> str:
    """The whitespace-delimited token ending at ``s``, without opening quotes."""
    window = text[max(0, s - 30):s].split()
    return window[-1].lstrip(_TOKEN_STRIP) if window else ""


def _in_web_token(text: str, s: int) -> bool:
    """True if position ``s`` lies inside an e-mail address or a link (no whitespace around it)."""
    a = s
    lo = max(0, s - 200)
    while a > lo and not text[a - 1].isspace():
        a -= 1
    b = s
    hi = min(len(text), s + 200)
    while b < hi and not text[b].isspace():
        b += 1
    word = text[a:b]
    return any(mark in word for mark in _WEB_MARKS)


def _is_initial_or_acronym(tok: str) -> bool:
    """Single letter ("F") or dotted letters ("U.S", "e.g", "J.R.R")."""
    if len(tok) == 1:
        return tok.isalpha()
    if "." not in tok:
        return False
    return all(len(p) == 1 and p.isalpha() for p in tok.split("."))


def _period_ends(text: str, s: int, nxt: str, nxt_pos: int, start: int) -> bool:
    """Decide a single ``.`` at ``s`` followed by whitespace and ``nxt``."""
    if nxt.islower():                         # "e.g. the", "etc. to the front"
        return text.startswith(_URL_STARTS, nxt_pos)
    if nxt == ".":                             # spaced ellipsis ". . ."
        # "the troops left. . . . Then": the period and the ellipsis stay with their sentence.
        return False
    if not s or text[s - 1].isspace():         # a detached period: "the end .", ". . . Then"
        return True
    window = text[max(0, s - 30):s].split()
    raw = window[-1]
    tok = raw.lstrip(_TOKEN_STRIP)
    if not tok:
        return True
    if tok in TITLES:
        return False
    if "-" in tok and tok not in ABBREVIATIONS:
        tok = tok.rsplit("-", 1)[1]            # party-state tags: "(D-Calif." -> "Calif"
    if nxt.isdigit():
        if tok in NUMBER_ABBREVIATIONS or tok in ABBREVIATIONS:
            return False
        return not _is_initial_or_acronym(tok)
    # "1. The first point", "IV. Findings", "A. Background": a list label at
    # the start of a sentence is not a sentence of its own.
    if s - len(raw) <= start and len(tok) <= 4 and (
            (tok.isdigit() and len(tok) <= 2) or len(tok) == 1 or _ROMAN.fullmatch(tok)):
        return False
    if tok in FINAL_ABBREVIATIONS:
        m = _NEXT_WORD.match(text, nxt_pos)
        if m is not None and m.group(1) in _NOT_AFTER_TIME:
            return False                       # "at 9 a.m. Monday"
        # "At 5 a.m. Mr. Smith went": the sentence so far is only a fronted time phrase.
        f = _FRONTED_TIME.match(text, start)
        return not (f and f.end() == s - len(tok))
    if tok in ABBREVIATIONS or _is_initial_or_acronym(tok):
        m = _NEXT_WORD.match(text, nxt_pos)
        if m is None or (m.group(2) and len(m.group(1)) == 1):  # "J. R. R. Tolkien"
            return False
        word = m.group(1)
        if word in QUESTION_STARTERS:
            # "Has he", "Did you": a lowercase word (or "I") follows; in a title-case headline
            # ("If Iowa, N.H. Are Too White To Go First, Then Who?") a capital does.
            after = text[m.end():m.end() + 40].split(None, 1)
            if not after or not (after[0][0].islower() or after[0] == "I"):
                return False
            end = _SENTENCE_END.search(text, nxt_pos, nxt_pos + 300)
            return end is not None and text[end.start()] == "?"
        return word in SENTENCE_STARTERS
    return True


def _other_ends(text: str, s: int, end: int, nxt_pos: int) -> bool:
    """Decide ``?``, ``!``, an ellipsis or a mixed run at ``s`` (whitespace follows)."""
    nxt = text[nxt_pos]
    run = text[s:end].rstrip(_CLOSERS)
    if run[0] == "…" or run.startswith(".."):
        if s and text[s - 1] == "[" and text[nxt_pos - 1] == "(":
            return False                        # '"... stairways [...]" (Smith 55).': a citation
        return nxt.isupper()
    if nxt.islower():
        return text.startswith(_URL_STARTS, nxt_pos)
    if run == "!" and _token_before(text, s) in _EXCLAMATION_NAMES:
        return False                        # "Yahoo! News reported"
    if end > s + len(run) and nxt.isupper():
        # "“Why now?” Trump asked." -- a quoted question attributed to a speaker
        am = _ATTRIBUTION.match(text, nxt_pos)
        return am is None or am.group().split(None, 1)[0] in SENTENCE_STARTERS
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the sentences of ``text``.

    Parameters
    ----------
    text : str
        News prose; paragraphs separated by a blank line.

    Returns
    -------
    list of tuple[int, int]
        In order, non-overlapping; ``text[start:end]`` never starts or ends
        with whitespace, and every non-whitespace character of ``text`` lies
        in exactly one span.

    Raises
    ------
    ParameterError
        If ``text`` is not a string.

    References
    ----------
    Kiss, T. & Strunk, J. (2006), see the module docstring (sentence starters).

    Examples
    --------
    >>> t = "Mr. Smith went to Washington. “Will they come?” she asked."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Mr. Smith went to Washington.', '“Will they come?” she asked.']
    """
    _check_text(text)
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    append = spans.append
    # Could a sentence start with a list label? (Never after a sure boundary: a capital follows.)
    labels = start < n and text[start] in _LABEL_FIRST
    for m in _candidates(text, start):
        end = m.end(1)
        if end >= 0:                            # a sure boundary (see _CANDIDATE)
            append((start, end))
            start = m.end()
            continue
        s = m.start()
        c = text[s]
        if c == "\n":
            end = s
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                append((start, end))
            start = m.end()
            if start < n and text[start] in _LABEL_FIRST:
                labels = True
            continue
        end = m.end(2)
        if m.group(3) is None:
            # Missing space ("week.Civil", 'said."There'): only after a lowercase
            # letter or digit, and a straight quote closes the sentence only if
            # the sentence so far has an odd number of them.
            prev = text[s - 1] if s else ""
            if not (prev.islower() or prev.isdigit() or prev in "%)”’"):
                continue
            if _in_web_token(text, s):      # "Jane.Doe@example.com", "https://a.b/Page"
                continue
            if text[end - 1] == '"' and text.count('"', start, s) % 2 == 0:
                end -= 1
                while end > s + 1 and text[end - 1] == '"':
                    end -= 1
            nxt_pos = end if text[end] not in _OPENERS else end + 1
            nxt = text[nxt_pos]
            run = text[s:end].rstrip(_CLOSERS)
            if run == ".":
                ends = _period_ends(text, s, nxt, nxt_pos, start)
            else:
                ends = nxt.isupper()
            if ends:
                append((start, end))
                start = end
            continue
        if c == "." and (end == s + 1 or text[s + 1] in _CLOSERS):
            # A single period: the hot path.  An ordinary word before it
            # ("said. The", "2019. In") ends the sentence without further ado.
            nxt_pos = m.start(3)
            nxt = text[nxt_pos]
            if nxt.isupper():
                sp = text.rfind(" ", s - 24 if s > 24 else 0, s)
                tok = text[sp + 1:s]
                if (sp >= start and len(tok) > 1 and tok.isalpha()
                        and tok not in ABBREVIATIONS and tok not in FINAL_ABBREVIATIONS):
                    ends = True
                else:
                    ends = _period_ends(text, s, nxt, nxt_pos, start)
            else:
                ends = _period_ends(text, s, nxt, nxt_pos, start)
        else:
            ends = _other_ends(text, s, end, m.start(3))
        if not ends and text.count("\n", end, m.end()) >= 2:
            ends = True
        if ends:
            append((start, end))
            start = m.end()
            if start < n and text[start] in _LABEL_FIRST:
                labels = True
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        append((start, end))
    if labels:
        return split_list_items(text, spans, _PARAGRAPH_BREAK)
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences("Aid arrived in the U.S. The next day, markets fell.")
    ['Aid arrived in the U.S.', 'The next day, markets fell.']
    """
    return [text[a:b] for a, b in sentence_spans(text)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the paragraphs of ``text``.

    Paragraphs are separated by a blank line (a line break, optional spaces,
    another line break); each span is stripped of surrounding whitespace and
    empty paragraphs are skipped.

    Returns
    -------
    list of tuple[int, int]
        In order, non-overlapping, stripped.

    Raises
    ------
    ParameterError
        If ``text`` is not a string.

    Examples
    --------
    >>> paragraph_spans("Title\\n\\nFirst paragraph.\\n \\nSecond.")
    [(0, 5), (7, 23), (26, 33)]
    """
    _check_text(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _add_stripped(text, pos, m.start(), spans)
        pos = m.end()
    _add_stripped(text, pos, len(text), spans)
    return spans


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise ParameterError(f"`text` must be a str, not {type(text).__name__}")


def _add_stripped(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[a:b]
    stripped = chunk.lstrip()
    a += len(chunk) - len(stripped)
    b = a + len(stripped.rstrip())
    if b > a:
        spans.append((a, b))
