"""A lazy corpus on a dask.distributed cluster: same articles, same rejects, same counts (issue 17).

One small LocalCluster of two worker processes serves the whole module (started once).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import CorpusError, ParameterError
from toolkit.corpus.lazy import attrs_of
from toolkit.count.distributed import get_client, group_index
from toolkit.count.groups import GroupIndex, MissingGroupWarning

from conftest import ACTORS, FRAMES, REPO_ROOT

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="session")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       memory_limit="1GiB")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


ROWS = [
    # file 1: Alpha and Beta in January and February
    ("a1", "Alpha", "2024-01-05", "Russia warns NATO", "Russia warned of escalation. NATO said the alleged "
     "threat was exaggerated.\n\nThe U.S. sent aid."),
    ("a2", "Alpha", "2024-02-10", "Talks resume", "Peace talks resumed in Geneva. Russia’s envoy attended."),
    ("b1", "Beta", "2024-01-06", "NATO escalation", "NATO escalated its presence. Russia supposedly moved troops."),
    # file 2: Beta and Gamma in March, a date that cannot be parsed, no date
    ("b2", "Beta", "", "", "Humanitarian aid reached the border. The EU pledged more, “We will win,” Smith said."),
    ("c1", "Gamma", "2024-03-01", "EU aid", "The EU sent aid. Russia said escalation was near. Troops moved."),
    ("c2", "Gamma", "someday", "Kremlin", "The Kremlin denied it. “It is a lie,” the spokesman told reporters."),
    # file 3: only Gamma, in April
    ("c3", "Gamma", "2024-04-02", "U.S. and Russia", "The United States and Russia met. Escalation fears eased."),
    ("c4", "Gamma", "2024-04-09", "NATO", "NATO troops: boots on the ground, allegedly. Russia warned again."),
]


def _records(rows):
    return [dict(zip(["doc_id", "outlet", "date", "title", "text"], r)) for r in rows]


def _write_jsonl(path, records, extra_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus_dir(tmp_path):
    """Three JSONL files and a CSV: a bad line, an empty text, a doc_id seen in an earlier file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    recs = _records(ROWS)
    _write_jsonl(folder / "1.jsonl", recs[:3], ["{not json"])
    _write_jsonl(folder / "2.jsonl", recs[3:6] + [{"doc_id": "x", "outlet": "Beta", "text": "   "}])
    # a later file repeats a1 (rejected, naming 1.jsonl) and holds c3 twice (the second rejected)
    _write_jsonl(folder / "3.jsonl", recs[6:] + [recs[0], recs[6]])
    pd.DataFrame(_records([("d1", "Delta", "9/6/17", "CSV row", "Russia and NATO, in a CSV file.")])).to_csv(
        folder / "4.csv", index=False)
    return folder


def _plain(frame):
    frame = frame.copy()
    frame.attrs = {}
    return frame


def test_lazy_corpus_equals_the_eager_one(client, corpus_dir):
    with warnings.catch_warnings(record=True) as eager_warnings:
        warnings.simplefilter("always")
        eager = toolkit.load_corpus(corpus_dir, errors="skip")
    with warnings.catch_warnings(record=True) as lazy_warnings:
        warnings.simplefilter("always")
        lazy = toolkit.load_corpus(corpus_dir, errors="skip", lazy=True)
    assert [str(w.message) for w in lazy_warnings] == [str(w.message) for w in eager_warnings]
    assert lazy.npartitions == 4
    assert lazy.divisions == (0, 3, 6, 8, 8)
    pd.testing.assert_frame_equal(lazy.compute(), _plain(eager))
    attrs = attrs_of(lazy)
    assert attrs["provenance"] == eager.attrs["provenance"]
    pd.testing.assert_frame_equal(attrs["rejects"], eager.attrs["rejects"])
    reasons = attrs["rejects"]["reason"].tolist()
    assert "duplicate doc_id 'a1' (first seen in " in reasons[-2] and "1.jsonl, line 1)" in reasons[-2]
    assert attrs["provenance"]["loaded"] == 9 and attrs["provenance"]["rejected"] == 4


