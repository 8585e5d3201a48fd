"""The ipywidgets app of :func:`toolkit.explore`: a rate table whose cells open their sentences.

Layout, top to bottom: the controls (grouping, unit, actor, frames shown); the table (one row
per group, the whole corpus first; one column per frame; each cell a button showing the rate
and ``joint/actor units``, shaded by rate, grey under ``min_units``); the chosen cell (also
choosable with two dropdowns) and its statistics; its sentences, paged; "export CSV".
Group names, categories and article text reach the page as widget text (never parsed as HTML)
or escaped (:mod:`toolkit.explore.html`).
"""
from __future__ import annotations

import warnings

import ipywidgets as w
import numpy as np
import pandas as pd

from toolkit.count.groups import PERIODS, MissingGroupWarning
from toolkit.explore import evidence as ev
from toolkit.explore.html import escape, evidence_html
from toolkit.text.segment import UNITS

ALL = "(all articles)"
NONE = "(none)"
GREY = "#eeeeee"
HEAD_STYLE = ("<style>.tk-head{font-size:12px;line-height:1.15;word-break:break-word;padding-top:4px}"
              ".tk-explorer .widget-html-content{line-height:1.4}</style>")


def shade(rate: float, top: float) -> tuple[str, str]:
    """Background and text colour for a rate on a white-to-blue scale whose darkest is ``top``."""
    if not np.isfinite(rate) or top <= 0:
        return "#ffffff", "#333333"
    x = min(max(rate / top, 0.0), 1.0)
    light, dark = np.array([247, 251, 255]), np.array([8, 69, 148])
    r, g, b = (light + (dark - light) * x).round().astype(int)
    return f"#{r:02x}{g:02x}{b:02x}", ("#ffffff" if x > 0.55 else "#1b1b1b")


def rate_text(rate: float) -> str:
    """A rate as a short percentage: ``"12%"``, ``"0.4%"``, ``"–"`` for no units."""
    if not np.isfinite(rate):
        return "–"
    return f"{rate * 100:.1f}%" if rate < 0.1 else f"{rate * 100:.0f}%"


def _label(value) -> str:
    return " × ".join(map(str, value)) if isinstance(value, tuple) else str(value)


class ExplorerApp:
    """The widgets and their callbacks; ``root`` is what a notebook displays.

    Controls (public, so code and tests can drive them as a user would): ``grouping``, ``unit``,
    ``actor``, ``frames`` (shown columns), ``group`` and ``frame`` (the chosen cell), ``prev``,
    ``next``, ``export``; outputs: ``table`` (a grid of buttons, ``cells[(group, frame)]``),
    ``summary``, ``evidence``, ``page_label``, ``status``.
    """

    def __init__(self, explorer):
        self.ex = explorer
        self._busy = False
        self.page = 0
        self.keys = np.zeros(0, np.int64)
        self.cells: dict[tuple, w.Button] = {}
        self._pools: dict[str, list] = {}
        self._cell_of: dict[str, tuple] = {}
        options = [(NONE, ())] + [(n, (n,)) for n in explorer.group_options()]
        if len(explorer.by) > 1:
            options.append((" × ".join(explorer.by), tuple(explorer.by)))
        wide = w.Layout(width="auto")
        self.grouping = w.Dropdown(options=options, value=tuple(explorer.by), description="Groups", layout=wide)
        self.unit = w.Dropdown(options=list(UNITS), value=explorer.unit, description="Unit", layout=wide)
        self.actor = w.Dropdown(options=explorer.actors.categories, value=self._busiest_actor(), description="Actor",
                                layout=wide)
        self.frames = w.SelectMultiple(options=explorer.frames.categories, value=tuple(explorer.frames.categories),
                                       rows=min(6, len(explorer.frames.categories)), description="Frames")
        self.group = w.Dropdown(options=[(ALL, ())], value=(), description="Cell: group", layout=wide,
                                style={"description_width": "initial"})
        self.frame = w.Dropdown(options=explorer.frames.categories, description="frame", layout=wide)
        self.table = w.GridBox(layout=w.Layout(grid_gap="2px", width="100%", overflow="auto"))
        self.note = w.HTML()
        self.summary = w.HTML()
        self.evidence = w.HTML(layout=w.Layout(max_height="520px", overflow="auto"))
        self.prev = w.Button(description="◀ previous", layout=w.Layout(width="110px"))
        self.next = w.Button(description="next ▶", layout=w.Layout(width="110px"))
        self.page_label = w.Label()
        self.export = w.Button(description="export CSV", icon="download", layout=w.Layout(width="130px"))
        self.status = w.Label()
        for control, handler in ((self.grouping, self._on_grouping), (self.unit, self._on_unit),
                                 (self.actor, self._on_table), (self.frames, self._on_table),
                                 (self.group, self._on_cell), (self.frame, self._on_cell)):
            control.observe(handler, names="value")
        self.prev.on_click(lambda _: self.turn(-1))
        self.next.on_click(lambda _: self.turn(1))
        self.export.on_click(lambda _: self.write_csv())
        self.root = w.VBox([
            w.HBox([self.grouping, self.unit, self.actor]), self.frames,
            self.note, self.table,
            w.HBox([self.group, self.frame]), self.summary,
            w.HBox([self.prev, self.page_label, self.next, self.export, self.status]),
            self.evidence,
        ], layout=w.Layout(width="100%"))
        self.root.add_class("tk-explorer")
        self._on_table()

    # ------------------------------------------------------------------ data
    def _busiest_actor(self) -> str:
        table = self._table(None)
        units = table.groupby("actor", sort=False)["actor_units"].first()
        return str(units.idxmax()) if len(units) and units.max() > 0 else self.ex.actors.categories[0]

    def _table(self, by) -> pd.DataFrame:
        """The explorer's table; articles left out of the grouping are said in the note, not warned."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingGroupWarning)
            return self.ex.table(by=by, unit=self.unit.value)

    def _by(self) -> list[str]:
        return list(self.grouping.value)

    def _rows(self, table: pd.DataFrame) -> tuple[list[tuple], int]:
        """Group values to show (at most ``max_rows``) and the number of groups mentioning the actor."""
        by = self._by()
        if not by:
            return [], 0
        units = table[table["actor"] == self.actor.value].drop_duplicates(by)
        units = units[units["actor_units"] > 0]
        chosen = units.sort_values("actor_units", ascending=False, kind="stable").head(self.ex.max_rows)
        if all(b in PERIODS for b in by):
            chosen = chosen.sort_values(by, kind="stable")
        return [tuple(v) for v in chosen[by].itertuples(index=False, name=None)], len(units)

    def _groups(self, value) -> dict:
        return dict(zip(self._by(), value or ()))

    # ------------------------------------------------------------------ table
    def _pooled(self, kind: str, n: int) -> list:
        """``n`` widgets of a kind, reused from one table to the next (created once, never leaked)."""
        pool = self._pools.setdefault(kind, [])
        while len(pool) < n:
            if kind == "cell":
                widget = w.Button(layout=w.Layout(width="auto", height="28px", margin="0", padding="0 4px",
                                                  border="1px solid transparent"), style={"font_size": "12px"})
                widget.add_class("tk-cell")
                widget.on_click(self._clicked)
            elif kind == "head":
                widget = w.HTML()
            else:
                widget = w.Label()
            pool.append(widget)
        return pool[:n]

    def _clicked(self, button: w.Button) -> None:
        self.choose(*self._cell_of[button.model_id])

    def _set_cell(self, button: w.Button, row: dict | None, group: tuple, frame: str, top: float) -> w.Button:
        """Show one cell of the table on a pooled button."""
        if row is None or row["actor_units"] == 0:
            description, tooltip, colour, text, disabled = "–", "no unit mentions the actor here", "#ffffff", "#333333", True
        else:
            rate, n, k = float(row["rate"]), int(row["actor_units"]), int(row["joint_units"])
            low = n < self.ex.min_units
            colour, text = (GREY, "#777777") if low else shade(rate, top)
            description, disabled = f"{rate_text(rate)} · {k:,}", False
            tooltip = (f"{_label(group) if group else ALL} · {self.actor.value} × {frame}: "
                       f"{k} of {n} units, rate {rate:.3f} (CI {row['ci_low']:.3f}–{row['ci_high']:.3f})"
                       + (f"; fewer than {self.ex.min_units} units" if low else ""))
        with button.hold_sync(), button.style.hold_sync(), button.layout.hold_sync():
            button.description, button.tooltip, button.disabled = description, tooltip, disabled
            button.style.button_color, button.style.text_color = colour, text
            button.layout.border = "1px solid transparent"
        self._cell_of[button.model_id] = (group, frame)
        self.cells[(group, frame)] = button
        return button

    def _on_table(self, _change=None) -> None:
        """Redraw the table (actor, frames, grouping or unit changed), keep the cell if possible."""
        by, frames = self._by(), list(self.frames.value) or list(self.ex.frames.categories)
        table = self._table(by)
        total = self._table(None)
        rows, n_groups = self._rows(table)
        actor_rows = table[table["actor"] == self.actor.value]
        totals = {r["frame"]: r for r in total[total["actor"] == self.actor.value].to_dict("records")}
        cells = {}
        if by:
            wanted = set(rows)
            values = list(actor_rows[by].itertuples(index=False, name=None))
            keep = np.fromiter((v in wanted for v in values), bool, len(values))
            kept = [v for v, k in zip(values, keep) if k]
            cells = {v + (r["frame"],): r for v, r in zip(kept, actor_rows[keep].to_dict("records"))}
        rates = [r["rate"] for r in [*cells.values(), *totals.values()]
                 if r["frame"] in frames and r["actor_units"] >= self.ex.min_units]
        top = float(np.nanmax(rates)) if rates and np.isfinite(rates).any() else 0.0
        self.cells = {}
        heads, labels = self._pooled("head", len(frames)), iter(self._pooled("label", 2 * len(rows) + 4))
        buttons = iter(self._pooled("cell", len(frames) * (len(rows) + 1)))

        def label(text: str) -> w.Label:
            widget = next(labels)
            widget.value = text
            return widget

        for head, f in zip(heads, frames):
            head.value = f'<div class="tk-head">{escape(f)}</div>'
        first_total = next(iter(totals.values()))
        children = [label(" × ".join(by) or "all"), label("n"), *heads,
                    label(ALL), label(f"{int(first_total['actor_units']):,}")]
        children += [self._set_cell(next(buttons), totals.get(f), (), f, top) for f in frames]
        for value in rows:
            first = cells.get(value + (frames[0],))
            children += [label(_label(value)), label(f"{int(first['actor_units']):,}" if first is not None else "")]
            children += [self._set_cell(next(buttons), cells.get(value + (f,)), value, f, top) for f in frames]
        # names and n never shrink; with many frames the table scrolls sideways
        self.table.layout.grid_template_columns = (f"max-content max-content "
                                                   f"repeat({len(frames)}, minmax(88px, 1fr))")
        self.table.children = children
        unit, actor = self.unit.value, self.actor.value
        self.note.value = HEAD_STYLE + escape(
            f"Each cell: rate = {unit}s with {actor} and the frame / {unit}s with {actor} (n), then the number "
            f"of {unit}s with both. Showing {len(rows)} of {n_groups} groups"
            f"{' (most units first)' if len(rows) < n_groups else ''}; grey: fewer than {self.ex.min_units} "
            "units. Click a cell for its sentences." + (f" {left}." if (left := self.ex.group_note(by)) else ""))
        old_group, old_frame = self.group.value, self.frame.value
        self._busy = True
        try:
            self.group.options = [(ALL, ())] + [(_label(v), v) for v in rows]
            self.group.value = old_group if old_group in rows else ()
            self.frame.options = frames
            self.frame.value = old_frame if old_frame in frames else frames[0]
        finally:
            self._busy = False
        self._on_cell()

    def _on_grouping(self, _change=None) -> None:
        self.ex.by = self._by()  # explorer.table() follows the widget
        self._on_table()

    def _on_unit(self, change=None) -> None:
        if self.unit.value not in self.ex._units:
            self.status.value = f"computing {self.unit.value} units (once; reads the corpus)…"
        self.ex._data(self.unit.value)
        self.ex.unit = self.unit.value
        self.status.value = ""
        self._on_table()

    # ------------------------------------------------------------------ cell and evidence
    def choose(self, group, frame: str) -> None:
        """Choose a cell (what a click does): group value (a tuple; () or None = all articles) and frame."""
        self._busy = True
        try:
            self.group.value = tuple(group or ())
            self.frame.value = frame
        finally:
            self._busy = False
        self._on_cell()

    def _on_cell(self, _change=None) -> None:
        if self._busy:
            return
        group, frame = self.group.value, self.frame.value
        for (g, f), button in self.cells.items():
            button.layout.border = "2px solid #e66100" if (g, f) == (group, frame) else "1px solid transparent"
        self.keys = self.ex.cell(self.actor.value, frame, unit=self.unit.value, **self._groups(group))
        self.page = 0
        self.summary.value = self._summary(group, frame)
        self._show_page()

    def _summary(self, group, frame: str) -> str:
        by = self._by()
        table = self._table(by if group else None)
        sel = (table["actor"] == self.actor.value) & (table["frame"] == frame)
        for name, value in self._groups(group).items():
            sel &= table[name] == value
        row = table[sel].iloc[0]
        where = _label(group) if group else ALL
        n, k = int(row["actor_units"]), int(row["joint_units"])
        if n == 0:
            return f"<b>{escape(where)}</b>: no {escape(self.unit.value)} mentions {escape(self.actor.value)}."
        q = "q < 1e-300" if row["q"] == 0 else f"q {row['q']:.3g}"
        stats = (f"rate {row['rate']:.3f} (95% CI {row['ci_low']:.3f}–{row['ci_high']:.3f}); "
                 f"G2 {row['g2']:.2f}, {q}, {'more' if row['direction'] == '+' else 'less'} "
                 "often than expected under independence")
        return (f"<b>{escape(where)}</b> · <b>{escape(self.actor.value)}</b> × <b>{escape(frame)}</b>: "
                f"{k:,} of the {n:,} {escape(self.unit.value)}s mentioning the actor carry the frame; "
                f"{escape(stats)}." + (" <i>Few units: read the rate with care.</i>" if n < self.ex.min_units else ""))

    def _show_page(self) -> None:
        lo, hi, self.page, pages = ev.page_bounds(len(self.keys), self.page, self.ex.page_size)
        rows = self.ex.evidence(self.keys[lo:hi], self.actor.value, self.frame.value, unit=self.unit.value)
        self.evidence.value = evidence_html(rows, first=lo + 1)
        self.page_label.value = f"{lo + 1 if hi else 0}–{hi} of {len(self.keys)} · page {self.page + 1}/{pages}"
        self.prev.disabled = self.page == 0
        self.next.disabled = self.page >= pages - 1

    def turn(self, step: int) -> None:
        """Show the previous (-1) or next (+1) page of sentences."""
        self.page += step
        self._show_page()

    def write_csv(self):
        """Export the chosen cell's evidence (all pages) as CSV; returns the path."""
        path = self.ex.export(self.actor.value, self.frame.value, unit=self.unit.value,
                              **self._groups(self.group.value))
        self.status.value = f"wrote {len(self.keys)} rows to {path}"
        return path
