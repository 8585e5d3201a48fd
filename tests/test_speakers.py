"""Speakers of quotations: cues, the mention model, coreference, types and ``speakers()``.

Every expected speaker was checked by reading the sentence (the rules are documented in
toolkit/discourse/quotes/cues.py, mentions.py and resolve.py).
"""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.discourse.attribution import speakers
from toolkit.discourse.quotes import quotes
from toolkit.errors import ParameterError


def _q(text: str, **kw) -> pd.DataFrame:
    return quotes(pd.DataFrame({"doc_id": ["d"], "text": [text]}), **kw)


def _rows(text: str) -> list[list]:
    q = _q(text)
    for r in q.itertuples():
        if r.speaker is not None:
            assert text[r.speaker_start:r.speaker_end] == r.speaker
    return q[["speaker", "speaker_name", "speaker_type", "how"]].values.tolist()


def _last(text: str) -> list:
    return _rows(text)[-1]


# ----------------------------------------------------------------------------- cues in the sentence
@pytest.mark.parametrize("text, speaker, verb", [
    ("Smith said: “We will win.”", "Smith", "say"),
    ("Mr. Steele added: “There is no question.”", "Mr. Steele", "add"),
    ("“We will win,” said Mr. Smith.", "Mr. Smith", "say"),
    ("“Fine,” Landsbergis told the outlet.", "Landsbergis", "tell"),
    ("“It is over,” he said.", "he", "say"),
    ("“No,” the minister, who spoke on condition of anonymity, told reporters.", "the minister", "tell"),
    ("“Prices will rise,” according to the central bank.", "the central bank", None),
    ("According to Anna Berg, “the plan failed.”", "Anna Berg", None),
    ("Moscow has dismissed the speculations as a “bogus story.”", "Moscow", "dismiss"),
    ("The senator insisted that the bill was “dead on arrival” in the House.", "The senator", "insist"),
    ("Mr. Santorum did not back down, saying, “I stand by it.”", "Mr. Santorum", "say"),
    # the patterns
    ("“It is a disgrace,” says Jane Roe, a professor of law at the state university.", "Jane Roe", "say"),
    ("Biden was quick to retort: “That is malarkey.”", "Biden", "retort"),
    ("Weiner referred to a reporter in the scrum as a “jackass.”", "Weiner", "refer"),
    ("Grimm stormed back, leaned into him and said, “Let me be clear.”", "Grimm", "say"),
    ("Sen. Ted Cruz (R-Texas) on Friday lashed out at Trump, accusing him of “lies.”", "Sen. Ted Cruz", "accuse"),
    ("President Trump himself said Friday that it was “a sad day.”", "President Trump", "say"),
    ("BuzzFeed’s editor in chief, Ben Smith, later tweeted that “we stand by it.”", "Ben Smith", "tweet"),
    ("“We stand by it,” his former lawyer, Manny Conditsis, told the broadcaster.", "Manny Conditsis", "tell"),
    ("“Stop,” said Bloomberg, who added that “the richest thing is his hypocrisy.”", "Bloomberg", "add"),
])
def test_cue_in_the_sentence(text, speaker, verb):
    q = _q(text)
    r = q.iloc[-1]
    assert (r["speaker"], r["verb"]) == (speaker, verb)
    assert text[r["speaker_start"]:r["speaker_end"]] == speaker


@pytest.mark.parametrize("text", [
    # nouns are not reporting verbs; a fronted phrase is not a subject
    "He added that her comments were “disrespectful.”",
    "In the wake of the Orlando shooting, Smith tweeted that it was “a tragedy.”",
    "In a Facebook post, Lauten wrote that they should “try showing a little class.”",
])
def test_nouns_and_fronted_phrases_are_not_cues(text):
    r = _q(text).iloc[-1]
    assert r["speaker"] in ("He", "Smith", "Lauten")
    assert r["verb"] in ("add", "tweet", "write")


