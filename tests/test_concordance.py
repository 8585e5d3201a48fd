"""hits and kwic (toolkit.concordance): the matching rules, the audit trail, contexts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit import ParameterError
from toolkit.concordance import hits, kwic

from conftest import ACTORS, FRAMES, make_articles as articles


# --------------------------------------------------------------------------- hits: the matching rules
@pytest.mark.parametrize("text, expected", [
    ("The US said us.", ["US"]),
    ("U.S. troops arrived.", ["U.S."]),
    ("Mr. Putin said.", []),
    ("Russia’s envoy and Russia's aide.", ["Russia", "Russia"]),
    ("The E.U. and the EU and Europe.", ["E.U.", "EU"]),
    ("They met in the United\nStates.", ["United\nStates"]),
])
def test_hits_matching_rules(text, expected):
    found = hits(articles(("d", "A", None, "", text)), ACTORS)
    assert found["term"].tolist() == expected


def test_hits_audit_trail_offsets_and_units():
    text = "Mr. Putin said Russia would act. “We reject escalation,” a Kremlin aide said.\n\nThe US sent troops."
    found = hits(articles(("d", "A", "2024-01-01", "Russia and NATO", text)), ACTORS)
    assert found[["unit", "field", "category", "term"]].values.tolist() == [
        [0, "title", "russia", "Russia"], [0, "title", "nato", "NATO"],
        [1, "text", "russia", "Russia"], [2, "text", "russia", "Kremlin"], [3, "text", "us", "US"]]
    for _, h in found[found["field"] == "text"].iterrows():
        assert text[h["start"]:h["end"]] == h["term"]
    assert found.loc[3, "unit_text"] == "“We reject escalation,” a Kremlin aide said."


def test_de_escalation_is_not_escalation():
    found = hits(articles(("d", "A", None, "", "A de-escalation, then escalation.")), FRAMES)
    assert found["term"].tolist() == ["escalation"]
    found = hits(articles(("d", "A", None, "", "A de-escalation.")), {"de": ["de-escalat*"]})
    assert found["term"].tolist() == ["de-escalation"]


# --------------------------------------------------------------------------- kwic
def test_kwic_context_and_category():
    text = "One two three Russia escalated sharply today, officials said. Later NATO warned of escalation."
    out = kwic(articles(("d", "A", "2024-01-01", "", text)), "escalat*", window=3)
    assert out["match"].tolist() == ["escalated", "escalation"]
    assert out["left"].tolist() == ["two three Russia", "NATO warned of"]
    assert out["right"].tolist() == ["sharply today, officials", "."]
    lex = kwic(articles(("d", "A", "2024-01-01", "", text)), {"r": ["Russia"], "n": ["NATO"]}, window=1)
    assert lex["category"].tolist() == ["r", "n"]
    only_n = kwic(articles(("d", "A", "2024-01-01", "", text)), ({"r": ["Russia"], "n": ["NATO"]}, "n"))
    assert only_n["match"].tolist() == ["NATO"]


def test_kwic_packaged_category():
    # the packaged escalation category needs a conflict word or a state in the clause (its context rule)
    out = kwic(articles(("d", "A", None, "", "Talk of escalation by Russia grew. Talk of escalation grew.")),
               "frames:escalation", window=2)
    assert out["match"].tolist() == ["escalation"] and out["category"].tolist() == ["escalation"]
    assert out["right"].tolist() == ["by Russia"]
    with pytest.raises(ParameterError, match="category 'nope' is not in lexicon 'frames'"):
        kwic(articles(("d", "A", None, "", "x")), "frames:nope")




@pytest.mark.parametrize("call, message", [
    (lambda a: hits(a, ACTORS, unit_text="yes"), r"`unit_text` value = 'yes' is invalid; must be True or False"),
    (lambda a: hits(a, ACTORS, unit="clause"), r"`unit` value = 'clause' is invalid"),
    (lambda a: kwic(a, "escalat*", window=0), r"`window` value = 0 is invalid; must be an integer >= 1"),
    (lambda a: kwic(a, "frame:escalation"), r"`what` value = 'frame:escalation' is invalid: 'frame' is no lexicon"),
    (lambda a: kwic(a, "escalat*", engine="spark"), r"`engine` value = 'spark' is invalid"),
])
def test_parameter_errors(tiny_articles, call, message):
    with pytest.raises(ParameterError, match=message):
        call(tiny_articles)


def test_hits_by_doc_id_gives_one_doc_id_column(tiny_articles):
    found = hits(tiny_articles, ACTORS, by=["doc_id", "outlet"])
    assert list(found.columns[:3]) == ["doc_id", "outlet", "unit"]
    assert found.attrs["parameters"]["by"] == ["outlet"]


def test_unit_text_is_stored_once_per_unit():
    text = " ".join(["Russia"] * 500)
    found = hits(articles(("d", "A", None, "Russia", text)), ACTORS)
    assert len(found) == 501 and found["unit_text"].cat.categories.tolist() == ["Russia", text]
    assert found["unit_text"].memory_usage(deep=True) < 20_000
    assert "unit_text" not in hits(articles(("d", "A", None, "", text)), ACTORS, unit_text=False)
