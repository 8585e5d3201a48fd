"""Counting: grouping (groups), units and matching within units (units), the chunked count engine
on local processes or Dask (engine, parallel), and the additive count tables (categories, terms)."""
