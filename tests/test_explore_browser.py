"""The term explorer's HTML in headless Chromium: hover, click, nothing fetched, nothing run (issue 18).

A module of its own: Playwright's sync API allows one instance at a time, and tests/test_browser.py
keeps its JupyterLab instance open for the whole of that module.
"""
from __future__ import annotations

import pytest

from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, screenshot

pytestmark = pytest.mark.browser


HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium (no JupyterLab): for the self-contained HTML of the term explorer."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); term explorer browser test skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed; term explorer browser test skipped")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_term_explorer_html_hover_and_click(chromium, tmp_path):
    """Open the term explorer's HTML offline: hover a term for its statistics, click it for its lines.

    Outlet names and article text carry markup that would run if it reached the page unescaped.
    """
    import pandas as pd

    import toolkit

    target = f"Alpha {HOSTILE}"
    rows = [(target, f"Officials warned of escalation {HOSTILE} today. The escalation continued."),
            (target, "Escalation feared as talks stall; escalation again."),
            ("Beta", "Humanitarian aid arrived. Humanitarian convoys waited at the border."),
            ("Beta", "The humanitarian corridor opened; talks stall.")]
    articles = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "outlet": [r[0] for r in rows],
                             "date": pd.to_datetime(["2024-01-02", "2024-01-03", None, "2024-01-05"]),
                             "text": [r[1] for r in rows]})
    terms = toolkit.term_explorer(articles, target, min_freq=1, path=tmp_path / "terms.html")
    escalation = terms.terms.set_index("term").loc["escalation"]
    assert (escalation["freq_target"], escalation["freq_reference"]) == (4, 0)

    page = chromium.new_page(viewport={"width": 1300, "height": 900})
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(terms.path.as_uri())
        page.wait_for_selector(".tk-te[data-ready='1']", timeout=TIMEOUT_MS)
        assert page.locator("h1").inner_text() == f"{target} vs all other articles"  # shown as text
        point = page.locator("svg path[aria-roledescription='point'][aria-label*='term: escalation;']").first
        box = point.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=TIMEOUT_MS)
        text = tooltip.inner_text()
        assert "escalation" in text and "log-odds z" in text
        assert f"{escalation['z']:.2f}" in text  # the statistic of this term, as computed in Python
        page.mouse.click(x, y)
        stats = page.locator(".tk-te-stats")
        stats.locator(".tk-te-term", has_text="escalation").wait_for(timeout=TIMEOUT_MS)
        assert f"{escalation['g2']:.2f}" in stats.inner_text()  # G2 from toolkit.keyness
        lines = page.locator(".tk-te-kwic .tk-te-line")
        assert lines.count() == 4  # every match: 4 in the target, none in the reference
        matches = sorted(lines.locator(".m").all_inner_texts())
        assert matches == ["Escalation", "escalation", "escalation", "escalation"]
        assert any(HOSTILE.split(">")[0] in t for t in lines.locator(".r").all_inner_texts())  # text, not markup
        screenshot(page, "term-explorer-hostile.png")
        assert page.evaluate("window.__pwned") is None, "article text ran as script"
        assert problems == []
        assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []  # nothing fetched
    finally:
        page.close()
