"""frequencies, cooccurrence, compare_outlets (toolkit.framing): counts checked by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toolkit import ParameterError
from toolkit.concordance import hits
from toolkit.corpus.load import load_corpus
from toolkit.count.units import segment
from toolkit.framing import compare_outlets, cooccurrence, frequencies, score_cooccurrence

from conftest import ACTORS, FRAMES, make_articles as articles, one_row as row, shared_path


# --------------------------------------------------------------------------- frequencies
def test_frequencies_by_hand(tiny_articles):
    table = frequencies(tiny_articles, {"russia": ["Russia"], "nato": ["NATO"], "china": ["China"]})
    alpha_russia = row(table, outlet="Alpha", category="russia")
    # Alpha: title "Russia warns NATO", "Russia warned…", "Russia’s envoy attended." → 3 mentions in 3 units, 2 docs
    assert (alpha_russia["mentions"], alpha_russia["units"], alpha_russia["docs"]) == (3, 3, 2)
    # Alpha words: titles 3 + 2, texts 15 + 8 = 28
    assert alpha_russia["words"] == 28
    assert alpha_russia["per_10k_words"] == pytest.approx(3 / 28 * 10_000)
    beta_nato = row(table, outlet="Beta", category="nato")
    assert (beta_nato["mentions"], beta_nato["units"], beta_nato["docs"]) == (2, 2, 1)
    china = table[table["category"] == "china"]
    assert china["mentions"].tolist() == [0, 0]  # zero rows kept so tables align
    assert row(table, outlet="Beta", category="russia")["total_units"] == 2 + 2 + 1  # b1: title+2, b2: 2


# --------------------------------------------------------------------------- cooccurrence
def test_cooccurrence_by_hand(tiny_articles):
    table = cooccurrence(tiny_articles, ACTORS, FRAMES)
    assert len(table) == 2 * 4 * 3
    r = row(table, outlet="Alpha", actor="russia", frame="escalation")
    # Alpha units: a1 title + 3 sentences, a2 title + 2 sentences = 7.
    # russia units: a1 title, a1 s1, a2 s2 → 3; escalation units: a1 s1 → 1; joint 1.
    assert (r["actor_units"], r["frame_units"], r["joint_units"], r["units"]) == (3, 1, 1, 7)
    assert r["rate"] == pytest.approx(1 / 3)
    b = row(table, outlet="Beta", actor="nato", frame="escalation")
    # Beta: b1 title "NATO escalation" (joint), b1 s1 "NATO escalated" (joint) → 2 of 2
    assert (b["actor_units"], b["frame_units"], b["joint_units"], b["units"]) == (2, 2, 2, 5)
    d = row(table, outlet="Beta", actor="russia", frame="doubt")
    assert (d["actor_units"], d["joint_units"]) == (1, 1)  # "Russia supposedly moved troops."
    us = row(table, outlet="Alpha", actor="us", frame="deployment")
    assert (us["actor_units"], us["joint_units"]) == (1, 0)


def test_cooccurrence_scores_match_reference_formulas(tiny_articles):
    table = cooccurrence(tiny_articles, ACTORS, FRAMES)
    r = row(table, outlet="Alpha", actor="russia", frame="escalation")
    obs = np.array([[1, 2], [0, 4]])
    g2, p, dof, expected = stats.chi2_contingency(obs, correction=False, lambda_="log-likelihood")
    assert r["g2"] == pytest.approx(g2) and r["p"] == pytest.approx(p)
    assert r["expected"] == pytest.approx(expected[0, 0]) == pytest.approx(3 * 1 / 7)
    assert r["pmi"] == pytest.approx(np.log2(1 * 7 / (3 * 1)))
    assert r["direction"] == "+"
    # Wilson 95% for 1/3 (hand formula)
    z = stats.norm.ppf(0.975)
    n, ph = 3, 1 / 3
    centre = (ph + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(ph * (1 - ph) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(centre - half), pytest.approx(centre + half))
    # BH q over the table equals statsmodels' on the same p-values
    from statsmodels.stats.multitest import multipletests
    ok = table["p"].notna()
    assert np.allclose(table.loc[ok, "q"], multipletests(table.loc[ok, "p"], method="fdr_bh")[1])
    assert table.loc[table["actor_units"] == 0, "rate"].isna().all()


def test_cooccurrence_counts_equal_a_reference_built_from_the_audit_trail():
    rng = np.random.default_rng(7)
    words = ["Russia", "NATO", "escalation", "the", "US", "us", "troops", "alleged", "EU", "said", "de-escalation",
             "Moscow", "boots on the ground", "Mr.", "U.S."]
    rows = []
    for i in range(60):
        sentences = [" ".join(rng.choice(words, size=rng.integers(2, 9))).capitalize() + "." for _ in range(rng.integers(1, 6))]
        rows.append((f"d{i}", f"O{i % 3}", "2024-01-01", "Russia escalation" if i % 4 == 0 else "", " ".join(sentences)))
    arts = articles(*rows)
    table = cooccurrence(arts, ACTORS, FRAMES, jobs=1)
    trail = hits(arts, ACTORS, by="outlet").assign(lex="a")
    trail = pd.concat([trail, hits(arts, FRAMES, by="outlet").assign(lex="f")])
    keys = trail.drop_duplicates(["doc_id", "unit", "lex", "category"])
    a = keys[keys["lex"] == "a"][["doc_id", "unit", "outlet", "category"]]
    f = keys[keys["lex"] == "f"][["doc_id", "unit", "category"]]
    joint = a.merge(f, on=["doc_id", "unit"], suffixes=("_a", "_f")).groupby(
        ["outlet", "category_a", "category_f"], observed=True).size()
    actor_units = a.groupby(["outlet", "category"], observed=True).size()
    units = segment(arts, by="outlet").groupby("outlet", observed=True).size()
    for _, r in table.iterrows():
        assert r["joint_units"] == joint.get((r["outlet"], r["actor"], r["frame"]), 0)
        assert r["actor_units"] == actor_units.get((r["outlet"], r["actor"]), 0)
        assert r["units"] == units[r["outlet"]]
    # the same counts in several chunks, on two processes, and on Dask
    from toolkit.count import engine as counting
    old = counting.CHUNK_ARTICLES
    try:
        counting.CHUNK_ARTICLES = 7
        parallel = cooccurrence(arts, ACTORS, FRAMES, jobs=2)
    finally:
        counting.CHUNK_ARTICLES = old
    dask = cooccurrence(arts, ACTORS, FRAMES, engine="dask")
    cols = ["actor_units", "frame_units", "joint_units", "units"]
    assert parallel[cols].equals(table[cols]) and dask[cols].equals(table[cols])


def test_chunks_add_up(tiny_articles):
    from toolkit.count.groups import GroupIndex
    from toolkit.framing import count_categories
    from toolkit.match.lexicon import load_lexicon
    lexes = [load_lexicon(ACTORS), load_lexicon(FRAMES)]
    _, whole = count_categories(tiny_articles, lexes, unit="sentence", by="outlet", pair=(0, 1), jobs=1)
    _, pieces = count_categories(tiny_articles, lexes, unit="sentence", by="outlet", pair=(0, 1), jobs=2,
                                 chunk_size=1)
    assert (whole.joint == pieces.joint).all() and (whole.units == pieces.units).all()
    assert whole.units.tolist() == [7, 5]
    assert len(GroupIndex.of(tiny_articles, "outlet")) == 2


def test_cooccurrence_by_month_and_none(tiny_articles):
    from toolkit.count.groups import MissingGroupWarning
    with pytest.warns(MissingGroupWarning, match=r"1 of 4 articles are left out of the grouping by "
                                                 r"\['outlet', 'month'\] \(1 with no date\)"):
        monthly = cooccurrence(tiny_articles, ACTORS, FRAMES, by=["outlet", "month"])
    assert set(map(tuple, monthly[["outlet", "month"]].drop_duplicates().values)) == {
        ("Alpha", "2024-01"), ("Alpha", "2024-02"), ("Beta", "2024-01")}  # b2 has no date: left out
    overall = cooccurrence(tiny_articles, ACTORS, FRAMES, by=None)
    assert len(overall) == 12 and "outlet" not in overall
    assert row(overall, actor="nato", frame="escalation")["joint_units"] == 2


def test_cooccurrence_window_mode_by_hand():
    text = "Russia moved one two three four escalation here. NATO five six seven eight nine ten escalation."
    arts = articles(("d", "A", None, "", text))
    # words: Russia(0) moved one two three four escalation(6) here | NATO(8) five … ten escalation(15)
    doc = cooccurrence(arts, ACTORS, FRAMES, window=5, unit="document")
    r = row(doc, actor="russia", frame="escalation")
    assert r["actor_units"] == 1 and r["units"] == 16
    assert r["joint_units"] == 0  # escalation is 6 words away
    six = cooccurrence(arts, ACTORS, FRAMES, window=6, unit="document")
    assert row(six, actor="russia", frame="escalation")["joint_units"] == 1
    n = row(doc, actor="nato", frame="escalation")
    # escalation@6 covers words 1..11, @15 covers 10..15 -> 1..15 = 15 positions; NATO(8) is inside
    assert n["frame_units"] == 15 and n["joint_units"] == 1
    # sentence units (the default): windows stop at the sentence end
    sent = cooccurrence(arts, ACTORS, FRAMES, window=5)
    n = row(sent, actor="nato", frame="escalation")
    # escalation@6 covers 1..7 (its sentence ends at "here"), @15 covers 10..15: 13 positions
    assert n["frame_units"] == 13 and n["joint_units"] == 0 and n["units"] == 16


@pytest.mark.parametrize("kwargs, message", [
    ({"unit": "clause"}, r"`unit` value = 'clause' is invalid"),
    ({"by": "publisher"}, r"`by` names 'publisher', which is not a column"),
    ({"engine": "spark"}, r"`engine` value = 'spark' is invalid"),
    ({"window": 0}, r"`window` value = 0 is invalid; must be an integer >= 1"),
    ({"alpha": 2}, r"`alpha` value = 2 is invalid"),
])
def test_cooccurrence_parameter_errors(tiny_articles, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        cooccurrence(tiny_articles, ACTORS, FRAMES, **kwargs)


def test_score_cooccurrence_is_pure():
    counts = pd.DataFrame({"actor_units": [10, 0], "frame_units": [20, 5], "joint_units": [8, 0], "units": [100, 100]})
    scored = score_cooccurrence(counts)
    assert scored["rate"].iloc[0] == 0.8 and np.isnan(scored["rate"].iloc[1])
    assert scored["expected"].iloc[0] == pytest.approx(2.0)
    assert list(counts.columns) == ["actor_units", "frame_units", "joint_units", "units"]  # input untouched


# --------------------------------------------------------------------------- compare_outlets
def test_compare_outlets_against_scipy():
    table = pd.DataFrame({
        "outlet": ["A", "B", "C"], "actor": ["russia"] * 3, "frame": ["escalation"] * 3,
        "joint_units": [30, 10, 12], "actor_units": [100, 100, 80]})
    out = compare_outlets(table)
    res = stats.chi2_contingency(np.array([[30, 70], [10, 90], [12, 68]]), correction=False)
    r = out.iloc[0]
    assert r["chi2"] == pytest.approx(res.statistic) and r["p"] == pytest.approx(res.pvalue) and r["dof"] == 2
    assert r["cramers_v"] == pytest.approx(np.sqrt(res.statistic / 280))
    assert (r["highest"], r["lowest"]) == ("A", "B")
    assert r["rate_range"] == pytest.approx(0.30 - 0.10)


# --------------------------------------------------------------------------- seed article
@pytest.mark.shared
def test_seed_article_counts_read_by_hand():
    arts = load_corpus(shared_path("seed", "articles.jsonl"))
    actors = {"eu": ["EU", "Brussels"], "russia": ["Russia", "Moscow", "Putin"], "nato": ["NATO"],
              "ukraine": ["Ukraine", "Ukrainian"], "north_korea": ["North Korea*", "Pyongyang"]}
    frames = {"deployment": ["boots on the ground", "troops", "forces", "peacekeepers", "deploy*"],
              "escalation": ["escalat*"], "doubt": ["supposedly", "allegations", "reportedly"]}
    freq = frequencies(arts, actors, by=None)
    got = dict(zip(freq["category"], freq["mentions"]))
    # Read from the text: EU ×6 (+ Brussels ×3), Russia ×4 (+ Moscow ×2, Putin ×1), NATO ×2,
    # Ukraine ×8 (+ Ukrainian ×1), North Korean ×2 (+ Pyongyang ×1)
    assert got == {"eu": 9, "russia": 7, "nato": 2, "ukraine": 9, "north_korea": 3}
    table = cooccurrence(arts, actors, frames, by=None)
    # "… lead to a serious escalation of the conflict." mentions EU leaders, not Russia
    assert row(table, actor="eu", frame="escalation")["joint_units"] == 1
    assert row(table, actor="russia", frame="escalation")["joint_units"] == 0
    # doubt: "Brussels … EU forces … soldiers supposedly taking part … on the side of Russia.",
    # "Allegations of Pyongyang supplying soldiers … to Russia …", "Brussels is reportedly considering …"
    assert row(table, actor="russia", frame="doubt")["joint_units"] == 2
    assert row(table, actor="eu", frame="doubt")["joint_units"] == 2
    assert row(table, actor="north_korea", frame="doubt")["joint_units"] == 2


def test_units_respect_quotes_and_abbreviations():
    text = ("Mr. Putin said Russia would act. “NATO is preparing an escalation.” The U.S. disagreed, "
            "“we see no escalation,” a U.S. official said.")
    arts = articles(("d", "A", None, "", text))
    units = segment(arts)
    assert units["text"].tolist() == ["Mr. Putin said Russia would act.",
                                      "“NATO is preparing an escalation.”",
                                      "The U.S. disagreed, “we see no escalation,” a U.S. official said."]
    table = cooccurrence(arts, ACTORS, FRAMES, by=None)
    # NATO and escalation share the quoted sentence; US and escalation the last one
    assert row(table, actor="nato", frame="escalation")["joint_units"] == 1
    assert row(table, actor="us", frame="escalation")["joint_units"] == 1
    assert row(table, actor="russia", frame="escalation")["joint_units"] == 0
    assert row(table, actor="us", frame="escalation")["actor_units"] == 1  # two U.S. mentions, one unit


def test_compare_outlets_of_an_empty_corpus_is_an_empty_table():
    empty = articles()
    table = cooccurrence(empty, ACTORS, FRAMES)
    assert len(table) == 0
    out = compare_outlets(table)
    assert len(out) == 0 and list(out.columns) == ["actor", "frame", "groups", "joint_units", "actor_units",
                                                   "chi2", "dof", "p", "q", "cramers_v", "min_expected",
                                                   "rate_min", "rate_max", "rate_range", "highest", "lowest"]
    with pytest.raises(ParameterError, match=r"`by` must be one column name \(str\), not \['outlet'\]"):
        compare_outlets(table, by=["outlet"])
    with pytest.raises(ParameterError, match=r"table has no column\(s\) \['desk'\]"):
        compare_outlets(table, by="desk")


def test_blank_texts_count_units_of_nothing(tiny_articles):
    blank = tiny_articles.assign(title="", text="  ")
    t = frequencies(blank, ACTORS)
    assert (t["mentions"] == 0).all() and (t["total_units"] == 0).all() and t["per_10k_words"].isna().all()
    assert (t["total_docs"] > 0).all()


@pytest.mark.parametrize("verb", ["frequencies", "cooccurrence", "hedging", "keyness_all", "collocates", "dispersion",
                                  "count_terms"])
def test_every_grouping_verb_warns_about_articles_without_a_group(tiny_articles, verb):
    import toolkit
    from toolkit.count.groups import MissingGroupWarning
    undated = tiny_articles.assign(date=pd.NaT)
    calls = {
        "frequencies": lambda: toolkit.frequencies(undated, ACTORS, by="month"),
        "cooccurrence": lambda: toolkit.cooccurrence(undated, ACTORS, FRAMES, by="month"),
        "hedging": lambda: toolkit.hedging(undated, ACTORS, FRAMES, by="month"),
        "keyness_all": lambda: toolkit.keyness_all(undated, by="month"),
        "collocates": lambda: toolkit.collocates(undated, "Russia", by="month"),
        "dispersion": lambda: toolkit.dispersion(undated, "Russia", by="month"),
        "count_terms": lambda: toolkit.count_terms(undated, by="month"),
    }
    with pytest.warns(MissingGroupWarning, match=r"4 of 4 articles are left out of the grouping by \['month'\] "
                                                 r"\(4 with no date\)"):
        try:
            out = calls[verb]()
        except ParameterError as err:  # collocates: nothing left to count
            assert "matches nothing" in str(err)
            return
    assert len(out) == 0 or ("mentions" in out and out["mentions"].sum() == 0)


@pytest.mark.parametrize("call, message", [
    (lambda a: frequencies(a.to_dict("records"), ACTORS), r"`articles` must be a pandas DataFrame, not list"),
    (lambda a: frequencies(a.drop(columns="title"), ACTORS), r"articles has no column\(s\) \['title'\]"),
    (lambda a: frequencies(a, ACTORS, by=3), r"`by` must be a column name, a list of column names or None, got 3"),
    (lambda a: frequencies(a.drop(columns="date"), ACTORS, by="month"),
     r"`by` names the period 'month', but articles has no `date` column"),
    (lambda a: score_cooccurrence(pd.DataFrame({"actor_units": [1]})),
     r"table has no column\(s\) \['frame_units', 'joint_units', 'units'\]"),
    (lambda a: cooccurrence(a, ACTORS, FRAMES, jobs=0), r"`jobs` value = 0 is invalid"),
])
def test_more_parameter_errors(tiny_articles, call, message):
    with pytest.raises(ParameterError, match=message):
        call(tiny_articles)
