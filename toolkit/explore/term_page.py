"""The HTML of the term explorer: Vega-Lite (embedded, offline), a statistics panel and KWIC lines.

The Vega, Vega-Lite and vega-embed libraries come from ``vl_convert.javascript_bundle()`` (the
``vl-convert-python`` wheel carries them; nothing is fetched at view time). The data travel as
one JSON block (:func:`toolkit.explore.html.script_json`: no ``</script>`` can end it early) and
the panel is built with ``textContent`` only, so article text is never parsed as HTML.

:func:`library_html` is the library alone (about 0.9 MB): a notebook or report that shows
several term explorers includes it once and each figure without it
(``TermExplorer.html(library=False)``).
"""
from __future__ import annotations

import uuid
from functools import lru_cache

from toolkit.explore.html import escape, script_json


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """The JavaScript of vega, vega-lite and vega-embed (defines ``window.vegaEmbed``).

    From the installed ``vl-convert-python``; its first call in a process takes a few seconds
    (the bundle is assembled), later calls are free.
    """
    import vl_convert

    code = vl_convert.javascript_bundle()
    # Defensive: the bundle is inlined in <script>; no sequence may close it.
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def library_html() -> str:
    """``<script>`` with the Vega libraries: include once before figures made with ``library=False``."""
    return f'<script type="text/javascript">{vega_bundle()}</script>'


STYLE = """<style>
.tk-te{display:flex;flex-wrap:wrap;gap:16px;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:13px;color:#1b1b1b}
.tk-te-plot{flex:1 1 640px;min-width:480px}
.tk-te-side{flex:1 1 360px;min-width:300px;max-height:640px;overflow:auto}
.tk-te-side input{width:100%;box-sizing:border-box;padding:4px 6px;margin-bottom:8px;font-size:13px}
.tk-te-stats table{border-collapse:collapse;margin-bottom:8px}
.tk-te-stats td{padding:1px 8px 1px 0;vertical-align:top;text-align:left}
.tk-te-stats td:first-child{color:#555}
.tk-te-term{font-size:16px;font-weight:600;margin:4px 0}
.tk-te-kwic h4{margin:10px 0 4px 0;font-size:13px}
.tk-te-line{display:grid;grid-template-columns:1fr auto 1fr;gap:6px;padding:2px 0;border-bottom:1px solid #eee}
.tk-te-line .l{text-align:right;overflow:hidden;white-space:nowrap;direction:rtl}
.tk-te-line .l span{direction:ltr;unicode-bidi:embed}
.tk-te-line .m{font-weight:600;background:#ffe1c2;padding:0 2px}
.tk-te-line .r{overflow:hidden;white-space:nowrap}
.tk-te-line .s{grid-column:1/4;color:#666;font-size:11px}
.tk-te-note{color:#555;font-size:12px}
</style>"""

