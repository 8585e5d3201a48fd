"""Word lists for speakers and what a name or description is (person, organisation, ...).

The lists live in two packaged data files, each documented with its source and limits:

- ``toolkit/data/speaker_words.yml`` (written for this project): titles and honorifics with the
  role noun and gender they give, role nouns, nouns of people who speak for an organisation,
  organisation nouns and name words, known organisations, document nouns, places, group nouns.
- ``toolkit/data/first_names.tsv`` (US Census 1990 first names, from the PyPI package
  ``names`` 0.3.0): the share of men among bearers of a first name, for gender.

How a capitalised name is typed (:func:`name_type`), first rule that applies:

1. ``place``: the whole name is a place ("Texas", "New York", "Trump Tower").
2. ``organisation``: a known organisation ("CNN", "White House"), or a name word of an
   organisation ("Justice Department", "New York Times"), or an all-capital acronym.
3. ``person``: a title or honorific before it ("Mr. Rahami", "Sen. Doe"), a known first name
   beside a surname ("Ann Lee"), or two to four capitalised words ("Gabrielius Landsbergis").
4. ``unknown``: one capitalised word with none of the above ("Landsbergis"); coreference then
   decides (a surname of a person named earlier is a person).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from toolkit.paths import PACKAGE_DIR

DATA_DIR = PACKAGE_DIR / "data"
SPEAKER_WORDS = DATA_DIR / "speaker_words.yml"
FIRST_NAMES = DATA_DIR / "first_names.tsv"

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PARTICLES = frozenset("de del della da dos van von der den bin ibn al el la le du".split())
MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split())
PEOPLES = frozenset(
    "american americans russian ukrainian european western eastern french german british chinese "
    "japanese iranian israeli palestinian syrian mexican canadian african asian arab muslim "
    "christian jewish catholic lithuanian polish italian spanish indian pakistani afghan iraqi "
    "saudi turkish korean democratic republican democrats republicans democrat republican "
    "conservative liberal".split())


@dataclass(frozen=True)
class Words:
    """The packaged word lists, loaded once (see the module docstring)."""

    titles: dict            # lowercase title without "." -> {"role": ..., "gender": ..., "also": [...]}
    title_modifiers: frozenset
    role_nouns: frozenset
    gendered: dict          # lowercase noun -> "m"/"f"
    spokes_nouns: frozenset
    organisation_nouns: frozenset
    organisation_words: frozenset
    organisations: frozenset         # case-sensitive single words
    organisation_phrases: frozenset  # lowercase phrases
    document_nouns: frozenset
    places: frozenset                # lowercase single words
    place_phrases: frozenset         # lowercase phrases
    group_nouns: frozenset
    first_names: dict                # Capitalised first name -> male share


def _split(value: str) -> frozenset:
    return frozenset(value.split())


@lru_cache(maxsize=1)
def words() -> Words:
    """The packaged :class:`Words` (read once per process)."""
    data = yaml.safe_load(SPEAKER_WORDS.read_text(encoding="utf-8"))
    titles = {k.lower(): (v or {}) for k, v in data["titles"].items()}
    gendered = {w: g for g, ws in data["gendered_nouns"].items() for w in ws.split()}
    first: dict[str, float] = {}
    for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("name\t") or not line.strip():
            continue
        name, share = line.split("\t")
        first[name] = float(share)
    return Words(
        titles=titles,
        title_modifiers=_split(data["title_modifiers"]),
        role_nouns=_split(data["role_nouns"]),
        gendered=gendered,
        spokes_nouns=_split(data["spokes_nouns"]),
        organisation_nouns=_split(data["organisation_nouns"]),
        organisation_words=_split(data["organisation_words"].lower()),
        organisations=_split(data["organisations"]),
        organisation_phrases=frozenset(p.lower() for p in data["organisation_phrases"]),
        document_nouns=_split(data["document_nouns"]),
        places=frozenset(w.lower() for w in data["places"].split()),
        place_phrases=frozenset(p.lower() for p in data["place_phrases"]),
        group_nouns=_split(data["group_nouns"]),
        first_names=first,
    )


def _key(token: str) -> str:
    return token.lower().rstrip(".").strip("’'")


@lru_cache(maxsize=65536)
def is_title(token: str) -> bool:
    """``Mr.``, ``Sen.``, ``President``, ``Gov``: a title or honorific written before a name
    (also in the plural: "Justices", "Sens.")."""
    k = _key(token)
    titles = words().titles
    return k in titles or (k.endswith("s") and k[:-1] in titles and len(k) > 3)


@lru_cache(maxsize=65536)
def is_title_word(token: str) -> bool:
    """A title or a word of a title run ("Senate", "Majority", "Defense", "Secretary")."""
    return is_title(token) or _key(token) in words().title_modifiers


def strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a name's tokens into its title run and the name (``Russian President Vladimir
    Putin`` -> ``[Russian, President]``, ``[Vladimir, Putin]``). Never strips the last token."""
    # The run ends at the last title word before the last token: "Secretary of State Hillary
    # Clinton", "New York City Mayor Michael Bloomberg", "Texas Gov. Rick Perry"; a name
    # without one keeps every word ("Washington Post").
    k = 0
    roles = words().role_nouns
    for i, t in enumerate(tokens[:-1]):
        if is_title_word(t) or (t[:1].islower() and t in roles):   # "White House counselor"
            k = i + 1
    return tokens[:k], tokens[k:]


