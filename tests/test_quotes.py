"""Quotation extraction and speaker attribution (toolkit.discourse.quotes), checked by hand."""
from __future__ import annotations

import importlib.util
import json

import pandas as pd
import pytest
from conftest import REPO_ROOT, shared_path

from toolkit.errors import LexiconError, ParameterError
from toolkit.match.lexicon import load_lexicon
from toolkit.discourse.quotes import load_reporting_verbs, quotes


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
    assert (r["verb"], r["verb_form"], r["verb_class"], r["kind"]) == ("say", "said", "neutral", "direct")
    assert r["attribution"] == "after"


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


# ----------------------------------------------------------------------------- speakers
@pytest.mark.parametrize("text, speaker, verb, how", [
    ("Smith said: “We will win.”", "Smith", "say", "before"),
    ("Mr. Steele added: “There is no question.”", "Mr. Steele", "add", "before"),
    ("“We will win,” said Mr. Smith.", "Mr. Smith", "say", "after"),
    ("“Fine,” Landsbergis told the outlet.", "Landsbergis", "tell", "after"),
    ("“It is over,” he said.", "he", "say", "after"),
    ("“No,” the minister, who spoke on condition of anonymity, told reporters.",
     "the minister", "tell", "after"),
    ("“Prices will rise,” according to the central bank.", "the central bank", None, "according"),
    ("According to Anna Berg, “the plan failed.”", "Anna Berg", None, "according"),
    ("Moscow has dismissed the speculations as a “bogus story.”", "Moscow", "dismiss", "before"),
    ("The senator insisted that the bill was “dead on arrival” in the House.",
     "The senator", "insist", "before"),
    ("Mr. Santorum did not back down, saying, “I stand by it.”", "Mr. Santorum", "say", "before"),
])
def test_speaker_and_verb(text, speaker, verb, how):
    r = _one(text)
    assert (r["speaker"], r["verb"], r["attribution"]) == (speaker, verb, how)


def test_full_stop_ends_the_sentence_of_the_quote():
    # "Smith" opens a new sentence about something else: not an attribution
    text = "“We won.” Smith thanked the voters."
    r = _one(text)
    assert r["speaker"] is None and r["kind"] == "direct"


def test_second_quotation_of_a_paragraph_inherits_the_speaker():
    text = "“One,” Smith said. “Two and three.”"
    q = _q(text)
    assert q["quote"].tolist() == ["One,", "Two and three."]
    assert q["speaker"].tolist() == ["Smith", "Smith"]
    assert q["attribution"].tolist() == ["after", "inherited"]
    assert q["kind"].tolist() == ["direct", "direct"]


def test_pronoun_resolved_to_the_most_recent_named_person():
    text = ("Maria Lopez spoke on Monday in Madrid.\n\n"
            "“We are ready,” she said.")
    r = _one(text)
    assert (r["speaker"], r["speaker_resolved"]) == ("she", "Maria Lopez")


def test_pronoun_resolved_to_the_subject_of_its_sentence():
    text = ("Michael Steele, chairman of the party, drew criticism after he called the fight "
            "“a war of Obama’s choosing.”")
    r = _one(text)
    assert (r["speaker"], r["verb"], r["kind"]) == ("he", "call", "partial")
    assert r["speaker_resolved"] == "Michael Steele"


def test_surname_and_title_resolved_to_the_full_name():
    text = ("Russian President Vladimir Putin spoke on Monday.\n\n"
            "“We will answer,” Mr. Putin said.")
    r = _one(text)
    assert (r["speaker"], r["speaker_resolved"]) == ("Mr. Putin", "Vladimir Putin")


def test_description_linked_by_its_title():
    text = ("“We agree,” Defense Minister Ana Kova said.\n\n"
            "Talks went on.\n\nOthers disagreed.\n\n"
            "“We will wait,” the minister told reporters.")
    q = _q(text)
    assert q["speaker"].tolist() == ["Defense Minister Ana Kova", "the minister"]
    assert q["speaker_resolved"].tolist() == ["Ana Kova", "Ana Kova"]


