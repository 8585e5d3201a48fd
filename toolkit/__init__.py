"""Comparative discourse analysis of news: load, segment, match, count, score, show.

The public verbs are re-exported here; each lives in a small module of its own.
"""
__version__ = "0.1.0"

from . import groups  # noqa: E402
from .corpus import CorpusWarning, load_corpus, summarize  # noqa: E402
from .errors import BatchError, CorpusError, LexiconError, ParameterError, ToolkitError  # noqa: E402
from . import framing  # noqa: E402
from .framing import compare_outlets, cooccurrence, frequencies, hits, kwic  # noqa: E402
from .lexicon import Lexicon, load_lexicon  # noqa: E402
from .output import save_table, show  # noqa: E402
from .segment import segment  # noqa: E402
from .sentences import sentence_spans, split_sentences  # noqa: E402

__all__ = [
    "__version__",
    "load_corpus", "summarize", "CorpusWarning",
    "load_lexicon", "Lexicon",
    "segment", "sentence_spans", "split_sentences",
    "hits", "frequencies", "cooccurrence", "compare_outlets", "kwic",
    "ToolkitError", "CorpusError", "LexiconError", "ParameterError", "BatchError",
    "show", "save_table", "groups",
]
