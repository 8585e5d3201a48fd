"""The cue of one quotation: the phrase that says who speaks, and the reporting verb.

Searched in the quotation's own sentence (sentences of :mod:`toolkit.text.sentences`), nearest
attribution first:

1. **After** the closing mark: ``“…,” X said``, ``“…,” X, who …, told …``, ``“…,” said X``
   (also ``says Name, long description``), ``“…,” according to X``, a byline after a dash
   (``“…” — Kelly Lawler, USA Today``). A quotation that ends its
   sentence (a full stop inside the marks) takes only a following sentence that is nothing but
   the attribution: ``“….” X said.`` / ``“….” said X.`` Failing these, a final attribution after
   the clause's last comma (``… “start moving forward” once the election is over, he said.``).
2. **Before** it, in the same sentence: ``According to X, “…”``; the reporting verb nearest the
   quotation whose subject stands before it (after an apposition, a parenthesis, auxiliaries or
   ``was quick to`` / ``went on to``): ``X added: “…”``, ``X told the outlet that … “…”``,
   ``Moscow dismissed the speculations as a “bogus story”``, ``X referred to Y as “…”``. A
   participle (``…, saying, “…”``) takes the nearest clause subject before it. A colon
   introduction without a verb takes the phrase that opens the sentence (``Name, title: “…”``).

A verb form is a noun, not a cue, when a determiner, a possessive or a preposition stands
right before it ("her comments", "in a post"); a present-tense form must agree with its
subject ("a Facebook post" is not "a Facebook" posting; "critics say", "Trump tweets").
"""
from __future__ import annotations

from dataclasses import dataclass

from toolkit.discourse.quotes.clauses import is_subject_of, predicate_start, verbish
from toolkit.discourse.quotes.phrases import NP, np_after, np_before
from toolkit.discourse.quotes.wordclass import (
    CLAUSE_OPENERS, AUX, DETERMINERS, LEADING, PREPOSITIONS, PRONOUNS, Tok, is_possessive, is_word, known_noun)
from toolkit.discourse.quotes.verbs import Verbs
from toolkit.discourse.quotes.words import is_first_name, is_title, name_type


@dataclass
class Cue:
    """A speaker phrase over ``toks`` and its cue: the verb form as written, ``according to``
    or ``:``; ``where`` is after/before/according/colon."""

    np: NP
    toks: list
    cue: str
    form: str | None
    where: str

    @property
    def span(self) -> tuple[int, int]:
        return self.np.span(self.toks)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.toks[self.np.i:self.np.j])


_MODALS = frozenset("will would did does do can could may might should must to".split())


def _agrees(np: NP, form: str, V: Verbs, toks: list[Tok], modal: bool = False) -> bool:
    """A present-tense form agrees with its subject; other forms always do."""
    lemma = V.lemma[form]
    if modal and form == lemma:
        return True          # "would later say", "did not say"
    plural = np.plural or (np.kind == "pronoun" and toks[np.i].text.lower() in ("they", "we", "i"))
    if form == lemma and not form.endswith("s"):
        return plural or np.kind == "pronoun" and toks[np.i].text.lower() in ("i", "we", "they")
    if form != lemma and form.endswith("s") and not form.endswith("ss") and form[:-1].rstrip("e") in lemma:
        return not plural
    return True


#: Words that are prepositions or open a clause ("after Trump’s account tweeted …").
_SUBORDINATORS = frozenset(
    "after before when while because if as although though since until unless once whereas".split())
_CLAUSE_OPENERS = CLAUSE_OPENERS


def _valid_subject(toks: list[Tok], np: NP | None) -> bool:
    if np is None:
        return False
    if np.i > 0:
        prev = toks[np.i - 1].text.lower()
        if prev in PREPOSITIONS and prev not in _CLAUSE_OPENERS and not (
                prev == "to" and np.i > 1 and toks[np.i - 2].text.lower() == "according"):
            return False
        if is_possessive(toks[np.i - 1].text) and np.kind != "name":
            return False           # "Russia's envoy Konstantin Grebnev said" is a subject
    if np.kind == "name" and toks[np.j - 1].text.lower() in LEADING:
        return False
    return True


