"""The bundled demo corpus loads cleanly and the statistics find the differences it was written to contain
(corpora/demo/README.md lists them)."""
from __future__ import annotations

import pytest

import toolkit
from toolkit.discourse.attribution import attribution
from toolkit.discourse.hedging import hedging
from toolkit.discourse.quotes import quotes

LEDGER, WIRE, HARBOUR, MERIDIAN = "The Northern Ledger", "Capital Wire", "Harbour Post", "Meridian Daily"


@pytest.fixture(scope="module")
def demo():
    return toolkit.load_corpus("corpora/demo")


def test_demo_loads_without_loss(demo):
    prov = demo.attrs["provenance"]
    assert (prov["rows_read"], prov["loaded"], prov["rejected"], prov["dates_unparsed"]) == (52, 52, 0, 0)
    assert demo["outlet"].value_counts().to_dict() == {LEDGER: 13, WIRE: 13, HARBOUR: 13, MERIDIAN: 13}
    assert demo.groupby("event")["outlet"].nunique().eq(4).all() and demo["event"].nunique() == 13


def _top(table, **where):
    part = table
    for k, v in where.items():
        part = part[part[k] == v]
    ranked = part.sort_values("rate", ascending=False)
    return ranked["outlet"].iloc[0], ranked["rate"].iloc[0], ranked["rate"].iloc[1]


def test_escalation_is_tied_to_russia_in_the_ledger_and_to_nato_in_the_wire(demo):
    table = toolkit.cooccurrence(demo, "actors", "frames")
    outlet, best, second = _top(table, actor="russia", frame="escalation")
    assert outlet == LEDGER and best > 3 * second
    outlet, best, second = _top(table, actor="nato", frame="escalation")
    assert outlet == WIRE and best > 3 * second
    # the demo has 13 articles per outlet: only Capital Wire has 10 NATO sentences, so every outlet is compared;
    # expected cells below 5: Monte Carlo exact tests, whose smallest p is 1 / (resamples + 1)
    differences = toolkit.compare_outlets(table, min_units=0, resamples=9999).set_index(["actor", "frame"])
    assert differences.loc[("russia", "escalation"), "q"] < 0.01
    assert differences.loc[("nato", "escalation"), "q"] < 0.01


def test_harbour_post_foregrounds_humanitarian_frames(demo):
    freq = toolkit.frequencies(demo, "frames")
    humanitarian = freq[freq["category"] == "humanitarian"].set_index("outlet")["per_10k_words"]
    assert humanitarian.idxmax() == HARBOUR and humanitarian[HARBOUR] > 3 * humanitarian.drop(HARBOUR).max()


def test_capital_wire_hedges_ukrainian_claims(demo):
    table = hedging(demo)
    outlet, best, second = _top(table, actor="ukraine")
    assert outlet == WIRE and best > 2 * second


def test_meridian_quotes_most_and_verbs_differ_by_outlet(demo):
    found = quotes(demo, actors="actors")
    per_article = found.groupby("outlet", observed=True).size() / 13
    assert per_article.idxmax() == MERIDIAN and per_article[MERIDIAN] > 1.5 * per_article.drop(MERIDIAN).max()
    voices = attribution(demo, "actors", quotes_table=found).set_index(["outlet", "actor"])
    # doubt-casting verbs for Russian speakers in the Ledger, for Ukrainian speakers in the Wire
    assert voices.loc[(LEDGER, "russia"), "share_doubt"] > 0.5 > voices.loc[(WIRE, "russia"), "share_doubt"]
    assert voices.loc[(WIRE, "ukraine"), "share_doubt"] > 0.5 > voices.loc[(LEDGER, "ukraine"), "share_doubt"]


@pytest.mark.parametrize("outlet, word", [(LEDGER, "aggression"), (WIRE, "provocation"),
                                          (HARBOUR, "civilians"), (MERIDIAN, "officials")])
def test_each_outlet_has_its_keywords(demo, outlet, word):
    table = toolkit.keyness(demo, outlet, min_freq=3).set_index("term")
    assert table.loc[word, "direction"] == "+" and table.loc[word, "q"] < 0.05
