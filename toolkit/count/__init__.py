"""Counting: grouping of articles, chunked additive counts on local processes or Dask."""