def _name_after_of(toks: list[Tok], np: NP) -> NP | None:
    """The person name at the end of a name run after "of" whose first words are an
    organisation, not a title: "(former leader) of the UK Independence Party Nigel Farage" ->
    Nigel Farage (the one the description before "of" describes), else None."""
    if np.kind != "name" or np.i == 0 or toks[np.i - 1].text.lower() != "of" or np.j - np.i < 3 \
            or any(is_title(t.text) for t in toks[np.i:np.name_i]):
        return None
    start = None     # the person's name: from the leftmost first name of the last three words
    for m in range(np.j - 2, max(np.i, np.j - 4), -1):
        if is_first_name(toks[m].text):
            start = m
    if start is None or start == np.i or name_type(" ".join(t.text for t in toks[start:np.j])) != "person":
        return None
    return NP(start, np.j, "name", name_i=start, name_j=np.j)


def _is_noun_use(toks: list[Tok], v: int) -> bool:
    if v == 0:
        return False
    prev = toks[v - 1].text
    pl = prev.lower()
    if pl == "to" and v > 1 and toks[v - 2].text.lower() not in DETERMINERS:
        return False     # an infinitive: "was quick to retort", "went on to say"
    return (pl in DETERMINERS and pl not in ("that",)) or pl in PREPOSITIONS or is_possessive(prev)


def _skip_aux(toks: list[Tok], k: int) -> int:
    """Move left over auxiliaries and adverbs, and over ``was quick to`` / ``went on to``."""
    while k > 0:
        w = toks[k - 1].text.lower()
        if w in AUX or (w.endswith("ly") and toks[k - 1].text[:1].islower() and len(w) > 3):
            k -= 1
        elif w == "to" and k > 1 and (verbish(toks[k - 2].text) or toks[k - 2].text.lower() in ("on", "up")):
            m = k - 1
            # up to three lowercase words before "to": "was quick", "went on", "decided"
            while m > 0 and k - 1 - m < 3 and (verbish(toks[m - 1].text) or toks[m - 1].text.lower() in ("on", "up")):
                m -= 1
            k = m
        else:
            break
    return k


def subject_before(toks: list[Tok], k: int) -> NP | None:
    """The subject whose phrase ends right before token ``k``: the phrase itself, else the
    subject before an apposition ("X, who …, said"; "BuzzFeed’s editor, Ben Smith, said"
    gives the name), else the subject before a short prepositional phrase ("X on Friday said")."""
    np = np_before(toks, k)
    if _valid_subject(toks, np):
        return np
    if np is not None and np.j == k and (person := _name_after_of(toks, np)) is not None:
        return person
    if k > 1 and toks[k - 1].text == ",":
        inner = np_before(toks, k - 1)       # the apposition itself, when it is a name
        c = k - 2
        seen = 0
        while c > 0 and k - c < 40 and seen < 3:
            if toks[c].text in ("“", "”", '"', ";", ":"):
                break
            if toks[c].text == ")":       # a parenthesis is opaque: "Rep. Bob Goodlatte (R., Va.), said"
                right = c == k - 2
                while c > 0 and toks[c].text != "(":
                    c -= 1
                if right and seen == 0:
                    outer = np_before(toks, c)     # the phrase the parenthesis follows
                    if _valid_subject(toks, outer) and outer.j == c:
                        return outer
                c -= 1
                continue
            if toks[c].text == ",":
                seen += 1
                outer = np_before(toks, c)
                if outer is not None and c == outer.j and not _valid_subject(toks, outer):
                    outer = _name_after_of(toks, outer)
                if _valid_subject(toks, outer) and c == outer.j:
                    if outer.kind != "name" and inner is not None and inner.kind == "name" \
                            and inner.i == c + 1:
                        return inner         # "a description, Name, said"
                    return outer
            c -= 1
        if inner is not None and inner.kind == "name" and inner.i > 0 and toks[inner.i - 1].text == ",":
            return inner                 # "BuzzFeed’s editor in chief, Ben Smith, tweeted"
        return None
    for m in range(k - 1, max(0, k - 6), -1):   # "X on Friday said", "X in a statement said"
        if toks[m].text.lower() in ("on", "in", "at", "during", "after", "before"):
            np = np_before(toks, m)
            if _valid_subject(toks, np) and np.j == m:
                return np
        if not is_word(toks[m].text):
            break
    return None