def test_a_full_stop_ends_the_sentence_of_the_quotation():
    # "Smith" opens a new sentence about something else: not an attribution
    assert _rows("“We won.” Smith thanked the voters.") == [[None, None, None, None]]
    # a next sentence that is only the attribution is one
    assert _rows("“We won.” Smith said.") == [["Smith", "Smith", "unknown", "same sentence"]]


def test_the_possessor_of_a_reporting_noun_speaks():
    text = "Rick Santorum tried to clarify his comment that Obama had a “phony theology.”"
    assert _last(text) == ["his", "Rick Santorum", "person", "pronoun"]


# ----------------------------------------------------------------------------- coreference rules
def test_surname_and_honorific_link_to_the_full_name():
    text = ("Russian President Vladimir Putin spoke on Monday.\n\n"
            "“We will answer,” Mr. Putin said. “Soon,” Putin added.")
    assert _rows(text) == [["Mr. Putin", "Vladimir Putin", "person", "same sentence"],
                           ["Putin", "Vladimir Putin", "person", "same sentence"]]


def test_a_suffix_keeps_father_and_son_apart():
    text = ("Donald Trump and his son Donald Trump Jr. spoke.\n\n"
            "“Fake,” Trump said. “Never,” Trump Jr. said.")
    assert [r[1] for r in _rows(text)] == ["Donald Trump", "Donald Trump Jr."]


def test_a_surname_that_is_also_an_organisation_word_is_the_person_named_in_full():
    text = ("Former Mexican President Vicente Fox spoke.\n\n"
            "“He is not welcome,” Fox told CNN.")
    assert _rows(text) == [["Fox", "Vicente Fox", "person", "same sentence"]]


def test_a_role_links_to_the_person_it_was_attached_to():
    text = ("Sen. Jane Doe and Gov. Karl Lind met on Monday. Lind left early.\n\n"
            "“We will wait,” the senator told reporters.")
    assert _last(text) == ["the senator", "Jane Doe", "person", "role"]
    text = ("Jane Doe, a Republican senator from Ohio, and Gov. Karl Lind met. Lind left.\n\n"
            "“We will wait,” the 83-year-old senator said.")
    assert _last(text) == ["the 83-year-old senator", "Jane Doe", "person", "role"]
    text = ("House Speaker Nancy Pelosi spoke to Mitch McConnell.\n\n"
            "“I don’t like that language,” the House speaker continued.")
    assert _last(text) == ["the House speaker", "Nancy Pelosi", "person", "role"]


def test_an_indefinite_or_possessive_description_is_someone_new():
    text = "Karl Lind spoke.\n\n“It was loud,” a witness said. “He lied,” his lawyer said."
    assert _rows(text) == [["a witness", None, "person", "role"], ["his lawyer", None, "person", "role"]]


def test_he_is_the_most_recent_compatible_person_subject():
    text = ("Maria Lopez met Mr. Karl Berg in Madrid on Monday.\n\n"
            "“We are ready,” she said. “So are we,” he said.")
    assert _rows(text) == [["she", "Maria Lopez", "person", "pronoun"],
                           ["he", None, "unknown", "pronoun"]]   # Berg is an object, not a subject


def test_pronouns_skip_places_buildings_organisations_and_possessives():
    text = ("Mr. Trump spoke at Trump Tower in New York about Obama’s plan. Texas sued. "
            "The company said nothing.\n\n“It is a disgrace,” he said.")
    assert _last(text) == ["he", "Trump", "person", "pronoun"]


def test_a_pronoun_in_the_sentence_of_its_subject():
    text = ("Michael Steele, chairman of the party, drew criticism after he called the fight "
            "“a war of Obama’s choosing.”")
    assert _last(text) == ["he", "Michael Steele", "person", "pronoun"]


