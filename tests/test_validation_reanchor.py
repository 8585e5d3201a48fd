"""Re-anchoring coding sheets after the text or its units changed (toolkit.validation.reanchor)."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

import toolkit
from toolkit.validation import read_coding_sheet, validation_sample, write_coding_sheet
from toolkit.validation.packaged import coded_samples, reanchor_coded_samples
from toolkit.validation.reanchor import offset_map, reanchor
from toolkit.validation.sheets import _digest

LEX = {"north_korea": ["Kim Jong Un", "North Korea"], "us": ["U.S."],
       "people": [{"pattern": "Ukrainian", "before": ["reporter"]}]}


def articles(*texts, title=""):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "title": title,
                         "text": list(texts)})


def sheet_of(arts, n=10):
    sheet = validation_sample(toolkit.hits(arts, LEX, by=[]), n=n, seed=3, coders=["lex"],
                              articles=arts)
    sheet["code_lex"] = "1"
    sheet["note_lex"] = [f"note {i}" for i in sheet["item"]]
    return sheet


def test_offset_map_follows_shared_stretches_only():
    f = offset_map("ab\u200bcd  ef", "abcd ef")
    assert [f(k) for k in range(8)] == [0, 1, None, 2, 3, None, 4, 5]
    assert f(9, end=True) == 7 and f(2, end=True) == 2 and f(3, end=True) is None
    same = offset_map("abc", "abc")
    assert [same(k) for k in range(3)] + [same(3, end=True)] == [0, 1, 2, 3]


def test_a_dropped_zero_width_space_moves_every_offset_and_keeps_the_codes():
    old = articles("\u200bKim Jong Un met the U.S. envoy. North Korea said no.", "The U.S. left.")
    new = articles("Kim Jong Un met the U.S. envoy. North Korea said no.", "The U.S. left.")
    sheet = sheet_of(old)
    out = reanchor(sheet, old, new, LEX).set_index("item")
    newtext = new["text"].tolist()
    for r in out.itertuples():
        text = newtext[int(r.doc_id[1:])]
        assert text[r.start:r.end] == old.loc[old["doc_id"] == r.doc_id, "text"].iat[0][
            sheet.set_index("item").at[r.Index, "start"]:sheet.set_index("item").at[r.Index, "end"]]
        assert _digest(text[r.unit_start:r.unit_end]) == r.unit_sha
        assert r.hit
    kim = out[out["category"] == "north_korea"].sort_values("start")
    # The first sentence lost its invisible first character: the same sentence, as normalised now.
    assert kim[["start", "end", "unit_start", "unit_end", "change"]].values.tolist() == [
        [0, 11, 0, 31, "normalised"], [32, 43, 32, 52, "offsets"]]
    assert set(out.loc[out["doc_id"] == "d1", "change"]) == {""}
    assert out["code_lex"].tolist() == sheet["code_lex"].tolist()
    assert out["note_lex"].tolist() == sheet["note_lex"].tolist()
    assert out.attrs["parameters"] == sheet.attrs["parameters"]
    # The new references rebuild the coded sentences from the new text.
    rebuilt = toolkit.validation.rebuild_sheet(out.drop(columns="context").reset_index(), new)
    assert rebuilt["context"].tolist() == out["context"].tolist()


def test_a_moved_sentence_boundary_is_reported_for_re_reading():
    # Coded when the splitter kept "4." with the sentence; now the list label starts a unit.
    old_text = "3. Ukrainian reporter asking question 4. Next question"
    old = articles(old_text)
    sheet = pd.DataFrame({"item": [1], "category": ["people"], "pattern": ["Ukrainian"],
                          "doc_id": ["d0"], "field": ["text"], "unit": [1], "unit_start": [0],
                          "unit_end": [40], "start": [3], "end": [12],
                          "unit_sha": [_digest(old_text[:40])], "population": [1],
                          "code_lex": ["1"], "note_lex": [""]})
    out = reanchor(sheet, old, old, LEX)
    units = toolkit.text.segment.unit_spans(old_text)
    assert (0, 40) not in units  # the premise: the splitter cuts this sentence now
    (a, b), = [u for u in units if u[0] <= 3 and 12 <= u[1]]
    assert out[["unit_start", "unit_end", "start", "end", "change", "hit"]].values.tolist() == [
        [a, b, 3, 12, "unit", True]]
    assert out["old_context"].iat[0] == old_text[:3] + "[[Ukrainian]]" + old_text[12:40]


def test_a_match_that_is_no_hit_now_is_said_so():
    old = articles("Kim Jong Un met a Ukrainian reporter.")
    sheet = sheet_of(old)
    lex = {"north_korea": ["North Korea"], "people": ["Ukrainian"]}
    out = reanchor(sheet, old, old, lex).set_index("category")
    assert out.loc["north_korea", "hit"] == False  # noqa: E712 - numpy bool
    assert out.loc["people", "hit"] == True  # noqa: E712
    assert (out["change"] == "").all()


def test_a_match_whose_extent_changed_takes_the_hit_at_its_place():
    old = articles("Kim Jong Un met the envoy.")
    sheet = sheet_of(old)
    out = reanchor(sheet, old, old, {"north_korea": ["Kim Jong Un met"]})
    assert out[["start", "end", "change", "hit"]].values.tolist() == [[0, 15, "match", True]]


def test_a_match_whose_words_are_gone_is_lost():
    old = articles("Kim Jong Un met the envoy.")
    sheet = sheet_of(old)
    out = reanchor(sheet, old, articles("Kim Jung Un met the envoy."), LEX)
    assert out[["change", "hit", "start", "unit_sha"]].values.tolist() == [
        ["lost", False, 0, sheet["unit_sha"].iat[0]]]


def test_titles_are_followed_too():
    old = articles("Nothing.", title="Kim Jong Un  and the U.S.")
    new = articles("Nothing.", title="Kim Jong Un and the U.S.")
    out = reanchor(sheet_of(old), old, new, LEX).sort_values("start")
    assert out[["field", "start", "end", "change"]].values.tolist() == [
        ["title", 0, 11, "normalised"], ["title", 20, 24, "normalised"]]


def test_a_recall_sheet_follows_its_units():
    old = articles("\u200bRain fell. Kim Jong Un spoke.")
    new = articles("Rain fell. Kim Jong Un spoke.")
    sheet = toolkit.validation.recall_sample(old, {"x": ["snow"]}, n=5, seed=1)
    out = reanchor(sheet, old, new).sort_values("unit")
    assert [new["text"].iat[0][a:b] for a, b in zip(out["unit_start"], out["unit_end"])] == [
        "Rain fell.", "Kim Jong Un spoke."]
    assert out["change"].tolist() == ["normalised", "offsets"]


def test_errors_name_the_problem():
    old = articles("Kim Jong Un met the envoy.")
    sheet = sheet_of(old)
    with pytest.raises(toolkit.ParameterError,
                       match=r"unit 0:26 of 'd0' \(text\) in `old_articles` does not hash to the "
                             r"coded unit_sha [0-9a-f]{12}: these are not the texts the sheet "
                             r"was coded on"):
        reanchor(sheet, articles("Kim Jong Un met the envoy!"), old)
    with pytest.raises(toolkit.ParameterError,
                       match=r"1 doc_id\(s\) of the sheet are not in `new_articles`, e.g. \['d0'\]"):
        reanchor(sheet, old, old.assign(doc_id="x"))
    with pytest.raises(toolkit.ParameterError, match="`unit` value = 'sentences' is invalid"):
        reanchor(sheet, old, old, unit="sentences")


def test_stored_samples_are_rewritten_with_a_record(tmp_path):
    old = articles("\u200bKim Jong Un met the U.S. envoy.", "The U.S. left.")
    new = articles("Kim Jong Un met the U.S. envoy.", "The U.S. left.")
    sheet = sheet_of(old)
    (tmp_path / "lex.yml").write_text(yaml.safe_dump(LEX), encoding="utf-8")
    sheet.attrs["parameters"].update(stage="final", corpus="x.parquet",
                                     lexicon=str(tmp_path / "lex.yml"))
    write_coding_sheet(sheet, tmp_path / "x-final.csv", context=False)
    before = read_coding_sheet(tmp_path / "x-final.csv")
    result = reanchor_coded_samples(old, articles=new, source="old", target="new", why="test",
                                    directory=tmp_path, write=False)
    assert read_coding_sheet(tmp_path / "x-final.csv").equals(before)   # write=False
    assert result["sample"].unique().tolist() == ["x-final"]
    result = reanchor_coded_samples(old, articles=new, source="old", target="new", why="test",
                                    directory=tmp_path)
    after = coded_samples(directory=tmp_path)["x-final"]
    record = after.attrs["parameters"]["reanchored"]
    assert len(record) == 1 and record[0]["from"] == "old" and record[0]["to"] == "new"
    moved = sorted(result.loc[result["change"] != "", "item"].tolist())
    assert sorted(record[0]["normalised"] + record[0]["offsets"]) == moved
    assert len(moved) == 2   # the two matches of d0 (Kim Jong Un normalised, U.S. offsets)
    assert record[0]["unit"] == [] and record[0]["why"] == "test"
    assert after.columns.tolist() == before.columns.tolist()
    assert after["code_lex"].tolist() == before["code_lex"].tolist()
    assert (after.loc[after["doc_id"] == "d0", "start"] ==
            before.loc[before["doc_id"] == "d0", "start"] - 1).all()
    assert result["hit"].all()
    # Nothing left to carry over: a second run changes no reference and adds a second record.
    again = reanchor_coded_samples(new, articles=new, source="new", target="new",
                                   directory=tmp_path)
    assert (again["change"] == "").all()
    final = coded_samples(directory=tmp_path)["x-final"]
    assert final[["start", "end", "unit_start", "unit_end", "unit_sha"]].equals(
        after[["start", "end", "unit_start", "unit_end", "unit_sha"]])
    assert len(final.attrs["parameters"]["reanchored"]) == 2


def test_nothing_is_written_when_a_match_is_lost(tmp_path):
    old = articles("Kim Jong Un met the envoy.")
    sheet = sheet_of(old)
    sheet.attrs["parameters"].update(stage="final")
    write_coding_sheet(sheet, tmp_path / "x-final.csv", context=False)
    text = (tmp_path / "x-final.csv").read_text()
    with pytest.raises(toolkit.ParameterError,
                       match=r"1 coded match\(es\) are no longer in the text \(x-final item 1\); "
                             r"nothing was written: read them with write=False"):
        reanchor_coded_samples(old, articles=articles("Kim Jung Un met the envoy."),
                               directory=tmp_path)
    assert (tmp_path / "x-final.csv").read_text() == text
