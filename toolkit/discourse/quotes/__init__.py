"""Quotations in news text, who speaks them, and how the outlet introduces them.

``quotes(articles)`` returns one row per quotation with its offsets, sentence and paragraph
numbers (those of :func:`toolkit.text.segment.segment`), its speaker as written and resolved
(``speaker_name``, typed person / organisation / document / unknown), the reporting verb and
how the speaker was found. The package is a pipeline, one module per step:

- :mod:`~toolkit.discourse.quotes.marks`: pair quotation marks into quotations;
- :mod:`~toolkit.discourse.quotes.verbs`: the reporting-verb lexicon (read by the lexicon loader);
- :mod:`~toolkit.discourse.quotes.words`: word lists and data files that type names and
  descriptions (titles, roles, organisations, places, documents, first names);
- :mod:`~toolkit.discourse.quotes.wordclass`: tokens of a short stretch of text, closed word classes;
- :mod:`~toolkit.discourse.quotes.phrases`: noun phrases that can speak (names, descriptions, pronouns);
- :mod:`~toolkit.discourse.quotes.clauses`: is a phrase the subject of a clause;
- :mod:`~toolkit.discourse.quotes.cues`: the cue of one quotation in its sentence;
- :mod:`~toolkit.discourse.quotes.mentions`: the per-article mention model and its documented
  coreference rules, with :mod:`~toolkit.discourse.quotes.names` (names, surnames) and
  :mod:`~toolkit.discourse.quotes.antecedents` (pronouns, roles, documents);
- :mod:`~toolkit.discourse.quotes.resolve`: one article, quotation by quotation (cue,
  colon introduction, continuation), and the kinds direct / partial / scare;
- :mod:`~toolkit.discourse.quotes.extract`: the public verb over an articles table.

Measured on BASIL's gold speakers (``benchmarks/basil_quotes.py``, split into a development and
a held-out half by event) and by hand on AllSides samples; the figures and the remaining error
patterns are in the closing note of issue 16.
"""
from toolkit.discourse.quotes.extract import COLUMNS, HOW, SPEAKER_TYPES, quotes
from toolkit.discourse.quotes.resolve import SCARE_MAX_WORDS
from toolkit.discourse.quotes.verbs import DEFAULT_REPORTING_VERBS, load_reporting_verbs

__all__ = ["quotes", "load_reporting_verbs", "DEFAULT_REPORTING_VERBS", "SCARE_MAX_WORDS",
           "COLUMNS", "HOW", "SPEAKER_TYPES"]
