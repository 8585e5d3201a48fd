"""Write ``index.html``: one row per batch run, every value escaped.

Run names, parameters, outlet names, corpus paths and error messages are
data (an error message may quote article text), so every value passes
through :func:`html.escape` and every link through :func:`urllib.parse.quote`;
the page loads no scripts (a Content-Security-Policy forbids them).
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import os
import platform
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from toolkit.reports.batch import RunResult

__all__ = ["render_index", "write_index"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.4em .6em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{white-space:pre-wrap;margin:.3em 0;background:#f8f8f8;padding:.3em}
.ok{color:#176b2c;font-weight:bold}.failed{color:#b00020;font-weight:bold}
.warn{color:#8a5a00}.sha{font-size:.8em;word-break:break-all}
ul{margin:0;padding-left:1.1em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


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
    items = "".join(f"<li><code>{_e(k)}</code> = <code>{_e(_value(v))}</code></li>"
                    for k, v in params.items())
    return f"<ul>{items}</ul>"


def _status(result: RunResult) -> str:
    if result.ok:
        return '<span class="ok">ok</span>'
    err = result.error or {}
    parts = ['<span class="failed">failed</span>',
             f"<div><strong>{_e(err.get('ename', 'Error'))}</strong>: {_e(err.get('evalue', ''))}</div>"]
    if err.get("cell_index") is not None:
        parts.append(f"<div>in cell {_e(err['cell_index'])} "
                     f"(In&nbsp;[{_e(err.get('exec_count'))}]):</div>")
    if err.get("source"):
        parts.append(f"<pre>{_e(err['source'])}</pre>")
    return "".join(parts)


def _links(result: RunResult) -> str:
    files = result.files
    links = []
    if "report" in files:
        links.append(_link(files["report"], "report"))
    if "pdf" in files:
        links.append(_link(files["pdf"], "PDF"))
    if "notebook" in files:
        links.append(_link(files["notebook"],
                           "notebook" if result.ok else "partly executed notebook"))
    if "error" in files:
        links.append(_link(files["error"], "error.txt"))
    for table in result.tables:
        links.append(_link(table, Path(table).name))
    notes = [f'<div class="warn">{_e(result.pdf_note)}</div>'] if result.pdf_note else []
    return "<br>".join(links) + "".join(notes) if links or notes else "&mdash;"


def _corpus(result: RunResult) -> str:
    if result.corpus is None:
        return "&mdash;"
    sha = (f'<div class="sha"><code>{_e(result.corpus_sha256)}</code></div>'
           if result.corpus_sha256 else f'<div class="warn">{_e(result.corpus_note or "not hashed")}</div>')
    return f"<code>{_e(result.corpus)}</code>{sha}"


def render_index(
    results: Sequence[RunResult],
    *,
    title: str = "Reports",
    batch_file: str | Path | None = None,
    started: _dt.datetime | None = None,
    pdf_note: str = "",
) -> str:
    """The index page as a string (see :func:`write_index`)."""
    n_failed = sum(not r.ok for r in results)
    when = (started or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y-%m-%d %H:%M:%S %Z")
    rows = []
    for r in results:
        warnings = "".join(f'<div class="warn">warning: {_e(w)}</div>' for w in r.warnings)
        rows.append(
            f'<tr id="run-{_e(r.name)}" class="run {"ok" if r.ok else "failed"}-run">'
            f"<td><strong>{_e(r.name)}</strong>{warnings}</td>"
            f"<td><code>{_e(r.notebook)}</code></td>"
            f"<td>{_parameters(r.parameters)}</td>"
            f"<td>{_corpus(r)}</td>"
            f"<td>{_e(r.toolkit_version)}</td>"
            f"<td>{r.duration:.1f}&nbsp;s</td>"
            f"<td>{_status(r)}</td>"
            f"<td>{_links(r)}</td></tr>"
        )
    summary = (f"{len(results) - n_failed} ok, {n_failed} failed" if n_failed
               else f"all {len(results)} runs ok")
    failed_names = ", ".join(r.name for r in results if not r.ok)
    meta = [f"Generated {_e(when)}", f"Python {_e(platform.python_version())}"]
    if batch_file is not None:
        meta.insert(0, f"Batch file <code>{_e(Path(batch_file).name)}</code>")
    notes = f'<p class="warn">{_e(pdf_note)}</p>' if pdf_note else ""
    failed_line = (f'<p class="failed">Failed: {_e(failed_names)}</p>' if failed_names else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>{' &middot; '.join(meta)}</p>"
        f"<p><strong>{_e(summary)}</strong></p>{failed_line}{notes}"
        "<table><thead><tr><th>Run</th><th>Notebook</th><th>Parameters</th>"
        "<th>Corpus (SHA-256)</th><th>Toolkit</th><th>Duration</th><th>Status</th><th>Files</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )


def write_index(
    results: Sequence[RunResult],
    output: str | Path,
    *,
    title: str = "Reports",
    batch_file: str | Path | None = None,
    started: _dt.datetime | None = None,
    pdf_note: str = "",
) -> Path:
    """Write ``<output>/index.html`` atomically and return its path.

    Parameters
    ----------
    results : sequence of RunResult
        One per run, in batch order.
    output : str or Path
        The batch output folder.
    title, batch_file, started, pdf_note
        Shown in the page header.

    Returns
    -------
    Path
        The index file. Columns of its table: run name (and warnings),
        notebook, parameters, corpus path and SHA-256, toolkit version,
        duration, status (failed runs: exception, message, cell index and
        source excerpt), files (report, PDF, notebook, error.txt, tables).
    """
    output = Path(output)
    page = render_index(results, title=title, batch_file=batch_file, started=started,
                        pdf_note=pdf_note)
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".html.tmp", dir=output)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is meant to be shared
        os.replace(tmp, output / "index.html")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output / "index.html"
