"""Issue 11, items 1-5 (and the batch parts of issue 13): the batch runner under faults.

Nothing lost, nothing overwritten: folders the runner did not create, hangs, two batches on one
folder, SIGINT/SIGTERM/SIGKILL with --jobs 2, hostile names and paths. The signal tests run the
real command line in a subprocess and look at the processes and files it leaves.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from toolkit.__main__ import main
from toolkit.reports import runner as runner_mod
from toolkit.reports.batch import load_batch, run_batch
from toolkit.reports.folders import INDEX_MARK, LOCK, MANIFEST
from toolkit.errors import BatchError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
OK, FAIL, SLOW = (str(FIXTURES / f"{n}.ipynb") for n in ("ok", "fail", "slow"))
REPO = Path(__file__).resolve().parents[1]


def write_batch(folder: Path, runs: list[dict], *, output: str = "out", **top) -> Path:
    path = folder / "batch.yml"
    path.write_text(yaml.safe_dump({"output": output, **top, "runs": runs}, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def slow_run(name: str, markers: Path, seconds: float = 60, **extra) -> dict:
    return {"name": name, "notebook": SLOW, "parameters": {"seconds": seconds, "markers": str(markers)}, **extra}


def start_cli(path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "toolkit", "batch", str(path), *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float = 90, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def started(markers: Path) -> list[tuple[int, int]]:
    """(kernel PID, worker PID) of every slow run that reached its first cell."""
    if not markers.is_dir():
        return []
    return [tuple(int(x) for x in p.name.split("-")[1:]) for p in markers.glob("started-*")]


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def assert_index_describes_disk(out: Path) -> str:
    """Every link of index.html points at a file that exists; return the page."""
    page = (out / "index.html").read_text(encoding="utf-8")
    assert INDEX_MARK in page
    for href in re.findall(r'href="([^"]+)"', page):
        assert (out / href).is_file(), f"index links {href}, which is not on disk"
    return page


def hidden_leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------ item 1: never replace what is not ours

def test_folder_not_created_by_the_runner_is_never_replaced(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "precious.csv").write_text("years of work")
    path = write_batch(tmp_path, [{"name": "data", "notebook": OK}], output=".")
    assert main(["batch", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{data} is a folder the batch runner did not create (it has no {MANIFEST}); the runner never " \
           "replaces it. Rename the run 'data', move that folder away, or choose another output folder" in err
    assert "nothing was run" in err and "Traceback" not in err
    assert (data / "precious.csv").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.yml", "data"]  # no index, no lock


def test_foreign_index_html_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<h1>my own page</h1>")
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    assert main(["batch", str(path)]) == 2
    assert f"{out / 'index.html'} was not written by the batch runner; the runner never overwrites it" \
           in capsys.readouterr().err
    assert (out / "index.html").read_text() == "<h1>my own page</h1>"
    assert not (out / "a").exists()


# ------------------------------------------------------------------ item 2: a hang times out

def test_a_hanging_run_times_out_and_the_others_go_on(tmp_path):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run("hang", markers, timeout=20), {"name": "fine", "notebook": OK}])
    lines: list[str] = []
    results = run_batch(load_batch(path), echo=lines.append)
    hang, fine = results
    assert fine.ok
    assert hang.status == "timed out"
    assert hang.error["evalue"] == "timed out after 20 s in code cell 4 of 5; the run was stopped"
    assert any(line.startswith("[1/2] hang ... TIMED OUT: timed out after 20 s in code cell 4 of 5") for line in lines)
    assert lines[-1] == "1 of 2 runs failed: hang (timed out)"
    [(kernel, worker)] = started(markers)
    assert not alive(kernel) and not alive(worker)
    time.sleep(1)
    assert not (markers / "finished").exists()
    out = tmp_path / "out"
    # the partly executed notebook and error.txt are kept, and the index links them
    assert sorted(p.name for p in (out / "hang").iterdir()) == [MANIFEST, "error.txt", "hang.ipynb"]
    assert "status: timed out" in (out / "hang" / "error.txt").read_text()
    page = assert_index_describes_disk(out)
    assert '<span class="failed">timed out</span>' in page
    assert hidden_leftovers(out) == []


def test_timeout_option_and_exit_status(tmp_path, capsys):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run("hang", markers)], timeout=600)
    assert load_batch(path).timeout == 600
    assert main(["batch", str(path), "--timeout", "3"]) == 1
    out = capsys.readouterr().out
    assert "time limit 3 s per run" in out
    assert "hang ... TIMED OUT: timed out after 3 s" in out


@pytest.mark.parametrize("args, message", [
    (["--timeout", "0"], "must be a number of seconds > 0, got 0"),
    (["--timeout", "soon"], "must be a number of seconds > 0, got 'soon'"),
])
def test_bad_timeout_option_exits_2(tmp_path, capsys, args, message):
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    with pytest.raises(SystemExit) as info:
        main(["batch", str(path), *args])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


# ------------------------------------------------------------------ item 3: one batch per output folder

def test_second_batch_on_the_same_folder_refuses_naming_the_holder(tmp_path):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run("slow", markers)])
    first = start_cli(path)
    try:
        wait_for(lambda: started(markers), what="the first batch's run to start")
        second = subprocess.run([sys.executable, "-m", "toolkit", "batch", str(path)], cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert f"is in use by another batch (PID {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        # the first batch's temporary folder survived the second one
        assert [p.name for p in (tmp_path / "out").glob(".slow.tmp-*")]
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert first.returncode == 130


def test_lock_of_a_dead_batch_is_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).write_text(json.dumps({"pid": 99999999, "started": "then"}))  # no process holds it
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    lines: list[str] = []
    [result] = run_batch(load_batch(path), echo=lines.append)
    assert result.ok
    assert "note: took over the lock of a batch that is no longer running (PID 99999999, started then)" in lines
    assert not (out / LOCK).exists()  # released at the end


def test_lock_refusal_in_process(tmp_path):
    from toolkit.reports.folders import OutputLock

    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    batch = load_batch(path)
    with OutputLock(batch.output):
        with pytest.raises(BatchError, match=rf"is in use by another batch \(PID {os.getpid()}"):
            run_batch(batch, echo=lambda line: None)
    assert not (batch.output / "a").exists()


# ------------------------------------------------------------------ item 4: signals

@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_with_jobs_2_stops_everything_and_starts_nothing_new(tmp_path, signum, status):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run(n, markers) for n in ("one", "two", "three")])
    proc = start_cli(path, "--jobs", "2")
    pids = wait_for(lambda: len(started(markers)) == 2 and started(markers), what="two runs to start")
    proc.send_signal(signum)
    out_text, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert f"interrupted ({signal.Signals(signum).name})" in err and "Traceback" not in err
    assert "not started: three" in err
    for kernel, worker in pids:
        assert not alive(kernel) and not alive(worker)
    time.sleep(1)
    assert len(started(markers)) == 2  # the queued run never started
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # no run folder, no hidden folder, no lock
    page = assert_index_describes_disk(out)
    assert page.count('<span class="interrupted">interrupted</span>') == 2
    assert '<span class="not-run">not run</span>' in page
    assert f"batch interrupted ({signal.Signals(signum).name})" in page


def test_interrupt_keeps_the_previous_complete_report(tmp_path):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run("a", markers, seconds=0)])
    assert main(["batch", str(path)]) == 0
    out = tmp_path / "out"
    before = (out / "a" / "report.html").read_bytes()
    path = write_batch(tmp_path, [slow_run("a", markers, seconds=60)])
    proc = start_cli(path)
    wait_for(lambda: len(started(markers)) == 2, what="the second run to start")
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert (out / "a" / "report.html").read_bytes() == before
    page = assert_index_describes_disk(out)
    assert '<a href="a/report.html">report</a>' in page
    assert '<a href="a/a.ipynb">notebook</a>' in page  # the earlier complete run's notebook
    assert "it was kept: this run did not finish in this batch" in page
    assert hidden_leftovers(out) == []


def test_sigkill_of_the_runner_takes_its_workers_and_kernels_with_it(tmp_path):
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run(n, markers, seconds=20) for n in ("one", "two", "three")])
    proc = start_cli(path, "--jobs", "2")
    pids = wait_for(lambda: len(started(markers)) == 2 and started(markers), what="two runs to start")
    proc.kill()
    proc.communicate(timeout=30)
    for kernel, worker in pids:
        wait_for(lambda: not alive(kernel) and not alive(worker), timeout=15, what="orphans to die")
    out = tmp_path / "out"
    wait_for(lambda: not list(out.glob(".*.tmp-*")), timeout=15, what="workers to remove their folders")
    time.sleep(21)  # past the notebooks' sleep: an orphan would now write its table and marker
    assert not (markers / "finished").exists()
    assert not list(out.glob(".*.tmp-*"))
    assert len(started(markers)) == 2
    assert_index_describes_disk(out)  # written at the start: every run pending, nothing linked
    # the next batch takes over the dead batch's lock and runs normally
    fast = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    lines: list[str] = []
    [result] = run_batch(load_batch(fast), echo=lines.append)
    assert result.ok and any(line.startswith("note: took over the lock") for line in lines)


# ------------------------------------------------------------------ item 5: bad names, paths and files

@pytest.mark.parametrize("make, message", [
    (lambda p: write_batch(p, [{"name": "index.html", "notebook": OK}]),
     "run name 'index.html' is reserved: the runner writes index.html itself"),
    (lambda p: write_batch(p, [{"name": "INDEX.HTML", "notebook": OK}]), "run name 'INDEX.HTML' is reserved"),
    (lambda p: write_batch(p, [{"name": "a", "notebook": OK, "parameters": {"class": 1}}]),
     "parameter name 'class' is a Python keyword: a notebook cannot assign it"),
    (lambda p: write_batch(p, [{"name": "a", "notebook": OK}, {"name": "A", "notebook": OK}]),
     "duplicate run name 'A' (first used on line 3)"),
    (lambda p: write_batch(p, [{"name": "a", "notebook": OK, "timeout": -1}]),
     "`timeout` must be a number of seconds > 0, got -1"),
    (lambda p: write_batch(p, [{"name": "a", "notebook": OK}], timeout="1h"),
     "`timeout` must be a number of seconds > 0, got '1h'"),
    (lambda p: write_bytes(p / "b.yml", b"runs:\n  - name: caf\xe9\n"),
     "b.yml:2: the batch file is not UTF-8 text (byte 0xe9 at offset 19); save it as UTF-8"),
    (lambda p: p, "is not a file (a folder?)"),
    (lambda p: write_bytes(p / "out", b"a file") and write_batch(p, [{"name": "a", "notebook": OK}]),
     "is a file, not a folder; choose a folder with `output:` or --output"),
])
def test_bad_names_paths_and_files_exit_2_with_one_message(tmp_path, capsys, make, message):
    assert main(["batch", str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("error: ") and "Traceback" not in err


def test_unwritable_output_folder_exits_2(tmp_path, capsys, monkeypatch):
    from toolkit.reports import folders

    real_open = os.open

    def refuse(path, *args, **kwargs):  # what a read-only folder does (root ignores chmod)
        if str(path).endswith(LOCK):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(folders.os, "open", refuse)
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    assert main(["batch", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"error: output folder {tmp_path / 'out'} is not writable (Permission denied)" in err


def test_unknown_parameter_fails_its_run_with_did_you_mean(tmp_path, capsys):
    path = write_batch(tmp_path, [{"name": "typo", "notebook": OK, "parameters": {"labl": "x"}},
                                  {"name": "fine", "notebook": OK}])
    assert main(["batch", str(path)]) == 1
    captured = capsys.readouterr().out
    assert ("[1/2] typo ... FAILED (0.0 s): ParameterError: line 6: unknown parameter 'labl' "
            "(did you mean 'label'?) for ok.ipynb; it takes: n, label") in captured
    assert "[2/2] fine ... ok" in captured
    out = tmp_path / "out"
    assert sorted(p.name for p in (out / "typo").iterdir()) == [MANIFEST, "error.txt"]  # nothing executed
    page = assert_index_describes_disk(out)
    assert "unknown parameter &#x27;labl&#x27; (did you mean &#x27;label&#x27;?)" in page


# ------------------------------------------------------------------ issue 13: the console

def test_console_shows_progress_and_no_kernel_noise(tmp_path, monkeypatch):
    monkeypatch.setattr(runner_mod, "HEARTBEAT", 1.0)
    markers = tmp_path / "markers"
    path = write_batch(tmp_path, [slow_run("s", markers, seconds=4), {"name": "b", "notebook": FAIL}])
    lines: list[str] = []
    run_batch(load_batch(path), echo=lines.append)
    assert any(re.fullmatch(r"      s: code cell 4 of 5, \d+ s", line) for line in lines), lines
    assert re.fullmatch(r"summary \(\d+\.\d s\):", lines[-5])
    assert re.fullmatch(r"  s  ok +\d+\.\d s", lines[-4])
    assert re.fullmatch(r"  b  failed +\d+\.\d s  FileNotFoundError: corpus not found: corpora/does-not-exist",
                        lines[-3])
    # the kernel's console output is kept for the failed run, not printed
    error = (tmp_path / "out" / "b" / "error.txt").read_text()
    assert "Kernel is running over TCP" not in error


def test_cli_output_has_no_kernel_warnings(tmp_path):
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    proc = subprocess.run([sys.executable, "-m", "toolkit", "batch", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0
    assert proc.stderr == ""
    for noise in ("Kernel is running over TCP", "KeyboardInterrupt caught in kernel", "WARNING", "ERROR"):
        assert noise not in proc.stdout
    assert proc.stdout.splitlines()[-1] == "the run is ok"


def test_folders_of_the_previous_runner_version_are_recognised(tmp_path):
    """Reports written before manifests existed: exactly the files that runner wrote, and its index."""
    out = tmp_path / "out"
    (out / "a" / "tables").mkdir(parents=True)
    for name in ("a.ipynb", "report.html", "tables/numbers.csv"):
        (out / "a" / name).write_text("old")
    (out / "index.html").write_text(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">"
        "<table><thead><tr><th>Run</th><th>Corpus (SHA-256)</th></tr></thead></table>")
    (out / "b").mkdir()
    (out / "b" / "b.ipynb").write_text("old")
    (out / "b" / "notes.txt").write_text("mine")  # not a file the runner writes: someone else's folder
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}, {"name": "b", "notebook": OK}])
    with pytest.raises(BatchError) as info:
        run_batch(load_batch(path), echo=lambda line: None)
    assert "/out/b is a folder the batch runner did not create" in str(info.value)
    assert "/out/a " not in str(info.value) and "index.html" not in str(info.value)
    path = write_batch(tmp_path, [{"name": "a", "notebook": OK}])
    [result] = run_batch(load_batch(path), echo=lambda line: None)
    assert result.ok and (out / "a" / MANIFEST).is_file()
    assert (out / "b" / "notes.txt").read_text() == "mine"
