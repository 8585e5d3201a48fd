"""Coding sheets: draw a random sample of hits (or of unmatched units) for coders to read.

A *precision sheet* (:func:`validation_sample`) holds a seeded random sample of a lexicon's
hits per category: each row has the unit (sentence) with the match marked ``[[like this]]``, the
references that locate it in the corpus, and blank ``code_<coder>`` / ``note_<coder>`` columns.
A *recall sheet* (:func:`recall_sample`) holds a sample of units with no match at all; the coder
writes the categories the unit mentions (the lexicon's misses). :func:`write_coding_sheet` saves
either as CSV with the coding rules in ``#`` header lines; :func:`read_coding_sheet` reads it
back (:mod:`toolkit.validation.files`). :func:`rebuild_sheet` restores the readable ``context`` of a sheet stored as references
only (third-party text stays out of the repository).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.errors import ParameterError, check_columns, check_positive_int

__all__ = ["validation_sample", "recall_sample", "rebuild_sheet", "coding_rules", "MARKS"]

MARKS = ("[[", "]]")
REFERENCES = ["doc_id", "field", "unit", "unit_start", "unit_end"]


def coding_rules(lexicon) -> dict[str, str]:
    """The coding rule of each category, from the lexicon's ``_codebook`` (see the README).

    A category without an entry of its own takes its parent's (``people`` for ``people.us``).

    Returns
    -------
    dict
        ``{category: "definition Counts: ... Does not count: ..."}`` for every category with a
        codebook entry (empty when the lexicon has none).

    Examples
    --------
    >>> coding_rules({"_codebook": {"x": {"definition": "The letter x.", "include": ["x"],
    ...               "exclude": ["X-ray"]}}, "x": ["x"]})
    {'x': 'The letter x. Counts: x. Does not count: X-ray.'}
    """
    from toolkit.match.lexicon import load_lexicon

    lex = load_lexicon(lexicon)
    book = lex.meta.get("_codebook") or {}
    out = {}
    for category in lex.categories:
        parts = category.split(".")
        rule = next((book[".".join(parts[:k])] for k in range(len(parts), 0, -1)
                     if isinstance(book.get(".".join(parts[:k])), dict)), None)
        if rule is None:
            continue
        text = str(rule.get("definition", "")).strip()
        for key, label in (("include", "Counts"), ("exclude", "Does not count")):
            if rule.get(key):
                text += f" {label}: " + "; ".join(str(x).strip() for x in rule[key]) + "."
        out[category] = " ".join(text.split())
    return out


def _rules(rules) -> dict[str, str]:
    """Rules given as ``{category: text}``, or taken from a lexicon's codebook."""
    if rules is None:
        return {}
    if isinstance(rules, dict) and all(isinstance(v, str) for v in rules.values()):
        return dict(rules)
    return coding_rules(rules)


def _coders(coders: str | Sequence[str]) -> list[str]:
    names = [coders] if isinstance(coders, str) else list(coders)
    if not names or not all(isinstance(c, str) and c.strip() and "," not in c for c in names):
        raise ParameterError(f"`coders` value = {coders!r} is invalid; must be one or more "
                             f"non-empty names without commas")
    if len(set(names)) != len(names):
        raise ParameterError(f"`coders` value = {coders!r} is invalid; names must differ")
    return names


