"""Quotations in news text and who speaks them.

``quotes(articles)`` returns one row per quotation with its offsets, its speaker (as written and
resolved to a named person where the text makes that unambiguous), the reporting verb that
introduces it and its kind (direct, partial, scare).

How quotations are found (per paragraph, one compiled regex over the text for the marks):

- Double marks ``" “ ” „ « »`` delimit quotations. Curly marks have a direction; a straight ``"``
  opens when no quotation is open and closes when one is (a straight mark that can only close,
  e.g. ``word" next``, never opens one).
- Single marks (``' ‘ ’``) inside a double quotation are part of it (no row of their own). At top
  level a single mark opens only before a letter and after a space or the paragraph start, and
  closes only before a non-letter, so apostrophes (``Russia’s``, ``don’t``, ``’90s``) are never marks.
- A quotation that is still open at the end of a paragraph continues into the next paragraph when
  that paragraph begins with an opening mark (the convention for quotations over several
  paragraphs: each paragraph re-opens, only the last one closes). Its ``quote`` is
  ``text[start:end]`` and so contains the paragraph break and the re-opening mark.
- A quoted letter or tweet set out over several paragraphs with one pair of marks (no
  re-opening marks) is one quotation when the next double mark, at most four paragraphs on, can
  only close (``”``, or a straight mark after a word and before a space or punctuation).
- Otherwise marks are never paired across paragraphs. An unclosed mark at a paragraph end is
  unpaired: by default (``unpaired="paragraph"``) it yields a quotation to the paragraph end;
  ``unpaired="drop"`` yields nothing. The default was chosen on BASIL
  (``benchmarks/basil_quotes.py``): "paragraph" covers 98.0% of the gold quoted phrases against
  97.1% for "drop" (the writer forgot the closing mark), for one more phrase wrongly covered,
  which on inspection is itself inside an unclosed quotation.
- A double mark that can only open (``“``, or a straight mark after a space and before a word)
  inside an open quotation starts a nested quotation, closed by the next closing mark.

How speakers are found (on the quotation's own sentence, nearest attribution first):

1. After the quotation: ``“…,” X said``, ``“…,” X, who …, told …``, ``“…,” said X``,
   ``“…,” according to X``. A quotation that ends with a full stop ends its sentence, so the
   words after it are an attribution only in the bare form ``“….” X said.``
2. Before it, in the same sentence: ``According to X, “…”``, ``X added: “…”``,
   ``X told the outlet that … “…”`` and ``Moscow has dismissed the speculations as a “bogus story”``:
   the reporting verb nearest the quotation whose subject (a name, a pronoun or a noun phrase
   with a determiner, optionally followed by an apposition ``, who …,`` and auxiliaries such as
   ``has also``) stands right before it. A participle (``…, saying, “…”``) takes the subject that
   opens the sentence.
3. Otherwise a direct quotation inherits the speaker and verb of the previous attributed
   quotation of the same paragraph, or, when it opens its paragraph, of the last quotation of the
   previous paragraph (``attribution = "inherited"``). A partial quotation introduced by a
   reporting verb coordinated with the previous quotation's, in the same sentence (``X claimed
   the drills were “routine” and insisted that Moscow had “no plans”``), takes that quotation's
   speaker with its own verb (also ``"inherited"``).

A quoted phrase is ``direct`` when it starts with a capital letter where a sentence can start
(paragraph start, after a sentence end, a colon, a comma or a reporting verb); otherwise it is
``partial`` when a speaker was found, or when it has more than ``SCARE_MAX_WORDS`` words, and
``scare`` when it is short and has no speaker. A phrase that is the object of a reporting verb
(``Moscow has dismissed the speculations as a “bogus story”``) is therefore ``partial`` with that
verb's subject as speaker (Moscow, dismiss): the outlet presents the words as Moscow's.

How ``speaker_resolved`` is filled (never guessed when the text leaves a choice):

- A name: the name without titles (``Russian President Vladimir Putin`` → ``Vladimir Putin``);
  a single surname (``Landsbergis``, ``Mr. Steele``) becomes the first fuller form of that name in
  the article (``Gabrielius Landsbergis``).
- ``he``/``she``: the name that opens the same sentence (``Michael Steele, …, drew criticism … he
  called “…”``); else the most recent named person before it in the same paragraph, else in the
  previous one, else the one before: a named speaker or the name subject of a clause outside
  quotations (``Hutchinson said his son …`` then ``“…,” he said``). Names of places, bodies,
  peoples and months (a fixed list) are not persons.
- A definite description (``the former diplomat``; ``the`` + lowercase head noun, not a document
  such as ``the statement``): the one earlier named speaker whose first mention has the head noun
  in its title or apposition (``Foreign Minister Landsbergis`` → ``the minister``; ``Gov.`` counts
  as ``governor``); else the named person of the current and two preceding paragraphs when
  there is exactly one (named speakers and name subjects, as for pronouns)
  (``Washington’s former ambassador to Japan, Kenneth Weinstein, has told the outlet … “skin in
  the game”`` then ``“…,” the former diplomat, …, told the outlet`` → Kenneth Weinstein).
- ``they``, ``we``, ``it``, indefinite descriptions (``a spokesman``, ``one EU lawmaker``): None.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from toolkit.errors import LexiconError, ParameterError, check_choice, check_columns
from toolkit.count.parallel import map_slices
from toolkit.paths import PACKAGE_DIR, resolve_path

__all__ = ["quotes", "load_reporting_verbs", "DEFAULT_REPORTING_VERBS", "SCARE_MAX_WORDS"]

DEFAULT_REPORTING_VERBS = PACKAGE_DIR / "lexicons" / "reporting_verbs.yml"
#: A quoted phrase of at most this many words with no speaker is a scare quote.
SCARE_MAX_WORDS = 4

_COLUMNS = ["doc_id", "outlet", "date", "paragraph", "start", "end", "quote", "kind", "speaker",
            "speaker_start", "speaker_end", "speaker_resolved", "verb", "verb_form", "verb_class",
            "attribution", "actor"]


# --------------------------------------------------------------------------- reporting verbs
def load_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Read a reporting-verb lexicon (see ``toolkit/lexicons/reporting_verbs.yml``).

    Parameters
    ----------
    path : str or Path, optional
        YAML file mapping each verb class to ``{lemma: [forms]}``; top-level keys that start
        with ``_`` are documentation. Default: the lexicon shipped with the toolkit.

    Returns
    -------
    DataFrame
        One row per inflected form, in file order: ``form`` (lowercase, str), ``lemma`` (str),
        ``verb_class`` (str).

    Raises
    ------
    LexiconError
        When the file is missing or not valid YAML, when a class is not a mapping of lemmas
        to lists of forms, or when a form is listed twice.
    """
    p = Path(resolve_path(path)) if path is not None else DEFAULT_REPORTING_VERBS
    if not p.is_file():
        raise LexiconError(f"{p}: reporting-verb lexicon not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{p}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{p}: expected a mapping of verb classes")
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for cls, verbs in data.items():
        if str(cls).startswith("_"):
            continue
        if not isinstance(verbs, dict) or not verbs:
            raise LexiconError(f"{p}: class {cls!r} must map lemmas to lists of forms")
        for lemma, forms in verbs.items():
            if not isinstance(forms, list) or not forms:
                raise LexiconError(f"{p}: verb {lemma!r} in class {cls!r} needs a list of forms")
            for form in forms:
                f = str(form).strip().lower()
                if f in seen:
                    raise LexiconError(f"{p}: form {f!r} listed under {seen[f]!r} and {lemma!r}")
                seen[f] = str(lemma)
                rows.append((f, str(lemma), str(cls)))
    if not rows:
        raise LexiconError(f"{p}: no reporting verbs")
    return pd.DataFrame(rows, columns=["form", "lemma", "verb_class"])