def nearest_clause_subject(toks: list[Tok], v: int, says: frozenset = frozenset()) -> NP | None:
    """The nearest phrase before token ``v`` that is the subject of a clause (or of the
    participle itself after "with": "with Russia's envoy Konstantin Grebnev saying")."""
    for j in range(v, 0, -1):
        np = np_before(toks, j)
        if np is None or np.j != j or not _valid_subject(toks, np) or (
                np.kind == "description" and np.head in says and not known_noun(np.head)):
            continue
        if j == v and np.i > 0 and toks[np.i - 1].text.lower() == "with" or (
                j == v and np.i > 1 and is_possessive(toks[np.i - 1].text) and toks[np.i - 2].text.lower() == "with"):
            return np
        k = predicate_start(toks, np, v + 1, says)
        if k < v and is_subject_of(toks, np, v + 1, says):
            if np.i > 1 and (toks[np.i - 1].text in says or (
                    toks[np.i - 1].text == "that" and toks[np.i - 2].text in says)):
                continue     # "X said the act destroys …, adding": the subject of what X said
            return np
    return None


def first_clause_subject(toks: list[Tok], v: int, says: frozenset = frozenset()) -> NP | None:
    """The first phrase before token ``v`` that is the subject of a clause, after a fronted
    subordinate clause ("After Scotto finished his report, Grimm stormed back, … and said")."""
    start = 1
    if toks and (toks[0].text.lower() in _SUBORDINATORS or toks[0].text.lower().endswith("ed")):
        comma = next((i for i in range(1, v) if toks[i].text == ","), None)
        if comma is not None:
            start = comma + 2
    for j in range(start, v + 1):
        np = np_before(toks, j)
        if np is None or np.j != j or not _valid_subject(toks, np) or (
                np.kind == "description" and np.head in says and not known_noun(np.head)):
            continue
        if np.j < len(toks) and toks[np.j].text[:1].isupper():
            continue                  # a longer name goes on
        if predicate_start(toks, np, v + 1, says) < v and is_subject_of(toks, np, v + 1, says):
            return np
    return None


def cue_before(toks: list[Tok], V: Verbs) -> Cue | None:
    """The cue in ``toks``, the part of the sentence before the opening mark."""
    n = len(toks)
    if not n:
        return None
    for k in range(n - 2):
        t = toks[k].text
        if len(t) == 9 and t.lower() == "according" and toks[k + 1].text.lower() == "to":
            np = np_after(toks, k + 2, n)
            if np is not None:
                return Cue(np, toks, "according to", None, "according")
    for v in range(n - 1, -1, -1):
        form = toks[v].text
        if form not in V.lemma or _is_noun_use(toks, v):
            continue
        if form.endswith("ing"):
            np = nearest_clause_subject(toks, v, V.forms)
            if np is not None:
                return Cue(np, toks, form, form, "before")
            continue
        k = _skip_aux(toks, v)
        relative = k > 1 and toks[k - 1].text.lower() == "who" and toks[k - 2].text == ","
        if relative:
            k -= 2       # "said Bloomberg, who added that …": the relative's antecedent
            np = np_before(toks, k)
            if np is None or np.kind == "pronoun":   # (after a preposition too: "joined by X, who said")
                np = subject_before(toks, k)
        else:
            np = subject_before(toks, k)
        if np is not None and np.kind == "description" and np.head in V.lemma and not known_noun(np.head):
            np = None                  # "Russia's Defence Ministry said …": a verb is no head
        if np is None and k > 0 and toks[k - 1].text.lower() in (",", "and", "but", "then"):
            # "X stormed back, leaned in and said", "Spicer said Trump had called … and insisted":
            # the subject of the sentence's first clause
            np = first_clause_subject(toks, v, V.forms)
        if np is not None and _agrees(np, form, V, toks, modal=any(t.text.lower() in _MODALS for t in toks[k:v])):
            return Cue(np, toks, form, form, "before")
        if v + 1 < n and toks[-1].text == ":":
            inv = np_after(toks, v + 1, n)   # "And, says Bernanke:"
            if inv is not None and inv.kind != "pronoun" and inv.j == n - 1:
                return Cue(inv, toks, form, form, "before")
    for v in range(n - 1, 0, -1):
        # "his comment that …", "Trump’s claim that …": the possessor of a reporting noun
        form = toks[v].text.lower()
        if form in V.lemma and not form.endswith(("ing", "ed")):
            prev = toks[v - 1].text
            if n - v > 14 or (v + 1 < n and toks[v + 1].text.lower() != "that") \
                    or any(t.text in (",", ";", ":") for t in toks[v + 1:]):
                continue       # the noun governs the quotation: "his comment that … “", "Trump’s claim “"
            if prev.lower() in ("his", "her", "their"):
                return Cue(NP(v - 1, v, "pronoun"), toks, form, None, "before")
            if is_possessive(prev) and prev[:1].isupper():
                i = v - 1
                while i > 0 and toks[i - 1].text[:1].isupper() and is_word(toks[i - 1].text):
                    i -= 1
                return Cue(NP(i, v, "name", name_i=i, name_j=v), toks, form, None, "before")
    if toks[-1].text == ":":
        k = 0
        while k < n and toks[k].text.lower() in LEADING | {",", "and"}:
            k += 1
        np = np_after(toks, k, n)
        if np is not None and np.kind != "pronoun" and (np.j == n - 1 or toks[np.j].text in (",", "(")):
            return Cue(np, toks, ":", None, "colon")
    return None


