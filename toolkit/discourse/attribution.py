"""Who gets a voice, and how the outlet introduces it: attribution tables over quotations.

Built on :func:`toolkit.discourse.quotes.quotes` (one row per quotation, with its speaker, reporting verb and
the speaker's actor category); this module only counts and shares.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import check_choice, check_columns, check_positive_int
from toolkit.count.groups import group_frame, group_names
from toolkit.match.lexicon import load_lexicon
from toolkit.discourse.quotes import load_reporting_verbs, quotes
from toolkit.text.sentences import sentence_spans

OTHER = "(other speaker)"


def _quotes_with_groups(articles: pd.DataFrame, actors, by, table: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    names = group_names(by)
    if table is None:
        table = quotes(articles, actors=actors)
    if "speaker_actor" in table.columns and "actor" not in table.columns:
        table = table.assign(actor=table["speaker_actor"])
    groups = group_frame(articles, names)
    groups["doc_id"] = articles["doc_id"].to_numpy()
    extra = [n for n in names if n not in table.columns]
    if extra:
        table = table.merge(groups[["doc_id", *extra]], on="doc_id", how="left")
    return table, names


def speakers(articles: pd.DataFrame, *, by: str | Sequence[str] | None = "outlet",
             types: Sequence[str] = ("person", "organisation"), actors=None,
             quotes_table: pd.DataFrame | None = None, top: int | None = None) -> pd.DataFrame:
    """Who is quoted, and how often, in each group: one row per group and named speaker.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    by : str, list of str or None
        Grouping (default ``"outlet"``).
    types : sequence of str
        Speaker types counted (``speaker_type`` of :func:`toolkit.discourse.quotes.quotes`):
        any of ``person``, ``organisation``, ``document``, ``unknown``.
    actors : lexicon, optional
        Actor lexicon for the ``actor`` column (when ``quotes_table`` is not given).
    quotes_table : DataFrame, optional
        A table from :func:`toolkit.discourse.quotes.quotes` to reuse.
    top : int, optional
        Keep the ``top`` speakers of each group (by quotations, then name).

    Returns
    -------
    DataFrame
        The ``by`` columns, ``speaker_name`` (the resolved full name: "Gabrielius Landsbergis",
        "Netflix"), ``speaker_type``, ``quotations`` (quotations attributed to the speaker),
        ``direct`` and ``partial`` (of those, by kind), ``articles`` (articles quoting the
        speaker), ``share`` (quotations / all quotations of the group with a named speaker of
        the counted types) and ``actor``: the speaker's ``speaker_actor`` over the whole table,
        all groups together (an affiliation belongs to the speaker, not to the outlet quoting
        them), when one category holds more than half of the speaker's votes (one per article
        and category: an article's quotations share one introduction of the speaker); else None
        (None without actors). On AllSides "Donald Trump" has a category in 852 of
        16,350 quotations, 717 of them ``us``; per outlet the few non-empty ones gave ``russia`` or
        ``ukraine``. Speakers the text leaves unnamed ("a witness", an unresolved "he") are
        not counted. Sorted by group, then quotations (descending), then name.
        ``attrs["parameters"]`` records ``by``, ``types`` and ``top``.

    Raises
    ------
    ParameterError
        An unknown speaker type, a missing column, or ``top`` that is not a positive integer.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "title": ["", ""], "text": [
    ...     "“Yes,” Anna Berg said. “No,” the ministry said.", "“Maybe,” Ms. Berg said."]})
    >>> speakers(arts)[["outlet", "speaker_name", "quotations", "articles"]].values.tolist()
    [['X', 'Anna Berg', 1, 1], ['X', 'Berg', 1, 1]]
    """
    from toolkit.discourse.quotes import SPEAKER_TYPES

    check_columns(articles, ["doc_id", "text"])
    types = [types] if isinstance(types, str) else list(types)
    for t in types:
        check_choice("types", t, SPEAKER_TYPES)
    if top is not None:
        check_positive_int("top", top)
    table, names = _quotes_with_groups(articles, actors, by, quotes_table)
    named = table[table["speaker_name"].notna() & table["speaker_type"].isin(types)].copy()
    keys = [*names, "speaker_name"]
    cols = [*keys, "speaker_type", "quotations", "direct", "partial", "articles", "share", "actor"]
    if named.empty:
        out = pd.DataFrame(columns=cols)
        out.attrs["parameters"] = {"by": names, "types": types, "top": top}
        return out
    named["_direct"] = named["kind"].eq("direct")
    named["_partial"] = named["kind"].eq("partial")
    actor_col = "speaker_actor" if "speaker_actor" in named else "actor"
    grouped = named.groupby(keys, observed=True, sort=False)
    out = grouped.agg(speaker_type=("speaker_type", lambda t: t.mode().iat[0]),
                      quotations=("doc_id", "size"), direct=("_direct", "sum"),
                      partial=("_partial", "sum"), articles=("doc_id", "nunique"))
    out = out.reset_index()
    out["actor"] = out["speaker_name"].map(_speaker_actors(named, actor_col))
    out["actor"] = out["actor"].astype(object).where(out["actor"].notna(), None)
    totals = out.groupby(names, observed=True)["quotations"].transform("sum") if names else out["quotations"].sum()
    out["share"] = out["quotations"] / totals
    for c in ("quotations", "direct", "partial", "articles"):
        out[c] = out[c].astype("int64")
    out = out.sort_values([*names, "quotations", "speaker_name"], ascending=[True] * len(names) + [False, True],
                          kind="stable")
    if top is not None:
        out = out.groupby(names, observed=True).head(top) if names else out.head(top)
    out = out[cols].reset_index(drop=True)
    out.attrs["parameters"] = {"by": names, "types": types, "top": top}
    return out



def _speaker_actors(named: pd.DataFrame, column: str) -> dict:
    """speaker_name -> the category holding more than half of the speaker's votes over the whole
    table, one vote per article and category (an article's quotations share one introduction of
    the speaker); speakers without such a majority are left out."""
    have = named.loc[named[column].notna(), ["speaker_name", "doc_id", column]].drop_duplicates()
    if have.empty:
        return {}
    counts = have.groupby(["speaker_name", column], observed=True).size().rename("n").reset_index()
    counts["of"] = counts.groupby("speaker_name", observed=True)["n"].transform("sum")
    top = counts[counts["n"] * 2 > counts["of"]]
    return dict(zip(top["speaker_name"], top[column]))

def verb_classes(verbs=None) -> list[str]:
    """The verb classes of the reporting-verb lexicon, in file order."""
    return list(dict.fromkeys(load_reporting_verbs(verbs)["verb_class"]))


def attribution(articles: pd.DataFrame, actors="actors", *, by: str | Sequence[str] | None = "outlet",
                quotes_table: pd.DataFrame | None = None, verbs=None) -> pd.DataFrame:
    """Per group and speaker actor: how many quotations, how direct, with which reporting verbs.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors : lexicon
        Actor lexicon used to give each speaker an actor category (see :func:`toolkit.discourse.quotes.quotes`).
    by : str, list of str or None
        Grouping (``"outlet"``; ``["outlet", "month"]`` for trends).
    quotes_table : DataFrame, optional
        A table from :func:`toolkit.discourse.quotes.quotes` (with ``actors``) to reuse instead of extracting again.
    verbs : path, optional
        Reporting-verb lexicon (default the packaged ``reporting_verbs.yml``; its classes are the
        ``share_*`` columns).

    Returns
    -------
    DataFrame
        One row per group × speaker actor with at least one attributed quotation (scare quotes, which
        have no speaker, are left out; speakers with no actor category are grouped as
        ``"(other speaker)"``): the ``by`` columns, ``actor``, ``quotations``, ``direct``, ``partial``,
        ``direct_share``, ``with_verb`` (quotations whose reporting verb was found), ``verbs``
        (``"say 12, claim 3"``, most frequent first), then ``share_<class>`` for every verb class
        (neutral, doubt, confirming, assertive, ...): the share of ``with_verb`` quotations
        introduced by a verb of that class. Sorted by group, then quotations.
    """
    check_columns(articles, ["doc_id", "text"])
    table, names = _quotes_with_groups(articles, actors, by, quotes_table)
    classes = verb_classes(verbs)
    spoken = table[table["speaker"].notna()].copy()
    spoken["actor"] = spoken["actor"].fillna(OTHER) if "actor" in spoken else OTHER
    keys = [*names, "actor"]
    if spoken.empty:
        return pd.DataFrame(columns=[*keys, "quotations", "direct", "partial", "direct_share", "with_verb", "verbs",
                                     *[f"share_{c}" for c in classes]])
    grouped = spoken.groupby(keys, observed=True, sort=True)
    out = pd.DataFrame({
        "quotations": grouped.size(),
        "direct": grouped["kind"].apply(lambda k: int((k == "direct").sum())),
        "partial": grouped["kind"].apply(lambda k: int((k == "partial").sum())),
        "with_verb": grouped["verb"].count(),
        "verbs": grouped["verb"].apply(lambda v: ", ".join(f"{verb} {n}" for verb, n in v.value_counts().items())),
    })
    out["direct_share"] = out["direct"] / out["quotations"]
    class_counts = spoken.dropna(subset=["verb_class"]).groupby(keys + ["verb_class"], observed=True).size()
    class_counts = class_counts.unstack("verb_class").reindex(columns=classes).fillna(0)
    for c in classes:
        counts = class_counts[c].reindex(out.index).fillna(0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"share_{c}"] = np.where(out["with_verb"] > 0, counts / out["with_verb"], np.nan)
    out = out.reset_index()
    out = out[[*keys, "quotations", "direct", "partial", "direct_share", "with_verb", "verbs",
               *[f"share_{c}" for c in classes]]]
    out = out.sort_values([*names, "quotations"], ascending=[True] * len(names) + [False], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs["parameters"] = {"by": names, "actors": getattr(load_lexicon(actors), "name", str(actors))}
    return out


def verb_counts(articles: pd.DataFrame, actors="actors", *, by: str | Sequence[str] | None = "outlet",
                quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting verbs per group and speaker actor, one row per verb (tidy, for plots).

    Returns
    -------
    DataFrame
        The ``by`` columns, ``actor`` (``"(other speaker)"`` for speakers with no actor category),
        ``verb`` (lemma), ``verb_class`` and ``quotations``.
    """
    table, names = _quotes_with_groups(articles, actors, by, quotes_table)
    spoken = table[table["speaker"].notna() & table["verb"].notna()].copy()
    spoken["actor"] = spoken["actor"].fillna(OTHER)
    keys = [*names, "actor", "verb", "verb_class"]
    return spoken.groupby(keys, observed=True).size().rename("quotations").reset_index()