def test_lazy_errors_raise_names_the_first_bad_row(client, corpus_dir):
    with pytest.raises(CorpusError) as eager:
        toolkit.load_corpus(corpus_dir)
    with pytest.raises(CorpusError) as lazy:
        toolkit.load_corpus(corpus_dir, lazy=True)
    assert str(lazy.value) == str(eager.value)
    assert str(lazy.value).endswith("1.jsonl, line 4: unparseable line: Expecting property name enclosed in "
                                     "double quotes at column 2")


def test_lazy_parquet_is_cut_at_row_groups(client, tmp_path):
    frame = pd.DataFrame(_records(ROWS))
    path = tmp_path / "corpus.parquet"
    frame.to_parquet(path, row_group_size=3, index=False)
    eager = toolkit.load_corpus(path)
    lazy = toolkit.corpus.lazy.load_lazy(path, partition_rows=3, client=client)
    assert lazy.npartitions == 3  # row groups of 3, 3 and 2 rows
    assert lazy.divisions == (0, 3, 6, 7)
    pd.testing.assert_frame_equal(lazy.compute(), _plain(eager))
    # a file of fewer rows than partition_rows stays whole; the provenance is the same either way
    whole = toolkit.load_corpus(path, lazy=True)
    assert whole.npartitions == 1
    assert attrs_of(whole)["provenance"] == attrs_of(lazy)["provenance"] == eager.attrs["provenance"]