def test_description_left_unresolved_when_two_people_fit():
    text = ("“Yes,” Anna Berg said.\n\n“No,” Karl Lind said.\n\n"
            "“Maybe,” the official said.")
    q = _q(text)
    assert q["speaker"].tolist() == ["Anna Berg", "Karl Lind", "the official"]
    assert q["speaker_resolved"].tolist() == ["Anna Berg", "Karl Lind", None]


# ----------------------------------------------------------------------------- kinds
def test_scare_quote_has_no_speaker():
    text = "The so-called “reform” passed the Senate on Friday."
    r = _one(text)
    assert (r["quote"], r["kind"], r["speaker"], r["verb"]) == ("reform", "scare", None, None)


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
    # quote (start of), kind, speaker, speaker_resolved, verb, verb_form
    ("If information about Russia’s killing squads", "direct", "Landsbergis",
     "Gabrielius Landsbergis", "tell", "told"),
    # object of "dismissed ... as": the outlet presents the words as Moscow's -> partial
    ("bogus story.", "partial", "Moscow", "Moscow", "dismiss", "dismissed"),
    ("skin in the game.", "partial", "Kenneth Weinstein", "Kenneth Weinstein", "tell", "told"),
    # "the former diplomat": the only named speaker of the two preceding paragraphs
    ("If there is going to be a DMZ [demilitarized zone]", "direct", "the former diplomat",
     "Kenneth Weinstein", "tell", "told"),
    ("will come up", "partial", "One EU lawmaker", None, "confirm", "confirmed"),
    ("serious conflict in Europe and a global conflict.", "partial",
     "Russian President Vladimir Putin", "Vladimir Putin", "stress", "stressed"),
]


def test_seed_article_table():
    path = shared_path("seed", "articles.jsonl")
    arts = pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()])
    text = arts["text"][0]
    q = quotes(arts)
    got = [(qt[:len(exp[0])], k, s, sr, v, vf) for exp, qt, k, s, sr, v, vf in zip(
        SEED_EXPECTED, q["quote"], q["kind"], q["speaker"], q["speaker_resolved"], q["verb"],
        q["verb_form"])]
    assert len(q) == len(SEED_EXPECTED)
    assert got == SEED_EXPECTED
    # 'boots on the ground' is nested in the first quotation, not a row of its own
    assert "‘boots on the ground’" in q["quote"][0]
    assert q["quote"][0].endswith("Emmanuel Macron,")
    for r in q.itertuples():
        assert text[r.start:r.end] == r.quote
        assert text[r.start - 1] == "“"
        assert text[r.speaker_start:r.speaker_end] == r.speaker


# ----------------------------------------------------------------------------- table, errors, lexicon
def test_columns_types_and_metadata(tiny_articles):
    arts = tiny_articles.copy()
    arts.loc[0, "text"] = "“We will win,” Smith said."
    q = quotes(arts)
    assert list(q.columns) == ["doc_id", "outlet", "date", "paragraph", "start", "end", "quote",
                               "kind", "speaker", "speaker_start", "speaker_end",
                               "speaker_resolved", "verb", "verb_form", "verb_class",
                               "attribution", "actor"]
    assert q["doc_id"].tolist() == ["a1"]
    assert q["outlet"].tolist() == ["Alpha"] and isinstance(q["outlet"].dtype, pd.CategoricalDtype)
    assert q["date"].tolist() == [pd.Timestamp("2024-01-05")]
    assert q.attrs["quotes"]["unpaired"] == "paragraph"


def test_no_quotations_gives_an_empty_table(tiny_articles):
    q = quotes(tiny_articles)
    assert q.empty and "speaker" in q.columns


def test_argument_checks():
    with pytest.raises(ParameterError, match="no column"):
        quotes(pd.DataFrame({"doc_id": ["d"]}))
    with pytest.raises(ParameterError, match="`unpaired` value = 'x' is invalid"):
        _q("“a”", unpaired="x")
    with pytest.raises(ParameterError, match="must be a DataFrame"):
        quotes(["text"])


