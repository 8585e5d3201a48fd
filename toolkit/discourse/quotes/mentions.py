"""The mention model of one article: who is named, who is the subject, who "he" is.

Mentions are found lazily, only where a quotation's speaker needs them, in the text outside
quotations (words inside a quotation are the speaker's, not the reporter's).

Coreference rules (each is applied to the article alone; nothing is guessed across articles):

1. **Names.** A name is typed by :func:`toolkit.discourse.quotes.words.name_type`. A person's
   name without its titles is the entity key; a one-word name or an honorific + surname
   ("Trump", "Mr. Rahami", "Trump Jr.") links to a fuller name of the article ending in that
   surname (with the same suffix: "Trump Jr." -> "Donald Trump Jr."): the nearest one before
   the mention, else the first after it. With several (Bill and Hillary Clinton) an honorific's
   gender picks ("Mrs. Clinton"), else the nearest before. A name preceded by "the" is never
   a person ("the Kremlin", "the Apprentice"); nor is a single stop word ("Never", "Who").
2. **Roles.** A definite organisation description ("the company", "the paper") is the
   organisation that was the most recent subject (as for pronouns, rule 3). A description ("the senator", "the 83-year-old senator", "the House speaker")
   links to the person the same role was attached to most recently before it: a title run
   ("Sen. Jane Doe", "House Speaker Nancy Pelosi"; "Sen." counts as senator, "Rep." as
   representative or congressman), an apposition after the name ("Jane Doe, the senator from
   Ohio,"; "Doe, a Republican senator,") or before it ("the senator, Jane Doe,"). Failing
   that, it is the most recent person subject (rule 3) of a compatible gender.
4. **Documents.** "the statement", "the report" (definite, no modifiers) were issued by the
   subject of the nearest earlier sentence that mentions such a document ("Trump said in a
   statement …", "Rep. Goodlatte released a statement …"), a sayer first.
3. **Pronouns.** he/she link to the most recent compatible *person subject*: the first
   person subject before the pronoun in its own sentence, else the first person subject of the
   nearest earlier sentence that has one, up to the paragraph two before. A subject is a
   name, a role description or a pronoun that is followed (after an apposition, a parenthesis or
   auxiliaries) by a verb and is not the object of a preposition; a quotation's speaker is a
   subject too. Pronoun subjects take their own antecedent (a chain). Compatible: a person (never
   a place, building, organisation or a possessive, which are not subjects) whose gender is
   unknown or matches; gender comes from honorifics (Mr./Ms.), gendered role nouns
   (spokeswoman), the first name (Census list, >= 90%), and earlier he/she links to the entity.
   "they" links to the most recent plural subject or organisation, "it" to the most recent
   organisation or document subject; "I"/"we"/"you" are not resolved.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from toolkit.discourse.quotes.phrases import (
    AUX, LEADING, NP, Tok, is_subject_of, may_start, np_after, np_before, predicate_start, tokens)
from toolkit.discourse.quotes.words import (
    PEOPLES, SUFFIXES, PRONOUN_GENDER, description_type, first_name_gender, is_title, name_type, strip_titles,
    title_roles, words)
from toolkit.text.tokens import load_stopwords

_POSSESSIVE_RE = re.compile(r"[’'](?:s)?$")
_PRE_RUN_RE = re.compile(r"(?:[A-Z][\w’'\-.]*[ \t]+(?:(?:de|del|van|von|der|den|bin|al|la|le|du|da|dos)[ \t]+)*){1,5}$")
_SUFFIX_RE = re.compile(r",?[ \t]+(?:Jr|Sr|II|III|IV)\b\.?")
#: How many paragraphs before a pronoun's own its antecedent may be found in.
PRONOUN_PARAGRAPHS = 2


@dataclass(eq=False)
class Entity:
    """A person, organisation or document an article names; ``name`` is the full form."""

    name: str
    type: str
    gender: str | None = None
    plural: bool = False


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
class Article:
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
    _surname: dict = field(default_factory=dict)
    _toks: dict = field(default_factory=dict)

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
    def entity(self, key: str, type_: str, gender: str | None = None, plural: bool = False) -> Entity:
        ent = self._entities.get((key, type_))
        if ent is None:
            ent = self._entities[(key, type_)] = Entity(key, type_, gender, plural)
        elif gender and not ent.gender:
            ent.gender = gender
        return ent

    def name_entity(self, toks: list[Tok], np: NP) -> Entity | None:
        """The entity of a name phrase (rule 1), or None for places and non-names."""
        full = " ".join(t.text for t in toks[np.i:np.j])
        if toks[np.i].text.lower() == "the":
            typ = name_type(full)
            return None if typ == "place" else self.entity(full[4:], "organisation")
        proper = [_POSSESSIVE_RE.sub("", t.text) for t in toks[np.name_i:np.name_j]] or [toks[np.j - 1].text]
        titles = [t.text for t in toks[np.i:np.name_i]]
        if len(proper) == 1 and proper[0].lower() in _stop() and not titles:
            return None
        _, gender = title_roles(titles)
        core = [p for p in proper if p.lower().rstrip(".") not in SUFFIXES]
        if len(core) == 1:
            # a surname (or honorific + surname) of a person named in full elsewhere is that
            # person, even when the word also names an organisation ("Fox", "Bloomberg")
            fuller = self.fuller(core[0], proper, toks[np.i].start, gender)
            if fuller is not None:
                return fuller
        typ = name_type(full)
        if typ == "place":
            return None
        if typ == "organisation":
            return self.entity(" ".join(proper) if not titles else full, "organisation")
        if len(core) >= 2:
            gender = gender or first_name_gender(core[0])
            return self.entity(" ".join(proper), "person", gender)
        has_title = any(is_title(t) for t in titles)
        return self.entity(" ".join(proper), "person" if has_title or typ == "person" else "unknown", gender)

    def fuller(self, surname: str, proper: list[str], pos: int, gender: str | None) -> Entity | None:
        """A fuller person name of the article ending in ``surname`` (rule 1), or None."""
        suffix = proper[-1] if proper[-1].lower().rstrip(".") in SUFFIXES else ""
        cands = self._surname.get(surname)
        if cands is None:
            cands = self._surname[surname] = self._fuller_forms(surname)
        cands = [(p, n, g) for p, n, g in cands if n.endswith(suffix) and (suffix or n.split()[-1] == surname)]
        if gender:
            cands = [c for c in cands if c[2] in (None, gender)] or cands
        if not cands:
            return None
        counts: dict[str, int] = {}
        for _, n, _ in cands:
            counts[n] = counts.get(n, 0) + 1
        best = max(counts.values())
        p, name, g = next(c for c in cands if counts[c[1]] == best)   # most often named, then first
        return self.entity(name, "person", gender or g)

    def _fuller_forms(self, surname: str) -> list[tuple[int, str, str | None]]:
        """Person names of two words or more ending in ``surname`` (with an optional suffix),
        with their offsets and the gender their title or first name gives."""
        text = self.text
        out = []
        n = len(surname)
        i = text.find(surname)
        while i >= 0:
            after = text[i + n:i + n + 1]
            # only an occurrence right after a capitalised word can be a fuller name
            if i > 1 and not after.isalnum() and after != "-" and text[i - 1] == " " \
                    and (text[i - 2].isalpha() or text[i - 2] == ".") \
                    and text[max(text.rfind(" ", 0, i - 1), text.rfind("\n", 0, i - 1)) + 1].isupper():
                m = _PRE_RUN_RE.search(text, max(0, i - 80), i)
                if m is not None:
                    run = m.group().split()
                    while run and (run[0].lower() in LEADING or run[0].lower() in _stop()):
                        run.pop(0)        # "But Smith", "The Smith": not part of a name
                    sm = _SUFFIX_RE.match(text, i + n)
                    parts = run + [surname] + ([sm.group().strip(" ,")] if sm else [])
                    titles, proper = strip_titles(parts)
                    core = [p for p in proper if p.lower().rstrip(".") not in SUFFIXES]
                    if len(core) >= 2 and name_type(" ".join(parts)) == "person":
                        _, g = title_roles(titles)
                        out.append((i, " ".join(proper), g or first_name_gender(core[0])))
            i = text.find(surname, i + n)
        return out

    # ------------------------------------------------------------------ subjects
    def sentence_tokens(self, s: int) -> list[Tok]:
        """Tokens of sentence ``s`` outside quotations (cached)."""
        toks = self._toks.get(s)
        if toks is None:
            a, b = self.sents[s]
            toks = []
            for lo, hi in self.outside_quotes(a, b):
                toks += tokens(self.text, lo, hi)
            self._toks[s] = toks
        return toks

    def toks(self, lo: int, hi: int) -> list[Tok]:
        """Tokens of ``text[lo:hi]``, a stretch outside quotations (from the sentence cache
        when it lies in one sentence)."""
        s = self.sentence_of(lo)
        a, b = self.sents[s]
        toks = self._toks.get(s)
        if toks is None or not (a <= lo and hi <= b):
            return tokens(self.text, lo, hi)
        starts = [t.start for t in toks]
        return toks[bisect_left(starts, lo):bisect_left(starts, hi)]

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
                if not may_start(toks[k].text):
                    state[0] = k + 1
                    continue
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

    def issuer(self, head: str, pos: int) -> Entity | None:
        """Who issued "the statement" (rule 4): the subject of the nearest earlier sentence that
        mentions such a document ("Trump said in a statement", "X released a statement")."""
        pat = re.compile(rf"(?<![\w-]){re.escape(head)}s?(?![\w-])", re.IGNORECASE)
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

    def _possessor_entity(self, possessor: str, pos: int) -> Entity | None:
        toks = tokens(possessor, 0, len(possessor))
        if not toks:
            return None
        np = np_after(toks, 0, len(toks))
        if np is None or np.kind != "name":
            return None
        ent = self.name_entity(toks, np)
        if ent is not None and ent.type == "unknown":
            ent.type = "person"
        return ent

    # ------------------------------------------------------------------ pronouns and roles
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
        if ent is None:
            gender = words().gendered.get(head)
            ent = self._search(pos, lambda e: e.type == "person" and gender in (None, e.gender or gender))
        self._entities[key] = ent
        return ent

    def _search(self, pos: int, ok) -> Entity | None:
        s = self.sentence_of(pos)
        floor = self._para_starts[max(0, self.paragraph_of(pos) - PRONOUN_PARAGRAPHS)]
        for subj in self.subjects(s):
            if subj.pos >= pos:
                break
            ent = self.subject_entity(subj)
            if ent is not None and ok(ent):
                return ent
        for s2 in range(s - 1, -1, -1):
            if self.sents[s2][1] <= floor:
                break
            for _, ent in self._spoken.get(s2, ()):
                if ok(ent):
                    return ent           # a quotation's speaker is the most salient sayer
            first = second = None
            for subj in self.subjects(s2):
                ent = self.subject_entity(subj)
                if ent is not None and ok(ent):
                    if subj.sayer:
                        return ent       # the one who says something in that sentence
                    if subj.subordinate:
                        second = second or ent
                    else:
                        first = first or ent
            if first is not None or second is not None:
                return first or second   # a main-clause subject before one of a "that …" clause
        return None

    def _attached(self, head: str, pos: int) -> Entity | None:
        forms = _role_forms(head)
        for m in reversed(list(forms.finditer(self.text, 0, pos))):     # nearest first
            if any(q.start <= m.start() < q.end for q in self.quotes):
                continue
            ent = self._person_at_role(m.start(), m.end())
            if ent is not None:
                return ent
        return None

    def _person_at_role(self, a: int, b: int) -> Entity | None:
        """The person a role word at ``[a, b)`` is attached to (title run or apposition)."""
        text = self.text
        toks = tokens(text, max(0, a - 120), min(len(text), b + 80))
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


def _compatible(ent: Entity, word: str) -> bool:
    if word in ("he", "she"):
        return ent.type in ("person", "unknown") and not ent.plural and \
            ent.gender in (None, PRONOUN_GENDER[word])
    if word == "they":
        return ent.plural or ent.type == "organisation"
    return ent.type in ("organisation", "document")


_DEFINITE = frozenset({"the", "this", "that"})
_SUBORDINATE = frozenset(
    "that who which when where while because after before since if although though as until whom".split())


@lru_cache(maxsize=1)
def _stop() -> frozenset:
    return load_stopwords() | frozenset("never who what why how where when yes no".split())


@lru_cache(maxsize=512)
def _role_forms(head: str) -> re.Pattern:
    """Regex for the words that attach ``head`` to a person: the head itself and every title
    that gives that role ("senator" <- Sen., Senator; "congressman" <- Rep., Representative)."""
    forms = {head}
    for key, info in words().titles.items():
        if info.get("role") == head or head in info.get("also", ()):
            forms.add(key)
    alts = "|".join(sorted((re.escape(f) + (r"\.?" if len(f) <= 5 else "") for f in forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])(?i:{alts})(?![\w’'-])")
