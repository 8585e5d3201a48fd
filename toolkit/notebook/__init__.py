"""What every report notebook does first: load, check the parameters, filter, clean, group.

The notebooks in ``notebooks/`` share six parameters; this module gives them one meaning and one
set of error messages, so a notebook's first code cell after its ``parameters`` cell is::

    report = toolkit.notebook.start(corpus, by=by, outlets=outlets, top=top, where=where,
                                    min_units=min_units, clean=clean)
    articles = report.articles
    report                                  # says what was loaded, filtered and grouped

============  ==================================================================================
parameter     meaning
============  ==================================================================================
corpus        a file or folder :func:`toolkit.load_corpus` reads (rows it cannot read are listed)
by            a column (``outlet``, ``bias``, ``topic``...), a period derived from ``date``
              (``year``, ``quarter``, ``month``, ``week``), a list of them, or None
outlets       a list of outlets to keep (values of the ``outlet`` column); None keeps all
top           charts draw the ``top`` largest groups of the first ``by`` name (by articles);
              tables and CSV files keep every group
where         a pandas query that keeps the articles it is true for, e.g. ``topic == 'north_korea'``
min_units     a rate resting on fewer units than this is greyed in charts and kept out of "top"
              lists and of the extremes named in the prose
clean         True runs :func:`toolkit.clean` (boilerplate, duplicates; audited) on the whole
              corpus before ``where`` and ``outlets`` filter it
============  ==================================================================================

Every invalid value raises :class:`toolkit.errors.ParameterError` naming the parameter, the valid
choices and the closest one ("did you mean"). Parameter *names* are checked by the batch runner.
"""
from toolkit.notebook.checks import (LISTED, check_by, check_category, check_value, filter_articles,  # noqa: F401
                                     group_noun)
from toolkit.notebook.report import Report, heading, say, shares, start  # noqa: F401

__all__ = ["Report", "start", "filter_articles", "check_by", "check_category", "check_value", "group_noun",
           "shares", "say", "heading"]
