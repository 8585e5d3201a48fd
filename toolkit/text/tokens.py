"""The one tokeniser: word tokens with their spans and normalised terms.

Every verb that counts or measures in words uses this module: term counts (keyness, log-odds,
dispersion), collocation windows, window co-occurrence (``cooccurrence(window=N)``), KWIC
windows, the ``words`` and ``per_10k_words`` denominators, and quote lengths
(:func:`count_words`).

What a token is
---------------
A token is a match of :data:`TOKEN_PATTERN` in the text, scanned left to right::

    \\w+(?:[-‐‑'’‘ʼ]\\w+|\\.\\w\\b)*

that is, a run of word characters (letters, digits, ``_``: Python's ``\\w``), extended over

- a single hyphen (``-``, U+2010, U+2011) or apostrophe (``'``, ``’``, ``‘``, ``ʼ``) between word
  characters: ``state-run``, ``covid-19``, ``don't``, ``Russia’s``, ``o'brien`` are one token each;
- a dot followed by one word character that ends a word: dotted abbreviations ``U.S.``, ``a.m.``,
  ``E.U.`` are the tokens ``U.S``, ``a.m``, ``E.U`` (the final dot is punctuation). A dot before a
  longer word (``end.The``, ``example.com``) separates two tokens.

Everything else (spaces, punctuation, quotes, dashes, symbols) separates tokens, so a token never
contains whitespace and never crosses a sentence boundary of :mod:`toolkit.text.sentences` (a
sentence ends at ``. ? ! …`` before whitespace or before a capitalised word of two letters or
more, neither of which a token can continue into).

The term of a token
-------------------
A token's *term* is its normalised form: lower-cased character by character (:func:`fold`, so
"İ" gives "i"), apostrophes written ``'`` and hyphens ``-``, and the clitic ``'s`` removed
(``Russia’s`` → ``russia``, ``it's`` → ``it``; as the Penn Treebank convention splits it off, so
that the possessive of a name counts as the name). A token without a letter (``2024``, ``3.5``,
``1,000`` = ``1`` and ``000``) has no term.

A **word** is a token that has a term. Word counts (``words``, ``per_10k_words``, ``n`` and the
window positions of collocations, keyness sizes, quote lengths) count words, stop words included
unless a verb's ``stopwords=`` removes them (then they take no position either).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from toolkit.errors import ParameterError
from toolkit.paths import PACKAGE_DIR

__all__ = ["TOKEN_PATTERN", "APOSTROPHES", "HYPHENS", "Tokens", "fold", "term_of", "tokens", "tokenize",
           "count_words", "load_stopwords", "stopword_set"]

#: Apostrophes and hyphens that join word characters into one token (as in the matcher).
APOSTROPHES = "'\u2019\u2018\u02bc"
HYPHENS = "-\u2010\u2011"
#: The token pattern (see the module docstring).
TOKEN_PATTERN = r"\w+(?:[" + re.escape(HYPHENS + APOSTROPHES) + r"]\w+|\.\w\b)*"
# The same matches, faster: possessive quantifiers (Python >= 3.11) never backtrack, and nothing
# after a token can fail, so the leftmost-greedy match is unchanged.
_FAST = r"\w++(?:[" + re.escape(HYPHENS + APOSTROPHES) + r"]\w++|\.\w\b)*+"
TOKEN_RE = re.compile(_FAST)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_DIGIT_OR_UNDERSCORE = re.compile(r"[\d_]")
_UNIFY = str.maketrans({**{c: "'" for c in APOSTROPHES[1:]}, **{c: "-" for c in HYPHENS[1:]}})
_FINAL_SIGMA = "\u03a3"
STOPWORDS_FILE = PACKAGE_DIR / "data" / "stopwords_en.txt"


def fold(text: str) -> str:
    """Lower-case ``text`` keeping its length (one character in, one out).

    Equal to ``str.lower()`` except where that changes the length ("İ" gives "i", not "i̇") or
    depends on context (Greek final sigma): there each character is lowered on its own. The same
    rule as :func:`toolkit.match.matcher.fold_case`, so tokens and matches see the same letters.
    """
    low = text.lower()
    if len(low) != len(text) or _FINAL_SIGMA in text:
        return "".join([c.lower()[:1] or c for c in text])
    return low


def _term_of_folded(raw: str) -> str | None:
    raw = raw.translate(_UNIFY)
    if raw.endswith("'s") and len(raw) > 2:
        raw = raw[:-2]
    return raw if _HAS_LETTER.search(raw) else None


def term_of(token: str) -> str | None:
    """The term of one token as written (see the module docstring), or None for a non-word.

    Examples
    --------
    >>> [term_of(t) for t in ["Russia’s", "U.S", "State‑run", "2024"]]
    ['russia', 'u.s', 'state-run', None]
    """
    return _term_of_folded(fold(token))


@dataclass(frozen=True)
class Tokens:
    """The words of a text: parallel arrays, in text order.

    Attributes
    ----------
    start, end : numpy.ndarray of int64
        Character offsets into the text (``text[start:end]`` is the token as written).
    term : list of str
        The normalised term of each word.
    """

    start: np.ndarray
    end: np.ndarray
    term: list

    def __len__(self) -> int:
        return len(self.term)


def tokens(text: str, *, stopwords: bool | Iterable[str] = False) -> Tokens:
    """The words of ``text`` with their spans and terms.

    Parameters
    ----------
    text : str
    stopwords : bool or iterable of str, default False
        True leaves out the shipped list (:func:`load_stopwords`); an iterable, those words.

    Returns
    -------
    Tokens

    Examples
    --------
    >>> t = tokens("The U.S. envoy’s 2 state-run TV")
    >>> t.term, t.start.tolist()
    (['the', 'u.s', 'envoy', 'state-run', 'tv'], [0, 4, 9, 19, 29])
    """
    _check_text(text)
    stop = stopword_set(stopwords)
    folded = fold(text)
    starts, ends, terms = [], [], []
    for m in TOKEN_RE.finditer(folded):
        term = _term_of_folded(m.group())
        if term is not None and term not in stop:
            starts.append(m.start())
            ends.append(m.end())
            terms.append(term)
    return Tokens(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), terms)


def tokenize(text: str, *, stopwords: bool | Iterable[str] = False) -> list[str]:
    """The terms of the words of ``text``, in order (see the module docstring for the rules).

    Parameters
    ----------
    text : str
    stopwords : bool or iterable of str, default False
        True removes the shipped list (:func:`load_stopwords`); an iterable removes those words.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("Russia’s state-run TV said 3.5% of U.S. voters don't care.")
    ['russia', 'state-run', 'tv', 'said', 'of', 'u.s', 'voters', "don't", 'care']
    """
    _check_text(text)
    stop = stopword_set(stopwords)
    out = []
    for raw in TOKEN_RE.findall(fold(text)):
        term = _term_of_folded(raw)
        if term is not None and term not in stop:
            out.append(term)
    return out


def count_words(text: str) -> int:
    """The number of words in ``text``: its tokens that have a term, stop words included.

    The length measure for quotations and any other span of text; equal to ``len(tokenize(text))``.

    Examples
    --------
    >>> count_words("“We won’t back down,” the U.S. envoy said in 2024.")
    9
    """
    _check_text(text)
    folded = fold(text)
    raws = TOKEN_RE.findall(folded)
    # every token holds a word character (\w), so in a text without digits or "_" every token
    # has a letter: no per-token test (quotes() counts every quotation's words)
    if _DIGIT_OR_UNDERSCORE.search(folded) is None:
        return len(raws)
    return len(list(filter(_HAS_LETTER.search, raws)))


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The shipped English stop-word list (``toolkit/data/stopwords_en.txt``), as terms.

    Returns
    -------
    frozenset of str
        About 190 function words: determiners, pronouns, auxiliaries, modals, prepositions,
        conjunctions and contractions.
    """
    words = []
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return frozenset(words)


def stopword_set(stopwords: bool | Iterable[str] | None) -> frozenset[str]:
    """The terms a ``stopwords=`` option removes: True = :func:`load_stopwords`, False/None = none,
    an iterable of words = their terms (a frozenset is taken as terms already)."""
    if isinstance(stopwords, frozenset):
        return stopwords
    if stopwords is True:
        return load_stopwords()
    if stopwords is False or stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        raise ParameterError("`stopwords` must be True, False or a collection of words, not a string")
    out = set()
    for word in stopwords:
        out.add(term_of(str(word)) or fold(str(word)))
    return frozenset(out)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise ParameterError(f"`text` must be a str, not {type(text).__name__}")
