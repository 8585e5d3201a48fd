"""Comparative discourse analysis of news: load, segment, match, count, score, show.

The public verbs are re-exported here; each lives in a small module of its own. They share one
grammar: ``verb(articles, what, *, unit="sentence", by="outlet", ..., engine="local", jobs=None,
progress=None)`` with every option keyword-only. ``what`` is any pattern argument of
:mod:`toolkit.match.patterns` (a word, ``escalat*``, a phrase, ``U.S.``, ``"frames:escalation"``, a
lexicon, a mapping); ``unit`` the unit of :mod:`toolkit.text.segment` (the title is unit 0);
``by`` the grouping, ``"outlet"`` by default for every verb (``None`` = the whole corpus; periods
such as ``"month"`` are derived from ``date``); ``engine``/``jobs``/``progress`` the count engine of
:mod:`toolkit.count.engine`. Words are those of :mod:`toolkit.text.tokens`. Every result carries
``attrs["parameters"]``; every warning is a :class:`ToolkitWarning`.
"""
__version__ = "0.1.0"

from toolkit.count import groups  # noqa: E402
from toolkit.corpus.load import CorpusWarning, load_corpus, summarize  # noqa: E402
from toolkit.corpus.hygiene import (clean, cleaning_summary, find_boilerplate, find_duplicates,  # noqa: E402
                                    find_outlet_aliases, find_syndication)
from toolkit.corpus.save import save_corpus  # noqa: E402
from toolkit.errors import (BatchError, CorpusError, LexiconError, ParameterError, ToolkitError,  # noqa: E402
                            ToolkitWarning)
from toolkit import framing  # noqa: E402
from toolkit.framing import compare_outlets, cooccurrence, frequencies  # noqa: E402
from toolkit.concordance import hits, kwic  # noqa: E402
from toolkit.discourse.attribution import attribution, scare_quotes, speakers, verb_counts  # noqa: E402
from toolkit.collocations import collocates  # noqa: E402
from toolkit.dispersion import dispersion  # noqa: E402
from toolkit.discourse.hedging import hedging  # noqa: E402
from toolkit.keyness import keyness, keyness_all  # noqa: E402
from toolkit.log_odds import log_odds  # noqa: E402
from toolkit.match.lexicon import Lexicon, load_lexicon, packaged_lexicons  # noqa: E402
from toolkit.match.matcher import Hits, Matcher, compile_matcher  # noqa: E402
from toolkit.discourse.quotes import load_reporting_verbs, quotes  # noqa: E402
from toolkit.discourse.sentiment import sentiment, tone  # noqa: E402
from toolkit.discourse.stance import entity_lexicon, stance  # noqa: E402
from toolkit.text.tokens import count_words, tokenize  # noqa: E402
from toolkit.count.terms import count_terms  # noqa: E402
from toolkit.output import save_table, show  # noqa: E402
from toolkit.count.units import segment  # noqa: E402
from toolkit.text.sentences import paragraph_spans, sentence_spans, split_sentences  # noqa: E402
from toolkit.stories import (agenda, agenda_framing, compare_within_stories, coverage, stories,  # noqa: E402
                             story_counts, story_table)
from toolkit.validation import (disagreements, read_coding_sheet, rebuild_sheet, recall_sample,  # noqa: E402
                                validate, validation_sample, write_coding_sheet)
from toolkit.explore import Explorer, TermExplorer, explore, term_explorer  # noqa: E402  (the function shadows the subpackage name)

__all__ = [
    "__version__",
    "load_corpus", "save_corpus", "summarize", "CorpusWarning",
    "clean", "cleaning_summary", "find_boilerplate", "find_duplicates", "find_outlet_aliases", "find_syndication",
    "load_lexicon", "Lexicon", "packaged_lexicons", "compile_matcher", "Matcher", "Hits",
    "segment", "sentence_spans", "split_sentences", "paragraph_spans",
    "hits", "frequencies", "cooccurrence", "compare_outlets", "kwic",
    "tokenize", "count_words", "count_terms", "keyness", "keyness_all", "log_odds", "collocates", "dispersion",
    "quotes", "load_reporting_verbs", "attribution", "verb_counts", "scare_quotes", "speakers", "hedging", "tone",
    "sentiment", "stance", "entity_lexicon",
    "ToolkitError", "ToolkitWarning", "CorpusError", "LexiconError", "ParameterError", "BatchError",
    "show", "save_table", "groups",
    "stories", "story_table", "story_counts", "compare_within_stories", "agenda_framing", "coverage", "agenda",
    "validation_sample", "recall_sample", "validate", "disagreements", "write_coding_sheet",
    "read_coding_sheet", "rebuild_sheet",
    "explore", "Explorer", "term_explorer", "TermExplorer",
]
