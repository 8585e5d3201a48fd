"""One article: quotations, their cues, and the speakers the cues resolve to.

For each quotation, in text order (cue rules in :mod:`~toolkit.discourse.quotes.cues`, mention
and coreference rules in :mod:`~toolkit.discourse.quotes.mentions`):

1. its own cue, after it, else before it in its sentence (``how``: ``same sentence`` for a
   name, an organisation or a document, ``pronoun`` for he/she/they/it, ``role`` for a person
   description such as "the senator");
2. else, when it opens its paragraph and the previous paragraph ends with a colon
   introduction ("And, says Bernanke:", "…, tweeting:"), that introduction's cue
   (``previous paragraph``);
   when an earlier quotation without a speaker (a title, a scare quote) stands in the same
   sentence, the cue is looked for in the whole sentence with the quotations left out ("Pence
   said in an interview on ABC’s “Good Morning America” … that … appears “different”");
3. else, when it is a direct quotation, the speaker of the previous quotation of its
   paragraph, or, when it opens its paragraph, of the last quotation of the previous paragraph
   if that one was direct (``continuation``);
4. else (never for a title right after a possessive: "ABC’s “Good Morning America”"), a partial quotation introduced by a reporting verb coordinated with the previous
   quotation's in the same sentence ("X claimed … “routine” and insisted … “no plans”") takes
   that speaker with its own verb (``same sentence``).

4b. else, a quotation in the sentence of a previous quotation whose cue stands before it takes
   that speaker when no reporting verb, no ";" and no clause opener (while, because, if, …)
   stands between them ("Corker said that before X starts “unraveling” the sanctions, “we want
   …”"); the quotation of a colon introduction that holds a quotation of its own takes that
   quotation's speaker ("the president tweeted, “finally,” while asking …:").

A quotation inside a fronted question clause ("Asked about “escalatory actions,” Pompeo
replied") is the question's words: it gets no speaker at all.

A quoted phrase is ``direct`` when it starts with a capital letter where a sentence can start
(paragraph start, after a sentence end, a colon, a comma or a reporting verb); otherwise it is
``partial`` when it has a speaker or more than :data:`SCARE_MAX_WORDS` words, and ``scare``
when it is short and has no speaker. Lengths are counted in tokens of
:func:`toolkit.text.tokens.count_words` (the toolkit's one tokeniser).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from toolkit.discourse.quotes.cues import Cue, cue_after, cue_before
from toolkit.discourse.quotes.marks import scan
from toolkit.discourse.quotes.mentions import Article
from toolkit.discourse.quotes.verbs import Verbs
from toolkit.text.tokens import count_words
from toolkit.discourse.quotes.words import description_type, is_title_word, name_type
from toolkit.text.sentences import paragraph_spans, sentence_spans

#: A quoted phrase of at most this many tokens with no speaker is a scare quote.
SCARE_MAX_WORDS = 4
#: How far (characters) before the opening mark and after the closing mark a cue is looked for
#: in the quotation's sentence.
BEFORE_CHARS = 320
AFTER_CHARS = 240
_FIRST_LETTER_RE = re.compile(r"[^\W\d_]")
_COORDINATED_RE = re.compile(r"(?:\band|\bbut|,)\s+(?:(?:also|later|then|again|further)\s+)?$")


_COORDINATED_QUOTE_RE = re.compile(r"[,;]?\s*(?:and|or|as well as)?\s*(?:an?|the)?\s*|\s*,\s*")
# a quotation right after a possessive name whose words are all capitalised is a title
_TITLE_AFTER_POSSESSIVE_RE = re.compile(r"[A-Z][\w.&-]*(?:’s|'s|’|')\s*$")
_TITLE_RE = re.compile(r"(?:[A-Z0-9][\w’'&:-]*|of|the|and|a|an|in|on|for|to)(?:\s+(?:[A-Z0-9][\w’'&:-]*|&|of|the|and|a|an|in|on|for|to))*")
_COORDINATED_THAT_RE = re.compile(r"[,;]?\s*(?:and|but)\s+that\s")
# a quotation after "on"/"in" whose words are all capitalised is a title: "on “State of the Union”"
_TITLE_AFTER_PREPOSITION_RE = re.compile(r"(?:^|\s)(?:on|in)\s*$")
# a quotation inside a fronted "Asked about …," clause: the question's words, not the subject's
_QUESTION_RE = re.compile(r"\W*(?:(?:when|after being|once|if|later|also)\s+)?(?:asked|pressed|questioned)\s[^,;:]*$",
                          re.IGNORECASE)
# a clause of its own between two quotations: "“routine” while Moscow kept its “special operation”"
_OTHER_CLAUSE_RE = re.compile(r"\b(?:while|whereas|although|though|because|unless|if|when|whether)\b|"
                              r"\b[A-Z][\w’'-]*\s+(?:\w+ly\s+)?[a-z]+ed\b")   # or a name and its verb: "Conway objected"
_NOMINATIVE = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _ends_with_verb(s: str, V: Verbs) -> bool:
    words = s.rsplit(None, 2)[-2:]
    if not words:
        return False
    if words[-1] == "that":
        return len(words) == 2 and words[0] in V.lemma
    return words[-1] in V.lemma


def _speaker(art: Article, cue: Cue) -> dict:
    """Speaker columns from a cue: as written, resolved name and type, how, entity."""
    np, toks = cue.np, cue.toks
    s0, s1 = cue.span
    written = art.text[s0:s1]
    ent, typ, how = None, "unknown", "same sentence"
    if np.kind == "name":
        ent = art.name_entity(toks, np)
        if ent is None:
            full = " ".join(t.text for t in toks[np.i:np.j])
            kind = name_type(full)
            if kind == "place":       # "Moscow dismissed ...": the place speaks for its government
                name = full[4:] if full.lower().startswith("the ") else full
                ent = art.entity(name, "organisation")
            else:
                return {}
        typ = "person" if ent.type == "unknown" and np.name_i > np.i else ent.type
        if all(is_title_word(t.text) for t in toks[np.i:np.j] if t.text.lower() != "the"):
            how = "role"          # "the President said"
    elif np.kind == "pronoun":
        how = "pronoun"
        ent = art.pronoun(_NOMINATIVE.get(toks[np.i].text.lower(), toks[np.i].text), s0)
        typ = ent.type if ent is not None else "unknown"
    else:
        typ = description_type(np.head, np.mods)
        ent = art.description(toks, np)
        if ent is not None:
            typ = ent.type
        if (typ == "person" and not np.plural and not np.possessor) or (
                ent is not None and not np.possessor and not np.mods):
            how = "role"      # a description ("the senator", "the statement", "the paper")
    if ent is not None and ent.type == "unknown":
        typ = "unknown"
    return {"speaker": written, "speaker_start": s0, "speaker_end": s1,
            "speaker_name": ent.name if ent is not None else None, "speaker_type": typ,
            "how": how, "cue": cue.cue, "_form": cue.form, "_entity": ent, "_where": cue.where}


def _is_title(before: str, stripped: str, inner: str) -> bool:
    """The quotation is a title: its words are all capitalised (or short function words) and
    it follows a possessive name ("ABC’s “Good Morning America”") or "on"/"in" ("on “State of
    the Union”"). ``stripped`` is ``before.rstrip()``; the cheap tests come first."""
    possessive, preposition = stripped.endswith(("s", "’", "'")), stripped.endswith(("on", "in"))
    if not (possessive or preposition) or not _TITLE_RE.fullmatch(inner.strip(" ,.")):
        return False
    return bool((possessive and _TITLE_AFTER_POSSESSIVE_RE.search(before))
                or (preposition and _TITLE_AFTER_PREPOSITION_RE.search(before)))


def _inherit(row: dict, prev: dict, how: str, form_from_prev: bool = True) -> None:
    for k in ("speaker", "speaker_start", "speaker_end", "speaker_name", "speaker_type", "_entity", "_where"):
        row[k] = prev[k]
    if form_from_prev:
        row["cue"], row["_form"] = prev["cue"], prev["_form"]
    row["how"] = how


def article_quotes(text: str, V: Verbs, unpaired: str) -> list[dict]:
    """Rows (dicts) for the quotations of one article's text (rules in the module docstring)."""
    paras = paragraph_spans(text)
    if not paras:
        return []
    found = scan(text, paras, unpaired)
    if not found:
        return []
    sents = sentence_spans(text)
    art = Article(text, sents, paras, found, says=V.forms)
    rows: list[dict] = []
    last_in_para: dict[int, dict] = {}
    for i, q in enumerate(found):
        s_open = art.sentence_of(q.open_mark)
        s_close = art.sentence_of(max(q.open_mark, q.close_end - 1))
        prev_close = found[i - 1].close_end if i else 0
        next_open = found[i + 1].open_mark if i + 1 < len(found) else len(text)
        p0 = q.para_first
        para_start = paras[p0][0]
        lo = max(sents[s_open][0], prev_close, para_start, q.open_mark - BEFORE_CHARS)
        before = text[lo:q.open_mark]
        inner = text[q.start:q.end]
        first = _FIRST_LETTER_RE.search(inner)
        stripped = before.rstrip()
        direct = bool(first) and first.group().isupper() and (
            not stripped or stripped[-1] in ":,—–-" or _ends_with_verb(stripped, V))
        if q.open_mark == para_start:
            direct = direct or bool(first)
        # 1. the quotation's own cue: after it, else before it
        cue = None
        sent_end = sents[s_close][1]
        if q.close_end < min(sent_end, next_open):
            cue = cue_after(art.toks(q.close_end, min(sent_end, next_open, q.close_end + AFTER_CHARS)), V)
        elif s_close + 1 < len(sents) and art.paragraph_of(sents[s_close + 1][0]) == q.para_last \
                and sents[s_close + 1][1] <= next_open:
            cue = cue_after(art.toks(*sents[s_close + 1]), V, bare=True)
        title = _is_title(before, stripped, inner)
        question = lo == sents[s_open][0] and before[:1] in "AaWwPpQqOoILl" and bool(_QUESTION_RE.match(before))
        if title or question:
            cue = None       # "ABC’s “Good Morning America”", "CBS’ “Face the Nation”": a title
        elif cue is None and before.strip():
            cue = cue_before(art.toks(lo, q.open_mark), V)
        if cue is None and not question and lo == prev_close and lo > sents[s_open][0] and i \
                and art.sentence_of(found[i - 1].open_mark) == s_open and rows[-1]["speaker"] is None:
            # an earlier quotation in the sentence ("Pence said in an interview on ABC’s “Good
            # Morning America” … that … appears “different”"): the sentence without quotations
            lo2 = max(sents[s_open][0], para_start, q.open_mark - BEFORE_CHARS)
            stoks = art.sentence_tokens(s_open)
            starts = art.token_starts(s_open)
            cue = cue_before(stoks[bisect_left(starts, lo2):bisect_left(starts, q.open_mark)], V)
        row = {"_q": q, "_direct": direct, "paragraph": p0, "speaker": None, "speaker_start": None,
               "speaker_end": None, "speaker_name": None, "speaker_type": None, "how": None,
               "cue": None, "_form": None, "_entity": None, "_where": None}
        if cue is not None:
            row.update(_speaker(art, cue))
        if row["speaker"] is None and not question and q.open_mark == para_start and p0 > 0:
            # 2. a colon introduction at the end of the previous paragraph
            pa, pb = paras[p0 - 1]
            if text[pb - 1] == ":":
                s_last = art.sentence_of(pb - 1)
                a = max(sents[s_last][0], rows[-1]["_q"].close_end if rows and rows[-1]["_q"].close_end <= pb else pa)
                prev_cue = cue_before(art.toks(a, pb), V) if a < pb else None
                if prev_cue is not None:
                    row.update(_speaker(art, prev_cue))
                    if row["speaker"] is not None:
                        row["how"] = "previous paragraph"
                if row["speaker"] is None and rows and rows[-1]["speaker"] is not None \
                        and rows[-1]["_q"].open_mark >= sents[s_last][0] and rows[-1]["_q"].close_end <= pb:
                    # the introduction holds a quotation of its own: "the president tweeted,
                    # “finally,” while asking whether …:" + the quotation
                    _inherit(row, rows[-1], "previous paragraph")
        if row["speaker"] is None and not question and direct:
            # 3. continuation of the previous quotation's speaker
            prev = last_in_para.get(p0)
            if prev is None and q.open_mark == para_start:
                prev = last_in_para.get(p0 - 1)
                if prev is not None and not prev["_direct"]:
                    prev = None
            if prev is not None and prev["speaker"] is not None:
                _inherit(row, prev, "continuation")
        if row["speaker"] is None and not question and q.open_mark == para_start and p0 > 0 \
                and q.close_end >= paras[q.para_last][1] - 1:
            # 2b. a paragraph that is one quotation, after a reporting sentence without a
            # quotation ("Trump noted in a tweet Wednesday morning.")
            pa, pb = paras[p0 - 1]
            s_last = art.sentence_of(pb - 1)
            a = sents[s_last][0]
            if not (rows and rows[-1]["_q"].close_end > a):
                prev_cue = cue_before(art.toks(a, pb), V)
                if prev_cue is not None and prev_cue.where == "before":
                    row.update(_speaker(art, prev_cue))
                    if row["speaker"] is not None:
                        row["how"] = "previous paragraph"
        if row["speaker"] is None and not question and rows and rows[-1]["speaker"] is not None \
                and rows[-1]["_q"].para_last == p0 and s_open == art.sentence_of(rows[-1]["_q"].open_mark):
            # 4. a reporting verb coordinated with the previous quotation's, or a quotation
            # coordinated with it ("whom he called a “demagogue” and a “bomb-thrower.”")
            gap = text[found[i - 1].close_end:q.open_mark]
            verb = V.verb_re.search(gap)
            if verb is not None and _COORDINATED_RE.search(gap[:verb.start()]):
                _inherit(row, rows[-1], "same sentence", form_from_prev=False)
                row["cue"] = row["_form"] = verb.group()
            elif _COORDINATED_QUOTE_RE.fullmatch(gap) or _COORDINATED_THAT_RE.match(gap):
                # "… a “demagogue” and a “bomb-thrower”"; "said that … “deliverables” and that
                # the meeting would be “unstructured”" (a second clause of the same verb)
                _inherit(row, rows[-1], rows[-1]["how"])
            elif verb is None and not title and rows[-1]["_where"] == "before" and ";" not in gap \
                    and not _OTHER_CLAUSE_RE.search(gap):
                # the verb before the previous quotation governs this one too: "X said that
                # before the state starts “unraveling” the deal, “we want to see it”"
                _inherit(row, rows[-1], "same sentence")
        if row["_entity"] is not None and row["how"] not in ("continuation",):
            art.add_speaker(row["speaker_start"], row["_entity"])
        rows.append(row)
        if row["speaker"] is not None or q.para_last not in last_in_para or direct:
            last_in_para[q.para_last] = row
    units = [s for s, _ in sents]
    for row in rows:
        q = row.pop("_q")
        row.pop("_entity")
        row.pop("_where")
        row["start"], row["end"] = q.start, q.end
        row["unit"] = _index(units, q.open_mark) + 1
        row["paragraph"] = row["paragraph"] + 1
        quote = text[q.start:q.end]
        row["words"] = count_words(quote)
        if row.pop("_direct"):
            row["kind"] = "direct"
        elif row["speaker"] is None and row["words"] <= SCARE_MAX_WORDS:
            row["kind"] = "scare"
        else:
            row["kind"] = "partial"
    return rows


def _index(starts: list[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)
