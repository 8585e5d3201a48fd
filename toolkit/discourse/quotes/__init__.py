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
- :mod:`~toolkit.discourse.quotes.affiliation`: the actor a speaker speaks for (``speaker_actor``);
- :mod:`~toolkit.discourse.quotes.extract`: the public verb over an articles table.

How well it works (read these before trusting a table of speakers):

- BASIL (300 articles, 3 outlets, gold quotations and speakers; ``benchmarks/basil_quotes.py``):
  98.0% of the quoted phrases found, 0.70% of the quotations false; the named person who speaks
  right for 91.3% of 253 phrases. These are development figures: the rules were written on BASIL.
  Its held-out half scored 81.1% before its errors were read.
- AllSides, by hand, on fresh articles no rule was written on (check 6, 2026-12-01: the corpus
  cleaned with :func:`toolkit.clean` as the reports do, 400 articles drawn with seed 2031
  excluding every earlier sample; judged blind, then scored): of 60 quotations that the text
  gives to a named person, 53 have that person as ``speaker_name``: 88.3% (Wilson 95% [77.8%,
  94.2%]). Of 50 quotations of any kind (scare quotes and titles included), 39 are right: 78%
  [65%, 87%]. The errors: a long title between the verb and the name ("said former U.S.
  Ambassador to Switzerland Faith Whittlesey"), a "--" aside after the subject, a reporting verb
  far from the quotation, words given without a reporting verb, a capitalised non-person taken
  for the antecedent of "he", organisation names cut short. The check before (check 5, earlier
  code, corpus not cleaned): 49 of 60 named persons (81.7% [70.1%, 89.4%]), 29 of 50 of any kind;
  checks 1-4 (earlier code still): 150 of 200 of any kind.
- ``speaker_actor``: 89% [78%, 95%] of 54 judged (see :mod:`~toolkit.discourse.quotes.affiliation`).
"""
from toolkit.discourse.quotes.extract import COLUMNS, HOW, SPEAKER_TYPES, quotes
from toolkit.discourse.quotes.resolve import SCARE_MAX_WORDS
from toolkit.discourse.quotes.verbs import DEFAULT_REPORTING_VERBS, load_reporting_verbs

__all__ = ["quotes", "load_reporting_verbs", "DEFAULT_REPORTING_VERBS", "SCARE_MAX_WORDS",
           "COLUMNS", "HOW", "SPEAKER_TYPES"]
