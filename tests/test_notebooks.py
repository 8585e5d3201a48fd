"""The committed notebooks: structure, and execution under papermill with non-default parameters.

nbval (``--nbval-lax --nbval-current-env``, configured in pyproject.toml) runs every notebook in
``notebooks/`` with its defaults; here each runs on another corpus (a small one written to
``tmp_path``, other outlets) and with a corpus that does not exist.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from toolkit.reports.batch import notebook_parameters

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
REQUIRED = ["overview", "framing", "keyness", "concordance"]  # issue 6: at least these four
DEMO_OUTLETS = ["The Northern Ledger", "Capital Wire", "Harbour Post", "Meridian Daily"]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

# Texts that give every analysis something to find: actors (Russia, NATO, Ukraine, the EU),
# escalation words, quotations with reporting verbs, words repeated often enough for keyness.
TEXTS = {
    "Alpha Times": [
        "Russia warned of further escalation on Tuesday. \"We will respond,\" the Kremlin said. "
        "NATO officials said the escalation was deliberate. Russia escalated shelling near Kharkiv.",
        "Russia accused NATO of escalating the war. Analysts said Russia's escalation was a warning. "
        "Ukraine said its forces held the line near the river.",
    ],
    "Beta News": [
        "NATO expanded its presence in the Baltic. \"This is a provocation,\" the minister claimed. "
        "Critics said NATO escalation risked a wider war. The U.S. sent more weapons to Ukraine.",
        "The U.S. and NATO were accused of escalating tensions. Observers said the Western escalation "
        "was dangerous. Ukraine claimed gains that could not be verified.",
    ],
    f"Gamma {IMG}": [
        "Aid agencies said civilians needed shelter. The EU pledged humanitarian aid. "
        # the loader strips tags and unescapes entities: this is how "<script>" reaches article text
        "Refugees crossed the border as the &lt;script&gt;alert(1)&lt;/script&gt; escalation continued, "
        "officials said.",
        "Humanitarian convoys reached the city. \"Children need food and water,\" a doctor told reporters. "
        "The EU said more aid would follow; refugees waited at the border.",
    ],
}
OTHER_OUTLET = "Beta News"

# Non-default parameters per notebook (besides `corpus`): each must be declared by the notebook.
PARAMETERS = {
    "overview": {},
    "framing": {"by": ["outlet", "month"]},
    "keyness": {"target": OTHER_OUTLET},
    "concordance": {"pattern": "escalat*", "window": 5, "by": "outlet"},
    "discourse": {},
}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    rows = []
    for outlet, texts in TEXTS.items():
        for i, text in enumerate(texts, start=1):
            rows.append({"doc_id": f"{outlet[:5].strip().lower()}-{i}", "outlet": outlet,
                         "date": f"2024-0{i}-1{i}", "title": f"{outlet} story {i}", "text": text})
    path = tmp_path_factory.mktemp("corpus") / "small.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def notebook(name: str) -> Path:
    path = NOTEBOOK_DIR / f"{name}.ipynb"
    if not path.exists():
        pytest.fail(f"notebooks/{name}.ipynb does not exist")
    return path


def outputs(nb, mimes: tuple[str, ...]) -> str:
    """Everything the executed notebook displayed in ``mimes`` ("stream" for printed text)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and "stream" in mimes:
                parts.append(out.get("text", ""))
            for mime in mimes:
                value = out.get("data", {}).get(mime)
                if value:
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_required_notebooks_exist():
    missing = [n for n in REQUIRED if not (NOTEBOOK_DIR / f"{n}.ipynb").exists()]
    assert not missing, f"missing notebooks: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell is not tagged `parameters`"
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert "corpus" in notebook_parameters(path), "no `corpus` parameter"
    with_outputs = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs]
    counted = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.execution_count]
    assert not with_outputs, f"committed outputs in cells {with_outputs}: clear them before committing"
    assert not counted, f"committed execution counts in cells {counted}"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "papermill" not in nb.metadata, "an executed (papermill) notebook was committed"
    # prose: a title in the first cell and some explanation
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("name", [n for n in PARAMETERS if n in REQUIRED or (NOTEBOOK_DIR / f"{n}.ipynb").exists()])
def test_notebook_runs_on_another_corpus(name, small_corpus, tmp_path):
    path = notebook(name)
    params = {"corpus": str(small_corpus), **PARAMETERS[name]}
    declared = notebook_parameters(path)
    assert set(params) <= set(declared), (
        f"{name}.ipynb does not declare {sorted(set(params) - set(declared))}; it declares {sorted(declared)}")
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(str(path), str(out), parameters=params, kernel_name="python3",
                        cwd=str(tmp_path), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    text = outputs(nb, ("stream", "text/plain", "text/html"))
    html = outputs(nb, ("text/html",))
    # the run used the small corpus, not the demo corpus
    assert OTHER_OUTLET in text
    assert not [o for o in DEMO_OUTLETS if o in text]
    # article text and outlet names reach HTML escaped (nbconvert escapes printed text itself)
    assert SCRIPT not in html and IMG not in html
    if name == "concordance":
        assert "escalation" in html.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in a KWIC line's context, escaped
        assert "Gamma &lt;img src=x onerror=alert(1)&gt;" in html  # outlet heading, escaped


@pytest.mark.parametrize("name", [n for n in PARAMETERS if n in REQUIRED or (NOTEBOOK_DIR / f"{n}.ipynb").exists()])
def test_missing_corpus_fails_naming_the_path(name, tmp_path):
    path = notebook(name)
    missing = tmp_path / "no-such-corpus.jsonl"
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(path), str(tmp_path / "out.ipynb"), parameters={"corpus": str(missing)},
                            kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    assert "no-such-corpus.jsonl" in info.value.evalue
    assert info.value.ename == "CorpusError"


def test_concordance_defaults_are_documented():
    declared = notebook_parameters(notebook("concordance"))
    assert {k: json.loads(v) if v.startswith(("\"", "[")) else v for k, v in declared.items()} == {
        "corpus": "corpora/demo", "pattern": "escalat*", "window": "8", "by": "outlet", "max_lines": "25"}
