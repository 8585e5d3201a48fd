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

from toolkit.discourse.quotes.wordclass import (
    AUX, DETERMINERS, FUNCTION, IRREGULAR_PAST, LEADING, PRONOUNS, REFLEXIVES, Tok, _stopwords,
    is_cap, is_name_word, is_possessive, is_word, known_noun)
from toolkit.discourse.quotes.words import MONTHS_DAYS, PARTICLES, SUFFIXES, is_title_word, name_type, words


#: An honorific opens a person's name, never a modifier: "Mr. Nadler plans to" is no "plans".
_HONORIFICS = frozenset("Mr. Mrs. Ms. Dr. Mr Mrs Ms Dr Miss".split())


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
        if k < hi and toks[k].text[:1].islower() and known_noun(toks[k].text) and first not in _HONORIFICS:
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
    caps: list[int] = []
    head_j = -1
    m = k
    while m < hi and m - k < 6:
        w = toks[m].text
        wl = w.lower()
        if not is_word(w) or wl in FUNCTION or wl in AUX or is_possessive(w):
            break
        if is_cap(w):
            caps.append(m)
        if known_noun(w):
            head_j = m + 1
        elif not is_cap(w) and head_j > 0:
            break
        m += 1
    # every capitalised word before the head: "a White House official" (House is a noun too)
    mods = [toks[x].text for x in caps if x < head_j - 1] if head_j > 0 else [toks[x].text for x in caps]
    if head_j < 0:
        if m > k and m - k <= 2 and low in ("the", "a", "an") and not mods \
                and not toks[m - 1].text.endswith(("ed", "ing", "ly")):
            head_j = m      # an unknown head: "the communications pro"
        elif possessor and k + 1 < hi and toks[k].text[:1].islower() and is_word(toks[k].text) \
                and toks[k].text.lower() not in FUNCTION and (toks[k + 1].text in AUX or (
                    toks[k + 1].text.endswith("ed") or toks[k + 1].text in IRREGULAR_PAST)):
            head_j = k + 1  # an unknown head before a verb: "Mr. Obama's stance appeared"
        else:
            return None
    head = toks[head_j - 1].text.lower()
    return NP(i, head_j, "description", head=head, possessor=possessor, mods=mods,
              plural=head.endswith("s") and not head.endswith("ss"))
