"""load_corpus and summarize: formats, bad inputs, provenance, real corpora."""
from __future__ import annotations

import hashlib
import json
import warnings

import pandas as pd
import pytest

import toolkit
from toolkit import CorpusError, ParameterError, load_corpus, summarize
from toolkit.corpus.load import CorpusWarning, normalise_text

from conftest import shared_path

GOOD = [
    {"doc_id": "d1", "outlet": "Alpha", "date": "2024-01-05", "title": "One", "text": "First text.", "url": "u1"},
    {"doc_id": "d2", "outlet": "Beta", "date": "9/6/17", "title": "Two", "text": "Second text.", "url": "u2"},
    {"doc_id": "d3", "outlet": "Alpha", "date": "", "title": "Three", "text": "Third text.", "url": "u3"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def quiet_load(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(*args, **kwargs)


# ----------------------------------------------------------------------------- round trips
def _written(tmp_path, fmt):
    frame = pd.DataFrame(GOOD)
    if fmt == "jsonl":
        return write_jsonl(tmp_path / "c.jsonl", GOOD)
    if fmt == "json":
        (tmp_path / "c.json").write_text(json.dumps(GOOD), encoding="utf-8")
        return tmp_path / "c.json"
    if fmt == "csv":
        frame.to_csv(tmp_path / "c.csv", index=False)
        return tmp_path / "c.csv"
    if fmt == "parquet":
        frame.to_parquet(tmp_path / "c.parquet")
        return tmp_path / "c.parquet"
    if fmt == "txt":
        for r in GOOD:
            folder = tmp_path / "corpus" / r["outlet"]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{r['doc_id']}.txt").write_text(
                f"---\ndoc_id: {r['doc_id']}\ndate: '{r['date']}'\ntitle: {r['title']}\nurl: {r['url']}\n---\n{r['text']}\n",
                encoding="utf-8")
        return tmp_path / "corpus"
    if fmt == "dataframe":
        return frame
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet", "txt", "dataframe"])
def test_round_trip_every_format(tmp_path, fmt):
    articles = quiet_load(_written(tmp_path, fmt))
    assert list(articles.columns[:5]) == ["doc_id", "outlet", "date", "title", "text"]
    assert "url" in articles.columns
    got = articles.sort_values("doc_id")
    assert got["doc_id"].tolist() == ["d1", "d2", "d3"]
    assert got["text"].tolist() == ["First text.", "Second text.", "Third text."]
    assert got["title"].tolist() == ["One", "Two", "Three"]
    assert got["outlet"].astype(str).tolist() == ["Alpha", "Beta", "Alpha"]
    assert got["url"].tolist() == ["u1", "u2", "u3"]
    assert isinstance(articles["outlet"].dtype, pd.CategoricalDtype)
    assert str(articles["date"].dtype) == "datetime64[ns]"
    dates = got["date"].tolist()
    assert dates[0] == pd.Timestamp("2024-01-05") and dates[1] == pd.Timestamp("2017-09-06")
    assert pd.isna(dates[2])
    prov = articles.attrs["provenance"]
    assert (prov["rows_read"], prov["loaded"], prov["rejected"]) == (3, 3, 0)
    assert prov["dates_missing"] == 1 and prov["dates_unparsed"] == 0
    assert prov["toolkit_version"] == toolkit.__version__
    assert articles.attrs["rejects"].empty


def test_provenance_sha256_is_the_file_checksum(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD)
    prov = load_corpus(path).attrs["provenance"]
    assert prov["sources"] == [{"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                                "rows_read": 3, "loaded": 3, "rejected": 0}]


def test_columns_mapping(tmp_path):
    rows = [{"id": "x", "source": "CNN", "content_original": "Body.", "heading": "H"}]
    articles = load_corpus(write_jsonl(tmp_path / "c.jsonl", rows),
                           columns={"id": "doc_id", "source": "outlet", "content_original": "text", "heading": "title"})
    assert articles.loc[0, ["doc_id", "outlet", "title", "text"]].tolist() == ["x", "CNN", "H", "Body."]


def test_txt_without_front_matter_takes_outlet_from_folder(tmp_path):
    folder = tmp_path / "corpus" / "Harbour Post"
    folder.mkdir(parents=True)
    (folder / "story.txt").write_text("Para one.\n\n\n\nPara   two.\n", encoding="utf-8")
    articles = load_corpus(tmp_path / "corpus")
    assert articles.loc[0, "outlet"] == "Harbour Post"
    assert articles.loc[0, "doc_id"] == "Harbour Post/story"
    assert articles.loc[0, "text"] == "Para one.\n\nPara two."


def test_folder_mixes_formats_and_skips_hidden(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", GOOD[:2])
    pd.DataFrame(GOOD[2:]).to_csv(tmp_path / "b.csv", index=False)
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_jsonl(tmp_path / ".ipynb_checkpoints" / "a-checkpoint.jsonl", GOOD)
    (tmp_path / "README.md").write_text("not a corpus file")
    articles = load_corpus(tmp_path)
    assert sorted(articles["doc_id"]) == ["d1", "d2", "d3"]
    assert len(articles.attrs["provenance"]["sources"]) == 2


def test_missing_doc_id_is_derived_stably_from_content(tmp_path):
    rows = [{"outlet": "A", "title": "t", "text": "Same body."}, {"outlet": "A", "title": "t2", "text": "Other."}]
    first = load_corpus(write_jsonl(tmp_path / "c.jsonl", rows))
    second = load_corpus(write_jsonl(tmp_path / "d.jsonl", rows))
    assert first["doc_id"].tolist() == second["doc_id"].tolist()
    assert first["doc_id"].str.match(r"^doc-[0-9a-f]{16}$").all()
    assert first["doc_id"].nunique() == 2


def test_text_is_normalised_nfc_and_markup_free():
    decomposed = "Cafe\u0301 <b>bold</b> &amp; more<p>next</p>"
    assert normalise_text(decomposed) == "Caf\u00e9 bold & more\n\nnext"
    assert normalise_text("one\r\ntwo") == "one\n\ntwo"  # single breaks only: one paragraph per line
    assert normalise_text("a\nb\n\nc") == "a\nb\n\nc"
    assert normalise_text("  x \n\n\n\n y  ") == "x\n\ny"


def test_utf8_bom_is_not_text(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD[0]).encode())
    assert load_corpus(path).loc[0, "doc_id"] == "d1"


def test_other_encoding(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("doc_id,text\nx,Caf\u00e9 au lait\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"c\.csv, line 2: bytes not valid in UTF-8"):
        load_corpus(path)
    assert load_corpus(path, encoding="latin-1").loc[0, "text"] == "Caf\u00e9 au lait"


# ----------------------------------------------------------------------------- bad rows
BAD_JSONL_CASES = [
    # (lines of the file, expected reason regex, expected line of the reject)
    pytest.param(['{"doc_id": "a", "text": "ok"}', '{"doc_id": "b", "text": "unterminated'],
                 r"unparseable line: Unterminated string", 2, id="unparseable"),
    pytest.param(['[1, 2]'], r"unparseable line: a JSON list, not an object", 1, id="not-an-object"),
    pytest.param(['{"doc_id": "a", "title": "no text"}'], r"missing required field 'text'", 1, id="missing-text"),
    pytest.param(['{"doc_id": "a", "text": null}'], r"missing required field 'text'", 1, id="null-text"),
    pytest.param(['{"doc_id": "a", "text": "   \\n  "}'], r"empty text", 1, id="empty-text"),
    pytest.param(['{"doc_id": "a", "text": 42}'], r"field 'text' is a number, not a string", 1, id="text-not-string"),
    pytest.param(['{"doc_id": "a", "text": "one"}', '', '{"doc_id": "a", "text": "two"}'],
                 r"duplicate doc_id 'a' \(first seen in .*c\.jsonl, line 1\)", 3, id="duplicate-id"),
]


@pytest.mark.parametrize("lines, reason, line", BAD_JSONL_CASES)
def test_bad_jsonl_rows_raise_with_file_line_and_reason(tmp_path, lines, reason, line):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"c\.jsonl, line {line}: {reason}"):
        load_corpus(path)


@pytest.mark.parametrize("lines, reason, line", BAD_JSONL_CASES)
def test_bad_jsonl_rows_are_rejected_in_skip_mode(tmp_path, lines, reason, line):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"1 of \d+ rows rejected"):
        articles = load_corpus(path, errors="skip")
    rejects = articles.attrs["rejects"]
    assert list(rejects.columns) == ["source", "line", "reason", "excerpt"]
    assert len(rejects) == 1
    assert rejects.loc[0, "source"] == str(path) and rejects.loc[0, "line"] == line
    assert pd.Series(rejects.loc[0, "reason"]).str.contains(reason).all()
    prov = articles.attrs["provenance"]
    assert prov["loaded"] + prov["rejected"] == prov["rows_read"] == sum(1 for x in lines if x.strip())


def test_invalid_bytes_are_rejected_by_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"doc_id": "a", "text": "fine"}\n{"doc_id": "b", "text": "caf\xe9"}\n{"doc_id": "c", "text": "ok"}\n')
    with pytest.raises(CorpusError, match=r"c\.jsonl, line 2: bytes not valid in UTF-8"):
        load_corpus(path)
    articles = quiet_load(path, errors="skip")
    assert articles["doc_id"].tolist() == ["a", "c"]
    assert articles.attrs["rejects"]["line"].tolist() == [2]


def test_skip_mode_keeps_every_row_accounted_for(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join([
        b'{"doc_id": "a", "text": "one"}', b'not json', b'{"doc_id": "b"}', b'{"doc_id": "c", "text": ""}',
        b'{"doc_id": "a", "text": "dup"}', b'{"doc_id": "d", "text": "bad \xff byte"}', b'{"doc_id": "e", "text": "five"}',
    ]) + b"\n")
    articles = quiet_load(path, errors="skip")
    assert articles["doc_id"].tolist() == ["a", "e"]
    rejects = articles.attrs["rejects"]
    assert rejects["line"].tolist() == [2, 3, 4, 5, 6]
    assert rejects["reason"].str.split(":").str[0].str.split(" ").str[0].tolist() == [
        "unparseable", "missing", "empty", "duplicate", "bytes"]
    prov = articles.attrs["provenance"]
    assert (prov["rows_read"], prov["loaded"], prov["rejected"]) == (7, 2, 5)


def test_duplicate_across_files_names_the_first(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [GOOD[0]])
    write_jsonl(tmp_path / "b.jsonl", [GOOD[0]])
    with pytest.raises(CorpusError, match=r"b\.jsonl, line 1: duplicate doc_id 'd1' \(first seen in .*a\.jsonl, line 1\)"):
        load_corpus(tmp_path)


def test_csv_bad_record(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('doc_id,text\na,"fine"\nb,too,many\nc,"ok"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv, line 3: unparseable line: expected 2 fields, found 3"):
        load_corpus(path)
    articles = quiet_load(path, errors="skip")
    assert articles["doc_id"].tolist() == ["a", "c"]


def test_csv_multiline_field_keeps_its_start_line(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('doc_id,text\na,"line one\n\nline two"\nb,\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv, line 5: empty text"):
        load_corpus(path)
    assert quiet_load(path, errors="skip").loc[0, "text"] == "line one\n\nline two"


def test_dataframe_rows_are_numbered(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["ok", None]})
    with pytest.raises(CorpusError, match=r"<DataFrame>, row 2: missing required field 'text'"):
        load_corpus(frame)


def test_txt_bad_front_matter_is_rejected_with_line(tmp_path):
    (tmp_path / "x.txt").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Fine body.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"x\.txt, line \d+: unparseable front matter"):
        load_corpus(tmp_path)
    assert quiet_load(tmp_path, errors="skip")["doc_id"].tolist() == ["y"]


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "nope.jsonl", r"corpus path does not exist: '.*nope\.jsonl'"),
    (lambda p: (p / "c.xml").write_text("<a/>") and p / "c.xml", r"unsupported file type '\.xml'"),
    (lambda p: (p / "empty").mkdir() or p / "empty", r"folder holds no corpus files"),
    (lambda p: (p / "c.json").write_text('{"a": 1') and p / "c.json", r"c\.json, line 1: invalid JSON"),
    (lambda p: (p / "c.json").write_text('{"a": 1}') and p / "c.json", r"must be a list of article objects"),
    (lambda p: (p / "c.csv").write_text("id,body\n1,x\n") and p / "c.csv",
     r"c\.csv: no `text` column \(required\); columns found: \['id', 'body'\]"),
    (lambda p: (p / "c.parquet").write_bytes(b"PAR1 not really") and p / "c.parquet", r"not a readable Parquet file"),
    (lambda p: (p / "c.csv").write_text("") or p / "c.csv", r"empty CSV file"),
])
def test_bad_files(tmp_path, make, message):
    with pytest.raises(CorpusError, match=message):
        load_corpus(make(tmp_path))


@pytest.mark.parametrize("kwargs, message", [
    ({"errors": "ignore"}, r"`errors` value = 'ignore' is invalid; must be one of \['raise', 'skip'\]"),
    ({"columns": ["text"]}, r"`columns` must be a mapping"),
    ({"encoding": "no-such-codec"}, r"`encoding` value = 'no-such-codec' is not an encoding"),
])
def test_bad_parameters(tmp_path, kwargs, message):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD)
    with pytest.raises(ParameterError, match=message):
        load_corpus(path, **kwargs)


# ----------------------------------------------------------------------------- dates
def test_unparseable_and_implausible_dates_become_nat_with_a_warning(tmp_path):
    rows = [dict(GOOD[0], doc_id=f"x{i}", date=d) for i, d in
            enumerate(["2017-09-06T10:00:00Z", "6 September 2017", "0001-01-01", "yesterday", "", "9/6/17"])]
    with pytest.warns(CorpusWarning, match=r"2 of 6 dates could not be parsed or were implausible and are NaT \(e\.g\. '0001-01-01', 'yesterday'\)"):
        articles = load_corpus(write_jsonl(tmp_path / "c.jsonl", rows))
    assert articles["date"].tolist()[:2] == [pd.Timestamp("2017-09-06 10:00"), pd.Timestamp("2017-09-06")]
    assert articles["date"].isna().tolist() == [False, False, True, True, True, False]
    prov = articles.attrs["provenance"]
    assert prov["dates_unparsed"] == 2 and prov["dates_missing"] == 1 and prov["loaded"] == 6


def test_dayfirst(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [dict(GOOD[0], date="9/6/17")])
    assert load_corpus(path).loc[0, "date"] == pd.Timestamp("2017-09-06")
    assert load_corpus(path, dayfirst=True).loc[0, "date"] == pd.Timestamp("2017-06-09")


# ----------------------------------------------------------------------------- summarize
def test_summarize_counts_by_hand(tiny_articles):
    table = summarize(tiny_articles)
    assert table["outlet"].tolist() == ["Alpha", "Beta", "(all)"]
    assert table["articles"].tolist() == [2, 2, 4]
    # words of title and text, as every verb counts them ("U.S." one word):
    # a1: 3 + 4 + 7 + 4, a2: 2 + 5 + 3; b1: 2 + 4 + 4, b2: 0 + 5 + 4
    assert table["words"].tolist() == [18 + 10, 10 + 9, 47]
    assert table["missing_dates"].tolist() == [0, 1, 1]
    # one definition of a word: the overview's words are the denominators of the rates per 10k words
    freq = toolkit.frequencies(tiny_articles, {"x": ["Russia"]}, by="outlet")
    assert freq["words"].tolist() == table["words"].tolist()[:2]
    assert table.loc[0, "first_date"] == pd.Timestamp("2024-01-05")
    assert table.loc[0, "last_date"] == pd.Timestamp("2024-02-10")


# ----------------------------------------------------------------------------- real corpora
@pytest.mark.shared
def test_seed_article_loads():
    articles = load_corpus(shared_path("seed", "articles.jsonl"))
    assert len(articles) == 1
    assert articles.loc[0, "outlet"] == "seed" and pd.isna(articles.loc[0, "date"])
    assert articles.loc[0, "text"].count("\n\n") == 8  # nine paragraphs


@pytest.mark.shared
def test_basil_loads():
    articles = load_corpus(shared_path("basil", "articles.jsonl"))
    assert len(articles) == 300
    assert articles["outlet"].value_counts().to_dict() == {"Fox News": 100, "HuffPost": 100, "New York Times": 100}
    assert {"event_id", "event", "url"} <= set(articles.columns)


@pytest.mark.shared
def test_allsides_loads_everything_with_its_dates_accounted_for():
    with pytest.warns(CorpusWarning, match="dates could not be parsed"):
        articles = load_corpus(shared_path("allsides", "articles.parquet"))
    prov = articles.attrs["provenance"]
    assert prov["rows_read"] == 37554 and prov["loaded"] + prov["rejected"] == 37554
    assert articles["outlet"].nunique() == 491
    # README: 4,407 missing dates, 37 like 9/6/17 (parsed), 2 with year 0001 (implausible).
    assert prov["dates_missing"] == 4407
    assert "0001-11-30" in prov["dates_unparsed_examples"]
    raw = pd.read_parquet(shared_path("allsides", "articles.parquet"), columns=["doc_id", "date"])
    slash = raw[raw["date"].fillna("").str.contains("/")]
    assert len(slash) == 37
    parsed = articles.set_index("doc_id").loc[slash["doc_id"], "date"]
    assert parsed.notna().all()
    assert articles.set_index("doc_id").loc[slash["doc_id"].iloc[0], "date"] == pd.to_datetime(
        slash["date"].iloc[0], format="%m/%d/%y")
