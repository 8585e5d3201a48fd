"""``toolkit.explore``: from a co-occurrence rate to the sentences behind it.

The first computation per unit runs :func:`toolkit.segment` and :func:`toolkit.hits` (actors and
frames) once over the corpus and keeps their numbers as arrays (:mod:`toolkit.explore.evidence`).
Everything after that (another grouping, another cell, another page) is computed from those
arrays, so it takes milliseconds, and the table and its evidence come from the same hits: the
number of evidence rows of a cell is its ``joint_units``, always.
"""
from __future__ import annotations

import inspect
import re
import time
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.count.groups import PERIODS, GroupIndex, MissingGroupWarning, group_frame, group_names
from toolkit.errors import ParameterError, check_choice, check_columns, check_positive_int, did_you_mean
from toolkit.explore import evidence as ev
from toolkit.match.lexicon import Lexicon, load_lexicon
from toolkit.text.segment import UNITS

#: Articles per call of :func:`toolkit.segment` while indexing units (bounds memory: no unit
#: texts are kept, only their offsets).
SEGMENT_CHUNK = 2000
#: Group columns offered by the widget: text-like columns with at most this many values.
MAX_GROUP_VALUES = 1000
_SELECT_CACHE = 32


def _hits(articles: pd.DataFrame, lexicon: Lexicon, unit: str) -> pd.DataFrame:
    """``toolkit.hits`` without grouping columns, and without unit texts where it can leave them out."""
    import toolkit  # the public verb, wherever its module lives (called after the package is loaded)

    options = {"unit": unit, "by": None}
    if "unit_text" in inspect.signature(toolkit.hits).parameters:
        options["unit_text"] = False
    return toolkit.hits(articles, lexicon, **options)


class _UnitData:
    """Unit index, hits of both lexicons and their joint units, for one unit."""

    def __init__(self, articles: pd.DataFrame, positions: pd.Index, actors: Lexicon, frames: Lexicon,
                 unit: str):
        import toolkit

        t0, c0 = time.perf_counter(), time.process_time()
        parts = {"doc": [], "unit": [], "title": [], "start": [], "end": []}
        for lo in range(0, len(articles), SEGMENT_CHUNK):
            seg = toolkit.segment(articles.iloc[lo:lo + SEGMENT_CHUNK], unit=unit, by=None)
            parts["doc"].append(positions.get_indexer(seg["doc_id"]))
            parts["unit"].append(seg["unit"].to_numpy(np.int64))
            parts["title"].append((seg["field"] == "title").to_numpy())
            parts["start"].append(seg["start"].to_numpy(np.int64))
            parts["end"].append(seg["end"].to_numpy(np.int64))
        cat = {k: (np.concatenate(v) if v else np.zeros(0, np.int64)) for k, v in parts.items()}
        self.index = ev.UnitIndex.from_arrays(cat["doc"], cat["unit"], cat["title"].astype(bool), cat["start"],
                                              cat["end"], len(articles))
        stride = self.index.stride
        self.actors = ev.Matches.from_hits(_hits(articles, actors, unit), positions, actors.categories, stride)
        self.frames = ev.Matches.from_hits(_hits(articles, frames, unit), positions, frames.categories, stride)
        self.joint = ev.joint_pairs(self.actors, self.frames)
        self.seconds = time.perf_counter() - t0
        self.cpu_seconds = time.process_time() - c0


