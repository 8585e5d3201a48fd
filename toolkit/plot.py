"""Figures for notebooks and reports. Plotting only: every statistic comes from another module.

Each function takes a tidy result table and returns a matplotlib ``Figure`` with a title and
labelled axes (with units).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns


def articles_over_time(counts: pd.DataFrame, *, period: str = "month", hue: str = "outlet",
                       title: str = "Articles per outlet over time"):
    """Bar chart of ``articles`` per period, one colour per ``hue`` group.

    ``counts`` is the output of :func:`toolkit.groups.articles_per_period`.
    """
    fig, ax = plt.subplots(figsize=(9, 4.5))
    if len(counts):
        sns.barplot(data=counts, x=period, y="articles", hue=hue if hue in counts else None, ax=ax)
    ax.set_title(title)
    ax.set_xlabel(period.capitalize())
    ax.set_ylabel("Articles (count)")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig
