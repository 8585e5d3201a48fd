"""Quotations in news text, who speaks them, and how the outlet introduces them.

``quotes(articles)`` returns one row per quotation with its offsets, sentence and paragraph
numbers (those of :func:`toolkit.text.segment.segment`), its speaker as written and resolved
(``speaker_name``, typed person / organisation / document / unknown), the reporting verb and
how the speaker was found. The package is a pipeline, one module per step:

- :mod:`~toolkit.discourse.quotes.marks`: pair quotation marks into quotations;
- :mod:`~toolkit.discourse.quotes.verbs`: the reporting-verb lexicon (read by the lexicon loader);
- :mod:`~toolkit.discourse.quotes.words`: word lists and data files that type names and
  descriptions (titles, roles, organisations, places, documents, first names);
- :mod:`~toolkit.discourse.quotes.phrases`: tokens and noun phrases (names, descriptions,
  pronouns) of a short stretch of text;
- :mod:`~toolkit.discourse.quotes.cues`: the cue of one quotation in its sentence;
- :mod:`~toolkit.discourse.quotes.mentions`: the per-article mention model and its documented
  coreference rules (names, roles, pronouns);
- :mod:`~toolkit.discourse.quotes.resolve`: one article, quotation by quotation (cue,
  colon introduction, continuation), and the kinds direct / partial / scare;
- :mod:`~toolkit.discourse.quotes.extract`: the public verb over an articles table.

Measured on BASIL (``benchmarks/basil_quotes.py``) and hand-checked on AllSides; the figures
and the remaining error patterns are in the benchmark's docstring.
"""
from toolkit.discourse.quotes.extract import COLUMNS, HOW, SPEAKER_TYPES, quotes
from toolkit.discourse.quotes.resolve import SCARE_MAX_WORDS
from toolkit.discourse.quotes.verbs import DEFAULT_REPORTING_VERBS, load_reporting_verbs

__all__ = ["quotes", "load_reporting_verbs", "DEFAULT_REPORTING_VERBS", "SCARE_MAX_WORDS",
           "COLUMNS", "HOW", "SPEAKER_TYPES"]