class Explorer:
    """Actor × frame co-occurrence with the evidence of every cell; see :func:`explore`.

    Attributes
    ----------
    articles : DataFrame
    actors, frames : Lexicon
    unit : str
        The unit of the table and the evidence (the widget can change it).
    by : list of str
        The grouping of the table (the widget can change it).
    timings : dict
        Wall and CPU seconds of the first computation of each unit.
    """

    def __init__(self, articles: pd.DataFrame, actors="actors", frames="frames", *, unit: str = "sentence",
                 by: str | Sequence[str] | None = "outlet", alpha: float = 0.05, min_units: int = 10,
                 page_size: int = 10, max_rows: int = 20, export_dir: str | Path = "."):
        check_columns(articles, ["doc_id", "title", "text"])
        check_choice("unit", unit, UNITS)
        check_positive_int("min_units", min_units, minimum=0)
        check_positive_int("page_size", page_size)
        check_positive_int("max_rows", max_rows)
        if not 0 < alpha < 1:
            raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
        if not articles["doc_id"].is_unique:
            dup = articles["doc_id"][articles["doc_id"].duplicated()].iloc[0]
            raise ParameterError(f"articles `doc_id` must be unique to trace evidence; {dup!r} appears twice")
        self.articles = articles
        self.actors = load_lexicon(actors)
        self.frames = load_lexicon(frames)
        self.by = group_names(by)
        group_frame(articles.iloc[:0], self.by)  # an unknown column raises here, naming it
        self.unit = unit
        self.alpha, self.min_units, self.page_size, self.max_rows = alpha, min_units, page_size, max_rows
        self.export_dir = Path(export_dir)
        self._positions = pd.Index(articles["doc_id"])
        self._units: dict[str, _UnitData] = {}
        self._codes: dict[tuple, tuple[np.ndarray, pd.DataFrame]] = {}
        self._notes: dict[tuple, list[str]] = {}
        self._values: dict[str, pd.Series] = {}
        self._tables: dict[tuple, pd.DataFrame] = {}
        self._selected: OrderedDict = OrderedDict()
        self._order = self._reading_order()
        self._widget = None
        self.timings: dict[str, dict[str, float]] = {}
        self._data(unit)

    # ------------------------------------------------------------------ caches
    def _data(self, unit: str) -> _UnitData:
        check_choice("unit", unit, UNITS)
        if unit not in self._units:
            data = _UnitData(self.articles, self._positions, self.actors, self.frames, unit)
            self._units[unit] = data
            self.timings[unit] = {"seconds": data.seconds, "cpu_seconds": data.cpu_seconds}
        return self._units[unit]

    def _grouping(self, names: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
        """Group code of each article and the groups, as ``toolkit.cooccurrence`` makes them."""
        key = tuple(names)
        if key not in self._codes:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", MissingGroupWarning)
                index = GroupIndex.of(self.articles, names)
            self._notes[key] = [str(w.message) for w in caught if issubclass(w.category, MissingGroupWarning)]
            self._codes[key] = (index.codes(self.articles), index.keys)
        return self._codes[key]

    def group_note(self, by: str | Sequence[str] | None) -> str:
        """Why articles are left out of a grouping (e.g. "4,407 with no date"), or ""."""
        names = group_names(by)
        self._grouping(names)
        return "; ".join(self._notes[tuple(names)])

    def _column(self, name: str) -> pd.Series:
        """Values of a grouping column or period, one per article."""
        if name not in self._values:
            self._values[name] = group_frame(self.articles, [name])[name]
        return self._values[name]

    def _reading_order(self) -> np.ndarray | None:
        if "date" not in self.articles.columns:
            return None
        date = pd.to_datetime(self.articles["date"], errors="coerce")
        missing = date.isna().to_numpy()
        values = date.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        values[missing] = 0  # missing dates come last (first key), in table order
        ranks = np.empty(len(date), np.int64)
        ranks[np.lexsort((np.arange(len(date)), values, missing))] = np.arange(len(date))
        return ranks

    # ------------------------------------------------------------------ public
    def group_options(self) -> list[str]:
        """Columns and periods the table can be grouped by: text-like columns with at most
        :data:`MAX_GROUP_VALUES` values (``doc_id``, ``title``, ``text``, ``url`` excluded), then
        the periods when there is a ``date`` column, then the current grouping's columns."""
        skip = {"doc_id", "title", "text", "url", "date"}
        out = []
        for col in self.articles.columns:
            series = self.articles[col]
            if col in skip or not (isinstance(series.dtype, pd.CategoricalDtype)
                                   or pd.api.types.is_string_dtype(series) or series.dtype == object):
                continue
            if series.nunique(dropna=True) <= MAX_GROUP_VALUES:
                out.append(col)
        if "date" in self.articles.columns:
            out += [p for p in PERIODS if p not in out]
        return out + [n for n in self.by if n not in out]

    def table(self, *, by: str | Sequence[str] | None = ..., unit: str | None = None) -> pd.DataFrame:
        """The co-occurrence table, equal to ``toolkit.cooccurrence(articles, actors, frames, unit=…, by=…)``.

        Parameters
        ----------
        by : str, list of str or None
            Grouping (default: the explorer's current one).
        unit : str, optional
            Default: the explorer's current unit.

        Returns
        -------
        DataFrame
            The columns of :func:`toolkit.cooccurrence`; ``attrs["parameters"]`` records the call.

        Warns
        -----
        MissingGroupWarning
            As :func:`toolkit.cooccurrence`: how many articles the grouping leaves out (no value, no date).
        """
        names = self.by if by is ... else group_names(by)
        unit = unit or self.unit
        key = (unit, tuple(names))
        if key not in self._tables:
            data = self._data(unit)
            codes, groups = self._grouping(names)
            table = ev.count_table(data.index, data.actors, data.frames, data.joint, codes, groups, alpha=self.alpha)
            table.attrs["parameters"] = {"actors": self.actors.name, "frames": self.frames.name, "unit": unit,
                                         "by": names, "window": None, "alpha": self.alpha}
            self._tables[key] = table
        for note in self._notes[tuple(names)]:
            warnings.warn(note, MissingGroupWarning, stacklevel=2)
        return self._tables[key]

    def _doc_mask(self, groups: dict) -> np.ndarray | None:
        if not groups:
            return None
        mask = np.ones(len(self.articles), bool)
        for name, value in groups.items():
            values = self._column(name)  # ParameterError for an unknown column
            present = values.dropna().unique().tolist()
            if isinstance(values.dtype, pd.CategoricalDtype):
                present = list(values.cat.categories)
            if value not in present:
                shown = sorted(map(str, present))
                raise ParameterError(
                    f"`{name}` value = {value!r} is not a value of {name!r}{did_you_mean(value, shown)}; "
                    f"it has {len(shown)} values, e.g. {shown[:8]}")
            mask &= (values == value).fillna(False).to_numpy(dtype=bool)
        return mask

    def cell(self, actor: str, frame: str, *, unit: str | None = None, **groups) -> np.ndarray:
        """Unit keys of a cell (article position × stride + unit number), in reading order.

        Their number is the cell's ``joint_units``; see :meth:`select` for the parameters.
        """
        check_choice("actor", actor, self.actors.categories)
        check_choice("frame", frame, self.frames.categories)
        data = self._data(unit or self.unit)
        return ev.cell_keys(data.joint, data.index, actor=self.actors.categories.index(actor),
                            frame=self.frames.categories.index(frame), docs=self._doc_mask(groups),
                            order=self._order)

    def evidence(self, keys: np.ndarray, actor: str, frame: str, *, unit: str | None = None,
                 extra: Sequence[str] = ()) -> pd.DataFrame:
        """The evidence table of unit keys (all of a cell, or one page of it); see :meth:`select`."""
        data = self._data(unit or self.unit)
        names = [n for n in extra if n not in ev.META_COLUMNS]
        more = pd.DataFrame({n: self._column(n) for n in names}) if names else None
        return ev.evidence_frame(keys, data.index, data.actors, data.frames,
                                 actor=self.actors.categories.index(actor),
                                 frame=self.frames.categories.index(frame), articles=self.articles, extra=more)

    def select(self, actor: str, frame: str, *, unit: str | None = None, **groups) -> pd.DataFrame:
        """The units that tie ``actor`` to ``frame`` in one group: the evidence of one cell.

        Parameters
        ----------
        actor, frame : str
            Categories of the actor and frame lexicons.
        unit : str, optional
            Default: the explorer's current unit.
        **groups
            Column (or period) = value, e.g. ``outlet="Fox News"``, ``bias="left"``,
            ``month="2020-03"``; any column works, grouped by or not. None given = the whole corpus.

        Returns
        -------
        DataFrame
            One row per unit, in reading order (date, then article, then unit): ``doc_id``,
            ``outlet``, ``date``, ``title``, ``url`` (those the articles have), the ``groups``
            columns, ``unit``, ``field``, ``start``, ``end``, ``actor``, ``frame``, ``actor_terms``,
            ``frame_terms``, ``text`` (the unit) and ``spans`` (offsets of the matches in
            ``text``); see :func:`toolkit.explore.evidence.evidence_frame`. Its length equals
            the cell's ``joint_units`` in :meth:`table` and in :func:`toolkit.cooccurrence`.

        Raises
        ------
        ParameterError
            An unknown actor, frame, unit, column, or a value the column does not have.
        """
        key = (unit or self.unit, actor, frame, tuple(sorted((k, str(v)) for k, v in groups.items())))
        if key in self._selected:
            self._selected.move_to_end(key)
            return self._selected[key]
        keys = self.cell(actor, frame, unit=unit, **groups)
        out = self.evidence(keys, actor, frame, unit=unit, extra=list(groups))
        out.attrs["parameters"] = {"actor": actor, "frame": frame, "unit": unit or self.unit, "groups": groups,
                                   "actors": self.actors.name, "frames": self.frames.name}
        self._selected[key] = out
        while len(self._selected) > _SELECT_CACHE:
            self._selected.popitem(last=False)
        return out

    def export(self, actor: str, frame: str, *, path: str | Path | None = None, unit: str | None = None,
               **groups) -> Path:
        """Write the evidence of a cell as CSV (see :func:`toolkit.explore.evidence.write_csv`).

        The default path is ``export_dir/evidence-<unit>-<actor>-<frame>[-<group values>].csv``.
        """
        frame_ = self.select(actor, frame, unit=unit, **groups)
        if path is None:
            parts = ["evidence", unit or self.unit, actor, frame, *(str(v) for v in groups.values())]
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(parts)).strip("._")
            path = self.export_dir / f"{name}.csv"
        return ev.write_csv(frame_, path)

    # ------------------------------------------------------------------ display
    @property
    def widget(self):
        """The ipywidgets app (built on first use)."""
        if self._widget is None:
            from toolkit.explore.widget import ExplorerApp

            self._widget = ExplorerApp(self)
        return self._widget.root

    @property
    def app(self):
        """The :class:`toolkit.explore.widget.ExplorerApp` behind :attr:`widget` (its controls)."""
        self.widget  # noqa: B018  (builds it)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return (f"Explorer({len(self.articles)} articles, actors={self.actors.name!r}, frames={self.frames.name!r}, "
                f"unit={self.unit!r}, by={self.by})")