def test_gender_decides_between_two_people():
    text = ("Ms. Rice met Mr. Rose. Ms. Rice spoke first, and Mr. Rose listened.\n\n"
            "“I am not going to ascribe motives,” she told Mr. Rose.")
    assert _last(text) == ["she", "Rice", "person", "pronoun"]


def test_a_pronoun_chain_keeps_its_antecedent():
    text = ("Elizabeth Lauten wrote a post on Friday.\n\n"
            "“Dress like you deserve respect,” she wrote.\n\n"
            "She went on to say that the girls were “coming up a little short.”")
    assert [r[1] for r in _rows(text)] == ["Elizabeth Lauten", "Elizabeth Lauten"]


# ----------------------------------------------------------------------------- continuation
def test_continuation_in_the_paragraph_and_into_the_next():
    text = ("“One,” Smith said. “Two and three.”\n\n“Four.”\n\nThe vote is on Monday.\n\n“Five.”")
    q = _q(text)
    assert q["speaker"].tolist() == ["Smith", "Smith", "Smith", None]
    assert q["how"].tolist() == ["same sentence", "continuation", "continuation", None]


def test_a_colon_introduction_carries_over_a_paragraph_break():
    text = "And, says Bernanke:\n\n“The economy is recovering.”"
    assert _rows(text) == [["Bernanke", "Bernanke", "unknown", "previous paragraph"]]
    text = "President Trump went further on Thursday, tweeting:\n\n“Schiff should resign!”"
    assert _rows(text) == [["President Trump", "Trump", "person", "previous paragraph"]]


def test_a_quotation_coordinated_with_the_previous_one_shares_its_speaker():
    text = ("Michael Bloomberg threw jabs at Trump, whom he called a “dangerous demagogue” and a "
            "“bomb-thrower.”")
    q = _q(text)
    assert q["speaker_name"].tolist() == ["Michael Bloomberg", "Michael Bloomberg"]
    assert q["kind"].tolist() == ["partial", "partial"]


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
    out = _q(text)
    assert out.iloc[0][["speaker", "verb"]].tolist() == ["Oleg Sirin", "claim"]
    assert out.iloc[1][["speaker", "verb", "kind"]].tolist() == second


# ----------------------------------------------------------------------------- types
@pytest.mark.parametrize("text, expected", [
    ("“We disagree,” a Netflix spokesperson said.", ["a Netflix spokesperson", "Netflix", "organisation"]),
    ("“We disagree,” the New York Times said in a statement.", ["the New York Times", "New York Times", "organisation"]),
    ("“We disagree,” the German military said.", ["the German military", "German military", "organisation"]),
    ("“Prices will rise,” the report said.", ["the report", None, "document"]),
    ("This was after Trump’s account tweeted Saturday: “I had to fire him.”", ["Trump’s account", "Trump", "person"]),
    ("“We will not retreat,” Kremlin spokesman Oleg Sirin said.", ["Kremlin spokesman Oleg Sirin", "Oleg Sirin", "person"]),
    ("“We will not retreat,” White House spokesman Jay Carney said.", ["White House spokesman Jay Carney", "Jay Carney", "person"]),
    ("“No comment,” the Justice Department said.", ["the Justice Department", "Justice Department", "organisation"]),
])
def test_typed_speakers(text, expected):
    assert _last(text)[:3] == expected


@pytest.mark.parametrize("speaker, name", [
    ("a senior White House official", "White House"),     # "House" is a noun as well as a name
    ("a State Department official", "State Department"),
    ("a senior Justice Department official", "Justice Department"),
    ("a Netflix spokesperson", "Netflix"),
])
def test_an_organisations_spokesperson_speaks_for_the_whole_name(speaker, name):
    assert _last(f"“It was a miss,” {speaker} said.")[:3] == [speaker, name, "organisation"]

