"""Corpus input: load articles from files or DataFrames (with rejects and provenance), parse dates."""
from toolkit.corpus.load import SUPPORTED, CorpusWarning, load_corpus, summarize

__all__ = ["load_corpus", "summarize", "CorpusWarning", "SUPPORTED"]
