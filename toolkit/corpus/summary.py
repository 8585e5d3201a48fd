"""One row per outlet: how much text it contributes and over which dates."""
from __future__ import annotations

import pandas as pd

from toolkit.errors import check_columns

__all__ = ["summarize"]


def summarize(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: how much text it contributes and over which dates.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``outlet``, ``date``, ``text``).

    Returns
    -------
    DataFrame
        ``outlet``, ``articles`` (count), ``words`` (the words of the titles and texts, as every
        verb counts them: :func:`toolkit.text.tokens.count_words`, the denominator of
        ``per_10k_words`` in :func:`toolkit.frequencies` and the concordance),
        ``first_date``, ``last_date`` (NaT when no date), ``missing_dates`` (articles with NaT),
        sorted by outlet; the last row, ``outlet == "(all)"``, totals the corpus.
    """
    # imported here: count sits above corpus in the layers (the loader never needs it)
    from toolkit.count.terms import article_texts, word_counts

    check_columns(articles, ["outlet", "date", "text"])
    words = pd.Series(word_counts(article_texts(articles)), index=articles.index)
    frame = pd.DataFrame({"outlet": articles["outlet"].astype(str), "date": articles["date"], "words": words})
    grouped = frame.groupby("outlet", sort=True)
    out = pd.DataFrame({
        "articles": grouped.size(),
        "words": grouped["words"].sum(),
        "first_date": grouped["date"].min(),
        "last_date": grouped["date"].max(),
        "missing_dates": grouped["date"].apply(lambda s: int(s.isna().sum())),
    }).reset_index()
    total = pd.DataFrame([{"outlet": "(all)", "articles": len(frame), "words": int(words.sum()),
                           "first_date": frame["date"].min(), "last_date": frame["date"].max(),
                           "missing_dates": int(frame["date"].isna().sum())}])
    out = pd.concat([out, total], ignore_index=True)
    return out.astype({"articles": "int64", "words": "int64", "missing_dates": "int64"})
