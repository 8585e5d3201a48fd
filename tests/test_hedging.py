"""hedging (doubt markers per actor): values checked by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit import ParameterError
from toolkit.discourse.hedging import hedging

ACTORS = {"russia": ["Russia"], "nato": ["NATO"], "china": ["China"]}
FRAMES = {"escalation": ["escalat*"], "doubt": ["supposedly", "alleged*", "so-called", "claim*"]}


def arts(*texts, outlets=None):
    outlets = outlets or ["A"] * len(texts)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": pd.Categorical(outlets),
                         "date": pd.NaT, "title": "", "text": list(texts)})


def test_hedging_counts_doubt_markers_near_each_actor():
    text = ("Russia supposedly moved troops. NATO said so. Russia's alleged plan leaked. "
            "China claimed nothing. Russia denied it.")
    table = hedging(arts(text), ACTORS, FRAMES, by=None)
    assert table["frame"].unique().tolist() == ["doubt"]
    got = table.set_index("actor")[["actor_units", "joint_units"]].to_dict("index")
    assert got == {"russia": {"actor_units": 3, "joint_units": 2}, "nato": {"actor_units": 1, "joint_units": 0},
                   "china": {"actor_units": 1, "joint_units": 1}}
    assert table.set_index("actor").loc["russia", "rate"] == pytest.approx(2 / 3)
    assert table.attrs["parameters"]["doubt"] == "doubt"


def test_hedging_unknown_category():
    with pytest.raises(ParameterError, match="category 'hedges' is not in lexicon"):
        hedging(arts("Russia."), ACTORS, FRAMES, doubt="hedges")