# --------------------------------------------------------------------------- patterns
# Marks and paragraph breaks in one pass. Single marks: an opener needs no word character before
# it and a letter after it; a closer needs a non-space before it and no word character after it,
# so apostrophes inside or before words (Russia’s, don’t, ’90s) never match.
# (A plain alternation of literals is four times faster than one with look-arounds; the
# single marks are told from apostrophes in ``_scan``.)
_PARA_RE = re.compile(r"\n[ \t\r]*\n\s*")
# in-word apostrophes (don’t, Russia’s) are skipped by the regex already
_MARK_RE = re.compile(r"[\"“”„«»‘]|['’](?:(?!\w)|(?<=\W['’]))")
_DQ_CHARS = "\"“”„«»"
_DQ_OPEN_ONLY = "“„«"
_DQ_CLOSE_ONLY = "”»"
_OPENERS_AT_PARA_START = "“\"„«"

_TITLE_ABBR = (r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|Adm|Cmdr|Maj|Atty|"
               r"Supt|Det|Pres|Sec|Hon|Amb|Cpl|Pvt|Brig|Fr|Sr|Jr|St)\.")
_CAPWORD = r"(?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*)"
_PARTICLE = r"(?:de|del|della|da|dos|van|von|der|den|bin|ibn|al|el|la|le|du)"
_NAME = (rf"(?:{_TITLE_ABBR}\s+)?{_CAPWORD}"
         rf"(?:[ \t]+(?:{_TITLE_ABBR}|{_CAPWORD}|{_PARTICLE}(?=[ \t]+[A-Z])))*")
_PRON = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Ii]t|I)\b"
_FUNC = (r"(?:that|who|whom|whose|which|and|or|but|as|the|a|an|is|was|are|were|has|have|had|"
         r"will|would|also|not|if|when|while|because|than|then|this|these|those|there|here|"
         r"it|he|she|they|we|in|on|by|with|after|before|over|about|into|since)\b")
_DET = (rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|"
        rf"[Tt]heir|[Ii]ts|[Oo]ur|[Ss]ome|[Ss]everal|[Mm]any|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|"
        rf"(?:{_CAPWORD}[ \t]+){{0,3}}[A-Z][\w\-]*[’']s)")
_DESC = (rf"{_DET}(?:[ \t]+(?:(?:of|for|at|to|from)[ \t]+(?:the[ \t]+)?)?(?!{_FUNC})"
         rf"[\w’'\-.]*\w){{1,6}}")
# A name after a lowercase role noun: "Kremlin spokesman Oleg Sirin", "NATO spokesperson Pieter Hals".
_ROLE = (r"(?:spokesman|spokeswoman|spokesperson|minister|official|envoy|ambassador|commander|chief|"
         r"adviser|advisor|aide|negotiator|analyst|lawmaker|president|secretary|general|director|"
         r"diplomat|leader|head|governor|mayor|senator|lieutenant|colonel|officer|representative|"
         r"economist|researcher|expert|professor|coordinator|commissioner|chairman|chairwoman)")
_ROLE_NAME = rf"(?:{_CAPWORD}[ \t]+){{0,3}}{_ROLE}[ \t]+{_NAME}"
_SPEAKER = rf"(?P<spk>{_PRON}|{_ROLE_NAME}|{_DESC}|{_NAME})"
_AUX = (r"(?:has|have|had|was|is|were|are|will|would|did|does|do|also|later|then|again|once|"
        r"even|not|never|already|still|often|just|only|first|too|further|earlier|[a-z]+ly)")
_APPOS = r"(?:,[ \t](?P<app>[^“”\"\n]{1,160}?))"

