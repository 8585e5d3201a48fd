"""Is a phrase the subject of a clause? Where does its predicate start?

A subject is followed (after a reflexive, an apposition, a parenthesis or a short prepositional
phrase) by a verb: a lowercase word that is not a function word, and, after a description, a word
that looks like a finite verb (an auxiliary, a reporting verb, -ed, -s or a common irregular past),
so that "his business history" is not "his business" + a verb.
"""
from __future__ import annotations

from toolkit.discourse.quotes.phrases import NP
from toolkit.discourse.quotes.wordclass import (
    AUX, CLAUSE_OPENERS, DETERMINERS, FUNCTION, IRREGULAR_PAST, PREPOSITIONS, PRONOUNS, REFLEXIVES,
    Tok, _stopwords, is_cap, is_possessive, is_word, known_noun)


def may_start(tok: str) -> bool:
    """Whether a noun phrase can start at this token (a cheap filter before :func:`np_after`)."""
    if tok[:1].isupper():
        return True
    low = tok.lower()
    return low in PRONOUNS or low in DETERMINERS or (low.endswith("s") and known_noun(tok))


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
#: A name right after these is a modifier: "an al Qaeda safehouse", "her Facebook page".
_MODIFIER_AFTER = frozenset("a an his her their its our my your".split())
_OBJECT_STARTS = frozenset("to the a an that".split())
_NUMBERS = frozenset("two three four five six seven eight nine ten few several many past last next".split())


def _noun_after(toks: list[Tok], m: int, says: frozenset) -> bool:
    """A word inside a prepositional phrase right after a determiner, or a plural -s word after
    a number or "past"/"last", is a noun, not the verb: "Twice in the past two years, she says"."""
    p = toks[m - 1].text.lower()
    if p in DETERMINERS:
        return True          # "at President Obama and the first lady": "first" is no adverb here
    w = toks[m].text
    if w in says or not w.endswith("s"):
        return False
    return p in _NUMBERS or p.isdigit()


def predicate_start(toks: list[Tok], np: NP, hi: int | None = None, says: frozenset = frozenset()) -> int:
    """Where the predicate of subject ``np`` would start: after a reflexive ("himself"), an
    apposition (", who …,"), a parenthesis ("(R-Texas)") and a short prepositional phrase
    ("on Saturday", "in a statement") that is followed by a verb."""
    n = len(toks) if hi is None else min(hi, len(toks))
    k = np.j
    if k < n and toks[k].text.lower() in REFLEXIVES:
        k += 1
    if k + 1 < n and toks[k].text in ("of", "from"):
        # a place or organisation, then an apposition: "Rep. Jeb Hensarling of Texas, chairman …, said"
        m = k + 1 + (toks[k + 1].text == "the")
        while m < n and m - k <= 5 and is_cap(toks[m].text) and is_word(toks[m].text):
            m += 1
        if m > k + 1 and m < n and toks[m].text in (",", "(") and is_cap(toks[m - 1].text):
            k = m
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
        if close == ")" and k < n and toks[k].text == ",":
            # a parenthesis, then an apposition: "Rep. Nita Lowey (D-N.Y.), the top Democrat …, said"
            after = predicate_start(toks, NP(np.i, k, np.kind), hi, says)
            if after > k:
                k = after
            elif k + 1 < n and verb_like(toks[k + 1].text, says):
                k += 1     # "Rep. Bob Goodlatte (R., Va.), said"
    if k < n and toks[k].text.lower() in _PP_SKIP:
        m = k + 1
        while m < n and m - k <= 4 and is_word(toks[m].text) and not (
                verb_like(toks[m].text, says) and not _noun_after(toks, m, says)):
            m += 1
        if m < n and m > k + 1 and verb_like(toks[m].text, says) and not _noun_after(toks, m, says):
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
        if np.kind == "name" and (prev.lower() in _MODIFIER_AFTER or (
                np.i > 1 and prev in ("al", "el") and toks[np.i - 2].text.lower() in ("a", "an"))):
            return False           # "an al Qaeda safehouse in Yemen": a name as a modifier
    k = predicate_start(toks, np, hi, says)
    n = len(toks) if hi is None else min(hi, len(toks))
    if k >= n:
        return False
    w = toks[k].text
    if w.lower() in PREPOSITIONS:
        return False
    if np.kind == "name" and k == np.j and w.endswith("s") and known_noun(w) and w not in says \
            and not (k + 1 < n and toks[k + 1].text in _OBJECT_STARTS and np.name_i > np.i):
        return False               # "House members", "Trump aides": a compound noun (but "Mr. Nadler plans to")
    return verb_like(w, says) if np.kind == "description" else verbish(w)
