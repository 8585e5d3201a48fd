"""Report output (toolkit.output, toolkit.format, toolkit.notes): numbers for reading, escaped HTML,
KWIC aligned on the keyword, warnings collected as notes, progress bars off in batch reports."""
from __future__ import annotations

import logging
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from toolkit.count.parallel import map_slices, progress_default
from toolkit.errors import ToolkitWarning
from toolkit.format import format_p, format_table, format_value
from toolkit.notes import Notes, collect_notes, notes
from toolkit.output import html_table, show


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("value, text", [
    (0.0482, "0.048"), (0.0004, "< 0.001"), (1e-300, "< 0.001"), (0.001, "0.001"), (1.0, "1.000"),
    (np.nan, ""), (None, ""), ("<0.001", "<0.001"),
])
def test_p_values(value, text):
    assert format_p(value) == text


@pytest.mark.parametrize("value, text", [
    (3.0, "3"), (37554, "37,554"), (np.int64(1200), "1,200"), (12.345, "12.3"), (0.012345, "0.0123"),
    (1234.6, "1,235"), (1.110223e-16, "0"), (-2.5e-13, "0"), (np.inf, "∞"), (-np.inf, "−∞"),
    (0.5, "0.5"), (True, "yes"), (["a", "b"], "a, b"), (("x",), "x"), ({"b", "a"}, "a, b"),
    (pd.Timestamp("2017-06-01"), "2017-06-01"), (pd.NaT, ""), (pd.NA, ""), ("text <b>", "text <b>"),
])
def test_single_values(value, text):
    assert format_value(value) == text


def test_format_table_by_column_kind():
    t = pd.DataFrame({
        "outlet": ["A", "B"], "doc_id": [123456, 7], "year": [2017, 2018], "actor_units": [37554, 3],
        "rate": [0.1234, 1.0], "ci_low": [0.05, 0.2066], "ci_high": [0.2, 1.0], "share_direct": [0.5, np.nan],
        "g2": [10.035356, 1234.6], "p": [0.006773, 3e-9], "q": [0.142241, 0.04], "breslow_day_p": [0.5, 1e-5],
        "dof": [3.0, np.nan], "rate_range": [1.110223e-16, 0.25], "highest": [["A", "B"], "C"],
    })
    out = format_table(t)
    assert out.iloc[0].tolist() == ["A", "123456", "2017", "37,554", "12.3%", "5%", "20%", "50%", "10", "0.007",
                                    "0.142", "0.500", "3", "0%", "A, B"]
    assert out.iloc[1].tolist() == ["B", "7", "2018", "3", "100%", "20.7%", "100%", "", "1,235", "< 0.001",
                                    "0.040", "< 0.001", "", "25%", "C"]
    # ci_low / ci_high of a tone table (no rate) are not percentages; columns can be named
    tone = format_table(pd.DataFrame({"tone_mean": [-0.0123], "ci_low": [-0.5], "ci_high": [0.25]}))
    assert tone.iloc[0].tolist() == ["-0.0123", "-0.5", "0.25"]
    assert format_table(pd.DataFrame({"x": [0.5]}), percent=["x"]).iloc[0, 0] == "50%"
    assert format_table(pd.DataFrame({"x": [0.5]}), p_columns=["x"]).iloc[0, 0] == "0.500"
    assert list(out.index) == list(t.index) and list(out.columns) == list(t.columns)


# --------------------------------------------------------------------------- HTML
def _cells(html, tag="td"):
    return re.findall(rf'<{tag} style="([^"]*)">(.*?)</{tag}>', html)


def test_html_escapes_every_header_and_cell():
    t = pd.DataFrame({"<b>col</b>": ['<script>alert("x")</script>', "Fox & Friends"], "n": [1, 2]})
    html = show(t)._repr_html_()
    assert "<script>" not in html and "<b>col</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "Fox &amp; Friends" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html
    caption = show(t, caption="<i>x</i>")._repr_html_()
    assert "&lt;i&gt;x&lt;/i&gt;" in caption


def test_numbers_are_right_aligned_and_never_wrapped():
    t = pd.DataFrame({"outlet": ["A"], "p": [1e-5], "units": [12]})
    styles = [style for style, _ in _cells(html_table(t))]
    assert "text-align:left" in styles[0]
    assert "text-align:right" in styles[1] and "white-space:nowrap" in styles[1]
    assert [text for _, text in _cells(html_table(t))] == ["A", "&lt; 0.001", "12"]


def test_kwic_is_aligned_on_the_keyword():
    t = pd.DataFrame({"left": ["a long left context", "short"], "match": ["escalation", "escalated"],
                      "right": ["and the right context", "x"], "doc_id": ["d1", "d2"]})
    html = html_table(t)
    cells = _cells(html)
    left, match, right = cells[0][0], cells[1][0], cells[2][0]
    assert "text-align:right" in left          # the left context ends at the keyword
    assert "text-align:center" in match and "font-weight:bold" in match
    assert "text-align:left" in right          # the right context starts at the keyword (was right-aligned)
    assert all("white-space:nowrap" in s and "overflow:hidden" in s for s in (left, match, right))
    # fixed widths, so keywords line up across the tables of a report; a long left context is cut on its
    # far side: a right-to-left cell holding left-to-right text
    assert "table-layout:fixed;width:100%" in html
    assert re.findall(r'<col style="width:([\d.]+)%">', html) == ["35.0", "12.0", "31.0", "22.0"]
    assert "direction:rtl" in left and '<span dir="ltr">a long left context</span>' in html
    assert "direction:rtl" not in right