# Sentence ends inside a paragraph: a stop, optional closing marks, a space, then a capital or an
# opening mark; not after common abbreviations and initials.
_SENT_END_RE = re.compile(
    r"[.!?](?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSen.)(?<!\bRep.)(?<!\bGov.)"
    r"(?<!\bGen.)(?<!\bSt.)(?<!\bLt.)(?<!\bCol.)(?<!\bJr.)(?<!\bSr.)(?<!\bNo.)(?<!\bvs.)"
    r"(?<!\b[A-Z].)[\"”’')\]]*[ \t]+(?=[\"“‘'(]?[A-Z0-9])"
)
_LEADING_STOP = frozenset(
    "but and in on at then when while after before meanwhile however so yet also still later "
    "earlier now here there today yesterday tonight last this that if as though although since "
    "because for with without by from of instead indeed still thus the a an his her their its "
    "our these those monday tuesday wednesday "
    "thursday friday saturday sunday speaking asked writing".split())
_TITLE_WORDS = frozenset(
    "mr mrs ms miss dr sen rep gov gen lt col capt sgt prof rev adm cmdr maj atty supt det pres "
    "sec hon amb cpl pvt brig fr sir dame lord lady president vice prime minister foreign defense "
    "defence interior finance secretary senator sens representative reps congressman "
    "congresswoman governor mayor chairman chairwoman chair leader ambassador judge justice "
    "attorney general spokesman spokeswoman spokesperson director chief executive ceo deputy "
    "former speaker house senate majority minority state commissioner chancellor king queen "
    "prince princess pope cardinal bishop father officer sheriff lieutenant colonel captain "
    "sergeant admiral commander professor doctor coach candidate nominee premier councilman "
    "councilwoman assemblyman assemblywoman delegate democratic republican gop democrat "
    "u.s. us white homeland national security press labor labour party first lady".split())
_NON_PERSON_HEADS = frozenset(
    "statement report letter memo release document study survey poll filing lawsuit complaint "
    "ruling order bill ad advertisement website site post tweet video book article story paper "
    "analysis campaign agency department ministry government administration company firm group "
    "organization committee office court board council network newspaper outlet magazine "
    "channel station service government's message email e-mail note text transcript".split())


_NOT_PERSON_TOKENS = frozenset(
    "united states america american americans house senate congress department court party "
    "committee republicans democrats republican democratic gop times news post white council "
    "union nations national agency ministry administration government county city state office "
    "campaign university institute foundation association center centre group company inc corp "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday washington moscow kremlin beijing "
    "london paris brussels pentagon twitter facebook youtube instagram cnn fox msnbc nbc cbs abc "
    "reuters ap politico iran russia china ukraine israel europe eu nato un u.s. us uk "
    "korean russian ukrainian american european western eastern french german british chinese "
    "japanese iranian israeli palestinian syrian mexican canadian african asian arab muslim "
    "christian jewish catholic lithuanian polish italian spanish indian pakistani afghan iraqi "
    "saudi turkish north south east west".split())


def _trie_regex(words: list[str]) -> str:
    """One regex alternation for ``words`` factored as a trie (fast on long word lists)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


class _Verbs:
    """Compiled patterns that depend on the reporting-verb lexicon."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.lemma = dict(zip(table["form"], table["lemma"]))
        self.cls = dict(zip(table["form"], table["verb_class"]))
        forms = sorted(self.lemma, key=len, reverse=True)
        alts = _trie_regex(forms)
        verb = rf"(?P<verb>{alts})\b"
        verb2 = rf"(?P<verb2>{alts})\b"
        # lowercase only: a capitalized verb would open a sentence, not follow a speaker
        self.verb_re = re.compile(rf"\b(?<![’'-]){verb}")
        # after the closing mark: "X said", "X, who ..., told", "said X", "according to X"
        self.after_subj = re.compile(
            rf"[ \t]*,?[ \t]*{_SPEAKER}{_APPOS}?,?[ \t]+(?:{_AUX}[ \t]+){{0,2}}{verb}")
        self.after_inv = re.compile(
            rf"[ \t]*,?[ \t]*{verb}[ \t]+(?P<spk>{_ROLE_NAME}|{_DESC}|{_NAME})")
        self.after_bare = re.compile(  # after a full stop: only "X said." / "said X."
            rf"[ \t]*(?:{_SPEAKER}[ \t]+{verb}|{verb2}[ \t]+(?P<spk2>{_ROLE_NAME}|{_NAME}))[ \t]*[.,;]")
        self.ends_with_verb = re.compile(rf"\b(?:{alts})(?:[ \t]+that)?[ \t]*$")


_ACCORDING_AFTER_RE = re.compile(rf"[ \t]*,?[ \t]*according to[ \t]+(?P<spk>{_DESC}|{_NAME}|{_PRON})")
_ACCORDING_BEFORE_RE = re.compile(rf"[Aa]ccording to[ \t]+(?P<spk>{_DESC}|{_NAME}),[ \t]*$")
_SUBJ_RE = re.compile(rf"(?:(?<=[\s(])|^){_SPEAKER},?[ \t]+(?:{_AUX}[ \t]+){{0,3}}$")
_SUBJ_APPOS_RE = re.compile(
    rf"(?:(?<=[\s(])|^){_SPEAKER}{_APPOS},?[ \t]+(?:{_AUX}[ \t]+){{0,3}}$")
# the subject of a clause: a name, pronoun or description followed (after an optional
# apposition and auxiliaries) by a lowercase word that is not a function word, i.e. a verb
_CLAUSE_SUBJ_RE = re.compile(
    rf"(?:(?<=[\s(])|^)(?P<spk>{_PRON}|{_DESC}|{_NAME})"
    rf"(?:,[ \t](?=[a-z])[^,“”\"\n]{{1,120}},|,(?=[ \t]+{_AUX}\b))?"
    rf"[ \t]+(?:{_AUX}[ \t]+){{0,3}}(?!{_FUNC})(?!{_AUX}\b)[a-z]+\b")
