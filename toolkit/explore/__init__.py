"""Interactive exploration: from a number to the sentences behind it.

:func:`explore` (an ipywidgets app over actor × frame co-occurrence and its evidence) and
:func:`term_explorer` (a self-contained HTML scatter of distinctive terms with KWIC lines).
Note that ``toolkit.explore`` is the function; import the modules by their full name
(``from toolkit.explore.evidence import page_bounds``).
"""
from toolkit.explore.explorer import Explorer, explore
from toolkit.explore.terms import TermExplorer, term_explorer

__all__ = ["explore", "Explorer", "term_explorer", "TermExplorer"]
