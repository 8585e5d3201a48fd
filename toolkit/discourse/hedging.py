"""Hedging toward actors: how often the units that mention an actor carry a doubt marker.

A thin wrapper over :func:`toolkit.cooccurrence` with the frames lexicon's doubt category
("supposedly", "alleged", "reportedly", "so-called", "claims", ...), so it shares its engine,
units, grouping and statistics.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.count.engine import Engine
from toolkit.framing import cooccurrence
from toolkit.match.patterns import label, subset
from toolkit.text.segment import Unit


def hedging(articles: pd.DataFrame, actors="actors", frames="frames", *, doubt: str = "doubt",
            unit: Unit = "sentence", by: str | Sequence[str] | None = "outlet", window: int | None = None,
            alpha: float = 0.05, engine: Engine = "local", jobs: int | None = None,
            progress: bool | None = None, client=None) -> pd.DataFrame:
    """Rate of units mentioning each actor that also carry a doubt marker, per group.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors : pattern, "lexicon:category", lexicon, mapping or list, default "actors"
        See :mod:`toolkit.match.patterns`.
    frames : lexicon, default "frames"
        A lexicon holding the ``doubt`` category.
    doubt : str, default "doubt"
        The category of doubt and hedging markers.
    unit, by, window, alpha, engine, jobs, progress, client
        As for :func:`toolkit.cooccurrence`.

    Returns
    -------
    DataFrame
        :func:`toolkit.cooccurrence`'s columns for the doubt category only: ``rate`` is the share of
        the actor's units with a doubt marker, ``ci_low``/``ci_high`` its Wilson interval, ``g2``,
        ``p``, ``q`` whether doubt clusters around the actor more than chance.
        ``attrs["parameters"]`` records the call.

    Raises
    ------
    ParameterError
        ``doubt`` is not a category of ``frames`` (and as for :func:`toolkit.cooccurrence`).
    """
    table = cooccurrence(articles, actors, subset(frames, doubt), unit=unit, by=by, window=window, alpha=alpha,
                         engine=engine, jobs=jobs, progress=progress, client=client)
    table.attrs["parameters"]["doubt"] = doubt
    table.attrs["parameters"]["frames"] = f"{label(frames)}:{doubt}"
    return table
