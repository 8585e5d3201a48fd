"""attribution, verb_counts and scare_quotes: counts over quotation tables checked by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.discourse.attribution import OTHER, attribution, scare_quotes, verb_classes, verb_counts
from toolkit.discourse.quotes import quotes

ACTORS = {"russia": ["Russia", "Kremlin", "Moscow"], "nato": ["NATO"], "ukraine": ["Ukraine", "Ukrainian", "Kyiv"]}


def arts(*rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
    frame["outlet"] = frame["outlet"].astype("category")
    frame["date"] = pd.NaT
    frame["title"] = ""
    return frame


def qtable(rows):
    """A hand-made quotes table (the columns attribution reads)."""
    cols = ["doc_id", "outlet", "quote", "start", "end", "kind", "speaker", "verb", "verb_class", "actor"]
    return pd.DataFrame(rows, columns=cols)


def test_attribution_counts_and_shares_by_hand():
    articles = arts(("d1", "A", "x"), ("d2", "B", "y"))
    table = qtable([
        ("d1", "A", "q", 0, 1, "direct", "Sirin", "say", "neutral", "russia"),
        ("d1", "A", "q", 0, 1, "partial", "Sirin", "claim", "doubt", "russia"),
        ("d1", "A", "q", 0, 1, "partial", "Moscow", "claim", "doubt", "russia"),
        ("d1", "A", "q", 0, 1, "direct", "Hals", "say", "neutral", "nato"),
        ("d1", "A", "q", 0, 1, "direct", "a witness", None, None, None),
        ("d1", "A", "q", 0, 1, "scare", None, None, None, None),
        ("d2", "B", "q", 0, 1, "direct", "Hals", "insist", "assertive", "nato"),
    ])
    out = attribution(articles, ACTORS, quotes_table=table).set_index(["outlet", "actor"])
    r = out.loc[("A", "russia")]
    assert (r["quotations"], r["direct"], r["partial"], r["with_verb"]) == (3, 1, 2, 3)
    assert r["direct_share"] == pytest.approx(1 / 3)
    assert r["verbs"] == "claim 2, say 1"
    assert r["share_doubt"] == pytest.approx(2 / 3) and r["share_neutral"] == pytest.approx(1 / 3)
    assert r["share_assertive"] == 0
    other = out.loc[("A", OTHER)]
    assert other["quotations"] == 1 and other["with_verb"] == 0 and np.isnan(other["share_neutral"])
    assert out.loc[("B", "nato"), "share_assertive"] == 1.0
    assert len(out) == 4  # the scare quote has no speaker: not a row
    classes = verb_classes()
    assert classes[:4] == ["neutral", "doubt", "confirming", "assertive"]
    assert [c for c in out.columns if c.startswith("share_")] == [f"share_{c}" for c in classes]


def test_verb_counts_long_table():
    table = qtable([
        ("d1", "A", "q", 0, 1, "direct", "Sirin", "say", "neutral", "russia"),
        ("d1", "A", "q", 0, 1, "direct", "Sirin", "say", "neutral", "russia"),
        ("d1", "A", "q", 0, 1, "partial", "Hals", "claim", "doubt", None),
    ])
    out = verb_counts(arts(("d1", "A", "x")), ACTORS, quotes_table=table)
    assert out[["actor", "verb", "verb_class", "quotations"]].values.tolist() == [
        [OTHER, "claim", "doubt", 1], ["russia", "say", "neutral", 2]]


def test_attribution_end_to_end_on_a_small_text():
    text = ("“We will not retreat,” Kremlin spokesman Oleg Sirin said.\n\n"
            "NATO spokesperson Pieter Hals claimed the drills were “a rehearsal for invasion.”\n\n"
            "Officials in Kyiv called the move a “provocation.”")
    articles = arts(("d1", "A", text))
    table = quotes(articles, actors=ACTORS)
    assert table["quote"].tolist() == ["We will not retreat,", "a rehearsal for invasion.", "provocation."]
    out = attribution(articles, ACTORS, quotes_table=table).set_index("actor")
    assert out.loc["russia", "verbs"] == "say 1" and out.loc["russia", "direct"] == 1
    assert out.loc["nato", "verbs"] == "claim 1" and out.loc["nato", "share_doubt"] == 1.0


def test_scare_quotes_with_nearest_actor():
    text = "Moscow dismissed NATO's account. Critics said the plan, in Ukrainian eyes a “bogus story,” failed."
    table = qtable([("d1", "A", "bogus story", text.index("bogus"), text.index("bogus") + 11, "scare",
                     None, None, None, None)])
    out = scare_quotes(arts(("d1", "A", text)), ACTORS, quotes_table=table)
    assert out[["quote", "near_actor", "near_term"]].values.tolist() == [["bogus story", "ukraine", "Ukrainian"]]
    assert out.loc[0, "sentence"].startswith("Critics said")
