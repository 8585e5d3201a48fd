"""Run a batch of parameterised notebooks and write HTML reports (the public entry points).

The work is split into modules of one job each:

- :mod:`toolkit.reports.spec`: read and check the batch file (:func:`load_batch`);
- :mod:`toolkit.reports.runner`: run it, a worker process per run, with time limits, signals
  and the output-folder lock (:func:`run_batch`);
- :mod:`toolkit.reports.worker`: execute one notebook with papermill and render it (:func:`execute_run`);
- :mod:`toolkit.reports.render`: notebook → HTML, HTML → PDF;
- :mod:`toolkit.reports.folders`: what the runner may touch in the output folder (manifests, lock,
  temporary folders, atomic swaps);
- :mod:`toolkit.reports.index`: the index page, rendered from what is on disk;
- :mod:`toolkit.reports.results`: :class:`RunResult`, error details.

Use from Python::

    from toolkit.reports.batch import load_batch, run_batch
    results = run_batch(load_batch("reports.yml"), jobs=2, timeout=600)

or from the command line: ``python -m toolkit batch reports.yml --jobs 2 --timeout 600``.
"""
from toolkit.corpus.files import corpus_sha256
from toolkit.reports.render import find_chromium, print_pdf, render_html
from toolkit.reports.results import RunResult
from toolkit.reports.runner import BatchInterrupted, run_batch
from toolkit.reports.spec import DEFAULT_TIMEOUT, Batch, Run, load_batch, notebook_parameters
from toolkit.reports.worker import execute_run

__all__ = [
    "Batch", "Run", "RunResult", "BatchInterrupted", "DEFAULT_TIMEOUT",
    "corpus_sha256", "execute_run", "load_batch", "notebook_parameters", "run_batch",
    "render_html", "find_chromium", "print_pdf",
]
