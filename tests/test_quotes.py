"""Quotations (toolkit.discourse.quotes): marks, kinds, the table, units and the verb lexicon.

Speakers, cues and coreference are tested in tests/test_speakers.py.
"""
from __future__ import annotations

import importlib.util
import json

import pandas as pd
import pytest
from conftest import REPO_ROOT, shared_path

import toolkit
from toolkit.discourse.quotes import COLUMNS, load_reporting_verbs, quotes
from toolkit.errors import LexiconError, ParameterError
from toolkit.match.lexicon import load_lexicon


def _q(text: str, **kw) -> pd.DataFrame:
    return quotes(pd.DataFrame({"doc_id": ["d"], "text": [text]}), **kw)


def _one(text: str, **kw) -> dict:
    q = _q(text, **kw)
    assert len(q) == 1, q[["quote", "speaker"]]
    row = q.iloc[0].to_dict()
    assert text[row["start"]:row["end"]] == row["quote"]
    if row["speaker"] is not None:
        assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker"]
    return row


# ----------------------------------------------------------------------------- marks
@pytest.mark.parametrize("text", ["“We will win,” Smith said.", '"We will win," Smith said.'])
def test_curly_and_straight_marks(text):
    r = _one(text)
    assert (r["start"], r["end"], r["quote"]) == (1, 13, "We will win,")
    assert (r["speaker"], r["speaker_start"], r["speaker_end"]) == ("Smith", 15, 20)
    assert (r["verb"], r["cue"], r["verb_class"], r["kind"]) == ("say", "said", "neutral", "direct")
    assert (r["how"], r["speaker_name"], r["speaker_type"]) == ("same sentence", "Smith", "unknown")


def test_single_quotes_inside_double_are_part_of_it():
    text = "“He called it ‘a hoax’ and ‘fake’ today,” Jones said."
    r = _one(text)
    assert r["quote"] == "He called it ‘a hoax’ and ‘fake’ today,"
    assert r["speaker"] == "Jones"


def test_nested_double_quotes_stay_inside_the_outer_one():
    text = '"She once called it a "gold standard," but now she opposes it," Short said.'
    r = _one(text)
    assert r["quote"] == 'She once called it a "gold standard," but now she opposes it,'
    assert r["speaker"] == "Short"


@pytest.mark.parametrize("text", [
    "Russia’s envoy said the ’90s don’t matter and the students’ books were lost.",
    "Russia's envoy said the '90s don't matter.",
])
def test_apostrophes_are_not_quotation_marks(text):
    assert _q(text).empty


def test_top_level_single_quotes():
    text = "Critics mocked the ‘so-called plan’ on Monday."
    q = _q(text)
    assert q["quote"].tolist() == ["so-called plan"]


def test_quotation_over_several_paragraphs_with_reopening_marks():
    text = "“The first part of it.\n\n“The second part,” Smith said."
    r = _one(text)
    assert r["quote"] == "The first part of it.\n\n“The second part,"
    assert (r["start"], r["end"]) == (1, 41)
    assert r["speaker"] == "Smith" and r["kind"] == "direct"


def test_one_pair_of_marks_around_several_paragraphs():
    text = "He wrote: “Line one.\n\nLine two.\n\nLine three.”\n\nThen he left."
    r = _one(text)
    assert r["quote"] == "Line one.\n\nLine two.\n\nLine three."
    assert (r["speaker"], r["verb"]) == ("He", "write")


@pytest.mark.parametrize("mark_open, mark_close", [("“", "”"), ('"', '"')])
def test_marks_are_not_paired_across_paragraphs(mark_open, mark_close):
    # the first mark is never closed; the next paragraph opens a quotation of its own
    text = f"He said {mark_open}yes.\n\nThen {mark_open}no{mark_close} came."
    dropped = _q(text, unpaired="drop")
    assert dropped["quote"].tolist() == ["no"]
    kept = _q(text, unpaired="paragraph")
    assert kept["quote"].tolist() == ["yes.", "no"]
    assert text[kept["start"][0]:kept["end"][0]] == "yes."


