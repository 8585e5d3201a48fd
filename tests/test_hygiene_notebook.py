"""notebooks/hygiene.ipynb under papermill: another corpus (boilerplate, a reprint, hostile text), a missing one."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest
from test_notebooks import outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "hygiene.ipynb"
SCRIPT = "<script>alert(1)</script>"
STORY = ("The senate passed the budget bill on Tuesday after a long debate over border security, "
         "and the house is expected to vote on it next week before the recess begins.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    rows = []
    stories = ["Farmers protested new tariffs outside parliament.", "A bridge collapse closed the river port.",
               "Teachers voted to strike over pensions.", "Wildfires forced thousands from mountain towns.",
               "The central bank raised interest rates again.", "Voters queued for hours at rural polling stations."]
    for i, story in enumerate(stories):
        rows.append({"doc_id": f"alpha-{i}", "outlet": "Alpha Times", "date": f"2024-01-1{i}",
                     "url": f"https://alphatimes.com/{i}", "title": f"Alpha story {i}",
                     # the loader unescapes entities: this is how "<script>" reaches article text
                     "text": f"{story}\n\nAlpha Times &lt;script&gt;alert(1)&lt;/script&gt;, told by its readers."})
    rows.append({"doc_id": "beta-1", "outlet": "Beta News", "date": "2024-01-09", "url": "https://beta.com/1",
                 "title": "Budget", "text": STORY + "\n\nCLICK HERE TO GET THE BETA APP"})
    rows.append({"doc_id": "gamma-1", "outlet": "Gamma", "date": "2024-01-08", "url": "https://gamma.com/1",
                 "title": "Budget passes", "text": "WASHINGTON (AP) — " + STORY})
    rows.append({"doc_id": "gamma-2", "outlet": "Gamma", "date": "2024-01-10", "url": "https://gamma.com/2",
                 "title": "Hostile", "text": "Officials said &lt;script&gt;alert(1)&lt;/script&gt; was found.\n\n"
                                             "Advertisement"})
    path = tmp_path_factory.mktemp("hygiene") / "small.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_hygiene_notebook_on_another_corpus(corpus, tmp_path):
    out = tmp_path / "hygiene.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
                        parameters={"corpus": str(corpus), "min_outlet_articles": 5})
    nb = nbformat.read(out, as_version=4)
    text = outputs(nb, ("stream", "text/plain", "text/html"))
    html = outputs(nb, ("text/html",))
    assert "9 articles from 3 outlets; 8 after cleaning (1 set aside)." in text
    assert ", told by its readers." in html                      # repeated in 6 of 6 Alpha articles
    assert "CLICK HERE TO GET THE BETA APP" in html               # a generic pattern
    assert "beta-1" in html and "gamma-1" in html                 # the reprint pair, gamma-1 the original
    assert "earliest date" in html
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not [o for o in ("The Northern Ledger", "Capital Wire") if o in text]
    stderr = [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, stderr
    figures = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) >= 3


def test_hygiene_notebook_missing_corpus_names_the_path(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), kernel_name="python3", cwd=str(tmp_path),
                            parameters={"corpus": str(tmp_path / "no-such-corpus.jsonl")}, progress_bar=False)
    assert info.value.ename == "CorpusError" and "no-such-corpus.jsonl" in info.value.evalue
