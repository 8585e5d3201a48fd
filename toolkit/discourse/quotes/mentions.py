"""The mention model of one article: who is named, who is the subject, who "he" is.

Mentions are found lazily, only where a quotation's speaker needs them, in the text outside
quotations (words inside a quotation are the speaker's, not the reporter's). Mentions are names,
honorific + surname, surnames, role nouns and descriptions, organisations, documents and pronouns
(:mod:`~toolkit.discourse.quotes.phrases`); :class:`Article` links them to entities.

Coreference rules (each applied to the article alone; nothing is guessed across articles):

1. **Names** (:mod:`~toolkit.discourse.quotes.names`). A name is typed by
   :func:`toolkit.discourse.quotes.words.name_type`; a person's entity is the name without its
   titles. A one-word name or an honorific + surname ("Trump", "Mr. Rahami", "Trump Jr.") links
   to a fuller person name of the article ending in that surname, with the same suffix
   ("Trump Jr." -> "Donald Trump Jr.", never "Donald Trump"): the one named most often (ties:
   the first); an honorific's gender picks among them ("Mrs. Clinton"). This comes before the
   organisation lists, so "Fox" is Vicente Fox in an article that names him. A first name
   alone links to the one person named in full with it ("Dina Temple-Raston … Dina says"). A name after "the"
   is never a person ("the Kremlin"); nor is a stop word or sentence opener ("Furthermore").
2. **Roles.** A definite person description ("the senator", "the 83-year-old senator", "the
   House speaker") links to the person the same role was attached to most recently before it:
   in a title run ("Sen. Jane Doe", "House Speaker Nancy Pelosi"; "Sen." counts as senator,
   "Rep." as representative or congressman), an apposition after the name ("Jane Doe, the
   senator from Ohio,") or before it ("the senator, Jane Doe,"); failing that, to the most
   recent person subject (rule 3) of a compatible gender, unless the role's nearest earlier use
   is an unnamed speaker ("a senior official said … the official added": no link). An indefinite or possessive
   description ("a witness", "his lawyer") is someone not named before: no link. A definite
   organisation description ("the company", "the paper") is the most recent organisation
   subject.
3. **Pronouns** (:mod:`~toolkit.discourse.quotes.antecedents`). he/she link to the most recent
   compatible *person subject*: the first one before the pronoun in its own sentence, else, in
   the nearest earlier sentence that has one (up to the paragraph two before): a quotation's
   speaker first, then the subject of a reporting verb, then a main-clause subject, then a
   subject right after "that"/"who"/"when"… A subject is a name, a description or a pronoun
   followed (after an apposition, a parenthesis, a reflexive, auxiliaries or a short
   prepositional phrase) by a verb, and not governed by a preposition or a possessive; pronoun
   subjects take their own antecedent (a chain); in its own sentence, the subjects after a ";"
   come first; a person's possessive subject counts when the description itself names nobody
   ("Mr. Obama's stance appeared …, and he"). Compatible: a person (never a place, building,
   organisation or possessive) whose gender is unknown or matches; gender comes from honorifics
   (Mr./Ms.), gendered role nouns (spokeswoman), the first name (Census list, >= 90%) and earlier
   he/she links. "they" links to the most recent plural subject or organisation, "it" to the
   most recent organisation or document subject; "I"/"we"/"you" are not resolved.
4. **Documents.** "the statement", "the report" (definite, no modifiers) speak for whoever
   issued them: the subject of the nearest earlier sentence that mentions such a document
   ("Trump said in a statement …", "Rep. Goodlatte released a statement …"), a sayer first.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from toolkit.discourse.quotes.antecedents import PRONOUN_PARAGRAPHS, Antecedents
from toolkit.discourse.quotes.clauses import is_subject_of, may_start, predicate_start
from toolkit.discourse.quotes.names import Entity, NameResolution
from toolkit.discourse.quotes.phrases import NP, np_after
from toolkit.discourse.quotes.wordclass import AUX, Tok, tokens
from toolkit.discourse.quotes.words import PEOPLES, description_type, words

__all__ = ["Article", "Entity", "Subject", "PRONOUN_PARAGRAPHS"]


@dataclass(eq=False)
class Subject:
    """A clause subject at ``pos`` (its phrase ``np`` over ``toks``), resolved on first use."""

    pos: int
    kind: str
    toks: list | None = None
    np: NP | None = None
    entity: Entity | None = None
    resolved: bool = False
    sayer: bool = False     # the subject of a reporting verb, or a quotation's speaker
    subordinate: bool = False   # right after "that", "who", "when", … (not a main clause)


@dataclass
class Article(NameResolution, Antecedents):
    """Lazy mention model of one article (see the module docstring)."""

    text: str
    sents: list            # sentence spans
    paras: list            # paragraph spans
    quotes: list           # Quote tuples (marks.Quote), in text order
    says: frozenset = frozenset()   # reporting-verb forms: their subjects are preferred antecedents
    _sent_starts: list = field(default_factory=list)
    _para_starts: list = field(default_factory=list)
    _subjects: dict = field(default_factory=dict)
    _spoken: dict = field(default_factory=dict)     # sentence -> [(pos, Entity)] quote speakers
    _entities: dict = field(default_factory=dict)   # key -> Entity
    _surname: dict = field(default_factory=dict)    # surname -> its fuller forms in the text
    _fuller: dict = field(default_factory=dict)     # (surname, suffix, gender) -> (name, gender)
    _toks: dict = field(default_factory=dict)
    _whole: set = field(default_factory=set)
    _roles: dict = field(default_factory=dict)     # role head -> spans of its forms in the text
    _windows: dict = field(default_factory=dict)   # (lo, hi) -> tokens around a role word

    def __post_init__(self) -> None:
        self._sent_starts = [s for s, _ in self.sents]
        self._para_starts = [s for s, _ in self.paras]

    # ------------------------------------------------------------------ positions
    def sentence_of(self, pos: int) -> int:
        i = bisect_right(self._sent_starts, pos) - 1
        return i if i > 0 else 0

    def paragraph_of(self, pos: int) -> int:
        i = bisect_right(self._para_starts, pos) - 1
        return i if i > 0 else 0

    def outside_quotes(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Pieces of ``[lo, hi)`` outside quotations (marks excluded)."""
        out, pos = [], lo
        for q in self.quotes:
            if q.close_end <= pos:
                continue
            if q.open_mark >= hi:
                break
            if q.open_mark > pos:
                out.append((pos, q.open_mark))
            pos = max(pos, q.close_end)
        if pos < hi:
            out.append((pos, hi))
        return out

    # ------------------------------------------------------------------ entities

    def _sentence_cache(self, s: int) -> tuple[list[Tok], list[int], list[int]]:
        """Tokens of sentence ``s`` outside quotations, their start offsets, and the bounds of
        the pieces outside quotations they were read from (tokenised once per sentence)."""
        cached = self._toks.get(s)
        if cached is None:
            a, b = self.sents[s]
            toks: list[Tok] = []
            bounds: list[int] = []
            text = self.text
            for lo, hi in self.outside_quotes(a, b):
                toks += tokens(text, lo, hi)
                bounds += (lo, hi)
            cached = self._toks[s] = (toks, list(map(_START, toks)), bounds)
        return cached

    def sentence_tokens(self, s: int) -> list[Tok]:
        """Tokens of sentence ``s`` outside quotations (cached)."""
        self._whole.add(s)
        return self._sentence_cache(s)[0]

    def token_starts(self, s: int) -> list[int]:
        """Start offsets of the tokens of sentence ``s`` (see :meth:`sentence_tokens`)."""
        return self._sentence_cache(s)[1]

    def toks(self, lo: int, hi: int) -> list[Tok]:
        """Tokens of ``text[lo:hi]``, a stretch outside quotations: ``tokens(text, lo, hi)``,
        read from the sentence's tokens when the stretch lies in one piece of the sentence
        outside quotations and cuts no token (then the two are the same tokens). Once the
        whole sentence was asked for (:meth:`sentence_tokens`), the tokens that start in the
        stretch are taken as they are (a word cut by the stretch's edge stays whole)."""
        s = self.sentence_of(lo)
        a, b = self.sents[s]
        if not (a <= lo and hi <= b):
            return tokens(self.text, lo, hi)
        toks, starts, bounds = self._sentence_cache(s)
        i, j = bisect_left(starts, lo), bisect_left(starts, hi)
        if s in self._whole:
            return toks[i:j]
        k = bisect_right(bounds, lo)
        if k % 2 == 0 or hi > bounds[k] or (i and toks[i - 1].end > lo) or (j and toks[j - 1].end > hi):
            return tokens(self.text, lo, hi)    # across a quotation, or a token cut at an edge
        return toks[i:j]

    def subjects(self, s: int):
        """Clause subjects of sentence ``s`` outside quotations, with quotation speakers, in
        text order. Phrases are parsed lazily (a search usually stops at the first subject);
        their entities are resolved on first use (:meth:`subject_entity`)."""
        state = self._subjects.get(s)
        if state is None:
            state = self._subjects[s] = [0, []]     # next token to parse, subjects found
        toks = self.sentence_tokens(s)
        found = state[1]
        spoken = self._spoken.get(s, ())
        sp = 0
        i = 0
        n = len(toks)
        while True:
            while i >= len(found) and state[0] < n:
                k = state[0]
                while k < n and not _may_start(toks[k].text):
                    k += 1
                if k == n:
                    state[0] = n
                    break
                np = np_after(toks, k, n)
                if np is None or np.j <= k:
                    state[0] = k + 1
                    continue
                state[0] = np.j
                if is_subject_of(toks, np, None, self.says):
                    k2 = predicate_start(toks, np, None, self.says)
                    while k2 < n and toks[k2].text.lower() in AUX:
                        k2 += 1
                    sayer = k2 < n and toks[k2].text in self.says
                    sub = np.i > 0 and toks[np.i - 1].text.lower() in _SUBORDINATE
                    found.append(Subject(toks[np.i].start, np.kind, toks, np, sayer=sayer, subordinate=sub))
            nxt = found[i] if i < len(found) else None
            while sp < len(spoken) and (nxt is None or spoken[sp][0] < nxt.pos):
                pos, ent = spoken[sp]
                sp += 1
                yield Subject(pos, "speaker", entity=ent, resolved=True, sayer=True)
            if nxt is None:
                return
            i += 1
            yield nxt

    def subject_entity(self, subj: Subject) -> Entity | None:
        if not subj.resolved:
            subj.resolved = True       # before resolving: a chain never loops
            subj.entity = self._np_entity(subj.toks, subj.np)
        return subj.entity

    def add_speaker(self, pos: int, entity: Entity | None) -> None:
        """Register a quotation's speaker as a subject of its sentence."""
        if entity is not None:
            self._spoken.setdefault(self.sentence_of(pos), []).append((pos, entity))

    def _np_entity(self, toks: list[Tok], np: NP) -> Entity | None:
        if np.kind == "name":
            return self.name_entity(toks, np)
        if np.kind == "pronoun":
            return self.pronoun(toks[np.i].text.lower(), toks[np.i].start)
        return self.description(toks, np)

    def description(self, toks: list[Tok], np: NP) -> Entity | None:
        """Entity of a description: a role links to a person (rule 2); an organisation's
        spokesperson speaks for it; a document with a possessor is the possessor's."""
        typ = description_type(np.head, np.mods)
        if np.possessor and typ == "document":
            return self._possessor_entity(np.possessor, toks[np.i].start)
        if typ == "organisation":
            if np.mods:
                if np.head in words().spokes_nouns:
                    if all(m.lower() in PEOPLES for m in np.mods):   # "Russian officials"
                        return self.entity(" ".join(np.mods + [np.head]), "organisation")
                    return self.entity(" ".join(np.mods), "organisation")
                return self.entity(" ".join(np.mods + [np.head]), "organisation")
            if toks[np.i].text.lower() == "the" and not np.plural:
                # "the paper also noted", "the company said": the organisation that was the
                # most recent subject (rule 2, for organisations)
                return self._search(toks[np.i].start, lambda e: e.type == "organisation")
            return None
        if typ == "person" and not np.plural and not np.possessor \
                and toks[np.i].text.lower() in _DEFINITE:
            return self.role(np.head, toks[np.i].start)
        if typ == "document" and not np.mods and toks[np.i].text.lower() == "the":
            return self.issuer(np.head, toks[np.i].start)
        return None     # "a witness", "his lawyer": someone not named before








_START = itemgetter(1)     # a token's start offset (Tok.start)
_may_start = lru_cache(maxsize=65536)(may_start)   # a pure function of the word, asked for every token
_DEFINITE = frozenset({"the", "this", "that"})
_SUBORDINATE = frozenset(
    "that who which when where while because after before since if although though as until whom".split())