def test_unpaired_mark_at_the_end_of_the_text():
    text = "The mayor said “we will see"
    assert _q(text, unpaired="drop").empty
    assert _q(text)["quote"].tolist() == ["we will see"]


# ----------------------------------------------------------------------------- kinds
def test_scare_quote_has_no_speaker():
    text = "The so-called “reform” passed the Senate on Friday."
    r = _one(text)
    assert (r["quote"], r["kind"], r["speaker"], r["verb"], r["how"]) == ("reform", "scare", None, None, None)


def test_partial_quote_inside_the_reporters_sentence():
    text = "Smith said the plan was “dead on arrival” in Congress."
    r = _one(text)
    assert (r["quote"], r["kind"], r["speaker"], r["verb"]) == ("dead on arrival", "partial", "Smith", "say")


def test_long_unattributed_phrase_is_partial_not_scare():
    text = "The bill would “change the way every family in the country pays for care” soon."
    r = _one(text)
    assert (r["kind"], r["speaker"]) == ("partial", None)


# ----------------------------------------------------------------------------- the seed article
SEED_EXPECTED = [
    # quote (start of), kind, speaker as written, speaker_name, speaker_type, verb, cue, how
    ("If information about Russia’s killing squads", "direct", "Landsbergis",
     "Gabrielius Landsbergis", "person", "tell", "told", "same sentence"),
    # object of "dismissed ... as": the outlet presents the words as Moscow's; a place that
    # speaks stands for its government
    ("bogus story.", "partial", "Moscow", "Moscow", "organisation", "dismiss", "dismissed", "same sentence"),
    ("skin in the game.", "partial", "Kenneth Weinstein", "Kenneth Weinstein", "person", "tell", "told",
     "same sentence"),
    # "the former diplomat", after an apposition with two commas: the most recent person subject
    ("If there is going to be a DMZ [demilitarized zone]", "direct", "the former diplomat",
     "Kenneth Weinstein", "person", "tell", "told", "role"),
    # an indefinite description is someone not named before
    ("will come up", "partial", "One EU lawmaker", None, "person", "confirm", "confirmed", "role"),
    ("serious conflict in Europe and a global conflict.", "partial",
     "Russian President Vladimir Putin", "Vladimir Putin", "person", "stress", "stressed", "same sentence"),
]


def test_seed_article_table():
    path = shared_path("seed", "articles.jsonl")
    arts = pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()])
    text = arts["text"][0]
    q = quotes(arts)
    got = [(r.quote[:len(exp[0])], r.kind, r.speaker, r.speaker_name, r.speaker_type, r.verb, r.cue, r.how)
           for exp, r in zip(SEED_EXPECTED, q.itertuples())]
    assert len(q) == len(SEED_EXPECTED)
    assert got == SEED_EXPECTED
    # 'boots on the ground' is nested in the first quotation, not a row of its own
    assert "‘boots on the ground’" in q["quote"][0]
    assert q["quote"][0].endswith("Emmanuel Macron,")
    for r in q.itertuples():
        assert text[r.start:r.end] == r.quote
        assert text[r.start - 1] == "“"
        assert text[r.speaker_start:r.speaker_end] == r.speaker


# ----------------------------------------------------------------------------- units, words
def test_unit_and_paragraph_join_with_segment():
    """(doc_id, unit) and (doc_id, paragraph) name the segment units that hold the opening mark."""
    arts = pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT, pd.NaT],
        "title": ["“Quoted” title", ""],
        "text": ["Mr. Smith came. He said: “We will win.” Then he left.\n\n"
                 "Ann Lee of the Ariz. Guard dismissed it as a “bogus story”.",
                 "No quotation here.\n\nNor here.\n\nBut “here” it is, Lee said."]})
    q = quotes(arts)
    assert q[["doc_id", "unit", "paragraph"]].values.tolist() == [["a", 2, 1], ["a", 4, 2], ["b", 3, 3]]
    for unit in ("sentence", "paragraph"):
        col = "unit" if unit == "sentence" else "paragraph"
        seg = toolkit.segment(arts, unit=unit, by=None)
        seg = seg[seg["field"] == "text"].rename(columns={"unit": col})
        joined = q.merge(seg[["doc_id", col, "start", "end"]], on=["doc_id", col], suffixes=("", "_unit"))
        assert len(joined) == len(q)
        assert ((joined["start_unit"] < joined["start"]) & (joined["start"] <= joined["end_unit"])).all()