def test_actor_category_of_the_speaker():
    arts = pd.DataFrame({"doc_id": ["d"], "text": [
        "“It is a bogus story,” the Kremlin said. “We agree,” Anna Berg said.\n\n"
        "Kremlin spokesman Oleg Sirin spoke on Monday.\n\n“We will not retreat,” Sirin said."]})
    q = quotes(arts, actors={"russia": ["Kremlin", "Putin"], "sweden": ["Berg"]})
    assert q["speaker_name"].tolist() == ["Kremlin", "Anna Berg", "Oleg Sirin"]
    assert q["speaker_actor"].tolist() == ["russia", "sweden", "russia"]
    assert quotes(arts)["speaker_actor"].tolist() == [None, None, None]



@pytest.mark.parametrize("text, expected", [
    # a title attached to the name; an apposition before it; one after it
    ("French Prime Minister Jean Roux spoke first.\n\n“We stand firm,” Roux said.", "france"),
    ("Russia's foreign minister, Pavel Orlov, came late.\n\n“We stand firm,” Orlov said.", "russia"),
    ("Tom Ward, a spokesman for the Chinese embassy, spoke.\n\n“We stand firm,” Ward said.", "china"),
    # the words before a clause joiner belong to another clause
    ("The French government agreed, and President Tom Hale agreed.\n\n“We stand firm,” Hale said.", None),
    ("The Russian government said President Tom Hale lied.\n\n“We stand firm,” Hale said.", None),
    ("Tom Ward, speaking to reporters in China, came late.\n\n“We stand firm,” Ward said.", None),
    ("Tom Ward, at a meeting in China, came late.\n\n“We stand firm,” Ward said.", None),
    ("The Chinese government is praising President Tom Ward.\n\n“We stand firm,” Ward said.", None),
    # an "apposition" that is a predicate is not a description of the speaker
    ("Ann Berg, told reporters the Chinese government would go.\n\n“We stand firm,” Berg said.", None),
    # a past tie is not whom the speaker speaks for now
    ("Former Russian envoy Pavel Orlov came late.\n\n“We stand firm,” Orlov said.", None),
    ("Tom Ward, who served in the Chinese embassy, spoke.\n\n“We stand firm,” Ward said.", None),
    # a capital named as a place is where the speaker works, not whom they speak for
    ("Sam Cole, a top lawyer in Washington, spoke.\n\n“We stand firm,” Cole said.", None),
])
def test_speaker_actor_reads_only_the_words_attached_to_the_name(text, expected):
    arts = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    q = quotes(arts, actors="actors")
    assert len(q) == 1 and q["speaker_type"].iloc[0] == "person"
    assert q["speaker_actor"].iloc[0] == expected


def test_place_categories_come_from_the_lexicon_meta():
    from toolkit.match.lexicon import load_lexicon

    assert load_lexicon("actors").meta["_meta"]["places"] == ["capitals"]
    arts = pd.DataFrame({"doc_id": ["d"], "text": ["Sam Cole, a top lawyer in Washington, spoke.\n\n"
                                                    "“We stand firm,” Cole said."]})
    # without the key a capital counts like any category
    assert quotes(arts, actors={"capitals": ["Washington"]})["speaker_actor"].tolist() == ["capitals"]
    assert quotes(arts, actors={"_meta": {"places": ["capitals"]},
                                "capitals": ["Washington"]})["speaker_actor"].tolist() == [None]

# ----------------------------------------------------------------------------- speakers()
def _articles():
    rows = [("a1", "X", "“Yes,” Sen. Anna Berg said. “No,” the ministry said.\n\n“Maybe,” Berg added."),
            ("a2", "X", "“Later,” Anna Berg said. “Now,” a Netflix spokesperson said."),
            ("b1", "Y", "“Never,” Karl Lind said, and a witness said “so what.”")]
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
    frame["outlet"] = frame["outlet"].astype("category")
    frame["title"] = ""
    return frame


