"""Mention patterns for an arbitrary named entity (a person, party, group or organisation).

:func:`entity_lexicon` turns entity names such as ``"Donald_Trump"``, ``"Nancy Pelosi"``,
``"House_Democrats"`` or ``"Republican_Lawmakers"`` into an actor lexicon that
:func:`toolkit.load_lexicon` accepts, so :func:`toolkit.stance` and :func:`toolkit.tone` can be asked
about any entity without writing a YAML file. The rules, in order:

1. The full name, underscores read as spaces, case-insensitive ("Donald Trump", "House Democrats").
2. A person's name (two to four words, each capitalised, none of them a group word such as
   "Democrats", "administration", "campaign"): also the surname (the last word; with a
   generational suffix "Jr."/"Sr."/"III", the last word before it plus the suffix), matched
   case-sensitively so that "Trump" does not match "trump" and "Rice" does not match "rice". Titles
   ("President", "Mr.", "Sen.") need no rule: the surname matches after them.
3. Party groups: a name with "Republican(s)" or "GOP" also matches "Republicans" and "GOP"
   (case-sensitive); one with "Democrat(s)"/"Democratic" also matches "Democrats". These are
   the plural nouns, so "Republican Party" and "the Democratic senator" are not taken for the group.
4. ``aliases={"Donald_Trump": ["the president"]}`` adds patterns by hand.

Pronouns and role nouns ("the president", "he") are not resolved: a sentence that refers to the
entity only by "he" is not a mention. Two entities that share a surname (Donald Trump and Donald
Trump Jr.) both match the shared surname.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from toolkit.errors import ParameterError

GROUP_WORDS = frozenset("""
administration campaign campaigns party parties lawmakers democrats republicans members committee
officials leaders department court congress senate house police protesters protestors plaintiffs
companies company supporters critics voters agency bill act rule program programs catholics
conservatives liberals media team staff government council association union
""".split())
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", name.strip()) if w]


def is_person_name(name: str) -> bool:
    """True for names like ``"Donald_Trump"`` or ``"Ruth Bader Ginsburg"`` (rule 2 of the module)."""
    words = _words(name)
    core = [w for w in words if w.lower() not in _SUFFIXES]
    return (2 <= len(core) <= 4 and all(_WORD.match(w) for w in core)
            and not any(w.lower() in GROUP_WORDS for w in words) and "and" not in words)


def entity_patterns(name: str) -> list[dict]:
    """Lexicon entries (``pattern``, ``case_sensitive``, ``note``) for one entity; see the module rules."""
    words = _words(name)
    if not words:
        raise ParameterError(f"entity name {name!r} is empty")
    full = " ".join(words)
    out = [{"pattern": full, "note": "full name"}]
    if is_person_name(name):
        if words[-1].lower() in _SUFFIXES and len(words) >= 3:
            surname = f"{words[-2]} {words[-1]}"
        else:
            surname = words[-1]
        if surname.lower() != full.lower():
            out.append({"pattern": surname, "case_sensitive": True, "note": "surname"})
    lower = {w.lower() for w in words}
    if lower & {"republican", "republicans", "gop"}:
        out += [{"pattern": "Republicans", "case_sensitive": True, "note": "party group"},
                {"pattern": "GOP", "case_sensitive": True, "note": "party group"}]
    if lower & {"democrat", "democrats", "democratic"}:
        out.append({"pattern": "Democrats", "case_sensitive": True, "note": "party group"})
    seen, unique = set(), []
    for entry in out:
        if entry["pattern"] not in seen:
            seen.add(entry["pattern"])
            unique.append(entry)
    return unique


def entity_lexicon(names: Iterable[str], *, aliases: Mapping[str, Iterable[str]] | None = None) -> dict:
    """An actor lexicon (a mapping :func:`toolkit.load_lexicon` reads) with one category per entity.

    Parameters
    ----------
    names : iterable of str
        Entity names; underscores are spaces (``"Donald_Trump"``). Each becomes a category of that name.
    aliases : mapping, optional
        Extra patterns per entity name.

    Returns
    -------
    dict
        ``{name: [entries]}``; the entries follow the rules in this module's docstring.

    Examples
    --------
    >>> lex = entity_lexicon(["Donald_Trump", "House_Democrats"])
    >>> [e["pattern"] for e in lex["Donald_Trump"]], [e["pattern"] for e in lex["House_Democrats"]]
    (['Donald Trump', 'Trump'], ['House Democrats', 'Democrats'])
    """
    aliases = dict(aliases or {})
    out = {}
    for name in names:
        entries = entity_patterns(name)
        entries += [{"pattern": a, "note": "alias"} for a in aliases.pop(name, [])]
        out[name] = entries
    if aliases:
        raise ParameterError(f"`aliases` names entities that are not in `names`: {sorted(aliases)}")
    return out