SCRIPT = r"""
(function () {
  var uid = %(uid)s;
  var root = document.getElementById(uid);
  var data = JSON.parse(document.getElementById(uid + "-data").textContent);
  var plot = root.querySelector(".tk-te-plot");
  var stats = root.querySelector(".tk-te-stats");
  var lines = root.querySelector(".tk-te-kwic");
  var find = root.querySelector("input");
  var byTerm = new Map();
  data.spec.datasets.terms.forEach(function (t) { byTerm.set(t.term, t); });
  var view = null;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v, f) {
    if (v === null || v === undefined) return "\u2013";
    if (typeof v !== "number") return String(v);
    if (f === ",d" || (f === undefined && Number.isInteger(v))) return Math.round(v).toLocaleString("en");
    if (f === ".3g") return v === 0 || Math.abs(v) >= 1e-3 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
    var m = /^\.(\d)f$/.exec(f || "");
    return v.toFixed(m ? Number(m[1]) : 3);
  }
  function show(term) {
    var t = byTerm.get(term);
    stats.replaceChildren();
    lines.replaceChildren();
    if (!t) { stats.appendChild(el("p", "tk-te-note", "No plotted term \u201c" + term + "\u201d.")); return; }
    root.dataset.term = term;
    if (view) { view.signal("chosen", term).runAsync(); }
    stats.appendChild(el("div", "tk-te-term", t.term));
    var table = el("table");
    data.fields.forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("td", null, f[1]));
      tr.appendChild(el("td", null, fmt(t[f[0]], f[2])));
      table.appendChild(tr);
    });
    stats.appendChild(table);
    var k = data.kwic[term];
    if (!k) {
      lines.appendChild(el("p", "tk-te-note", "No KWIC lines were embedded for this term: only the " +
        data.kwicTerms + " most distinctive terms on each side carry them (option kwic_terms)."));
      return;
    }
    [["target", data.labels.target], ["reference", data.labels.reference]].forEach(function (side) {
      var rows = k[side[0]] || [];
      lines.appendChild(el("h4", null, side[1] + " (" + rows.length + " of " + fmt(t[side[0] === "target" ? "freq_target" : "freq_reference"]) + ")"));
      rows.forEach(function (r) {
        var line = el("div", "tk-te-line");
        var left = el("div", "l"); left.appendChild(el("span", null, r[2]));
        line.appendChild(left);
        line.appendChild(el("div", "m", r[3]));
        line.appendChild(el("div", "r", r[4]));
        line.appendChild(el("div", "s", r[0] + " \u00b7 " + r[1]));
        lines.appendChild(line);
      });
    });
  }
  find.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { show(find.value.trim().toLowerCase()); }
  });
  if (typeof window.vegaEmbed !== "function") {
    plot.appendChild(el("p", "tk-te-note", "The Vega library is not loaded on this page: show the term explorer " +
      "with library=True once (toolkit.explore.term_page.library_html())."));
    return;
  }
  window.vegaEmbed(plot, data.spec, {actions: false, renderer: "svg", mode: "vega-lite"}).then(function (res) {
    view = res.view;
    view.addEventListener("click", function (event, item) {
      if (item && item.datum && typeof item.datum.term === "string") { show(item.datum.term); }
    });
    root.dataset.ready = "1";
    if (data.initial) { show(data.initial); }
  }).catch(function (err) { plot.appendChild(el("pre", "tk-te-note", String(err))); });
})();
"""


def fragment(payload: dict, *, library: bool = True) -> str:
    """The term explorer as an HTML fragment (for a notebook output or a report).

    ``payload`` holds ``spec`` (Vega-Lite, with ``datasets.terms``), ``kwic``, ``fields``,
    ``labels``, ``kwicTerms``, ``initial``, ``title`` and ``note``; see
    :func:`toolkit.explore.terms.term_explorer`.
    """
    uid = "tk-te-" + uuid.uuid4().hex[:12]
    head = library_html() if library else ""
    return (f'{head}{STYLE}<div class="tk-te-wrap"><div class="tk-te-note">{escape(payload.get("note", ""))}</div>'
            f'<div class="tk-te" id="{uid}"><div class="tk-te-plot"></div><div class="tk-te-side">'
            f'<input type="search" placeholder="find a term (Enter)" aria-label="find a term">'
            f'<div class="tk-te-stats"><p class="tk-te-note">Hover a point for its statistics; click it '
            f'for its lines in context.</p></div><div class="tk-te-kwic"></div></div></div></div>'
            f'<script type="application/json" id="{uid}-data">{script_json(payload)}</script>'
            f'<script type="text/javascript">{SCRIPT % {"uid": script_json(uid)}}</script>')


def page(payload: dict) -> str:
    """A complete, self-contained HTML page (libraries included)."""
    title = escape(payload.get("title", "Term explorer"))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body style="margin:16px"><h1 style="font:600 20px system-ui,sans-serif">{title}</h1>'
            f'{fragment(payload, library=True)}</body></html>\n')