_NAMED_SUBJ_RE = re.compile(   # starts with a capital so the engine can skip ahead fast
    rf"(?=[A-Z])(?<![^\s(])(?P<spk>{_NAME})"
    rf"(?:,[ \t](?=[a-z])[^,“”\"\n]{{1,120}},|,(?=[ \t]+{_AUX}\b))?"
    rf"[ \t]+(?:{_AUX}[ \t]+){{0,3}}(?!{_FUNC})(?!{_AUX}\b)[a-z]+\b")
_SENT_SUBJ_RE = re.compile(rf"[ \t\"“‘']*(?P<spk>{_NAME})(?=,|[ \t]+[a-z])")
_WORD_RE = re.compile(r"[\w’'\-]+")
# between two quotations: "... and insisted", ", but warned", "and later added" (a coordinated verb)
_COORDINATED_RE = re.compile(r"(?:\band|\bbut|,)\s+(?:(?:also|later|then|again|further)\s+)?$")
_NAME_TOKEN_RE = re.compile(r"\S+")
_FIRST_LETTER_RE = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=8)
def _verbs_for(path: str | None) -> _Verbs:
    return _Verbs(load_reporting_verbs(path))


# --------------------------------------------------------------------------- mark scanning
def _dq_role(text: str, pos: int) -> str:
    """Role a double mark can play from its direction or its neighbours: open, close or either."""
    ch = text[pos]
    if ch in _DQ_OPEN_ONLY:
        return "open"
    if ch in _DQ_CLOSE_ONLY:
        return "close"
    prev = text[pos - 1] if pos else " "
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    after_space = prev.isspace() or prev in "([{—–-/"
    before_space = nxt.isspace() or nxt in ".,;:!?)]—–"
    if after_space and not before_space:
        return "open"
    if before_space and not after_space:
        return "close"
    return "either"


_DQ_ANY_RE = re.compile(r"[\"“”„«»]")
#: How many paragraphs an open quotation may run without re-opening marks before its closing
#: mark (a quoted letter or tweet set out over several paragraphs with one pair of marks).
_MAX_BARE_PARAGRAPHS = 4


def _closes_later(text: str, pos: int) -> bool:
    """True when the next double mark after ``pos`` can only close, within a few paragraphs."""
    m = _DQ_ANY_RE.search(text, pos)
    if m is None or text.count("\n\n", pos, m.start()) >= _MAX_BARE_PARAGRAPHS:
        return False
    return _dq_role(text, m.start()) == "close"


def _scan(text: str, unpaired: str) -> tuple[list[tuple[int, int, int, int, int, int]], list[int]]:
    """Pair quotation marks in ``text``.

    Returns the quotations as ``(open_mark, start, end, close_end, para_first, para_last)``
    and the start offsets of the paragraphs.
    """
    breaks = [(m.start(), m.end()) for m in _PARA_RE.finditer(text)]
    para_starts = [0] + [b for _, b in breaks]
    out: list[tuple[int, int, int, int, int, int]] = []
    para = 0
    dq: int | None = None          # offset of the open double mark
    dq_para = 0
    depth = 0                      # double quotations nested inside the open one
    sq: int | None = None          # offset of an open top-level single mark
    skip = -1                      # a re-opening mark consumed by a continued quotation
    n = len(text)

    def end_paragraph(k: int) -> None:
        """Close paragraph ``k`` (its break is ``breaks[k]``) while a quotation is open."""
        nonlocal dq, skip
        brk, nxt = breaks[k]
        if nxt < n and text[nxt] in _OPENERS_AT_PARA_START:
            skip = nxt                # re-opened: the quotation continues in the next paragraph
            return
        if _closes_later(text, nxt):
            return                    # one pair of marks around several paragraphs
        if unpaired == "paragraph":
            out.append((dq, dq + 1, len(text[:brk].rstrip()), brk, dq_para, k))
        dq = None

    for m in _MARK_RE.finditer(text):
        pos = m.start()
        if para + 1 < len(para_starts) and pos >= para_starts[para + 1]:
            p = bisect_right(para_starts, pos) - 1
            while dq is not None and para < p:
                end_paragraph(para)
                para += 1
            para, sq, depth = p, None, 0
        if pos == skip:
            continue
        ch = text[pos]
        if ch in _DQ_CHARS:
            sq = None
            role = _dq_role(text, pos)
            if dq is None:
                if role != "close":   # a mark that can only close never opens a quotation
                    dq, dq_para = pos, para
            elif role == "open":
                depth += 1            # a double quotation inside the open one
            elif depth:
                depth -= 1
            else:
                out.append((dq, dq + 1, pos, pos + 1, dq_para, para))
                dq = None
        else:  # single mark, only at top level
            if dq is not None:
                continue
            prev = text[pos - 1] if pos else " "
            nxt = text[pos + 1] if pos + 1 < n else " "
            if ch != "’" and not (prev.isalnum() or prev in "_’'") and nxt.isalpha():
                ch_is_open = True     # ‘ or ' before a letter, not after a word character
            elif ch != "‘" and not (prev.isspace() or prev in "'‘’\"“”") and not (nxt.isalnum() or nxt == "_"):
                ch_is_open = False    # ’ or ' after a non-space, not before a word character
            else:
                continue              # an apostrophe (Russia’s, don’t, ’90s)
            if sq is None:
                if ch_is_open:
                    sq = pos
            elif ch_is_open and ch == "‘":
                sq = pos
            else:
                out.append((sq, sq + 1, pos, pos + 1, para, para))
                sq = None
    while dq is not None and para < len(breaks):
        end_paragraph(para)
        para += 1
    if dq is not None and unpaired == "paragraph":
        end = len(text.rstrip())
        out.append((dq, dq + 1, end, end, dq_para, para))
    out.sort()
    return out, para_starts


