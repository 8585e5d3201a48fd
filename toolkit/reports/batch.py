"""Run a batch of parameterised notebooks with papermill and write HTML reports.

A batch file is YAML::

    output: reports            # folder to write (relative to the batch file)
    runs:
      - name: framing-all      # folder name of this run
        notebook: notebooks/framing.ipynb
        parameters: {corpus: corpora/demo, unit: sentence}

Each run writes ``<output>/<name>/`` with the executed notebook
(``<name>.ipynb``), ``report.html`` (code hidden unless ``show_code``) and the
CSV tables the notebook saved with :func:`toolkit.output.save_table`; a failed
run writes the partly executed notebook and ``error.txt`` instead of the
report. ``<output>/index.html`` lists every run (see
:mod:`toolkit.reports.index`).

Guarantees
----------
- The whole batch file is checked before anything runs; every problem is
  reported with its line (:class:`toolkit.errors.BatchError`).
- Runs are isolated: an exception in one run (in the notebook, in nbconvert,
  even a crashed worker process) marks that run failed and the others go on.
- Writes are atomic per run: a run is written into a hidden
  ``<output>/.<name>.tmp-XXXX`` folder and renamed to ``<output>/<name>``
  only when complete, so an interrupted batch never leaves a half-written
  folder that looks complete.
- Relative paths (notebooks, the ``output`` folder, the kernel's working
  directory) are relative to the batch file's folder; notebooks fall back to
  the repository root (as :func:`toolkit.paths.resolve_path` does for corpora).
"""
from __future__ import annotations

import ast
import concurrent.futures as cf
import datetime as _dt
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
import traceback as _traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.corpus.load import SUPPORTED
from toolkit.errors import BatchError, check_positive_int
from toolkit.output import OUTPUT_ENV
from toolkit.paths import REPO_ROOT

__all__ = [
    "Batch",
    "Run",
    "RunResult",
    "corpus_sha256",
    "execute_run",
    "load_batch",
    "notebook_parameters",
    "run_batch",
]

#: A run name becomes a folder name: letters, digits, ``.``, ``_``, ``-``; no leading dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: File types hashed by :func:`corpus_sha256` in a folder: the ones ``load_corpus`` reads.
CORPUS_SUFFIXES = SUPPORTED
TOP_KEYS = frozenset({"output", "runs", "title"})
RUN_KEYS = frozenset({"name", "notebook", "parameters"})
#: Lines of the raising cell's source kept in the index and ``error.txt``.
SOURCE_EXCERPT_LINES = 12
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Run:
    """One validated run of a batch file.

    ``line`` is the 1-based line of the run in the batch file; ``warnings``
    are soft problems (e.g. unknown parameters) to print and show in the index.
    """

    name: str
    notebook: Path
    parameters: dict[str, Any]
    line: int
    warnings: tuple[str, ...] = ()
    corpus: str | None = None  # the corpus path the run uses (parameter or notebook default)


@dataclass(frozen=True)
class Batch:
    """A validated batch file: where to write and what to run."""

    path: Path
    output: Path
    runs: tuple[Run, ...]
    title: str = "Reports"

    @property
    def workdir(self) -> Path:
        """Folder the kernels run in: the batch file's folder."""
        return self.path.parent


@dataclass
class RunResult:
    """What happened to one run; everything the index needs (picklable)."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    status: str  # "ok" or "failed"
    duration: float
    toolkit_version: str
    corpus: str | None = None
    corpus_sha256: str | None = None
    corpus_note: str = ""
    warnings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # role -> path relative to the output folder
    tables: list[str] = field(default_factory=list)  # relative paths of the CSV tables
    error: dict[str, Any] | None = None  # ename, evalue, cell_index, exec_count, source
    pdf_note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --------------------------------------------------------------------------- loading


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _mapping_items(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value)


def _scalar_key(key: yaml.Node) -> str | None:
    return key.value if isinstance(key, yaml.ScalarNode) else None


def _construct(node: yaml.Node) -> Any:
    """Python value of a composed node, with PyYAML's safe rules."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _resolve_notebook(value: str, base: Path) -> Path | None:
    path = Path(value).expanduser()
    candidates = [path] if path.is_absolute() else [base / path, REPO_ROOT / path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


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


def notebook_parameters(notebook: str | Path) -> dict[str, str] | None:
    """Names and default values (source text) assigned in the notebook's ``parameters`` cell.

    Parsed with :mod:`ast` rather than ``papermill.inspect_notebook``, whose
    line-based parser skips any line with two ``=`` (e.g. a default string
    containing ``=``). Returns None when no cell is tagged ``parameters``.
    """
    import nbformat

    nb = nbformat.read(Path(notebook), as_version=4)
    cell = next((c for c in nb.cells
                 if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return None
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                       for line in cell.source.splitlines())
    declared: dict[str, str] = {}
    for stmt in ast.parse(source).body:
        targets = (stmt.targets if isinstance(stmt, ast.Assign)
                   else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value else [])
        for target in targets:
            if isinstance(target, ast.Name):
                declared[target.id] = ast.get_source_segment(source, stmt.value) or ""
    return declared


def load_batch(path: str | Path, *, output: str | Path | None = None) -> Batch:
    """Read and check a batch file; nothing runs.

    Parameters
    ----------
    path : str or Path
        The YAML batch file.
    output : str or Path, optional
        Output folder overriding the file's ``output`` (default ``reports``).

    Returns
    -------
    Batch
        The output folder and the runs, each with its warnings (unknown
        parameters, a notebook without a ``parameters`` cell).

    Raises
    ------
    BatchError
        Listing every problem as ``FILE:LINE: message``: unreadable YAML,
        missing ``runs``, ``runs`` not a list, a run without ``name`` or
        ``notebook``, an unsafe or duplicate name, a notebook that does not
        exist, ``parameters`` not a mapping, unknown keys.
    """
    path = Path(path)
    if not path.is_file():
        raise BatchError(f"batch file not found: {path}")
    text = path.read_text(encoding="utf-8")
    where = str(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise BatchError(f"{where}:{line}: not valid YAML: {problem}") from None

    errors: list[str] = []

    def fail(node: yaml.Node | None, message: str) -> None:
        errors.append(f"{where}:{_line(node)}: {message}")

    if not isinstance(root, yaml.MappingNode):
        raise BatchError(
            f"{where}:{_line(root)}: a batch file must be a mapping with `output` and `runs`"
        )

    top: dict[str, yaml.Node] = {}
    for key, value in _mapping_items(root):
        name = _scalar_key(key)
        if name not in TOP_KEYS:
            fail(key, f"unknown key {name!r}; expected {sorted(TOP_KEYS)}")
        else:
            top[name] = value

    base = path.parent.resolve()
    out_node = top.get("output")
    out_value: Any = "reports" if out_node is None else _construct(out_node)
    if not isinstance(out_value, str) or not out_value.strip():
        fail(out_node, f"`output` must be a folder name, got {out_value!r}")
        out_value = "reports"
    title_node = top.get("title")
    title = "Reports" if title_node is None else str(_construct(title_node))

    runs_node = top.get("runs")
    runs: list[Run] = []
    if runs_node is None:
        fail(root, "missing `runs`: a list of runs, each with `name` and `notebook`")
    elif not isinstance(runs_node, yaml.SequenceNode):
        fail(runs_node, "`runs` must be a list of runs (each item starts with `- name: ...`)")
    elif not runs_node.value:
        fail(runs_node, "`runs` is empty")
    else:
        seen: dict[str, int] = {}
        for item in runs_node.value:
            run = _check_run(item, base, seen, fail)
            if run is not None:
                runs.append(run)

    if errors:
        raise BatchError(
            f"invalid batch file ({len(errors)} problem{'s' if len(errors) > 1 else ''}; "
            "nothing was run):\n  " + "\n  ".join(errors)
        )
    out_dir = Path(output) if output is not None else Path(out_value).expanduser()
    if not out_dir.is_absolute():
        out_dir = (base if output is None else Path.cwd()) / out_dir
    return Batch(path=path.resolve(), output=out_dir.resolve(), runs=tuple(runs), title=title)


def _check_run(
    item: yaml.Node, base: Path, seen: dict[str, int], fail: Callable[[yaml.Node | None, str], None]
) -> Run | None:
    """Check one item of ``runs``; report problems through ``fail``; None when unusable."""
    if not isinstance(item, yaml.MappingNode):
        fail(item, "each run must be a mapping with `name`, `notebook` and optional `parameters`")
        return None
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in _mapping_items(item):
        name = _scalar_key(key)
        if name not in RUN_KEYS:
            fail(key, f"unknown key {name!r} in a run; expected {sorted(RUN_KEYS)}")
        else:
            fields[name] = (key, value)
    ok = True

    name = None
    if "name" not in fields:
        fail(item, "run has no `name`")
        ok = False
    else:
        node = fields["name"][1]
        name = _construct(node)
        if not isinstance(name, str) or not SAFE_NAME.match(name):
            fail(node, f"run name {name!r} is not a safe folder name "
                       "(letters, digits, '.', '_', '-'; not starting with '.' or '-'; at most 100)")
            ok = False
        elif name in seen:
            fail(node, f"duplicate run name {name!r} (first used on line {seen[name]})")
            ok = False
        else:
            seen[name] = _line(node)

    notebook = None
    if "notebook" not in fields:
        fail(item, f"run {name!r} has no `notebook`")
        ok = False
    else:
        node = fields["notebook"][1]
        value = _construct(node)
        if not isinstance(value, str) or not value.endswith(".ipynb"):
            fail(node, f"`notebook` must be a path to a .ipynb file, got {value!r}")
            ok = False
        else:
            notebook = _resolve_notebook(value, base)
            if notebook is None:
                looked = base if base == REPO_ROOT.resolve() else f"{base} and {REPO_ROOT}"
                fail(node, f"notebook {value!r} does not exist (looked in {looked})")
                ok = False

    parameters: dict[str, Any] = {}
    param_lines: dict[str, int] = {}
    if "parameters" in fields:
        node = fields["parameters"][1]
        value = _construct(node)
        if value is None:
            pass
        elif not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            fail(node, f"`parameters` of run {name!r} must be a mapping (name: value), "
                       f"got {type(value).__name__}")
            ok = False
        else:
            for key_node, _ in node.value:
                param_lines[str(_construct(key_node))] = _line(key_node)
            bad = [k for k in value if not isinstance(k, str) or not k.isidentifier()]
            if bad:
                fail(node, f"parameter names must be Python identifiers, got {bad!r}")
                ok = False
            parameters = value
    if not ok:
        return None

    assert notebook is not None and name is not None
    warnings: list[str] = []
    try:
        declared = notebook_parameters(notebook)
    except Exception as exc:  # an unreadable notebook is a batch-file problem, found before running
        fail(fields["notebook"][1], f"notebook {str(notebook)!r} cannot be read: {exc}")
        return None
    if declared is None:
        warnings.append(
            f"line {_line(item)}: notebook {notebook.name} has no cell tagged `parameters`; "
            "papermill inserts the parameters at the top"
        )
        declared = {}
    elif unknown := [k for k in parameters if k not in declared]:
        for key in unknown:
            warnings.append(
                f"line {param_lines.get(key, _line(item))}: unknown parameter {key!r} for "
                f"{notebook.name} (it declares: {', '.join(declared) or 'none'}); it is passed "
                "but the notebook does not use it"
            )

    corpus = parameters.get("corpus")
    if corpus is None and "corpus" in declared:
        try:  # the notebook default, e.g. "'corpora/demo'"
            corpus = ast.literal_eval(declared["corpus"])
        except (ValueError, SyntaxError):
            corpus = None
    return Run(
        name=name,
        notebook=notebook,
        parameters=dict(parameters),
        line=_line(item),
        warnings=tuple(warnings),
        corpus=str(corpus) if isinstance(corpus, (str, os.PathLike)) else None,
    )


# --------------------------------------------------------------------------- hashing


def corpus_sha256(path: str | Path, *, suffixes: Iterable[str] = CORPUS_SUFFIXES) -> str:
    """SHA-256 of a corpus file or folder, to identify the data a report was made from.

    Parameters
    ----------
    path : str or Path
        A corpus file, or a folder of corpus files.
    suffixes : iterable of str, optional
        File types included when ``path`` is a folder (default
        :data:`CORPUS_SUFFIXES`, what :func:`toolkit.corpus.load.load_corpus`
        reads); READMEs and hidden files are not data.

    Returns
    -------
    str
        64 hex digits. For a file: ``sha256(file bytes)`` (what ``sha256sum``
        prints). For a folder: one SHA-256 over the files whose suffix is in
        ``suffixes`` (recursively, skipping names starting with ``.``), in
        order of their ``/``-separated relative paths, each fed as
        ``relpath (UTF-8) + b"\\0" + str(size) + b"\\0" + bytes``, so renaming,
        moving or editing any data file changes the digest.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    """
    path = Path(path)
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    if not path.is_dir():
        raise FileNotFoundError(f"corpus not found: {path}")
    wanted = {s.lower() for s in suffixes}
    files = []
    for file in path.rglob("*"):
        rel = file.relative_to(path)
        if any(part.startswith(".") for part in rel.parts) or not file.is_file():
            continue
        if file.suffix.lower() in wanted:
            files.append((rel.as_posix(), file))
    digest = hashlib.sha256()
    for rel, file in sorted(files):
        data = file.read_bytes()
        digest.update(rel.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


# --------------------------------------------------------------------------- one run


def _display_path(path: Path, base: Path) -> str:
    """``path`` relative to the batch folder or the repository root when inside one (shorter)."""
    for root in (base, REPO_ROOT):
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _toolkit_version() -> str:
    import toolkit

    return getattr(toolkit, "__version__", "unknown")


def _strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def _error_info(exc: BaseException) -> dict[str, Any]:
    """The parts of an exception the index shows (ename, evalue, the cell that raised)."""
    ename = getattr(exc, "ename", None)
    if ename is not None:  # papermill.PapermillExecutionError: the error inside the notebook
        source = str(getattr(exc, "source", "") or "")
        lines = source.splitlines()
        excerpt = "\n".join(lines[:SOURCE_EXCERPT_LINES])
        if len(lines) > SOURCE_EXCERPT_LINES:
            excerpt += f"\n... ({len(lines) - SOURCE_EXCERPT_LINES} more lines)"
        return {
            "ename": str(ename),
            "evalue": _strip_ansi(str(getattr(exc, "evalue", ""))),
            "cell_index": getattr(exc, "cell_index", None),
            "exec_count": getattr(exc, "exec_count", None),
            "source": excerpt,
            "traceback": _strip_ansi("\n".join(getattr(exc, "traceback", []) or [])),
        }
    return {
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "cell_index": None,
        "exec_count": None,
        "source": "",
        "traceback": "".join(_traceback.format_exception(exc)),
    }


def _error_text(result: RunResult) -> str:
    err = result.error or {}
    lines = [
        f"run: {result.name}",
        f"notebook: {result.notebook}",
        f"parameters: {result.parameters!r}",
        f"error: {err.get('ename')}: {err.get('evalue')}",
    ]
    if err.get("cell_index") is not None:
        lines.append(f"cell: {err['cell_index']} (In [{err.get('exec_count')}])")
    if err.get("source"):
        lines += ["source:", err["source"]]
    if err.get("traceback"):
        lines += ["", "traceback:", err["traceback"]]
    return "\n".join(lines) + "\n"


def render_html(notebook: Path, target: Path, *, show_code: bool = False, title: str = "") -> None:
    """Write ``notebook`` as a standalone HTML page (code cells hidden unless ``show_code``).

    Notebook HTML outputs are embedded as they are: notebooks render article
    text with :func:`toolkit.output.show`, which escapes it.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    exporter = HTMLExporter(exclude_input=not show_code, exclude_input_prompt=not show_code,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or notebook.stem}})
    target.write_text(body, encoding="utf-8")


def find_chromium() -> str | None:
    """Path of a Chromium executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_file: Path, pdf_file: Path, *, chromium: str, timeout: float = 120) -> None:
    """Print ``html_file`` to ``pdf_file`` with headless Chromium (see ENV-NOTES: no webpdf here)."""
    with tempfile.TemporaryDirectory(prefix="toolkit-chromium-") as profile:
        cmd = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF (exit {proc.returncode}): {proc.stderr[-500:]}")


def _replace_dir(tmp: Path, final: Path) -> None:
    """Move the finished ``tmp`` folder to ``final``, replacing an older ``final``.

    The old folder is first renamed aside (hidden), so at every moment
    ``final`` is either the old complete run or the new complete run.
    """
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def execute_run(
    run: Run,
    output: Path,
    *,
    workdir: Path,
    show_code: bool = False,
    pdf: bool = False,
) -> RunResult:
    """Execute one run and write ``<output>/<run.name>/`` atomically; never raises for run errors.

    Parameters
    ----------
    run : Run
        A validated run (from :func:`load_batch`).
    output : Path
        The batch output folder.
    workdir : Path
        Working directory of the kernel (the batch file's folder).
    show_code : bool
        Keep code cells in ``report.html``.
    pdf : bool
        Also print ``report.pdf`` with headless Chromium, when it is on PATH.

    Returns
    -------
    RunResult
        Status ``"ok"`` with ``files`` = notebook, report (and pdf), or
        ``"failed"`` with ``error`` and ``files`` = notebook (partial), error.
        ``KeyboardInterrupt`` is not caught: the temporary folder is removed
        and the previous ``<output>/<name>/`` (if any) is left untouched.
    """
    import papermill

    # papermill's own "Passed unknown parameter" warning duplicates ours; its INFO lines are noise
    logging.getLogger("papermill").setLevel(logging.ERROR)
    output.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    result = RunResult(
        name=run.name,
        notebook=_display_path(run.notebook, workdir),
        parameters=dict(run.parameters),
        status="failed",
        duration=0.0,
        toolkit_version=_toolkit_version(),
        corpus=run.corpus,
        warnings=list(run.warnings),
    )
    if run.corpus is not None:
        try:
            result.corpus_sha256 = corpus_sha256(_resolve_data_path(run.corpus, workdir))
        except OSError as exc:
            result.corpus_note = f"not hashed: {exc}"

    tmp = Path(tempfile.mkdtemp(prefix=f".{run.name}.tmp-", dir=output))
    tmp.chmod(0o755)  # mkdtemp makes it private; reports are meant to be shared
    nb_out = tmp / f"{run.name}.ipynb"
    previous_env = os.environ.get(OUTPUT_ENV)
    # The kernel inherits this process's environment: toolkit.output.save_table writes here.
    # Each run sets it before its kernel starts (one process per run with --jobs).
    os.environ[OUTPUT_ENV] = str(tmp)
    moved = False
    try:
        try:
            papermill.execute_notebook(
                str(run.notebook), str(nb_out), parameters=run.parameters, kernel_name="python3",
                cwd=str(workdir), progress_bar=False, log_output=False,
            )
            render_html(nb_out, tmp / "report.html", show_code=show_code, title=run.name)
            result.status = "ok"
        except Exception as exc:  # isolation: any failure of this run is recorded, not raised
            result.error = _error_info(exc)
        finally:
            result.duration = time.perf_counter() - start
        final = output / run.name
        rel = Path(run.name)
        if nb_out.is_file():
            result.files["notebook"] = (rel / nb_out.name).as_posix()
        if result.ok:
            result.files["report"] = (rel / "report.html").as_posix()
            if pdf:
                chromium = find_chromium()
                if chromium is None:
                    result.pdf_note = "no PDF: chromium is not on PATH"
                else:
                    try:
                        print_pdf(tmp / "report.html", tmp / "report.pdf", chromium=chromium)
                        result.files["pdf"] = (rel / "report.pdf").as_posix()
                    except Exception as exc:  # a PDF is optional: note it, keep the run ok
                        result.pdf_note = f"no PDF: {type(exc).__name__}: {exc}"
        else:
            (tmp / "error.txt").write_text(_error_text(result), encoding="utf-8")
            result.files["error"] = (rel / "error.txt").as_posix()
        tables = tmp / "tables"
        if tables.is_dir():
            result.tables = sorted((rel / "tables" / p.name).as_posix() for p in tables.glob("*.csv"))
        _replace_dir(tmp, final)
        moved = True
    finally:
        if previous_env is None:
            os.environ.pop(OUTPUT_ENV, None)
        else:
            os.environ[OUTPUT_ENV] = previous_env
        if not moved:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def _execute_run_safely(run: Run, output: Path, kwargs: dict[str, Any]) -> RunResult:
    """Worker entry point: even errors outside the notebook (disk full...) become a failed run."""
    start = time.perf_counter()
    try:
        return execute_run(run, output, **kwargs)
    except Exception as exc:
        return _crashed(run, exc, time.perf_counter() - start)


def _crashed(run: Run, exc: BaseException, duration: float) -> RunResult:
    return RunResult(
        name=run.name, notebook=_display_path(run.notebook, Path.cwd()), parameters=dict(run.parameters),
        status="failed", duration=duration, toolkit_version=_toolkit_version(),
        corpus=run.corpus, warnings=list(run.warnings), error=_error_info(exc),
    )


# --------------------------------------------------------------------------- the batch


def _progress_line(k: int, n: int, result: RunResult) -> str:
    if result.ok:
        return f"[{k}/{n}] {result.name} ... ok ({result.duration:.1f} s)"
    err = result.error or {}
    evalue = str(err.get("evalue", "")).strip().splitlines()
    return (f"[{k}/{n}] {result.name} ... FAILED ({result.duration:.1f} s): "
            f"{err.get('ename')}: {evalue[0] if evalue else ''}")


def _clean_stale(output: Path, names: Iterable[str]) -> None:
    """Remove hidden temporary folders left by an interrupted earlier batch."""
    for name in names:
        for stale in output.glob(f".{name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in output.glob(f".{name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)


def run_batch(
    batch: Batch,
    *,
    jobs: int = 1,
    show_code: bool = False,
    pdf: bool = False,
    echo: Callable[[str], None] = print,
) -> list[RunResult]:
    """Run every run of ``batch``, write the reports and ``index.html``.

    Parameters
    ----------
    batch : Batch
        From :func:`load_batch`.
    jobs : int
        Runs executed at once, each in its own process (1: one after the
        other in this process).
    show_code : bool
        Keep code cells in the HTML reports.
    pdf : bool
        Also print each report to PDF with headless Chromium when available.
    echo : callable
        Receives the progress lines ``[k/n] name ... ok (12.3 s)``.

    Returns
    -------
    list of RunResult
        In the order of the batch file.
    """
    from toolkit.reports.index import write_index

    check_positive_int("jobs", jobs)
    output = batch.output
    output.mkdir(parents=True, exist_ok=True)
    _clean_stale(output, (r.name for r in batch.runs))
    for run in batch.runs:
        for warning in run.warnings:
            echo(f"warning: {batch.path.name} run {run.name!r}, {warning}")
    pdf_note = ""
    if pdf and find_chromium() is None:
        pdf_note = "PDFs were requested but chromium is not on PATH; no PDF was written."
        echo(f"note: {pdf_note}")
    n = len(batch.runs)
    kwargs = {"workdir": batch.workdir, "show_code": show_code, "pdf": pdf}
    echo(f"running {n} run{'s' if n != 1 else ''} into {output} "
         f"({jobs} job{'s' if jobs != 1 else ''})")
    started = _dt.datetime.now(_dt.timezone.utc)
    results: dict[str, RunResult] = {}
    if jobs == 1:
        for k, run in enumerate(batch.runs, start=1):
            result = _execute_run_safely(run, output, kwargs)
            results[run.name] = result
            echo(_progress_line(k, n, result))
    else:
        # spawn: a fresh interpreter per worker, no state inherited from this process
        context = multiprocessing.get_context("spawn")
        pool = cf.ProcessPoolExecutor(max_workers=min(jobs, n), mp_context=context)
        try:
            futures = {pool.submit(_execute_run_safely, run, output, kwargs): run
                       for run in batch.runs}
            for k, future in enumerate(cf.as_completed(futures), start=1):
                run = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # the worker process died (e.g. killed, out of memory)
                    result = _crashed(run, exc, 0.0)
                results[run.name] = result
                echo(_progress_line(k, n, result))
        except BaseException:
            # Ctrl-C: start no further run (running ones got the signal too and clean up)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    ordered = [results[r.name] for r in batch.runs]
    index = write_index(ordered, output, batch_file=batch.path, title=batch.title,
                        started=started, pdf_note=pdf_note)
    failed = [r.name for r in ordered if not r.ok]
    echo(f"index: {index}")
    if failed:
        echo(f"{len(failed)} of {n} runs failed: {', '.join(failed)}")
    else:
        echo(f"all {n} runs ok")
    return ordered

