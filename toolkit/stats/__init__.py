"""Statistics: pure functions over counts: association and effect sizes (association), intervals,
significance tests and corrections (tests), dispersion measures (dispersion). One name per statistic."""
