"""Corpus hygiene: find boilerplate, duplicates, syndicated copy and outlet aliases; clean with an audit.

=========================  ================================================================
verb                       what it returns
=========================  ================================================================
``find_boilerplate``       boilerplate paragraphs per outlet (generic patterns + repeated)
``boilerplate_spans``      the character spans a boilerplate table removes, per article
``find_duplicates``        near-duplicate pairs (MinHash LSH, Jaccard verified), with clusters
``find_syndication``       clusters that span outlets, and each cluster's likely original
``find_outlet_aliases``    outlets that may be one source under two names
``clean``                  the cleaned corpus with ``attrs["cleaning"]`` (the audit)
``cleaning_summary``       the audit as a tidy table for reports
=========================  ================================================================
"""
from toolkit.corpus.hygiene.aliases import find_outlet_aliases
from toolkit.corpus.hygiene.boilerplate import boilerplate_spans, find_boilerplate, load_boilerplate_patterns
from toolkit.corpus.hygiene.clean import CleaningReport, clean, cleaning_summary
from toolkit.corpus.hygiene.duplicates import find_duplicates
from toolkit.corpus.hygiene.syndication import find_syndication, wire_bylines

__all__ = ["find_boilerplate", "boilerplate_spans", "load_boilerplate_patterns", "find_duplicates",
           "find_syndication", "wire_bylines", "find_outlet_aliases", "clean", "cleaning_summary", "CleaningReport"]
