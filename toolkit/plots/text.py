"""Text from the data is shown as written in every figure: never parsed as mathtext.

Matplotlib reads a label with two ``$`` as mathtext: an outlet called ``$tock $ense`` would be
typeset in italics, and ``Cost $x^$`` makes every figure that shows it fail to draw. Every plot
function of :mod:`toolkit.plots` is wrapped in :func:`plain_text_figure`: the figure is built with
``rcParams["text.parse_math"] = False`` (its tick labels are created then, by ``tight_layout``),
and every text in it is marked not to be parsed, so it draws the same later, under any rcParams.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["plain_text", "plain_text_figure"]

F = TypeVar("F", bound=Callable[..., Figure])


@contextlib.contextmanager
def plain_text() -> Iterator[None]:
    """Within the block, new text in figures is drawn as written (no mathtext)."""
    old = mpl.rcParams["text.parse_math"]
    mpl.rcParams["text.parse_math"] = False
    try:
        yield
    finally:
        mpl.rcParams["text.parse_math"] = old


def mark_plain(fig: Figure) -> Figure:
    """Mark every text of ``fig`` (titles, labels, tick labels, legends, annotations) as plain."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def plain_text_figure(func: F) -> F:
    """Decorator for plot functions: their figure shows text from the data as written."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plain_text():
            return mark_plain(func(*args, **kwargs))

    return wrapper  # type: ignore[return-value]
