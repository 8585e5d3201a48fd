"""Execute runs in a process of their own: ``python -m toolkit.reports.worker FD RUNNER_PID``.

The runner keeps one worker per job slot and writes each run to its standard input (one JSON line
per run, one run at a time); the worker answers with JSON lines on file descriptor ``FD``::

    {"event": "cell", "index": 3, "count": 12}     a code cell started (1-based index among code cells)
    {"event": "result", "result": {...}}          the RunResult, when the notebook and report are done

A worker that was stopped (time limit, interrupt) is replaced by a new one for the next run.
A worker writes only into the current run's temporary folder. Each run gets a new kernel, which
talks to the worker over local IPC sockets (no "Kernel is running over TCP without encryption"
warning); the console output goes to a log the runner keeps for failed runs. A worker dies with
the runner: if the runner is killed, the worker kills its kernel (and whatever the kernel
started) and removes the temporary folder.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.corpus.files import corpus_sha256
from toolkit.output import OUTPUT_ENV
from toolkit.paths import REPO_ROOT
from toolkit.reports.render import find_chromium, print_pdf, render_html
from toolkit.reports.results import RunResult, display_path, error_info, toolkit_version

__all__ = ["execute_run", "main"]

Progress = Callable[[int, int], None]


def _resolve_data_path(value: str, base: Path) -> Path:
    """A path parameter as the kernel will see it (cwd = ``base``), with the repo-root fallback."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    if (base / path).exists():
        return base / path
    if (REPO_ROOT / path).exists():
        return REPO_ROOT / path
    return base / path


def _engine(progress: Progress | None, ipc_dir: str) -> str:
    """Register and name a papermill engine that reports each code cell as it starts.

    Its kernel listens on IPC sockets in ``ipc_dir`` (one folder per run: two kernels never share
    a socket path).
    """
    from jupyter_client.manager import AsyncKernelManager
    from papermill.engines import NBClientEngine, papermill_engines
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(AsyncKernelManager):
        # local IPC sockets instead of TCP: nothing listens on the network, and ipykernel does
        # not warn about unencrypted TCP
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self):
            return os.path.join(ipc_dir, "kernel")

    class ProgressEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            code = [i for i, c in enumerate(nb_man.nb.cells) if c.cell_type == "code"]
            original = nb_man.cell_start

            def cell_start(cell, cell_index=None, **kw):
                if progress is not None and cell_index in code:
                    progress(code.index(cell_index) + 1, len(code))
                return original(cell, cell_index, **kw)

            nb_man.cell_start = cell_start
            kwargs.setdefault("kernel_manager_class", IPCKernelManager)
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register("toolkit-progress", ProgressEngine)
    return "toolkit-progress"


