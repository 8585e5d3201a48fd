"""Safe HTML of the explorers: highlighting, links, evidence lists and JSON inside <script>."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.explore.html import evidence_html, highlight, safe_href, script_json

HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


def test_highlight_escapes_every_piece():
    text = f"Russia {HOSTILE} escalated & more"
    e = text.index("escalated")
    out = highlight(text, [(0, 6, "actor"), (e, e + 9, "frame")])
    assert out.startswith('<mark class="tk-actor">Russia</mark> &lt;/script&gt;&lt;script&gt;alert(1)')
    assert '<mark class="tk-frame">escalated</mark> &amp; more' in out
    assert "<script" not in out and "<img" not in out and 'onerror="' not in out


def test_highlight_overlapping_and_unknown_spans():
    # overlapping spans: the later one is cut at the end of the earlier; out-of-range ones are clipped
    assert highlight("NATO-led escalation", [(0, 8, "actor"), (5, 19, "frame"), (30, 40, "actor")]) == (
        '<mark class="tk-actor">NATO-led</mark><mark class="tk-frame"> escalation</mark>')
    assert highlight("a b", [(2, 3, "other")]) == 'a <mark class="tk-match">b</mark>'
    assert highlight("", []) == ""


def test_long_units_are_shortened_around_the_matches():
    text = "x" * 300 + " Russia " + "y" * 500 + " escalation " + "z" * 300
    r, e = text.index("Russia"), text.index("escalation")
    out = highlight(text, [(r, r + 6, "actor"), (e, e + 10, "frame")], max_chars=600, context=20)
    assert out.count("… ") == 2 and out.endswith('<span class="tk-gap"> …</span>')
    assert out.count("x") == 0 and out.count("z") == 0  # 20 characters of context, cut at a space
    assert out.count("y") == 0
    words = "w" * 7 + " " + " ".join(["word"] * 60) + " Russia " + " ".join(["more"] * 200)
    r = words.index("Russia")
    out = highlight(words, [(r, r + 6, "actor")], max_chars=100, context=20)
    assert out.startswith('<span class="tk-gap">… </span>word word word word <mark')  # 20 characters
    assert out.endswith('</mark> more more more more<span class="tk-gap"> …</span>')
    out = highlight(words, [(r, r + 6, "actor")], max_chars=100, context=22)  # cuts inside a word: drop it
    assert out.startswith('<span class="tk-gap">… </span>word word word word <mark')
    assert out.endswith('</mark> more more more more<span class="tk-gap"> …</span>')
    assert len(highlight(text, [], max_chars=600, context=20)) < 100  # no match: the start only
    assert "…" not in highlight(text, [(r, r + 6, "actor")], max_chars=None)


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
    ("HTTP://example.org", "HTTP://example.org"),
    ('https://x.org/"><script>', "https://x.org/&quot;&gt;&lt;script&gt;"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,<b>", None),
    ("/relative/path", None), ("https://", None), ("https://a b.org", None), (None, None), (float("nan"), None),
    ("http://[::1", None)])
def test_safe_href(url, expected):
    assert safe_href(url) == expected


def test_evidence_html_escapes_metadata_and_text():
    rows = pd.DataFrame({
        "doc_id": ["d<1>"], "outlet": [f"Outlet {HOSTILE}"], "date": [pd.Timestamp("2024-03-05")],
        "title": [f"Title {HOSTILE}"], "url": ["javascript:alert(3)"], "unit": [2], "field": ["text"],
        "text": [f"Russia {HOSTILE}"], "spans": [((0, 6, "actor"),)]})
    out = evidence_html(rows, first=11)
    assert "<script>" not in out and "<img" not in out and "href" not in out
    assert '<li value="11">' in out and "11. " in out
    assert "Outlet &lt;/script&gt;" in out and "Title &lt;/script&gt;" in out and "d&lt;1&gt;, unit 2" in out
    assert "2024-03-05" in out
    missing = rows.assign(date=[pd.NaT], title=[None], url=["https://ok.org"], field=["title"], unit=[0])
    out = evidence_html(missing)
    assert "no date" in out and "(no title)" in out and "d&lt;1&gt;, title" in out
    assert '<a href="https://ok.org" target="_blank" rel="noopener noreferrer">(no title)</a>' in out
    assert "No unit ties" in evidence_html(rows.iloc[:0])


def test_script_json_cannot_close_the_script_element():
    value = {"text": HOSTILE + "<!-- \u2028 & \u2029", "n": [1, 2.5, float("nan"), float("inf")], "é": "ü"}
    out = script_json(value)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out and "\u2029" not in out
    back = json.loads(out)
    assert back["text"] == value["text"] and back["n"] == [1, 2.5, None, None] and back["é"] == "ü"
