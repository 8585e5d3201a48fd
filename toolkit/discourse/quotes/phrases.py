"""Tokens of a short stretch of text and the noun phrases that can speak.

A noun phrase (:class:`NP`) is one of:

- a **name**: a run of capitalised words with its title run ("Russian President Vladimir
  Putin", "Kremlin spokesman Oleg Sirin", "Secretary of State Hillary Clinton", "Mr. Rahami",
  "Donald Trump Jr."), particles between capitals ("Ursula von der Leyen") and initials
  ("John F. Kennedy"); a place or organisation after ``of``/``from`` is a post-modifier of a
  person ("Gov. Rick Perry of Texas", "Ann Lee of the Ariz. Guard" -> Ann Lee); "the" before an
  organisation's name is kept ("the New York Times");
- a **description**: a determiner or possessor, modifiers and a head noun ("the senator", "the
  83-year-old senator", "a Netflix spokesperson", "Trump’s account"), optionally with a
  post-modifier ``of/for/from/at X`` ("a spokesman for the company"); a plural group noun
  without determiner ("officials", "critics");
- a nominative **pronoun** (he, she, they, it, we, I).

A possessive ("Obama’s") is never a phrase of its own: it is the possessor of a description.
Abbreviations with a period are one token when :mod:`toolkit.text.sentences` knows them
(``Mr.``, ``Ariz.``, ``U.S.``) or they are initials.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from toolkit.discourse.quotes.words import (
    MONTHS_DAYS, PARTICLES, SUFFIXES, is_title_word, name_type, words)
from toolkit.text.sentences import ABBREVIATIONS, SENTENCE_STARTERS, TITLES

_TOK_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w(?:[\w’'\-]*\w)?(?:[’'](?!\w))?\.?|[^\w\s]")
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
#: Prepositions that also open a clause: "after Boehner chided Obama", "since Trump took office".
CLAUSE_OPENERS = frozenset("after before since until as like".split())
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


def is_name_word(t: str) -> bool:
    """A capitalised word that can be part of a name (not a weekday, month or sentence opener)."""
    return t[:1].isupper() and t[:1].isalpha() and t.lower().rstrip(".") not in MONTHS_DAYS


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
    for m in _TOK_RE.finditer(text, lo, hi):
        t = m.group()
        s = m.start()
        if t[-1] == "." and len(t) > 1 and "." not in t[:-1]:
            stem = t[:-1]
            if not (stem in _ABBR or (len(stem) == 1 and stem.isupper())):
                e = s + len(stem)
                app(new(Tok, (stem, s, e)))
                app(new(Tok, (".", e, e + 1)))
                continue
        app(new(Tok, (t, s, s + len(t))))
    return out


def is_cap(t: str) -> bool:
    return t[:1].isupper()


def is_possessive(t: str) -> bool:
    return t.endswith(("’s", "'s", "s’", "s'")) and len(t) > 2


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


@dataclass
class NP:
    """A noun phrase over tokens ``[i, j)``: ``kind`` name/description/pronoun, ``name_i`` the
    first token of the name proper (after titles and role nouns), ``head`` the head noun of a
    description, ``possessor`` a possessive name inside it, ``mods`` its capitalised modifiers."""

    i: int
    j: int
    kind: str
    name_i: int = -1
    name_j: int = -1
    head: str = ""
    possessor: str = ""
    mods: list = field(default_factory=list)
    plural: bool = False

    def span(self, toks: list[Tok]) -> tuple[int, int]:
        return toks[self.i].start, toks[self.j - 1].end


def _cap_run_back(toks: list[Tok], j: int, lo: int) -> int:
    """Start of the run of capitalised words (initials, particles, titles, lowercase role
    nouns before capitals) that ends at token ``j - 1``."""
    k = j - 1
    while k > lo:
        p = toks[k - 1].text
        low = p.lower()
        if is_name_word(p) and not is_possessive(p) and low not in LEADING and low not in _stopwords():
            k -= 1
        elif low in PARTICLES and k - 2 >= lo and is_cap(toks[k - 2].text):
            k -= 1
        elif low == "of" and k - 2 >= lo and is_title_word(toks[k - 2].text) and is_cap(toks[k - 2].text):
            k -= 1    # "Secretary of State Hillary Clinton"
        elif p[:1].islower() and (known_noun(p) or is_title_word(p)) and is_cap(toks[k].text) \
                and not known_noun(toks[k].text):
            k -= 1    # "Kremlin spokesman Oleg Sirin", "press secretary Sarah Sanders"
        else:
            break
    return k


def _name_part(toks: list[Tok], i: int, j: int) -> int:
    """First token of the name proper in a name run ``[i, j)`` (after titles and role nouns)."""
    k = i
    last = j - 1
    while last > i and toks[last].text.lower().rstrip(".") in SUFFIXES:
        last -= 1
    for m in range(i, last):
        t = toks[m].text
        if is_title_word(t) or t.lower() == "of" or (t[:1].islower() and known_noun(t)) \
                or t.lower() in words().places or (t[:1].islower() and is_title_word(t)):
            k = m + 1
        elif is_cap(t):
            # a modifier before a title: "Kremlin spokesman", "Texas Gov."
            if any(is_title_word(x.text) or x.text[:1].islower() for x in toks[m + 1:last]):
                continue
            break
    return min(k, last)


def np_before(toks: list[Tok], j: int, lo: int = 0) -> NP | None:
    """The noun phrase that ends at token ``j - 1`` (not before token ``lo``), or None."""
    if j <= lo:
        return None
    t = toks[j - 1].text
    low = t.lower()
    if t == ")":     # "Sen. Lindsey Graham (R-S.C.) said": skip a short parenthesis
        k = j - 1
        while k > lo and toks[k - 1].text != "(" and j - k < 8:
            k -= 1
        return np_before(toks, k - 1, lo) if k > lo and toks[k - 1].text == "(" else None
    if low in PRONOUNS:
        return NP(j - 1, j, "pronoun", plural=low in ("they", "we"))
    if low in REFLEXIVES:          # "Trump himself", "the president himself"
        return np_before(toks, j - 1, lo)
    if not is_word(t) or is_possessive(t) or low.rstrip(".") in MONTHS_DAYS:
        return None
    if is_cap(t) and low not in LEADING and low not in FUNCTION and low not in _stopwords():
        i = _cap_run_back(toks, j, lo)
        np = NP(i, j, "name", name_i=_name_part(toks, i, j), name_j=j)
        if i > lo and toks[i - 1].text.lower() == "the":
            np.i = i - 1    # "the New York Times", "the Kremlin"
        return _postmodified(toks, np, lo)
    if low in FUNCTION or low in AUX or not t[:1].isalpha():
        return None
    # a description ending in a lowercase head noun
    k = j - 1
    mods, possessor = [], ""
    while k > lo and j - k < 7:
        p = toks[k - 1].text
        pl = p.lower()
        if pl in DETERMINERS:
            if not (pl in ("that", "this", "these", "those") and is_cap(toks[k].text)):
                k -= 1             # "a deal that Russian officials said": "that" opens a clause
            break
        if is_possessive(p):
            k -= 1
            possessor = p[:-2] if p.endswith(("’s", "'s")) else p[:-1]
            if is_cap(p):
                k = _cap_run_back(toks, k + 1, lo)
                possessor = " ".join(x.text for x in toks[k:j - 1] if is_possessive(x.text) or is_cap(x.text))
                possessor = re.sub(r"[’']s?$", "", possessor)
            break
        if not is_word(p) or pl in FUNCTION or pl in AUX or pl in PRONOUNS \
                or (p[:1].islower() and (pl in IRREGULAR_PAST or (pl.endswith("ed") and not "-" in pl))):
            break                  # "The Post denied parts": a verb is no modifier
        if is_cap(p):
            mods.insert(0, p)
        k -= 1
    has_det = k < j - 1 and (toks[k].text.lower() in DETERMINERS or is_possessive(toks[k].text) or possessor)
    plural = low.endswith("s") and not low.endswith("ss")
    if not has_det:
        if not (plural and known_noun(t)):   # "officials said", "critics say"
            return None
        k = j - 1
        while k > lo and is_cap(toks[k - 1].text) and is_word(toks[k - 1].text) \
                and toks[k - 1].text.lower() not in LEADING:
            mods.insert(0, toks[k - 1].text)
            k -= 1    # "Democratic lawmakers", "White House officials"
    np = NP(k, j, "description", head=low, possessor=possessor, mods=mods, plural=plural)
    return _postmodified(toks, np, lo)


def _postmodified(toks: list[Tok], np: NP, lo: int) -> NP:
    """Extend ``np`` to the left when it is the object of ``of/for/from/at`` after a phrase that
    it modifies: "Ann Lee of the Ariz. Guard" -> Ann Lee; "a spokesman for the company"."""
    i = np.i
    if i - 1 <= lo:
        return np
    prep = toks[i - 1].text.lower()
    if prep not in ("of", "for", "from", "at", "with"):
        return np
    head = np_before(toks, i - 1, lo)
    if head is None or head.kind == "pronoun":
        return np
    if head.kind == "name":
        if name_type(" ".join(t.text for t in toks[head.i:head.j])) != "person":
            if np.kind == "name" and prep == "of" and not head.i < head.name_i:
                head.j, head.name_j = np.j, np.j     # "Department of Justice", "Bank of America"
                return head
            return np
        return head        # a person "of Texas", "of the Ariz. Guard"
    if known_noun(head.head):
        head.mods = head.mods + ([toks[x].text for x in range(np.name_i, np.j)] if np.kind == "name"
                                 else np.mods or [np.head])
        return head        # "a spokesman for the company", "the head of the agency"
    return np


def np_after(toks: list[Tok], i: int, hi: int) -> NP | None:
    """The noun phrase that starts at token ``i`` (before token ``hi``), or None."""
    if i >= hi:
        return None
    t = toks[i].text
    low = t.lower()
    if t[:1].islower() and low not in FUNCTION:
        # lowercase role words before a name: "department spokesman Mark Toner",
        # "campaign aide John Russell", "press secretary Sarah Sanders"
        k = i
        while k < hi and k - i < 3 and toks[k].text[:1].islower() and (
                known_noun(toks[k].text) or is_title_word(toks[k].text) or (
                k + 1 < hi and known_noun(toks[k + 1].text) and toks[k + 1].text[:1].islower())):
            k += 1
        if i < k < hi and known_noun(toks[k - 1].text) and is_name_word(toks[k].text) \
                and toks[k].text.lower() not in _stopwords():
            inner = np_after(toks, k, hi)
            if inner is not None and inner.kind == "name":
                return NP(i, inner.j, "name", name_i=inner.name_i, name_j=inner.name_j)
    if low in PRONOUNS:
        return NP(i, i + 1, "pronoun", plural=low in ("they", "we"))
    if not is_word(t):
        return None
    j = i
    if low == "the" and i + 1 < hi and is_cap(toks[i + 1].text):
        j = i + 1
    first = toks[j].text
    if is_cap(first) and first.lower() not in DETERMINERS:
        fl = first.lower()
        if fl in LEADING or fl in FUNCTION or fl in AUX or fl in _stopwords() or fl.rstrip(".") in MONTHS_DAYS:
            return None
        k = j
        while k < hi:
            w = toks[k].text
            wl = w.lower()
            if is_possessive(w):
                break
            if is_name_word(w) or (wl in PARTICLES and k + 1 < hi and is_cap(toks[k + 1].text)) \
                    or (wl == "of" and is_title_word(toks[k - 1].text) and k + 1 < hi and is_cap(toks[k + 1].text)) \
                    or (w[:1].islower() and (known_noun(w) or is_title_word(w)) and k + 1 < hi
                        and (is_cap(toks[k + 1].text) or toks[k + 1].text[:1].islower() and is_title_word(toks[k + 1].text))):
                k += 1
            else:
                break
        if k == j:
            return None
        if k == j + 1 and j == i and known_noun(first) and fl.endswith("s") and not fl.endswith("ss"):
            return NP(i, k, "description", head=fl, plural=True)   # "Prosecutors didn’t …"
        if k < hi and is_possessive(toks[k].text):
            return _desc_after(toks, i, hi)     # "Trump’s account", "the company’s spokeswoman"
        if k < hi and toks[k].text[:1].islower() and known_noun(toks[k].text):
            head = toks[k].text.lower()         # "the House speaker", "the German military"
            return NP(i, k + 1, "description", head=head, mods=[t.text for t in toks[j:k]],
                      plural=head.endswith("s") and not head.endswith("ss"))
        np = NP(i, k, "name", name_i=_name_part(toks, j, k), name_j=k)
        return np
    return _desc_after(toks, i, hi)


def _desc_after(toks: list[Tok], i: int, hi: int) -> NP | None:
    """A description starting at ``i``: determiner or possessor, modifiers, head noun."""
    k = i
    possessor = ""
    low = toks[i].text.lower()
    if low in DETERMINERS:
        k = i + 1
        if low in ("that", "this", "these", "those") and k < hi and (
                is_cap(toks[k].text) or toks[k].text.lower() in PRONOUNS):
            return None            # "that Mr. Santorum described": a complementiser
    else:
        while k < hi and is_cap(toks[k].text) and not is_possessive(toks[k].text):
            k += 1
        if k < hi and is_possessive(toks[k].text):
            possessor = re.sub(r"[’']s?$", "", " ".join(x.text for x in toks[i:k + 1]))
            k += 1
        elif not (known_noun(toks[i].text) and toks[i].text.lower().endswith("s")):
            return None
        else:
            k = i
    mods: list[str] = []
    head_j = -1
    m = k
    while m < hi and m - k < 6:
        w = toks[m].text
        wl = w.lower()
        if not is_word(w) or wl in FUNCTION or wl in AUX or is_possessive(w):
            break
        if known_noun(w):
            head_j = m + 1
        elif is_cap(w):
            mods.append(w)
        elif head_j > 0:
            break
        m += 1
    if head_j < 0:
        if m > k and m - k <= 2 and low in ("the", "a", "an") and not mods \
                and not toks[m - 1].text.endswith(("ed", "ing", "ly")):
            head_j = m      # an unknown head: "the communications pro"
        else:
            return None
    head = toks[head_j - 1].text.lower()
    return NP(i, head_j, "description", head=head, possessor=possessor, mods=mods,
              plural=head.endswith("s") and not head.endswith("ss"))


def may_start(tok: str) -> bool:
    """Whether a noun phrase can start at this token (a cheap filter before :func:`np_after`)."""
    low = tok.lower()
    return (tok[:1].isupper() or low in PRONOUNS or low in DETERMINERS
            or (low.endswith("s") and known_noun(tok)))


def verb_like(tok: str, says: frozenset = frozenset()) -> bool:
    """A lowercase word that looks like a finite verb (after a description, where
    :func:`verbish` would also take a noun: "his business history"); ``says`` are the
    reporting-verb forms (from the verb lexicon)."""
    low = tok.lower()
    return (low in says or low in AUX or low in IRREGULAR_PAST or low.endswith("ed")
            or (low.endswith("s") and not low.endswith("ss") and tok[:1].islower()))


def verbish(tok: str) -> bool:
    """A lowercase word that can be a verb after a subject (not a function word)."""
    low = tok.lower()
    return tok[:1].islower() and tok[:1].isalpha() and (
        low in AUX or "'" in low or "’" in low or (low not in FUNCTION and low not in _stopwords()))


_PP_SKIP = frozenset("on in at of from during after before for with via".split())


def predicate_start(toks: list[Tok], np: NP, hi: int | None = None, says: frozenset = frozenset()) -> int:
    """Where the predicate of subject ``np`` would start: after a reflexive ("himself"), an
    apposition (", who …,"), a parenthesis ("(R-Texas)") and a short prepositional phrase
    ("on Saturday", "in a statement") that is followed by a verb."""
    n = len(toks) if hi is None else min(hi, len(toks))
    k = np.j
    if k < n and toks[k].text.lower() in REFLEXIVES:
        k += 1
    if k < n and toks[k].text in (",", "("):
        # an apposition or parenthesis, which may hold commas of its own ("X, who is now
        # chairman to the Hudson Institute, a conservative think tank, told"): the predicate
        # starts after the first closing mark that a verb follows
        close = "," if toks[k].text == "," else ")"
        m = k + 1
        found = -1
        while m < n and m - k < 40:
            w = toks[m].text
            if w in ("“", "”", '"', ";", ":") or (w == "." and m + 1 >= n):
                break
            if found < 0 and w in says and close == "," and m > k + 2 and toks[m - 1].text[:1].isupper():
                # "Karen Zabarsky, a spokeswoman for Kushner Companies told": the closing comma
                # is missing in the source; the reporting verb after a name ends the apposition
                return m
            if w == close:
                e = m + 1
                while e < n and toks[e].text.lower() in REFLEXIVES:
                    e += 1
                a = e
                while a < n and toks[a].text.lower() in AUX:
                    a += 1
                if found < 0:
                    found = e
                if a < n and verbish(toks[a].text) and toks[a].text.lower() not in AUX | PREPOSITIONS:
                    found = e
                    break
                if close == ")":
                    break
            m += 1
        if found < 0:
            return k
        k = found
    if k < n and toks[k].text.lower() in _PP_SKIP:
        m = k + 1
        while m < n and m - k <= 4 and is_word(toks[m].text) and not verb_like(toks[m].text, says):
            m += 1
        if m < n and m > k + 1 and verb_like(toks[m].text, says):
            k = m
    return k


def is_subject_of(toks: list[Tok], np: NP, hi: int | None = None, says: frozenset = frozenset()) -> bool:
    """``np`` is followed by a verb (see :func:`predicate_start`) and not governed by a
    preposition or a possessive."""
    if np.i > 0:
        prev = toks[np.i - 1].text
        if (prev.lower() in PREPOSITIONS and prev.lower() not in CLAUSE_OPENERS) \
                or (is_possessive(prev) and np.kind != "name"):
            return False           # "Israel's U.N. Ambassador Ron Prosor said" is a subject
    k = predicate_start(toks, np, hi, says)
    n = len(toks) if hi is None else min(hi, len(toks))
    if k >= n:
        return False
    w = toks[k].text
    if w.lower() in PREPOSITIONS:
        return False
    if np.kind == "name" and k == np.j and w.endswith("s") and known_noun(w) and w not in says:
        return False               # "House members", "Trump aides": a compound noun
    return verb_like(w, says) if np.kind == "description" else verbish(w)
