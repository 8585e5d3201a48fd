"""The batch runner: isolation, index, exit status, escaping, validation, --jobs, atomic writes.

Faults (hangs, signals, concurrency, folders the runner did not create) are in test_faults_batch.py.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from toolkit.reports import batch as batch_mod
from toolkit.__main__ import main
from toolkit.reports.batch import (
    corpus_sha256,
    execute_run,
    load_batch,
    notebook_parameters,
    run_batch,
)
from toolkit.reports.folders import MANIFEST
from toolkit.errors import BatchError
from toolkit.output import OUTPUT_ENV

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
OK, FAIL, HOSTILE = (str(FIXTURES / f"{n}.ipynb") for n in ("ok", "fail", "hostile"))
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
RAW = (SCRIPT, IMG, "<b>bold</b>")


def write_batch(folder: Path, runs: list[dict], *, output: str = "out") -> Path:
    path = folder / "batch.yml"
    path.write_text(yaml.safe_dump({"output": output, "runs": runs}, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One batch through the command line: a good run, a failing run, a hostile-text run."""
    folder = tmp_path_factory.mktemp("batch")
    path = write_batch(folder, [
        {"name": "good", "notebook": OK, "parameters": {"n": 4, "label": "x"}},
        {"name": "bad", "notebook": FAIL, "parameters": {"corpus": f"corpora/{SCRIPT}{IMG}"}},
        {"name": "hostile", "notebook": HOSTILE,
         "parameters": {"text": f"Article says {SCRIPT} and {IMG}", "outlet": "Outlet <b>bold</b>"}},
    ])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["batch", str(path)])
    return {"status": status, "stdout": out.getvalue(), "out": folder / "out",
            "index": (folder / "out" / "index.html").read_text(encoding="utf-8")}


def index_row(index: str, name: str) -> str:
    match = re.search(rf'<tr id="run-{name}".*?</tr>', index, flags=re.S)
    assert match, f"no row for {name}"
    return match.group(0)


def test_failing_run_is_isolated_and_exit_status_names_it(finished):
    assert finished["status"] == 1
    lines = finished["stdout"].splitlines()
    assert re.search(r"^\[\d/3\] good \.\.\. ok \(\d+\.\d s\)$", finished["stdout"], re.M)
    assert any(line.startswith("[2/3] bad ... FAILED") and "FileNotFoundError" in line
               for line in lines)
    assert lines[-1] == "1 of 3 runs failed: bad"
    assert re.search(r"^  bad +failed +\d+\.\d s  FileNotFoundError: corpus not found", finished["stdout"], re.M)
    out = finished["out"]
    # the good runs after and before the failure kept their complete reports
    for name in ("good", "hostile"):
        assert (out / name / "report.html").is_file()
        assert (out / name / f"{name}.ipynb").is_file()
        assert not (out / name / "error.txt").exists()
    # the failed run: partly executed notebook + error.txt, no report that looks complete
    assert sorted(p.name for p in (out / "bad").iterdir()) == [MANIFEST, "bad.ipynb", "error.txt"]
    error = (out / "bad" / "error.txt").read_text(encoding="utf-8")
    assert f"FileNotFoundError: corpus not found: corpora/{SCRIPT}{IMG}" in error
    assert 'raise FileNotFoundError(f"corpus not found: {corpus}")' in error
    # no temporary folders are left behind
    assert sorted(p.name for p in out.iterdir()) == ["bad", "good", "hostile", "index.html"]


def test_tables_saved_by_the_notebook_are_in_the_run_folder(finished):
    table = pd.read_csv(finished["out"] / "good" / "tables" / "numbers.csv")
    assert table["square"].tolist() == [0, 1, 4, 9]  # n = 4 from the batch file
    assert OUTPUT_ENV not in os.environ  # the runner restored this process's environment


def test_index_lists_every_run_with_its_details(finished):
    index = finished["index"]
    assert "2 ok, 1 failed" in index
    good = index_row(index, "good")
    # paths may wrap after each "/" (<wbr>) so that long corpus paths do not widen the page
    assert "<code>tests/<wbr>fixtures/<wbr>notebooks/<wbr>ok.ipynb</code>" in good
    assert "<code>n</code> = <code>4</code>" in good
    assert '<span class="ok">ok</span>' in good
    assert '<a href="good/report.html">report</a>' in good
    assert '<a href="good/tables/numbers.csv">numbers.csv</a>' in good
    assert re.search(r"<td>\d+\.\d&nbsp;s<div>limit 1800&nbsp;s</div></td>", good)

    bad = index_row(index, "bad")
    assert '<span class="failed">failed</span>' in bad
    assert "<strong>FileNotFoundError</strong>: corpus not found: corpora/&lt;script&gt;" in bad
    assert "in cell 4 (In&nbsp;[4])" in bad  # markdown, parameters, injected, check, raise
    assert "raise FileNotFoundError(f&quot;corpus not found: {corpus}&quot;)" in bad
    assert '<a href="bad/bad.ipynb">partly executed notebook</a>' in bad
    assert "bad/report.html" not in bad
    assert "not hashed: corpus not found" in bad


