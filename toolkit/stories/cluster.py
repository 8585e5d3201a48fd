"""Align articles into stories: the articles of all outlets about one event, from text and dates alone.

Method
------
1. **Lead text.** Each article is represented by its title and the first ``lead_words``
   whitespace-separated words of its text (the lead carries the who/what/when of a news story; the
   rest drifts into background and opinion).
2. **Words.** The lead is tokenised by the toolkit's tokeniser (:mod:`toolkit.text.tokens`, stop
   words removed), so a "word" means here what it means in every other table.
3. **TF-IDF.** Terms found in the lead of only one article are dropped (scikit-learn's
   ``min_df=2``): they cannot link two articles, and kept they only inflate every vector's norm and
   so shrink every cosine, the more so the smaller the corpus. The other term counts are weighted
   by scikit-learn's ``TfidfTransformer`` (sublinear tf = 1 + ln tf, smoothed idf =
   ln((1 + n) / (1 + df)) + 1, rows L2-normalised), with the idf of the corpus given, so the
   similarity of two leads is the cosine of their vectors (Salton & Buckley 1988).
4. **Date window.** Only articles dated at most ``days`` calendar days apart are compared.
5. **Linkage.** Articles whose cosine is at least ``threshold`` are linked; the connected groups of
   links are then cut by agglomerative clustering with ``linkage`` (default ``"average"``, UPGMA:
   two groups merge when the mean cosine over all their pairs reaches ``threshold``, pairs outside
   the date window counting as 0). Average linkage keeps a week of news about one topic from
   chaining into one story through a run of pairwise links, which single linkage allows.
   An article linked to nothing is a story of its own.

Undated articles (``date`` NaT) cannot be placed in a window. ``undated="alone"`` (default) makes each
one a story of its own; ``undated="text"`` links each to its most similar article in the whole
corpus when the cosine reaches the stricter ``undated_threshold`` (0.5 by default: on AllSides,
nearest neighbours above 0.5 were the same event in a sample we read, between 0.35 and 0.5 often
not). Either way the count is reported in a :class:`~toolkit.errors.ToolkitWarning`.

Defaults (``days=3``, ``threshold=0.15``, ``lead_words=200``) were tuned on half of BASIL's events
and checked on the other half, on BASIL mixed into AllSides and on the demo corpus (figures in
``benchmarks/stories.py``).

References
----------
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
Information Processing & Management 24(5), 513-523.
Allan, J., ed. (2002). Topic Detection and Tracking: Event-based Information Organization. Kluwer.
Sokal, R. R. & Michener, C. D. (1958). A statistical method for evaluating systematic
relationships. University of Kansas Science Bulletin 38, 1409-1438 (average linkage, UPGMA).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage as hierarchy_linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfTransformer

from toolkit.errors import ParameterError, ToolkitWarning, check_choice, check_columns, check_positive_int
from toolkit.count.terms import doc_term_matrix

LINKAGES = ("average", "single", "complete")
UNDATED = ("alone", "text")
#: Rows of the query side per sparse product (bounds memory on days with many articles).
_BLOCK = 500
#: Largest group of linked articles clustered with a dense similarity matrix; larger chains are
#: first split at a higher cosine (see :func:`_split_large`).
MAX_DENSE = 3000


def _check_fraction(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ParameterError(f"`{name}` value = {value!r} is invalid; must be a number in (0, 1]")


def lead_texts(articles: pd.DataFrame, lead_words: int) -> list[str]:
    """Title plus the first ``lead_words`` whitespace-separated words of the text, per article."""
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    out = []
    for title, text in zip(titles.tolist(), articles["text"].tolist()):
        title = title if isinstance(title, str) else ""
        words = text.split(maxsplit=lead_words)[:lead_words] if isinstance(text, str) else []
        out.append(title + "\n\n" + " ".join(words))
    return out


def lead_vectors(articles: pd.DataFrame, *, lead_words: int = 200,
                 min_df: int = 2) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF vectors of the articles' leads and their vocabulary.

    Terms in fewer than ``min_df`` leads are dropped (see the module docstring).
    """
    dtm = doc_term_matrix(lead_texts(articles, lead_words), stopwords=True)
    counts = dtm.matrix.astype(np.float64).tocsc()
    keep = np.diff(counts.indptr) >= min_df  # document frequency
    vocabulary = np.asarray(dtm.terms, dtype=object)[keep]
    if not keep.any() or counts.shape[0] == 0:  # no term shared by two leads: no links
        return sparse.csr_matrix((counts.shape[0], int(keep.sum())), dtype=np.float64), vocabulary
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    return tfidf.fit_transform(counts[:, keep].tocsr()).tocsr(), vocabulary


