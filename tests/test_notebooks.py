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
# Outlets of unequal size (3, 2 and 2 articles; issue 13 item 1: discourse crashed on unequal sizes).
TEXTS = {
    "Alpha Times": [
        "Russia warned of further escalation on Tuesday. \"We will respond,\" the Kremlin said. "
        "NATO officials said the escalation was deliberate. Russia escalated shelling near Kharkiv.",
        "Russia accused NATO of escalating the war. Analysts said Russia's escalation was a warning. "
        "Ukraine said its forces held the line near the river.",
        "Russia and NATO traded warnings. \"Escalation is a choice,\" a NATO spokesman said. "
        # the loader strips tags and unescapes entities: this is how "<script>" reaches article text
        "Russia said the &lt;script&gt;alert(1)&lt;/script&gt; escalation was NATO's.",
    ],
    "Beta News": [
        "NATO expanded its presence in the Baltic. \"This is a provocation,\" the minister claimed. "
        "Critics said NATO escalation risked a wider war. The U.S. sent more weapons to Ukraine.",
        "The U.S. and NATO were accused of escalating tensions. Observers said the Western escalation "
        "was dangerous. Ukraine claimed gains that could not be verified.",
    ],
    f"Gamma {IMG}": [
        "Aid agencies said civilians needed shelter. The EU pledged humanitarian aid. "
        "Refugees crossed the border as the &lt;script&gt;alert(1)&lt;/script&gt; escalation continued, "
        "officials said.",
        "Humanitarian convoys reached the city. \"Children need food and water,\" a doctor told reporters. "
        "The EU said more aid would follow; refugees waited at the border.",
    ],
}
OTHER_OUTLET = "Beta News"
COMMON = {"corpus": '"corpora/demo"', "by": '"outlet"', "outlets": "None", "top": "12", "where": "None",
          "min_units": "10", "clean": "False"}
REPORTS = ["overview", "framing", "keyness", "concordance", "discourse", "stories"]

# Non-default parameters per notebook (besides `corpus`): each must be declared by the notebook. Between
# them they use every common parameter: a filter, a list of outlets, another grouping, a period, top.
PARAMETERS = {
    "overview": {"top": 2, "by": "desk"},
    "framing": {"by": ["outlet", "month"], "top": 2, "min_units": 2},
    "keyness": {"target": OTHER_OUTLET, "where": "desk != 'none'", "min_units": 2},
    "concordance": {"pattern": "escalat*", "window": 5, "by": "outlet", "top": 2},
    "discourse": {"outlets": ["Alpha Times", OTHER_OUTLET, f"Gamma {IMG}"], "min_units": 1},
}

# Invalid values fail the run before any analysis, naming the valid choices (issue 13 item 9).
INVALID = [
    ("framing", {"focus_frame": "escalaton"}, "`focus_frame` value = 'escalaton' is invalid (did you mean 'escalation'?)"),
    ("discourse", {"trend_frame": "escalaton"}, "`trend_frame` value = 'escalaton' is invalid (did you mean 'escalation'?)"),
    ("overview", {"outlets": ["Beta Nws"]}, "`outlets` value = 'Beta Nws' is invalid (did you mean 'Beta News'?)"),
    ("concordance", {"by": "dsk"}, "`by` value = 'dsk' is invalid (did you mean 'desk'?)"),
    ("keyness", {"where": "dsk == 'world'"}, "`where` value = \"dsk == 'world'\" is invalid: 'dsk' is not a column "
                                            "(did you mean 'desk'?)"),
    ("keyness", {"target": "Beta Nws"}, "`target` value = 'Beta Nws' is invalid (did you mean 'Beta News'?)"),
    ("stories", {"focus_frame": "escalaton"}, "`focus_frame` value = 'escalaton' is invalid (did you mean 'escalation'?)"),
]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    rows = []
    for outlet, texts in TEXTS.items():
        for i, text in enumerate(texts, start=1):
            rows.append({"doc_id": f"{outlet[:5].strip().lower()}-{i}", "outlet": outlet,
                         "date": f"2024-0{i}-1{i}", "title": f"{outlet} story {i}", "text": text,
                         "desk": "world" if i % 2 else "europe"})
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