# --------------------------------------------------------------------------- attribution
@lru_cache(maxsize=65536)
def _clean_name(name: str) -> str:
    """Drop sentence-initial function words from a captured phrase ("But Smith" -> "Smith").

    A determiner before a lowercase word starts a description and is kept ("The senator").
    """
    toks = name.split()
    while toks and toks[0].lower() in _LEADING_STOP:
        if toks[0].lower() in _DETERMINERS and len(toks) > 1 and toks[1][:1].islower():
            break
        toks.pop(0)
    return " ".join(toks)


_DETERMINERS = frozenset("the a an this that these those his her their its our".split())


@lru_cache(maxsize=65536)
def _strip_titles(name: str) -> str:
    toks = name.split()
    while len(toks) > 1:
        low = toks[0].lower().rstrip(".")
        nxt = toks[1].lower().rstrip(".")
        if low in _TITLE_WORDS or low.rstrip("s") in _TITLE_WORDS:
            toks.pop(0)
        elif nxt in _TITLE_WORDS and len(toks) > 2:
            toks.pop(0)    # a nationality or place before a title: "Russian President", "Texas Governor"
        else:
            break
    return " ".join(toks)


_PRON_RE = re.compile(_PRON)
_DET_RE = re.compile(_DET + r"\s")
_NAME_RE = re.compile(_NAME)


@lru_cache(maxsize=65536)
def _speaker_kind(spk: str) -> str:
    """``pronoun``, ``description`` (a determiner phrase) or ``name``."""
    if _PRON_RE.fullmatch(spk):
        return "pronoun"
    if _DET_RE.match(spk):
        if not _NAME_RE.fullmatch(spk):
            return "description"
        if spk.split()[0].lower() in {"the", "a", "an", "one", "another"} \
                and not spk.split()[-1][:1].isupper():
            return "description"
    return "name"


def _span(m: re.Match, group: str, base: int) -> tuple[str, int, int] | None:
    s, e = m.span(group)
    raw = m.group(group)
    cleaned = _clean_name(raw) if raw and raw[:1].isupper() and not _PRON_RE.fullmatch(raw) else raw
    if not cleaned or (cleaned[-2:] in ("’s", "'s") and " " not in cleaned):
        return None   # empty once sentence-initial words are dropped, or a bare possessive
    s += raw.find(cleaned)
    return cleaned, base + s, base + s + len(cleaned)


def _ends_with_verb(s: str, V: _Verbs) -> bool:
    """True when ``s`` ends with a reporting verb, optionally followed by "that"."""
    words = s.rsplit(None, 2)[-2:]
    if not words:
        return False
    if words[-1] == "that":
        return len(words) == 2 and words[0] in V.lemma
    return words[-1] in V.lemma


def _attribute(text: str, q: tuple, prev_close: int, next_open: int, para_start: int,
               para_end: int, V: _Verbs) -> tuple[Any, ...]:
    """Speaker, verb and kind of one quotation.

    Returns ``(speaker, s_start, s_end, verb_form, attribution, direct, sentence_subject)``.
    """
    open_mark, start, end, close_end = q[0], q[1], q[2], q[3]
    inner = text[start:end]
    lo = max(para_start, prev_close, open_mark - 320)
    before = text[lo:open_mark]
    cut = 0
    # search the text itself so the look-ahead sees the opening mark after the window
    for m in _SENT_END_RE.finditer(text, lo, open_mark + 2):
        if m.end() <= open_mark:
            cut = m.end() - lo
    sent_before = before[cut:]
    sb_base = lo + cut
    stripped = sent_before.rstrip()
    first = _FIRST_LETTER_RE.search(inner)
    upper_start = bool(first) and first.group().isupper()
    direct = upper_start and (not stripped or stripped[-1] in ":,—–-" or
                              _ends_with_verb(stripped, V))
    sent_subj = _SENT_SUBJ_RE.match(sent_before)
    sent_subject = None
    if sent_subj:
        sent_subject = _span(sent_subj, "spk", sb_base)

    # 1. after the quotation
    hi = min(para_end, next_open, close_end + 240)
    after = text[close_end:hi]
    tail = inner.rstrip()
    ends_stop = tail.endswith(".") and not after.startswith(",")
    if after[:1] in (" ", ",", "\t", ""):
        if ends_stop:
            m = V.after_bare.match(after)
            if m:
                grp = "spk" if m.group("spk") else "spk2"
                sp = _span(m, grp, close_end)
                if sp:
                    return (*sp, m.group("verb") or m.group("verb2"), "after", direct, sent_subject)
        else:
            m = V.after_subj.match(after)
            if m:
                sp = _span(m, "spk", close_end)
                if sp:
                    return (*sp, m.group("verb"), "after", direct, sent_subject)
            m = V.after_inv.match(after)
            if m:
                sp = _span(m, "spk", close_end)
                if sp:
                    return (*sp, m.group("verb"), "after", direct, sent_subject)
            m = _ACCORDING_AFTER_RE.match(after)
            if m:
                sp = _span(m, "spk", close_end)
                if sp:
                    return (*sp, None, "according", direct, sent_subject)
    # 2. before it, in the same sentence
    if sent_before.strip():
        m = _ACCORDING_BEFORE_RE.search(sent_before)
        if m:
            sp = _span(m, "spk", sb_base)
            if sp:
                return (*sp, None, "according", direct, sent_subject)
        verbs = list(V.verb_re.finditer(sent_before))
        for vm in reversed(verbs):
            left = sent_before[max(0, vm.start() - 200):vm.start()]
            lbase = sb_base + max(0, vm.start() - 200)
            if vm.group("verb").lower().endswith("ing"):
                # a participle ("..., saying", "was quoted as saying") takes the subject of
                # its clause, not the noun phrase right before it
                sp = None
                for m in _CLAUSE_SUBJ_RE.finditer(left):
                    sp = _span(m, "spk", lbase)
                    if sp:
                        break     # the first clause subject of the sentence
                if sp:
                    return (*sp, vm.group("verb"), "before", direct, sent_subject)
                continue
            m = _SUBJ_RE.search(left) or _SUBJ_APPOS_RE.search(left)
            if m:
                sp = _span(m, "spk", lbase)
                if sp:
                    return (*sp, vm.group("verb"), "before", direct, sent_subject)
    return (None, None, None, None, None, direct, sent_subject)