def test_index_shows_toolkit_version_and_corpus_sha(tmp_path):
    import toolkit

    corpus = tmp_path / "corpus.csv"
    corpus.write_bytes(b"doc_id,outlet,text\n1,A,hello\n")
    path = write_batch(tmp_path, [{"name": "c", "notebook": FAIL, "parameters": {"corpus": "corpus.csv"}}])
    [result] = run_batch(load_batch(path), echo=lambda line: None)
    assert result.ok  # the fixture only raises when the corpus is missing
    assert result.corpus_sha256 == hashlib.sha256(corpus.read_bytes()).hexdigest()
    row = index_row((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "c")
    assert result.corpus_sha256 in row
    assert f"<td>{toolkit.__version__}</td>" in row


@pytest.mark.parametrize("where", ["index", "report"])
def test_hostile_text_is_escaped(finished, where):
    page = (finished["index"] if where == "index"
            else (finished["out"] / "hostile" / "report.html").read_text(encoding="utf-8"))
    for raw in RAW:
        assert raw not in page
    # the text did arrive, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    if where == "report":
        assert "Outlet &lt;b&gt;bold&lt;/b&gt;" in page  # outlet name in the show() table


def test_show_code_keeps_code_and_escapes_it(tmp_path):
    folder = tmp_path / "h"
    folder.mkdir()
    run = {"name": "h", "notebook": HOSTILE, "parameters": {"text": SCRIPT}}
    result = execute_run(run, folder, workdir=tmp_path, show_code=True)  # in this process
    assert result.ok
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "save_table" in page  # code cells are kept
    assert SCRIPT not in page and IMG not in page
    hidden = tmp_path / "hidden.html"
    batch_mod.render_html(folder / "h.ipynb", hidden)
    assert "save_table" not in hidden.read_text(encoding="utf-8")  # hidden by default


# ------------------------------------------------------------------ invalid batch files

NB = OK  # an existing notebook
INVALID = [
    ("missing-runs", "output: out\ntitle: t\n", 1, "missing `runs`"),
    ("runs-not-list", "output: out\nruns:\n  name: a\n  notebook: x.ipynb\n", 3, "must be a list"),
    ("runs-empty", "output: out\nruns: []\n", 2, "`runs` is empty"),
    ("no-name", f"runs:\n  - name: a\n    notebook: {NB}\n  - notebook: {NB}\n", 4, "has no `name`"),
    ("no-notebook", "runs:\n  - name: a\n", 2, "has no `notebook`"),
    ("notebook-missing", "runs:\n  - name: a\n    notebook: notebooks/nope.ipynb\n", 3,
     "notebook 'notebooks/nope.ipynb' does not exist"),
    ("not-ipynb", "runs:\n  - name: a\n    notebook: reports.yml\n", 3, "must be a path to a .ipynb"),
    ("duplicate", f"runs:\n  - name: a\n    notebook: {NB}\n  - name: a\n    notebook: {NB}\n", 4,
     "duplicate run name 'a' (first used on line 2)"),
    ("unsafe-dotdot", f"runs:\n  - name: ../evil\n    notebook: {NB}\n", 2, "not a safe folder name"),
    ("unsafe-space", f"runs:\n  - name: a b\n    notebook: {NB}\n", 2, "not a safe folder name"),
    ("unsafe-hidden", f"runs:\n  - name: .hidden\n    notebook: {NB}\n", 2, "not a safe folder name"),
    ("unsafe-slash", f"runs:\n  - name: a/b\n    notebook: {NB}\n", 2, "not a safe folder name"),
    ("name-not-str", f"runs:\n  - name: [a]\n    notebook: {NB}\n", 2, "not a safe folder name"),
    ("params-list", f"runs:\n  - name: a\n    notebook: {NB}\n    parameters: [1, 2]\n", 4,
     "`parameters` of run 'a' must be a mapping"),
    ("params-str", f"runs:\n  - name: a\n    notebook: {NB}\n    parameters: corpus=x\n", 4,
     "must be a mapping"),
    ("run-not-mapping", "runs:\n  - just-a-name\n", 2, "each run must be a mapping"),
    ("typo-key", f"runs:\n  - name: a\n    notebook: {NB}\n    paramters: {{n: 1}}\n", 4,
     "unknown key 'paramters'"),
    ("top-typo", f"outptu: x\nruns:\n  - name: a\n    notebook: {NB}\n", 1, "unknown key 'outptu'"),
    ("bad-yaml", "runs:\n  - name: a\n    notebook: [x\n", 4, "not valid YAML"),
    ("not-mapping", "- a\n- b\n", 1, "must be a mapping"),
]


@pytest.mark.parametrize("text,line,message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_batch_is_rejected_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "batch.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BatchError) as info:
        load_batch(path)
    text = str(info.value)
    assert f"{path}:{line}: " in text
    assert message in text


def test_invalid_batch_runs_nothing_and_exits_2(tmp_path, capsys):
    path = tmp_path / "batch.yml"
    path.write_text(f"output: out\nruns:\n  - name: a\n    notebook: {NB}\n"
                    "  - name: b\n    notebook: missing.ipynb\n  - name: a\n    notebook: {NB}\n",
                    encoding="utf-8")
    assert main(["batch", str(path)]) == 2
    err = capsys.readouterr().err
    # every problem is listed, each with its line
    assert f"{path}:6: notebook 'missing.ipynb' does not exist" in err
    assert f"{path}:7: duplicate run name 'a' (first used on line 3)" in err
    assert "nothing was run" in err
    assert not (tmp_path / "out").exists()


def test_missing_batch_file_exits_2(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope.yml")]) == 2
    assert "batch file not found" in capsys.readouterr().err


def test_jobs_must_be_positive(capsys):
    with pytest.raises(SystemExit) as info:
        main(["batch", "x.yml", "--jobs", "0"])
    assert info.value.code == 2
    assert "must be an integer >= 1" in capsys.readouterr().err


def test_check_lists_runs_without_running(tmp_path, capsys):
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK, "parameters": {"n": 2}}])
    assert main(["batch", str(path), "--check"]) == 0
    assert "a <- ok.ipynb {'n': 2}" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ parameters