def test_speaker_of_a_sentence_with_an_abbreviation():
    # one sentence (toolkit.text.sentences knows "Ariz."), so the subject is Ann Lee, not "Guard"
    r = _one("Ann Lee of the Ariz. Guard dismissed it as a “bogus story”.")
    assert (r["speaker"], r["speaker_name"], r["verb"], r["unit"]) == ("Ann Lee", "Ann Lee", "dismiss", 1)


def test_words_are_counted_with_the_toolkit_tokeniser():
    # tokens: russia (the clitic 's dropped), u.s, style, plan; "2024" is a number, not a token
    text = "The so-called “Russia’s U.S.-style 2024 plan” failed."
    r = _one(text)
    assert toolkit.tokenize(r["quote"]) == ["russia", "u.s", "style", "plan"]
    assert r["words"] == 4 and r["kind"] == "scare"


# ----------------------------------------------------------------------------- table, errors, engines
def test_columns_types_and_metadata(tiny_articles):
    arts = tiny_articles.copy()
    arts.loc[0, "text"] = "“We will win,” Smith said."
    q = quotes(arts)
    assert list(q.columns) == COLUMNS == [
        "doc_id", "outlet", "date", "unit", "paragraph", "start", "end", "quote", "words", "kind",
        "speaker", "speaker_start", "speaker_end", "speaker_name", "speaker_type", "speaker_actor",
        "cue", "verb", "verb_class", "how"]
    assert q["doc_id"].tolist() == ["a1"]
    assert q["outlet"].tolist() == ["Alpha"] and isinstance(q["outlet"].dtype, pd.CategoricalDtype)
    assert q["date"].tolist() == [pd.Timestamp("2024-01-05")]
    assert str(q["unit"].dtype) == "int64" and str(q["speaker_start"].dtype) == "Int64"
    assert q.attrs["parameters"]["unpaired"] == "paragraph"
    assert q.attrs["parameters"]["engine"] == "local"


def test_no_quotations_gives_an_empty_table(tiny_articles):
    q = quotes(tiny_articles)
    assert q.empty and list(q.columns) == COLUMNS


def test_argument_checks():
    with pytest.raises(ParameterError, match=r"articles has no column\(s\) \['text'\]"):
        quotes(pd.DataFrame({"doc_id": ["d"]}))
    with pytest.raises(ParameterError, match="`unpaired` value = 'x' is invalid"):
        _q("“a”", unpaired="x")
    with pytest.raises(ParameterError, match="`engine` value = 'spark' is invalid"):
        _q("“a”", engine="spark")
    with pytest.raises(ParameterError, match=r"`jobs` value = 0 is invalid; must be an integer >= 1 or None"):
        _q("“a”", jobs=0)
    with pytest.raises(ParameterError, match=r"`progress` value = 'yes' is invalid; must be True, False or None"):
        _q("“a”", progress="yes")
    with pytest.raises(ParameterError, match="`articles` must be a DataFrame, got list"):
        quotes(["text"])


def test_engines_and_jobs_give_the_same_table(monkeypatch):
    path = shared_path("basil", "articles.jsonl")
    arts = pd.read_json(path, lines=True).head(60)
    one = quotes(arts, jobs=1)
    monkeypatch.setattr("toolkit.count.engine.CHUNK_ARTICLES", 25)   # three chunks: two workers run
    two = quotes(arts, jobs=2)
    dask = quotes(arts, engine="dask")
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, dask)
    assert len(one) > 100
    assert one.attrs["parameters"]["engine"] == "local" and dask.attrs["parameters"]["engine"] == "dask"