@pytest.mark.parametrize("name", REPORTS)
def test_notebook_declares_the_common_parameters(name):
    declared = notebook_parameters(notebook(name))
    assert {k: declared.get(k) for k in COMMON} == COMMON
    nb = nbformat.read(notebook(name), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "toolkit.notebook.start(corpus, by=by, outlets=outlets, top=top, where=where," in code[1]
    # thin notebooks: logic needed twice lives in toolkit (toolkit/notebook/), not in a notebook
    assert not [c for c in code if "\ndef " in "\n" + c], f"{name}.ipynb defines a function"
    assert code[-1] == "toolkit.output.notes()"  # warnings end up in a Notes section, not in stderr blocks


# Notebooks whose analyses belong to other issues take the common parameters that mean something for them:
# hygiene.ipynb is the cleaning report itself (no `clean`), per outlet with no rates (no `by`, `min_units`);
# validation.ipynb draws samples of hits (no groups: no `by`, `top`, `min_units`).
PARTIAL = {"hygiene": (["corpus", "outlets", "top", "where"], "start(corpus, outlets=outlets, top=top, where=where"),
           "validation": (["corpus", "outlets", "where", "clean"],
                          "start(corpus, by=None, outlets=outlets, where=where, clean=clean)")}


@pytest.mark.parametrize("name", list(PARTIAL))
def test_other_notebooks_declare_the_common_parameters_that_apply(name):
    declared = notebook_parameters(notebook(name))
    common, call = PARTIAL[name]
    assert {k: declared.get(k) for k in common} == {k: COMMON[k] for k in common}
    code = [c.source for c in nbformat.read(notebook(name), as_version=4).cells if c.cell_type == "code"]
    assert f"toolkit.notebook.{call}" in code[1]
    assert code[-1] == "toolkit.output.notes()"


@pytest.mark.parametrize("name", list(PARAMETERS))
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
    # no stderr block (warnings become notes, no progress bars)
    assert not [i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.get("name") == "stderr"]
    if name == "concordance":
        assert "escalation" in html.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in a KWIC line's context, escaped
        # the two largest outlets get their lines (top = 2): Alpha Times first, then Beta News
        assert html.index("Alpha Times (") < html.index("Beta News (")
        assert "Gamma &lt;img src=x onerror=alert(1)&gt; (" not in html
        assert "The lines of the 1 other outlets are in kwic.csv." in html
    if name == "overview":
        assert "Articles per desk" in html and "No row was rejected: all 7 rows read were loaded." in html
    if name == "keyness":
        assert "Target: Beta News (2 articles); reference: the other outlets." in html
        assert "Capital Wire" not in html  # no demo conclusion left over (issue 13 item 5)
    if name == "framing":
        assert "Do the outlets differ?" in html


@pytest.mark.parametrize("name, params, message", INVALID, ids=[f"{n}-{next(iter(p))}" for n, p, _ in INVALID])
def test_invalid_value_fails_the_run_with_did_you_mean(name, params, message, small_corpus, tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(notebook(name)), str(tmp_path / "out.ipynb"), kernel_name="python3",
                            parameters={"corpus": str(small_corpus), **params}, cwd=str(tmp_path), progress_bar=False)
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue


def test_framing_by_bias_asks_whether_the_bias_groups_differ(small_corpus, tmp_path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(notebook("framing")), str(out), kernel_name="python3", cwd=str(tmp_path),
                        progress_bar=False, parameters={"corpus": str(small_corpus), "by": "desk", "min_units": 1})
    html = outputs(nbformat.read(out, as_version=4), ("text/html",))
    assert "Do the desk groups differ?" in html and "Do the outlets differ?" not in html


@pytest.mark.parametrize("name", REPORTS)
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
        "corpus": "corpora/demo", "by": "outlet", "outlets": "None", "top": "12", "where": "None", "min_units": "10",
        "clean": "False", "pattern": "escalat*", "window": "8", "max_lines": "25"}