def scare_quotes(articles: pd.DataFrame, actors="actors", *, by: str | Sequence[str] | None = "outlet",
                 quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Short quoted phrases with no speaker, with the actor they sit near.

    Returns
    -------
    DataFrame
        One row per scare quote: ``doc_id``, the ``by`` columns, ``quote``, ``start``, ``end``,
        ``near_actor`` (the actor category mentioned closest to the quote in the same sentence, or
        None), ``near_term`` (that mention as written) and ``sentence``.
    """
    check_columns(articles, ["doc_id", "text"])
    table, names = _quotes_with_groups(articles, actors, by, quotes_table)
    scare = table[table["kind"] == "scare"]
    lex = load_lexicon(actors)
    matcher = lex.matcher
    texts = dict(zip(articles["doc_id"], articles["text"]))
    spans_cache: dict[str, list] = {}
    near, terms, sentences = [], [], []
    for doc_id, start, end in zip(scare["doc_id"], scare["start"], scare["end"]):
        text = texts[doc_id]
        spans = spans_cache.setdefault(doc_id, sentence_spans(text))
        s, e = next(((a, b) for a, b in spans if a <= start < b), (start, end))
        sentence = text[s:e]
        found = matcher.find(sentence)
        if len(found):
            centre = start - s
            k = int(np.argmin(np.minimum(abs(found.start - centre), abs(found.end - centre))))
            near.append(lex.categories[int(found.category[k])])
            terms.append(sentence[found.start[k]:found.end[k]])
        else:
            near.append(None)
            terms.append(None)
        sentences.append(sentence)
    out = scare[["doc_id", *names, "quote", "start", "end"]].reset_index(drop=True)
    out["near_actor"] = near
    out["near_term"] = terms
    out["sentence"] = sentences
    return out
