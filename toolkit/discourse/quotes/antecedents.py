"""Antecedents in the mention model: he/she/they/it, role descriptions and documents (rules
2 to 4 of :mod:`toolkit.discourse.quotes.mentions`).

:class:`Antecedents` is a part of :class:`toolkit.discourse.quotes.mentions.Article`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from toolkit.discourse.quotes.names import Entity
from toolkit.discourse.quotes.phrases import np_after, np_before
from toolkit.discourse.quotes.wordclass import IN_WORD_RE, tokens
from toolkit.discourse.quotes.words import PRONOUN_GENDER, words

#: How many paragraphs before a pronoun's own its antecedent may be found in.
PRONOUN_PARAGRAPHS = 2


class Antecedents:
    """Resolution of pronouns, roles and documents to earlier entities (needs the
    :class:`~toolkit.discourse.quotes.mentions.Article` attributes)."""

    def pronoun(self, word: str, pos: int) -> Entity | None:
        """Antecedent of a pronoun at ``pos`` (rule 3), or None."""
        word = word.lower()
        if word not in ("he", "she", "they", "it"):
            return None
        key = ("pron", pos)
        if key in self._entities:
            return self._entities[key]
        self._entities[key] = None      # guards against cycles
        ent = self._search(pos, lambda e: _compatible(e, word))
        if ent is not None and word in PRONOUN_GENDER and ent.gender is None:
            ent.gender = PRONOUN_GENDER[word]
        self._entities[key] = ent
        return ent

    def role(self, head: str, pos: int) -> Entity | None:
        """The person a role description at ``pos`` refers to (rule 2), or None."""
        key = ("role", head, pos)
        if key in self._entities:
            return self._entities[key]
        self._entities[key] = None
        ent = self._attached(head, pos)
        if ent is _UNNAMED:
            ent = None       # "a senior official said … the official added": never named
        elif ent is None:
            gender = words().gendered.get(head)
            ent = self._search(pos, lambda e: e.type == "person" and gender in (None, e.gender or gender))
        self._entities[key] = ent
        return ent

    def _search(self, pos: int, ok) -> Entity | None:
        s = self.sentence_of(pos)
        floor = self._para_starts[max(0, self.paragraph_of(pos) - PRONOUN_PARAGRAPHS)]
        semi = self.text.rfind(";", self.sents[s][0], pos)   # a clause of its own after ";" first
        for after_semi in ((True, False) if semi >= 0 else (False,)):
            for subj in self.subjects(s):
                if subj.pos >= pos:
                    break
                if after_semi and subj.pos < semi:
                    continue
                ent = self._candidate(subj, ok)
                if ent is not None:
                    return ent
        for s2 in range(s - 1, -1, -1):
            if self.sents[s2][1] <= floor:
                break
            for _, ent in self._spoken.get(s2, ()):
                if ok(ent):
                    return ent           # a quotation's speaker is the most salient sayer
            first = second = None
            for subj in self.subjects(s2):
                ent = self._candidate(subj, ok)
                if ent is not None:
                    if subj.sayer:
                        return ent       # the one who says something in that sentence
                    if subj.subordinate:
                        second = second or ent
                    else:
                        first = first or ent
            if first is not None or second is not None:
                return first or second   # a main-clause subject before one of a "that …" clause
        return None

    def _candidate(self, subj, ok) -> Entity | None:
        """The subject's entity if ``ok``; for a description of no entity with a person's
        possessive ("Mr. Obama's stance appeared …, and he"), that person."""
        ent = self.subject_entity(subj)
        if ent is not None:
            return ent if ok(ent) else None
        np = subj.np
        if np is not None and np.possessor[:1].isupper() and np.kind == "description":
            ent = self._possessor_entity(np.possessor, subj.pos)
            if ent is not None and ent.type == "person" and ok(ent):
                return ent
        return None

    def _attached(self, head: str, pos: int) -> Entity | None:
        """The person the nearest earlier use of the role was attached to; :data:`_UNNAMED`
        when the nearest earlier use is an indefinite description attached to nobody that a
        reporting verb governs ("a senior administration official said …"; not a generic "a
        North Korean leader")."""
        nearest = True
        for a, b in reversed(self._role_spans(head, pos)):     # nearest first
            if any(q.start <= a < q.end for q in self.quotes):
                continue
            ent = self._person_at_role(a, b)
            if ent is not None:
                return ent
            if nearest and a < pos - 4:
                m = _INDEFINITE_RE.search(self.text, max(0, a - 40), a)
                if m is not None and self._says_near(m.start(), b):
                    return _UNNAMED
            nearest = nearest and a >= pos - 4    # the description's own head is not "earlier"
        return None

    def _role_spans(self, head: str, pos: int) -> list[tuple[int, int]]:
        """Spans of the matches of :func:`_role_forms` in ``text[:pos]`` (``finditer(text, 0,
        pos)``). An attempt to match at ``p`` reads no further than ``p + width``, so the
        matches that start before ``pos - width`` are those of any longer prefix: they are
        kept per head and the text is scanned once, up to the furthest ``pos`` asked for; only
        the last ``width`` characters are looked at again."""
        forms, width = _role_forms(head)
        state = self._roles.get(head)
        if state is None:
            state = self._roles[head] = [[], 0, 0]   # matches starting before cut, cut, resume
        spans, cut, resume = state
        if pos - width > cut:
            cut = pos - width
            for a, b in _spans(forms, self.text, resume, pos):
                if a >= cut:
                    break
                spans.append((a, b))
                resume = b
            state[1], state[2] = cut, max(resume, cut)
        lo = pos - width
        k = bisect_left(spans, (lo, -1))            # the matches that start before ``lo``
        out = spans[:k]
        out += _spans(forms, self.text, max(lo, out[-1][1] if out else 0), pos)
        return out

    def _says_near(self, a: int, b: int) -> bool:
        """A reporting verb governs the description at ``[a, b)``: one of the 16 words after
        it, before a full stop ("a senior official … told CNN"), or the word before it ("said a
        senior aide")."""
        text = self.text
        after = text[b:b + 160].split(".", 1)[0].split()[:16]
        before = text[max(0, a - 20):a].split()
        return any(w.strip(",;:") in self.says for w in after) or bool(before and before[-1] in self.says)

    def _person_at_role(self, a: int, b: int) -> Entity | None:
        """The person a role word at ``[a, b)`` is attached to (title run or apposition)."""
        text = self.text
        window = (max(0, a - 120), min(len(text), b + 80))
        toks = self._windows.get(window)
        if toks is None:       # the same role word is looked at again for later descriptions
            toks = self._windows[window] = tokens(text, *window)
        k = next((i for i, t in enumerate(toks) if t.start == a), None)
        if k is None:
            return None
        # a title run: the name follows within the run ("Sen. Jane Doe", "House Speaker Pelosi")
        for start in range(k, max(-1, k - 4), -1):
            np = np_after(toks, start, len(toks))
            if np is not None and np.kind == "name" and np.i <= k < np.name_i <= np.name_j:
                ent = self.name_entity(toks, np)
                return ent if ent is not None and ent.type == "person" else None
        # an apposition after a name: "Jane Doe, the senator from Ohio," / "Doe, a senator,"
        c = k - 1
        while c >= 0 and toks[c].text not in (",", "(", ".", ";") and k - c < 8:
            c -= 1
        if c >= 0 and toks[c].text in (",", "(") and c + 1 < len(toks) and toks[c + 1].text.lower() in (
                "the", "a", "an", "its", "his", "her"):
            np = np_before(toks, c)
            if np is not None and np.kind == "name":
                ent = self.name_entity(toks, np)
                return ent if ent is not None and ent.type == "person" else None
        # the role, then the name in apposition: "the senator, Jane Doe,"
        if k + 2 < len(toks) and toks[k + 1].text == ",":
            np = np_after(toks, k + 2, len(toks))
            if np is not None and np.kind == "name":
                ent = self.name_entity(toks, np)
                return ent if ent is not None and ent.type == "person" else None
        return None

    def issuer(self, head: str, pos: int) -> Entity | None:
        """Who issued "the statement" (rule 4): the subject of the nearest earlier sentence that
        mentions such a document ("Trump said in a statement", "X released a statement")."""
        pat = _noun_re(head)
        s = self.sentence_of(pos)
        floor = self._para_starts[max(0, self.paragraph_of(pos) - PRONOUN_PARAGRAPHS)]
        for s2 in range(s, -1, -1):
            a, b = self.sents[s2]
            if b <= floor:
                break
            hi = min(b, pos) if s2 == s else b
            if not any(pat.search(self.text, lo, h) for lo, h in self.outside_quotes(a, hi)):
                continue
            first = None
            for subj in self.subjects(s2):
                if subj.pos >= hi:
                    break
                ent = self.subject_entity(subj)
                if ent is not None and ent.type in ("person", "organisation", "unknown"):
                    if subj.sayer:
                        return ent
                    first = first or ent
            if first is not None:
                return first
        return None


#: An indefinite article up to four words before a role word: "a White House task force official".
_INDEFINITE_RE = re.compile(r"(?<![\w’'-])(?:an?|another|one)(?:\s+[\w’'.-]+){0,4}\s+$", re.IGNORECASE)
_UNNAMED = Entity("", "unknown")


def _compatible(ent: Entity, word: str) -> bool:
    if word in ("he", "she"):
        return ent.type in ("person", "unknown") and not ent.plural and \
            ent.gender in (None, PRONOUN_GENDER[word])
    if word == "they":
        return ent.plural or ent.type == "organisation"
    return ent.type in ("organisation", "document")


@lru_cache(maxsize=512)
def _role_forms(head: str) -> tuple[re.Pattern, int]:
    """Regex for the words that attach ``head`` to a person: the head itself and every title
    that gives that role ("senator" <- Sen., Senator; "congressman" <- Rep., Representative),
    and how far past its start an attempt to match reads (the longest form, its period and
    the look-ahead, with a margin)."""
    forms = {head}
    for key, info in words().titles.items():
        if info.get("role") == head or head in info.get("also", ()):
            forms.add(key)
    alts = "|".join(sorted((re.escape(f) + (r"\.?" if len(f) <= 5 else "") for f in forms), key=len, reverse=True))
    return re.compile(rf"(?i:{alts})(?![\w’'-])"), max(map(len, forms)) + 4


def _spans(forms: re.Pattern, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    r"""Spans of the matches of ``forms`` in ``text[lo:hi]`` that do not start inside a word:
    ``finditer`` of ``(?<![\w’'-])`` + ``forms``, with the look-behind tested here (the search
    for the words alone is 2-3 times faster than one that tests it at every position)."""
    out = []
    search, inword = forms.search, IN_WORD_RE.match
    while True:
        m = search(text, lo, hi)
        if m is None:
            return out
        a = m.start()
        if a and inword(text, a - 1):
            lo = a + 1           # no match may start here: look again from the next position
            continue
        b = m.end()
        out.append((a, b))
        lo = b


@lru_cache(maxsize=512)
def _noun_re(head: str) -> re.Pattern:
    """A noun and its plural as a whole word, any case ("statement", "Statements")."""
    return re.compile(rf"(?<![\w-]){re.escape(head)}s?(?![\w-])", re.IGNORECASE)
