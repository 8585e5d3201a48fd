"""Hedging toward actors: how often the units that mention an actor carry a doubt marker.

A thin wrapper over :func:`toolkit.cooccurrence` with the frames lexicon's doubt category
("supposedly", "alleged", "reportedly", "so-called", "claims", ...), so it shares its engine,
units, grouping and statistics.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.framing import cooccurrence, subset_lexicon


def hedging(articles: pd.DataFrame, actors="actors", frames="frames", *, doubt: str = "doubt",
            unit: str = "sentence", by: str | Sequence[str] | None = "outlet", **options) -> pd.DataFrame:
    """Rate of units mentioning each actor that also carry a doubt marker, per group.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    actors : lexicon
        Actor lexicon (default the packaged ``"actors"``).
    frames : lexicon
        A lexicon holding the ``doubt`` category (default the packaged ``"frames"``).
    doubt : str
        The category of doubt and hedging markers.
    unit, by, **options
        As for :func:`toolkit.cooccurrence` (``window``, ``engine``, ``jobs``, ``alpha``).

    Returns
    -------
    DataFrame
        :func:`toolkit.cooccurrence`'s columns for the doubt category only: ``rate`` is the share of
        the actor's units with a doubt marker, ``ci_low``/``ci_high`` its Wilson interval, ``g2``,
        ``p``, ``q`` whether doubt clusters around the actor more than chance.

    Raises
    ------
    ParameterError
        ``doubt`` is not a category of ``frames`` (and as for :func:`toolkit.cooccurrence`).
    """
    table = cooccurrence(articles, actors, subset_lexicon(frames, doubt), unit, by=by, **options)
    table.attrs["parameters"]["doubt"] = doubt
    return table
