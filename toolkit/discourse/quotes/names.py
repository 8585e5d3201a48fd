"""Names of the mention model: entities, and surnames linked to the full name (rule 1 of
:mod:`toolkit.discourse.quotes.mentions`).

:class:`NameResolution` is a part of :class:`toolkit.discourse.quotes.mentions.Article`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from toolkit.discourse.quotes.phrases import NP, np_after
from toolkit.discourse.quotes.wordclass import IN_WORD_RE, LEADING, Tok, is_name_word, tokens
from toolkit.discourse.quotes.words import (
    SUFFIXES, _key, first_name_gender, is_first_name, is_title, is_title_word, name_type, strip_titles, title_roles)
from toolkit.text.tokens import load_stopwords

_POSSESSIVE_RE = re.compile(r"[’'](?:s)?$")
_PRE_RUN_RE = re.compile(r"(?:[A-Z][\w’'\-.]*[ \t]+(?:(?:de|del|van|von|der|den|bin|al|la|le|du|da|dos)[ \t]+)*){1,5}$")
# the words after a first name that make a full name: an initial, a middle name, the surname
_NEXT_NAME_RE = re.compile(r"((?:[A-Z]\. )?(?:[A-Z][\w’'-]*\w )?)([A-Z][\w’'-]*\w)")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
_SUFFIX_RE = re.compile(r",?[ \t]+(?:Jr|Sr|II|III|IV)\b\.?")


@dataclass(eq=False)
class Entity:
    """A person, organisation or document an article names; ``name`` is the full form."""

    name: str
    type: str
    gender: str | None = None
    plural: bool = False


class NameResolution:
    """Entities of an article and the coreference of names (needs ``text`` and ``_entities``,
    ``_surname``, ``_fuller`` dictionaries on the object)."""

    def entity(self, key: str, type_: str, gender: str | None = None, plural: bool = False) -> Entity:
        ent = self._entities.get((key, type_))
        if ent is None:
            ent = self._entities[(key, type_)] = Entity(key, type_, gender, plural)
        elif gender and not ent.gender:
            ent.gender = gender
        return ent

    def name_entity(self, toks: list[Tok], np: NP) -> Entity | None:
        """The entity of a name phrase (rule 1), or None for places and non-names."""
        texts = [t.text for t in toks[np.i:np.j]]
        full = " ".join(texts)
        words_ = [w for w in texts if w.lower() != "the"]
        if words_ and all(map(is_title_word, words_)):
            # "the President", "Secretary": a title alone is a role description
            roles, _ = title_roles(words_)
            role = next((r for r in (_key(words_[-1]),) if r in roles), None) or (sorted(roles)[0] if roles else None)
            return self.role(role, toks[np.i].start) if role else None
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
            if not titles and is_first_name(core[0]):
                fuller = self.by_first_name(core[0])    # "NPR's Dina Temple-Raston … Dina says"
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
        key = (surname, suffix, gender)
        best = self._fuller.get(key, False)
        if best is False:
            best = self._fuller[key] = self._most_named(surname, suffix, gender)
        if best is None:
            return None
        name, g = best
        return self.entity(name, "person", gender or g)

    def by_first_name(self, first: str) -> Entity | None:
        """The one person of the article named in full with the first name ``first`` (a
        first-name reference: "Dina Temple-Raston … Dina says"), or None (none or several)."""
        key = ("first", first)
        best = self._fuller.get(key, False)
        if best is False:
            names_ = set()
            text, n = self.text, len(first) + 1
            i = text.find(first + " ")
            while i >= 0:
                m = _NEXT_NAME_RE.match(text, i + n)
                if m is not None and (i == 0 or not IN_WORD_RE.match(text, i - 1)):
                    form = _fuller_form(first + " " + m.group(1), _POSSESSIVE_RE.sub("", m.group(2)), "")
                    if form is not None and form[0].split()[0] == first:
                        names_.add(form)
                i = text.find(first + " ", i + n)
            best = self._fuller[key] = next(iter(names_)) if len(names_) == 1 else None
        if best is None:
            return None
        return self.entity(best[0], "person", best[1])

    def _most_named(self, surname: str, suffix: str, gender: str | None) -> tuple[str, str | None] | None:
        """Name and gender of the fuller form of ``surname`` (with ``suffix``) named most often
        (ties: the first), among those of a compatible gender if any (kept per surname, suffix
        and gender: they depend on the text alone)."""
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
        _, name, g = next(c for c in cands if counts[c[1]] == best)   # most often named, then first
        return name, g

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
                    and text[_word_start(text, i - 1)].isupper() \
                    and (text[i - 2] != "." or _INITIALS_RE.fullmatch(text, _word_start(text, i - 1), i - 1)
                         or is_title(text[_word_start(text, i - 1):i - 1])):   # "Moon. Kim": a sentence end
                m = _PRE_RUN_RE.search(text, max(0, i - 80), i)
                if m is not None:
                    sm = _SUFFIX_RE.match(text, i + n)
                    form = _fuller_form(m.group(), surname, sm.group() if sm else "")
                    if form is not None:
                        out.append((i, *form))
            i = text.find(surname, i + n)
        return out

    # ------------------------------------------------------------------ subjects

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

@lru_cache(maxsize=65536)
def _fuller_form(run: str, surname: str, suffix: str) -> tuple[str, str | None] | None:
    """The person name (without titles) and gender of the capitalised words ``run`` before
    ``surname`` and its ``suffix`` (", Jr."), or None when they make no person name of two words
    or more (a pure function of the three strings: the same forms recur within and across
    articles)."""
    words_ = run.split()
    bad = [k for k, w in enumerate(words_) if not is_name_word(w)]
    if bad:
        words_ = words_[bad[-1] + 1:]   # "JUST WATCHED Obama": page furniture
    while words_ and (words_[0].lower() in LEADING or words_[0].lower() in _stop()):
        words_.pop(0)        # "But Smith", "The Smith": not part of a name
    if words_ and _POSSESSIVE_RE.sub("", words_[-1]) == surname:
        return None          # "Trump Trump": a surname repeated (a caption, a link), no name
    parts = words_ + [surname] + ([suffix.strip(" ,")] if suffix else [])
    titles, proper = strip_titles(parts)
    core = [p for p in proper if p.lower().rstrip(".") not in SUFFIXES]
    if len(core) >= 2 and name_type(" ".join(parts)) == "person":
        _, g = title_roles(titles)
        return " ".join(proper), g or first_name_gender(core[0])
    return None


def _word_start(text: str, end: int) -> int:
    """Start of the word that ends at ``end``: after the last space or newline before it (the
    newline is looked for only after that space, not back to the paragraph start)."""
    sp = text.rfind(" ", 0, end)
    return max(sp, text.rfind("\n", sp + 1, end)) + 1


@lru_cache(maxsize=1)
def _stop() -> frozenset:
    return load_stopwords() | frozenset("never who what why how where when yes no".split())