def cue_after(toks: list[Tok], V: Verbs, *, bare: bool = False) -> Cue | None:
    """The cue in ``toks``, the rest of the sentence after the closing mark (``bare``: the next
    sentence, which must be nothing but the attribution). Failing a cue right after the mark,
    a final attribution after the last comma of the clause ("… could “start moving forward”
    once the election is over, he said.")."""
    cue = _cue_after(toks, V, bare)
    if cue is None and not bare and len(toks) > 3:
        c = len(toks) - 2
        while c > 0 and toks[c].text != "," and len(toks) - c <= 12:
            c -= 1
        if c > 0 and toks[c].text == "," and not any(t.text in ("“", "”", '"') for t in toks[c:]):
            cue = _cue_after(toks[c + 1:], V, True)
    return cue


def _cue_after(toks: list[Tok], V: Verbs, bare: bool) -> Cue | None:
    n = len(toks)
    i = 0
    dash = False
    while i < n and toks[i].text in (",", "—", "–", "-"):
        dash = dash or toks[i].text in ("—", "–")
        i += 1
    if i >= n:
        return None
    if dash:
        np = np_after(toks, i, n)   # a byline after a dash: "” — Kelly Lawler, USA Today"
        if np is not None and np.kind == "name" and (np.j == n or toks[np.j].text in (",", ".", "(")) \
                and not any(t.text in V.lemma for t in toks[np.j:]):
            return Cue(np, toks, "—", None, "after")
    if not bare and toks[i].text.lower() == "according" and i + 1 < n and toks[i + 1].text.lower() == "to":
        np = np_after(toks, i + 2, n)
        return Cue(np, toks, "according to", None, "according") if np is not None else None
    w = toks[i].text
    if w in V.lemma and not w.endswith("ing"):
        np = np_after(toks, i + 1, n)
        if np is not None and np.kind != "pronoun" and (not bare or _ends(toks, np.j)):
            return Cue(np, toks, w, w, "after")
        return None
    np = np_after(toks, i, n)
    if np is None:
        return None
    k = predicate_start(toks, np, None, V.forms) if not bare else np.j
    if np.kind == "description" and k > np.j + 2 and toks[np.j].text == ",":
        inner = np_after(toks, np.j + 1, k - 1)       # "his former lawyer, Manny Conditsis, told"
        if inner is not None and inner.kind == "name" and inner.j == k - 1:
            np = inner
    while k < n and toks[k].text.lower() in AUX:
        k += 1
    if k < n and toks[k].text in V.lemma and not toks[k].text.endswith("ing") and _agrees(np, toks[k].text, V, toks):
        if not bare or _ends(toks, k + 1):
            return Cue(np, toks, toks[k].text, toks[k].text, "after")
    return None


def _ends(toks: list[Tok], k: int) -> bool:
    """The bare attribution ends at token ``k``: the sentence end, a comma, or a short
    phrase without a verb ("on Monday", "in a statement")."""
    if k >= len(toks) or toks[k].text in (".", ",", ";", "!", "?"):
        return True
    return toks[k].text.lower() in PREPOSITIONS and not any(
        t.text in ("“", "”", '"') for t in toks[k:]) and len(toks) - k <= 8


__all__ = ["Cue", "cue_after", "cue_before", "nearest_clause_subject", "subject_before",
           "is_word", "PRONOUNS"]
