"""Tokens of a short stretch of text, and the closed word classes the phrase rules use.

A token is a word (abbreviations known to :mod:`toolkit.text.sentences` keep their period:
``Mr.``, ``Ariz.``, ``U.S.``; initials too), a word with its possessive ``’s``, or any other
non-space character. These tokens serve the speaker rules only; lengths and counts use the
toolkit tokeniser (:mod:`toolkit.text.tokens`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from toolkit.discourse.quotes.words import MONTHS_DAYS, words
from toolkit.text.sentences import ABBREVIATIONS, SENTENCE_STARTERS, TITLES

_TOK_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w(?:[\w’'\-]*\w)?(?:[’'](?!\w))?\.?|[^\w\s]")
# the same tokens, faster: the spaces before, the token without a final period, the period.
# ``\w++(?:[’'\-]+\w++)*`` is ``\w(?:[\w’'\-]*\w)?`` (word characters, inner apostrophes and
# hyphens) without backtracking; a period after any token is its own group (see :func:`tokens`)
_SPACE_TOK_RE = re.compile(r"(\s*+)((?:[A-Za-z]\.){2,}|\w++(?:[’'\-]+\w++)*(?:[’'](?!\w))?|[^\w\s])(\.?)")
#: A character that continues a word (a match starting right after one starts inside a word).
IN_WORD_RE = re.compile(r"[\w’'-]")
_ABBR = frozenset(ABBREVIATIONS | TITLES | {"Jr", "Sr", "St", "Ft", "Mt"})

DETERMINERS = frozenset(
    "the a an one another this that these those his her their its our my your some several many "
    "two three four five six each every both any no".split())
POSSESSIVE_PRONOUNS = frozenset("his her their its our my your".split())
PRONOUNS = frozenset("he she they it we i".split())
PREPOSITIONS = frozenset(
    "of in on at for with by from to about against into onto over under after before than like "
    "during since until through between among around toward towards upon within without via "
    "amid despite including behind beyond across near".split())
#: Prepositions that also open a clause: "after Boehner chided Obama", "since Trump took office",
#: "including Mitch McConnell called it".
CLAUSE_OPENERS = frozenset("after before since until as like including".split())
CONJUNCTIONS = frozenset("and or but nor so yet".split())
FUNCTION = DETERMINERS | PREPOSITIONS | CONJUNCTIONS | frozenset(
    "that who whom whose which what when where while if because as whether though although "
    "not also there here then is was are were be been being has have had do does did will "
    "would can could should may might must shall".split())
AUX = frozenset(
    "has have had was is were are will would did does do also later then again once even not "
    "never already still often just only first too further earlier repeatedly previously "
    "quickly publicly privately reportedly recently immediately separately frequently "
    "subsequently simply flatly openly".split())
#: Words that open a sentence without being part of its subject ("But Smith said").
LEADING = frozenset(
    "but and in on at then when while after before meanwhile however so yet also still later "
    "earlier now here there today yesterday tonight last this that if as though although since "
    "because for with without by from of instead indeed thus speaking".split())


REFLEXIVES = frozenset("himself herself themselves itself myself ourselves".split())
#: Common irregular past-tense verbs (a lowercase word after a description is a verb only if it
#: looks like one: an auxiliary, a reporting verb, -ed, -s, or one of these).
IRREGULAR_PAST = frozenset(
    "took went made gave came got had did saw knew thought felt kept left brought began "
    "became ran stood sent spent held met paid put set led read spoke broke chose drove fell "
    "fought found forgot froze grew hid hit hurt lost meant rose sat shot shut sold stole struck "
    "swore threw won wore sought taught caught bought fled lit bit".split())


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    """Words never part of a name: stop words, auxiliaries and the sentence openers of
    :data:`toolkit.text.sentences.SENTENCE_STARTERS` ("Furthermore", "Meanwhile"), lowercased."""
    from toolkit.text.tokens import load_stopwords
    return load_stopwords() | AUX | frozenset(w.lower() for w in SENTENCE_STARTERS if not known_noun(w))


@lru_cache(maxsize=65536)
def is_name_word(t: str) -> bool:
    """A capitalised word that can be part of a name: not a weekday or month, nor a long
    all-capital word ("JUST WATCHED Obama": page furniture; acronyms are short)."""
    return (t[:1].isupper() and t[:1].isalpha() and t.lower().rstrip(".") not in MONTHS_DAYS
            and not (len(t) >= 6 and t.isupper()))


class Tok(NamedTuple):
    text: str
    start: int
    end: int


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of ``text[lo:hi]`` with their offsets in ``text``: words (abbreviations keep their
    period), possessives keep their ``’s``, every other non-space character is a token."""
    out: list[Tok] = []
    app = out.append
    new = tuple.__new__
    pos = lo
    # every non-space character starts a token, so the spaces before each token and the
    # tokens give the offsets (findall makes no match objects)
    for space, t, dot in _SPACE_TOK_RE.findall(text, lo, hi):
        s = pos + len(space)
        pos = s + len(t)
        if dot:     # a word keeps its period when it is an abbreviation or an initial
            if t in _ABBR or (len(t) == 1 and t.isupper()):
                pos += 1
                app(new(Tok, (t + ".", s, pos)))
                continue
            app(new(Tok, (t, s, pos)))
            t, s, pos = ".", pos, pos + 1
        app(new(Tok, (t, s, pos)))
    return out


@lru_cache(maxsize=65536)
def is_cap(t: str) -> bool:
    return t[:1].isupper()


@lru_cache(maxsize=65536)
def is_possessive(t: str) -> bool:
    return t.endswith(("’s", "'s", "s’", "s'")) and len(t) > 2


@lru_cache(maxsize=65536)
def is_word(t: str) -> bool:
    return t[:1].isalnum()


@lru_cache(maxsize=65536)
def known_noun(word: str) -> bool:
    """A head noun of the speaker word lists (role, organisation, document, group nouns)."""
    W = words()
    w = word.lower()
    sing = w[:-1] if w.endswith("s") else w
    pools = (W.role_nouns, W.organisation_nouns, W.document_nouns, W.group_nouns, W.spokes_nouns)
    return any(w in p or sing in p for p in pools) or w in W.gendered or w == "head"
