"""Issue 11, items 7-14: every row loaded or rejected with a reason; errors name file and line;
load → save → load gives the same texts (hypothesis, over JSONL, CSV, Parquet and .txt)."""
from __future__ import annotations

import json
import os
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import CorpusError, CorpusWarning, load_corpus, save_corpus
from toolkit.corpus.normalise import normalise_text, normalise_title


def quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(*args, **kwargs)


# ------------------------------------------------------------------ item 7: unclosed quote in a CSV

UNCLOSED = 'doc_id,text\na,"He said ""hi"" and left\nb,second article\nc,"third, quoted"\nd,fourth\n'


def test_csv_unclosed_quote_is_rejected_with_its_line_and_nothing_is_swallowed(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv, line 2: unparseable line: ',' expected after '\"' "
                                          r"\(an unclosed quote\?\); the lines after it were read on their own"):
        load_corpus(path)
    with pytest.warns(CorpusWarning, match="1 of 4 rows rejected"):
        articles = load_corpus(path, errors="skip")
    assert articles["doc_id"].tolist() == ["b", "c", "d"]
    assert articles["text"].tolist() == ["second article", "third, quoted", "fourth"]
    assert articles.attrs["rejects"]["line"].tolist() == [2]


def test_csv_quote_left_open_to_the_end_of_the_file(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('doc_id,text\na,first\nb,"never closed\nc,third\n', encoding="utf-8")
    articles = quiet(path, errors="skip")
    assert articles["doc_id"].tolist() == ["a", "c"]
    [reason] = articles.attrs["rejects"]["reason"]
    assert reason.startswith("unparseable line: unexpected end of data (an unclosed quote?)")
    prov = articles.attrs["provenance"]
    assert (prov["rows_read"], prov["loaded"], prov["rejected"]) == (3, 2, 1)


def test_csv_multiline_fields_still_load(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('doc_id,text\na,"para one, with a comma\n\npara ""two"""\nb,plain\n', encoding="utf-8")
    articles = load_corpus(path)
    assert articles["text"].tolist() == ['para one, with a comma\n\npara "two"', "plain"]


# ------------------------------------------------------------------ item 8: JSONL with U+2028 and friends

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_jsonl_records_are_split_on_newline_only(tmp_path, char):
    rows = [{"doc_id": "a", "text": f"one{char}two"}, {"doc_id": "b", "text": "three"}, {"doc_id": "b", "text": "dup"}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert char in path.read_text(encoding="utf-8")  # raw, not escaped
    with pytest.raises(CorpusError, match=r"c\.jsonl, line 3: duplicate doc_id 'b' \(first seen in .*, line 2\)"):
        load_corpus(path)
    articles = quiet(path, errors="skip")
    assert articles["doc_id"].tolist() == ["a", "b"]
    assert articles.attrs["provenance"]["rows_read"] == 3


# ------------------------------------------------------------------ item 9: encodings; impossible dates in .txt

@pytest.mark.parametrize("encoding, message", [
    ("utf-16", r"c\.csv: the file is UTF-16 or UTF-32 text \(it starts with a byte-order mark\), not UTF-8; "
               r"pass encoding='utf-16'"),
    ("latin-1", r"c\.csv, line 1: the header row is not valid UTF-8 text; it looks like Latin-1 or Windows-1252: "
                r"pass encoding='latin-1'"),
    ("utf-16-le", r"c\.csv: the file holds NUL bytes, so it is not UTF-8 text \(UTF-16 without a byte-order mark\?\)"),
])
@pytest.mark.parametrize("errors", ["raise", "skip"])
def test_csv_in_another_encoding_names_the_file_with_a_hint(tmp_path, encoding, message, errors):
    path = tmp_path / "c.csv"
    path.write_bytes("doc_id,tëxt\na,Café\n".encode(encoding))
    with pytest.raises(CorpusError, match=message):
        load_corpus(path, errors=errors)
    if encoding != "utf-16-le":
        assert load_corpus(path, encoding=encoding, columns={"tëxt": "text"})["text"].tolist() == ["Café"]


def test_impossible_front_matter_date_is_nat_and_counted(tmp_path):
    (tmp_path / "a.txt").write_text("---\ndate: 2021-02-30\ntitle: Leap\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("---\ndate: 2021-02-28\n---\nOther.\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"1 of 2 dates could not be parsed .*'2021-02-30'"):
        articles = load_corpus(tmp_path)
    assert articles["date"].isna().tolist() == [True, False]
    assert articles.attrs["provenance"]["dates_unparsed"] == 1


# ------------------------------------------------------------------ item 10: ids as given

def test_integer_ids_stay_integers_when_some_records_lack_one(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": 1, "text": "a"}\n{"text": "b"}\n{"doc_id": 20, "text": "c"}\n', encoding="utf-8")
    ids = load_corpus(path)["doc_id"].tolist()
    assert ids[0] == "1" and ids[2] == "20" and ids[1].startswith("doc-")


def test_parquet_ids_kept_from_the_index_and_with_missing_values(tmp_path):
    frame = pd.DataFrame({"doc_id": ["x1", "x2"], "text": ["a", "b"]}).set_index("doc_id")
    frame.to_parquet(tmp_path / "indexed.parquet")
    assert load_corpus(tmp_path / "indexed.parquet")["doc_id"].tolist() == ["x1", "x2"]
    ints = pd.DataFrame({"doc_id": pd.array([1, None, 3], dtype="Int64"), "text": ["a", "b", "c"]})
    ints.to_parquet(tmp_path / "ints.parquet")
    ids = load_corpus(tmp_path / "ints.parquet")["doc_id"].tolist()
    assert ids[0] == "1" and ids[2] == "3" and ids[1].startswith("doc-")
    # a DataFrame indexed by doc_id, as a user would pass it
    assert load_corpus(frame)["doc_id"].tolist() == ["x1", "x2"]


# ------------------------------------------------------------------ item 11: dates

@pytest.mark.parametrize("raw", ["2017/09/06", "20170906", "2017.9.6", "2017-09-06"])
@pytest.mark.parametrize("dayfirst", [False, True])
def test_year_first_is_never_day_first(tmp_path, raw, dayfirst):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "x", "date": raw}) + "\n", encoding="utf-8")
    assert load_corpus(path, dayfirst=dayfirst).loc[0, "date"] == pd.Timestamp("2017-09-06")


def test_relative_words_and_bare_times_are_unparsed(tmp_path):
    raws = ["now", "today", "yesterday", "10:00", "June 2017", "9/6/17"]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"doc_id": str(i), "text": "x", "date": d}) + "\n"
                            for i, d in enumerate(raws)), encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"5 of 6 dates could not be parsed"):
        articles = load_corpus(path, dayfirst=True)
    assert articles["date"].isna().tolist() == [True] * 5 + [False]
    assert articles.loc[5, "date"] == pd.Timestamp("2017-06-09")
    assert articles.attrs["provenance"]["dates_unparsed"] == 5


