"""Write ``index.html``: one row per batch run, from what is on disk, every value escaped.

The index describes the output folder as it is: a run of this batch that finished shows the
result stored in its folder's manifest; a run that is pending, running, interrupted or not run
shows the earlier report in its folder (if any, marked as earlier) and no link to anything that
is not there. Run folders of earlier batches that this batch does not list are listed at the end.

Run names, parameters, outlet names, corpus paths and error messages are
data (an error message may quote article text), so every value passes
through :func:`html.escape` and every link through :func:`urllib.parse.quote`;
the page loads no scripts (a Content-Security-Policy forbids them).
"""
from __future__ import annotations

import dataclasses
import html
import json
import os
import platform
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from toolkit.errors import BatchError
from toolkit.reports import folders
from toolkit.reports.results import RunResult

__all__ = ["render_index", "write_index"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.4em .6em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{white-space:pre-wrap;margin:.3em 0;background:#f8f8f8;padding:.3em}
.ok{color:#176b2c;font-weight:bold}.failed{color:#b00020;font-weight:bold}
.warn{color:#8a5a00}.pending,.running,.interrupted,.not-run{color:#555;font-weight:bold}.sha{font-size:.8em;word-break:break-all}
ul{margin:0;padding-left:1.1em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _breakable(value: Any) -> str:
    """Escaped text that may wrap after each "/": long corpus paths would otherwise widen the
    table past the page (AllSides' index was 1,733 px wide in a 1,300 px window)."""
    return _e(value).replace("/", "/<wbr>")


def _link(rel: str, label: str) -> str:
    return f'<a href="{_e(quote(rel))}">{_e(label)}</a>'


def _value(value: Any) -> str:
    """A parameter value as the batch file would write it (JSON is readable YAML)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _parameters(params: dict[str, Any]) -> str:
    if not params:
        return "<em>defaults</em>"
    items = "".join(f"<li><code>{_e(k)}</code> = <code>{_breakable(_value(v))}</code></li>"
                    for k, v in params.items())
    return f"<ul>{items}</ul>"


def _status(result: RunResult) -> str:
    if result.ok:
        return '<span class="ok">ok</span>'
    if result.status in ("pending", "running", "interrupted", "not run"):
        return f'<span class="{result.status.replace(" ", "-")}">{_e(result.status)}</span>'
    err = result.error or {}
    parts = [f'<span class="failed">{_e(result.status)}</span>',
             f"<div><strong>{_e(err.get('ename', 'Error'))}</strong>: {_e(err.get('evalue', ''))}</div>"]
    if err.get("cell_index") is not None:
        parts.append(f"<div>in cell {_e(err['cell_index'])} "
                     f"(In&nbsp;[{_e(err.get('exec_count'))}]):</div>")
    if err.get("source"):
        parts.append(f"<pre>{_e(err['source'])}</pre>")
    return "".join(parts)


def _links(result: RunResult, output: Path | None = None) -> str:
    def there(rel: str) -> bool:  # never link a file that is not on disk
        return output is None or (output / rel).is_file()

    files = {role: rel for role, rel in result.files.items() if there(rel)}
    links = []
    if "report" in files:
        links.append(_link(files["report"], "report"))
    if "pdf" in files:
        links.append(_link(files["pdf"], "PDF"))
    if "notebook" in files:
        links.append(_link(files["notebook"],
                           "notebook" if "report" in files else "partly executed notebook"))
    if "error" in files:
        links.append(_link(files["error"], "error.txt"))
    for table in (t for t in result.tables if there(t)):
        links.append(_link(table, Path(table).name))
    notes = [f'<div class="warn">{_e(n)}</div>' for n in (result.pdf_note, result.note) if n]
    return "<br>".join(links) + "".join(notes) if links or notes else "&mdash;"


def _corpus(result: RunResult) -> str:
    if result.corpus is None:
        return "&mdash;"
    sha = (f'<div class="sha"><code>{_e(result.corpus_sha256)}</code></div>'
           if result.corpus_sha256 else f'<div class="warn">{_e(result.corpus_note or "not hashed")}</div>')
    return f"<code>{_breakable(result.corpus)}</code>{sha}"


def _row(r: RunResult, output: Path | None) -> str:
    warnings = "".join(f'<div class="warn">warning: {_e(w)}</div>' for w in r.warnings)
    limit = f"<div>limit {r.timeout:g}&nbsp;s</div>" if r.timeout else ""
    return (f'<tr id="run-{_e(r.name)}" class="run {r.status.replace(" ", "-")}-run">'
            f"<td><strong>{_e(r.name)}</strong>{warnings}</td>"
            f"<td><code>{_breakable(r.notebook)}</code></td>"
            f"<td>{_parameters(r.parameters)}</td>"
            f"<td>{_corpus(r)}</td>"
            f"<td>{_e(r.toolkit_version)}</td>"
            f"<td>{r.duration:.1f}&nbsp;s{limit}</td>"
            f"<td>{_status(r)}</td>"
            f"<td>{_links(r, output)}</td></tr>")


def _summary(results: Sequence[RunResult], state: str) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    n = len(results)
    if counts.get("ok") == n:
        text = "the run is ok" if n == 1 else f"all {n} runs ok"
    else:
        text = ", ".join(f"{c} {s}" for s, c in counts.items())
    return text if state == "finished" else f"batch {state}: {text}"


def on_disk(output: Path, result: RunResult) -> RunResult:
    """What the index shows for ``result``: the folder's manifest when this batch wrote it, else
    the earlier report in the folder (marked as such), else ``result`` without files."""
    manifest = folders.read_manifest(output / result.name, result.name)
    stored = RunResult.from_dict(manifest["result"]) if manifest and isinstance(manifest.get("result"), dict) else None
    if result.status in ("ok", "failed", "timed out"):
        return stored or dataclasses.replace(result, files={}, tables=[])
    if stored is None:
        return dataclasses.replace(result, files={}, tables=[])
    note = (f"the folder holds an earlier report (status {stored.status}, written {stored.written or '?'}); "
            + ("it is replaced when this run finishes" if result.status in ("pending", "running")
               else "it was kept: this run did not finish in this batch"))
    return dataclasses.replace(stored, status=result.status, error=None, note=note, warnings=result.warnings,
                               parameters=result.parameters, notebook=result.notebook, timeout=result.timeout)


def earlier_runs(output: Path, names: set[str]) -> list[RunResult]:
    """Run folders in ``output`` written by earlier batches that are not runs of this batch."""
    found = []
    for entry in sorted(output.iterdir()) if output.is_dir() else []:
        if entry.name.startswith(".") or entry.name in names:
            continue
        manifest = folders.read_manifest(entry, entry.name)
        if manifest and isinstance(manifest.get("result"), dict):
            found.append(RunResult.from_dict(manifest["result"]))
    return found


def render_index(
    results: Sequence[RunResult],
    *,
    title: str = "Reports",
    batch_file: str | Path | None = None,
    started: str | None = None,
    pdf_note: str = "",
    state: str = "finished",
    output: Path | None = None,
    earlier: Sequence[RunResult] = (),
) -> str:
    """The index page as a string (see :func:`write_index`)."""
    when = started or folders.now_iso()
    rows = "".join(_row(r, output) for r in results)
    failed_names = ", ".join(r.name for r in results if r.status in ("failed", "timed out"))
    meta = [f"Batch started {_e(when)}", f"Python {_e(platform.python_version())}"]
    if batch_file is not None:
        meta.insert(0, f"Batch file <code>{_e(Path(batch_file).name)}</code>")
    notes = f'<p class="warn">{_e(pdf_note)}</p>' if pdf_note else ""
    failed_line = f'<p class="failed">Failed: {_e(failed_names)}</p>' if failed_names else ""
    head = ("<tr><th>Run</th><th>Notebook</th><th>Parameters</th><th>Corpus (SHA-256)</th><th>Toolkit</th>"
            "<th>Duration</th><th>Status</th><th>Files</th></tr>")
    others = ""
    if earlier:
        others = ("<h2>Other reports in this folder</h2><p>Written by earlier batches; not part of this one.</p>"
                  f"<table><thead>{head}</thead><tbody>{''.join(_row(r, output) for r in earlier)}</tbody></table>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"{folders.INDEX_MARK}"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>{' &middot; '.join(meta)}</p>"
        f"<p><strong>{_e(_summary(results, state))}</strong></p>{failed_line}{notes}"
        f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>{others}</body></html>\n"
    )


def write_index(
    output: str | Path,
    results: Sequence[RunResult],
    *,
    title: str = "Reports",
    batch_file: str | Path | None = None,
    started: str | None = None,
    pdf_note: str = "",
    state: str = "finished",
) -> Path:
    """Write ``<output>/index.html`` atomically, describing what is on disk, and return its path.

    Parameters
    ----------
    output : str or Path
        The batch output folder.
    results : sequence of RunResult
        This batch's runs in batch order, with their status in this batch (``pending``,
        ``running``, ``ok``, ``failed``, ``timed out``, ``interrupted``, ``not run``).
    title, batch_file, started, pdf_note, state
        Shown in the page header (``state``: "running", "finished", "interrupted (SIGINT)").

    Returns
    -------
    Path
        The index file. Columns of its table: run name (and warnings), notebook, parameters,
        corpus path and SHA-256, toolkit version, duration (and time limit), status (failed runs:
        exception, message, cell index and source excerpt), files (report, PDF, notebook,
        error.txt, tables; only files that exist).
    """
    output = Path(output)
    shown = [on_disk(output, r) for r in results]
    earlier = earlier_runs(output, {r.name for r in results})
    page = render_index(shown, title=title, batch_file=batch_file, started=started, pdf_note=pdf_note,
                        state=state, output=output, earlier=earlier)
    target = output / folders.INDEX
    if not folders.index_is_ours(target):
        raise BatchError(f"{target} was not written by the batch runner; it is never overwritten")
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".html.tmp", dir=output)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
