"""Read and check a batch file (YAML) before anything runs.

A batch file::

    output: reports            # folder to write (relative to the batch file; default "reports")
    title: Demo reports        # heading of index.html (optional)
    timeout: 1800              # seconds each run may take (optional; default 1800)
    runs:
      - name: framing-all      # folder name of this run
        notebook: notebooks/framing.ipynb
        parameters: {corpus: corpora/demo, unit: sentence}
        timeout: 600           # this run's own limit (optional)

Every problem of the file is reported with its line as one :class:`toolkit.errors.BatchError`
(the command line exits with status 2 and runs nothing). A parameter the notebook does not declare
is not a problem of the file but of its run: that run fails with the notebook's parameters and a
"did you mean" (:attr:`Run.problems`), the others go on.
"""
from __future__ import annotations

import ast
import keyword
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import BatchError, did_you_mean
from toolkit.paths import REPO_ROOT

__all__ = ["Batch", "Run", "DEFAULT_TIMEOUT", "load_batch", "notebook_parameters"]

#: A run name becomes a folder name: letters, digits, ``.``, ``_``, ``-``; no leading dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Names the runner itself uses in the output folder.
RESERVED_NAMES = frozenset({"index.html"})
#: Seconds a run may take unless the batch file or ``--timeout`` says otherwise.
DEFAULT_TIMEOUT = 1800.0
TOP_KEYS = frozenset({"output", "runs", "title", "timeout"})
RUN_KEYS = frozenset({"name", "notebook", "parameters", "timeout"})


@dataclass(frozen=True)
class Run:
    """One validated run of a batch file.

    ``line`` is the 1-based line of the run in the batch file; ``warnings`` are soft problems
    (shown on screen and in the index); ``problems`` make the run fail without executing (an
    unknown parameter); ``timeout`` is the run's own limit in seconds, or None for the batch's.
    """

    name: str
    notebook: Path
    parameters: dict[str, Any]
    line: int
    warnings: tuple[str, ...] = ()
    corpus: str | None = None  # the corpus path the run uses (parameter or notebook default)
    problems: tuple[str, ...] = ()
    timeout: float | None = None


@dataclass(frozen=True)
class Batch:
    """A validated batch file: where to write, what to run, how long each run may take."""

    path: Path
    output: Path
    runs: tuple[Run, ...]
    title: str = "Reports"
    timeout: float = DEFAULT_TIMEOUT

    @property
    def workdir(self) -> Path:
        """Folder the kernels run in: the batch file's folder."""
        return self.path.parent

    def timeout_of(self, run: Run) -> float:
        """Seconds ``run`` may take: its own ``timeout``, else the batch's."""
        return run.timeout if run.timeout is not None else self.timeout


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


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