def test_notebook_parameters_parses_values_containing_equals(tmp_path):
    # papermill.inspect_notebook skips lines with two '=': the hostile default is one
    assert notebook_parameters(HOSTILE) == {
        "text": '"<script>alert(1)</script> and <img src=x onerror=alert(1)>"',
        "outlet": '"Outlet <b>bold</b>"',
    }
    assert notebook_parameters(OK) == {"n": "3", "label": '"ok"'}


def test_unknown_parameter_is_a_problem_of_its_run_with_its_line(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text(f"runs:\n  - name: a\n    notebook: {OK}\n    parameters:\n      n: 2\n"
                    "      labl: red\n      colour: red\n", encoding="utf-8")
    [run] = load_batch(path).runs
    assert run.parameters == {"n": 2, "labl": "red", "colour": "red"}
    assert run.warnings == ()
    assert run.problems == (
        "line 6: unknown parameter 'labl' (did you mean 'label'?) for ok.ipynb; it takes: n, label",
        "line 7: unknown parameter 'colour' for ok.ipynb; it takes: n, label",
    )


def test_notebook_default_corpus_is_recorded(tmp_path):
    path = write_batch(tmp_path, [{"name": "a", "notebook": FAIL}])
    [run] = load_batch(path).runs
    assert run.corpus == "corpora/does-not-exist"
    assert run.warnings == ()


def test_relative_paths_resolve_from_batch_folder_then_repo_root(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text("output: here\nruns:\n  - name: a\n    notebook: tests/fixtures/notebooks/ok.ipynb\n",
                    encoding="utf-8")
    batch = load_batch(path)
    assert batch.output == (tmp_path / "here").resolve()
    assert batch.runs[0].notebook == Path(OK).resolve()  # found under the repository root
    assert batch.workdir == tmp_path.resolve()


# ------------------------------------------------------------------ --jobs

def test_jobs_2_runs_in_parallel_processes_with_their_own_output_dir(tmp_path):
    path = write_batch(tmp_path, [
        {"name": "two", "notebook": OK, "parameters": {"n": 2}},
        {"name": "five", "notebook": OK, "parameters": {"n": 5}},
    ])
    lines: list[str] = []
    results = run_batch(load_batch(path), jobs=2, echo=lines.append)
    assert [r.name for r in results] == ["two", "five"]  # batch order, whatever finished first
    assert all(r.ok for r in results)
    progress = [line for line in lines if line.startswith("[")]
    assert [line[:5] for line in progress] == ["[1/2]", "[2/2]"]
    assert sorted(line.split()[1] for line in progress) == ["five", "two"]
    assert "(2 jobs at a time; time limit 1800 s per run)" in lines[0]
    # each run's tables went to its own folder: TOOLKIT_OUTPUT_DIR was set per process
    out = tmp_path / "out"
    assert pd.read_csv(out / "two" / "tables" / "numbers.csv")["i"].tolist() == [0, 1]
    assert pd.read_csv(out / "five" / "tables" / "numbers.csv")["i"].tolist() == [0, 1, 2, 3, 4]
    assert "all 2 runs ok" in (out / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ atomic writes

def test_rerun_replaces_its_own_folder_and_removes_its_stale_temporaries(tmp_path):
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK, "parameters": {"n": 1}}])
    out = tmp_path / "out"
    [first] = run_batch(load_batch(path), echo=lambda line: None)
    assert first.ok
    (out / "a" / "stale.txt").write_text("from an older run")
    # a temporary folder of a batch killed with SIGKILL (it carries the runner's manifest)
    (out / ".a.tmp-killed").mkdir()
    (out / ".a.tmp-killed" / MANIFEST).write_text('{"toolkit_batch": 1, "state": "incomplete", "name": "a", '
                                                  '"pid": 99999999}')
    (out / ".a.tmp-killed" / "report.html").write_text("half")
    (out / ".someone-elses.tmp-x").mkdir()  # hidden, not the runner's: left alone
    lines: list[str] = []
    [result] = run_batch(load_batch(path), echo=lines.append)
    assert result.ok
    assert sorted(p.name for p in out.iterdir()) == [".someone-elses.tmp-x", "a", "index.html"]
    assert sorted(p.name for p in (out / "a").iterdir()) == [MANIFEST, "a.ipynb", "report.html", "tables"]
    assert any(line.startswith("note: removed .a.tmp-killed: an unfinished run folder of run 'a'")
               and "PID 99999999" in line for line in lines)


