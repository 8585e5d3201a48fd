"""One row per story: size, outlets, dates, characteristic words and example titles."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import ParameterError, check_columns, check_positive_int
from toolkit.stories.cluster import lead_vectors


def _story_column(articles: pd.DataFrame, story: str) -> None:
    if not isinstance(story, str) or story not in articles.columns:
        raise ParameterError(f"articles has no `{story}` column; run toolkit.stories(articles) first "
                             "(or pass story= the name of a column that numbers stories)")


def story_table(articles: pd.DataFrame, *, story: str = "story", by: str = "outlet", top_terms: int = 5,
                examples: int = 3, min_size: int = 1, lead_words: int = 200) -> pd.DataFrame:
    """Summarise each story: how many articles and outlets, when, about what.

    Parameters
    ----------
    articles : DataFrame
        Articles with a story column (the output of :func:`toolkit.stories`).
    story : str, default "story"
        The column that numbers stories.
    by : str, default "outlet"
        The column whose distinct values are counted as outlets.
    top_terms : int, default 5
        Characteristic words per story: the highest summed TF-IDF weights of its articles' leads
        (title + ``lead_words`` words, toolkit tokens, stop words removed).
    examples : int, default 3
        Example titles per story (earliest first).
    min_size : int, default 1
        Leave out stories with fewer articles (e.g. 2: no singletons).
    lead_words : int, default 200
        Lead length for the top terms (as in :func:`toolkit.stories`).

    Returns
    -------
    DataFrame
        One row per story: ``story``, ``size`` (articles), ``outlets`` (distinct ``by`` values),
        ``outlet_names`` (those values, most articles first, joined by "; "), ``first_date``,
        ``last_date`` (NaT when undated), ``top_terms`` (joined by "; "), ``titles`` (up to
        ``examples`` titles joined by " | "). Sorted by ``outlets``, then ``size`` (descending),
        then ``story``.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"story": [0, 0, 1], "outlet": ["A", "B", "A"],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-05"]),
    ...     "title": ["Dam bursts", "Valley dam bursts", "Budget passes"],
    ...     "text": ["The dam burst.", "The dam burst in the valley.", "The budget passed."]})
    >>> toolkit.story_table(arts, top_terms=2)[["story", "size", "outlets", "top_terms"]].values.tolist()
    [[0, 2, 2, 'dam; burst'], [1, 1, 1, 'budget; passed']]
    """
    _story_column(articles, story)
    check_columns(articles, [by, "text"])
    for name, value in (("top_terms", top_terms), ("examples", examples), ("min_size", min_size),
                        ("lead_words", lead_words)):
        check_positive_int(name, value, minimum=0 if name in ("top_terms", "examples") else 1)

    labels = articles[story].to_numpy()
    codes, uniques = pd.factorize(labels, sort=True)
    sizes = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(0, dtype=np.int64)
    keep_story = sizes >= min_size
    rows = keep_story[codes] if len(codes) else np.zeros(0, dtype=bool)
    part = articles.loc[rows]
    pcodes = codes[rows]

    frame = pd.DataFrame({"story": uniques[keep_story], "size": sizes[keep_story]})
    outlet = part[by].astype(object).to_numpy()
    counts = pd.DataFrame({"code": pcodes, "outlet": outlet}).value_counts(sort=False).reset_index(name="n")
    counts = counts.sort_values(["code", "n", "outlet"], ascending=[True, False, True], kind="stable")
    names = counts.groupby("code", sort=True)["outlet"].agg(lambda s: "; ".join(map(str, s)))
    frame["outlets"] = counts.groupby("code", sort=True).size().reindex(np.flatnonzero(keep_story)).fillna(0).astype(np.int64).to_numpy()
    frame["outlet_names"] = names.reindex(np.flatnonzero(keep_story)).fillna("").to_numpy()
    dates = part["date"] if "date" in part.columns else pd.Series(pd.NaT, index=part.index)
    frame["first_date"] = dates.groupby(pcodes).min().reindex(np.flatnonzero(keep_story)).to_numpy()
    frame["last_date"] = dates.groupby(pcodes).max().reindex(np.flatnonzero(keep_story)).to_numpy()

    if top_terms and len(part):
        X, vocab = lead_vectors(part, lead_words=lead_words, min_df=1)
        local, _ = pd.factorize(pcodes, sort=True)
        member = sparse.csr_matrix((np.ones(len(local)), (local, np.arange(len(local)))),
                                   shape=(int(local.max()) + 1, len(local)))
        weights = (member @ X).tocsr()
        terms = []
        for i in range(weights.shape[0]):
            lo, hi = weights.indptr[i], weights.indptr[i + 1]
            w, cols = weights.data[lo:hi], weights.indices[lo:hi]
            order = np.lexsort((vocab[cols].astype(str), -w))[:top_terms]
            terms.append("; ".join(vocab[cols[order]]))
        frame["top_terms"] = terms
    else:
        frame["top_terms"] = ""

    titles = part["title"] if "title" in part.columns else pd.Series("", index=part.index)
    order = pd.DataFrame({"code": pcodes, "date": dates.to_numpy(), "pos": np.arange(len(part)),
                          "title": titles.fillna("").astype(str).to_numpy()})
    order = order.sort_values(["code", "date", "pos"], kind="stable", na_position="last")
    picked = order.groupby("code", sort=True).head(examples) if examples else order.iloc[:0]
    joined = picked.groupby("code", sort=True)["title"].agg(" | ".join)
    frame["titles"] = joined.reindex(np.flatnonzero(keep_story)).fillna("").to_numpy()

    frame = frame.sort_values(["outlets", "size", "story"], ascending=[False, False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    frame.attrs["parameters"] = {"story": story, "by": by, "top_terms": top_terms, "examples": examples,
                                 "min_size": min_size, "lead_words": lead_words}
    return frame
