"""Corpus input: load articles from files or DataFrames (with rejects and provenance), parse dates, save."""
from toolkit.corpus.load import SUPPORTED, CorpusWarning, load_corpus, summarize
from toolkit.corpus.hygiene import (clean, cleaning_summary, find_boilerplate, find_duplicates, find_outlet_aliases,
                                    find_syndication)
from toolkit.corpus.save import save_corpus

__all__ = ["load_corpus", "save_corpus", "summarize", "CorpusWarning", "SUPPORTED", "clean", "cleaning_summary",
           "find_boilerplate", "find_duplicates", "find_outlet_aliases", "find_syndication"]