def test_show_keeps_the_frame_and_says_how_many_rows():
    t = pd.DataFrame({"x": range(30)})
    shown = show(t, max_rows=10)
    assert shown.frame is t
    html = shown._repr_html_()
    assert html.count("<tr>") == 11 and "Showing 10 of 30 rows." in html
    raw = show(pd.DataFrame({"p": [1e-16]}), formatted=False)._repr_html_()
    assert "1e-16" in raw


# --------------------------------------------------------------------------- notes
def test_warnings_become_notes_not_stderr(capsys):
    with Notes() as found:
        warnings.warn("4,407 articles without a date left out", ToolkitWarning)
        for _ in range(2):
            warnings.warn("<outlet> & co", UserWarning)
        logging.getLogger("matplotlib.font_manager").warning("findfont: no such font")
    assert capsys.readouterr().err == ""
    assert found.items() == [("ToolkitWarning", "4,407 articles without a date left out", 1),
                             ("UserWarning", "<outlet> & co", 1),
                             ("matplotlib.font_manager warning", "findfont: no such font", 1)]
    html = found._repr_html_()
    assert html.startswith("<h2>Notes</h2><ul>") and "&lt;outlet&gt; &amp; co" in html
    # after the block warnings print again
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("after", UserWarning)
    assert len(caught) == 1 and len(found) == 3


def test_collect_notes_is_one_collection_per_session():
    first = collect_notes()
    try:
        assert collect_notes() is first and notes() is first
        warnings.warn("a note from the session", ToolkitWarning)
        assert ("ToolkitWarning", "a note from the session", 1) in first.items()
    finally:
        first.stop()
    assert "Nothing to note" in Notes()._repr_html_()


# --------------------------------------------------------------------------- progress
def test_progress_default_follows_the_environment(monkeypatch):
    monkeypatch.delenv("TOOLKIT_PROGRESS", raising=False)
    monkeypatch.delenv("TOOLKIT_OUTPUT_DIR", raising=False)
    assert progress_default()
    monkeypatch.setenv("TOOLKIT_OUTPUT_DIR", "/tmp/run")        # inside a batch run: off
    assert not progress_default()
    monkeypatch.setenv("TOOLKIT_PROGRESS", "1")                 # explicit on wins
    assert progress_default()
    monkeypatch.delenv("TOOLKIT_OUTPUT_DIR")
    for off in ("0", "false", "Off"):
        monkeypatch.setenv("TOOLKIT_PROGRESS", off)
        assert not progress_default()


def test_no_progress_bar_in_batch_runs(monkeypatch, capsys):
    monkeypatch.delenv("TOOLKIT_PROGRESS", raising=False)
    monkeypatch.setenv("TOOLKIT_OUTPUT_DIR", "/tmp/run")
    assert map_slices(lambda a, b: b - a, 20, jobs=1, chunk_size=2) == [2] * 10
    assert capsys.readouterr().err == ""
    monkeypatch.delenv("TOOLKIT_OUTPUT_DIR")
    map_slices(lambda a, b: b - a, 20, jobs=1, chunk_size=2)   # 10 slices, outside a batch: a bar
    assert "article" in capsys.readouterr().err


@pytest.mark.parametrize("batch", [False, True])
def test_hits_keyness_collocates_show_progress_in_a_kernel_but_not_in_a_batch_run(tmp_path, batch):
    """Issue 13 item 10, as a notebook kernel sees it (JupyterLab's kernel, or the batch runner's
    with TOOLKIT_OUTPUT_DIR set): the three long verbs print a progress bar only outside batch runs."""
    import nbformat
    from nbclient import NotebookClient

    setup = ("import os, pandas as pd, toolkit\n"
             + (f"os.environ['TOOLKIT_OUTPUT_DIR'] = {str(tmp_path)!r}\n" if batch else
                "os.environ.pop('TOOLKIT_OUTPUT_DIR', None)\n")
             + "os.environ.pop('TOOLKIT_PROGRESS', None)\n"
             "arts = pd.DataFrame({'doc_id': [str(i) for i in range(16001)], 'outlet': ['A', 'B'] * 8000 + ['A'],\n"
             "                     'title': '', 'text': 'Russia warned of escalation again.'})")
    calls = ["toolkit.hits(arts, 'russia', jobs=1);",
             "toolkit.keyness(arts, 'A', jobs=1);",
             "toolkit.collocates(arts, 'escalat*', jobs=1);"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup)] +
                                  [nbformat.v4.new_code_cell(c) for c in calls])
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    for cell in nb.cells[1:]:
        err = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
        if batch:
            assert err == "", cell.source
        else:
            assert "%|" in err and "article" in err, cell.source