# ----------------------------------------------------------------------------- the verb lexicon
def test_bad_verb_lexicon(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text("neutral:\n  say: [said]\n  state: [said]\n")
    with pytest.raises(LexiconError, match="form 'said' listed under 'say' and 'state'"):
        load_reporting_verbs(path)
    with pytest.raises(LexiconError, match="lexicon file not found"):
        load_reporting_verbs(tmp_path / "missing.yml")
    path.write_text("neutral:\n  say: [said\n  tell: [told]\n")
    with pytest.raises(LexiconError, match=r"verbs.yml, line 3: invalid YAML"):
        load_reporting_verbs(path)
    path.write_text("neutral:\n  say: [said]\n  tell: [\"told him\"]\n")
    with pytest.raises(LexiconError, match="verb 'tell' in class 'neutral': form 'told him' must be one lowercase word"):
        load_reporting_verbs(path)
    path.write_text("neutral: [said]\n")
    with pytest.raises(LexiconError, match="class 'neutral' must map lemmas to lists of forms"):
        load_reporting_verbs(path)


def test_reporting_verb_lexicon_is_read_by_the_lexicon_loader():
    lex = load_lexicon("reporting_verbs")
    assert "neutral.say" in lex.categories and "doubt.claim" in lex.categories
    verbs = load_reporting_verbs()
    assert len(lex) == len(verbs)
    assert verbs["form"].tolist() == [p.lower() for p in lex.entries["pattern"]]


def test_no_copy_of_the_verb_list_in_the_code():
    """The verbs live in the lexicon file only: no string in the package's code (docstrings
    aside) holds one of its forms."""
    import ast

    forms = set(load_reporting_verbs()["form"])
    package = REPO_ROOT / "toolkit" / "discourse" / "quotes"
    found = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                hit = forms & set(node.value.lower().split())
                if hit:
                    found.setdefault(path.name, set()).update(hit)
    assert found == {}


def test_reporting_verb_lexicon():
    verbs = load_reporting_verbs()
    assert verbs["form"].is_unique
    lookup = verbs.set_index("form")
    assert tuple(lookup.loc["said"]) == ("say", "neutral")
    assert tuple(lookup.loc["told"]) == ("tell", "neutral")
    assert tuple(lookup.loc["claimed"]) == ("claim", "doubt")
    assert tuple(lookup.loc["admitted"]) == ("admit", "confirming")
    assert tuple(lookup.loc["insisted"]) == ("insist", "assertive")
    assert tuple(lookup.loc["dismissed"]) == ("dismiss", "denial")
    assert {"neutral", "doubt", "confirming", "assertive", "denial"} <= set(verbs["verb_class"])


def test_custom_verb_lexicon(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text("_classes:\n  odd: a test class\nodd:\n  murmur: [murmured]\n")
    r = _one("“Fine,” Smith murmured.", verbs=path)
    assert (r["verb"], r["verb_class"], r["cue"]) == ("murmur", "odd", "murmured")
    assert _one("“Fine,” Smith said.", verbs=path)["speaker"] is None


# ----------------------------------------------------------------------------- BASIL
def _basil_module():
    spec = importlib.util.spec_from_file_location(
        "basil_quotes", REPO_ROOT / "benchmarks" / "basil_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_basil_beats_the_regex_baseline():
    folder = shared_path("basil")
    res = _basil_module().run(folder=folder)
    base, ours = res["baseline"], res["quotes"]
    assert ours["coverage"] >= base["coverage"]
    assert ours["false_positive_rate"] < base["false_positive_rate"]
    assert ours["speaker_accuracy"] > 0.8


def test_basil_split_is_by_event_and_covers_every_article():
    folder = shared_path("basil")
    mod = _basil_module()
    arts, _ = mod.load_basil(folder)
    halves = mod.split_events(arts)
    assert not halves["dev"] & halves["test"]
    assert halves["dev"] | halves["test"] == set(arts["doc_id"])
    events = arts.set_index("doc_id")["event_id"]
    assert not set(events[list(halves["dev"])]) & set(events[list(halves["test"])])
    assert len(set(events[list(halves["dev"])])) == 50
