"""load_corpus(outlets=...): one source under two names merged on load, with an audit trail."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.errors import CorpusWarning, ParameterError


def _frame():
    return pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["Fox News", "Fox Online News", "Fox Online News", "CNN"],
                         "text": ["One.", "Two.", "Three.", "Four."]})


def test_aliases_are_merged_and_counted_in_the_provenance():
    articles = toolkit.load_corpus(_frame(), outlets={"Fox Online News": "Fox News"})
    assert articles["outlet"].astype(str).tolist() == ["Fox News", "Fox News", "Fox News", "CNN"]
    assert sorted(articles["outlet"].cat.categories) == ["CNN", "Fox News"]
    prov = articles.attrs["provenance"]
    assert prov["parameters"]["outlets"] == {"Fox Online News": "Fox News"}
    assert prov["outlets_merged"] == {"Fox Online News": 2}
    assert prov["loaded"] == 4


def test_without_aliases_the_provenance_has_no_outlet_keys():
    prov = toolkit.load_corpus(_frame()).attrs["provenance"]
    assert "outlets" not in prov["parameters"] and "outlets_merged" not in prov


def test_the_mapping_from_find_outlet_aliases_can_be_passed_as_is():
    mapping = {"Fox Online News": "Fox News"}
    articles = toolkit.load_corpus(_frame(), outlets=mapping)
    assert articles["outlet"].value_counts()["Fox News"] == 3


def test_a_name_not_in_the_corpus_is_warned_about_with_the_closest_outlet():
    with pytest.warns(CorpusWarning) as caught:
        articles = toolkit.load_corpus(_frame(), outlets={"Fox Onlin News": "Fox News"})
    assert str(caught[0].message) == ("`outlets`: 'Fox Onlin News' is not an outlet of this corpus "
                                      "(did you mean 'Fox Online News'?); nothing renamed for it")
    assert articles.attrs["provenance"]["outlets_merged"] == {"Fox Onlin News": 0}
    assert articles["outlet"].astype(str).tolist()[1] == "Fox Online News"


@pytest.mark.parametrize("outlets, message", [
    (["Fox Online News"], "`outlets` must be a mapping of outlet names to the names to merge them into "
                          "(e.g. {'Fox Online News': 'Fox News'}), got list"),
    ({"Fox Online News": ""}, "`outlets` maps outlet names (text) to non-empty names (text); invalid: ('Fox Online News', '')"),
    ({"Fox Online News": 3}, "`outlets` maps outlet names (text) to non-empty names (text); invalid: ('Fox Online News', 3)"),
])
def test_invalid_mappings_are_refused(outlets, message):
    with pytest.raises(ParameterError) as info:
        toolkit.load_corpus(_frame(), outlets=outlets)
    assert str(info.value) == message


def test_lazy_loading_refuses_aliases_with_what_to_do_instead():
    with pytest.raises(ParameterError, match="not available with lazy=True"):
        toolkit.load_corpus("corpora/demo", outlets={"A": "B"}, lazy=True)