def _unit_starts(sample: pd.DataFrame, hits: pd.DataFrame,
                 articles: pd.DataFrame | None) -> np.ndarray:
    """Offset of each sampled hit's unit in its field (hits carry the unit's text, not its offset).

    The offset is the one under which every hit of the same unit (in ``hits``) lies where its
    term is; when the unit repeats a term that is not a hit each time, ``articles`` decides.
    """
    if "unit_start" in sample:
        return sample["unit_start"].to_numpy(dtype=np.int64)
    keys = ["doc_id", "field", "unit"]
    wanted = sample[keys].drop_duplicates()
    pool = hits[keys + ["start", "end", "term", "unit_text"]].merge(wanted, on=keys)
    starts = {}
    for key, rows in pool.groupby(keys, sort=False):
        sent = rows["unit_text"].iat[0]
        first_term, first_start = rows["term"].iat[0], int(rows["start"].iat[0])
        spans = list(zip(rows["start"].tolist(), rows["end"].tolist(), rows["term"].tolist()))
        ok = []
        k = sent.find(first_term)
        while k >= 0:
            s0 = first_start - k
            if all(a >= s0 and sent[a - s0:b - s0] == t for a, b, t in spans):
                ok.append(s0)
            k = sent.find(first_term, k + 1)
        if len(ok) == 1:
            starts[key] = ok[0]
        elif articles is not None:
            starts[key] = _locate(articles, rows.iloc[0])
        else:
            raise ParameterError(
                f"cannot tell which {first_term!r} of unit {key[2]} of {key[0]!r} is the hit; "
                f"pass `articles=` (the table the hits came from) so the unit can be located")
    return np.array([starts[k] for k in zip(sample["doc_id"], sample["field"], sample["unit"])],
                    dtype=np.int64)


def _locate(articles: pd.DataFrame, hit) -> int:
    text = articles.loc[articles["doc_id"] == hit["doc_id"], hit["field"]].iat[0]
    lo = max(0, hit["end"] - len(hit["unit_text"]))
    pos = text.find(hit["unit_text"], lo)
    if pos < 0 or pos > hit["start"]:  # pragma: no cover - hits and articles disagree
        raise ParameterError(f"unit {hit['unit']} of {hit['doc_id']!r} is not in `articles`")
    return pos