# ------------------------------------------------------------------ corpus checksum

def test_corpus_sha256_of_a_folder_matches_the_documented_recipe(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.csv").write_bytes(b"doc_id,text\n1,hi\n")
    (corpus / "sub" / "a.jsonl").write_bytes('{"text": "caf\u00e9"}\n'.encode())
    (corpus / "README.md").write_text("not data")
    (corpus / ".hidden.csv").write_text("not data either")
    expected = hashlib.sha256()
    for rel in ["b.csv", "sub/a.jsonl"]:  # sorted relative paths
        data = (corpus / rel).read_bytes()
        expected.update(rel.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    assert corpus_sha256(corpus) == expected.hexdigest()

    before = corpus_sha256(corpus)
    (corpus / "README.md").write_text("edited")  # documentation is not data
    assert corpus_sha256(corpus) == before
    (corpus / "sub" / "a.jsonl").rename(corpus / "sub" / "c.jsonl")  # a rename changes the data set
    assert corpus_sha256(corpus) != before


def test_corpus_sha256_of_a_file_is_sha256sum(tmp_path):
    file = tmp_path / "c.csv"
    file.write_bytes(b"x" * 3_000_000)  # more than one read block
    assert corpus_sha256(file) == hashlib.sha256(b"x" * 3_000_000).hexdigest()
    with pytest.raises(FileNotFoundError, match="corpus not found"):
        corpus_sha256(tmp_path / "nope")


# ------------------------------------------------------------------ PDF

def test_pdf_missing_chromium_is_noted(tmp_path, monkeypatch):
    import sys

    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # no chromium for runner nor worker
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    lines: list[str] = []
    [result] = run_batch(load_batch(path), pdf=True, echo=lines.append)
    assert result.ok and "pdf" not in result.files
    assert result.pdf_note == "no PDF: chromium is not on PATH"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "chromium is not on PATH" in index
    assert any("chromium is not on PATH" in line for line in lines)


def test_pdf_with_chromium(tmp_path):
    if batch_mod.find_chromium() is None:
        pytest.skip("chromium is not on PATH (apt-get install chromium); PDF printing not testable")
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    [result] = run_batch(load_batch(path), pdf=True, echo=lambda line: None)
    assert result.files["pdf"] == "a/report.pdf", result.pdf_note
    assert (tmp_path / "out" / "a" / "report.pdf").read_bytes()[:5] == b"%PDF-"
