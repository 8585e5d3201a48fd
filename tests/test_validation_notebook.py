"""notebooks/validation.ipynb under papermill: the sheets it saves, and the results of coded sheets.

nbval runs the notebook with its defaults (the demo corpus); here it runs on a small corpus, its
sheets are coded (two coders who disagree on two items) and the notebook is run again on them.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from toolkit.output import OUTPUT_ENV
from toolkit.reports.batch import notebook_parameters
from toolkit.validation import read_coding_sheet, validate, write_coding_sheet

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "validation.ipynb"
TEXTS = [
    "Russia warned of escalation. Peace talks resumed in Geneva. Rain fell on the city.",
    "Troops moved to the border. The sanctions hurt. Civilians fled the shelling.",
    "Markets rose on Tuesday. The senator reportedly left. A new stadium opened.",
]


def _run(tmp_path: Path, name: str, **parameters) -> nbformat.NotebookNode:
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters, kernel_name="python3",
                        cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "small.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
                  "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
                  "title": ["One", "Two", "Three"], "text": TEXTS}).to_csv(path, index=False)
    return path


def test_parameters_are_declared():
    assert set(notebook_parameters(NOTEBOOK)) == {"corpus", "lexicon", "n", "recall_n", "seed",
                                                  "coders", "coded", "unmatched"}


def test_sheets_then_results_of_the_coded_sheets(corpus, tmp_path, monkeypatch):
    out_dir = tmp_path / "report"
    monkeypatch.setenv(OUTPUT_ENV, str(out_dir))
    nb = _run(tmp_path, "draw", corpus=str(corpus), seed=3, coders=["ann", "bob"])
    assert "no coded sheet given" in _text(nb)
    precision = read_coding_sheet(out_dir / "tables" / "precision_sheet.csv")
    recall = read_coding_sheet(out_dir / "tables" / "recall_sheet.csv")
    # frames hits in TEXTS: escalation, Peace talks, Troops, sanctions, Civilians, reportedly
    assert sorted(precision["context"].str.extract(r"\[\[(.+?)\]\]")[0]) == [
        "Civilians", "Peace talks", "Troops", "escalation", "reportedly", "sanctions"]
    assert precision.attrs["rules"]["escalation"].startswith("Intensification")
    # the 9 sentences (and 3 titles) without a frame word; "Russia warned of escalation." has one
    assert set(recall["context"]) >= {"Rain fell on the city.", "Markets rose on Tuesday."}

    # ann codes every hit 1 but "reportedly"; bob also codes "sanctions" 0
    precision["code_ann"] = ["0" if "[[reportedly]]" in c else "1" for c in precision["context"]]
    precision["code_bob"] = ["0" if "[[reportedly]]" in c or "[[sanctions]]" in c else "1"
                             for c in precision["context"]]
    recall["code_ann"] = ["none"] * len(recall)
    recall["code_bob"] = ["none"] * len(recall)
    coded = write_coding_sheet(precision, tmp_path / "coded.csv")
    unmatched = write_coding_sheet(recall, tmp_path / "unmatched.csv")
    nb = _run(tmp_path, "results", corpus=str(corpus), seed=3, coders=["ann", "bob"],
              coded=str(coded), unmatched=str(unmatched))
    text = _text(nb)
    assert f"precision of {coded}, recall from {unmatched}" in text
    assert "items coded differently: 1" in text
    # the notebook's table is validate()'s: sanctions is 1 of 1 for ann, 0 of 1 for bob
    table = pd.read_csv(out_dir / "tables" / "precision.csv")
    expected = validate(read_coding_sheet(coded), unmatched=read_coding_sheet(unmatched))
    pd.testing.assert_frame_equal(table[["category", "coder", "n", "correct"]],
                                  expected[["category", "coder", "n", "correct"]].reset_index(drop=True),
                                  check_dtype=False)
    sanctions = table[table["category"] == "economic_sanctions"].set_index("coder")["correct"]
    assert sanctions.to_dict() == {"ann": 1, "bob": 0}
    assert "recall" in table


def test_missing_corpus_fails_naming_the_path(tmp_path):
    missing = tmp_path / "no-such-corpus.jsonl"
    with pytest.raises(pm.PapermillExecutionError) as info:
        _run(tmp_path, "missing", corpus=str(missing))
    assert info.value.ename == "CorpusError"
    assert "no-such-corpus.jsonl" in info.value.evalue