def explore(articles: pd.DataFrame, actors="actors", frames="frames", *, unit: str = "sentence",
            by: str | Sequence[str] | None = "outlet", alpha: float = 0.05, min_units: int = 10,
            page_size: int = 10, max_rows: int = 20, export_dir: str | Path = ".") -> Explorer:
    """Explore actor × frame co-occurrence in JupyterLab, from a rate to the sentences behind it.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``doc_id`` unique, ``title``, ``text``; ``outlet``, ``date``, ``url``
        are shown with the evidence when present).
    actors, frames : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes (default: the packaged lexicons).
    unit : {"sentence", "paragraph", "document"}
        The unit that ties an actor to a frame (the widget can switch; each new unit is
        computed once).
    by : str, list of str or None
        Grouping of the table (a column such as ``"outlet"`` or ``"bias"``, a period such as
        ``"month"``, several, or None); the widget offers every text column with at most
        1,000 values and the periods.
    alpha : float
        1 - confidence level of the Wilson intervals.
    min_units : int
        Cells whose actor is mentioned in fewer units are greyed in the widget (their rate is
        still shown, with its n).
    page_size : int
        Sentences per page in the widget.
    max_rows : int
        Groups shown in the widget's table (those with the most units mentioning the actor;
        periods in time order); the full table is :meth:`Explorer.table`.
    export_dir : str or Path
        Where the widget's "export CSV" writes.

    Returns
    -------
    Explorer
        Displayed as its widget when it is a cell's value. ``.table()`` is the co-occurrence
        table; ``.select(actor=…, frame=…, outlet=…)`` the evidence of a cell (its rows are the
        cell's ``joint_units``); ``.export(…)`` writes it as CSV; ``.widget`` is the app.

    Raises
    ------
    ParameterError
        A missing column, duplicate ``doc_id``, unknown unit or grouping column, or invalid option.
    LexiconError
        A lexicon that cannot be loaded.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"], "date": pd.to_datetime(["2024-01-01", None]),
    ...     "title": ["", "Russia talks"], "text": ["Russia warned of escalation. NATO met.", "Russia escalated."]})
    >>> ex = toolkit.explore(arts, {"russia": ["Russia"], "nato": ["NATO"]}, {"escalation": ["escalat*"]})
    >>> ex.table().query("actor == 'russia'")[["outlet", "actor_units", "joint_units"]].values.tolist()
    [['A', 1, 1], ['B', 2, 1]]
    >>> ex.select("russia", "escalation", outlet="B")[["unit", "text", "spans"]].values.tolist()
    [[1, 'Russia escalated.', ((0, 6, 'actor'), (7, 16, 'frame'))]]
    """
    return Explorer(articles, actors, frames, unit=unit, by=by, alpha=alpha, min_units=min_units,
                    page_size=page_size, max_rows=max_rows, export_dir=export_dir)
