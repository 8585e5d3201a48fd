"""Outlet aliases: one source under two names ("Fox News" / "Fox Online News").

Two kinds of evidence, both shown so a researcher can decide:

* **Shared web domain.** Each outlet's main domain is the registrable domain (``foxnews.com``;
  ``bbc.co.uk``) of most of its articles' ``url``. Sharing one is not enough: columnists, opinion
  sections and blogs of a paper share its domain too, and a researcher may well want them apart.
  A pair is *suggested* when the two names also reduce to the same core: lowercased letters and
  digits with the generic words ``the``, ``news``, ``online``, ``web`` and ``com`` taken out
  ("Fox Online News" and "Fox News" are both ``fox``; "Fox News Opinion" is ``foxopinion``).
* **Duplicate overlap.** A pair is also *suggested* when at least ``min_shared`` articles and at
  least ``min_overlap`` of the smaller outlet's articles have a near-duplicate in the other
  (:func:`toolkit.find_duplicates`): the same stories under two names, or one outlet reprinting
  another wholesale.

``attrs["mapping"]`` maps every outlet of a suggested pair (joined transitively) to the name of the
largest outlet of its group: pass it to :func:`toolkit.clean` as ``outlets=`` (or rename the
``outlet`` column with it) to merge them.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

from toolkit.errors import ParameterError, check_columns, check_positive_int

__all__ = ["find_outlet_aliases", "main_domain", "name_core", "ALIAS_COLUMNS"]

ALIAS_COLUMNS = ["outlet_a", "outlet_b", "articles_a", "articles_b", "domain", "domain_share_a", "domain_share_b",
                 "same_name", "duplicates_a", "duplicates_b", "overlap", "suggested", "reason"]
_GENERIC = re.compile(r"the|news|online|web|com")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu"}


def main_domain(url: object) -> str:
    """The registrable domain of ``url`` (``https://www.foxnews.com/x`` -> ``foxnews.com``; ``""`` if none).

    Examples
    --------
    >>> [main_domain(u) for u in ["https://www.foxnews.com/a", "http://news.bbc.co.uk/b", "", None]]
    ['foxnews.com', 'bbc.co.uk', '', '']
    """
    if not isinstance(url, str) or "." not in url:
        return ""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    parts = [p for p in host.lower().split(".") if p]
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def name_core(name: object) -> str:
    """An outlet name reduced for comparison (see the module docstring).

    Examples
    --------
    >>> [name_core(n) for n in ["Fox News", "Fox Online News", "Fox News Opinion", "NBCNews.com"]]
    ['fox', 'fox', 'foxopinion', 'nbc']
    """
    letters = re.sub(r"[^0-9a-z]+", "", str(name).lower())
    return _GENERIC.sub("", letters) or letters


def find_outlet_aliases(articles: pd.DataFrame, pairs: pd.DataFrame | None = None, *, min_domain_share: float = 0.5,
                        min_overlap: float = 0.2, min_shared: int = 3) -> pd.DataFrame:
    """Pairs of outlets that may be one source under two names.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``outlet``; ``url`` for domains; ``doc_id`` and ``text`` when
        ``pairs`` must be computed).
    pairs : DataFrame, optional
        :func:`toolkit.find_duplicates` of the articles; computed when omitted.
    min_domain_share : float, default 0.5
        An outlet's main domain is the domain of at least this share of its articles.
    min_overlap : float, default 0.2
        Duplicate overlap that suggests a pair: share of the smaller outlet's articles...
    min_shared : int, default 3
        ...and at least this many of its articles, with a near-duplicate in the other outlet.

    Returns
    -------
    DataFrame
        One row per pair of outlets that share a main domain or a near-duplicate, suggested pairs
        first, then by ``overlap`` and the outlets' sizes:

        - ``outlet_a``, ``outlet_b`` (str): ``a`` the larger; ``articles_a``, ``articles_b`` (int64)
        - ``domain`` (str): the main domain both share (``""`` if they do not)
        - ``domain_share_a``, ``domain_share_b`` (float): share of each outlet's articles on its
          main domain
        - ``same_name`` (bool): the names reduce to the same core
        - ``duplicates_a``, ``duplicates_b`` (int64): articles of each with a near-duplicate in the other
        - ``overlap`` (float): the smaller outlet's share of articles with a near-duplicate in the other
        - ``suggested`` (bool) and ``reason`` (str): the evidence that suggests the pair

        ``attrs["mapping"]``: dict from each outlet of a suggested group to the group's largest outlet.

    Raises
    ------
    ParameterError
        A missing column or a threshold out of range.

    Examples
    --------
    >>> arts = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "outlet": ["Fox News", "Fox Online News", "Fox News Opinion", "CNN"],
    ...     "url": ["https://www.foxnews.com/a", "https://foxnews.com/b", "https://www.foxnews.com/c", "https://cnn.com/d"],
    ...     "text": ["One story.", "Two story.", "An opinion.", "Other."]})
    >>> table = find_outlet_aliases(arts)
    >>> table[["outlet_a", "outlet_b", "domain", "suggested"]].values.tolist()
    [['Fox News', 'Fox Online News', 'foxnews.com', True], ['Fox News', 'Fox News Opinion', 'foxnews.com', False], ['Fox News Opinion', 'Fox Online News', 'foxnews.com', False]]
    >>> table.attrs["mapping"]
    {'Fox Online News': 'Fox News'}
    """
    check_columns(articles, ["outlet"])
    for name, value in (("min_domain_share", min_domain_share), ("min_overlap", min_overlap)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise ParameterError(f"`{name}` value = {value!r} is invalid; must be a number in (0, 1]")
    check_positive_int("min_shared", min_shared)
    outlets = articles["outlet"].astype(str)
    sizes = outlets.value_counts()
    # Main domain of each outlet.
    if "url" in articles.columns:
        doms = pd.DataFrame({"outlet": outlets.to_numpy(), "domain": articles["url"].map(main_domain).to_numpy()})
        counts = doms[doms["domain"] != ""].groupby(["outlet", "domain"]).size().rename("n").reset_index()
        counts = counts.sort_values(["outlet", "n", "domain"], ascending=[True, False, True]).drop_duplicates("outlet")
        counts["share"] = counts["n"] / sizes.reindex(counts["outlet"]).to_numpy()
        counts = counts[counts["share"] >= min_domain_share].set_index("outlet")
    else:
        counts = pd.DataFrame({"domain": pd.Series(dtype=str), "share": pd.Series(dtype=float)})
    found: dict[tuple[str, str], dict] = {}

    def entry(a: str, b: str) -> dict:
        if (sizes[a], b) < (sizes[b], a):  # a: the larger outlet (ties by name)
            a, b = b, a
        return found.setdefault((a, b), {"outlet_a": a, "outlet_b": b, "duplicates_a": 0, "duplicates_b": 0})

    for _, grp in counts.groupby("domain"):
        names = sorted(grp.index)
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                entry(names[i], names[j])
    if pairs is None:
        from toolkit.corpus.hygiene.duplicates import find_duplicates

        pairs = find_duplicates(articles)
    check_columns(pairs, ["doc_id_a", "doc_id_b", "outlet_a", "outlet_b"], what="pairs")
    cross = pairs[pairs["outlet_a"].astype(str) != pairs["outlet_b"].astype(str)]
    if len(cross):
        both = pd.concat([cross[["outlet_a", "outlet_b", "doc_id_a"]].set_axis(["o", "other", "doc"], axis=1),
                          cross[["outlet_b", "outlet_a", "doc_id_b"]].set_axis(["o", "other", "doc"], axis=1)])
        shared = both.astype(str).drop_duplicates().groupby(["o", "other"]).size()
        for (o, other), n in shared.items():
            if o in sizes.index and other in sizes.index:
                e = entry(o, other)
                e["duplicates_a" if e["outlet_a"] == o else "duplicates_b"] = int(n)
    rows = []
    for (a, b), e in found.items():
        da = counts["domain"].get(a, "")
        db = counts["domain"].get(b, "")
        domain = da if da and da == db else ""
        small = b if sizes[b] <= sizes[a] else a
        overlap = (e["duplicates_b"] if small == b else e["duplicates_a"]) / sizes[small]
        same = name_core(a) == name_core(b)
        shared_n = e["duplicates_b"] if small == b else e["duplicates_a"]
        reasons = []
        if domain and same:
            reasons.append(f"same domain ({domain}) and name")
        if shared_n >= min_shared and overlap >= min_overlap:
            reasons.append(f"{shared_n} of {sizes[small]} articles of {small} are near-duplicates of {a if small == b else b}")
        rows.append({**e, "articles_a": int(sizes[a]), "articles_b": int(sizes[b]), "domain": domain,
                     "domain_share_a": float(counts["share"].get(a, 0.0)),
                     "domain_share_b": float(counts["share"].get(b, 0.0)), "same_name": same,
                     "overlap": float(overlap), "suggested": bool(reasons), "reason": "; ".join(reasons)})
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    table = table.sort_values(["suggested", "overlap", "articles_a", "articles_b", "outlet_a", "outlet_b"],
                              ascending=[False, False, False, False, True, True], kind="mergesort").reset_index(drop=True)
    table = table.astype({"articles_a": "int64", "articles_b": "int64", "duplicates_a": "int64", "duplicates_b": "int64",
                          "same_name": bool, "suggested": bool, "overlap": float})
    table.attrs["mapping"] = _mapping(table[table["suggested"]], sizes)
    table.attrs["parameters"] = {"min_domain_share": min_domain_share, "min_overlap": min_overlap, "min_shared": min_shared}
    return table


def _mapping(suggested: pd.DataFrame, sizes: pd.Series) -> dict[str, str]:
    """Each outlet of a suggested group -> the group's largest outlet (groups joined transitively)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in zip(suggested["outlet_a"], suggested["outlet_b"]):
        ra, rb = root(a), root(b)
        if ra != rb:
            big, small = (ra, rb) if (sizes[ra], rb) >= (sizes[rb], ra) else (rb, ra)
            parent[small] = big
    names = sorted(set(suggested["outlet_a"]) | set(suggested["outlet_b"]))
    return {n: root(n) for n in names if root(n) != n}