def _mark(text: str, a: int, b: int) -> str:
    return text[:a] + MARKS[0] + text[a:b] + MARKS[1] + text[b:]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _blank_codes(frame: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    for coder in coders:
        frame[f"code_{coder}"] = ""
        frame[f"note_{coder}"] = ""
    return frame


def validation_sample(hits: pd.DataFrame, *, n: int = 40, by: str | Sequence[str] = "category",
                      seed: int = 0, coders: str | Sequence[str] = ("coder1",), rules=None,
                      articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """A coding sheet of a random sample of hits: ``n`` per ``by`` group, seeded.

    Parameters
    ----------
    hits : DataFrame
        From :func:`toolkit.hits` (``doc_id``, ``field``, ``unit``, ``start``, ``end``,
        ``category``, ``pattern``, ``term``, ``sentence`` and the ``by`` columns).
    n : int
        Hits drawn per group, without replacement (all of a group's hits if it has fewer).
    by : str or list of str
        The strata; ``"category"`` gives each category's precision, ``["category", "outlet"]``
        each category's per outlet.
    seed : int
        Seed of the random draw (``numpy.random.default_rng``): the same seed and hits give the
        same sheet.
    coders : str or list of str
        One blank ``code_<name>`` and ``note_<name>`` column per coder.
    rules : dict, lexicon or None
        Coding rules per category for the sheet's header: ``{category: text}``, or a lexicon
        (its name, path or mapping), whose ``_codebook`` gives them (:func:`coding_rules`).
    articles : DataFrame, optional
        The articles the hits came from; needed only when a unit repeats the matched term and
        the hits alone cannot tell which one was matched.

    Returns
    -------
    DataFrame
        One row per drawn hit, grouped by ``by`` (groups in order of first appearance, rows in
        random order): ``item`` (1, 2, ...), the ``by`` columns, ``pattern``, ``doc_id``,
        ``field``, ``unit``, ``unit_start``, ``unit_end`` (the unit's offsets in the field),
        ``start``, ``end`` (the match's offsets in the field), ``unit_sha`` (first 12 hex
        digits of the unit text's SHA-256, to detect a changed corpus), ``population`` (hits in
        the group: the stratum size), ``context`` (the unit with the match marked ``[[...]]``),
        and ``code_<coder>``, ``note_<coder>`` (empty strings). ``attrs["rules"]`` holds the
        rules, ``attrs["parameters"]`` the parameters and the number of hits sampled from.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> arts = pd.DataFrame({"doc_id": ["a"], "title": [""],
    ...                      "text": ["Russia warned. Moscow said no. Russia and Russia."]})
    >>> h = toolkit.hits(arts, {"russia": ["Russia", "Moscow"]}, by=None)
    >>> sheet = validation_sample(h, n=3, seed=2)
    >>> sheet[["item", "category", "context"]].values.tolist()
    [[1, 'russia', 'Russia and [[Russia]].'], [2, 'russia', '[[Russia]] and Russia.'], [3, 'russia', '[[Russia]] warned.']]
    """
    names = [by] if isinstance(by, str) else list(by)
    check_columns(hits, ["doc_id", "field", "unit", "start", "end", "pattern", "term", "unit_text",
                         *names], what="hits")
    check_positive_int("n", n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"`seed` value = {seed!r} is invalid; must be an integer")
    coder_names = _coders(coders)
    rule_text = _rules(rules)
    rng = np.random.default_rng(seed)
    frame = hits.reset_index(drop=True)
    picked, population = [], []
    for _, rows in frame.groupby(names, sort=False, observed=True, dropna=False).indices.items():
        take = rng.permutation(len(rows))[:n]
        picked.append(rows[take])
        population.append(np.full(len(take), len(rows)))
    index = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    sample = frame.iloc[index].reset_index(drop=True)
    starts = _unit_starts(sample, frame, articles)
    out = sample[names + ["pattern", "doc_id", "field", "unit"]].copy()
    out.insert(0, "item", np.arange(1, len(out) + 1))
    out["unit_start"] = starts
    out["unit_end"] = starts + sample["unit_text"].str.len().to_numpy()
    out["start"], out["end"] = sample["start"].to_numpy(), sample["end"].to_numpy()
    out["unit_sha"] = [_digest(s) for s in sample["unit_text"]]
    out["population"] = np.concatenate(population) if population else np.zeros(0, dtype=np.int64)
    out["context"] = [_mark(s, a - u, b - u) for s, a, b, u in
                      zip(sample["unit_text"], out["start"], out["end"], starts)]
    out = _blank_codes(out, coder_names)
    out.attrs["kind"] = "precision"
    out.attrs["rules"] = rule_text
    out.attrs["parameters"] = {"n": n, "by": names, "seed": int(seed), "coders": coder_names,
                               "hits": len(hits), **{k: v for k, v in hits.attrs.get(
                                   "parameters", {}).items() if k in ("lexicon", "unit")}}
    return out


def recall_sample(articles: pd.DataFrame, lexicon, *, n: int = 100, unit: str = "sentence",
                  seed: int = 0, coders: str | Sequence[str] = ("coder1",), rules=None
                  ) -> pd.DataFrame:
    """A coding sheet of a random sample of units in which the lexicon matches nothing.

    The coder writes, for each unit, the categories it mentions (the lexicon's misses);
    :func:`toolkit.validate` turns them into recall estimates.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    lexicon : Lexicon, str, Path or mapping
        Anything :func:`toolkit.load_lexicon` takes.
    n : int
        Units drawn (all unmatched units if there are fewer).
    unit : {"sentence", "paragraph", "document"}
    seed : int
        Seed of the random draw.
    coders : str or list of str
    rules : dict, lexicon or None
        Rules for the header; default the lexicon's own ``_codebook``.

    Returns
    -------
    DataFrame
        ``item``, ``doc_id``, ``field``, ``unit``, ``unit_start``, ``unit_end``, ``unit_sha``,
        ``unmatched_units`` (units without a match in the whole table: the population),
        ``context`` (the unit's text), ``code_<coder>``, ``note_<coder>``.
        ``attrs["parameters"]`` has ``categories`` (the lexicon's) and ``units`` (all units).

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["a"], "title": [""],
    ...                      "text": ["Russia warned. The Kremlin said no. Rain fell."]})
    >>> recall_sample(arts, {"russia": ["Russia"]}, n=5)["context"].tolist()
    ['The Kremlin said no.', 'Rain fell.']
    """
    from toolkit.match.lexicon import load_lexicon
    from toolkit.match.matcher import compile_matcher
    from toolkit.count.units import segment

    check_positive_int("n", n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"`seed` value = {seed!r} is invalid; must be an integer")
    coder_names = _coders(coders)
    lex = load_lexicon(lexicon)
    units = segment(articles, unit=unit, by=None).reset_index(drop=True)
    matched = np.zeros(len(units), dtype=bool)
    matched[compile_matcher([lex]).find_many(units["text"].tolist())[0]] = True
    free = np.flatnonzero(~matched & (units["text"].str.strip().str.len() > 0).to_numpy())
    take = free[np.random.default_rng(seed).permutation(len(free))[:n]]
    sample = units.iloc[take].reset_index(drop=True)
    out = sample[["doc_id", "field", "unit"]].copy()
    out.insert(0, "item", np.arange(1, len(out) + 1))
    out["unit_start"], out["unit_end"] = sample["start"].to_numpy(), sample["end"].to_numpy()
    out["unit_sha"] = [_digest(s) for s in sample["text"]]
    out["unmatched_units"] = len(free)
    out["context"] = sample["text"].to_numpy()
    out = _blank_codes(out, coder_names)
    out.attrs["kind"] = "recall"
    out.attrs["rules"] = _rules(rules if rules is not None else lex)
    out.attrs["parameters"] = {"n": n, "unit": unit, "seed": int(seed), "coders": coder_names,
                               "lexicon": lex.name, "categories": list(lex.categories),
                               "units": len(units)}
    return out


def rebuild_sheet(references: pd.DataFrame, articles: pd.DataFrame, *,
                  check: bool = True) -> pd.DataFrame:
    """Restore the ``context`` column of a sheet stored as references only.

    Parameters
    ----------
    references : DataFrame
        A sheet without (or with) ``context``: ``doc_id``, ``field``, ``unit_start``,
        ``unit_end``, and for a precision sheet ``start``, ``end`` (the match is marked).
    articles : DataFrame
        The corpus the sheet was drawn from (:func:`toolkit.load_corpus`).
    check : bool
        Compare each unit with the stored ``unit_sha`` and raise if the corpus text differs.

    Returns
    -------
    DataFrame
        ``references`` with ``context`` (the unit's text, the match marked ``[[...]]``).

    Raises
    ------
    ParameterError
        A ``doc_id`` not in ``articles``, or (``check``) a unit whose text has changed.
    """
    check_columns(references, ["doc_id", "field", "unit_start", "unit_end"], what="references")
    check_columns(articles, ["doc_id", "title", "text"])
    texts = articles.set_index("doc_id")[["title", "text"]]
    missing = sorted(set(references["doc_id"]) - set(texts.index))
    if missing:
        raise ParameterError(f"{len(missing)} doc_id(s) of the sheet are not in `articles`, "
                             f"e.g. {missing[:3]}")
    marked = "start" in references and "end" in references
    context = []
    for row in references.itertuples(index=False):
        field = texts.at[row.doc_id, row.field]
        field = field if isinstance(field, str) else ""
        unit = field[int(row.unit_start):int(row.unit_end)]
        if check and "unit_sha" in references and _digest(unit) != row.unit_sha:
            raise ParameterError(f"the text of unit {row.unit_start}:{row.unit_end} of "
                                 f"{row.doc_id!r} ({row.field}) differs from the one coded "
                                 f"(unit_sha {row.unit_sha}); was the corpus changed?")
        if marked:
            unit = _mark(unit, int(row.start) - int(row.unit_start), int(row.end) - int(row.unit_start))
        context.append(unit)
    out = references.copy()
    out["context"] = context
    return out