@pytest.mark.parametrize("row_group_size", [8, 5])
def test_lazy_parquet_cuts_a_big_row_group(client, tmp_path, monkeypatch, row_group_size):
    """pyarrow writes up to a million rows per row group: a row group larger than partition_rows
    is cut into runs of rows (row groups of 8 rows: 3 + 3 + 2; of 5 and 3 rows: 3 + 2, then 3)."""
    from toolkit.corpus import lazy as lazy_module

    frame = pd.DataFrame(_records(ROWS))
    path = tmp_path / "corpus.parquet"
    frame.to_parquet(path, row_group_size=row_group_size, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eager = toolkit.load_corpus(path)
        lazy = toolkit.corpus.lazy.load_lazy(path, partition_rows=3, client=client)
    assert lazy.divisions == ((0, 3, 6, 7) if row_group_size == 8 else (0, 3, 5, 7))
    pd.testing.assert_frame_equal(lazy.compute(), _plain(eager))
    assert attrs_of(lazy)["provenance"] == eager.attrs["provenance"]
    # in this process: runs that start and end inside a decoded batch
    monkeypatch.setattr(lazy_module, "BATCH_ROWS", 2)
    pieces = lazy_module._pieces([path], 3)
    got = [lazy_module._row_group_table(p)["doc_id"].to_pylist() for p in pieces]
    assert got == ([["a1", "a2", "b1"], ["b2", "c1", "c2"], ["c3", "c4"]] if row_group_size == 8
                   else [["a1", "a2", "b1"], ["b2", "c1"], ["c2", "c3", "c4"]])


def test_a_partition_summary_holds_none_of_the_partition_text(tmp_path):
    """The validation pass keeps every partition's summary on its worker until the driver gathers
    them; an empty slice of a pyarrow string column would keep the whole column (AllSides x8:
    a worker grew by 30 MB per partition, to 1.5 GB)."""
    pa = pytest.importorskip("pyarrow")
    from toolkit.corpus import lazy

    path = tmp_path / "corpus.parquet"
    pd.DataFrame(_records(ROWS)).to_parquet(path, index=False)
    options = lazy.Options(str(tmp_path), None, None, False)
    summary = lazy._summary(lazy.Piece(str(path)), options, {})
    meta = summary["meta"]
    assert len(meta) == 0 and list(meta.columns) == ["doc_id", "outlet", "date", "title", "text"]
    assert meta["outlet"].dtype == object and meta["date"].dtype == "datetime64[ns]"
    assert meta["text"].dtype == toolkit.load_corpus(path)["text"].dtype
    held = 0
    for column in meta.columns:
        stored = getattr(meta[column].array, "_pa_array", None)
        if stored is not None:
            held += sum(b.size for chunk in stored.chunks for b in chunk.buffers() if b is not None)
    assert held <= 8 * len(meta.columns)  # at most an empty offsets buffer per column
    text_bytes = sum(len(r[4].encode()) for r in ROWS)
    sliced = toolkit.load_corpus(path).iloc[:0]["text"].array  # what iloc[:0] would have kept
    if getattr(sliced, "_pa_array", None) is not None:
        assert sum(b.size for c in sliced._pa_array.chunks for b in c.buffers() if b is not None) >= text_bytes


def test_counts_read_the_validated_partitions_back_from_the_cache(client, corpus_dir, tmp_path, monkeypatch):
    import gc
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eager = _plain(toolkit.load_corpus(corpus_dir, errors="skip"))
        cached = toolkit.load_corpus(corpus_dir, errors="skip", lazy=True)
        uncached = toolkit.corpus.lazy.load_lazy(corpus_dir, errors="skip", cache=False)
    folders = list((tmp_path / "tmp").glob("toolkit-partitions-*"))
    assert len(folders) == 1
    # one file per partition, and one for 3.jsonl as first validated (before a1 was known to be earlier)
    assert len(list(folders[0].iterdir())) == 5
    # 4.csv rewritten with the same size and modification time: the count reads the partition the
    # load validated (the cache), where the uncached frame reads the file again
    source = corpus_dir / "4.csv"
    stat = source.stat()
    before = source.read_text(encoding="utf-8")
    source.write_text(before.replace("Russia", "Rossia"), encoding="utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    pd.testing.assert_frame_equal(cached.compute(), eager)
    assert uncached.compute()["text"].iloc[-1] == "Rossia and NATO, in a CSV file."
    # a real change (another size or time) is read again, as without the cache
    pd.DataFrame(_records([("d1", "Delta", "9/6/17", "CSV row", "Changed text.")])).to_csv(source, index=False)
    assert cached.compute()["text"].iloc[-1] == uncached.compute()["text"].iloc[-1] == "Changed text."
    # a frame made from it outlives it: once the lazy corpus is gone, it reads the source again
    kept = cached[cached["outlet"] != "Gamma"]
    del cached
    gc.collect()
    assert not folders[0].exists()  # removed with the frame
    assert kept.compute()["doc_id"].tolist() == eager.loc[eager["outlet"] != "Gamma", "doc_id"].tolist()


def test_the_cache_stores_a_frame_only_while_the_disk_keeps_room(tmp_path, monkeypatch):
    from toolkit.corpus import partition_cache

    import shutil

    frame = _plain(toolkit.load_corpus(pd.DataFrame(_records(ROWS))))
    source = tmp_path / "source.jsonl"
    source.write_text("{}", encoding="utf-8")
    gib = 2**30

    def disk(free_gib):  # a 100 GiB disk with this much free (the host's own disk does not decide)
        monkeypatch.setattr(partition_cache.shutil, "disk_usage",
                            lambda _: shutil._ntuple_diskusage(100 * gib, (100 - free_gib) * gib, free_gib * gib))

    disk(6)   # 6% free: above FREE_FRACTION (5%) and FREE_MIN_BYTES (2 GiB) after the write
    assert partition_cache.store(str(tmp_path), str(source), ("k",), frame)
    back = partition_cache.fetch(str(tmp_path), str(source), ("k",))
    pd.testing.assert_frame_equal(back, frame)
    assert partition_cache.fetch(str(tmp_path), str(source), ("other key",)) is None
    assert not partition_cache.store(str(tmp_path / "absent"), str(source), ("k",), frame)
    disk(5)   # exactly 5% free before the write: the write would leave less
    assert not partition_cache.store(str(tmp_path), str(source), ("k2",), frame)
    assert partition_cache.fetch(str(tmp_path), str(source), ("k2",)) is None
    disk(6)
    monkeypatch.setattr(partition_cache, "FREE_MIN_BYTES", 7 * gib)
    assert not partition_cache.store(str(tmp_path), str(source), ("k3",), frame)


def test_cache_folders_of_a_killed_driver_are_removed_by_the_next_one(tmp_path, monkeypatch):
    import tempfile

    from toolkit.corpus import partition_cache

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    orphan = tmp_path / f"toolkit-partitions-{gone.stdout.strip()}-abc"
    orphan.mkdir()
    (orphan / "x.pkl").write_bytes(b"data")
    alive = tmp_path / f"toolkit-partitions-{os.getpid()}-def"
    alive.mkdir()
    other = tmp_path / "toolkit-partitions-notapid"
    other.mkdir()
    made = partition_cache.make_folder()
    assert not orphan.exists() and alive.exists() and other.exists()
    assert Path(made).name.startswith(f"toolkit-partitions-{os.getpid()}-") and Path(made).is_dir()


def test_lazy_load_rejects_bad_options(client, corpus_dir):
    with pytest.raises(ParameterError, match=r"`lazy` value = 'yes' is invalid; must be True or False"):
        toolkit.load_corpus(corpus_dir, lazy="yes")
    with pytest.raises(ParameterError, match=r"`client` must be a dask.distributed Client, a scheduler address "
                                             r"such as 'tcp://host:8786', or None, not int"):
        toolkit.load_corpus(corpus_dir, lazy=True, client=3)
    with pytest.raises(ParameterError, match=r"`cache` value = 'no' is invalid; must be True or False"):
        toolkit.corpus.lazy.load_lazy(corpus_dir, cache="no")


@pytest.fixture
def both(client, corpus_dir):
    """The same corpus eager (pandas) and lazy (4 partitions read on the workers)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _plain(toolkit.load_corpus(corpus_dir, errors="skip")), \
            toolkit.load_corpus(corpus_dir, errors="skip", lazy=True)


def verbs():
    return {
        "frequencies": lambda a, **o: toolkit.frequencies(a, ACTORS, **o),
        "cooccurrence": lambda a, **o: toolkit.cooccurrence(a, ACTORS, FRAMES, **o),
        "cooccurrence_window": lambda a, **o: toolkit.cooccurrence(a, ACTORS, FRAMES, window=4, **o),
        "hedging": lambda a, **o: toolkit.hedging(a, ACTORS, {"doubt": ["alleged*", "supposedly"]}, **o),
        "hits": lambda a, **o: toolkit.hits(a, ACTORS, **o),
        "kwic": lambda a, **o: toolkit.kwic(a, "escalat*", **o),
        "keyness": lambda a, **o: toolkit.keyness(a, "Gamma", min_freq=1, **o),
        "keyness_all": lambda a, **o: toolkit.keyness_all(a, min_freq=1, **o),
        "log_odds": lambda a, **o: toolkit.log_odds(a, "Gamma", min_freq=1, **o),
        "collocates": lambda a, **o: toolkit.collocates(a, "Russia", min_freq=1, **o),
        "dispersion": lambda a, **o: toolkit.dispersion(a, ACTORS, **o),
        "count_terms": lambda a, **o: toolkit.count_terms(a, **o),
    }


@pytest.mark.parametrize("verb", list(verbs()))
@pytest.mark.parametrize("by", ["outlet", "month", ["outlet", "month"], None])
def test_every_counting_verb_is_equal_on_the_lazy_corpus(verb, by, both):
    if verb in ("keyness", "log_odds") and by != "outlet":
        pytest.skip("keyness and log_odds compare values of one column")
    eager, lazy = both
    run = verbs()[verb]
    with warnings.catch_warnings(record=True) as seen_eager:
        warnings.simplefilter("always")
        expected = run(eager, by=by, jobs=1, progress=False)
    with warnings.catch_warnings(record=True) as seen_lazy:
        warnings.simplefilter("always")
        got = run(lazy, by=by, progress=False)
    pd.testing.assert_frame_equal(got, expected)
    for column in expected.select_dtypes("number").columns:  # counts exact; DP to its summation order
        np.testing.assert_allclose(got[column].to_numpy(float), expected[column].to_numpy(float), rtol=1e-12,
                                   atol=1e-15 if column == "dp" else 0, equal_nan=True)
    assert got.attrs == expected.attrs
    assert [str(w.message) for w in seen_lazy] == [str(w.message) for w in seen_eager]


def test_quotes_on_the_lazy_corpus(both, client):
    eager, lazy = both
    expected = toolkit.quotes(eager, actors=ACTORS, jobs=1)
    got = toolkit.quotes(lazy, actors=ACTORS, client=client)
    assert len(expected) == 2
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs


def test_group_codes_agree_across_partitions(both, client):
    eager, lazy = both
    # partitions hold different outlets and months: the merged keys are the whole table's
    for by in (["outlet", "month"], "month", ["month", "outlet"]):
        for observed in (False, True):
            expected = GroupIndex.of(eager, by, observed=observed, warn=False)
            got = group_index(lazy, by, observed=observed, warn=False, client=client)
            pd.testing.assert_frame_equal(got.keys, expected.keys)
    index = group_index(lazy, ["outlet", "month"], warn=False, client=client)
    assert index.keys.astype(str).values.tolist() == [
        ["Alpha", "2024-01"], ["Alpha", "2024-02"], ["Beta", "2024-01"], ["Gamma", "2024-03"],
        ["Gamma", "2024-04"], ["Delta", "2017-09"]] or index.keys["outlet"].cat.categories.tolist() == [
        "Alpha", "Beta", "Delta", "Gamma"]
    with pytest.warns(MissingGroupWarning, match=r"^2 of 9 articles are left out of the grouping by \['month'\] "
                                                 r"\(2 with no date\)$"):
        group_index(lazy, "month", client=client)


def test_outlet_groups_need_no_pass(both, monkeypatch):
    _, lazy = both
    import toolkit.count.distributed as dist

    def fail(*args, **kwargs):
        raise AssertionError("a pass over the data")
    monkeypatch.setattr(dist, "partition_parts", fail)
    index = group_index(lazy, "outlet", warn=False)
    assert index.keys["outlet"].tolist() == ["Alpha", "Beta", "Delta", "Gamma"]


def test_counts_sum_on_the_cluster_and_one_part_comes_back(both, client):
    from toolkit.count.engine import run_chunks
    _, lazy = both
    parts = run_chunks(lazy[["text"]], lambda chunk: np.array([len(chunk)]), client=client, combine=np.add)
    assert len(parts) == 1 and parts[0].tolist() == [9]
    assert [int(p[0]) for p in run_chunks(lazy[["text"]], lambda chunk: np.array([len(chunk)]))] == [3, 3, 2, 1]


def test_a_pandas_table_counts_on_a_given_client(both, client):
    eager, _ = both
    expected = toolkit.cooccurrence(eager, ACTORS, FRAMES, jobs=1)
    got = toolkit.cooccurrence(eager, ACTORS, FRAMES, client=client)
    pd.testing.assert_frame_equal(got, expected)


def test_client_argument_is_checked(both):
    eager, _ = both
    with pytest.raises(ParameterError, match=r"`client` must be a dask.distributed Client, a scheduler address "
                                             r"such as 'tcp://host:8786', or None, not list"):
        toolkit.frequencies(eager, ACTORS, client=[])
    with pytest.raises(ParameterError, match=r"`client` must be .* not dict"):
        toolkit.hits(eager, ACTORS, client={})


def test_get_client_prefers_the_given_then_the_default(client):
    assert get_client(client) is client
    assert get_client() is client  # the fixture's client is the default one


def test_the_toolkit_starts_its_own_local_cluster_of_processes(tmp_path):
    """No client anywhere: the toolkit starts a LocalCluster of worker processes (one per core)."""
    script = f"""
import warnings, toolkit
from toolkit.count import distributed as d
warnings.simplefilter("ignore")
lazy = toolkit.load_corpus({str(REPO_ROOT / 'corpora' / 'demo')!r}, lazy=True)
table = toolkit.frequencies(lazy, "actors", progress=False)
client = d._OWN["local"]
info = client.scheduler_info()
print(int(table["mentions"].sum()), len(info["workers"]), client.cluster.processes)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    mentions = int(toolkit.frequencies(toolkit.load_corpus(REPO_ROOT / "corpora" / "demo"), "actors",
                                       jobs=1)["mentions"].sum())
    import os
    assert out.stdout.split() == [str(mentions), str(os.cpu_count()), "True"]


def _by_doc(frame):
    return _plain(frame).sort_values("doc_id").reset_index(drop=True)


@pytest.mark.parametrize("by, files", [
    ("month", ["2017-09/part-00000.parquet", "2024-01/part-00000.parquet", "2024-02/part-00000.parquet",
               "no-date/part-00000.parquet", "2024-03/part-00000.parquet", "2024-04/part-00000.parquet"]),
    ("rows", ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]),
])
def test_convert_writes_partitioned_parquet_that_loads_the_same(client, corpus_dir, tmp_path, by, files, capsys):
    from toolkit.__main__ import main
    dest = tmp_path / "parquet"
    assert main(["convert", str(corpus_dir), str(dest), "--by", by, "--rows", "4", "--errors", "skip"]) == 0
    assert capsys.readouterr().out.strip() == f"{dest}: 9 articles in {len(files)} Parquet files (by {by}); " \
                                              "4 rows rejected"
    written = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.parquet"))
    assert written == sorted(files)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = toolkit.load_corpus(corpus_dir, errors="skip")
    again = toolkit.load_corpus(dest, lazy=True)
    assert again.npartitions == len(files)
    if by == "rows":  # the source's order, files of 4, 4 and 1 articles
        assert again.divisions == (0, 4, 8, 8)
        pd.testing.assert_frame_equal(again.compute(), _plain(source))
    else:
        pd.testing.assert_frame_equal(_by_doc(again.compute()), _by_doc(source))
    meta = json.loads((dest / ".toolkit-convert.json").read_text())
    assert meta["provenance"]["rejected"] == 4 and sorted(meta["files"]) == sorted(files)
    assert len(pd.read_csv(dest / ".rejects.csv")) == 4
    pd.testing.assert_frame_equal(toolkit.cooccurrence(again, ACTORS, FRAMES, by="outlet"),
                                  toolkit.cooccurrence(source, ACTORS, FRAMES, by="outlet"))


def test_convert_by_month_merges_a_month_spread_over_partitions(client, tmp_path):
    """Three source files each hold January and February articles: by month, each month's
    shares are merged in the source's order into files of up to --rows articles."""
    from toolkit.corpus.convert import convert_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in range(3):
        _write_jsonl(folder / f"{f}.jsonl", _records([
            (f"j{f}", "Alpha", f"2024-01-0{f + 1}", "t", f"January {f}."),
            (f"f{f}", "Beta", f"2024-02-0{f + 1}", "t", f"February {f}."),
            (f"k{f}", "Beta", f"2024-01-1{f + 1}", "t", f"January again {f}.")]))
    done = convert_corpus(folder, tmp_path / "out", rows=4, client=client)
    assert done["files"] == ["2024-01/part-00000.parquet", "2024-01/part-00001.parquet",
                             "2024-02/part-00000.parquet"]
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.parquet")) \
        == done["files"]
    january = [pd.read_parquet(tmp_path / "out" / f)["doc_id"].tolist() for f in done["files"][:2]]
    assert january == [["j0", "k0", "j1", "k1"], ["j2", "k2"]]
    assert pd.read_parquet(tmp_path / "out" / done["files"][2])["doc_id"].tolist() == ["f0", "f1", "f2"]
    source = toolkit.load_corpus(folder)
    again = toolkit.load_corpus(tmp_path / "out", lazy=True).compute()
    pd.testing.assert_frame_equal(_by_doc(again), _by_doc(source))


def test_convert_refuses_a_folder_that_is_not_empty(client, corpus_dir, capsys):
    from toolkit.__main__ import main
    assert main(["convert", str(corpus_dir), str(corpus_dir)]) == 2
    assert capsys.readouterr().err.strip() == f"error: destination {str(corpus_dir)!r} exists and is not an " \
                                              "empty folder"


def test_story_counts_on_a_lazy_corpus_with_a_story_column(both):
    """Story steps that count through cooccurrence take a lazy corpus that has a story column."""
    eager, lazy = both
    eager = eager.assign(story=eager["doc_id"].str[0])
    lazy = lazy.assign(story=lazy["doc_id"].str[0])
    expected = toolkit.story_counts(eager, ACTORS, FRAMES)
    got = toolkit.story_counts(lazy, ACTORS, FRAMES)
    assert set(expected["story"]) == {"a", "b", "c", "d"}
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs
