"""Batch reports: batch files, notebook execution, rendering and the index page."""