def test_speakers_counts_named_people_and_organisations_per_outlet():
    out = speakers(_articles())
    assert out[["outlet", "speaker_name", "speaker_type", "quotations", "direct", "partial", "articles"]] \
        .values.tolist() == [
        ["X", "Anna Berg", "person", 3, 3, 0, 2],
        ["X", "Netflix", "organisation", 1, 1, 0, 1],
        ["Y", "Karl Lind", "person", 1, 1, 0, 1]]
    assert out["share"].tolist() == [0.75, 0.25, 1.0]
    assert out.attrs["parameters"] == {"by": ["outlet"], "types": ["person", "organisation"], "top": None}


def test_speakers_options():
    arts = _articles()
    table = quotes(arts, actors={"sweden": ["Berg"]})
    assert speakers(arts, quotes_table=table, top=1)["speaker_name"].tolist() == ["Anna Berg", "Karl Lind"]
    assert speakers(arts, quotes_table=table, types="organisation")["speaker_name"].tolist() == ["Netflix"]
    assert speakers(arts, quotes_table=table, by=None)["speaker_name"].tolist() == ["Anna Berg", "Karl Lind", "Netflix"]
    assert speakers(arts, quotes_table=table)["actor"].tolist() == ["sweden", None, None]
    assert toolkit.speakers is speakers
    with pytest.raises(ParameterError, match="`types` value = 'people' is invalid"):
        speakers(arts, types="people")
    with pytest.raises(ParameterError, match=r"`top` value = 0 is invalid; must be an integer >= 1"):
        speakers(arts, top=0)
    empty = speakers(arts.iloc[:0])
    assert empty.empty and "speaker_name" in empty.columns



def test_speakers_actor_is_the_speakers_majority_over_all_groups():
    arts = _articles()
    table = quotes(arts)
    # Anna Berg: sweden in X's a1 twice, None in a2; Karl Lind: norway once, denmark once (no majority)
    actor = {("a1", "Anna Berg"): "sweden", ("b1", "Karl Lind"): "norway"}
    table["speaker_actor"] = [actor.get((d, n)) for d, n in zip(table["doc_id"], table["speaker_name"])]
    extra = table[table["speaker_name"] == "Karl Lind"].assign(outlet="X", speaker_actor="denmark")
    both = pd.concat([table, extra], ignore_index=True)
    out = speakers(arts, quotes_table=both)
    assert out[["outlet", "speaker_name", "quotations", "actor"]].values.tolist() == [
        ["X", "Anna Berg", 3, "sweden"], ["X", "Karl Lind", 1, None], ["X", "Netflix", 1, None],
        ["Y", "Karl Lind", 1, None]]
    # votes are per article: another norway quotation in the same article changes nothing...
    same = pd.concat([both, table[table["speaker_name"] == "Karl Lind"]], ignore_index=True)
    assert speakers(arts, quotes_table=same).loc[lambda o: o["speaker_name"] == "Karl Lind", "actor"].tolist() \
        == [None, None]
    # ...one in another article gives Karl Lind a majority, in both outlets
    other = table[table["speaker_name"] == "Karl Lind"].assign(doc_id="b2")
    more = pd.concat([both, other], ignore_index=True)
    out = speakers(arts, quotes_table=more)
    assert out.loc[out["speaker_name"] == "Karl Lind", "actor"].tolist() == ["norway", "norway"]

# ----------------------------------------------------------------------------- patterns from the AllSides check
@pytest.mark.parametrize("text, name", [
    ("“Well, it is a bad investigation,” Sen. Bob Menendez, D-N.J., told a man on Thursday.", "Bob Menendez"),
    ("“It is false,” Karen Zabarsky, a spokeswoman for Kushner Companies told the Times.", "Karen Zabarsky"),
    ("“They cannot stop us,” White House counselor John Podesta told reporters.", "John Podesta"),
    ("“1776 will commence again!” Jones yelled.", "Jones"),
    ("Spicer said Trump had been calling House members all night and insisted that the president "
     "“left everything on the field.”", "Spicer"),
])
def test_patterns_found_in_the_allsides_check(text, name):
    assert _last(text)[1] == name


