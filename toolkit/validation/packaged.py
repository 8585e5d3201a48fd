"""The coded samples behind the packaged lexicons' precision figures.

The samples live in ``toolkit/lexicons/validation/`` as coding sheets holding references only
(document, field, sentence and match offsets, category, pattern, code, note): the sentences are
third-party text (AllSides) and are not copied into the repository. :func:`rebuild_coded_sample`
restores the readable sheet from a local copy of the corpus; :func:`packaged_precision` recomputes
the precision table of ``toolkit/lexicons/README.md`` from the stored codes.

From the command line (the script calls :func:`main`)::

    python toolkit/lexicons/validation/rebuild.py frames-final2 --out sheet.csv   # readable sheet
    python toolkit/lexicons/validation/rebuild.py --table frames                  # README table
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from toolkit.errors import LexiconError, ParameterError
from toolkit.match.lexicon import load_lexicon
from toolkit.paths import PACKAGE_DIR, REPO_ROOT
from toolkit.stats.coding import stratified_proportion
from toolkit.validation.measure import ALL, validate
from toolkit.validation.files import read_coding_sheet, write_coding_sheet
from toolkit.validation.sheets import rebuild_sheet

__all__ = ["VALIDATION_DIR", "coded_samples", "packaged_precision", "rebuild_coded_sample",
           "precision_table_markdown"]

VALIDATION_DIR = PACKAGE_DIR / "lexicons" / "validation"
# Where a sample's corpus (its `corpus` parameter, e.g. "allsides/articles.parquet") is looked up.
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"


def coded_samples(lexicon: str | None = None, stage: str | None = None,
                  directory: str | Path = VALIDATION_DIR) -> dict[str, pd.DataFrame]:
    """Read the stored coded samples, by name (file stem), in name order.

    Parameters
    ----------
    lexicon : str, optional
        Only the samples of this lexicon (their ``lexicon`` parameter), e.g. ``"frames"``.
    stage : {"development", "final"}, optional
        Only the samples of this stage.
    directory : path
        Where the sheets are (default: the packaged ``toolkit/lexicons/validation``).

    Returns
    -------
    dict of str to DataFrame
        Each sheet as :func:`~toolkit.validation.read_coding_sheet` reads it (references, codes,
        notes; ``attrs`` ``parameters`` with ``stage``, ``seed``, ``lexicon_sha256``...).

    Examples
    --------
    >>> from toolkit.validation import coded_samples
    >>> sorted(coded_samples("frames", stage="final"))
    ['frames-final', 'frames-final2']
    """
    out = {}
    for path in sorted(Path(directory).glob("*.csv")):
        sheet = read_coding_sheet(path)
        params = sheet.attrs["parameters"]
        if lexicon is not None and params.get("lexicon") != lexicon:
            continue
        if stage is not None and params.get("stage") != stage:
            continue
        out[path.stem] = sheet
    return out


def packaged_precision(lexicon: str, directory: str | Path = VALIDATION_DIR) -> pd.DataFrame:
    """Precision of each category of a packaged lexicon, from its final coded samples.

    A category's figure comes from the last final sample (in name order: ``frames-final``, then
    ``frames-final2``) that holds it: a sample drawn again after a category was revised replaces
    the earlier one for that category only.

    Returns
    -------
    DataFrame
        One row per category in sample order: ``category``, ``sample``, ``seed``, ``n`` (coded
        hits), ``correct``, ``precision``, ``ci_low``, ``ci_high`` (Wilson 95%), ``population``
        (hits of the category in the corpus when the sample was drawn). A last row ``(all)``
        gives the precision of all hits, the categories weighted by their hits (stratified
        normal interval). ``attrs["parameters"]``: ``lexicon``, ``samples``.

    Examples
    --------
    >>> from toolkit.validation import packaged_precision
    >>> table = packaged_precision("frames")
    >>> table.loc[table["category"] == "trade", ["sample", "n", "correct"]].values.tolist()
    [['frames-final', 40, 40]]
    """
    samples = coded_samples(lexicon, stage="final", directory=directory)
    if not samples:
        raise ParameterError(f"no final coded sample of lexicon {lexicon!r} in {directory}")
    source: dict[str, str] = {}
    for name, sheet in samples.items():
        for category in sheet["category"].unique():
            source[category] = name
    rows = []
    for name, sheet in samples.items():
        mine = sorted((c for c, s in source.items() if s == name),
                      key=list(dict.fromkeys(sheet["category"])).index)
        if not mine:
            continue
        table = validate(sheet[sheet["category"].isin(mine)])
        table = table[table["category"].isin(mine)].copy()
        table.insert(1, "sample", name)
        table.insert(2, "seed", sheet.attrs["parameters"].get("seed"))
        rows.append(table)
    out = pd.concat(rows, ignore_index=True)
    try:  # the lexicon's own category order when it is a packaged or known lexicon
        order = {c: i for i, c in enumerate(load_lexicon(lexicon).categories)}
        out = out.sort_values("category", key=lambda s: s.map(order).fillna(len(order)),
                              kind="stable", ignore_index=True)
    except (LexiconError, OSError):  # not a packaged lexicon: keep the sample order
        pass
    est, low, high = stratified_proportion(out["correct"], out["n"], out["population"])
    total = {"category": ALL, "sample": "", "seed": None, "n": int(out["n"].sum()),
             "correct": int(out["correct"].sum()), "precision": est, "ci_low": low,
             "ci_high": high, "population": int(out["population"].sum())}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["seed"] = out["seed"].astype("Int64")
    out = out[["category", "sample", "seed", "n", "correct", "precision", "ci_low", "ci_high",
               "population"]]
    out.attrs["parameters"] = {"lexicon": lexicon, "samples": list(samples)}
    return out


def precision_table_markdown(lexicon: str, directory: str | Path = VALIDATION_DIR) -> str:
    """The precision table of the README for ``lexicon`` (markdown)."""
    table = packaged_precision(lexicon, directory)
    lines = ["| category | precision | Wilson 95% CI | n | hits in AllSides | sample (seed) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in table.itertuples(index=False):
        if r.category == ALL:
            lines.append(f"| all hits (weighted by hits) | {r.precision:.3f} | {r.ci_low:.3f}–"
                         f"{r.ci_high:.3f} | {r.n} | {r.population:,} | |")
            continue
        lines.append(f"| `{r.category}` | {r.precision:.3f} | {r.ci_low:.3f}–{r.ci_high:.3f} | "
                     f"{r.n} | {r.population:,} | {r.sample} ({r.seed}) |")
    return "\n".join(lines)


def rebuild_coded_sample(name: str, corpus: str | Path | None = None, *,
                         articles: pd.DataFrame | None = None,
                         directory: str | Path = VALIDATION_DIR) -> pd.DataFrame:
    """A stored sample with its sentences restored (``context``, the match marked ``[[...]]``).

    Parameters
    ----------
    name : str
        The sample (file stem), e.g. ``"actors-final"``.
    corpus : path, optional
        The corpus file the sample was drawn from. Default: its ``corpus`` parameter under
        ``../shared/corpora`` next to the repository.
    articles : DataFrame, optional
        The corpus already loaded (:func:`toolkit.load_corpus`); then ``corpus`` is not read.
    directory : path
        Where the sheets are (default: the packaged ``toolkit/lexicons/validation``).

    Raises
    ------
    ParameterError
        No such sample, the corpus file is missing, or its text differs from the one coded.
    """
    path = Path(directory) / f"{name}.csv"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in Path(directory).glob("*.csv")))
        raise ParameterError(f"no coded sample {name!r} in {directory}; known: {known}")
    sheet = read_coding_sheet(path)
    if articles is not None:
        out = rebuild_sheet(sheet, articles[articles["doc_id"].isin(set(sheet["doc_id"]))])
        out.attrs.update(sheet.attrs)
        return out
    if corpus is None:
        corpus = SHARED_CORPORA / sheet.attrs["parameters"].get("corpus", "")
    corpus = Path(corpus)
    if not corpus.is_file():
        raise ParameterError(f"corpus file not found: {corpus} (pass `corpus=` the AllSides "
                             "articles.parquet the sample was drawn from)")
    from toolkit.corpus.load import load_corpus  # local: keeps this module light

    articles = load_corpus(corpus)
    wanted = articles[articles["doc_id"].isin(set(sheet["doc_id"]))]
    out = rebuild_sheet(sheet, wanted)
    out.attrs.update(sheet.attrs)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line of ``toolkit/lexicons/validation/rebuild.py``."""
    parser = argparse.ArgumentParser(
        prog="rebuild.py",
        description="Rebuild a readable coding sheet of a packaged lexicon's coded sample, or "
                    "print the precision table of a packaged lexicon.")
    parser.add_argument("sample", nargs="?", help="sample name, e.g. actors-final")
    parser.add_argument("--corpus", help="the AllSides articles.parquet (default: ../shared)")
    parser.add_argument("--out", help="CSV to write (default: print the sentences)")
    parser.add_argument("--table", metavar="LEXICON", help="print the precision table")
    args = parser.parse_args(argv)
    if args.table:
        print(precision_table_markdown(args.table))
        return
    if not args.sample:
        parser.error("give a sample name or --table LEXICON")
    sheet = rebuild_coded_sample(args.sample, args.corpus)
    if args.out:
        print(write_coding_sheet(sheet, args.out))
        return
    code = [c for c in sheet.columns if c.startswith("code_")]
    for r in sheet.itertuples(index=False):
        codes = " ".join(str(getattr(r, c)) for c in code)
        print(f"{r.item} {r.category} [{codes}] | " + " ".join(r.context.split()))
