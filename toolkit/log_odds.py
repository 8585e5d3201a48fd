"""Weighted log-odds ratio with an informative Dirichlet prior ("Fightin' Words").

References
----------
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection
and evaluation for identifying the content of political conflict. Political Analysis 16(4),
372-403 (equations 16-22).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.count.engine import Engine, is_dask_frame
from toolkit.count.terms import doc_term_matrix
from toolkit.errors import ParameterError
from toolkit.keyness import as_list, check_keyness, group_mask, word_list
from toolkit.stats.association import log_odds_dirichlet
from toolkit.text.tokens import stopword_set

__all__ = ["log_odds"]


def log_odds(articles: pd.DataFrame, target: Any, *, reference: Any = None, by: str = "outlet",
             prior: Literal["corpus"] | float | pd.DataFrame = "corpus", alpha0: float | None = None, min_freq: int = 3,
             stopwords: bool | Iterable[str] = False, engine: Engine = "local", jobs: int | None = None,
             progress: bool | None = None, client: Any = None) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior ("Fightin' Words").

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles table (``text``, ``title`` when present, and ``by``).
    target, reference, by
        As in :func:`toolkit.keyness` (``reference`` is a value, a list or None = the rest).
    prior : "corpus", float or pandas.DataFrame, default "corpus"
        ``"corpus"``: the informative prior of Monroe et al. (2008, sec. 3.5.3),
        ``alpha_w = alpha0 * f_w / N`` with ``f_w`` the term's frequency in the whole corpus (all
        articles given) and ``N`` its size. A float: the uninformative prior ``alpha_w = prior``
        for every term. A DataFrame ``term, freq``: an external background list, used like the
        corpus.
    alpha0 : float, optional
        Total prior weight for ``"corpus"`` and DataFrame priors. Default: the number of words in
        target plus reference, so the prior weighs as much as the data.
    min_freq : int, default 3
        Rows with ``freq_target + freq_reference < min_freq`` are left out of the result (all
        terms enter the computation).
    stopwords, engine, jobs, progress, client
        As in :func:`toolkit.keyness`.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``z`` descending: ``term`` (str), ``freq_target``,
        ``freq_reference`` (int64), ``delta`` (float, log-odds ratio, > 0 = more typical of the
        target), ``var`` (float, its approximate variance), ``z`` (float, ``delta / sqrt(var)``).
        Swapping target and reference negates ``delta`` and ``z``. ``attrs["parameters"]`` records
        the call and ``alpha0``.

    Raises
    ------
    ParameterError
        As :func:`toolkit.keyness`; an invalid ``prior`` or ``alpha0``.

    References
    ----------
    Monroe, Colaresi & Quinn (2008), equations 16-22.

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["A", "B"], "text": ["war war war peace", "peace peace talks war"]})
    >>> log_odds(arts, "A", prior=0.5, min_freq=1)["term"].tolist()
    ['war', 'peace', 'talks']
    """
    check_keyness(articles, by, min_freq, engine, jobs, progress, client=client)
    if not (isinstance(prior, pd.DataFrame) or (isinstance(prior, str) and prior == "corpus")
            or (isinstance(prior, (int, float)) and not isinstance(prior, bool) and prior > 0)):
        raise ParameterError(f"`prior` value = {prior!r} is invalid; must be 'corpus', a positive "
                             "number or a DataFrame with columns term, freq")
    if alpha0 is not None and (isinstance(alpha0, bool) or not isinstance(alpha0, (int, float)) or alpha0 <= 0):
        raise ParameterError(f"`alpha0` value = {alpha0!r} is invalid; must be a positive number")
    targets = as_list(target)
    lazy = is_dask_frame(articles)  # a lazy corpus: group tables from the workers (toolkit.count.group_terms)
    t_mask = "target" if lazy else group_mask(articles, by, targets, "target")
    refs = None
    if reference is None:
        r_mask = "reference" if lazy else ~t_mask
    else:
        refs = as_list(reference)
        if set(refs) & set(targets):
            raise ParameterError(f"target and reference overlap: {sorted(map(str, set(refs) & set(targets)))}")
        r_mask = "reference" if lazy else group_mask(articles, by, refs, "reference")
    if lazy:
        from toolkit.count.group_terms import lazy_target_terms

        dtm = lazy_target_terms(articles, by, targets, refs, stopwords=stopword_set(stopwords), dp=False,
                                client=client, progress=progress)
    else:
        dtm = doc_term_matrix(articles, stopwords=stopwords, engine=engine, jobs=jobs, progress=progress,
                              client=client)
    y_i, y_j = dtm.totals(t_mask), dtm.totals(r_mask)
    if y_i.sum() == 0 or y_j.sum() == 0:
        raise ParameterError("target and reference must both contain words")
    a0 = float(alpha0) if alpha0 is not None else float(y_i.sum() + y_j.sum())
    terms = dtm.terms
    if isinstance(prior, pd.DataFrame):
        bg = word_list(prior, dtm.stopwords, "prior").reindex(terms, fill_value=0).to_numpy(dtype=float)
        # A term missing from the background list gets half the smallest weight, not 0.
        bg = np.where(bg > 0, bg, 0.5 * bg[bg > 0].min() if (bg > 0).any() else 1.0)
        alpha = a0 * bg / bg.sum()
    elif isinstance(prior, str):
        f = dtm.totals()
        alpha = a0 * f / f.sum()
    else:
        alpha = np.full(len(terms), float(prior))
        a0 = float(alpha.sum())
    used = (y_i + y_j) > 0
    delta, var, z = log_odds_dirichlet(y_i[used], y_j[used], alpha[used])
    out = pd.DataFrame({"term": pd.array(terms[used].astype(str), dtype="str"), "freq_target": y_i[used],
                        "freq_reference": y_j[used], "delta": delta, "var": var, "z": z})
    out = out[(out.freq_target + out.freq_reference) >= min_freq]
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    out.attrs["parameters"] = {"target": targets, "by": by,
                               "reference": "rest" if reference is None else as_list(reference),
                               "prior": prior if isinstance(prior, (str, float, int)) else "external",
                               "alpha0": a0, "min_freq": min_freq, "stopwords": bool(dtm.stopwords)}
    return out
