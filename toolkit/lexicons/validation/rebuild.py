"""Rebuild a readable coding sheet of a packaged lexicon's coded sample, or print a precision table.

The stored samples hold references only (the AllSides text is third-party and not in the
repository); this restores each sentence, the match marked [[...]], from a local copy:

    python toolkit/lexicons/validation/rebuild.py actors-final                 # print the sentences
    python toolkit/lexicons/validation/rebuild.py frames-final2 --out s.csv    # a coding sheet
    python toolkit/lexicons/validation/rebuild.py frames-final --corpus /path/to/articles.parquet
    python toolkit/lexicons/validation/rebuild.py --table actors               # the README table

Without --corpus the corpus is looked up under ../shared/corpora next to the repository.
"""
from toolkit.validation.packaged import main

if __name__ == "__main__":
    main()