def title_roles(tokens: list[str]) -> tuple[set, str | None]:
    """Role nouns and gender given by a title run ("Sen." -> {"senator"}, "Mr." -> gender m)."""
    roles: set[str] = set()
    gender = None
    W = words()
    for t in tokens:
        info = W.titles.get(_key(t))
        if not info:
            continue
        if info.get("role"):
            roles.add(info["role"])
        roles.update(info.get("also", ()))
        gender = info.get("gender", gender)
    return roles, gender


def first_name_gender(name: str) -> str | None:
    """``m``/``f`` when the first name is borne by >= 90% men / women (Census 1990), else None."""
    share = words().first_names.get(name[:1].upper() + name[1:].lower())
    if share is None:
        return None
    return "m" if share >= 0.9 else "f" if share <= 0.1 else None


def is_first_name(token: str) -> bool:
    low = token.lower()
    return (low not in MONTHS_DAYS and low not in words().places
            and (token[:1].upper() + token[1:].lower()) in words().first_names)


_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}s?")


@lru_cache(maxsize=65536)
def name_type(name: str) -> str:
    """``person``, ``organisation``, ``place`` or ``unknown`` for a capitalised name as written
    (titles included); rules in the module docstring."""
    toks = [t for t in name.replace("’s", "").replace("'s", "").split() if t]
    if not toks:
        return "unknown"
    W = words()
    if toks[0].lower() == "the":
        toks = toks[1:] or toks
    low = " ".join(t.lower() for t in toks)
    keys = [_key(t) for t in toks]
    if low in W.place_phrases or all(k in W.places for k in keys):
        return "place"
    titles, rest = strip_titles(toks)
    rest_low = " ".join(t.lower() for t in rest)
    if any(is_title(t) or (t[:1].islower() and t in W.role_nouns) for t in titles) \
            and rest and rest[0][:1].isupper() \
            and not any(_key(t) in W.organisation_words for t in rest) \
            and rest_low not in W.place_phrases and rest_low not in W.organisation_phrases:
        return "person"     # "White House spokesman Jay Carney", "Fox News President Roger Ailes"
    if (low in W.organisation_phrases or " ".join(toks) in W.organisations
            or any(k in W.organisation_words for k in keys[1:] + keys[:1] if len(keys) > 1)
            or (len(toks) == 1 and (keys[0] in W.organisation_words or _ACRONYM_RE.fullmatch(toks[0])))
            or any(p in low for p in W.organisation_phrases)):
        return "organisation"
    rest_keys = [_key(t) for t in rest]
    if any(k in MONTHS_DAYS or k in PEOPLES or k in W.places for k in rest_keys) \
            or any(t in W.organisations for t in rest[:-1]):
        return "unknown"     # "Facebook Twitter Pinterest Evelyn" (share buttons before a name)
    if len(rest) >= 2 and is_first_name(rest[0]):
        return "person"
    if 2 <= len(rest) <= 4 and all(t[:1].isupper() or t.lower() in PARTICLES or _key(t) in SUFFIXES
                                   for t in rest):
        return "person"
    return "unknown"


def description_type(head: str, modifiers: list[str]) -> str:
    """Type of a description from its head noun (lowercase) and capitalised modifiers."""
    W = words()
    if head in W.document_nouns:
        return "document"
    if head in W.spokes_nouns and modifiers:
        return "organisation"
    if head in W.organisation_nouns:
        return "organisation"
    if head in W.role_nouns or head in W.group_nouns or head in W.gendered:
        return "person"
    return "unknown"