def test_a_sentence_adverb_is_not_a_name():
    text = ("John Kasich spoke in Ohio. Furthermore, Kasich portrays himself as a moderate.\n\n"
            "“The Lord wants our hearts to reach out,” he said.")
    assert _last(text)[:2] == ["he", "John Kasich"]


def test_a_definite_organisation_description_is_the_last_organisation_subject():
    text = ("The Washington Post reported on Monday that the deal was off.\n\n"
            "The paper also noted that the plan “could backfire.”")
    assert _last(text) == ["The paper", "Washington Post", "organisation", "role"]


@pytest.mark.parametrize("text, name", [
    ("“Classification is not black and white,” department spokesman Mark Toner said.", "Mark Toner"),
    ("“Some people will raise money,” campaign aide John Russell told voters.", "John Russell"),
    ("He was joined by Florida GOP Rep. Vern Buchanan, who said such a move would be “a huge mistake.”",
     "Vern Buchanan"),
    ("Pence said in an interview on ABC’s “Good Morning America” that the talks appear “different.”", "Pence"),
    ("Neera Tanden groused that “her instincts are suboptimal” and said of the mayor, “I find him "
     "insufferable.”", "Neera Tanden"),
    ("It came after Boehner publicly chided Obama, accusing the president of having “wasted another week.”",
     "Boehner"),
])
def test_patterns_found_in_the_second_check(text, name):
    assert _last(text)[1] == name


def test_a_document_speaks_for_whoever_issued_it():
    text = ("“We will win,” Trump said in a statement released by his campaign.\n\n"
            "“We can't afford to be politically correct,” the statement continued.")
    assert _last(text) == ["the statement", "Trump", "unknown", "role"]
    assert _last("“Prices will rise,” the report said.") == ["the report", None, "document", "same sentence"]


def test_a_main_clause_subject_before_one_of_a_that_clause():
    text = ("On Friday, the day that Mr. Stone stood on the courthouse steps, Mr. Trump bashed the inquiry.\n\n"
            "“Greatest Witch Hunt in History!” he wrote on Twitter.")
    assert _last(text)[:2] == ["he", "Trump"]


@pytest.mark.parametrize("text, names", [
    ("John Bolton said that the United States would not be looking for “deliverables” and that the "
     "meeting would be “unstructured.”", ["John Bolton", "John Bolton"]),
    ("Trump took fire from his allies, including Senate Majority Leader Mitch McConnell called his "
     "pullout a “retreat.”", ["Mitch McConnell"]),
    ("“I am frustrated also,” Hogan said Sunday on “State of the Union.”", ["Hogan", None]),
])
def test_patterns_found_in_the_third_check(text, names):
    assert _q(text)["speaker_name"].tolist() == names


def test_a_capitalised_title_alone_is_a_role_and_page_furniture_is_no_name():
    text = ("President Barack Obama spoke on Monday.\n\n“We will win,” the President said.\n\n"
            "JUST WATCHED Obama: “I am here,” he said.")
    assert _rows(text) == [["the President", "Barack Obama", "person", "role"],
                           ["he", "Barack Obama", "person", "pronoun"]]


@pytest.mark.parametrize("text, name", [
    ("The committee's chairman, Rep. Bob Goodlatte (R., Va.), said the abridgement was “very concerning.”",
     "Bob Goodlatte"),
    ("“Health insurance could be delayed,” Rep. Nita Lowey (D-N.Y.), the top Democrat on the committee, said.",
     "Nita Lowey"),
    ("“Too often police are beacons of morality who never do wrong.” — Kelly Lawler, USA Today", "Kelly Lawler"),
])
def test_patterns_found_in_the_fourth_check(text, name):
    assert _last(text)[1] == name