def execute_run(run: dict[str, Any], folder: Path, *, workdir: Path, show_code: bool = False,
                pdf: bool = False, progress: Progress | None = None) -> RunResult:
    """Execute one run in this process, writing into ``folder``; never raises for run errors.

    Parameters
    ----------
    run : dict
        ``name``, ``notebook`` (path), ``parameters``, and optionally ``corpus`` and ``warnings``.
    folder : Path
        The run's (temporary) folder: the executed notebook ``<name>.ipynb``, ``report.html``,
        ``report.pdf`` and the notebook's ``tables/`` are written here. The kernel finds it in
        the environment variable ``TOOLKIT_OUTPUT_DIR``, which the caller sets.
    workdir : Path
        Working directory of the kernel (the batch file's folder).
    show_code, pdf : bool
        Keep code cells in ``report.html``; also print ``report.pdf`` with Chromium when on PATH.
    progress : callable, optional
        Called with (i, n) when the i-th of n code cells starts.

    Returns
    -------
    RunResult
        Status ``"ok"``, or ``"failed"`` with ``error``. ``KeyboardInterrupt`` is not caught.
    """
    import papermill

    # papermill's own "Passed unknown parameter" warning and INFO lines are noise here
    logging.getLogger("papermill").setLevel(logging.ERROR)
    start = time.perf_counter()
    notebook = Path(run["notebook"])
    result = RunResult(
        name=run["name"], notebook=display_path(notebook, workdir), parameters=dict(run["parameters"]),
        status="failed", duration=0.0, toolkit_version=toolkit_version(), corpus=run.get("corpus"),
        warnings=list(run.get("warnings", [])),
    )
    if result.corpus is not None:
        try:
            result.corpus_sha256 = corpus_sha256(_resolve_data_path(result.corpus, workdir))
        except OSError as exc:
            result.corpus_note = f"not hashed: {exc}"
    nb_out = folder / f"{result.name}.ipynb"
    try:
        with tempfile.TemporaryDirectory(prefix="toolkit-kernel-") as ipc_dir:
            papermill.execute_notebook(
                str(notebook), str(nb_out), parameters=result.parameters, kernel_name="python3",
                cwd=str(workdir), progress_bar=False, log_output=False,
                engine_name=_engine(progress, ipc_dir),
            )
        render_html(nb_out, folder / "report.html", show_code=show_code, title=result.name)
        result.status = "ok"
    except Exception as exc:  # isolation: any failure of this run is recorded, not raised
        result.error = error_info(exc)
    result.duration = time.perf_counter() - start
    if result.ok and pdf:
        chromium = find_chromium()
        if chromium is None:
            result.pdf_note = "no PDF: chromium is not on PATH"
        else:
            try:
                print_pdf(folder / "report.html", folder / "report.pdf", chromium=chromium)
            except Exception as exc:  # a PDF is optional: note it, keep the run ok
                result.pdf_note = f"no PDF: {type(exc).__name__}: {exc}"
    return result


def main(argv: list[str] | None = None) -> int:
    """Worker entry point (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else argv
    runner_pid = int(argv[1])
    channel = os.fdopen(int(argv[0]), "w", buffering=1, encoding="utf-8")
    os.set_inheritable(channel.fileno(), False)
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")  # runs arrive here, one JSON line each
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # kernels inherit stdin: give them nothing
    current: dict[str, Any] = {}

    def send(message: dict[str, Any]) -> None:
        try:
            channel.write(json.dumps(message, default=str) + "\n")
            channel.flush()
        except (OSError, ValueError):  # the runner is gone
            pass

    def abort(*_: object) -> None:
        """Stop now: kill the kernel and what it started; drop the folder if the runner is gone."""
        try:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        except ValueError:  # called from the watchdog thread
            pass
        from toolkit.reports.procs import kill_descendants

        kill_descendants()
        # At the runner's death the kernel sends SIGTERM (PR_SET_PDEATHSIG) before this process is
        # re-parented: give it a moment. A runner that is alive cleans up the folder itself.
        deadline = time.monotonic() + 2
        while os.getppid() == runner_pid and time.monotonic() < deadline:
            time.sleep(0.05)
        if os.getppid() != runner_pid and current.get("folder"):  # nobody else will clean up
            shutil.rmtree(current["folder"], ignore_errors=True)
        os._exit(143)

    signal.signal(signal.SIGTERM, abort)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides what an interrupt means
    from toolkit.reports.procs import die_with_parent

    if os.getppid() != runner_pid:
        abort()
    die_with_parent(abort)
    for line in requests:  # one run after the other; the runner closes stdin when there are no more
        spec = json.loads(line)
        current["folder"] = spec["folder"]
        os.environ[OUTPUT_ENV] = spec["folder"]  # the kernel inherits it: save_table writes there
        result = execute_run(spec["run"], Path(spec["folder"]), workdir=Path(spec["workdir"]),
                             show_code=spec["show_code"], pdf=spec["pdf"],
                             progress=lambda i, n: send({"event": "cell", "index": i, "count": n}))
        current.clear()
        send({"event": "result", "result": result.to_dict()})
    channel.close()
    os._exit(0)  # everything is written; skip the slow interpreter teardown


if __name__ == "__main__":
    sys.exit(main())
