"""The reporting-verb lexicon: read through the lexicon loader, compiled for cue finding.

The file (``toolkit/lexicons/reporting_verbs.yml``) is an ordinary toolkit lexicon whose
categories are ``<class>.<lemma>`` and whose patterns are the inflected forms. It is read with
:func:`toolkit.match.lexicon.load_lexicon` (so YAML and entry errors name the file and line);
this module only checks the extra shape a verb lexicon needs and builds the lookups.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from toolkit.errors import LexiconError
from toolkit.match.lexicon import LEXICON_DIR, load_lexicon

DEFAULT_REPORTING_VERBS = LEXICON_DIR / "reporting_verbs.yml"
_FORM_RE = re.compile(r"[a-z]+(?:[-'][a-z]+)*")


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
        From the lexicon loader (missing file, invalid YAML or entry, with the file and line),
        and when a class is not a mapping of lemmas to lists of forms, when a form is not one
        lowercase word, or when a form is listed twice.

    Examples
    --------
    >>> verbs = load_reporting_verbs()
    >>> verbs.set_index("form").loc["claimed"].tolist()
    ['claim', 'doubt']
    """
    source = DEFAULT_REPORTING_VERBS if path is None else Path(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lex = load_lexicon(source)
    where = lex.source
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for category, pattern in zip(lex.entries["category"], lex.entries["pattern"]):
        cls, _, lemma = category.partition(".")
        if not lemma or "." in lemma:
            raise LexiconError(f"{where}: class {cls!r} must map lemmas to lists of forms "
                               f"(found category {category!r})")
        form = pattern.lower()
        if not _FORM_RE.fullmatch(form):
            raise LexiconError(f"{where}: verb {lemma!r} in class {cls!r}: form {pattern!r} must "
                               "be one lowercase word")
        if form in seen:
            raise LexiconError(f"{where}: form {form!r} listed under {seen[form]!r} and {lemma!r}")
        seen[form] = lemma
        rows.append((form, lemma, cls))
    for w in caught:   # anything else the loader warned about
        warnings.warn(w.message, w.category, stacklevel=2)
    return pd.DataFrame(rows, columns=["form", "lemma", "verb_class"])


def trie_regex(words: list[str]) -> str:
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


class Verbs:
    """Lookups and the compiled verb pattern of one reporting-verb lexicon.

    ``lemma[form]`` and ``cls[form]`` give the lemma and class of a lowercase form;
    ``verb_re`` finds lowercase forms as whole words (not inside hyphenated words or after an
    apostrophe).
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.lemma: dict[str, str] = dict(zip(table["form"], table["lemma"]))
        self.cls: dict[str, str] = dict(zip(table["form"], table["verb_class"]))
        self.forms = frozenset(self.lemma)
        forms = sorted(self.lemma, key=len, reverse=True)
        self.verb_re = re.compile(rf"(?<![\w’'-]){trie_regex(forms)}(?![\w’'-])")

    def is_form(self, word: str) -> bool:
        return word in self.lemma


@lru_cache(maxsize=8)
def verbs_for(path: str | None) -> Verbs:
    """The compiled :class:`Verbs` of a lexicon file (cached by path)."""
    return Verbs(load_reporting_verbs(path))
