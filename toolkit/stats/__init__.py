"""Statistics: pure functions over counts (association, intervals, tests, corrections)."""