# --------------------------------------------------------------------------- resolution
_PRE_RUN_RE = re.compile(rf"(?:{_CAPWORD}[ \t]+){{1,4}}$")


def _full_name(name: str, text: str) -> str:
    """``name`` without titles; a lone surname becomes its first fuller form in ``text``."""
    bare = _strip_titles(name)
    toks = bare.split()
    if len(toks) != 1 or not toks[0][:1].isupper():
        return bare
    last = toks[0]
    n = len(last)
    i = text.find(last)
    while i >= 0:
        after = text[i + n:i + n + 1]
        if i > 0 and not (after.isalnum()):
            m = _PRE_RUN_RE.search(text, max(0, i - 60), i)
            if m:
                cand = _strip_titles(_clean_name(m.group(0) + last))
                ctoks = cand.split()
                if len(ctoks) > 1 and ctoks[-2].rstrip(".").lower() not in _TITLE_WORDS:
                    return cand
        i = text.find(last, i + n)
    return bare


_CLAUSE_BREAK_RE = re.compile(r"[.!?\n]\s")
_APPOS_AFTER_RE = re.compile(r"(?:,\s*[^,.;\n]*)?")


def _mention_context(full: str, text: str) -> tuple[str, str]:
    """Title and apposition of the first mention of ``full``, as written.

    That is the words before the name back to the start of its sentence (at most 80
    characters) and the apposition after it up to the next comma, stop or line break.
    """
    last = full.split()[-1]
    i = text.find(last)
    while i > 0 and (text[i - 1].isalnum() or text[i + len(last):i + len(last) + 1].isalnum()):
        i = text.find(last, i + 1)      # a whole-word occurrence
    if i < 0:
        return "", ""
    end = i + len(last)
    first = full.split()[0]
    j = text.rfind(first, max(0, i - 40), i)
    i = j if j >= 0 else i
    pre = text[max(0, i - 80):i]
    pre = _CLAUSE_BREAK_RE.split(pre)[-1]
    post = _APPOS_AFTER_RE.match(text, end, end + 100).group(0)
    return pre, post


def _head_context(full: str, text: str) -> str:
    """:func:`_mention_context` joined and lowercased."""
    pre, post = _mention_context(full, text)
    return (pre + " " + post).lower()


def _person_like(name: str) -> bool:
    """A name that may be a person's: no token that names a place, body, people or month."""
    toks = {t.strip("’'.,").lower() for t in name.split()}
    return bool(toks) and not toks & _NOT_PERSON_TOKENS


_HEAD_ABBR = {"governor": "gov", "senator": "sen", "representative": "rep", "congressman": "rep",
              "congresswoman": "rep", "general": "gen", "president": "pres", "doctor": "dr",
              "professor": "prof", "lieutenant": "lt", "colonel": "col", "captain": "capt",
              "ambassador": "amb", "secretary": "sec", "attorney": "atty"}