def _days(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Whole days since the epoch (int64) and a mask of dated articles."""
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    values = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(values)
    day = np.zeros(len(values), dtype=np.int64)
    day[dated] = values[dated].astype("datetime64[D]").astype(np.int64)
    return day, dated


def _window_links(X: sparse.csr_matrix, day: np.ndarray, dated: np.ndarray, days: int,
                  threshold: float) -> sparse.csr_matrix:
    """Symmetric sparse matrix of cosines >= threshold between dated articles <= ``days`` apart."""
    n = X.shape[0]
    idx = np.flatnonzero(dated)
    idx = idx[np.argsort(day[idx], kind="stable")]
    ds = day[idx]
    rows, cols, vals = [], [], []
    starts = np.flatnonzero(np.r_[True, ds[1:] != ds[:-1]]) if len(ds) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(ds)]
    for s, e in zip(starts, ends):
        hi = np.searchsorted(ds, ds[s] + days, side="right")
        b = idx[s:hi]
        Xb = X[b].T.tocsc()
        for a0 in range(s, e, _BLOCK):
            a = idx[a0:min(e, a0 + _BLOCK)]
            sim = (X[a] @ Xb).tocoo()
            keep = sim.data >= threshold
            rows.append(a[sim.row[keep]])
            cols.append(b[sim.col[keep]])
            vals.append(sim.data[keep])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    v = np.concatenate(vals) if vals else np.zeros(0)
    off = r != c
    links = sparse.coo_matrix((v[off], (r[off], c[off])), shape=(n, n)).tocsr()
    return links.maximum(links.T).tocsr()


def _cut(X, members: np.ndarray, day: np.ndarray, days: int, threshold: float, method: str) -> np.ndarray:
    """Cluster labels (1..k) of ``members`` by agglomerative clustering cut at ``threshold``."""
    sim = (X[members] @ X[members].T).toarray()
    sim[np.abs(day[members][:, None] - day[members][None, :]) > days] = 0.0
    dist = np.clip(1.0 - (sim + sim.T) / 2, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = hierarchy_linkage(squareform(dist, checks=False), method=method)
    # cut just above 1 - threshold so that a merge at exactly the threshold counts
    return fcluster(tree, t=1.0 - threshold + 1e-12, criterion="distance")


def _split_large(links: sparse.csr_matrix, members: np.ndarray, threshold: float) -> tuple[list[np.ndarray], float]:
    """Split a chain of more than MAX_DENSE linked articles by raising the link threshold by 0.05
    until each piece has at most MAX_DENSE articles or the threshold reaches 1 (copies).

    Returns the pieces and the highest threshold used.
    """
    pieces, todo, used = [], [(members, threshold)], threshold
    while todo:
        group, th = todo.pop()
        if len(group) <= MAX_DENSE or th >= 1.0:
            pieces.append(group)
            continue
        th = min(1.0, th + 0.05)
        used = max(used, th)
        sub = links[group][:, group]
        sub = sub.multiply(sub >= th).tocsr()
        _, comp = connected_components(sub, directed=False)
        todo.extend((group[comp == k], th) for k in np.unique(comp))
    return pieces, used


def _cluster_dated(X, day, dated, *, days, threshold, method) -> tuple[np.ndarray, dict]:
    n = X.shape[0]
    links = _window_links(X, day, dated, days, threshold)
    _, comp = connected_components(links, directed=False)
    if method == "single":
        return comp, {}
    label = np.full(n, -1, dtype=np.int64)
    next_label = 0
    info: dict = {}
    order = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.r_[True, comp[order][1:] != comp[order][:-1], True])
    for s, e in zip(bounds[:-1], bounds[1:]):
        members = order[s:e]
        if len(members) <= 2:
            label[members] = next_label
            next_label += 1
            continue
        pieces = [members]
        if len(members) > MAX_DENSE:
            pieces, used = _split_large(links, members, threshold)
            info.setdefault("split", []).append((len(members), used))
        for piece in pieces:
            # a piece still too large is linked at cosine 1 throughout (copies): one story
            dense = 2 < len(piece) <= MAX_DENSE
            cut = _cut(X, piece, day, days, threshold, method) if dense else np.ones(len(piece), int)
            label[piece] = next_label + cut - 1
            next_label += int(cut.max())
    assert (label >= 0).all() and len(label) == n
    return label, info


def _attach_undated(X, label, dated, threshold) -> tuple[np.ndarray, int]:
    """Link each undated article to its most similar other article when the cosine >= threshold."""
    n = X.shape[0]
    undated = np.flatnonzero(~dated)
    src, dst = [], []
    XT = X.T.tocsc()
    for a0 in range(0, len(undated), _BLOCK):
        a = undated[a0:a0 + _BLOCK]
        sim = (X[a] @ XT).tocsr()
        itself = sparse.csr_matrix((np.ones(len(a)), (np.arange(len(a)), a)), shape=sim.shape)
        sim = (sim - sim.multiply(itself)).tocsr()
        best = np.asarray(sim.argmax(axis=1)).ravel()
        value = np.asarray(sim.max(axis=1).todense()).ravel()
        ok = value >= threshold
        src.append(a[ok])
        dst.append(best[ok])
    src = np.concatenate(src) if src else np.zeros(0, dtype=np.int64)
    dst = np.concatenate(dst) if dst else np.zeros(0, dtype=np.int64)
    # Dated articles of one story are joined through their story; each undated article adds one
    # edge, so no undated article can join two dated stories (see the module docstring).
    story_of_dated = np.flatnonzero(dated)
    rep = pd.Series(story_of_dated).groupby(label[story_of_dated]).transform("first").to_numpy()
    rows = np.r_[story_of_dated, src]
    cols = np.r_[rep, dst]
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    return comp, len(src)


def _number(label: np.ndarray, day: np.ndarray, dated: np.ndarray) -> np.ndarray:
    """Renumber stories 0, 1, ... by their first date (undated last), then first row."""
    key = np.where(dated, day, np.iinfo(np.int64).max)
    frame = pd.DataFrame({"label": label, "key": key, "pos": np.arange(len(label))})
    first = frame.groupby("label").agg(key=("key", "min"), pos=("pos", "min"))
    first = first.sort_values(["key", "pos"], kind="stable")
    mapping = pd.Series(np.arange(len(first), dtype=np.int64), index=first.index)
    return mapping.loc[label].to_numpy()


def stories(articles: pd.DataFrame, *, days: int = 3, threshold: float = 0.15, lead_words: int = 200,
            linkage: str = "average", undated: str = "alone", undated_threshold: float = 0.5,
            column: str = "story") -> pd.DataFrame:
    """Group articles about the same event, across outlets, into stories.

    Uses only the title, text and date of each article (never an ``event`` column): TF-IDF cosine
    of title + lead within a date window, then agglomerative clustering (the module docstring
    describes the method and why the defaults are what they are).

    Parameters
    ----------
    articles : DataFrame
        The articles table (``text`` and ``date`` are required, ``title`` is used when present).
    days : int, default 3
        Articles at most this many calendar days apart can share a story (0: same day only).
    threshold : float, default 0.15
        Cosine similarity of leads at which articles (with ``linkage="average"``: groups, on
        average over their pairs) join. Higher gives smaller, purer stories.
    lead_words : int, default 200
        Words of the text after the title that make the lead.
    linkage : {"average", "single", "complete"}
        Agglomerative criterion (scipy.cluster.hierarchy); ``"single"`` is the connected groups of
        links themselves.
    undated : {"alone", "text"}
        What happens to articles without a date: a story of their own, or linked by text alone to
        their most similar article when the cosine is at least ``undated_threshold``.
    undated_threshold : float, default 0.5
        Stricter threshold for text-only links of undated articles.
    column : str, default "story"
        Name of the new column (an existing column of that name is replaced).

    Returns
    -------
    DataFrame
        The articles, in the same order and with the same index, plus ``story`` (int64, 0, 1, ...
        in order of the story's first date; undated singletons last). ``attrs["parameters"]``
        records the call; ``attrs["stories"]`` is a dict: ``articles``, ``stories``,
        ``multi_article_stories`` (stories of 2 or more articles), ``articles_in_multi``,
        ``undated`` (articles without a date), ``undated_linked`` (of those, linked by text).

    Warns
    -----
    ToolkitWarning
        When articles have no date (how many, and what was done with them), and when a chain of
        more than ``MAX_DENSE`` linked articles had to be split at a higher cosine first.

    Raises
    ------
    ParameterError
        A missing column, a non-datetime ``date`` column or an invalid option.

    References
    ----------
    Salton & Buckley (1988) for TF-IDF cosine; Allan (2002) for event detection by clustering
    news; Sokal & Michener (1958) for average linkage.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({
    ...     "outlet": ["A", "B", "A", "B"],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-01", "2024-03-20"]),
    ...     "title": ["Dam bursts in valley", "Valley dam bursts", "Budget passes", "Budget passes"],
    ...     "text": ["The dam burst at dawn, flooding the valley.", "Floods after the valley dam burst.",
    ...              "Parliament passed the budget.", "Parliament passed the budget."]})
    >>> toolkit.stories(arts)["story"].tolist()   # the second budget article is 19 days later
    [0, 0, 1, 2]
    """
    check_columns(articles, ["text", "date"])
    check_positive_int("days", days, minimum=0)
    _check_fraction("threshold", threshold)
    check_positive_int("lead_words", lead_words)
    check_choice("linkage", linkage, LINKAGES)
    check_choice("undated", undated, UNDATED)
    _check_fraction("undated_threshold", undated_threshold)
    if not isinstance(column, str) or not column:
        raise ParameterError(f"`column` value = {column!r} is invalid; must be a non-empty column name")
    if not pd.api.types.is_datetime64_any_dtype(articles["date"]):
        raise ParameterError(f"`date` column has dtype {articles['date'].dtype}, not datetime64; "
                             "load the corpus with toolkit.load_corpus or convert it with pd.to_datetime")

    n = len(articles)
    X, _ = lead_vectors(articles, lead_words=lead_words)
    day, dated = _days(articles["date"])
    label, info = _cluster_dated(X, day, dated, days=days, threshold=threshold, method=linkage)
    n_undated = int((~dated).sum())
    linked = 0
    if n_undated and undated == "text":
        label, linked = _attach_undated(X, label, dated, undated_threshold)
    label = _number(label, day, dated) if n else label.astype(np.int64)

    if n_undated:
        what = (f"each is a story of its own (undated='text' links them by text alone at cosine >= "
                f"{undated_threshold})" if undated == "alone" else
                f"{linked} were linked by text alone (cosine >= {undated_threshold}), "
                f"{n_undated - linked} are stories of their own")
        warnings.warn(f"{n_undated} of {n} articles have no date: {what}", ToolkitWarning, stacklevel=2)
    for size, used in info.get("split", []):
        warnings.warn(f"{size} articles were linked in one chain; it was split at cosine >= {used:.2f} "
                      f"before {linkage} linkage (more than {MAX_DENSE} articles)", ToolkitWarning, stacklevel=2)

    out = articles.assign(**{column: label})
    sizes = np.bincount(label) if n else np.zeros(0, dtype=np.int64)
    out.attrs["parameters"] = {"days": days, "threshold": threshold, "lead_words": lead_words,
                               "linkage": linkage, "undated": undated,
                               "undated_threshold": undated_threshold, "column": column}
    out.attrs["stories"] = {"articles": n, "stories": int(len(sizes)),
                            "multi_article_stories": int((sizes > 1).sum()),
                            "articles_in_multi": int(sizes[sizes > 1].sum()),
                            "undated": n_undated, "undated_linked": int(linked)}
    return out
