"""The count engine (toolkit.count.engine): one set of options, equal results on every engine."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit import ParameterError
from toolkit.count.engine import ENGINES, check_engine, run_chunks, sum_parts

from conftest import ACTORS, FRAMES


def test_engines_defined_once():
    import toolkit.count.engine as engine
    import toolkit.framing as framing
    assert ENGINES == ("local", "dask")
    assert not hasattr(framing, "ENGINES")
    assert engine.Engine.__args__ == ENGINES


@pytest.mark.parametrize("args, message", [
    (("spark", None, None), r"`engine` value = 'spark' is invalid; must be one of \['dask', 'local'\]"),
    (("dusk", None, None), r"`engine` value = 'dusk' is invalid \(did you mean 'dask'\?\)"),
    (("local", 0, None), r"`jobs` value = 0 is invalid; must be an integer >= 1 or None"),
    (("local", 2.5, None), r"`jobs` value = 2.5 is invalid"),
    (("local", None, "yes"), r"`progress` value = 'yes' is invalid; must be True, False or None"),
])
def test_check_engine_messages(args, message):
    with pytest.raises(ParameterError, match=message):
        check_engine(*args)


def test_run_chunks_on_both_engines_and_a_dask_frame():
    import dask.dataframe as dd
    frame = pd.DataFrame({"x": range(10)})
    local = run_chunks(frame, lambda c: int(c["x"].sum()), chunk_size=3, jobs=2)
    assert local == [3, 12, 21, 9]
    assert sum_parts(run_chunks(frame, lambda c: int(c["x"].sum()), engine="dask", chunk_size=4)) == 45
    lazy = dd.from_pandas(frame, npartitions=3)
    assert sum_parts(run_chunks(lazy, lambda c: int(c["x"].sum()), engine="dask")) == 45
    # a Dask DataFrame is a lazy corpus: counted on a dask.distributed client whatever `engine` says
    # (tests/test_distributed.py)
    assert run_chunks(frame.iloc[:0], len) == [] and sum_parts([], 0) == 0


def verbs():
    return {
        "frequencies": lambda a, **o: toolkit.frequencies(a, ACTORS, **o),
        "cooccurrence": lambda a, **o: toolkit.cooccurrence(a, ACTORS, FRAMES, **o),
        "window": lambda a, **o: toolkit.cooccurrence(a, ACTORS, FRAMES, window=4, **o),
        "hedging": lambda a, **o: toolkit.hedging(a, ACTORS, {"doubt": ["alleged*", "supposedly"]}, **o),
        "hits": lambda a, **o: toolkit.hits(a, ACTORS, **o),
        "kwic": lambda a, **o: toolkit.kwic(a, "escalat*", **o),
        "keyness": lambda a, **o: toolkit.keyness(a, "Alpha", min_freq=1, **o),
        "keyness_all": lambda a, **o: toolkit.keyness_all(a, min_freq=1, **o),
        "log_odds": lambda a, **o: toolkit.log_odds(a, "Alpha", min_freq=1, **o),
        "collocates": lambda a, **o: toolkit.collocates(a, "Russia", min_freq=1, **o),
        "dispersion": lambda a, **o: toolkit.dispersion(a, ACTORS, **o),
        "count_terms": lambda a, **o: toolkit.count_terms(a, **o),
    }


@pytest.mark.parametrize("verb", list(verbs()))
def test_every_counting_verb_is_equal_across_engines_and_jobs(verb, tiny_articles, monkeypatch):
    arts = pd.concat([tiny_articles] * 3, ignore_index=True).assign(doc_id=lambda d: [f"d{i}" for i in range(len(d))])
    arts["outlet"] = arts["outlet"].astype("category")
    run = verbs()[verb]
    base = run(arts, jobs=1, progress=False)
    monkeypatch.setattr("toolkit.count.engine.CHUNK_ARTICLES", 5)  # several chunks of 12 articles
    for options in ({"jobs": 2}, {"engine": "dask"}):
        other = run(arts, **options)
        pd.testing.assert_frame_equal(other, base, check_dtype=False, check_categorical=False)
    assert "parameters" in base.attrs
