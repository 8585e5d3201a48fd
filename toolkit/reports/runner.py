"""Run the runs of a batch, each in a worker process, with a time limit, and keep the index true.

Guarantees (see :mod:`toolkit.reports.folders` for what the runner may touch):

- one batch per output folder at a time (a second one refuses at once, naming the holder's PID);
- runs are isolated: a failing notebook, a crashed worker or a run over its time limit marks that
  run failed ("timed out after N s") and the others go on;
- a run folder is swapped in only when complete; ``index.html`` is rewritten atomically at the
  start and after every run, from the manifests on disk, so it always describes what is there;
- Ctrl-C (SIGINT) and SIGTERM: nothing new starts, running runs are stopped with everything they
  started and leave no folder (the previous complete folder, if any, stays), the index says which
  runs were interrupted or not run, and :class:`BatchInterrupted` is raised;
- if the runner itself is killed (SIGKILL), its workers notice and stop their kernels and remove
  their temporary folders; the next batch removes anything left and says so.
"""
from __future__ import annotations

import dataclasses
import os
import selectors
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.errors import BatchError, ParameterError, check_positive_int
from toolkit.reports import folders, pool
from toolkit.reports.pool import Job, Worker
from toolkit.reports.index import write_index
from toolkit.reports.console import plural as _plural
from toolkit.reports.console import progress_line as _progress_line
from toolkit.reports.console import summary as _summary
from toolkit.reports.render import find_chromium
from toolkit.reports.results import RunResult, display_path, error_text, toolkit_version
from toolkit.reports.spec import Batch, Run, check_timeout

__all__ = ["BatchInterrupted", "run_batch"]

#: Seconds between "still running" lines for a long run.
HEARTBEAT = 30.0
#: Bytes of a failed run's console output kept in error.txt.
LOG_TAIL = 6000


class BatchInterrupted(KeyboardInterrupt):
    """The batch was stopped by SIGINT or SIGTERM; ``results`` says what each run became."""

    def __init__(self, signum: int, results: list[RunResult]):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.results = results


class _Runner:
    def __init__(self, batch: Batch, *, jobs: int, show_code: bool, pdf: bool, timeout: float | None,
                 echo: Callable[[str], None]):
        self.batch, self.jobs, self.show_code, self.pdf, self.echo = batch, jobs, show_code, pdf, echo
        self.timeout = timeout
        self.output = batch.output
        self.started_iso = folders.now_iso()
        self.results: dict[str, RunResult] = {r.name: self._blank(r, "pending") for r in batch.runs}
        self.workers: list[Worker] = []
        self.done = 0
        self.signum: int | None = None
        self.pdf_note = ("PDFs were requested but chromium is not on PATH; no PDF was written."
                         if pdf and find_chromium() is None else "")
        self.selector = selectors.DefaultSelector()

    # ------------------------------------------------------------------ bookkeeping
    def _blank(self, run: Run, status: str) -> RunResult:
        return RunResult(name=run.name, notebook=display_path(run.notebook, self.batch.workdir),
                         parameters=dict(run.parameters), status=status, duration=0.0,
                         toolkit_version=toolkit_version(), corpus=run.corpus, warnings=list(run.warnings),
                         timeout=self._limit(run))

    def _limit(self, run: Run) -> float:
        if run.timeout is not None:
            return run.timeout
        return self.timeout if self.timeout is not None else self.batch.timeout

    def _index(self, state: str) -> None:
        write_index(self.output, [self.results[r.name] for r in self.batch.runs], title=self.batch.title,
                    batch_file=self.batch.path, started=self.started_iso, pdf_note=self.pdf_note, state=state)

    # ------------------------------------------------------------------ workers
    @property
    def running(self) -> list[Job]:
        return [w.job for w in self.workers if w.job is not None]

    def _spawn(self) -> Worker:
        worker = pool.spawn()
        self.workers.append(worker)
        self.selector.register(worker.channel, selectors.EVENT_READ, worker)
        return worker

    def _retire(self, worker: Worker, *, kill: bool) -> None:
        """Stop a worker (with its kernel and everything the kernel started) and forget it."""
        pool.stop(worker, kill=kill)
        while worker.channel >= 0:
            self._read(worker)
        worker.log.close()
        self.workers.remove(worker)

    def _start(self, run: Run) -> None:
        tmp = folders.new_tmp(self.output, run.name, batch_started=self.started_iso)
        if run.problems:  # an unknown parameter: the run fails without executing
            result = self._blank(run, "failed")
            result.error = {"ename": "ParameterError", "evalue": "; ".join(run.problems), "cell_index": None,
                            "exec_count": None, "source": "", "traceback": ""}
            self._finish(run, tmp, result)
            return
        worker = next((w for w in self.workers if w.job is None), None) or self._spawn()
        now = time.monotonic()
        worker.job = Job(run, tmp, worker, now, now + self._limit(run), last_echo=now,
                          log_offset=os.fstat(worker.log.fileno()).st_size)
        self.results[run.name].status = "running"
        spec = {"run": {"name": run.name, "notebook": str(run.notebook), "parameters": run.parameters,
                        "corpus": run.corpus, "warnings": list(run.warnings)},
                "folder": str(tmp), "workdir": str(self.batch.workdir), "show_code": self.show_code,
                "pdf": self.pdf}
        pool.send_run(worker, spec)

    # ------------------------------------------------------------------ events
    def _read(self, worker: Worker) -> None:
        channel = worker.channel
        messages = pool.read_messages(worker)
        if messages is None:
            self.selector.unregister(channel)
            return
        for message in messages:
            job = worker.job
            if job is None:
                continue
            if message.get("event") == "cell":
                job.cell = (int(message["index"]), int(message["count"]))
            elif message.get("event") == "result":
                worker.job = None  # idle again: it takes the next run
                self._completed(job, RunResult.from_dict(message["result"]))

    def _log_tail(self, job: Job) -> str:
        return pool.log_tail(job.worker, job.log_offset, LOG_TAIL)

    def _where(self, job: Job) -> str:
        return f" in code cell {job.cell[0]} of {job.cell[1]}" if job.cell else " while starting"

    def _completed(self, job: Job, result: RunResult) -> None:
        result.timeout = self._limit(job.run)
        if not result.ok:
            result.log = self._log_tail(job)
        self._finish(job.run, job.tmp, result)

    def _lost(self, job: Job, *, timed_out: bool) -> None:
        """The job's worker died, or the job ran over its time limit: stop the worker, report the run."""
        worker = job.worker
        worker.job = None
        self._retire(worker, kill=True)
        result = self._blank(job.run, "failed")
        result.duration = time.monotonic() - job.started
        if timed_out:
            result.status = "timed out"
            evalue = f"timed out after {self._limit(job.run):g} s{self._where(job)}; the run was stopped"
            result.error = {"ename": "Timeout", "evalue": evalue}
        else:
            code = worker.proc.returncode
            how = f"signal {signal.Signals(-code).name}" if code < 0 else f"status {code}"
            result.error = {"ename": "WorkerDied",
                            "evalue": f"the run's process ended ({how}){self._where(job)} before it finished"}
        result.timeout = self._limit(job.run)
        self._finish(job.run, job.tmp, result)

    # ------------------------------------------------------------------ writing
    def _finish(self, run: Run, tmp: Path, result: RunResult) -> None:
        """Describe what is in ``tmp``, swap it in as ``<output>/<name>``, rewrite the index."""
        import nbformat

        rel = Path(run.name)
        result.files, result.tables = {}, []
        notebook = tmp / f"{run.name}.ipynb"
        if notebook.is_file():
            try:
                nbformat.read(notebook, as_version=4)
                result.files["notebook"] = (rel / notebook.name).as_posix()
            except Exception:  # cut short while papermill was writing it
                notebook.unlink()
                result.note = "the partly executed notebook was being written when the run stopped; it was dropped"
        if result.ok:
            result.files["report"] = (rel / "report.html").as_posix()
            if (tmp / "report.pdf").is_file():
                result.files["pdf"] = (rel / "report.pdf").as_posix()
        else:
            (tmp / "report.html").unlink(missing_ok=True)
            (tmp / "report.pdf").unlink(missing_ok=True)
            (tmp / "error.txt").write_text(error_text(result), encoding="utf-8")
            result.files["error"] = (rel / "error.txt").as_posix()
        if (tmp / "tables").is_dir():
            result.tables = sorted((rel / "tables" / p.name).as_posix() for p in (tmp / "tables").glob("*.csv"))
        result.written = folders.now_iso()
        result.batch_started = self.started_iso
        folders.write_json(tmp / folders.MANIFEST, {
            "toolkit_batch": 1, "state": "complete", "name": run.name, "pid": os.getpid(),
            "batch_file": str(self.batch.path), "batch_started": self.started_iso, "written": result.written,
            "result": result.to_dict()})
        try:
            folders.install(tmp, self.output / run.name)
        except BatchError as exc:
            folders.remove_tmp(tmp)
            result = dataclasses.replace(result, status="failed", files={}, tables=[],
                                         error={"ename": "BatchError", "evalue": str(exc)})
        self.results[run.name] = result
        self.done += 1
        self.echo(_progress_line(self.done, len(self.batch.runs), result))
        self._index("running")

    # ------------------------------------------------------------------ the loop
    def _stop_all(self) -> None:
        for worker in list(self.workers):
            job = worker.job
            worker.job = None
            self._retire(worker, kill=True)
            if job is not None:
                folders.remove_tmp(job.tmp)
                self.results[job.run.name].status = "interrupted"

    def _handler(self, signum: int, frame: Any) -> None:
        if self.signum is None:
            self.signum = signum

    def run(self) -> list[RunResult]:
        pending = list(self.batch.runs)
        self._index("running")
        try:
            while pending or self.running:
                if self.signum is not None:
                    raise KeyboardInterrupt
                while pending and len(self.running) < self.jobs and self.signum is None:
                    self._start(pending.pop(0))
                if not self.running:
                    continue
                for key, _ in self.selector.select(timeout=0.25):
                    self._read(key.data)
                now = time.monotonic()
                for worker in list(self.workers):
                    job = worker.job
                    if job is None:
                        if worker.proc.poll() is not None:
                            self._retire(worker, kill=False)
                    elif worker.proc.poll() is not None:
                        while worker.channel >= 0 and worker.job is not None:  # a last result in the pipe?
                            self._read(worker)
                        if worker.job is not None:
                            self._lost(job, timed_out=False)
                    elif now >= job.deadline:
                        self._lost(job, timed_out=True)
                    elif now - job.last_echo >= HEARTBEAT:
                        job.last_echo = now
                        cell = f"code cell {job.cell[0]} of {job.cell[1]}, " if job.cell else "starting, "
                        self.echo(f"      {job.run.name}: {cell}{now - job.started:.0f} s")
            for worker in list(self.workers):
                self._retire(worker, kill=False)
        except KeyboardInterrupt:
            self._stop_all()
            for run in pending:
                self.results[run.name].status = "not run"
            signum = self.signum or signal.SIGINT
            self._index(f"interrupted ({signal.Signals(signum).name})")
            raise BatchInterrupted(signum, [self.results[r.name] for r in self.batch.runs]) from None
        except BaseException:
            self._stop_all()
            raise
        finally:
            self.selector.close()
        self._index("finished")
        return [self.results[r.name] for r in self.batch.runs]