def _subjects(rows: list[dict], text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Person-like named subjects of clauses in ``[lo, hi)`` outside quotations:
    (offset, name as written), in text order."""
    out = []
    pos = lo
    gaps = []
    for r in rows:           # the reporter's text between quotations
        if r["end"] <= pos:
            continue
        if r["start"] >= hi:
            break
        if r["start"] > pos:
            gaps.append((pos, r["start"]))
        pos = max(pos, r["end"])
    if pos < hi:
        gaps.append((pos, hi))
    for a, b in gaps:
        for m in _NAMED_SUBJ_RE.finditer(text, a, b):
            sp = _span(m, "spk", 0)
            if sp is not None and _person_like(sp[0]):
                out.append((sp[1], sp[0]))
    return out


def _resolve(rows: list[dict], text: str, para_starts: list[int]) -> None:
    """Fill ``speaker_resolved`` in place (rules in the module docstring)."""
    n_para = len(para_starts)
    cache: dict[int, list[tuple[int, str]]] = {}
    named = [(r["speaker_start"], r["speaker"], r["paragraph"]) for r in rows
             if r["speaker"] and _speaker_kind(r["speaker"]) == "name" and _person_like(r["speaker"])]

    def mentions(p: int) -> list[tuple[int, str]]:
        """Named subjects and named speakers of paragraph ``p`` (scanned once, on demand)."""
        if p not in cache:
            hi = para_starts[p + 1] if p + 1 < n_para else len(text)
            found = _subjects(rows, text, para_starts[p], hi)
            found += [(off, spk) for off, spk, q in named if q == p]
            cache[p] = sorted(found)
        return cache[p]

    contexts: dict[str, str] = {}
    full_cache: dict[str, str] = {}

    def full(name: str) -> str:
        if name not in full_cache:
            full_cache[name] = _full_name(name, text)
        return full_cache[name]

    for r in rows:
        spk = r["speaker"]
        r["speaker_resolved"] = None
        if spk is None:
            continue
        kind = _speaker_kind(spk)
        if kind == "name":
            r["speaker_resolved"] = full(spk) or None
            continue
        ps = r["speaker_start"]
        if kind == "pronoun":
            if spk.lower() not in ("he", "she"):
                continue
            subj = r.get("_sent_subject")
            if subj and subj[1] < ps and _speaker_kind(subj[0]) == "name" and _person_like(subj[0]):
                r["speaker_resolved"] = full(subj[0])
                continue
            for p in range(r["paragraph"], max(-1, r["paragraph"] - 3), -1):
                before = [n for off, n in mentions(p) if off < ps]
                if before:    # the most recent named person, nearest paragraph first
                    r["speaker_resolved"] = full(before[-1])
                    break
            continue
        words = spk.split()
        head = words[-1].lower().strip("’'")
        if words[0].lower() != "the" or not head.isalpha() or not head.islower() \
                or head in _NON_PERSON_HEADS:
            continue
        near = [(off, n) for p in range(max(0, r["paragraph"] - 2), r["paragraph"] + 1)
                for off, n in mentions(p) if off < ps]
        earlier = list(dict.fromkeys([full(n) for off, n, _ in named if off < ps] +
                                     [full(n) for _, n in near]))
        pat = re.compile(rf"\b(?:{re.escape(head)}|{_HEAD_ABBR.get(head, '~')})\b")
        for n in earlier:
            if n not in contexts:
                contexts[n] = _head_context(n, text)
        by_title = [n for n in earlier if pat.search(contexts[n])]
        window = {full(n) for _, n in near}
        if len(by_title) == 1:
            r["speaker_resolved"] = by_title[0]
        elif len(window) == 1:
            r["speaker_resolved"] = window.pop()


# --------------------------------------------------------------------------- one article
def _article(text: str, V: _Verbs, unpaired: str) -> list[dict]:
    found, para_starts = _scan(text, unpaired)
    rows: list[dict] = []
    n = len(text)
    last_in_para: dict[int, dict] = {}
    for i, q in enumerate(found):
        open_mark, start, end, close_end, p0, p1 = q
        para_start = para_starts[p0]
        para_end = para_starts[p1 + 1] if p1 + 1 < len(para_starts) else n
        prev_close = found[i - 1][3] if i and found[i - 1][5] == p0 else para_start
        next_open = found[i + 1][0] if i + 1 < len(found) else n
        spk, s0, s1, vform, how, direct, sent_subject = _attribute(
            text, q, prev_close, next_open, para_start, para_end, V)
        if open_mark == para_start:
            direct = direct or bool(_FIRST_LETTER_RE.search(text[start:end]))
        row = {"paragraph": p0, "start": start, "end": end, "speaker": spk,
               "speaker_start": s0, "speaker_end": s1, "verb_form": vform, "attribution": how,
               "_direct": direct, "_sent_subject": sent_subject}
        if spk is None and direct:
            prev = last_in_para.get(p0)
            if prev is None and open_mark == para_start:
                prev = last_in_para.get(p0 - 1)
                if prev is not None and not prev["_direct"]:
                    prev = None
            if prev is not None and prev["speaker"] is not None:
                row.update(speaker=prev["speaker"], speaker_start=prev["speaker_start"],
                           speaker_end=prev["speaker_end"], verb_form=prev["verb_form"],
                           attribution="inherited")
        elif spk is None and rows and rows[-1]["speaker"] is not None and rows[-1]["paragraph"] == p0:
            # "X claimed the drills were “routine” and insisted that Moscow had “no plans”": a
            # reporting verb coordinated with the previous quotation's, inside the same sentence,
            # shares its subject.
            gap = text[found[i - 1][3]:open_mark]
            verb = V.verb_re.search(gap)
            if verb is not None and not _SENT_END_RE.search(gap) and _COORDINATED_RE.search(gap[:verb.start()]):
                prev = rows[-1]
                row.update(speaker=prev["speaker"], speaker_start=prev["speaker_start"],
                           speaker_end=prev["speaker_end"], verb_form=verb.group("verb"),
                           attribution="inherited")
        rows.append(row)
        if row["speaker"] is not None:
            last_in_para[p1] = row
        elif p1 not in last_in_para or direct:
            last_in_para[p1] = row
    _resolve(rows, text, para_starts)
    for r in rows:
        r.pop("_sent_subject", None)
        if r.pop("_direct"):
            r["kind"] = "direct"
        elif r["speaker"] is None and len(_WORD_RE.findall(text[r["start"]:r["end"]])) <= SCARE_MAX_WORDS:
            r["kind"] = "scare"
        else:
            r["kind"] = "partial"
    return rows


# --------------------------------------------------------------------------- public verb
def quotes(articles: pd.DataFrame, *, actors: Any = None, verbs: str | Path | None = None,
           unpaired: str = "paragraph", jobs: int | None = None, client=None) -> pd.DataFrame:
    """Extract quotations, their speakers and reporting verbs.

    Parameters
    ----------
    articles : DataFrame
        Articles table with at least ``doc_id`` and ``text`` (``outlet`` and ``date`` are
        copied when present). Paragraphs are separated by a blank line.
    actors : str, Path or lexicon, optional
        Actors lexicon (anything ``toolkit.match.lexicon.load_lexicon`` accepts). When given, the
        ``actor`` column holds the category of the first actor pattern found in the speaker
        (its resolved name when there is one, else the speaker as written).
    verbs : str or Path, optional
        Reporting-verb lexicon; default ``toolkit/lexicons/reporting_verbs.yml``.
    unpaired : {"drop", "paragraph"}
        What an opening mark left unclosed at a paragraph end (and not continued by a
        re-opening mark in the next paragraph) yields: nothing, or a quotation running to the
        end of its paragraph.
    jobs : int, optional
        Worker processes for large corpora (default: all cores; see
        :func:`toolkit.count.parallel.map_slices`).
    client : distributed.Client, str or None
        For a lazy corpus (``load_corpus(..., lazy=True)``): the ``dask.distributed`` client its
        partitions are read on (default: the current client, else a LocalCluster); each
        partition's quotations come back.

    Returns
    -------
    DataFrame
        One row per quotation, in article and text order:

        - ``doc_id``, ``outlet``, ``date``: copied from ``articles`` (``outlet``/``date`` are
          missing values when ``articles`` lacks them).
        - ``paragraph`` (int): index of the paragraph where the quotation opens (0-based).
        - ``start``, ``end`` (int): offsets in ``text`` of the quoted words, marks excluded.
        - ``quote`` (str): ``text[start:end]``.
        - ``kind`` (str): ``direct``, ``partial`` or ``scare`` (module docstring).
        - ``speaker`` (str or None): the speaker as written ("Landsbergis", "the former
          diplomat", "he"); ``speaker_start``/``speaker_end`` (Int64): its offsets in ``text``
          (for an inherited speaker, those of the earlier attribution).
        - ``speaker_resolved`` (str or None): the named speaker it refers to (module docstring).
        - ``verb`` (str or None): lemma of the reporting verb ("say", "tell", "dismiss");
          ``verb_form`` the form in the text ("told"); ``verb_class`` its class in the verb
          lexicon ("neutral", "doubt", "confirming", "assertive", "denial", ...).
        - ``attribution`` (str or None): where the speaker was found: ``after`` the quotation,
          ``before`` it, ``according`` ("according to X"), ``inherited`` from the previous
          quotation, or None.
        - ``actor`` (str or None): actor category of the speaker (None without ``actors``).

        ``attrs["quotes"]`` records the parameters.

    Raises
    ------
    ParameterError
        When ``articles`` lacks ``doc_id`` or ``text``, or ``unpaired`` is invalid.
    LexiconError
        When the verb lexicon cannot be read.

    References
    ----------
    Pareti, S. (2016). PARC 3.0: A corpus of attribution relations. LREC.
    Fan, L. et al. (2019). In Plain Sight: Media Bias Through the Lens of Factual Reporting.
    EMNLP (BASIL, the gold quotations used to evaluate this function).

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["d1"], "text": ["“We will win,” Smith said."]})
    >>> quotes(arts)[["quote", "speaker", "verb", "kind"]].values.tolist()
    [['We will win,', 'Smith', 'say', 'direct']]
    """
    from toolkit.count.distributed import check_client, concat_partitions, frame_meta, is_dask_frame

    if not isinstance(articles, pd.DataFrame) and not is_dask_frame(articles):
        raise ParameterError(f"`articles` must be a DataFrame, got {type(articles).__name__}")
    check_columns(frame_meta(articles), ["doc_id", "text"])
    check_choice("unpaired", unpaired, ["drop", "paragraph"])
    check_client(client)
    if is_dask_frame(articles):  # a lazy corpus: each partition's quotations, on the cluster (issue 17)
        return concat_partitions(articles, lambda chunk: quotes(chunk, actors=actors, verbs=verbs, unpaired=unpaired,
                                                                jobs=1), client=client)
    V = _verbs_for(str(verbs) if verbs is not None else None)

    doc_ids = articles["doc_id"].tolist()
    texts = articles["text"].tolist()

    def extract(a: int, b: int) -> list[dict]:
        out: list[dict] = []
        for i in range(a, b):
            text = texts[i]
            if not isinstance(text, str) or not text:
                continue
            for r in _article(text, V, unpaired):
                r["_row"] = i
                r["doc_id"] = doc_ids[i]
                r["quote"] = text[r["start"]:r["end"]]
                out.append(r)
        return out

    records = [r for part in map_slices(extract, len(texts), jobs=jobs, desc="quotes") for r in part]
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS + ["_row"])
    rows = frame.pop("_row").to_numpy(dtype=int)
    frame["outlet"] = articles["outlet"].to_numpy()[rows] if "outlet" in articles else None
    if "date" in articles:
        frame["date"] = pd.Series(articles["date"].to_numpy()[rows], index=frame.index)
    else:
        frame["date"] = pd.NaT
    if "outlet" in articles and isinstance(articles["outlet"].dtype, pd.CategoricalDtype):
        frame["outlet"] = pd.Categorical(frame["outlet"], categories=articles["outlet"].cat.categories)
    for col in ("paragraph", "start", "end"):
        frame[col] = frame[col].astype("int64")
    for col in ("speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    forms = frame["verb_form"].str.lower()
    frame["verb"] = forms.map(V.lemma).astype(object).where(forms.notna(), None)
    frame["verb_class"] = forms.map(V.cls).astype(object).where(forms.notna(), None)
    frame["actor"] = _actor_column(frame, actors, texts, rows) if actors is not None else None
    for col in ("speaker", "speaker_resolved", "verb_form", "attribution", "actor"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame.attrs["quotes"] = {"actors": None if actors is None else str(actors),
                             "verbs": str(verbs or DEFAULT_REPORTING_VERBS),
                             "unpaired": unpaired, "scare_max_words": SCARE_MAX_WORDS}
    return frame


def _actor_column(frame: pd.DataFrame, actors: Any, texts: list, rows) -> list:
    """Actor category of each speaker.

    The first hit of the actors lexicon in the speaker's resolved name, else in the speaker as
    written ("Moscow", "a Kremlin spokesman"); else, for a named person, the actor nearest to the
    first mention of the name in its title or apposition ("Kremlin spokesman Oleg Sirin" → russia,
    "Ilona Varga, Ukraine's defence minister," → ukraine).
    """
    from toolkit.match.lexicon import load_lexicon

    lex = load_lexicon(actors)
    matcher = lex.matcher
    cache: dict[Any, Any] = {}

    def first(key: str):
        if key not in cache:
            hits = matcher.find(key)
            cache[key] = lex.categories[int(hits.category[0])] if len(hits) else None
        return cache[key]

    out = []
    for spk, res, row in zip(frame["speaker"], frame["speaker_resolved"], rows):
        found = None
        for key in (res, spk):
            if isinstance(key, str) and (found := first(key)) is not None:
                break
        name = res if isinstance(res, str) else spk
        if found is None and isinstance(name, str) and _person_like(name):
            key = (row, name)
            if key not in cache:
                pre, post = _mention_context(_full_name(name, texts[row]), texts[row])
                before, after = matcher.find(pre), matcher.find(post)
                if len(before):
                    cache[key] = lex.categories[int(before.category[-1])]   # nearest before the name
                elif len(after):
                    cache[key] = lex.categories[int(after.category[0])]
                else:
                    cache[key] = None
            found = cache[key]
        out.append(found)
    return out
