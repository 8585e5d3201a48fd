"""The public verb :func:`quotes`: every article's quotations in one table."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.count.engine import check_engine, run_chunks
from toolkit.discourse.quotes.affiliation import actor_column
from toolkit.discourse.quotes.resolve import SCARE_MAX_WORDS, article_quotes
from toolkit.discourse.quotes.verbs import DEFAULT_REPORTING_VERBS, verbs_for
from toolkit.errors import ParameterError, check_choice, check_columns

COLUMNS = ["doc_id", "outlet", "date", "unit", "paragraph", "start", "end", "quote", "words", "kind",
           "speaker", "speaker_start", "speaker_end", "speaker_name", "speaker_type",
           "speaker_actor", "cue", "verb", "verb_class", "how"]
HOW = ("same sentence", "pronoun", "role", "continuation", "previous paragraph")
SPEAKER_TYPES = ("person", "organisation", "document", "unknown")


def quotes(articles: pd.DataFrame, *, actors: Any = None, verbs: str | Path | None = None,
           unpaired: str = "paragraph", engine: str = "local", jobs: int | None = None,
           progress: bool | None = None, client=None) -> pd.DataFrame:
    """Extract quotations, who speaks them and the reporting verbs that introduce them.

    Parameters
    ----------
    articles : DataFrame
        Articles table with at least ``doc_id`` and ``text`` (``outlet`` and ``date`` are
        copied when present). Paragraphs are separated by a blank line. Quotations are looked
        for in ``text`` (not in ``title``).
    actors : str, Path or lexicon, optional
        Actors lexicon (anything :func:`toolkit.match.lexicon.load_lexicon` accepts). When
        given, ``speaker_actor`` holds the category of the first actor pattern found in the
        speaker's name (else in the speaker as written, else in the title or apposition attached
        to the name's first mention: "Kremlin spokesman Oleg Sirin" -> russia); categories the
        lexicon lists as places (``_meta: places:``, e.g. ``capitals``) are never a speaker's.
        Rules: :mod:`toolkit.discourse.quotes.affiliation`.
    verbs : str or Path, optional
        Reporting-verb lexicon; default ``toolkit/lexicons/reporting_verbs.yml``.
    unpaired : {"paragraph", "drop"}
        What an opening mark left unclosed at a paragraph end (and not continued by a
        re-opening mark in the next paragraph) yields: a quotation running to the end of its
        paragraph, or nothing.
    engine : {"local", "dask"}
        The count engine (:mod:`toolkit.count.engine`): chunks of articles on local worker
        processes, or as Dask tasks; the table does not depend on it.
    jobs : int, optional
        Worker processes for ``engine="local"`` (default: all cores; 1 runs in this process).
    progress : bool, optional
        Show a progress bar over the chunks (default: with 8 chunks or more).
    client : distributed.Client, str or None
        For a lazy corpus (``load_corpus(..., lazy=True)``): the ``dask.distributed`` client its
        partitions are read on (default: the current client, else a LocalCluster); each
        partition's quotations come back.

    Returns
    -------
    DataFrame
        One row per quotation, in article and text order:

        - ``doc_id``, ``outlet``, ``date``: copied from ``articles`` (missing values when
          ``articles`` lacks ``outlet``/``date``).
        - ``unit`` (int): the sentence where the quotation opens, numbered as
          ``toolkit.segment(articles, "sentence")`` numbers the units of ``text`` (from 1; the
          title is unit 0), so ``(doc_id, unit)`` joins with ``segment`` and ``hits``.
        - ``paragraph`` (int): the paragraph where it opens, numbered as
          ``segment(articles, "paragraph")`` numbers them (from 1).
        - ``start``, ``end`` (int): offsets in ``text`` of the quoted words, marks excluded;
          ``quote`` (str) is ``text[start:end]``; ``words`` (int) its words
          (:func:`toolkit.text.tokens.count_words`, the toolkit's one tokeniser).
        - ``kind`` (str): ``direct``, ``partial`` or ``scare``.
        - ``speaker`` (str or None): the speaker as written ("Mr. Rahami", "the 83-year-old
          senator", "he", "a Netflix spokesperson"); ``speaker_start``/``speaker_end`` (Int64)
          its offsets in ``text`` (for a continued speaker, those of the earlier cue).
        - ``speaker_name`` (str or None): the full name of the person or organisation the
          speaker resolves to ("Ahmad Khan Rahami", "Netflix"); None when the text leaves it
          open (an unnamed "a witness", an unresolved "he").
        - ``speaker_type`` (str or None): ``person``, ``organisation``, ``document`` or
          ``unknown`` (None without a speaker).
        - ``speaker_actor`` (str or None): actor category of the speaker (None without
          ``actors``).
        - ``cue`` (str or None): the reporting verb as written ("told"), ``"according to"``,
          ``":"`` for a colon introduction without a verb, or ``"—"`` for a byline after a dash; ``verb`` (str or None) its lemma
          and ``verb_class`` its class in the verb lexicon ("neutral", "doubt", ...).
        - ``how`` (str or None): how the speaker was found: ``same sentence`` (a name,
          organisation or document in the quotation's sentence), ``pronoun``, ``role`` (a
          description such as "the senator"), ``continuation`` (the previous quotation's
          speaker), ``previous paragraph`` (a colon introduction ending the paragraph before).

        ``attrs["parameters"]`` records the parameters.

    Raises
    ------
    ParameterError
        When ``articles`` is not a DataFrame or lacks ``doc_id`` or ``text``, or ``unpaired``,
        ``engine``, ``jobs`` or ``progress`` is invalid.
    LexiconError
        When the verb lexicon cannot be read.

    References
    ----------
    Pareti, S. (2016). PARC 3.0: A corpus of attribution relations. LREC.
    Fan, L. et al. (2019). In Plain Sight: Media Bias Through the Lens of Factual Reporting.
    EMNLP (BASIL, the gold quotations used to evaluate this function).

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["d1"], "text": [
    ...     "Sen. Jane Doe spoke on Monday.\\n\\n“We will win,” the senator said. “Soon.”"]})
    >>> quotes(arts)[["quote", "speaker", "speaker_name", "how"]].values.tolist()
    [['We will win,', 'the senator', 'Jane Doe', 'role'], ['Soon.', 'the senator', 'Jane Doe', 'continuation']]
    """
    from toolkit.count.distributed import check_client, concat_partitions, frame_meta, is_dask_frame

    if not isinstance(articles, pd.DataFrame) and not is_dask_frame(articles):
        raise ParameterError(f"`articles` must be a DataFrame, got {type(articles).__name__}")
    check_columns(frame_meta(articles), ["doc_id", "text"])
    check_choice("unpaired", unpaired, ["drop", "paragraph"])
    check_engine(engine, jobs, progress)
    check_client(client)
    if is_dask_frame(articles):  # a lazy corpus: each partition's quotations, on the cluster (issue 17)
        return concat_partitions(articles, lambda chunk: quotes(chunk, actors=actors, verbs=verbs, unpaired=unpaired,
                                                                jobs=1, progress=False), client=client)
    with gc_paused():
        return _table(articles, actors, verbs, unpaired, engine, jobs, progress)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector (as it was before, after). An article's extraction
    makes no reference cycles (after 3,000 AllSides articles and the table built from them run
    without the collector, ``gc.collect()`` finds nothing; an actor lexicon leaves its loader's
    cycles once per call, collected later as usual), so the collector's passes over the many
    tokens and rows only cost time (about 5% of the CPU time); reference counting frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _table(articles: pd.DataFrame, actors: Any, verbs: str | Path | None, unpaired: str, engine: str,
           jobs: int | None, progress: bool | None) -> pd.DataFrame:
    """The body of :func:`quotes` for a DataFrame (arguments checked)."""
    V = verbs_for(str(verbs) if verbs is not None else None)
    texts = articles["text"].to_numpy(dtype=object)
    fields = [c for c in COLUMNS if c not in
              ("doc_id", "outlet", "date", "quote", "verb", "verb_class", "speaker_actor")]
    fields += ["_form", "_row"]

    def extract_rows(rows, chunk_texts) -> dict[str, list]:
        """The quotations of some articles as columns (a part that concatenates in chunk order;
        the quoted words and the article columns are added by the parent from the offsets)."""
        cols: dict[str, list] = {f: [] for f in fields}
        apps = [(f, cols[f].append) for f in fields]
        with gc_paused():      # also in a Dask worker
            for row, text in zip(rows, chunk_texts):
                if not isinstance(text, str) or not text:
                    continue
                for r in article_quotes(text, V, unpaired):
                    r["_row"] = row
                    for f, app in apps:
                        app(r[f])
        return cols

    if engine == "local":
        # the workers are forked: they inherit ``texts`` and get only row numbers
        chunks = pd.DataFrame({"_row": np.arange(len(articles))})

        def extract(chunk: pd.DataFrame) -> dict[str, list]:
            rows = chunk["_row"].to_numpy()
            return extract_rows(rows.tolist(), texts[rows].tolist())
    else:
        chunks = pd.DataFrame({"_row": np.arange(len(articles)),
                               "text": pd.Series(texts, dtype=object)})

        def extract(chunk: pd.DataFrame) -> dict[str, list]:
            return extract_rows([int(r) for r in chunk["_row"]], list(chunk["text"]))

    parts = run_chunks(chunks, extract, engine=engine, jobs=jobs, progress=progress, desc="quotes")
    cols = {f: [v for part in parts for v in part[f]] for f in fields}
    rows = np.asarray(cols.pop("_row"), dtype=int)
    doc_ids = articles["doc_id"].to_numpy()
    inferred = {"doc_id": doc_ids[rows].tolist(),
                "quote": [texts[r][a:b] for r, a, b in zip(rows.tolist(), cols["start"], cols["end"])]}
    for col in ("unit", "paragraph", "start", "end", "words", "kind"):
        inferred[col] = cols[col]
    frame = pd.DataFrame(inferred)      # dtypes inferred from the values (str, int64)
    _copy_groups(frame, articles, rows)
    for col in ("unit", "paragraph", "start", "end", "words"):
        frame[col] = frame[col].astype("int64")
    for col in ("speaker_start", "speaker_end"):
        frame[col] = pd.array(cols[col], dtype="Int64")
    for col in ("speaker", "speaker_name", "speaker_type", "cue", "how"):
        frame[col] = pd.Series(cols[col], index=frame.index, dtype=object)
    nan = float("nan")
    lower = {f: f.lower() if isinstance(f, str) else None for f in set(cols["_form"])}
    for col, lookup in (("verb", V.lemma), ("verb_class", V.cls)):
        value = {f: None if low is None else lookup.get(low, nan) for f, low in lower.items()}
        frame[col] = pd.Series(list(map(value.__getitem__, cols["_form"])), index=frame.index, dtype=object)
    frame["speaker_actor"] = (actor_column(actors, frame["speaker"], frame["speaker_name"], frame["speaker_type"],
                                           rows, texts, verbs) if actors is not None else None)
    for col in ("speaker", "speaker_name", "speaker_type", "speaker_actor", "cue", "how"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame.attrs["parameters"] = {"actors": None if actors is None else str(actors),
                                 "verbs": str(verbs or DEFAULT_REPORTING_VERBS),
                                 "unpaired": unpaired, "scare_max_words": SCARE_MAX_WORDS,
                                 "engine": engine, "jobs": jobs}
    return frame[COLUMNS]


def _copy_groups(frame: pd.DataFrame, articles: pd.DataFrame, rows) -> None:
    frame["outlet"] = articles["outlet"].to_numpy()[rows] if "outlet" in articles else None
    if "date" in articles:
        frame["date"] = pd.Series(articles["date"].to_numpy()[rows], index=frame.index)
    else:
        frame["date"] = pd.NaT
    if "outlet" in articles and isinstance(articles["outlet"].dtype, pd.CategoricalDtype):
        frame["outlet"] = pd.Categorical(frame["outlet"], categories=articles["outlet"].cat.categories)
