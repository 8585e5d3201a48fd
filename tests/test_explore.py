"""toolkit.explore: the co-occurrence table and the evidence of its cells (counts checked by hand,
equality with toolkit.cooccurrence, paging, CSV export, the widget driven through its controls)."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from conftest import REPO_ROOT, shared_path
from toolkit.errors import ParameterError
from toolkit.explore import evidence as ev
from toolkit.explore.explorer import Explorer

ACTORS = {"russia": ["Russia"], "nato": ["NATO"]}
FRAMES = {"escalation": ["escalat*"], "aid": ["aid"]}


@pytest.fixture
def tiny(tiny_articles) -> Explorer:
    return toolkit.explore(tiny_articles, ACTORS, FRAMES)


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return toolkit.load_corpus(REPO_ROOT / "corpora" / "demo")


@pytest.fixture(scope="module")
def demo_explorer(demo) -> Explorer:
    return toolkit.explore(demo)


def cell(table: pd.DataFrame, **where) -> pd.Series:
    sel = np.ones(len(table), bool)
    for key, value in where.items():
        sel &= (table[key] == value).to_numpy()
    assert sel.sum() == 1, where
    return table[sel].iloc[0]


# ---------------------------------------------------------------- counts by hand
def test_table_counts_by_hand(tiny):
    # Alpha: a1 = title "Russia warns NATO" (0), "Russia warned of escalation." (1), "NATO said ..." (2),
    # "The U.S. sent aid." (3); a2 = "Talks resume" (0), "Peace talks ..." (1), "Russia’s envoy attended." (2).
    # Beta: b1 = title "NATO escalation" (0), "NATO escalated its presence." (1), "Russia supposedly ..." (2);
    # b2 (no title) = "Humanitarian aid reached the border." (1), "The EU pledged more." (2).
    table = tiny.table()
    got = {(r.outlet, r.actor, r.frame): (r.actor_units, r.frame_units, r.joint_units, r.units)
           for r in table.itertuples(index=False)}
    assert got == {
        ("Alpha", "russia", "escalation"): (3, 1, 1, 7), ("Alpha", "russia", "aid"): (3, 1, 0, 7),
        ("Alpha", "nato", "escalation"): (2, 1, 0, 7), ("Alpha", "nato", "aid"): (2, 1, 0, 7),
        ("Beta", "russia", "escalation"): (1, 2, 0, 5), ("Beta", "russia", "aid"): (1, 1, 0, 5),
        ("Beta", "nato", "escalation"): (2, 2, 2, 5), ("Beta", "nato", "aid"): (2, 1, 0, 5),
    }
    assert table.attrs["parameters"]["by"] == ["outlet"]


def test_select_returns_the_units_by_hand(tiny):
    rows = tiny.select("nato", "escalation", outlet="Beta")
    assert rows[["doc_id", "unit", "field", "text"]].values.tolist() == [
        ["b1", 0, "title", "NATO escalation"], ["b1", 1, "text", "NATO escalated its presence."]]
    assert rows["spans"].tolist() == [((0, 4, "actor"), (5, 15, "frame")), ((0, 4, "actor"), (5, 14, "frame"))]
    assert rows["actor_terms"].tolist() == ["NATO", "NATO"]
    assert rows["frame_terms"].tolist() == ["escalation", "escalated"]
    assert rows[["outlet", "title"]].values.tolist() == [["Beta", "NATO escalation"]] * 2
    # all groups, and another grouping than the table's: a period
    assert tiny.select("russia", "escalation")[["doc_id", "unit", "text"]].values.tolist() == [
        ["a1", 1, "Russia warned of escalation."]]
    assert len(tiny.select("nato", "escalation", month="2024-01")) == 2
    assert tiny.select("nato", "escalation", month="2024-01")["month"].tolist() == ["2024-01"] * 2
    assert len(tiny.select("nato", "escalation", outlet="Alpha")) == 0


def test_evidence_in_reading_order(demo_explorer):
    rows = demo_explorer.select("russia", "escalation")
    keys = list(zip(rows["date"], rows["doc_id"], rows["unit"]))
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2]))  # the demo's doc_ids sort with its dates
    assert not rows.duplicated(["doc_id", "unit"]).any()


# ---------------------------------------------------------------- equal to toolkit.cooccurrence
@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
@pytest.mark.parametrize("by", ["outlet", "month", ["outlet", "month"], "event", None])
def test_table_equals_cooccurrence_on_the_demo_corpus(demo, demo_explorer, unit, by):
    mine = demo_explorer.table(by=by, unit=unit)
    pd.testing.assert_frame_equal(mine, toolkit.cooccurrence(demo, "actors", "frames", unit=unit, by=by))


def test_select_rows_equal_joint_units_on_the_demo_corpus(demo, demo_explorer):
    reference = toolkit.cooccurrence(demo, "actors", "frames", unit="sentence", by="outlet")
    assert reference["joint_units"].sum() > 300
    for row in reference.itertuples(index=False):
        assert len(demo_explorer.select(row.actor, row.frame, outlet=row.outlet)) == row.joint_units, row


def test_evidence_rows_are_segment_units_holding_both_matches(demo, demo_explorer):
    rows = demo_explorer.select("russia", "escalation", outlet="The Northern Ledger")
    expected = cell(toolkit.cooccurrence(demo, "actors", "frames", unit="sentence", by="outlet"),
                    outlet="The Northern Ledger", actor="russia", frame="escalation")["joint_units"]
    assert len(rows) == expected > 10
    units = toolkit.segment(demo, unit="sentence", by=None).set_index(["doc_id", "unit"])
    for row in rows.itertuples(index=False):
        assert row.text == units.loc[(row.doc_id, row.unit), "text"]
        roles = {role for _, _, role in row.spans}
        assert roles == {"actor", "frame"}
        words = [row.text[s:e] for s, e, role in row.spans if role == "actor"]
        assert "; ".join(words) == row.actor_terms
    hits = toolkit.hits(demo, toolkit.load_lexicon("frames").subset("escalation"), unit="sentence",
                        by=None)
    assert set(zip(rows.doc_id, rows.unit)) <= set(zip(hits.doc_id, hits.unit))


def test_articles_left_out_of_a_grouping_are_said_as_cooccurrence_says_it(tiny, tiny_articles):
    from toolkit.count.groups import MissingGroupWarning

    with pytest.warns(MissingGroupWarning) as mine:
        tiny.table(by="month")
    with pytest.warns(MissingGroupWarning) as theirs:
        toolkit.cooccurrence(tiny_articles, ACTORS, FRAMES, by="month")
    assert [str(w.message) for w in mine] == [str(w.message) for w in theirs] == [
        "1 of 4 articles are left out of the grouping by ['month'] (1 with no date)"]
    assert tiny.group_note("month") == str(mine[0].message) and tiny.group_note("outlet") == ""


# ---------------------------------------------------------------- errors (messages pinned)
def test_unknown_categories_and_groups_are_named(tiny):
    with pytest.raises(ParameterError, match=r"`actor` value = 'rusia' is invalid \(did you mean 'russia'\?\)"):
        tiny.select("rusia", "escalation")
    with pytest.raises(ParameterError, match=r"`frame` value = 'war' is invalid; must be one of \['aid', 'escalation'\]"):
        tiny.select("russia", "war")
    with pytest.raises(ParameterError, match=r"`outlet` value = 'Alpah' is not a value of 'outlet' "
                                             r"\(did you mean 'Alpha'\?\); it has 2 values, e.g. \['Alpha', 'Beta'\]"):
        tiny.select("russia", "escalation", outlet="Alpah")
    with pytest.raises(ParameterError, match="`by` names 'source', which is not a column of articles"):
        tiny.select("russia", "escalation", source="x")
    with pytest.raises(ParameterError, match=r"`unit` value = 'line' is invalid"):
        tiny.select("russia", "escalation", unit="line")


def test_invalid_input_is_refused(tiny_articles):
    with pytest.raises(ParameterError, match=r"articles `doc_id` must be unique to trace evidence; 'a1' appears twice"):
        toolkit.explore(pd.concat([tiny_articles, tiny_articles.iloc[:1]]), ACTORS, FRAMES)
    with pytest.raises(ParameterError, match=r"articles has no column\(s\) \['title'\]"):
        toolkit.explore(tiny_articles.drop(columns="title"), ACTORS, FRAMES)
    with pytest.raises(ParameterError, match=r"`page_size` value = 0 is invalid; must be an integer >= 1"):
        toolkit.explore(tiny_articles, ACTORS, FRAMES, page_size=0)
    with pytest.raises(ParameterError, match=r"`alpha` value = 2 is invalid; must be between 0 and 1"):
        toolkit.explore(tiny_articles, ACTORS, FRAMES, alpha=2)
    with pytest.raises(ParameterError, match="`by` names 'source'"):
        toolkit.explore(tiny_articles, ACTORS, FRAMES, by="source")


# ---------------------------------------------------------------- pure parts
def test_unit_index_and_matches_from_arrays():
    # two articles; article 1 has no title; units given out of order
    index = ev.UnitIndex.from_arrays(doc=[1, 0, 0, 1], unit=[2, 1, 0, 1], title=[False, False, True, False],
                                     start=[10, 0, 0, 0], end=[20, 5, 3, 9], n_docs=3)
    assert index.stride == 3
    assert index.keys.tolist() == [0, 1, 4, 5]
    assert index.units_per_doc().tolist() == [2, 2, 0]
    assert index.locate(np.array([5, 0])).tolist() == [3, 0]
    with pytest.raises(ValueError, match="a hit lies in no unit"):
        index.locate(np.array([2]))
    hits = pd.DataFrame({"doc_id": ["b", "a", "b", "b"], "unit": [1, 0, 1, 2], "category": ["y", "x", "y", "x"],
                         "start": [5, 0, 1, 12], "end": [6, 1, 2, 13]})
    m = ev.Matches.from_hits(hits, pd.Index(["a", "b", "c"]), ["x", "y"], index.stride)
    assert m.key.tolist() == [0, 4, 4, 5] and m.start.tolist() == [0, 1, 5, 12]
    assert [k.tolist() for k in m.pairs()] == [[0, 4, 5], [0, 1, 0]]
    with pytest.raises(ValueError, match="not in the articles table"):
        ev.Matches.from_hits(hits, pd.Index(["a"]), ["x", "y"], 3)


@pytest.mark.parametrize("total, page, size, expected", [
    (0, 0, 10, (0, 0, 0, 1)), (10, 0, 10, (0, 10, 0, 1)), (11, 1, 10, (10, 11, 1, 2)),
    (25, -3, 10, (0, 10, 0, 3)), (25, 99, 10, (20, 25, 2, 3)), (3, 2, 1, (2, 3, 2, 3))])
def test_page_bounds(total, page, size, expected):
    assert ev.page_bounds(total, page, size) == expected


def test_csv_export_round_trips(tiny_articles, tmp_path):
    articles = tiny_articles.copy()
    articles.loc[0, "text"] = 'Russia warned, "of" <b>escalation</b>;\nagain. NATO said the threat was exaggerated.'
    explorer = toolkit.explore(articles, ACTORS, FRAMES, export_dir=tmp_path)
    path = explorer.export("russia", "escalation", outlet="Alpha")
    assert path == tmp_path / "evidence-sentence-russia-escalation-Alpha.csv"
    back = pd.read_csv(path, keep_default_na=False)
    rows = explorer.select("russia", "escalation", outlet="Alpha")
    assert back["text"].tolist() == rows["text"].tolist() == [
        'Russia warned, "of" <b>escalation</b>;\nagain.']
    assert [tuple(map(tuple, json.loads(s))) for s in back["spans"]] == [
        tuple((s, e, r) for s, e, r in spans) for spans in rows["spans"]]
    assert back.columns.tolist() == rows.columns.tolist()
    own = explorer.export("russia", "escalation", path=tmp_path / "sub" / "mine.csv")
    assert own.exists() and len(pd.read_csv(own)) == 1


# ---------------------------------------------------------------- the widget, driven as a user would
def test_widget_click_pages_and_export(demo, demo_explorer, tmp_path):
    pytest.importorskip("ipywidgets")
    from toolkit.explore.widget import rate_text

    by_outlet = toolkit.cooccurrence(demo, "actors", "frames", unit="sentence", by="outlet")
    overall = toolkit.cooccurrence(demo, "actors", "frames", unit="sentence", by=None)
    ledger = cell(by_outlet, outlet="The Northern Ledger", actor="russia", frame="escalation")
    k, n = int(ledger["joint_units"]), int(ledger["actor_units"])
    assert k > 8  # (the demo corpus is written so: more than two pages of 4)
    explorer = toolkit.explore(demo, page_size=4, export_dir=tmp_path)
    app = explorer.app
    busiest = overall.drop_duplicates("actor").sort_values("actor_units", ascending=False, kind="stable")
    assert app.actor.value == busiest["actor"].iloc[0]  # the actor with the most units
    app.actor.value = "russia"
    button = app.cells[(("The Northern Ledger",), "escalation")]
    assert button.description == f"{rate_text(ledger['rate'])} · {k}"
    button.click()
    assert (app.group.value, app.frame.value) == (("The Northern Ledger",), "escalation")
    assert f"{k} of the {n} sentences mentioning the actor" in app.summary.value
    pages = -(-k // 4)
    assert app.page_label.value == f"1–4 of {k} · page 1/{pages}" and app.prev.disabled and not app.next.disabled
    assert app.evidence.value.count("<li ") == 4
    app.next.click()
    assert app.page_label.value == f"5–8 of {k} · page 2/{pages}"
    assert '<li value="5">' in app.evidence.value
    app.export.click()
    written = tmp_path / "evidence-sentence-russia-escalation-The_Northern_Ledger.csv"
    assert written.exists() and len(pd.read_csv(written)) == k
    assert str(written) in app.status.value
    # the dropdowns choose a cell too
    app.group.value = ()
    everywhere = int(cell(overall, actor="russia", frame="escalation")["joint_units"])
    assert app.page_label.value.endswith(f"of {everywhere} · page 1/{-(-everywhere // 4)}")
    app.frame.value = "humanitarian"
    assert len(app.keys) == len(explorer.select("russia", "humanitarian"))
    # another grouping and unit redraw the table from the caches
    app.grouping.value = ("month",)
    assert [v for _, v in app.group.options][:3] == [(), ("2025-01",), ("2025-02",)]  # in time order
    app.unit.value = "paragraph"
    assert "paragraphs" in app.note.value and "paragraph" in explorer.timings
    assert explorer.table(by="month", unit="paragraph")["units"].sum() > 0


def test_widget_shows_hostile_text_escaped(tiny_articles):
    pytest.importorskip("ipywidgets")
    articles = tiny_articles.copy()
    articles["outlet"] = articles["outlet"].cat.rename_categories(
        {"Beta": "Beta <img src=x onerror=alert(1)>"})
    articles.loc[2, "text"] = "NATO escalated <script>alert(1)</script> its presence. Russia moved."
    articles["url"] = ["https://example.org/a?b=1&c=2", None, "javascript:alert(1)", "https://x.org/\"><b>"]
    app = toolkit.explore(articles, ACTORS, FRAMES).app
    app.actor.value = "nato"
    app.choose(("Beta <img src=x onerror=alert(1)>",), "escalation")
    html = app.summary.value + app.evidence.value + app.note.value
    assert "<img" not in html and "<script>" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in app.evidence.value
    assert "Beta &lt;img src=x onerror=alert(1)&gt;" in app.evidence.value
    assert "href" not in app.evidence.value  # b1's javascript: URL is not made a link
    assert "NATO escalation</div>" not in app.evidence.value and "NATO escalation · " in app.evidence.value
    app.actor.value = "russia"
    app.choose(None, "escalation")  # a1, whose URL is http(s): a link, its & escaped
    assert '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">' in app.evidence.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # b2 has no date: the widget says so in its note, it does not warn
        app.grouping.value = ("month",)
    assert "1 of 4 articles are left out of the grouping by [&#x27;month&#x27;] (1 with no date)." in app.note.value
    app.grouping.value = ("outlet",)
    # labels of the table are plain text widgets (never parsed as HTML)
    labels = [c for c in app.table.children if type(c).__name__ == "Label"]
    assert "Beta <img src=x onerror=alert(1)>" in [c.value for c in labels]


def test_explorer_displays_as_its_widget(tiny):
    pytest.importorskip("ipywidgets")
    bundle = tiny._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == tiny.widget.model_id


# ---------------------------------------------------------------- AllSides (real, messy)
@pytest.fixture(scope="module")
def allsides_foreign() -> pd.DataFrame:
    articles = toolkit.load_corpus(shared_path("allsides", "articles.parquet"), errors="skip")
    topics = ["middle_east", "world", "foreign_policy", "national_security", "north_korea", "us_military"]
    return articles[articles["topic"].isin(topics)].reset_index(drop=True)


@pytest.mark.shared
@pytest.mark.filterwarnings("ignore::toolkit.ToolkitWarning")
def test_allsides_select_rows_equal_the_table(allsides_foreign):
    explorer = toolkit.explore(allsides_foreign)
    for by in ("outlet", "bias"):
        table = explorer.table(by=by)
        largest = table.sort_values("joint_units", ascending=False).head(3)
        some = table[table["joint_units"] > 0].sample(5, random_state=1)
        for row in pd.concat([largest, some]).itertuples(index=False):
            rows = explorer.select(row.actor, row.frame, **{by: getattr(row, by)})
            assert len(rows) == row.joint_units, row
            assert rows[by].eq(getattr(row, by)).all()


@pytest.mark.shared
@pytest.mark.filterwarnings("ignore::toolkit.ToolkitWarning")
def test_allsides_table_equals_cooccurrence(allsides_foreign):
    explorer = toolkit.explore(allsides_foreign)
    for by in ("outlet", "bias"):
        reference = toolkit.cooccurrence(allsides_foreign, "actors", "frames", unit="sentence", by=by, progress=False)
        pd.testing.assert_frame_equal(explorer.table(by=by), reference)
        for row in reference.sort_values("joint_units", ascending=False).head(3).itertuples(index=False):
            assert len(explorer.select(row.actor, row.frame, **{by: getattr(row, by)})) == row.joint_units
