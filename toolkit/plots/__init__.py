"""Figures: one module per analysis; plotting never computes statistics."""