def check_timeout(value: Any) -> str | None:
    """Why ``value`` is not a valid timeout (seconds > 0), or None when it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return f"`timeout` must be a number of seconds > 0, got {value!r}"
    return None


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


def _read_text(path: Path) -> str:
    if not path.exists():
        raise BatchError(f"batch file not found: {path}")
    if not path.is_file():
        raise BatchError(f"batch file {path} is not a file (a folder?); give the path of a .yml file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BatchError(f"batch file {path} cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BatchError(
            f"{path}:{line}: the batch file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 and run again") from None


def load_batch(path: str | Path, *, output: str | Path | None = None) -> Batch:
    """Read and check a batch file; nothing runs and nothing is written.

    Parameters
    ----------
    path : str or Path
        The YAML batch file.
    output : str or Path, optional
        Output folder overriding the file's ``output`` (default ``reports``).

    Returns
    -------
    Batch
        The output folder, the default timeout and the runs, each with its warnings
        (a notebook without a ``parameters`` cell) and problems (unknown parameters).

    Raises
    ------
    BatchError
        Listing every problem as ``FILE:LINE: message``: a file that is missing, not UTF-8 or not
        valid YAML, missing ``runs``, ``runs`` not a list, a run without ``name`` or ``notebook``,
        an unsafe, reserved (``index.html``) or duplicate name, a notebook that does not exist,
        ``parameters`` not a mapping, a parameter name that is not a Python identifier or is a
        keyword (``class``), a ``timeout`` that is not a number of seconds > 0, unknown keys.
    """
    path = Path(path)
    text = _read_text(path)
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
        raise BatchError(f"{where}:{_line(root)}: a batch file must be a mapping with `output` and `runs`")

    top: dict[str, yaml.Node] = {}
    for key, value in root.value:
        name = _scalar_key(key)
        if name not in TOP_KEYS:
            fail(key, f"unknown key {name!r}{did_you_mean(name, TOP_KEYS)}; expected {sorted(TOP_KEYS)}")
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
    timeout = DEFAULT_TIMEOUT
    if "timeout" in top:
        value = _construct(top["timeout"])
        if (problem := check_timeout(value)) is not None:
            fail(top["timeout"], problem)
        else:
            timeout = float(value)

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
    return Batch(path=path.resolve(), output=out_dir.resolve(), runs=tuple(runs), title=title,
                 timeout=timeout)


def _check_name(node: yaml.Node, seen: dict[str, int], fail: Callable[[yaml.Node | None, str], None]) -> str | None:
    name = _construct(node)
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        fail(node, f"run name {name!r} is not a safe folder name "
                   "(letters, digits, '.', '_', '-'; not starting with '.' or '-'; at most 100)")
        return None
    if name.casefold() in RESERVED_NAMES:
        fail(node, f"run name {name!r} is reserved: the runner writes {name.casefold()} itself; "
                   "choose another name")
        return None
    if name.casefold() in seen:  # case-insensitive: one folder on macOS and Windows
        fail(node, f"duplicate run name {name!r} (first used on line {seen[name.casefold()]})")
        return None
    seen[name.casefold()] = _line(node)
    return name


def _check_run(
    item: yaml.Node, base: Path, seen: dict[str, int], fail: Callable[[yaml.Node | None, str], None]
) -> Run | None:
    """Check one item of ``runs``; report problems through ``fail``; None when unusable."""
    if not isinstance(item, yaml.MappingNode):
        fail(item, "each run must be a mapping with `name`, `notebook` and optional `parameters`")
        return None
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in item.value:
        name = _scalar_key(key)
        if name not in RUN_KEYS:
            fail(key, f"unknown key {name!r} in a run{did_you_mean(name, RUN_KEYS)}; expected {sorted(RUN_KEYS)}")
        else:
            fields[name] = (key, value)

    name = _check_name(fields["name"][1], seen, fail) if "name" in fields else None
    ok = name is not None
    if "name" not in fields:
        fail(item, "run has no `name`")

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
        elif (notebook := _resolve_notebook(value, base)) is None:
            looked = base if base == REPO_ROOT.resolve() else f"{base} and {REPO_ROOT}"
            fail(node, f"notebook {value!r} does not exist (looked in {looked})")
            ok = False

    timeout = None
    if "timeout" in fields:
        value = _construct(fields["timeout"][1])
        if (problem := check_timeout(value)) is not None:
            fail(fields["timeout"][1], problem)
            ok = False
        else:
            timeout = float(value)

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
            for k in value:
                if isinstance(k, str) and keyword.iskeyword(k):
                    fail(node, f"parameter name {k!r} is a Python keyword: a notebook cannot assign it "
                               "(rename the variable in the notebook's parameters cell)")
                    ok = False
            parameters = value
    if not ok:
        return None

    assert notebook is not None and name is not None
    try:
        declared = notebook_parameters(notebook)
    except Exception as exc:  # an unreadable notebook is a batch-file problem, found before running
        fail(fields["notebook"][1], f"notebook {str(notebook)!r} cannot be read: {exc}")
        return None
    warnings: list[str] = []
    problems: list[str] = []
    if declared is None:
        warnings.append(
            f"line {_line(item)}: notebook {notebook.name} has no cell tagged `parameters`; "
            "papermill inserts the parameters at the top"
        )
        declared = {}
    else:
        for key in (k for k in parameters if k not in declared):
            problems.append(
                f"line {param_lines.get(key, _line(item))}: unknown parameter {key!r}"
                f"{did_you_mean(key, declared)} for {notebook.name}; "
                f"it takes: {', '.join(declared) or 'no parameters'}"
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
        problems=tuple(problems),
        timeout=timeout,
    )
