"""Measure ``toolkit.discourse.quotes`` against the BASIL gold quotations (Fan et al. 2019).

Run from the repository root::

    .venv/bin/python benchmarks/basil_quotes.py [--split all|dev|test] [--unpaired drop|paragraph] [--errors N]

Needs ``../shared/corpora/basil/`` (articles.jsonl, annotations.jsonl); not part of the repo.
Without ``--split`` it prints the figures for all of BASIL and for each half.

Halves: BASIL's 100 events are split at random (seed :data:`SPLIT_SEED`, :func:`split_events`)
into ``dev`` (50 events: the speaker rules were developed by reading its errors) and ``test``
(50 events, held out: its errors were read only after the rules were frozen). The three outlets'
articles on one event stay in one half.

Figures (all over phrase annotations with a known ``start``):

1. coverage: share of ``quote: yes`` phrases inside a quotation. A phrase is inside a quotation
   when the quotation's ``[start, end)`` contains it, or covers at least 50% of its characters
   (gold spans sometimes include the closing punctuation or the mark itself).
2. false-positive rate: share of ``quote: no`` phrases with no quotation mark inside them or in
   the character on either side that are nevertheless inside a quotation (same test).
   Quotation marks here: double marks, ``‘``, and ``'``/``’`` not between two letters
   (apostrophes are not marks).
3. speaker accuracy: over ``quote: yes`` phrases whose gold speaker is person-like (two or more
   capitalized parts such as ``Michael_Steele``, or one capitalized part such as ``Trump``; not
   ``other_*`` and not groups such as ``House_Democrats``), the share whose containing quotation
   has a speaker (``speaker_name``, else ``speaker`` as written) with the same surname: the last
   word without a possessive or a suffix (Jr., Sr., II, III), case-insensitively. Given over all
   such phrases (a missed quotation counts as wrong) and over the covered ones. Gold errors are
   counted as wrong like any other mismatch; they are listed, with the figures, in the closing
   note of issue 16 (e.g. "Felipe_Calder", a label the corpus conversion truncated).

The baseline pairs any two double marks with no double mark between them, across paragraphs:
``[“"]([^“”"]*)[”"]`` (what a one-line regex does).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BASIL = REPO.parent / "shared" / "corpora" / "basil"

#: Seed of the random split of BASIL's 100 events into a development and a held-out half.
SPLIT_SEED = 16
BASELINE_RE = re.compile(r"[“\"]([^“”\"]*)[”\"]")
_MARK_RE = re.compile(r"[\"“”„«»‘]|(?<![^\W\d_])['’]|['’](?![^\W\d_])")
_GROUP_WORDS = {"democrats", "republicans", "lawmakers", "party", "campaign", "officials",
                "members", "committee", "companies", "catholics", "senate", "house", "gop",
                "naacp", "administration", "supporters", "critics", "protesters", "leaders",
                "groups", "department", "government", "media", "court"}


def load_basil(folder: Path = BASIL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """BASIL articles (doc_id, outlet, date, text) and phrase annotations with a start."""
    arts = pd.read_json(folder / "articles.jsonl", lines=True, dtype={"date": str})
    arts["date"] = pd.to_datetime(arts["date"], errors="coerce")
    arts["outlet"] = arts["outlet"].astype("category")
    ann = pd.read_json(folder / "annotations.jsonl", lines=True)
    phrases = ann[(ann["kind"] == "phrase") & ann["start"].notna()].copy()
    phrases["start"] = phrases["start"].astype(int)
    phrases["end"] = phrases["end"].astype(int)
    return arts, phrases.reset_index(drop=True)


def baseline_spans(text: str) -> list[tuple[int, int]]:
    """Spans between two double marks (the one-line-regex baseline)."""
    return [m.span(1) for m in BASELINE_RE.finditer(text)]


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> int:
    """Index of the first span containing [s, e) or covering >= 50% of it, else -1."""
    length = max(e - s, 1)
    for i, (qs, qe) in enumerate(spans):
        if qs <= s and e <= qe:
            return i
        if min(e, qe) - max(s, qs) >= 0.5 * length:
            return i
    return -1


def _person_like(speaker: str) -> bool:
    if not isinstance(speaker, str) or not speaker or speaker.startswith("other"):
        return False
    parts = speaker.split("_")
    if not all(p[:1].isupper() for p in parts):
        return False
    return not any(p.lower() in _GROUP_WORDS for p in parts)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _last_token(name: str) -> str:
    """The surname: last word, without a possessive or a suffix (Jr., III), lowercased."""
    name = re.sub(r"[’']s$", "", name.strip())
    toks = [t for t in re.findall(r"[^\W\d_][\w\-]*", name) if t.lower() not in _SUFFIXES]
    return toks[-1].lower() if toks else ""


def split_events(arts: pd.DataFrame, seed: int = SPLIT_SEED) -> dict[str, set]:
    """BASIL's events in two random halves: ``dev`` (rules were developed on it) and ``test``
    (held out: looked at only to report figures). Returns doc_ids per half."""
    events = sorted(arts["event_id"].unique())
    order = np.random.default_rng(seed).permutation(len(events))
    dev_events = {events[i] for i in order[: len(events) // 2]}
    dev = set(arts.loc[arts["event_id"].isin(dev_events), "doc_id"])
    return {"dev": dev, "test": set(arts["doc_id"]) - dev}


def evaluate(arts: pd.DataFrame, phrases: pd.DataFrame, spans_by_doc: dict,
             speakers_by_doc: dict | None = None) -> dict:
    """The three figures for one system (spans, and speakers per span when it has them)."""
    texts = dict(zip(arts["doc_id"], arts["text"]))
    yes = phrases[phrases["quote"] == "yes"]
    no = phrases[phrases["quote"] == "no"]
    covered = []
    spk_ok = []
    spk_ok_cov = []
    for r in yes.itertuples():
        spans = spans_by_doc.get(r.doc_id, [])
        i = _inside(r.start, r.end, spans)
        covered.append(i >= 0)
        if _person_like(r.speaker):
            gold = _last_token(r.speaker.replace("_", " "))
            ok = False
            if i >= 0 and speakers_by_doc is not None:
                ours = speakers_by_doc[r.doc_id][i]
                ok = bool(ours) and _last_token(ours) == gold
            spk_ok.append(ok)
            if i >= 0:
                spk_ok_cov.append(ok)
    clean = []
    wrong = []
    for r in no.itertuples():
        t = texts[r.doc_id]
        if _MARK_RE.search(t[max(0, r.start - 1):r.end + 1]):
            continue
        clean.append(r.Index)
        wrong.append(_inside(r.start, r.end, spans_by_doc.get(r.doc_id, [])) >= 0)
    return {
        "quoted_phrases": len(yes), "coverage": float(np.mean(covered)),
        "unquoted_clean_phrases": len(clean), "false_positive_rate": float(np.mean(wrong)),
        "false_positives": int(np.sum(wrong)),
        "person_speaker_phrases": len(spk_ok),
        "speaker_accuracy": float(np.mean(spk_ok)) if spk_ok else float("nan"),
        "speaker_accuracy_covered": float(np.mean(spk_ok_cov)) if spk_ok_cov else float("nan"),
    }


def run(unpaired: str = "paragraph", errors: int = 0, folder: Path = BASIL, split: str = "all") -> dict:
    """Evaluate the baseline and ``toolkit.discourse.quotes`` on ``split`` (all, dev, test).

    Returns ``{"baseline": {...}, "quotes": {...}}``; with ``errors``, prints that many examples
    of each error type (in the split's articles).
    """
    from toolkit.discourse.quotes import quotes

    arts, phrases = load_basil(folder)
    if split != "all":
        keep = split_events(arts)[split]
        arts = arts[arts["doc_id"].isin(keep)].reset_index(drop=True)
        phrases = phrases[phrases["doc_id"].isin(keep)].reset_index(drop=True)
    base = {d: baseline_spans(t) for d, t in zip(arts["doc_id"], arts["text"])}
    t0 = time.perf_counter()
    q = quotes(arts, unpaired=unpaired, jobs=1)
    seconds = time.perf_counter() - t0
    spans, spk = speakers_by_doc(q)
    res = {"baseline": evaluate(arts, phrases, base),
           "quotes": evaluate(arts, phrases, spans, spk)}
    res["quotes"].update(seconds=seconds, quotations=len(q))
    if errors:
        _show_errors(arts, phrases, spans, spk, errors)
    return res


def speakers_by_doc(q: pd.DataFrame) -> tuple[dict, dict]:
    """Quotation spans and the speaker scored for each (``speaker_name``, else as written)."""
    spans, spk = {}, {}
    for d, g in q.groupby("doc_id", sort=False):
        spans[d] = list(zip(g["start"], g["end"]))
        spk[d] = [r if isinstance(r, str) else s for r, s in zip(g["speaker_name"], g["speaker"])]
    return spans, spk


def _show_errors(arts, phrases, spans, spk, n):
    texts = dict(zip(arts["doc_id"], arts["text"]))
    shown = {"missed": 0, "fp": 0, "speaker": 0}
    for r in phrases.itertuples():
        t = texts[r.doc_id]
        i = _inside(r.start, r.end, spans.get(r.doc_id, []))
        ctx = t[max(0, r.start - 150):r.end + 120].replace("\n", "¶")
        if r.quote == "yes" and i < 0 and shown["missed"] < n:
            shown["missed"] += 1
            print(f"MISSED {r.doc_id} {r.text!r}\n   …{ctx}…")
        elif r.quote == "no" and i >= 0 and not _MARK_RE.search(t[max(0, r.start - 1):r.end + 1]) \
                and shown["fp"] < n:
            shown["fp"] += 1
            qs, qe = spans[r.doc_id][i]
            print(f"FP {r.doc_id} {r.text!r} in quote {t[qs:qe][:200]!r}")
        elif r.quote == "yes" and i >= 0 and _person_like(r.speaker) and shown["speaker"] < n:
            ours = spk[r.doc_id][i]
            if not ours or _last_token(ours) != _last_token(r.speaker.replace("_", " ")):
                shown["speaker"] += 1
                qs, qe = spans[r.doc_id][i]
                print(f"SPEAKER {r.doc_id}@{r.start} gold={r.speaker} ours={ours!r}\n"
                      f"   …{t[max(0, qs - 300):qe + 120]}…".replace("\n\n", "¶"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unpaired", default="paragraph", choices=["drop", "paragraph"])
    ap.add_argument("--split", default=None, choices=["all", "dev", "test"],
                    help="only this half of the events (default: all three figures)")
    ap.add_argument("--errors", type=int, default=0, help="print N examples of each error type")
    args = ap.parse_args(argv)
    if not BASIL.exists():
        sys.exit(f"BASIL not found at {BASIL}")
    splits = [args.split] if args.split else ["all", "dev", "test"]
    print(f"{'split':<6}{'system':<26}{'quoted':>7}{'coverage':>10}{'false pos.':>12}"
          f"{'persons':>8}{'speaker':>9}{'spk|covered':>13}")
    for split in splits:
        res = run(args.unpaired, args.errors if split == splits[0] else 0, split=split)
        b, q = res["baseline"], res["quotes"]
        print(f"{split:<6}{'baseline regex':<26}{b['quoted_phrases']:>7}{b['coverage']:>10.1%}"
              f"{b['false_positive_rate']:>12.2%}{'-':>8}{'-':>9}{'-':>13}")
        print(f"{split:<6}{'quotes (' + args.unpaired + ')':<26}{q['quoted_phrases']:>7}{q['coverage']:>10.1%}"
              f"{q['false_positive_rate']:>12.2%}{q['person_speaker_phrases']:>8}{q['speaker_accuracy']:>9.1%}"
              f"{q['speaker_accuracy_covered']:>13.1%}   (false positives {q['false_positives']}, "
              f"baseline {b['false_positives']}; {q['quotations']} quotations in {q['seconds']:.2f} s)")


if __name__ == "__main__":
    main()
