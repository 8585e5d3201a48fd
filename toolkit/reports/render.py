"""Render an executed notebook as a standalone HTML page, and print a page to PDF with Chromium."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["render_html", "find_chromium", "print_pdf"]


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
