"""The coded samples behind the packaged lexicons' precision figures (toolkit/lexicons/validation/).

The table in toolkit/lexicons/README.md must be what the stored codes give; the stored sheets
must hold references only (no third-party text); and, where the AllSides corpus is present in
../shared, every stored reference must still point at the sentence that was coded and every hit
behind a packaged figure must still be a hit of the packaged lexicon.
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import shared_path

import toolkit
from toolkit.paths import PACKAGE_DIR
from toolkit.validation import (coded_samples, packaged_precision, rebuild_coded_sample,
                                validation_sample)
from toolkit.validation.packaged import VALIDATION_DIR, precision_table_markdown

README = PACKAGE_DIR / "lexicons" / "README.md"
PACKAGED = ["actors", "frames"]
# Columns a stored sheet may have: references, codes and notes - never the text.
REFERENCE_COLUMNS = {"item", "category", "pattern", "doc_id", "field", "unit", "unit_start",
                     "unit_end", "start", "end", "unit_sha", "population"}


@pytest.mark.parametrize("lexicon", PACKAGED)
def test_readme_table_is_what_the_stored_codes_give(lexicon):
    table = precision_table_markdown(lexicon)
    assert table in README.read_text(encoding="utf-8"), (
        f"the precision table of {lexicon} in {README} differs from the stored codes; "
        f"replace it with the output of `python toolkit/lexicons/validation/rebuild.py "
        f"--table {lexicon}`:\n{table}")


@pytest.mark.parametrize("lexicon", PACKAGED)
def test_every_category_has_a_final_figure_of_the_required_size_and_precision(lexicon):
    table = packaged_precision(lexicon).set_index("category")
    categories = toolkit.load_lexicon(lexicon).categories
    assert set(table.index) - {"(all)"} == set(categories)
    for category in categories:
        row = table.loc[category]
        # n >= 40, or every hit when the category has fewer (a blank code is left out of n)
        assert row["n"] >= min(39, row["population"] - 1), (category, row["n"])
        assert row["precision"] >= 0.85, (category, row["precision"])


def test_stored_sheets_hold_references_only():
    samples = coded_samples()
    assert samples, f"no coded samples in {VALIDATION_DIR}"
    for name, sheet in samples.items():
        extra = {c for c in sheet.columns
                 if c not in REFERENCE_COLUMNS and not c.startswith(("code_", "note_"))}
        assert not extra, (name, extra)
        notes = sheet[[c for c in sheet.columns if c.startswith("note_")]].stack()
        assert notes.str.len().max() <= 120, (name, notes[notes.str.len() > 120].tolist())
        params = sheet.attrs["parameters"]
        assert params["stage"] in {"development", "final"}, name
        for key in ("seed", "lexicon", "lexicon_sha256", "corpus", "corpus_sha256", "coded"):
            assert key in params, (name, key)
        assert sheet.attrs["rules"], name  # the coding rules are in the header


def test_final_samples_are_fresh():
    """A final sample's seed is used by no other sample (not the one the lexicon was tuned on)."""
    seeds = {name: s.attrs["parameters"]["seed"] for name, s in coded_samples().items()}
    for name, sheet in coded_samples(stage="final").items():
        others = [n for n, seed in seeds.items() if seed == seeds[name] and n != name]
        assert not others, (name, others)


def test_a_stored_sheet_rebuilds_from_articles(tmp_path):
    """The references of a sheet written with context=False restore the marked sentence."""
    articles = pd.DataFrame({"doc_id": ["d1"], "title": ["NATO summit"],
                             "text": ["Russia warned NATO. Troops moved to the border."]})
    hits = toolkit.hits(articles, {"nato": ["NATO"]}, by=[])
    sheet = validation_sample(hits, n=5, seed=1, articles=articles)
    sheet.attrs["parameters"].update(stage="final", corpus="x.parquet")
    path = tmp_path / "mini-final.csv"
    toolkit.write_coding_sheet(sheet, path, context=False)
    corpus = tmp_path / "x.parquet"
    articles.to_parquet(corpus)
    rebuilt = rebuild_coded_sample("mini-final", corpus, directory=tmp_path)
    assert sorted(rebuilt["context"]) == sorted(sheet["context"])
    assert "[[NATO]]" in " ".join(rebuilt["context"])


# ---- against the corpus (skipped where ../shared is absent) ----

@pytest.fixture(scope="module")
def allsides():
    path = shared_path("allsides", "articles.parquet")
    with pytest.warns(toolkit.CorpusWarning):  # AllSides has a few implausible dates
        return toolkit.load_corpus(path)


@pytest.mark.shared
def test_stored_references_point_at_the_coded_sentences(allsides):
    for name in coded_samples():
        sheet = rebuild_coded_sample(name, articles=allsides)  # raises if a sentence differs
        assert sheet["context"].str.contains(r"\[\[", regex=True).all(), name


@pytest.mark.shared
@pytest.mark.parametrize("lexicon", PACKAGED)
def test_the_hits_behind_each_figure_are_still_hits(allsides, lexicon):
    """A change to a category that drops coded hits needs a new final sample (see the README)."""
    table = packaged_precision(lexicon)
    samples = coded_samples(lexicon, stage="final")
    key = ["doc_id", "field", "start", "end", "category"]
    for name, sheet in samples.items():
        mine = set(table.loc[table["sample"] == name, "category"])
        coded = sheet[sheet["category"].isin(mine)]
        articles = allsides[allsides["doc_id"].isin(set(coded["doc_id"]))]
        now = toolkit.hits(articles, lexicon, by=[])[key]
        found = coded[key].merge(now, on=key, how="left", indicator=True)
        lost = found[found["_merge"] == "left_only"]
        assert lost.empty, (f"{len(lost)} coded hits of {name} are no hits of the current "
                            f"{lexicon} lexicon:\n{lost.head(10)}")


def test_errors_name_the_problem(tmp_path):
    with pytest.raises(toolkit.ParameterError, match="no final coded sample of lexicon 'nope'"):
        packaged_precision("nope")
    with pytest.raises(toolkit.ParameterError, match="no coded sample 'nope' in .*; known: .*actors-final"):
        rebuild_coded_sample("nope")
    with pytest.raises(toolkit.ParameterError, match="corpus file not found: .*missing.parquet"):
        rebuild_coded_sample("actors-final", tmp_path / "missing.parquet")


def test_packaged_precision_parameters():
    table = packaged_precision("frames")
    assert table.attrs["parameters"] == {"lexicon": "frames",
                                         "samples": ["frames-final", "frames-final2"]}
    assert table["category"].iloc[-1] == "(all)"
    assert table["n"].iloc[-1] == table["n"].iloc[:-1].sum()
