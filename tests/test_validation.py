"""Tests for toolkit.validation: coding sheets (sampling, marking, CSV round trip, rebuilding from
references) and the measures (precision with Wilson intervals, Krippendorff's alpha, recall),
checked against hand computations and statsmodels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import toolkit
from toolkit.errors import ParameterError
from toolkit.validation import (coding_rules, disagreements, read_coding_sheet, rebuild_sheet,
                                recall_sample, validate, validation_sample, write_coding_sheet)

LEXICON = {
    "_codebook": {"russia": {"definition": "The Russian state.", "include": ["its capital as metonymy"],
                             "exclude": ["Moscow, Idaho"]}},
    "russia": ["Russia", "Moscow"], "nato": ["NATO"],
}


@pytest.fixture
def articles():
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"], "title": ["NATO meets", "", ""],
        "text": ["Russia warned NATO. Moscow said no. Russia and Russia.",
                 "Rain fell in Moscow, Idaho. NATO met.\n\nNothing else.",
                 "The Kremlin spoke. NATO and Russia met. Russia left."],
    })


@pytest.fixture
def hits(articles):
    return toolkit.hits(articles, LEXICON, by="outlet")


# ----------------------------------------------------------------- sampling

def test_sample_draws_n_per_category_with_the_match_marked(hits):
    sheet = validation_sample(hits, n=3, seed=7, coders=["ann", "bob"], rules=LEXICON)
    assert sheet.groupby("category").size().to_dict() == {"russia": 3, "nato": 3}
    # Groups in order of first appearance: NATO is in the first title.
    assert sheet["category"].tolist() == ["nato"] * 3 + ["russia"] * 3
    assert sheet["population"].tolist() == [4] * 3 + [7] * 3
    assert sheet["item"].tolist() == [1, 2, 3, 4, 5, 6]
    for row in sheet.itertuples():
        unit = row.context.replace("[[", "").replace("]]", "")
        inner = row.context[row.context.index("[[") + 2:row.context.index("]]")]
        assert row.unit_end - row.unit_start == len(unit)
        assert inner == hits.loc[(hits["doc_id"] == row.doc_id) & (hits["field"] == row.field)
                                 & (hits["start"] == row.start), "term"].item()
        assert row.context.index("[[") == row.start - row.unit_start
    assert list(sheet.columns[-4:]) == ["code_ann", "note_ann", "code_bob", "note_bob"]
    assert (sheet[["code_ann", "code_bob"]] == "").all().all()
    assert sheet.attrs["rules"] == {"russia": "The Russian state. Counts: its capital as metonymy. "
                                              "Does not count: Moscow, Idaho."}
    assert sheet.attrs["parameters"]["hits"] == len(hits) == 11


def test_same_seed_same_sheet_other_seed_other_order(hits):
    a = validation_sample(hits, n=2, seed=3)
    b = validation_sample(hits, n=2, seed=3)
    pd.testing.assert_frame_equal(a, b)
    orders = {tuple(validation_sample(hits, n=7, seed=s)["start"]) for s in range(6)}
    assert len(orders) > 1


def test_repeated_term_in_a_unit_marks_the_right_one(hits):
    sheet = validation_sample(hits, n=7, seed=0)
    doc_a = sheet[(sheet["doc_id"] == "a") & (sheet["unit"] == 3)].sort_values("start")
    assert doc_a["context"].tolist() == ["[[Russia]] and Russia.", "Russia and [[Russia]]."]


def test_unit_with_an_unmatched_repeat_needs_articles():
    arts = pd.DataFrame({"doc_id": ["d"], "title": [""],
                         "text": ["In Washington, Washington said no."]})
    lex = {"us": [{"pattern": "Washington", "not_after": ["in"]}]}
    h = toolkit.hits(arts, lex, by=None)
    assert h["start"].tolist() == [15]
    with pytest.raises(ParameterError, match="cannot tell which 'Washington' of unit 1 of 'd' "
                                             "is the hit; pass `articles=`"):
        validation_sample(h, n=1)
    sheet = validation_sample(h, n=1, articles=arts)
    assert sheet["context"].tolist() == ["In Washington, [[Washington]] said no."]


def test_sample_by_category_and_outlet(hits):
    sheet = validation_sample(hits, n=1, by=["category", "outlet"], seed=1)
    assert sorted(map(tuple, sheet[["category", "outlet"]].values.tolist())) == [
        ("nato", "X"), ("nato", "Y"), ("russia", "X"), ("russia", "Y")]
    assert dict(zip(zip(sheet["category"], sheet["outlet"]), sheet["population"])) == {
        ("russia", "X"): 6, ("russia", "Y"): 1, ("nato", "X"): 3, ("nato", "Y"): 1}


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "`n` value = 0 is invalid; must be an integer >= 1"),
    ({"seed": "x"}, "`seed` value = 'x' is invalid; must be an integer"),
    ({"coders": []}, "`coders` value = [] is invalid; must be one or more non-empty names"),
    ({"coders": ["a", "a"]}, "`coders` value = ['a', 'a'] is invalid; names must differ"),
    ({"by": "frame"}, "hits has no column(s) ['frame']"),
])
def test_sample_parameter_errors(hits, kwargs, message):
    with pytest.raises(ParameterError) as err:
        validation_sample(hits, **kwargs)
    assert message in str(err.value)


def test_recall_sample_draws_only_units_without_a_match(articles):
    sheet = recall_sample(articles, LEXICON, n=10, seed=0, coders="ann")
    # Units: a: 3, b: NATO meets (title) + 3, c: 3 -> 10 units; without a match: "Nothing else."
    # and "The Kremlin spoke." ("Rain fell in Moscow, Idaho." matches Moscow).
    assert sorted(sheet["context"]) == ["Nothing else.", "The Kremlin spoke."]
    assert sheet["unmatched_units"].tolist() == [2, 2]
    assert sheet.attrs["parameters"]["units"] == 10
    assert sheet.attrs["rules"]["russia"].startswith("The Russian state.")
    assert list(sheet.columns[-2:]) == ["code_ann", "note_ann"]


# ----------------------------------------------------------------- files and references

def test_write_read_round_trip_keeps_rules_and_parameters(hits, tmp_path):
    sheet = validation_sample(hits, n=2, seed=5, coders=["ann"], rules=LEXICON)
    sheet["code_ann"] = ["1", "0", "1", ""]
    sheet.loc[1, "note_ann"] = 'a note, with "quotes"'
    path = write_coding_sheet(sheet, tmp_path / "sheet.csv")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# toolkit coding sheet (precision)\n# instructions: Code each row")
    assert "# rule russia: The Russian state." in text
    back = read_coding_sheet(path)
    assert back.attrs["rules"] == sheet.attrs["rules"]
    assert back.attrs["parameters"]["seed"] == 5
    assert back.attrs["kind"] == "precision"
    assert back["code_ann"].tolist() == ["1", "0", "1", ""]
    assert back["note_ann"].tolist() == ["", 'a note, with "quotes"', "", ""]
    assert back[["start", "end", "unit_start"]].equals(sheet[["start", "end", "unit_start"]])


def test_references_only_file_rebuilds_the_context(hits, articles, tmp_path):
    sheet = validation_sample(hits, n=3, seed=2)
    path = write_coding_sheet(sheet, tmp_path / "refs.csv", context=False)
    assert "Moscow said" not in path.read_text(encoding="utf-8")
    back = read_coding_sheet(path)
    assert "context" not in back
    rebuilt = rebuild_sheet(back, articles)
    assert rebuilt["context"].tolist() == sheet["context"].tolist()
    changed = articles.assign(text=articles["text"].str.replace("Russia", "Rossia"))
    with pytest.raises(ParameterError, match="differs from the one coded"):
        rebuild_sheet(back, changed)
    with pytest.raises(ParameterError, match=r"doc_id\(s\) of the sheet are not in `articles`"):
        rebuild_sheet(back, articles[articles["doc_id"] == "zzz"])


# ----------------------------------------------------------------- measures

def coded_sheet():
    # Category a: ann codes 1,1,0,1,blank; bob codes 1,0,0,1,1. Category b: both 1,1.
    return pd.DataFrame({
        "item": range(1, 8), "category": ["a"] * 5 + ["b"] * 2, "population": [50] * 5 + [10] * 2,
        "code_ann": ["1", "1", "0", "1", "", "1", "1"],
        "code_bob": ["1", "0", "0", "1", "1", "1", "1"],
        "note_ann": [""] * 7, "note_bob": [""] * 7,
    })


def test_precision_and_wilson_interval_per_coder():
    table = validate(coded_sheet()).set_index(["category", "coder"])
    assert table.loc[("a", "ann"), ["n", "correct"]].tolist() == [4, 3]
    assert table.loc[("a", "bob"), ["n", "correct"]].tolist() == [5, 3]
    lo, hi = proportion_confint(3, 4, alpha=0.05, method="wilson")
    assert table.loc[("a", "ann"), "precision"] == 0.75
    assert table.loc[("a", "ann"), "ci_low"] == pytest.approx(lo)
    assert table.loc[("a", "ann"), "ci_high"] == pytest.approx(hi)
    assert table.loc[("b", "bob"), "precision"] == 1.0


def test_krippendorff_alpha_and_agreement_by_hand():
    table = validate(coded_sheet()).set_index(["category", "coder"])
    # Category a, pairable units 1-4: (1,1) (1,0) (0,0) (1,1); coincidences o11=4, o00=2,
    # o10=o01=1, n=8, n1=5, n0=3: D_o = 2/8, D_e = 2*5*3/(8*7); alpha = 1 - D_o/D_e = 0.5333.
    assert table.loc[("a", "ann"), "alpha"] == pytest.approx(1 - 0.25 / (30 / 56))
    assert table.loc[("a", "ann"), "agreement"] == 0.75
    # Category b: no variation, alpha undefined; all units agree.
    assert np.isnan(table.loc[("b", "ann"), "alpha"]) and table.loc[("b", "ann"), "agreement"] == 1


def test_overall_row_is_weighted_by_population():
    table = validate(coded_sheet()).set_index(["category", "coder"])
    overall = table.loc[("(all)", "ann")]
    # (50 * 3/4 + 10 * 1) / 60
    assert overall["precision"] == pytest.approx((50 * 0.75 + 10) / 60)
    assert overall[["n", "correct", "population"]].tolist() == [6, 5, 60]
    w = np.array([50, 10]) / 60
    se = np.sqrt(w[0] ** 2 * 0.75 * 0.25 / 4)
    assert overall["ci_low"] == pytest.approx(overall["precision"] - 1.959964 * se, abs=1e-6)
    assert overall["ci_high"] == 1.0


def test_one_coder_has_no_alpha():
    sheet = coded_sheet().drop(columns=["code_bob", "note_bob"])
    table = validate(sheet)
    assert table["coder"].unique().tolist() == ["ann"] and table["alpha"].isna().all()


def test_invalid_codes_name_item_and_coder():
    sheet = coded_sheet()
    sheet.loc[2, "code_bob"] = "maybe"
    with pytest.raises(ParameterError, match=r"`coded` item 3: code_bob value = 'maybe' is invalid; "
                                             r"must be 1, 0 or blank"):
        validate(sheet)
    with pytest.raises(ParameterError, match="coded has no code_<coder> column"):
        validate(sheet.drop(columns=["code_ann", "code_bob"]))
    with pytest.raises(ParameterError, match="`alpha` value = 2 is invalid"):
        validate(coded_sheet(), alpha=2)


def test_disagreements_lists_items_coded_differently():
    assert disagreements(coded_sheet())["item"].tolist() == [2]


def test_recall_from_a_coded_sample_of_unmatched_units():
    coded = coded_sheet().drop(columns=["code_bob", "note_bob"])
    unmatched = pd.DataFrame({"item": [1, 2, 3, 4, 5], "unmatched_units": 1000,
                              "code_ann": ["a", "none", "a; b", "", "none"]})
    table = validate(coded, unmatched=unmatched).set_index("category")
    # a: 2 of 4 coded units missed; P = 3/4, H = 50 -> TP = 37.5; FN = 0.5 * 1000.
    row = table.loc["a"]
    assert row[["unmatched_n", "missed", "miss_rate"]].tolist() == [4, 2, 0.5]
    assert row["recall"] == pytest.approx(37.5 / (37.5 + 500))
    m_lo, m_hi = proportion_confint(2, 4, method="wilson")
    assert row["recall_low"] == pytest.approx(row["ci_low"] * 50 / (row["ci_low"] * 50 + m_hi * 1000))
    assert row["recall_high"] == pytest.approx(row["ci_high"] * 50 / (row["ci_high"] * 50 + m_lo * 1000))
    assert table.loc["b", "recall"] == pytest.approx(10 / (10 + 0.25 * 1000))
    assert np.isnan(table.loc["(all)", "recall"])
    bad = unmatched.assign(code_ann=["c", "", "", "", ""])
    with pytest.raises(ParameterError, match=r"`unmatched` item 1: code_ann names unknown "
                                             r"categories \['c'\]"):
        validate(coded, unmatched=bad)


def test_coding_rules_of_a_lexicon_without_codebook_are_empty():
    assert coding_rules({"x": ["x"]}) == {}
