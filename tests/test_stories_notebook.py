"""notebooks/stories.ipynb: parameters, runs on another corpus with a filter, escapes what it shows."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from toolkit.reports.batch import notebook_parameters

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "stories.ipynb"
IMG = "<img src=x onerror=alert(1)>"
EVENTS = [
    ("2024-03-01", "Russia escalates shelling near Kharkiv",
     "Russia escalated its shelling of Kharkiv overnight, officials said. NATO condemned the escalation."),
    ("2024-04-10", "EU pledges humanitarian aid for refugees",
     "The EU pledged humanitarian aid for refugees at the border. Aid agencies said shelters were full."),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    rows = []
    for outlet in ["Alpha Times", "Beta News", f"Gamma {IMG}"]:
        for i, (date, title, text) in enumerate(EVENTS):
            rows.append({"doc_id": f"{outlet[:5]}-{i}", "outlet": outlet, "date": date, "title": title,
                         "text": text, "desk": "world" if i == 0 else "aid"})
    path = tmp_path_factory.mktemp("corpus") / "stories.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def outputs(nb) -> tuple[str, str]:
    text, html = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text.append(out.get("text", ""))
            data = out.get("data", {})
            for mime in ("text/plain", "text/html"):
                value = data.get(mime)
                if value:
                    (html if mime == "text/html" else text).append(value if isinstance(value, str) else "".join(value))
    return "\n".join(text), "\n".join(html)


def test_parameters_cell_declares_the_report_parameters():
    declared = notebook_parameters(NOTEBOOK)
    assert {"corpus", "by", "outlets", "top", "where", "min_units"} <= set(declared)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])


def test_runs_on_another_corpus_with_a_filter_and_escapes(corpus, tmp_path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
                        parameters={"corpus": str(corpus), "where": "desk == 'world'",
                                    "outlets": ["Alpha Times", f"Gamma {IMG}"], "top": 5, "min_units": 1})
    nb = nbformat.read(out, as_version=4)
    text, html = outputs(nb)
    assert "2 articles from 2 outlets (filter: desk == &#x27;world&#x27;)." in html
    assert "2 articles form 1 stories; 1 stories have articles from at least two outlets" in html
    assert "Beta News" not in text + html  # filtered out by `outlets`
    assert IMG not in html
    assert "Gamma &lt;img src=x onerror=alert(1)&gt;" in html  # outlet names reach HTML escaped
    assert "The Northern Ledger" not in text + html  # not the demo corpus
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]


def test_an_unknown_outlet_fails_with_did_you_mean(corpus, tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), kernel_name="python3", cwd=str(tmp_path),
                            progress_bar=False, parameters={"corpus": str(corpus), "outlets": ["Alpha Time"]})
    assert info.value.ename == "ParameterError"
    assert "`outlets` value = 'Alpha Time' is invalid (did you mean 'Alpha Times'?)" in info.value.evalue
