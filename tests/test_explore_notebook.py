"""notebooks/explore.ipynb under papermill on another corpus: its parameters work and its HTML is escaped."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm

from toolkit.reports.batch import notebook_parameters

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def test_explore_notebook_runs_on_another_corpus(tmp_path):
    texts = {
        "Alpha Times": ["Russia warned of escalation. NATO said the escalation was deliberate.",
                        "Russia escalated shelling. Ukraine said its forces held the line."],
        f"Gamma {IMG}": [f"The EU pledged humanitarian aid as the {SCRIPT} escalation continued.",
                         "Humanitarian convoys reached the city. The EU said more aid would follow."],
    }
    rows = [{"doc_id": f"{o[:5].strip().lower()}-{i}", "outlet": o, "date": f"2024-0{i}-1{i}",
             "title": f"{o} story {i}", "text": t, "url": f"https://example.org/{i}"}
            for o, ts in texts.items() for i, t in enumerate(ts, start=1)]
    corpus = tmp_path / "small.csv"
    pd.DataFrame(rows).to_csv(corpus, index=False)
    params = {"corpus": str(corpus), "target": "Alpha Times", "term_explorer_path": str(tmp_path / "terms.html")}
    assert set(params) <= set(notebook_parameters(NOTEBOOK))
    out = tmp_path / "explore.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters=params, kernel_name="python3", cwd=str(tmp_path),
                        progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    html = "\n".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    stream = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert "Alpha Times" in html and "Meridian Daily" not in html + stream  # this corpus, not the demo
    assert SCRIPT not in html and IMG not in html
    found = re.search(r": (\d+) units \(joint_units = (\d+)\)", stream)
    assert found and found.group(1) == found.group(2) and int(found.group(1)) > 0
    assert f"wrote {tmp_path / 'terms.html'}" in stream and (tmp_path / "terms.html").stat().st_size > 0.9e6
