"""JupyterLab in a real browser: open a notebook, run all cells, check outputs (Playwright + Chromium).

Recipe: ../shared/ENV-NOTES.md section 4. The server runs on a free local port with a token, as
root with ``--allow-root``, from a temporary folder holding copies of the notebooks (JupyterLab
autosaves: running the committed notebook in place would commit its outputs). Its configuration,
user settings (the news pop-up switched off) and workspaces live under ``tmp_path`` too, so
nothing outside the test changes. Skipped with a reason when Chromium or Playwright is absent;
``.ci/run`` installs Debian's ``chromium``.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 120_000  # a loaded 2-core machine: kernel start + a notebook run take seconds, not minutes
ERROR_OUTPUT = ".jp-OutputArea-output[data-mime-type*='error']"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"jupyter lab not ready after {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server and a headless Chromium page factory; both stopped at the end."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); JupyterLab browser test skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed; JupyterLab browser test skipped")

    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / "overview.ipynb", root / "overview.ipynb")
    shutil.copy(FIXTURES / "fail.ipynb", root / "fail.ipynb")
    shutil.copy(REPO / "notebooks" / "explore.ipynb", root / "explore.ipynb")
    # User settings under tmp: no "get notified about Jupyter news?" toast over the page, and the
    # notebook's kernel (python3) starts without a "Select Kernel" dialog (it appears at random).
    settings = {
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"autoStartDefaultKernel": True},
    }
    for plugin, values in settings.items():
        file = base / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values))
    env = {**os.environ,
           "JUPYTER_CONFIG_DIR": str(base / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime")}
    env.pop("TOOLKIT_OUTPUT_DIR", None)
    port, token = _free_port(), secrets.token_hex(16)
    log = base / "server.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={root}",
           "--ServerApp.port_retries=0"]
    with log.open("w") as log_handle:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log_handle, stderr=subprocess.STDOUT)
    try:
        _wait_ready(f"http://127.0.0.1:{port}/api/status?token={token}", proc, log)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                def open_notebook(name: str):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    # a workspace of its own: no tabs restored from the previous test
                    workspace = Path(name).stem
                    page.goto(f"http://127.0.0.1:{port}/lab/workspaces/{workspace}/tree/{name}?token={token}",
                              wait_until="domcontentloaded")
                    return page

                yield open_notebook
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def run_all(page) -> None:
    """Run every cell from the Run menu and wait until the kernel has finished."""
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT_MS)
    # Wait until the server has a kernel for this notebook; should the "Select Kernel" dialog
    # appear anyway, accept its default (Python 3).
    name = page.url.split("/tree/", 1)[1].split("?", 1)[0]
    sessions = "async () => (await (await fetch('/api/sessions')).json()).map(s => [s.path, s.kernel?.execution_state])"
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while [name, "idle"] not in page.evaluate(sessions) or dialog.count():
        if time.monotonic() > deadline:
            pytest.fail(f"no idle kernel for {name}: {page.evaluate(sessions)}")
        if dialog.count():
            dialog.locator(".jp-mod-accept").click()
        page.wait_for_timeout(250)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=TIMEOUT_MS)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    # Done when the kernel is idle, the first code cell has run and no cell is queued or running
    # ([*]) or being re-rendered (empty prompt), three times in a row.
    done = """() => {
        const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
            .map(e => e.textContent.trim());
        const status = document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status;
        return status === 'idle' && prompts.length > 0 && /^\\[\\d+\\]:$/.test(prompts[0])
            && prompts.every(p => /^\\[(\\d+| )\\]:$/.test(p));
    }"""
    stable = 0
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while stable < 3:
        if time.monotonic() > deadline:
            pytest.fail("the notebook did not finish running in time")
        stable = stable + 1 if page.evaluate(done) else 0
        page.wait_for_timeout(500)


def error_outputs(page) -> list[str]:
    """Texts of error outputs, and of any output showing a traceback."""
    errors = page.locator(ERROR_OUTPUT).all_inner_texts()
    tracebacks = [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if "Traceback" in t]
    return errors + tracebacks


def test_overview_runs_in_jupyterlab(lab):
    page = lab("overview.ipynb")
    try:
        run_all(page)
        assert error_outputs(page) == []
        figure = page.locator(".jp-OutputArea-output img").first
        figure.wait_for(state="visible", timeout=TIMEOUT_MS)
        assert figure.evaluate("img => img.naturalWidth") > 100  # a rendered figure, not a broken image
        # every code cell ran: the cell with the sources says no row was rejected (it needs the parameters
        # cell's `corpus`), the last one ends the report with its Notes. JupyterLab's windowed notebook
        # keeps only the cells near the view in the page, so only the end is read. (Input prompts are not
        # checked: JupyterLab's windowed notebook may leave a cell's prompt blank until it is redrawn.)
        outputs = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        assert "No row was rejected: all 52 rows read were loaded." in outputs, outputs[-500:]
        assert "Nothing to note: no warning was raised." in outputs, outputs[-500:]
    finally:
        page.close()


def test_an_error_in_a_cell_is_detected(lab):
    """The check above can fail: a notebook that raises shows an error output."""
    page = lab("fail.ipynb")
    try:
        run_all(page)
        errors = error_outputs(page)
        assert errors, "the error output of fail.ipynb was not found"
        assert any("FileNotFoundError" in e and "corpora/does-not-exist" in e for e in errors)
    finally:
        page.close()


# ---------------------------------------------------------------- issue 18: the explorers in the browser
def screenshot(page, name: str) -> None:
    """A full-page PNG in $TOOLKIT_SCREENSHOTS, when set (to look at what the tests saw)."""
    folder = os.environ.get("TOOLKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_explore_widget_shows_the_sentences_of_a_cell(lab):
    """Run notebooks/explore.ipynb in JupyterLab, click a cell of the rate table, read its sentences."""
    import toolkit
    from toolkit.explore.widget import rate_text

    # What the cell must show, from toolkit.cooccurrence on the demo corpus (the notebook's default).
    table = toolkit.cooccurrence(toolkit.load_corpus(REPO / "corpora" / "demo"), "actors", "frames", by="outlet")
    row = table.set_index(["outlet", "actor", "frame"]).loc[("The Northern Ledger", "russia", "escalation")]
    k, n = int(row["joint_units"]), int(row["actor_units"])
    assert k > 10  # more than one page
    page = lab("explore.ipynb")
    try:
        run_all(page)
        assert error_outputs(page) == []
        app = page.locator(".tk-explorer")
        app.wait_for(state="visible", timeout=TIMEOUT_MS)
        app.locator("select").nth(2).select_option(label="russia")  # Groups, Unit, Actor
        cell = page.locator("button.tk-cell[title^='The Northern Ledger · russia × escalation']")
        cell.wait_for(state="visible", timeout=TIMEOUT_MS)
        assert cell.inner_text().strip() == f"{rate_text(row['rate'])} · {k}"  # the rate, the sentences behind it
        cell.click()
        summary = app.locator(".widget-html", has_text=f"of the {n} sentences mentioning the actor")
        summary.wait_for(timeout=TIMEOUT_MS)
        assert "The Northern Ledger" in summary.inner_text() and f"{k} of the {n}" in summary.inner_text()
        items = app.locator("ol.tk-evidence > li")
        items.first.wait_for(timeout=TIMEOUT_MS)
        assert items.count() == 10  # the first page
        first = items.first
        assert first.locator("mark.tk-actor").count() >= 1 and first.locator("mark.tk-frame").count() >= 1
        assert "The Northern Ledger" in first.locator(".tk-meta").inner_text()
        assert app.locator(".widget-label", has_text=f"1–10 of {k}").count() == 1
        app.locator("button", has_text="next ▶").click()
        app.locator(".widget-label", has_text=f"11–{min(20, k)} of {k}").wait_for(timeout=TIMEOUT_MS)
        assert app.locator("ol.tk-evidence > li").first.get_attribute("value") == "11"
        # the term explorer below it ran its scripts in the notebook too (the Vega library is inline)
        figure = page.locator(".tk-te[data-ready='1']")
        figure.wait_for(timeout=TIMEOUT_MS)
        assert figure.locator("svg path[aria-roledescription='point']").count() > 50
        screenshot(page, "explore-lab.png")
    finally:
        page.close()

