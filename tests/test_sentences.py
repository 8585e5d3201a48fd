"""Tests for toolkit.text.sentences: hand-written news cases, properties, the seed article."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path
from toolkit.errors import ParameterError
from toolkit.text.sentences import (
    ABBREVIATIONS,
    SENTENCE_STARTERS,
    TITLES,
    paragraph_spans,
    sentence_spans,
    split_sentences,
)

REPO_ROOT = Path(__file__).resolve().parents[1]

# Each case: (text, expected sentences).  Grouped by the rule they exercise.
CASES = [
    # --- plain sentences -------------------------------------------------------
    ("The troops arrived. They were tired.", ["The troops arrived.", "They were tired."]),
    ("Did they arrive? Nobody knows! The war goes on.",
     ["Did they arrive?", "Nobody knows!", "The war goes on."]),
    ("One sentence only.", ["One sentence only."]),
    ("No final punctuation here", ["No final punctuation here"]),
    ("First one. Second one without a stop", ["First one.", "Second one without a stop"]),
    ("  Leading and trailing spaces.   Next one.  ", ["Leading and trailing spaces.", "Next one."]),
    ("", []),
    ("   \n\n  ", []),
    ("Is it over?! Critics doubt it.", ["Is it over?!", "Critics doubt it."]),
    ("Russia attacked on Monday.  Ukraine responded on Tuesday.",
     ["Russia attacked on Monday.", "Ukraine responded on Tuesday."]),
    ("Prices rose 4 percent in 2023. 2024 was worse.",
     ["Prices rose 4 percent in 2023.", "2024 was worse."]),
    # --- titles before names -------------------------------------------------------
    ("Mr. Smith met Mrs. Jones and Ms. Lee.", ["Mr. Smith met Mrs. Jones and Ms. Lee."]),
    ("Dr. Anthony Fauci testified. Sen. Rand Paul objected.",
     ["Dr. Anthony Fauci testified.", "Sen. Rand Paul objected."]),
    ("Gen. Mark Milley and Lt. Col. Alexander Vindman spoke.",
     ["Gen. Mark Milley and Lt. Col. Alexander Vindman spoke."]),
    ("Capt. Jones, Sgt. Brown and Adm. Green were there.",
     ["Capt. Jones, Sgt. Brown and Adm. Green were there."]),
    ("Gov. Gavin Newsom signed it. Rep. Nancy Pelosi praised him.",
     ["Gov. Gavin Newsom signed it.", "Rep. Nancy Pelosi praised him."]),
    ("Prof. Jane Doe disagreed with Rev. Al Sharpton.",
     ["Prof. Jane Doe disagreed with Rev. Al Sharpton."]),
    ("Republican Sens. Ted Cruz and Mike Lee objected.",
     ["Republican Sens. Ted Cruz and Mike Lee objected."]),
    ("The letter was addressed to Mr. The Honourable nobody.",
     ["The letter was addressed to Mr. The Honourable nobody."]),
    # --- name suffixes and companies -----------------------------------------------
    ("Martin Luther King Jr. spoke in 1963. Crowds cheered.",
     ["Martin Luther King Jr. spoke in 1963.", "Crowds cheered."]),
    ("Apple Inc. reported profits. Microsoft Corp. did too.",
     ["Apple Inc. reported profits.", "Microsoft Corp. did too."]),
    ("He works for Acme Co. The company is small.", ["He works for Acme Co.", "The company is small."]),
    ("Shares of Johnson & Johnson Co. Ltd. fell sharply.",
     ["Shares of Johnson & Johnson Co. Ltd. fell sharply."]),
    ("The shop is on Main St. It opened in May.", ["The shop is on Main St.", "It opened in May."]),
    ("They marched down St. Charles Ave. in New Orleans.",
     ["They marched down St. Charles Ave. in New Orleans."]),
    ("He moved to St. Louis last year.", ["He moved to St. Louis last year."]),
    # --- acronyms with periods -------------------------------------------------------
    ("The U.S. military responded.", ["The U.S. military responded."]),
    ("The U.S. Army and the U.K. Ministry of Defence agreed.",
     ["The U.S. Army and the U.K. Ministry of Defence agreed."]),
    ("Aid arrived in the U.S. The next day, markets fell.",
     ["Aid arrived in the U.S.", "The next day, markets fell."]),
    ("He lives in Washington, D.C. He works at the U.N. headquarters.",
     ["He lives in Washington, D.C.", "He works at the U.N. headquarters."]),
    ("The E.U. agreed. The U.N. did not.", ["The E.U. agreed.", "The U.N. did not."]),
    ("Troops left the U.S. But they came back.", ["Troops left the U.S.", "But they came back."]),
    ("The U.S. 7th Fleet sailed.", ["The U.S. 7th Fleet sailed."]),
    ("Sanctions hit the U.S.S.R. economy.", ["Sanctions hit the U.S.S.R. economy."]),
    ("She earned a Ph.D. in physics.", ["She earned a Ph.D. in physics."]),
    # --- latin and other abbreviations ---------------------------------------------
    ("Some states, e.g. Texas, objected.", ["Some states, e.g. Texas, objected."]),
    ("Allies, i.e. France and Germany, agreed.", ["Allies, i.e. France and Germany, agreed."]),
    ("It was Roe v. Wade that mattered.", ["It was Roe v. Wade that mattered."]),
    ("The match was Russia vs. Ukraine in Kyiv.", ["The match was Russia vs. Ukraine in Kyiv."]),
    ("They sent tanks, jets, etc. The list was long.",
     ["They sent tanks, jets, etc.", "The list was long."]),
    ("They sent tanks, jets, etc. to the front.", ["They sent tanks, jets, etc. to the front."]),
    ("Smith et al. found a link.", ["Smith et al. found a link."]),
    ("The study by Smith et al. Critics questioned it.",
     ["The study by Smith et al.", "Critics questioned it."]),
    ("It weighs approx. 5 tons.", ["It weighs approx. 5 tons."]),
    # --- numbers, dates, times --------------------------------------------------------
    ("He lives at No. 10 Downing Street.", ["He lives at No. 10 Downing Street."]),
    ("The answer was no. Republicans walked out.",
     ["The answer was no.", "Republicans walked out."]),
    ("The vote is on Jan. 5. It could slip.", ["The vote is on Jan. 5.", "It could slip."]),
    ("It happened on Sept. 11, 2001, in New York.", ["It happened on Sept. 11, 2001, in New York."]),
    ("Talks resume Oct. 3 and end Nov. 4.", ["Talks resume Oct. 3 and end Nov. 4."]),
    ("Born Aug. 4, 1961, he grew up in Hawaii. Dec. 25 is Christmas.",
     ["Born Aug. 4, 1961, he grew up in Hawaii.", "Dec. 25 is Christmas."]),
    ("The meeting starts at 9 a.m. Monday in Paris.", ["The meeting starts at 9 a.m. Monday in Paris."]),
    ("The polls closed at 8 p.m. Officials began counting.",
     ["The polls closed at 8 p.m.", "Officials began counting."]),
    ("The strike began at 6 a.m. The union said it would last.",
     ["The strike began at 6 a.m.", "The union said it would last."]),
    ("It ended at 11 p.m. ET on Friday.", ["It ended at 11 p.m. ET on Friday."]),
    ("He won 52.3% of the vote.", ["He won 52.3% of the vote."]),
    ("The deal is worth $2.5 billion. It closes in 2025.",
     ["The deal is worth $2.5 billion.", "It closes in 2025."]),
    ("Revenue was 1.2m euros, or £3.4bn in total.", ["Revenue was 1.2m euros, or £3.4bn in total."]),
    ("Version 3.10.4 fixed the bug. Users upgraded.", ["Version 3.10.4 fixed the bug.", "Users upgraded."]),
    ("Inflation hit 9.1 percent. Prices fell later.", ["Inflation hit 9.1 percent.", "Prices fell later."]),
    # --- initials --------------------------------------------------------------------
    ("John F. Kennedy was shot in 1963.", ["John F. Kennedy was shot in 1963."]),
    ("J. R. R. Tolkien wrote it. It sold well.", ["J. R. R. Tolkien wrote it.", "It sold well."]),
    ("President George W. Bush spoke.", ["President George W. Bush spoke."]),
    ("Author J.K. Rowling tweeted.", ["Author J.K. Rowling tweeted."]),
    ("The memo was signed by H. R. McMaster.", ["The memo was signed by H. R. McMaster."]),
    ("They called it Plan B. The plan failed.", ["They called it Plan B.", "The plan failed."]),
    ("Michael J. Fox and Samuel L. Jackson attended.", ["Michael J. Fox and Samuel L. Jackson attended."]),
    # --- URLs, e-mail, domains -------------------------------------------------------
    ("Read more at example.com/a.b today.", ["Read more at example.com/a.b today."]),
    ("Write to press@state.gov.uk for details. Nobody replied.",
     ["Write to press@state.gov.uk for details.", "Nobody replied."]),
    ("Visit https://www.bbc.co.uk/news/world-1.2 now. It is free.",
     ["Visit https://www.bbc.co.uk/news/world-1.2 now.", "It is free."]),
    ("The site is Amazon.com. It sells books.", ["The site is Amazon.com.", "It sells books."]),
    # --- ellipses -------------------------------------------------------------------
    ("He paused... and then continued.", ["He paused... and then continued."]),
    ("He paused… and then continued.", ["He paused… and then continued."]),
    ("We waited... Nothing happened.", ["We waited...", "Nothing happened."]),
    ("We waited… Nothing happened.", ["We waited…", "Nothing happened."]),
    ("The law says that … officials must report it.", ["The law says that … officials must report it."]),
    ("“I just don’t know...” he said.", ["“I just don’t know...” he said."]),
    # --- quotations ------------------------------------------------------------------
    ("“We will not retreat,” he said.", ["“We will not retreat,” he said."]),
    ("“Will they come?” she asked.", ["“Will they come?” she asked."]),
    ("“We will win.” The minister left.", ["“We will win.”", "The minister left."]),
    ("He called it a “bogus story.” Moscow agreed.", ["He called it a “bogus story.”", "Moscow agreed."]),
    ('He called it a "bogus story." Moscow agreed.', ['He called it a "bogus story."', "Moscow agreed."]),
    ("She said: ‘Enough is enough.’ Then she left.", ["She said: ‘Enough is enough.’", "Then she left."]),
    ("“Who is responsible?’ he asked.", ["“Who is responsible?’ he asked."]),
    ("“Stop!” the officer shouted. The crowd dispersed.",
     ["“Stop!” the officer shouted.", "The crowd dispersed."]),
    ("“Why now?” Trump asked. Nobody answered.", ["“Why now?” Trump asked.", "Nobody answered."]),
    ("“Why now?” Senate Majority Leader Mitch McConnell asked reporters.",
     ["“Why now?” Senate Majority Leader Mitch McConnell asked reporters."]),
    ("“Is this fair?” He paused. “No.”", ["“Is this fair?”", "He paused.", "“No.”"]),
    ('"We will win," said Mr. Smith. "They will lose."',
     ['"We will win," said Mr. Smith.', '"They will lose."']),
    ("He said the strike was “a success.” “We will return,” he added.",
     ["He said the strike was “a success.”", "“We will return,” he added."]),
    ("“They have no right.” “None at all,” he said.",
     ["“They have no right.”", "“None at all,” he said."]),
    ("He said: “Troops will stay. They must.” Then he left.",
     ["He said: “Troops will stay.", "They must.”", "Then he left."]),
    ("The report (published Monday) was clear. Aid will flow.",
     ["The report (published Monday) was clear.", "Aid will flow."]),
    ("The data are flawed. (See below.) The rest is fine.",
     ["The data are flawed.", "(See below.)", "The rest is fine."]),
    ("Exports fell (see chart). Imports rose.", ["Exports fell (see chart).", "Imports rose."]),
    ("He left [the party.] Then he returned.", ["He left [the party.]", "Then he returned."]),
    # --- paragraphs and line breaks --------------------------------------------------
    ("Russia warns NATO\n\nMoscow issued a warning.", ["Russia warns NATO", "Moscow issued a warning."]),
    ("First paragraph ends here\n   \nSecond paragraph.", ["First paragraph ends here", "Second paragraph."]),
    ("A line that is hard\nwrapped in the middle. Next sentence.",
     ["A line that is hard\nwrapped in the middle.", "Next sentence."]),
    ("The talks ended.\nThe delegates went home.", ["The talks ended.", "The delegates went home."]),
    ("Mr.\nSmith arrived.", ["Mr.\nSmith arrived."]),
    ("Officials met e.g.\n\nin Paris.", ["Officials met e.g.", "in Paris."]),
    ("By John Smith\nWASHINGTON (Reuters) - The Senate voted.",
     ["By John Smith\nWASHINGTON (Reuters) - The Senate voted."]),
    ("Para one.\r\n\r\nPara two.", ["Para one.", "Para two."]),
    ("Line one\n\n\n\nLine two", ["Line one", "Line two"]),
    # --- state abbreviations and bylines ---------------------------------------------
    ("Sen. Dianne Feinstein (D-Calif.) objected. Sen. Ted Cruz (R-Texas) agreed.",
     ["Sen. Dianne Feinstein (D-Calif.) objected.", "Sen. Ted Cruz (R-Texas) agreed."]),
    ("He grew up in Springfield, Ill. His father was a farmer.",
     ["He grew up in Springfield, Ill.", "His father was a farmer."]),
    ("The patient was ill. Doctors were worried.", ["The patient was ill.", "Doctors were worried."]),
    # --- lists -----------------------------------------------------------------------
    ("1. The first point is clear.\n\n2. The second is not.",
     ["1. The first point is clear.", "2. The second is not."]),
    # --- lost spaces in scraped text ---------------------------------------------------
    ("Violence broke out last week.Civil rights leaders objected.",
     ["Violence broke out last week.", "Civil rights leaders objected."]),
    ('He called it "out of control."On Thursday he left.',
     ['He called it "out of control."', "On Thursday he left."]),
    ('There are differences."There is a difference," Trump said.',
     ["There are differences.", '"There is a difference," Trump said.']),
    ("Node.js and ASP.NET are frameworks.", ["Node.js and ASP.NET are frameworks."]),
    # --- more abbreviations and news conventions ---------------------------------------
    ("The F.B.I. Director James Comey testified. The C.I.A. declined to comment.",
     ["The F.B.I. Director James Comey testified.", "The C.I.A. declined to comment."]),
    ("He was questioned by the F.B.I. The bureau declined to comment.",
     ["He was questioned by the F.B.I.", "The bureau declined to comment."]),
    ("Mr. and Mrs. Smith left. Messrs. Jones and Brown stayed.",
     ["Mr. and Mrs. Smith left.", "Messrs. Jones and Brown stayed."]),
    ("He was No. 1. Now he is No. 2.", ["He was No. 1.", "Now he is No. 2."]),
    ("George H.W. Bush died in 2018. His son spoke.", ["George H.W. Bush died in 2018.", "His son spoke."]),
    ("It was 10 a.m. EST. Then it rained.", ["It was 10 a.m. EST.", "Then it rained."]),
    ("The broadcast starts at 8 p.m. EST. Officials will speak.",
     ["The broadcast starts at 8 p.m. EST.", "Officials will speak."]),
    ("Sen. Tim Kaine (D-Va.) told HuffPost. Rep. Doe (R-Fla.) disagreed.",
     ["Sen. Tim Kaine (D-Va.) told HuffPost.", "Rep. Doe (R-Fla.) disagreed."]),
    ("Rep. Adam Schiff, D-Calif. The committee chairman objected.",
     ["Rep. Adam Schiff, D-Calif.", "The committee chairman objected."]),
    ("Rep. Adam Schiff, D-Calif., objected.", ["Rep. Adam Schiff, D-Calif., objected."]),
    ("Apple Inc. CEO Tim Cook spoke. Shares rose.", ["Apple Inc. CEO Tim Cook spoke.", "Shares rose."]),
    ("The ship, the U.S.S. Cole, was attacked.", ["The ship, the U.S.S. Cole, was attacked."]),
    ("He held a Ph.D. He taught at Yale.", ["He held a Ph.D.", "He taught at Yale."]),
    ("See p. 5 and pp. 10-12. Also see Fig. 3.", ["See p. 5 and pp. 10-12.", "Also see Fig. 3."]),
    ("This costs approx. $5. That is cheap.", ["This costs approx. $5.", "That is cheap."]),
    ("Who will pay? Mexico? The U.S.? Nobody knows.", ["Who will pay?", "Mexico?", "The U.S.?", "Nobody knows."]),
    ("Yahoo! News reported it. Wow! The end.", ["Yahoo! News reported it.", "Wow!", "The end."]),
    ("He said . . . the troops left. . . . Then it ended.",
     ["He said . . . the troops left. . . .", "Then it ended."]),
    ("This is disgraceful. https://t.co/abc123 — Jeff Flake", ["This is disgraceful.", "https://t.co/abc123 — Jeff Flake"]),
    ("I. Background. II. Findings follow.", ["I. Background.", "II. Findings follow."]),
    ("A. The first option. B. The second option.", ["A. The first option.", "B. The second option."]),
    ("He asked, “Why?” and left.", ["He asked, “Why?” and left."]),
    ("Did he say “no”? Yes.", ["Did he say “no”?", "Yes."]),
    ("He said […] the troops left.", ["He said […] the troops left."]),
    ("“Are you serious?” asked Smith. “Yes.”", ["“Are you serious?” asked Smith.", "“Yes.”"]),
    ("“Enough!” he said. “Go home.”", ["“Enough!” he said.", "“Go home.”"]),
    ("KYIV, Ukraine (AP) — Russia fired missiles. At least 5 died.",
     ["KYIV, Ukraine (AP) — Russia fired missiles.", "At least 5 died."]),
    ("The rate rose to 5.25%.The Fed acted.", ["The rate rose to 5.25%.", "The Fed acted."]),
    ("MR. SMITH WENT TO WASHINGTON. HE LEFT.", ["MR. SMITH WENT TO WASHINGTON.", "HE LEFT."]),
    ("He loves modern art. Trump said so.", ["He loves modern art.", "Trump said so."]),
    ("It weighs 200 lbs. Engineers said so.", ["It weighs 200 lbs.", "Engineers said so."]),
    ("See Vol. 2 and art. 5 of the treaty.", ["See Vol. 2 and art. 5 of the treaty."]),
    # --- non-ASCII -------------------------------------------------------------------
    ("Le président a parlé. L’Élysée a confirmé.", ["Le président a parlé.", "L’Élysée a confirmé."]),
    ("The ruble fell 2.5 percent.\u00a0Traders sold.", ["The ruble fell 2.5 percent.", "Traders sold."]),
    # --- rules added for the Golden Rules, guarded on news prose -----------------------
    ("The vote was 52 to 48. The bill passed.", ["The vote was 52 to 48.", "The bill passed."]),
    ("1. Russia invaded in 2014. 2. Sanctions followed.", ["1. Russia invaded in 2014.", "2. Sanctions followed."]),
    ("1. Russia 2. Ukraine 3. Belarus", ["1. Russia", "2. Ukraine", "3. Belarus"]),
    ("1. Norway Finland 2. 2. Finland Denmark", ["1. Norway Finland", "2.", "2. Finland Denmark"]),
    ("A. Smith met B. Jones on Monday.", ["A. Smith met B. Jones on Monday."]),
    ("At 9 a.m. Monday the talks began.", ["At 9 a.m. Monday the talks began."]),
    ("By 10 p.m. Ms. Lee had left. Talks resumed.", ["By 10 p.m. Ms. Lee had left.", "Talks resumed."]),
    ("The talks began at 9 a.m. The minister then left.", ["The talks began at 9 a.m.", "The minister then left."]),
    ("He grew up in the U.S. Is that relevant?", ["He grew up in the U.S.", "Is that relevant?"]),
    ('As Enten puts it, "The U.S. Has Never Been So Polarized on Guns."',
     ['As Enten puts it, "The U.S. Has Never Been So Polarized on Guns."']),
    ("The reindeer was named by copywriter Robert L. May in 1939.",
     ["The reindeer was named by copywriter Robert L. May in 1939."]),
    ("Warren visits Fairfield, Iowa, U.S. May 26, 2019.", ["Warren visits Fairfield, Iowa, U.S. May 26, 2019."]),
    ("Write to tips@example.org.The desk replies.", ["Write to tips@example.org.The desk replies."]),
    ("It is not as radical as it sounds . . . Defunding means less.",
     ["It is not as radical as it sounds . . .", "Defunding means less."]),
    ("Costs rose in 2026. [...] Under the bill, half pay more.",
     ["Costs rose in 2026. [...]", "Under the bill, half pay more."]),
    ("He kept the plant in Kentucky […] I worked hard with Bill Ford.",
     ["He kept the plant in Kentucky […]", "I worked hard with Bill Ford."]),
    ("If Iowa, N.H. Are Too White To Go First, Then Who?", ["If Iowa, N.H. Are Too White To Go First, Then Who?"]),
    ("He worked in D.C. Has he been there at all?", ["He worked in D.C.", "Has he been there at all?"]),
    ("Ann Lee of the Ariz. Guard dismissed it as a “bogus story”.",
     ["Ann Lee of the Ariz. Guard dismissed it as a “bogus story”."]),
    ("“The Kremlin [...] denied it” (Reuters). Talks went on.",
     ["“The Kremlin [...] denied it” (Reuters).", "Talks went on."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_cases(text, expected):
    assert split_sentences(text) == expected


def test_enough_cases():
    assert len(CASES) >= 80


def _check_spans(text, spans):
    covered = []
    prev_end = 0
    for a, b in spans:
        assert prev_end <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip() and piece
        covered.extend(range(a, b))
        prev_end = b
    non_space = [i for i, ch in enumerate(text) if not ch.isspace()]
    cov = set(covered)
    assert len(cov) == len(covered)
    assert [i for i in non_space if i not in cov] == []


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_span_properties_on_cases(text, expected):
    _check_spans(text, sentence_spans(text))


_ALPHABET = list("abc XYZ..!?…\"'“”‘’()[]\n\n  \t0123$%@/-,") + ["Mr.", "U.S.", "e.g.", " the ", "\n \n"]


def test_span_properties_random():
    rng = random.Random(20241125)
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60)))
        _check_spans(text, sentence_spans(text))


def test_paragraph_breaks_always_end_a_sentence():
    for joiner in ("\n\n", "\n \n", "\n\t\n", "\n\n\n"):
        for left in ("Mr.", "The U.S.", "etc.", "a.m.", "said", "said,", "“Why?”"):
            text = f"{left}{joiner}he left."
            assert split_sentences(text) == [left, "he left."]


def test_paragraph_spans():
    text = "  Title line\n\nFirst para. Two sentences.\n \n\nSecond\npara.  \n\n"
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["Title line", "First para. Two sentences.", "Second\npara."]
    assert paragraph_spans("") == []
    assert paragraph_spans("one") == [(0, 3)]


def test_sentences_never_cross_paragraphs():
    text = "One. Two\n\nThree Mr.\n\nFour etc. Five."
    paras = paragraph_spans(text)
    for a, b in sentence_spans(text):
        assert any(pa <= a and b <= pb for pa, pb in paras)


def test_knowledge_sets():
    assert {"Mr", "Sen", "Gen"} <= TITLES <= ABBREVIATIONS
    assert {"Inc", "Jan", "Calif", "etc"} <= ABBREVIATIONS
    assert "ill" not in ABBREVIATIONS and "The" in SENTENCE_STARTERS


def test_seed_article_sentences():
    path = shared_path("seed", "articles.jsonl")
    article = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    sentences = split_sentences(article["text"])
    # Hand-checked by reading the article: 9 paragraphs, 12 sentences.
    first_words = [s.split()[0] for s in sentences]
    assert first_words == [
        "The", "The", "“If", "Allegations", "However,", "Meanwhile,", "At", "Washington’s",
        "“If", "One", "Moscow", "Russian",
    ]
    assert sentences[7].endswith("“skin in the game.”")
    assert sentences[8].endswith("not U.S. troops,” the former diplomat, who is now chairman to the "
                                 "Hudson Institute, a conservative DC-based think tank, told the outlet.")


_NLTK_PROBE = r"""
import builtins, sys
import toolkit                      # the package itself may import whatever it needs
sys.modules.pop("toolkit.text.sentences", None)
if "nltk" in sys.modules:           # if something loaded nltk already, make its data loader fail
    import nltk.data
    def _refuse(*args, **kwargs):
        raise AssertionError("toolkit.text.sentences called nltk.data.load")
    nltk.data.load = _refuse
real_import = builtins.__import__
def guard(name, *args, **kwargs):
    if name == "nltk" or name.startswith("nltk."):
        raise ImportError("toolkit.text.sentences must not import nltk")
    return real_import(name, *args, **kwargs)
builtins.__import__ = guard
from toolkit.text.sentences import split_sentences
print(split_sentences("Mr. Smith left. The U.S. Army stayed in the U.S. The end."))
"""


def test_never_reads_nltk_data():
    # A fresh interpreter in which importing nltk (or loading its data) fails:
    # the splitter must not touch nltk, so a user's punkt models (present or
    # absent) can never change its output.
    out = subprocess.run([sys.executable, "-c", _NLTK_PROBE], cwd=REPO_ROOT, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out == ["['Mr. Smith left.', 'The U.S. Army stayed in the U.S.', 'The end.']"]


@pytest.mark.parametrize("func", [sentence_spans, split_sentences, paragraph_spans])
@pytest.mark.parametrize("bad", [None, b"bytes.", 3.5])
def test_rejects_non_strings(func, bad):
    with pytest.raises(ParameterError, match=r"`text` must be a str, not "):
        func(bad)


def test_doctests():
    import doctest

    import toolkit.text.sentences as module

    assert doctest.testmod(module).failed == 0