def run_batch(
    batch: Batch,
    *,
    jobs: int = 1,
    show_code: bool = False,
    pdf: bool = False,
    timeout: float | None = None,
    echo: Callable[[str], None] = print,
) -> list[RunResult]:
    """Run every run of ``batch``, write the run folders and ``index.html``.

    Parameters
    ----------
    batch : Batch
        From :func:`toolkit.reports.spec.load_batch`.
    jobs : int
        Runs executed at once, each in its own worker process.
    show_code : bool
        Keep the code cells in the HTML reports.
    pdf : bool
        Also print each report to PDF with headless Chromium when available.
    timeout : float, optional
        Seconds each run may take, for runs without their own ``timeout:`` (default: the batch
        file's ``timeout:``, else 1800).
    echo : callable
        Receives the console lines: ``[k/n] name ... ok (12.3 s)`` as runs finish, a line every
        30 s for a long run (``name: code cell 5 of 12, 45 s``) and the summary.

    Returns
    -------
    list of RunResult
        In the order of the batch file; ``status`` is ``ok``, ``failed`` or ``timed out``.

    Raises
    ------
    BatchError
        Before anything runs: the output folder is locked by another batch (its PID is named), is
        a file, is not writable, or holds a run folder or ``index.html`` the runner did not create.
    BatchInterrupted
        On SIGINT or SIGTERM (a ``KeyboardInterrupt``), after stopping the running runs and
        rewriting the index; its ``results`` say which runs were interrupted or not run.
    """
    check_positive_int("jobs", jobs)
    if timeout is not None and (problem := check_timeout(timeout)) is not None:
        raise ParameterError(problem)
    if problems := folders.ownership_problems(batch.output, [r.name for r in batch.runs]):
        raise BatchError("the batch cannot write into its output folder (nothing was run):\n  " + "\n  ".join(problems))
    lock = folders.OutputLock(batch.output, batch_file=batch.path).acquire()
    handlers: dict[int, Any] = {}
    try:
        if problems := folders.ownership_problems(batch.output, [r.name for r in batch.runs]):
            raise BatchError("the batch cannot write into its output folder (nothing was run):\n  "
                             + "\n  ".join(problems))
        if lock.stale_holder:
            echo(f"note: took over the lock of a batch that is no longer running "
                 f"(PID {lock.stale_holder.get('pid')}, started {lock.stale_holder.get('started')})")
        for message in folders.clean_stale(batch.output):
            echo(f"note: {message}")
        runner = _Runner(batch, jobs=jobs, show_code=show_code, pdf=pdf, timeout=timeout, echo=echo)
        for run in batch.runs:
            for warning in run.warnings:
                echo(f"warning: {batch.path.name} run {run.name!r}, {warning}")
        if runner.pdf_note:
            echo(f"note: {runner.pdf_note}")
        n = len(batch.runs)
        limits = sorted({runner._limit(r) for r in batch.runs})
        echo(f"running {_plural(n, 'run')} into {batch.output} ({_plural(jobs, 'job')} at a time; "
             f"time limit {', '.join(f'{t:g}' for t in limits)} s per run)")
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                handlers[signum] = signal.signal(signum, runner._handler)
        start = time.monotonic()
        results = runner.run()
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        lock.release()
    _summary(results, time.monotonic() - start, batch.output, echo)
    return results
