"""log_odds (toolkit.log_odds): weighted log-odds with a Dirichlet prior, by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import ParameterError
from toolkit.log_odds import log_odds


@pytest.fixture
def two_outlets() -> pd.DataFrame:
    # A: war 3, peace 1, talks 1 (size 5); B: peace 2, talks 2, war 1, news 1 (size 6)
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2"],
        "outlet": pd.Categorical(["A", "A", "B", "B"]),
        "text": ["War, war peace.", "war talks", "peace talks peace", "talks war news"],
    })


def test_log_odds_hand_worked_uninformative_prior(two_outlets):
    t = log_odds(two_outlets, "A", prior=0.5, min_freq=1).set_index("term")
    # 4 terms, alpha_w = 0.5, alpha0 = 2, n_A = 5, n_B = 6
    delta = math.log(3.5 / (5 + 2 - 3.5)) - math.log(1.5 / (6 + 2 - 1.5))
    var = 1 / 3.5 + 1 / 1.5
    assert t.loc["war", "delta"] == pytest.approx(delta)
    assert t.loc["war", "var"] == pytest.approx(var)
    assert t.loc["war", "z"] == pytest.approx(delta / math.sqrt(var))
    assert t.index[0] == "war"


def test_log_odds_swap_negates(tiny_articles):
    ab = log_odds(tiny_articles, "Alpha", reference="Beta", min_freq=1).set_index("term")
    ba = log_odds(tiny_articles, "Beta", reference="Alpha", min_freq=1).set_index("term").loc[ab.index]
    assert np.allclose(ab["delta"], -ba["delta"])
    assert np.allclose(ab["z"], -ba["z"])
    assert np.allclose(ab["var"], ba["var"])
    assert ab.attrs["parameters"]["alpha0"] == 28 + 19  # words of titles and texts
    with pytest.raises(ParameterError, match="`prior` value = 'flat' is invalid"):
        log_odds(tiny_articles, "Alpha", prior="flat")
