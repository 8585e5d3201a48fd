"""Comparative discourse analysis of news: load, segment, match, count, score, show.

The public verbs are re-exported here; each lives in a small module of its own.
"""
__version__ = "0.1.0"

from .corpus import CorpusWarning, load_corpus, summarize  # noqa: E402
from .errors import BatchError, CorpusError, LexiconError, ParameterError, ToolkitError  # noqa: E402
from .output import save_table, show  # noqa: E402

__all__ = [
    "__version__",
    "load_corpus", "summarize", "CorpusWarning",
    "ToolkitError", "CorpusError", "LexiconError", "ParameterError", "BatchError",
    "show", "save_table",
]
