"""Patterns: lexicons (YAML, quanteda-style) and the one-pass multi-pattern matcher."""
