"""Safe HTML for the explorers: article text is data, escaped wherever it reaches HTML.

- :func:`highlight`: a unit's text with its matches in ``<mark>``, every piece escaped; long
  units shortened to the context around the matches.
- :func:`safe_href`: a URL usable as a link (http/https only), else None.
- :func:`evidence_html`: one page of evidence rows as an HTML list.
- :func:`script_json`: JSON that can sit inside ``<script>`` (no ``</script>``, no ``<!--``).
"""
from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from urllib.parse import urlsplit

import pandas as pd

#: Characters of context kept on each side of a match when a unit is shortened.
CONTEXT = 160

ROLE_CLASS = {"actor": "tk-actor", "frame": "tk-frame"}

STYLE = """<style>
.tk-evidence{font-family:var(--jp-content-font-family,system-ui,sans-serif);font-size:13px;line-height:1.45;margin:0;padding:0;list-style:none}
.tk-evidence li{border-left:3px solid #c8d3e0;margin:0 0 10px 0;padding:2px 0 2px 10px}
.tk-evidence .tk-meta{color:#555;font-size:12px}
.tk-evidence .tk-meta a{color:#1a5fb4}
.tk-evidence mark.tk-actor{background:#cfe3ff;color:inherit;border-bottom:2px solid #1a5fb4;padding:0 1px}
.tk-evidence mark.tk-frame{background:#ffe1c2;color:inherit;border-bottom:2px solid #c64600;padding:0 1px}
.tk-evidence .tk-gap{color:#888}
</style>"""


def escape(value: object) -> str:
    """HTML-escape ``value`` (quotes included); missing values give ``""``."""
    if value is None or (not isinstance(value, str) and _missing(value)):
        return ""
    return html.escape(str(value), quote=True)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean_spans(spans: Sequence[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    """Spans sorted, clipped to the text and made non-overlapping (a later overlap is cut)."""
    out, last = [], 0
    for s, e, role in sorted((int(s), int(e), str(r)) for s, e, r in spans):
        s, e = max(s, last, 0), min(e, length)
        if e > s:
            out.append((s, e, role))
            last = e
    return out


def _windows(text: str, spans, context: int) -> list[tuple[int, int]]:
    """Character ranges to show: each match with about ``context`` characters around it, cut at
    whitespace (not inside a word), merged when they touch."""
    length = len(text)
    out: list[list[int]] = []
    for s, e, _ in spans:
        lo, hi = max(0, s - context), min(length, e + context)
        if lo > 0 and not text[lo - 1].isspace():  # inside a word: start after it
            cut = text.find(" ", lo, s)
            lo = cut + 1 if cut != -1 else lo
        if hi < length and not text[hi].isspace():  # inside a word: end before it
            cut = text.rfind(" ", e, hi)
            hi = cut if cut != -1 else hi
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    if not out:
        cut = text.rfind(" ", 0, 2 * context)
        return [(0, cut if cut > 0 else min(length, 2 * context))]
    return [(lo, hi) for lo, hi in out]


def highlight(text: str, spans: Sequence[tuple[int, int, str]], *, max_chars: int | None = 600,
              context: int = CONTEXT) -> str:
    """``text`` as escaped HTML with each span ``(start, end, role)`` wrapped in ``<mark>``.

    ``role`` ``"actor"`` or ``"frame"`` selects the mark's class (others get ``tk-match``).
    A text longer than ``max_chars`` (None: never) is shortened to ``context`` characters
    around each match, gaps shown as ``…``.

    Examples
    --------
    >>> highlight("Russia <b>escalated</b>.", [(0, 6, "actor"), (10, 19, "frame")])
    '<mark class="tk-actor">Russia</mark> &lt;b&gt;<mark class="tk-frame">escalated</mark>&lt;/b&gt;.'
    """
    text = "" if text is None else str(text)
    spans = _clean_spans(spans, len(text))
    windows = [(0, len(text))] if max_chars is None or len(text) <= max_chars else _windows(text, spans, context)
    parts = []
    for n, (lo, hi) in enumerate(windows):
        if lo > 0:
            parts.append('<span class="tk-gap">… </span>')
        pos = lo
        for s, e, role in spans:
            if e <= lo or s >= hi:
                continue
            s, e = max(s, lo), min(e, hi)
            parts.append(escape(text[pos:s]))
            parts.append(f'<mark class="{ROLE_CLASS.get(role, "tk-match")}">{escape(text[s:e])}</mark>')
            pos = e
        parts.append(escape(text[pos:hi]))
        if hi < len(text) and n == len(windows) - 1:
            parts.append('<span class="tk-gap"> …</span>')
    return "".join(parts)


def safe_href(url: object) -> str | None:
    """The URL escaped for an ``href`` when it is http(s) with a host; None otherwise.

    ``javascript:``, ``data:`` and relative URLs from a corpus are never made links.

    Examples
    --------
    >>> safe_href('https://example.com/a?b=1&c="2"'), safe_href("javascript:alert(1)")
    ('https://example.com/a?b=1&amp;c=&quot;2&quot;', None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return None
    return escape(url)


def _date(value) -> str:
    if value is None or _missing(value):
        return "no date"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def evidence_html(rows: pd.DataFrame, *, first: int = 1, max_chars: int | None = 600) -> str:
    """One page of an evidence table (:func:`toolkit.explore.evidence.evidence_frame`) as HTML.

    Each unit shows its number in the selection (from ``first``), the text with the actor and
    frame matches highlighted, and the article's title (a link to ``url`` when it is http(s)),
    outlet, date, ``doc_id`` and unit number. Everything from the data is escaped.
    """
    if not len(rows):
        return STYLE + '<p class="tk-evidence">No unit ties this actor to this frame here.</p>'
    items = []
    for n, row in enumerate(rows.itertuples(index=False), start=first):
        row = row._asdict()
        title = escape(row.get("title")) or "(no title)"
        href = safe_href(row.get("url"))
        title_html = (f'<a href="{href}" target="_blank" rel="noopener noreferrer">{title}</a>' if href
                      else title)
        meta = [title_html]
        if "outlet" in row:
            meta.append(escape(row["outlet"]))
        if "date" in row:
            meta.append(escape(_date(row["date"])))
        where = "title" if row.get("field") == "title" else f"unit {int(row['unit'])}"
        meta.append(f"{escape(row['doc_id'])}, {where}")
        body = highlight(row["text"], row.get("spans") or (), max_chars=max_chars)
        items.append(f'<li value="{n}"><div class="tk-text">{n}. {body}</div>'
                     f'<div class="tk-meta">{" · ".join(meta)}</div></li>')
    return STYLE + '<ol class="tk-evidence">' + "".join(items) + "</ol>"


def script_json(value) -> str:
    """``json.dumps(value)`` made safe to embed in an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no ``</script>`` or
    ``<!--`` can close or confuse the element), as do the line separators U+2028/U+2029; the
    result parses to the same value with ``JSON.parse`` or ``json.loads``. NaN and infinities
    become null.

    Examples
    --------
    >>> script_json({"t": "</script><script>alert(1)</script>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _finite(value):
    """NaN/inf -> None, recursively (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