# ------------------------------------------------------------------ item 12: skipped entries and README files

def test_skipped_entries_are_listed_and_readme_is_not_an_article(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "outlet").mkdir(parents=True)
    (corpus / "outlet" / "a.txt").write_text("An article.", encoding="utf-8")
    (corpus / "README.TXT").write_text("How this corpus was made.", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("Outside the corpus.", encoding="utf-8")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.warns(CorpusWarning, match=r"1 entry of the corpus folder skipped \(e\.g\. .*linked: symbolic link "
                                           r"to a folder \(not followed\)\)"):
        articles = load_corpus(corpus)
    assert articles["doc_id"].tolist() == ["outlet/a"]
    skipped = articles.attrs["provenance"]["skipped"]
    assert skipped == [{"path": str(corpus / "README.TXT"), "reason": "README file (documentation, not an article)"},
                       {"path": str(corpus / "linked"), "reason": "symbolic link to a folder (not followed)"}]


def test_unreadable_folder_is_listed(tmp_path, monkeypatch):
    from toolkit.corpus import files

    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text("Readable.", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # what a folder without read permission does (root ignores chmod)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    with pytest.warns(CorpusWarning, match="locked: folder cannot be read"):
        articles = load_corpus(corpus)
    assert articles["doc_id"].tolist() == ["a"]
    assert articles.attrs["provenance"]["skipped"] == [
        {"path": str(corpus / "locked"), "reason": "folder cannot be read (Permission denied)"}]


# ------------------------------------------------------------------ item 13: normalisation

@pytest.mark.parametrize("raw, once", [
    ("A\nB\n\n", "A\n\nB"),  # was 'A\nB', then 'A\n\nB' on reload
    ("&lt;b&gt;", "<b>"),  # was '<b>', then '' on reload
    ("if a<b and b>c", "if a<b and b>c"),  # was 'if ac'
    ("<p>One</p><p>Two &amp; three</p>", "One\n\nTwo & three"),
    ("<p>About &lt;p&gt; tags</p>", "About &lt;p&gt; tags"),  # decoding would make markup: kept as written
    ("AT&amp;T &amp;amp; co", "AT&T &amp;amp; co"),
    ("\u200b\u200b", ""),
    ("  x \t y \n\n\n\n z\u00a0 ", "x y\n\nz"),
])
def test_normalisation_is_a_fixed_point_and_eats_no_text(raw, once):
    assert normalise_text(raw) == once
    assert normalise_text(once) == once


def test_zero_width_text_is_rejected_as_empty(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "text": "\\u200b \\u2060"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl, line 1: empty text"):
        load_corpus(path)


# text with the characters that normalisation and the formats treat specially
TEXT_ALPHABET = st.sampled_from(list("ab \n\t\r<>&;#/=\"',$p") + ["\u00a0", "\u2028", "\u0085", "\u200b", "e\u0301",
                                                                  "&amp;", "&lt;", "<p>", "</b>", "---\n", "é"])
TEXTS = st.lists(TEXT_ALPHABET, min_size=1, max_size=30).map("".join)


@given(text=TEXTS)
@settings(max_examples=400, deadline=None)
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_title(normalise_title(text)) == normalise_title(text)


ARTICLES = st.lists(st.tuples(TEXTS, st.sampled_from(["Alpha", "B $x^$", "no", "010"]), TEXTS), min_size=1, max_size=5)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "txt"])
@given(rows=ARTICLES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_load_save_load_gives_the_same_articles(tmp_path_factory, fmt, rows):
    folder = tmp_path_factory.mktemp(fmt)
    source = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "text": [r[0] for r in rows],
                           "outlet": [r[1] for r in rows], "title": [r[2] for r in rows],
                           "date": ["2024-01-05"] * len(rows)})
    first = quiet(source, errors="skip")
    if first.empty:
        return
    target = folder / ("corpus" if fmt == "txt" else f"c.{fmt}")
    again = quiet(save_corpus(first, target, format=fmt))
    assert again.attrs["provenance"]["rejected"] == 0
    again = again.set_index("doc_id").loc[first["doc_id"]].reset_index()
    for column in ("doc_id", "text", "title"):
        assert again[column].tolist() == first[column].tolist(), column
    assert again["outlet"].astype(str).tolist() == first["outlet"].astype(str).tolist()
    assert again["date"].tolist() == first["date"].tolist()


# ------------------------------------------------------------------ item 14: front matter as written

def test_front_matter_values_are_read_as_written(tmp_path):
    (tmp_path / "a.txt").write_text("---\noutlet: NO\ndoc_id: 010\nversion: 1.10\ndate: 2021-02-03\n---\nBody.\n",
                                    encoding="utf-8")
    articles = load_corpus(tmp_path)
    assert articles.loc[0, ["outlet", "doc_id", "version"]].tolist() == ["NO", "010", "1.10"]
    assert articles.loc[0, "date"] == pd.Timestamp("2021-02-03")