def test_bad_verb_lexicon(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text("neutral:\n  say: [said]\n  state: [said]\n")
    with pytest.raises(LexiconError, match="'said' listed under 'say' and 'state'"):
        load_reporting_verbs(path)
    with pytest.raises(LexiconError, match="not found"):
        load_reporting_verbs(tmp_path / "missing.yml")


def test_reporting_verb_lexicon_is_also_a_toolkit_lexicon():
    lex = load_lexicon("reporting_verbs")
    assert "neutral.say" in lex.categories and "doubt.claim" in lex.categories
    assert len(lex) == len(load_reporting_verbs())


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
    assert (r["verb"], r["verb_class"]) == ("murmur", "odd")
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
    assert ours["speaker_accuracy"] > 0.5


def test_actor_category_of_the_speaker():
    arts = pd.DataFrame({"doc_id": ["d"], "text": [
        "“It is a bogus story,” the Kremlin said. “We agree,” Anna Berg said."]})
    q = quotes(arts, actors={"russia": ["Kremlin", "Putin"], "sweden": ["Berg"]})
    assert q["speaker"].tolist() == ["the Kremlin", "Anna Berg"]
    assert q["actor"].tolist() == ["russia", "sweden"]
    assert quotes(arts)["actor"].tolist() == [None, None]


@pytest.mark.parametrize("text, speaker, resolved", [
    ("“We will not retreat,” Kremlin spokesman Oleg Sirin said.", "Kremlin spokesman Oleg Sirin", "Oleg Sirin"),
    ("“We will not retreat,” said NATO spokesperson Pieter Hals.", "NATO spokesperson Pieter Hals", "Pieter Hals"),
    ("“We will not retreat,” spokesman Oleg Sirin told reporters.", "spokesman Oleg Sirin", "Oleg Sirin"),
])
def test_speaker_after_a_role_noun(text, speaker, resolved):
    import pandas as pd
    from toolkit.discourse.quotes import quotes as extract
    row = extract(pd.DataFrame({"doc_id": ["d"], "text": [text]})).iloc[0]
    assert (row["speaker"], row["speaker_resolved"], row["kind"]) == (speaker, resolved, "direct")


def test_speaker_actor_from_the_title_at_first_mention():
    import pandas as pd
    from toolkit.discourse.quotes import quotes as extract
    text = ("Kremlin spokesman Oleg Sirin spoke on Monday.\n\n"
            "“We will not retreat,” Sirin said.\n\n“Nobody asked us,” Ilona Varga, Ukraine’s defence minister, said.")
    out = extract(pd.DataFrame({"doc_id": ["d"], "text": [text]}),
                  actors={"russia": ["Kremlin", "Russia"], "ukraine": ["Ukraine"]})
    assert out[["speaker_resolved", "actor"]].values.tolist() == [["Oleg Sirin", "russia"], ["Ilona Varga", "ukraine"]]


@pytest.mark.parametrize("text, second", [
    ("Oleg Sirin claimed the drills were “routine” and insisted that Moscow had “no plans to escalate.”",
     ["Oleg Sirin", "insist", "partial"]),
    ("Oleg Sirin claimed the drills were “routine”, but later warned of “countermeasures.”",
     ["Oleg Sirin", "warn", "partial"]),
    # no coordinated reporting verb: a scare quote, not Sirin's words
    ("Oleg Sirin claimed the drills were “routine” while Moscow kept its “special operation.”",
     [None, None, "scare"]),
])
def test_a_coordinated_reporting_verb_shares_the_previous_speaker(text, second):
    import pandas as pd
    from toolkit.discourse.quotes import quotes as extract
    out = extract(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    assert out.iloc[0][["speaker", "verb"]].tolist() == ["Oleg Sirin", "claim"]
    assert out.iloc[1][["speaker", "verb", "kind"]].tolist() == second
