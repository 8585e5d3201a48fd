"""stance toward actors: entity mention lexicons, the evidence rows (scope, negation, voice) and the
scores, all checked by hand against the rules in toolkit/discourse/stance/rules.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import toolkit
from toolkit import ParameterError
from toolkit.discourse.stance import StanceRules, entity_lexicon, evidence, stance
from toolkit.discourse.stance.evidence import EVALUATIVE, evaluative_lexicon
from toolkit.discourse.stance.rules import NEWS_NEUTRAL, normalize

SMITH = {"smith": ["Smith"], "jones": ["Jones"]}


def arts(*texts, outlets=None, titles=None):
    outlets = outlets or ["A"] * len(texts)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": pd.Categorical(outlets),
                         "date": pd.NaT, "title": titles or [""] * len(texts), "text": list(texts)})


def score(raw, sentences=1):
    x = raw / np.sqrt(sentences)
    return x / np.sqrt(x * x + 15)


# --- entity mention lexicons -------------------------------------------------------------------

def patterns(entries):
    return [(e["pattern"], e.get("case_sensitive", False)) for e in entries]


def test_entity_lexicon_rules():
    lex = entity_lexicon(["Donald_Trump", "Donald_Trump_Jr.", "Ruth_Bader_Ginsburg", "House_Democrats",
                          "Republican_Lawmakers", "Obama_administration", "NAACP"])
    assert patterns(lex["Donald_Trump"]) == [("Donald Trump", False), ("Trump", True)]
    assert patterns(lex["Donald_Trump_Jr."]) == [("Donald Trump Jr.", False), ("Trump Jr.", True)]
    assert patterns(lex["Ruth_Bader_Ginsburg"]) == [("Ruth Bader Ginsburg", False), ("Ginsburg", True)]
    assert patterns(lex["House_Democrats"]) == [("House Democrats", False), ("Democrats", True)]
    assert patterns(lex["Republican_Lawmakers"]) == [("Republican Lawmakers", False), ("Republicans", True),
                                                     ("GOP", True)]
    assert patterns(lex["Obama_administration"]) == [("Obama administration", False)]  # a group, not a person
    assert patterns(lex["NAACP"]) == [("NAACP", False)]
    found = toolkit.hits(arts("President Trump spoke. Mr. Trump's trump card. Donald Trump left."),
                         entity_lexicon(["Donald_Trump"]), by=None)
    assert found["term"].tolist() == ["Trump", "Trump", "Donald Trump"]   # "trump card" is no mention


def test_entity_lexicon_aliases_and_errors():
    lex = entity_lexicon(["Donald_Trump"], aliases={"Donald_Trump": ["the president"]})
    assert lex["Donald_Trump"][-1] == {"pattern": "the president", "note": "alias"}
    with pytest.raises(ParameterError, match=r"`aliases` names entities that are not in `names`: \['Trump'\]"):
        entity_lexicon(["Donald_Trump"], aliases={"Trump": ["he"]})
    with pytest.raises(ParameterError, match="entity name '_' is empty"):
        entity_lexicon(["_"])


# --- the evaluative lexicon -------------------------------------------------------------------------

def test_evaluative_lexicon_loads_and_scores_the_words_vader_misses():
    lex, valence = evaluative_lexicon()
    assert toolkit.load_lexicon("evaluative").categories == lex.categories
    meta = yaml.safe_load(EVALUATIVE.read_text())["_meta"]["valence"]
    assert set(meta) == set(lex.categories) and valence == {k: float(v) for k, v in meta.items()}
    assert all(v < 0 for c, v in valence.items() if c.startswith("negative."))
    assert all(v > 0 for c, v in valence.items() if c.startswith("positive."))
    words = ["phony", "slammed", "assailed", "henchmen", "bombshell"]
    found = toolkit.hits(arts(" ".join(words) + "."), lex, by=None)
    assert found["term"].tolist() == words and found["category"].str.startswith("negative.").all()
    vader = SentimentIntensityAnalyzer()
    assert all(vader.polarity_scores(w)["compound"] == 0 for w in words)   # why the lexicon exists


# --- evidence: scope, negation, voice ----------------------------------------------------------------

def test_evidence_scope_negation_and_voice():
    text = ("Smith spoke; critics were furious. “Smith is a phony,” Jones said. "
            "The “reform” by Smith was not a success.")
    articles = arts(text, titles=["Smith praised"])
    ev = evidence(articles, SMITH, quotes=toolkit.quotes(articles))
    smith = ev[ev["actor"] == "smith"].set_index("word")
    assert smith.loc["praised", ["field", "distance", "category"]].tolist() == ["title", 0, "positive.praise"]
    assert smith.loc["critics", ["distance", "clause"]].tolist() == [1, False]    # across the semicolon
    assert smith.loc["furious", ["source", "valence"]].tolist() == ["vader", -2.7]
    assert smith.loc["phony", ["quoted", "valence"]].tolist() == ["direct", -2.5]
    assert smith.loc["reform", "quoted"] == "scare"
    assert smith.loc["success", "negated"] and not smith.loc["reform", "negated"]
    jones = ev[ev["actor"] == "jones"]
    assert jones["word"].tolist() == ["phony"] and jones["distance"].tolist() == [0]   # adjacent across the mark


def test_evidence_mention_words_never_evaluate_and_plain_sentences_count():
    # "champions" is a praise word of the lexicon, but here it is part of the name
    ev = evidence(arts("Smith arrived. The Liberty Champions met."), {"smith": ["Smith"], "lc": ["Liberty Champions"]},
                  vader=False)
    assert ev[["unit", "actor", "word", "valence", "distance"]].values.tolist() == [
        [1, "smith", "", 0.0, -1], [2, "lc", "", 0.0, -1]]


# --- the score --------------------------------------------------------------------------------------

def test_stance_scores_by_hand():
    articles = arts("Critics slammed Smith's phony plan.", "Smith's plan was not phony.",
                    "Smith gave a speech that lasted for a long, long, long, long, long, long while and was phony.")
    table = stance(articles, SMITH, by="doc_id", quotes_table=toolkit.quotes(articles))
    got = table[table["actor"] == "smith"].set_index("doc_id")
    assert got.loc["d0", "stance_mean"] == pytest.approx(score(-2.0 - 2.0 - 2.5))
    assert got.loc["d1", "stance_mean"] == pytest.approx(score(-2.5 * -0.5))    # negated: counts the other way
    assert got.loc["d2", "stance_mean"] == 0 and got.loc["d2", "evaluations"] == 0   # "phony" 18 tokens away
    assert got["units"].tolist() == [1, 1, 1]
    assert table[table["actor"] == "jones"]["units"].tolist() == [0, 0, 0]


def test_stance_quotation_weight_and_vader_weight():
    articles = arts("“Smith is a disgrace,” Jones said.", "Smith was furious.")
    quotes = toolkit.quotes(articles)
    base = stance(articles, SMITH, by="doc_id", quotes_table=quotes).set_index(["doc_id", "actor"])["stance_mean"]
    assert base[("d0", "smith")] == pytest.approx(score(-2.5 * StanceRules().quoted))
    half = stance(articles, SMITH, by="doc_id", quotes_table=quotes,
                  rules=StanceRules(quoted=0.5, vader=1.0)).set_index(["doc_id", "actor"])["stance_mean"]
    assert half[("d0", "smith")] == pytest.approx(score(-2.5 * 0.5))
    assert half[("d1", "smith")] == pytest.approx(score(-2.7))   # VADER's "furious" at weight 1
    assert base[("d1", "smith")] == pytest.approx(score(-2.7 * StanceRules().vader))
    assert "party" in NEWS_NEUTRAL


def test_stance_units_groups_and_intervals():
    articles = arts("Smith won. Smith lost.", "Smith failed.", outlets=["A", "B"])
    quotes = toolkit.quotes(articles)
    by_sentence = stance(articles, SMITH, unit="sentence", by="outlet", quotes_table=quotes)
    a = by_sentence[(by_sentence["outlet"] == "A") & (by_sentence["actor"] == "smith")].iloc[0]
    s = [score(1.5), score(-1.0)]
    assert a["units"] == 2 and a["stance_mean"] == pytest.approx(np.mean(s))
    assert a["share_negative"] == 0.5 and a["share_positive"] == 0.5
    assert -1 <= a["ci_low"] <= a["stance_mean"] <= a["ci_high"] <= 1
    by_doc = stance(articles, SMITH, by="outlet", quotes_table=quotes)
    a = by_doc[(by_doc["outlet"] == "A") & (by_doc["actor"] == "smith")].iloc[0]
    assert a["units"] == 1 and a["stance_mean"] == pytest.approx(score(0.5, sentences=2))
    assert len(by_doc) == 2 * 2 and list(by_doc.columns) == [
        "outlet", "actor", "units", "stance_mean", "stance_sd", "ci_low", "ci_high",
        "share_negative", "share_positive", "evaluations"]
    assert by_doc.attrs["parameters"]["rules"] == StanceRules().as_dict()
    assert normalize([0.0])[0] == 0


def test_stance_checks_its_arguments():
    articles = arts("Smith won.")
    with pytest.raises(ParameterError, match=r"`unit` value = 'documents' is invalid \(did you mean 'document'\?\)"):
        stance(articles, SMITH, unit="documents")
    with pytest.raises(ParameterError, match="`alpha` value = 1 is invalid"):
        stance(articles, SMITH, alpha=1)
    with pytest.raises(ParameterError, match="`rules` must be a StanceRules, got dict"):
        stance(articles, SMITH, rules={"distance": 3})
    with pytest.raises(ParameterError, match=r"quotes_table has no column\(s\) \['kind'\]"):
        stance(articles, SMITH, quotes_table=pd.DataFrame({"doc_id": [], "start": [], "end": []}))
    with pytest.raises(ParameterError, match="`by` names 'source', which is not a column"):
        stance(articles, SMITH, by="source")
