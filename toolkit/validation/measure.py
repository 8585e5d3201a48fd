"""Precision, agreement and recall from coded sheets (see :mod:`toolkit.validation.sheets`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, check_columns
from toolkit.stats.coding import krippendorff_alpha, percent_agreement, stratified_proportion
from toolkit.stats.intervals import wilson_interval

__all__ = ["validate", "disagreements", "codes"]

ALL = "(all)"
_TRUE = {"1", "1.0", "true", "yes", "y"}
_FALSE = {"0", "0.0", "false", "no", "n"}


def _coder_columns(sheet: pd.DataFrame, what: str) -> list[str]:
    cols = [c for c in sheet.columns if c.startswith("code_")]
    if not cols:
        raise ParameterError(f"{what} has no code_<coder> column; it has {list(sheet.columns)}")
    return cols


def codes(sheet: pd.DataFrame) -> pd.DataFrame:
    """The 1/0 codes of a precision sheet as floats, one column per coder (NaN = blank).

    Raises
    ------
    ParameterError
        Naming the item and the coder of a code that is not 1, 0 or blank.
    """
    out = {}
    items = sheet["item"] if "item" in sheet else pd.Series(np.arange(1, len(sheet) + 1))
    for col in _coder_columns(sheet, "coded"):
        values = np.full(len(sheet), np.nan)
        for i, (item, raw) in enumerate(zip(items, sheet[col])):
            if raw is None or (isinstance(raw, float) and np.isnan(raw)):
                continue
            text = str(raw).strip().lower()
            if text in _TRUE or raw is True:
                values[i] = 1.0
            elif text in _FALSE or raw is False:
                values[i] = 0.0
            elif text:
                raise ParameterError(f"`coded` item {item}: {col} value = {raw!r} is invalid; "
                                     f"must be 1, 0 or blank")
        out[col[len("code_"):]] = values
    return pd.DataFrame(out, index=sheet.index)


def _missed(unmatched: pd.DataFrame, categories: list[str]) -> dict[str, pd.DataFrame]:
    """Per coder: a units × categories 0/1 frame of the misses written on a recall sheet."""
    out = {}
    known = set(categories)
    for col in _coder_columns(unmatched, "unmatched"):
        rows = []
        for item, raw in zip(unmatched["item"], unmatched[col]):
            text = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw)
            text = text.strip()
            if not text:
                rows.append(None)
                continue
            named = {x.strip() for x in text.replace(",", ";").split(";") if x.strip()}
            if named == {"none"}:
                named = set()
            unknown = sorted(named - known)
            if unknown:
                raise ParameterError(f"`unmatched` item {item}: {col} names unknown categories "
                                     f"{unknown}; the categories are {categories} (or 'none')")
            rows.append({c: float(c in named) for c in categories})
        frame = pd.DataFrame([r if r is not None else {c: np.nan for c in categories} for r in rows],
                             columns=categories)
        out[col[len("code_"):]] = frame
    return out


def validate(coded: pd.DataFrame, *, unmatched: pd.DataFrame | None = None,
             by: str | Sequence[str] = "category", alpha: float = 0.05) -> pd.DataFrame:
    """Precision per category with Wilson intervals, coder agreement, and recall if possible.

    Parameters
    ----------
    coded : DataFrame
        A precision sheet (:func:`toolkit.validation_sample`, or :func:`toolkit.read_coding_sheet`
        of one) with its ``code_<coder>`` columns filled in: 1 (the hit is an instance of its
        category), 0 (it is not), blank (undecided: left out).
    unmatched : DataFrame, optional
        A coded recall sheet (:func:`toolkit.recall_sample`): per unit the categories it mentions
        although the lexicon matched nothing there, or ``none``.
    by : str or list of str
        The strata of the sheet (as given to ``validation_sample``).
    alpha : float
        1 - confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per stratum × coder, then one ``(all)`` row per coder: the ``by`` columns,
        ``coder``, ``n`` (hits coded), ``correct`` (coded 1), ``precision`` = correct / n,
        ``ci_low``, ``ci_high`` (Wilson; for ``(all)``: the population-weighted precision with a
        stratified normal interval when the sheet has ``population``, else pooled with Wilson),
        ``population`` (hits in the stratum), ``alpha`` (Krippendorff's alpha, nominal, over the
        coders; NaN with one coder or no variation), ``agreement`` (share of items on which the
        coders agree). With ``unmatched``, also ``unmatched_n`` (recall units coded),
        ``missed`` (of those, units mentioning the category), ``miss_rate`` = missed /
        unmatched_n with ``miss_low``, ``miss_high`` (Wilson), ``unmatched_units`` (units without
        a match in the corpus), and ``recall`` = P·H / (P·H + m·U) (P precision, H population,
        m miss rate, U unmatched units) with ``recall_low``, ``recall_high`` from the interval
        ends of P and m (a conservative range, not an exact interval).

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis*, 2nd ed., Sage (alpha; coding against written
    rules). Wilson, E. B. (1927). JASA 22(158), 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"item": [1, 2, 3, 4], "category": ["a", "a", "a", "b"],
    ...                       "population": [30, 30, 30, 5],
    ...                       "code_ann": ["1", "1", "0", "1"], "code_bob": ["1", "0", "0", "1"]})
    >>> validate(sheet)[["category", "coder", "n", "correct", "precision"]].values.tolist()[:4]
    [['a', 'ann', 3, 2, 0.6666666666666666], ['a', 'bob', 3, 1, 0.3333333333333333], ['b', 'ann', 1, 1, 1.0], ['b', 'bob', 1, 1, 1.0]]
    """
    names = [by] if isinstance(by, str) else list(by)
    check_columns(coded, names, what="coded")
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` value = {alpha!r} is invalid; must be between 0 and 1")
    table = codes(coded)
    coders = list(table.columns)
    rows = []
    groups = coded.groupby(names, sort=False, dropna=False).indices
    for key, idx in groups.items():
        key = key if isinstance(key, tuple) else (key,)
        sub = table.iloc[idx]
        rel = sub.to_numpy().T
        a = krippendorff_alpha(rel) if len(coders) > 1 else np.nan
        agree = percent_agreement(rel) if len(coders) > 1 else np.nan
        pop = int(coded["population"].iloc[idx[0]]) if "population" in coded else np.nan
        for coder in coders:
            col = sub[coder].dropna()
            rows.append({**dict(zip(names, key)), "coder": coder, "n": len(col),
                         "correct": int(col.sum()), "population": pop, "alpha": a,
                         "agreement": agree})
    out = pd.DataFrame(rows)
    out["precision"] = np.where(out["n"] > 0, out["correct"] / out["n"].where(out["n"] > 0), np.nan)
    out["ci_low"], out["ci_high"] = wilson_interval(out["correct"], out["n"], alpha=alpha)
    everything = table.to_numpy().T
    total = []
    for coder in coders:
        mine = out[out["coder"] == coder]
        if "population" in coded:
            p, lo, hi = stratified_proportion(mine["correct"], mine["n"], mine["population"], alpha=alpha)
        else:
            k, m = mine["correct"].sum(), mine["n"].sum()
            p = k / m if m else np.nan
            lo, hi = (x[0] for x in wilson_interval([k], [m], alpha=alpha))
        total.append({**{c: ALL for c in names}, "coder": coder, "n": int(mine["n"].sum()),
                      "correct": int(mine["correct"].sum()), "precision": p, "ci_low": lo,
                      "ci_high": hi, "population": mine["population"].sum() if "population" in coded else np.nan,
                      "alpha": krippendorff_alpha(everything) if len(coders) > 1 else np.nan,
                      "agreement": percent_agreement(everything) if len(coders) > 1 else np.nan})
    out = pd.concat([out, pd.DataFrame(total)], ignore_index=True)
    out = out[[*names, "coder", "n", "correct", "precision", "ci_low", "ci_high", "population",
               "alpha", "agreement"]]
    if unmatched is not None:
        out = _with_recall(out, unmatched, names, alpha)
    out.attrs["parameters"] = {"by": names, "alpha": alpha, "coders": coders,
                               "recall": unmatched is not None}
    return out


def _with_recall(out: pd.DataFrame, unmatched: pd.DataFrame, names: list[str],
                 alpha: float) -> pd.DataFrame:
    if names != ["category"]:
        raise ParameterError("recall needs a sheet sampled by='category'")
    check_columns(unmatched, ["item", "unmatched_units"], what="unmatched")
    categories = [c for c in out["category"].unique() if c != ALL]
    missed = _missed(unmatched, categories)
    pairs = {c: c for c in missed if c in set(out["coder"])}
    if not pairs and len(missed) == 1 and out["coder"].nunique() == 1:
        pairs = {next(iter(missed)): out["coder"].iat[0]}
    if not pairs:
        raise ParameterError(f"the coders of `unmatched` {sorted(missed)} and of `coded` "
                             f"{sorted(out['coder'].unique())} have no name in common")
    units = float(unmatched["unmatched_units"].iat[0]) if len(unmatched) else np.nan
    extra = []
    for row in out.itertuples(index=False):
        src = next((u for u, c in pairs.items() if c == row.coder), None)
        if src is None or row.category == ALL:
            extra.append((np.nan,) * 9)
            continue
        col = missed[src][row.category].dropna()
        m, k = len(col), int(col.sum())
        rate = k / m if m else np.nan
        lo, hi = (x[0] for x in wilson_interval([k], [m], alpha=alpha))
        tp = np.array([row.precision, row.ci_low, row.ci_high]) * row.population
        with np.errstate(divide="ignore", invalid="ignore"):
            rec = tp[0] / (tp[0] + rate * units)
            r_lo = tp[1] / (tp[1] + hi * units)
            r_hi = tp[2] / (tp[2] + lo * units)
        extra.append((m, k, rate, lo, hi, units, rec, r_lo, r_hi))
    cols = ["unmatched_n", "missed", "miss_rate", "miss_low", "miss_high", "unmatched_units",
            "recall", "recall_low", "recall_high"]
    return pd.concat([out, pd.DataFrame(extra, columns=cols, index=out.index)], axis=1)


def disagreements(coded: pd.DataFrame) -> pd.DataFrame:
    """The items on which coders gave different codes (blank codes ignored).

    Returns
    -------
    DataFrame
        The rows of ``coded`` with two or more codes that differ, all columns kept.

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"item": [1, 2], "category": ["a", "a"],
    ...                       "code_ann": ["1", "1"], "code_bob": ["1", "0"]})
    >>> disagreements(sheet)["item"].tolist()
    [2]
    """
    table = codes(coded)
    differ = table.apply(lambda r: r.dropna().nunique() > 1, axis=1)
    out = coded[differ.to_numpy()].copy()
    out.attrs = dict(coded.attrs)
    return out
