"""The evidence behind a stance score: evaluative words in the scope of an actor mention.

:func:`evidence` reads the articles once and returns one row per (actor mention's sentence,
evaluative word in that sentence): who is mentioned, which word evaluates, its valence, how far
it is from the nearest mention (in tokens), whether a clause boundary lies between them, whether
it is negated, and whether it stands in quoted speech (from :func:`toolkit.quotes`). The scoring
rules (:mod:`toolkit.discourse.stance.rules`) weigh these rows; keeping them separate makes every
score auditable: ``evidence(...)`` is the audit trail of ``stance(...)``.

Evaluative words come from two sources: the news-adapted lexicon ``evaluative.yml`` (a category
per kind of evaluation, its valence in ``_meta.valence``) and, for every other word, VADER's
lexicon as shipped in the ``vaderSentiment`` wheel (Hutto & Gilbert 2014), marked
``source="vader"``. Words that are part of an actor mention never evaluate it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from toolkit.errors import LexiconError
from toolkit.match.lexicon import Lexicon, load_lexicon
from toolkit.match.matcher import compile_matcher
from toolkit.count.units import segment
from toolkit.text.sentences import paragraph_spans
from toolkit.text.tokens import TOKEN_PATTERN

EVALUATIVE = Path(__file__).resolve().parents[2] / "lexicons" / "evaluative.yml"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
#: Words that invert the polarity of an evaluative word up to three tokens after them.
NEGATORS = frozenset("""
not no never nor neither without hardly barely scarcely cannot nothing none nobody lack lacks lacked
""".split())
#: Characters that end a clause inside a sentence.
CLAUSE_MARKS = re.compile(r"[;:—–()]|\s-\s|,\s*(?:but|while|whereas|although|though|who|which|as)\b")
EVIDENCE_COLUMNS = ["doc_id", "unit", "paragraph", "field", "actor", "mentions", "word", "category", "source",
                    "valence", "distance", "clause", "negated", "quoted"]


@lru_cache(maxsize=4)
def evaluative_lexicon(path: str | None = None) -> tuple[Lexicon, dict[str, float]]:
    """The evaluative lexicon and its valence per category (from ``_meta.valence``)."""
    path = str(path or EVALUATIVE)
    lex = load_lexicon(path)
    meta = yaml.safe_load(Path(path).read_text(encoding="utf-8")).get("_meta", {}) or {}
    valence = meta.get("valence") or {}
    missing = [c for c in lex.categories if c not in valence]
    if missing:
        raise LexiconError(f"{path}: _meta.valence has no value for categories {missing}")
    return lex, {c: float(valence[c]) for c in lex.categories}


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4 … 4), read from the ``vaderSentiment`` wheel (no download)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {w: float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items() if w.isalpha()}


def _quote_mask(quotes: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    if quotes is None or not len(quotes):
        return {}
    out: dict[str, list[tuple[int, int, str]]] = {}
    for doc, start, end, kind in zip(quotes["doc_id"], quotes["start"], quotes["end"], quotes["kind"]):
        out.setdefault(doc, []).append((int(start), int(end), str(kind)))
    return out


def _quoted(spans: list[tuple[int, int, str]], pos: int) -> str:
    for start, end, kind in spans:
        if start <= pos < end:
            return kind
    return ""


def evidence(articles: pd.DataFrame, actors, *, quotes: pd.DataFrame | None = None,
             lexicon: str | Path | None = None, vader: bool = True) -> pd.DataFrame:
    """Evaluative words in the sentences that mention each actor, with their scope features.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id``, ``title``, ``text``).
    actors : Lexicon, str, Path or mapping
        The actor lexicon.
    quotes : DataFrame, optional
        :func:`toolkit.quotes` of the same articles (``doc_id``, ``start``, ``end``, ``kind``);
        without it no word counts as quoted.
    lexicon : str or Path, optional
        The evaluative lexicon (default the packaged ``evaluative.yml``).
    vader : bool
        Also take VADER's valence for words the evaluative lexicon does not list.

    Returns
    -------
    DataFrame
        One row per sentence × actor × evaluative word: ``doc_id``, ``unit`` (sentence number,
        0 = title), ``paragraph`` (0 = title, then 1, 2 … in the text), ``field``, ``actor``,
        ``mentions`` (the actor's mentions in the sentence), ``word`` (as written), ``category``
        (the evaluative category, or ``"vader"``), ``source`` (``"lexicon"``/``"vader"``),
        ``valence`` (-4 … 4), ``distance`` (tokens between the word and the nearest mention),
        ``clause`` (True when no clause boundary lies between them), ``negated`` (a negator in
        the three tokens before the word), ``quoted`` (``""``, or the :func:`toolkit.quotes` kind
        of the quotation holding the word: ``direct``, ``partial``, ``scare``). Sentences
        mentioning an actor with no evaluative word have one row with an empty ``word`` and
        valence 0, so that every mentioning sentence is counted.
    """
    actor_lex = load_lexicon(actors)
    eval_lex, valence = evaluative_lexicon(str(lexicon) if lexicon else None)
    vader_words = vader_lexicon() if vader else {}
    units = segment(articles, unit="sentence", by=[])
    texts = units["text"].tolist()
    mentions = compile_matcher([actor_lex]).find_frame(texts)
    if not len(mentions):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EVIDENCE_COLUMNS})
    keep = np.unique(mentions["text_index"].to_numpy())
    sub_texts = [texts[i] for i in keep]
    evals = compile_matcher([eval_lex]).find_frame(sub_texts)
    evals["text_index"] = keep[evals["text_index"].to_numpy()]
    by_unit_eval = {i: g for i, g in evals.groupby("text_index", sort=False)}
    quote_spans = _quote_mask(quotes)
    doc_ids = units["doc_id"].to_numpy()
    fields = units["field"].to_numpy()
    unit_no = units["unit"].to_numpy()
    starts = units["start"].to_numpy()
    article_text = dict(zip(articles["doc_id"], articles["text"]))
    para_starts: dict = {}

    def paragraph(doc, field, start) -> int:
        if field != "text":
            return 0
        if doc not in para_starts:
            para_starts[doc] = np.array([s for s, _ in paragraph_spans(article_text[doc])], dtype=int)
        return int(np.searchsorted(para_starts[doc], start, side="right"))

    rows: list[tuple] = []
    for i, group in mentions.groupby("text_index", sort=False):
        text = texts[i]
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]
        tok_starts = np.array([t[0] for t in tokens], dtype=int)

        def tok(pos: int) -> int:
            return int(np.searchsorted(tok_starts, pos, side="right") - 1)

        clause_at = np.zeros(len(text) + 1, dtype=int)
        for m in CLAUSE_MARKS.finditer(text):
            clause_at[m.start()] += 1
        clause_id = np.cumsum(clause_at)
        mention_spans = list(zip(group["start"], group["end"], group["category"]))
        covered = [(s, e) for s, e, _ in mention_spans]
        words: list[tuple[int, int, str, str, str, float]] = []   # start, end, word, category, source, valence
        if i in by_unit_eval:
            for s, e, cat in zip(by_unit_eval[i]["start"], by_unit_eval[i]["end"], by_unit_eval[i]["category"]):
                if not any(s < ce and cs < e for cs, ce in covered):
                    words.append((int(s), int(e), text[s:e], cat, "lexicon", valence[cat]))
        taken = [(w[0], w[1]) for w in words] + covered
        for s, e, low in tokens:
            v = None if low in NEGATORS else vader_words.get(low)
            if v is not None and not any(s < te and ts < e for ts, te in taken):
                words.append((s, e, text[s:e], "vader", "vader", v))
        doc = doc_ids[i]
        para = paragraph(doc, fields[i], int(starts[i]))
        spans = quote_spans.get(doc, []) if fields[i] == "text" else []
        for actor in dict.fromkeys(c for _, _, c in mention_spans):
            own = [(tok(s), clause_id[s]) for s, e, c in mention_spans if c == actor]
            if not words:
                rows.append((doc, unit_no[i], para, fields[i], actor, len(own), "", "", "", 0.0, -1, False, False, ""))
                continue
            for s, e, word, cat, source, v in words:
                t = tok(s)
                dist, same = min((abs(t - mt) - 1 if t != mt else 0, clause_id[s] == mc) for mt, mc in own)
                negated = any(low in NEGATORS or low.endswith("n't")
                              for _, _, low in tokens[max(t - 3, 0):t])
                quoted = _quoted(spans, int(starts[i]) + s)
                rows.append((doc, unit_no[i], para, fields[i], actor, len(own), word, cat, source, v, max(dist, 0),
                             bool(same), negated, quoted))
    return pd.DataFrame.from_records(rows, columns=EVIDENCE_COLUMNS)
